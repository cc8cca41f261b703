//! A recursive-descent parser producing gc's tree shapes, positions and
//! error messages.
//!
//! Grammar decisions (composite literal vs. block, type parameters vs.
//! array lengths, `<-chan` re-association, ...) follow gc's parser so trees
//! and diagnostics match the Go toolchain's. Beyond gc, every recovery loop
//! is guaranteed to make progress, and nesting is limited to
//! [`MAX_NESTING_DEPTH`] so that no input can exhaust memory; the stack
//! grows as the parser recurses.

mod decl;
mod expr;
mod stmt;
mod types;

use crate::ast::*;
use crate::branches;
use crate::constraint;
use crate::depth;
use crate::diagnostics::{self as diag, SyntaxError, SyntaxMsg};
use crate::file::{Arena, File, NameTable};
use crate::lexer::Lexer;
use crate::pos::{Pos, Span};
use crate::pragma::{Pragma, PragmaCollector};
use crate::printer;
use crate::spans;
use crate::stack::ensure_sufficient_stack;
use crate::token::{Token, TokenKind, TokenSet};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// How many levels deep a file's tree may be (declarations, statements,
/// expressions, types). Beyond what gc compiles: its stack overflows at
/// 718,750 parentheses, 550,000 blocks and a million operands of `+`
/// (Go 1.26.8). The stacks of every layer grow on demand, so this bounds
/// their memory.
pub const MAX_NESTING_DEPTH: u32 = 1_000_000;

/// Parses one Go source file. Never fails: errors are collected in
/// [`File::errors`] and the tree holds what could be recovered.
pub fn parse_file(filename: &str, src: &[u8]) -> File {
    let src: Box<[u8]> = src.into();
    // Positions are 32-bit offsets: a larger file is reported, not parsed.
    let too_large = u32::try_from(src.len()).is_err();
    let parsed_src = if too_large { &src[..0] } else { &src[..] };
    let (mut file, checked_bodies) = {
        let mut parser = Parser::new(filename, parsed_src);
        if too_large {
            parser.error_at(0, diag::FILE_TOO_LARGE);
        }
        parser.source_file();
        parser.into_file()
    };
    file.src = src;
    // A tree too deep for the later layers is one error, like a syntax
    // error, with no label or branch errors after it.
    let too_deep = if file.errors.is_empty() {
        depth::first_too_deep(&file)
    } else {
        None
    };
    match too_deep {
        Some(pos) => file.errors.push(SyntaxError {
            pos,
            msg: diag::MAX_NESTING_DEPTH.to_owned(),
        }),
        None => {
            let branch_errors = branches::check(&file, &checked_bodies);
            file.errors.extend(branch_errors);
        }
    }
    if !file.errors.is_empty() {
        let found = std::mem::take(&mut file.errors);
        file.errors = diag::as_gc_reports(found, |pos| {
            let directive = file.line_directives.partition_point(|d| d.at <= pos);
            (directive, file.line_index().line_col(pos).0)
        });
    }
    file
}

/// A parameter or type parameter whose name or type may still be missing
/// until the whole list has been seen.
#[derive(Clone, Copy)]
struct ParamDraft {
    pos: u32,
    name: Option<ExprId>,
    ty: Option<ExprId>,
}

/// Tokens that start statements: good places to resume after an error
/// inside a function body.
const STOP_SET: TokenSet = TokenSet::of(&[
    TokenKind::Break,
    TokenKind::Const,
    TokenKind::Continue,
    TokenKind::Defer,
    TokenKind::Fallthrough,
    TokenKind::For,
    TokenKind::Go,
    TokenKind::Goto,
    TokenKind::If,
    TokenKind::Return,
    TokenKind::Select,
    TokenKind::Switch,
    TokenKind::Type,
    TokenKind::Var,
]);

