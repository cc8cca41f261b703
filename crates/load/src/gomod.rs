//! go.mod files: a lexer and parser for the module, go, toolchain, godebug,
//! require, exclude, replace, retract, tool and ignore directives, in their
//! single-line and block forms.

use std::path::Path;

use crate::error::LoadError;
use crate::version::{is_valid_go_version, is_valid_module_version};

/// A parsed go.mod file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoMod {
    /// The module path (`module` directive).
    pub module: Option<String>,
    /// The `go` directive: the module's language version.
    pub go: Option<String>,
    pub toolchain: Option<String>,
    /// `godebug key=value` settings, in order.
    pub godebug: Vec<(String, String)>,
    pub require: Vec<Require>,
    pub exclude: Vec<ModuleVersion>,
    pub replace: Vec<Replace>,
    pub retract: Vec<Retract>,
    /// `tool` import paths.
    pub tool: Vec<String>,
    /// `ignore` directory patterns (`./dir` rooted at the module, `dir` anywhere).
    pub ignore: Vec<String>,
}

/// A module path at a version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleVersion {
    pub path: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub module: ModuleVersion,
    /// Marked `// indirect`.
    pub indirect: bool,
}

/// `replace old [version] => new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub old_path: String,
    /// `None` replaces every version.
    pub old_version: Option<String>,
    pub new: ReplaceTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplaceTarget {
    /// A directory, relative to the go.mod's directory unless absolute.
    Dir(String),
    Module(ModuleVersion),
}

/// `retract version` or `retract [low, high]`, with the comment that
/// explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retract {
    pub low: String,
    pub high: String,
    pub rationale: String,
}

impl GoMod {
    /// Parses a main module's go.mod strictly: unknown directives are errors.
    pub fn parse(file: &Path, text: &str) -> Result<GoMod, LoadError> {
        parse(file, text, false)
    }

    /// Parses a dependency's go.mod leniently, as the go command does:
    /// unknown directives and malformed retractions are skipped, so that
    /// files written by newer Go versions still load.
    pub fn parse_lax(file: &Path, text: &str) -> Result<GoMod, LoadError> {
        parse(file, text, true)
    }
}

/// Whether a replacement target names a directory rather than a module:
/// rooted, or starting with `./` or `../` (or `.\`, `..\`).
pub fn is_directory_path(path: &str) -> bool {
    path == "."
        || path == ".."
        || ["./", "../", ".\\", "..\\", "/"]
            .iter()
            .any(|p| path.starts_with(p))
        || path.as_bytes().get(1) == Some(&b':')
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    /// An unquoted word, or one of the punctuation marks `(`, `)`, `[`, `]`,
    /// `{`, `}`, `,`, kept as text.
    Word,
    /// A quoted string, quotes included.
    Quoted,
    Newline,
    /// `// text` on a line of its own.
    Comment,
    /// `// text` after other tokens on the line.
    SuffixComment,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    text: String,
    line: usize,
    col: usize,
}

struct Lexer<'a> {
    file: &'a Path,
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
    /// Whether a non-comment token has been seen on the current line.
    line_has_token: bool,
}

impl<'a> Lexer<'a> {
    fn error(&self, line: usize, col: usize, message: impl Into<String>) -> LoadError {
        LoadError::ModFile {
            file: self.file.to_path_buf(),
            line,
            col,
            message: message.into(),
        }
    }

    fn col(&self, pos: usize) -> usize {
        self.text[self.line_start..pos].chars().count() + 1
    }

