//! Printing values exactly as go/constant's `String` (short) and
//! `ExactString` do, since gc's diagnostics quote them.

use std::fmt;

use num_bigint::BigUint;
use num_traits::Pow;

use super::bigfloat::{BigFloat, PRECISION};
use super::{Repr, Value};

/// Quoted strings longer than this many characters are abbreviated by
/// `String`.
const MAX_QUOTED_CHARS: usize = 72;

impl fmt::Display for Value {
    /// go/constant's `String`: floats to 6 significant digits, long strings
    /// abbreviated with `...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::String(s) => f.write_str(&abbreviate(quote(s.bytes()))),
            Repr::Rat(x) => f.write_str(&short_float(&BigFloat::from_fraction(
                x.numer(),
                x.denom(),
                PRECISION,
            ))),
            Repr::Float(x) => f.write_str(&short_float(x)),
            Repr::Complex(parts) => write!(f, "({} + {}i)", parts.0, parts.1),
            _ => f.write_str(&self.exact_string()),
        }
    }
}

impl Value {
    /// go/constant's `ExactString`: fractions as `num/den`, other floats in
    /// `big.Float`'s `%p` form (`0x.8p+5001`), strings quoted in full.
    pub fn exact_string(&self) -> String {
        match &self.0 {
            Repr::Unknown => "unknown".to_owned(),
            Repr::Bool(b) => b.to_string(),
            Repr::String(s) => quote(s.bytes()),
            Repr::Int(x) => x.to_string(),
            Repr::BigInt(x) => x.to_string(),
            Repr::Rat(x) if x.is_integer() => x.numer().to_string(),
            Repr::Rat(x) => format!("{}/{}", x.numer(), x.denom()),
            Repr::Float(x) => x.hex_text(),
            Repr::Complex(parts) => {
                format!("({} + {}i)", parts.0.exact_string(), parts.1.exact_string())
            }
        }
    }
}

/// A float to about 6 digits: `%.6g` of the nearest float64 when that is
/// neither zero nor infinite (more digits if `%.6g` would make a fraction
/// look integral, go.dev/issue/56220); beyond the float64 range a cheap
/// decimal estimate in the same style.
fn short_float(x: &BigFloat) -> String {
    let (nearest, _) = x.to_ieee(super::bigfloat::FLOAT64);
    if x.is_zero() == (nearest == 0.0) && nearest.is_finite() {
        let text = format_g(nearest, Some(6));
        return if !x.is_integer() && !text.contains('.') {
            format_g(nearest, None)
        } else {
            text
        };
    }
    // x = m × 2^top ≈ m × 10^d with d = top·log10(2); split d into an
    // integer exponent and a factor folded into the mantissa.
    let d = x.top_exp() as f64 * std::f64::consts::LOG10_2;
    let mut exp = d as i64;
    let mut mant = x.mantissa_f64() * 10f64.powf(d - exp as f64);
    // Keep 1 <= |mant| < 10, also after `%.6g` rounds it to 6 digits.
    if mant.abs() < 0.9999995 {
        mant *= 10.0;
        exp -= 1;
    } else if mant.abs() >= 10.0 {
        mant /= 10.0;
        exp += 1;
    }
    format!("{}e{exp:+}", format_g(mant, Some(6)))
}

