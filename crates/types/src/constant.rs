//! Exact arithmetic on Go constants.
//!
//! [`Value`] follows go/constant: integers are exact and unbounded, floats
//! are exact fractions unless those would be huge (then 512-bit binary
//! floats), complex numbers are pairs of those, and strings are byte
//! strings. Operations add the constant rules of Go's type checker (shift
//! count limits, division by zero, representability in a basic type), and
//! values print exactly like go/constant's `String` and `ExactString`, so
//! diagnostics can match gc's.
//!
//! Operations on [`Value::unknown`] (the value of an erroneous constant)
//! yield unknown values, so one error does not cascade.

mod bigfloat;
mod format;
mod literal;
mod represent;
mod strval;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

pub use crate::basic::BasicKind;
use bigfloat::{BigFloat, IeeeFormat, Rounding, FLOAT32, FLOAT64, PRECISION};
pub use represent::{representable, Unrepresentable};
use strval::StrValue;

/// Untyped integer constants wider than this are an error ("constant
/// overflow"); it is the precision gc gives untyped constants.
pub const MAX_UNTYPED_INT_BITS: u64 = 512;

/// Constant shift counts above this are an error ("invalid shift count").
/// It still allows writing the smallest float64 as `1.0 / (1 << 1074)`.
pub const MAX_SHIFT_COUNT: u64 = 1023 - 1 + 52;

/// Fractions whose numerator or denominator reach this many bits become
/// 512-bit floats instead (as do float literals beyond `2^±4096`).
const FRACTION_LIMIT_BITS: u64 = 4096;

/// The kind of a constant [`Value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Unknown,
    Bool,
    String,
    Int,
    Float,
    Complex,
}

/// A Go constant value. Cloning is cheap: small integers are stored inline
/// and everything else is shared.
#[derive(Clone)]
pub struct Value(Repr);

#[derive(Clone)]
enum Repr {
    Unknown,
    Bool(bool),
    String(StrValue),
    Int(i64),
    /// An integer outside the `i64` range.
    BigInt(Arc<BigInt>),
    /// An exact float (integral ones too: `2.0` stays a float).
    Rat(Arc<BigRational>),
    /// A float too large or too fine for a reasonable fraction.
    Float(Arc<BigFloat>),
    /// Real and imaginary parts, each an integer or float value.
    Complex(Arc<(Value, Value)>),
}

/// Unary operators on constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `+x`
    Plus,
    /// `-x`
    Neg,
    /// `^x`; for an unsigned type the result is masked to the type's bit
    /// size (`^uint8(1)` is 254, not -2).
    Complement { unsigned_bits: Option<u32> },
    /// `!x`
    Not,
}

