//! Binary floating-point numbers with an arbitrarily long mantissa, rounded
//! like Go's `math/big.Float`.
//!
//! go/constant keeps a float constant as an exact fraction while that stays
//! reasonably small, and falls back to a 512-bit binary float otherwise (for
//! `1e100000`, say). This module is that fallback. Every operation computes
//! the correctly rounded result, which is what `big.Float` guarantees, so the
//! bits agree with Go's. Exponents are kept in an `i64` without limit here;
//! the int32 exponent range of `big.Float` is applied by the constant layer
//! after each operation (see [`BigFloat::top_exp`]).

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, Zero};

/// Mantissa bits of a float constant (go/constant's choice; the spec asks
/// for at least 256).
pub(crate) const PRECISION: u64 = 512;

/// How to round a value that falls between two representable ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rounding {
    NearestEven,
    ToZero,
    AwayFromZero,
}

/// A finite binary float `±mant × 2^exp`.
///
/// `mant` is odd, or zero for the value 0 (which is never negative), so each
/// value has exactly one representation and derived equality is numeric.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BigFloat {
    neg: bool,
    mant: BigUint,
    exp: i64,
}

/// An exact intermediate result `±mant × 2^exp`, where `sticky` says the true
/// magnitude is a little larger (by less than `2^exp`), as a division with a
/// remainder leaves it. Producers with `sticky` set keep at least two bits
/// more than any rounding applied to them needs.
struct Unrounded {
    neg: bool,
    mant: BigUint,
    exp: i64,
    sticky: bool,
}

impl Unrounded {
    fn exact(neg: bool, mant: BigUint, exp: i64) -> Unrounded {
        Unrounded {
            neg,
            mant,
            exp,
            sticky: false,
        }
    }

    /// Exponent of the leading bit plus one (`value = 0.1… × 2^top`).
    fn top_exp(&self) -> i64 {
        self.mant.bits() as i64 + self.exp
    }

    /// Rounds to a multiple of `2^lsb`: returns `kept` with the result being
    /// `±kept × 2^lsb`, and whether no rounding was needed.
    fn round_at(&self, lsb: i64, mode: Rounding) -> (BigUint, bool) {
        let Some(dropped) = u64::try_from(lsb - self.exp).ok().filter(|&d| d > 0) else {
            debug_assert!(!self.sticky, "sticky value rounded without guard bits");
            let widen = (self.exp - lsb) as u64;
            return (&self.mant << widen, !self.sticky);
        };
        let kept = &self.mant >> dropped;
        let half = self.mant.bit(dropped - 1);
        let below_half = self.sticky
            || self
                .mant
                .trailing_zeros()
                .is_some_and(|tz| tz < dropped - 1);
        let round_up = match mode {
            Rounding::NearestEven => half && (below_half || kept.bit(0)),
            Rounding::ToZero => false,
            Rounding::AwayFromZero => half || below_half,
        };
        let exact = !half && !below_half;
        (if round_up { kept + 1u32 } else { kept }, exact)
    }

    /// Rounds to `prec` significant bits.
    fn round(&self, prec: u64, mode: Rounding) -> BigFloat {
        if self.mant.is_zero() {
            return BigFloat::zero();
        }
        let lsb = self.top_exp() - prec as i64;
        let (kept, _) = self.round_at(lsb, mode);
        BigFloat::normalized(self.neg, kept, lsb)
    }
}

/// Layout of an IEEE 754 binary format, for correctly rounded conversions.
#[derive(Clone, Copy)]
pub(crate) struct IeeeFormat {
    /// Significand bits including the implicit one.
    mant_bits: u64,
    /// Exponent of the smallest subnormal's only bit.
    min_lsb: i64,
    /// Values at or above `2^max_top` overflow to infinity.
    max_top: i64,
}

pub(crate) const FLOAT64: IeeeFormat = IeeeFormat {
    mant_bits: 53,
    min_lsb: -1074,
    max_top: 1024,
};
pub(crate) const FLOAT32: IeeeFormat = IeeeFormat {
    mant_bits: 24,
    min_lsb: -149,
    max_top: 128,
};

impl BigFloat {
    pub(crate) fn zero() -> BigFloat {
        BigFloat {
            neg: false,
            mant: BigUint::zero(),
            exp: 0,
        }
    }

    fn normalized(neg: bool, mant: BigUint, exp: i64) -> BigFloat {
        match mant.trailing_zeros() {
            None => BigFloat::zero(),
            Some(tz) => BigFloat {
                neg,
                mant: mant >> tz,
                exp: exp + tz as i64,
            },
        }
    }

