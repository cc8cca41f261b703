//! Predicates on types: comparability, ordering, nil-ability, and the
//! common underlying type of a type parameter's type set.

use super::object::{ObjId, ObjKind};
use super::types::{BasicKind, ChanDir, Term, Type, TypeId};
use super::typeset::{Completeness, TermList};
use super::Store;
use goescape_syntax::stack::ensure_sufficient_stack;

/// Why a type parameter has no common underlying type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NoCoreType {
    /// The type set has no specific types (only methods, or all types).
    NoSpecificType,
    /// Two terms have different underlying types.
    DifferentUnderlying(TypeId, TypeId),
    /// Two channel terms have different element types.
    DifferentChanElems(TypeId, TypeId),
    /// A send-only and a receive-only channel term.
    ConflictingChanDirs(TypeId, TypeId),
}

impl Store {
    /// Whether values of `ty` can be compared with `==` (the spec's
    /// comparable: interfaces count, they may panic at run time).
    pub fn is_comparable(&self, ty: TypeId) -> bool {
        self.comparable_tracked(ty, true, &mut Completeness(true))
    }

    /// Whether `ty` is strictly comparable: comparable, and not an
    /// interface or made of interfaces (what `comparable` requires of type
    /// arguments).
    pub fn is_strictly_comparable(&self, ty: TypeId) -> bool {
        self.comparable_tracked(ty, false, &mut Completeness(true))
    }

    /// go/types' `comparableType`; `dynamic` admits interfaces that are not
    /// type parameters.
    pub(crate) fn comparable_tracked(
        &self,
        ty: TypeId,
        dynamic: bool,
        complete: &mut Completeness,
    ) -> bool {
        let mut seen = Vec::new();
        self.comparable_rec(ty, dynamic, &mut seen, complete)
    }

    fn comparable_rec(
        &self,
        ty: TypeId,
        dynamic: bool,
        seen: &mut Vec<TypeId>,
        complete: &mut Completeness,
    ) -> bool {
        ensure_sufficient_stack(|| {
            if seen.contains(&ty) {
                return true;
            }
            seen.push(ty);
            let Some(u) = self.resolved_underlying(ty) else {
                complete.0 = false;
                return true;
            };
            match self.ty(u) {
                Type::Basic(b) => b.kind != BasicKind::UntypedNil,
                Type::Pointer(_) | Type::Chan { .. } => true,
                Type::Struct(s) => s
                    .fields
                    .iter()
                    .all(|&f| self.comparable_rec(self.obj_type(f), dynamic, seen, complete)),
                Type::Array { elem, .. } => self.comparable_rec(*elem, dynamic, seen, complete),
                Type::Interface(_) => {
                    if dynamic && !self.is_type_param(ty) {
                        return true;
                    }
                    let set = self.interface_type_set(u, &mut Vec::new(), complete);
                    match &set.terms {
                        TermList::All => set.comparable,
                        TermList::Terms(terms) if terms.is_empty() => false,
                        TermList::Terms(terms) => terms
                            .iter()
                            .all(|t| self.comparable_rec(t.ty, false, seen, complete)),
                    }
                }
                _ => false,
            }
        })
    }

    /// Calls `f` with each term of a type parameter's type set, or with
    /// `None` once if it has no specific types; other types are their own
    /// single term. Stops at the first `false`.
    pub fn all_terms(&self, ty: TypeId, mut f: impl FnMut(Option<Term>) -> bool) -> bool {
        if !self.is_type_param(ty) {
            return f(Some(Term { tilde: false, ty }));
        }
        let set = self.type_set(ty);
        match set.terms.terms() {
            Some(terms) if !terms.is_empty() => terms.iter().all(|&t| f(Some(t))),
            _ => f(None),
        }
    }

    /// Whether every type in `ty`'s type set (just `ty` if it is no type
    /// parameter) has an underlying basic type satisfying `pred`.
    pub fn all_basic(&self, ty: TypeId, pred: impl Fn(BasicKind) -> bool) -> bool {
        self.all_terms(ty, |term| {
            term.is_some_and(|t| self.basic_kind(t.ty).is_some_and(&pred))
        })
    }

    /// Whether values of `ty` can be ordered with `<` (for a type
    /// parameter: all types in its type set can).
    pub fn is_ordered(&self, ty: TypeId) -> bool {
        self.all_basic(ty, BasicKind::is_ordered)
    }

    /// Whether `nil` is a value of `ty`.
    pub fn has_nil(&self, ty: TypeId) -> bool {
        let u = self.underlying(ty);
        match self.ty(u) {
            Type::Basic(b) => b.kind == BasicKind::UnsafePointer,
            Type::Slice(_)
            | Type::Pointer(_)
            | Type::Signature(_)
            | Type::Map { .. }
            | Type::Chan { .. } => true,
            Type::Interface(_) => {
                !self.is_type_param(ty)
                    || self.all_terms(ty, |t| {
                        t.is_some_and(|t| self.has_nil(self.underlying(t.ty)))
                    })
            }
            _ => false,
        }
    }

    /// Whether `ty` has a name: a basic, named or type parameter type.
    pub fn has_name(&self, ty: TypeId) -> bool {
        matches!(
            self.ty(self.unalias(ty)),
            Type::Basic(_) | Type::Named(_) | Type::TypeParam(_)
        )
    }

    /// The common underlying type of all types in `ty`'s type set (for
    /// other types their underlying type), as Go 1.25+ computes it in
    /// place of the earlier "core type"; among channels with identical
    /// element types a directional one wins over a bidirectional one.
    pub fn core_type(&self, ty: TypeId) -> Result<TypeId, NoCoreType> {
        if !self.is_type_param(ty) {
            return Ok(self.underlying(ty));
        }
        let mut common: Option<(TypeId, TypeId)> = None; // (term type, underlying)
        let mut error = None;
        self.all_terms(ty, |term| {
            let Some(term) = term else {
                error = Some(NoCoreType::NoSpecificType);
                return false;
            };
            let u = self.underlying(term.ty);
            let Some((ct, cu)) = common else {
                common = Some((term.ty, u));
                return true;
            };
            if let (Some((cdir, celem)), Some((dir, elem))) = (self.chan_of(cu), self.chan_of(u)) {
                if !self.identical(celem, elem) {
                    error = Some(NoCoreType::DifferentChanElems(ct, term.ty));
                    return false;
                }
                if cdir != dir {
                    if cdir == ChanDir::Both {
                        // Switch to the restricted channel.
                        common = Some((term.ty, u));
                    } else if dir != ChanDir::Both {
                        error = Some(NoCoreType::ConflictingChanDirs(ct, term.ty));
                        return false;
                    }
                }
                return true;
            }
            if !self.identical(cu, u) {
                error = Some(NoCoreType::DifferentUnderlying(ct, term.ty));
                return false;
            }
            true
        });
        match (error, common) {
            (Some(e), _) => Err(e),
            (None, Some((_, u))) => Ok(u),
            (None, None) => Err(NoCoreType::NoSpecificType),
        }
    }

    /// Whether `ty`'s type set is empty (a type parameter whose constraint
    /// admits no type).
    pub fn has_empty_type_set(&self, ty: TypeId) -> bool {
        self.is_type_param(ty) && self.type_set(ty).is_empty()
    }

    /// Whether a variable is an embedded struct field.
    pub fn is_embedded(&self, var: ObjId) -> bool {
        matches!(&self.obj(var).kind, ObjKind::Var(v) if v.embedded)
    }
}
