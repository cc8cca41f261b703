//! Assignability and convertibility of values.

use crate::constant::Value;

use super::lookup::NotImplemented;
use super::types::{BasicKind, ChanDir, Type, TypeId};
use super::Store;

/// A value as assignability sees it: its type, and its value if it is a
/// constant. `nil` is a non-constant of type `untyped nil`.
#[derive(Clone, Copy, Debug)]
pub struct Operand<'a> {
    pub ty: TypeId,
    pub constant: Option<&'a Value>,
}

impl<'a> Operand<'a> {
    pub fn value(ty: TypeId) -> Operand<'a> {
        Operand { ty, constant: None }
    }

    pub fn constant(ty: TypeId, value: &'a Value) -> Operand<'a> {
        Operand {
            ty,
            constant: Some(value),
        }
    }
}

/// Why a value is not assignable to a type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NotAssignable {
    Incompatible,
    /// The target is an interface the value's type does not implement.
    DoesNotImplement(NotImplemented),
    /// The value is an interface and the target implements it: a type
    /// assertion would work.
    NeedsTypeAssertion,
}

impl Store {
    /// The type an untyped operand takes when used as a `target` value
    /// (`untyped nil` for `nil`, the default type for an empty interface);
    /// `None` if it cannot be used so (constants must be representable).
    /// Typed operands keep their type.
    pub fn implicit_type(&self, x: &Operand, target: TypeId) -> Option<TypeId> {
        let Type::Basic(xb) = self.ty(x.ty) else {
            return Some(x.ty);
        };
        if !xb.kind.is_untyped() || !self.is_valid(target) {
            return Some(x.ty);
        }
        if self.is_untyped(target) {
            return self.larger_untyped(x.ty, target);
        }
        let nil = TypeId::basic(BasicKind::UntypedNil);
        let is_nil = xb.kind == BasicKind::UntypedNil;
        let u = self.underlying(target);
        match self.ty(u) {
            Type::Basic(tb) => {
                let fits = match x.constant {
                    Some(value) => self.representable(value, tb.kind).is_ok(),
                    None => match xb.kind {
                        BasicKind::UntypedBool => tb.kind.is_boolean(),
                        BasicKind::UntypedString => tb.kind.is_string(),
                        BasicKind::UntypedNil => return self.has_nil(target).then_some(nil),
                        k if k.is_numeric() => tb.kind.is_numeric(),
                        _ => false,
                    },
                };
                fits.then_some(target)
            }
            Type::Interface(_) if self.is_type_param(target) => {
                let all_fit = self.all_terms(target, |term| {
                    term.is_some_and(|t| self.implicit_type(x, self.underlying(t.ty)).is_some())
                });
                match (all_fit, is_nil) {
                    (false, _) => None,
                    (true, true) => Some(nil),
                    (true, false) => Some(target),
                }
            }
            Type::Interface(_) if is_nil => Some(nil),
            // Untyped values only become empty interfaces (via their
            // default type).
            Type::Interface(_) => self.type_set(u).is_all().then(|| self.default_type(x.ty)),
            Type::Pointer(_)
            | Type::Signature(_)
            | Type::Slice(_)
            | Type::Map { .. }
            | Type::Chan { .. } => is_nil.then_some(nil),
            _ => None,
        }
    }

    /// Of two untyped types, the one both can be used as: the same type,
    /// or for numeric kinds the larger (int < rune < float < complex).
    fn larger_untyped(&self, x: TypeId, y: TypeId) -> Option<TypeId> {
        if x == y {
            return Some(x);
        }
        match (self.ty(x), self.ty(y)) {
            (Type::Basic(a), Type::Basic(b))
                if a.kind.is_untyped()
                    && a.kind.is_numeric()
                    && b.kind.is_untyped()
                    && b.kind.is_numeric() =>
            {
                Some(if a.kind > b.kind { x } else { y })
            }
            _ => None,
        }
    }

    /// Whether `x` can be assigned to a variable of type `t` (the spec's
    /// assignability, with go/types' handling of type parameters).
    /// Invalid types are assignable, to avoid follow-on errors.
    pub fn assignable_to(&self, x: &Operand, t: TypeId) -> Result<(), NotAssignable> {
        if !self.is_valid(x.ty) || !self.is_valid(t) {
            return Ok(());
        }
        let v = self.unalias(x.ty);
        let t = self.unalias(t);
        if self.identical(v, t) {
            return Ok(());
        }
        let (vu, tu) = (self.underlying(v), self.underlying(t));
        // A pointer to an invalid type stands for a pointer to an unknown C
        // type (the checker makes no other): it may be any pointer.
        let to_c = |ty: TypeId| self.pointer_elem(ty) == Some(TypeId::INVALID);
        if (to_c(vu) && self.pointer_elem(tu).is_some())
            || (to_c(tu) && self.pointer_elem(vu).is_some())
        {
            return Ok(());
        }
        let (v_param, t_param) = (self.is_type_param(v), self.is_type_param(t));

        if self.is_untyped(vu) {
            let ok = if t_param {
                self.all_terms(t, |term| {
                    term.is_some_and(|term| self.implicit_type(x, term.ty).is_some())
                })
            } else {
                self.implicit_type(x, t).is_some()
            };
            return if ok {
                Ok(())
            } else {
                Err(NotAssignable::Incompatible)
            };
        }

        if self.identical(vu, tu)
            && (!self.has_name(v) || !self.has_name(t))
            && !v_param
            && !t_param
        {
            return Ok(());
        }

        let t_interface = matches!(self.ty(tu), Type::Interface(_));
        let t_interface_ptr = matches!(self.ty(tu), Type::Pointer(e) if self.is_interface(*e));
        if t_interface && !t_param || t_interface_ptr {
            match self.check_implements(v, t, false) {
                Ok(()) => return Ok(()),
                Err(reason) if !v_param => return Err(NotAssignable::DoesNotImplement(reason)),
                Err(_) => {}
            }
        }

        if matches!(self.ty(vu), Type::Interface(_)) && !v_param && self.implements(t, v) {
            return Err(NotAssignable::NeedsTypeAssertion);
        }

        if let (Some((ChanDir::Both, v_elem)), Some((_, t_elem))) =
            (self.chan_of(vu), self.chan_of(tu))
        {
            if self.identical(v_elem, t_elem) {
                return if !self.has_name(v) || !self.has_name(t) {
                    Ok(())
                } else {
                    Err(NotAssignable::Incompatible)
                };
            }
        }

        let all_ok = if !self.has_name(v) && t_param {
            self.all_terms(t, |term| {
                term.is_some_and(|term| self.assignable_to(x, term.ty).is_ok())
            })
        } else if v_param && !self.has_name(t) {
            self.all_terms(v, |term| {
                term.is_some_and(|term| {
                    let y = Operand {
                        ty: term.ty,
                        constant: x.constant,
                    };
                    self.assignable_to(&y, t).is_ok()
                })
            })
        } else {
            false
        };
        if all_ok {
            Ok(())
        } else {
            Err(NotAssignable::Incompatible)
        }
    }

