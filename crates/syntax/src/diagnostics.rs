//! Error values and the wording of every message this crate reports.
//!
//! Messages follow gc's (cmd/compile/internal/syntax and the directive
//! checks of cmd/compile/internal/noder) word for word, so diagnostics can
//! be compared with the Go toolchain's.

use crate::pos::Pos;
use crate::token::{SemiKind, Token, TokenKind};
use std::fmt;

/// A lexical, syntax or directive error at a position in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub msg: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

/// Turns errors, in the order they were found, into the list gc's compiler
/// prints: only the first syntax error on a line, no repeats of a message
/// on the same line, sorted by position. `line_of` gives an error's line
/// (with the line directive that applies, which makes lines distinct).
pub(crate) fn as_gc_reports<L: PartialEq>(
    found: Vec<SyntaxError>,
    line_of: impl Fn(Pos) -> L,
) -> Vec<SyntaxError> {
    let mut last_syntax_line = None;
    let mut last_other: Option<(L, String)> = None;
    let mut reports = Vec::with_capacity(found.len());
    for error in found {
        let line = line_of(error.pos);
        if error.msg.starts_with("syntax error") {
            if last_syntax_line.as_ref() == Some(&line) {
                continue;
            }
            last_syntax_line = Some(line);
        } else {
            if last_other
                .as_ref()
                .is_some_and(|(l, msg)| *l == line && *msg == error.msg)
            {
                continue;
            }
            last_other = Some((line, error.msg.clone()));
        }
        reports.push(error);
    }
    reports.sort_by_key(|e| e.pos);
    reports.dedup();
    reports
}

/// The bases literals and escapes are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    Binary = 2,
    Octal = 8,
    Decimal = 10,
    Hex = 16,
}

impl Base {
    fn name(self) -> &'static str {
        match self {
            Base::Binary => "binary",
            Base::Octal => "octal",
            Base::Decimal => "decimal",
            Base::Hex => "hexadecimal",
        }
    }
}

// ---------------------------------------------------------------------------
// Lexer messages

pub(crate) const NUL_CHARACTER: &str = "invalid NUL character";
pub(crate) const INVALID_UTF8: &str = "invalid UTF-8 encoding";
pub(crate) const BOM_IN_MIDDLE: &str = "invalid BOM in the middle of the file";
pub(crate) const EXPONENT_NO_DIGITS: &str = "exponent has no digits";
pub(crate) const HEX_MANTISSA_NEEDS_P: &str = "hexadecimal mantissa requires a 'p' exponent";
pub(crate) const SEPARATOR_PLACEMENT: &str = "'_' must separate successive digits";
pub(crate) const EMPTY_RUNE: &str = "empty rune literal or unescaped '";
pub(crate) const RUNE_TOO_LONG: &str = "more than one character in rune literal";
pub(crate) const NEWLINE_IN_RUNE: &str = "newline in rune literal";
pub(crate) const RUNE_UNTERMINATED: &str = "rune literal not terminated";
pub(crate) const NEWLINE_IN_STRING: &str = "newline in string";
pub(crate) const STRING_UNTERMINATED: &str = "string not terminated";
pub(crate) const COMMENT_UNTERMINATED: &str = "comment not terminated";
pub(crate) const UNKNOWN_ESCAPE: &str = "unknown escape";

pub(crate) fn invalid_character(c: char) -> String {
    format!("invalid character {}", unicode_notation(c as u32))
}

pub(crate) fn ident_starts_with_digit(c: char) -> String {
    format!(
        "identifier cannot begin with digit {}",
        unicode_notation(c as u32)
    )
}

pub(crate) fn invalid_ident_character(c: char) -> String {
    format!(
        "invalid character {} in identifier",
        unicode_notation(c as u32)
    )
}

pub(crate) fn invalid_radix_point(base: Base) -> String {
    format!("invalid radix point in {} literal", base.name())
}

pub(crate) fn no_digits(base: Base) -> String {
    format!("{} literal has no digits", base.name())
}

pub(crate) fn exponent_needs_mantissa(exp: char, hex: bool) -> String {
    let kind = if hex { "hexadecimal" } else { "decimal" };
    format!("{} exponent requires {kind} mantissa", quote_rune(exp))
}

pub(crate) fn invalid_digit(digit: char, base: Base) -> String {
    format!(
        "invalid digit {} in {} literal",
        quote_rune(digit),
        base.name()
    )
}

pub(crate) fn invalid_escape_char(c: char, base: Base) -> String {
    format!(
        "invalid character {} in {} escape",
        quote_rune(c),
        base.name()
    )
}