    fn tokens(mut self) -> Result<Vec<Token>, LoadError> {
        let mut tokens = Vec::new();
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let (line, col) = (self.line, self.col(start));
            let rest = &self.text[start..];
            let c = rest.chars().next().unwrap_or_default();
            let (kind, len) = match c {
                ' ' | '\t' | '\r' => {
                    self.pos += 1;
                    continue;
                }
                '\n' => (TokenKind::Newline, 1),
                _ if rest.starts_with("//") => {
                    let len = rest.find('\n').unwrap_or(rest.len());
                    let kind = if self.line_has_token {
                        TokenKind::SuffixComment
                    } else {
                        TokenKind::Comment
                    };
                    (kind, len)
                }
                _ if rest.starts_with("/*") => {
                    return Err(self.error(
                        line,
                        col,
                        "mod files must use // comments (not /* */ comments)",
                    ))
                }
                '(' | ')' | '[' | ']' | '{' | '}' | ',' => (TokenKind::Word, 1),
                '"' | '`' => (TokenKind::Quoted, self.quoted_len(rest, c, line, col)?),
                _ if is_word_char(c) => {
                    let mut len = 0;
                    for ch in rest.chars() {
                        if !is_word_char(ch) || rest[len..].starts_with("//") {
                            break;
                        }
                        if rest[len..].starts_with("/*") {
                            return Err(self.error(
                                line,
                                col,
                                "mod files must use // comments (not /* */ comments)",
                            ));
                        }
                        len += ch.len_utf8();
                    }
                    (TokenKind::Word, len)
                }
                _ => {
                    return Err(self.error(line, col, format!("unexpected input character {c:?}")))
                }
            };
            self.pos += len;
            if kind == TokenKind::Newline {
                self.line += 1;
                self.line_start = self.pos;
                self.line_has_token = false;
            } else if kind != TokenKind::Comment {
                self.line_has_token = true;
            }
            tokens.push(Token {
                kind,
                text: self.text[start..start + len].to_string(),
                line,
                col,
            });
        }
        Ok(tokens)
    }

    fn quoted_len(
        &self,
        rest: &str,
        quote: char,
        line: usize,
        col: usize,
    ) -> Result<usize, LoadError> {
        let mut chars = rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '\n' => return Err(self.error(line, col, "unexpected newline in string")),
                _ if c == quote => return Ok(i + 1),
                '\\' if quote == '"' => {
                    chars.next();
                }
                _ => {}
            }
        }
        Err(self.error(line, col, "unexpected EOF in string"))
    }
}

fn is_word_char(c: char) -> bool {
    !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',') && !c.is_whitespace() && !c.is_control()
}

/// One directive line: its verb, arguments and comments.
struct Line {
    verb: String,
    args: Vec<Token>,
    line: usize,
    col: usize,
    /// Comment lines directly above, then the suffix comment, for retract
    /// rationales and `// indirect`.
    comments_above: Vec<String>,
    suffix_comment: Option<String>,
}

fn parse(file: &Path, text: &str, lax: bool) -> Result<GoMod, LoadError> {
    let lexer = Lexer {
        file,
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        line_has_token: false,
    };
    let tokens = lexer.tokens()?;
    let mut lines = Vec::new();
    let mut rest = tokens.as_slice();
    let mut comments_above = Vec::new();
    // Verb and position of the enclosing `verb (` block, if inside one.
    let mut block: Option<Token> = None;
    while let Some(first) = rest.first() {
        match first.kind {
            TokenKind::Newline => {
                // A blank line detaches comments from what follows.
                if !comments_above.is_empty()
                    && rest.get(1).is_some_and(|t| t.kind == TokenKind::Newline)
                {
                    comments_above.clear();
                }
                rest = &rest[1..];
                continue;
            }
            TokenKind::Comment => {
                comments_above.push(comment_text(&first.text));
                rest = &rest[1..];
                continue;
            }
            _ => {}
        }
        let end = rest
            .iter()
            .position(|t| t.kind == TokenKind::Newline)
            .unwrap_or(rest.len());
        let (line_tokens, after) = rest.split_at(end);
        rest = after;
        let suffix_comment = line_tokens
            .iter()
            .find(|t| t.kind == TokenKind::SuffixComment)
            .map(|t| comment_text(&t.text));
        let words: Vec<Token> = line_tokens
            .iter()
            .filter(|t| t.kind != TokenKind::SuffixComment)
            .cloned()
            .collect();
        let error = |t: &Token, message: &str| LoadError::ModFile {
            file: file.to_path_buf(),
            line: t.line,
            col: t.col,
            message: message.to_string(),
        };
        let comments = std::mem::take(&mut comments_above);
        match (&block, words.as_slice()) {
            (Some(_), [close]) if close.text == ")" && close.kind == TokenKind::Word => {
                block = None
            }
            (Some(_), [.., close]) if close.text == ")" && close.kind == TokenKind::Word => {
                return Err(error(
                    close,
                    "syntax error: unexpected ')' after block line",
                ))
            }
            (Some(verb), _) => lines.push(Line {
                verb: verb.text.clone(),
                args: words.clone(),
                line: words[0].line,
                col: words[0].col,
                comments_above: comments,
                suffix_comment,
            }),
            (None, [verb, open]) if open.text == "(" && open.kind == TokenKind::Word => {
                block = Some(verb.clone())
            }
            (None, [verb, open, close])
                if open.text == "(" && close.text == ")" && verb.kind == TokenKind::Word =>
            {
                // An empty one-line block: `require ()`.
            }
            (None, [verb, ..]) => lines.push(Line {
                verb: verb.text.clone(),
                args: words[1..].to_vec(),
                line: verb.line,
                col: verb.col,
                comments_above: comments,
                suffix_comment,
            }),
            (None, []) => {}
        }
    }
    if let Some(verb) = block {
        return Err(LoadError::ModFile {
            file: file.to_path_buf(),
            line: verb.line,
            col: verb.col,
            message: format!("unterminated {} block", verb.text),
        });
    }
    let mut go_mod = GoMod::default();
    for line in &lines {
        apply_directive(&mut go_mod, line, lax).map_err(|message| LoadError::ModFile {
            file: file.to_path_buf(),
            line: line.line,
            col: line.col,
            message,
        })?;
    }
    Ok(go_mod)
}

