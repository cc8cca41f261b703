//! Visiting the expressions of one function's body: every expression its
//! statements evaluate, operands before the expression that uses them.
//! Function literals are functions of their own: their bodies are not
//! visited from the enclosing function.

use crate::tree::*;

/// Calls `f` on every expression of `func`'s body, operands first, each
/// shared expression once.
pub fn func_exprs(pkg: &Package, func: FuncId, mut f: impl FnMut(ExprId)) {
    let mut v = Visitor {
        pkg,
        seen: vec![false; pkg.exprs.len()],
        f: &mut f,
    };
    for &s in &pkg.func(func).body {
        v.stmt(s);
    }
}

struct Visitor<'a, F> {
    pkg: &'a Package,
    seen: Vec<bool>,
    f: &'a mut F,
}

impl<F: FnMut(ExprId)> Visitor<'_, F> {
    fn stmts(&mut self, list: &[StmtId]) {
        for &s in list {
            self.stmt(s);
        }
    }

    fn exprs(&mut self, list: &[ExprId]) {
        for &e in list {
            self.expr(e);
        }
    }

    fn opt(&mut self, e: Option<ExprId>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    fn cases(&mut self, cases: &[(Vec<ExprId>, Vec<StmtId>)]) {
        for (exprs, body) in cases {
            self.exprs(exprs);
            self.stmts(body);
        }
    }

    fn stmt(&mut self, s: StmtId) {
        let pkg = self.pkg;
        match &pkg.stmt(s).kind {
            StmtKind::Block(list) => self.stmts(list),
            StmtKind::Decl(_) | StmtKind::Label { .. } | StmtKind::Nop => {}
            StmtKind::Expr(e) => self.expr(*e),
            StmtKind::If { cond, then, els } => {
                self.expr(*cond);
                self.stmts(then);
                self.stmts(els);
            }
            StmtKind::For { cond, post, body } => {
                self.opt(*cond);
                self.stmts(body);
                if let Some(p) = post {
                    self.stmt(*p);
                }
            }
            StmtKind::Range {
                x,
                key,
                value,
                body,
                ..
            } => {
                self.expr(*x);
                self.opt(*key);
                self.opt(*value);
                self.stmts(body);
            }
            StmtKind::Switch { tag, cases } => {
                self.opt(*tag);
                self.cases(cases);
            }
            StmtKind::TypeSwitch { x, cases, .. } => {
                self.expr(*x);
                self.cases(cases);
            }
            StmtKind::Select { cases } => {
                for (comm, body) in cases {
                    if let Some(c) = comm {
                        self.stmt(*c);
                    }
                    self.stmts(body);
                }
            }
            StmtKind::Send { chan, value } => {
                self.expr(*chan);
                self.expr(*value);
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                for l in lhs {
                    self.opt(*l);
                }
                self.exprs(rhs);
            }
            StmtKind::AssignCall { lhs, call } => {
                for l in lhs {
                    self.opt(*l);
                }
                self.expr(*call);
            }
            StmtKind::Return(results) => self.exprs(results),
            StmtKind::GoDefer { fun, .. } => self.expr(*fun),
        }
    }

    fn expr(&mut self, e: ExprId) {
        if std::mem::replace(&mut self.seen[e.index()], true) {
            return;
        }
        let mut ops = Vec::new();
        operands(&self.pkg.expr(e).kind, &mut ops);
        for op in ops {
            self.expr(op);
        }
        (self.f)(e);
    }
}

/// The operand expressions of an expression, in evaluation order (a
/// call's function or receiver first); function literals' bodies are not
/// operands.
pub fn operands(kind: &ExprKind, out: &mut Vec<ExprId>) {
    match kind {
        ExprKind::Var(_)
        | ExprKind::Global(_)
        | ExprKind::FuncName { .. }
        | ExprKind::Const { .. }
        | ExprKind::Nil
        | ExprKind::NoValue
        | ExprKind::MethodExpr { .. }
        | ExprKind::Closure { .. } => {}
        ExprKind::Unary { x, .. }
        | ExprKind::Addr { x, .. }
        | ExprKind::Deref { x, .. }
        | ExprKind::Dot { x, .. }
        | ExprKind::DotPtr { x, .. }
        | ExprKind::DotType { x }
        | ExprKind::Conv { x, .. }
        | ExprKind::UnsafeFromUintptr { x }
        | ExprKind::ConvIface { x, .. }
        | ExprKind::SliceToArray { x }
        | ExprKind::SliceToArrayPtr { x }
        | ExprKind::StringConv { x, .. }
        | ExprKind::Recv { x }
        | ExprKind::PtrLit { x, .. }
        | ExprKind::MethodValue { x, .. } => out.push(*x),
        ExprKind::Binary { x, y, .. } => out.extend([*x, *y]),
        ExprKind::IndexArray { x, index } | ExprKind::IndexPtr { x, index } => {
            out.extend([*x, *index])
        }
        ExprKind::IndexMap { x, key } => out.extend([*x, *key]),
        ExprKind::Slice {
            x, low, high, max, ..
        } => {
            out.push(*x);
            out.extend([low, high, max].into_iter().flatten());
        }
        ExprKind::AddStr { list } => out.extend(list),
        ExprKind::Call(c) => {
            match &c.callee {
                Callee::Func { fun, .. } => out.push(*fun),
                Callee::Interface { recv, .. } => out.push(*recv),
                Callee::Builtin(_) => {}
            }
            out.extend(&c.args);
        }
        ExprKind::New { value } => out.extend(value),
        ExprKind::MakeSlice { len, cap } => {
            out.push(*len);
            out.extend(cap);
        }
        ExprKind::MakeMap { len } | ExprKind::MakeChan { len } => out.extend(len),
        ExprKind::ArrayLit { elems }
        | ExprKind::SliceLit { elems, .. }
        | ExprKind::StructLit { elems } => out.extend(elems),
        ExprKind::MapLit { entries } => {
            for &(k, v) in entries {
                out.extend([k, v]);
            }
        }
    }
}
