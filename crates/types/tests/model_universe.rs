//! The universe, package `unsafe`, scopes and objects. The names and their
//! order are those go/types' universe.go declares (Go 1.26).

mod model_support;

use goescape_types::constant::Value;
use goescape_types::model::{
    Builtin, ObjClass, ObjKind, Scope, ScopeKind, ScopeParent, ScopeTree, Store, Symbol, Type,
    TypeId, VarKind,
};
use model_support::*;

#[test]
fn universe_declares_the_predeclared_identifiers_in_order() {
    let st = Store::new();
    let names: Vec<&str> = st
        .universe()
        .objects()
        .iter()
        .map(|&o| st.obj(o).name.as_str())
        .collect();
    let want = [
        "bool",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "string",
        "byte",
        "rune",
        "any",
        "error",
        "comparable",
        "true",
        "false",
        "iota",
        "nil",
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    ];
    assert_eq!(names, want);
    let unsafe_pkg = st.package(st.unsafe_package());
    assert_eq!(unsafe_pkg.path.as_str(), "unsafe");
    let unsafe_names: Vec<&str> = unsafe_pkg
        .scope()
        .unwrap()
        .objects()
        .iter()
        .map(|&o| st.obj(o).name.as_str())
        .collect();
    assert_eq!(
        unsafe_names,
        [
            "Pointer",
            "Add",
            "Alignof",
            "Offsetof",
            "Sizeof",
            "Slice",
            "SliceData",
            "String",
            "StringData"
        ]
    );
}

#[test]
fn predeclared_objects_have_the_right_kinds_and_types() {
    let st = Store::new();
    let lookup = |n: &str| st.universe().lookup(Symbol::intern(n)).unwrap();
    assert_eq!(st.obj_type(lookup("int")), INT);
    assert_eq!(st.obj_type(lookup("byte")), TypeId::BYTE);
    assert!(st.identical(TypeId::BYTE, UINT8));
    assert!(st.is_alias(lookup("byte")) && st.is_alias(lookup("any")));
    assert!(!st.is_alias(lookup("int")) && !st.is_alias(lookup("error")));
    assert_eq!(st.obj_type(lookup("any")), st.any_type());
    assert!(matches!(st.ty(st.any_type()), Type::Alias(_)));
    assert!(st.identical(st.any_type(), st.new_interface(vec![], vec![])));
    assert!(!st.identical(st.any_type(), st.comparable_type()));
    assert_eq!(
        st.const_value(lookup("true"))
            .map(Value::exact_string)
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        st.const_value(lookup("iota"))
            .map(Value::exact_string)
            .as_deref(),
        Some("0")
    );
    assert_eq!(st.iota(), lookup("iota"));
    assert_eq!(st.obj(lookup("nil")).kind.class(), ObjClass::Nil);
    assert_eq!(
        st.obj_type(lookup("nil")),
        TypeId::basic(goescape_types::model::BasicKind::UntypedNil)
    );
    assert!(matches!(
        st.obj(lookup("len")).kind,
        ObjKind::Builtin(Builtin::Len)
    ));
    assert_eq!(st.obj(lookup("len")).pkg, None);
    let sizeof = st
        .package(st.unsafe_package())
        .scope()
        .unwrap()
        .lookup(Symbol::intern("Sizeof"))
        .unwrap();
    assert_eq!(st.obj(sizeof).pkg, Some(st.unsafe_package()));
    assert!(st.universe().lookup(Symbol::intern("Sizeof")).is_none());
    // error's method
    let error_set = st.type_set(st.error_type());
    assert_eq!(error_set.methods.len(), 1);
    assert_eq!(st.obj(error_set.methods[0]).name.as_str(), "Error");
    assert_eq!(st.obj(error_set.methods[0]).pkg, None);
}

#[test]
fn builtin_properties() {
    assert_eq!(Builtin::ALL.len(), 26);
    assert!(Builtin::Append.is_variadic() && !Builtin::Len.is_variadic());
    assert_eq!(Builtin::Copy.min_args(), 2);
    assert_eq!(Builtin::Recover.min_args(), 0);
    assert!(Builtin::Sizeof.is_unsafe() && Builtin::StringData.is_unsafe());
    assert!(!Builtin::Recover.is_unsafe());
    assert!(!Builtin::Copy.is_expression() && Builtin::Len.is_expression());
    assert_eq!(ObjClass::TypeName.name(), "type");
    assert_eq!(ObjClass::PkgName.name(), "pkgname");
}

