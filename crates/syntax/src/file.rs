//! [`File`]: one parsed source file, owning its tree, names, comments and
//! diagnostics.

use crate::ast::*;
use crate::diagnostics::SyntaxError;
use crate::lexer::Comment;
use crate::pos::{adjusted_position, LineDirective, LineIndex, Pos, Position, Span};
use crate::pragma::{Linkname, Pragma};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A parsed Go source file.
///
/// Parsing never fails: [`File::errors`] lists the lexical, syntax, directive and
/// label errors as gc's compiler prints them (sorted by position, at most
/// one syntax error per line, no repeated messages), and the tree holds
/// whatever could be recovered, with `Bad` nodes where nothing could. As in
/// gc, declarations are not parsed when the package clause is missing or
/// malformed.
pub struct File {
    pub(crate) filename: String,
    pub(crate) src: Box<[u8]>,
    pub(crate) package_name: Option<ExprId>,
    pub(crate) package_pragma: Option<PragmaId>,
    pub(crate) decls: DeclList,
    pub(crate) go_version: Option<String>,
    pub(crate) arena: Arena,
    pub(crate) names: NameTable,
    pub(crate) comments: Vec<Comment>,
    pub(crate) line_directives: Vec<LineDirective>,
    pub(crate) lines: OnceLock<LineIndex>,
    pub(crate) pragmas: Vec<Pragma>,
    pub(crate) linknames: Vec<Linkname>,
    pub(crate) errors: Vec<SyntaxError>,
}

impl File {
    /// The errors found, as gc's compiler reports them (see [`File`]).
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    // -- Source and positions -------------------------------------------

    pub fn filename(&self) -> &str {
        &self.filename
    }

    pub fn source(&self) -> &[u8] {
        &self.src
    }