pub(crate) fn octal_escape_too_big(value: u32) -> String {
    format!("octal escape value {value} > 255")
}

pub(crate) fn escape_invalid_code_point(value: u32) -> String {
    format!(
        "escape is invalid Unicode code point {}",
        unicode_notation(value)
    )
}

// ---------------------------------------------------------------------------
// Line directive messages

pub(crate) fn invalid_line_number(text: &str) -> String {
    format!("invalid line number: {text}")
}

pub(crate) fn invalid_column_number(text: &str) -> String {
    format!("invalid column number: {text}")
}

// ---------------------------------------------------------------------------
// Parser messages

/// A syntax error message, in the forms gc distinguishes: most mention the
/// token the parser stopped at.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SyntaxMsg<'a> {
    /// `syntax error: {0}`, independent of the current token.
    Plain(&'a str),
    /// `syntax error: unexpected TOKEN, expected {0}`.
    Expected(&'a str),
    /// `syntax error: unexpected TOKEN {0}`, where {0} starts with "in",
    /// "at" or "after".
    Context(&'a str),
}

pub(crate) const MAX_NESTING_DEPTH: &str = "exceeded max nesting depth";
pub(crate) const FILE_TOO_LARGE: &str = "file too large: source files are limited to 4 GiB";
pub(crate) const METHOD_NO_RECEIVER: &str = "method has no receiver";
pub(crate) const METHOD_MULTIPLE_RECEIVERS: &str = "method has multiple receivers";
pub(crate) const MIDDLE_INDEX_REQUIRED: &str = "middle index required in 3-index slice";
pub(crate) const FINAL_INDEX_REQUIRED: &str = "final index required in 3-index slice";
pub(crate) const DOTS_NOT_FINAL: &str = "can only use ... with final parameter";
pub(crate) const INVALID_DOTS: &str = "invalid use of ...";
pub(crate) const EMPTY_TYPE_PARAMS: &str = "empty type parameter list";
pub(crate) const EMPTY_TYPE_ARGS: &str = "empty type argument list";
pub(crate) const GENERIC_INTERFACE_METHOD: &str = "interface method must have no type parameters";

pub(crate) fn brace_after(context: &str) -> String {
    format!("{{ after {context}")
}

pub(crate) fn no_type_params(context: &str) -> String {
    format!("{context} must have no type parameters")
}

pub(crate) fn parenthesized_go_defer(keyword: TokenKind) -> String {
    format!(
        "expression in {} must not be parenthesized",
        keyword.as_str()
    )
}

pub(crate) fn list_separator(context: &str, sep: TokenKind, close: TokenKind) -> String {
    format!(
        "in {context}; possibly missing {} or {}",
        token_name(sep),
        token_name(close)
    )
}

pub(crate) fn var_decl_in_header(keyword: TokenKind) -> String {
    format!(
        "var declaration not allowed in {} initializer",
        keyword.as_str()
    )
}

pub(crate) fn unexpected_semi_in_if(semi: SemiKind) -> String {
    format!("unexpected {}, expected {{ after if clause", semi.as_str())
}

pub(crate) fn cannot_use_as_value(what: &str) -> String {
    format!("cannot use {what} as value")
}

pub(crate) fn unexpected_expected_chan(what: &str) -> String {
    format!("unexpected {what}, expected chan")
}

/// The full text of a syntax error reported while the parser is at `tok`
/// (whose source text is `text`).
pub(crate) fn syntax_error_text(msg: SyntaxMsg<'_>, tok: &Token, text: &str) -> String {
    let (suffix, separator) = match msg {
        SyntaxMsg::Plain(msg) => return format!("syntax error: {msg}"),
        SyntaxMsg::Expected(what) => (what, ", expected "),
        SyntaxMsg::Context(context) => (context, " "),
    };
    let found = match tok.kind {
        TokenKind::Name => format!("name {text}"),
        TokenKind::Semi => tok.semi.as_str().to_string(),
        TokenKind::Literal => format!("literal {text}"),
        TokenKind::Operator => tok.op.as_str().to_string(),
        TokenKind::AssignOp => format!("{}=", tok.op.as_str()),
        TokenKind::IncOp => tok.op.as_str().repeat(2),
        kind => token_name(kind),
    };
    format!("syntax error: unexpected {found}{separator}{suffix}")
}

/// A token kind as gc names it in messages ("comma", "keyword func", ...).
pub(crate) fn token_name(kind: TokenKind) -> String {
    match kind {
        TokenKind::Comma => "comma".to_string(),
        TokenKind::Semi => "semicolon or newline".to_string(),
        kind if kind.is_keyword() => format!("keyword {}", kind.as_str()),
        kind => kind.as_str().to_string(),
    }
}

// ---------------------------------------------------------------------------
// Directive messages (gc's noder reports these while parsing)

pub(crate) const MISPLACED_DIRECTIVE: &str = "misplaced compiler directive";
pub(crate) const MISPLACED_EMBED: &str = "misplaced go:embed directive";
pub(crate) const LINKNAME_USAGE: &str = "usage: //go:linkname localname [linkname]";
pub(crate) const EMBED_USAGE: &str = "usage: //go:embed pattern...";

pub(crate) fn invalid_embed_quote(text: &str) -> String {
    format!("invalid quoted string in //go:embed: {text}")
}

// ---------------------------------------------------------------------------
// Branch and label messages

pub(crate) fn label_not_defined(name: &str) -> String {
    format!("label {name} not defined")
}

pub(crate) fn label_defined_not_used(name: &str) -> String {
    format!("label {name} defined and not used")
}

pub(crate) fn label_already_defined(name: &str, previous: &str) -> String {
    format!("label {name} already defined at {previous}")
}

pub(crate) fn goto_into_block(name: &str, block_start: &str) -> String {
    format!("goto {name} jumps into block starting at {block_start}")
}

pub(crate) fn goto_over_declaration(name: &str, var: &str, var_pos: &str) -> String {
    format!("goto {name} jumps over declaration of {var} at {var_pos}")
}

pub(crate) fn invalid_break_label(name: &str) -> String {
    format!("invalid break label {name}")
}

pub(crate) fn break_label_not_defined(name: &str) -> String {
    format!("break label not defined: {name}")
}

pub(crate) fn invalid_continue_label(name: &str) -> String {
    format!("invalid continue label {name}")
}

pub(crate) fn continue_label_not_defined(name: &str) -> String {
    format!("continue label not defined: {name}")
}

pub(crate) const BREAK_OUTSIDE: &str = "break is not in a loop, switch, or select";
pub(crate) const CONTINUE_OUTSIDE: &str = "continue is not in a loop";
pub(crate) const FALLTHROUGH_FINAL_CASE: &str = "cannot fallthrough final case in switch";
pub(crate) const FALLTHROUGH_MISPLACED: &str = "fallthrough statement out of place";
pub(crate) const FALLTHROUGH_TYPE_SWITCH: &str = "cannot fallthrough in type switch";

// ---------------------------------------------------------------------------
// Character notation, as Go's fmt verbs %q and %#U print runes

/// Go's `%#U`: `U+0040 '@'`, or just `U+0007` for unprintable code points.
pub(crate) fn unicode_notation(value: u32) -> String {
    match char::from_u32(value) {
        Some(c) if is_printable(c) => format!("U+{value:04X} '{c}'"),
        _ => format!("U+{value:04X}"),
    }
}

/// Go's `%q` for a rune: a single-quoted, escaped character literal.
pub(crate) fn quote_rune(c: char) -> String {
    let body = match c {
        '\'' => "\\'".to_string(),
        '\\' => "\\\\".to_string(),
        '\x07' => "\\a".to_string(),
        '\x08' => "\\b".to_string(),
        '\x0c' => "\\f".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        '\x0b' => "\\v".to_string(),
        c if is_printable(c) => c.to_string(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c if (c as u32) < 0x10000 => format!("\\u{:04x}", c as u32),
        c => format!("\\U{:08x}", c as u32),
    };
    format!("'{body}'")
}

/// An approximation of Go's `unicode.IsPrint` using what `std` knows:
/// controls, non-ASCII spaces, common format characters and private-use
/// code points are unprintable.
fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let format_or_private = matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..);
    !(c.is_control() || c.is_whitespace() || format_or_private)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rune_notation_matches_go() {
        assert_eq!(unicode_notation('@' as u32), "U+0040 '@'");
        assert_eq!(unicode_notation(7), "U+0007");
        assert_eq!(unicode_notation(0xD800), "U+D800");
        assert_eq!(unicode_notation(0x110000), "U+110000");
        assert_eq!(unicode_notation(0xFEFF), "U+FEFF");
        assert_eq!(quote_rune('8'), "'8'");
        assert_eq!(quote_rune('\n'), "'\\n'");
        assert_eq!(quote_rune('\''), "'\\''");
        assert_eq!(quote_rune('\u{1}'), "'\\x01'");
        assert_eq!(quote_rune('é'), "'é'");
    }
}