/// The decimal digits of a finite float64: `digits` (no trailing zeros,
/// empty for zero) and the exponent `point` with `x = ±0.digits × 10^point`.
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// The exact decimal expansion of `x`.
    fn exact(x: f64) -> Decimal {
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (mant, exp2) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | 1 << 52, biased - 1075)
        };
        // mant × 2^exp2 = mant × 5^-exp2 / 10^-exp2 for negative exponents.
        let (int, scale) = if exp2 >= 0 {
            (BigUint::from(mant) << exp2 as u64, 0)
        } else {
            (
                BigUint::from(mant) * Pow::pow(BigUint::from(5u32), exp2.unsigned_abs()),
                -exp2,
            )
        };
        let text = if mant == 0 {
            String::new()
        } else {
            int.to_string()
        };
        Decimal::from_digits(x.is_sign_negative(), text.into_bytes(), -scale)
    }

    /// The shortest digits that read back as `x` (Rust's and Go's shortest
    /// formatting agree on these).
    fn shortest(x: f64) -> Decimal {
        let text = format!("{:e}", x.abs());
        let (mant, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        let exp: i64 = exp.parse().unwrap_or(0);
        let fraction_digits = digits.len() as i64 - 1;
        Decimal::from_digits(x.is_sign_negative(), digits, exp - fraction_digits)
    }

    /// `digits × 10^exp10`, normalized.
    fn from_digits(negative: bool, mut digits: Vec<u8>, exp10: i64) -> Decimal {
        let leading = digits.iter().take_while(|&&d| d == b'0').count();
        digits.drain(..leading);
        let point = digits.len() as i64 + exp10;
        let mut decimal = Decimal {
            negative,
            digits,
            point,
        };
        decimal.trim();
        decimal
    }

    fn trim(&mut self) {
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.point = 0;
        }
    }

    /// Rounds to `n` significant digits, ties to even.
    fn round(&mut self, n: usize) {
        if self.digits.len() <= n {
            return;
        }
        let first_dropped = self.digits[n];
        let exactly_half = first_dropped == b'5' && self.digits.len() == n + 1;
        let round_up = if exactly_half {
            n > 0 && (self.digits[n - 1] - b'0') % 2 == 1
        } else {
            first_dropped >= b'5'
        };
        self.digits.truncate(n);
        if round_up {
            match self.digits.iter().rposition(|&d| d != b'9') {
                Some(i) => {
                    self.digits[i] += 1;
                    self.digits.truncate(i + 1);
                }
                None => {
                    self.digits = vec![b'1'];
                    self.point += 1;
                }
            }
        }
        self.trim();
    }
}

/// Go's `%g` of a float64: with `Some(precision)` significant digits, or
/// the shortest exact digits with `None`.
fn format_g(x: f64, precision: Option<usize>) -> String {
    let (decimal, prec) = match precision {
        Some(prec) => {
            let mut decimal = Decimal::exact(x);
            decimal.round(prec.max(1));
            (decimal, prec.max(1))
        }
        None => {
            let decimal = Decimal::shortest(x);
            let prec = decimal.digits.len();
            (decimal, prec)
        }
    };
    let digits = decimal.digits.len() as i64;
    let point = decimal.point;
    // %e is used when the exponent is below -4 or at least the precision
    // (6 for shortest output; fewer if the digits run out before the point).
    let mut eprec = prec as i64;
    if precision.is_none() {
        eprec = 6;
    } else if eprec > digits && digits >= point {
        eprec = digits;
    }
    let exp = point - 1;
    let mut out = String::new();
    if decimal.negative {
        out.push('-');
    }
    let digit = |i: i64| {
        usize::try_from(i)
            .ok()
            .and_then(|i| decimal.digits.get(i))
            .map_or('0', |&d| d as char)
    };
    if exp < -4 || exp >= eprec {
        let shown = (prec as i64).min(digits);
        out.push(digit(0));
        if shown > 1 {
            out.push('.');
            (1..shown).for_each(|i| out.push(digit(i)));
        }
        let exp = if digits == 0 { 0 } else { exp };
        let sign = if exp < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exp.abs()));
    } else {
        let shown = if prec as i64 > point {
            digits
        } else {
            prec as i64
        };
        if point > 0 {
            (0..point).for_each(|i| out.push(digit(i)));
        } else {
            out.push('0');
        }
        let fraction = (shown - point).max(0);
        if fraction > 0 {
            out.push('.');
            (0..fraction).for_each(|i| out.push(digit(point + i)));
        }
    }
    out
}

