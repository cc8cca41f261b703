//! Checks of labels and branch statements in function bodies, which gc's
//! syntax package performs after parsing each body without errors:
//! misplaced `break`, `continue` and `fallthrough`; bad labeled branches;
//! undefined, unused and duplicate labels; and `goto`s jumping into blocks
//! or over variable declarations.

use crate::ast::*;
use crate::diagnostics::{self as diag, SyntaxError};
use crate::file::File;
use crate::pos::Pos;
use crate::printer::{self, Tree};
use crate::stack::ensure_sufficient_stack;
use rustc_hash::FxHashMap;

/// Checks the given function bodies of `file`.
pub(crate) fn check(file: &File, bodies: &[StmtId]) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    for &body in bodies {
        let StmtKind::Block { stmts, .. } = file.stmt(body).kind else {
            continue;
        };
        let mut checker = Checker {
            file,
            errors: &mut errors,
            labels: Vec::new(),
            label_index: FxHashMap::default(),
            blocks: Vec::new(),
            next_seq: 0,
        };
        let body_pos = file.stmt(body).pos;
        let forward = checker.block(
            None,
            Targets::default(),
            None,
            body_pos,
            file.stmt_list(stmts),
        );
        checker.finish(forward);
    }
    errors
}

struct Label {
    /// The block declaring the label.
    block: usize,
    /// The labeled statement.
    stmt: StmtId,
    name: ExprId,
    used: bool,
}

struct Block {
    parent: Option<usize>,
    start: Pos,
    /// The labeled statement whose statement this block belongs to.
    labeled: Option<StmtId>,
}

/// The statements `break` and `continue` refer to where they appear.
#[derive(Clone, Copy, Default)]
struct Targets {
    /// An enclosing `for`, `switch` or `select`.
    breaks: Option<StmtId>,
    /// An enclosing `for`.
    continues: Option<StmtId>,
    /// Index of the clause in the immediately enclosing switch.
    case_index: Option<usize>,
}

/// A `goto` not yet matched to a label.
#[derive(Clone, Copy)]
struct ForwardGoto {
    label: ExprId,
    /// Order of appearance, to tell which declarations it precedes.
    seq: u32,
}

/// Unresolved gotos by label name.
type ForwardGotos<'a> = FxHashMap<&'a str, Vec<ForwardGoto>>;

struct Checker<'a> {
    file: &'a File,
    errors: &'a mut Vec<SyntaxError>,
    labels: Vec<Label>,
    label_index: FxHashMap<&'a str, usize>,
    blocks: Vec<Block>,
    next_seq: u32,
}

impl<'a> Checker<'a> {
    fn error(&mut self, pos: Pos, msg: String) {
        self.errors.push(SyntaxError { pos, msg });
    }

