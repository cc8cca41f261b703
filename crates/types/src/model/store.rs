//! The [`Store`]: every type, object and package of a program, shared by
//! the threads that check its packages.

use std::sync::OnceLock;

use crate::constant::{self, Unrepresentable, Value};

use super::canon::CanonKey;
use super::object::{Func, ObjId, ObjKind, Object, Pos, Var, VarKind};
use super::package::{Package, PkgId};
use super::scope::Scope;
use super::sizes::Sizes;
use super::symbol::Symbol;
use super::sync::{AppendVec, ShardedMap};
use super::types::{
    AliasType, BasicKind, BasicType, ChanDir, Instance, InterfaceType, NamedType, SignatureType,
    StructType, Term, TupleType, Type, TypeId, TypeParamType,
};
use super::universe::Universe;

pub(crate) struct TypeEntry {
    pub(crate) ty: Type,
    /// The representative of the type's identity class, once computed.
    pub(crate) canon: OnceLock<TypeId>,
}

/// The key under which unnamed types made only of other types are
/// hash-consed.
#[derive(PartialEq, Eq, Hash)]
enum CompositeKey {
    Pointer(TypeId),
    Slice(TypeId),
    Array(TypeId, Option<u64>),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
}

/// All types, objects and packages of one program.
///
/// Everything is append-only and addressed by `u32` ids, and reading never
/// takes a lock; see the [module documentation](super) for the concurrency
/// design. Ids from another store are not detected: they read as some
/// other entity, or as the invalid type / a placeholder object or package,
/// but never panic.
pub struct Store {
    pub(crate) types: AppendVec<TypeEntry>,
    composites: ShardedMap<CompositeKey, TypeId>,
    /// Instances of generic named types and aliases by (origin, arguments).
    pub(crate) instances: ShardedMap<Instance, TypeId>,
    /// Representatives of identity classes, see [`canon`](super::canon).
    pub(crate) canon_reps: ShardedMap<CanonKey, TypeId>,
    objects: AppendVec<Object>,
    packages: AppendVec<Package>,
    universe: OnceLock<Universe>,
    /// Returned for object and package ids the store never handed out.
    placeholder_obj: Object,
    placeholder_pkg: Package,
    /// The layout of the target the program is built for.
    sizes: Sizes,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// A store holding the predeclared types and objects (the universe)
    /// and package `unsafe`, for a 64-bit target such as amd64.
    pub fn new() -> Store {
        Store::for_target(Sizes::WORD64)
    }

    /// Like [`Store::new`], for a target with the layout `sizes`
    /// (`unsafe.Sizeof`, the width of `int`, `uint` and `uintptr`, and
    /// what escape analysis derives from sizes follow it).
    pub fn for_target(sizes: Sizes) -> Store {
        let store = Store {
            types: AppendVec::new(),
            composites: ShardedMap::new(),
            instances: ShardedMap::new(),
            canon_reps: ShardedMap::new(),
            objects: AppendVec::new(),
            packages: AppendVec::new(),
            universe: OnceLock::new(),
            placeholder_obj: Object {
                name: Symbol::EMPTY,
                pkg: None,
                pos: None,
                kind: ObjKind::Label,
                ty: OnceLock::new(),
            },
            placeholder_pkg: Package::new(Symbol::EMPTY, Symbol::EMPTY),
            sizes,
        };
        for kind in BasicKind::ALL {
            store.push_type(Type::Basic(BasicType {
                kind,
                name: kind.name(),
            }));
        }
        store.push_type(Type::Basic(BasicType {
            kind: BasicKind::Uint8,
            name: "byte",
        }));
        store.push_type(Type::Basic(BasicType {
            kind: BasicKind::Int32,
            name: "rune",
        }));
        store.push_type(Type::Tuple(TupleType { vars: Box::new([]) }));
        debug_assert_eq!(store.types.len(), TypeId::FIXED);
        let universe = Universe::build(&store);
        let _ = store.universe.set(universe);
        store
    }

    // ---- types -------------------------------------------------------

    fn push_type(&self, ty: Type) -> TypeId {
        TypeId(self.types.push(TypeEntry {
            ty,
            canon: OnceLock::new(),
        }))
    }