    fn unrounded(&self) -> Unrounded {
        Unrounded::exact(self.neg, self.mant.clone(), self.exp)
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.mant.is_zero()
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.neg
    }

    /// `big.Float.MantExp`: the `e` with `value = m × 2^e`, `0.5 ≤ |m| < 1`
    /// (0 for zero).
    pub(crate) fn top_exp(&self) -> i64 {
        if self.is_zero() {
            0
        } else {
            self.mant.bits() as i64 + self.exp
        }
    }

    pub(crate) fn is_integer(&self) -> bool {
        self.exp >= 0 || self.is_zero()
    }

    pub(crate) fn neg(&self) -> BigFloat {
        BigFloat {
            neg: !self.neg && !self.is_zero(),
            ..self.clone()
        }
    }

    /// `x` rounded to `prec` bits.
    pub(crate) fn from_int(x: &BigInt, prec: u64) -> BigFloat {
        Unrounded::exact(x.sign() == Sign::Minus, x.magnitude().clone(), 0)
            .round(prec, Rounding::NearestEven)
    }

    /// The fraction `num / den` (`den > 0`) rounded to `prec` bits.
    pub(crate) fn from_fraction(num: &BigInt, den: &BigInt, prec: u64) -> BigFloat {
        quotient(
            num.sign() == Sign::Minus,
            num.magnitude(),
            den.magnitude(),
            0,
            prec,
        )
        .round(prec, Rounding::NearestEven)
    }

    /// `mant × 2^exp2 × 5^exp5` rounded to `prec` bits the way
    /// `big.Float.SetString` does it: the power of five is computed by
    /// repeated squaring with `prec + 64` (factor) and `prec + 128` (running
    /// square) bits, and the exact mantissa is then multiplied or divided by
    /// it. `None` when the exponent is outside `big.Float`'s int32 range
    /// before the power of five is applied (Go rejects such literals).
    pub(crate) fn from_literal_parts(
        mant: BigUint,
        exp2: i64,
        exp5: i64,
        prec: u64,
    ) -> Option<BigFloat> {
        if mant.is_zero() {
            return Some(BigFloat::zero());
        }
        let value = Unrounded::exact(false, mant, exp2);
        if !(i32::MIN as i64..=i32::MAX as i64).contains(&value.top_exp()) {
            return None;
        }
        if exp5 == 0 {
            return Some(value.round(prec, Rounding::NearestEven));
        }
        let power = pow5(exp5.unsigned_abs(), prec + 64);
        let scaled = if exp5 > 0 {
            Unrounded::exact(false, &value.mant * &power.mant, value.exp + power.exp)
        } else {
            quotient(false, &value.mant, &power.mant, value.exp - power.exp, prec)
        };
        Some(scaled.round(prec, Rounding::NearestEven))
    }

    /// The exact value as a fraction `(numerator, denominator)`.
    pub(crate) fn to_fraction(&self) -> (BigInt, BigInt) {
        let sign = if self.neg { Sign::Minus } else { Sign::Plus };
        let shift = self.exp.unsigned_abs();
        let (num, den) = if self.exp >= 0 {
            (&self.mant << shift, BigUint::one())
        } else {
            (self.mant.clone(), BigUint::one() << shift)
        };
        (BigInt::from_biguint(sign, num), BigInt::from(den))
    }

    /// The integer part (rounding toward zero) and whether it is exact.
    /// Callers keep the exponent small: the result has `top_exp` bits.
    pub(crate) fn to_integer(&self) -> (BigInt, bool) {
        let (kept, exact) = self.unrounded().round_at(0, Rounding::ToZero);
        let sign = if self.neg { Sign::Minus } else { Sign::Plus };
        (BigInt::from_biguint(sign, kept), exact)
    }

    /// This value rounded to `prec` bits in the given mode.
    pub(crate) fn round(&self, prec: u64, mode: Rounding) -> BigFloat {
        self.unrounded().round(prec, mode)
    }

