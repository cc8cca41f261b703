//! Type expressions.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{ExprId, ExprKind, Operator};

use super::decl::Checker;
use super::info::Mode;
use crate::model::{ChanDir, ObjKind, ScopeKind, ScopeParent, Symbol, Term, Type, TypeId, VarKind};

impl Checker<'_> {
    /// In a package using cgo, the type of pointers to C types. C's types
    /// are unknown here (invalid, as with go/types' FakeImportC, also
    /// through the package's aliases of them), but cgo makes them Go types
    /// and a pointer to one is a pointer, which escape analysis must see.
    pub fn c_pointer(&self) -> Option<TypeId> {
        self.imports_c.then(|| self.store.pointer(TypeId::INVALID))
    }

    /// The type `e` denotes, recorded; generic types must be instantiated.
    pub fn type_expr(&mut self, e: ExprId) -> TypeId {
        let ty = self.type_expr_generic(e);
        if self.store.is_generic(ty) {
            let pos = self.file().expr(e).pos;
            let name = self
                .store
                .type_string(ty, &crate::model::RelativeTo(self.pkg));
            self.error(
                pos,
                format!("cannot use generic type {name} without instantiation"),
            );
            return TypeId::INVALID;
        }
        ty
    }

    /// Like [`Checker::type_expr`], but a generic type may stay
    /// uninstantiated (as the `x` of `x[T]`).
    pub fn type_expr_generic(&mut self, e: ExprId) -> TypeId {
        let ty = ensure_sufficient_stack(|| self.type_expr_inner(e));
        self.record(e, Mode::Type, ty, None);
        ty
    }

    fn type_expr_inner(&mut self, e: ExprId) -> TypeId {
        let file = self.file();
        let expr = *file.expr(e);
        match expr.kind {
            ExprKind::Name(_) | ExprKind::Selector { .. } => {
                let x = self.operand_of_name_or_selector(e);
                match x.mode {
                    Mode::Type => x.ty,
                    Mode::Invalid => TypeId::INVALID,
                    _ => {
                        // gc names package-level variables as such.
                        let package_var = file.ident(e).is_some_and(|name| {
                            self.scopes
                                .lookup_parent(self.store, self.ctx.scope, Symbol::intern(name))
                                .is_some_and(|obj| {
                                    matches!(
                                        &self.store.obj(obj).kind,
                                        ObjKind::Var(v) if v.kind == VarKind::Package
                                    )
                                })
                        });
                        let what = if package_var {
                            format!("{} (package-level variable)", self.expr_text(e))
                        } else {
                            self.describe(&x)
                        };
                        self.error(expr.pos, format!("{what} is not a type"));
                        TypeId::INVALID
                    }
                }
            }
            ExprKind::Paren { x } => self.type_expr_generic(x),
            ExprKind::Index { x, index } => self.instantiated_type(x, index, expr.pos),
            ExprKind::Unary {
                op: Operator::Mul,
                x,
            } => {
                let elem = self.type_expr(x);
                // A pointer to an invalid type would only cause follow-on
                // errors (as in go/types): the pointer is invalid too,
                // unless it points to a C type. An alias still being
                // declared (in a cycle) is not invalid.
                if self.store.is_known_invalid(elem) {
                    self.c_pointer().unwrap_or(TypeId::INVALID)
                } else {
                    self.store.pointer(elem)
                }
            }
            ExprKind::ArrayType { len, elem } => {
                let elem_ty = self.type_expr(elem);
                let Some(len) = len else {
                    self.error(
                        expr.pos,
                        "invalid use of [...] array (outside a composite literal)",
                    );
                    return TypeId::INVALID;
                };
                let n = self.array_length(len);
                self.store.array(elem_ty, n)
            }
            ExprKind::SliceType { elem } => {
                let elem = self.type_expr(elem);
                self.store.slice(elem)
            }
            ExprKind::DotsType { elem } => {
                self.error(expr.pos, "invalid use of ...");
                self.type_expr(elem);
                TypeId::INVALID
            }
            ExprKind::MapType { key, value } => {
                let key = self.type_expr(key);
                let value = self.type_expr(value);
                self.store.map(key, value)
            }
            ExprKind::ChanType { dir, elem } => {
                let elem = self.type_expr(elem);
                let dir = match dir {
                    goescape_syntax::ChanDir::Both => ChanDir::Both,
                    goescape_syntax::ChanDir::SendOnly => ChanDir::Send,
                    goescape_syntax::ChanDir::RecvOnly => ChanDir::Recv,
                };
                self.store.chan(dir, elem)
            }
            ExprKind::FuncType { .. } => {
                let saved = self.ctx.scope;
                self.ctx.scope = self.scopes.push(ScopeParent::Scope(saved), ScopeKind::Func);
                let sig = self.signature(None, Default::default(), e, None, false);
                self.ctx.scope = saved;
                sig
            }
            ExprKind::StructType { fields } => self.struct_type(fields),
            ExprKind::InterfaceType { methods } => self.interface_type(e, methods),
            _ => {
                let text = file.text(expr.span).into_owned();
                self.error(expr.pos, format!("{text} is not a type"));
                TypeId::INVALID
            }
        }
    }

    /// The length of an array type: a non-negative constant integer.
    fn array_length(&mut self, len: ExprId) -> Option<u64> {
        let mut x = self.expr(len);
        if x.mode != Mode::Constant {
            if x.mode != Mode::Invalid {
                let pos = self.file().expr(len).pos;
                self.error(pos, "array length must be constant");
            }
            return None;
        }
        // Like an index, the length keeps its untyped record.
        if self.store.is_untyped(x.ty) {
            x.expr = None;
            self.convert_untyped(&mut x, TypeId::basic(crate::model::BasicKind::Int));
        }
        let n = x.val.as_ref().and_then(|v| v.to_int().uint64());
        if n.is_none() {
            let pos = self.file().expr(len).pos;
            self.error(pos, "invalid array length");
        }
        n
    }

    /// `x[args]` in a type context.
    fn instantiated_type(&mut self, x: ExprId, index: ExprId, pos: goescape_syntax::Pos) -> TypeId {
        let generic = self.type_expr_generic(x);
        let args = self.type_args(index);
        self.instantiate_checked(generic, args, pos)
    }

    /// The types of an instantiation's arguments `[A, B, ...]`.
    pub(super) fn type_args(&mut self, index: ExprId) -> Vec<TypeId> {
        let args: Vec<ExprId> = self.file().unpack_list(Some(index)).collect();
        args.into_iter().map(|a| self.type_expr(a)).collect()
    }

    /// Instantiates a generic type, checking the argument count.
    pub fn instantiate_checked(
        &mut self,
        generic: TypeId,
        args: Vec<TypeId>,
        pos: goescape_syntax::Pos,
    ) -> TypeId {
        if self.store.is_known_invalid(generic) {
            return TypeId::INVALID;
        }
        let params = self.store.type_params(generic).len();
        if params == 0 {
            let name = self
                .store
                .type_string(generic, &crate::model::RelativeTo(self.pkg));
            self.error(pos, format!("{name} is not a generic type"));
            return TypeId::INVALID;
        }
        if params != args.len() {
            let which = if args.len() < params {
                "not enough"
            } else {
                "too many"
            };
            self.error(
                pos,
                format!(
                    "{which} type arguments for type {}: have {}, want {params}",
                    self.type_str(generic),
                    args.len()
                ),
            );
            return TypeId::INVALID;
        }
        self.store.instantiate(generic, args)
    }

    /// A type parameter constraint: an interface, or a type or union that
    /// stands for an implicit interface.
    pub fn constraint_expr(&mut self, e: ExprId) -> TypeId {
        let ty = self.interface_element(e);
        let ty = self.reject_type_param(ty, e, |_| {
            "cannot use a type parameter as constraint".to_owned()
        });
        let u = self.store.underlying(ty);
        if matches!(self.store.ty(u), Type::Interface(_)) && !self.store.is_type_param(ty) {
            ty
        } else {
            self.store.new_implicit_interface(ty)
        }
    }

    /// An embedded interface element: a type, `~T`, or a union of terms.
    fn interface_element(&mut self, e: ExprId) -> TypeId {
        let file = self.file();
        match file.expr(e).kind {
            ExprKind::Binary {
                op: Operator::Or, ..
            }
            | ExprKind::Unary {
                op: Operator::Tilde,
                ..
            } => {
                let mut terms = Vec::new();
                self.union_terms(e, &mut terms);
                self.store.new_union(terms)
            }
            _ => self.type_expr(e),
        }
    }

    /// Collects the terms of union `e`; every union and `~T` node is
    /// recorded as the union of its own terms, as go/types does.
    fn union_terms(&mut self, e: ExprId, terms: &mut Vec<Term>) {
        ensure_sufficient_stack(|| self.union_terms_unguarded(e, terms));
    }

    fn union_terms_unguarded(&mut self, e: ExprId, terms: &mut Vec<Term>) {
        let file = self.file();
        let first = terms.len();
        match file.expr(e).kind {
            ExprKind::Binary {
                op: Operator::Or,
                x,
                y,
            } => {
                self.union_terms(x, terms);
                self.union_terms(y, terms);
                let union = self.store.new_union(terms[first..].to_vec());
                self.record(e, Mode::Type, union, None);
            }
            ExprKind::Unary {
                op: Operator::Tilde,
                x,
            } => {
                let ty = self.term_type(x, Some(e));
                terms.push(Term { tilde: true, ty });
                let union = self.store.new_union(terms[first..].to_vec());
                self.record(e, Mode::Type, union, None);
            }
            _ => {
                let ty = self.term_type(e, None);
                terms.push(Term { tilde: false, ty });
            }
        }
    }

    /// The type of a union term's type `e` (under `~`, the term `tilde`).
    fn term_type(&mut self, e: ExprId, tilde: Option<ExprId>) -> TypeId {
        let ty = self.type_expr(e);
        self.reject_type_param(ty, e, |check| match tilde {
            Some(term) => format!(
                "type in term {} cannot be a type parameter",
                check.expr_text(term)
            ),
            None => "term cannot be a type parameter".to_owned(),
        })
    }

    /// `ty`, the type of `e`; but a type parameter is neither a term nor a
    /// constraint (its type set would be its own constraint's,
    /// go.dev/issue/47127): then the error `message` at `e`, and an
    /// invalid type.
    fn reject_type_param(
        &mut self,
        ty: TypeId,
        e: ExprId,
        message: impl FnOnce(&Self) -> String,
    ) -> TypeId {
        if !self.store.is_type_param(ty) {
            return ty;
        }
        let message = message(self);
        self.error(self.file().expr(e).pos, message);
        TypeId::INVALID
    }

    fn struct_type(&mut self, fields: goescape_syntax::FieldList) -> TypeId {
        let file = self.file();
        let mut vars = Vec::new();
        let mut tags = Vec::new();
        let mut last: Option<(ExprId, TypeId)> = None;
        for field in file.field_list(fields) {
            let ty = match last {
                Some((e, t)) if e == field.ty => t,
                _ => self.type_expr(field.ty),
            };
            last = Some((field.ty, ty));
            let (name, ident, pos, embedded) = match field.name {
                Some(n) => (self.name_of(n), Some(n), file.expr(n).pos, false),
                None => {
                    // Declared at its name, as go/types has it.
                    let ident = self.embedded_name(field.ty);
                    let name = ident.map_or(Symbol::EMPTY, |n| self.name_of(n));
                    let pos = ident.map_or(field.pos, |n| file.expr(n).pos);
                    (name, ident, pos, true)
                }
            };
            let var = self
                .store
                .new_field(Some(self.pkg), self.obj_pos(pos), name, ty, embedded);
            // An embedded field's name both uses the type name and defines
            // the field; the definition is recorded.
            if let Some(n) = ident {
                self.record_def(n, var);
            }
            vars.push(var);
            let tag = field
                .tag
                .and_then(|t| file.lit_text(t))
                .and_then(|text| goescape_syntax::literal::decode_string(text).ok())
                .map_or(Symbol::EMPTY, |b| {
                    Symbol::intern(&String::from_utf8_lossy(&b))
                });
            tags.push(tag);
        }
        self.store.new_struct(vars, tags)
    }

    /// The identifier naming an embedded field: its type's name.
    fn embedded_name(&self, ty: ExprId) -> Option<ExprId> {
        let file = self.file();
        let mut e = file.unparen(ty);
        loop {
            match file.expr(e).kind {
                ExprKind::Unary {
                    op: Operator::Mul,
                    x,
                } => e = file.unparen(x),
                ExprKind::Index { x, .. } => e = x,
                ExprKind::Selector { sel, .. } => e = sel,
                ExprKind::Name(_) => return Some(e),
                _ => return None,
            }
        }
    }

    /// An interface literal; its methods' receiver is the named type it
    /// defines, or else the interface itself (as in go/types).
    fn interface_type(&mut self, e: ExprId, elems: goescape_syntax::FieldList) -> TypeId {
        let file = self.file();
        let mut methods = Vec::new();
        let mut embedded = Vec::new();
        let mut receivers = Vec::new();
        for field in file.field_list(elems) {
            match field.name {
                Some(name) => {
                    let saved = self.ctx.scope;
                    self.ctx.scope = self.scopes.push(ScopeParent::Scope(saved), ScopeKind::Func);
                    let sig = self.signature(None, Default::default(), field.ty, None, true);
                    self.ctx.scope = saved;
                    let pos = file.expr(name).pos;
                    // Typed once the interface exists.
                    let recv = self.store.new_var(
                        VarKind::Recv,
                        Some(self.pkg),
                        self.obj_pos(pos),
                        Symbol::EMPTY,
                        None,
                    );
                    receivers.push(recv);
                    let sig = match self.store.ty(sig) {
                        Type::Signature(s) => {
                            self.store.new_signature(crate::model::SignatureType {
                                recv: Some(recv),
                                type_params: s.type_params.clone(),
                                recv_type_params: s.recv_type_params.clone(),
                                params: s.params,
                                results: s.results,
                                variadic: s.variadic,
                            })
                        }
                        _ => sig,
                    };
                    let m = self.store.new_func(
                        Some(self.pkg),
                        self.obj_pos(pos),
                        self.name_of(name),
                        Some(sig),
                        false,
                    );
                    self.record_def(name, m);
                    methods.push(m);
                }
                None => {
                    let ty = self.interface_element(field.ty);
                    let ty = self.reject_type_param(ty, field.ty, |_| {
                        "term cannot be a type parameter".to_owned()
                    });
                    embedded.push(ty);
                }
            }
        }
        let iface = self.store.new_interface(methods, embedded);
        let recv_ty = match self.iface_owner {
            Some((file, owner_expr, named)) if file == self.ctx.file && owner_expr == e => named,
            _ => iface,
        };
        for recv in receivers {
            self.store.set_obj_type(recv, recv_ty);
        }
        iface
    }

    /// Resolves a `Name` or a qualified `pkg.Name` to an operand, recording
    /// nothing for the package name; other selectors are value selections.
    pub fn operand_of_name_or_selector(&mut self, e: ExprId) -> super::expr::Operand {
        let file = self.file();
        match file.expr(e).kind {
            ExprKind::Name(_) => self.ident(e),
            _ => self.selector(e),
        }
    }
}
