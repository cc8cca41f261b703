//! Substitution, instantiation, lazy expansion of instances, and use of
//! one store from several threads. Printed forms are go/types' (Go 1.26)
//! for the quoted declarations.

mod model_support;

use goescape_types::model::{ObjKind, SignatureType, SubstMap, Symbol, Type, TypeId};
use model_support::*;

/// ```go
/// type List[T any] struct { next *List[T]; val T }
/// func (l *List[T]) Push(v T) *List[T]
/// type Getter[T any] interface{ Get() T }
/// ```
struct Decls {
    f: Fixture,
    list: TypeId,
    t: TypeId,
    getter: TypeId,
}

fn decls() -> Decls {
    let mut f = Fixture::new("example.com/p");
    let (list, t) = f.generic_list();
    let push = f.list_push(list);
    f.store.set_methods(list, vec![push]);
    let getter = f.generic_getter();
    Decls { f, list, t, getter }
}

#[test]
fn instances_are_deduplicated_by_origin_and_arguments() {
    let d = decls();
    let st = &d.f.store;
    let a = st.instantiate(d.list, vec![INT]);
    assert_eq!(a, st.instantiate(d.list, vec![INT]));
    assert_ne!(a, st.instantiate(d.list, vec![STRING]));
    assert_eq!(st.origin(a), d.list);
    assert_eq!(st.type_args(a), &[INT]);
    assert_eq!(st.type_params(a), &[d.t]);
    assert!(st.is_generic(d.list) && !st.is_generic(a));
    // Not generic: no instance.
    assert_eq!(st.instantiate(INT, vec![INT]), TypeId::INVALID);
    assert_eq!(st.instantiate(a, vec![INT]), TypeId::INVALID);
    // Identical arguments built separately give identical instances.
    let s1 = d.f.strukt(&[("x", INT)]);
    let s2 = d.f.strukt(&[("x", INT)]);
    assert_ne!(s1, s2, "struct types are per declaration");
    let (i1, i2) = (
        st.instantiate(d.list, vec![s1]),
        st.instantiate(d.list, vec![s2]),
    );
    assert!(st.identical(i1, i2));
    assert!(st.identical(st.pointer(i1), st.pointer(i2)));
    assert!(!st.identical(i1, a));
}

#[test]
fn instance_underlying_and_methods_are_expanded_lazily() {
    let d = decls();
    let st = &d.f.store;
    let list_int = st.instantiate(d.list, vec![INT]);
    let u = st.underlying(list_int);
    assert_eq!(d.f.s(u), "struct{next *example.com/p.List[int]; val int}");
    assert_eq!(st.underlying(list_int), u, "expanded once");
    // The fields remember their generic origin.
    let next = st.struct_fields(u)[0];
    let generic_next = st.struct_fields(st.underlying(d.list))[0];
    match &st.obj(next).kind {
        ObjKind::Var(v) => assert_eq!(v.origin, Some(generic_next)),
        other => panic!("{other:?}"),
    }
    let methods = st.methods(list_int);
    assert_eq!(methods.len(), 1);
    assert_eq!(
        d.f.obj_s(methods[0]),
        "func (*example.com/p.List[int]).Push(v int) *example.com/p.List[int]"
    );
    assert!(st.has_ptr_recv(methods[0]));
    // A named interface's instance rebinds its methods' receivers.
    let getter_str = st.instantiate(d.getter, vec![STRING]);
    assert_eq!(d.f.s(st.underlying(getter_str)), "interface{Get() string}");
    let get = st.type_set(getter_str).methods[0];
    assert_eq!(
        d.f.obj_s(get),
        "func (example.com/p.Getter[string]).Get() string"
    );
}

#[test]
fn instances_used_before_the_generic_type_is_complete_expand_later() {
    let mut f = Fixture::new("example.com/p");
    let any = f.store.any_type();
    let box_ty = f.named("Box", None);
    let obj = f.store.type_name(box_ty).unwrap();
    let t = f.type_param("T", 0, obj, Some(any));
    f.store.set_type_params(box_ty, vec![t]);
    let box_int = f.store.instantiate(box_ty, vec![INT]);
    // Not resolved yet: invalid, and not cached.
    assert_eq!(f.store.underlying(box_int), TypeId::INVALID);
    assert!(f.store.methods(box_int).is_empty());
    let body = f.strukt(&[("v", t)]);
    f.store.set_underlying(box_ty, body);
    assert_eq!(f.s(f.store.underlying(box_int)), "struct{v int}");
}