/// Go's `strconv.Quote`: a double-quoted string with Go escapes; bytes
/// that are not UTF-8 become `\xNN`.
pub(super) fn quote(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    let mut rest = bytes;
    while !rest.is_empty() {
        let (valid, invalid) = match std::str::from_utf8(rest) {
            Ok(text) => (text, &[][..]),
            Err(error) => {
                let (valid, invalid) = rest.split_at(error.valid_up_to());
                // Go decodes (and escapes) a bad sequence byte by byte.
                (std::str::from_utf8(valid).unwrap_or_default(), invalid)
            }
        };
        valid.chars().for_each(|c| escape_char(c, &mut out));
        if let Some((&byte, tail)) = invalid.split_first() {
            out.push_str(&format!("\\x{byte:02x}"));
            rest = tail;
        } else {
            rest = &[];
        }
    }
    out.push('"');
    out
}

fn escape_char(c: char, out: &mut String) {
    match c {
        '"' | '\\' => {
            out.push('\\');
            out.push(c);
        }
        _ if is_printable(c) => out.push(c),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        _ => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols
/// and the ASCII space. Rust's `escape_debug` escapes exactly the other
/// characters, except that it also escapes a grapheme extender (a mark)
/// at the start of a string, hence the leading `a`.
fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let probe: String = ['a', c].into_iter().collect();
    probe.escape_debug().nth(1) == Some(c)
}

/// go/constant's abbreviation of long quoted strings: the first 69
/// characters and `...`.
fn abbreviate(quoted: String) -> String {
    if quoted.chars().count() <= MAX_QUOTED_CHARS {
        return quoted;
    }
    let mut short: String = quoted.chars().take(MAX_QUOTED_CHARS - 3).collect();
    short.push_str("...");
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_g_with_six_digits() {
        let cases = [
            (0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (100000.0, "100000"),
            (1e6, "1e+06"),
            (123456789.0, "1.23457e+08"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (1230.0, "1230"),
            (999999.5, "1e+06"),
            (1e308, "1e+308"),
            (5e-324, "4.94066e-324"),
            (2.5, "2.5"),
            (1234565.0, "1.23456e+06"), // an exact tie rounds to even
            (1234575.0, "1.23458e+06"),
        ];
        for (x, want) in cases {
            assert_eq!(format_g(x, Some(6)), want, "{x:e}");
        }
    }

    #[test]
    fn percent_g_shortest() {
        let cases = [
            (100000.5, "100000.5"),
            (1.0000000001e-7, "1.0000000001e-07"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (-2.5e-5, "-2.5e-05"),
        ];
        for (x, want) in cases {
            assert_eq!(format_g(x, None), want, "{x:e}");
        }
    }

    #[test]
    fn quoting_matches_strconv() {
        assert_eq!(quote(b"abc"), r#""abc""#);
        assert_eq!(
            quote(b"\"\\\n\t\x07\x08\x0c\r\x0b\x00\x7f"),
            r#""\"\\\n\t\a\b\f\r\v\x00\x7f""#
        );
        assert_eq!(quote(b"\xff\xe2\x82A"), r#""\xff\xe2\x82A""#);
        assert_eq!(quote("héllo 😀".as_bytes()), "\"héllo 😀\"");
        // Combining marks print; spaces other than ' ', format and private
        // use characters are escaped.
        assert_eq!(
            quote("a\u{301}\u{a0}\u{2028}\u{e000}\u{ad}".as_bytes()),
            "\"a\u{301}\\u00a0\\u2028\\ue000\\u00ad\""
        );
        assert_eq!(quote("\u{301}".as_bytes()), "\"\u{301}\"");
        assert_eq!(
            quote("\u{10ffff}\u{e0001}".as_bytes()),
            r#""\U0010ffff\U000e0001""#
        );
    }

    #[test]
    fn long_strings_are_abbreviated() {
        let value = Value::from_string("x".repeat(100));
        let short = value.to_string();
        assert_eq!(short, format!("\"{}...", "x".repeat(68)));
        assert_eq!(short.chars().count(), 72);
        assert_eq!(Value::from_string("x".repeat(70)).to_string().len(), 72);
        assert_eq!(value.exact_string().len(), 102);
    }
}
