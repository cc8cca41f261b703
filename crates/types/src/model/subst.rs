//! Substitution of type arguments for type parameters, and instantiation
//! of generic types, aliases and signatures.
//!
//! Instances of generic named types and aliases are deduplicated by
//! (origin, type arguments) and expanded lazily: an instance's underlying
//! type (or alias right-hand side) and its methods are substituted on first
//! use. Expansion only builds types and never computes identities or type
//! sets, so it cannot re-enter itself.

use super::lookup::NotImplemented;
use super::object::{Func, ObjId, ObjKind, Var};
use super::types::{Instance, InterfaceType, SignatureType, StructType, Term, Type, TypeId};
use super::Store;
use goescape_syntax::stack::ensure_sufficient_stack;
use rustc_hash::FxHashMap;

/// A mapping from type parameters to types.
#[derive(Clone, Debug, Default)]
pub struct SubstMap {
    pairs: Vec<(TypeId, TypeId)>,
}

impl SubstMap {
    /// Maps `params[i]` to `args[i]` (extra entries of either are ignored).
    pub fn new(params: &[TypeId], args: &[TypeId]) -> SubstMap {
        SubstMap {
            pairs: params.iter().copied().zip(args.iter().copied()).collect(),
        }
    }

    pub fn get(&self, param: TypeId) -> Option<TypeId> {
        self.pairs
            .iter()
            .find(|(p, _)| *p == param)
            .map(|&(_, a)| a)
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A substitution in progress.
struct Subster<'a> {
    store: &'a Store,
    map: &'a SubstMap,
    /// When expanding an instance, receivers of type `.0` (the origin)
    /// become `.1` (the instance), as interface methods' receivers must.
    recv_rebind: Option<(TypeId, TypeId)>,
    /// The substitutions made so far: types share their parts
    /// (`func(a, b T)` holds `T` twice), and substituting the tree they
    /// unfold to is exponential in its depth.
    done: FxHashMap<TypeId, TypeId>,
}

impl Store {
    /// `ty` with the type parameters in `map` replaced.
    pub fn subst(&self, ty: TypeId, map: &SubstMap) -> TypeId {
        if map.is_empty() {
            return ty;
        }
        Subster {
            store: self,
            map,
            recv_rebind: None,
            done: FxHashMap::default(),
        }
        .ty(ty)
    }

    /// The instance of the generic named type or alias `origin` with
    /// `args`, created on first request. [`TypeId::INVALID`] if `origin` is
    /// not generic. The number of arguments is not checked here (wrong
    /// counts expand to invalid types).
    pub fn instantiate(&self, origin: TypeId, args: Vec<TypeId>) -> TypeId {
        let (obj, is_alias) = match self.ty(origin) {
            Type::Named(n) if n.instance.is_none() => (n.obj, false),
            Type::Alias(a) if a.instance.is_none() => (a.obj, true),
            _ => return TypeId::INVALID,
        };
        let key = Instance {
            origin,
            args: args.into(),
        };
        self.instances
            .get_or_insert_with(key.clone(), || self.push_instance(key, obj, is_alias))
    }

    /// Checks that each type argument satisfies its type parameter's
    /// constraint (with the type arguments substituted into it); on
    /// failure, the index of the first that does not, and why.
    pub fn verify_type_args(
        &self,
        params: &[TypeId],
        args: &[TypeId],
    ) -> Result<(), (usize, NotImplemented)> {
        let map = SubstMap::new(params, args);
        for (i, (&param, &arg)) in params.iter().zip(args).enumerate() {
            let bound = self.subst(self.constraint(param), &map);
            self.check_implements(arg, bound, true)
                .map_err(|why| (i, why))?;
        }
        Ok(())
    }

    /// A generic function's signature with its type parameters replaced by
    /// `args`: a non-generic signature.
    pub fn instantiate_signature(&self, sig: TypeId, args: &[TypeId]) -> TypeId {
        let Type::Signature(s) = self.ty(sig) else {
            return TypeId::INVALID;
        };
        let map = SubstMap::new(&s.type_params, args);
        let mut subster = Subster {
            store: self,
            map: &map,
            recv_rebind: None,
            done: FxHashMap::default(),
        };
        let (params, results) = (subster.ty(s.params), subster.ty(s.results));
        let recv = s.recv.map(|r| subster.var(r).unwrap_or(r));
        self.new_signature(SignatureType {
            recv,
            type_params: Box::new([]),
            recv_type_params: s.recv_type_params.clone(),
            params,
            results,
            variadic: s.variadic,
        })
    }

    /// The underlying type (alias right-hand side) of `instance`, an
    /// instance of `origin` with `args`; `None` while the origin's is not
    /// known.
    pub(crate) fn expand_instance(
        &self,
        origin: TypeId,
        args: &[TypeId],
        instance: TypeId,
    ) -> Option<TypeId> {
        let params = self.type_params(origin);
        if params.len() != args.len() {
            return Some(TypeId::INVALID);
        }
        let declared = match self.ty(origin) {
            Type::Named(n) => {
                n.underlying.get()?;
                self.resolved_underlying(origin)?
            }
            Type::Alias(a) => *a.rhs.get()?,
            _ => return Some(TypeId::INVALID),
        };
        let map = SubstMap::new(params, args);
        Some(
            Subster {
                store: self,
                map: &map,
                recv_rebind: Some((origin, instance)),
                done: FxHashMap::default(),
            }
            .ty(declared),
        )
    }

