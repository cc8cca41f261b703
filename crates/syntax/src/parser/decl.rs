//! Declarations.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::{self as diag, SyntaxMsg};
use crate::pos::Pos;
use crate::token::{LitKind, Operator, TokenKind, TokenSet};

enum ArrayOrParams {
    Array(ExprId),
    Params(FieldList),
}

impl Parser<'_> {
    /// The specs after `import`, `const`, `type` or `var` (already
    /// consumed): one spec, or a parenthesized group. Pushes the
    /// declarations onto `scratch_decls`.
    pub(super) fn decl_group(&mut self, keyword: TokenKind) {
        if !self.at(TokenKind::Lparen) {
            let decl = self.spec(keyword, None, 0);
            self.scratch_decls.push(decl);
            return;
        }
        let group = self.new_group();
        // Clear directives before the "(": they cannot apply to the group.
        self.clear_pragma();
        self.next();
        let mut index = 0;
        self.list(
            "grouped declaration",
            TokenKind::Semi,
            TokenKind::Rparen,
            |p| {
                let decl = p.spec(keyword, Some(group), index);
                p.scratch_decls.push(decl);
                index += 1;
                false
            },
        );
    }

    fn spec(&mut self, keyword: TokenKind, group: Option<GroupId>, index: u32) -> Decl {
        let pos = self.pos();
        let pragma = self.take_pragma();
        let kind = match keyword {
            TokenKind::Import => DeclKind::Import(self.import_spec(group, pragma)),
            TokenKind::Const => DeclKind::Const(self.const_spec(group, index, pragma)),
            TokenKind::Type => DeclKind::Type(self.type_spec(group, pragma)),
            TokenKind::Var => DeclKind::Var(self.var_spec(group, pragma)),
            _ => unreachable!("not a declaration keyword: {keyword:?}"),
        };
        Decl {
            pos: Pos(pos),
            kind,
        }
    }

    /// `ImportSpec = [ "." | PackageName ] ImportPath .`
    fn import_spec(&mut self, group: Option<GroupId>, pragma: Option<PragmaId>) -> ImportDecl {
        let local_name = match self.tok.kind {
            TokenKind::Name => Some(self.name()),
            TokenKind::Dot => {
                let pos = self.pos();
                self.next();
                let name = self.intern(b".");
                Some(self.push_expr(pos, pos, ExprKind::Name(name)))
            }
            _ => None,
        };
        let mut decl = ImportDecl {
            group,
            pragma,
            local_name,
            path: self.oliteral(),
        };
        let Some(path) = decl.path else {
            self.syntax_error(SyntaxMsg::Plain("missing import path"));
            self.advance(TokenSet::of(&[TokenKind::Semi, TokenKind::Rparen]));
            return decl;
        };
        if let ExprKind::BasicLit { kind, bad: false } = self.expr_kind(path) {
            if kind != LitKind::String {
                self.syntax_error_at(
                    self.expr_pos(path),
                    SyntaxMsg::Plain("import path must be a string"),
                );
                self.expr_mut(path).kind = ExprKind::BasicLit { kind, bad: true };
            }
        }
        decl.path = Some(path);
        decl
    }

    /// `ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] .`
    fn const_spec(
        &mut self,
        group: Option<GroupId>,
        iota: u32,
        pragma: Option<PragmaId>,
    ) -> ConstDecl {
        let first = self.name();
        let base = self.name_list(first);
        let names = self.commit_exprs(base);
        let (mut ty, mut values) = (None, None);
        if !self.at(TokenKind::Eof) && !self.at(TokenKind::Semi) && !self.at(TokenKind::Rparen) {
            ty = self.type_or_nil();
            if self.got_assign() {
                values = Some(self.expr_list());
            }
        }
        ConstDecl {
            group,
            iota,
            pragma,
            names,
            ty,
            values,
        }
    }

    /// `TypeSpec = identifier [ TypeParams ] [ "=" ] Type .`
    fn type_spec(&mut self, group: Option<GroupId>, pragma: Option<PragmaId>) -> TypeDecl {
        let name = self.name();
        let mut tparams = FieldList::default();
        let mut alias = false;
        let ty = if self.at(TokenKind::Lbrack) {
            // An array or slice type, or a type parameter list.
            let lbrack = self.pos();
            self.next();
            match self.tok.kind {
                TokenKind::Name => match self.array_len_or_type_params(lbrack) {
                    ArrayOrParams::Array(array) => Some(array),
                    ArrayOrParams::Params(params) => {
                        tparams = params;
                        alias = self.got_assign();
                        self.type_or_nil()
                    }
                },
                TokenKind::Rbrack => {
                    self.next();
                    Some(self.slice_type(lbrack))
                }
                _ => Some(self.array_type(lbrack, None)),
            }
        } else {
            alias = self.got_assign();
            self.type_or_nil()
        };
        let ty = ty.unwrap_or_else(|| {
            let bad = self.bad_expr();
            self.syntax_error(SyntaxMsg::Context("in type declaration"));
            self.advance(TokenSet::of(&[TokenKind::Semi, TokenKind::Rparen]));
            bad
        });
        TypeDecl {
            group,
            pragma,
            name,
            tparams,
            alias,
            ty,
        }
    }

    /// After `type Name [` with a name next: decides, as gc does, between
    /// an array length and a type parameter list by parsing an expression
    /// and trying to split it into a parameter name and constraint.
    fn array_len_or_type_params(&mut self, lbrack: u32) -> ArrayOrParams {
        // A constraint may start with "[" (P []E); since index expressions
        // are never valid array lengths, a name followed by "[" must start
        // a type parameter list, and is not parsed as an expression.
        let mut x = self.name();
        if !self.at(TokenKind::Lbrack) {
            self.xnest += 1;
            let operand = self.primary_expr(Some(x), false);
            x = self.binary_expr(Some(operand), 0);
            self.xnest -= 1;
        }
        // A lone name followed by "]" is an array length; a constraint
        // that could also be a value is one if followed by a comma.
        match self.extract_name(x, self.at(TokenKind::Comma)) {
            Some((pname, ptype)) if ptype.is_some() || !self.at(TokenKind::Rbrack) => {
                ArrayOrParams::Params(self.param_list(
                    Some(pname),
                    ptype,
                    TokenKind::Rbrack,
                    true,
                    false,
                ))
            }
            _ => ArrayOrParams::Array(self.array_type(lbrack, Some(x))),
        }
    }

    /// Splits `x` into a type parameter name and constraint if it can be
    /// read as `name constraint`: `P *C`, `P (C)`, `P *C | D`, ... The
    /// split only happens when the constraint is clearly a type element,
    /// unless `force`. A plain name yields `(name, None)`.
    fn extract_name(&mut self, x: ExprId, force: bool) -> Option<(ExprId, Option<ExprId>)> {
        match self.expr_kind(x) {
            ExprKind::Name(_) => Some((x, None)),
            ExprKind::Binary {
                op: Operator::Mul,
                x: lhs,
                y,
            } => {
                if !matches!(self.expr_kind(lhs), ExprKind::Name(_))
                    || !(force || self.is_type_elem(y))
                {
                    return None;
                }
                // name *y: the operation becomes the pointer type *y.
                let end = self.expr_span(y).end.0;
                let expr = self.expr_mut(x);
                expr.kind = ExprKind::Unary {
                    op: Operator::Mul,
                    x: y,
                };
                expr.span.start = expr.pos;
                expr.span.end = Pos(end);
                Some((lhs, Some(x)))
            }
            ExprKind::Binary {
                op: Operator::Or, ..
            } => self.extract_name_from_union(x, force),
            ExprKind::Call {
                fun,
                args,
                has_dots: false,
            } if args.len() == 1 && matches!(self.expr_kind(fun), ExprKind::Name(_)) => {
                let arg = self.arena.expr_lists[args.range()][0];
                (force || self.is_type_elem(arg)).then(|| (fun, Some(self.unparen(arg))))
            }
            _ => None,
        }
    }

    /// `extract_name` for a union `x = a | b | ...`: the name must come
    /// from the leftmost operand, which is then replaced by the rest of
    /// that operand. Iterative along the (left-deep) chain.
    fn extract_name_from_union(
        &mut self,
        x: ExprId,
        force: bool,
    ) -> Option<(ExprId, Option<ExprId>)> {
        // Walk down the left spine; each level's operand decides whether
        // splitting is forced below it.
        let mut spine = vec![x];
        let mut force = force;
        let mut leftmost = x;
        while let ExprKind::Binary {
            op: Operator::Or,
            x: lhs,
            y,
        } = self.expr_kind(leftmost)
        {
            force = force || self.is_type_elem(y);
            leftmost = lhs;
            if matches!(
                self.expr_kind(lhs),
                ExprKind::Binary {
                    op: Operator::Or,
                    ..
                }
            ) {
                spine.push(lhs);
            }
        }
        let (name, Some(rest)) = self.extract_name(leftmost, force)? else {
            return None;
        };
        // Replace the leftmost operand and shrink the spans on the spine.
        let bottom = *spine.last().expect("spine holds x");
        if let ExprKind::Binary { op, y, .. } = self.expr_kind(bottom) {
            self.expr_mut(bottom).kind = ExprKind::Binary { op, x: rest, y };
        }
        let start = self.expr_span(rest).start;
        for &node in &spine {
            self.expr_mut(node).span.start = start;
        }
        Some((name, Some(x)))
    }

    /// Whether `x` is (syntactically) certainly a type element rather than
    /// possibly a value: a type literal, `~T`, or an operation or
    /// parenthesized expression involving one.
    pub(super) fn is_type_elem(&self, x: ExprId) -> bool {
        let mut pending = vec![x];
        while let Some(x) = pending.pop() {
            match self.expr_kind(x) {
                ExprKind::ArrayType { .. }
                | ExprKind::StructType { .. }
                | ExprKind::FuncType { .. }
                | ExprKind::InterfaceType { .. }
                | ExprKind::SliceType { .. }
                | ExprKind::MapType { .. }
                | ExprKind::ChanType { .. }
                | ExprKind::Unary {
                    op: Operator::Tilde,
                    ..
                } => return true,
                ExprKind::Unary { x, .. } | ExprKind::Paren { x } => pending.push(x),
                ExprKind::Binary { x, y, .. } => pending.extend([x, y]),
                _ => {}
            }
        }
        false
    }

    /// `VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ) .`
    fn var_spec(&mut self, group: Option<GroupId>, pragma: Option<PragmaId>) -> VarDecl {
        let first = self.name();
        let base = self.name_list(first);
        let names = self.commit_exprs(base);
        let (mut ty, mut values) = (None, None);
        if self.got_assign() {
            values = Some(self.expr_list());
        } else {
            ty = Some(self.type_());
            if self.got_assign() {
                values = Some(self.expr_list());
            }
        }
        VarDecl {
            group,
            pragma,
            names,
            ty,
            values,
        }
    }

    /// `FunctionDecl = "func" FunctionName [ TypeParams ] ( Function | Signature ) .`
    /// `MethodDecl   = "func" Receiver MethodName ( Function | Signature ) .`
    /// The `func` keyword has been consumed.
    pub(super) fn func_decl(&mut self) -> Decl {
        let pos = self.pos();
        let pragma = self.take_pragma();

        let mut context = None;
        let mut recv = None;
        if self.got(TokenKind::Lparen) {
            context = Some("method");
            let receivers = self.param_list(None, None, TokenKind::Rparen, false, false);
            match receivers.len() {
                0 => self.error_at(self.pos(), diag::METHOD_NO_RECEIVER),
                1 => {}
                _ => self.error_at(self.pos(), diag::METHOD_MULTIPLE_RECEIVERS),
            }
            recv = (!receivers.is_empty()).then(|| FieldId::from_index(receivers.range().start));
        }

        let (name, tparams, ty) = if self.at(TokenKind::Name) {
            let name = self.name();
            let start = self.pos();
            let (tparams, ty) = self.func_type(context, start);
            (name, tparams, ty)
        } else {
            let here = self.pos();
            let name = self.synthetic_name(here, "_");
            let ty = self.push_expr(
                here,
                here,
                ExprKind::FuncType {
                    params: FieldList::default(),
                    results: FieldList::default(),
                },
            );
            let expected = if context.is_some() {
                "name"
            } else {
                "name or ("
            };
            self.syntax_error(SyntaxMsg::Expected(expected));
            self.advance(TokenSet::of(&[TokenKind::Lbrace, TokenKind::Semi]));
            (name, FieldList::default(), ty)
        };

        let body = self.at(TokenKind::Lbrace).then(|| self.func_body());
        Decl {
            pos: Pos(pos),
            kind: DeclKind::Func(FuncDecl {
                pragma,
                recv,
                name,
                tparams,
                ty,
                body,
            }),
        }
    }

    /// A function body; remembered for branch checking if it parsed
    /// without errors.
    pub(super) fn func_body(&mut self) -> StmtId {
        self.fnest += 1;
        let errors_before = self.error_count();
        let body = self.block_stmt("");
        self.fnest -= 1;
        if self.error_count() == errors_before {
            self.checked_bodies.push(body);
        }
        body
    }
}
