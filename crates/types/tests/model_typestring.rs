//! `type_string` and `object_string` against go/types' `TypeString` and
//! `ObjectString` with a full-path qualifier. Every expected string was
//! printed by go/types (Go 1.26) for the Go declarations quoted in the
//! comments.

mod model_support;

use goescape_types::model::{
    BasicKind, ChanDir, FullPath, ObjId, RelativeTo, SignatureType, Symbol, Term, TypeId,
};
use model_support::*;

/// `package p` (path `example.com/p`):
///
/// ```go
/// type Buffer struct { buf []byte; off int; lastRead int8 }
/// func (b *Buffer) Write(p []byte) (n int, err error)
/// func (b Buffer) Len() int
/// type List[T any] struct { next *List[T]; val T }
/// func (l *List[T]) Push(v T) *List[T]
/// type Pair[K comparable, V any] struct { Key K; Val V }
/// type Number interface { ~int | ~int64 | float64 }
/// type Stringer interface { String() string }
/// type AB[A, B any] struct{}
/// type Alias = []Buffer
/// type GAlias[T any] = map[string]T
/// ```
struct Decls {
    f: Fixture,
    buffer: TypeId,
    list: TypeId,
    pair: TypeId,
    number: TypeId,
    stringer: TypeId,
    ab: TypeId,
    alias: TypeId,
    galias: TypeId,
    writer: TypeId,
    push: ObjId,
}

fn decls() -> Decls {
    let mut f = Fixture::new("example.com/p");
    let any = f.store.any_type();
    let comparable = f.store.comparable_type();

    let io = f.other_package("io");
    let writer = f.named_in(io, "Writer", None);
    let write_sig = f.func(
        &[("p", f.store.slice(TypeId::BYTE))],
        &[("n", INT), ("err", f.store.error_type())],
        false,
    );
    let write_m = f.iface_method("Write", write_sig);
    let writer_iface = f.store.new_interface(vec![write_m], Vec::new());
    f.store.set_underlying(writer, writer_iface);

    let buffer = f.named("Buffer", None);
    let fields = vec![
        f.field("buf", f.store.slice(TypeId::BYTE)),
        f.field("off", INT),
        f.field("lastRead", INT8),
    ];
    let st = f.store.new_struct(fields, Vec::new());
    f.store.set_underlying(buffer, st);
    let write = f.method(
        buffer,
        true,
        "Write",
        &[("p", f.store.slice(TypeId::BYTE))],
        &[("n", INT), ("err", f.store.error_type())],
    );
    let len = f.method(buffer, false, "Len", &[], &[("", INT)]);
    f.store.set_methods(buffer, vec![write, len]);

    let (list, _) = f.generic_list();
    let push = f.list_push(list);
    f.store.set_methods(list, vec![push]);

    let pair = f.named("Pair", None);
    let pair_obj = f.store.type_name(pair).unwrap();
    let k = f.type_param("K", 0, pair_obj, Some(comparable));
    let v = f.type_param("V", 1, pair_obj, Some(any));
    f.store.set_type_params(pair, vec![k, v]);
    let pair_struct = f.strukt(&[("Key", k), ("Val", v)]);
    f.store.set_underlying(pair, pair_struct);

    let number_iface = f.union_iface(&[(true, INT), (true, INT64), (false, FLOAT64)]);
    let number = f.named("Number", Some(number_iface));

    let stringer = f.named_iface("Stringer", &[("String", &[], &[("", STRING)])], Vec::new());

    let ab = f.named("AB", None);
    let ab_obj = f.store.type_name(ab).unwrap();
    let a = f.type_param("A", 0, ab_obj, Some(any));
    let b = f.type_param("B", 1, ab_obj, Some(any));
    f.store.set_type_params(ab, vec![a, b]);
    let empty = f.store.new_struct(Vec::new(), Vec::new());
    f.store.set_underlying(ab, empty);

    let alias_obj = f
        .store
        .new_type_name(Some(f.pkg), None, Symbol::intern("Alias"));
    f.scope.insert(Symbol::intern("Alias"), alias_obj).unwrap();
    let alias = f.store.new_alias(alias_obj, Some(f.store.slice(buffer)));

    let galias_obj = f
        .store
        .new_type_name(Some(f.pkg), None, Symbol::intern("GAlias"));
    f.scope
        .insert(Symbol::intern("GAlias"), galias_obj)
        .unwrap();
    let galias = f.store.new_alias(galias_obj, None);
    let gt = f.type_param("T", 0, galias_obj, Some(any));
    f.store.set_type_params(galias, vec![gt]);
    f.store.set_alias_rhs(galias, f.store.map(STRING, gt));

    Decls {
        f,
        buffer,
        list,
        pair,
        number,
        stringer,
        ab,
        alias,
        galias,
        writer,
        push,
    }
}

