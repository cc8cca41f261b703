//! Expressions: operands, identifiers, selectors, operators, literals,
//! indexing, and the conversion of untyped values.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{ExprId, ExprKind, LitKind, Operator, Pos};

use super::decl::Checker;
use super::info::{Mode, SelectionKind, SelectionRecord};
use crate::constant::{self, BinaryOp, CompareOp, ShiftOp, UnaryOp, Value};
use crate::model::{
    BasicKind, Builtin, LookupResult, ObjId, ObjKind, Operand as ModelOperand, RelativeTo,
    ScopeKind, ScopeParent, Type, TypeId,
};

/// An evaluated expression.
#[derive(Clone, Debug)]
pub struct Operand {
    pub mode: Mode,
    pub ty: TypeId,
    pub val: Option<Value>,
    pub expr: Option<ExprId>,
    pub builtin: Option<Builtin>,
}

impl Operand {
    pub fn invalid(expr: Option<ExprId>) -> Operand {
        Operand {
            mode: Mode::Invalid,
            ty: TypeId::INVALID,
            val: None,
            expr,
            builtin: None,
        }
    }

    pub fn new(mode: Mode, ty: TypeId, expr: ExprId) -> Operand {
        Operand {
            mode,
            ty,
            val: None,
            expr: Some(expr),
            builtin: None,
        }
    }

    pub fn constant(ty: TypeId, val: Value, expr: ExprId) -> Operand {
        Operand {
            mode: Mode::Constant,
            ty,
            val: Some(val),
            expr: Some(expr),
            builtin: None,
        }
    }

    pub fn model(&self) -> ModelOperand<'_> {
        ModelOperand {
            ty: self.ty,
            constant: self.val.as_ref().filter(|_| self.mode == Mode::Constant),
        }
    }
}

fn untyped(kind: BasicKind) -> TypeId {
    TypeId::basic(kind)
}