#[test]
fn substitution_rebuilds_only_what_mentions_the_parameters() {
    let d = decls();
    let f = &d.f;
    let st = &f.store;
    let map = SubstMap::new(&[d.t], &[STRING]);
    let plain = st.map(INT, st.slice(BOOL));
    assert_eq!(st.subst(plain, &map), plain);
    let mentions = st.map(INT, st.slice(d.t));
    assert_eq!(st.subst(mentions, &map), st.map(INT, st.slice(STRING)));
    let sig = f.func(
        &[("x", d.t), ("rest", st.slice(d.t))],
        &[("", st.chan(goescape_types::model::ChanDir::Recv, d.t))],
        true,
    );
    assert_eq!(
        f.s(st.subst(sig, &map)),
        "func(x string, rest ...string) <-chan string"
    );
    let list_t = st.instantiate(d.list, vec![d.t]);
    assert_eq!(st.subst(list_t, &map), st.instantiate(d.list, vec![STRING]));
    let m = f.iface_method("M", f.func(&[], &[("", d.t)], false));
    let iface = st.new_interface(vec![m], vec![]);
    assert_eq!(f.s(st.subst(iface, &map)), "interface{M() string}");
    // A generic type used without instantiation substitutes to invalid.
    assert_eq!(st.subst(d.list, &map), TypeId::INVALID);
}

#[test]
fn generic_functions_instantiate_to_plain_signatures() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    // func Map[S ~[]E, E any, R any](s S, f func(E) R) []R
    let owner = st.new_func(Some(f.pkg), None, Symbol::intern("Map"), None, false);
    let e = f.type_param("E", 1, owner, Some(st.any_type()));
    let r = f.type_param("R", 2, owner, Some(st.any_type()));
    let s = f.type_param("S", 0, owner, Some(f.union_iface(&[(true, st.slice(e))])));
    let sig = st.new_signature(SignatureType {
        recv: None,
        type_params: vec![s, e, r].into(),
        recv_type_params: Box::new([]),
        params: st.new_tuple(vec![
            f.param("s", s),
            f.param("f", f.func(&[("", e)], &[("", r)], false)),
        ]),
        results: st.new_tuple(vec![f.result("", st.slice(r))]),
        variadic: false,
    });
    let inst = st.instantiate_signature(sig, &[st.slice(INT), INT, STRING]);
    assert_eq!(f.s(inst), "func(s []int, f func(int) string) []string");
    assert!(st.signature(inst).unwrap().type_params.is_empty());
}

#[test]
fn one_store_serves_many_threads() {
    let d = decls();
    let st = &d.f.store;
    let results: Vec<(TypeId, TypeId, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let list = d.list;
                scope.spawn(move || {
                    // Every thread builds the same types in a different order.
                    let elems = [INT, STRING, BOOL, FLOAT64];
                    let mut last = (TypeId::INVALID, TypeId::INVALID, String::new());
                    for round in 0..50 {
                        let elem = elems[(i + round) % elems.len()];
                        let inst = st.instantiate(list, vec![st.slice(elem)]);
                        let u = st.underlying(inst);
                        assert!(matches!(st.ty(u), Type::Struct(_)));
                        let _ = st.methods(inst);
                        last = (
                            st.instantiate(list, vec![st.slice(INT)]),
                            st.pointer(st.map(STRING, st.slice(INT))),
                            st.type_string(
                                st.underlying(st.instantiate(list, vec![st.slice(INT)])),
                                &goescape_types::model::FullPath,
                            ),
                        );
                    }
                    last
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &results[1..] {
        assert_eq!(r, &results[0]);
    }
    assert_eq!(
        results[0].2,
        "struct{next *example.com/p.List[[]int]; val []int}"
    );
}

#[test]
fn type_arguments_are_verified_against_substituted_constraints() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    // func F[S ~[]E, E comparable]()
    let owner = st.new_func(Some(f.pkg), None, Symbol::intern("F"), None, false);
    let e = f.type_param("E", 1, owner, Some(st.comparable_type()));
    let s = f.type_param("S", 0, owner, Some(f.union_iface(&[(true, st.slice(e))])));
    let params = [s, e];
    assert_eq!(st.verify_type_args(&params, &[st.slice(INT), INT]), Ok(()));
    // []string is not in ~[]int.
    assert!(matches!(
        st.verify_type_args(&params, &[st.slice(STRING), INT]),
        Err((
            0,
            goescape_types::model::NotImplemented::NotInTypeSet { .. }
        ))
    ));
    // []int is not comparable.
    let ints = st.slice(INT);
    assert_eq!(
        st.verify_type_args(&params, &[st.slice(ints), ints]),
        Err((1, goescape_types::model::NotImplemented::NotComparable))
    );
}

#[test]
fn lookups_through_ever_growing_instances_terminate() {
    // type G[P any] struct{ *G[[]P] } embeds a new instance at every depth
    // (an instantiation cycle go/types reports); lookups must still end.
    let mut f = Fixture::new("example.com/p");
    let g = f.named("G", None);
    let obj = f.store.type_name(g).unwrap();
    let p = f.type_param("P", 0, obj, Some(f.store.any_type()));
    f.store.set_type_params(g, vec![p]);
    let inner = f.store.instantiate(g, vec![f.store.slice(p)]);
    let body = f
        .store
        .new_struct(vec![f.embed(f.store.pointer(inner))], vec![]);
    f.store.set_underlying(g, body);
    let st = &f.store;
    let g_int = st.instantiate(g, vec![INT]);
    let result = st.lookup_field_or_method(g_int, false, Some(f.pkg), Symbol::intern("missing"));
    assert_eq!(result, goescape_types::model::LookupResult::NotFound);
    assert!(st.method_set(g_int).is_empty());
}
