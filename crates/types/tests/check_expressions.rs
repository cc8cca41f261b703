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
    // A type expression is recorded with its (invalid) type, as go/types
    // does, but a pointer to a C type stays a pointer, for escape analysis.
    assert_eq!(fact(&store, &checked, "C.int"), "type invalid type");
    assert_eq!(fact(&store, &checked, "*C.struct_s"), "type *invalid type");
    assert_eq!(
        fact(&store, &checked, "C.open(C.O_RDWR)"),
        "no record for \"C.open(C.O_RDWR)\""
    );
    assert_eq!(fact(&store, &checked, "m"), "no record for \"m\"");
}

/// What cgo makes Go pointers stays one: `*C.T`, `&v` of a C variable and
/// `&p.f` of a C field, assignable to any pointer type since C's types are
/// unknown.
#[test]
fn cgo_pointers_to_c_types_are_pointers() {
    let (store, checked) = facts(
        "package p\n\nimport \"C\"\n\nfunc f(p *C.struct_s) **C.char {\n\tvar v C.int\n\tC.use(&v)\n\treturn &p.name\n}\n",
    );
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    assert_eq!(fact(&store, &checked, "p"), "variable *invalid type");
    assert_eq!(fact(&store, &checked, "&v"), "value *invalid type");
    assert_eq!(fact(&store, &checked, "&p.name"), "value *invalid type");
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

/// Every identifier with a recorded object, in source order, as
/// `name@offset -> kind@declared-offset` (`-` without a position).
fn objects(store: &Store, checked: &CheckedPackage) -> Vec<String> {
    let file = &checked.files[0];
    let mut out: Vec<(u32, String)> = file
        .objects
        .iter()
        .enumerate()
        .filter_map(|(index, obj)| {
            let obj = (*obj)?;
            let id = ExprId::from_index(index);
            let name = file.syntax.ident(id)?;
            let offset = file.syntax.expr(id).span.start.0;
            let o = store.obj(obj);
            let declared = o.pos.map_or("-".to_owned(), |p| {
                assert_eq!(p.file, file.id);
                p.offset.to_string()
            });
            let kind = o.kind.class().name();
            Some((offset, format!("{name}@{offset} -> {kind}@{declared}")))
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, line)| line).collect()
}

#[test]
fn identifiers_record_their_objects() {
    // Offsets: see the comments; `src` is laid out so that they are stable.
    let src = "package p\n\
               type S struct{ x int; E }\n\
               type E struct{}\n\
               func f(a any) (r int) {\n\
               L:\n\
               \tfor {\n\
               \t\tbreak L\n\
               \t}\n\
               \ts := S{x: 1}\n\
               \ts, ok := s, true\n\
               \t_ = ok\n\
               \tswitch v := a.(type) {\n\
               \tcase int:\n\
               \t\tr = v + s.x\n\
               \tdefault:\n\
               \t\t_ = v\n\
               \t}\n\
               \treturn\n\
               }\n";
    let (store, checked) = facts(src);
    assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    let at = |needle: &str| src.find(needle).unwrap();
    let got = objects(&store, &checked);
    let has = |line: String| assert!(got.contains(&line), "missing {line} in {got:#?}");
    // Definitions are declared where they are written.
    let s_type = at("S struct");
    has(format!("S@{s_type} -> type@{s_type}"));
    let x_field = at("x int");
    has(format!("x@{x_field} -> var@{x_field}"));
    // An embedded field's name holds the field it defines.
    let e_field = at("E }");
    has(format!("E@{e_field} -> var@{e_field}"));
    // Labels are defined and used.
    let label = at("L:");
    has(format!("L@{label} -> label@{label}"));
    let break_l = at("break L") + 6;
    has(format!("L@{break_l} -> label@{label}"));
    // A struct literal key uses the field.
    let key = at("x: 1");
    has(format!("x@{key} -> var@{x_field}"));
    // `s, ok :=` redeclares `s` (a use) and defines `ok`.
    let s_def = at("s := S");
    let s_redecl = at("s, ok");
    has(format!("s@{s_redecl} -> var@{s_def}"));
    has(format!("ok@{} -> var@{}", s_redecl + 3, s_redecl + 3));
    // A selector's name uses the field; universe objects have no position.
    let sel = at("s.x") + 2;
    has(format!("x@{sel} -> var@{x_field}"));
    let int_use = at("case int") + 5;
    has(format!("int@{int_use} -> type@-"));
    // The type switch's symbolic variable has no object; each clause has
    // its own, declared at the symbolic variable.
    let v = at("v :=");
    assert!(!got.iter().any(|l| l.starts_with(&format!("v@{v} "))));
    let file = &checked.files[0];
    let clauses: Vec<u32> = file.implicits.iter().map(|(pos, _)| pos.0).collect();
    assert_eq!(clauses, vec![at("case int") as u32, at("default") as u32]);
    for (_, obj) in &file.implicits {
        assert_eq!(store.obj(*obj).pos.map(|p| p.offset), Some(v as u32));
    }
    let v_use = at("v + s");
    let first_clause_var = file.implicits[0].1;
    let v_use_id = file
        .objects
        .iter()
        .enumerate()
        .find(|(i, _)| {
            file.syntax.expr(ExprId::from_index(*i)).span.start.0 == v_use as u32
                && file.syntax.ident(ExprId::from_index(*i)).is_some()
        })
        .and_then(|(_, o)| *o);
    assert_eq!(v_use_id, Some(first_clause_var));
}
