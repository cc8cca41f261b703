//! Terminating statements (the spec's rule behind "missing return").

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{BranchKind, ExprKind, StmtId, StmtKind};

use super::decl::Checker;
use super::info::Mode;

impl Checker<'_> {
    /// Reports "missing return" if the body of a function with results
    /// can end without a terminating statement.
    pub fn check_returns(&mut self, body: StmtId) {
        let has_results = self
            .ctx
            .sig
            .and_then(|sig| self.store.signature(sig))
            .is_some_and(|s| !self.store.tuple_vars(s.results).is_empty());
        if !has_results || self.is_terminating(body, None) {
            return;
        }
        if let StmtKind::Block { rbrace, .. } = self.file().stmt(body).kind {
            self.error(rbrace, "missing return");
        }
    }

    /// Whether `s` (labeled `label`) is a terminating statement.
    fn is_terminating(&self, s: StmtId, label: Option<&str>) -> bool {
        ensure_sufficient_stack(|| self.is_terminating_unguarded(s, label))
    }

    fn is_terminating_unguarded(&self, s: StmtId, label: Option<&str>) -> bool {
        let file = self.file();
        match file.stmt(s).kind {
            StmtKind::Return { .. }
            | StmtKind::Branch {
                kind: BranchKind::Goto,
                ..
            } => true,
            StmtKind::Expr { x } => self.is_panic_call(x),
            StmtKind::Block { stmts, .. } => self.ends_terminating(file.stmt_list(stmts)),
            StmtKind::If { then, els, .. } => {
                els.is_some_and(|e| self.is_terminating(e, None)) && self.is_terminating(then, None)
            }
            StmtKind::Labeled { label: l, stmt } => self.is_terminating(stmt, file.ident(l)),
            StmtKind::For {
                init, cond, body, ..
            } => {
                let is_range =
                    init.is_some_and(|i| matches!(file.stmt(i).kind, StmtKind::Range { .. }));
                cond.is_none() && !is_range && !self.has_break(body, label, true)
            }
            StmtKind::Switch { clauses, .. } => {
                let mut has_default = false;
                for clause in file.case_clauses(clauses) {
                    has_default |= clause.cases.is_none();
                    let body = file.stmt_list(clause.body);
                    let ends = self.ends_terminating(body)
                        || body.last().is_some_and(|&last| {
                            matches!(
                                file.stmt(last).kind,
                                StmtKind::Branch {
                                    kind: BranchKind::Fallthrough,
                                    ..
                                }
                            )
                        });
                    if !ends || body.iter().any(|&b| self.has_break(b, label, true)) {
                        return false;
                    }
                }
                has_default
            }
            StmtKind::Select { clauses, .. } => file.comm_clauses(clauses).iter().all(|clause| {
                let body = file.stmt_list(clause.body);
                self.ends_terminating(body) && !body.iter().any(|&b| self.has_break(b, label, true))
            }),
            _ => false,
        }
    }

    /// Whether the last non-empty statement of `stmts` is terminating.
    fn ends_terminating(&self, stmts: &[StmtId]) -> bool {
        let file = self.file();
        stmts
            .iter()
            .rev()
            .find(|&&s| !matches!(file.stmt(s).kind, StmtKind::Empty))
            .is_some_and(|&last| self.is_terminating(last, None))
    }

    /// Whether `x` calls the builtin `panic`.
    fn is_panic_call(&self, x: goescape_syntax::ExprId) -> bool {
        let file = self.file();
        let ExprKind::Call { fun, .. } = file.expr(file.unparen(x)).kind else {
            return false;
        };
        let fun = file.unparen(fun);
        let is_builtin = self.records[self.ctx.file]
            .get(fun.index())
            .and_then(Option::as_ref)
            .is_some_and(|r| r.mode == Mode::Builtin);
        is_builtin && file.ident(fun) == Some("panic")
    }

    /// Whether `s` contains a `break` of the statement labeled `label`
    /// (or, if `unlabeled_counts`, an unlabeled one not inside a nested
    /// loop, switch or select).
    fn has_break(&self, s: StmtId, label: Option<&str>, unlabeled_counts: bool) -> bool {
        ensure_sufficient_stack(|| self.has_break_unguarded(s, label, unlabeled_counts))
    }

    fn has_break_unguarded(&self, s: StmtId, label: Option<&str>, unlabeled_counts: bool) -> bool {
        let file = self.file();
        let any = |stmts: &[StmtId], unlabeled: bool| {
            stmts.iter().any(|&b| self.has_break(b, label, unlabeled))
        };
        match file.stmt(s).kind {
            StmtKind::Branch {
                kind: BranchKind::Break,
                label: l,
            } => match l {
                None => unlabeled_counts,
                Some(l) => label.is_some() && file.ident(l) == label,
            },
            StmtKind::Block { stmts, .. } => any(file.stmt_list(stmts), unlabeled_counts),
            StmtKind::Labeled { stmt, .. } => self.has_break(stmt, label, unlabeled_counts),
            StmtKind::If { then, els, .. } => {
                self.has_break(then, label, unlabeled_counts)
                    || els.is_some_and(|e| self.has_break(e, label, unlabeled_counts))
            }
            // A nested breakable statement takes the unlabeled breaks.
            StmtKind::For { body, .. } => self.has_break(body, label, false),
            StmtKind::Switch { clauses, .. } => file
                .case_clauses(clauses)
                .iter()
                .any(|c| any(file.stmt_list(c.body), false)),
            StmtKind::Select { clauses, .. } => file
                .comm_clauses(clauses)
                .iter()
                .any(|c| any(file.stmt_list(c.body), false)),
            _ => false,
        }
    }
}
