//! Expressions.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::{self as diag, SyntaxMsg};
use crate::pos::Pos;
use crate::printer;
use crate::token::{Operator, TokenKind, TokenSet};

impl Parser<'_> {
    pub(super) fn expr(&mut self) -> ExprId {
        self.binary_expr(None, 0)
    }

    /// `Expression = UnaryExpr | Expression binary_op Expression .`
    /// Operands of equal precedence are combined in a loop, so recursion
    /// depth is bounded by the number of precedence levels.
    pub(super) fn binary_expr(&mut self, lhs: Option<ExprId>, prec: u8) -> ExprId {
        let mut x = lhs.unwrap_or_else(|| self.unary_expr());
        while matches!(self.tok.kind, TokenKind::Operator | TokenKind::Star)
            && self.tok.op.precedence() > prec
        {
            let (pos, op) = (self.pos(), self.tok.op);
            self.next();
            let y = self.binary_expr(None, op.precedence());
            let start = self.expr_span(x).start.0;
            x = self.push_expr(pos, start, ExprKind::Binary { op, x, y });
        }
        x
    }

    /// `UnaryExpr = PrimaryExpr | unary_op UnaryExpr .` A run of unary
    /// operators is collected in a loop and applied innermost first, so
    /// `- - - x` costs no recursion.
    fn unary_expr(&mut self) -> ExprId {
        self.nested(|p| {
            let base = p.scratch_unary_ops.len();
            loop {
                let op = match p.tok.kind {
                    TokenKind::Operator | TokenKind::Star => match p.tok.op {
                        op @ (Operator::Mul
                        | Operator::Add
                        | Operator::Sub
                        | Operator::Not
                        | Operator::Xor
                        | Operator::Tilde
                        | Operator::And) => op,
                        _ => break,
                    },
                    // a receive, or the start of a channel type <-chan T
                    TokenKind::Arrow => Operator::Recv,
                    _ => break,
                };
                p.scratch_unary_ops.push((p.pos(), op));
                p.next();
            }
            // Parentheses are kept so "(x) := y" can be reported.
            let mut x = p.primary_expr(None, true);
            while p.scratch_unary_ops.len() > base {
                let (pos, op) = p.scratch_unary_ops.pop().expect("above base");
                x = match op {
                    Operator::Recv if matches!(p.expr_kind(x), ExprKind::ChanType { .. }) => {
                        p.reassociate_recv_chan(pos, x);
                        x
                    }
                    // A parenthesized composite literal operand loses its
                    // parentheses: &(T{}) is &T{}.
                    Operator::And => {
                        let x = p.unparen(x);
                        p.push_expr(pos, pos, ExprKind::Unary { op, x })
                    }
                    _ => p.push_expr(pos, pos, ExprKind::Unary { op, x }),
                };
            }
            x
        })
    }

    /// `<-` followed by the channel type `x`: the arrow belongs to the type,
    /// `<-(chan E)` is `<-chan E` and `<-(chan<- E)` is `<-chan (<-E)`.
    fn reassociate_recv_chan(&mut self, arrow: u32, x: ExprId) {
        let mut dir = ChanDir::SendOnly;
        let mut t = x;
        while dir == ChanDir::SendOnly {
            let ExprKind::ChanType { dir: d, elem } = self.expr_kind(t) else {
                break;
            };
            dir = d;
            if dir == ChanDir::RecvOnly {
                // <-<-chan E is not permitted
                self.syntax_error(SyntaxMsg::Plain("unexpected <-, expected chan"));
            }
            self.expr_mut(t).kind = ExprKind::ChanType {
                dir: ChanDir::RecvOnly,
                elem,
            };
            t = elem;
        }
        if dir == ChanDir::SendOnly {
            // <-chan<- E where E is not a channel type
            let found = printer::expr_string(&self.tree(), t);
            self.syntax_error(SyntaxMsg::Plain(&diag::unexpected_expected_chan(&found)));
        }
        self.expr_mut(x).span.start = Pos(arrow);
    }

    /// `Operand = Literal | OperandName | MethodExpr | "(" Expression ")" .`
    fn operand(&mut self, keep_parens: bool) -> ExprId {
        let pos = self.pos();
        match self.tok.kind {
            TokenKind::Name => self.name(),
            TokenKind::Literal => self.oliteral().expect("at a literal"),
            TokenKind::Lparen => {
                self.next();
                self.xnest += 1;
                let x = self.expr();
                self.xnest -= 1;
                self.want(TokenKind::Rparen);
                // Parentheses are recorded only where errors need them:
                // around a composite literal type (T){} (assumed when a "{"
                // follows) and where the caller asks.
                if keep_parens || self.at(TokenKind::Lbrace) {
                    self.push_expr(pos, pos, ExprKind::Paren { x })
                } else {
                    x
                }
            }
            TokenKind::Func => {
                self.next();
                let (_, ty) = self.func_type(Some("function type"), pos);
                if !self.at(TokenKind::Lbrace) {
                    return ty;
                }
                self.xnest += 1;
                let body = self.func_body();
                self.xnest -= 1;
                self.push_expr(pos, pos, ExprKind::FuncLit { ty, body })
            }
            TokenKind::Lbrack
            | TokenKind::Chan
            | TokenKind::Map
            | TokenKind::Struct
            | TokenKind::Interface => self.type_(),
            _ => {
                let x = self.bad_expr();
                self.syntax_error(SyntaxMsg::Expected("expression"));
                self.advance(TokenSet::of(&[
                    TokenKind::Rparen,
                    TokenKind::Rbrack,
                    TokenKind::Rbrace,
                ]));
                x
            }
        }
    }

    /// `PrimaryExpr = Operand | Conversion | PrimaryExpr Selector |
    /// PrimaryExpr Index | PrimaryExpr Slice | PrimaryExpr TypeAssertion |
    /// PrimaryExpr Arguments .` Also composite literals, whose type may be
    /// a qualified or instantiated name.
    pub(super) fn primary_expr(&mut self, operand: Option<ExprId>, keep_parens: bool) -> ExprId {
        let mut x = operand.unwrap_or_else(|| self.operand(keep_parens));
        loop {
            let pos = self.pos();
            let start = self.expr_span(x).start.0;
            match self.tok.kind {
                TokenKind::Dot => {
                    self.next();
                    match self.tok.kind {
                        TokenKind::Name => {
                            let sel = self.name();
                            x = self.push_expr(pos, start, ExprKind::Selector { x, sel });
                        }
                        TokenKind::Lparen => {
                            self.next();
                            let kind = if self.got(TokenKind::Type) {
                                // lhs is filled in by simple_stmt
                                ExprKind::TypeSwitchGuard { lhs: None, x }
                            } else {
                                ExprKind::Assert {
                                    x,
                                    ty: self.type_(),
                                }
                            };
                            self.want(TokenKind::Rparen);
                            x = self.push_expr(pos, start, kind);
                        }
                        _ => {
                            self.syntax_error(SyntaxMsg::Expected("name or ("));
                            self.advance(TokenSet::of(&[TokenKind::Semi, TokenKind::Rparen]));
                        }
                    }
                }
                TokenKind::Lbrack => {
                    self.next();
                    x = self.index_or_slice(pos, x);
                }
                TokenKind::Lparen => {
                    self.next();
                    let (args, has_dots) = self.arg_list();
                    x = self.push_expr(
                        pos,
                        start,
                        ExprKind::Call {
                            fun: x,
                            args,
                            has_dots,
                        },
                    );
                }
                TokenKind::Lbrace => {
                    // A composite literal, or the block of an if, for or
                    // switch whose header ends in x?
                    let t = self.unparen(x);
                    let complit_ok = match self.expr_kind(t) {
                        ExprKind::Name(_) | ExprKind::Selector { .. } => self.xnest >= 0,
                        ExprKind::Index { .. } => self.xnest >= 0 && !self.is_value(t),
                        ExprKind::ArrayType { .. }
                        | ExprKind::SliceType { .. }
                        | ExprKind::StructType { .. }
                        | ExprKind::MapType { .. } => true,
                        _ => false,
                    };
                    if !complit_ok {
                        break;
                    }
                    if t != x {
                        self.syntax_error(SyntaxMsg::Plain(
                            "cannot parenthesize type in composite literal",
                        ));
                    }
                    x = self.complit_expr(Some(x));
                }
                _ => break,
            }
        }
        x
    }

    /// After `x[`: an index or instantiation `x[i]`, `x[T1, T2]`, or a
    /// slice `x[i:j]`, `x[i:j:k]`.
    fn index_or_slice(&mut self, lbrack: u32, x: ExprId) -> ExprId {
        let start = self.expr_span(x).start.0;
        let mut lo = None;
        if !self.at(TokenKind::Colon) {
            let (index, comma) = if self.at(TokenKind::Rbrack) {
                // x[]: invalid, but accepted with a complaint
                self.syntax_error(SyntaxMsg::Expected("operand"));
                (self.bad_expr(), false)
            } else {
                self.type_list(false)
            };
            if comma || self.at(TokenKind::Rbrack) {
                self.want(TokenKind::Rbrack);
                return self.push_expr(lbrack, start, ExprKind::Index { x, index });
            }
            lo = Some(index);
        }
        // For a better message than want(Colon) would give (go.dev/issue/47704).
        if !self.got(TokenKind::Colon) {
            self.syntax_error(SyntaxMsg::Expected("comma, : or ]"));
            self.advance(TokenSet::of(&[
                TokenKind::Comma,
                TokenKind::Colon,
                TokenKind::Rbrack,
            ]));
        }
        self.xnest += 1;
        let mut hi = None;
        let mut max = None;
        let mut full = false;
        if !self.at(TokenKind::Colon) && !self.at(TokenKind::Rbrack) {
            hi = Some(self.expr());
        }
        if self.at(TokenKind::Colon) {
            full = true;
            if hi.is_none() {
                self.error_at(self.pos(), diag::MIDDLE_INDEX_REQUIRED);
                hi = Some(self.bad_expr());
            }
            self.next();
            if self.at(TokenKind::Rbrack) {
                self.error_at(self.pos(), diag::FINAL_INDEX_REQUIRED);
                max = Some(self.bad_expr());
            } else {
                max = Some(self.expr());
            }
        }
        self.xnest -= 1;
        self.want(TokenKind::Rbrack);
        self.push_expr(
            lbrack,
            start,
            ExprKind::Slice {
                x,
                lo,
                hi,
                max,
                full,
            },
        )
    }

    /// Whether `x` is syntactically certain to be a value, not a type.
    fn is_value(&self, x: ExprId) -> bool {
        let mut x = x;
        loop {
            match self.expr_kind(x) {
                ExprKind::BasicLit { .. }
                | ExprKind::CompositeLit { .. }
                | ExprKind::FuncLit { .. }
                | ExprKind::Slice { .. }
                | ExprKind::Assert { .. }
                | ExprKind::TypeSwitchGuard { .. }
                | ExprKind::Call { .. }
                | ExprKind::Binary { .. } => return true,
                // *T may be a type
                ExprKind::Unary { op, .. } => return op != Operator::Mul,
                ExprKind::Paren { x: inner } => x = inner,
                ExprKind::Index { x: base, index } => {
                    if self.is_value(index) {
                        return true;
                    }
                    x = base;
                }
                _ => return false,
            }
        }
    }

    /// `Element = Expression | LiteralValue .`
    fn bare_complit_expr(&mut self) -> ExprId {
        if self.at(TokenKind::Lbrace) {
            self.complit_expr(None)
        } else {
            self.expr()
        }
    }

    /// `LiteralValue = "{" [ ElementList [ "," ] ] "}" .`
    fn complit_expr(&mut self, ty: Option<ExprId>) -> ExprId {
        self.nested(|p| {
            let pos = p.pos();
            p.xnest += 1;
            p.want(TokenKind::Lbrace);
            let base = p.scratch_exprs.len();
            let rbrace = p.list(
                "composite literal",
                TokenKind::Comma,
                TokenKind::Rbrace,
                |p| {
                    let mut element = p.bare_complit_expr();
                    if p.at(TokenKind::Colon) {
                        let colon = p.pos();
                        p.next();
                        let value = p.bare_complit_expr();
                        let start = p.expr_span(element).start.0;
                        element = p.push_expr(
                            colon,
                            start,
                            ExprKind::KeyValue {
                                key: element,
                                value,
                            },
                        );
                    }
                    p.scratch_exprs.push(element);
                    false
                },
            );
            p.xnest -= 1;
            let elems = p.commit_exprs(base);
            let start = ty.map_or(pos, |t| p.expr_span(t).start.0);
            p.push_expr(
                pos,
                start,
                ExprKind::CompositeLit {
                    ty,
                    elems,
                    rbrace: Pos(rbrace),
                },
            )
        })
    }

    /// `Arguments = "(" [ ExpressionList [ "..." ] [ "," ] ] ")"`, after
    /// the "(".
    fn arg_list(&mut self) -> (ExprList, bool) {
        self.xnest += 1;
        let base = self.scratch_exprs.len();
        let mut has_dots = false;
        self.list("argument list", TokenKind::Comma, TokenKind::Rparen, |p| {
            let arg = p.expr();
            p.scratch_exprs.push(arg);
            has_dots = p.got(TokenKind::DotDotDot);
            has_dots
        });
        self.xnest -= 1;
        (self.commit_exprs(base), has_dots)
    }

    /// `ExpressionList = Expression { "," Expression } .` Several
    /// expressions become a `List`.
    pub(super) fn expr_list(&mut self) -> ExprId {
        let x = self.expr();
        if !self.got(TokenKind::Comma) {
            return x;
        }
        let base = self.scratch_exprs.len();
        self.scratch_exprs.push(x);
        loop {
            let next = self.expr();
            self.scratch_exprs.push(next);
            if !self.got(TokenKind::Comma) {
                break;
            }
        }
        self.list_expr(base)
    }

    /// A `List` of the expressions on `scratch_exprs` from `base`, at the
    /// first one's position.
    pub(super) fn list_expr(&mut self, base: usize) -> ExprId {
        let first = self.scratch_exprs[base];
        let (pos, start) = (self.expr_pos(first), self.expr_span(first).start.0);
        let elems = self.commit_exprs(base);
        self.push_expr(pos, start, ExprKind::List { elems })
    }

    /// `typeList = arg { "," arg } [ "," ] .` A non-empty list of types
    /// (the first may be any expression unless `strict`), optionally with a
    /// trailing comma; several become a `List`. Also returns whether there
    /// was a comma.
    pub(super) fn type_list(&mut self, strict: bool) -> (ExprId, bool) {
        self.xnest += 1;
        let mut x = if strict { self.type_() } else { self.expr() };
        let mut comma = false;
        if self.got(TokenKind::Comma) {
            comma = true;
            if let Some(second) = self.type_or_nil() {
                let base = self.scratch_exprs.len();
                self.scratch_exprs.extend([x, second]);
                while self.got(TokenKind::Comma) {
                    match self.type_or_nil() {
                        Some(t) => self.scratch_exprs.push(t),
                        None => break,
                    }
                }
                x = self.list_expr(base);
            }
        }
        self.xnest -= 1;
        (x, comma)
    }

    pub(super) fn unparen(&self, mut x: ExprId) -> ExprId {
        while let ExprKind::Paren { x: inner } = self.expr_kind(x) {
            x = inner;
        }
        x
    }

    pub(super) fn is_list(&self, x: ExprId) -> bool {
        matches!(self.expr_kind(x), ExprKind::List { .. })
    }
}
