//! The universe scope and package `unsafe`.

use crate::constant::Value;

use super::object::{Builtin, ObjId, ObjKind, VarKind};
use super::package::PkgId;
use super::scope::Scope;
use super::symbol::Symbol;
use super::types::{BasicKind, SignatureType, Type, TypeId};
use super::typeset::TypeSet;
use super::Store;

/// The predeclared entities, built once per store.
pub(crate) struct Universe {
    pub(crate) scope: Scope,
    pub(crate) unsafe_pkg: PkgId,
    /// The type name `unsafe.Pointer`.
    pub(crate) unsafe_pointer: ObjId,
    pub(crate) iota: ObjId,
    pub(crate) error: TypeId,
    pub(crate) comparable: TypeId,
    pub(crate) any: TypeId,
    /// `any`'s underlying interface, which prints as `any`.
    pub(crate) any_interface: TypeId,
    /// `comparable`'s underlying interface, which prints as
    /// `interface{comparable}`.
    pub(crate) comparable_interface: TypeId,
}

impl Universe {
    /// Declares everything in go/types' order (types, constants, `nil`,
    /// builtins); exported names go to package `unsafe`.
    pub(crate) fn build(store: &Store) -> Universe {
        let unsafe_pkg = store.new_package("unsafe", "unsafe");
        let mut scope = Scope::new();
        let mut unsafe_scope = Scope::new();
        let mut declare = |obj: ObjId| {
            let name = store.obj(obj).name;
            let target = if name.is_exported() {
                &mut unsafe_scope
            } else {
                &mut scope
            };
            // Predeclared names are distinct, so insertion cannot fail.
            let _ = target.insert(name, obj);
        };

        let type_name = |pkg: Option<PkgId>, name: &str, ty: TypeId| {
            let obj = store.new_type_name(pkg, None, Symbol::intern(name));
            store.set_obj_type(obj, ty);
            obj
        };
        let unsafe_pointer = type_name(
            Some(unsafe_pkg),
            "Pointer",
            TypeId::basic(BasicKind::UnsafePointer),
        );
        declare(unsafe_pointer);
        for kind in BasicKind::ALL {
            // Untyped kinds and `invalid type` have no names to declare.
            if kind != BasicKind::UnsafePointer && !kind.name().contains(' ') {
                declare(type_name(None, kind.name(), TypeId::basic(kind)));
            }
        }
        declare(type_name(None, "byte", TypeId::BYTE));
        declare(type_name(None, "rune", TypeId::RUNE));

        let any_interface = store.new_interface(Vec::new(), Vec::new());
        let any_obj = store.new_type_name(None, None, Symbol::intern("any"));
        let any = store.new_alias(any_obj, Some(any_interface));
        declare(any_obj);

        let error_obj = store.new_type_name(None, None, Symbol::intern("error"));
        let error = store.new_named(error_obj, None);
        let recv = store.new_var(VarKind::Recv, None, None, Symbol::EMPTY, Some(error));
        let result = store.new_var(
            VarKind::Result,
            None,
            None,
            Symbol::EMPTY,
            Some(TypeId::basic(BasicKind::String)),
        );
        let results = store.new_tuple(vec![result]);
        let error_sig = store.new_signature(SignatureType {
            recv: Some(recv),
            type_params: Box::new([]),
            recv_type_params: Box::new([]),
            params: TypeId::EMPTY_TUPLE,
            results,
            variadic: false,
        });
        let error_method =
            store.new_func(None, None, Symbol::intern("Error"), Some(error_sig), false);
        store.set_underlying(error, store.new_interface(vec![error_method], Vec::new()));
        declare(error_obj);

        let comparable_obj = store.new_type_name(None, None, Symbol::intern("comparable"));
        let comparable_interface = store.new_interface(Vec::new(), Vec::new());
        if let Type::Interface(iface) = store.ty(comparable_interface) {
            // `comparable` cannot be written as an interface literal; its
            // type set is given rather than computed.
            let _ = iface.type_set.set(TypeSet::comparable_all());
        }
        let comparable = store.new_named(comparable_obj, Some(comparable_interface));
        declare(comparable_obj);

        let untyped_bool = Some(TypeId::basic(BasicKind::UntypedBool));
        for (name, value) in [("true", true), ("false", false)] {
            let obj = store.new_const(
                None,
                None,
                Symbol::intern(name),
                untyped_bool,
                Some(Value::from_bool(value)),
            );
            declare(obj);
        }
        let iota = store.new_const(
            None,
            None,
            Symbol::intern("iota"),
            Some(TypeId::basic(BasicKind::UntypedInt)),
            Some(Value::from_i64(0)),
        );
        declare(iota);

        declare(store.new_object(
            ObjKind::Nil,
            None,
            None,
            Symbol::intern("nil"),
            Some(TypeId::basic(BasicKind::UntypedNil)),
        ));

        for builtin in Builtin::ALL {
            let pkg = builtin.is_unsafe().then_some(unsafe_pkg);
            declare(store.new_object(
                ObjKind::Builtin(builtin),
                pkg,
                None,
                Symbol::intern(builtin.name()),
                Some(TypeId::INVALID),
            ));
        }

        store.publish_scope(unsafe_pkg, unsafe_scope);
        Universe {
            scope,
            unsafe_pkg,
            unsafe_pointer,
            iota,
            error,
            comparable,
            any,
            any_interface,
            comparable_interface,
        }
    }
}