    /// Whether `x` can be converted to type `t` with `t(x)` (not looking
    /// at constant values: constant conversions also need the value to be
    /// representable, which the checker tests).
    pub fn convertible_to(&self, x: &Operand, t: TypeId) -> bool {
        if self.assignable_to(x, t).is_ok() {
            return true;
        }
        let v = self.unalias(x.ty);
        let t = self.unalias(t);
        let (vu, tu) = (self.underlying(v), self.underlying(t));
        let (v_param, t_param) = (self.is_type_param(v), self.is_type_param(t));

        if self.identical_ignoring_tags(vu, tu) && !v_param && !t_param {
            return true;
        }
        // Unnamed pointers to types with identical underlying types.
        if let (Type::Pointer(vb), Type::Pointer(tb)) = (self.ty(v), self.ty(t)) {
            if self.identical_ignoring_tags(self.underlying(*vb), self.underlying(*tb))
                && !self.is_type_param(*vb)
                && !self.is_type_param(*tb)
            {
                return true;
            }
        }
        let vk = self.basic_kind(vu);
        let tk = self.basic_kind(tu);
        let kind_is = |k: Option<BasicKind>, f: fn(BasicKind) -> bool| k.is_some_and(f);
        let int_or_float = |k: BasicKind| k.is_integer() || k.is_float();
        if kind_is(vk, int_or_float) && kind_is(tk, int_or_float) {
            return true;
        }
        if kind_is(vk, BasicKind::is_complex) && kind_is(tk, BasicKind::is_complex) {
            return true;
        }
        if (kind_is(vk, BasicKind::is_integer) || self.is_bytes_or_runes(vu))
            && kind_is(tk, BasicKind::is_string)
        {
            return true;
        }
        if kind_is(vk, BasicKind::is_string) && self.is_bytes_or_runes(tu) {
            return true;
        }
        let is_unsafe_pointer = |k: Option<BasicKind>| k == Some(BasicKind::UnsafePointer);
        let is_uintptr = |k: Option<BasicKind>| k == Some(BasicKind::Uintptr);
        let is_pointer = |u: TypeId| matches!(self.ty(u), Type::Pointer(_));
        if (is_pointer(vu) || is_uintptr(vk)) && is_unsafe_pointer(tk) {
            return true;
        }
        if is_unsafe_pointer(vk) && (is_pointer(tu) || is_uintptr(tk)) {
            return true;
        }
        // Slices to arrays and to array pointers.
        if let Type::Slice(s_elem) = self.ty(vu) {
            match self.ty(tu) {
                Type::Array { elem, .. } if self.identical(*s_elem, *elem) => return true,
                Type::Pointer(base) => {
                    if let Type::Array { elem, .. } = self.ty(self.underlying(*base)) {
                        if self.identical(*s_elem, *elem) {
                            return true;
                        }
                    }
                }
                _ => {}
            }
        }
        match (v_param, t_param) {
            (false, false) => false,
            (true, true) => self.all_terms(v, |vt| {
                vt.is_some_and(|vt| {
                    let y = Operand {
                        ty: vt.ty,
                        constant: x.constant,
                    };
                    self.all_terms(t, |tt| tt.is_some_and(|tt| self.convertible_to(&y, tt.ty)))
                })
            }),
            (true, false) => self.all_terms(v, |vt| {
                vt.is_some_and(|vt| {
                    let y = Operand {
                        ty: vt.ty,
                        constant: x.constant,
                    };
                    self.convertible_to(&y, t)
                })
            }),
            (false, true) => {
                self.all_terms(t, |tt| tt.is_some_and(|tt| self.convertible_to(x, tt.ty)))
            }
        }
    }

    /// `[]byte` or `[]rune` (by underlying element kind).
    fn is_bytes_or_runes(&self, u: TypeId) -> bool {
        match self.ty(u) {
            Type::Slice(elem) => matches!(
                self.basic_kind(*elem),
                Some(BasicKind::Uint8 | BasicKind::Int32)
            ),
            _ => false,
        }
    }
}