struct Parser<'src> {
    src: &'src [u8],
    lex: Lexer<'src>,
    tok: Token,
    /// End offset of the most recently consumed token: the end of a node
    /// built right after its last token.
    prev_end: u32,
    /// Number of tokens consumed, for progress checks in recovery loops.
    consumed: u64,

    arena: Arena,
    names: NameTable,
    name_ids: FxHashMap<&'src [u8], NameId>,

    pragma_collector: PragmaCollector,
    pragmas: Vec<Pragma>,
    /// How many of the reported errors are about directives. gc's noder
    /// reports those, so they do not count as syntax errors for the
    /// parser's own error handling.
    directive_errors: usize,
    /// Before the package clause (where `//go:build` sets the version).
    top: bool,
    go_version: Option<String>,
    groups: u32,

    /// Function nesting level: recovery stops at statement keywords only
    /// inside functions.
    fnest: u32,
    /// Expression nesting level; negative in control clause headers, where
    /// `{` cannot start a composite literal.
    xnest: i32,
    depth: u32,

    // Work stacks for lists under construction (nested lists push above
    // their parent's elements and drain their own part when done).
    scratch_exprs: Vec<ExprId>,
    scratch_stmts: Vec<StmtId>,
    scratch_fields: Vec<Field>,
    scratch_params: Vec<ParamDraft>,
    scratch_decls: Vec<Decl>,
    scratch_cases: Vec<CaseClause>,
    scratch_comms: Vec<CommClause>,
    scratch_unary_ops: Vec<(u32, crate::token::Operator)>,
    scratch_type_prefixes: Vec<types::TypePrefix>,
    scratch_ifs: Vec<stmt::PendingIf>,

    /// Function bodies parsed without syntax errors; gc checks branches and
    /// labels only in those.
    checked_bodies: Vec<StmtId>,

    package_name: Option<ExprId>,
    package_pragma: Option<PragmaId>,
    decls: DeclList,
}

