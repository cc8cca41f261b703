//! Identity, assignability, convertibility, implementation, type sets,
//! comparability and core types. The table of type pairs was evaluated by
//! go/types (Go 1.26: `Identical`, `AssignableTo`, `ConvertibleTo`,
//! `Implements`, `Satisfies`) for the quoted declarations; the untyped
//! constant cases follow the spec's representability rules.

mod model_support;

use goescape_types::constant::Value;
use goescape_types::model::{
    BasicKind, ChanDir, NoCoreType, NotAssignable, NotImplemented, Operand, SignatureType, Symbol,
    TermList, TypeId,
};
use model_support::*;

/// ```go
/// type MyInt int
/// type MyInts []int
/// type Celsius float64
/// type S1 struct{ A int `json:"a"` }
/// type S2 struct{ A int }
/// type Str interface{ String() string }
/// type T1 int
/// func (T1) String() string
/// type T2 struct{}
/// func (*T2) String() string
/// type Ch chan int
/// type RO <-chan int
/// type C interface{ comparable }
/// type Num interface{ ~int | ~float64 }
/// type AnyNum interface{ int | float64 }
/// ```
struct Decls {
    f: Fixture,
    my_int: TypeId,
    my_ints: TypeId,
    celsius: TypeId,
    s1: TypeId,
    s2: TypeId,
    str: TypeId,
    t1: TypeId,
    t2: TypeId,
    ch: TypeId,
    ro: TypeId,
    c: TypeId,
    num: TypeId,
    any_num: TypeId,
}

fn decls() -> Decls {
    let mut f = Fixture::new("example.com/p");
    let my_int = f.named("MyInt", Some(INT));
    let my_ints = f.named("MyInts", Some(f.store.slice(INT)));
    let celsius = f.named("Celsius", Some(FLOAT64));
    let s1_body = f
        .store
        .new_struct(vec![f.field("A", INT)], vec![Symbol::intern("json:\"a\"")]);
    let s1 = f.named("S1", Some(s1_body));
    let s2_body = f.strukt(&[("A", INT)]);
    let s2 = f.named("S2", Some(s2_body));
    let str = f.named_iface("Str", &[("String", &[], &[("", STRING)])], vec![]);
    let t1 = f.named("T1", Some(INT));
    let m = f.method(t1, false, "String", &[], &[("", STRING)]);
    f.store.set_methods(t1, vec![m]);
    let t2_body = f.store.new_struct(vec![], vec![]);
    let t2 = f.named("T2", Some(t2_body));
    let m = f.method(t2, true, "String", &[], &[("", STRING)]);
    f.store.set_methods(t2, vec![m]);
    let ch = f.named("Ch", Some(f.chan(ChanDir::Both, INT)));
    let ro = f.named("RO", Some(f.chan(ChanDir::Recv, INT)));
    let c_iface = f
        .store
        .new_interface(vec![], vec![f.store.comparable_type()]);
    let c = f.named("C", Some(c_iface));
    let num_iface = f.union_iface(&[(true, INT), (true, FLOAT64)]);
    let num = f.named("Num", Some(num_iface));
    let any_num_iface = f.union_iface(&[(false, INT), (false, FLOAT64)]);
    let any_num = f.named("AnyNum", Some(any_num_iface));
    Decls {
        f,
        my_int,
        my_ints,
        celsius,
        s1,
        s2,
        str,
        t1,
        t2,
        ch,
        ro,
        c,
        num,
        any_num,
    }
}

/// (identical, assignable, convertible, implements, satisfies)
type Relations = (bool, bool, bool, bool, bool);

fn relations(d: &Decls, x: TypeId, y: TypeId) -> Relations {
    let st = &d.f.store;
    let op = Operand::value(x);
    let iface = st.is_interface(y);
    (
        st.identical(x, y),
        st.assignable_to(&op, y).is_ok(),
        st.convertible_to(&op, y),
        iface && st.implements(x, y),
        iface && st.satisfies(x, y),
    )
}

