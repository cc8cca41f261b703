//! A fast reader for the header of a Go source file: the leading comments
//! (for build constraints), the package clause and the import declarations.
//! It stops at the first declaration that is not an import, so file
//! selection never needs the full Go parser.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::constraint::{go_build_expr, plus_build_expr};
use crate::error::LoadError;

/// What the header of a Go file says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileHeader {
    /// The `//go:build` line, if any, from the leading comments.
    pub go_build: Option<ConstraintLine>,
    /// `// +build` lines from the leading comments that are followed by a
    /// blank line (lines directly above the package clause do not count).
    pub plus_build: Vec<ConstraintLine>,
    /// The package name from the package clause.
    pub package_name: String,
    /// Import declarations, in source order.
    pub imports: Vec<ImportSpec>,
}

/// A constraint comment: its expression text and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintLine {
    pub line: usize,
    pub expr: String,
}

/// One imported path (unquoted) and the 1-based position of its literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSpec {
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// A syntax error in a file header, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl FileHeader {
    /// Whether the file imports the cgo pseudo-package `C`.
    pub fn imports_c(&self) -> bool {
        self.imports.iter().any(|import| import.path == "C")
    }
}

/// Parses the header of a complete Go source text.
pub fn parse_header(src: &[u8]) -> Result<FileHeader, HeaderError> {
    scan_header(src, false)
}

/// Reads just enough of a Go file to parse its header.
pub fn read_file_header(path: &Path) -> Result<FileHeader, LoadError> {
    let io_error = |err: std::io::Error| LoadError::io(path, &err);
    let mut file = File::open(path).map_err(io_error)?;
    let mut buf = Vec::new();
    let mut chunk = 8 * 1024;
    loop {
        let read = (&mut file)
            .take(chunk as u64)
            .read_to_end(&mut buf)
            .map_err(io_error)?;
        if read < chunk {
            // The whole file is in `buf`.
            return scan_header(&buf, false).map_err(|err| LoadError::GoFile {
                file: path.to_path_buf(),
                line: err.line,
                col: err.col,
                message: err.message,
            });
        }
        if let Ok(header) = scan_header(&buf, true) {
            return Ok(header);
        }
        // The header runs past what we have read, or has an error we will
        // report with full context once the whole file is read: read more.
        chunk *= 2;
    }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Scans the header of `src`. When `truncated`, `src` is only a prefix of
/// the file, and any error (including "the header continues past the
/// prefix") means the caller should retry with more of the file.
fn scan_header(src: &[u8], truncated: bool) -> Result<FileHeader, HeaderError> {
    let src = src.strip_prefix(BOM).unwrap_or(src);
    let mut scanner = Scanner {
        src,
        pos: 0,
        truncated,
    };
    let mut header = scanner.header()?;
    // The leading comments end before the package clause, which was read
    // completely, so they are whole here.
    let (go_build, plus_build) = leading_constraints(src)?;
    header.go_build = go_build;
    header.plus_build = plus_build;
    Ok(header)
}

/// Finds the `//go:build` and `// +build` lines in the leading run of
/// comments and blank lines. `+build` lines count only above the last blank
/// line of that run, so that a package doc comment is never read as one.
fn leading_constraints(
    src: &[u8],
) -> Result<(Option<ConstraintLine>, Vec<ConstraintLine>), HeaderError> {
    let mut go_build: Option<ConstraintLine> = None;
    let mut candidate_plus_build = Vec::new();
    let mut plus_build = Vec::new();
    let mut in_block_comment = false;
    let mut seen_non_comment_line = false;
    for (index, raw) in src.split(|&b| b == b'\n').enumerate() {
        let line_no = index + 1;
        let text = String::from_utf8_lossy(raw);
        let line = text.trim();
        if line.is_empty() && !seen_non_comment_line {
            // A blank line: +build lines above it are in effect.
            plus_build.append(&mut candidate_plus_build);
            continue;
        }
        if !line.starts_with("//") {
            seen_non_comment_line = true;
        }
        if !in_block_comment {
            if let Some(expr) = go_build_expr(line) {
                if go_build.is_some() {
                    return Err(HeaderError {
                        line: line_no,
                        col: 1 + text.len() - text.trim_start().len(),
                        message: "multiple //go:build comments".into(),
                    });
                }
                go_build = Some(ConstraintLine {
                    line: line_no,
                    expr: expr.to_string(),
                });
            }
            if !seen_non_comment_line {
                if let Some(expr) = plus_build_expr(line) {
                    candidate_plus_build.push(ConstraintLine {
                        line: line_no,
                        expr: expr.to_string(),
                    });
                }
            }
        }
        // Follow comments through the line to see whether code starts here.
        let mut rest = line;
        loop {
            if in_block_comment {
                match rest.find("*/") {
                    Some(end) => {
                        in_block_comment = false;
                        rest = rest[end + 2..].trim_start();
                    }
                    None => break,
                }
            } else if rest.is_empty() || rest.starts_with("//") {
                break;
            } else if let Some(after) = rest.strip_prefix("/*") {
                in_block_comment = true;
                rest = after.trim_start();
            } else {
                return Ok((go_build, plus_build));
            }
        }
    }
    Ok((go_build, plus_build))
}

/// Why scanning stopped early.
enum Stop {
    /// The buffer ended inside the header and more of the file exists.
    NeedMore,
    Syntax(HeaderError),
}

impl From<Stop> for HeaderError {
    fn from(stop: Stop) -> HeaderError {
        match stop {
            Stop::Syntax(err) => err,
            Stop::NeedMore => HeaderError {
                line: 0,
                col: 0,
                message: "file header continues past the bytes read".into(),
            },
        }
    }
}

/// A byte scanner over the header. Semicolons count as white space: the
/// header's meaning never depends on them.
struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    truncated: bool,
}

