//! The analysis's findings on small programs, with the expected messages
//! written in the Go source (see `support`); each expectation is also
//! checked against gc when Go is installed.

mod support;

use goescape_escape::{Flow, Kind, Outcome, Place, Reason};
use support::{check, EXPLAINED, MUTATIONS_CALLS, VERDICTS};

#[test]
fn a_variable_whose_address_outlives_its_frame_moves_to_heap() {
    check(
        VERDICTS,
        r#"package p

func heap() *int {
	x := 1 // ERROR "moved to heap: x$"
	return &x
}

func stack() int {
	y := 2
	p := &y
	return *p
}
"#,
    );
}

#[test]
fn allocations_escape_or_not() {
    check(
        VERDICTS,
        r#"package p

var sink any

func alloc(n int) {
	s := make([]int, n) // ERROR "^make\(\[\]int, n\) does not escape$"
	t := make([]int, 4) // ERROR "^make\(\[\]int, 4\) does not escape$"
	_, _ = s, t
	sink = new(int) // ERROR "^new\(int\) escapes to heap$"
}

func convert(x int) {
	sink = x // ERROR "^x escapes to heap$"
}
"#,
    );
}

#[test]
fn new_of_a_value_is_the_address_of_a_temporary() {
    // gc reads `new(v)` as `tmp := v; &tmp`: what moves is the temporary,
    // numbered by the function's declarations so far.
    check(
        VERDICTS,
        r#"package p

var sink any

func escapes(n int, s string) { // ERROR "leaking param: s$"
	sink = new(n) // ERROR "moved to heap: .autotmp_2$"
	sink = new(s) // ERROR "moved to heap: .autotmp_3$"
}

func stays(n int) int {
	p := new(n + 1)
	return *p
}

func pointer(x *int) **int { // ERROR "leaking param: x$"
	return new(x) // ERROR "moved to heap: .autotmp_2$"
}

type T struct{}

// Unnamed and blank parameters are declarations too (gc's ~p0, ~p1).
func (T) unnamed(int, string) *int {
	return new(3) // ERROR "moved to heap: .autotmp_4$"
}

func (T) blank(_ int) *int {
	return new(3) // ERROR "moved to heap: .autotmp_3$"
}
"#,
    );
}

#[test]
fn one_call_of_several_results_as_a_builtins_arguments() {
    // The results go through temporaries, the first wrapped in a
    // conversion to its own type, as gc prints them.
    check(
        VERDICTS,
        r#"package p

var sink any

func parts() (float64, float64) { return 1, 2 }

func ints() (int, int) { return 1, 2 }

func complexOf() {
	sink = complex(parts()) // ERROR "^complex\(float64\(.autotmp_0\), .autotmp_1\) escapes to heap$"
}

func smallest() {
	sink = min(ints()) // ERROR "^min\(int\(.autotmp_0\), .autotmp_1\) escapes to heap$"
}
"#,
    );
}

#[test]
fn what_parameters_leak_to() {
    check(
        VERDICTS,
        r#"package p

var global *int

func heap(p *int) { global = p } // ERROR "^leaking param: p$"

func content(p **int) { global = *p } // ERROR "^leaking param content: p$"

func result(p *int) *int { return p } // ERROR "^leaking param: p to result ~r0 level=0$"

func resultDeref(p **int) *int { return *p } // ERROR "^leaking param: p to result ~r0 level=1$"

func named(p *int) (q *int) { q = p; return } // ERROR "^leaking param: p to result q level=0$"

func none(p *int) int { return *p } // ERROR "^p does not escape$"
"#,
    );
}

#[test]
fn mutations_and_calls_of_parameters() {
    check(
        MUTATIONS_CALLS,
        r#"package p

func mut(p *int, f func() *int, q *int, r **int) *int { // ERROR "^mutates param: p derefs=0$" "^calls param: f derefs=0$" "^q does not escape, mutate, or call$" "^mutates param: r derefs=1$"
	*p = 1
	_ = q
	**r = 2
	return f()
}

func callsDeref(fs *[1]func() *int) *int { return fs[0]() } // ERROR "^calls param: fs derefs=1$"
"#,
    );
}