    /// The methods of `instance`: one object per method of `origin`, whose
    /// signature is derived on first use. `None` while `origin`'s methods
    /// are not set.
    pub(crate) fn instance_methods(
        &self,
        origin: TypeId,
        instance: TypeId,
    ) -> Option<Box<[ObjId]>> {
        let Type::Named(n) = self.ty(origin) else {
            return None;
        };
        let methods = n.methods.get()?;
        Some(
            methods
                .iter()
                .map(|&m| {
                    let o = self.obj(m);
                    let func = Func {
                        origin: Some(m),
                        instance: Some(instance),
                        ptr_recv_hint: self.has_ptr_recv(m),
                    };
                    self.new_object(ObjKind::Func(func), o.pkg, o.pos, o.name, None)
                })
                .collect(),
        )
    }

    /// The signature of the method `origin` of a generic type as a method
    /// of `instance`: the receiver's type parameters replaced by the type
    /// arguments and the receiver typed `instance` or `*instance`. `None`
    /// while the origin method's signature is not known.
    pub(crate) fn instance_method_signature(
        &self,
        origin: ObjId,
        instance: TypeId,
    ) -> Option<TypeId> {
        let orig_sig = self.known_obj_type(origin)?;
        let Type::Signature(s) = self.ty(orig_sig) else {
            return Some(TypeId::INVALID);
        };
        let args = self.type_args(instance);
        let map = if s.recv_type_params.len() == args.len() {
            SubstMap::new(&s.recv_type_params, args)
        } else {
            SubstMap::default()
        };
        let mut subster = Subster {
            store: self,
            map: &map,
            recv_rebind: None,
            done: FxHashMap::default(),
        };
        let (params, results) = (subster.ty(s.params), subster.ty(s.results));
        let recv = s.recv.map(|r| {
            let recv_ty = if self.has_ptr_recv(origin) {
                self.pointer(instance)
            } else {
                instance
            };
            self.clone_var(r, recv_ty)
        });
        Some(self.new_signature(SignatureType {
            recv,
            type_params: s.type_params.clone(),
            recv_type_params: Box::new([]),
            params,
            results,
            variadic: s.variadic,
        }))
    }

    /// A copy of the variable `var` with type `ty`, remembering its origin.
    fn clone_var(&self, var: ObjId, ty: TypeId) -> ObjId {
        let o = self.obj(var);
        let ObjKind::Var(v) = &o.kind else {
            return var;
        };
        let copy = Var {
            kind: v.kind,
            embedded: v.embedded,
            origin: Some(v.origin.unwrap_or(var)),
        };
        self.new_object(ObjKind::Var(copy), o.pkg, o.pos, o.name, Some(ty))
    }
}

impl Subster<'_> {
    fn ty(&mut self, ty: TypeId) -> TypeId {
        match self.store.ty(ty) {
            Type::Basic(_) => return ty,
            Type::TypeParam(_) => return self.map.get(ty).unwrap_or(ty),
            _ => {}
        }
        if let Some(&done) = self.done.get(&ty) {
            return done;
        }
        let new = self.composite(ty);
        self.done.insert(ty, new);
        new
    }

    /// [`Subster::ty`] of a type other than a basic type or a type
    /// parameter.
    fn composite(&mut self, ty: TypeId) -> TypeId {
        ensure_sufficient_stack(|| {
            let store = self.store;
            match store.ty(ty) {
                Type::Basic(_) => ty,
                Type::Pointer(e) => {
                    let e2 = self.ty(*e);
                    if e2 == *e {
                        ty
                    } else {
                        store.pointer(e2)
                    }
                }
                Type::Slice(e) => {
                    let e2 = self.ty(*e);
                    if e2 == *e {
                        ty
                    } else {
                        store.slice(e2)
                    }
                }
                Type::Array { elem, len } => {
                    let e2 = self.ty(*elem);
                    if e2 == *elem {
                        ty
                    } else {
                        store.array(e2, *len)
                    }
                }
                Type::Map { key, elem } => {
                    let (k2, e2) = (self.ty(*key), self.ty(*elem));
                    if (k2, e2) == (*key, *elem) {
                        ty
                    } else {
                        store.map(k2, e2)
                    }
                }
                Type::Chan { dir, elem } => {
                    let e2 = self.ty(*elem);
                    if e2 == *elem {
                        ty
                    } else {
                        store.chan(*dir, e2)
                    }
                }
                Type::Struct(s) => self.struct_type(ty, s),
                Type::Tuple(t) => match self.vars(&t.vars) {
                    Some(vars) => store.new_tuple(vars),
                    None => ty,
                },
                Type::Signature(s) => {
                    let (params, results) = (self.ty(s.params), self.ty(s.results));
                    if (params, results) == (s.params, s.results) {
                        return ty;
                    }
                    store.new_signature(SignatureType {
                        recv: s.recv,
                        type_params: s.type_params.clone(),
                        recv_type_params: s.recv_type_params.clone(),
                        params,
                        results,
                        variadic: s.variadic,
                    })
                }
                Type::Interface(iface) => self.interface(ty, iface),
                Type::Union(terms) => {
                    let new: Vec<Term> = terms
                        .iter()
                        .map(|t| Term {
                            tilde: t.tilde,
                            ty: self.ty(t.ty),
                        })
                        .collect();
                    if new.as_slice() == &terms[..] {
                        ty
                    } else {
                        store.new_union(new)
                    }
                }
                Type::Named(n) => match &n.instance {
                    Some(inst) => self.instance(ty, inst),
                    None if store.type_params(ty).is_empty() => ty,
                    // A generic type used without instantiation: an error
                    // reported by the checker.
                    None => TypeId::INVALID,
                },
                Type::Alias(a) => match &a.instance {
                    Some(inst) => self.instance(ty, inst),
                    None if store.type_params(ty).is_empty() => ty,
                    None => TypeId::INVALID,
                },
                Type::TypeParam(_) => self.map.get(ty).unwrap_or(ty),
            }
        })
    }

