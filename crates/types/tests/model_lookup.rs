//! Field and method lookup and method sets against go/types'
//! `LookupFieldOrMethod` and `NewMethodSet` (Go 1.26): objects, index
//! paths and `indirect` flags were printed by go/types for the quoted
//! declarations. The receiver adjustments (`&`/`*`) are our addition.

mod model_support;

use goescape_types::model::{LookupResult, ObjId, RecvAdjust, Selection, Symbol, TypeId};
use model_support::*;

/// ```go
/// type Inner struct{ X int }
/// func (Inner) M()   {}
/// func (*Inner) PM() {}
/// type Deep struct { Z int; X int }
/// func (d *Deep) D() {}
/// type Outer struct { Inner; *Deep; Y string }
/// type Twice struct { Inner; Other }
/// type Other struct{ Inner }
/// type Shadow struct { Inner; M int }
/// type I interface { M(); PM() }
/// type PtrNamed *Inner
/// ```
struct Decls {
    f: Fixture,
    inner: TypeId,
    outer: TypeId,
    twice: TypeId,
    other: TypeId,
    shadow: TypeId,
    iface: TypeId,
    ptr_named: TypeId,
}

fn decls() -> Decls {
    let mut f = Fixture::new("example.com/p");
    let inner = f.named("Inner", None);
    let body = f.strukt(&[("X", INT)]);
    f.store.set_underlying(inner, body);
    let m = f.method(inner, false, "M", &[], &[]);
    let pm = f.method(inner, true, "PM", &[], &[]);
    f.store.set_methods(inner, vec![m, pm]);

    let deep = f.named("Deep", None);
    let body = f.strukt(&[("Z", INT), ("X", INT)]);
    f.store.set_underlying(deep, body);
    let d = f.method(deep, true, "D", &[], &[]);
    f.store.set_methods(deep, vec![d]);

    let outer = f.named("Outer", None);
    let fields = vec![
        f.embed(inner),
        f.embed(f.store.pointer(deep)),
        f.field("Y", STRING),
    ];
    let body = f.store.new_struct(fields, vec![]);
    f.store.set_underlying(outer, body);

    let other = f.named("Other", None);
    let body = f.store.new_struct(vec![f.embed(inner)], vec![]);
    f.store.set_underlying(other, body);

    let twice = f.named("Twice", None);
    let body = f
        .store
        .new_struct(vec![f.embed(inner), f.embed(other)], vec![]);
    f.store.set_underlying(twice, body);

    let shadow = f.named("Shadow", None);
    let body = f
        .store
        .new_struct(vec![f.embed(inner), f.field("M", INT)], vec![]);
    f.store.set_underlying(shadow, body);

    let iface = f.named_iface("I", &[("M", &[], &[]), ("PM", &[], &[])], vec![]);
    let ptr_named = f.named("PtrNamed", Some(f.store.pointer(inner)));
    f.publish();
    Decls {
        f,
        inner,
        outer,
        twice,
        other,
        shadow,
        iface,
        ptr_named,
    }
}

fn lookup(d: &Decls, ty: TypeId, name: &str, addressable: bool) -> LookupResult {
    d.f.store
        .lookup_field_or_method(ty, addressable, Some(d.f.pkg), Symbol::intern(name))
}

/// The found object as go/types prints it, the index path and indirect.
fn found(d: &Decls, result: &LookupResult) -> (String, Vec<u32>, bool, RecvAdjust) {
    match result {
        LookupResult::Found(Selection {
            obj,
            index,
            indirect,
            recv_adjust,
        }) => (d.f.obj_s(*obj), index.clone(), *indirect, *recv_adjust),
        other => panic!("not found: {other:?}"),
    }
}

#[test]
fn embedded_fields_and_promoted_methods() {
    let d = decls();
    let outer = d.outer;
    let p_outer = d.f.store.pointer(outer);
    use RecvAdjust::*;
    assert_eq!(
        found(&d, &lookup(&d, outer, "Z", false)),
        ("field Z int".into(), vec![1, 0], true, AsIs)
    );
    assert_eq!(
        found(&d, &lookup(&d, outer, "M", false)),
        (
            "func (example.com/p.Inner).M()".into(),
            vec![0, 0],
            false,
            AsIs
        )
    );
    assert_eq!(
        found(&d, &lookup(&d, outer, "PM", true)),
        (
            "func (*example.com/p.Inner).PM()".into(),
            vec![0, 1],
            false,
            AddrOf
        )
    );
    assert_eq!(
        found(&d, &lookup(&d, p_outer, "PM", false)),
        (
            "func (*example.com/p.Inner).PM()".into(),
            vec![0, 1],
            true,
            AddrOf
        )
    );
    assert_eq!(
        found(&d, &lookup(&d, outer, "D", false)),
        (
            "func (*example.com/p.Deep).D()".into(),
            vec![1, 0],
            true,
            AsIs
        )
    );
    assert_eq!(
        found(&d, &lookup(&d, outer, "Y", false)),
        ("field Y string".into(), vec![2], false, AsIs)
    );
    assert_eq!(
        found(&d, &lookup(&d, outer, "Inner", false)),
        (
            "field Inner example.com/p.Inner".into(),
            vec![0],
            false,
            AsIs
        )
    );
}