#[test]
fn composite_types_print_like_go_types() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let cases: Vec<(TypeId, &str)> = vec![
        (st.map(STRING, st.slice(INT)), "map[string][]int"),
        (f.chan(ChanDir::Recv, INT), "<-chan int"),
        (f.chan(ChanDir::Send, INT), "chan<- int"),
        (
            f.chan(ChanDir::Both, f.chan(ChanDir::Recv, INT)),
            "chan (<-chan int)",
        ),
        (
            f.chan(ChanDir::Send, f.chan(ChanDir::Both, INT)),
            "chan<- chan int",
        ),
        (st.array(COMPLEX128, Some(4)), "[4]complex128"),
        (UNSAFE_POINTER, "unsafe.Pointer"),
        (st.pointer(d.buffer), "*example.com/p.Buffer"),
        (TypeId::BYTE, "byte"),
        (st.slice(TypeId::RUNE), "[]rune"),
        (st.error_type(), "error"),
        (st.any_type(), "any"),
        (
            st.map(st.array(STRING, Some(2)), st.new_struct(vec![], vec![])),
            "map[[2]string]struct{}",
        ),
        (TypeId::basic(BasicKind::UntypedInt), "untyped int"),
        (TypeId::basic(BasicKind::UntypedNil), "untyped nil"),
        (TypeId::INVALID, "invalid type"),
        (st.array(INT, None), "[-1]int"),
    ];
    for (ty, want) in cases {
        assert_eq!(f.s(ty), want);
    }
}

#[test]
fn signatures_print_parameter_names_variadics_and_result_tuples() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    // v05 func(w io.Writer) (n int, err error)
    let v05 = f.func(
        &[("w", d.writer)],
        &[("n", INT), ("err", st.error_type())],
        false,
    );
    assert_eq!(f.s(v05), "func(w io.Writer) (n int, err error)");
    // v07 func(a int, b ...string) bool
    let v07 = f.func(&[("a", INT), ("b", st.slice(STRING))], &[("", BOOL)], true);
    assert_eq!(f.s(v07), "func(a int, b ...string) bool");
    // v15 func() (int, bool)
    let v15 = f.func(&[], &[("", INT), ("", BOOL)], false);
    assert_eq!(f.s(v15), "func() (int, bool)");
    // v18 func(...int)
    assert_eq!(
        f.s(f.func(&[("", st.slice(INT))], &[], true)),
        "func(...int)"
    );
    // v22 func(int, string) (x int)
    assert_eq!(
        f.s(f.func(&[("", INT), ("", STRING)], &[("x", INT)], false)),
        "func(int, string) (x int)"
    );
    // m5 func(f func(int) error, ch chan<- []string) (func(), [2]*int)
    let inner = f.func(&[("", INT)], &[("", st.error_type())], false);
    let m5 = f.func(
        &[
            ("f", inner),
            ("ch", f.chan(ChanDir::Send, st.slice(STRING))),
        ],
        &[
            ("", f.func(&[], &[], false)),
            ("", st.array(st.pointer(INT), Some(2))),
        ],
        false,
    );
    assert_eq!(
        f.s(m5),
        "func(f func(int) error, ch chan<- []string) (func(), [2]*int)"
    );
    // A tuple on its own, as a multi-valued expression's type.
    assert_eq!(f.s(st.signature(v15).unwrap().results), "(int, bool)");
    assert_eq!(
        st.signature_string(v05, &FullPath, false),
        "(io.Writer) (int, error)"
    );
}