    pub(crate) fn add(&self, other: &BigFloat, prec: u64) -> BigFloat {
        if self.is_zero() {
            return other.round(prec, Rounding::NearestEven);
        }
        if other.is_zero() {
            return self.round(prec, Rounding::NearestEven);
        }
        let (big, small) = if self.top_exp() >= other.top_exp() {
            (self, other)
        } else {
            (other, self)
        };
        // An addend below both `big`'s last bit and its rounding bits only
        // decides the direction of rounding, so a tiny stand-in of the same
        // sign gives the same result without shifting by a huge exponent gap.
        let cut = big.exp.min(big.top_exp() - prec as i64 - 2) - 1;
        let stand_in;
        let small = if small.top_exp() <= cut {
            stand_in = BigFloat {
                neg: small.neg,
                mant: BigUint::one(),
                exp: cut - 1,
            };
            &stand_in
        } else {
            small
        };
        let exp = big.exp.min(small.exp);
        let a = &big.mant << (big.exp - exp) as u64;
        let b = &small.mant << (small.exp - exp) as u64;
        let sum = if big.neg == small.neg {
            Unrounded::exact(big.neg, a + b, exp)
        } else if a >= b {
            Unrounded::exact(big.neg, a - b, exp)
        } else {
            Unrounded::exact(small.neg, b - a, exp)
        };
        sum.round(prec, Rounding::NearestEven)
    }

    pub(crate) fn sub(&self, other: &BigFloat, prec: u64) -> BigFloat {
        self.add(&other.neg(), prec)
    }

    pub(crate) fn mul(&self, other: &BigFloat, prec: u64) -> BigFloat {
        Unrounded::exact(
            self.neg != other.neg,
            &self.mant * &other.mant,
            self.exp + other.exp,
        )
        .round(prec, Rounding::NearestEven)
    }

    /// `self / other`; the caller rules out a zero divisor.
    pub(crate) fn quo(&self, other: &BigFloat, prec: u64) -> BigFloat {
        if other.is_zero() {
            debug_assert!(false, "division by zero reached BigFloat::quo");
            return BigFloat::zero();
        }
        quotient(
            self.neg != other.neg,
            &self.mant,
            &other.mant,
            self.exp - other.exp,
            prec,
        )
        .round(prec, Rounding::NearestEven)
    }

    pub(crate) fn cmp(&self, other: &BigFloat) -> Ordering {
        let sign = |f: &BigFloat| match (f.is_zero(), f.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let by_sign = sign(self).cmp(&sign(other));
        if by_sign != Ordering::Equal || self.is_zero() {
            return by_sign;
        }
        let magnitude = self.top_exp().cmp(&other.top_exp()).then_with(|| {
            // Same leading bit position: align the lower ends and compare.
            let exp = self.exp.min(other.exp);
            let a = &self.mant << (self.exp - exp) as u64;
            let b = &other.mant << (other.exp - exp) as u64;
            a.cmp(&b)
        });
        if self.neg {
            magnitude.reverse()
        } else {
            magnitude
        }
    }

    /// The nearest value of the IEEE format (ties to even), as an `f64`
    /// (exact for [`FLOAT32`] results too), and whether it equals `self`.
    /// Overflow gives ±Inf; underflow gives a zero of `self`'s sign.
    pub(crate) fn to_ieee(&self, format: IeeeFormat) -> (f64, bool) {
        round_to_ieee(&self.unrounded(), format)
    }

    /// The fraction `num / den` (`den > 0`) converted like [`Self::to_ieee`].
    pub(crate) fn fraction_to_ieee(num: &BigInt, den: &BigInt, format: IeeeFormat) -> (f64, bool) {
        if num.is_zero() {
            return (0.0, true);
        }
        let value = quotient(
            num.sign() == Sign::Minus,
            num.magnitude(),
            den.magnitude(),
            0,
            format.mant_bits,
        );
        round_to_ieee(&value, format)
    }

    /// The exact binary value of a finite `f64`.
    pub(crate) fn from_f64(x: f64) -> BigFloat {
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (mant, exp) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | 1 << 52, biased - 1075)
        };
        BigFloat::normalized(x.is_sign_negative(), BigUint::from(mant), exp)
    }

    /// The mantissa `m` of [`Self::top_exp`] (`0.5 ≤ |m| < 1`) rounded to
    /// the nearest `f64`.
    pub(crate) fn mantissa_f64(&self) -> f64 {
        let exp = -(self.mant.bits() as i64);
        round_to_ieee(&Unrounded::exact(self.neg, self.mant.clone(), exp), FLOAT64).0
    }

    /// `big.Float.Text('p', 0)`: `-0x.8p+3` style, a hexadecimal fraction
    /// in `[0.5, 1)` and a binary exponent; `0` for zero.
    pub(crate) fn hex_text(&self) -> String {
        if self.is_zero() {
            return "0".to_owned();
        }
        // Left-align the mantissa to whole hex digits; it is odd, so the
        // last digit is nonzero and nothing needs trimming.
        let pad = (4 - self.mant.bits() % 4) % 4;
        let digits = (&self.mant << pad).to_str_radix(16);
        let sign = if self.neg { "-" } else { "" };
        let top = self.top_exp();
        let exp_sign = if top >= 0 { "+" } else { "" };
        format!("{sign}0x.{digits}p{exp_sign}{top}")
    }
}

