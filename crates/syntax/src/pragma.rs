//! `//go:` directives ("pragmas"), collected and attached the way gc's
//! noder does it: directives accumulate until the parser reaches a
//! declaration, which takes them; directives still pending when a
//! statement or other non-declaration ends are misplaced.
//!
//! `//go:linkname` is file-wide in gc (it names its target), so it is kept
//! in a per-file list rather than on a declaration.

use crate::diagnostics::{self as diag, SyntaxError};
use crate::pos::Pos;

/// A set of compiler directive flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PragmaFlags(u32);

impl PragmaFlags {
    pub const NONE: PragmaFlags = PragmaFlags(0);
    pub const NOESCAPE: PragmaFlags = PragmaFlags(1 << 0);
    pub const NORACE: PragmaFlags = PragmaFlags(1 << 1);
    pub const NOSPLIT: PragmaFlags = PragmaFlags(1 << 2);
    pub const NOINLINE: PragmaFlags = PragmaFlags(1 << 3);
    pub const NOCHECKPTR: PragmaFlags = PragmaFlags(1 << 4);
    pub const SYSTEMSTACK: PragmaFlags = PragmaFlags(1 << 5);
    pub const NOWRITEBARRIER: PragmaFlags = PragmaFlags(1 << 6);
    pub const NOWRITEBARRIERREC: PragmaFlags = PragmaFlags(1 << 7);
    pub const YESWRITEBARRIERREC: PragmaFlags = PragmaFlags(1 << 8);
    pub const CGO_UNSAFE_ARGS: PragmaFlags = PragmaFlags(1 << 9);
    pub const UINTPTR_KEEPALIVE: PragmaFlags = PragmaFlags(1 << 10);
    pub const UINTPTR_ESCAPES: PragmaFlags = PragmaFlags(1 << 11);
    pub const REGISTER_PARAMS: PragmaFlags = PragmaFlags(1 << 12);
    pub const GO_BUILD: PragmaFlags = PragmaFlags(1 << 13);

    pub fn contains(self, other: PragmaFlags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn intersects(self, other: PragmaFlags) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    /// The flags a directive verb (`go:noescape`, ...) sets, including the
    /// ones it implies; empty for verbs without flags.
    pub fn for_verb(verb: &str) -> PragmaFlags {
        match verb {
            "go:build" => Self::GO_BUILD,
            "go:noescape" => Self::NOESCAPE,
            "go:norace" => Self::NORACE,
            "go:nosplit" => Self::NOSPLIT | Self::NOCHECKPTR,
            "go:noinline" => Self::NOINLINE,
            "go:nocheckptr" => Self::NOCHECKPTR,
            "go:systemstack" => Self::SYSTEMSTACK,
            "go:nowritebarrier" => Self::NOWRITEBARRIER,
            "go:nowritebarrierrec" => Self::NOWRITEBARRIERREC | Self::NOWRITEBARRIER,
            "go:yeswritebarrierrec" => Self::YESWRITEBARRIERREC,
            "go:cgo_unsafe_args" => Self::CGO_UNSAFE_ARGS | Self::NOCHECKPTR,
            "go:uintptrkeepalive" => Self::UINTPTR_KEEPALIVE,
            "go:uintptrescapes" => Self::UINTPTR_ESCAPES | Self::UINTPTR_KEEPALIVE,
            "go:registerparams" => Self::REGISTER_PARAMS,
            _ => Self::NONE,
        }
    }
}

impl std::ops::BitOr for PragmaFlags {
    type Output = PragmaFlags;
    fn bitor(self, other: PragmaFlags) -> PragmaFlags {
        PragmaFlags(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for PragmaFlags {
    fn bitor_assign(&mut self, other: PragmaFlags) {
        self.0 |= other.0;
    }
}

/// The directives attached to one declaration (or the package clause).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pragma {
    /// The union of all directives' flags.
    pub flags: PragmaFlags,
    /// Each directive (other than embed, linkname) with the flags it set.
    pub directives: Vec<(Pos, PragmaFlags)>,
    pub embeds: Vec<Embed>,
}

/// A `//go:embed` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embed {
    pub pos: Pos,
    pub patterns: Vec<String>,
}

/// A `//go:linkname local [target]` directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linkname {
    pub pos: Pos,
    pub local: String,
    /// `None` when omitted: the symbol keeps its default name but may be
    /// referenced from elsewhere.
    pub target: Option<String>,
}

/// Accumulates directives between declarations.
#[derive(Default)]
pub(crate) struct PragmaCollector {
    pending: Option<Pragma>,
    pub linknames: Vec<Linkname>,
}

impl PragmaCollector {
    /// Records the directive `text` (after `//`, starting `go:`) at `pos`;
    /// `blank` says whether it stands on a line of its own.
    pub fn add(&mut self, pos: Pos, blank: bool, text: &str, errors: &mut Vec<SyntaxError>) {
        let pragma = self.pending.get_or_insert_with(Pragma::default);
        let mut error = |msg: String| errors.push(SyntaxError { pos, msg });
        if !blank {
            error(diag::MISPLACED_DIRECTIVE.to_string());
            return;
        }
        // Wasm import/export only matter when compiling for wasm.
        if text.starts_with("go:wasmimport ") || text.starts_with("go:wasmexport ") {
            return;
        }
        if text.starts_with("go:linkname ") {
            let fields: Vec<&str> = text.split_ascii_whitespace().collect();
            match fields[..] {
                [_, local] | [_, local, _] => self.linknames.push(Linkname {
                    pos,
                    local: local.to_string(),
                    target: fields.get(2).map(|t| t.to_string()),
                }),
                _ => error(diag::LINKNAME_USAGE.to_string()),
            }
            return;
        }
        if text == "go:embed" || text.starts_with("go:embed ") {
            let patterns = match embed_patterns(&text["go:embed".len()..]) {
                Ok(patterns) => patterns,
                Err(msg) => {
                    error(msg);
                    Vec::new()
                }
            };
            if patterns.is_empty() {
                error(diag::EMBED_USAGE.to_string());
            } else {
                pragma.embeds.push(Embed { pos, patterns });
            }
            return;
        }
        let verb = text.split(' ').next().unwrap_or(text);
        let flags = PragmaFlags::for_verb(verb);
        pragma.flags |= flags;
        pragma.directives.push((pos, flags));
    }

