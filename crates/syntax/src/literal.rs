//! Values of basic literals, decoded on demand from their source text.
//!
//! The lexer validates literals but keeps only their spans; these functions
//! turn well-formed literal text into values for later layers. They return
//! `None` for malformed text (the lexer has reported it already).

use std::borrow::Cow;

/// The bytes a string literal (`"..."` or `` `...` ``) denotes. Go strings
/// are byte strings: `\x` and octal escapes may produce invalid UTF-8.
/// Raw strings drop carriage returns, as the spec requires.
pub fn decode_string(lit: &[u8]) -> Result<Cow<'_, [u8]>, InvalidLiteral> {
    let (&quote, rest) = lit.split_first().ok_or(InvalidLiteral)?;
    let body = rest.strip_suffix(&[quote]).ok_or(InvalidLiteral)?;
    match quote {
        b'`' if body.contains(&b'\r') => Ok(Cow::Owned(
            body.iter().copied().filter(|&b| b != b'\r').collect(),
        )),
        b'`' => Ok(Cow::Borrowed(body)),
        b'"' if !body.contains(&b'\\') => Ok(Cow::Borrowed(body)),
        b'"' => {
            let mut out = Vec::with_capacity(body.len());
            let mut rest = body;
            while let Some((&b, tail)) = rest.split_first() {
                if b == b'\\' {
                    let (unit, tail) = unescape(tail, b'"')?;
                    unit.push_to(&mut out);
                    rest = tail;
                } else {
                    out.push(b);
                    rest = tail;
                }
            }
            Ok(Cow::Owned(out))
        }
        _ => Err(InvalidLiteral),
    }
}

/// The code point a rune literal (`'x'`, `'\n'`, `'\377'`, ...) denotes.
/// Octal and `\x` escapes denote byte values, which are returned as is.
pub fn decode_rune(lit: &[u8]) -> Result<u32, InvalidLiteral> {
    let body = lit
        .strip_prefix(b"'")
        .and_then(|b| b.strip_suffix(b"'"))
        .ok_or(InvalidLiteral)?;
    let (value, rest) = match body.split_first() {
        Some((b'\\', tail)) => match unescape(tail, b'\'')? {
            (Unit::Byte(b), rest) => (u32::from(b), rest),
            (Unit::Char(c), rest) => (c as u32, rest),
        },
        Some(_) => {
            let s = std::str::from_utf8(body).map_err(|_| InvalidLiteral)?;
            let c = s.chars().next().ok_or(InvalidLiteral)?;
            (c as u32, &body[c.len_utf8()..])
        }
        None => return Err(InvalidLiteral),
    };
    if rest.is_empty() {
        Ok(value)
    } else {
        Err(InvalidLiteral)
    }
}

/// An integer literal split into its radix and digits (prefix, `_`
/// separators and any imaginary suffix removed), ready for a big-integer
/// parser. Legacy octal (`0777`) has radix 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntDigits<'a> {
    pub radix: u32,
    pub digits: Cow<'a, str>,
}

pub fn int_digits(lit: &str) -> Result<IntDigits<'_>, InvalidLiteral> {
    let lit = lit.strip_suffix('i').unwrap_or(lit);
    let (radix, digits) = match lit.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &lit[2..]),
        [b'0', b'o' | b'O', ..] => (8, &lit[2..]),
        [b'0', b'b' | b'B', ..] => (2, &lit[2..]),
        [b'0', _, ..] => (8, &lit[1..]),
        _ => (10, lit),
    };
    let digits = without_separators(digits);
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(InvalidLiteral);
    }
    Ok(IntDigits { radix, digits })
}

/// The value of an integer literal, if it fits in 64 bits.
pub fn int_value(lit: &str) -> Result<u64, InvalidLiteral> {
    let IntDigits { radix, digits } = int_digits(lit)?;
    u64::from_str_radix(&digits, radix).map_err(|_| InvalidLiteral)
}