/// `±(num / den) × 2^exp` with at least `prec + 3` quotient bits, so that
/// rounding to `prec` bits sees the rounding bit and a sticky remainder.
fn quotient(neg: bool, num: &BigUint, den: &BigUint, exp: i64, prec: u64) -> Unrounded {
    let widen = (prec + 3 + den.bits()).saturating_sub(num.bits());
    let (q, r) = num_integer::Integer::div_rem(&(num << widen), den);
    Unrounded {
        neg,
        mant: q,
        exp: exp - widen as i64,
        sticky: !r.is_zero(),
    }
}

/// `5^n` the way `big.Float` computes it at precision `prec`: exact up to
/// `5^27` (the largest power in a `u64`), then square-and-multiply with the
/// running square kept at `prec + 64` bits and the product at `prec` bits.
fn pow5(n: u64, prec: u64) -> BigFloat {
    const EXACT_LIMIT: u32 = 27;
    if n <= u64::from(EXACT_LIMIT) {
        return BigFloat::normalized(false, BigUint::from(5u64.pow(n as u32)), 0);
    }
    let mut result = BigFloat::normalized(false, BigUint::from(5u64.pow(EXACT_LIMIT)), 0);
    let mut square = BigFloat::normalized(false, BigUint::from(5u32), 0);
    let mut rest = n - u64::from(EXACT_LIMIT);
    while rest > 0 {
        if rest & 1 == 1 {
            result = result.mul(&square, prec);
        }
        rest >>= 1;
        if rest > 0 {
            square = square.mul(&square, prec + 64);
        }
    }
    result
}

fn round_to_ieee(value: &Unrounded, format: IeeeFormat) -> (f64, bool) {
    let signed = |magnitude: f64| if value.neg { -magnitude } else { magnitude };
    if value.mant.is_zero() {
        return (signed(0.0), !value.sticky);
    }
    let lsb = (value.top_exp() - format.mant_bits as i64).max(format.min_lsb);
    let (kept, exact) = value.round_at(lsb, Rounding::NearestEven);
    let Some(kept) = u64::try_from(&kept).ok().filter(|&k| k != 0) else {
        return (signed(0.0), false);
    };
    if kept.ilog2() as i64 + 1 + lsb > format.max_top {
        return (signed(f64::INFINITY), false);
    }
    (signed(scale_exact(kept, lsb)), exact)
}

