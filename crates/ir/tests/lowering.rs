//! What the lowering makes explicit, on small programs, with the
//! expectations written in the Go source (see `support`).

mod support;

use support::check;

#[test]
fn conversions_to_interface_are_explicit_in_the_tree() {
    check(
        r#"package p

var sink any

func take(xs ...any) {}

func convert(x int, e error, p *int) (any, bool) {
	var v any = x // IFACE "^implicit any\(x\)$"
	sink = v
	sink = e         // IFACE "^implicit any\(e\)$"
	var same error = e
	_ = same
	sink = any(p)    // IFACE "^explicit any\(p\)$"
	take(x, e)       // IFACE "^implicit any\(x\)$" "^implicit any\(e\)$"
	sink = []any{x}  // IFACE "^implicit any\(\[\]any{...}\)$" "^implicit any\(x\)$"
	return x, e == nil // IFACE "^implicit any\(x\)$"
}
"#,
    );
}

#[test]
fn a_call_of_several_results_goes_through_temporaries() {
    check(
        r#"package p

func two() (*int, error) { return nil, nil }

func use() (any, error) {
	var a any
	var b error
	a, b = two() // STMT "^\.autotmp_\d+, \.autotmp_\d+ = two\(\)$" "^a, b = \.autotmp_\d+, \.autotmp_\d+$" // IFACE "^implicit any\(\.autotmp_\d+\)$"
	return a, b  // STMT "^return a, b$"
}
"#,
    );
}

#[test]
fn method_calls_take_their_receivers_address_or_value() {
    check(
        r#"package p

type T struct{ n int }

func (t *T) inc()    { t.n++ } // STMT "^t.n \+= 1$"
func (t T) get() int { return t.n }

func calls(t T, p *T) int {
	t.inc()        // STMT "^\(\*T\).inc\(t\)$"
	return p.get() // STMT "^return T.get\(p\)$"
}
"#,
    );
}

#[test]
fn go_and_defer_call_a_wrapper_over_spilled_operands() {
    check(
        r#"package p

type T struct{ n int }

func (t *T) inc() { t.n++ }

func take(xs ...any) {}

func later(p *T, a, b int) {
	defer p.inc() // STMT "^\.autotmp_\d+ = p$" "^defer func literal\(\)$" "^\(\*T\).inc\(\.autotmp_\d+\)$"
	go take(a, b) // STMT "^\.autotmp_\d+, \.autotmp_\d+ = a, b$" "^go func literal\(\)$" "^take\(... argument...\)$" // IFACE "^implicit any\(a\)$" "^implicit any\(b\)$"
}
"#,
    );
}

#[test]
fn interface_calls_of_known_dynamic_types_are_devirtualized() {
    check(
        r#"package p

type I interface{ get() int }

type T struct{ n int }

func (t T) get() int { return t.n }

type E struct{ I }

func calls(t T, dynamic I) int {
	var i I = t  // IFACE "^implicit I\(t\)$"
	var e I = E{i} // IFACE "^implicit I\(E{...}\)$"
	direct := i.get() // DEVIRT "^calls: i.get to T$"
	partial := e.get() // DEVIRT "^calls: e.get partially to E$"
	return direct + partial + dynamic.get()
}
"#,
    );
}

#[test]
fn lowered_expressions_keep_the_span_of_their_source() {
    check(
        r#"package p

type T struct{ n int }

func (t T) get() int { return t.n }

var sink *T

func spans(p *T) int {
	sink = &T{n: p.n + 1} // SPAN "^sink => sink$" "^&T{n: p.n \+ 1} => &T{...}$" "^T{n: p.n \+ 1} => T{...}$" "^p.n \+ 1 => p.n \+ 1$" "^p.n => p.n$" "^p => p$" "^1 => 1$"
	return p.get()        // SPAN "^p.get\(\) => T.get\(p\)$" "^p => p$"
}
"#,
    );
}

#[test]
#[should_panic(expected = "IFACE: unmatched")]
fn a_conversion_without_an_annotation_fails_the_check() {
    check("package p\n\nvar sink any\n\nfunc f(x int) { sink = x }\n");
}

#[test]
#[should_panic(expected = "STMT: unmatched")]
fn a_statement_the_annotations_do_not_match_fails_the_check() {
    check("package p\n\nfunc f(x int) int {\n\treturn x // STMT \"^return y$\"\n}\n");
}