#[test]
fn a_string_converted_to_bytes_nobody_writes_shares_its_bytes() {
    check(
        VERDICTS,
        r#"package p

func count(s string) int { // ERROR "^s does not escape$"
	b := []byte(s) // ERROR "^\(\[\]byte\)\(s\) does not escape$" "^zero-copy string->\[\]byte conversion$"
	return len(b)
}

func written(s string) byte { // ERROR "^s does not escape$"
	b := []byte(s) // ERROR "^\(\[\]byte\)\(s\) does not escape$"
	b[0] = 'x'
	return b[0]
}
"#,
    );
}

#[test]
fn self_assignment_is_not_a_flow() {
    check(
        VERDICTS,
        r#"package p

type T struct{ p, q *int }

func selfAssign(t *T) { // ERROR "^t does not escape$"
	t.p = t.q // ERROR "^selfAssign ignoring self-assignment in t.p = t.q$"
}
"#,
    );
}

#[test]
fn closures_capture_small_unassigned_variables_by_value() {
    check(
        EXPLAINED,
        r#"package p

func closures() (int, int) {
	a := 1 // ERROR "^closures capturing by value: a \(addr=false assign=false width=8\)$"
	b := 2 // ERROR "^closures capturing by ref: b \(addr=false assign=true width=8\)$"
	f := func() int { return a } // ERROR "^func literal does not escape$"
	g := func() { b++ }          // ERROR "^func literal does not escape$"
	g()
	return f(), b
}
"#,
    );
}

/// A flow's endpoints, dereferences and the reasons of its steps.
fn shape(flow: &Flow) -> (Place, Place, i32, Vec<Reason>) {
    let reasons = flow.steps.iter().map(|s| s.why).collect();
    (flow.dst.clone(), flow.src.clone(), flow.derefs, reasons)
}

fn var(name: &str) -> Place {
    Place::Var(name.to_owned())
}

#[test]
fn an_escape_is_explained_by_its_flows_to_the_heap() {
    let analysed = check(
        EXPLAINED,
        r#"package p

var sink *int

func escapes() {
	x := 0 // ERROR "^x escapes to heap in escapes:$" "^moved to heap: x$"
	p := &x
	sink = p
}
"#,
    );
    let explanation = analysed.explanation("x");
    assert_eq!(explanation.func.as_deref(), Some("escapes"));
    assert_eq!(explanation.outcome, Outcome::Escapes { direct: false });
    assert!(!explanation.truncated);
    let flows: Vec<_> = explanation.flows.iter().map(shape).collect();
    assert_eq!(
        flows,
        [
            (
                var("p"),
                var("x"),
                -1,
                vec![Reason::AddressOf, Reason::Assign]
            ),
            (Place::Heap, var("p"), 0, vec![Reason::Assign]),
        ]
    );
    let steps: Vec<_> = explanation
        .flows
        .iter()
        .flat_map(|f| &f.steps)
        .map(|s| (s.what.as_str(), analysed.line(s.at)))
        .collect();
    assert_eq!(steps, [("&x", 7), ("p := &x", 7), ("sink = p", 8)]);
}

#[test]
fn a_leak_is_explained_by_its_flows_to_the_result() {
    let analysed = check(
        EXPLAINED,
        r#"package p

func leaks(p *int) *int { // ERROR "^parameter p leaks to ~r0 for leaks with derefs=0:$" "^leaking param: p to result ~r0 level=0$"
	q := p
	return q
}
"#,
    );
    let explanation = analysed.explanation("p");
    assert_eq!(
        explanation.outcome,
        Outcome::Leaks {
            to: var("~r0"),
            derefs: 0
        }
    );
    let flows: Vec<_> = explanation.flows.iter().map(shape).collect();
    assert_eq!(
        flows,
        [
            (var("q"), var("p"), 0, vec![Reason::Assign]),
            (var("~r0"), var("q"), 0, vec![Reason::Return]),
        ]
    );
}

