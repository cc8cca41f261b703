//! The lexer: turns source bytes into [`Token`]s on demand.
//!
//! It inserts semicolons at newlines and EOF as the spec requires, reports
//! malformed literals, invalid characters and encoding errors with gc's
//! messages and positions, records every comment, applies `//line`
//! directives, and queues `//go:` directives for the parser, which attaches
//! them to declarations.

use crate::diagnostics::{self as diag, Base, SyntaxError};
use crate::pos::{LineDirective, Pos, Span};
use crate::token::{LitKind, Operator, SemiKind, Token, TokenKind};

/// A comment's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `// ...`, up to but excluding the newline.
    Line,
    /// `/* ... */`, including both delimiters.
    Block,
}

/// A comment in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub kind: CommentKind,
}

/// A `//go:` comment, waiting for the parser to attach it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GoDirective {
    /// Position of the text after `//`, where gc reports directive errors.
    pub pos: Pos,
    /// The text after `//`, without a trailing `\r`.
    pub text: Span,
    /// Whether only white space precedes the comment on its line.
    pub blank: bool,
}

pub(crate) struct Lexer<'src> {
    src: &'src [u8],
    filename: &'src str,
    /// The current character; `None` at the end of the input.
    ch: Option<char>,
    /// Offset of `ch`.
    ch_pos: u32,
    /// Offset of the byte after `ch`.
    read: u32,
    /// Whether a newline or EOF now ends a statement.
    nlsemi: bool,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
    pub line_directives: Vec<LineDirective>,
    /// `//go:` directives seen since the parser last drained this list.
    pub go_directives: Vec<GoDirective>,
}