#[test]
fn structs_print_tags_quoted_and_embedded_fields_by_type() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    // v06 struct { a int "tag"; b string `json:"b,omitempty"` }
    let v06 = st.new_struct(
        vec![f.field("a", INT), f.field("b", STRING)],
        vec![
            Symbol::intern("tag"),
            Symbol::intern("json:\"b,omitempty\""),
        ],
    );
    assert_eq!(
        f.s(v06),
        r#"struct{a int "tag"; b string "json:\"b,omitempty\""}"#
    );
    // v27 struct{ f int "with\ttab\x01é" }
    let v27 = st.new_struct(
        vec![f.field("f", INT)],
        vec![Symbol::intern("with\ttab\u{1}é")],
    );
    assert_eq!(f.s(v27), r#"struct{f int "with\ttab\x01é"}"#);
    // v20 struct{ Buffer; *Stringer }
    let v20 = st.new_struct(
        vec![f.embed(d.buffer), f.embed(st.pointer(d.stringer))],
        vec![],
    );
    assert_eq!(
        f.s(v20),
        "struct{example.com/p.Buffer; *example.com/p.Stringer}"
    );
    // m7 struct{ List[int]; x, y float32 }
    let list_int = st.instantiate(d.list, vec![INT]);
    let m7 = st.new_struct(
        vec![
            f.embed(list_int),
            f.field("x", FLOAT32),
            f.field("y", FLOAT32),
        ],
        vec![],
    );
    assert_eq!(
        f.s(m7),
        "struct{example.com/p.List[int]; x float32; y float32}"
    );
}

#[test]
fn interfaces_print_sorted_methods_then_embedded_elements() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    // v12 interface{ ~int | ~string }
    assert_eq!(
        f.s(f.union_iface(&[(true, INT), (true, STRING)])),
        "interface{~int | ~string}"
    );
    // v14 interface { Stringer; M(x int) error; a() }
    let m = f.iface_method("M", f.func(&[("x", INT)], &[("", st.error_type())], false));
    let a = f.iface_method("a", f.func(&[], &[], false));
    let v14 = st.new_interface(vec![a, m], vec![d.stringer]);
    assert_eq!(
        f.s(v14),
        "interface{M(x int) error; a(); example.com/p.Stringer}"
    );
    // m1 interface{ b(); A() }: exported methods first.
    let b = f.iface_method("b", f.func(&[], &[], false));
    let upper_a = f.iface_method("A", f.func(&[], &[], false));
    assert_eq!(
        f.s(st.new_interface(vec![b, upper_a], vec![])),
        "interface{A(); b()}"
    );
    // v21 interface{} is not `any`; only any's own interface prints so.
    assert_eq!(f.s(st.new_interface(vec![], vec![])), "interface{}");
    assert_eq!(f.s(st.underlying(st.any_type())), "any");
    assert_eq!(
        f.s(st.underlying(st.comparable_type())),
        "interface{comparable}"
    );
    // m4 interface{ Getter[bool]; comparable } style embedding of names.
    let with_comparable = st.new_interface(vec![], vec![d.stringer, st.comparable_type()]);
    assert_eq!(
        f.s(with_comparable),
        "interface{example.com/p.Stringer; comparable}"
    );
    // Implicit constraint interfaces print as their single element.
    let union = st.new_union(vec![Term {
        tilde: true,
        ty: INT,
    }]);
    assert_eq!(f.s(st.new_implicit_interface(union)), "~int");
    assert_eq!(f.s(d.number), "example.com/p.Number");
    assert_eq!(
        f.s(st.underlying(d.number)),
        "interface{~int | ~int64 | float64}"
    );
}

