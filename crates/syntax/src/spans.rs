//! Where expressions start, as gc computes it.

use crate::ast::{Expr, ExprId, ExprKind};
use crate::pos::Pos;

/// gc's `StartPos` for an expression: the position of its leftmost
/// token as gc determines it. This differs from [`Expr::span`]'s exact
/// start for a few nodes, e.g. a slice expression starts at its `[` and a
/// function type at its `(`.
pub(crate) fn gc_start_pos(exprs: &[Expr], lists: &[ExprId], id: ExprId) -> Pos {
    let mut id = id;
    loop {
        let expr = &exprs[id.index()];
        id = match expr.kind {
            ExprKind::CompositeLit { ty: Some(ty), .. } => ty,
            ExprKind::KeyValue { key, .. } => key,
            ExprKind::Selector { x, .. }
            | ExprKind::Index { x, .. }
            | ExprKind::Assert { x, .. }
            | ExprKind::Binary { x, .. }
            | ExprKind::TypeSwitchGuard { lhs: None, x } => x,
            ExprKind::TypeSwitchGuard { lhs: Some(lhs), .. } => lhs,
            ExprKind::Call { fun, .. } => fun,
            ExprKind::List { elems } if !elems.is_empty() => lists[elems.range().start],
            _ => return expr.pos,
        };
    }
}