#[test]
fn scopes_resolve_outwards_to_package_and_universe() {
    let mut f = Fixture::new("example.com/p");
    let x_pkg = f.var("x", INT);
    f.publish();
    let st = &f.store;
    let mut tree = ScopeTree::new();
    let file = tree.push(ScopeParent::Package(f.pkg), ScopeKind::File);
    let func = tree.push(ScopeParent::Scope(file), ScopeKind::Func);
    let block = tree.push(ScopeParent::Scope(func), ScopeKind::Block);
    let x_local = st.new_var(VarKind::Local, Some(f.pkg), None, sym("x"), Some(STRING));
    tree.insert(func, sym("x"), x_local).unwrap();
    assert_eq!(tree.lookup_parent(st, block, sym("x")), Some(x_local));
    assert_eq!(tree.lookup_parent(st, file, sym("x")), Some(x_pkg));
    assert_eq!(
        tree.lookup_parent(st, block, sym("int")),
        st.universe().lookup(sym("int"))
    );
    assert_eq!(tree.lookup_parent(st, block, sym("nope")), None);
    // Redeclaration reports the existing object.
    let again = st.new_var(VarKind::Local, Some(f.pkg), None, sym("x"), Some(INT));
    assert_eq!(tree.insert(func, sym("x"), again), Err(x_local));
    assert_eq!(tree.kind(block), Some(ScopeKind::Block));
    assert_eq!(tree.parent(func), Some(ScopeParent::Scope(file)));
    // A parent id from another tree (not an earlier scope) ends the walk
    // instead of looping.
    let mut bad = ScopeTree::new();
    let first = bad.push(ScopeParent::Scope(block), ScopeKind::Block);
    assert_eq!(bad.lookup_parent(st, first, sym("x")), None);
}

#[test]
fn scope_keeps_insertion_order() {
    let st = Store::new();
    let mut scope = Scope::new();
    let names = ["zeta", "alpha", "mid"];
    for n in names {
        let obj = st.new_label(None, None, sym(n));
        scope.insert(sym(n), obj).unwrap();
    }
    let order: Vec<&str> = scope
        .objects()
        .iter()
        .map(|&o| st.obj(o).name.as_str())
        .collect();
    assert_eq!(order, names);
    assert_eq!(scope.len(), 3);
}

#[test]
fn write_once_cells_keep_the_first_value() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let c = st.new_const(Some(f.pkg), None, sym("c"), None, None);
    assert_eq!(st.obj_type(c), TypeId::INVALID);
    assert!(st.set_obj_type(c, INT));
    assert!(!st.set_obj_type(c, STRING));
    assert_eq!(st.obj_type(c), INT);
    assert!(st.set_const_value(c, Value::from_i64(7)));
    assert!(!st.set_const_value(c, Value::from_i64(8)));
    assert_eq!(
        st.const_value(c).map(Value::exact_string).as_deref(),
        Some("7")
    );
    let v = st.new_var(VarKind::Local, Some(f.pkg), None, sym("v"), Some(INT));
    assert!(!st.set_const_value(v, Value::from_i64(1)));
    let named = st.new_named(st.new_type_name(Some(f.pkg), None, sym("N")), None);
    assert!(st.set_underlying(named, INT));
    assert!(!st.set_underlying(named, STRING));
    assert!(!st.set_underlying(INT, STRING), "not a named type");
    assert!(!st.set_methods(INT, vec![]));
    assert!(!st.set_type_params(INT, vec![]));
}

#[test]
fn foreign_ids_never_panic() {
    let big = Store::new();
    for i in 0..500 {
        big.slice(big.pointer(big.array(INT, Some(i))));
    }
    let ty = big.slice(big.map(STRING, INT));
    let small = Store::new();
    // An id this store never handed out reads as the invalid type.
    let _ = small.type_string(ty, &goescape_types::model::FullPath);
    assert_eq!(small.underlying(TypeId::INVALID), TypeId::INVALID);
    let obj = big.new_label(None, None, sym("l"));
    for _ in 0..500 {
        big.new_label(None, None, sym("m"));
    }
    let far = big.new_label(None, None, sym("far"));
    assert_eq!(small.obj(far).name, Symbol::EMPTY);
    let _ = small.object_string(obj, &goescape_types::model::FullPath);
    assert_eq!(small.obj_type(far), TypeId::INVALID);
}

#[test]
fn invalid_alias_cycles_do_not_recurse_forever() {
    // type A = interface{ m() A } is an invalid recursive type in Go; a
    // checker that built it anyway must not hang identity or printing.
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let a_obj = st.new_type_name(Some(f.pkg), None, sym("A"));
    let a = st.new_alias(a_obj, None);
    let m = f.iface_method("m", f.func(&[], &[("", a)], false));
    let iface = st.new_interface(vec![m], vec![]);
    st.set_alias_rhs(a, iface);
    let other = f.iface_method("m", f.func(&[], &[("", INT)], false));
    let other_iface = st.new_interface(vec![other], vec![]);
    assert!(!st.identical(a, other_iface));
    assert!(st.identical(a, iface));
    assert_eq!(f.s(iface), "interface{m() example.com/p.A}");
}
