//! Basic questions about types: underlying types, aliases, type
//! parameters and arguments, methods.

use rustc_hash::FxHashSet;

use super::object::ObjId;
use super::types::{BasicKind, ChanDir, SignatureType, Type, TypeId};
use super::Store;

/// Longest alias or named-type chain followed before giving up; chains
/// this long only arise from invalid cyclic declarations.
const MAX_CHAIN: usize = 1000;

impl Store {
    /// `ty` with aliases replaced by what they stand for.
    pub fn unalias(&self, ty: TypeId) -> TypeId {
        self.resolved_unalias(ty).unwrap_or(TypeId::INVALID)
    }

    /// Like [`Store::unalias`], but `None` while an alias on the way has no
    /// right-hand side yet.
    pub(crate) fn resolved_unalias(&self, mut ty: TypeId) -> Option<TypeId> {
        for _ in 0..MAX_CHAIN {
            match self.ty(ty) {
                Type::Alias(_) => ty = self.alias_rhs(ty)?,
                _ => return Some(ty),
            }
        }
        Some(TypeId::INVALID)
    }

    /// An alias's right-hand side (computed on first use for an instance
    /// of a generic alias); `None` if not known yet.
    pub fn alias_rhs(&self, alias: TypeId) -> Option<TypeId> {
        let Type::Alias(a) = self.ty(alias) else {
            return None;
        };
        if let Some(&rhs) = a.rhs.get() {
            return Some(rhs);
        }
        let inst = a.instance.as_ref()?;
        let rhs = self.expand_instance(inst.origin, &inst.args, alias)?;
        Some(*a.rhs.get_or_init(|| rhs))
    }

    /// Whether `found` holds of `ty` or of a type it is built from:
    /// element, key, field, parameter and result types, what aliases
    /// stand for, and type arguments of instances (not the underlying
    /// types of named types). Each type is looked at once: types share
    /// their parts (`func(a, b T)` holds `T` twice), and a walk of the
    /// tree they unfold to is exponential in its depth.
    pub fn mentions(&self, ty: TypeId, found: impl Fn(&Type) -> bool) -> bool {
        let mut seen = FxHashSet::default();
        let mut pending = vec![ty];
        while let Some(ty) = pending.pop() {
            if !seen.insert(ty) {
                continue;
            }
            let t = self.ty(ty);
            if found(t) {
                return true;
            }
            match t {
                Type::Pointer(e) | Type::Slice(e) => pending.push(*e),
                Type::Array { elem, .. } | Type::Chan { elem, .. } => pending.push(*elem),
                Type::Map { key, elem } => pending.extend([*key, *elem]),
                Type::Named(n) => {
                    if let Some(instance) = &n.instance {
                        pending.extend(instance.args.iter().copied());
                    }
                }
                Type::Signature(s) => pending.extend([s.params, s.results]),
                Type::Tuple(t) => pending.extend(t.vars.iter().map(|&v| self.obj_type(v))),
                Type::Struct(s) => pending.extend(s.fields.iter().map(|&f| self.obj_type(f))),
                Type::Alias(_) => pending.push(self.unalias(ty)),
                _ => {}
            }
        }
        false
    }

    /// The underlying type: the type itself for basic and composite types,
    /// the declared type structure of a named type, a type parameter's
    /// constraint interface. [`TypeId::INVALID`] for a named type whose
    /// underlying type is not set yet.
    pub fn underlying(&self, ty: TypeId) -> TypeId {
        self.resolved_underlying(ty).unwrap_or(TypeId::INVALID)
    }

    /// Like [`Store::underlying`], but `None` while not yet known.
    pub(crate) fn resolved_underlying(&self, ty: TypeId) -> Option<TypeId> {
        let mut ty = self.resolved_unalias(ty)?;
        for _ in 0..MAX_CHAIN {
            match self.ty(ty) {
                Type::Named(_) => ty = self.resolved_unalias(self.named_rhs(ty)?)?,
                Type::TypeParam(_) => return Some(self.bound_interface(ty)),
                _ => return Some(ty),
            }
        }
        Some(TypeId::INVALID)
    }

