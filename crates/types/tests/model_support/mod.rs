//! Builds types by hand for the model tests, the way the checker will.
//!
//! Expectations in the tests that use this come from go/types (Go 1.26)
//! run on equivalent Go source with `types.SizesFor("gc", "amd64")` and a
//! qualifier printing full package paths; the Go declarations are quoted
//! next to each fixture.

#![allow(dead_code)] // each test crate uses a different part

use goescape_types::model::{
    BasicKind, ChanDir, FullPath, ObjId, PkgId, Scope, SignatureType, Store, Symbol, Term, TypeId,
    VarKind,
};

pub const INT: TypeId = TypeId::basic(BasicKind::Int);
pub const INT8: TypeId = TypeId::basic(BasicKind::Int8);
pub const INT16: TypeId = TypeId::basic(BasicKind::Int16);
pub const INT32: TypeId = TypeId::basic(BasicKind::Int32);
pub const INT64: TypeId = TypeId::basic(BasicKind::Int64);
pub const UINT8: TypeId = TypeId::basic(BasicKind::Uint8);
pub const UINTPTR: TypeId = TypeId::basic(BasicKind::Uintptr);
pub const BOOL: TypeId = TypeId::basic(BasicKind::Bool);
pub const STRING: TypeId = TypeId::basic(BasicKind::String);
pub const FLOAT32: TypeId = TypeId::basic(BasicKind::Float32);
pub const FLOAT64: TypeId = TypeId::basic(BasicKind::Float64);
pub const COMPLEX64: TypeId = TypeId::basic(BasicKind::Complex64);
pub const COMPLEX128: TypeId = TypeId::basic(BasicKind::Complex128);
pub const UNSAFE_POINTER: TypeId = TypeId::basic(BasicKind::UnsafePointer);

/// A method as (name, parameters, results), each parameter (name, type).
pub type MethodSpec<'a> = (&'a str, &'a [(&'a str, TypeId)], &'a [(&'a str, TypeId)]);

/// A package under construction in a fresh store.
pub struct Fixture {
    pub store: Store,
    pub pkg: PkgId,
    pub scope: Scope,
}

pub fn sym(s: &str) -> Symbol {
    Symbol::intern(s)
}

impl Fixture {
    pub fn new(path: &str) -> Fixture {
        let store = Store::new();
        let name = path.rsplit('/').next().unwrap_or(path);
        let pkg = store.new_package(path, name);
        Fixture {
            store,
            pkg,
            scope: Scope::new(),
        }
    }

    /// Another package in the same store.
    pub fn other_package(&self, path: &str) -> PkgId {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.store.new_package(path, name)
    }

    pub fn s(&self, ty: TypeId) -> String {
        self.store.type_string(ty, &FullPath)
    }

    pub fn obj_s(&self, obj: ObjId) -> String {
        self.store.object_string(obj, &FullPath)
    }

    /// A package-level named type with the given underlying type (set
    /// later if `None`).
    pub fn named(&mut self, name: &str, underlying: Option<TypeId>) -> TypeId {
        self.named_in(self.pkg, name, underlying)
    }

    pub fn named_in(&mut self, pkg: PkgId, name: &str, underlying: Option<TypeId>) -> TypeId {
        let obj = self.store.new_type_name(Some(pkg), None, sym(name));
        if pkg == self.pkg {
            self.scope.insert(sym(name), obj).expect("unique names");
        }
        self.store.new_named(obj, underlying)
    }

    pub fn var(&mut self, name: &str, ty: TypeId) -> ObjId {
        let obj = self
            .store
            .new_var(VarKind::Package, Some(self.pkg), None, sym(name), Some(ty));
        self.scope.insert(sym(name), obj).expect("unique names");
        obj
    }

    pub fn field(&self, name: &str, ty: TypeId) -> ObjId {
        self.store
            .new_field(Some(self.pkg), None, sym(name), ty, false)
    }

    /// An embedded field of type `ty` (`T` or `*T`), named after `T`.
    pub fn embed(&self, ty: TypeId) -> ObjId {
        let base = self.store.pointer_elem(ty).unwrap_or(ty);
        let name = self
            .store
            .type_name(base)
            .map(|o| self.store.obj(o).name)
            .unwrap_or(Symbol::EMPTY);
        self.store.new_field(Some(self.pkg), None, name, ty, true)
    }

    pub fn strukt(&self, fields: &[(&str, TypeId)]) -> TypeId {
        let vars = fields.iter().map(|&(n, t)| self.field(n, t)).collect();
        self.store.new_struct(vars, Vec::new())
    }

    pub fn param(&self, name: &str, ty: TypeId) -> ObjId {
        self.store
            .new_var(VarKind::Param, Some(self.pkg), None, sym(name), Some(ty))
    }

    pub fn result(&self, name: &str, ty: TypeId) -> ObjId {
        self.store
            .new_var(VarKind::Result, Some(self.pkg), None, sym(name), Some(ty))
    }

    /// `func(params) results`; names may be empty.
    pub fn func(
        &self,
        params: &[(&str, TypeId)],
        results: &[(&str, TypeId)],
        variadic: bool,
    ) -> TypeId {
        let params = params.iter().map(|&(n, t)| self.param(n, t)).collect();
        let results = results.iter().map(|&(n, t)| self.result(n, t)).collect();
        self.store.new_func_type(params, results, variadic)
    }

