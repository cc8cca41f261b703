//! Types, fields and parameter lists.

use super::{ParamDraft, Parser};
use crate::ast::*;
use crate::diagnostics::{self as diag, SyntaxMsg};
use crate::pos::{Pos, Span};
use crate::token::{Operator, TokenKind, TokenSet};

/// A type constructor written before its element type.
#[derive(Clone, Copy)]
pub(super) enum TypePrefix {
    Pointer(u32),
    Slice(u32),
    Array(u32, Option<ExprId>),
    Chan(u32, ChanDir),
    Map(u32, ExprId),
}

impl Parser<'_> {
    pub(super) fn type_(&mut self) -> ExprId {
        self.type_or_nil().unwrap_or_else(|| self.missing_type())
    }

    /// A `Bad` placeholder for a required type that is missing.
    fn missing_type(&mut self) -> ExprId {
        let bad = self.bad_expr();
        self.syntax_error(SyntaxMsg::Expected("type"));
        self.advance(TokenSet::of(&[
            TokenKind::Comma,
            TokenKind::Colon,
            TokenKind::Semi,
            TokenKind::Rparen,
            TokenKind::Rbrack,
            TokenKind::Rbrace,
        ]));
        bad
    }

    /// A `Bad` placeholder for a missing channel element type.
    fn missing_chan_elem(&mut self) -> ExprId {
        let bad = self.bad_expr();
        // Assume the element type is simply absent: don't advance.
        self.syntax_error(SyntaxMsg::Plain("missing channel element type"));
        bad
    }

    /// `Type = TypeName | TypeLit | "(" Type ")" .`, or `None` if no type
    /// starts here. Parentheses around types are not kept.
    ///
    /// Type constructors written before their element type (`*`, `[]`,
    /// `[n]`, `map[K]`, `chan`) are collected in a loop and applied
    /// innermost first, so long chains like `[][][]...T` cost no recursion.
    pub(super) fn type_or_nil(&mut self) -> Option<ExprId> {
        self.nested(|p| {
            let base = p.scratch_type_prefixes.len();
            while let Some(prefix) = p.type_prefix() {
                p.scratch_type_prefixes.push(prefix);
            }
            let operand = p.type_operand();
            let innermost = p.scratch_type_prefixes[base..].last().copied();
            let mut ty = match (operand, innermost) {
                (operand, None) => return operand,
                (Some(ty), Some(_)) => ty,
                (None, Some(TypePrefix::Chan(..))) => p.missing_chan_elem(),
                (None, Some(_)) => p.missing_type(),
            };
            while p.scratch_type_prefixes.len() > base {
                let prefix = p.scratch_type_prefixes.pop().expect("above base");
                let (pos, kind) = match prefix {
                    TypePrefix::Pointer(pos) => (
                        pos,
                        ExprKind::Unary {
                            op: Operator::Mul,
                            x: ty,
                        },
                    ),
                    TypePrefix::Slice(pos) => (pos, ExprKind::SliceType { elem: ty }),
                    TypePrefix::Array(pos, len) => (pos, ExprKind::ArrayType { len, elem: ty }),
                    TypePrefix::Chan(pos, dir) => (pos, ExprKind::ChanType { dir, elem: ty }),
                    TypePrefix::Map(pos, key) => (pos, ExprKind::MapType { key, value: ty }),
                };
                ty = p.push_expr(pos, pos, kind);
            }
            Some(ty)
        })
    }

    /// Consumes a type constructor that precedes an element type.
    fn type_prefix(&mut self) -> Option<TypePrefix> {
        let pos = self.pos();
        let prefix = match self.tok.kind {
            TokenKind::Star => {
                self.next();
                TypePrefix::Pointer(pos)
            }
            TokenKind::Arrow => {
                self.next();
                self.want(TokenKind::Chan);
                TypePrefix::Chan(pos, ChanDir::RecvOnly)
            }
            TokenKind::Chan => {
                self.next();
                let dir = if self.got(TokenKind::Arrow) {
                    ChanDir::SendOnly
                } else {
                    ChanDir::Both
                };
                TypePrefix::Chan(pos, dir)
            }
            TokenKind::Lbrack => {
                self.next();
                if self.got(TokenKind::Rbrack) {
                    TypePrefix::Slice(pos)
                } else {
                    TypePrefix::Array(pos, self.array_len(None))
                }
            }
            TokenKind::Map => {
                self.next();
                self.want(TokenKind::Lbrack);
                let key = self.type_();
                self.want(TokenKind::Rbrack);
                TypePrefix::Map(pos, key)
            }
            _ => return None,
        };
        Some(prefix)
    }

    /// A type that does not start with a type constructor prefix.
    fn type_operand(&mut self) -> Option<ExprId> {
        let pos = self.pos();
        let ty = match self.tok.kind {
            TokenKind::Func => {
                self.next();
                self.func_type(Some("function type"), pos).1
            }
            TokenKind::Struct => self.struct_type(),
            TokenKind::Interface => self.interface_type(),
            TokenKind::Name => self.qualified_name(None),
            TokenKind::Lparen => {
                self.next();
                let t = self.type_();
                self.want(TokenKind::Rparen);
                t
            }
            _ => return None,
        };
        Some(ty)
    }

    /// `[]elem`, after the brackets; `lbrack` is the position of `[`.
    pub(super) fn slice_type(&mut self, lbrack: u32) -> ExprId {
        let elem = self.type_();
        self.push_expr(lbrack, lbrack, ExprKind::SliceType { elem })
    }

    /// `[len]elem` or `[...]elem`, after the `[` at `lbrack`; `len` is the
    /// length if already parsed.
    pub(super) fn array_type(&mut self, lbrack: u32, len: Option<ExprId>) -> ExprId {
        let len = self.array_len(len);
        let elem = self.type_();
        self.push_expr(lbrack, lbrack, ExprKind::ArrayType { len, elem })
    }

    /// The `len]` of an array type after its `[`, unless `len` is already
    /// parsed; `None` for `...`.
    fn array_len(&mut self, len: Option<ExprId>) -> Option<ExprId> {
        let len = match len {
            Some(len) => Some(len),
            None if self.got(TokenKind::DotDotDot) => None,
            None => {
                self.xnest += 1;
                let len = self.expr();
                self.xnest -= 1;
                Some(len)
            }
        };
        if self.at(TokenKind::Comma) {
            // Trailing commas are accepted in type parameter lists but not
            // in array types; accept but complain.
            self.syntax_error(SyntaxMsg::Plain("unexpected comma; expected ]"));
            self.next();
        }
        self.want(TokenKind::Rbrack);
        len
    }

    /// `StructType = "struct" "{" { FieldDecl ";" } "}" .`
    fn struct_type(&mut self) -> ExprId {
        let pos = self.pos();
        self.want(TokenKind::Struct);
        self.want(TokenKind::Lbrace);
        let base = self.scratch_fields.len();
        self.list("struct type", TokenKind::Semi, TokenKind::Rbrace, |p| {
            p.field_decl();
            false
        });
        let fields = self.commit_fields(base);
        self.push_expr(pos, pos, ExprKind::StructType { fields })
    }

    fn add_field(&mut self, pos: u32, name: Option<ExprId>, ty: ExprId, tag: Option<ExprId>) {
        self.scratch_fields.push(Field {
            pos: Pos(pos),
            name,
            ty,
            tag,
        });
    }

    /// `FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ] .`
    /// Pushes the fields onto `scratch_fields`.
    fn field_decl(&mut self) {
        let pos = self.pos();
        match self.tok.kind {
            TokenKind::Name => {
                let name = self.name();
                if matches!(
                    self.tok.kind,
                    TokenKind::Dot | TokenKind::Literal | TokenKind::Semi | TokenKind::Rbrace
                ) {
                    // embedded type
                    let ty = self.qualified_name(Some(name));
                    let tag = self.oliteral();
                    self.add_field(pos, None, ty, tag);
                    return;
                }
                let base = self.name_list(name);
                // An embedded instantiated type T[P1, P2] or a field T of
                // array or slice type?
                let ty = if self.scratch_exprs.len() - base == 1 && self.at(TokenKind::Lbrack) {
                    let (ty, instance) = self.array_or_type_args(name);
                    if instance {
                        self.scratch_exprs.truncate(base);
                        let tag = self.oliteral();
                        self.add_field(pos, None, ty, tag);
                        return;
                    }
                    ty
                } else {
                    self.type_()
                };
                let tag = self.oliteral();
                for i in base..self.scratch_exprs.len() {
                    let name = self.scratch_exprs[i];
                    let name_pos = self.expr_pos(name);
                    self.add_field(name_pos, Some(name), ty, tag);
                }
                self.scratch_exprs.truncate(base);
            }
            TokenKind::Star => {
                self.next();
                let ty = if self.at(TokenKind::Lparen) {
                    // *(T)
                    self.syntax_error(SyntaxMsg::Plain("cannot parenthesize embedded type"));
                    self.next();
                    let ty = self.qualified_name(None);
                    self.got(TokenKind::Rparen); // no need to complain if missing
                    ty
                } else {
                    self.qualified_name(None)
                };
                let tag = self.oliteral();
                let ptr = self.push_expr(
                    pos,
                    pos,
                    ExprKind::Unary {
                        op: Operator::Mul,
                        x: ty,
                    },
                );
                self.add_field(pos, None, ptr, tag);
            }
            TokenKind::Lparen => {
                self.syntax_error(SyntaxMsg::Plain("cannot parenthesize embedded type"));
                self.next();
                let ty = if self.at(TokenKind::Star) {
                    // (*T)
                    let star = self.pos();
                    self.next();
                    let x = self.qualified_name(None);
                    self.push_expr(
                        star,
                        star,
                        ExprKind::Unary {
                            op: Operator::Mul,
                            x,
                        },
                    )
                } else {
                    // (T)
                    self.qualified_name(None)
                };
                self.got(TokenKind::Rparen); // no need to complain if missing
                let tag = self.oliteral();
                self.add_field(pos, None, ty, tag);
            }
            _ => {
                self.syntax_error(SyntaxMsg::Expected("field name or embedded type"));
                self.advance(TokenSet::of(&[TokenKind::Semi, TokenKind::Rbrace]));
            }
        }
    }

    /// After `name`, at `[`: `name [n]E` or `name []E` (an array or slice
    /// type, returned with `false`) or an instantiation `name[T1, ...]`
    /// (returned with `true`).
    fn array_or_type_args(&mut self, name: ExprId) -> (ExprId, bool) {
        let lbrack = self.pos();
        self.want(TokenKind::Lbrack);
        if self.got(TokenKind::Rbrack) {
            return (self.slice_type(lbrack), false);
        }
        // x [n]E or x[n,], x[n1, n2], ...
        let (args, comma) = self.type_list(false);
        self.want(TokenKind::Rbrack);
        if !comma {
            if let Some(elem) = self.type_or_nil() {
                let array = self.push_expr(
                    lbrack,
                    lbrack,
                    ExprKind::ArrayType {
                        len: Some(args),
                        elem,
                    },
                );
                return (array, false);
            }
        }
        let start = self.expr_span(name).start.0;
        let index = self.push_expr(
            lbrack,
            start,
            ExprKind::Index {
                x: name,
                index: args,
            },
        );
        (index, true)
    }

    /// `InterfaceType = "interface" "{" { ( MethodElem | TypeElem ) ";" } "}" .`
    fn interface_type(&mut self) -> ExprId {
        let pos = self.pos();
        self.want(TokenKind::Interface);
        self.want(TokenKind::Lbrace);
        let base = self.scratch_fields.len();
        self.list("interface type", TokenKind::Semi, TokenKind::Rbrace, |p| {
            let elem_pos = p.pos();
            let (name, ty) = match p.at(TokenKind::Name).then(|| p.method_elem()) {
                Some((Some(name), ty)) => (Some(name), ty),
                Some((None, ty)) => (None, p.embedded_elem(Some(ty))),
                None => (None, p.embedded_elem(None)),
            };
            p.add_field(elem_pos, name, ty, None);
            false
        });
        let methods = self.commit_fields(base);
        self.push_expr(pos, pos, ExprKind::InterfaceType { methods })
    }

    /// `MethodElem = MethodName Signature .`, or the start of an embedded
    /// type: returns the method name (`None` for an embedded type) and the
    /// signature or type.
    fn method_elem(&mut self) -> (Option<ExprId>, ExprId) {
        const CONTEXT: Option<&str> = Some("interface method");
        let name = self.name();
        match self.tok.kind {
            TokenKind::Lparen => {
                let start = self.pos();
                (Some(name), self.func_type(CONTEXT, start).1)
            }
            TokenKind::Lbrack => {
                // A generic method m[T C](x T) (accepted, with an error) or
                // an embedded instantiated type T[P1, P2]?
                let lbrack = self.pos();
                self.next();
                if self.at(TokenKind::Rbrack) {
                    // Empty type parameter or argument lists are not
                    // permitted; treat as if [] were absent.
                    let rbrack = self.pos();
                    self.next();
                    if self.at(TokenKind::Lparen) {
                        self.error_at(rbrack, diag::EMPTY_TYPE_PARAMS);
                        let start = self.pos();
                        return (Some(name), self.func_type(CONTEXT, start).1);
                    }
                    self.error_at(rbrack, diag::EMPTY_TYPE_ARGS);
                    return (None, name);
                }
                // Type arguments look like a parameter list with only
                // types; parse one and decide afterwards.
                let list = self.param_list(None, None, TokenKind::Rbrack, false, false);
                let fields = &self.arena.fields[list.range()];
                let Some(first) = fields.first().copied() else {
                    // Errors were reported; treat as if [] were absent.
                    if self.at(TokenKind::Lparen) {
                        let start = self.pos();
                        return (Some(name), self.func_type(CONTEXT, start).1);
                    }
                    return (None, name);
                };
                if first.name.is_some() {
                    // generic method
                    let start = self.pos();
                    let ty = self.func_type(CONTEXT, start).1;
                    self.error_at(lbrack, diag::GENERIC_INTERFACE_METHOD);
                    return (Some(name), ty);
                }
                // embedded instantiated type
                let index = if list.len() == 1 {
                    first.ty
                } else {
                    let base = self.scratch_exprs.len();
                    for i in list.range() {
                        let ty = self.arena.fields[i].ty;
                        self.scratch_exprs.push(ty);
                    }
                    let last = *self.scratch_exprs.last().expect("several types");
                    let span = Span {
                        start: self.expr_span(first.ty).start,
                        end: self.expr_span(last).end,
                    };
                    let elems = self.commit_exprs(base);
                    self.push_expr_spanned(first.pos.0, span, ExprKind::List { elems })
                };
                let start = self.expr_span(name).start.0;
                let ty = self.push_expr(lbrack, start, ExprKind::Index { x: name, index });
                (None, ty)
            }
            _ => (None, self.qualified_name(Some(name))),
        }
    }

    /// `TypeElem = TypeTerm { "|" TypeTerm } .`, starting with `first` if
    /// already parsed.
    fn embedded_elem(&mut self, first: Option<ExprId>) -> ExprId {
        let mut x = first.unwrap_or_else(|| self.embedded_term());
        while self.at_op(Operator::Or) {
            let pos = self.pos();
            self.next();
            let y = self.embedded_term();
            let start = self.expr_span(x).start.0;
            x = self.push_expr(
                pos,
                start,
                ExprKind::Binary {
                    op: Operator::Or,
                    x,
                    y,
                },
            );
        }
        x
    }

    /// `TypeTerm = [ "~" ] Type .`
    fn embedded_term(&mut self) -> ExprId {
        if self.at_op(Operator::Tilde) {
            let pos = self.pos();
            self.next();
            let x = self.type_();
            return self.push_expr(
                pos,
                pos,
                ExprKind::Unary {
                    op: Operator::Tilde,
                    x,
                },
            );
        }
        self.type_or_nil().unwrap_or_else(|| {
            let bad = self.bad_expr();
            self.syntax_error(SyntaxMsg::Expected("~ term or type"));
            self.advance(TokenSet::of(&[
                TokenKind::Operator,
                TokenKind::Semi,
                TokenKind::Rparen,
                TokenKind::Rbrack,
                TokenKind::Rbrace,
            ]));
            bad
        })
    }

    /// A signature, with optional type parameters, at `(` or `[`; `start`
    /// is where the type's text starts (its `func` keyword, if any).
    /// `context` names where type parameters are not permitted.
    pub(super) fn func_type(&mut self, context: Option<&str>, start: u32) -> (FieldList, ExprId) {
        let pos = self.pos();
        let mut tparams = FieldList::default();
        if self.got(TokenKind::Lbrack) {
            if let Some(context) = context {
                // accept but complain
                self.syntax_error_at(pos, SyntaxMsg::Plain(&diag::no_type_params(context)));
            }
            if self.at(TokenKind::Rbrack) {
                self.syntax_error(SyntaxMsg::Plain("empty type parameter list"));
                self.next();
            } else {
                tparams = self.param_list(None, None, TokenKind::Rbrack, true, false);
            }
        }
        self.want(TokenKind::Lparen);
        let params = self.param_list(None, None, TokenKind::Rparen, false, true);
        let results = self.func_result();
        let ty = self.push_expr(pos, start, ExprKind::FuncType { params, results });
        (tparams, ty)
    }

    /// `Result = Parameters | Type .`
    fn func_result(&mut self) -> FieldList {
        if self.got(TokenKind::Lparen) {
            return self.param_list(None, None, TokenKind::Rparen, false, false);
        }
        let pos = self.pos();
        let Some(ty) = self.type_or_nil() else {
            return FieldList::default();
        };
        let base = self.scratch_fields.len();
        self.add_field(pos, None, ty, None);
        self.commit_fields(base)
    }

    /// `ParameterList = ParameterDecl { "," ParameterDecl } .` up to
    /// `close` (the opening token has been consumed). `name` and `ty` are
    /// an already parsed first parameter. Afterwards either all parameters
    /// have names or none has; with `require_names` (type parameters) all
    /// must. `dots_ok` permits a final variadic parameter.
    pub(super) fn param_list(
        &mut self,
        name: Option<ExprId>,
        ty: Option<ExprId>,
        close: TokenKind,
        require_names: bool,
        dots_ok: bool,
    ) -> FieldList {
        let base = self.scratch_params.len();
        // With a complete first parameter right before close, the list
        // helper would not call back for it.
        if let (Some(name), Some(ty)) = (name, ty) {
            if self.at(close) {
                self.next();
                let pos = self.expr_pos(name);
                self.scratch_params.push(ParamDraft {
                    pos,
                    name: Some(name),
                    ty: Some(ty),
                });
                return self.commit_params(base);
            }
        }

        let mut first = name.map(|name| (name, ty));
        let mut named = 0; // parameters with explicit name and type
        let mut typed = 0; // parameters with explicit type
        let end = self.list("parameter list", TokenKind::Comma, close, |p| {
            let param = match first.take() {
                Some((name, Some(ty))) => Some(ParamDraft {
                    pos: p.expr_pos(name),
                    name: Some(name),
                    ty: Some(ty),
                }),
                Some((name, None)) => p.param_decl(Some(name), close),
                None => p.param_decl(None, close),
            };
            if let Some(param) = param {
                named += usize::from(param.name.is_some() && param.ty.is_some());
                typed += usize::from(param.ty.is_some());
                p.scratch_params.push(param);
            }
            false
        });

        let count = self.scratch_params.len() - base;
        if count > 0 {
            if named == 0 && !require_names {
                // All unnamed outside type parameter lists: found "names"
                // are type names.
                for param in &mut self.scratch_params[base..] {
                    if let Some(name) = param.name.take() {
                        param.ty = Some(name);
                    }
                }
            } else if named != count {
                self.distribute_param_types(base, named, typed, end, require_names);
            }
            self.check_dots(base, dots_ok);
        }
        self.commit_params(base)
    }

    /// Some parameters are named (or all must be): `a, b int` gives both
    /// names type `int`. Reports names without types and types without
    /// names.
    fn distribute_param_types(
        &mut self,
        base: usize,
        named: usize,
        typed: usize,
        end: u32,
        require_names: bool,
    ) {
        let mut error_pos = None; // leftmost problem
        let mut ty = None; // current type, from right to left
        for i in (base..self.scratch_params.len()).rev() {
            let param = self.scratch_params[i];
            if let Some(param_ty) = param.ty {
                ty = Some(param_ty);
                if param.name.is_none() {
                    let pos = self.gc_start_pos(param_ty);
                    error_pos = Some(pos);
                    self.scratch_params[i].name = Some(self.synthetic_name(pos, "_"));
                }
            } else if let Some(ty) = ty {
                self.scratch_params[i].ty = Some(ty);
            } else {
                // only a name, with no type to its right
                let name_pos = self.expr_pos(param.name.expect("name or type"));
                error_pos = Some(name_pos);
                let bad =
                    self.push_expr_spanned(name_pos, Span::new(name_pos, name_pos), ExprKind::Bad);
                self.scratch_params[i].ty = Some(bad);
            }
        }
        let Some(mut error_pos) = error_pos else {
            return;
        };
        // If named == typed, parameters at the end lack types (otherwise
        // the sweep above would have filled them in).
        let msg = if named == typed {
            error_pos = end;
            if require_names {
                "missing type constraint"
            } else {
                "missing parameter type"
            }
        } else if require_names {
            if self.scratch_params.len() - base == 1 {
                "missing type parameter name or invalid array length"
            } else {
                "missing type parameter name"
            }
        } else {
            "missing parameter name"
        };
        self.syntax_error_at(error_pos, SyntaxMsg::Plain(msg));
    }

    /// Reports `...T` anywhere but as the final parameter (where allowed),
    /// replacing it with `T`.
    fn check_dots(&mut self, base: usize, dots_ok: bool) {
        let last = self.scratch_params.len() - 1;
        let mut reported = false;
        for i in base..=last {
            let Some(ty) = self.scratch_params[i].ty else {
                continue;
            };
            let ExprKind::DotsType { elem } = self.expr_kind(ty) else {
                continue;
            };
            if dots_ok && i == last {
                continue;
            }
            if !reported {
                reported = true;
                let msg = if dots_ok {
                    diag::DOTS_NOT_FINAL
                } else {
                    diag::INVALID_DOTS
                };
                self.error_at(self.expr_pos(ty), msg);
            }
            self.scratch_params[i].ty = Some(elem);
        }
    }

    fn commit_params(&mut self, base: usize) -> FieldList {
        let start = self.arena.fields.len();
        self.arena
            .fields
            .extend(self.scratch_params.drain(base..).map(|param| Field {
                pos: Pos(param.pos),
                name: param.name,
                ty: param.ty.expect("parameter types are distributed"),
                tag: None,
            }));
        List::new(start, self.arena.fields.len() - start)
    }

    /// `ParameterDecl = [ IdentifierList ] [ "..." ] Type .` (one name at
    /// a time), with `name` already parsed if given. In type parameter
    /// lists (`follow` is `]`) constraints may be unions and `~` terms.
    fn param_decl(&mut self, name: Option<ExprId>, follow: TokenKind) -> Option<ParamDraft> {
        let type_sets_ok = follow == TokenKind::Rbrack;
        let pos = match name {
            Some(name) => self.expr_pos(name),
            None => self.pos(),
        };
        if name.is_none() && type_sets_ok && self.at_op(Operator::Tilde) {
            let ty = self.embedded_elem(None);
            return Some(ParamDraft {
                pos,
                name: None,
                ty: Some(ty),
            });
        }
        let mut param = ParamDraft {
            pos,
            name: None,
            ty: None,
        };
        let union_follows = |p: &Self| type_sets_ok && p.at_op(Operator::Or);

        if self.at(TokenKind::Name) || name.is_some() {
            let name = name.unwrap_or_else(|| self.name());
            if self.at(TokenKind::Lbrack) {
                // name "[" ...
                let (ty, instance) = self.array_or_type_args(name);
                if !instance {
                    // name "[" n "]" E
                    param.name = Some(name);
                }
                param.ty = Some(if union_follows(self) {
                    self.embedded_elem(Some(ty))
                } else {
                    ty
                });
                return Some(param);
            }
            if self.at(TokenKind::Dot) {
                // name "." ...
                let ty = self.qualified_name(Some(name));
                param.ty = Some(if union_follows(self) {
                    self.embedded_elem(Some(ty))
                } else {
                    ty
                });
                return Some(param);
            }
            if union_follows(self) {
                // name "|" ...
                param.ty = Some(self.embedded_elem(Some(name)));
                return Some(param);
            }
            param.name = Some(name);
        }

        if self.at(TokenKind::DotDotDot) {
            // [name] "..." ...
            let dots = self.pos();
            self.next();
            param.ty = Some(match self.type_or_nil() {
                Some(elem) => self.push_expr(dots, dots, ExprKind::DotsType { elem }),
                None => {
                    let bad = self.bad_expr();
                    self.syntax_error(SyntaxMsg::Plain("... is missing type"));
                    bad
                }
            });
            return Some(param);
        }

        if type_sets_ok && self.at_op(Operator::Tilde) {
            // [name] "~" ...
            param.ty = Some(self.embedded_elem(None));
            return Some(param);
        }

        param.ty = self.type_or_nil();
        if let Some(ty) = param.ty {
            if union_follows(self) {
                // [name] type "|" ...
                param.ty = Some(self.embedded_elem(Some(ty)));
            }
        }
        if param.name.is_some() || param.ty.is_some() {
            return Some(param);
        }
        self.syntax_error(SyntaxMsg::Expected(&diag::token_name(follow)));
        self.advance(TokenSet::of(&[TokenKind::Comma, follow]));
        None
    }

    /// `TypeName [ TypeArgs ]` where `TypeName = identifier |
    /// QualifiedIdent`, with the first name already parsed if given.
    pub(super) fn qualified_name(&mut self, name: Option<ExprId>) -> ExprId {
        let mut x = match name {
            Some(name) => name,
            None if self.at(TokenKind::Name) => self.name(),
            None => {
                let name = self.synthetic_name(self.pos(), "_");
                self.syntax_error(SyntaxMsg::Expected("name"));
                self.advance(TokenSet::of(&[
                    TokenKind::Dot,
                    TokenKind::Semi,
                    TokenKind::Rbrace,
                ]));
                name
            }
        };
        if self.at(TokenKind::Dot) {
            let pos = self.pos();
            self.next();
            let sel = self.name();
            let start = self.expr_span(x).start.0;
            x = self.push_expr(pos, start, ExprKind::Selector { x, sel });
        }
        if self.at(TokenKind::Lbrack) {
            x = self.type_instance(x);
        }
        x
    }

    /// `TypeArgs = "[" TypeList [ "," ] "]" .` after a type name.
    fn type_instance(&mut self, ty: ExprId) -> ExprId {
        let pos = self.pos();
        self.want(TokenKind::Lbrack);
        let index = if self.at(TokenKind::Rbrack) {
            self.syntax_error(SyntaxMsg::Expected("type argument list"));
            self.bad_expr()
        } else {
            self.type_list(true).0
        };
        self.want(TokenKind::Rbrack);
        let start = self.expr_span(ty).start.0;
        self.push_expr(pos, start, ExprKind::Index { x: ty, index })
    }
}