    /// The source text of `span`, with invalid UTF-8 replaced.
    pub fn text(&self, span: Span) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.src[span.range()])
    }

    /// The file's line table, built on first use.
    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.src))
    }

    /// The position of `pos` as gc reports it: adjusted by `//line`
    /// directives.
    pub fn position(&self, pos: Pos) -> Position<'_> {
        adjusted_position(
            &self.filename,
            self.line_index(),
            &self.line_directives,
            pos,
        )
    }

    /// The physical position of `pos` in this file, ignoring directives.
    pub fn raw_position(&self, pos: Pos) -> Position<'_> {
        let (line, col) = self.line_index().line_col(pos);
        Position {
            filename: &self.filename,
            line,
            col,
        }
    }

    pub fn line_directives(&self) -> &[LineDirective] {
        &self.line_directives
    }

    // -- File-level information -------------------------------------------

    /// The package name; `None` if the package clause is missing.
    pub fn package_name(&self) -> Option<ExprId> {
        self.package_name
    }

    /// Directives before the package clause.
    pub fn package_pragma(&self) -> Option<&Pragma> {
        self.package_pragma.map(|id| self.pragma(id))
    }

    /// The top-level declarations, in source order.
    pub fn decls(&self) -> DeclList {
        self.decls
    }

    /// Position of the end of the file.
    pub fn eof(&self) -> Pos {
        Pos(self.src.len() as u32)
    }

    /// The Go version (`go1.N`) implied by the file's `//go:build` line.
    pub fn go_version(&self) -> Option<&str> {
        self.go_version.as_deref()
    }

    pub fn pragma(&self, id: PragmaId) -> &Pragma {
        &self.pragmas[id.index()]
    }

    /// All `//go:linkname` directives of the file.
    pub fn linknames(&self) -> &[Linkname] {
        &self.linknames
    }

    // -- Comments ---------------------------------------------------------

    /// All comments, in source order.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The comments starting on physical line `line` (1-based).
    pub fn comments_on_line(&self, line: u32) -> &[Comment] {
        let Some(span) = self.line_index().line_span(line, self.src.len() as u32) else {
            return &[];
        };
        let first = self.comments.partition_point(|c| c.span.start < span.start);
        let end = self.comments.partition_point(|c| c.span.start <= span.end);
        &self.comments[first..end.max(first)]
    }

    // -- Nodes ------------------------------------------------------------

    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.arena.exprs[id.index()]
    }

    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.arena.stmts[id.index()]
    }

    pub fn decl(&self, id: DeclId) -> &Decl {
        &self.arena.decls[id.index()]
    }

    pub fn field(&self, id: FieldId) -> &Field {
        &self.arena.fields[id.index()]
    }

    pub fn expr_list(&self, list: ExprList) -> &[ExprId] {
        &self.arena.expr_lists[list.range()]
    }

    pub fn stmt_list(&self, list: StmtList) -> &[StmtId] {
        &self.arena.stmt_lists[list.range()]
    }

    pub fn field_list(&self, list: FieldList) -> &[Field] {
        &self.arena.fields[list.range()]
    }

    /// The ids of the fields in `list`.
    pub fn field_ids(&self, list: FieldList) -> impl Iterator<Item = FieldId> {
        list.range().map(FieldId::from_index)
    }

    pub fn decl_list(&self, list: DeclList) -> &[Decl] {
        &self.arena.decls[list.range()]
    }

    /// The ids of the declarations in `list`.
    pub fn decl_ids(&self, list: DeclList) -> impl Iterator<Item = DeclId> {
        list.range().map(DeclId::from_index)
    }

    pub fn case_clause(&self, id: CaseClauseId) -> &CaseClause {
        &self.arena.case_clauses[id.index()]
    }

    pub fn case_clauses(&self, list: CaseClauseList) -> &[CaseClause] {
        &self.arena.case_clauses[list.range()]
    }

    /// The ids of the clauses in `list`.
    pub fn case_clause_ids(&self, list: CaseClauseList) -> impl Iterator<Item = CaseClauseId> {
        list.range().map(CaseClauseId::from_index)
    }

    pub fn comm_clause(&self, id: CommClauseId) -> &CommClause {
        &self.arena.comm_clauses[id.index()]
    }

    pub fn comm_clauses(&self, list: CommClauseList) -> &[CommClause] {
        &self.arena.comm_clauses[list.range()]
    }

    /// The ids of the clauses in `list`.
    pub fn comm_clause_ids(&self, list: CommClauseList) -> impl Iterator<Item = CommClauseId> {
        list.range().map(CommClauseId::from_index)
    }

    /// Number of expression nodes, for sizing side tables indexed by
    /// [`ExprId::index`]. The arena may hold a few nodes that parsing
    /// replaced and the tree no longer reaches; [`crate::walk`] visits only
    /// the tree.
    pub fn expr_count(&self) -> usize {
        self.arena.exprs.len()
    }

    /// Number of statement nodes (see [`File::expr_count`]).
    pub fn stmt_count(&self) -> usize {
        self.arena.stmts.len()
    }

    // -- Names and literals ------------------------------------------------

    pub fn name(&self, id: NameId) -> &str {
        self.names.get(id)
    }

    /// Number of distinct identifiers, for sizing tables indexed by
    /// [`NameId::index`].
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The identifier of a `Name` expression.
    pub fn ident(&self, id: ExprId) -> Option<&str> {
        match self.expr(id).kind {
            ExprKind::Name(name) => Some(self.name(name)),
            _ => None,
        }
    }

    /// The source text of a `BasicLit` expression.
    pub fn lit_text(&self, id: ExprId) -> Option<&[u8]> {
        let expr = self.expr(id);
        match expr.kind {
            ExprKind::BasicLit { .. } => Some(&self.src[expr.span.range()]),
            _ => None,
        }
    }

    /// The elements of an expression that gc represents as a list: a `List`
    /// yields its elements, any other expression itself, `None` nothing.
    pub fn unpack_list(&self, expr: Option<ExprId>) -> impl Iterator<Item = ExprId> + '_ {
        let (single, list) = match expr.map(|id| (id, self.expr(id).kind)) {
            Some((_, ExprKind::List { elems })) => (None, self.expr_list(elems)),
            Some((id, _)) => (Some(id), &[][..]),
            None => (None, &[][..]),
        };
        single.into_iter().chain(list.iter().copied())
    }

    /// gc's `StartPos` of an expression (see [`Expr::span`] for the exact
    /// extent).
    pub fn gc_start_pos(&self, id: ExprId) -> Pos {
        crate::spans::gc_start_pos(&self.arena.exprs, &self.arena.expr_lists, id)
    }

    /// `id` with enclosing parentheses removed.
    pub fn unparen(&self, mut id: ExprId) -> ExprId {
        while let ExprKind::Paren { x } = self.expr(id).kind {
            id = x;
        }
        id
    }
}

/// The node storage of a file.
#[derive(Default)]
pub(crate) struct Arena {
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
    pub decls: Vec<Decl>,
    pub fields: Vec<Field>,
    pub case_clauses: Vec<CaseClause>,
    pub comm_clauses: Vec<CommClause>,
    pub expr_lists: Vec<ExprId>,
    pub stmt_lists: Vec<StmtId>,
}

/// Distinct identifier texts of a file, stored back to back.
#[derive(Default)]
pub(crate) struct NameTable {
    text: String,
    ends: Vec<u32>,
}

impl NameTable {
    pub fn push(&mut self, name: &str) -> NameId {
        self.text.push_str(name);
        self.ends.push(self.text.len() as u32);
        NameId::from_index(self.ends.len() - 1)
    }

    pub fn get(&self, id: NameId) -> &str {
        let i = id.index();
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }
}
