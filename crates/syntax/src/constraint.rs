//! Build constraint expressions: `//go:build` lines and legacy `// +build`
//! lines, parsed into one boolean expression type (as go/build/constraint
//! does), and the Go version a `//go:build` line implies, from which gc
//! derives a file's language version (`constraint.GoVersion`).

use std::fmt;

/// A parsed build constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    Tag(String),
    Not(Box<Constraint>),
    And(Box<Constraint>, Box<Constraint>),
    Or(Box<Constraint>, Box<Constraint>),
}

/// A syntax error in a `//go:build` expression, at a byte offset into the
/// expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

/// Bounds on expression size, as go/build/constraint has them, so that a
/// hostile file cannot make parsing or evaluation recurse without limit:
/// every `!`-operand counts against the `//go:build` limit, so it also
/// bounds parenthesis nesting and the depth of the parsed tree.
const MAX_GO_BUILD_TERMS: usize = 1000;
const MAX_PLUS_BUILD_OPERATORS: usize = 100;

impl Constraint {
    /// Parses the expression of a `//go:build` line (the text after the
    /// `//go:build` prefix): tags, `!`, `&&`, `||` and parentheses.
    pub fn parse_go_build(expr: &str) -> Result<Constraint, ConstraintError> {
        let mut parser = ExprParser {
            text: expr,
            pos: 0,
            terms: 0,
        };
        let result = parser.or()?;
        match parser.next_token()? {
            None => Ok(result),
            Some((offset, token)) => Err(ConstraintError {
                offset,
                message: format!("unexpected token {}", token.text()),
            }),
        }
    }

    /// Parses the expression of a legacy `// +build` line: space-separated
    /// alternatives of comma-separated conjunctions of possibly negated tags.
    /// Malformed words become the never-satisfied tag `ignore`, as in Go.
    pub fn parse_plus_build(expr: &str) -> Result<Constraint, ConstraintError> {
        let mut operators = 0;
        let mut count_operator = || {
            operators += 1;
            if operators > MAX_PLUS_BUILD_OPERATORS {
                Err(ConstraintError {
                    offset: 0,
                    message: "expression too complex for // +build lines".to_string(),
                })
            } else {
                Ok(())
            }
        };
        let mut alternatives: Option<Constraint> = None;
        for clause in expr.split_whitespace() {
            let mut conjunction: Option<Constraint> = None;
            for literal in clause.split(',') {
                let term = plus_build_literal(literal);
                conjunction = Some(match conjunction {
                    None => term,
                    Some(left) => {
                        count_operator()?;
                        Constraint::And(Box::new(left), Box::new(term))
                    }
                });
            }
            let Some(conjunction) = conjunction else {
                continue;
            };
            alternatives = Some(match alternatives {
                None => conjunction,
                Some(left) => {
                    count_operator()?;
                    Constraint::Or(Box::new(left), Box::new(conjunction))
                }
            });
        }
        Ok(alternatives.unwrap_or_else(|| Constraint::Tag("ignore".to_string())))
    }

    /// Evaluates the constraint, asking `has_tag` about each tag.
    pub fn eval(&self, has_tag: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Constraint::Tag(tag) => has_tag(tag),
            Constraint::Not(x) => !x.eval(has_tag),
            Constraint::And(x, y) => x.eval(has_tag) && y.eval(has_tag),
            Constraint::Or(x, y) => x.eval(has_tag) || y.eval(has_tag),
        }
    }

    /// The minimum Go version (`"go1.N"`) the constraint implies: the
    /// version below which it cannot hold, as `constraint.GoVersion`
    /// computes it from its `go1.N` tags. `None` if it implies none.
    pub fn go_version(&self) -> Option<String> {
        match self.min_version(true)? {
            0 => Some("go1".to_string()),
            minor => Some(format!("go1.{minor}")),
        }
    }

    /// The minimum Go minor version implied by the constraint being
    /// `true` (or, negated, by it being false); `None`: no version.
    fn min_version(&self, holds: bool) -> Option<u32> {
        // Both operands must hold: the larger minimum wins.
        let both = |x: Option<u32>, y: Option<u32>| x.max(y);
        // Either may hold: the smaller minimum, none if either implies none.
        let either = |x: Option<u32>, y: Option<u32>| x.zip(y).map(|(x, y)| x.min(y));
        match self {
            Constraint::Tag(_) if !holds => None, // `!go1.N` implies nothing
            Constraint::Tag(tag) if tag == "go1" => Some(0),
            Constraint::Tag(tag) => tag
                .split_once("go1.")
                .and_then(|(_, minor)| minor.parse().ok()),
            Constraint::Not(x) => x.min_version(!holds),
            Constraint::And(x, y) | Constraint::Or(x, y) => {
                let (x, y) = (x.min_version(holds), y.min_version(holds));
                if matches!(self, Constraint::And(..)) == holds {
                    both(x, y)
                } else {
                    either(x, y)
                }
            }
        }
    }
}