impl Checker<'_> {
    pub fn qualifier(&self) -> RelativeTo {
        RelativeTo(self.pkg)
    }

    pub fn type_str(&self, ty: TypeId) -> String {
        self.store.type_string(ty, &self.qualifier())
    }

    pub fn expr_text(&self, e: ExprId) -> String {
        let file = self.file();
        file.text(file.expr(e).span).into_owned()
    }

    /// Where errors about `e` are reported: its first token, as gc does.
    pub fn pos_of(&self, e: ExprId) -> Pos {
        self.file().gc_start_pos(e)
    }

    /// Evaluates `e`, which may be of any kind (value, type, builtin,
    /// tuple, no value), and records it.
    pub fn raw_expr(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let mut x = ensure_sufficient_stack(|| self.expr_kind(e, hint));
        x.expr = Some(e);
        if x.mode != Mode::Invalid {
            self.record(e, x.mode, x.ty, x.val.clone());
        }
        x
    }

    /// Evaluates `e` as a single value.
    pub fn expr(&mut self, e: ExprId) -> Operand {
        self.expr_with_hint(e, None)
    }

    /// Evaluates `e` as a single value; `hint` is the type an elided
    /// composite literal type stands for.
    pub fn expr_with_hint(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let x = self.raw_expr(e, hint);
        self.single_value(x)
    }

    pub fn single_value(&mut self, x: Operand) -> Operand {
        let Some(e) = x.expr else { return x };
        let problem = match x.mode {
            Mode::NoValue => Some(format!("{} (no value) used as value", self.expr_text(e))),
            Mode::Type => Some(format!("{} (type) is not an expression", self.expr_text(e))),
            Mode::Builtin => Some(format!("{} (built-in) must be called", self.expr_text(e))),
            _ if matches!(self.store.ty(x.ty), Type::Tuple(_)) => Some(format!(
                "multiple-value {} (value of type {}) in single-value context",
                self.expr_text(e),
                self.type_str(x.ty)
            )),
            _ => None,
        };
        match problem {
            Some(msg) => {
                self.error(self.pos_of(e), msg);
                Operand::invalid(Some(e))
            }
            None => x,
        }
    }

    /// Evaluates `e` as a value or a type.
    pub fn expr_or_type(&mut self, e: ExprId) -> Operand {
        let x = self.raw_expr(e, None);
        if x.mode == Mode::Type {
            return x;
        }
        self.single_value(x)
    }

    fn expr_kind(&mut self, e: ExprId, hint: Option<TypeId>) -> Operand {
        let file = self.file();
        let expr = *file.expr(e);
        match expr.kind {
            ExprKind::Bad => Operand::invalid(Some(e)),
            ExprKind::Name(_) => self.ident(e),
            ExprKind::BasicLit { kind, bad } => self.basic_lit(e, kind, bad),
            ExprKind::CompositeLit { ty, elems, .. } => self.composite_lit(e, ty, elems, hint),
            ExprKind::FuncLit { ty, body } => {
                let saved = self.ctx.clone();
                self.ctx.scope = self
                    .scopes
                    .push(ScopeParent::Scope(saved.scope), ScopeKind::Func);
                let sig = self.signature(None, Default::default(), ty, None, true);
                // `iota` stays usable in closures of constant declarations.
                self.ctx.sig = Some(sig);
                self.func_body(body);
                self.ctx = saved;
                Operand::new(Mode::Value, sig, e)
            }
            ExprKind::Paren { x } => {
                let mut inner = self.raw_expr(x, hint);
                inner.expr = Some(e);
                inner
            }
            ExprKind::Selector { .. } => self.selector(e),
            ExprKind::Index { x, index } => self.index_expr(e, x, index),
            ExprKind::Slice { x, lo, hi, max, .. } => self.slice_expr(e, x, [lo, hi, max]),
            ExprKind::Assert { x, ty } => {
                let v = self.expr(x);
                let t = self.type_expr(ty);
                if v.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                if !self.store.is_non_type_param_interface(v.ty) {
                    self.error(
                        self.pos_of(x),
                        format!(
                            "invalid operation: {} (variable of type {}) is not an interface",
                            self.expr_text(x),
                            self.type_str(v.ty)
                        ),
                    );
                    return Operand::invalid(Some(e));
                }
                Operand::new(Mode::CommaOk, t, e)
            }
            ExprKind::TypeSwitchGuard { .. } => {
                self.error(expr.pos, "use of .(type) outside type switch");
                Operand::invalid(Some(e))
            }
            ExprKind::Unary { op, x } => self.unary(e, op, x),
            ExprKind::Binary { op, x, y } => self.binary(e, op, x, y),
            ExprKind::Call {
                fun,
                args,
                has_dots,
            } => self.call(e, fun, args, has_dots),
            ExprKind::KeyValue { .. } | ExprKind::List { .. } => {
                self.error(expr.pos, "unexpected expression");
                Operand::invalid(Some(e))
            }
            ExprKind::ArrayType { .. }
            | ExprKind::SliceType { .. }
            | ExprKind::DotsType { .. }
            | ExprKind::StructType { .. }
            | ExprKind::InterfaceType { .. }
            | ExprKind::FuncType { .. }
            | ExprKind::MapType { .. }
            | ExprKind::ChanType { .. } => {
                let ty = self.type_expr_generic(e);
                Operand::new(Mode::Type, ty, e)
            }
        }
    }

    // ---- names and selectors -------------------------------------------

    /// The operand an identifier denotes.
    pub fn ident(&mut self, e: ExprId) -> Operand {
        let name = self.name_of(e);
        if name.is_blank() {
            self.error(self.pos_of(e), "cannot use _ as value");
            return Operand::invalid(Some(e));
        }
        let Some(obj) = self.scopes.lookup_parent(self.store, self.ctx.scope, name) else {
            self.error(self.pos_of(e), format!("undefined: {name}"));
            return Operand::invalid(Some(e));
        };
        self.record_use(e, obj);
        self.object_operand(obj, e)
    }

    /// The operand a use of `obj` at `e` denotes.
    pub fn object_operand(&mut self, obj: ObjId, e: ExprId) -> Operand {
        if self.store.obj(obj).pkg == Some(self.pkg) {
            self.resolve(obj);
        }
        let o = self.store.obj(obj);
        let ty = self.store.obj_type(obj);
        match &o.kind {
            ObjKind::Var(_) => {
                self.used.insert(obj);
                // A variable of invalid type was reported where it was
                // declared (or comes from cgo's fake "C"): stay silent.
                if !self.store.is_valid(ty) {
                    return Operand::invalid(Some(e));
                }
                Operand::new(Mode::Variable, ty, e)
            }
            ObjKind::Const(_) => {
                if obj == self.store.iota() {
                    return match self.ctx.iota.clone() {
                        Some(v) => Operand::constant(untyped(BasicKind::UntypedInt), v, e),
                        None => {
                            self.error(
                                self.pos_of(e),
                                "cannot use iota outside constant declaration",
                            );
                            Operand::invalid(Some(e))
                        }
                    };
                }
                let val = self
                    .store
                    .const_value(obj)
                    .cloned()
                    .unwrap_or_else(Value::unknown);
                if !self.store.is_valid(ty) {
                    return Operand::invalid(Some(e));
                }
                Operand::constant(ty, val, e)
            }
            ObjKind::TypeName => Operand::new(Mode::Type, ty, e),
            ObjKind::Func(_) => Operand::new(Mode::Value, ty, e),
            ObjKind::PkgName(_) => {
                self.error(
                    self.pos_of(e),
                    format!("use of package {} without selector", o.name),
                );
                Operand::invalid(Some(e))
            }
            ObjKind::Builtin(b) => Operand {
                mode: Mode::Builtin,
                ty: TypeId::INVALID,
                val: None,
                expr: Some(e),
                builtin: Some(*b),
            },
            ObjKind::Nil => Operand::new(Mode::Nil, untyped(BasicKind::UntypedNil), e),
            ObjKind::Label => Operand::invalid(Some(e)),
        }
    }

    /// `x.sel`: a qualified identifier, field, method value or method
    /// expression.
    pub fn selector(&mut self, e: ExprId) -> Operand {
        let file = self.file();
        let ExprKind::Selector { x, sel } = file.expr(e).kind else {
            return Operand::invalid(Some(e));
        };
        let sel_name = self.name_of(sel);
        // A package name is not an operand: look through it.
        if let ExprKind::Name(_) = file.expr(x).kind {
            let pkg_obj = self
                .scopes
                .lookup_parent(self.store, self.ctx.scope, self.name_of(x));
            if let Some(obj) = pkg_obj {
                if let ObjKind::PkgName(imported) = self.store.obj(obj).kind {
                    self.used.insert(obj);
                    self.record_use(x, obj);
                    // Only the fake cgo package "C" has no scope.
                    let Some(scope) = self.store.package(imported).scope() else {
                        return Operand::invalid(Some(e));
                    };
                    let member = scope
                        .lookup(sel_name)
                        .filter(|&m| self.store.obj(m).is_exported());
                    let Some(member) = member else {
                        let pkg = self.store.obj(obj).name;
                        self.error(self.pos_of(sel), format!("undefined: {pkg}.{sel_name}"));
                        return Operand::invalid(Some(e));
                    };
                    self.record_use(sel, member);
                    return self.object_operand(member, e);
                }
            }
        }
        let base = self.expr_or_type(x);
        if base.mode == Mode::Invalid {
            return Operand::invalid(Some(e));
        }
        if base.mode == Mode::Type {
            return self.method_expr(e, base.ty, sel, sel_name);
        }
        // A field of a C struct, through a pointer: unknown, silently.
        if self.store.pointer_elem(self.store.underlying(base.ty)) == Some(TypeId::INVALID) {
            return Operand::invalid(Some(e));
        }
        let addressable = base.mode == Mode::Variable;
        let result =
            self.store
                .lookup_field_or_method(base.ty, addressable, Some(self.pkg), sel_name);
        match result {
            LookupResult::Found(selection) => {
                let obj = selection.obj;
                self.record_use(sel, obj);
                let ty = self.store.obj_type(obj);
                let kind = match self.store.obj(obj).kind {
                    ObjKind::Var(_) => SelectionKind::FieldVal,
                    _ => SelectionKind::MethodVal,
                };
                let indirect = selection.indirect;
                self.selections[self.ctx.file].push((
                    e,
                    SelectionRecord {
                        kind,
                        recv: base.ty,
                        selection,
                    },
                ));
                match kind {
                    SelectionKind::FieldVal => {
                        let mode = if addressable || indirect {
                            Mode::Variable
                        } else {
                            Mode::Value
                        };
                        Operand::new(mode, ty, e)
                    }
                    _ => Operand::new(Mode::Value, self.without_recv(ty), e),
                }
            }
            LookupResult::NeedsPointerReceiver => {
                self.error(
                    self.pos_of(sel),
                    format!(
                        "cannot call pointer method {sel_name} on {}",
                        self.type_str(base.ty)
                    ),
                );
                Operand::invalid(Some(e))
            }
            _ => {
                self.error(
                    self.pos_of(sel),
                    format!(
                        "{}.{sel_name} undefined (type {} has no field or method {sel_name})",
                        self.expr_text(x),
                        self.type_str(base.ty)
                    ),
                );
                Operand::invalid(Some(e))
            }
        }
    }

    /// A method's signature as the type of a method value.
    pub fn without_recv(&self, sig: TypeId) -> TypeId {
        match self.store.ty(sig) {
            Type::Signature(s) if s.recv.is_some() => {
                self.store.new_signature(crate::model::SignatureType {
                    recv: None,
                    type_params: s.type_params.clone(),
                    recv_type_params: Box::new([]),
                    params: s.params,
                    results: s.results,
                    variadic: s.variadic,
                })
            }
            _ => sig,
        }
    }

    /// `T.m`: a function whose first parameter is the receiver.
    fn method_expr(
        &mut self,
        e: ExprId,
        t: TypeId,
        sel: ExprId,
        name: crate::model::Symbol,
    ) -> Operand {
        let result = self
            .store
            .lookup_field_or_method(t, false, Some(self.pkg), name);
        let obj = match result.selection() {
            Some(s) if matches!(self.store.obj(s.obj).kind, ObjKind::Func(_)) => {
                self.record_use(sel, s.obj);
                self.selections[self.ctx.file].push((
                    e,
                    SelectionRecord {
                        kind: SelectionKind::MethodExpr,
                        recv: t,
                        selection: s.clone(),
                    },
                ));
                s.obj
            }
            _ => {
                self.error(
                    self.pos_of(sel),
                    format!(
                        "{}.{name} undefined (type {} has no method {name})",
                        self.expr_text(e),
                        self.type_str(t)
                    ),
                );
                return Operand::invalid(Some(e));
            }
        };
        let sig = self.store.obj_type(obj);
        let Type::Signature(s) = self.store.ty(sig) else {
            return Operand::invalid(Some(e));
        };
        // The receiver is named only if the parameters are (go/types).
        let params_named = self
            .store
            .tuple_vars(s.params)
            .first()
            .is_some_and(|&p| !self.store.obj(p).name.is_empty());
        let recv_name = match s.recv.map(|r| self.store.obj(r).name) {
            Some(name) if params_named && !name.is_empty() => name,
            _ if params_named => crate::model::Symbol::intern("_"),
            _ => crate::model::Symbol::EMPTY,
        };
        let recv = self.store.new_var(
            crate::model::VarKind::Param,
            Some(self.pkg),
            None,
            recv_name,
            Some(t),
        );
        let mut params = vec![recv];
        params.extend(self.store.tuple_vars(s.params).iter().copied());
        let results = self.store.tuple_vars(s.results).to_vec();
        let ty = self.store.new_func_type(params, results, s.variadic);
        Operand::new(Mode::Value, ty, e)
    }

    // ---- literals -------------------------------------------------------

    fn basic_lit(&mut self, e: ExprId, kind: LitKind, bad: bool) -> Operand {
        let file = self.file();
        let text = String::from_utf8_lossy(file.lit_text(e).unwrap_or_default()).into_owned();
        let value = if bad {
            None
        } else {
            match kind {
                LitKind::Int => Value::from_int_literal(&text),
                LitKind::Float => Value::from_float_literal(&text),
                LitKind::Imag => Value::from_imaginary_literal(&text),
                LitKind::Rune => goescape_syntax::literal::decode_rune(text.as_bytes())
                    .ok()
                    .map(|r| Value::from_i64(i64::from(r))),
                LitKind::String => goescape_syntax::literal::decode_string(text.as_bytes())
                    .ok()
                    .map(Value::from_string),
            }
        };
        let Some(value) = value else {
            self.error(self.pos_of(e), format!("malformed constant: {text}"));
            return Operand::invalid(Some(e));
        };
        let ty = untyped(match kind {
            LitKind::Int => BasicKind::UntypedInt,
            LitKind::Float => BasicKind::UntypedFloat,
            LitKind::Imag => BasicKind::UntypedComplex,
            LitKind::Rune => BasicKind::UntypedRune,
            LitKind::String => BasicKind::UntypedString,
        });
        Operand::constant(ty, value, e)
    }

    // ---- untyped conversion and assignment -------------------------------

    /// Gives an untyped operand the type it takes as a `target` value,
    /// and records that type on the untyped subexpressions.
    pub fn convert_untyped(&mut self, x: &mut Operand, target: TypeId) {
        self.convert_untyped_in(x, target, None);
    }

    /// [`Checker::convert_untyped`] for an assignment in `context` (named
    /// in the error message).
    fn convert_untyped_in(&mut self, x: &mut Operand, target: TypeId, context: Option<&str>) {
        if x.mode == Mode::Invalid || !self.store.is_untyped(x.ty) || !self.store.is_valid(target) {
            return;
        }
        let Some(t) = self.store.implicit_type(&x.model(), target) else {
            if let Some(e) = x.expr {
                let msg = self.untyped_mismatch(x, target, context);
                self.error(self.pos_of(e), msg);
            }
            x.mode = Mode::Invalid;
            return;
        };
        if t == x.ty {
            return;
        }
        // The value rounded to a typed target (an untyped one keeps the
        // representation: `1 << 28` as an untyped float is still an
        // integer); the operands it was computed from keep their values.
        let typed_kind = self
            .store
            .basic_kind(self.store.underlying(t))
            .filter(|k| !k.is_untyped());
        if let (Some(v), Some(kind)) = (&x.val, typed_kind) {
            if let Ok(rounded) = self.store.representable(v, kind) {
                x.val = Some(rounded);
            }
        }
        if let Some(e) = x.expr {
            self.update_expr_type(e, t, x.val.clone());
        }
        x.ty = t;
    }

    /// gc's message for an untyped value that cannot become a `target`.
    fn untyped_mismatch(&self, x: &Operand, target: TypeId, context: Option<&str>) -> String {
        let target_str = self.type_str(target);
        let context = context.map(|c| format!(" in {c}")).unwrap_or_default();
        let why = match (&x.val, self.store.basic_kind(self.store.underlying(target))) {
            (Some(v), Some(k))
                if x.mode == Mode::Constant
                    && k.is_numeric()
                    && self.store.all_basic(x.ty, |k| k.is_numeric()) =>
            {
                match self.store.representable(v, k) {
                    Err(constant::Unrepresentable::Truncated) => " (truncated)",
                    Err(_) => " (overflows)",
                    Ok(_) => "",
                }
            }
            _ => "",
        };
        format!(
            "cannot use {} as {target_str} value{context}{why}",
            self.describe(x)
        )
    }

    /// gc's description of an operand in messages: `x (variable of type T)`.
    pub fn describe(&self, x: &Operand) -> String {
        let text = x.expr.map(|e| self.expr_text(e)).unwrap_or_default();
        let ty = self.type_str(x.ty);
        match x.mode {
            Mode::Constant if self.store.is_untyped(x.ty) => {
                let val = x.val.as_ref().map(|v| v.to_string()).unwrap_or_default();
                if val == text {
                    format!("{text} ({ty} constant)")
                } else {
                    format!("{text} ({ty} constant {val})")
                }
            }
            Mode::Constant => {
                let val = x.val.as_ref().map(|v| v.to_string()).unwrap_or_default();
                if val == text {
                    format!("{text} (constant of type {ty})")
                } else {
                    format!("{text} (constant {val} of type {ty})")
                }
            }
            Mode::Nil => "nil".to_owned(),
            Mode::Variable => format!("{text} (variable of type {ty})"),
            Mode::MapIndex => format!("{text} (map index expression of type {ty})"),
            Mode::CommaOk => format!("{text} (comma, ok expression of type {ty})"),
            _ if self.store.is_untyped(x.ty) => format!("{text} ({ty} value)"),
            _ => format!("{text} (value of type {ty})"),
        }
    }

    /// Re-records the untyped expression `e` (and the untyped operands it
    /// was computed from) with its final type `ty`; `e` gets value `val`,
    /// the operands keep theirs.
    pub fn update_expr_type(&mut self, e: ExprId, ty: TypeId, val: Option<Value>) {
        let file_index = self.ctx.file;
        let file = self.file();
        // A worklist rather than recursion: operand trees can be deep.
        let mut work = vec![(e, val)];
        while let Some((id, val)) = work.pop() {
            let Some(Some(rec)) = self.records[file_index].get_mut(id.index()) else {
                continue;
            };
            if !self.store.is_untyped(rec.ty) {
                continue;
            }
            rec.ty = ty;
            let is_constant = rec.mode == Mode::Constant;
            if is_constant {
                if let Some(v) = val {
                    rec.value = Some(v);
                }
            }
            let operands: &[ExprId] = &match file.expr(id).kind {
                // The operands of a constant operation are never
                // materialized as typed values: they keep their untyped
                // types (go/types).
                ExprKind::Unary { .. } | ExprKind::Binary { .. } if is_constant => vec![],
                ExprKind::Paren { x } => vec![x],
                ExprKind::Unary { op, x } if op != Operator::Recv && op != Operator::And => vec![x],
                ExprKind::Binary {
                    op: Operator::Shl | Operator::Shr,
                    x,
                    ..
                } => vec![x],
                ExprKind::Binary { op, x, y } if !is_comparison(op) => vec![x, y],
                _ => vec![],
            };
            for &operand in operands {
                let own = self.records[file_index]
                    .get(operand.index())
                    .cloned()
                    .flatten()
                    .and_then(|r| r.value);
                work.push((operand, own));
            }
        }
    }

    /// Checks that `x` can be assigned to a `target` variable, converting
    /// untyped values; records conversions to interfaces.
    pub fn assign_to(&mut self, x: &mut Operand, target: TypeId, context: &str) {
        if x.mode == Mode::Invalid
            && self.imports_c
            && self.store.is_non_type_param_interface(target)
        {
            // A C value (of unknown type) becomes an interface as the
            // non-pointer values C's types mostly are: boxed.
            if let Some(e) = x.expr {
                self.to_interface[self.ctx.file].push((e, target));
            }
        }
        if x.mode == Mode::Invalid || !self.store.is_valid(target) {
            return;
        }
        if self.store.is_untyped(x.ty) {
            let t = if self.store.is_non_type_param_interface(target) && x.mode != Mode::Nil {
                if self.store.type_set(self.store.underlying(target)).is_all() {
                    self.store.default_type(x.ty)
                } else {
                    target
                }
            } else {
                target
            };
            self.convert_untyped_in(x, t, Some(context));
            if x.mode == Mode::Invalid {
                return;
            }
        }
        if self
            .store
            .signature(x.ty)
            .is_some_and(|s| !s.type_params.is_empty())
        {
            if let Some(inst) = self.infer_from_target(x.ty, target) {
                x.ty = inst;
                if let Some(e) = x.expr {
                    let mode = x.mode;
                    self.record(e, mode, inst, None);
                }
            }
        }
        if let Err(_why) = self.store.assignable_to(&x.model(), target) {
            let e = x.expr;
            let msg = format!(
                "cannot use {} as {} value in {context}",
                self.describe(x),
                self.type_str(target)
            );
            if let Some(e) = e {
                self.error(self.pos_of(e), msg);
            }
            x.mode = Mode::Invalid;
            return;
        }
        // A type parameter's value is converted too (gc boxes the shape).
        if self.store.is_non_type_param_interface(target)
            && x.mode != Mode::Nil
            && (!self.store.is_non_type_param_interface(x.ty) || self.iface_to_iface(x.ty, target))
        {
            if let Some(e) = x.expr {
                self.to_interface[self.ctx.file].push((e, target));
            }
        }
    }

    /// Whether an interface value of type `src` assigned to interface type
    /// `dst` is converted (gc recomputes the itab): unless the types are
    /// identical or both are empty interfaces of identical underlying type.
    fn iface_to_iface(&self, src: TypeId, dst: TypeId) -> bool {
        if !self.store.is_non_type_param_interface(src) || self.store.identical(src, dst) {
            return false;
        }
        let (su, du) = (self.store.underlying(src), self.store.underlying(dst));
        !(self.store.identical(su, du) && self.store.type_set(su).is_all())
    }

    /// The type of a variable declared with initializer `x` and optional
    /// declared type.
    pub fn var_type(&mut self, x: &mut Operand, declared: Option<TypeId>, context: &str) -> TypeId {
        match declared {
            Some(t) => {
                self.assign_to(x, t, context);
                t
            }
            None => {
                if x.mode == Mode::Invalid {
                    return TypeId::INVALID;
                }
                if x.mode == Mode::Nil {
                    if let Some(e) = x.expr {
                        self.error(self.pos_of(e), format!("use of untyped nil in {context}"));
                    }
                    return TypeId::INVALID;
                }
                let t = self.store.default_type(x.ty);
                self.assign_to(x, t, context);
                t
            }
        }
    }

    /// Types of the variables a declaration initializes from `values` (one
    /// multi-valued expression or one expression per variable).
    pub fn multi_value_types(
        &mut self,
        values: &[ExprId],
        count: usize,
        declared: Option<TypeId>,
    ) -> Vec<TypeId> {
        // gc words a declaration of several variables as an assignment.
        let context = if count == 1 {
            "variable declaration"
        } else {
            "assignment"
        };
        if values.len() == count {
            return values
                .iter()
                .map(|&v| {
                    let mut x = self.expr_with_hint(v, declared);
                    self.var_type(&mut x, declared, context)
                })
                .collect();
        }
        let operands = self.unpack_values(values, count);
        match operands {
            Some(ops) => {
                // The results of one call have no expression of their own:
                // the first that does not fit the declared type is
                // reported at the call, once, as gc does.
                let mut reported = false;
                ops.into_iter()
                    .map(|mut x| {
                        if let Some(t) = declared {
                            if !reported && self.store.assignable_to(&x.model(), t).is_err() {
                                x.expr = values.first().copied();
                                reported = true;
                            }
                        }
                        self.var_type(&mut x, declared, context)
                    })
                    .collect()
            }
            None => vec![declared.unwrap_or(TypeId::INVALID); count],
        }
    }

    /// Whether `e` calls a C function (`C.f(...)`).
    fn is_c_call(&self, e: ExprId) -> bool {
        let file = self.file();
        let ExprKind::Call { fun, .. } = file.expr(file.unparen(e)).kind else {
            return false;
        };
        let ExprKind::Selector { x, .. } = file.expr(fun).kind else {
            return false;
        };
        let pkg = self.objects[self.ctx.file]
            .get(x.index())
            .copied()
            .flatten();
        pkg.is_some_and(|obj| match self.store.obj(obj).kind {
            ObjKind::PkgName(p) => self.store.package(p).scope().is_none(),
            _ => false,
        })
    }

    /// Evaluates one multi-valued right-hand side for `count` variables:
    /// a call returning a tuple, or a comma-ok expression.
    pub fn unpack_values(&mut self, values: &[ExprId], count: usize) -> Option<Vec<Operand>> {
        if values.len() != 1 {
            if let Some(&first) = values.first() {
                self.error(
                    self.pos_of(first),
                    format!(
                        "assignment mismatch: {count} variables but {} values",
                        values.len()
                    ),
                );
            }
            for &v in values {
                self.raw_expr(v, None);
            }
            return None;
        }
        let e = values[0];
        let x = self.raw_expr(e, None);
        if x.mode == Mode::Invalid {
            // `r, err := C.f(...)`: cgo makes the second result C's errno
            // as an `error`.
            if count == 2 && self.is_c_call(e) {
                let err = Operand::new(Mode::Value, self.store.error_type(), e);
                return Some(vec![x, err]);
            }
            return None;
        }
        if let Type::Tuple(t) = self.store.ty(x.ty) {
            if t.vars.len() == count {
                return Some(
                    t.vars
                        .iter()
                        .map(|&v| Operand::new(Mode::Value, self.store.obj_type(v), e))
                        .map(|mut o| {
                            o.expr = None;
                            o
                        })
                        .collect(),
                );
            }
        } else if count == 2 && matches!(x.mode, Mode::CommaOk | Mode::MapIndex) {
            let mut value = x.clone();
            if self.store.is_untyped(value.ty) {
                let t = self.store.default_type(value.ty);
                self.convert_untyped(&mut value, t);
            }
            let ok_var = |c: &Self, ty| {
                c.store.new_var(
                    crate::model::VarKind::Local,
                    None,
                    None,
                    crate::model::Symbol::EMPTY,
                    Some(ty),
                )
            };
            let tuple = self.store.new_tuple(vec![
                ok_var(self, value.ty),
                ok_var(self, TypeId::basic(BasicKind::Bool)),
            ]);
            self.record_comma_ok(e, tuple);
            let ok = Operand {
                mode: Mode::Value,
                ty: untyped(BasicKind::UntypedBool),
                val: None,
                expr: None,
                builtin: None,
            };
            value.mode = Mode::Value;
            return Some(vec![value, ok]);
        }
        let have = match self.store.ty(x.ty) {
            Type::Tuple(t) => t.vars.len(),
            _ => 1,
        };
        let callee = match self.file().expr(self.file().unparen(e)).kind {
            ExprKind::Call { fun, .. } => self.expr_text(fun),
            _ => self.expr_text(e),
        };
        self.error(
            self.pos_of(e),
            format!(
                "assignment mismatch: {count} variables but {callee} returns {have} value{}",
                if have == 1 { "" } else { "s" }
            ),
        );
        None
    }

    /// Re-records a comma-ok expression (and enclosing parentheses) with
    /// its tuple type; the mode stays (a map index stays a map index).
    fn record_comma_ok(&mut self, e: ExprId, tuple: TypeId) {
        let mut id = e;
        loop {
            if let Some(Some(rec)) = self.records[self.ctx.file].get_mut(id.index()) {
                rec.ty = tuple;
            }
            match self.file().expr(id).kind {
                ExprKind::Paren { x } => id = x,
                _ => break,
            }
        }
    }

    // ---- operators ------------------------------------------------------

    fn unary(&mut self, e: ExprId, op: Operator, operand: ExprId) -> Operand {
        let file = self.file();
        if op == Operator::Mul {
            let x = self.expr_or_type(operand);
            return match x.mode {
                Mode::Invalid => x,
                Mode::Type => Operand::new(Mode::Type, self.store.pointer(x.ty), e),
                // A value of invalid type (a call of a function whose result
                // type is invalid, as with cgo's fake "C"): its error was
                // reported where the type arose (go/types reports this one
                // unless an error came before; we never do).
                _ if !self.store.is_valid(x.ty) => Operand::invalid(Some(e)),
                _ => match self
                    .store
                    .core_type(x.ty)
                    .ok()
                    .and_then(|c| self.store.pointer_elem(c))
                {
                    // What a pointer to a C type points to is unknown.
                    Some(elem) if !self.store.is_valid(elem) => Operand::invalid(Some(e)),
                    Some(elem) => Operand::new(Mode::Variable, elem, e),
                    None => {
                        if x.mode == Mode::Nil {
                            self.error(self.pos_of(e), "invalid operation: cannot indirect nil");
                        } else {
                            self.error(
                                self.pos_of(e),
                                format!("invalid operation: cannot indirect {}", self.describe(&x)),
                            );
                        }
                        Operand::invalid(Some(e))
                    }
                },
            };
        }
        if op == Operator::And {
            let inner = file.unparen(operand);
            let x = match file.expr(inner).kind {
                ExprKind::CompositeLit { .. } => self.expr(operand),
                _ => {
                    let x = self.expr(operand);
                    if x.mode != Mode::Variable && x.mode != Mode::Invalid {
                        self.error(
                            self.pos_of(e),
                            format!(
                                "invalid operation: cannot take address of {}",
                                self.describe(&x)
                            ),
                        );
                        return Operand::invalid(Some(e));
                    }
                    x
                }
            };
            if x.mode == Mode::Invalid {
                // The address of a C variable or field.
                return match self.c_pointer() {
                    Some(ptr) => Operand::new(Mode::Value, ptr, e),
                    None => x,
                };
            }
            return Operand::new(Mode::Value, self.store.pointer(x.ty), e);
        }
        let mut x = self.expr(operand);
        if x.mode == Mode::Invalid {
            return x;
        }
        if op == Operator::Recv {
            let elem = self
                .store
                .core_type(x.ty)
                .ok()
                .and_then(|c| self.store.chan_of(c));
            return match elem {
                Some((crate::model::ChanDir::Send, _)) => {
                    self.error(
                        self.pos_of(e),
                        format!(
                            "invalid operation: cannot receive from send-only channel {}",
                            self.describe(&x)
                        ),
                    );
                    Operand::invalid(Some(e))
                }
                Some((_, elem)) => Operand::new(Mode::CommaOk, elem, e),
                None => {
                    self.error(
                        self.pos_of(e),
                        format!(
                            "invalid operation: cannot receive from non-channel {}",
                            self.describe(&x)
                        ),
                    );
                    Operand::invalid(Some(e))
                }
            };
        }
        let ok = match op {
            Operator::Add | Operator::Sub => self.store.all_basic(x.ty, |k| k.is_numeric()),
            Operator::Xor => self.store.all_basic(x.ty, |k| k.is_integer()),
            Operator::Not => self.store.all_basic(x.ty, |k| k.is_boolean()),
            _ => false,
        };
        if !ok {
            return self.operator_not_defined(e, op, &x);
        }
        x.expr = Some(e);
        if x.mode == Mode::Constant {
            let kind = self.store.basic_kind(self.store.underlying(x.ty));
            let unsigned_bits = kind
                .filter(|k| k.is_unsigned() && !k.is_untyped())
                .map(|k| self.unsigned_bits(k));
            let cop = match op {
                Operator::Add => UnaryOp::Plus,
                Operator::Sub => UnaryOp::Neg,
                Operator::Xor => UnaryOp::Complement { unsigned_bits },
                _ => UnaryOp::Not,
            };
            let val = x.val.as_ref().map(|v| v.unary_op(cop));
            match val {
                Some(Ok(v)) => {
                    x.val = Some(self.check_overflow(e, v, x.ty));
                }
                _ => x.val = Some(Value::unknown()),
            }
            return x;
        }
        x.mode = Mode::Value;
        x
    }

    fn unsigned_bits(&self, kind: BasicKind) -> u32 {
        match kind {
            BasicKind::Uint8 => 8,
            BasicKind::Uint16 => 16,
            BasicKind::Uint32 => 32,
            BasicKind::Uint | BasicKind::Uintptr => 8 * self.store.sizes().word_size as u32,
            _ => 64,
        }
    }

    /// A typed constant's value must fit its type.
    fn check_overflow(&mut self, e: ExprId, v: Value, ty: TypeId) -> Value {
        if self.store.is_untyped(ty) {
            // Untyped integers are exact up to 512 bits, as in gc; wider
            // results are an error (and would make later arithmetic
            // unbounded).
            if v.kind() == constant::Kind::Int && v.bit_len() > constant::MAX_UNTYPED_INT_BITS {
                self.error(self.pos_of(e), "constant overflow");
                return Value::unknown();
            }
            return v;
        }
        let Some(kind) = self.store.basic_kind(self.store.underlying(ty)) else {
            return v;
        };
        match self.store.representable(&v, kind) {
            Ok(r) => r,
            Err(_) => {
                self.error(self.pos_of(e), format!("cannot use {} (constant {} of type {}) as {} value in expression (overflows)", self.expr_text(e), v, self.type_str(ty), self.type_str(ty)));
                Value::unknown()
            }
        }
    }

    /// Brings two operands to a common type: an untyped one takes the
    /// other's type.
    fn match_types(&mut self, x: &mut Operand, y: &mut Operand) {
        let xu = self.store.is_untyped(x.ty);
        let yu = self.store.is_untyped(y.ty);
        if xu && !yu {
            self.convert_untyped(x, y.ty);
        } else if yu && !xu {
            self.convert_untyped(y, x.ty);
        } else if xu && yu {
            let xk = self.store.basic_kind(x.ty);
            let yk = self.store.basic_kind(y.ty);
            if let (Some(a), Some(b)) = (xk, yk) {
                if a.is_numeric() && b.is_numeric() {
                    let larger = if a > b { x.ty } else { y.ty };
                    self.convert_untyped(x, larger);
                    self.convert_untyped(y, larger);
                }
            }
        }
    }

    fn binary(&mut self, e: ExprId, op: Operator, lhs: ExprId, rhs: ExprId) -> Operand {
        // Left-deep chains (`a + b + c + ...`, thousands long in generated
        // code) are evaluated iteratively, so the stack does not limit them.
        let file = self.file();
        let mut spine = vec![(e, op, rhs)];
        let mut leftmost = lhs;
        while let ExprKind::Binary { op, x, y } = file.expr(leftmost).kind {
            spine.push((leftmost, op, y));
            leftmost = x;
        }
        let mut x = self.expr(leftmost);
        while let Some((node, op, rhs)) = spine.pop() {
            let y = self.expr(rhs);
            x = self.binary_operands(node, op, x, y);
            x.expr = Some(node);
            // The outermost node is recorded by `raw_expr`.
            if node != e && x.mode != Mode::Invalid {
                self.record(node, x.mode, x.ty, x.val.clone());
            }
        }
        x
    }

    /// `x op y` for evaluated operands; `e` is the binary expression.
    fn binary_operands(
        &mut self,
        e: ExprId,
        op: Operator,
        mut x: Operand,
        mut y: Operand,
    ) -> Operand {
        let rhs = y.expr.unwrap_or(e);
        if x.mode == Mode::Invalid || y.mode == Mode::Invalid {
            return Operand::invalid(Some(e));
        }
        if matches!(op, Operator::Shl | Operator::Shr) {
            return self.shift(e, op, x, y);
        }
        self.match_types(&mut x, &mut y);
        if x.mode == Mode::Invalid || y.mode == Mode::Invalid {
            return Operand::invalid(Some(e));
        }
        if is_comparison(op) {
            return self.comparison(e, op, x, y);
        }
        if !self.store.identical(x.ty, y.ty) {
            return self.mismatched_types(e, &x, &y);
        }
        let ok = match op {
            Operator::Add => self
                .store
                .all_basic(x.ty, |k| k.is_numeric() || k.is_string()),
            Operator::Sub | Operator::Mul | Operator::Div => {
                self.store.all_basic(x.ty, |k| k.is_numeric())
            }
            Operator::Rem | Operator::And | Operator::Or | Operator::Xor | Operator::AndNot => {
                self.store.all_basic(x.ty, |k| k.is_integer())
            }
            Operator::AndAnd | Operator::OrOr => self.store.all_basic(x.ty, |k| k.is_boolean()),
            _ => false,
        };
        if !ok {
            return self.operator_not_defined(e, op, &x);
        }
        if x.mode == Mode::Constant && y.mode == Mode::Constant {
            let integer = self.store.all_basic(x.ty, |k| k.is_integer());
            let cop = match op {
                Operator::Add => BinaryOp::Add,
                Operator::Sub => BinaryOp::Sub,
                Operator::Mul => BinaryOp::Mul,
                Operator::Div if integer => BinaryOp::IntDiv,
                Operator::Div => BinaryOp::Div,
                Operator::Rem => BinaryOp::Rem,
                Operator::And => BinaryOp::And,
                Operator::Or => BinaryOp::Or,
                Operator::Xor => BinaryOp::Xor,
                Operator::AndNot => BinaryOp::AndNot,
                Operator::AndAnd => BinaryOp::LogicalAnd,
                _ => BinaryOp::LogicalOr,
            };
            let (Some(a), Some(b)) = (&x.val, &y.val) else {
                return Operand::invalid(Some(e));
            };
            let val = match a.binary_op(cop, b) {
                Ok(v) => self.check_overflow(e, v, x.ty),
                Err(err) => {
                    if !a.is_unknown() && !b.is_unknown() {
                        self.error(self.pos_of(e), format!("invalid operation: {err}"));
                    }
                    Value::unknown()
                }
            };
            return Operand::constant(x.ty, val, e);
        }
        if matches!(op, Operator::Div | Operator::Rem)
            && y.mode == Mode::Constant
            && self.store.all_basic(x.ty, |k| k.is_integer())
            && y.val.as_ref().is_some_and(|v| v.sign() == 0)
        {
            self.error(self.pos_of(rhs), "invalid operation: division by zero");
            return Operand::invalid(Some(e));
        }
        Operand::new(Mode::Value, x.ty, e)
    }

    fn comparison(&mut self, e: ExprId, op: Operator, mut x: Operand, mut y: Operand) -> Operand {
        // An invalid type was reported where it arose; avoid follow-on errors.
        if !self.store.is_valid(x.ty) || !self.store.is_valid(y.ty) {
            return Operand::invalid(Some(e));
        }
        let ok = self.store.assignable_to(&x.model(), y.ty).is_ok()
            || self.store.assignable_to(&y.model(), x.ty).is_ok();
        if !ok {
            return self.mismatched_types(e, &x, &y);
        }
        if let Some(why) = self.incomparable(op, &x, &y) {
            self.error(
                self.pos_of(e),
                format!("invalid operation: {} ({why})", self.expr_text(e)),
            );
            return Operand::invalid(Some(e));
        }
        // Comparing a concrete value with an interface converts it.
        for (a, b) in [(&x, &y), (&y, &x)] {
            let converts = self.store.is_non_type_param_interface(a.ty)
                && !self.store.is_non_type_param_interface(b.ty)
                && b.mode != Mode::Nil;
            if let (true, Some(be)) = (converts, b.expr) {
                self.to_interface[self.ctx.file].push((be, a.ty));
            }
        }
        let result = untyped(BasicKind::UntypedBool);
        if x.mode == Mode::Constant && y.mode == Mode::Constant {
            let cop = match op {
                Operator::Eql => CompareOp::Eq,
                Operator::Neq => CompareOp::Ne,
                Operator::Lss => CompareOp::Lt,
                Operator::Leq => CompareOp::Le,
                Operator::Gtr => CompareOp::Gt,
                _ => CompareOp::Ge,
            };
            let val = match (&x.val, &y.val) {
                (Some(a), Some(b)) => a
                    .compare(cop, b)
                    .map(Value::from_bool)
                    .unwrap_or_else(|_| Value::unknown()),
                _ => Value::unknown(),
            };
            return Operand::constant(result, val, e);
        }
        for operand in [&mut x, &mut y] {
            if self.store.is_untyped(operand.ty) {
                let t = self.store.default_type(operand.ty);
                self.convert_untyped(operand, t);
            }
        }
        Operand::new(Mode::Value, result, e)
    }

    /// Why `x op y` cannot compare its (matching) operands, as gc says it.
    fn incomparable(&self, op: Operator, x: &Operand, y: &Operand) -> Option<String> {
        let kind_name = |ty: TypeId| match self.store.ty(self.store.underlying(ty)) {
            Type::Slice(_) => "slice",
            Type::Map { .. } => "map",
            Type::Signature(_) => "func",
            Type::Struct(_) => "struct",
            Type::Pointer(_) => "pointer",
            Type::Chan { .. } => "chan",
            Type::Interface(_) => "interface",
            Type::Array { .. } => "array",
            _ => "",
        };
        if matches!(op, Operator::Eql | Operator::Neq) {
            if x.mode == Mode::Nil || y.mode == Mode::Nil {
                return None;
            }
            let bad = [x, y]
                .into_iter()
                .find(|o| !self.store.is_comparable(o.ty))?;
            return Some(match kind_name(bad.ty) {
                k @ ("slice" | "map" | "func") => format!("{k} can only be compared to nil"),
                _ => format!("{} cannot be compared", self.type_str(bad.ty)),
            });
        }
        let bad = [x, y].into_iter().find(|o| !self.store.is_ordered(o.ty))?;
        let kind = match kind_name(bad.ty) {
            "" => self.type_str(bad.ty),
            k => k.to_owned(),
        };
        Some(format!("operator {} not defined on {kind}", op.as_str()))
    }

    fn shift(&mut self, e: ExprId, op: Operator, mut x: Operand, mut y: Operand) -> Operand {
        let integral_untyped_count = self.store.is_untyped(y.ty)
            && y.val
                .as_ref()
                .is_some_and(|v| v.to_int().kind() == constant::Kind::Int);
        if !(self.store.all_basic(y.ty, |k| k.is_integer()) || integral_untyped_count) {
            self.error(
                self.pos_of(y.expr.unwrap_or(e)),
                format!(
                    "invalid operation: shift count {} must be integer",
                    self.describe(&y)
                ),
            );
            return Operand::invalid(Some(e));
        }
        if y.mode != Mode::Constant && self.store.is_untyped(y.ty) {
            self.convert_untyped(&mut y, TypeId::basic(BasicKind::Uint));
        }
        if x.mode == Mode::Constant && self.store.is_untyped(x.ty) {
            if let Some(v) = &x.val {
                let int = v.to_int();
                // An integral untyped float shifts as an integer; the
                // operand keeps its untyped type (the context decides).
                if int.kind() == constant::Kind::Int {
                    x.val = Some(int);
                }
            }
        }
        let untyped_constant = self.store.is_untyped(x.ty) && x.mode == Mode::Constant;
        if !(self.store.all_basic(x.ty, |k| k.is_integer()) || untyped_constant) {
            self.error(
                self.pos_of(e),
                format!(
                    "invalid operation: shifted operand {} must be integer",
                    self.describe(&x)
                ),
            );
            return Operand::invalid(Some(e));
        }
        if x.mode == Mode::Constant && y.mode == Mode::Constant {
            let sop = if op == Operator::Shl {
                ShiftOp::Left
            } else {
                ShiftOp::Right
            };
            let (Some(a), Some(b)) = (&x.val, &y.val) else {
                return Operand::invalid(Some(e));
            };
            let val = match a.shift(sop, b) {
                Ok(v) => self.check_overflow(e, v, x.ty),
                Err(err) => {
                    self.error(self.pos_of(e), format!("invalid operation: {err}"));
                    Value::unknown()
                }
            };
            // An untyped non-integer constant (`1.0 << 2`) becomes an
            // untyped int; untyped runes stay runes.
            let ty = if self.store.all_basic(x.ty, |k| k.is_integer()) {
                x.ty
            } else {
                untyped(BasicKind::UntypedInt)
            };
            return Operand::constant(ty, val, e);
        }
        Operand::new(Mode::Value, x.ty, e)
    }

    // ---- composite literals ----------------------------------------------

    fn composite_lit(
        &mut self,
        e: ExprId,
        ty: Option<ExprId>,
        elems: goescape_syntax::ExprList,
        hint: Option<TypeId>,
    ) -> Operand {
        let file = self.file();
        let mut elided_pointer = None;
        let lit_type = match ty {
            Some(t) => match file.expr(t).kind {
                ExprKind::ArrayType { len: None, elem } => {
                    let elem_ty = self.type_expr(elem);
                    let n = self.array_elements(elem_ty, elems);
                    let arr = self.store.array(elem_ty, Some(n));
                    self.record(t, Mode::Type, arr, None);
                    return Operand::new(Mode::Value, arr, e);
                }
                _ => self.type_expr(t),
            },
            None => match hint {
                Some(h) => {
                    // `{...}` for a `*T` element stands for `&T{...}`.
                    let core = self.store.core_type(h).unwrap_or(h);
                    match self.store.pointer_elem(core) {
                        Some(elem) if matches!(self.store.ty(core), Type::Pointer(_)) => {
                            elided_pointer = Some(h);
                            elem
                        }
                        _ => h,
                    }
                }
                None => {
                    self.error(
                        self.pos_of(e),
                        "invalid composite literal type: missing type",
                    );
                    return Operand::invalid(Some(e));
                }
            },
        };
        let base = self.store.core_type(lit_type).unwrap_or(TypeId::INVALID);
        match self.store.ty(base) {
            Type::Struct(_) => self.struct_elements(lit_type, base, elems, e),
            Type::Array { elem, .. } => {
                let elem = *elem;
                self.array_elements(elem, elems);
            }
            Type::Slice(elem) => {
                let elem = *elem;
                self.array_elements(elem, elems);
            }
            Type::Map { key, elem } => {
                let (key, elem) = (*key, *elem);
                for &el in file.expr_list(elems) {
                    if let ExprKind::KeyValue { key: k, value } = file.expr(el).kind {
                        let mut kx = self.expr_with_hint(k, Some(key));
                        self.assign_to(&mut kx, key, "map literal");
                        let mut vx = self.expr_with_hint(value, Some(elem));
                        self.assign_to(&mut vx, elem, "map literal");
                    } else {
                        self.error(self.pos_of(el), "missing key in map literal");
                        self.expr(el);
                    }
                }
            }
            _ => {
                if self.store.is_valid(lit_type) {
                    self.error(
                        self.pos_of(e),
                        format!("invalid composite literal type {}", self.type_str(lit_type)),
                    );
                }
                for &el in file.expr_list(elems) {
                    let v = match file.expr(el).kind {
                        ExprKind::KeyValue { value, .. } => value,
                        _ => el,
                    };
                    self.raw_expr(v, None);
                }
                return Operand::invalid(Some(e));
            }
        }
        // An elided `&T{...}` is recorded (and used) as `*T`.
        Operand::new(Mode::Value, elided_pointer.unwrap_or(lit_type), e)
    }

    fn struct_elements(
        &mut self,
        lit_type: TypeId,
        st: TypeId,
        elems: goescape_syntax::ExprList,
        lit: ExprId,
    ) {
        let file = self.file();
        let fields = self.store.struct_fields(st).to_vec();
        let list = file.expr_list(elems);
        let keyed = list
            .first()
            .is_some_and(|&el| matches!(file.expr(el).kind, ExprKind::KeyValue { .. }));
        for (i, &el) in list.iter().enumerate() {
            match file.expr(el).kind {
                ExprKind::KeyValue { key, value } if keyed => {
                    let name = self.name_of(key);
                    let field = fields
                        .iter()
                        .copied()
                        .find(|&f| self.store.obj(f).name == name);
                    let Some(field) = field else {
                        self.error(
                            self.pos_of(key),
                            format!(
                                "unknown field {name} in struct literal of type {}",
                                self.type_str(lit_type)
                            ),
                        );
                        self.raw_expr(value, None);
                        continue;
                    };
                    self.record_use(key, field);
                    let fty = self.store.obj_type(field);
                    let mut x = self.expr_with_hint(value, Some(fty));
                    self.assign_to(&mut x, fty, "struct literal");
                }
                _ => {
                    let Some(&field) = fields.get(i) else {
                        self.error(self.pos_of(el), "too many values in struct literal");
                        self.raw_expr(el, None);
                        continue;
                    };
                    let fty = self.store.obj_type(field);
                    let mut x = self.expr_with_hint(el, Some(fty));
                    self.assign_to(&mut x, fty, "struct literal");
                }
            }
        }
        if !keyed && !list.is_empty() && list.len() < fields.len() {
            self.error(file.expr(lit).pos, "too few values in struct literal");
        }
    }

    /// Checks the elements of an array or slice literal; returns the
    /// length they imply.
    fn array_elements(&mut self, elem: TypeId, elems: goescape_syntax::ExprList) -> u64 {
        let file = self.file();
        let mut index: u64 = 0;
        let mut max: u64 = 0;
        for &el in file.expr_list(elems) {
            let value = match file.expr(el).kind {
                ExprKind::KeyValue { key, value } => {
                    let k = self.expr(key);
                    if let Some(i) = k
                        .val
                        .as_ref()
                        .filter(|_| k.mode == Mode::Constant)
                        .and_then(|v| v.to_int().uint64())
                    {
                        index = i;
                    } else if k.mode != Mode::Invalid {
                        self.error(
                            self.pos_of(key),
                            format!("index {} must be integer constant", self.expr_text(key)),
                        );
                    }
                    let mut k = k;
                    if self.store.is_untyped(k.ty) {
                        self.convert_untyped(&mut k, TypeId::basic(BasicKind::Int));
                    }
                    value
                }
                _ => el,
            };
            let mut x = self.expr_with_hint(value, Some(elem));
            self.assign_to(&mut x, elem, "array or slice literal");
            index = index.saturating_add(1);
            max = max.max(index);
        }
        max
    }

    // ---- index and slice expressions -----------------------------------

    fn index_expr(&mut self, e: ExprId, x: ExprId, index: ExprId) -> Operand {
        let base = self.raw_expr(x, None);
        match base.mode {
            Mode::Invalid => return Operand::invalid(Some(e)),
            Mode::Type => {
                let args = self.type_args(index);
                let ty = self.instantiate_checked(base.ty, args, self.pos_of(e));
                return Operand::new(Mode::Type, ty, e);
            }
            _ => {}
        }
        if self
            .store
            .signature(base.ty)
            .is_some_and(|s| !s.type_params.is_empty())
        {
            return self.func_instance(e, base, index);
        }
        let base = self.single_value(base);
        if base.mode == Mode::Invalid {
            return base;
        }
        let core = match self.store.core_type(base.ty) {
            Ok(core) => core,
            Err(_) if self.bytes_or_string(base.ty) => TypeId::basic(BasicKind::String),
            Err(_) => TypeId::INVALID,
        };
        let (mode, elem, length) = match self.store.ty(core) {
            Type::Basic(b) if b.kind.is_string() => {
                let mode = Mode::Value;
                (
                    mode,
                    TypeId::BYTE,
                    base.val
                        .as_ref()
                        .and_then(|v| v.string_len())
                        .map(|n| n as u64),
                )
            }
            Type::Slice(elem) => (Mode::Variable, *elem, None),
            Type::Array { elem, len } => {
                let mode = if base.mode == Mode::Variable {
                    Mode::Variable
                } else {
                    Mode::Value
                };
                (mode, *elem, *len)
            }
            Type::Pointer(p) => match self.store.ty(self.store.underlying(*p)) {
                Type::Array { elem, len } => (Mode::Variable, *elem, *len),
                _ => (Mode::Invalid, TypeId::INVALID, None),
            },
            Type::Map { key, elem } => {
                let (key, elem) = (*key, *elem);
                let mut k = self.expr_with_hint(index, Some(key));
                self.assign_to(&mut k, key, "map index");
                return Operand::new(Mode::MapIndex, elem, e);
            }
            _ => (Mode::Invalid, TypeId::INVALID, None),
        };
        if mode == Mode::Invalid {
            let bracket = self.file().expr(e).pos;
            self.error(bracket, format!("cannot index {}", self.describe(&base)));
            self.expr(index);
            return Operand::invalid(Some(e));
        }
        // Indexing a constant string is not a constant.
        self.index_value(index, length);
        Operand::new(mode, elem, e)
    }

    /// Checks an index; returns its value if constant.
    pub fn index_value(&mut self, index: ExprId, length: Option<u64>) -> Option<u64> {
        let mut i = self.expr(index);
        if i.mode == Mode::Invalid {
            return None;
        }
        if self.store.is_untyped(i.ty) {
            self.convert_untyped(&mut i, TypeId::basic(BasicKind::Int));
        }
        if i.mode == Mode::Invalid {
            return None;
        }
        if !self.store.all_basic(i.ty, |k| k.is_integer()) {
            self.error(
                self.pos_of(index),
                format!(
                    "invalid argument: index {} must be integer",
                    self.describe(&i)
                ),
            );
            return None;
        }
        let v = i.val.as_ref().filter(|_| i.mode == Mode::Constant)?;
        if v.sign() < 0 {
            self.error(
                self.pos_of(index),
                format!(
                    "invalid argument: index {} must not be negative",
                    self.expr_text(index)
                ),
            );
            return None;
        }
        let n = v.uint64()?;
        if let Some(len) = length {
            if n >= len {
                self.error(
                    self.pos_of(index),
                    format!("invalid argument: index {n} out of bounds [0:{len}]"),
                );
            }
        }
        Some(n)
    }

    fn slice_expr(&mut self, e: ExprId, x: ExprId, indices: [Option<ExprId>; 3]) -> Operand {
        let base = self.expr(x);
        if base.mode == Mode::Invalid {
            for i in indices.into_iter().flatten() {
                self.expr(i);
            }
            return base;
        }
        if self.bytes_or_string(base.ty) && self.store.core_type(base.ty).is_err() {
            for i in indices.into_iter().flatten() {
                self.index_value(i, None);
            }
            return Operand::new(Mode::Value, base.ty, e);
        }
        let core = self.store.core_type(base.ty).unwrap_or(TypeId::INVALID);
        let (ty, length) = match self.store.ty(core) {
            Type::Basic(b) if b.kind.is_string() => {
                let ty = if b.kind == BasicKind::UntypedString {
                    TypeId::basic(BasicKind::String)
                } else {
                    base.ty
                };
                (
                    ty,
                    base.val
                        .as_ref()
                        .and_then(|v| v.string_len())
                        .map(|n| (n as u64).saturating_add(1)),
                )
            }
            Type::Slice(_) => (base.ty, None),
            Type::Array { elem, len } => {
                if base.mode != Mode::Variable {
                    self.error(
                        self.pos_of(e),
                        format!(
                            "invalid operation: {} (slice of unaddressable value)",
                            self.expr_text(e)
                        ),
                    );
                }
                (self.store.slice(*elem), len.map(|l| l.saturating_add(1)))
            }
            Type::Pointer(p) => match self.store.ty(self.store.underlying(*p)) {
                Type::Array { elem, len } => {
                    (self.store.slice(*elem), len.map(|l| l.saturating_add(1)))
                }
                _ => (TypeId::INVALID, None),
            },
            _ => (TypeId::INVALID, None),
        };
        if !self.store.is_valid(ty) {
            self.error(
                self.pos_of(x),
                format!("cannot slice {}", self.describe(&base)),
            );
            return Operand::invalid(Some(e));
        }
        for i in indices.into_iter().flatten() {
            self.index_value(i, length);
        }
        Operand::new(Mode::Value, ty, e)
    }
}