#[test]
fn pair_relations_match_go_types() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let empty_struct_a = || f.strukt(&[("A", INT)]);
    let tagged = |tag: &str| st.new_struct(vec![f.field("A", INT)], vec![Symbol::intern(tag)]);
    let ifc_mn = |first: &str, second: &str| {
        let a = f.iface_method(first, f.func(&[], &[], false));
        let b = f.iface_method(second, f.func(&[], &[], false));
        st.new_interface(vec![a, b], vec![])
    };
    let (t, fa) = (true, false);
    let cases: Vec<(&str, TypeId, TypeId, Relations)> = vec![
        ("int ; MyInt", INT, d.my_int, (fa, fa, t, fa, fa)),
        ("MyInt ; int", d.my_int, INT, (fa, fa, t, fa, fa)),
        (
            "[]int ; MyInts",
            st.slice(INT),
            d.my_ints,
            (fa, t, t, fa, fa),
        ),
        (
            "MyInts ; []int",
            d.my_ints,
            st.slice(INT),
            (fa, t, t, fa, fa),
        ),
        ("MyInt ; float64", d.my_int, FLOAT64, (fa, fa, t, fa, fa)),
        ("Celsius ; int", d.celsius, INT, (fa, fa, t, fa, fa)),
        ("S1 ; S2", d.s1, d.s2, (fa, fa, t, fa, fa)),
        (
            "*S1 ; *S2",
            st.pointer(d.s1),
            st.pointer(d.s2),
            (fa, fa, t, fa, fa),
        ),
        (
            "struct{ A int } ; S2",
            empty_struct_a(),
            d.s2,
            (fa, t, t, fa, fa),
        ),
        ("T1 ; Str", d.t1, d.str, (fa, t, t, t, t)),
        ("T2 ; Str", d.t2, d.str, (fa, fa, fa, fa, fa)),
        ("*T2 ; Str", st.pointer(d.t2), d.str, (fa, t, t, t, t)),
        ("Str ; T1", d.str, d.t1, (fa, fa, fa, fa, fa)),
        ("Str ; any", d.str, st.any_type(), (fa, t, t, t, t)),
        (
            "chan int ; <-chan int",
            f.chan(ChanDir::Both, INT),
            f.chan(ChanDir::Recv, INT),
            (fa, t, t, fa, fa),
        ),
        (
            "Ch ; <-chan int",
            d.ch,
            f.chan(ChanDir::Recv, INT),
            (fa, t, t, fa, fa),
        ),
        ("Ch ; RO", d.ch, d.ro, (fa, fa, fa, fa, fa)),
        (
            "chan int ; RO",
            f.chan(ChanDir::Both, INT),
            d.ro,
            (fa, t, t, fa, fa),
        ),
        (
            "[]byte ; string",
            st.slice(TypeId::BYTE),
            STRING,
            (fa, fa, t, fa, fa),
        ),
        (
            "string ; []rune",
            STRING,
            st.slice(TypeId::RUNE),
            (fa, fa, t, fa, fa),
        ),
        (
            "[]MyInt ; string",
            st.slice(d.my_int),
            STRING,
            (fa, fa, fa, fa, fa),
        ),
        ("int ; string", INT, STRING, (fa, fa, t, fa, fa)),
        ("float64 ; string", FLOAT64, STRING, (fa, fa, fa, fa, fa)),
        (
            "*int ; unsafe.Pointer",
            st.pointer(INT),
            UNSAFE_POINTER,
            (fa, fa, t, fa, fa),
        ),
        (
            "unsafe.Pointer ; uintptr",
            UNSAFE_POINTER,
            UINTPTR,
            (fa, fa, t, fa, fa),
        ),
        (
            "uintptr ; *int",
            UINTPTR,
            st.pointer(INT),
            (fa, fa, fa, fa, fa),
        ),
        (
            "[]int ; [3]int",
            st.slice(INT),
            st.array(INT, Some(3)),
            (fa, fa, t, fa, fa),
        ),
        (
            "[]int ; *[3]int",
            st.slice(INT),
            st.pointer(st.array(INT, Some(3))),
            (fa, fa, t, fa, fa),
        ),
        (
            "[]int ; *[3]MyInt",
            st.slice(INT),
            st.pointer(st.array(d.my_int, Some(3))),
            (fa, fa, fa, fa, fa),
        ),
        (
            "complex64 ; complex128",
            COMPLEX64,
            COMPLEX128,
            (fa, fa, t, fa, fa),
        ),
        (
            "float32 ; complex64",
            FLOAT32,
            COMPLEX64,
            (fa, fa, fa, fa, fa),
        ),
        (
            "map[string]int x2",
            st.map(STRING, INT),
            st.map(STRING, INT),
            (t, t, t, fa, fa),
        ),
        (
            "func(int) string ; func(x int) (s string)",
            f.func(&[("", INT)], &[("", STRING)], false),
            f.func(&[("x", INT)], &[("s", STRING)], false),
            (t, t, t, fa, fa),
        ),
        (
            "func(...int) ; func([]int)",
            f.func(&[("", st.slice(INT))], &[], true),
            f.func(&[("", st.slice(INT))], &[], false),
            (fa, fa, fa, fa, fa),
        ),
        (
            "interface{ M(); N() } ; interface{ N(); M() }",
            ifc_mn("M", "N"),
            ifc_mn("N", "M"),
            (t, t, t, t, t),
        ),
        (
            "[3]int ; [4]int",
            st.array(INT, Some(3)),
            st.array(INT, Some(4)),
            (fa, fa, fa, fa, fa),
        ),
        ("int ; C", INT, d.c, (fa, t, t, t, t)),
        ("[]int ; C", st.slice(INT), d.c, (fa, fa, fa, fa, fa)),
        ("any ; C", st.any_type(), d.c, (fa, fa, fa, fa, t)),
        ("MyInt ; Num", d.my_int, d.num, (fa, t, t, t, t)),
        ("MyInt ; AnyNum", d.my_int, d.any_num, (fa, fa, fa, fa, fa)),
        ("int ; AnyNum", INT, d.any_num, (fa, t, t, t, t)),
        (
            "struct{ a int } x2",
            f.strukt(&[("a", INT)]),
            f.strukt(&[("a", INT)]),
            (t, t, t, fa, fa),
        ),
        ("tags x/y", tagged("x"), tagged("y"), (fa, fa, t, fa, fa)),
        ("error ; Str", st.error_type(), d.str, (fa, fa, fa, fa, fa)),
        ("byte ; uint8", TypeId::BYTE, UINT8, (t, t, t, fa, fa)),
        ("rune ; int32", TypeId::RUNE, INT32, (t, t, t, fa, fa)),
    ];
    for (what, x, y, want) in cases {
        assert_eq!(relations(&d, x, y), want, "{what}");
    }
}

