//! Lexer, syntax tree and parser for Go source files, reproducing the
//! trees, positions and diagnostics of gc's `cmd/compile/internal/syntax`.
//!
//! # Design
//!
//! * [`parse_file`] turns one file's bytes into a [`File`], which owns
//!   everything about that file: the source, the tree, the identifier
//!   table, comments, `//line` and `//go:` directives, and the errors.
//!   Parsing never fails; errors are data ([`File::errors`]), listed as
//!   gc's compiler prints them: lexical and syntax errors, misplaced
//!   directives, and the label and branch checks gc's syntax package runs
//!   on function bodies.
//! * Positions are byte offsets ([`Pos`], four bytes). Lines and columns
//!   are computed on demand: [`File::position`] gives the position gc
//!   reports (honoring `//line` directives), [`File::raw_position`] the
//!   physical one.
//! * The tree lives in per-file arenas. Nodes refer to each other by typed
//!   ids ([`ExprId`], [`StmtId`], ...), which later layers use to key side
//!   tables; identifiers are interned per file ([`NameId`]). Every
//!   expression records gc's position for it and its exact source
//!   [`Span`].
//! * The lexer is hand-written and produces small `Copy` tokens; literal
//!   values are decoded only when asked for ([`literal`]).
//! * `//go:` directives are attached to the declaration that follows them,
//!   as gc does ([`Pragma`] on each declaration), except `//go:linkname`,
//!   which is file-wide ([`File::linknames`]).
//! * Nothing can exhaust the stack: the parser's recursion grows the
//!   stack on demand ([`stack`]), operator chains, prefix operators and
//!   type constructors, and else-if chains are parsed iteratively, and
//!   trees are walked ([`walk`]) and dropped without recursion. A file
//!   whose tree is deeper than [`MAX_NESTING_DEPTH`] (beyond what gc
//!   compiles) gets one error, so that the later layers, which recurse
//!   over trees through [`stack::ensure_sufficient_stack`], need no limit
//!   of their own.
//!
//! # What this crate does not know
//!
//! It sees one file at a time, as bytes: it does not read files from disk,
//! group files into packages, resolve imports or identifiers, or know
//! anything about types. Build constraints are only read for the Go
//! version a `//go:build` line implies; [`constraint`] parses and
//! evaluates them for the loader. Directive checks that depend on
//! compiler flags (e.g. directives only allowed in the runtime) are left to
//! later layers, which get every directive with its position.

mod ast;
mod branches;
pub mod constraint;
mod depth;
mod diagnostics;
mod dump;
mod file;
mod lexer;
pub mod literal;
mod parser;
mod pos;
mod pragma;
mod printer;
mod spans;
pub mod stack;
mod token;
pub mod walk;

pub use ast::*;
pub use diagnostics::SyntaxError;
pub use dump::dump;
pub use file::File;
pub use lexer::{Comment, CommentKind};
pub use parser::{parse_file, MAX_NESTING_DEPTH};
pub use pos::{LineDirective, LineIndex, Pos, Position, Span};
pub use pragma::{Embed, Linkname, Pragma, PragmaFlags};
pub use token::{LitKind, Operator, Token, TokenKind};

/// Scans `src` into tokens, for tools and tests that need the raw token
/// stream; errors are returned alongside.
pub fn tokenize(src: &[u8]) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut lexer = lexer::Lexer::new("", src);
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token();
        tokens.push(token);
        if token.kind == TokenKind::Eof {
            break;
        }
    }
    (tokens, lexer.errors)
}