impl<'src> Lexer<'src> {
    pub fn new(filename: &'src str, src: &'src [u8]) -> Lexer<'src> {
        Lexer {
            src,
            filename,
            // Start "before" the file, on a blank, so the first token scan
            // begins with white-space skipping at offset 0 (this is what
            // makes a directive on the first line count as on a blank line).
            ch: Some(' '),
            ch_pos: 0,
            read: 0,
            nlsemi: false,
            errors: Vec::new(),
            comments: Vec::new(),
            line_directives: Vec::new(),
            go_directives: Vec::new(),
        }
    }

    pub fn filename(&self) -> &'src str {
        self.filename
    }

    pub fn error(&mut self, pos: u32, msg: impl Into<String>) {
        self.errors.push(SyntaxError {
            pos: Pos(pos),
            msg: msg.into(),
        });
    }

    /// Stops lexing: every later token is EOF.
    pub fn stop(&mut self) {
        self.read = self.src.len() as u32;
        self.ch_pos = self.read;
        self.ch = None;
        self.nlsemi = false;
    }

    /// Scans the next token.
    pub fn next_token(&mut self) -> Token {
        let nlsemi = std::mem::take(&mut self.nlsemi);
        // A newline is a token when it may end a statement.
        let is_space = |c: char| matches!(c, ' ' | '\t' | '\r') || (c == '\n' && !nlsemi);
        loop {
            let ws_start = self.ch_pos;
            self.skip_bytes(|b| is_space(char::from(b)));
            // (bytes are skipped from the current character's offset; the
            // blank standing for the start of the file has none)
            while self.ch.is_some_and(is_space) {
                self.bump();
            }
            let start = self.ch_pos;
            let mut tok = Token::default();
            if self.ch == Some('/') {
                match self.peek_byte() {
                    b'/' => {
                        self.line_comment(start, ws_start);
                        continue;
                    }
                    b'*' => {
                        let multiline = self.block_comment(start);
                        if multiline && nlsemi {
                            // A multi-line comment acts like a newline.
                            tok.kind = TokenKind::Semi;
                            tok.semi = SemiKind::Newline;
                            tok.span = Span::new(start, start);
                            return tok;
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            let Some(kind) = self.scan(start, nlsemi, &mut tok) else {
                // An invalid character was reported and skipped.
                continue;
            };
            tok.kind = kind;
            tok.span = Span::new(start, self.ch_pos);
            if kind == TokenKind::Semi && tok.semi != SemiKind::Semicolon {
                // Inserted semicolons have no extent.
                tok.span.end = tok.span.start;
            }
            return tok;
        }
    }

    /// Scans a token starting at `ch` (not white space or a comment),
    /// filling in `tok`'s details and returning its kind; `None` after
    /// reporting and skipping an invalid character.
    fn scan(&mut self, start: u32, nlsemi: bool, tok: &mut Token) -> Option<TokenKind> {
        use TokenKind as T;
        if is_ascii_letter(self.ch)
            || (self.ch.is_some_and(|c| !c.is_ascii()) && self.at_ident_char(true))
        {
            self.bump();
            return Some(self.identifier(start));
        }
        let Some(c) = self.ch else {
            if nlsemi {
                tok.semi = SemiKind::Eof;
                return Some(T::Semi);
            }
            return Some(T::Eof);
        };
        self.bump();
        let kind = match c {
            '\n' => {
                tok.semi = SemiKind::Newline;
                T::Semi
            }
            '0'..='9' => {
                self.number(start, false, tok);
                T::Literal
            }
            '"' => {
                tok.bad = !self.interpreted_string(start);
                self.nlsemi = true;
                tok.lit_kind = LitKind::String;
                T::Literal
            }
            '`' => {
                tok.bad = !self.raw_string(start);
                self.nlsemi = true;
                tok.lit_kind = LitKind::String;
                T::Literal
            }
            '\'' => {
                tok.bad = !self.rune(start);
                self.nlsemi = true;
                tok.lit_kind = LitKind::Rune;
                T::Literal
            }
            '(' => T::Lparen,
            '[' => T::Lbrack,
            '{' => T::Lbrace,
            ',' => T::Comma,
            ';' => T::Semi,
            ')' => {
                self.nlsemi = true;
                T::Rparen
            }
            ']' => {
                self.nlsemi = true;
                T::Rbrack
            }
            '}' => {
                self.nlsemi = true;
                T::Rbrace
            }
            ':' => {
                if self.eat('=') {
                    T::Define
                } else {
                    T::Colon
                }
            }
            '.' => {
                if is_decimal(self.ch) {
                    self.number(start, true, tok);
                    T::Literal
                } else if self.ch == Some('.') && self.peek_byte() == b'.' {
                    self.bump();
                    self.bump();
                    T::DotDotDot
                } else {
                    T::Dot
                }
            }
            '+' | '-' => {
                let op = if c == '+' {
                    Operator::Add
                } else {
                    Operator::Sub
                };
                tok.op = op;
                if self.eat(c) {
                    self.nlsemi = true;
                    T::IncOp
                } else {
                    self.operator_or_assign()
                }
            }
            '*' => {
                tok.op = Operator::Mul;
                if self.eat('=') {
                    T::AssignOp
                } else {
                    T::Star
                }
            }
            '/' => {
                tok.op = Operator::Div;
                self.operator_or_assign()
            }
            '%' => {
                tok.op = Operator::Rem;
                self.operator_or_assign()
            }
            '&' => {
                if self.eat('&') {
                    tok.op = Operator::AndAnd;
                    T::Operator
                } else {
                    tok.op = if self.eat('^') {
                        Operator::AndNot
                    } else {
                        Operator::And
                    };
                    self.operator_or_assign()
                }
            }
            '|' => {
                if self.eat('|') {
                    tok.op = Operator::OrOr;
                    T::Operator
                } else {
                    tok.op = Operator::Or;
                    self.operator_or_assign()
                }
            }
            '^' => {
                tok.op = Operator::Xor;
                self.operator_or_assign()
            }
            '<' => {
                if self.eat('=') {
                    tok.op = Operator::Leq;
                    T::Operator
                } else if self.eat('<') {
                    tok.op = Operator::Shl;
                    self.operator_or_assign()
                } else if self.eat('-') {
                    T::Arrow
                } else {
                    tok.op = Operator::Lss;
                    T::Operator
                }
            }
            '>' => {
                if self.eat('=') {
                    tok.op = Operator::Geq;
                    T::Operator
                } else if self.eat('>') {
                    tok.op = Operator::Shr;
                    self.operator_or_assign()
                } else {
                    tok.op = Operator::Gtr;
                    T::Operator
                }
            }
            '=' => {
                if self.eat('=') {
                    tok.op = Operator::Eql;
                    T::Operator
                } else {
                    T::Assign
                }
            }
            '!' => {
                tok.op = if self.eat('=') {
                    Operator::Neq
                } else {
                    Operator::Not
                };
                T::Operator
            }
            '~' => {
                tok.op = Operator::Tilde;
                T::Operator
            }
            _ => {
                self.error(start, diag::invalid_character(c));
                return None;
            }
        };
        Some(kind)
    }

    /// After an operator character whose op is already set: `op=` or `op`.
    fn operator_or_assign(&mut self) -> TokenKind {
        if self.eat('=') {
            TokenKind::AssignOp
        } else {
            TokenKind::Operator
        }
    }

    fn identifier(&mut self, start: u32) -> TokenKind {
        self.skip_bytes(|b| b.is_ascii_alphanumeric() || b == b'_');
        while is_ascii_letter(self.ch) || is_decimal(self.ch) {
            self.bump();
        }
        if self.ch.is_some_and(|c| !c.is_ascii()) {
            while self.at_ident_char(false) {
                self.bump();
            }
        }
        let text = &self.src[start as usize..self.ch_pos as usize];
        if let Some(keyword) = TokenKind::keyword(text) {
            self.nlsemi = matches!(
                keyword,
                TokenKind::Break | TokenKind::Continue | TokenKind::Fallthrough | TokenKind::Return
            );
            return keyword;
        }
        self.nlsemi = true;
        TokenKind::Name
    }

    /// Whether `ch` may continue (or, if `first`, start) an identifier;
    /// reports characters that cannot but are taken anyway.
    fn at_ident_char(&mut self, first: bool) -> bool {
        let Some(c) = self.ch else {
            return false;
        };
        if c == '_' || is_unicode_letter(c) {
            return true;
        }
        if is_unicode_digit(c) {
            if first {
                self.error(self.ch_pos, diag::ident_starts_with_digit(c));
            }
            return true;
        }
        if !c.is_ascii() {
            self.error(self.ch_pos, diag::invalid_ident_character(c));
            return true;
        }
        false
    }

    // -----------------------------------------------------------------------
    // Numbers

    /// Scans a number literal; `ch` is just past its first character (a
    /// digit, or the `.` of `.5` when `seen_point`).
    fn number(&mut self, start: u32, mut seen_point: bool, tok: &mut Token) {
        self.nlsemi = true;
        let mut ok = true;
        let mut kind = LitKind::Int;
        let mut base = Base::Decimal;
        // One of 0 (decimal), b'0' (legacy octal), b'x', b'o' or b'b'.
        let mut prefix = 0u8;
        let mut digits = DigitScan::default();

        if !seen_point {
            let first = self.src[start as usize];
            if first == b'0' {
                match lower(self.ch) {
                    Some('x') => (base, prefix) = (Base::Hex, b'x'),
                    Some('o') => (base, prefix) = (Base::Octal, b'o'),
                    Some('b') => (base, prefix) = (Base::Binary, b'b'),
                    _ => {
                        (base, prefix) = (Base::Octal, b'0');
                        digits.seen_digit = true; // the leading 0
                    }
                }
                if prefix != b'0' {
                    self.bump();
                }
            } else {
                digits.seen_digit = true;
            }
            self.digits(start, base, &mut digits);
            if self.ch == Some('.') {
                if prefix == b'o' || prefix == b'b' {
                    self.error(self.ch_pos, diag::invalid_radix_point(base));
                    ok = false;
                }
                self.bump();
                seen_point = true;
            }
        }
        if seen_point {
            kind = LitKind::Float;
            self.digits(start, base, &mut digits);
        }
        if !digits.seen_digit && ok {
            self.error(self.ch_pos, diag::no_digits(base));
            ok = false;
        }

        if let (Some(exp), Some(e @ ('e' | 'p'))) = (self.ch, lower(self.ch)) {
            if ok {
                if e == 'e' && prefix != 0 && prefix != b'0' {
                    self.error(self.ch_pos, diag::exponent_needs_mantissa(exp, false));
                    ok = false;
                } else if e == 'p' && prefix != b'x' {
                    self.error(self.ch_pos, diag::exponent_needs_mantissa(exp, true));
                    ok = false;
                }
            }
            self.bump();
            kind = LitKind::Float;
            if matches!(self.ch, Some('+' | '-')) {
                self.bump();
            }
            let mut exponent = DigitScan::default();
            self.digits(start, Base::Decimal, &mut exponent);
            digits.seen_separator |= exponent.seen_separator;
            if !exponent.seen_digit && ok {
                self.error(self.ch_pos, diag::EXPONENT_NO_DIGITS);
                ok = false;
            }
        } else if prefix == b'x' && kind == LitKind::Float && ok {
            self.error(self.ch_pos, diag::HEX_MANTISSA_NEEDS_P);
            ok = false;
        }

        if self.ch == Some('i') {
            kind = LitKind::Imag;
            self.bump();
        }

        let text = &self.src[start as usize..self.ch_pos as usize];
        if kind == LitKind::Int && ok {
            if let Some(index) = digits.invalid_at {
                let digit = text[index as usize] as char;
                self.error(start + index, diag::invalid_digit(digit, base));
                ok = false;
            }
        }
        if digits.seen_separator && ok {
            if let Some(index) = misplaced_separator(text) {
                self.error(start + index as u32, diag::SEPARATOR_PLACEMENT);
                ok = false;
            }
        }
        tok.lit_kind = kind;
        tok.bad = !ok;
    }

    /// Accepts `{ digit | '_' }`. For bases up to 10 any decimal digit is
    /// taken, but the first one too large for `base` is remembered.
    fn digits(&mut self, start: u32, base: Base, scan: &mut DigitScan) {
        loop {
            let c = self.ch;
            let accepted = if base == Base::Hex {
                is_hex(c)
            } else {
                is_decimal(c)
            };
            if c == Some('_') {
                scan.seen_separator = true;
            } else if accepted {
                scan.seen_digit = true;
                self.note_digit(start, base, scan);
            } else {
                return;
            }
            self.bump();
        }
    }

    /// Records `ch` as the first invalid digit if it is out of range.
    fn note_digit(&mut self, start: u32, base: Base, scan: &mut DigitScan) {
        let too_large = self
            .ch
            .and_then(|c| c.to_digit(10))
            .is_some_and(|d| d >= base as u32);
        if base != Base::Hex && too_large && scan.invalid_at.is_none() {
            scan.invalid_at = Some(self.ch_pos - start);
        }
    }

    // -----------------------------------------------------------------------
    // Runes and strings

    /// Scans a rune literal after its opening quote; returns whether it is
    /// well-formed.
    fn rune(&mut self, start: u32) -> bool {
        let mut ok = true;
        let mut count = 0;
        loop {
            match self.ch {
                Some('\'') => {
                    if ok && count == 0 {
                        self.error(self.ch_pos, diag::EMPTY_RUNE);
                        ok = false;
                    } else if ok && count != 1 {
                        self.error(start, diag::RUNE_TOO_LONG);
                        ok = false;
                    }
                    self.bump();
                    return ok;
                }
                Some('\\') => {
                    self.bump();
                    ok &= self.escape('\'');
                }
                Some('\n') => {
                    if ok {
                        self.error(self.ch_pos, diag::NEWLINE_IN_RUNE);
                    }
                    return false;
                }
                None => {
                    if ok {
                        self.error(start, diag::RUNE_UNTERMINATED);
                    }
                    return false;
                }
                _ => self.bump(),
            }
            count += 1;
        }
    }

    fn interpreted_string(&mut self, start: u32) -> bool {
        let mut ok = true;
        loop {
            self.skip_bytes(|b| b != b'"' && b != b'\\' && b != b'\n' && is_plain(b));
            match self.ch {
                Some('"') => {
                    self.bump();
                    return ok;
                }
                Some('\\') => {
                    self.bump();
                    ok &= self.escape('"');
                }
                Some('\n') => {
                    self.error(self.ch_pos, diag::NEWLINE_IN_STRING);
                    return false;
                }
                None => {
                    self.error(start, diag::STRING_UNTERMINATED);
                    return false;
                }
                _ => self.bump(),
            }
        }
    }

    fn raw_string(&mut self, start: u32) -> bool {
        loop {
            self.skip_bytes(|b| b != b'`' && is_plain(b));
            match self.ch {
                Some('`') => {
                    self.bump();
                    return true;
                }
                None => {
                    self.error(start, diag::STRING_UNTERMINATED);
                    return false;
                }
                _ => self.bump(),
            }
        }
    }

    /// Scans an escape sequence after its backslash; returns whether it is
    /// valid. EOF is left for the caller to report.
    fn escape(&mut self, quote: char) -> bool {
        let (count, base, max) = match self.ch {
            None => return true,
            Some(c)
                if c == quote || matches!(c, 'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\') =>
            {
                self.bump();
                return true;
            }
            Some('0'..='7') => (3, Base::Octal, 255),
            Some('x') => (2, Base::Hex, 255),
            Some('u') => (4, Base::Hex, 0x10FFFF),
            Some('U') => (8, Base::Hex, 0x10FFFF),
            Some(_) => {
                self.error(self.ch_pos, diag::UNKNOWN_ESCAPE);
                return false;
            }
        };
        if base == Base::Hex {
            self.bump(); // the x, u or U
        }
        let mut value: u32 = 0;
        for _ in 0..count {
            let Some(c) = self.ch else {
                return true;
            };
            let Some(digit) = c.to_digit(16).filter(|&d| d < base as u32) else {
                self.error(self.ch_pos, diag::invalid_escape_char(c, base));
                return false;
            };
            value = value.wrapping_mul(base as u32).wrapping_add(digit);
            self.bump();
        }
        if value > max && base == Base::Octal {
            self.error(self.ch_pos, diag::octal_escape_too_big(value));
            return false;
        }
        if value > max || (0xD800..0xE000).contains(&value) {
            self.error(self.ch_pos, diag::escape_invalid_code_point(value));
            return false;
        }
        true
    }

    // -----------------------------------------------------------------------
    // Comments

    /// Skips a `//` comment starting at `start` (`ch` is its first `/`).
    /// `ws_start` is where the white space before it began.
    fn line_comment(&mut self, start: u32, ws_start: u32) {
        self.bump(); // '/'
        self.bump(); // '/'
        while self.ch.is_some() && self.ch != Some('\n') {
            self.skip_bytes(|b| b != b'\n' && is_plain(b));
            if self.ch != Some('\n') {
                self.bump();
            }
        }
        let end = self.ch_pos;
        self.comments.push(Comment {
            span: Span::new(start, end),
            kind: CommentKind::Line,
        });

        let mut text_end = end as usize;
        if self.src[text_end - 1] == b'\r' {
            text_end -= 1;
        }
        let text_start = start as usize + 2;
        let text = &self.src[text_start..text_end.max(text_start)];
        if text.starts_with(b"line ") && self.at_line_start(start) {
            // The directive applies from the start of the next line.
            let at = if self.ch.is_none() { end } else { end + 1 };
            self.line_directive(text_start as u32 + 5, &text[5..], at);
        } else if text.starts_with(b"go:") {
            let blank = self.at_line_start(ws_start)
                || self.src[ws_start as usize..start as usize].contains(&b'\n');
            self.go_directives.push(GoDirective {
                pos: Pos(text_start as u32),
                text: Span::new(text_start as u32, text_end.max(text_start) as u32),
                blank,
            });
        }
    }

    /// Skips a `/*` comment starting at `start`; returns whether it
    /// contains a newline.
    fn block_comment(&mut self, start: u32) -> bool {
        self.bump(); // '/'
        self.bump(); // '*'
        let mut multiline = false;
        let terminated = loop {
            self.skip_bytes(|b| b != b'*' && b != b'\n' && is_plain(b));
            match self.ch {
                None => break false,
                Some('*') => {
                    self.bump();
                    if self.ch == Some('/') {
                        self.bump();
                        break true;
                    }
                }
                Some(c) => {
                    multiline |= c == '\n';
                    self.bump();
                }
            }
        };
        let end = self.ch_pos;
        self.comments.push(Comment {
            span: Span::new(start, end),
            kind: CommentKind::Block,
        });
        if !terminated {
            self.error(start, diag::COMMENT_UNTERMINATED);
            return multiline;
        }
        let text = &self.src[start as usize + 2..end as usize - 2];
        if text.starts_with(b"line ") {
            self.line_directive(start + 7, &text[5..], end);
        }
        multiline
    }

    fn at_line_start(&self, offset: u32) -> bool {
        offset == 0 || self.src[offset as usize - 1] == b'\n'
    }

    /// Applies the directive `line <text>`, where `text` starts at offset
    /// `text_pos`, from offset `at` on. Malformed line or column numbers are
    /// reported; text without a `:` is not a directive and is ignored.
    fn line_directive(&mut self, text_pos: u32, text: &[u8], at: u32) {
        let Some((line_at, line)) = trailing_number(text) else {
            return;
        };
        let Some(mut line) = line else {
            self.error(
                text_pos + line_at as u32,
                diag::invalid_line_number(&lossy(&text[line_at..])),
            );
            return;
        };
        let mut col = 0;
        let mut name_end = line_at - 1;
        let mut line_text = text;
        if let Some((first_at, Some(first))) = trailing_number(&text[..line_at - 1]) {
            // filename:line:col
            col = line;
            line = first;
            if col == 0 || col > POS_MAX {
                self.error(
                    text_pos + line_at as u32,
                    diag::invalid_column_number(&lossy(&text[line_at..])),
                );
                return;
            }
            line_text = &text[..line_at - 1];
            name_end = first_at - 1;
        }
        if line == 0 || line > POS_MAX {
            let digits_at = name_end + 1;
            self.error(
                text_pos + digits_at as u32,
                diag::invalid_line_number(&lossy(&line_text[digits_at..])),
            );
            return;
        }
        let mut filename = lossy(&text[..name_end]);
        if filename.is_empty() && col != 0 {
            // With a column, an empty filename means "the current one".
            filename = self
                .line_directives
                .last()
                .map_or(self.filename, |d| d.filename.as_str())
                .to_string();
        }
        self.line_directives.push(LineDirective {
            at: Pos(at),
            filename,
            line: line as u32,
            col: col as u32,
        });
    }

    // -----------------------------------------------------------------------
    // Characters

    fn peek_byte(&self) -> u8 {
        self.src.get(self.read as usize).copied().unwrap_or(0)
    }

    /// Consumes `ch` if it is `c`.
    fn eat(&mut self, c: char) -> bool {
        if self.ch == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Moves past the run of bytes, starting at `ch`, that `accept` takes.
    /// `accept` must reject NUL and non-ASCII bytes, which only `bump`
    /// checks and reports.
    #[inline]
    fn skip_bytes(&mut self, accept: impl Fn(u8) -> bool) {
        let start = self.ch_pos as usize;
        let run = self.src[start..].iter().take_while(|&&b| accept(b)).count();
        if run > 0 {
            self.read = (start + run) as u32;
            self.bump();
        }
    }

    /// Advances to the next character.
    #[inline]
    fn bump(&mut self) {
        if let Some(&b) = self.src.get(self.read as usize) {
            if b != 0 && b < 0x80 {
                self.ch_pos = self.read;
                self.read += 1;
                self.ch = Some(char::from(b));
                return;
            }
        }
        self.bump_slow();
    }

    /// `bump` for EOF, NUL and non-ASCII: invalid bytes and misplaced BOMs
    /// are reported and skipped, as gc does.
    #[cold]
    fn bump_slow(&mut self) {
        loop {
            self.ch_pos = self.read;
            let rest = &self.src[self.read as usize..];
            let Some(&first) = rest.first() else {
                self.ch = None;
                return;
            };
            if first == 0 {
                self.read += 1;
                self.error(self.ch_pos, diag::NUL_CHARACTER);
                continue;
            }
            if first < 0x80 {
                self.read += 1;
                self.ch = Some(char::from(first));
                return;
            }
            match decode_utf8(rest) {
                Some((c, width)) => {
                    self.read += width;
                    if c == '\u{FEFF}' {
                        // A byte order mark is allowed only at the start.
                        if self.ch_pos > 0 {
                            self.error(self.ch_pos, diag::BOM_IN_MIDDLE);
                        }
                        continue;
                    }
                    self.ch = Some(c);
                    return;
                }
                None => {
                    self.read += 1;
                    self.error(self.ch_pos, diag::INVALID_UTF8);
                }
            }
        }
    }
}

/// Largest line or column a directive may set (gc's `PosMax`).
const POS_MAX: u64 = 1 << 30;

#[derive(Default)]
struct DigitScan {
    seen_digit: bool,
    seen_separator: bool,
    /// Offset (from the literal start) of the first digit too large for
    /// the base.
    invalid_at: Option<u32>,
}

/// Splits `text` at its last `:`: returns the offset after the colon and
/// the decimal number there, if it is one. `None` if there is no colon.
fn trailing_number(text: &[u8]) -> Option<(usize, Option<u64>)> {
    let colon = text.iter().rposition(|&b| b == b':')?;
    let digits = &text[colon + 1..];
    let value = if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        None
    } else {
        digits.iter().try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
    };
    Some((colon + 1, value))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The offset of the first `_` in a number literal that does not separate
/// two digits (a base prefix counts as a digit).
fn misplaced_separator(lit: &[u8]) -> Option<usize> {
    // What the previous character was: a digit, a separator, or other.
    #[derive(PartialEq, Clone, Copy)]
    enum Prev {
        Digit,
        Separator,
        Other,
    }
    let mut hex = false;
    let mut prev = Prev::Other;
    let mut i = 0;
    if lit.len() >= 2 && lit[0] == b'0' && matches!(lit[1] | 0x20, b'x' | b'o' | b'b') {
        hex = lit[1] | 0x20 == b'x';
        prev = Prev::Digit;
        i = 2;
    }
    while i < lit.len() {
        let c = lit[i];
        let current = if c == b'_' {
            if prev != Prev::Digit {
                return Some(i);
            }
            Prev::Separator
        } else if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            Prev::Digit
        } else {
            if prev == Prev::Separator {
                return Some(i - 1);
            }
            Prev::Other
        };
        prev = current;
        i += 1;
    }
    (prev == Prev::Separator).then(|| lit.len() - 1)
}

/// Decodes the UTF-8 sequence at the start of `bytes` (which starts with a
/// non-ASCII byte); `None` for an invalid or truncated one.
fn decode_utf8(bytes: &[u8]) -> Option<(char, u32)> {
    let width = match bytes[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq = bytes.get(..width)?;
    let c = std::str::from_utf8(seq).ok()?.chars().next()?;
    Some((c, width as u32))
}

/// Whether `b` is a byte that needs no checks: ASCII, but not NUL.
fn is_plain(b: u8) -> bool {
    b != 0 && b.is_ascii()
}

/// `c` in lower case, if it is an ASCII letter.
fn lower(c: Option<char>) -> Option<char> {
    c.map(|c| c.to_ascii_lowercase())
}

fn is_ascii_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

fn is_decimal(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_hex(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_hexdigit())
}

/// Go's `unicode.IsLetter`, approximated with what `std` knows: alphabetic
/// but not numeric (which excludes letter numbers such as U+2160).
fn is_unicode_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// Go's `unicode.IsDigit` (decimal digits), approximated.
fn is_unicode_digit(c: char) -> bool {
    c.is_numeric() && !c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(misplaced_separator(b"1_000"), None);
        assert_eq!(misplaced_separator(b"0x_1"), None);
        assert_eq!(misplaced_separator(b"1__0"), Some(2));
        assert_eq!(misplaced_separator(b"1_"), Some(1));
        assert_eq!(misplaced_separator(b"_1"), Some(0));
        assert_eq!(misplaced_separator(b"1_.5"), Some(1));
        assert_eq!(misplaced_separator(b"0_x"), Some(1));
    }

    #[test]
    fn trailing_numbers() {
        assert_eq!(trailing_number(b"a.go:10"), Some((5, Some(10))));
        assert_eq!(trailing_number(b"a.go:x"), Some((5, None)));
        assert_eq!(trailing_number(b"a.go:"), Some((5, None)));
        assert_eq!(trailing_number(b"a.go"), None);
    }
}
