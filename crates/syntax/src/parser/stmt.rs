//! Statements.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::{self as diag, SyntaxMsg};
use crate::pos::Pos;
use crate::printer;
use crate::token::{Operator, SemiKind, TokenKind, TokenSet};

/// Which control clause a simple statement heads: `range` is allowed only
/// in `for` headers, and `x := y.(type)` only in `switch` headers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Header {
    None,
    If,
    For,
    Switch,
}

/// An `if` of an else-if chain whose else branch is not parsed yet.
pub(super) struct PendingIf {
    pos: u32,
    init: Option<StmtId>,
    cond: Option<ExprId>,
    then: StmtId,
}

impl Parser<'_> {
    /// `SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt |
    /// Assignment | ShortVarDecl .` `lhs` is the already parsed left-hand
    /// side, if any.
    fn simple_stmt(&mut self, lhs: Option<ExprId>, header: Header) -> StmtId {
        if header == Header::For && self.at(TokenKind::Range) {
            return self.range_clause(None, false);
        }
        let lhs = lhs.unwrap_or_else(|| self.expr_list());

        if !self.is_list(lhs) && !self.at(TokenKind::Assign) && !self.at(TokenKind::Define) {
            let pos = self.pos();
            let op = self.tok.op;
            return match self.tok.kind {
                TokenKind::AssignOp => {
                    self.next();
                    let rhs = self.expr();
                    self.push_stmt(
                        pos,
                        StmtKind::Assign {
                            op: AssignOp::Op(op),
                            lhs,
                            rhs: Some(rhs),
                        },
                    )
                }
                TokenKind::IncOp => {
                    self.next();
                    self.push_stmt(
                        pos,
                        StmtKind::Assign {
                            op: AssignOp::Op(op),
                            lhs,
                            rhs: None,
                        },
                    )
                }
                TokenKind::Arrow => {
                    self.next();
                    let value = self.expr();
                    self.push_stmt(pos, StmtKind::Send { chan: lhs, value })
                }
                _ => self.expr_stmt(lhs),
            };
        }

        if !matches!(self.tok.kind, TokenKind::Assign | TokenKind::Define) {
            self.syntax_error(SyntaxMsg::Expected(":= or = or comma"));
            self.advance(TokenSet::of(&[TokenKind::Semi, TokenKind::Rbrace]));
            // make the best of what we have
            let x = match self.expr_kind(lhs) {
                ExprKind::List { elems } => self.arena.expr_lists[elems.range()][0],
                _ => lhs,
            };
            return self.expr_stmt(x);
        }

        let pos = self.pos();
        let define = self.at(TokenKind::Define);
        self.next();
        if header == Header::For && self.at(TokenKind::Range) {
            return self.range_clause(Some(lhs), define);
        }
        let rhs = self.expr_list();
        if let ExprKind::TypeSwitchGuard { lhs: None, x } = self.expr_kind(rhs) {
            if header == Header::Switch
                && define
                && matches!(self.expr_kind(lhs), ExprKind::Name(_))
            {
                // switch ... lhs := x.(type)
                let start = self.expr_span(lhs).start;
                let guard = self.expr_mut(rhs);
                guard.kind = ExprKind::TypeSwitchGuard { lhs: Some(lhs), x };
                guard.span.start = start;
                return self.expr_stmt(rhs);
            }
        }
        let op = if define {
            AssignOp::Define
        } else {
            AssignOp::Assign
        };
        self.push_stmt(
            pos,
            StmtKind::Assign {
                op,
                lhs,
                rhs: Some(rhs),
            },
        )
    }

    fn expr_stmt(&mut self, x: ExprId) -> StmtId {
        let pos = self.expr_pos(x);
        self.push_stmt(pos, StmtKind::Expr { x })
    }

    /// `range x` after `for [lhs =|:=]`, at `range`.
    fn range_clause(&mut self, lhs: Option<ExprId>, define: bool) -> StmtId {
        let pos = self.pos();
        self.next();
        let x = self.expr();
        self.push_stmt(pos, StmtKind::Range { lhs, define, x })
    }

    /// `label: stmt`, at the colon.
    fn labeled_stmt(&mut self, label: ExprId) -> Option<StmtId> {
        let pos = self.pos();
        self.want(TokenKind::Colon);
        if self.at(TokenKind::Rbrace) {
            // A statement must follow, but a semicolon may be omitted
            // before "}": the statement is empty.
            let empty = self.push_stmt(self.pos(), StmtKind::Empty);
            return Some(self.push_stmt(pos, StmtKind::Labeled { label, stmt: empty }));
        }
        match self.stmt_or_nil() {
            Some(stmt) => Some(self.push_stmt(pos, StmtKind::Labeled { label, stmt })),
            None => {
                // at the line of the ':' token; already at the statement end
                self.syntax_error_at(pos, SyntaxMsg::Plain("missing statement after label"));
                None
            }
        }
    }

    /// `Block = "{" StatementList "}" .` `context` names what the block
    /// belongs to, for the error when the brace is missing.
    pub(super) fn block_stmt(&mut self, context: &str) -> StmtId {
        let pos = self.pos();
        // People coming from C may forget that braces are mandatory.
        if !self.got(TokenKind::Lbrace) {
            self.syntax_error(SyntaxMsg::Expected(&diag::brace_after(context)));
            self.advance(TokenSet::of(&[TokenKind::Name, TokenKind::Rbrace]));
            let rbrace = self.pos();
            if self.got(TokenKind::Rbrace) {
                return self.push_stmt(
                    pos,
                    StmtKind::Block {
                        stmts: StmtList::default(),
                        rbrace: Pos(rbrace),
                    },
                );
            }
        }
        let stmts = self.stmt_list();
        let rbrace = self.pos();
        self.want(TokenKind::Rbrace);
        self.push_stmt(
            pos,
            StmtKind::Block {
                stmts,
                rbrace: Pos(rbrace),
            },
        )
    }

    fn decl_stmt(&mut self) -> StmtId {
        let pos = self.pos();
        let keyword = self.tok.kind;
        self.next();
        let base = self.scratch_decls.len();
        self.decl_group(keyword);
        let decls = self.commit_decls(base);
        self.push_stmt(pos, StmtKind::Decl { decls })
    }

    fn for_stmt(&mut self) -> StmtId {
        let pos = self.pos();
        let (init, cond, post) = self.header(TokenKind::For);
        let body = self.block_stmt("for clause");
        self.push_stmt(
            pos,
            StmtKind::For {
                init,
                cond,
                post,
                body,
            },
        )
    }

    /// The header of an `if`, `for` or `switch` statement, up to the `{`:
    /// `(init, cond, post)`.
    fn header(&mut self, keyword: TokenKind) -> (Option<StmtId>, Option<ExprId>, Option<StmtId>) {
        self.want(keyword);
        if self.at(TokenKind::Lbrace) {
            let mut cond = None;
            if keyword == TokenKind::If {
                self.syntax_error(SyntaxMsg::Plain("missing condition in if statement"));
                cond = Some(self.bad_expr());
            }
            return (None, cond, None);
        }
        let header = match keyword {
            TokenKind::If => Header::If,
            TokenKind::For => Header::For,
            _ => Header::Switch,
        };

        let outer = self.xnest;
        self.xnest = -1; // "{" here ends the header, not a composite literal

        let mut init = None;
        if !self.at(TokenKind::Semi) {
            // accept a var declaration but complain
            if self.got(TokenKind::Var) {
                self.syntax_error(SyntaxMsg::Plain(&diag::var_decl_in_header(keyword)));
            }
            let stmt = self.simple_stmt(None, header);
            if matches!(self.arena.stmts[stmt.index()].kind, StmtKind::Range { .. }) {
                self.xnest = outer;
                return (Some(stmt), None, None);
            }
            init = Some(stmt);
        }

        let mut cond_stmt = None;
        let mut post = None;
        let mut semi = None;
        if self.at(TokenKind::Lbrace) {
            cond_stmt = init.take();
        } else {
            if self.at(TokenKind::Semi) {
                semi = Some((self.pos(), self.tok.semi));
                self.next();
            } else {
                // asking for a "{" rather than a ";" gives a better message
                self.want(TokenKind::Lbrace);
                if !self.at(TokenKind::Lbrace) {
                    // for better synchronization (e.g. go.dev/issue/22581)
                    self.advance(TokenSet::of(&[TokenKind::Lbrace, TokenKind::Rbrace]));
                }
            }
            if keyword == TokenKind::For {
                if self.at(TokenKind::Lbrace) {
                    self.syntax_error(SyntaxMsg::Expected("for loop condition"));
                } else {
                    if !self.at(TokenKind::Semi) {
                        cond_stmt = Some(self.simple_stmt(None, Header::None));
                    }
                    self.want(TokenKind::Semi);
                    if !self.at(TokenKind::Lbrace) {
                        let stmt = self.simple_stmt(None, Header::None);
                        let s = self.arena.stmts[stmt.index()];
                        if let StmtKind::Assign {
                            op: AssignOp::Define,
                            ..
                        } = s.kind
                        {
                            self.syntax_error_at(
                                s.pos.0,
                                SyntaxMsg::Plain("cannot declare in post statement of for loop"),
                            );
                        }
                        post = Some(stmt);
                    }
                }
            } else if !self.at(TokenKind::Lbrace) {
                cond_stmt = Some(self.simple_stmt(None, header));
            }
        }

        let cond = match cond_stmt {
            None => match semi {
                Some((pos, kind)) if keyword == TokenKind::If => {
                    let msg = match kind {
                        SemiKind::Semicolon => "missing condition in if statement".to_string(),
                        kind => diag::unexpected_semi_in_if(kind),
                    };
                    self.syntax_error_at(pos, SyntaxMsg::Plain(&msg));
                    Some(self.push_expr_spanned(
                        pos,
                        crate::pos::Span::new(pos, pos),
                        ExprKind::Bad,
                    ))
                }
                _ => None,
            },
            Some(stmt) => match self.arena.stmts[stmt.index()].kind {
                StmtKind::Expr { x } => Some(x),
                _ => {
                    // A common error is writing = instead of ==, which turns
                    // the condition into an assignment: say so explicitly.
                    let text = printer::condition_string(&self.tree(), stmt);
                    let pos = self.arena.stmts[stmt.index()].pos.0;
                    self.syntax_error_at(pos, SyntaxMsg::Plain(&diag::cannot_use_as_value(&text)));
                    None
                }
            },
        };
        self.xnest = outer;
        (init, cond, post)
    }

    /// `IfStmt = "if" [ SimpleStmt ";" ] Expression Block [ "else" ( IfStmt | Block ) ] .`
    /// An else-if chain is parsed in a loop, not recursively; each link is
    /// built once the rest of the chain is.
    fn if_stmt(&mut self) -> StmtId {
        let base = self.scratch_ifs.len();
        let mut els = loop {
            let pos = self.pos();
            let (init, cond, _) = self.header(TokenKind::If);
            let then = self.block_stmt("if clause");
            self.scratch_ifs.push(PendingIf {
                pos,
                init,
                cond,
                then,
            });
            if !self.got(TokenKind::Else) {
                break None;
            }
            match self.tok.kind {
                TokenKind::If => {}
                TokenKind::Lbrace => break Some(self.block_stmt("")),
                _ => {
                    self.syntax_error(SyntaxMsg::Plain(
                        "else must be followed by if or statement block",
                    ));
                    self.advance(TokenSet::of(&[TokenKind::Name, TokenKind::Rbrace]));
                    break None;
                }
            }
        };
        while self.scratch_ifs.len() > base {
            let link = self.scratch_ifs.pop().expect("above base");
            els = Some(self.push_stmt(
                link.pos,
                StmtKind::If {
                    init: link.init,
                    cond: link.cond,
                    then: link.then,
                    els,
                },
            ));
        }
        els.expect("at least one if")
    }

    fn switch_stmt(&mut self) -> StmtId {
        let pos = self.pos();
        let (init, tag, _) = self.header(TokenKind::Switch);
        self.clause_body_start("missing { after switch clause");
        let base = self.scratch_cases.len();
        while !self.at(TokenKind::Eof) && !self.at(TokenKind::Rbrace) {
            let before = self.consumed;
            let clause = self.case_clause();
            self.scratch_cases.push(clause);
            if !self.ensure_progress(before) {
                break;
            }
        }
        let clauses = super::commit(&mut self.scratch_cases, base, &mut self.arena.case_clauses);
        let rbrace = self.pos();
        self.want(TokenKind::Rbrace);
        self.push_stmt(
            pos,
            StmtKind::Switch {
                init,
                tag,
                clauses,
                rbrace: Pos(rbrace),
            },
        )
    }

    fn select_stmt(&mut self) -> StmtId {
        let pos = self.pos();
        self.want(TokenKind::Select);
        self.clause_body_start("missing { after select clause");
        let base = self.scratch_comms.len();
        while !self.at(TokenKind::Eof) && !self.at(TokenKind::Rbrace) {
            let before = self.consumed;
            let clause = self.comm_clause();
            self.scratch_comms.push(clause);
            if !self.ensure_progress(before) {
                break;
            }
        }
        let clauses = super::commit(&mut self.scratch_comms, base, &mut self.arena.comm_clauses);
        let rbrace = self.pos();
        self.want(TokenKind::Rbrace);
        self.push_stmt(
            pos,
            StmtKind::Select {
                clauses,
                rbrace: Pos(rbrace),
            },
        )
    }

    /// The `{` opening a switch or select body.
    fn clause_body_start(&mut self, missing: &str) {
        if !self.got(TokenKind::Lbrace) {
            self.syntax_error(SyntaxMsg::Plain(missing));
            self.advance(TokenSet::of(&[
                TokenKind::Case,
                TokenKind::Default,
                TokenKind::Rbrace,
            ]));
        }
    }

    /// `case` or `default` up to and including the colon; the position of
    /// the keyword and of the colon.
    fn clause_head(&mut self, parse_case: impl FnOnce(&mut Self)) -> (u32, u32) {
        let pos = self.pos();
        match self.tok.kind {
            TokenKind::Case => {
                self.next();
                parse_case(self);
            }
            TokenKind::Default => self.next(),
            _ => {
                self.syntax_error(SyntaxMsg::Expected("case or default or }"));
                self.advance(TokenSet::of(&[
                    TokenKind::Colon,
                    TokenKind::Case,
                    TokenKind::Default,
                    TokenKind::Rbrace,
                ]));
            }
        }
        let colon = self.pos();
        self.want(TokenKind::Colon);
        (pos, colon)
    }

    fn case_clause(&mut self) -> CaseClause {
        let mut cases = None;
        let (pos, colon) = self.clause_head(|p| cases = Some(p.expr_list()));
        CaseClause {
            pos: Pos(pos),
            cases,
            body: self.stmt_list(),
            colon: Pos(colon),
        }
    }

    fn comm_clause(&mut self) -> CommClause {
        // Any simple statement is accepted here; the type checker rejects
        // what is not a send or receive.
        let mut comm = None;
        let (pos, colon) = self.clause_head(|p| comm = Some(p.simple_stmt(None, Header::None)));
        CommClause {
            pos: Pos(pos),
            comm,
            body: self.stmt_list(),
            colon: Pos(colon),
        }
    }

    fn call_stmt(&mut self) -> StmtId {
        let pos = self.pos();
        let keyword = self.tok.kind;
        let kind = if keyword == TokenKind::Go {
            GoKind::Go
        } else {
            GoKind::Defer
        };
        self.next();
        // Keep parentheses so they can be reported.
        let x = self.primary_expr(None, self.at(TokenKind::Lparen));
        let call = self.unparen(x);
        if call != x {
            self.error_at(self.expr_pos(x), diag::parenthesized_go_defer(keyword));
        }
        self.push_stmt(pos, StmtKind::Go { kind, call })
    }

    /// A statement, or `None` if none starts here.
    fn stmt_or_nil(&mut self) -> Option<StmtId> {
        self.nested(Self::stmt_or_nil_unguarded)
    }

    fn stmt_or_nil_unguarded(&mut self) -> Option<StmtId> {
        // Most statements start with a name; check that first.
        if self.at(TokenKind::Name) {
            self.clear_pragma();
            let lhs = self.expr_list();
            if self.at(TokenKind::Colon) && matches!(self.expr_kind(lhs), ExprKind::Name(_)) {
                return self.labeled_stmt(lhs);
            }
            return Some(self.simple_stmt(Some(lhs), Header::None));
        }
        if matches!(
            self.tok.kind,
            TokenKind::Var | TokenKind::Const | TokenKind::Type
        ) {
            return Some(self.decl_stmt());
        }
        self.clear_pragma();

        let pos = self.pos();
        let stmt = match self.tok.kind {
            TokenKind::Lbrace => self.block_stmt(""),
            TokenKind::Operator | TokenKind::Star => match self.tok.op {
                Operator::Add
                | Operator::Sub
                | Operator::Mul
                | Operator::And
                | Operator::Xor
                | Operator::Not => self.simple_stmt(None, Header::None),
                _ => return None,
            },
            TokenKind::Literal
            | TokenKind::Func
            | TokenKind::Lparen
            | TokenKind::Lbrack
            | TokenKind::Struct
            | TokenKind::Map
            | TokenKind::Chan
            | TokenKind::Interface
            | TokenKind::Arrow => self.simple_stmt(None, Header::None),
            TokenKind::For => self.for_stmt(),
            TokenKind::Switch => self.switch_stmt(),
            TokenKind::Select => self.select_stmt(),
            TokenKind::If => self.if_stmt(),
            TokenKind::Fallthrough => {
                self.next();
                self.push_stmt(
                    pos,
                    StmtKind::Branch {
                        kind: BranchKind::Fallthrough,
                        label: None,
                    },
                )
            }
            TokenKind::Break | TokenKind::Continue => {
                let kind = if self.at(TokenKind::Break) {
                    BranchKind::Break
                } else {
                    BranchKind::Continue
                };
                self.next();
                let label = self.at(TokenKind::Name).then(|| self.name());
                self.push_stmt(pos, StmtKind::Branch { kind, label })
            }
            TokenKind::Go | TokenKind::Defer => self.call_stmt(),
            TokenKind::Goto => {
                self.next();
                let label = Some(self.name());
                self.push_stmt(
                    pos,
                    StmtKind::Branch {
                        kind: BranchKind::Goto,
                        label,
                    },
                )
            }
            TokenKind::Return => {
                self.next();
                let results = (!self.at(TokenKind::Semi) && !self.at(TokenKind::Rbrace))
                    .then(|| self.expr_list());
                self.push_stmt(pos, StmtKind::Return { results })
            }
            TokenKind::Semi => self.push_stmt(pos, StmtKind::Empty),
            _ => return None,
        };
        Some(stmt)
    }

    /// `StatementList = { Statement ";" } .`
    fn stmt_list(&mut self) -> StmtList {
        let base = self.scratch_stmts.len();
        while !matches!(
            self.tok.kind,
            TokenKind::Eof | TokenKind::Rbrace | TokenKind::Case | TokenKind::Default
        ) {
            let before = self.consumed;
            let stmt = self.stmt_or_nil();
            self.clear_pragma();
            let Some(stmt) = stmt else {
                break;
            };
            self.scratch_stmts.push(stmt);
            // ";" is optional before "}"
            if !self.got(TokenKind::Semi) && !self.at(TokenKind::Rbrace) {
                self.syntax_error(SyntaxMsg::Context("at end of statement"));
                self.advance(TokenSet::of(&[
                    TokenKind::Semi,
                    TokenKind::Rbrace,
                    TokenKind::Case,
                    TokenKind::Default,
                ]));
                self.got(TokenKind::Semi); // avoid a spurious empty statement
            }
            if !self.ensure_progress(before) {
                break;
            }
        }
        self.commit_stmts(base)
    }
}