    pub(crate) fn entry(&self, id: TypeId) -> &TypeEntry {
        // Entry 0 (the invalid type) always exists.
        match self.types.get(id.0) {
            Some(entry) => entry,
            None => self.types.get(0).unwrap_or_else(|| unreachable!()),
        }
    }

    /// What `id` stands for.
    pub fn ty(&self, id: TypeId) -> &Type {
        &self.entry(id).ty
    }

    /// The number of types created so far.
    pub fn type_count(&self) -> u32 {
        self.types.len()
    }

    fn composite(&self, key: CompositeKey, make: impl FnOnce() -> Type) -> TypeId {
        self.composites
            .get_or_insert_with(key, || self.push_type(make()))
    }

    /// `*elem`
    pub fn pointer(&self, elem: TypeId) -> TypeId {
        self.composite(CompositeKey::Pointer(elem), || Type::Pointer(elem))
    }

    /// `[]elem`
    pub fn slice(&self, elem: TypeId) -> TypeId {
        self.composite(CompositeKey::Slice(elem), || Type::Slice(elem))
    }

    /// `[len]elem`; `None` for a length that could not be determined.
    pub fn array(&self, elem: TypeId, len: Option<u64>) -> TypeId {
        self.composite(CompositeKey::Array(elem, len), || Type::Array { elem, len })
    }

    /// `map[key]elem`
    pub fn map(&self, key: TypeId, elem: TypeId) -> TypeId {
        self.composite(CompositeKey::Map(key, elem), || Type::Map { key, elem })
    }

    /// `chan elem`, `chan<- elem` or `<-chan elem`.
    pub fn chan(&self, dir: ChanDir, elem: TypeId) -> TypeId {
        self.composite(CompositeKey::Chan(dir, elem), || Type::Chan { dir, elem })
    }

    /// A tuple of variables; the empty tuple is [`TypeId::EMPTY_TUPLE`].
    pub fn new_tuple(&self, vars: Vec<ObjId>) -> TypeId {
        if vars.is_empty() {
            return TypeId::EMPTY_TUPLE;
        }
        self.push_type(Type::Tuple(TupleType { vars: vars.into() }))
    }

    /// A struct type with the given fields ([`VarKind::Field`] variables)
    /// and tags (empty, or one per field).
    pub fn new_struct(&self, fields: Vec<ObjId>, tags: Vec<Symbol>) -> TypeId {
        let tags = if tags.iter().all(|t| t.is_empty()) {
            Vec::new()
        } else {
            tags
        };
        self.push_type(Type::Struct(StructType {
            fields: fields.into(),
            tags: tags.into(),
        }))
    }

    /// A function type.
    pub fn new_signature(&self, sig: SignatureType) -> TypeId {
        self.push_type(Type::Signature(sig))
    }

    /// A non-generic function type without receiver.
    pub fn new_func_type(&self, params: Vec<ObjId>, results: Vec<ObjId>, variadic: bool) -> TypeId {
        let params = self.new_tuple(params);
        let results = self.new_tuple(results);
        self.new_signature(SignatureType {
            recv: None,
            type_params: Box::new([]),
            recv_type_params: Box::new([]),
            params,
            results,
            variadic,
        })
    }

    /// An interface type with explicit methods (sorted here the way
    /// go/types sorts them) and embedded elements.
    pub fn new_interface(&self, methods: Vec<ObjId>, embedded: Vec<TypeId>) -> TypeId {
        self.make_interface(methods, embedded, false)
    }

    /// The interface a constraint written without `interface{...}` stands
    /// for, as `~int | string` in `[T ~int | string]`.
    pub fn new_implicit_interface(&self, embedded: TypeId) -> TypeId {
        self.make_interface(Vec::new(), vec![embedded], true)
    }

    pub(crate) fn make_interface(
        &self,
        mut methods: Vec<ObjId>,
        embedded: Vec<TypeId>,
        implicit: bool,
    ) -> TypeId {
        methods.sort_by(|&a, &b| self.compare_objects(a, b));
        self.push_type(Type::Interface(InterfaceType {
            methods: methods.into(),
            embedded: embedded.into(),
            implicit,
            type_set: OnceLock::new(),
        }))
    }