    fn ident(&self, name: ExprId) -> &'a str {
        self.file.ident(name).unwrap_or("_")
    }

    /// Like gc's `Pos.String`: the reported position, followed by the
    /// physical one in brackets when a line directive makes them differ.
    fn pos_string(&self, pos: Pos) -> String {
        let reported = self.file.position(pos);
        let raw = self.file.raw_position(pos);
        if reported == raw {
            reported.to_string()
        } else {
            format!("{reported}[{raw}]")
        }
    }

    fn expr_string(&self, id: ExprId) -> String {
        let tree = Tree {
            arena: &self.file.arena,
            names: &self.file.names,
            src: &self.file.src,
        };
        printer::expr_string(&tree, id)
    }

    /// Reports unresolved gotos and unused labels of a whole body.
    fn finish(&mut self, forward: ForwardGotos<'a>) {
        for goto in forward.into_values().flatten() {
            let name = self.ident(goto.label);
            let pos = self.file.expr(goto.label).pos;
            match self.label_index.get(name) {
                Some(&index) => {
                    self.labels[index].used = true; // avoid "defined and not used"
                    let start = self.blocks[self.labels[index].block].start;
                    let msg = diag::goto_into_block(name, &self.pos_string(start));
                    self.error(pos, msg);
                }
                None => self.error(pos, diag::label_not_defined(name)),
            }
        }
        for index in 0..self.labels.len() {
            if !self.labels[index].used {
                let name = self.labels[index].name;
                let msg = diag::label_defined_not_used(self.ident(name));
                self.error(self.file.expr(name).pos, msg);
            }
        }
    }

    /// Declares the label of `stmt` in `block`; a duplicate is reported and
    /// the earlier declaration returned.
    fn declare(&mut self, block: usize, stmt: StmtId, name: ExprId) -> usize {
        let text = self.ident(name);
        if let Some(&earlier) = self.label_index.get(text) {
            let earlier_pos = self.file.expr(self.labels[earlier].name).pos;
            let msg = diag::label_already_defined(text, &self.pos_string(earlier_pos));
            self.error(self.file.expr(name).pos, msg);
            return earlier;
        }
        self.labels.push(Label {
            block,
            stmt,
            name,
            used: false,
        });
        self.label_index.insert(text, self.labels.len() - 1);
        self.labels.len() - 1
    }

    /// The labeled statement a `goto` in `block` may jump back to: one
    /// declared in `block` or an enclosing block.
    fn goto_target(&mut self, block: usize, name: &str) -> Option<StmtId> {
        let &index = self.label_index.get(name)?;
        self.labels[index].used = true; // even if not a valid target
        let declared_in = self.labels[index].block;
        let mut b = Some(block);
        while let Some(current) = b {
            if current == declared_in {
                return Some(self.labels[index].stmt);
            }
            b = self.blocks[current].parent;
        }
        None
    }

    /// The innermost enclosing labeled statement named `name`: `None` if
    /// there is no such label, `Some(None)` if the label exists but does
    /// not enclose `block`.
    fn enclosing_target(&mut self, block: usize, name: &str) -> Option<Option<StmtId>> {
        let &index = self.label_index.get(name)?;
        self.labels[index].used = true;
        let stmt = self.labels[index].stmt;
        let mut b = Some(block);
        while let Some(current) = b {
            if self.blocks[current].labeled == Some(stmt) {
                return Some(Some(stmt));
            }
            b = self.blocks[current].parent;
        }
        Some(None)
    }

    /// Checks the statements of one block; returns the gotos that jump
    /// forward out of it without a matching label yet.
    fn block(
        &mut self,
        parent: Option<usize>,
        targets: Targets,
        labeled: Option<StmtId>,
        start: Pos,
        body: &[StmtId],
    ) -> ForwardGotos<'a> {
        ensure_sufficient_stack(|| self.block_unguarded(parent, targets, labeled, start, body))
    }

    fn block_unguarded(
        &mut self,
        parent: Option<usize>,
        targets: Targets,
        labeled: Option<StmtId>,
        start: Pos,
        body: &[StmtId],
    ) -> ForwardGotos<'a> {
        self.blocks.push(Block {
            parent,
            start,
            labeled,
        });
        let block = self.blocks.len() - 1;

        let mut forward = ForwardGotos::default();
        // The latest variable declaration, and the sequence number of the
        // first goto after it: earlier gotos jump over it if they resolve
        // in this block.
        let mut var_decl: Option<(Pos, ExprId, u32)> = None;

        // A fallthrough is the last statement even if empty ones follow.
        let trimmed = body
            .iter()
            .rposition(|&s| !matches!(self.file.stmt(s).kind, StmtKind::Empty))
            .map_or(0, |i| i + 1);
        let stmts = &body[..trimmed];

        for (index, &first) in stmts.iter().enumerate() {
            let mut stmt = first;
            let mut labeled_here = None;
            // Labels prefix the statement they label.
            while let StmtKind::Labeled { label, stmt: inner } = self.file.stmt(stmt).kind {
                let name = self.ident(label);
                if name != "_" {
                    let label_index = self.declare(block, stmt, label);
                    for goto in forward.remove(name).unwrap_or_default() {
                        self.labels[label_index].used = true;
                        if let Some((var_pos, var_name, first_after)) = var_decl {
                            if goto.seq < first_after {
                                let msg = diag::goto_over_declaration(
                                    name,
                                    &self.expr_string(var_name),
                                    &self.pos_string(var_pos),
                                );
                                self.error(self.file.expr(goto.label).pos, msg);
                            }
                        }
                    }
                    labeled_here = Some(stmt);
                }
                stmt = inner;
            }

            let node = *self.file.stmt(stmt);
            let inner_targets = Targets {
                case_index: None,
                ..targets
            };
            // Unresolved gotos of inner blocks are unresolved here too.
            let inner = |this: &mut Self, targets: Targets, start: Pos, body: &[StmtId]| {
                this.block(Some(block), targets, labeled_here, start, body)
            };
            match node.kind {
                StmtKind::Decl { decls } => {
                    let first_var = self
                        .file
                        .decl_list(decls)
                        .iter()
                        .find_map(|d| match &d.kind {
                            DeclKind::Var(v) => Some((d.pos, self.file.expr_list(v.names)[0])),
                            _ => None,
                        });
                    if let Some((pos, name)) = first_var {
                        var_decl = Some((pos, name, self.next_seq));
                    }
                }
                StmtKind::Assign {
                    op: AssignOp::Define,
                    lhs,
                    ..
                } => {
                    var_decl = Some((node.pos, lhs, self.next_seq));
                }
                StmtKind::Branch { kind, label: None } => {
                    self.unlabeled_branch(node.pos, kind, targets, index + 1 == stmts.len());
                }
                StmtKind::Branch {
                    kind,
                    label: Some(label),
                } => {
                    if let Some(goto) = self.labeled_branch(block, kind, label) {
                        forward.entry(self.ident(label)).or_default().push(goto);
                    }
                }
                StmtKind::Block { stmts, .. } => {
                    let unresolved =
                        inner(self, inner_targets, node.pos, self.file.stmt_list(stmts));
                    merge(&mut forward, unresolved);
                }
                StmtKind::If { then, els, .. } => {
                    let (then_pos, then_stmts) = self.block_body(then);
                    let unresolved = inner(self, inner_targets, then_pos, then_stmts);
                    merge(&mut forward, unresolved);
                    // Each else branch is a block of its own holding the
                    // else statement; else-if chains are followed in a loop.
                    let mut parent = block;
                    let mut labeled = labeled_here;
                    let mut els = els;
                    while let Some(branch) = els {
                        let branch_pos = self.file.stmt(branch).pos;
                        self.blocks.push(Block {
                            parent: Some(parent),
                            start: branch_pos,
                            labeled,
                        });
                        let wrapper = self.blocks.len() - 1;
                        let (body, next) = match self.file.stmt(branch).kind {
                            StmtKind::If { then, els, .. } => (then, els),
                            _ => (branch, None),
                        };
                        let (body_pos, body_stmts) = self.block_body(body);
                        let unresolved =
                            self.block(Some(wrapper), inner_targets, None, body_pos, body_stmts);
                        merge(&mut forward, unresolved);
                        (parent, labeled, els) = (wrapper, None, next);
                    }
                }
                StmtKind::For { body, .. } => {
                    let loop_targets = Targets {
                        breaks: Some(stmt),
                        continues: Some(stmt),
                        case_index: None,
                    };
                    let (body_pos, body_stmts) = self.block_body(body);
                    let unresolved = inner(self, loop_targets, body_pos, body_stmts);
                    merge(&mut forward, unresolved);
                }
                StmtKind::Switch { clauses, .. } => {
                    for (i, clause) in self.file.case_clauses(clauses).iter().enumerate() {
                        let clause_targets = Targets {
                            breaks: Some(stmt),
                            continues: targets.continues,
                            case_index: Some(i),
                        };
                        let unresolved = inner(
                            self,
                            clause_targets,
                            clause.pos,
                            self.file.stmt_list(clause.body),
                        );
                        merge(&mut forward, unresolved);
                    }
                }
                StmtKind::Select { clauses, .. } => {
                    let select_targets = Targets {
                        breaks: Some(stmt),
                        continues: targets.continues,
                        case_index: None,
                    };
                    for clause in self.file.comm_clauses(clauses) {
                        let unresolved = inner(
                            self,
                            select_targets,
                            clause.pos,
                            self.file.stmt_list(clause.body),
                        );
                        merge(&mut forward, unresolved);
                    }
                }
                _ => {}
            }
        }
        forward
    }

    /// The position and statements of a block statement.
    fn block_body(&self, block: StmtId) -> (Pos, &'a [StmtId]) {
        let stmt = self.file.stmt(block);
        match stmt.kind {
            StmtKind::Block { stmts, .. } => (stmt.pos, self.file.stmt_list(stmts)),
            _ => (stmt.pos, &[]),
        }
    }

    fn unlabeled_branch(&mut self, pos: Pos, kind: BranchKind, targets: Targets, last: bool) {
        match kind {
            BranchKind::Break if targets.breaks.is_none() => {
                self.error(pos, diag::BREAK_OUTSIDE.to_string());
            }
            BranchKind::Continue if targets.continues.is_none() => {
                self.error(pos, diag::CONTINUE_OUTSIDE.to_string());
            }
            BranchKind::Fallthrough => {
                let mut msg = diag::FALLTHROUGH_MISPLACED;
                if let Some(target) = targets.breaks {
                    if let StmtKind::Switch { tag, clauses, .. } = self.file.stmt(target).kind {
                        let type_switch = tag.is_some_and(|tag| {
                            matches!(self.file.expr(tag).kind, ExprKind::TypeSwitchGuard { .. })
                        });
                        match targets.case_index {
                            _ if type_switch => msg = diag::FALLTHROUGH_TYPE_SWITCH,
                            // nested in a block, or not the last statement
                            None => {}
                            Some(_) if !last => {}
                            Some(i) if i + 1 == clauses.len() => {
                                msg = diag::FALLTHROUGH_FINAL_CASE;
                            }
                            Some(_) => return, // fallthrough is fine
                        }
                    }
                }
                self.error(pos, msg.to_string());
            }
            _ => {}
        }
    }

    /// Checks a labeled branch; returns a goto whose label is not yet
    /// declared (it may be declared further on).
    fn labeled_branch(
        &mut self,
        block: usize,
        kind: BranchKind,
        label: ExprId,
    ) -> Option<ForwardGoto> {
        let name = self.ident(label);
        let pos = self.file.expr(label).pos;
        match kind {
            BranchKind::Break => match self.enclosing_target(block, name) {
                None => self.error(pos, diag::break_label_not_defined(name)),
                Some(Some(target)) if self.labels_loop_or_switch(target, true) => {}
                Some(_) => self.error(pos, diag::invalid_break_label(name)),
            },
            BranchKind::Continue => match self.enclosing_target(block, name) {
                None => self.error(pos, diag::continue_label_not_defined(name)),
                Some(Some(target)) if self.labels_loop_or_switch(target, false) => {}
                Some(_) => self.error(pos, diag::invalid_continue_label(name)),
            },
            BranchKind::Goto => {
                if self.goto_target(block, name).is_none() {
                    self.next_seq += 1;
                    return Some(ForwardGoto {
                        label,
                        seq: self.next_seq - 1,
                    });
                }
            }
            BranchKind::Fallthrough => {}
        }
        None
    }

    /// Whether the labeled statement `labeled` labels a `for` (or, when
    /// `switch_ok`, a `switch` or `select`).
    fn labels_loop_or_switch(&self, labeled: StmtId, switch_ok: bool) -> bool {
        let StmtKind::Labeled { stmt, .. } = self.file.stmt(labeled).kind else {
            return false;
        };
        match self.file.stmt(stmt).kind {
            StmtKind::For { .. } => true,
            StmtKind::Switch { .. } | StmtKind::Select { .. } => switch_ok,
            _ => false,
        }
    }
}

/// Adds an inner block's unresolved gotos to the enclosing block's.
fn merge<'a>(into: &mut ForwardGotos<'a>, from: ForwardGotos<'a>) {
    for (name, gotos) in from {
        into.entry(name).or_default().extend(gotos);
    }
}
