//! Values of Go number literals, spelled as in source (`0x_1F`, `1_000.5e-3`,
//! `0x1p-2`, `0777`, `2i`).

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Pow, Zero};

use super::bigfloat::{BigFloat, PRECISION};
use super::{make_float, make_int, Value};

/// Float literals whose binary exponent (of `0.1… × 2^e`) lies strictly
/// within this bound get an exact fraction; larger or smaller ones a
/// [`BigFloat`] (as go/constant does, so `1e100000` stays small).
const FRACTION_EXP_LIMIT: i64 = 4096;

/// `big.Rat.SetString` refuses exponents beyond these; go/constant then
/// keeps the float approximation.
const RAT_MAX_EXP5: u64 = 1_000_000;
const RAT_MAX_EXP2: u64 = 10_000_000;

/// The digits of a number literal: `mant` read in `base` with
/// `frac_digits` of them after the radix point, times `exp_base^exp`.
struct Digits {
    mant: BigUint,
    base: u32,
    frac_digits: u64,
    exp: i64,
}

impl Value {
    /// The value of an integer literal (decimal, `0x`, `0o`, `0b` or legacy
    /// octal `0777`, with `_` separators); `None` if it is malformed.
    pub fn from_int_literal(text: &str) -> Option<Value> {
        let digits = scan(text, false)?;
        (digits.frac_digits == 0 && digits.exp == 0).then(|| make_int(BigInt::from(digits.mant)))
    }

    /// The value of a floating-point literal (decimal with `e` exponent, or
    /// hexadecimal with `p` exponent); `None` if it is malformed or its
    /// exponent is out of range, which the checker reports as a malformed
    /// constant. Tiny values underflow to 0; huge ones give `None`.
    pub fn from_float_literal(text: &str) -> Option<Value> {
        let digits = scan(text, true)?;
        float_value(digits)
    }

    /// The value of an imaginary literal (`2i`, `1.5e3i`, `0x1p2i`, and
    /// `0777i`, which is decimal); `None` if it is malformed.
    pub fn from_imaginary_literal(text: &str) -> Option<Value> {
        let body = text.strip_suffix('i')?;
        let imag = float_value(scan(body, true)?)?;
        Some(Value::complex(&Value::from_i64(0), &imag))
    }
}

fn float_value(digits: Digits) -> Option<Value> {
    let (exp2, exp5) = digits.binary_and_decimal_exponents()?;
    let float = BigFloat::from_literal_parts(digits.mant.clone(), exp2, exp5, PRECISION)?;
    if float.is_zero() {
        // Also covers decimal underflow, like 1e-1000000000, which would
        // take forever as an exact fraction.
        return Some(Value::from_i64(0).to_float());
    }
    let fits_fraction = float.top_exp().abs() < FRACTION_EXP_LIMIT;
    if fits_fraction && exp5.unsigned_abs() <= RAT_MAX_EXP5 && exp2.unsigned_abs() <= RAT_MAX_EXP2 {
        Some(Value::from_exact_fraction(exact_fraction(
            digits.mant,
            exp2,
            exp5,
        )))
    } else {
        // Unknown if it overflowed big.Float's exponent range.
        Some(make_float(float)).filter(|value| !value.is_unknown())
    }
}

/// `mant × 2^exp2 × 5^exp5` as an exact fraction.
fn exact_fraction(mant: BigUint, exp2: i64, exp5: i64) -> BigRational {
    let power =
        |base: u32, exp: i64| -> BigUint { Pow::pow(BigUint::from(base), exp.unsigned_abs()) };
    let mut num = mant;
    let mut den = BigUint::one();
    if exp2 >= 0 {
        num <<= exp2.unsigned_abs();
    } else {
        den <<= exp2.unsigned_abs();
    }
    if exp5 >= 0 {
        num *= power(5, exp5);
    } else {
        den *= power(5, exp5);
    }
    BigRational::new(BigInt::from(num), BigInt::from(den))
}