    /// A union `t1 | ~t2 | ...`, as an element of an interface.
    pub fn new_union(&self, terms: Vec<Term>) -> TypeId {
        self.push_type(Type::Union(terms.into()))
    }

    /// The named type declared by the type name `obj` (which gets it as its
    /// type). The underlying type and methods may be given now or later.
    pub fn new_named(&self, obj: ObjId, underlying: Option<TypeId>) -> TypeId {
        let id = self.push_type(Type::Named(NamedType {
            obj,
            instance: None,
            type_params: OnceLock::new(),
            underlying: cell(underlying),
            methods: OnceLock::new(),
        }));
        self.set_obj_type(obj, id);
        id
    }

    /// Sets a named type's underlying type, which must not be a named
    /// type or alias. Returns false if `named` is not a declared named type
    /// or already had one.
    pub fn set_underlying(&self, named: TypeId, underlying: TypeId) -> bool {
        match self.ty(named) {
            Type::Named(n) if n.instance.is_none() => n.underlying.set(underlying).is_ok(),
            _ => false,
        }
    }

    /// Sets the methods declared on a named type (all at once, right after
    /// the package's declarations are collected).
    pub fn set_methods(&self, named: TypeId, methods: Vec<ObjId>) -> bool {
        match self.ty(named) {
            Type::Named(n) if n.instance.is_none() => n.methods.set(methods.into()).is_ok(),
            _ => false,
        }
    }

    /// Sets the type parameters of a generic named type or alias.
    pub fn set_type_params(&self, generic: TypeId, params: Vec<TypeId>) -> bool {
        let cell = match self.ty(generic) {
            Type::Named(n) if n.instance.is_none() => &n.type_params,
            Type::Alias(a) if a.instance.is_none() => &a.type_params,
            _ => return false,
        };
        cell.set(params.into()).is_ok()
    }

    /// A type parameter declared by the type name `obj` (which gets it as
    /// its type) at position `index` of `owner`'s type parameter list.
    pub fn new_type_param(
        &self,
        obj: ObjId,
        index: u32,
        owner: ObjId,
        constraint: Option<TypeId>,
    ) -> TypeId {
        let id = self.push_type(Type::TypeParam(TypeParamType {
            obj,
            index,
            owner,
            constraint: cell(constraint),
            implicit_bound: OnceLock::new(),
        }));
        self.set_obj_type(obj, id);
        id
    }

    pub fn set_constraint(&self, type_param: TypeId, constraint: TypeId) -> bool {
        match self.ty(type_param) {
            Type::TypeParam(p) => p.constraint.set(constraint).is_ok(),
            _ => false,
        }
    }

    /// The alias declared by the type name `obj` (which gets it as its
    /// type), with its right-hand side given now or later.
    pub fn new_alias(&self, obj: ObjId, rhs: Option<TypeId>) -> TypeId {
        let id = self.push_type(Type::Alias(AliasType {
            obj,
            instance: None,
            type_params: OnceLock::new(),
            rhs: cell(rhs),
        }));
        self.set_obj_type(obj, id);
        id
    }

    pub fn set_alias_rhs(&self, alias: TypeId, rhs: TypeId) -> bool {
        match self.ty(alias) {
            Type::Alias(a) if a.instance.is_none() => a.rhs.set(rhs).is_ok(),
            _ => false,
        }
    }

    /// A new instance of the generic `origin` (no deduplication: see
    /// [`Store::instantiate`]).
    pub(crate) fn push_instance(&self, instance: Instance, obj: ObjId, is_alias: bool) -> TypeId {
        if is_alias {
            self.push_type(Type::Alias(AliasType {
                obj,
                instance: Some(instance),
                type_params: OnceLock::new(),
                rhs: OnceLock::new(),
            }))
        } else {
            self.push_type(Type::Named(NamedType {
                obj,
                instance: Some(instance),
                type_params: OnceLock::new(),
                underlying: OnceLock::new(),
                methods: OnceLock::new(),
            }))
        }
    }

    // ---- objects -----------------------------------------------------