/// `mant × 2^exp` for a product known to be an exactly representable
/// `f64` (`mant < 2^54`, result within range and on the subnormal grid).
fn scale_exact(mant: u64, exp: i64) -> f64 {
    let tz = mant.trailing_zeros();
    let (mant, exp) = (mant >> tz, exp + i64::from(tz));
    let top = i64::from(mant.ilog2()) + exp; // exponent of the leading bit
    let bits = if top >= -1022 {
        let fraction = (mant << (52 - mant.ilog2())) & ((1 << 52) - 1);
        ((top + 1023) as u64) << 52 | fraction
    } else {
        mant << (exp + 1074)
    };
    f64::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(x: f64) -> BigFloat {
        BigFloat::from_f64(x)
    }

    #[test]
    fn from_f64_round_trips_through_ieee() {
        for x in [
            1.0,
            -2.5,
            0.1,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -1e-310,
            1e300,
        ] {
            assert_eq!(float(x).to_ieee(FLOAT64), (x, true), "{x}");
        }
    }

    #[test]
    fn ieee_rounding_is_half_even() {
        // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: even wins.
        let halfway = BigFloat::from_int(&BigInt::from((1u64 << 53) + 1), 512);
        assert_eq!(halfway.to_ieee(FLOAT64), (9007199254740992.0, false));
        let halfway_up = BigFloat::from_int(&BigInt::from((1u64 << 53) + 3), 512);
        assert_eq!(halfway_up.to_ieee(FLOAT64), (9007199254740996.0, false));
    }

    #[test]
    fn ieee_subnormals_and_limits() {
        let tiny = |num: i64, den_log2: u32| {
            BigFloat::fraction_to_ieee(&BigInt::from(num), &(BigInt::one() << den_log2), FLOAT64)
        };
        // Exactly half the smallest subnormal rounds to even (zero); just
        // above it rounds up.
        assert_eq!(tiny(1, 1075), (0.0, false));
        assert_eq!(tiny(3, 1076), (5e-324, false));
        assert_eq!(tiny(-1, 1076), (-0.0, false));
        assert!(tiny(-1, 1076).0.is_sign_negative());
        let max_plus_half_ulp = float(f64::MAX).add(&float(2f64.powi(970)), 512);
        assert_eq!(max_plus_half_ulp.to_ieee(FLOAT64), (f64::INFINITY, false));
        let below_half_ulp = float(f64::MAX).add(&float(2f64.powi(969)), 512);
        assert_eq!(below_half_ulp.to_ieee(FLOAT64), (f64::MAX, false));
    }

    #[test]
    fn float32_conversion() {
        let tenth = BigFloat::fraction_to_ieee(&BigInt::from(1), &BigInt::from(10), FLOAT32);
        assert_eq!(tenth, (f64::from(0.1f32), false));
        let min_sub =
            BigFloat::fraction_to_ieee(&BigInt::from(1), &(BigInt::one() << 149), FLOAT32);
        assert_eq!(min_sub, (f64::from(f32::from_bits(1)), true));
        assert_eq!(float(3.5e38).to_ieee(FLOAT32).0, f64::INFINITY);
    }

    #[test]
    fn addition_with_huge_exponent_gap_rounds_correctly() {
        let one = float(1.0);
        let tiny = BigFloat::normalized(false, BigUint::one(), -1_000_000);
        assert_eq!(one.add(&tiny, 512), one);
        // 1 - tiny is just below 1 and rounds back up to 1 at 512 bits...
        assert_eq!(one.sub(&tiny, 512), one);
        // ...but at a precision where it is exact it stays below 1.
        assert_eq!(one.sub(&tiny, 2_000_000).cmp(&one), Ordering::Less);
        // 1 minus an ulp of the binade below 1 is exact; minus half of it is
        // a tie, rounded to the even neighbour 1.
        let power_of_two = |exp| BigFloat::normalized(false, BigUint::one(), exp);
        let expected = BigFloat::normalized(false, (BigUint::one() << 512u32) - 1u32, -512);
        assert_eq!(one.sub(&power_of_two(-512), 512), expected);
        assert_eq!(one.sub(&power_of_two(-513), 512), one);
        assert_eq!(one.sub(&power_of_two(-514), 512), one);
    }

    #[test]
    fn division_is_correctly_rounded() {
        let third = float(1.0).quo(&float(3.0), 512);
        assert_eq!(third.hex_text(), format!("0x.{}p-1", "a".repeat(127) + "b"));
        assert_eq!(third.mul(&float(3.0), 512), float(1.0));
    }

    #[test]
    fn hex_text_matches_big_float() {
        assert_eq!(float(1.0).hex_text(), "0x.8p+1");
        assert_eq!(float(-0.75).hex_text(), "-0x.cp+0");
        assert_eq!(float(0.1).hex_text(), "0x.ccccccccccccdp-3");
        assert_eq!(BigFloat::zero().hex_text(), "0");
    }

    #[test]
    fn literal_parts_follow_big_float_parsing() {
        // Values observed from Go's big.Float.SetString at 512 bits.
        let parse = |exp: i64| {
            BigFloat::from_literal_parts(BigUint::one(), exp, exp, 512)
                .unwrap()
                .hex_text()
        };
        assert_eq!(
            parse(2000),
            "0x.e7b64e4de2fc42514a729f6e4aafabe8f7d3c138c0b557e9ab8dce4bbb1a58f842197134983b0ae\
             336cbdf3d970be9e0232b92c760800b8e55a5cf5c4ad31f78p+6644"
        );
        assert_eq!(
            parse(100000),
            "0x.e054e092d5b1ee728370b891e6f4fc66f51ee7b1aa7d1c2901d22f4f7566e8b4b0fdefc5de2930b\
             1b25a5662cb7644ec688750f996792b6818e7ba4ed5f2307ap+332193"
        );
        assert_eq!(
            parse(-100000),
            "0x.9211cb7471ee21497c16a5703efd3c100d82eb0afb748565e38072c17ec799568f6925a098418b9\
             b9c18f7c98da5b36a90fbc139ce67fbe8a66634da85123167p-332192"
        );
        assert!(BigFloat::from_literal_parts(BigUint::one(), -3_000_000_000, 0, 512).is_none());
    }

    #[test]
    fn integer_part_truncates() {
        assert_eq!(float(-2.75).to_integer(), (BigInt::from(-2), false));
        assert_eq!(
            float(1e20).to_integer(),
            (BigInt::from(100_000_000_000_000_000_000u128), true)
        );
        assert_eq!(float(0.25).to_integer(), (BigInt::zero(), false));
    }
}