impl<'src> Parser<'src> {
    fn new(filename: &'src str, src: &'src [u8]) -> Parser<'src> {
        let mut parser = Parser {
            src,
            lex: Lexer::new(filename, src),
            tok: Token::default(),
            prev_end: 0,
            consumed: 0,
            arena: Arena::default(),
            names: NameTable::default(),
            // about one distinct name per 100 bytes of source
            name_ids: FxHashMap::with_capacity_and_hasher(src.len() / 100, Default::default()),
            pragma_collector: PragmaCollector::default(),
            pragmas: Vec::new(),
            directive_errors: 0,
            top: true,
            go_version: None,
            groups: 0,
            fnest: 0,
            xnest: 0,
            depth: 0,
            scratch_exprs: Vec::new(),
            scratch_stmts: Vec::new(),
            scratch_fields: Vec::new(),
            scratch_params: Vec::new(),
            scratch_decls: Vec::new(),
            scratch_cases: Vec::new(),
            scratch_comms: Vec::new(),
            scratch_unary_ops: Vec::new(),
            scratch_type_prefixes: Vec::new(),
            scratch_ifs: Vec::new(),
            checked_bodies: Vec::new(),
            package_name: None,
            package_pragma: None,
            decls: DeclList::default(),
        };
        parser.next();
        parser
    }

    /// The parsed file (without its source, which the parser only
    /// borrows) and the function bodies to check branches in.
    fn into_file(self) -> (File, Vec<StmtId>) {
        let file = File {
            filename: self.lex.filename().to_string(),
            src: Box::default(),
            package_name: self.package_name,
            package_pragma: self.package_pragma,
            decls: self.decls,
            go_version: self.go_version,
            arena: self.arena,
            names: self.names,
            comments: self.lex.comments,
            line_directives: self.lex.line_directives,
            lines: OnceLock::new(),
            pragmas: self.pragmas,
            linknames: self.pragma_collector.linknames,
            errors: self.lex.errors,
        };
        (file, self.checked_bodies)
    }

    // -----------------------------------------------------------------------
    // Tokens

    fn next(&mut self) {
        self.prev_end = self.tok.span.end.0;
        self.consumed += 1;
        self.tok = self.lex.next_token();
        if !self.lex.go_directives.is_empty() {
            self.take_go_directives();
        }
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.tok.kind == kind
    }

    fn at_op(&self, op: crate::token::Operator) -> bool {
        self.tok.kind == TokenKind::Operator && self.tok.op == op
    }

    fn pos(&self) -> u32 {
        self.tok.span.start.0
    }

    fn got(&mut self, kind: TokenKind) -> bool {
        if self.at(kind) {
            self.next();
            true
        } else {
            false
        }
    }

    fn want(&mut self, kind: TokenKind) {
        if !self.got(kind) {
            self.syntax_error(SyntaxMsg::Expected(&diag::token_name(kind)));
            self.advance(TokenSet::EMPTY);
        }
    }

    /// Like `got(Assign)`, but also accepts (and reports) `:=`.
    fn got_assign(&mut self) -> bool {
        match self.tok.kind {
            TokenKind::Define => {
                self.syntax_error(SyntaxMsg::Expected("="));
                self.next();
                true
            }
            TokenKind::Assign => {
                self.next();
                true
            }
            _ => false,
        }
    }

    /// The source text of the current token.
    fn tok_text(&self) -> &'src [u8] {
        &self.src[self.tok.span.range()]
    }

    // -----------------------------------------------------------------------
    // Errors

    fn error_at(&mut self, pos: u32, msg: impl Into<String>) {
        self.lex.error(pos, msg);
    }

    fn syntax_error_at(&mut self, pos: u32, msg: SyntaxMsg<'_>) {
        if self.at(TokenKind::Eof) && self.error_count() > 0 {
            return; // avoid meaningless follow-up errors
        }
        let text = String::from_utf8_lossy(self.tok_text());
        let msg = diag::syntax_error_text(msg, &self.tok, &text);
        self.error_at(pos, msg);
    }

    fn syntax_error(&mut self, msg: SyntaxMsg<'_>) {
        self.syntax_error_at(self.pos(), msg);
    }

    /// The number of syntax errors (lexical, syntax, line directive)
    /// reported so far.
    fn error_count(&self) -> usize {
        self.lex.errors.len() - self.directive_errors
    }

    /// Skips tokens until one in `follow` (or, inside functions, a
    /// statement keyword), or EOF. With an empty `follow`, skips exactly
    /// one token.
    fn advance(&mut self, follow: TokenSet) {
        let mut stop = TokenSet::of(&[TokenKind::Eof]);
        if follow != TokenSet::EMPTY {
            stop = stop.union(follow);
            if self.fnest > 0 {
                stop = stop.union(STOP_SET);
            }
        }
        while !stop.contains(self.tok.kind) {
            self.next();
            if follow == TokenSet::EMPTY {
                break;
            }
        }
    }

    /// Ensures a recovery loop iteration that started when `consumed` was
    /// `before` made progress; skips a token if it did not. Returns false
    /// at EOF, where the loop must end.
    fn ensure_progress(&mut self, before: u64) -> bool {
        if self.consumed == before {
            if self.at(TokenKind::Eof) {
                return false;
            }
            self.next();
        }
        true
    }

    /// Runs `parse` one nesting level deeper. Past [`MAX_NESTING_DEPTH`]
    /// the error is reported once and the rest of the input is dropped, so
    /// every pending production sees EOF and unwinds.
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> T) -> T {
        self.depth += 1;
        if self.depth > MAX_NESTING_DEPTH && !self.at(TokenKind::Eof) {
            self.error_at(self.pos(), diag::MAX_NESTING_DEPTH);
            self.lex.stop();
            self.lex.go_directives.clear();
            self.tok = Token {
                span: Span::new(self.src.len() as u32, self.src.len() as u32),
                ..Token::default()
            };
        }
        let result = ensure_sufficient_stack(|| parse(self));
        self.depth -= 1;
        result
    }

    /// `list = [ f { sep f } [sep] ] close .` Calls `element` for each
    /// element until it returns true; returns the position of `close`.
    fn list(
        &mut self,
        context: &str,
        sep: TokenKind,
        close: TokenKind,
        mut element: impl FnMut(&mut Self) -> bool,
    ) -> u32 {
        let mut done = false;
        while !self.at(TokenKind::Eof) && !self.at(close) && !done {
            let before = self.consumed;
            done = element(self);
            // sep is optional before close
            if !self.got(sep) && !self.at(close) {
                self.syntax_error(SyntaxMsg::Context(&diag::list_separator(
                    context, sep, close,
                )));
                self.advance(TokenSet::of(&[
                    TokenKind::Rparen,
                    TokenKind::Rbrack,
                    TokenKind::Rbrace,
                ]));
                if !self.at(close) {
                    return self.pos();
                }
            }
            if !self.ensure_progress(before) {
                break;
            }
        }
        let pos = self.pos();
        self.want(close);
        pos
    }

    // -----------------------------------------------------------------------
    // Directives

    fn take_go_directives(&mut self) {
        let directives = std::mem::take(&mut self.lex.go_directives);
        for directive in &directives {
            let text = String::from_utf8_lossy(&self.src[directive.text.range()]);
            if self.top && text.starts_with("go:build") {
                self.go_version = constraint::go_version(&format!("//{text}"));
            }
            let before = self.lex.errors.len();
            self.pragma_collector
                .add(directive.pos, directive.blank, &text, &mut self.lex.errors);
            self.directive_errors += self.lex.errors.len() - before;
        }
        // Reuse the allocation.
        self.lex.go_directives = directives;
        self.lex.go_directives.clear();
    }

    /// The directives pending for the declaration starting here.
    fn take_pragma(&mut self) -> Option<PragmaId> {
        let pragma = self.pragma_collector.take()?;
        self.pragmas.push(pragma);
        Some(PragmaId::from_index(self.pragmas.len() - 1))
    }

    /// Drops pending directives at a place that accepts none.
    fn clear_pragma(&mut self) {
        let before = self.lex.errors.len();
        self.pragma_collector.clear(&mut self.lex.errors);
        self.directive_errors += self.lex.errors.len() - before;
    }

    // -----------------------------------------------------------------------
    // Node construction

    /// Adds an expression ending at the last consumed token.
    fn push_expr(&mut self, pos: u32, start: u32, kind: ExprKind) -> ExprId {
        let span = Span::new(start, self.prev_end.max(start));
        self.push_expr_spanned(pos, span, kind)
    }

    fn push_expr_spanned(&mut self, pos: u32, span: Span, kind: ExprKind) -> ExprId {
        self.arena.exprs.push(Expr {
            kind,
            pos: Pos(pos),
            span,
        });
        ExprId::from_index(self.arena.exprs.len() - 1)
    }

    fn push_stmt(&mut self, pos: u32, kind: StmtKind) -> StmtId {
        self.arena.stmts.push(Stmt {
            kind,
            pos: Pos(pos),
        });
        StmtId::from_index(self.arena.stmts.len() - 1)
    }

    fn expr_kind(&self, id: ExprId) -> ExprKind {
        self.arena.exprs[id.index()].kind
    }

    fn expr_pos(&self, id: ExprId) -> u32 {
        self.arena.exprs[id.index()].pos.0
    }

    fn expr_span(&self, id: ExprId) -> Span {
        self.arena.exprs[id.index()].span
    }

    fn expr_mut(&mut self, id: ExprId) -> &mut Expr {
        &mut self.arena.exprs[id.index()]
    }

    /// gc's `StartPos`: where gc considers an expression to start.
    fn gc_start_pos(&self, id: ExprId) -> u32 {
        spans::gc_start_pos(&self.arena.exprs, &self.arena.expr_lists, id).0
    }

    /// A read-only view of the tree built so far, for printing.
    fn tree(&self) -> printer::Tree<'_> {
        printer::Tree {
            arena: &self.arena,
            names: &self.names,
            src: self.src,
        }
    }

    fn bad_expr(&mut self) -> ExprId {
        let pos = self.pos();
        self.push_expr_spanned(pos, Span::new(pos, pos), ExprKind::Bad)
    }

    fn new_group(&mut self) -> GroupId {
        self.groups += 1;
        GroupId::from_index(self.groups as usize - 1)
    }

    fn intern(&mut self, text: &'src [u8]) -> NameId {
        *self
            .name_ids
            .entry(text)
            // Invalid UTF-8 is only possible after an encoding error.
            .or_insert_with(|| self.names.push(&String::from_utf8_lossy(text)))
    }

    /// A `Name` expression not taken from the current token (for `.` in dot
    /// imports and `_` after errors).
    fn synthetic_name(&mut self, pos: u32, text: &'static str) -> ExprId {
        let name = self.intern(text.as_bytes());
        self.push_expr_spanned(pos, Span::new(pos, pos), ExprKind::Name(name))
    }

    fn name(&mut self) -> ExprId {
        if self.at(TokenKind::Name) {
            let name = self.intern(self.tok_text());
            let span = self.tok.span;
            self.next();
            return self.push_expr_spanned(span.start.0, span, ExprKind::Name(name));
        }
        let name = self.synthetic_name(self.pos(), "_");
        self.syntax_error(SyntaxMsg::Expected("name"));
        self.advance(TokenSet::EMPTY);
        name
    }

    /// A basic literal, if the current token is one.
    fn oliteral(&mut self) -> Option<ExprId> {
        if !self.at(TokenKind::Literal) {
            return None;
        }
        let (span, kind, bad) = (self.tok.span, self.tok.lit_kind, self.tok.bad);
        self.next();
        Some(self.push_expr_spanned(span.start.0, span, ExprKind::BasicLit { kind, bad }))
    }

    /// `IdentifierList = identifier { "," identifier }`, given the first
    /// name; the names are left on `scratch_exprs` from the returned base.
    fn name_list(&mut self, first: ExprId) -> usize {
        let base = self.scratch_exprs.len();
        self.scratch_exprs.push(first);
        while self.got(TokenKind::Comma) {
            let name = self.name();
            self.scratch_exprs.push(name);
        }
        base
    }

    fn commit_exprs(&mut self, base: usize) -> ExprList {
        commit(&mut self.scratch_exprs, base, &mut self.arena.expr_lists)
    }

    fn commit_stmts(&mut self, base: usize) -> StmtList {
        commit(&mut self.scratch_stmts, base, &mut self.arena.stmt_lists)
    }

    fn commit_fields(&mut self, base: usize) -> FieldList {
        commit(&mut self.scratch_fields, base, &mut self.arena.fields)
    }

    fn commit_decls(&mut self, base: usize) -> DeclList {
        commit(&mut self.scratch_decls, base, &mut self.arena.decls)
    }

    // -----------------------------------------------------------------------
    // Source file

    /// `SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" } .`
    fn source_file(&mut self) {
        self.top = false;
        if !self.got(TokenKind::Package) {
            self.syntax_error(SyntaxMsg::Plain("package statement must be first"));
            return;
        }
        self.package_pragma = self.take_pragma();
        self.package_name = Some(self.name());
        self.want(TokenKind::Semi);
        // Like gc, don't bother continuing if the package clause has errors.
        if self.error_count() > 0 {
            return;
        }

        const DECL_START: TokenSet = TokenSet::of(&[
            TokenKind::Import,
            TokenKind::Const,
            TokenKind::Type,
            TokenKind::Var,
            TokenKind::Func,
        ]);
        let base = self.scratch_decls.len();
        let mut prev = TokenKind::Import;
        while !self.at(TokenKind::Eof) {
            let before = self.consumed;
            if self.at(TokenKind::Import) && prev != TokenKind::Import {
                self.syntax_error(SyntaxMsg::Plain(
                    "imports must appear before other declarations",
                ));
            }
            prev = self.tok.kind;
            match self.tok.kind {
                TokenKind::Import | TokenKind::Const | TokenKind::Type | TokenKind::Var => {
                    let keyword = self.tok.kind;
                    self.next();
                    self.decl_group(keyword);
                }
                TokenKind::Func => {
                    self.next();
                    let decl = self.func_decl();
                    self.scratch_decls.push(decl);
                }
                _ => {
                    let after_bodiless_func = self.at(TokenKind::Lbrace)
                        && self.scratch_decls[base..].last().is_some_and(
                            |d| matches!(&d.kind, DeclKind::Func(f) if f.body.is_none()),
                        );
                    self.syntax_error(SyntaxMsg::Plain(if after_bodiless_func {
                        // the opening { of a function on the next line
                        "unexpected semicolon or newline before {"
                    } else {
                        "non-declaration statement outside function body"
                    }));
                    self.advance(DECL_START);
                    if !self.ensure_progress(before) {
                        break;
                    }
                    continue;
                }
            }
            // Clear pending directives before consuming the ';': comments
            // before the next declaration may set new ones.
            self.clear_pragma();
            if !self.at(TokenKind::Eof) && !self.got(TokenKind::Semi) {
                self.syntax_error(SyntaxMsg::Context("after top level declaration"));
                self.advance(DECL_START);
            }
            if !self.ensure_progress(before) {
                break;
            }
        }
        self.clear_pragma();
        self.decls = self.commit_decls(base);
    }
}

/// Moves `scratch[base..]` to the end of `arena` and returns the list.
fn commit<T>(scratch: &mut Vec<T>, base: usize, arena: &mut Vec<T>) -> List<T> {
    let start = arena.len();
    arena.extend(scratch.drain(base..));
    List::new(start, arena.len() - start)
}