    fn instance(&mut self, ty: TypeId, inst: &Instance) -> TypeId {
        let args: Vec<TypeId> = inst.args.iter().map(|&a| self.ty(a)).collect();
        if args.as_slice() == &inst.args[..] {
            ty
        } else {
            self.store.instantiate(inst.origin, args)
        }
    }

    fn struct_type(&mut self, ty: TypeId, s: &StructType) -> TypeId {
        match self.vars(&s.fields) {
            Some(fields) => self.store.new_struct(fields, s.tags.to_vec()),
            None => ty,
        }
    }

    /// Substituted copies of `vars`, or `None` if no type changes.
    fn vars(&mut self, vars: &[ObjId]) -> Option<Vec<ObjId>> {
        let new: Vec<Option<ObjId>> = vars.iter().map(|&v| self.var(v)).collect();
        if new.iter().all(Option::is_none) {
            return None;
        }
        Some(new.iter().zip(vars).map(|(n, &v)| n.unwrap_or(v)).collect())
    }

    /// A copy of `var` with its type substituted, if that changes it.
    fn var(&mut self, var: ObjId) -> Option<ObjId> {
        let ty = self.store.obj_type(var);
        let new = self.ty(ty);
        (new != ty).then(|| self.store.clone_var(var, new))
    }

    /// Interfaces are rebuilt when a method signature or embedded element
    /// changes, or when their methods' receivers must be rebound; the new
    /// methods' receivers are the new interface (or the instance).
    fn interface(&mut self, ty: TypeId, iface: &InterfaceType) -> TypeId {
        let store = self.store;
        let embedded: Vec<TypeId> = iface.embedded.iter().map(|&e| self.ty(e)).collect();
        let sigs: Vec<TypeId> = iface
            .methods
            .iter()
            .map(|&m| self.ty(store.obj_type(m)))
            .collect();
        let recv_of = |m: ObjId| match store.ty(store.obj_type(m)) {
            Type::Signature(s) => s.recv.map(|r| store.obj_type(r)),
            _ => None,
        };
        let rebind = self
            .recv_rebind
            .filter(|&(from, _)| iface.methods.iter().any(|&m| recv_of(m) == Some(from)));
        let unchanged = embedded.as_slice() == &iface.embedded[..]
            && sigs
                .iter()
                .zip(iface.methods.iter())
                .all(|(&s, &m)| s == store.obj_type(m));
        if unchanged && rebind.is_none() {
            return ty;
        }
        let methods: Vec<ObjId> = iface
            .methods
            .iter()
            .map(|&m| {
                let o = store.obj(m);
                let func = Func {
                    origin: Some(m),
                    instance: None,
                    ptr_recv_hint: false,
                };
                store.new_object(ObjKind::Func(func), o.pkg, o.pos, o.name, None)
            })
            .collect();
        let new_iface = store.make_interface(methods.clone(), embedded, iface.implicit);
        for ((&new_m, &old_m), sig) in methods.iter().zip(iface.methods.iter()).zip(sigs) {
            let new_recv_ty = match recv_of(old_m) {
                Some(r) if r == ty => Some(new_iface),
                Some(r) if rebind.is_some_and(|(from, _)| from == r) => rebind.map(|(_, to)| to),
                _ => None,
            };
            let sig = match (store.ty(sig), new_recv_ty) {
                (Type::Signature(s), Some(recv_ty)) => store.new_signature(SignatureType {
                    recv: s.recv.map(|r| store.clone_var(r, recv_ty)),
                    type_params: s.type_params.clone(),
                    recv_type_params: s.recv_type_params.clone(),
                    params: s.params,
                    results: s.results,
                    variadic: s.variadic,
                }),
                _ => sig,
            };
            store.set_obj_type(new_m, sig);
        }
        new_iface
    }
}