/// Binary operators on constants, other than shifts and comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`, also concatenating strings.
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` with an exact quotient: for operands of float or complex type.
    /// Even on two integer values the result is a (float) fraction.
    Div,
    /// `/` truncated toward zero: for operands of integer type, typed or
    /// untyped.
    IntDiv,
    /// `%`
    Rem,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `&^`
    AndNot,
    /// `&&`
    LogicalAnd,
    /// `||`
    LogicalOr,
}

/// Shift operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    /// `<<`
    Left,
    /// `>>` (arithmetic: rounds toward negative infinity)
    Right,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Why a constant operation has no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstError {
    /// The operator is not defined on these operand kinds (`"a" - "b"`,
    /// `1.5 % 2`, `true < false`, `1 + "a"`).
    InvalidOperation,
    /// Division or remainder by a zero constant.
    DivisionByZero,
    /// The left operand of a shift is not an integer (`1.5 << 2`).
    NonIntegerShiftOperand,
    /// The shift count is negative.
    NegativeShiftCount,
    /// The shift count is not an integer or exceeds [`MAX_SHIFT_COUNT`].
    InvalidShiftCount,
}

impl fmt::Display for ConstError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConstError::InvalidOperation => "operator not defined on these operands",
            ConstError::DivisionByZero => "division by zero",
            ConstError::NonIntegerShiftOperand => "shifted operand must be integer",
            ConstError::NegativeShiftCount => "negative shift count",
            ConstError::InvalidShiftCount => "invalid shift count",
        })
    }
}

impl std::error::Error for ConstError {}

/// Numeric representations in increasing generality; binary operations
/// convert both operands to the more general one first (go/constant's
/// `match`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Int,
    BigInt,
    Rat,
    Float,
    Complex,
}

/// An operand converted to a [`Level`].
enum Numeric<'a> {
    Int(i64),
    BigInt(Cow<'a, BigInt>),
    Rat(Cow<'a, BigRational>),
    Float(Cow<'a, BigFloat>),
    Complex(Value, Value),
}

impl Value {
    pub fn unknown() -> Value {
        Value(Repr::Unknown)
    }

    pub fn from_bool(b: bool) -> Value {
        Value(Repr::Bool(b))
    }

    /// A string constant from its (already decoded) bytes, which need not
    /// be valid UTF-8.
    pub fn from_string(bytes: impl AsRef<[u8]>) -> Value {
        Value(Repr::String(StrValue::new(bytes.as_ref().into())))
    }

    pub fn from_i64(x: i64) -> Value {
        Value(Repr::Int(x))
    }

    pub fn from_u64(x: u64) -> Value {
        i64::try_from(x).map_or_else(|_| make_int(BigInt::from(x)), Value::from_i64)
    }

    /// The value of a rune literal, given its decoded character.
    pub fn from_char(c: char) -> Value {
        Value::from_i64(i64::from(u32::from(c)))
    }

    /// The exact value of a float64, with -0 as 0; unknown for infinities
    /// and NaN.
    pub fn from_f64(x: f64) -> Value {
        if !x.is_finite() {
            return Value::unknown();
        }
        let (num, den) = BigFloat::from_f64(x).to_fraction();
        Value::from_exact_fraction(BigRational::new(num, den))
    }

    /// The complex number `re + im·i`; unknown unless both parts are
    /// integer or float values.
    pub fn complex(re: &Value, im: &Value) -> Value {
        let is_real = |v: &Value| matches!(v.level(), Some(level) if level < Level::Complex);
        if is_real(re) && is_real(im) {
            Value(Repr::Complex(Arc::new((re.clone(), im.clone()))))
        } else {
            Value::unknown()
        }
    }

    /// A float literal's exact fraction, kept as such whatever its size.
    fn from_exact_fraction(x: BigRational) -> Value {
        Value(Repr::Rat(Arc::new(x)))
    }

    pub fn kind(&self) -> Kind {
        match &self.0 {
            Repr::Unknown => Kind::Unknown,
            Repr::Bool(_) => Kind::Bool,
            Repr::String(_) => Kind::String,
            Repr::Int(_) | Repr::BigInt(_) => Kind::Int,
            Repr::Rat(_) | Repr::Float(_) => Kind::Float,
            Repr::Complex(_) => Kind::Complex,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.0, Repr::Unknown)
    }

    pub fn bool_value(&self) -> Option<bool> {
        match self.0 {
            Repr::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn string_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Repr::String(s) => Some(s.bytes()),
            _ => None,
        }
    }

    /// The byte length of a string value (without assembling a long
    /// concatenation).
    pub fn string_len(&self) -> Option<usize> {
        match &self.0 {
            Repr::String(s) => Some(s.len()),
            _ => None,
        }
    }

    /// The value of an integer that fits an `i64`.
    pub fn int64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int(x) => Some(x),
            _ => None,
        }
    }

    /// The value of an integer that fits a `u64`.
    pub fn uint64(&self) -> Option<u64> {
        match &self.0 {
            Repr::Int(x) => u64::try_from(*x).ok(),
            Repr::BigInt(x) => x.to_u64(),
            _ => None,
        }
    }

    /// The nearest float64 (ties to even) and whether it is exact, for an
    /// integer or float value. Out-of-range values give ±Inf, values too
    /// close to zero a zero of their sign. Other values give `(0.0, false)`.
    pub fn float64(&self) -> (f64, bool) {
        self.to_ieee(FLOAT64)
    }

    /// Like [`Value::float64`], for float32.
    pub fn float32(&self) -> (f32, bool) {
        let (x, exact) = self.to_ieee(FLOAT32);
        (x as f32, exact) // exact: x is a float32 value
    }

    fn to_ieee(&self, format: IeeeFormat) -> (f64, bool) {
        match &self.0 {
            Repr::Int(x) => BigFloat::fraction_to_ieee(&BigInt::from(*x), &BigInt::one(), format),
            Repr::BigInt(x) => BigFloat::fraction_to_ieee(x, &BigInt::one(), format),
            Repr::Rat(x) => BigFloat::fraction_to_ieee(x.numer(), x.denom(), format),
            Repr::Float(x) => x.to_ieee(format),
            _ => (0.0, false),
        }
    }

    /// -1, 0 or 1 for a real number's sign; for a complex number 0 exactly
    /// when it is zero. Unknown and non-numeric values report 1, so they
    /// never cause division-by-zero errors.
    pub fn sign(&self) -> i32 {
        let of = |s: num_bigint::Sign| match s {
            num_bigint::Sign::Minus => -1,
            num_bigint::Sign::NoSign => 0,
            num_bigint::Sign::Plus => 1,
        };
        match &self.0 {
            Repr::Int(x) => x.signum() as i32,
            Repr::BigInt(x) => of(x.sign()),
            Repr::Rat(x) => of(x.numer().sign()),
            Repr::Float(x) if x.is_zero() => 0,
            Repr::Float(x) => {
                if x.is_negative() {
                    -1
                } else {
                    1
                }
            }
            Repr::Complex(parts) => parts.0.sign() | parts.1.sign(),
            Repr::Unknown | Repr::Bool(_) | Repr::String(_) => 1,
        }
    }

    /// The number of bits in an integer's absolute value (0 for others).
    pub fn bit_len(&self) -> u64 {
        match &self.0 {
            Repr::Int(x) => u64::from(64 - x.unsigned_abs().leading_zeros()),
            Repr::BigInt(x) => x.bits(),
            _ => 0,
        }
    }

    /// The value as an integer if it is one exactly (`2.0`, `2+0i`), else
    /// unknown. Floats that miss an integer only by accumulated rounding
    /// in their last few bits count as that integer, as in go/constant.
    pub fn to_int(&self) -> Value {
        match &self.0 {
            Repr::Int(_) | Repr::BigInt(_) => self.clone(),
            Repr::Rat(x) if x.is_integer() => make_int(x.to_integer()),
            Repr::Float(x) if x.top_exp().unsigned_abs() < FRACTION_LIMIT_BITS => {
                float_to_int(x).map_or_else(Value::unknown, make_int)
            }
            Repr::Complex(_) => match self.to_float() {
                real if real.kind() == Kind::Float => real.to_int(),
                _ => Value::unknown(),
            },
            _ => Value::unknown(),
        }
    }

    /// The value as a float (an integer becomes a fraction), a complex
    /// number only if its imaginary part is zero; else unknown.
    pub fn to_float(&self) -> Value {
        match &self.0 {
            Repr::Int(x) => Value::from_exact_fraction(BigRational::from_integer(BigInt::from(*x))),
            Repr::BigInt(x) if x.bits() < FRACTION_LIMIT_BITS => {
                Value::from_exact_fraction(BigRational::from_integer((**x).clone()))
            }
            Repr::BigInt(x) => make_float(BigFloat::from_int(x, PRECISION)),
            Repr::Rat(_) | Repr::Float(_) => self.clone(),
            Repr::Complex(parts) if parts.1.sign() == 0 => parts.0.to_float(),
            _ => Value::unknown(),
        }
    }

    /// The value as a complex number; unknown if it is not numeric.
    pub fn to_complex(&self) -> Value {
        match self.level() {
            Some(Level::Complex) => self.clone(),
            Some(_) => Value::complex(self, &Value::from_i64(0)),
            None => Value::unknown(),
        }
    }

    /// The real part of a numeric value; unknown for other values.
    pub fn real(&self) -> Value {
        match (&self.0, self.level()) {
            (Repr::Complex(parts), _) => parts.0.clone(),
            (_, Some(_)) => self.clone(),
            (_, None) => Value::unknown(),
        }
    }

    /// The imaginary part of a numeric value (0 for a real one); unknown
    /// for other values.
    pub fn imag(&self) -> Value {
        match (&self.0, self.level()) {
            (Repr::Complex(parts), _) => parts.1.clone(),
            (_, Some(_)) => Value::from_i64(0),
            (_, None) => Value::unknown(),
        }
    }

    /// The conversion `string(x)` of an integer constant: the UTF-8
    /// encoding of that code point, or of U+FFFD if it is not a valid one.
    /// Unknown for other values.
    pub fn to_rune_string(&self) -> Value {
        if self.kind() != Kind::Int {
            return Value::unknown();
        }
        let c = self
            .uint64()
            .and_then(|code| u32::try_from(code).ok())
            .and_then(char::from_u32)
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        Value::from_string(c.encode_utf8(&mut [0; 4]).as_bytes())
    }

    pub fn unary_op(&self, op: UnaryOp) -> Result<Value, ConstError> {
        match (op, &self.0) {
            (_, Repr::Unknown) => Ok(Value::unknown()),
            (UnaryOp::Plus, _) if self.level().is_some() => Ok(self.clone()),
            (UnaryOp::Neg, Repr::Int(x)) => Ok(x
                .checked_neg()
                .map_or_else(|| make_int(-BigInt::from(*x)), Value::from_i64)),
            (UnaryOp::Neg, Repr::BigInt(x)) => Ok(make_int(-&**x)),
            (UnaryOp::Neg, Repr::Rat(x)) => Ok(make_rat(-&**x)),
            (UnaryOp::Neg, Repr::Float(x)) => Ok(make_float(x.neg())),
            (UnaryOp::Neg, Repr::Complex(parts)) => {
                let re = parts.0.unary_op(UnaryOp::Neg)?;
                let im = parts.1.unary_op(UnaryOp::Neg)?;
                Ok(Value::complex(&re, &im))
            }
            (
                UnaryOp::Complement {
                    unsigned_bits: None,
                },
                Repr::Int(x),
            ) => Ok(Value::from_i64(!x)),
            (UnaryOp::Complement { unsigned_bits }, Repr::Int(_) | Repr::BigInt(_)) => {
                let complement = !self.to_bigint();
                Ok(make_int(match unsigned_bits {
                    // Two's complement within the type's width.
                    Some(bits) => complement & ((BigInt::one() << bits) - 1),
                    None => complement,
                }))
            }
            (UnaryOp::Not, Repr::Bool(b)) => Ok(Value::from_bool(!b)),
            _ => Err(ConstError::InvalidOperation),
        }
    }

    pub fn binary_op(&self, op: BinaryOp, rhs: &Value) -> Result<Value, ConstError> {
        // Like the checker, report a zero divisor even for an unknown
        // dividend (which may stem from an overflow, not an error).
        let divides = matches!(op, BinaryOp::Div | BinaryOp::IntDiv | BinaryOp::Rem);
        if divides && (self.is_unknown() || self.level().is_some()) && rhs.is_zero_divisor()? {
            return Err(ConstError::DivisionByZero);
        }
        match (&self.0, &rhs.0) {
            (Repr::Unknown, _) | (_, Repr::Unknown) => Ok(Value::unknown()),
            (Repr::Bool(x), Repr::Bool(y)) => match op {
                BinaryOp::LogicalAnd => Ok(Value::from_bool(*x && *y)),
                BinaryOp::LogicalOr => Ok(Value::from_bool(*x || *y)),
                _ => Err(ConstError::InvalidOperation),
            },
            (Repr::String(x), Repr::String(y)) if op == BinaryOp::Add => {
                Ok(Value(Repr::String(x.concat(y))))
            }
            _ => self.numeric_op(op, rhs),
        }
    }

    fn numeric_op(&self, op: BinaryOp, rhs: &Value) -> Result<Value, ConstError> {
        let (x, y) = self.promote_pair(rhs).ok_or(ConstError::InvalidOperation)?;
        match (x, y) {
            (Numeric::Int(x), Numeric::Int(y)) => int_op(x, op, y),
            (Numeric::BigInt(x), Numeric::BigInt(y)) => big_int_op(&x, op, &y),
            (Numeric::Rat(x), Numeric::Rat(y)) => {
                let (x, y) = (&*x, &*y);
                Ok(make_rat(match op {
                    BinaryOp::Add => x + y,
                    BinaryOp::Sub => x - y,
                    BinaryOp::Mul => x * y,
                    BinaryOp::Div => x / y,
                    _ => return Err(ConstError::InvalidOperation),
                }))
            }
            (Numeric::Float(x), Numeric::Float(y)) => Ok(make_float(match op {
                BinaryOp::Add => x.add(&y, PRECISION),
                BinaryOp::Sub => x.sub(&y, PRECISION),
                BinaryOp::Mul => x.mul(&y, PRECISION),
                BinaryOp::Div => x.quo(&y, PRECISION),
                _ => return Err(ConstError::InvalidOperation),
            })),
            (Numeric::Complex(a, b), Numeric::Complex(c, d)) => complex_op(&a, &b, op, &c, &d),
            _ => Err(ConstError::InvalidOperation),
        }
    }

    /// Whether a divisor is zero, including a complex one whose squared
    /// parts both underflow (go.dev/issue/20227).
    fn is_zero_divisor(&self) -> Result<bool, ConstError> {
        if self.sign() == 0 {
            return Ok(true);
        }
        match &self.0 {
            Repr::Complex(parts) => {
                let re2 = parts.0.binary_op(BinaryOp::Mul, &parts.0)?;
                let im2 = parts.1.binary_op(BinaryOp::Mul, &parts.1)?;
                Ok(re2.sign() == 0 && im2.sign() == 0)
            }
            _ => Ok(false),
        }
    }

    /// `self << count` or `self >> count` with the checker's rules: the
    /// operand must be an integer (`2.0` counts), the count a non-negative
    /// integer at most [`MAX_SHIFT_COUNT`].
    pub fn shift(&self, op: ShiftOp, count: &Value) -> Result<Value, ConstError> {
        let operand = self.to_int();
        if !self.is_unknown() && operand.kind() != Kind::Int {
            return Err(ConstError::NonIntegerShiftOperand);
        }
        let integral_count = count.to_int();
        if integral_count.kind() == Kind::Int && integral_count.sign() < 0 {
            return Err(ConstError::NegativeShiftCount);
        }
        if self.is_unknown() || count.is_unknown() {
            return Ok(Value::unknown());
        }
        let shift = integral_count
            .uint64()
            .filter(|&s| s <= MAX_SHIFT_COUNT)
            .ok_or(ConstError::InvalidShiftCount)?;
        Ok(match (op, &operand.0) {
            (ShiftOp::Right, Repr::Int(x)) => Value::from_i64(x >> shift.min(63)),
            (ShiftOp::Left, Repr::Int(x)) if shift < 63 => x
                .checked_mul(1 << shift)
                .map_or_else(|| make_int(BigInt::from(*x) << shift), Value::from_i64),
            (ShiftOp::Left, _) => make_int(operand.to_bigint() << shift),
            (ShiftOp::Right, _) => make_int(operand.to_bigint() >> shift),
        })
    }

    /// The comparison `self op rhs`; false if either value is unknown.
    pub fn compare(&self, op: CompareOp, rhs: &Value) -> Result<bool, ConstError> {
        let ordering = match (&self.0, &rhs.0) {
            (Repr::Unknown, _) | (_, Repr::Unknown) => return Ok(false),
            (Repr::Bool(x), Repr::Bool(y)) => return op.equality(x == y),
            (Repr::String(x), Repr::String(y)) => x.bytes().cmp(y.bytes()),
            _ => {
                let (x, y) = self.promote_pair(rhs).ok_or(ConstError::InvalidOperation)?;
                match (x, y) {
                    (Numeric::Int(x), Numeric::Int(y)) => x.cmp(&y),
                    (Numeric::BigInt(x), Numeric::BigInt(y)) => x.cmp(&y),
                    (Numeric::Rat(x), Numeric::Rat(y)) => x.cmp(&y),
                    (Numeric::Float(x), Numeric::Float(y)) => x.cmp(&y),
                    (Numeric::Complex(a, b), Numeric::Complex(c, d)) => {
                        let equal =
                            a.compare(CompareOp::Eq, &c)? && b.compare(CompareOp::Eq, &d)?;
                        return op.equality(equal);
                    }
                    _ => return Err(ConstError::InvalidOperation),
                }
            }
        };
        Ok(match op {
            CompareOp::Eq => ordering.is_eq(),
            CompareOp::Ne => ordering.is_ne(),
            CompareOp::Lt => ordering.is_lt(),
            CompareOp::Le => ordering.is_le(),
            CompareOp::Gt => ordering.is_gt(),
            CompareOp::Ge => ordering.is_ge(),
        })
    }

    fn level(&self) -> Option<Level> {
        match self.0 {
            Repr::Int(_) => Some(Level::Int),
            Repr::BigInt(_) => Some(Level::BigInt),
            Repr::Rat(_) => Some(Level::Rat),
            Repr::Float(_) => Some(Level::Float),
            Repr::Complex(_) => Some(Level::Complex),
            Repr::Unknown | Repr::Bool(_) | Repr::String(_) => None,
        }
    }

    /// This numeric value in the representation of `level`; `None` for
    /// non-numeric values or a `level` below the value's own.
    fn promote(&self, level: Level) -> Option<Numeric<'_>> {
        Some(match (level, &self.0) {
            (Level::Int, Repr::Int(x)) => Numeric::Int(*x),
            (Level::BigInt, Repr::BigInt(x)) => Numeric::BigInt(Cow::Borrowed(x)),
            (Level::BigInt, Repr::Int(_)) => Numeric::BigInt(Cow::Owned(self.to_bigint())),
            (Level::Rat, Repr::Rat(x)) => Numeric::Rat(Cow::Borrowed(x)),
            (Level::Rat, Repr::Int(_) | Repr::BigInt(_)) => {
                Numeric::Rat(Cow::Owned(BigRational::from_integer(self.to_bigint())))
            }
            (Level::Float, Repr::Float(x)) => Numeric::Float(Cow::Borrowed(x)),
            (Level::Float, Repr::Rat(x)) => Numeric::Float(Cow::Owned(BigFloat::from_fraction(
                x.numer(),
                x.denom(),
                PRECISION,
            ))),
            (Level::Float, Repr::Int(_) | Repr::BigInt(_)) => {
                Numeric::Float(Cow::Owned(BigFloat::from_int(&self.to_bigint(), PRECISION)))
            }
            (Level::Complex, Repr::Complex(parts)) => {
                Numeric::Complex(parts.0.clone(), parts.1.clone())
            }
            (Level::Complex, _) if self.level().is_some() => {
                Numeric::Complex(self.clone(), Value::from_i64(0))
            }
            _ => return None,
        })
    }

    /// Both operands in the representation of the more general one.
    fn promote_pair<'a>(&'a self, other: &'a Value) -> Option<(Numeric<'a>, Numeric<'a>)> {
        let level = self.level()?.max(other.level()?);
        Some((self.promote(level)?, other.promote(level)?))
    }

    /// An integer value as a `BigInt` (zero for other values).
    fn to_bigint(&self) -> BigInt {
        match &self.0 {
            Repr::Int(x) => BigInt::from(*x),
            Repr::BigInt(x) => (**x).clone(),
            _ => BigInt::zero(),
        }
    }
}

impl CompareOp {
    /// The outcome of `==`/`!=` given whether the operands are equal; the
    /// ordering operators are not defined for the operand kind.
    fn equality(self, equal: bool) -> Result<bool, ConstError> {
        match self {
            CompareOp::Eq => Ok(equal),
            CompareOp::Ne => Ok(!equal),
            _ => Err(ConstError::InvalidOperation),
        }
    }
}

fn make_int(x: BigInt) -> Value {
    match x.to_i64() {
        Some(small) => Value::from_i64(small),
        None => Value(Repr::BigInt(Arc::new(x))),
    }
}

/// A computed fraction, switching to a float if its parts grow too large.
fn make_rat(x: BigRational) -> Value {
    if x.numer().bits() < FRACTION_LIMIT_BITS && x.denom().bits() < FRACTION_LIMIT_BITS {
        Value::from_exact_fraction(x)
    } else {
        make_float(BigFloat::from_fraction(x.numer(), x.denom(), PRECISION))
    }
}

/// A computed float, with `big.Float`'s int32 exponent range applied:
/// overflow (infinity) is unknown, underflow is zero.
fn make_float(x: BigFloat) -> Value {
    let top = x.top_exp();
    if top > i64::from(i32::MAX) {
        Value::unknown()
    } else if top < i64::from(i32::MIN) {
        Value(Repr::Float(Arc::new(BigFloat::zero())))
    } else {
        Value(Repr::Float(Arc::new(x)))
    }
}

/// The integer a float denotes, allowing for a few bits of rounding error
/// in earlier operations; `None` if it is not (nearly) integral.
fn float_to_int(x: &BigFloat) -> Option<BigInt> {
    const SLACK_BITS: u64 = 4;
    let nearby = [Rounding::ToZero, Rounding::AwayFromZero]
        .into_iter()
        .map(|mode| x.round(PRECISION - SLACK_BITS, mode));
    std::iter::once(x.clone())
        .chain(nearby)
        .map(|candidate| candidate.to_integer())
        .find(|&(_, exact)| exact)
        .map(|(int, _)| int)
}

fn int_op(x: i64, op: BinaryOp, y: i64) -> Result<Value, ConstError> {
    let result = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Sub => x.checked_sub(y),
        BinaryOp::Mul => x.checked_mul(y),
        BinaryOp::Div => return Ok(make_rat(BigRational::new(x.into(), y.into()))),
        BinaryOp::IntDiv => x.checked_div(y),
        BinaryOp::Rem => x.checked_rem(y),
        BinaryOp::And => Some(x & y),
        BinaryOp::Or => Some(x | y),
        BinaryOp::Xor => Some(x ^ y),
        BinaryOp::AndNot => Some(x & !y),
        BinaryOp::LogicalAnd | BinaryOp::LogicalOr => return Err(ConstError::InvalidOperation),
    };
    match result {
        Some(z) => Ok(Value::from_i64(z)),
        None => big_int_op(&x.into(), op, &y.into()),
    }
}

fn big_int_op(x: &BigInt, op: BinaryOp, y: &BigInt) -> Result<Value, ConstError> {
    if y.is_zero() && matches!(op, BinaryOp::Div | BinaryOp::IntDiv | BinaryOp::Rem) {
        return Err(ConstError::DivisionByZero);
    }
    Ok(make_int(match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => return Ok(make_rat(BigRational::new(x.clone(), y.clone()))),
        BinaryOp::IntDiv => x / y, // truncates toward zero, as Go does
        BinaryOp::Rem => x % y,    // takes the dividend's sign, as Go does
        BinaryOp::And => x & y,
        BinaryOp::Or => x | y,
        BinaryOp::Xor => x ^ y,
        BinaryOp::AndNot => x & !y,
        BinaryOp::LogicalAnd | BinaryOp::LogicalOr => return Err(ConstError::InvalidOperation),
    }))
}

/// `(a + bi) op (c + di)` on the parts, with go/constant's formulas.
fn complex_op(
    a: &Value,
    b: &Value,
    op: BinaryOp,
    c: &Value,
    d: &Value,
) -> Result<Value, ConstError> {
    let add = |x: &Value, y: &Value| x.binary_op(BinaryOp::Add, y);
    let sub = |x: &Value, y: &Value| x.binary_op(BinaryOp::Sub, y);
    let mul = |x: &Value, y: &Value| x.binary_op(BinaryOp::Mul, y);
    let (re, im) = match op {
        BinaryOp::Add => (add(a, c)?, add(b, d)?),
        BinaryOp::Sub => (sub(a, c)?, sub(b, d)?),
        BinaryOp::Mul => (
            sub(&mul(a, c)?, &mul(b, d)?)?,
            add(&mul(b, c)?, &mul(a, d)?)?,
        ),
        BinaryOp::Div => {
            // (ac + bd)/s + i(bc - ad)/s with s = c² + d²
            let s = add(&mul(c, c)?, &mul(d, d)?)?;
            let re = add(&mul(a, c)?, &mul(b, d)?)?;
            let im = sub(&mul(b, c)?, &mul(a, d)?)?;
            (
                re.binary_op(BinaryOp::Div, &s)?,
                im.binary_op(BinaryOp::Div, &s)?,
            )
        }
        _ => return Err(ConstError::InvalidOperation),
    };
    Ok(Value::complex(&re, &im))
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}({})", self.kind(), self.exact_string())
    }
}

#[cfg(test)]
mod tests;