#[test]
fn why_assignments_and_implementations_fail() {
    let d = decls();
    let st = &d.f.store;
    assert_eq!(
        st.assignable_to(&Operand::value(d.str), d.t1),
        Err(NotAssignable::NeedsTypeAssertion)
    );
    match st.assignable_to(&Operand::value(d.t2), d.str) {
        Err(NotAssignable::DoesNotImplement(NotImplemented::Missing(m))) => {
            assert_eq!(st.obj(m.method()).name.as_str(), "String");
            assert!(matches!(
                m,
                goescape_types::model::MissingMethod::PointerReceiver(_)
            ));
        }
        other => panic!("{other:?}"),
    }
    // MyInt is not in interface{int | float64}, but would be with ~int.
    assert_eq!(
        st.check_implements(d.my_int, d.any_num, false),
        Err(NotImplemented::NotInTypeSet {
            tilde_hint: Some(INT)
        })
    );
    assert_eq!(
        st.check_implements(st.slice(INT), d.c, true),
        Err(NotImplemented::NotComparable)
    );
    assert_eq!(
        st.check_implements(INT, d.my_int, false),
        Err(NotImplemented::NotAnInterface)
    );
    // A method with the wrong signature.
    let f = &d.f;
    let new_named = |name: &str| {
        st.new_named(
            st.new_type_name(Some(f.pkg), None, Symbol::intern(name)),
            Some(INT),
        )
    };
    let bad = new_named("Bad");
    let m = f.method(bad, false, "String", &[], &[("", INT)]);
    st.set_methods(bad, vec![m]);
    assert!(matches!(
        st.check_implements(bad, d.str, false),
        Err(NotImplemented::Missing(
            goescape_types::model::MissingMethod::WrongSignature { .. }
        ))
    ));
    // A method whose name differs in case only.
    let lower = new_named("Lower");
    let m = f.method(lower, false, "string", &[], &[("", STRING)]);
    st.set_methods(lower, vec![m]);
    assert!(matches!(
        st.missing_method(lower, d.str, true),
        Some(goescape_types::model::MissingMethod::WrongName { .. })
    ));
}