impl Digits {
    /// The value as `mant × 2^exp2 × 5^exp5`; `None` on exponent overflow.
    fn binary_and_decimal_exponents(&self) -> Option<(i64, i64)> {
        let frac = i64::try_from(self.frac_digits).ok()?;
        match self.base {
            10 => {
                let exp = self.exp.checked_sub(frac)?;
                Some((exp, exp))
            }
            base => {
                let bits_per_digit = i64::from(base.trailing_zeros());
                Some((self.exp.checked_sub(frac.checked_mul(bits_per_digit)?)?, 0))
            }
        }
    }
}

/// Reads a number literal. Integers take a legacy octal `0` prefix; floats
/// (`float == true`) read a leading `0` as decimal and accept a radix point
/// and exponent (also for `0b`/`0o` mantissas, which only appear in
/// imaginary literals and hold no point). `_` may separate digits, or
/// follow a base prefix.
fn scan(text: &str, float: bool) -> Option<Digits> {
    let bytes = text.as_bytes();
    let (base, prefix_len) = match bytes {
        [b'0', b'x' | b'X', ..] => (16, 2),
        [b'0', b'o' | b'O', ..] => (8, 2),
        [b'0', b'b' | b'B', ..] => (2, 2),
        [b'0', _, ..] if !float => (8, 1),
        _ => (10, 0),
    };
    let mut mant = BigUint::zero();
    let mut small: u64 = 0; // digits are batched in a u64 to keep parsing linear-ish
    let mut small_scale: u64 = 1;
    let mut digit_count = 0u64;
    let mut frac_digits = 0u64;
    let mut seen_point = false;
    // Whether the previous byte was a digit (or the base prefix, before
    // which `_` is allowed); separators must sit between such positions.
    let mut after_digit = prefix_len > 0;
    let mut after_separator = false;
    let mut rest = &bytes[prefix_len..];
    while let Some((&byte, tail)) = rest.split_first() {
        match byte {
            b'_' => {
                if !after_digit {
                    return None;
                }
                after_digit = false;
                after_separator = true;
            }
            b'.' if float && !seen_point && (base == 10 || base == 16) && !after_separator => {
                seen_point = true;
                after_digit = false;
            }
            _ => {
                let Some(digit) = (byte as char).to_digit(base) else {
                    break;
                };
                if small_scale > u64::MAX / u64::from(base) {
                    mant = mant * small_scale + small;
                    (small, small_scale) = (0, 1);
                }
                small = small * u64::from(base) + u64::from(digit);
                small_scale *= u64::from(base);
                digit_count += 1;
                frac_digits += u64::from(seen_point);
                after_digit = true;
                after_separator = false;
            }
        }
        rest = tail;
    }
    mant = mant * small_scale + small;
    if after_separator || digit_count == 0 {
        return None;
    }
    let exp = match rest {
        // A hexadecimal mantissa with a radix point needs a `p` exponent.
        [] if !(base == 16 && seen_point) => 0,
        [b'e' | b'E', exp @ ..] if float && base == 10 => scan_exponent(exp)?,
        [b'p' | b'P', exp @ ..] if float && base == 16 => scan_exponent(exp)?,
        _ => return None,
    };
    Some(Digits {
        mant,
        base,
        frac_digits,
        exp,
    })
}