/// A floating-point literal split into parts: the value is
/// `mantissa × radix_base^exponent`, where `mantissa` holds the mantissa
/// digits with the radix point removed and `exponent` is already adjusted
/// for the digits after the point (base 10 for decimal literals, base 2 for
/// hexadecimal ones, whose exponent counts bits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FloatParts {
    /// 10 or 16: the radix of `mantissa`'s digits.
    pub radix: u32,
    pub mantissa: String,
    /// Power of 10 (decimal) or of 2 (hexadecimal).
    pub exponent: i64,
}

pub fn float_parts(lit: &str) -> Result<FloatParts, InvalidLiteral> {
    let lit = lit.strip_suffix('i').unwrap_or(lit);
    let lit = without_separators(lit);
    let (radix, body) = match lit.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &lit[2..]),
        _ => (10, &lit[..]),
    };
    let exp_marker: &[char] = if radix == 16 {
        &['p', 'P']
    } else {
        &['e', 'E']
    };
    let (mantissa_text, exp_text) = match body.find(exp_marker) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let written_exponent: i64 = match exp_text {
        Some(text) => text.parse().map_err(|_| InvalidLiteral)?,
        None => 0,
    };
    let (int_part, frac_part) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let mantissa = format!("{int_part}{frac_part}");
    if mantissa.is_empty() || !mantissa.chars().all(|c| c.is_digit(radix)) {
        return Err(InvalidLiteral);
    }
    // Each hex digit after the point scales by 2^-4; a decimal one by 10^-1.
    let digit_scale = if radix == 16 { 4 } else { 1 };
    let exponent = written_exponent
        .checked_sub(frac_part.len() as i64 * digit_scale)
        .ok_or(InvalidLiteral)?;
    Ok(FloatParts {
        radix,
        mantissa,
        exponent,
    })
}

/// The nearest `f64` to a floating-point (or integer) literal. Decimal
/// literals round correctly; hexadecimal ones are exact when the mantissa
/// has at most 64 significant bits.
pub fn float_value(lit: &str) -> Result<f64, InvalidLiteral> {
    let parts = float_parts(lit)?;
    if parts.radix == 10 {
        let text = format!("{}e{}", parts.mantissa, parts.exponent);
        return text.parse().map_err(|_| InvalidLiteral);
    }
    let trimmed = parts.mantissa.trim_start_matches('0');
    let kept = trimmed.len().min(16);
    let mantissa = u64::from_str_radix(&trimmed[..kept], 16).unwrap_or(0);
    let dropped_bits = (trimmed.len() - kept) as i64 * 4;
    let exponent = (parts.exponent + dropped_bits).clamp(-2000, 2000) as i32;
    // Two steps keep intermediate powers of two in range.
    let half = exponent / 2;
    Ok(mantissa as f64 * 2f64.powi(half) * 2f64.powi(exponent - half))
}

/// Malformed literal text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidLiteral;

impl std::fmt::Display for InvalidLiteral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("invalid literal")
    }
}

impl std::error::Error for InvalidLiteral {}