    /// Hands the pending directives to a declaration.
    pub fn take(&mut self) -> Option<Pragma> {
        self.pending.take()
    }

    /// Discards pending directives at a place that takes none, reporting
    /// the ones that needed a declaration.
    pub fn clear(&mut self, errors: &mut Vec<SyntaxError>) {
        let Some(pragma) = self.pending.take() else {
            return;
        };
        for &(pos, flags) in &pragma.directives {
            if flags.intersects(pragma.flags) {
                errors.push(SyntaxError {
                    pos,
                    msg: diag::MISPLACED_DIRECTIVE.to_string(),
                });
            }
        }
        for embed in &pragma.embeds {
            errors.push(SyntaxError {
                pos: embed.pos,
                msg: diag::MISPLACED_EMBED.to_string(),
            });
        }
    }
}

/// Splits the arguments of `//go:embed` into patterns: bare words, or
/// Go-quoted or back-quoted strings.
fn embed_patterns(args: &str) -> Result<Vec<String>, String> {
    let mut patterns = Vec::new();
    let mut rest = args.trim();
    while !rest.is_empty() {
        let (pattern, after) = match rest.as_bytes()[0] {
            b'`' => {
                let end = rest[1..]
                    .find('`')
                    .ok_or_else(|| diag::invalid_embed_quote(rest))?;
                (rest[1..1 + end].to_string(), &rest[end + 2..])
            }
            b'"' => {
                let end = quoted_end(rest).ok_or_else(|| diag::invalid_embed_quote(rest))?;
                let value = crate::literal::decode_string(&rest.as_bytes()[..end])
                    .ok()
                    .and_then(|v| String::from_utf8(v.into_owned()).ok())
                    .ok_or_else(|| diag::invalid_embed_quote(&rest[..end]))?;
                (value, &rest[end..])
            }
            _ => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (rest[..end].to_string(), &rest[end..])
            }
        };
        if after.chars().next().is_some_and(|c| !c.is_whitespace()) {
            return Err(diag::invalid_embed_quote(after));
        }
        patterns.push(pattern);
        rest = after.trim();
    }
    Ok(patterns)
}

/// The length of the double-quoted string at the start of `s`, honoring
/// backslash escapes.
fn quoted_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_args() {
        assert_eq!(
            embed_patterns(r#" a.txt "b c.txt" `d e` "#).unwrap(),
            vec!["a.txt", "b c.txt", "d e"]
        );
        assert!(embed_patterns(r#" "unterminated "#).is_err());
        assert!(embed_patterns(r#" "a"b "#).is_err());
        assert_eq!(embed_patterns("").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn pending_directives() {
        let mut errors = Vec::new();
        let mut c = PragmaCollector::default();
        c.add(Pos(3), true, "go:noinline", &mut errors);
        c.add(Pos(20), true, "go:linkname a b.c", &mut errors);
        let p = c.take().unwrap();
        assert!(p.flags.contains(PragmaFlags::NOINLINE));
        assert_eq!(c.linknames[0].target.as_deref(), Some("b.c"));
        c.add(Pos(40), true, "go:nosplit", &mut errors);
        c.add(Pos(50), false, "go:noescape", &mut errors);
        c.clear(&mut errors);
        let positions: Vec<u32> = errors.iter().map(|e| e.pos.0).collect();
        assert_eq!(positions, vec![50, 40]);
    }
}