    /// A new object; most callers want one of the `new_*` helpers.
    pub fn new_object(
        &self,
        kind: ObjKind,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        ty: Option<TypeId>,
    ) -> ObjId {
        ObjId(self.objects.push(Object {
            name,
            pkg,
            pos,
            kind,
            ty: cell(ty),
        }))
    }

    pub fn new_var(
        &self,
        kind: VarKind,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        ty: Option<TypeId>,
    ) -> ObjId {
        let var = Var {
            kind,
            embedded: false,
            origin: None,
        };
        self.new_object(ObjKind::Var(var), pkg, pos, name, ty)
    }

    /// A struct field; an embedded field's name is its type's name.
    pub fn new_field(
        &self,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        ty: TypeId,
        embedded: bool,
    ) -> ObjId {
        let var = Var {
            kind: VarKind::Field,
            embedded,
            origin: None,
        };
        self.new_object(ObjKind::Var(var), pkg, pos, name, Some(ty))
    }

    pub fn new_const(
        &self,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        ty: Option<TypeId>,
        value: Option<Value>,
    ) -> ObjId {
        self.new_object(ObjKind::Const(cell(value)), pkg, pos, name, ty)
    }

    /// A type name; its type is set by [`Store::new_named`],
    /// [`Store::new_alias`] or [`Store::new_type_param`].
    pub fn new_type_name(&self, pkg: Option<PkgId>, pos: Option<Pos>, name: Symbol) -> ObjId {
        self.new_object(ObjKind::TypeName, pkg, pos, name, None)
    }

    /// A function or method; `ptr_recv` says whether a method's receiver
    /// is written `*T`, for method sets needed before the signature is.
    pub fn new_func(
        &self,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        sig: Option<TypeId>,
        ptr_recv: bool,
    ) -> ObjId {
        let func = Func {
            origin: None,
            instance: None,
            ptr_recv_hint: ptr_recv,
        };
        self.new_object(ObjKind::Func(func), pkg, pos, name, sig)
    }

    pub fn new_pkg_name(
        &self,
        pkg: Option<PkgId>,
        pos: Option<Pos>,
        name: Symbol,
        imported: PkgId,
    ) -> ObjId {
        self.new_object(ObjKind::PkgName(imported), pkg, pos, name, None)
    }

    pub fn new_label(&self, pkg: Option<PkgId>, pos: Option<Pos>, name: Symbol) -> ObjId {
        self.new_object(ObjKind::Label, pkg, pos, name, None)
    }

    pub fn obj(&self, id: ObjId) -> &Object {
        self.objects.get(id.0).unwrap_or(&self.placeholder_obj)
    }

    /// The number of objects created so far.
    pub fn object_count(&self) -> u32 {
        self.objects.len()
    }

    /// The object's type; [`TypeId::INVALID`] while unknown, and for
    /// package names, labels and builtins. A method of an instantiated
    /// type gets its signature here on first use.
    pub fn obj_type(&self, id: ObjId) -> TypeId {
        self.known_obj_type(id).unwrap_or(TypeId::INVALID)
    }

    /// Like [`Store::obj_type`], but `None` while the type is not known.
    pub fn known_obj_type(&self, id: ObjId) -> Option<TypeId> {
        let obj = self.obj(id);
        if let Some(&ty) = obj.ty.get() {
            return Some(ty);
        }
        match &obj.kind {
            ObjKind::Func(Func {
                origin: Some(origin),
                instance: Some(instance),
                ..
            }) => {
                let sig = self.instance_method_signature(*origin, *instance)?;
                Some(*obj.ty.get_or_init(|| sig))
            }
            _ => None,
        }
    }

    /// Sets the object's type; false if it already had one.
    pub fn set_obj_type(&self, id: ObjId, ty: TypeId) -> bool {
        self.obj(id).ty.set(ty).is_ok()
    }

    pub fn const_value(&self, id: ObjId) -> Option<&Value> {
        match &self.obj(id).kind {
            ObjKind::Const(value) => value.get(),
            _ => None,
        }
    }

    /// Sets a constant's value; false if `id` is no constant or has one.
    pub fn set_const_value(&self, id: ObjId, value: Value) -> bool {
        match &self.obj(id).kind {
            ObjKind::Const(cell) => cell.set(value).is_ok(),
            _ => false,
        }
    }