fn comment_text(comment: &str) -> String {
    comment.trim_start_matches("//").trim().to_string()
}

/// Unquotes a go.mod argument. Unquoted words may not contain quotes.
fn argument(token: &Token) -> Result<String, String> {
    match token.kind {
        TokenKind::Quoted if token.text.starts_with('`') => {
            Ok(token.text[1..token.text.len() - 1].to_string())
        }
        TokenKind::Quoted => unquote(&token.text[1..token.text.len() - 1])
            .map_err(|err| format!("invalid quoted string: {err}")),
        _ if token.text.contains(['"', '\'', '`']) => {
            Err("invalid quoted string: unquoted string cannot contain quote".into())
        }
        _ => Ok(token.text.clone()),
    }
}

/// Decodes the escapes go.mod strings use in practice (`\\`, `\"`, and the
/// common single-character escapes).
fn unquote(body: &str) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('\\') => '\\',
            Some('"') => '"',
            Some('n') => '\n',
            Some('t') => '\t',
            Some(other) => return Err(format!("unsupported escape \\{other}")),
            None => return Err("unterminated escape".into()),
        });
    }
    Ok(out)
}

fn module_version(verb: &str, path: &str, token: &Token) -> Result<String, String> {
    let version = argument(token)?;
    if !is_valid_module_version(&version) {
        return Err(format!("{verb} {path}: invalid module version {version:?}"));
    }
    Ok(version)
}

fn exactly_one<'t>(line: &'t Line, usage: &str) -> Result<&'t Token, String> {
    match line.args.as_slice() {
        [arg] => Ok(arg),
        _ => Err(usage.to_string()),
    }
}