#[test]
fn untyped_values_follow_representability() {
    let d = decls();
    let st = &d.f.store;
    let untyped_int = TypeId::basic(BasicKind::UntypedInt);
    let untyped_float = TypeId::basic(BasicKind::UntypedFloat);
    let untyped_nil = TypeId::basic(BasicKind::UntypedNil);
    let big = Value::from_i64(300);
    let half = Value::from_f64(1.5);
    let c300 = Operand::constant(untyped_int, &big);
    let c1_5 = Operand::constant(untyped_float, &half);
    assert!(
        st.assignable_to(&c300, TypeId::basic(BasicKind::Int8))
            .is_err(),
        "300 overflows int8"
    );
    assert!(st.assignable_to(&c300, d.my_int).is_ok());
    assert!(st.assignable_to(&c300, FLOAT32).is_ok());
    assert!(st.assignable_to(&c1_5, INT).is_err(), "1.5 truncated");
    assert!(st.assignable_to(&c1_5, d.celsius).is_ok());
    assert!(st.assignable_to(&c300, STRING).is_err());
    // Untyped constants become empty interfaces via their default type,
    // never non-empty ones.
    assert_eq!(st.implicit_type(&c300, st.any_type()), Some(INT));
    assert_eq!(st.implicit_type(&c300, d.str), None);
    let rune_val = Value::from_i64('x' as i64);
    let rune = Operand::constant(TypeId::basic(BasicKind::UntypedRune), &rune_val);
    assert_eq!(st.implicit_type(&rune, st.any_type()), Some(TypeId::RUNE));
    // Between untyped kinds the larger one wins.
    assert_eq!(st.implicit_type(&c300, untyped_float), Some(untyped_float));
    assert_eq!(st.implicit_type(&c1_5, untyped_int), Some(untyped_float));
    // nil goes to pointers, slices, maps, channels, functions, interfaces
    // and unsafe.Pointer, as untyped nil.
    let nil = Operand::value(untyped_nil);
    for target in [
        st.pointer(INT),
        d.my_ints,
        d.ch,
        d.str,
        UNSAFE_POINTER,
        st.map(INT, INT),
    ] {
        assert_eq!(
            st.implicit_type(&nil, target),
            Some(untyped_nil),
            "{}",
            d.f.s(target)
        );
    }
    assert!(st.assignable_to(&nil, INT).is_err());
    assert!(st.assignable_to(&nil, d.s1).is_err());
    // A non-constant untyped bool (a comparison) to a named bool type.
    let my_bool = d.f.store.new_named(
        st.new_type_name(Some(d.f.pkg), None, Symbol::intern("MyBool")),
        Some(BOOL),
    );
    let cmp = Operand::value(TypeId::basic(BasicKind::UntypedBool));
    assert!(st.assignable_to(&cmp, my_bool).is_ok());
    assert!(st.assignable_to(&cmp, INT).is_err());
    // Conversions of untyped constants to string.
    assert!(st.convertible_to(&c300, STRING));
}