#[test]
fn generic_types_print_parameters_or_arguments() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    assert_eq!(f.s(d.list), "example.com/p.List[T any]");
    assert_eq!(
        f.s(st.underlying(d.list)),
        "struct{next *example.com/p.List[T]; val T}"
    );
    assert_eq!(f.s(d.pair), "example.com/p.Pair[K comparable, V any]");
    assert_eq!(f.s(d.ab), "example.com/p.AB[A, B any]");
    assert_eq!(
        f.s(st.instantiate(d.list, vec![INT])),
        "example.com/p.List[int]"
    );
    // v11 Pair[string, *List[int]]
    let v11 = st.instantiate(
        d.pair,
        vec![STRING, st.pointer(st.instantiate(d.list, vec![INT]))],
    );
    assert_eq!(
        f.s(v11),
        "example.com/p.Pair[string, *example.com/p.List[int]]"
    );
    assert_eq!(f.s(d.alias), "example.com/p.Alias");
    assert_eq!(f.s(st.unalias(d.alias)), "[]example.com/p.Buffer");
    assert_eq!(f.s(d.galias), "example.com/p.GAlias[T any]");
    let v23 = st.instantiate(d.galias, vec![BOOL]);
    assert_eq!(f.s(v23), "example.com/p.GAlias[bool]");
    assert_eq!(f.s(st.unalias(v23)), "map[string]bool");
}

#[test]
fn generic_function_types_group_shared_constraints() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let any = st.any_type();
    // func g1[T Number, U, V any](t T, u U) V
    let g1 = st.new_func(Some(f.pkg), None, Symbol::intern("g1"), None, false);
    let t = f.type_param("T", 0, g1, Some(d.number));
    let u = f.type_param("U", 1, g1, Some(any));
    let v = f.type_param("V", 2, g1, Some(any));
    let sig = st.new_signature(SignatureType {
        recv: None,
        type_params: vec![t, u, v].into(),
        recv_type_params: Box::new([]),
        params: st.new_tuple(vec![f.param("t", t), f.param("u", u)]),
        results: st.new_tuple(vec![f.result("", v)]),
        variadic: false,
    });
    assert_eq!(
        f.s(sig),
        "func[T example.com/p.Number, U, V any](t T, u U) V"
    );
    // func g2[S ~[]E, E comparable](s S)
    let g2 = st.new_func(Some(f.pkg), None, Symbol::intern("g2"), None, false);
    let e = f.type_param("E", 1, g2, Some(st.comparable_type()));
    let union = st.new_union(vec![Term {
        tilde: true,
        ty: st.slice(e),
    }]);
    let s = f.type_param("S", 0, g2, Some(st.new_implicit_interface(union)));
    let sig2 = st.new_signature(SignatureType {
        recv: None,
        type_params: vec![s, e].into(),
        recv_type_params: Box::new([]),
        params: st.new_tuple(vec![f.param("s", s)]),
        results: TypeId::EMPTY_TUPLE,
        variadic: false,
    });
    assert_eq!(f.s(sig2), "func[S ~[]E, E comparable](s S)");
    st.set_obj_type(g2, sig2);
}