    /// A method of `recv_base` (receiver `*recv_base` if `ptr`), attached
    /// to nothing yet.
    pub fn method(
        &self,
        recv_base: TypeId,
        ptr: bool,
        name: &str,
        params: &[(&str, TypeId)],
        results: &[(&str, TypeId)],
    ) -> ObjId {
        self.method_with_recv_params(recv_base, ptr, name, params, results, Vec::new())
    }

    pub fn method_with_recv_params(
        &self,
        recv_base: TypeId,
        ptr: bool,
        name: &str,
        params: &[(&str, TypeId)],
        results: &[(&str, TypeId)],
        recv_type_params: Vec<TypeId>,
    ) -> ObjId {
        let st = &self.store;
        let recv_ty = if ptr {
            st.pointer(recv_base)
        } else {
            recv_base
        };
        let recv = st.new_var(VarKind::Recv, Some(self.pkg), None, sym("r"), Some(recv_ty));
        let params = params.iter().map(|&(n, t)| self.param(n, t)).collect();
        let results = results.iter().map(|&(n, t)| self.result(n, t)).collect();
        let sig = st.new_signature(SignatureType {
            recv: Some(recv),
            type_params: Box::new([]),
            recv_type_params: recv_type_params.into(),
            params: st.new_tuple(params),
            results: st.new_tuple(results),
            variadic: false,
        });
        st.new_func(Some(self.pkg), None, sym(name), Some(sig), ptr)
    }

    /// An interface method (receiver typed `recv`, the named interface or
    /// the literal, set by the caller when known).
    pub fn iface_method(&self, name: &str, sig: TypeId) -> ObjId {
        self.store
            .new_func(Some(self.pkg), None, sym(name), Some(sig), false)
    }

    /// A named interface type with methods (name, params, results) and
    /// embedded elements; methods get the named type as receiver.
    pub fn named_iface(
        &mut self,
        name: &str,
        methods: &[MethodSpec],
        embedded: Vec<TypeId>,
    ) -> TypeId {
        let named = self.named(name, None);
        let ms = methods
            .iter()
            .map(|&(m, p, r)| self.method(named, false, m, p, r))
            .collect();
        let iface = self.store.new_interface(ms, embedded);
        self.store.set_underlying(named, iface);
        named
    }

    /// A type parameter `name` at `index` of `owner`.
    pub fn type_param(
        &self,
        name: &str,
        index: u32,
        owner: ObjId,
        constraint: Option<TypeId>,
    ) -> TypeId {
        let obj = self.store.new_type_name(Some(self.pkg), None, sym(name));
        self.store.new_type_param(obj, index, owner, constraint)
    }

    /// `type List[T any] struct { next *List[T]; val T }`: the generic type
    /// and its type parameter `T`.
    pub fn generic_list(&mut self) -> (TypeId, TypeId) {
        let any = self.store.any_type();
        let list = self.named("List", None);
        let obj = self.store.type_name(list).unwrap();
        let t = self.type_param("T", 0, obj, Some(any));
        self.store.set_type_params(list, vec![t]);
        let list_t = self.store.instantiate(list, vec![t]);
        let body = self.strukt(&[("next", self.store.pointer(list_t)), ("val", t)]);
        self.store.set_underlying(list, body);
        (list, t)
    }

    /// `func (l *List[T]) Push(v T) *List[T]` for `list` from
    /// [`Fixture::generic_list`]; the receiver's type parameter is one of its
    /// own, as in go/types. The caller sets the method list.
    pub fn list_push(&self, list: TypeId) -> ObjId {
        let obj = self.store.type_name(list).unwrap();
        let rt = self.type_param("T", 0, obj, Some(self.store.any_type()));
        let list_rt = self.store.instantiate(list, vec![rt]);
        self.method_with_recv_params(
            list_rt,
            true,
            "Push",
            &[("v", rt)],
            &[("", self.store.pointer(list_rt))],
            vec![rt],
        )
    }

    /// `type Getter[T any] interface{ Get() T }`.
    pub fn generic_getter(&mut self) -> TypeId {
        let getter = self.named("Getter", None);
        let obj = self.store.type_name(getter).unwrap();
        let t = self.type_param("T", 0, obj, Some(self.store.any_type()));
        self.store.set_type_params(getter, vec![t]);
        let get = self.method(getter, false, "Get", &[], &[("", t)]);
        let iface = self.store.new_interface(vec![get], vec![]);
        self.store.set_underlying(getter, iface);
        getter
    }

    /// `~t` or `t` terms, as a constraint `interface{t1 | ~t2}` literal.
    pub fn union_iface(&self, terms: &[(bool, TypeId)]) -> TypeId {
        let terms = terms
            .iter()
            .map(|&(tilde, ty)| Term { tilde, ty })
            .collect();
        let union = self.store.new_union(terms);
        self.store.new_interface(Vec::new(), vec![union])
    }

    pub fn chan(&self, dir: ChanDir, elem: TypeId) -> TypeId {
        self.store.chan(dir, elem)
    }

    /// Publishes the package scope (object strings qualify package-level
    /// names only once it is).
    pub fn publish(&mut self) {
        let scope = std::mem::take(&mut self.scope);
        self.store.publish_scope(self.pkg, scope);
    }
}
