//! Lowering statements: declarations, assignments in gc's forms, loops
//! with per-iteration variables, switches, `go`/`defer` wrappers, function
//! literals.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::walk::{walk, Node, Visitor};
use goescape_syntax::{
    AssignOp, BranchKind, DeclKind, ExprId as AstId, ExprKind as Ast, File, GoKind, Operator,
    StmtId as AstStmt, StmtKind as S,
};
use goescape_types::check::{Mode, SelectionKind};
use goescape_types::model::{ObjId, RecvAdjust, Type, TypeId};
use rustc_hash::FxHashSet;

use super::Lowerer;
use crate::tree::*;

impl Lowerer<'_> {
    /// The statements of a block (or of a single statement).
    pub fn block_stmts(&mut self, s: AstStmt) -> Vec<StmtId> {
        let file = self.syntax();
        match file.stmt(s).kind {
            S::Block { stmts, .. } => self.stmt_list(file.stmt_list(stmts)),
            _ => self.stmt(s),
        }
    }

    /// A case clause's values (or types) and body.
    fn case_clause(&mut self, clause: &goescape_syntax::CaseClause) -> (Vec<ExprId>, Vec<StmtId>) {
        let file = self.syntax();
        let list: Vec<AstId> = file.unpack_list(clause.cases).collect();
        let list = list.into_iter().map(|c| self.expr(c)).collect();
        let body = self.stmt_list(file.stmt_list(clause.body));
        (list, body)
    }

    /// A statement list without the statements gc drops as unreachable:
    /// those after a terminating statement, unless a label follows.
    fn stmt_list(&mut self, list: &[AstStmt]) -> Vec<StmtId> {
        let file = self.syntax();
        let last_label = list
            .iter()
            .rposition(|&st| matches!(file.stmt(st).kind, S::Labeled { .. }));
        let mut out = Vec::new();
        let mut dead = false;
        for (i, &st) in list.iter().enumerate() {
            if dead && last_label.is_none_or(|l| i > l) {
                break;
            }
            out.extend(self.stmt(st));
            dead = self.terminates(st);
        }
        out
    }

    /// Whether a statement ends normal control flow, as gc's frontend
    /// judges it for dead code.
    fn terminates(&mut self, st: AstStmt) -> bool {
        ensure_sufficient_stack(|| self.terminates_unguarded(st))
    }

    fn terminates_unguarded(&mut self, st: AstStmt) -> bool {
        let file = self.syntax();
        match file.stmt(st).kind {
            S::Branch {
                kind: BranchKind::Goto,
                ..
            } => true,
            S::Return { .. } => true,
            S::Expr { x } => {
                let call = file.unparen(x);
                match file.expr(call).kind {
                    Ast::Call { fun, .. } => {
                        self.tv(fun).is_some_and(|t| t.mode == Mode::Builtin)
                            && file.ident(file.unparen(fun)) == Some("panic")
                    }
                    _ => false,
                }
            }
            S::If {
                cond, then, els, ..
            } => {
                let c = cond.map_or(0, |c| self.static_bool(c).0);
                (c < 0 || self.terminates(then))
                    && (c > 0 || els.is_some_and(|e| self.terminates(e)))
            }
            S::Block { stmts, .. } => {
                // Remembered: every enclosing block asks again.
                let key = (self.file_index, st);
                if let Some(&known) = self.terminating_blocks.get(&key) {
                    return known;
                }
                let list = file.stmt_list(stmts);
                let terminates = list
                    .iter()
                    .rev()
                    .find(|&&s| !matches!(file.stmt(s).kind, S::Empty))
                    .is_some_and(|&s| self.terminates(s));
                self.terminating_blocks.insert(key, terminates);
                terminates
            }
            _ => false,
        }
    }

    /// For a switch whose tag is constant (or absent, `true`) and whose
    /// cases up to the one taken are constants: `Some` of the clause always
    /// taken (`None` inside when none is), as gc's frontend rewrites it.
    fn constant_switch_target<'c>(
        &self,
        tag: Option<AstId>,
        clauses: &'c [goescape_syntax::CaseClause],
    ) -> Option<Option<&'c goescape_syntax::CaseClause>> {
        use goescape_types::constant::{CompareOp, Value};
        let file = self.syntax();
        let tag_value = match tag {
            None => Value::from_bool(true),
            Some(t) => self
                .tv(t)
                .filter(|tv| tv.mode == Mode::Constant)
                .and_then(|tv| tv.value.clone())?,
        };
        let mut target = None;
        'clauses: for clause in clauses {
            if clause.cases.is_none() {
                target = Some(clause);
            }
            for c in file.unpack_list(clause.cases) {
                let value = self
                    .tv(c)
                    .filter(|tv| tv.mode == Mode::Constant)
                    .and_then(|tv| tv.value.as_ref())?;
                if tag_value.compare(CompareOp::Eq, value).unwrap_or(false) {
                    target = Some(clause);
                    break 'clauses;
                }
            }
        }
        let falls_through = target.is_some_and(|c| {
            file.stmt_list(c.body).last().is_some_and(|&s| {
                matches!(
                    file.stmt(s).kind,
                    S::Branch {
                        kind: BranchKind::Fallthrough,
                        ..
                    }
                )
            })
        });
        (!falls_through).then_some(target)
    }

    /// gc's static value of a condition (+1 true, -1 false, 0 unknown),
    /// with the condition it simplifies to (`false && x` is `false`,
    /// `true && x` is `x`).
    fn static_bool(&self, c: AstId) -> (i8, AstId) {
        ensure_sufficient_stack(|| {
            let file = self.syntax();
            if let Some(v) = self
                .tv(c)
                .filter(|t| t.mode == Mode::Constant)
                .and_then(|t| t.value.as_ref())
                .and_then(|v| v.bool_value())
            {
                return (if v { 1 } else { -1 }, c);
            }
            let constant = |e: AstId| self.tv(e).is_some_and(|t| t.mode == Mode::Constant);
            match file.expr(c).kind {
                Ast::Unary {
                    op: Operator::Not,
                    x,
                } => (self.static_bool(x).0, c),
                Ast::Binary {
                    op: Operator::AndAnd,
                    x,
                    y,
                } => {
                    let (sx, _) = self.static_bool(x);
                    if sx < 0 {
                        return (sx, x);
                    }
                    let (sy, _) = self.static_bool(y);
                    if sx > 0 || sy < 0 {
                        return (sy, if constant(x) { y } else { c });
                    }
                    (0, c)
                }
                Ast::Binary {
                    op: Operator::OrOr,
                    x,
                    y,
                } => {
                    let (sx, _) = self.static_bool(x);
                    if sx > 0 {
                        return (sx, x);
                    }
                    let (sy, _) = self.static_bool(y);
                    if sx < 0 || sy > 0 {
                        return (sy, if constant(x) { y } else { c });
                    }
                    (0, c)
                }
                _ => (0, c),
            }
        })
    }

    /// A statement, preceded by the statements its expressions need.
    fn stmt(&mut self, s: AstStmt) -> Vec<StmtId> {
        let saved = std::mem::take(&mut self.pre);
        let out = ensure_sufficient_stack(|| self.stmt_inner(s));
        let mut all = std::mem::replace(&mut self.pre, saved);
        all.extend(out);
        all
    }

    fn stmt_inner(&mut self, s: AstStmt) -> Vec<StmtId> {
        let file = self.syntax();
        let st = *file.stmt(s);
        let pos = self.pos(st.pos);
        match st.kind {
            S::Empty => Vec::new(),
            S::Labeled { label, stmt } => {
                let name = file.ident(label).unwrap_or("_").to_owned();
                let id = self.push_stmt(StmtKind::Label { looping: false }, pos);
                if name != "_" {
                    self.labels.push((name, id, st.pos.0));
                }
                let mut out = vec![id];
                out.extend(self.stmt(stmt));
                out
            }
            S::Block { .. } => {
                let list = self.block_stmts(s);
                vec![self.push_stmt(StmtKind::Block(list), pos)]
            }
            S::Expr { x } => {
                let e = self.expr(x);
                vec![self.push_stmt(StmtKind::Expr(e), pos)]
            }
            S::Send { chan, value } => {
                let chan = self.expr(chan);
                let value = self.expr(value);
                vec![self.push_stmt(StmtKind::Send { chan, value }, pos)]
            }
            S::Decl { decls } => {
                let mut out = Vec::new();
                for decl in file.decl_list(decls) {
                    if let DeclKind::Var(spec) = &decl.kind {
                        let names: Vec<AstId> = file.expr_list(spec.names).to_vec();
                        let values: Vec<AstId> = file.unpack_list(spec.values).collect();
                        // gc places a `var` declaration at its first name
                        // and prints it as a definition.
                        let at = names.first().map_or(pos, |&n| self.pos(file.expr(n).pos));
                        out.extend(self.define(&names, &values, at));
                    }
                }
                out
            }
            S::Assign { op, lhs, rhs } => self.assign(op, lhs, rhs, pos),
            S::Branch { kind, label } => {
                let name = label.map(|l| file.ident(l).unwrap_or("_"));
                if let (BranchKind::Goto, Some(name)) = (kind, name) {
                    if let Some(&(_, id, _)) = self.labels.iter().find(|(n, _, _)| n == name) {
                        self.pkg.stmts[id.index()].kind = StmtKind::Label { looping: true };
                    }
                }
                let keyword = match kind {
                    BranchKind::Break => "break",
                    BranchKind::Continue => "continue",
                    BranchKind::Fallthrough => "fallthrough",
                    BranchKind::Goto => "goto",
                };
                let text = match name {
                    Some(name) => format!("{keyword} {name}"),
                    None => keyword.to_owned(),
                };
                vec![self.push_stmt(StmtKind::Branch(text), pos)]
            }
            S::Go { kind, call } => self.go_defer(kind == GoKind::Defer, call, pos),
            S::Return { results } => self.return_stmt(results, pos),
            S::If {
                init,
                cond,
                then,
                els,
            } => {
                let init = init.map(|i| self.stmt(i)).unwrap_or_default();
                // Branches a constant condition rules out are not compiled.
                let (known, cond) = match cond {
                    Some(c) => {
                        let (known, simplified) = self.static_bool(c);
                        (known, self.expr(simplified))
                    }
                    None => (0, self.push_expr(ExprKind::NoValue, TypeId::INVALID, pos)),
                };
                let then = if known >= 0 {
                    self.block_stmts(then)
                } else {
                    Vec::new()
                };
                let els = match els {
                    Some(e) if known <= 0 => self.stmt(e),
                    _ => Vec::new(),
                };
                // With the branch known, gc flattens the statement: the init,
                // the condition for its effects, the branch taken.
                if known != 0 {
                    let mut out = init;
                    if !matches!(self.pkg.expr(cond).kind, ExprKind::Const { .. }) {
                        out.push(self.assign_stmt(vec![None], vec![cond], pos));
                    }
                    out.extend(then);
                    out.extend(els);
                    return out;
                }
                vec![self.push_stmt(
                    StmtKind::If {
                        init,
                        cond,
                        then,
                        els,
                    },
                    pos,
                )]
            }
            S::For {
                init,
                cond,
                post,
                body,
            } => {
                if let Some(init) = init {
                    if let S::Range { lhs, define, x } = file.stmt(init).kind {
                        return self.range(init, lhs, define, x, body, pos);
                    }
                }
                let mut out = init.map(|i| self.stmt(i)).unwrap_or_default();
                if cond.is_some_and(|c| self.static_bool(c).0 < 0) {
                    return out;
                }
                let mut body_stmts = Vec::new();
                if let Some(init) = init {
                    body_stmts.extend(self.per_iteration(init));
                }
                let cond = cond.map(|c| self.expr(c));
                let post = post.and_then(|p| {
                    let lowered = self.stmt(p);
                    match lowered[..] {
                        [] => None,
                        [one] => Some(one),
                        _ => Some(self.push_stmt(StmtKind::Block(lowered), pos)),
                    }
                });
                body_stmts.extend(self.block_stmts(body));
                out.push(self.push_stmt(
                    StmtKind::For {
                        cond,
                        post,
                        body: body_stmts,
                    },
                    pos,
                ));
                out
            }
            S::Switch {
                init, tag, clauses, ..
            } => {
                let mut out = init.map(|i| self.stmt(i)).unwrap_or_default();
                if let Some(t) = tag {
                    if let Ast::TypeSwitchGuard { lhs, x } = file.expr(t).kind {
                        out.push(self.type_switch(lhs, x, clauses, pos));
                        return out;
                    }
                }
                let all = file.case_clauses(clauses);
                let kept = self.constant_switch_target(tag, all);
                // A constant switch keeps only the clause it always takes,
                // as a tagless default.
                let (tag, clauses): (Option<ExprId>, Vec<_>) = match kept {
                    Some(target) => (None, target.into_iter().map(|c| (true, c)).collect()),
                    None => (
                        tag.map(|t| self.expr(t)),
                        all.iter().map(|c| (false, c)).collect(),
                    ),
                };
                let mut cases = Vec::new();
                for (as_default, clause) in clauses {
                    if as_default {
                        let body = self.stmt_list(file.stmt_list(clause.body));
                        cases.push((Vec::new(), body));
                        continue;
                    }
                    cases.push(self.case_clause(clause));
                }
                out.push(self.push_stmt(StmtKind::Switch { tag, cases }, pos));
                out
            }
            S::Select { clauses, .. } => {
                let mut cases = Vec::new();
                for clause in file.comm_clauses(clauses) {
                    let comm = clause.comm.map(|c| {
                        let lowered = self.stmt(c);
                        match lowered[..] {
                            [one] => one,
                            _ => self.push_stmt(StmtKind::Block(lowered), pos),
                        }
                    });
                    let body = self.stmt_list(file.stmt_list(clause.body));
                    cases.push((comm, body));
                }
                vec![self.push_stmt(StmtKind::Select { cases }, pos)]
            }
            S::Range { .. } => Vec::new(),
        }
    }

    /// A target of an assignment (`None` for `_`).
    pub fn target(&mut self, e: AstId) -> Option<ExprId> {
        let file = self.syntax();
        if file.ident(file.unparen(e)) == Some("_") {
            return None;
        }
        Some(self.expr(e))
    }

    /// `lhs = rhs` as an assignment statement (gc's `OAS`, or `OAS2` for
    /// several pairs), with its text.
    pub fn assign_stmt(&mut self, lhs: Vec<Option<ExprId>>, rhs: Vec<ExprId>, pos: Pos) -> StmtId {
        self.assign_pairs(lhs, rhs, pos, false)
    }

    /// gc's text of `lhs = rhs` (or `:=`).
    pub fn assign_text(&self, lhs: &[Option<ExprId>], rhs: &[ExprId], define: bool) -> String {
        let p = |e: ExprId| crate::print::expr_string(&self.pkg, self.store, e);
        let l: Vec<String> = lhs
            .iter()
            .map(|t| t.map_or_else(|| "_".to_owned(), p))
            .collect();
        let r: Vec<String> = rhs.iter().map(|&e| p(e)).collect();
        let op = if define { ":=" } else { "=" };
        format!("{} {op} {}", l.join(", "), r.join(", "))
    }

    /// Prints assignment `s` anew after its operands changed, keeping
    /// whether it defines.
    pub fn retext_assignment(&mut self, s: StmtId) {
        let StmtKind::Assign { lhs, rhs, text, .. } = &self.pkg.stmt(s).kind else {
            return;
        };
        let define = match (text.find(" := "), text.find(" = ")) {
            (Some(d), Some(a)) => d < a,
            (d, _) => d.is_some(),
        };
        let new = self.assign_text(lhs, rhs, define);
        if let StmtKind::Assign { text, .. } = &mut self.pkg.stmts[s.index()].kind {
            *text = new;
        }
    }

    fn assign(&mut self, op: AssignOp, lhs: AstId, rhs: Option<AstId>, pos: Pos) -> Vec<StmtId> {
        let file = self.syntax();
        let lhs_list: Vec<AstId> = file.unpack_list(Some(lhs)).collect();
        match op {
            AssignOp::Define => {
                let values: Vec<AstId> = file.unpack_list(rhs).collect();
                self.define(&lhs_list, &values, pos)
            }
            AssignOp::Assign => {
                let values: Vec<AstId> = file.unpack_list(rhs).collect();
                let targets: Vec<Option<ExprId>> =
                    lhs_list.iter().map(|&l| self.target(l)).collect();
                vec![self.assignment(targets, &values, pos, false)]
            }
            AssignOp::Op(operator) => {
                let target = self.expr(lhs);
                let value = match rhs {
                    Some(r) => self.expr(r),
                    None => {
                        let one = goescape_types::constant::Value::from_i64(1);
                        let ty = self.pkg.expr(target).ty;
                        self.constant(&one, ty, pos)
                    }
                };
                let text = format!(
                    "{} {}= {}",
                    crate::print::expr_string(&self.pkg, self.store, target),
                    operator.as_str(),
                    crate::print::expr_string(&self.pkg, self.store, value)
                );
                vec![self.push_stmt(
                    StmtKind::Assign {
                        lhs: vec![Some(target)],
                        rhs: vec![value],
                        why: AssignWhy::Assign,
                        op: true,
                        text,
                    },
                    pos,
                )]
            }
        }
    }

    /// `lhs = values` in gc's forms: one pair, several pairs, or one
    /// value of several results (a multi-valued call or a comma-ok read).
    fn assignment(
        &mut self,
        lhs: Vec<Option<ExprId>>,
        values: &[AstId],
        pos: Pos,
        define: bool,
    ) -> StmtId {
        if values.len() == 1 && lhs.len() > 1 {
            // A name being defined has its variable's type, not one of
            // its own.
            let dsts: Vec<Option<TypeId>> = lhs
                .iter()
                .map(|l| {
                    l.map(|l| match self.pkg.expr(l).kind {
                        ExprKind::Var(v) => self.pkg.var(v).ty,
                        _ => self.pkg.expr(l).ty,
                    })
                })
                .collect();
            let rhs = self.results_in_temps(values[0], &dsts, pos);
            return self.assign_pairs(lhs, rhs, pos, define);
        }
        let rhs: Vec<ExprId> = values.iter().map(|&v| self.expr(v)).collect();
        self.assign_pairs(lhs, rhs, pos, define)
    }

    fn assign_pairs(
        &mut self,
        lhs: Vec<Option<ExprId>>,
        rhs: Vec<ExprId>,
        pos: Pos,
        define: bool,
    ) -> StmtId {
        let why = if lhs.len() > 1 {
            AssignWhy::AssignPair
        } else {
            AssignWhy::Assign
        };
        let text = self.assign_text(&lhs, &rhs, define);
        self.push_stmt(
            StmtKind::Assign {
                lhs,
                rhs,
                why,
                op: false,
                text,
            },
            pos,
        )
    }

    /// `names := values` or `var names = values`: declarations of the new
    /// variables, then the assignment that defines them.
    fn define(&mut self, names: &[AstId], values: &[AstId], pos: Pos) -> Vec<StmtId> {
        let file = self.syntax();
        let mut out = Vec::new();
        let mut new_vars = Vec::new();
        for &n in names {
            let Some(obj) = self.obj_of(n) else { continue };
            if !self.is_local(obj) || self.var_of_obj.contains_key(&obj) {
                continue;
            }
            if file.ident(n) == Some("_") {
                continue;
            }
            let var = self.local_var(obj);
            let npos = self.pos(file.expr(n).pos);
            self.pkg.vars[var.index()].pos = npos;
            out.push(self.push_stmt(StmtKind::Decl(var), npos));
            new_vars.push(var);
        }
        if values.is_empty() {
            // `var x T` zeroes x: gc's `x = <nil>`, which is not a
            // reassignment.
            for v in new_vars {
                let p = self.pkg.var(v).pos;
                let lhs = self.var_expr(v, p);
                let text = format!("{} = <nil>", self.pkg.var(v).name);
                let zero = self.push_stmt(
                    StmtKind::Assign {
                        lhs: vec![Some(lhs)],
                        rhs: Vec::new(),
                        why: AssignWhy::Assign,
                        op: false,
                        text,
                    },
                    p,
                );
                self.pkg.vars[v.index()].defined_by = Some(zero);
                out.push(zero);
            }
            return out;
        }
        let lhs: Vec<Option<ExprId>> = names.iter().map(|&n| self.target(n)).collect();
        let stmt = self.assignment(lhs, values, pos, true);
        for v in new_vars {
            self.pkg.vars[v.index()].defined_by = Some(stmt);
        }
        out.push(stmt);
        out
    }

    fn return_stmt(&mut self, results: Option<AstId>, pos: Pos) -> Vec<StmtId> {
        if self.range_parent[self.curfn.index()].is_some() {
            return self.range_body_return(results, pos);
        }
        let file = self.syntax();
        let list: Vec<AstId> = file.unpack_list(results).collect();
        let result_count = self.pkg.func(self.curfn).results.len();
        let values = if list.len() == 1 && result_count > 1 {
            let dsts: Vec<Option<TypeId>> = self
                .pkg
                .func(self.curfn)
                .results
                .iter()
                .map(|&r| Some(self.pkg.var(r).ty))
                .collect();
            self.results_in_temps(list[0], &dsts, pos)
        } else {
            list.iter().map(|&r| self.expr(r)).collect()
        };
        vec![self.push_stmt(StmtKind::Return(values), pos)]
    }

    /// Fresh temporaries, declared before the current statement.
    pub fn temps(&mut self, types: &[TypeId], pos: Pos) -> Vec<VarId> {
        types
            .iter()
            .map(|&t| {
                let v = self.new_var(".autotmp".to_owned(), pos, t, VarClass::Local, None);
                let d = self.push_stmt(StmtKind::Decl(v), pos);
                self.pre.push(d);
                v
            })
            .collect()
    }

    /// Variables of a loop header that must be fresh in every iteration
    /// (go 1.22): declared again at the top of the body.
    fn per_iteration(&mut self, init: AstStmt) -> Vec<StmtId> {
        if !self.loopvar_per_iteration {
            return Vec::new();
        }
        let file = self.syntax();
        let S::Assign {
            op: AssignOp::Define,
            lhs,
            ..
        } = file.stmt(init).kind
        else {
            return Vec::new();
        };
        let names: Vec<AstId> = file.unpack_list(Some(lhs)).collect();
        self.redeclare_escaping(&names)
    }

    fn redeclare_escaping(&mut self, names: &[AstId]) -> Vec<StmtId> {
        let file = self.syntax();
        let mut out = Vec::new();
        for &n in names {
            let Some(obj) = self.obj_of(n) else { continue };
            if !self.escaping_vars.contains(&obj) {
                continue;
            }
            let var = self.local_var(obj);
            let p = self.pos(file.expr(n).pos);
            out.push(self.push_stmt(StmtKind::Decl(var), p));
        }
        out
    }

    fn range(
        &mut self,
        header: AstStmt,
        lhs: Option<AstId>,
        define: bool,
        x: AstId,
        body: AstStmt,
        pos: Pos,
    ) -> Vec<StmtId> {
        let file = self.syntax();
        let names: Vec<AstId> = file.unpack_list(lhs).collect();
        let xt = self.ty_of(x);
        let under = self.store.underlying(xt);
        if let Type::Signature(_) = self.store.ty(under) {
            return self.range_func(&names, define, x, body, pos);
        }
        let over_array = matches!(self.store.ty(under), Type::Array { .. });
        let xe = self.expr(x);
        let mut targets = Vec::new();
        // The variables of `k, v := range` are declared before the loop
        // (gc's range statement init), at the enclosing loop depth.
        let mut decls = Vec::new();
        for &n in &names {
            if define {
                if let Some(obj) = self.obj_of(n) {
                    if file.ident(n) != Some("_") && self.is_local(obj) {
                        let v = self.local_var(obj);
                        let p = self.pos(file.expr(n).pos);
                        self.pkg.vars[v.index()].pos = p;
                        decls.push(self.push_stmt(StmtKind::Decl(v), p));
                    }
                }
            }
            targets.push(self.target(n));
        }
        let mut body_stmts = Vec::new();
        if define {
            body_stmts.extend(if self.loopvar_per_iteration {
                self.redeclare_escaping(&names)
            } else {
                Vec::new()
            });
        }
        body_stmts.extend(self.block_stmts(body));
        // gc positions the range statement at its `range` keyword.
        let rpos = self.pos(file.stmt(header).pos);
        let id = self.push_stmt(
            StmtKind::Range {
                x: xe,
                key: targets.first().copied().flatten(),
                value: targets.get(1).copied().flatten(),
                over_array,
                body: body_stmts,
            },
            rpos,
        );
        if define {
            for &n in &names {
                if let Some(obj) = self.obj_of(n) {
                    if let Some(&v) = self.var_of_obj.get(&obj) {
                        self.pkg.vars[v.index()].defined_by = Some(id);
                    }
                }
            }
        }
        decls.push(id);
        decls
    }

    /// `for k, v := range f { body }` over a function: the body becomes a
    /// function literal passed to `f`.
    fn range_func(
        &mut self,
        names: &[AstId],
        define: bool,
        x: AstId,
        body: AstStmt,
        pos: Pos,
    ) -> Vec<StmtId> {
        let fun = self.expr(x);
        let sig = self.pkg.expr(fun).ty;
        let yield_ty = self
            .store
            .signature(self.store.underlying(sig))
            .and_then(|s| self.store.tuple_vars(s.params).first().copied())
            .map_or(TypeId::INVALID, |p| self.store.obj_type(p));
        let outer = self.curfn;
        let int = TypeId::basic(goescape_types::model::BasicKind::Int);
        // gc's rewrite keeps the loop's state in `#stateN` of the enclosing
        // function, which the body function sets (so captures by
        // reference).
        let home = self.range_home(outer);
        self.range_states[home.index()] += 1;
        let n = self.range_states[home.index()];
        let state = self.new_var(
            format!("{}#state{n}", self.qualifier),
            pos,
            int,
            VarClass::Local,
            None,
        );
        let mut out = vec![self.push_stmt(StmtKind::Decl(state), pos)];
        out.push(self.set_var(state, 0, pos));
        if self.body_returns(body) {
            self.range_return_vars(home);
        }
        let func = self.new_literal(outer, pos, yield_ty, "range");
        self.range_parent[func.index()] = Some(outer);
        self.curfn = func;
        // The rewrite's own uses of the state have no position.
        self.capture(state, Pos::NONE);
        let file = self.syntax();
        let yield_params: Vec<TypeId> = self
            .store
            .signature(self.store.underlying(yield_ty))
            .map(|s| self.store.tuple_vars(s.params).to_vec())
            .unwrap_or_default()
            .into_iter()
            .map(|p| self.store.obj_type(p))
            .collect();
        // Defined range variables are the body's parameters; the others
        // are `#pN`, assigned to the range's targets first.
        let saved = std::mem::take(&mut self.pre);
        let mut assign_targets = Vec::new();
        for (i, &ty) in yield_params.iter().enumerate() {
            let name = names.get(i).copied();
            let blank = name.is_some_and(|n| file.ident(n) == Some("_"));
            let defined = name
                .filter(|_| define && !blank)
                .and_then(|n| self.obj_of(n).map(|obj| (n, obj)))
                .filter(|&(_, obj)| self.is_local(obj));
            let (var, p) = match defined {
                Some((n, obj)) => {
                    let var = self.local_var(obj);
                    self.pkg.vars[var.index()].class = VarClass::Param;
                    let p = self.pos(file.expr(n).pos);
                    self.pkg.vars[var.index()].pos = p;
                    (Some(var), p)
                }
                None if define && blank => (None, pos),
                None => {
                    let param = format!("{}#p{}", self.qualifier, i + 1);
                    let var = self.new_var(param, pos, ty, VarClass::Param, None);
                    if let Some(n) = name.filter(|_| !define && !blank) {
                        assign_targets.push((n, var));
                    }
                    (Some(var), pos)
                }
            };
            let ty = var.map_or(ty, |v| self.pkg.var(v).ty);
            self.pkg.funcs[func.index()].params.push(Param {
                var,
                ty,
                pos: p,
                variadic: false,
                named: true,
            });
        }
        let mut stmts = vec![self.set_var(state, 1, pos)];
        for (n, var) in assign_targets {
            let at = self.pos(file.expr(n).pos);
            let lhs = self.target(n);
            let rhs = self.var_expr(var, at);
            stmts.push(self.assign_stmt(vec![lhs], vec![rhs], at));
        }
        stmts.extend(self.block_stmts(body));
        stmts.push(self.set_var(state, 0, pos));
        self.pre = saved;
        self.pkg.funcs[func.index()].body = stmts;
        self.curfn = outer;
        // `#yieldN := func literal; f(#yieldN)`, the iterator in a
        // temporary when it is a call.
        let closure = self.push_expr(ExprKind::Closure { func }, yield_ty, pos);
        let body_var = self.new_var(
            format!("{}#yield{n}", self.qualifier),
            pos,
            yield_ty,
            VarClass::Local,
            None,
        );
        out.push(self.push_stmt(StmtKind::Decl(body_var), pos));
        let lhs = self.var_expr(body_var, pos);
        let define = self.assign_text(&[Some(lhs)], &[closure], true);
        let define = self.push_stmt(
            StmtKind::Assign {
                lhs: vec![Some(lhs)],
                rhs: vec![closure],
                why: AssignWhy::Assign,
                op: false,
                text: define,
            },
            pos,
        );
        self.pkg.vars[body_var.index()].defined_by = Some(define);
        out.push(define);
        let fun = if self.calls_or_receives(x) {
            let at = self.pkg.expr(fun).pos;
            self.spill_to_temp(fun, at)
        } else {
            fun
        };
        let arg = self.var_expr(body_var, pos);
        let call = self.push_expr(
            ExprKind::Call(Call {
                callee: Callee::Func { fun, target: None },
                args: vec![arg],
                dots: false,
                sig: Some(sig),
                text: String::new(),
                dict: None,
            }),
            TypeId::INVALID,
            pos,
        );
        out.push(self.push_stmt(StmtKind::Expr(call), pos));
        out.push(self.set_var(state, 3, pos));
        // A return in the body returns the saved values once the iterator
        // is done.
        if let (Some(_), true) = (&self.range_returns[home.index()], outer == home) {
            let ret = self.push_stmt(StmtKind::Return(Vec::new()), pos);
            let cond = self.push_expr(ExprKind::NoValue, TypeId::INVALID, pos);
            out.push(self.push_stmt(
                StmtKind::If {
                    init: Vec::new(),
                    cond,
                    then: vec![ret],
                    els: Vec::new(),
                },
                pos,
            ));
        }
        out
    }

    /// The function whose variables range-over-func bodies in `f` share:
    /// the nearest enclosing function that is not itself such a body.
    fn range_home(&self, mut f: FuncId) -> FuncId {
        while let Some(parent) = self.range_parent[f.index()] {
            f = parent;
        }
        f
    }

    /// `#next` of `home` and its results as `#rv1...`, made on first need.
    fn range_return_vars(&mut self, home: FuncId) {
        if self.range_returns[home.index()].is_some() {
            return;
        }
        let saved = self.curfn;
        self.curfn = home;
        let int = TypeId::basic(goescape_types::model::BasicKind::Int);
        let next = self.new_var(
            format!("{}#next", self.qualifier),
            Pos::NONE,
            int,
            VarClass::Local,
            None,
        );
        // gc names the unnamed (and blank) results `#rvN` and returns
        // through them.
        let rvs: Vec<VarId> = self.pkg.func(home).results.clone();
        for (i, &r) in rvs.iter().enumerate() {
            let name = &self.pkg.var(r).name;
            let unnamed = name.rsplit('.').next().is_some_and(|n| n.starts_with("~r"));
            if unnamed {
                self.pkg.vars[r.index()].name = format!("{}#rv{}", self.qualifier, i + 1);
            }
        }
        self.curfn = saved;
        self.range_returns[home.index()] = Some((next, rvs));
    }

    /// A `return` in a range-over-func body: the values go to `#rv`s,
    /// `#next` says so, and the body function returns false.
    fn range_body_return(&mut self, results: Option<AstId>, pos: Pos) -> Vec<StmtId> {
        let file = self.syntax();
        let home = self.range_home(self.curfn);
        let list: Vec<AstId> = file.unpack_list(results).collect();
        let mut out = Vec::new();
        if let Some((next, rvs)) = self.range_returns[home.index()].clone() {
            for (&rv, &value) in rvs.iter().zip(&list) {
                let rhs = self.expr(value);
                let lhs = self.var_expr(rv, pos);
                out.push(self.assign_stmt(vec![Some(lhs)], vec![rhs], pos));
            }
            out.push(self.set_var(next, -1, pos));
        }
        let no = self.constant(
            &goescape_types::constant::Value::from_bool(false),
            TypeId::basic(goescape_types::model::BasicKind::Bool),
            pos,
        );
        out.push(self.push_stmt(StmtKind::Return(vec![no]), pos));
        out
    }

    /// Whether a range body returns (outside function literals).
    fn body_returns(&self, body: AstStmt) -> bool {
        struct Find(bool);
        impl Visitor for Find {
            fn enter(&mut self, file: &File, node: Node) -> bool {
                match node {
                    Node::Expr(e) => !matches!(file.expr(e).kind, Ast::FuncLit { .. }),
                    Node::Stmt(s) => {
                        if let S::Return { .. } = file.stmt(s).kind {
                            self.0 = true;
                        }
                        !self.0
                    }
                    _ => !self.0,
                }
            }
        }
        let mut find = Find(false);
        walk(self.syntax(), Node::Stmt(body), &mut find);
        find.0
    }

    /// A use of `v` from the current function (capturing it if needed).
    fn var_expr(&mut self, v: VarId, pos: Pos) -> ExprId {
        self.capture(v, pos);
        let ty = self.pkg.var(v).ty;
        self.push_expr(ExprKind::Var(v), ty, pos)
    }

    /// `v = n` for an integer constant.
    fn set_var(&mut self, v: VarId, n: i64, pos: Pos) -> StmtId {
        let lhs = self.var_expr(v, pos);
        let ty = self.pkg.var(v).ty;
        let rhs = self.constant(&goescape_types::constant::Value::from_i64(n), ty, pos);
        self.assign_stmt(vec![Some(lhs)], vec![rhs], pos)
    }

    fn type_switch(
        &mut self,
        lhs: Option<AstId>,
        x: AstId,
        clauses: goescape_syntax::CaseClauseList,
        pos: Pos,
    ) -> StmtId {
        let file = self.syntax();
        let xe = self.expr(x);
        let implicits: Vec<(goescape_syntax::Pos, ObjId)> =
            self.file.map(|f| f.implicits.clone()).unwrap_or_default();
        let mut vars = Vec::new();
        let mut cases = Vec::new();
        for clause in file.case_clauses(clauses) {
            let var = lhs.and_then(|l| {
                let obj = implicits
                    .iter()
                    .find(|(p, _)| *p == clause.pos)
                    .map(|&(_, o)| o)?;
                let v = self.local_var(obj);
                let _ = l;
                // gc declares the clause's variable at the end of its last
                // type (the clause keyword for default).
                let p = match file.unpack_list(clause.cases).last() {
                    Some(t) => self.pos(type_expr_end_pos(file, t)),
                    None => self.pos(clause.pos),
                };
                self.pkg.vars[v.index()].pos = p;
                Some(v)
            });
            vars.push((var, self.pos(clause.pos)));
            // The listed types (and `nil`) carry no value; they are kept
            // for printing the clause.
            cases.push(self.case_clause(clause));
        }
        self.push_stmt(StmtKind::TypeSwitch { x: xe, vars, cases }, pos)
    }

    /// `go`/`defer` of a call: unless it already calls a function without
    /// arguments or results, the operands are evaluated into temporaries
    /// and the call moves into a wrapper function literal.
    fn go_defer(&mut self, defer: bool, call: AstId, pos: Pos) -> Vec<StmtId> {
        let file = self.syntax();
        let call = file.unparen(call);
        let lowered = self.expr(call);
        let needs_wrapper = match &self.pkg.expr(lowered).kind {
            ExprKind::Call(c) => match &c.callee {
                Callee::Func { fun, .. } => {
                    let sig = self.pkg.expr(*fun).ty;
                    let (params, results) = self
                        .store
                        .signature(self.store.underlying(sig))
                        .map_or((0, 0), |s| {
                            (
                                self.store.tuple_vars(s.params).len(),
                                self.store.tuple_vars(s.results).len(),
                            )
                        });
                    params + results != 0
                        || matches!(self.pkg.expr(*fun).kind, ExprKind::MethodExpr { .. })
                }
                _ => true,
            },
            _ => false,
        };
        if !needs_wrapper {
            let fun = match &self.pkg.expr(lowered).kind {
                ExprKind::Call(c) => match &c.callee {
                    Callee::Func { fun, .. } => *fun,
                    _ => lowered,
                },
                _ => lowered,
            };
            return vec![self.push_stmt(StmtKind::GoDefer { defer, fun }, pos)];
        }
        // Spill the operands evaluated at the statement.
        let mut operands = Vec::new();
        self.wrapper_operands(lowered, &mut operands);
        let outer = self.curfn;
        let mut out = Vec::new();
        let mut temps = Vec::new();
        for &slot in &operands {
            let e = self.pkg.expr(slot).clone();
            // gc places a temporary (and its capture) at its operand,
            // or at the statement for a name, which has no position of
            // its own in gc's tree.
            let at = match e.kind {
                ExprKind::Var(_) | ExprKind::Global(_) => pos,
                _ => e.pos,
            };
            let tmp = self.new_var(".autotmp".to_owned(), at, e.ty, VarClass::Local, None);
            out.push(self.push_stmt(StmtKind::Decl(tmp), at));
            temps.push((slot, tmp, e, at));
        }
        let lhs: Vec<Option<ExprId>> = temps
            .iter()
            .map(|(_, t, e, at)| Some(self.push_expr(ExprKind::Var(*t), e.ty, *at)))
            .collect();
        let rhs: Vec<ExprId> = temps
            .iter()
            .map(|(_, _, e, _)| self.push_expr(e.kind.clone(), e.ty, e.pos))
            .collect();
        if !rhs.is_empty() {
            // One tuple assignment, even of a single operand.
            let text = self.assign_text(&lhs, &rhs, false);
            let kind = StmtKind::Assign {
                lhs,
                rhs,
                why: AssignWhy::AssignPair,
                op: false,
                text,
            };
            let s = self.push_stmt(kind, pos);
            for (_, t, _, _) in &temps {
                self.pkg.vars[t.index()].defined_by = Some(s);
            }
            out.push(s);
        }
        // The wrapper is a `func()`: a pointer-shaped value the statement
        // stores (a `go` statement's on the heap).
        let sig = self.store.new_func_type(Vec::new(), Vec::new(), false);
        let kind = if defer { "defer" } else { "go" };
        let func = self.new_literal(outer, pos, sig, kind);
        self.pkg.funcs[func.index()].wrapper = true;
        // The operands become the wrapper's captured temporaries.
        for (slot, tmp, e, at) in &temps {
            self.pkg.exprs[slot.index()] = Expr {
                kind: ExprKind::Var(*tmp),
                ty: e.ty,
                pos: *at,
                span: e.span,
            };
            self.pkg.funcs[func.index()].captured.push(*tmp);
            self.pkg.funcs[func.index()].captured_at.push(*at);
        }
        let call_stmt = self.push_stmt(StmtKind::Expr(lowered), pos);
        self.pkg.funcs[func.index()].body = vec![call_stmt];
        self.move_literals(lowered, outer, func);
        let closure = self.push_expr(ExprKind::Closure { func }, sig, pos);
        out.push(self.push_stmt(
            StmtKind::GoDefer {
                defer,
                fun: closure,
            },
            pos,
        ));
        out
    }

    /// The operands of a wrapped call evaluated at the `go`/`defer`
    /// statement (constants, function names and `new` are evaluated in the
    /// wrapper).
    fn wrapper_operands(&self, call: ExprId, out: &mut Vec<ExprId>) {
        let ExprKind::Call(c) = &self.pkg.expr(call).kind else {
            return;
        };
        match &c.callee {
            Callee::Func { fun, .. } => self.wrapper_operand(*fun, out),
            Callee::Interface { recv, .. } => self.wrapper_operand(*recv, out),
            Callee::Builtin(_) => {}
        }
        for &a in &c.args {
            self.wrapper_operand(a, out);
        }
    }

    /// One operand: literals, function names and `new(T)` are evaluated in
    /// the wrapper, composite literals there too with their elements
    /// spilled; anything else is spilled.
    fn wrapper_operand(&self, e: ExprId, out: &mut Vec<ExprId>) {
        ensure_sufficient_stack(|| match &self.pkg.expr(e).kind {
            ExprKind::Const { .. }
            | ExprKind::Nil
            | ExprKind::FuncName { .. }
            | ExprKind::MethodExpr { .. }
            | ExprKind::DictMethod { .. }
            | ExprKind::RuntimeFunc { .. }
            | ExprKind::NoValue
            | ExprKind::New => {}
            ExprKind::ArrayLit { elems }
            | ExprKind::SliceLit { elems, .. }
            | ExprKind::StructLit { elems } => {
                for &el in elems {
                    self.wrapper_operand(el, out);
                }
            }
            ExprKind::Conv { x, .. }
                if self.store.basic_kind(self.pkg.expr(e).ty)
                    == Some(goescape_types::model::BasicKind::Uintptr)
                    && self.store.basic_kind(self.pkg.expr(*x).ty)
                        == Some(goescape_types::model::BasicKind::UnsafePointer) =>
            {
                self.wrapper_operand(*x, out)
            }
            _ => out.push(e),
        })
    }

    /// Function literals inside a wrapped call now belong to the wrapper.
    fn move_literals(&mut self, e: ExprId, from: FuncId, to: FuncId) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            let kind = self.pkg.expr(e).kind.clone();
            match kind {
                ExprKind::Closure { func } if self.pkg.funcs[func.index()].outer == Some(from) => {
                    self.pkg.funcs[func.index()].outer = Some(to);
                }
                ExprKind::Call(c) => {
                    stack.extend(c.args.iter().copied());
                    match c.callee {
                        Callee::Func { fun, .. } => stack.push(fun),
                        Callee::Interface { recv, .. } => stack.push(recv),
                        Callee::Builtin(_) => {}
                    }
                }
                ExprKind::SliceLit { elems, .. }
                | ExprKind::ArrayLit { elems }
                | ExprKind::StructLit { elems } => stack.extend(elems),
                ExprKind::ConvIface { x, .. }
                | ExprKind::Conv { x, .. }
                | ExprKind::PtrLit { x, .. }
                | ExprKind::Addr { x, .. } => stack.push(x),
                _ => {}
            }
        }
    }

    fn new_literal(&mut self, outer: FuncId, pos: Pos, sig: TypeId, kind: &str) -> FuncId {
        // Literals in a range-over-func body are named after the function
        // the loop is written in.
        let mut named = outer;
        while let Some(p) = self.range_parent[named.index()] {
            named = p;
        }
        let (slot, suffix) = match kind {
            "range" => (1, "-range"),
            "go" => (2, ".gowrap"),
            "defer" => (2, ".deferwrap"),
            _ if self.pkg.func(named).outer.is_none() => (0, ".func"),
            _ => (0, "."),
        };
        self.closure_count[named.index()][slot] += 1;
        let n = self.closure_count[named.index()][slot];
        let name = format!("{}{suffix}{n}", self.pkg.func(named).name);
        let func = self.new_func_pub(name, pos, sig);
        self.pkg.funcs[func.index()].outer = Some(outer);
        self.pkg.funcs[func.index()].generic = self.pkg.func(outer).generic;
        self.pkg.funcs[func.index()].instance = self.pkg.func(outer).instance;
        self.pkg.funcs[func.index()].has_body = true;
        func
    }

    /// A function literal: its own function, nested in the current one.
    pub fn closure(&mut self, fty: AstId, body: AstStmt, sig: TypeId, pos: Pos) -> FuncId {
        let outer = self.curfn;
        let func = self.new_literal(outer, pos, sig, "literal");
        self.curfn = func;
        let file = self.syntax();
        if let Ast::FuncType { params, results } = file.expr(fty).kind {
            let variadic = self.store.signature(sig).is_some_and(|s| s.variadic);
            let fields = file.field_list(params);
            let with_variadic: Vec<_> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| (*f, variadic && i + 1 == fields.len()))
                .collect();
            self.params(func, &with_variadic);
            self.results(func, file.field_list(results));
        }
        let saved_pre = std::mem::take(&mut self.pre);
        let saved_labels = std::mem::take(&mut self.labels);
        let stmts = self.block_stmts(body);
        self.labels = saved_labels;
        self.pre = saved_pre;
        self.pkg.funcs[func.index()].body = stmts;
        self.curfn = outer;
        func
    }

    /// The variables of a function body whose address is taken or that a
    /// function literal captures.
    pub fn scan_escaping(&self, body: AstStmt) -> FxHashSet<ObjId> {
        struct Scan<'s, 'a> {
            l: &'s Lowerer<'a>,
            literal_spans: Vec<(u32, u32)>,
            out: FxHashSet<ObjId>,
        }
        impl Visitor for Scan<'_, '_> {
            fn enter(&mut self, file: &File, node: Node) -> bool {
                let Node::Expr(e) = node else { return true };
                let expr = file.expr(e);
                match expr.kind {
                    Ast::FuncLit { .. } => {
                        self.literal_spans
                            .push((expr.span.start.0, expr.span.end.0));
                    }
                    Ast::Unary {
                        op: Operator::And,
                        x,
                    } => {
                        if let Some(obj) = self.l.obj_of(file.unparen(x)) {
                            self.out.insert(obj);
                        }
                    }
                    Ast::Slice { x, .. } => {
                        if let Some(obj) = self.l.obj_of(file.unparen(x)) {
                            if matches!(
                                self.l.store.ty(self.l.store.underlying(self.l.ty_of(x))),
                                Type::Array { .. }
                            ) {
                                self.out.insert(obj);
                            }
                        }
                    }
                    Ast::Selector { x, .. } => {
                        let addr = self.l.selections.get(&e).is_some_and(|r| {
                            r.kind == SelectionKind::MethodVal
                                && r.selection.recv_adjust == RecvAdjust::AddrOf
                        });
                        if addr {
                            if let Some(obj) = self.l.obj_of(file.unparen(x)) {
                                self.out.insert(obj);
                            }
                        }
                    }
                    Ast::Name(_) => {
                        if let Some(&(start, end)) = self.literal_spans.last() {
                            if let Some(obj) = self.l.obj_of(e) {
                                let declared = self.l.store.obj(obj).pos.map(|p| p.offset);
                                if declared.is_some_and(|d| d < start || d >= end) {
                                    self.out.insert(obj);
                                }
                            }
                        }
                    }
                    _ => {}
                }
                true
            }
            fn leave(&mut self, file: &File, node: Node) {
                if let Node::Expr(e) = node {
                    if let Ast::FuncLit { .. } = file.expr(e).kind {
                        self.literal_spans.pop();
                    }
                }
            }
        }
        let mut scan = Scan {
            l: self,
            literal_spans: Vec::new(),
            out: FxHashSet::default(),
        };
        walk(self.syntax(), Node::Stmt(body), &mut scan);
        scan.out
    }
}

/// gc's position for the end of a type expression (its `typeExprEndPos`
/// quirk): the innermost named element type.
fn type_expr_end_pos(file: &File, mut e: AstId) -> goescape_syntax::Pos {
    loop {
        match file.expr(e).kind {
            Ast::Selector { x, .. } => return file.expr(x).pos,
            Ast::Paren { x } => e = x,
            Ast::Unary { x, .. } => e = x,
            Ast::ArrayType { elem, .. }
            | Ast::ChanType { elem, .. }
            | Ast::DotsType { elem }
            | Ast::SliceType { elem } => e = elem,
            Ast::MapType { value, .. } => e = value,
            Ast::InterfaceType { methods } => match file.field_list(methods).last() {
                Some(f) => e = f.ty,
                None => return file.expr(e).pos,
            },
            Ast::FuncType { params, results } => {
                match file
                    .field_list(results)
                    .last()
                    .or_else(|| file.field_list(params).last())
                {
                    Some(f) => e = f.ty,
                    None => return file.expr(e).pos,
                }
            }
            Ast::Index { index, .. } => match file.unpack_list(Some(index)).last() {
                Some(last) => e = last,
                None => return file.expr(e).pos,
            },
            _ => return file.expr(e).pos,
        }
    }
}