#[test]
fn ambiguity_shadowing_and_receiver_rules() {
    let d = decls();
    // Outer.X: Inner.X and Deep.X at depth 1 collide; go/types reports the
    // second one's path [1 1].
    assert_eq!(
        lookup(&d, d.outer, "X", false),
        LookupResult::Ambiguous { index: vec![1, 1] }
    );
    // A pointer method on a non-addressable value.
    assert_eq!(
        lookup(&d, d.outer, "PM", false),
        LookupResult::NeedsPointerReceiver
    );
    // Twice.X: Inner.X at depth 1 shadows Other.Inner.X at depth 2.
    assert_eq!(
        found(&d, &lookup(&d, d.twice, "X", false)),
        ("field X int".into(), vec![0, 0], false, RecvAdjust::AsIs)
    );
    assert_eq!(found(&d, &lookup(&d, d.twice, "M", false)).1, vec![0, 0]);
    // Shadow.M: the field at depth 0 shadows the promoted method.
    assert_eq!(
        found(&d, &lookup(&d, d.shadow, "M", false)),
        ("field M int".into(), vec![1], false, RecvAdjust::AsIs)
    );
    // Interface methods by type set index; none through *I.
    assert_eq!(
        found(&d, &lookup(&d, d.iface, "PM", false)),
        (
            "func (example.com/p.I).PM()".into(),
            vec![1],
            false,
            RecvAdjust::AsIs
        )
    );
    let p_iface = d.f.store.pointer(d.iface);
    assert_eq!(lookup(&d, p_iface, "PM", false), LookupResult::NotFound);
    // A named pointer type has fields but no methods.
    assert_eq!(
        found(&d, &lookup(&d, d.ptr_named, "X", false)),
        ("field X int".into(), vec![0], true, RecvAdjust::AsIs)
    );
    assert_eq!(lookup(&d, d.ptr_named, "M", false), LookupResult::NotFound);
    // Unexported names are per package; blank names are never found.
    assert_eq!(lookup(&d, d.inner, "x", false), LookupResult::NotFound);
    assert_eq!(lookup(&d, d.outer, "_", false), LookupResult::NotFound);
    let elsewhere = d.f.other_package("example.com/q");
    let lower = d.f.store.new_struct(vec![d.f.field("y", INT)], vec![]);
    let from_q =
        d.f.store
            .lookup_field_or_method(lower, false, Some(elsewhere), Symbol::intern("y"));
    assert_eq!(from_q, LookupResult::NotFound);
}

fn method_set(d: &Decls, ty: TypeId) -> Vec<(String, Vec<u32>, bool)> {
    d.f.store
        .method_set(ty)
        .into_iter()
        .map(|s| (d.f.obj_s(s.obj), s.index, s.indirect))
        .collect()
}

fn entry(s: &str, index: &[u32], indirect: bool) -> (String, Vec<u32>, bool) {
    (s.to_owned(), index.to_vec(), indirect)
}

#[test]
fn method_sets_match_go_types() {
    let d = decls();
    let st = &d.f.store;
    let (m, pm, dm) = (
        "func (example.com/p.Inner).M()",
        "func (*example.com/p.Inner).PM()",
        "func (*example.com/p.Deep).D()",
    );
    assert_eq!(method_set(&d, d.inner), vec![entry(m, &[0], false)]);
    assert_eq!(
        method_set(&d, st.pointer(d.inner)),
        vec![entry(m, &[0], true), entry(pm, &[1], true)]
    );
    assert_eq!(
        method_set(&d, d.outer),
        vec![entry(dm, &[1, 0], true), entry(m, &[0, 0], false)]
    );
    assert_eq!(
        method_set(&d, st.pointer(d.outer)),
        vec![
            entry(dm, &[1, 0], true),
            entry(m, &[0, 0], true),
            entry(pm, &[0, 1], true)
        ]
    );
    assert_eq!(method_set(&d, d.shadow), vec![]);
    assert_eq!(
        method_set(&d, st.pointer(d.shadow)),
        vec![entry(pm, &[0, 1], true)]
    );
    assert_eq!(method_set(&d, d.twice), vec![entry(m, &[0, 0], false)]);
    assert_eq!(method_set(&d, d.other), vec![entry(m, &[0, 0], false)]);
    assert_eq!(
        method_set(&d, d.iface),
        vec![
            entry("func (example.com/p.I).M()", &[0], true),
            entry("func (example.com/p.I).PM()", &[1], true)
        ]
    );
    assert_eq!(method_set(&d, d.ptr_named), vec![]);
}

