//! `-m=2` explanations: why a location escapes or a parameter leaks, as
//! the chain of flows from it to the root it reaches, and how closures
//! capture their variables.

use goescape_ir::{FuncId, VarId};
use rustc_hash::FxHashSet;

use crate::batch::Batch;
use crate::graph::{Hole, LocId, LocNode, NoteId, Where, HEAP};
use crate::{Explanation, Finding, Flow, Kind, Outcome, Place, Step};

impl Batch<'_> {
    fn node_text(&self, loc: LocId) -> String {
        match self.loc(loc).node {
            LocNode::None => String::new(),
            LocNode::PointerCopy { number, .. } => format!(".autotmp_{number}"),
            LocNode::Var(v) => self.pkg.var(v).name.clone(),
            LocNode::Expr(e) => goescape_ir::print::expr_string(self.pkg, self.facts.store, e),
        }
    }

    fn node_pos(&self, loc: LocId) -> goescape_ir::Pos {
        match self.loc(loc).node {
            LocNode::None => goescape_ir::Pos::default(),
            LocNode::PointerCopy { value, .. } => self.pkg.expr(value).pos,
            LocNode::Var(v) => self.pkg.var(v).pos,
            LocNode::Expr(e) => self.pkg.expr(e).pos,
        }
    }

    fn place(&self, loc: LocId) -> Place {
        if loc == HEAP {
            return Place::Heap;
        }
        match self.loc(loc).node {
            LocNode::None => Place::Temp,
            LocNode::PointerCopy { number, .. } => Place::Var(format!(".autotmp_{number}")),
            LocNode::Var(v) => Place::Var(self.pkg.var(v).name.clone()),
            LocNode::Expr(_) => Place::Storage(self.node_text(loc)),
        }
    }

    fn where_text(&self, w: Where) -> (String, goescape_ir::Pos) {
        match w {
            Where::Expr(e) => (
                goescape_ir::print::expr_string(self.pkg, self.facts.store, e),
                self.pkg.expr(e).pos,
            ),
            Where::Stmt(s) => (
                goescape_ir::print::stmt_string(self.pkg, self.facts.store, s),
                self.pkg.stmt(s).pos,
            ),
            Where::Var(v) => (self.pkg.var(v).name.clone(), self.pkg.var(v).pos),
            Where::Captured(v, at) => (self.pkg.var(v).name.clone(), at),
            Where::PointerCopy { number, value } => (
                format!(
                    ".autotmp_{number} = {}",
                    goescape_ir::print::expr_string(self.pkg, self.facts.store, value)
                ),
                self.pkg.expr(value).pos,
            ),
            Where::CopyConverted { number, conv } => {
                let ty = goescape_ir::print::type_string(
                    self.pkg,
                    self.facts.store,
                    self.pkg.expr(conv).ty,
                );
                (format!("{ty}(.autotmp_{number})"), self.pkg.expr(conv).pos)
            }
            Where::Clause(s, index) => {
                let pos = match &self.pkg.stmt(s).kind {
                    goescape_ir::StmtKind::TypeSwitch { vars, .. } => {
                        vars.get(index).map_or(self.pkg.stmt(s).pos, |v| v.1)
                    }
                    _ => self.pkg.stmt(s).pos,
                };
                let text = goescape_ir::print::clause_string(self.pkg, self.facts.store, s, index);
                (text, pos)
            }
        }
    }

    fn in_generic(&self, loc: LocId) -> bool {
        self.loc(loc).func.is_some_and(|f| self.pkg.func(f).generic)
    }

    /// A finding explaining location `l`, with no flows yet.
    fn explanation(&self, l: LocId, outcome: Outcome) -> Finding {
        let func = self.loc(l).func;
        Finding {
            pos: self.node_pos(l),
            span: None,
            func: func.map_or_else(String::new, |f| self.pkg.func(f).qualified_name()),
            kind: Kind::Explanation(Explanation {
                subject: self.node_text(l),
                func: func.map(|f| self.pkg.func(f).name.clone()),
                outcome,
                flows: Vec::new(),
                truncated: false,
            }),
        }
    }

    /// An address stored straight into an escaping location.
    pub(crate) fn explain_direct_escape(&mut self, dst: LocId, src: LocId, k: Hole) {
        if self.in_generic(src) {
            return;
        }
        let mut finding = self.explanation(src, Outcome::Escapes { direct: true });
        if let Kind::Explanation(explanation) = &mut finding.kind {
            explanation
                .flows
                .push(self.flow_of(dst, src, k.derefs, k.notes));
        }
        self.findings.push(finding);
    }

    pub(crate) fn explain_escape(&mut self, root: LocId, l: LocId) {
        if self.in_generic(l) {
            return;
        }
        let mut finding = self.explanation(l, Outcome::Escapes { direct: false });
        if let Kind::Explanation(explanation) = &mut finding.kind {
            self.explain_path(explanation, root, l);
        }
        self.findings.push(finding);
    }

    pub(crate) fn explain_leak(&mut self, root: LocId, l: LocId, derefs: i32) {
        if self.in_generic(l) {
            return;
        }
        let to = self.place(root);
        let mut finding = self.explanation(l, Outcome::Leaks { to, derefs });
        if let Kind::Explanation(explanation) = &mut finding.kind {
            self.explain_path(explanation, root, l);
        }
        self.findings.push(finding);
    }

    fn explain_path(&self, explanation: &mut Explanation, root: LocId, mut src: LocId) {
        let mut visited = FxHashSet::default();
        loop {
            if !visited.insert(src) {
                explanation.truncated = true;
                break;
            }
            let Some((dst, index)) = self.loc(src).dst else {
                break;
            };
            let edge = self.loc(dst).edges[index];
            explanation
                .flows
                .push(self.flow_of(dst, src, edge.derefs, edge.notes));
            if dst == root {
                break;
            }
            src = dst;
        }
    }

    fn flow_of(&self, dst: LocId, src: LocId, derefs: i32, notes: Option<NoteId>) -> Flow {
        let mut steps = Vec::new();
        let mut note = notes;
        while let Some(id) = note {
            let n = self.notes[id.0 as usize];
            let (what, at) = self.where_text(n.where_);
            steps.push(Step {
                what,
                why: n.why,
                at,
            });
            note = n.next;
        }
        Flow {
            dst: self.place(dst),
            src: self.place(src),
            derefs,
            steps,
            src_pos: match self.loc(src).node {
                LocNode::None => goescape_ir::Pos::NONE,
                _ => self.node_pos(src),
            },
        }
    }

    pub(crate) fn report_capture(&mut self, func: FuncId, var: VarId, by_value: bool) {
        if self.pkg.func(func).generic {
            return;
        }
        let v = self.pkg.var(var);
        let loc = self.loc(self.var_loc(var));
        let outer = self.pkg.func(v.func).qualified_name();
        debug_assert!(self.pkg.func(func).captured.contains(&var));
        let kind = Kind::Captured {
            outer,
            var: v.name.clone(),
            by_value,
            addrtaken: loc.addrtaken,
            reassigned: loc.reassigned,
            width: self.facts.size(v.ty),
        };
        self.found(v.func, v.pos, None, kind);
    }
}