#[test]
fn type_sets_are_normalized_and_intersected() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let terms = |ty: TypeId| -> Vec<(bool, String)> {
        match &st.type_set(ty).terms {
            TermList::All => vec![(false, "all".into())],
            TermList::Terms(t) => t.iter().map(|t| (t.tilde, f.s(t.ty))).collect(),
        }
    };
    assert_eq!(
        terms(d.num),
        vec![(true, "int".into()), (true, "float64".into())]
    );
    // interface{ Num; ~int | string } = ~int
    let u = f.union_iface(&[(true, INT), (false, STRING)]);
    let both = st.new_interface(vec![], vec![d.num, u]);
    assert_eq!(terms(both), vec![(true, "int".into())]);
    // interface{ int; string } is empty
    let empty = st.new_interface(vec![], vec![INT, STRING]);
    assert!(st.type_set(empty).is_empty());
    // interface{ int | ~int | MyInt } = ~int
    let norm = f.union_iface(&[(false, INT), (true, INT), (false, d.my_int)]);
    assert_eq!(terms(norm), vec![(true, "int".into())]);
    // interface{ comparable; int | []byte } = int
    let u = st.new_union(vec![
        goescape_types::model::Term {
            tilde: false,
            ty: INT,
        },
        goescape_types::model::Term {
            tilde: false,
            ty: st.slice(TypeId::BYTE),
        },
    ]);
    let comp = st.new_interface(vec![], vec![st.comparable_type(), u]);
    assert_eq!(terms(comp), vec![(false, "int".into())]);
    assert!(!st.type_set(comp).comparable);
    // comparable alone: all types, comparable; any: all types.
    assert!(st.type_set(st.comparable_type()).comparable);
    assert!(st.type_set(st.any_type()).is_all());
    // Methods of embedded interfaces are merged and sorted.
    let x = f.iface_method("x", f.func(&[], &[], false));
    let with = st.new_interface(vec![x], vec![d.str]);
    let names: Vec<&str> = st
        .type_set(with)
        .methods
        .iter()
        .map(|&m| st.obj(m).name.as_str())
        .collect();
    assert_eq!(names, ["String", "x"]);
    // Identity compares type sets: interface{ ~int | ~float64 } is Num's.
    let same = f.union_iface(&[(true, FLOAT64), (true, INT)]);
    assert!(st.identical(same, st.underlying(d.num)));
    assert!(!st.identical(same, st.underlying(d.any_num)));
}

#[test]
fn comparability_and_ordering() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    assert!(st.is_comparable(d.s1));
    assert!(!st.is_comparable(f.strukt(&[("a", st.slice(INT))])));
    let arr_any = st.array(st.any_type(), Some(2));
    assert!(st.is_comparable(arr_any));
    assert!(!st.is_strictly_comparable(arr_any));
    assert!(!st.is_comparable(st.map(INT, INT)));
    assert!(!st.is_comparable(f.func(&[], &[], false)));
    assert!(st.is_comparable(d.ch));
    assert!(!st.is_comparable(TypeId::basic(BasicKind::UntypedNil)));
    let owner = st.new_func(Some(f.pkg), None, Symbol::intern("g"), None, false);
    let p_any = f.type_param("P", 0, owner, Some(st.any_type()));
    let p_cmp = f.type_param("Q", 1, owner, Some(st.comparable_type()));
    let p_num = f.type_param("R", 2, owner, Some(d.num));
    assert!(!st.is_comparable(p_any));
    assert!(st.is_comparable(p_cmp));
    assert!(st.is_comparable(p_num));
    assert!(st.is_ordered(p_num));
    assert!(!st.is_ordered(p_any));
    assert!(st.is_ordered(STRING) && !st.is_ordered(COMPLEX64) && !st.is_ordered(BOOL));
    assert!(
        st.has_nil(d.str) && st.has_nil(UNSAFE_POINTER) && !st.has_nil(p_num) && !st.has_nil(p_any)
    );
}

