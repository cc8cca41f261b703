//! The Go version a `//go:build` line implies, as gc derives a file's
//! language version from it (`go/build/constraint.GoVersion`).

/// The minimum Go version (`"go1.N"`) that the `//go:build` comment `line`
/// requires, or `None` if it implies none or does not parse.
pub(crate) fn go_version(line: &str) -> Option<String> {
    let expr = build_expression(line)?;
    let mut parser = ConstraintParser {
        text: expr.as_bytes(),
        at: 0,
        tok: Tok::End,
        size: 0,
    };
    let versions = parser.or()?;
    if parser.tok != Tok::End {
        return None;
    }
    match versions.when_true {
        Some(0) => Some("go1".to_string()),
        Some(minor) => Some(format!("go1.{minor}")),
        None => None,
    }
}

/// The expression after `//go:build`, if `line` is such a line.
fn build_expression(line: &str) -> Option<&str> {
    let line = line.trim().strip_prefix("//go:build")?;
    let expr = line.trim();
    // "//go:buildx" is not a build line; "//go:build" alone is.
    if expr.len() == line.len() && !line.is_empty() {
        return None;
    }
    Some(expr)
}

/// Guards the recursion on parenthesized expressions, as gc does.
const MAX_SIZE: u32 = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    End,
    LParen,
    RParen,
    Not,
    AndAnd,
    OrOr,
    Tag(usize, usize),
}

/// Minimum Go minor versions implied by an expression being true and by
/// it being false (`None`: no version implied).
#[derive(Clone, Copy)]
struct Versions {
    when_true: Option<u32>,
    when_false: Option<u32>,
}

/// Both operands must hold: the larger minimum wins.
fn both(x: Option<u32>, y: Option<u32>) -> Option<u32> {
    x.max(y)
}

/// Either operand may hold: the smaller minimum wins, and no version
/// at all if either implies none.
fn either(x: Option<u32>, y: Option<u32>) -> Option<u32> {
    x.zip(y).map(|(x, y)| x.min(y))
}

struct ConstraintParser<'a> {
    text: &'a [u8],
    at: usize,
    tok: Tok,
    size: u32,
}

impl ConstraintParser<'_> {
    fn or(&mut self) -> Option<Versions> {
        let mut x = self.and()?;
        while self.tok == Tok::OrOr {
            let y = self.and()?;
            x = Versions {
                when_true: either(x.when_true, y.when_true),
                when_false: both(x.when_false, y.when_false),
            };
        }
        Some(x)
    }

    fn and(&mut self) -> Option<Versions> {
        let mut x = self.not()?;
        while self.tok == Tok::AndAnd {
            let y = self.not()?;
            x = Versions {
                when_true: both(x.when_true, y.when_true),
                when_false: either(x.when_false, y.when_false),
            };
        }
        Some(x)
    }

    fn not(&mut self) -> Option<Versions> {
        self.size += 1;
        if self.size > MAX_SIZE {
            return None;
        }
        self.lex()?;
        if self.tok != Tok::Not {
            return self.atom();
        }
        self.lex()?;
        if self.tok == Tok::Not {
            return None; // double negation is not allowed
        }
        let x = self.atom()?;
        Some(Versions {
            when_true: x.when_false,
            when_false: x.when_true,
        })
    }

    fn atom(&mut self) -> Option<Versions> {
        match self.tok {
            Tok::LParen => {
                let x = self.or()?;
                if self.tok != Tok::RParen {
                    return None;
                }
                self.lex()?;
                Some(x)
            }
            Tok::Tag(start, end) => {
                let tag = std::str::from_utf8(&self.text[start..end]).ok()?;
                self.lex()?;
                let when_true = match tag {
                    "go1" => Some(0),
                    _ => tag
                        .split_once("go1.")
                        .and_then(|(_, minor)| minor.parse().ok()),
                };
                Some(Versions {
                    when_true,
                    when_false: None,
                })
            }
            _ => None,
        }
    }

    fn lex(&mut self) -> Option<()> {
        let text = self.text;
        while self.at < text.len() && matches!(text[self.at], b' ' | b'\t') {
            self.at += 1;
        }
        let Some(&c) = text.get(self.at) else {
            self.tok = Tok::End;
            return Some(());
        };
        let (tok, len) = match c {
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'!' => (Tok::Not, 1),
            b'&' | b'|' => {
                if text.get(self.at + 1) != Some(&c) {
                    return None;
                }
                (if c == b'&' { Tok::AndAnd } else { Tok::OrOr }, 2)
            }
            _ => {
                let rest = std::str::from_utf8(&text[self.at..]).ok()?;
                let len = rest
                    .char_indices()
                    .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .map_or(rest.len(), |(i, _)| i);
                if len == 0 {
                    return None;
                }
                (Tok::Tag(self.at, self.at + len), len)
            }
        };
        self.tok = tok;
        self.at += len;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::go_version;

    #[test]
    fn versions() {
        assert_eq!(go_version("//go:build go1.21").as_deref(), Some("go1.21"));
        assert_eq!(
            go_version("//go:build linux && go1.18").as_deref(),
            Some("go1.18")
        );
        assert_eq!(
            go_version("//go:build go1.18 || go1.20").as_deref(),
            Some("go1.18")
        );
        assert_eq!(go_version("//go:build go1.18 || linux"), None);
        assert_eq!(go_version("//go:build !go1.18"), None);
        assert_eq!(
            go_version("//go:build !(!go1.19 || linux)").as_deref(),
            Some("go1.19")
        );
        assert_eq!(go_version("//go:build go1").as_deref(), Some("go1"));
        assert_eq!(go_version("//go:build linux"), None);
        assert_eq!(go_version("//go:build (go1.20"), None);
        assert_eq!(go_version("//go:buildgo1.20"), None);
        assert_eq!(go_version("//go:build !!go1.20"), None);
    }
}