type Scan<T> = Result<T, Stop>;

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'a> Scanner<'a> {
    fn header(&mut self) -> Scan<FileHeader> {
        let mut header = FileHeader::default();
        self.skip_space()?;
        self.keyword("package")?;
        self.skip_space()?;
        header.package_name = self.ident()?;
        loop {
            self.skip_space()?;
            if self.peek() != Some(b'i') {
                // Anything but another import ends the header; at the very
                // end of a truncated buffer we cannot know yet.
                if self.pos >= self.src.len() && self.truncated {
                    return Err(Stop::NeedMore);
                }
                return Ok(header);
            }
            self.keyword("import")?;
            self.skip_space()?;
            if self.peek() == Some(b'(') {
                self.pos += 1;
                loop {
                    self.skip_space()?;
                    match self.peek() {
                        Some(b')') => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(self.end_of_input()),
                        Some(_) => header.imports.push(self.import_spec()?),
                    }
                }
            } else {
                header.imports.push(self.import_spec()?);
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// The stop for running out of input: more to read, or a real error.
    fn end_of_input(&self) -> Stop {
        if self.truncated {
            Stop::NeedMore
        } else {
            self.syntax_error(self.pos, "unexpected end of file in header")
        }
    }

    fn syntax_error(&self, pos: usize, message: impl Into<String>) -> Stop {
        let (line, col) = self.position(pos);
        Stop::Syntax(HeaderError {
            line,
            col,
            message: message.into(),
        })
    }

    fn position(&self, pos: usize) -> (usize, usize) {
        let before = &self.src[..pos.min(self.src.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        (line, pos - line_start + 1)
    }

    fn skip_space(&mut self) -> Scan<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b';') => self.pos += 1,
                Some(b'/') => match self.src.get(self.pos + 1) {
                    Some(b'/') => match self.src[self.pos..].iter().position(|&b| b == b'\n') {
                        Some(offset) => self.pos += offset + 1,
                        None if self.truncated => return Err(Stop::NeedMore),
                        None => self.pos = self.src.len(),
                    },
                    Some(b'*') => {
                        let body = &self.src[self.pos + 2..];
                        match body.windows(2).position(|w| w == b"*/") {
                            Some(offset) => self.pos += 2 + offset + 2,
                            None => {
                                return Err(if self.truncated {
                                    Stop::NeedMore
                                } else {
                                    self.syntax_error(self.pos, "comment not terminated")
                                })
                            }
                        }
                    }
                    None if self.truncated => return Err(Stop::NeedMore),
                    _ => return Ok(()),
                },
                Some(0) => return Err(self.syntax_error(self.pos, "unexpected NUL in input")),
                _ => return Ok(()),
            }
        }
    }

    fn keyword(&mut self, word: &str) -> Scan<()> {
        let start = self.pos;
        let end = start + word.len();
        if end >= self.src.len() && self.truncated {
            return Err(Stop::NeedMore);
        }
        let matches = self.src.get(start..end) == Some(word.as_bytes())
            && !self.src.get(end).copied().is_some_and(is_ident_byte);
        if !matches {
            return Err(self.syntax_error(start, self.expected(start, word)));
        }
        self.pos = end;
        Ok(())
    }

    /// go/parser's message for a missing keyword: what stands at `start`
    /// instead (`found 'EOF'`, `found 'func'`, `found main`).
    fn expected(&self, start: usize, word: &str) -> String {
        let rest = &self.src[start..];
        let Some(&first) = rest.first() else {
            return format!("expected '{word}', found 'EOF'");
        };
        if is_ident_byte(first) {
            let len = rest.iter().take_while(|&&b| is_ident_byte(b)).count();
            let Ok(found) = std::str::from_utf8(&rest[..len]) else {
                return "illegal UTF-8 encoding".to_owned();
            };
            return if GO_KEYWORDS.contains(&found) {
                format!("expected '{word}', found '{found}'")
            } else {
                format!("expected '{word}', found {found}")
            };
        }
        match std::str::from_utf8(&rest[..rest.len().min(4)]) {
            Ok(text) => match text.chars().next() {
                Some(c) => format!("expected '{word}', found '{c}'"),
                None => format!("expected '{word}', found 'EOF'"),
            },
            // A prefix that is not UTF-8 may still hold a whole character.
            Err(err) if err.valid_up_to() > 0 => {
                let c = String::from_utf8_lossy(&rest[..err.valid_up_to()]);
                format!(
                    "expected '{word}', found '{}'",
                    c.chars().next().unwrap_or(' ')
                )
            }
            Err(_) => "illegal UTF-8 encoding".to_owned(),
        }
    }

    fn ident(&mut self) -> Scan<String> {
        let start = self.pos;
        let len = self.src[start..]
            .iter()
            .take_while(|&&b| is_ident_byte(b))
            .count();
        if start + len >= self.src.len() && self.truncated {
            return Err(Stop::NeedMore);
        }
        if len == 0 || self.src[start].is_ascii_digit() {
            return Err(self.syntax_error(start, "expected identifier"));
        }
        self.pos += len;
        String::from_utf8(self.src[start..start + len].to_vec())
            .map_err(|_| self.syntax_error(start, "invalid UTF-8 in identifier"))
    }

    /// `[name | . | _] "path"`
    fn import_spec(&mut self) -> Scan<ImportSpec> {
        match self.peek() {
            Some(b'.') => self.pos += 1,
            Some(b) if is_ident_byte(b) => {
                self.ident()?;
            }
            _ => {}
        }
        self.skip_space()?;
        let start = self.pos;
        let path = self.string_literal()?;
        if let Err(reason) = check_import_path_chars(&path) {
            return Err(self.syntax_error(start, format!("invalid import path {path:?}: {reason}")));
        }
        let (line, col) = self.position(start);
        Ok(ImportSpec { path, line, col })
    }

    fn string_literal(&mut self) -> Scan<String> {
        let start = self.pos;
        let quote = match self.peek() {
            Some(q @ (b'"' | b'`')) => q,
            None => return Err(self.end_of_input()),
            Some(_) => return Err(self.syntax_error(start, "expected import path string")),
        };
        let body_start = start + 1;
        let mut i = body_start;
        loop {
            match self.src.get(i) {
                None => return Err(self.end_of_input()),
                Some(&b) if b == quote => break,
                Some(b'\n') if quote == b'"' => {
                    return Err(self.syntax_error(start, "string literal not terminated"))
                }
                Some(b'\\') if quote == b'"' => i += 2,
                Some(_) => i += 1,
            }
        }
        self.pos = i + 1;
        let body = std::str::from_utf8(&self.src[body_start..i])
            .map_err(|_| self.syntax_error(start, "invalid UTF-8 in string literal"))?;
        if quote == b'`' {
            // Raw strings drop carriage returns.
            return Ok(body.replace('\r', ""));
        }
        unquote_interpreted(body).map_err(|message| self.syntax_error(start, message))
    }
}

/// Decodes the escapes of an interpreted (double-quoted) Go string body.
fn unquote_interpreted(body: &str) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut bytes: Vec<u8> = Vec::new(); // \x and octal escapes produce raw bytes
    let mut chars = body.chars();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| -> Result<(), String> {
        if !bytes.is_empty() {
            let text = String::from_utf8(std::mem::take(bytes))
                .map_err(|_| "invalid UTF-8 produced by byte escapes".to_string())?;
            out.push_str(&text);
        }
        Ok(())
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out)?;
            out.push(c);
            continue;
        }
        let escape = chars.next().ok_or("escape sequence not terminated")?;
        let simple = match escape {
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0b'),
            '\\' => Some('\\'),
            '"' => Some('"'),
            _ => None,
        };
        if let Some(c) = simple {
            flush(&mut bytes, &mut out)?;
            out.push(c);
            continue;
        }
        let (digits, radix) = match escape {
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            '0'..='7' => (2, 8),
            _ => return Err(format!("unknown escape sequence \\{escape}")),
        };
        let mut text: String = (&mut chars).take(digits).collect();
        if radix == 8 {
            text.insert(0, escape);
        }
        let value = u32::from_str_radix(&text, radix)
            .ok()
            .filter(|_| text.len() == digits + usize::from(radix == 8))
            .ok_or_else(|| format!("invalid escape sequence \\{escape}{text}"))?;
        if matches!(escape, 'u' | 'U') {
            flush(&mut bytes, &mut out)?;
            out.push(char::from_u32(value).ok_or("escape is invalid Unicode code point")?);
        } else {
            bytes.push(u8::try_from(value).map_err(|_| "octal escape value > 255")?);
        }
    }
    flush(&mut bytes, &mut out)?;
    Ok(out)
}

/// The character rules every import path must obey (as go/build checks).
pub(crate) fn check_import_path_chars(path: &str) -> Result<(), String> {
    const ILLEGAL: &str = "!\"#$%&'()*,:;<=>?[\\]^{|}`\u{FFFD}";
    if path.is_empty() {
        return Err("empty path".into());
    }
    match path
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || ILLEGAL.contains(c))
    {
        Some(c) => Err(format!("invalid character {c:?}")),
        None => Ok(()),
    }
}

/// Go's keywords, which go/parser quotes in its messages.
const GO_KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];