#[test]
fn object_strings_match_go_types() {
    let mut d = decls();
    let v01 = d.f.var("v01", d.f.store.map(STRING, d.f.store.slice(INT)));
    let g2 =
        d.f.store
            .new_func(Some(d.f.pkg), None, Symbol::intern("g2"), None, false);
    d.f.scope.insert(Symbol::intern("g2"), g2).unwrap();
    let sig = d.f.func(&[], &[], false);
    d.f.store.set_obj_type(g2, sig);
    d.f.publish();
    let f = &d.f;
    let st = &f.store;
    let name = |ty: TypeId| st.type_name(ty).unwrap();
    assert_eq!(f.obj_s(v01), "var example.com/p.v01 map[string][]int");
    assert_eq!(f.obj_s(g2), "func example.com/p.g2()");
    assert_eq!(
        f.obj_s(name(d.buffer)),
        "type example.com/p.Buffer struct{buf []byte; off int; lastRead int8}"
    );
    assert_eq!(
        f.obj_s(name(d.list)),
        "type example.com/p.List[T any] struct{next *example.com/p.List[T]; val T}"
    );
    assert_eq!(
        f.obj_s(name(d.ab)),
        "type example.com/p.AB[A, B any] struct{}"
    );
    assert_eq!(
        f.obj_s(name(d.alias)),
        "type example.com/p.Alias = []example.com/p.Buffer"
    );
    assert_eq!(
        f.obj_s(name(d.galias)),
        "type example.com/p.GAlias[T any] = map[string]T"
    );
    assert_eq!(
        f.obj_s(name(d.number)),
        "type example.com/p.Number interface{~int | ~int64 | float64}"
    );
    // Methods print their receiver type.
    let methods = st.methods(d.buffer);
    assert_eq!(
        f.obj_s(methods[0]),
        "func (*example.com/p.Buffer).Write(p []byte) (n int, err error)"
    );
    assert_eq!(f.obj_s(methods[1]), "func (example.com/p.Buffer).Len() int");
    assert_eq!(
        f.obj_s(d.push),
        "func (*example.com/p.List[T]).Push(v T) *example.com/p.List[T]"
    );
    // Fields are not package-level.
    let Some(&field) = st.struct_fields(st.underlying(d.buffer)).first() else {
        panic!("Buffer has fields")
    };
    assert_eq!(f.obj_s(field), "field buf []byte");
    // Universe objects.
    let universe = |n: &str| st.universe().lookup(Symbol::intern(n)).unwrap();
    assert_eq!(f.obj_s(universe("any")), "type any = interface{}");
    assert_eq!(
        f.obj_s(universe("error")),
        "type error interface{Error() string}"
    );
    assert_eq!(f.obj_s(universe("int")), "type int");
    assert_eq!(f.obj_s(universe("true")), "const true untyped bool");
    assert_eq!(f.obj_s(universe("nil")), "nil");
    assert_eq!(f.obj_s(universe("len")), "builtin len");
    let error_method = st.type_set(st.error_type()).methods[0];
    assert_eq!(f.obj_s(error_method), "func (error).Error() string");
    // The receiver of an unnamed interface's method prints as `interface`.
    let m = f.iface_method("M", f.func(&[], &[], false));
    let lit = st.new_interface(vec![m], vec![]);
    let recv = st.new_var(
        goescape_types::model::VarKind::Recv,
        None,
        None,
        Symbol::EMPTY,
        Some(lit),
    );
    let sig = st.new_signature(SignatureType {
        recv: Some(recv),
        type_params: Box::new([]),
        recv_type_params: Box::new([]),
        params: TypeId::EMPTY_TUPLE,
        results: TypeId::EMPTY_TUPLE,
        variadic: false,
    });
    let lit_m = st.new_func(Some(f.pkg), None, Symbol::intern("M"), Some(sig), false);
    assert_eq!(f.obj_s(lit_m), "func (interface).M()");
    // Package names show the path when it differs from the name.
    let yaml = f.other_package("gopkg.in/yaml.v3");
    let pn = st.new_pkg_name(Some(f.pkg), None, Symbol::intern("yaml"), yaml);
    assert_eq!(f.obj_s(pn), r#"package yaml ("gopkg.in/yaml.v3")"#);
}

#[test]
fn relative_qualifier_leaves_own_package_unqualified() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let ty = st.map(st.pointer(d.buffer), d.writer);
    assert_eq!(
        st.type_string(ty, &RelativeTo(f.pkg)),
        "map[*Buffer]io.Writer"
    );
    let by_name = |p| st.package(p).name.as_str().to_owned();
    assert_eq!(st.type_string(ty, &by_name), "map[*p.Buffer]io.Writer");
}

#[test]
fn type_parameters_named_like_predeclared_types_are_marked() {
    let f = Fixture::new("example.com/p");
    let owner = f
        .store
        .new_func(Some(f.pkg), None, Symbol::intern("g"), None, false);
    let p = f.type_param("int", 0, owner, Some(f.store.any_type()));
    assert_eq!(f.s(p), "int/* type parameter */");
}