/// A signed decimal exponent with `_` separators; `None` unless it fits an
/// `i64` (as `big.Float` requires).
fn scan_exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    };
    if digits.first()?.is_ascii_digit() && digits.last()?.is_ascii_digit() {
        let mut magnitude: i64 = 0;
        let mut after_digit = false;
        for &byte in digits {
            if byte == b'_' {
                if !after_digit {
                    return None;
                }
                after_digit = false;
                continue;
            }
            let digit = i64::from((byte as char).to_digit(10)?);
            // Accumulate negatively so that i64::MIN is reachable.
            magnitude = magnitude.checked_mul(10)?.checked_sub(digit)?;
            after_digit = true;
        }
        if negative {
            Some(magnitude)
        } else {
            magnitude.checked_neg()
        }
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> String {
        Value::from_int_literal(text).map_or("malformed".into(), |v| v.exact_string())
    }

    fn float(text: &str) -> String {
        Value::from_float_literal(text).map_or("malformed".into(), |v| v.exact_string())
    }

    #[test]
    fn integer_literal_bases_and_separators() {
        assert_eq!(int("0"), "0");
        assert_eq!(int("42"), "42");
        assert_eq!(int("1_000_000"), "1000000");
        assert_eq!(int("0x_1F"), "31");
        assert_eq!(int("0XfF"), "255");
        assert_eq!(int("0o17"), "15");
        assert_eq!(int("0O_17"), "15");
        assert_eq!(int("0b1010"), "10");
        assert_eq!(int("0777"), "511");
        assert_eq!(int("0_7"), "7");
        assert_eq!(int("00"), "0");
        assert_eq!(int("18446744073709551616"), "18446744073709551616");
        assert_eq!(
            int("0xffffffffffffffffffffffffffffffff"),
            "340282366920938463463374607431768211455"
        );
        assert_eq!(int(&"9".repeat(60)), "9".repeat(60));
    }

    #[test]
    fn malformed_integer_literals() {
        for text in [
            "", "08", "0x", "0b2", "1__0", "1_", "_1", "0x1.8p1", "1e3", "12a", "0o", "1 ",
        ] {
            assert_eq!(int(text), "malformed", "{text:?}");
        }
    }

    #[test]
    fn float_literals_are_exact_fractions() {
        assert_eq!(float("0.1"), "1/10");
        assert_eq!(float("1.5e3"), "1500");
        assert_eq!(float("1_0.2_5"), "41/4");
        assert_eq!(float(".5"), "1/2");
        assert_eq!(float("1."), "1");
        assert_eq!(float("0777.0"), "777");
        assert_eq!(float("0x1p-2"), "1/4");
        assert_eq!(float("0x1.8p1"), "3");
        assert_eq!(float("0X_1FFFP-16"), "8191/65536");
        assert_eq!(float("0x.8p0"), "1/2");
        assert_eq!(float("1E-3"), "1/1000");
        assert_eq!(float("1e+2"), "100");
        assert_eq!(float("0e-99999"), "0");
    }

    #[test]
    fn huge_exponents_switch_to_big_floats_quickly() {
        assert_eq!(
            Value::from_float_literal("1e100000").unwrap().to_string(),
            "1e+100000"
        );
        assert_eq!(float("0x1p5000"), "0x.8p+5001");
        // Beyond big.Float's exponent range, or not even an i64.
        assert_eq!(float("1e1000000000"), "malformed");
        assert_eq!(float("1e-3000000000"), "malformed");
        assert_eq!(float("1e99999999999999999999"), "malformed");
        assert_eq!(float("0e99999999999999999999"), "malformed");
        // Underflow within range is zero.
        assert_eq!(float("1e-1000000000"), "0");
    }

    #[test]
    fn malformed_float_literals() {
        for text in [
            "", ".", "1e", "1e+", "1_.5", "1._5", "1.5_", "0x1.8e3", "1p3", "1e_3", "1e3_", "1..2",
            "0b1.1",
        ] {
            assert_eq!(float(text), "malformed", "{text:?}");
        }
        assert_eq!(float("1e1_0"), float("1e10"));
    }

    #[test]
    fn imaginary_literals() {
        let imag = |text| Value::from_imaginary_literal(text).map(|v| v.exact_string());
        assert_eq!(imag("2i").as_deref(), Some("(0 + 2i)"));
        assert_eq!(imag("0777i").as_deref(), Some("(0 + 777i)"));
        assert_eq!(imag("0b101i").as_deref(), Some("(0 + 5i)"));
        assert_eq!(imag("0o17i").as_deref(), Some("(0 + 15i)"));
        assert_eq!(imag("0x10i").as_deref(), Some("(0 + 16i)"));
        assert_eq!(imag("0x1p-2i").as_deref(), Some("(0 + 1/4i)"));
        assert_eq!(imag("1.5e1i").as_deref(), Some("(0 + 15i)"));
        assert_eq!(imag("2"), None);
        assert_eq!(imag("1e1000000000i"), None);
    }
}
