//! Whether a constant fits a basic type, and the value it becomes there.

use std::fmt;

use crate::basic::BasicKind;

use super::{Kind, Value};

/// Why a constant does not fit a basic type; gc's diagnostics end in
/// "(overflows)" or "(truncated)" for the first two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unrepresentable {
    /// A number out of the type's range, or a complex number with an
    /// imaginary part given a float type.
    Overflow,
    /// A float or complex value that is not an integer, for an integer type.
    Truncated,
    /// A value of another kind altogether (a string for an `int`).
    Mismatch,
}

impl fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unrepresentable::Overflow => "overflows",
            Unrepresentable::Truncated => "truncated",
            Unrepresentable::Mismatch => "cannot be represented",
        })
    }
}

enum Category {
    Integer,
    Float,
    Complex,
    String,
    Bool,
}

impl BasicKind {
    /// What constants of the kind are; `None` for the kinds constants
    /// never have (invalid, `unsafe.Pointer`, untyped nil).
    fn category(self) -> Option<Category> {
        Some(if self.is_integer() {
            Category::Integer
        } else if self.is_float() {
            Category::Float
        } else if self.is_complex() {
            Category::Complex
        } else if self.is_string() {
            Category::String
        } else if self.is_boolean() {
            Category::Bool
        } else {
            return None;
        })
    }

    /// The inclusive value range of a sized integer type.
    fn int_range(self) -> Option<(i128, i128)> {
        use BasicKind::*;
        let signed = |bits: u32| (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
        let unsigned = |bits: u32| (0, (1i128 << bits) - 1);
        Some(match self {
            Int8 => signed(8),
            Int16 => signed(16),
            Int32 => signed(32),
            Int | Int64 => signed(64),
            Uint8 => unsigned(8),
            Uint16 => unsigned(16),
            Uint32 => unsigned(32),
            Uint | Uint64 | Uintptr => unsigned(64),
            _ => return None,
        })
    }
}

/// The value `value` takes as a constant of type `kind`, as Go's type
/// checker computes it: integers must be exact and in range, floats are
/// rounded to float32/float64 (ties to even; overflowing to infinity is an
/// error), complex numbers part by part. An unknown value is accepted as
/// is, so one error does not cascade. Kinds no constant has (invalid,
/// `unsafe.Pointer`, untyped nil) are a [`Unrepresentable::Mismatch`].
pub fn representable(value: &Value, kind: BasicKind) -> Result<Value, Unrepresentable> {
    if value.is_unknown() {
        return Ok(value.clone());
    }
    let Some(category) = kind.category() else {
        return Err(Unrepresentable::Mismatch);
    };
    let fits = match category {
        Category::Integer => {
            let int = value.to_int();
            let in_range = match kind.int_range() {
                None => int.kind() == Kind::Int,
                Some((min, max)) => int_as_i128(&int).is_some_and(|x| (min..=max).contains(&x)),
            };
            in_range.then_some(int)
        }
        Category::Float => {
            let float = value.to_float();
            match kind {
                BasicKind::Float32 => round_float32(&float),
                BasicKind::Float64 => round_float64(&float),
                _ => (float.kind() == Kind::Float).then_some(float),
            }
        }
        Category::Complex => {
            let complex = value.to_complex();
            let (re, im) = (complex.real(), complex.imag());
            let parts = match kind {
                BasicKind::Complex64 => round_float32(&re).zip(round_float32(&im)),
                BasicKind::Complex128 => round_float64(&re).zip(round_float64(&im)),
                _ => Some((re, im)),
            };
            parts
                .map(|(re, im)| Value::complex(&re, &im))
                .filter(|c| c.kind() == Kind::Complex)
        }
        Category::String => (value.kind() == Kind::String).then(|| value.clone()),
        Category::Bool => (value.kind() == Kind::Bool).then(|| value.clone()),
    };
    fits.ok_or_else(|| unrepresentable_reason(value, kind))
}

fn int_as_i128(int: &Value) -> Option<i128> {
    match int.int64() {
        Some(x) => Some(i128::from(x)),
        None => int.uint64().map(i128::from),
    }
}

/// Why `value` does not fit `kind`, as gc classifies it: numeric values
/// that are not integers "truncate" for integer types; other numeric
/// misfits "overflow".
fn unrepresentable_reason(value: &Value, kind: BasicKind) -> Unrepresentable {
    let numeric = matches!(value.kind(), Kind::Int | Kind::Float | Kind::Complex);
    if !(numeric && kind.is_numeric()) {
        Unrepresentable::Mismatch
    } else if kind.is_integer() && value.kind() != Kind::Int {
        Unrepresentable::Truncated
    } else {
        Unrepresentable::Overflow
    }
}

/// A real number rounded to float32, or `None` if it is not a real number
/// or rounds to infinity.
fn round_float32(real: &Value) -> Option<Value> {
    let (x, _) = real.float32();
    (is_real(real) && x.is_finite()).then(|| Value::from_f64(f64::from(x)))
}

fn round_float64(real: &Value) -> Option<Value> {
    let (x, _) = real.float64();
    (is_real(real) && x.is_finite()).then(|| Value::from_f64(x))
}

fn is_real(value: &Value) -> bool {
    matches!(value.kind(), Kind::Int | Kind::Float)
}
