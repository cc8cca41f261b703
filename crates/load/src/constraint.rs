//! Build constraint expressions: `//go:build` lines and legacy `// +build`
//! lines, parsed into one boolean expression type.

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

/// Bounds on expression size, as the go command has them, so that a hostile
/// file cannot make parsing or evaluation recurse without limit.
const MAX_GO_BUILD_TERMS: usize = 1000;
/// Parenthesis nesting is bounded more tightly than Go's term count, since
/// each level costs several stack frames here.
const MAX_PAREN_DEPTH: usize = 100;
const MAX_PLUS_BUILD_OPERATORS: usize = 100;

impl Constraint {
    /// Parses the expression of a `//go:build` line (the text after the
    /// `//go:build` prefix): tags, `!`, `&&`, `||` and parentheses.
    pub fn parse_go_build(expr: &str) -> Result<Constraint, ConstraintError> {
        let mut parser = ExprParser {
            text: expr,
            pos: 0,
            terms: 0,
            depth: 0,
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

/// Recursive-descent parser for `//go:build` expressions; `||` binds
/// loosest, then `&&`, then `!`.
struct ExprParser<'a> {
    text: &'a str,
    pos: usize,
    terms: usize,
    depth: usize,
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

    fn or(&mut self) -> ParseResult<Constraint> {
        let mut x = self.and()?;
        while let Some((_, Token::Or)) = self.peek_token()? {
            self.next_token()?;
            x = Constraint::Or(Box::new(x), Box::new(self.and()?));
        }
        Ok(x)
    }

    fn and(&mut self) -> ParseResult<Constraint> {
        let mut x = self.not()?;
        while let Some((_, Token::And)) = self.peek_token()? {
            self.next_token()?;
            x = Constraint::And(Box::new(x), Box::new(self.not()?));
        }
        Ok(x)
    }

    fn not(&mut self) -> ParseResult<Constraint> {
        self.terms += 1;
        if self.terms > MAX_GO_BUILD_TERMS {
            return self.error(self.pos, "build expression too large");
        }
        if let Some((_, Token::Not)) = self.peek_token()? {
            self.next_token()?;
            if let Some((offset, Token::Not)) = self.peek_token()? {
                return self.error(offset, "double negation not allowed");
            }
            return Ok(Constraint::Not(Box::new(self.atom()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> ParseResult<Constraint> {
        match self.next_token()? {
            Some((open, Token::Open)) => {
                self.depth += 1;
                if self.depth > MAX_PAREN_DEPTH {
                    return self.error(open, "build expression nested too deeply");
                }
                let x = self.or()?;
                self.depth -= 1;
                match self.next_token()? {
                    Some((_, Token::Close)) => Ok(x),
                    _ => self.error(open, "missing close paren"),
                }
            }
            Some((_, Token::Tag(tag))) => Ok(Constraint::Tag(tag.to_string())),
            Some((offset, token)) => {
                self.error(offset, format!("unexpected token {}", token.text()))
            }
            None => self.error(self.pos, "unexpected end of expression"),
        }
    }
}
