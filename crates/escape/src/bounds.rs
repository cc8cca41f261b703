//! `index bounds check elided`: gc's walk drops the bounds check of an
//! index into an array (or through a pointer to one) or into a constant
//! string when the index's type and shape alone keep it below the length,
//! and says so at `-m` for a non-constant index. Walk runs after escape
//! analysis on every compiled function, so the messages come last.
//!
//! Where walk first makes an operand side-effect free (gc's `safeExpr`:
//! the arguments of `append`, the sizes of `make([]T, ...)`,
//! `unsafe.Slice` and `unsafe.String`), an index that is not a name or a
//! constant is moved into a temporary before the indexing is walked, and
//! then only the index's type can bound it.

use goescape_ir::{BuiltinOp, Callee, ExprId, ExprKind, FuncId, Package};
use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::Type;
use rustc_hash::FxHashSet;

use crate::typefacts::TypeFacts;
use crate::{Finding, Kind, Options};

/// The findings of every function gc compiles (generic ones are reported
/// per instantiation, compiler wrappers never).
pub fn report(pkg: &Package, facts: &TypeFacts<'_>, options: Options) -> Vec<Finding> {
    let mut out = Vec::new();
    if !options.level.reports() {
        return out;
    }
    for (i, f) in pkg.funcs.iter().enumerate() {
        if !f.has_body || f.generic || f.wrapper {
            continue;
        }
        let mut exprs = Vec::new();
        goescape_ir::visit::func_exprs(pkg, FuncId(i as u32), |e| exprs.push(e));
        let mut type_only = FxHashSet::default();
        for &e in &exprs {
            for operand in safe_operands(pkg, e) {
                mark_safe(pkg, operand, &mut type_only);
            }
        }
        for e in exprs {
            if elided(pkg, facts, e, type_only.contains(&e)) {
                out.push(Finding {
                    pos: pkg.expr(e).pos,
                    span: pkg.expr(e).span,
                    func: f.qualified_name(),
                    kind: Kind::BoundsCheckElided,
                });
            }
        }
    }
    out
}

/// The operands of `e` walk makes side-effect free before walking them.
fn safe_operands(pkg: &Package, e: ExprId) -> Vec<ExprId> {
    match &pkg.expr(e).kind {
        ExprKind::Call(call) => match call.callee {
            Callee::Builtin(BuiltinOp::Append) => call.args.clone(),
            Callee::Builtin(BuiltinOp::UnsafeBinary) if call.text != "Add" => call.args.clone(),
            _ => Vec::new(),
        },
        ExprKind::MakeSlice { len, cap } => std::iter::once(*len).chain(*cap).collect(),
        _ => Vec::new(),
    }
}

/// gc's `safeExpr` on `e`: through selectors, dereferences, `len`, `cap`
/// and indexing, the indexes are moved into temporaries.
fn mark_safe(pkg: &Package, e: ExprId, type_only: &mut FxHashSet<ExprId>) {
    ensure_sufficient_stack(|| match &pkg.expr(e).kind {
        ExprKind::Dot { x, .. } | ExprKind::DotPtr { x, .. } | ExprKind::Deref { x, .. } => {
            mark_safe(pkg, *x, type_only)
        }
        ExprKind::Call(call)
            if matches!(call.callee, Callee::Builtin(BuiltinOp::Unary))
                && matches!(call.text.as_str(), "len" | "cap") =>
        {
            if let Some(&x) = call.args.first() {
                mark_safe(pkg, x, type_only);
            }
        }
        ExprKind::IndexArray { x, .. } | ExprKind::IndexPtr { x, .. } => {
            type_only.insert(e);
            mark_safe(pkg, *x, type_only);
        }
        ExprKind::IndexMap { x, .. } => mark_safe(pkg, *x, type_only),
        _ => {}
    })
}

/// Whether `e` is an index whose bounds check walk drops, with an index
/// that is not a constant (judged by its type alone when `type_only`).
fn elided(pkg: &Package, facts: &TypeFacts<'_>, e: ExprId, type_only: bool) -> bool {
    let store = facts.store;
    let (len, index) = match pkg.expr(e).kind {
        ExprKind::IndexArray { x, index } => {
            let Type::Array { len: Some(len), .. } = store.ty(store.underlying(pkg.expr(x).ty))
            else {
                return false;
            };
            (i64::try_from(*len).unwrap_or(i64::MAX), index)
        }
        ExprKind::IndexPtr { x, index } => match pkg.expr(x).kind {
            ExprKind::Const {
                str_len: Some(len), ..
            } => (len, index),
            _ => return false,
        },
        _ => return false,
    };
    if matches!(pkg.expr(index).kind, ExprKind::Const { .. }) {
        return false;
    }
    if type_only {
        let ty = pkg.expr(index).ty;
        return facts
            .store
            .basic_kind(ty)
            .is_some_and(|k| k.is_unsigned() && type_bounded(8 * facts.size(ty), len));
    }
    bounded(pkg, facts, index, len)
}

/// Whether every value of an unsigned type of `bits` bits is below `max`.
fn type_bounded(bits: i64, max: i64) -> bool {
    bits <= 62 && (1i64 << bits) <= max
}

/// A constant that fits an `int32`, as gc's `IsSmallIntConst`.
fn small_int(pkg: &Package, e: ExprId) -> Option<i64> {
    match pkg.expr(e).kind {
        ExprKind::Const { int: Some(v), .. } if i64::from(v as i32) == v => Some(v),
        _ => None,
    }
}

/// gc's `bounded`: whether the integer `e` is always in `[0, max)`, judged
/// from its type and its outermost operation.
fn bounded(pkg: &Package, facts: &TypeFacts<'_>, e: ExprId, max: i64) -> bool {
    let expr = pkg.expr(e);
    let Some(kind) = facts.store.basic_kind(expr.ty) else {
        return false;
    };
    if !kind.is_integer() || kind.is_untyped() {
        return false;
    }
    let unsigned = kind.is_unsigned();
    let mut bits = 8 * facts.size(expr.ty);
    if let Some(v) = small_int(pkg, e) {
        return 0 <= v && v < max;
    }
    if let ExprKind::Binary { op, x, y } = expr.kind {
        match op {
            "&" | "&^" => {
                let mask = if let Some(v) = small_int(pkg, x) {
                    Some(v)
                } else if let Some(v) = small_int(pkg, y) {
                    if op == "&^" {
                        let mut v = !v;
                        if unsigned {
                            // All ones below `bits` (none above 63).
                            v &= 1i64.checked_shl(bits as u32).unwrap_or(0).wrapping_sub(1);
                        }
                        Some(v)
                    } else {
                        Some(v)
                    }
                } else {
                    None
                };
                if mask.is_some_and(|v| 0 <= v && v < max) {
                    return true;
                }
            }
            "%" if unsigned && small_int(pkg, y).is_some_and(|v| 0 <= v && v <= max) => {
                return true;
            }
            "/" if unsigned => {
                if let Some(mut v) = small_int(pkg, y) {
                    while bits > 0 && v >= 2 {
                        bits -= 1;
                        v >>= 1;
                    }
                }
            }
            ">>" if unsigned => {
                if let Some(v) = small_int(pkg, y) {
                    if v > bits {
                        return true;
                    }
                    bits -= v;
                }
            }
            _ => {}
        }
    }
    unsigned && type_bounded(bits, max)
}
