//! Conditions known before lowering: gc's noder leaves out the branch of an
//! `if` that a constant condition rules out (`if raceenabled { ... }`), so
//! nothing in it is analysed, walked or numbered.

use goescape_syntax::{ExprId as AstId, ExprKind as Ast, Operator};
use goescape_types::check::Mode;

use super::Lowerer;

impl Lowerer<'_> {
    /// The constant truth of `e` as gc's noder judges it (+1 true, -1
    /// false, 0 unknown), and the expression left to evaluate: of `c && x`
    /// or `c || x` with a constant `c` only `x` remains.
    pub(super) fn static_bool(&self, e: AstId) -> (i32, AstId) {
        if let Some(tv) = self.tv(e) {
            if tv.mode == Mode::Constant {
                if let Some(b) = tv.value.as_ref().and_then(|v| v.bool_value()) {
                    return (if b { 1 } else { -1 }, e);
                }
            }
        }
        let is_const = |x: AstId| self.tv(x).is_some_and(|t| t.mode == Mode::Constant);
        match self.syntax().expr(e).kind {
            // As gc does, without negating.
            Ast::Unary {
                op: Operator::Not,
                x,
            } => (self.static_bool(x).0, e),
            Ast::Binary {
                op: Operator::AndAnd,
                x,
                y,
            } => {
                let (xv, xe) = self.static_bool(x);
                if xv < 0 {
                    return (xv, xe);
                }
                let (yv, ye) = self.static_bool(y);
                if xv > 0 || yv < 0 {
                    return (yv, if is_const(x) { ye } else { e });
                }
                (0, e)
            }
            Ast::Binary {
                op: Operator::OrOr,
                x,
                y,
            } => {
                let (xv, xe) = self.static_bool(x);
                if xv > 0 {
                    return (xv, xe);
                }
                let (yv, ye) = self.static_bool(y);
                if xv < 0 || yv > 0 {
                    return (yv, if is_const(x) { ye } else { e });
                }
                (0, e)
            }
            _ => (0, e),
        }
    }
}
