//! Types and modes recorded for the expressions of small well-typed
//! packages (no Go toolchain needed; the std differential test covers the
//! rest).

use goescape_syntax::ExprId;
use goescape_types::check::{check_files, CheckedPackage};
use goescape_types::model::{FullPath, Store};

/// Checks `src` as package `p` and returns the recorded facts of every
/// expression, as `text => mode type [value]`.
fn facts(src: &str) -> (Store, CheckedPackage) {
    let store = Store::new();
    let checked = check_files(&store, "p", vec![("p.go".into(), src.as_bytes().to_vec())]);
    (store, checked)
}

/// The facts recorded for the first expression whose text is `text`.
fn fact(store: &Store, checked: &CheckedPackage, text: &str) -> String {
    let file = &checked.files[0];
    for (index, record) in file.types.iter().enumerate() {
        let Some(record) = record else { continue };
        let expr = file.syntax.expr(ExprId::from_index(index));
        if file.syntax.text(expr.span) == text {
            let value = record
                .value
                .as_ref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default();
            return format!(
                "{} {}{value}",
                record.mode.name(),
                store.type_string(record.ty, &FullPath)
            );
        }
    }
    format!("no record for {text:?}")
}

#[test]
fn constants_iota_and_untyped_conversion() {
    let (store, checked) = facts(
        "package p\n\ntype Weekday int\n\nconst (\n\tSunday Weekday = iota\n\tMonday\n)\n\nvar x float64 = 1 << 3\nvar y = Monday + 1\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    // `iota` takes the declared type; its last evaluation (Monday) wins.
    assert_eq!(fact(&store, &checked, "iota"), "constant p.Weekday 1");
    assert_eq!(fact(&store, &checked, "1 << 3"), "constant float64 8");
    assert_eq!(fact(&store, &checked, "Monday + 1"), "constant p.Weekday 2");
    // The operands of a constant operation stay untyped.
    assert_eq!(fact(&store, &checked, "1"), "constant untyped int 1");
}

#[test]
fn selectors_calls_and_comma_ok() {
    let (store, checked) = facts(
        "package p\n\ntype T struct{ f []int }\n\nfunc (t *T) M() int { return len(t.f) }\n\nfunc use(m map[string]T, i any) {\n\tt, ok := m[\"k\"]\n\t_ = t.M()\n\ts, ok := i.(string)\n\t_, _ = s, ok\n\tg := (*T).M\n\t_ = g\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(fact(&store, &checked, "m[\"k\"]"), "mapindex (p.T, bool)");
    assert_eq!(fact(&store, &checked, "t.M()"), "value int");
    assert_eq!(fact(&store, &checked, "t.M"), "value func() int");
    assert_eq!(
        fact(&store, &checked, "i.(string)"),
        "commaok (string, bool)"
    );
    assert_eq!(fact(&store, &checked, "(*T).M"), "value func(*p.T) int");
    assert_eq!(fact(&store, &checked, "len"), "builtin func([]int) int");
}

#[test]
fn generic_functions_are_inferred_and_instantiated() {
    let (store, checked) = facts(
        "package p\n\nfunc Map[S ~[]E, E, R any](s S, f func(E) R) []R { return nil }\n\ntype Names []string\n\nfunc use(n Names) {\n\t_ = Map(n, func(s string) int { return len(s) })\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(
        fact(&store, &checked, "Map"),
        "value func(s p.Names, f func(string) int) []int"
    );
    assert_eq!(
        fact(
            &store,
            &checked,
            "Map(n, func(s string) int { return len(s) })"
        ),
        "value []int"
    );
}

#[test]
fn range_over_int_and_functions() {
    let (store, checked) = facts(
        "package p\n\nfunc seq(yield func(int, string) bool) {}\n\nfunc use() {\n\tfor i := range 10 {\n\t\t_ = i\n\t}\n\tfor k, v := range seq {\n\t\t_, _ = k, v\n\t}\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(fact(&store, &checked, "10"), "constant int 10");
    assert_eq!(
        fact(&store, &checked, "seq"),
        "value func(yield func(int, string) bool)"
    );
}

#[test]
fn long_chains_are_not_limited_by_the_stack() {
    // Generated code has long operator chains and call chains.
    let sum = vec!["n"; 5000].join(" + ");
    let calls = ".M()".repeat(2000);
    let src = format!(
        "package p\n\ntype T struct{{ t *T }}\n\nfunc (t *T) M() *T {{ return t }}\n\nfunc f(n int) int {{ return {sum} }}\n\nvar Y = new(T){calls}\n"
    );
    let (store, checked) = facts(&src);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(
        fact(&store, &checked, &format!("new(T){calls}")),
        "value *p.T"
    );
}

#[test]
fn generic_aliases_instantiate() {
    let (store, checked) = facts(
        "package p\n\ntype Set[K comparable] = map[K]struct{}\n\nfunc f() int {\n\ts := Set[string]{\"a\": {}}\n\treturn len(s)\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(fact(&store, &checked, "Set[string]"), "type p.Set[string]");
    assert_eq!(fact(&store, &checked, "len(s)"), "value int");
}

#[test]
fn untyped_arguments_infer_the_largest_default_type() {
    let (store, checked) = facts(
        "package p\n\nfunc larger[T int | float64](a, b T) T { return a }\n\nvar x = larger(1, 2.5)\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(fact(&store, &checked, "larger(1, 2.5)"), "value float64");
}

#[test]
fn cgo_fake_import_c_is_silent() {
    // As go/types with FakeImportC: `C.name` is an invalid operand, and
    // nothing that follows from it is reported.
    let (store, checked) = facts(
        "package p\n\nimport \"C\"\n\ntype cint = C.int\n\nfunc r() *cint { return nil }\n\nfunc f(n *cint, p *C.struct_s) bool {\n\tm, err := C.open(C.O_RDWR)\n\t_ = err\n\t_ = *r()\n\ts := []int{1}\n\t_ = s[:*n]\n\t_ = p.field\n\treturn m < 0 && *n > 1\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    // A type expression is recorded with its (invalid) type, as go/types does.
    assert_eq!(fact(&store, &checked, "C.int"), "type invalid type");
    assert_eq!(fact(&store, &checked, "*C.struct_s"), "type invalid type");
    assert_eq!(
        fact(&store, &checked, "C.open(C.O_RDWR)"),
        "no record for \"C.open(C.O_RDWR)\""
    );
    assert_eq!(fact(&store, &checked, "m"), "no record for \"m\"");
}

#[test]
fn selections_record_kind_path_and_indirection() {
    let (store, checked) = facts(
        "package p\n\ntype In struct{ f int }\n\nfunc (In) M() {}\n\ntype Out struct{ *In }\n\nfunc use(o Out) {\n\t_ = o.f\n\to.M()\n\t_ = Out.M\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let file = &checked.files[0];
    let lines: Vec<String> = file
        .selections
        .iter()
        .map(|(e, record)| {
            let obj = store.obj(record.selection.obj);
            format!(
                "{} {} {} {} {:?} {}",
                file.syntax.text(file.syntax.expr(*e).span),
                record.kind.name(),
                store.type_string(record.recv, &FullPath),
                obj.name,
                record.selection.index,
                record.selection.indirect
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "o.f field p.Out f [0, 0] true",
            "o.M method p.Out M [0, 0] true",
            "Out.M methodexpr p.Out M [0, 0] true",
        ]
    );
}
