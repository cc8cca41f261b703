//! `-m=2` explanations: why a location escapes or a parameter leaks, as
//! the chain of flows from it to the root it reaches, and how closures
//! capture their variables.

use goescape_ir::{FuncId, VarId};
use rustc_hash::FxHashSet;

use crate::batch::Batch;
use crate::graph::{Hole, LocId, LocNode, NoteId, Where, HEAP};

impl Batch<'_> {
    fn func_name(&self, func: Option<FuncId>) -> String {
        func.map_or_else(|| "<nil>".to_owned(), |f| self.pkg.func(f).name.clone())
    }

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

    fn explain_loc(&self, loc: LocId) -> String {
        if loc == HEAP {
            return "{heap}".to_owned();
        }
        match self.loc(loc).node {
            LocNode::None => "{temp}".to_owned(),
            LocNode::PointerCopy { number, .. } => format!(".autotmp_{number}"),
            LocNode::Var(v) => self.pkg.var(v).name.clone(),
            LocNode::Expr(_) => format!("{{storage for {}}}", self.node_text(loc)),
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

    /// An address stored straight into an escaping location.
    fn in_generic(&self, loc: LocId) -> bool {
        self.loc(loc).func.is_some_and(|f| self.pkg.func(f).generic)
    }

    pub(crate) fn explain_direct_escape(&mut self, dst: LocId, src: LocId, k: Hole) {
        if self.in_generic(src) {
            return;
        }
        let pos = self.node_pos(src);
        let header = format!(
            "{} escapes to heap in {}:",
            self.node_text(src),
            self.func_name(self.loc(src).func)
        );
        self.explanation(pos, header);
        self.explain_flow(pos, dst, src, k.derefs, k.notes);
    }

    pub(crate) fn explain_escape(&mut self, root: LocId, l: LocId) {
        if self.in_generic(l) {
            return;
        }
        let pos = self.node_pos(l);
        let header = format!(
            "{} escapes to heap in {}:",
            self.node_text(l),
            self.func_name(self.loc(l).func)
        );
        self.explanation(pos, header);
        self.explain_path(root, l);
    }

    pub(crate) fn explain_leak(&mut self, root: LocId, l: LocId, derefs: i32) {
        if self.in_generic(l) {
            return;
        }
        let pos = self.node_pos(l);
        let header = format!(
            "parameter {} leaks to {} for {} with derefs={derefs}:",
            self.node_text(l),
            self.explain_loc(root),
            self.func_name(self.loc(l).func)
        );
        self.explanation(pos, header);
        self.explain_path(root, l);
    }

    fn explain_path(&mut self, root: LocId, mut src: LocId) {
        let pos = self.node_pos(src);
        let mut visited = FxHashSet::default();
        loop {
            if !visited.insert(src) {
                self.explanation(
                    pos,
                    "  warning: truncated explanation due to assignment cycle; see golang.org/issue/35518"
                        .to_owned(),
                );
                break;
            }
            let Some((dst, index)) = self.loc(src).dst else {
                break;
            };
            let edge = self.loc(dst).edges[index];
            self.explain_flow(pos, dst, src, edge.derefs, edge.notes);
            if dst == root {
                break;
            }
            src = dst;
        }
    }

    fn explain_flow(
        &mut self,
        pos: goescape_ir::Pos,
        dst: LocId,
        src: LocId,
        derefs: i32,
        notes: Option<NoteId>,
    ) {
        let ops = if derefs >= 0 {
            "*".repeat(derefs as usize)
        } else {
            "&".to_owned()
        };
        let flow = format!(
            "  flow: {} ← {ops}{}:",
            self.explain_loc(dst),
            self.explain_loc(src)
        );
        self.explanation(pos, flow);
        let mut note = notes;
        while let Some(id) = note {
            let n = self.notes[id.0 as usize];
            let (text, at) = self.where_text(n.where_);
            self.messages.push(crate::Message {
                pos,
                text: format!("    from {text} ({})", n.why),
                explanation: true,
                at: Some(at),
            });
            note = n.next;
        }
    }

    /// Explanation lines go out as they are found; their text is
    /// indented after the position as gc prints them.
    fn explanation(&mut self, pos: goescape_ir::Pos, text: String) {
        self.messages.push(crate::Message {
            pos,
            text,
            explanation: true,
            at: None,
        });
    }

    pub(crate) fn report_capture(&mut self, func: FuncId, var: VarId, by_value: bool) {
        if self.pkg.func(func).generic {
            return;
        }
        let v = self.pkg.var(var);
        let loc = self.loc(self.var_loc(var));
        let how = if by_value { "value" } else { "ref" };
        let outer = self.pkg.func(v.func).qualified_name();
        debug_assert!(self.pkg.func(func).captured.contains(&var));
        let text = format!(
            "{outer} capturing by {how}: {} (addr={} assign={} width={})",
            v.name,
            loc.addrtaken,
            loc.reassigned,
            self.facts.size(v.ty)
        );
        self.message(v.pos, text);
    }
}