fn apply_directive(go_mod: &mut GoMod, line: &Line, lax: bool) -> Result<(), String> {
    let verb = line.verb.as_str();
    match verb {
        "module" => {
            if go_mod.module.is_some() {
                return Err("repeated module statement".into());
            }
            go_mod.module = Some(argument(exactly_one(line, "usage: module module/path")?)?);
        }
        "go" => {
            if go_mod.go.is_some() {
                return Err("repeated go statement".into());
            }
            let version = argument(exactly_one(
                line,
                "go directive expects exactly one argument",
            )?)?;
            if !is_valid_go_version(&version) {
                return Err(format!(
                    "invalid go version '{version}': must match format 1.23.0"
                ));
            }
            go_mod.go = Some(version);
        }
        "toolchain" => {
            if go_mod.toolchain.is_some() {
                return Err("repeated toolchain statement".into());
            }
            let name = argument(exactly_one(
                line,
                "toolchain directive expects exactly one argument",
            )?)?;
            let valid = name == "default"
                || name.strip_prefix("go").is_some_and(|v| {
                    let version = v.split_once('-').map_or(v, |(version, _)| version);
                    is_valid_go_version(version)
                });
            if !valid {
                return Err(format!(
                    "invalid toolchain version '{name}': must match format go1.23.0 or default"
                ));
            }
            go_mod.toolchain = Some(name);
        }
        "godebug" => {
            let setting = exactly_one(line, "usage: godebug key=value")?;
            let (key, value) = setting
                .text
                .split_once('=')
                .filter(|_| setting.kind == TokenKind::Word && !setting.text.contains([',', '\'']))
                .ok_or("usage: godebug key=value")?;
            go_mod.godebug.push((key.to_string(), value.to_string()));
        }
        "require" | "exclude" => {
            let [path, version] = line.args.as_slice() else {
                return Err(format!("usage: {verb} module/path v1.2.3"));
            };
            let path = argument(path)?;
            let module = ModuleVersion {
                version: module_version(verb, &path, version)?,
                path,
            };
            if verb == "require" {
                let indirect = line.suffix_comment.as_deref().is_some_and(|comment| {
                    comment == "indirect" || comment.starts_with("indirect;")
                });
                go_mod.require.push(Require { module, indirect });
            } else {
                go_mod.exclude.push(module);
            }
        }
        "replace" => go_mod.replace.push(parse_replace(&line.args)?),
        "retract" => match parse_retract(line) {
            Ok(retract) => go_mod.retract.push(retract),
            Err(_) if lax => {}
            Err(err) => return Err(err),
        },
        "tool" => go_mod.tool.push(argument(exactly_one(
            line,
            "tool directive expects exactly one argument",
        )?)?),
        "ignore" => go_mod.ignore.push(argument(exactly_one(
            line,
            "ignore directive expects exactly one argument",
        )?)?),
        _ if lax => {}
        _ => return Err(format!("unknown directive: {verb}")),
    }
    Ok(())
}

fn parse_replace(args: &[Token]) -> Result<Replace, String> {
    const USAGE: &str = "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory";
    let arrow = args
        .iter()
        .position(|t| t.text == "=>" && t.kind == TokenKind::Word);
    let (old, new) = match arrow {
        Some(i @ (1 | 2)) => (&args[..i], &args[i + 1..]),
        _ => return Err(USAGE.into()),
    };
    let old_path = argument(&old[0])?;
    let old_version = match old.get(1) {
        Some(token) => Some(module_version("replace", &old_path, token)?),
        None => None,
    };
    let new = match new {
        [target] => {
            let target = argument(target)?;
            if !is_directory_path(&target) {
                return Err(if target.contains('@') {
                    "replacement module must match format 'path version', not 'path@version'".into()
                } else {
                    "replacement module without version must be directory path (rooted or starting with . or ..)".into()
                });
            }
            ReplaceTarget::Dir(target)
        }
        [target, version] => {
            let path = argument(target)?;
            if is_directory_path(&path) {
                return Err(format!(
                    "replacement module directory path {path:?} cannot have version"
                ));
            }
            ReplaceTarget::Module(ModuleVersion {
                version: module_version("replace", &path, version)?,
                path,
            })
        }
        _ => return Err(USAGE.into()),
    };
    Ok(Replace {
        old_path,
        old_version,
        new,
    })
}

fn parse_retract(line: &Line) -> Result<Retract, String> {
    let texts: Vec<&str> = line.args.iter().map(|t| t.text.as_str()).collect();
    let version = |token: &Token| module_version("retract", "", token);
    let (low, high) = match texts.as_slice() {
        [_] => {
            let v = version(&line.args[0])?;
            (v.clone(), v)
        }
        ["[", _, ",", _, "]"] => (version(&line.args[1])?, version(&line.args[3])?),
        _ => return Err("usage: retract v1.2.3 or retract [v1.2.3, v1.3.0]".into()),
    };
    let rationale = line
        .comments_above
        .iter()
        .cloned()
        .chain(line.suffix_comment.clone())
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Retract {
        low,
        high,
        rationale,
    })
}
