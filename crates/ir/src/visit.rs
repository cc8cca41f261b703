//! Visiting the expressions of one function's body: every expression its
//! statements evaluate, operands before the expression that uses them.
//! Function literals are functions of their own: their bodies are not
//! visited from the enclosing function.

use goescape_syntax::stack::ensure_sufficient_stack;
use rustc_hash::FxHashSet;

use crate::tree::*;

/// Calls `f` on every expression of `func`'s body, operands first, each
/// shared expression once.
pub fn func_exprs(pkg: &Package, func: FuncId, mut f: impl FnMut(ExprId)) {
    let mut v = Visitor {
        pkg,
        // A set, not a flag per expression of the package: visiting every
        // function stays linear in the package's size.
        seen: FxHashSet::default(),
        f: &mut f,
    };
    for &s in &pkg.func(func).body {
        v.stmt(s);
    }
}

struct Visitor<'a, F> {
    pkg: &'a Package,
    seen: FxHashSet<ExprId>,
    f: &'a mut F,
}

impl<F: FnMut(ExprId)> Visitor<'_, F> {
    fn stmt(&mut self, s: StmtId) {
        ensure_sufficient_stack(|| {
            let pkg = self.pkg;
            stmt_parts(&pkg.stmt(s).kind, &mut |part| match part {
                Part::Expr(e) => self.expr(e),
                Part::Stmt(s) => self.stmt(s),
            });
        })
    }

    fn expr(&mut self, e: ExprId) {
        ensure_sufficient_stack(|| {
            if !self.seen.insert(e) {
                return;
            }
            let mut ops = Vec::new();
            operands(&self.pkg.expr(e).kind, &mut ops);
            for op in ops {
                self.expr(op);
            }
            (self.f)(e);
        })
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
        | ExprKind::New
        | ExprKind::NoValue
        | ExprKind::MethodExpr { .. }
        | ExprKind::DictMethod { .. }
        | ExprKind::RuntimeFunc { .. }
        | ExprKind::Closure { .. } => {}
        ExprKind::Unary { x, .. }
        | ExprKind::Addr { x, .. }
        | ExprKind::Deref { x, .. }
        | ExprKind::Dot { x, .. }
        | ExprKind::DotPtr { x, .. }
        | ExprKind::DotType { x }
        | ExprKind::StringData { x }
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

/// A part of a statement: an expression it evaluates or a statement it
/// contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Expr(ExprId),
    Stmt(StmtId),
}

/// Calls `f` on the parts of a statement in evaluation order (a loop's
/// body before its post statement, each case's values before its body).
pub fn stmt_parts(kind: &StmtKind, f: &mut dyn FnMut(Part)) {
    fn exprs(f: &mut dyn FnMut(Part), list: &[ExprId]) {
        list.iter().for_each(|&e| f(Part::Expr(e)));
    }
    fn stmts(f: &mut dyn FnMut(Part), list: &[StmtId]) {
        list.iter().for_each(|&s| f(Part::Stmt(s)));
    }
    fn opt(f: &mut dyn FnMut(Part), e: Option<ExprId>) {
        e.into_iter().for_each(|e| f(Part::Expr(e)));
    }
    fn cases(f: &mut dyn FnMut(Part), cases: &[(Vec<ExprId>, Vec<StmtId>)]) {
        for (values, body) in cases {
            exprs(f, values);
            stmts(f, body);
        }
    }
    match kind {
        StmtKind::Block(list) => stmts(f, list),
        StmtKind::Decl(_) | StmtKind::Label { .. } | StmtKind::Branch(_) | StmtKind::Nop => {}
        StmtKind::Expr(e) => f(Part::Expr(*e)),
        StmtKind::If {
            init,
            cond,
            then,
            els,
        } => {
            stmts(f, init);
            f(Part::Expr(*cond));
            stmts(f, then);
            stmts(f, els);
        }
        StmtKind::For { cond, post, body } => {
            opt(f, *cond);
            stmts(f, body);
            post.iter().for_each(|&p| f(Part::Stmt(p)));
        }
        StmtKind::Range {
            x,
            key,
            value,
            body,
            ..
        } => {
            f(Part::Expr(*x));
            opt(f, *key);
            opt(f, *value);
            stmts(f, body);
        }
        StmtKind::Switch { tag, cases: c } => {
            opt(f, *tag);
            cases(f, c);
        }
        StmtKind::TypeSwitch { x, cases: c, .. } => {
            f(Part::Expr(*x));
            cases(f, c);
        }
        StmtKind::Select { cases } => {
            for (comm, body) in cases {
                comm.iter().for_each(|&c| f(Part::Stmt(c)));
                stmts(f, body);
            }
        }
        StmtKind::Send { chan, value } => exprs(f, &[*chan, *value]),
        StmtKind::Assign { lhs, rhs, .. } => {
            for &l in lhs {
                opt(f, l);
            }
            exprs(f, rhs);
        }
        StmtKind::AssignCall { lhs, call } => {
            for &l in lhs {
                opt(f, l);
            }
            f(Part::Expr(*call));
        }
        StmtKind::Return(results) => exprs(f, results),
        StmtKind::GoDefer { fun, .. } => f(Part::Expr(*fun)),
    }
}