    /// What a named type was declared as (expanded for instances).
    fn named_rhs(&self, named: TypeId) -> Option<TypeId> {
        let Type::Named(n) = self.ty(named) else {
            return None;
        };
        if let Some(&u) = n.underlying.get() {
            return Some(u);
        }
        let inst = n.instance.as_ref()?;
        let u = self.expand_instance(inst.origin, &inst.args, named)?;
        Some(*n.underlying.get_or_init(|| u))
    }

    /// The interface a type parameter's constraint stands for.
    pub fn bound_interface(&self, type_param: TypeId) -> TypeId {
        let Type::TypeParam(p) = self.ty(type_param) else {
            return TypeId::INVALID;
        };
        let Some(&constraint) = p.constraint.get() else {
            return self.universe_data().any_interface;
        };
        if self.is_type_param(constraint) {
            // An error reported by the checker.
            return self.universe_data().any_interface;
        }
        let u = self.underlying(constraint);
        match self.ty(u) {
            Type::Interface(_) => u,
            Type::Basic(b) if b.kind == BasicKind::Invalid => self.universe_data().any_interface,
            _ => *p
                .implicit_bound
                .get_or_init(|| self.new_implicit_interface(constraint)),
        }
    }

    /// A type parameter's constraint as declared ([`TypeId::INVALID`] if
    /// not set yet).
    pub fn constraint(&self, type_param: TypeId) -> TypeId {
        match self.ty(type_param) {
            Type::TypeParam(p) => p.constraint.get().copied().unwrap_or(TypeId::INVALID),
            _ => TypeId::INVALID,
        }
    }

    /// The type parameters of a generic named type, alias or function type
    /// (for an instance, its origin's).
    pub fn type_params(&self, ty: TypeId) -> &[TypeId] {
        let (cell, instance) = match self.ty(ty) {
            Type::Named(n) => (&n.type_params, &n.instance),
            Type::Alias(a) => (&a.type_params, &a.instance),
            Type::Signature(s) => return &s.type_params,
            _ => return &[],
        };
        match instance {
            Some(inst) => self.type_params(inst.origin),
            None => cell.get().map_or(&[], |params| params),
        }
    }

    /// The type arguments of an instance.
    pub fn type_args(&self, ty: TypeId) -> &[TypeId] {
        match self.ty(ty) {
            Type::Named(n) => n.instance.as_ref().map_or(&[], |i| &i.args),
            Type::Alias(a) => a.instance.as_ref().map_or(&[], |i| &i.args),
            _ => &[],
        }
    }

    /// The generic type an instance was made from; other types themselves.
    pub fn origin(&self, ty: TypeId) -> TypeId {
        match self.ty(ty) {
            Type::Named(n) => n.instance.as_ref().map_or(ty, |i| i.origin),
            Type::Alias(a) => a.instance.as_ref().map_or(ty, |i| i.origin),
            _ => ty,
        }
    }

    /// Whether `ty` is a generic type not yet instantiated.
    pub fn is_generic(&self, ty: TypeId) -> bool {
        match self.ty(ty) {
            Type::Named(n) => n.instance.is_none() && !self.type_params(ty).is_empty(),
            Type::Alias(a) => a.instance.is_none() && !self.type_params(ty).is_empty(),
            _ => false,
        }
    }

    /// The type name of a named type, alias or type parameter.
    pub fn type_name(&self, ty: TypeId) -> Option<ObjId> {
        match self.ty(ty) {
            Type::Named(n) => Some(n.obj),
            Type::Alias(a) => Some(a.obj),
            Type::TypeParam(p) => Some(p.obj),
            _ => None,
        }
    }