/// ```go
/// type List[T any] struct { next *List[T]; val T }
/// func (l *List[T]) Push(v T) *List[T] { return l }
/// func (l List[T]) Val() T { return l.val }
/// type Getter[T any] interface{ Get() T }
/// var m7 struct{ List[int]; x, y float32 }
/// ```
struct Generic {
    f: Fixture,
    list: TypeId,
    getter: TypeId,
    push: ObjId,
}

fn generic() -> Generic {
    let mut f = Fixture::new("example.com/p");
    let any = f.store.any_type();
    let (list, _) = f.generic_list();
    let obj = f.store.type_name(list).unwrap();
    let push = f.list_push(list);
    let rt = f.type_param("T", 0, obj, Some(any));
    let list_rt = f.store.instantiate(list, vec![rt]);
    let val = f.method_with_recv_params(list_rt, false, "Val", &[], &[("", rt)], vec![rt]);
    f.store.set_methods(list, vec![push, val]);

    let getter = f.generic_getter();
    f.publish();
    Generic {
        f,
        list,
        getter,
        push,
    }
}

fn glookup(
    g: &Generic,
    ty: TypeId,
    name: &str,
    addressable: bool,
) -> (String, Vec<u32>, bool, RecvAdjust) {
    match g
        .f
        .store
        .lookup_field_or_method(ty, addressable, Some(g.f.pkg), Symbol::intern(name))
    {
        LookupResult::Found(s) => (g.f.obj_s(s.obj), s.index, s.indirect, s.recv_adjust),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn methods_and_fields_of_instances_are_substituted() {
    let g = generic();
    let st = &g.f.store;
    let list_string = st.instantiate(g.list, vec![STRING]);
    assert_eq!(
        glookup(&g, list_string, "Push", true),
        (
            "func (*example.com/p.List[string]).Push(v string) *example.com/p.List[string]".into(),
            vec![0],
            false,
            RecvAdjust::AddrOf
        )
    );
    assert_eq!(
        glookup(&g, list_string, "Val", false),
        (
            "func (example.com/p.List[string]).Val() string".into(),
            vec![1],
            false,
            RecvAdjust::AsIs
        )
    );
    let p = st.pointer(list_string);
    assert_eq!(
        glookup(&g, p, "next", false),
        (
            "field next *example.com/p.List[string]".into(),
            vec![0],
            true,
            RecvAdjust::AsIs
        )
    );
    assert_eq!(
        glookup(&g, p, "Val", false),
        (
            "func (example.com/p.List[string]).Val() string".into(),
            vec![1],
            true,
            RecvAdjust::Deref
        )
    );
    let getter_int = st.instantiate(g.getter, vec![INT]);
    assert_eq!(
        glookup(&g, getter_int, "Get", false),
        (
            "func (example.com/p.Getter[int]).Get() int".into(),
            vec![0],
            false,
            RecvAdjust::AsIs
        )
    );
    // var m7 struct{ List[int]; x, y float32 }
    let list_int = st.instantiate(g.list, vec![INT]);
    let m7 = st.new_struct(
        vec![
            g.f.embed(list_int),
            g.f.field("x", FLOAT32),
            g.f.field("y", FLOAT32),
        ],
        vec![],
    );
    assert_eq!(
        glookup(&g, m7, "val", false),
        ("field val int".into(), vec![0, 1], false, RecvAdjust::AsIs)
    );
    assert_eq!(
        st.lookup_field_or_method(m7, false, Some(g.f.pkg), Symbol::intern("Push")),
        LookupResult::NeedsPointerReceiver
    );
    // The instance's methods remember the generic ones.
    let push_string = st.methods(list_string)[0];
    assert_eq!(st.methods(list_string)[0], push_string, "expanded once");
    match &st.obj(push_string).kind {
        goescape_types::model::ObjKind::Func(func) => assert_eq!(func.origin, Some(g.push)),
        other => panic!("{other:?}"),
    }
    // The generic type's own method set prints with its parameters.
    let set: Vec<String> = st
        .method_set(g.getter)
        .iter()
        .map(|s| g.f.obj_s(s.obj))
        .collect();
    assert_eq!(set, vec!["func (example.com/p.Getter[T any]).Get() T"]);
}