    /// Whether a method's receiver is a pointer: from its signature, or
    /// before that from the declaration.
    pub fn has_ptr_recv(&self, func: ObjId) -> bool {
        let ObjKind::Func(f) = &self.obj(func).kind else {
            return false;
        };
        let ty = self.known_obj_type(func);
        if let Some(Type::Signature(sig)) = ty.map(|t| self.ty(t)) {
            if let Some(recv) = sig.recv {
                let recv_ty = self.unalias(self.obj_type(recv));
                return matches!(self.ty(recv_ty), Type::Pointer(_));
            }
        }
        match (f.origin, f.instance) {
            (Some(origin), Some(_)) => self.has_ptr_recv(origin),
            _ => f.ptr_recv_hint,
        }
    }

    /// Go's ordering of methods: exported before unexported, then by name,
    /// then (unexported only) by package path.
    pub(crate) fn compare_objects(&self, a: ObjId, b: ObjId) -> std::cmp::Ordering {
        let (x, y) = (self.obj(a), self.obj(b));
        let (ex, ey) = (x.is_exported(), y.is_exported());
        ey.cmp(&ex)
            .then_with(|| x.name.as_str().cmp(y.name.as_str()))
            .then_with(|| {
                if ex {
                    std::cmp::Ordering::Equal
                } else {
                    self.pkg_path(x.pkg).cmp(self.pkg_path(y.pkg))
                }
            })
    }

    // ---- packages ----------------------------------------------------

    pub fn new_package(&self, path: &str, name: &str) -> PkgId {
        PkgId(
            self.packages
                .push(Package::new(Symbol::intern(path), Symbol::intern(name))),
        )
    }

    pub fn package(&self, id: PkgId) -> &Package {
        self.packages.get(id.0).unwrap_or(&self.placeholder_pkg)
    }

    /// The path of `pkg`, empty for `None` (the universe).
    pub fn pkg_path(&self, pkg: Option<PkgId>) -> &'static str {
        pkg.map_or("", |p| self.package(p).path.as_str())
    }

    /// Publishes a package's scope, complete, for other threads; false if
    /// it was already published.
    pub fn publish_scope(&self, pkg: PkgId, scope: Scope) -> bool {
        self.package(pkg).scope.set(scope).is_ok()
    }

    pub fn set_imports(&self, pkg: PkgId, imports: Vec<PkgId>) -> bool {
        self.package(pkg).imports.set(imports.into()).is_ok()
    }

    // ---- universe ----------------------------------------------------

    pub(crate) fn universe_data(&self) -> &Universe {
        // Set in `new` before the store is handed out.
        self.universe.get().unwrap_or_else(|| unreachable!())
    }

    /// The layout of the target.
    pub fn sizes(&self) -> Sizes {
        self.sizes
    }

    /// The value `value` takes as a constant of kind `kind` on the target
    /// (see [`constant::representable`]).
    pub fn representable(&self, value: &Value, kind: BasicKind) -> Result<Value, Unrepresentable> {
        constant::representable(value, self.sizes.fixed_width_kind(kind))
    }

    /// The universe scope: predeclared types, constants, `nil`, builtins.
    pub fn universe(&self) -> &Scope {
        &self.universe_data().scope
    }

    /// Package `unsafe`.
    pub fn unsafe_package(&self) -> PkgId {
        self.universe_data().unsafe_pkg
    }

    /// The predeclared `error` type.
    pub fn error_type(&self) -> TypeId {
        self.universe_data().error
    }

    /// The predeclared `comparable` interface (a named type).
    pub fn comparable_type(&self) -> TypeId {
        self.universe_data().comparable
    }

    /// The predeclared alias `any`.
    pub fn any_type(&self) -> TypeId {
        self.universe_data().any
    }

    /// The predeclared constant `iota`.
    pub fn iota(&self) -> ObjId {
        self.universe_data().iota
    }
}

fn cell<T>(value: Option<T>) -> OnceLock<T> {
    let cell = OnceLock::new();
    if let Some(value) = value {
        let _ = cell.set(value);
    }
    cell
}