#[test]
fn core_types_of_type_parameters() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let owner = st.new_func(Some(f.pkg), None, Symbol::intern("g"), None, false);
    let param = |c: TypeId| f.type_param("P", 0, owner, Some(c));
    // interface{ ~[]int | MyInts } -> []int
    let slices = param(f.union_iface(&[(true, st.slice(INT)), (false, d.my_ints)]));
    assert_eq!(st.core_type(slices), Ok(st.slice(INT)));
    // interface{ int | string }: no common underlying type
    let mixed = param(f.union_iface(&[(false, INT), (false, STRING)]));
    assert_eq!(
        st.core_type(mixed),
        Err(NoCoreType::DifferentUnderlying(INT, STRING))
    );
    // interface{ chan int | <-chan int } -> <-chan int
    let (both, recv, send) = (
        f.chan(ChanDir::Both, INT),
        f.chan(ChanDir::Recv, INT),
        f.chan(ChanDir::Send, INT),
    );
    let chans = param(f.union_iface(&[(false, both), (false, recv)]));
    assert_eq!(st.core_type(chans), Ok(recv));
    let conflicting = param(f.union_iface(&[(false, recv), (false, send)]));
    assert_eq!(
        st.core_type(conflicting),
        Err(NoCoreType::ConflictingChanDirs(recv, send))
    );
    assert_eq!(
        st.core_type(param(st.any_type())),
        Err(NoCoreType::NoSpecificType)
    );
    assert_eq!(st.core_type(d.my_int), Ok(INT));
}

#[test]
fn generic_signatures_are_identical_up_to_renaming() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let generic = |name: &str, constraint: TypeId| {
        let owner = st.new_func(Some(f.pkg), None, Symbol::intern(name), None, false);
        let t = f.type_param(name, 0, owner, Some(constraint));
        st.new_signature(SignatureType {
            recv: None,
            type_params: vec![t].into(),
            recv_type_params: Box::new([]),
            params: st.new_tuple(vec![f.param("x", st.slice(t))]),
            results: st.new_tuple(vec![f.result("", t)]),
            variadic: false,
        })
    };
    let a = generic("T", st.any_type());
    let b = generic("U", st.any_type());
    let c = generic("V", st.comparable_type());
    assert!(st.identical(a, b));
    assert!(!st.identical(a, c));
    assert!(!st.identical(a, f.func(&[("x", st.slice(INT))], &[("", INT)], false)));
}

#[test]
fn unexported_field_names_differ_across_packages() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let q = f.other_package("example.com/q");
    let here = f.strukt(&[("a", INT)]);
    let there = st.new_struct(
        vec![st.new_field(Some(q), None, Symbol::intern("a"), INT, false)],
        vec![],
    );
    assert!(!st.identical(here, there));
    let exported_here = f.strukt(&[("A", INT)]);
    let exported_there = st.new_struct(
        vec![st.new_field(Some(q), None, Symbol::intern("A"), INT, false)],
        vec![],
    );
    assert!(st.identical(exported_here, exported_there));
    // Embedding matters too.
    let named = f.store.new_named(
        st.new_type_name(Some(f.pkg), None, Symbol::intern("A")),
        Some(INT),
    );
    let embedded = st.new_struct(vec![f.embed(named)], vec![]);
    let plain = f.strukt(&[("A", named)]);
    assert!(!st.identical(embedded, plain));
}