#[test]
fn an_explanation_that_runs_into_an_assignment_cycle_is_truncated() {
    let analysed = check(
        EXPLAINED,
        r#"package p

type node struct{ next *node }

var nodes *node

func cycle() {
	var n node // ERROR "^n escapes to heap in cycle:$" "^moved to heap: n$"
	n.next = &n
	m := n // ERROR "^m escapes to heap in cycle:$" "^moved to heap: m$"
	nodes = &m
}
"#,
    );
    let n = analysed.explanation("n");
    assert!(n.truncated);
    let flows: Vec<_> = n.flows.iter().map(shape).collect();
    assert_eq!(
        flows,
        [(
            var("n"),
            var("n"),
            -1,
            vec![Reason::AddressOf, Reason::Assign]
        )]
    );
    let m = analysed.explanation("m");
    assert!(!m.truncated);
    let flows: Vec<_> = m.flows.iter().map(shape).collect();
    assert_eq!(
        flows,
        [(
            Place::Heap,
            var("m"),
            -1,
            vec![Reason::AddressOf, Reason::Assign]
        )]
    );
}

#[test]
fn an_interface_call_of_a_known_dynamic_type_is_devirtualized() {
    check(
        VERDICTS,
        r#"package p

type shape interface{ area() int }

type square struct{ side int }

func (s square) area() int { return s.side * s.side }

func direct() int {
	var s shape = square{2} // ERROR "^square{...} does not escape$"
	return s.area()         // ERROR "^devirtualizing s.area to square$"
}

func dynamic(s shape) int { // ERROR "^leaking param: s$"
	return s.area()
}
"#,
    );
}

#[test]
fn indexes_known_to_be_in_range_need_no_bounds_check() {
    check(
        VERDICTS,
        r#"package p

func bounded(a *[8]int, i uint) int { // ERROR "^a does not escape$"
	masked := a[i&7]    // ERROR "^index bounds check elided$"
	remainder := a[i%8] // ERROR "^index bounds check elided$"
	return masked + remainder
}

func unbounded(a []int, i int) int { // ERROR "^a does not escape$"
	return a[i&7] + a[3]
}
"#,
    );
}

#[test]
fn a_finding_spans_its_subject_in_the_source() {
    let analysed = check(
        VERDICTS,
        r#"package p

var sink any

func spans(n int) {
	sink = new(int)              // ERROR "^new\(int\) escapes to heap$"
	sink = func() {}             // ERROR "^func literal escapes to heap$"
	s := make([]byte, n+1)       // ERROR "^make\(\[\]byte, n \+ 1\) does not escape$"
	sink = &struct{ a, b int }{} // ERROR "^&struct { a int; b int }{} escapes to heap$"
	_ = s
}
"#,
    );
    let spans: Vec<(u32, &str)> = analysed
        .findings()
        .iter()
        .filter(|f| matches!(f.kind, Kind::Alloc { .. }))
        .map(|f| {
            let span = f.span.unwrap_or_else(|| panic!("no span: {f:?}"));
            (analysed.line(f.pos), analysed.text(span))
        })
        .collect();
    assert_eq!(
        spans,
        [
            (6, "new(int)"),
            (7, "func() {}"),
            (8, "make([]byte, n+1)"),
            (9, "&struct{ a, b int }{}"),
        ]
    );
}

#[test]
#[should_panic(expected = "goescape's messages do not meet the expectations")]
fn a_finding_without_an_annotation_fails_the_check() {
    check(
        VERDICTS,
        "package p\n\nfunc heap() *int {\n\tx := 1\n\treturn &x\n}\n",
    );
}

#[test]
#[should_panic(expected = "line 3: no match for `^leaking param: p$`")]
fn an_annotation_without_a_finding_fails_the_check() {
    check(
        VERDICTS,
        "package p\n\nfunc none(p *int) {} // ERROR \"^leaking param: p$\"\n",
    );
}