fn without_separators(text: &str) -> Cow<'_, str> {
    if text.contains('_') {
        Cow::Owned(text.replace('_', ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// What one escape sequence denotes.
enum Unit {
    /// A raw byte (octal and `\x` escapes).
    Byte(u8),
    /// A code point, stored UTF-8 encoded.
    Char(char),
}

impl Unit {
    fn push_to(self, out: &mut Vec<u8>) {
        match self {
            Unit::Byte(b) => out.push(b),
            Unit::Char(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

/// Decodes the escape sequence after a backslash; returns what it denotes
/// and the text after it.
fn unescape(text: &[u8], quote: u8) -> Result<(Unit, &[u8]), InvalidLiteral> {
    let (&c, rest) = text.split_first().ok_or(InvalidLiteral)?;
    let simple = match c {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0b),
        b'\\' => Some(b'\\'),
        c if c == quote => Some(quote),
        _ => None,
    };
    if let Some(b) = simple {
        return Ok((Unit::Char(b as char), rest));
    }
    let (digits, radix, rest) = match c {
        b'0'..=b'7' => (3, 8, text),
        b'x' => (2, 16, rest),
        b'u' => (4, 16, rest),
        b'U' => (8, 16, rest),
        _ => return Err(InvalidLiteral),
    };
    let hex = rest.get(..digits).ok_or(InvalidLiteral)?;
    let hex = std::str::from_utf8(hex).map_err(|_| InvalidLiteral)?;
    let value = u32::from_str_radix(hex, radix).map_err(|_| InvalidLiteral)?;
    let rest = &rest[digits..];
    match c {
        b'u' | b'U' => {
            let c = char::from_u32(value).ok_or(InvalidLiteral)?;
            Ok((Unit::Char(c), rest))
        }
        _ => {
            let b = u8::try_from(value).map_err(|_| InvalidLiteral)?;
            Ok((Unit::Byte(b), rest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        assert_eq!(&*decode_string(b"\"abc\"").unwrap(), b"abc");
        assert_eq!(
            &*decode_string(br#""a\tb\x41\101\u00e9\U0001F600\"\\""#).unwrap(),
            "a\tbAAé😀\"\\".as_bytes()
        );
        assert_eq!(&*decode_string(br#""\xff""#).unwrap(), &[0xff]);
        assert_eq!(&*decode_string(b"`a\r\nb`").unwrap(), b"a\nb");
        assert_eq!(&*decode_string(b"`\\n`").unwrap(), b"\\n");
        assert!(decode_string(br#""\q""#).is_err());
        assert!(decode_string(b"\"abc").is_err());
    }

    #[test]
    fn runes() {
        assert_eq!(decode_rune(b"'a'"), Ok('a' as u32));
        assert_eq!(decode_rune("'é'".as_bytes()), Ok(0xe9));
        assert_eq!(decode_rune(br"'\n'"), Ok(10));
        assert_eq!(decode_rune(br"'\''"), Ok(39));
        assert_eq!(decode_rune(br"'\377'"), Ok(255));
        assert_eq!(decode_rune(br"'\xff'"), Ok(255));
        assert_eq!(decode_rune(br"'\u12e4'"), Ok(0x12e4));
        assert!(decode_rune(b"'ab'").is_err());
        assert!(decode_rune(br"'\'").is_err());
    }

    #[test]
    fn ints() {
        assert_eq!(int_value("42"), Ok(42));
        assert_eq!(int_value("0x_FF"), Ok(255));
        assert_eq!(int_value("0o17"), Ok(15));
        assert_eq!(int_value("017"), Ok(15));
        assert_eq!(int_value("0b1010"), Ok(10));
        assert_eq!(int_value("1_000_000"), Ok(1_000_000));
        assert_eq!(int_value("0"), Ok(0));
        assert!(int_value("99999999999999999999999").is_err());
        assert_eq!(
            int_digits("99999999999999999999999").unwrap().digits,
            "99999999999999999999999"
        );
        assert!(int_value("08").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(float_value("1.5"), Ok(1.5));
        assert_eq!(float_value(".25"), Ok(0.25));
        assert_eq!(float_value("1e3"), Ok(1000.0));
        assert_eq!(float_value("1_0.5e-1"), Ok(1.05));
        assert_eq!(float_value("0x1p-2"), Ok(0.25));
        assert_eq!(float_value("0x1.8p1"), Ok(3.0));
        assert_eq!(float_value("0X.8p0"), Ok(0.5));
        assert_eq!(float_value("2.5i"), Ok(2.5));
        assert_eq!(
            float_parts("12.34e5").unwrap(),
            FloatParts {
                radix: 10,
                mantissa: "1234".into(),
                exponent: 3
            }
        );
    }
}