/// The minimum Go version (`"go1.N"`) that the `//go:build` comment `line`
/// requires, or `None` if it implies none, does not parse or is not a
/// `//go:build` line.
pub fn go_version(line: &str) -> Option<String> {
    Constraint::parse_go_build(go_build_expr(line)?)
        .ok()?
        .go_version()
}

/// If `line` is a `//go:build` line, returns its expression text.
/// `//go:buildfoo` is not one; `//go:build` alone is (with an empty, and so
/// invalid, expression).
pub fn go_build_expr(line: &str) -> Option<&str> {
    directive_rest(line.trim().strip_prefix("//go:build")?)
}

/// If `line` is a `// +build` line (the space after `//` is optional),
/// returns its expression text.
pub fn plus_build_expr(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("//")?.trim_start();
    directive_rest(rest.strip_prefix("+build")?)
}

/// The text following a directive word, provided the word ended there
/// (end of line or white space).
fn directive_rest(rest: &str) -> Option<&str> {
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest.trim())
    } else {
        None
    }
}

/// Tags are letters, digits, `_` and `.`.
pub fn is_valid_tag(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_tag_char)
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

fn plus_build_literal(literal: &str) -> Constraint {
    let ignore = || Constraint::Tag("ignore".to_string());
    if literal.starts_with("!!") || literal == "!" {
        return ignore();
    }
    match literal.strip_prefix('!') {
        Some(tag) if is_valid_tag(tag) => Constraint::Not(Box::new(Constraint::Tag(tag.into()))),
        Some(_) => Constraint::Not(Box::new(ignore())),
        None if is_valid_tag(literal) => Constraint::Tag(literal.to_string()),
        None => ignore(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Not,
    And,
    Or,
    Tag(&'a str),
}

impl Token<'_> {
    fn text(&self) -> &str {
        match self {
            Token::Open => "(",
            Token::Close => ")",
            Token::Not => "!",
            Token::And => "&&",
            Token::Or => "||",
            Token::Tag(tag) => tag,
        }
    }
}

/// Parser for `//go:build` expressions; `||` binds loosest, then `&&`,
/// then `!`.
struct ExprParser<'a> {
    text: &'a str,
    pos: usize,
    terms: usize,
}

type ParseResult<T> = Result<T, ConstraintError>;

impl<'a> ExprParser<'a> {
    fn error<T>(&self, offset: usize, message: impl Into<String>) -> ParseResult<T> {
        Err(ConstraintError {
            offset,
            message: message.into(),
        })
    }

    fn peek_token(&mut self) -> ParseResult<Option<(usize, Token<'a>)>> {
        let saved = self.pos;
        let token = self.next_token();
        self.pos = saved;
        token
    }

    fn next_token(&mut self) -> ParseResult<Option<(usize, Token<'a>)>> {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let start = self.pos + (rest.len() - trimmed.len());
        let mut chars = trimmed.chars();
        let Some(first) = chars.next() else {
            self.pos = start;
            return Ok(None);
        };
        let (token, len) = match first {
            '(' => (Token::Open, 1),
            ')' => (Token::Close, 1),
            '!' => (Token::Not, 1),
            '&' | '|' => {
                if chars.next() != Some(first) {
                    return self.error(start, format!("invalid syntax at {first}"));
                }
                (if first == '&' { Token::And } else { Token::Or }, 2)
            }
            _ => {
                let len = trimmed.find(|c| !is_tag_char(c)).unwrap_or(trimmed.len());
                if len == 0 {
                    return self.error(start, format!("invalid syntax at {first}"));
                }
                (Token::Tag(&trimmed[..len]), len)
            }
        };
        self.pos = start + len;
        Ok(Some((start, token)))
    }

    /// Parses `or` (`and` joined by `||`), where `and` is `not` joined by
    /// `&&`, `not` is an `atom` with an optional `!`, and an `atom` is a tag
    /// or a parenthesized `or`. The parser keeps the parenthesized `or`s it
    /// is in on a stack of its own rather than recursing, so that nesting up
    /// to the term limit cannot exhaust the thread's stack.
    fn or(&mut self) -> ParseResult<Constraint> {
        let mut outer: Vec<Group> = Vec::new();
        let mut group = Group::default();
        loop {
            // A `not`.
            self.terms += 1;
            if self.terms > MAX_GO_BUILD_TERMS {
                return self.error(self.pos, "build expression too large");
            }
            let mut negate = false;
            if let Some((_, Token::Not)) = self.peek_token()? {
                self.next_token()?;
                if let Some((offset, Token::Not)) = self.peek_token()? {
                    return self.error(offset, "double negation not allowed");
                }
                negate = true;
            }
            let mut x = match self.next_token()? {
                Some((open, Token::Open)) => {
                    let inner = Group {
                        open,
                        negate,
                        ..Group::default()
                    };
                    outer.push(std::mem::replace(&mut group, inner));
                    continue;
                }
                Some((_, Token::Tag(tag))) => Constraint::Tag(tag.to_string()),
                Some((offset, token)) => {
                    return self.error(offset, format!("unexpected token {}", token.text()))
                }
                None => return self.error(self.pos, "unexpected end of expression"),
            };
            // `x` is an atom; add it to its group, and close the groups
            // that end after it.
            loop {
                if negate {
                    x = Constraint::Not(Box::new(x));
                }
                let and = join(group.and.take(), x, Constraint::And);
                if let Some((_, Token::And)) = self.peek_token()? {
                    self.next_token()?;
                    group.and = Some(and);
                    break;
                }
                let or = join(group.or.take(), and, Constraint::Or);
                if let Some((_, Token::Or)) = self.peek_token()? {
                    self.next_token()?;
                    group.or = Some(or);
                    break;
                }
                let Some(enclosing) = outer.pop() else {
                    return Ok(or);
                };
                match self.next_token()? {
                    Some((_, Token::Close)) => {}
                    _ => return self.error(group.open, "missing close paren"),
                }
                negate = group.negate;
                group = enclosing;
                x = or;
            }
        }
    }
}

/// A parenthesized expression being parsed (or the whole expression): the
/// `||` operands so far, the `&&` operands of the current one so far, where
/// it opened and whether a `!` applies to it.
#[derive(Default)]
struct Group {
    or: Option<Constraint>,
    and: Option<Constraint>,
    open: usize,
    negate: bool,
}

/// `left op right`, or `right` if there is no left operand yet.
fn join(
    left: Option<Constraint>,
    right: Constraint,
    op: fn(Box<Constraint>, Box<Constraint>) -> Constraint,
) -> Constraint {
    match left {
        Some(left) => op(Box::new(left), Box::new(right)),
        None => right,
    }
}

#[cfg(test)]
mod tests {
    use super::{go_version, Constraint};

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

    #[test]
    fn nesting_up_to_the_term_limit() {
        // 999 parentheses and the tag make 1000 terms, gc's limit; one more
        // is "too large". Parsing, evaluating and dropping stay in bounds
        // on a test thread's stack.
        let nested = |depth: usize| format!("{}go1.21{}", "(".repeat(depth), ")".repeat(depth));
        let x = Constraint::parse_go_build(&nested(999)).expect("within the limit");
        assert!(x.eval(&|tag| tag == "go1.21"));
        assert_eq!(x.go_version().as_deref(), Some("go1.21"));
        let err = Constraint::parse_go_build(&nested(1000)).unwrap_err();
        assert_eq!(err.message, "build expression too large");
        let negated = format!("{}go1.21{}", "!(".repeat(498), ")".repeat(498));
        let x = Constraint::parse_go_build(&negated).expect("within the limit");
        assert_eq!(x.go_version().as_deref(), Some("go1.21"));
        assert!(x.eval(&|tag| tag == "go1.21"));
        assert_eq!(x.clone(), x);
        let chain = vec!["go1.21"; 1000].join(" && ");
        let x = Constraint::parse_go_build(&chain).expect("within the limit");
        assert_eq!(x.go_version().as_deref(), Some("go1.21"));
        assert!(!x.eval(&|_| false));
        assert!(Constraint::parse_go_build(&format!("{chain} && a")).is_err());
    }
}