    /// The methods declared on a named type, in declaration order (for an
    /// instance, its origin's methods instantiated).
    pub fn methods(&self, ty: TypeId) -> &[ObjId] {
        let ty = self.unalias(ty);
        let Type::Named(n) = self.ty(ty) else {
            return &[];
        };
        if let Some(methods) = n.methods.get() {
            return methods;
        }
        match &n.instance {
            Some(inst) => match self.instance_methods(inst.origin, ty) {
                Some(methods) => n.methods.get_or_init(|| methods),
                None => &[],
            },
            None => &[],
        }
    }

    pub fn is_type_param(&self, ty: TypeId) -> bool {
        matches!(self.ty(self.unalias(ty)), Type::TypeParam(_))
    }

    pub fn is_interface(&self, ty: TypeId) -> bool {
        matches!(self.ty(self.underlying(ty)), Type::Interface(_))
    }

    /// An interface that is not a type parameter's constraint.
    pub fn is_non_type_param_interface(&self, ty: TypeId) -> bool {
        !self.is_type_param(ty) && self.is_interface(ty)
    }

    /// The basic kind of `ty`'s underlying type.
    pub fn basic_kind(&self, ty: TypeId) -> Option<BasicKind> {
        match self.ty(self.underlying(ty)) {
            Type::Basic(b) => Some(b.kind),
            _ => None,
        }
    }

    pub fn is_valid(&self, ty: TypeId) -> bool {
        self.unalias(ty) != TypeId::INVALID
    }

    /// Whether `ty` is invalid as far as known yet: unlike
    /// [`Store::is_valid`], an alias whose right-hand side is still being
    /// resolved (in a declaration cycle) is not.
    pub fn is_known_invalid(&self, ty: TypeId) -> bool {
        self.resolved_unalias(ty) == Some(TypeId::INVALID)
    }

    /// Whether `ty` is an untyped basic type (not looking through names).
    pub fn is_untyped(&self, ty: TypeId) -> bool {
        matches!(self.ty(ty), Type::Basic(b) if b.kind.is_untyped())
    }

    /// `ty` if it is a pointer type (not a named one), with its element.
    pub fn pointer_elem(&self, ty: TypeId) -> Option<TypeId> {
        match self.ty(self.unalias(ty)) {
            Type::Pointer(e) => Some(*e),
            _ => None,
        }
    }

    /// The element type of a channel type's underlying type.
    pub fn chan_of(&self, ty: TypeId) -> Option<(ChanDir, TypeId)> {
        match self.ty(self.underlying(ty)) {
            Type::Chan { dir, elem } => Some((*dir, *elem)),
            _ => None,
        }
    }

    /// The signature `ty` stands for (not looking through names).
    pub fn signature(&self, ty: TypeId) -> Option<&SignatureType> {
        match self.ty(ty) {
            Type::Signature(s) => Some(s),
            _ => None,
        }
    }

    /// The fields of a struct type (not looking through names).
    pub fn struct_fields(&self, ty: TypeId) -> &[ObjId] {
        match self.ty(ty) {
            Type::Struct(s) => &s.fields,
            _ => &[],
        }
    }

    /// The variables of a tuple type.
    pub fn tuple_vars(&self, tuple: TypeId) -> &[ObjId] {
        match self.ty(tuple) {
            Type::Tuple(t) => &t.vars,
            _ => &[],
        }
    }

    /// The default type of an untyped type (`int` for `untyped int`, `rune`
    /// for `untyped rune`); other types themselves.
    pub fn default_type(&self, ty: TypeId) -> TypeId {
        let Type::Basic(b) = self.ty(ty) else {
            return ty;
        };
        match b.kind {
            BasicKind::UntypedBool => TypeId::basic(BasicKind::Bool),
            BasicKind::UntypedInt => TypeId::basic(BasicKind::Int),
            BasicKind::UntypedRune => TypeId::RUNE,
            BasicKind::UntypedFloat => TypeId::basic(BasicKind::Float64),
            BasicKind::UntypedComplex => TypeId::basic(BasicKind::Complex128),
            BasicKind::UntypedString => TypeId::basic(BasicKind::String),
            _ => ty,
        }
    }
}
