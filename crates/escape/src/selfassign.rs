//! Assignments gc ignores because they only move data within one object
//! (`b.buf = b.buf[1:]`, `s.x = s.x`, `a[i] = a[j]`).

use goescape_ir::{ExprId, ExprKind, Package};
use goescape_syntax::stack::ensure_sufficient_stack;

pub fn is_self_assign(pkg: &Package, dst: ExprId, src: ExprId) -> bool {
    if is_slice_self_assign(pkg, dst, src) {
        return true;
    }
    match (&pkg.expr(dst).kind, &pkg.expr(src).kind) {
        (ExprKind::Dot { x: dx, .. }, ExprKind::Dot { x: sx, .. })
        | (ExprKind::DotPtr { x: dx, .. }, ExprKind::DotPtr { x: sx, .. }) => {
            same_safe_expr(pkg, *dx, *sx)
        }
        (ExprKind::IndexArray { x: dx, index: di }, ExprKind::IndexArray { x: sx, index: si })
        | (ExprKind::IndexPtr { x: dx, index: di }, ExprKind::IndexPtr { x: sx, index: si }) => {
            !may_affect_memory(pkg, *di)
                && !may_affect_memory(pkg, *si)
                && same_safe_expr(pkg, *dx, *sx)
        }
        _ => false,
    }
}

/// `*p = (*p)[a:b]` or `p.f = p.f[a:b]` for the same variable `p`.
fn is_slice_self_assign(pkg: &Package, dst: ExprId, src: ExprId) -> bool {
    let Some(dst_base) = deref_base(pkg, dst) else {
        return false;
    };
    let ExprKind::Slice { x, .. } = &pkg.expr(src).kind else {
        return false;
    };
    let Some(src_base) = deref_base(pkg, *x) else {
        return false;
    };
    match (&pkg.expr(dst_base).kind, &pkg.expr(src_base).kind) {
        (ExprKind::Var(a), ExprKind::Var(b)) => a == b,
        _ => false,
    }
}

fn deref_base(pkg: &Package, e: ExprId) -> Option<ExprId> {
    match &pkg.expr(e).kind {
        ExprKind::Deref { x, .. } | ExprKind::DotPtr { x, .. } => Some(*x),
        _ => None,
    }
}

/// Whether evaluating `e` may write memory (or do anything not obviously
/// harmless).
fn may_affect_memory(pkg: &Package, e: ExprId) -> bool {
    ensure_sufficient_stack(|| {
        match &pkg.expr(e).kind {
            ExprKind::Var(_) | ExprKind::Global(_) | ExprKind::Const { .. } | ExprKind::Nil => {
                false
            }
            ExprKind::Binary { x, y, .. } => {
                may_affect_memory(pkg, *x) || may_affect_memory(pkg, *y)
            }
            ExprKind::IndexArray { x, index } | ExprKind::IndexPtr { x, index } => {
                may_affect_memory(pkg, *x) || may_affect_memory(pkg, *index)
            }
            ExprKind::Conv { x, .. }
            | ExprKind::Unary { x, .. }
            | ExprKind::Dot { x, .. }
            | ExprKind::DotPtr { x, .. }
            | ExprKind::Deref { x, .. } => may_affect_memory(pkg, *x),
            ExprKind::Call(call) => {
                // len and cap are pure.
                !matches!(
                    call.callee,
                    goescape_ir::Callee::Builtin(goescape_ir::BuiltinOp::Unary)
                ) || call.args.iter().any(|&a| may_affect_memory(pkg, a))
            }
            _ => true,
        }
    })
}

/// Whether `a` and `b` are the same expression without side effects.
fn same_safe_expr(pkg: &Package, a: ExprId, b: ExprId) -> bool {
    ensure_sufficient_stack(|| {
        use ExprKind::*;
        match (&pkg.expr(a).kind, &pkg.expr(b).kind) {
            (Var(x), Var(y)) => x == y,
            (Global(x), Global(y)) => x == y,
            (Dot { x: ax, field: af }, Dot { x: bx, field: bf })
            | (DotPtr { x: ax, field: af }, DotPtr { x: bx, field: bf }) => {
                af == bf && same_safe_expr(pkg, *ax, *bx)
            }
            (Deref { x: ax, .. }, Deref { x: bx, .. }) => same_safe_expr(pkg, *ax, *bx),
            (Unary { op: ao, x: ax }, Unary { op: bo, x: bx }) => {
                ao == bo && same_safe_expr(pkg, *ax, *bx)
            }
            (Conv { x: ax, .. }, Conv { x: bx, .. }) => {
                pkg.expr(a).ty == pkg.expr(b).ty && same_safe_expr(pkg, *ax, *bx)
            }
            (IndexArray { x: ax, index: ai }, IndexArray { x: bx, index: bi })
            | (IndexPtr { x: ax, index: ai }, IndexPtr { x: bx, index: bi })
            | (IndexMap { x: ax, key: ai }, IndexMap { x: bx, key: bi }) => {
                same_safe_expr(pkg, *ax, *bx) && same_safe_expr(pkg, *ai, *bi)
            }
            (
                Binary {
                    op: ao,
                    x: ax,
                    y: ay,
                },
                Binary {
                    op: bo,
                    x: bx,
                    y: by,
                },
            ) => ao == bo && same_safe_expr(pkg, *ax, *bx) && same_safe_expr(pkg, *ay, *by),
            (Const { text: at, .. }, Const { text: bt, .. }) => at == bt,
            (Nil, Nil) => true,
            _ => false,
        }
    })
}