impl Checker<'_> {
    /// Whether every type in `ty`'s type set is a string or a byte slice
    /// (such type parameters can be indexed and sliced without a core
    /// type).
    pub(super) fn bytes_or_string(&self, ty: TypeId) -> bool {
        self.store.is_type_param(ty)
            && self.store.all_terms(ty, |term| {
                term.is_some_and(|t| {
                    let u = self.store.underlying(t.ty);
                    match self.store.ty(u) {
                        Type::Basic(b) => b.kind.is_string(),
                        Type::Slice(elem) => {
                            self.store.basic_kind(self.store.underlying(*elem))
                                == Some(BasicKind::Uint8)
                        }
                        _ => false,
                    }
                })
            })
    }

    /// Reports a binary operation on operands of mismatched types; the
    /// result is invalid.
    fn mismatched_types(&mut self, e: ExprId, x: &Operand, y: &Operand) -> Operand {
        let message = format!(
            "invalid operation: {} (mismatched types {} and {})",
            self.expr_text(e),
            self.type_str(x.ty),
            self.type_str(y.ty)
        );
        self.error(self.pos_of(e), message);
        Operand::invalid(Some(e))
    }

    /// Reports that `op` does not apply to `x`; the result is invalid.
    fn operator_not_defined(&mut self, e: ExprId, op: Operator, x: &Operand) -> Operand {
        let message = format!(
            "invalid operation: operator {} not defined on {}",
            op.as_str(),
            self.describe(x)
        );
        self.error(self.pos_of(e), message);
        Operand::invalid(Some(e))
    }
}

pub fn is_comparison(op: Operator) -> bool {
    matches!(
        op,
        Operator::Eql
            | Operator::Neq
            | Operator::Lss
            | Operator::Leq
            | Operator::Gtr
            | Operator::Geq
    )
}
