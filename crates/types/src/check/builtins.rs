//! Calls of the predeclared functions and of package `unsafe`'s.

use goescape_syntax::{ExprId, ExprKind};

use super::decl::Checker;
use super::expr::Operand;
use super::info::Mode;
use crate::constant::Value;
use crate::model::{BasicKind, Builtin, Symbol, Type, TypeId, VarKind};

impl Checker<'_> {
    pub fn builtin_call(
        &mut self,
        e: ExprId,
        b: Builtin,
        args: &[ExprId],
        has_dots: bool,
    ) -> Operand {
        let fun = match self.file().expr(e).kind {
            ExprKind::Call { fun, .. } => fun,
            _ => e,
        };
        // One call of several results stands for its results
        // (`complex(f())`), as for any call.
        let complex_parts = (b == Builtin::Complex).then(|| self.arguments(args));
        let nargs = complex_parts.as_ref().map_or(args.len(), Vec::len);
        if nargs < b.min_args()
            || (!b.is_variadic()
                && nargs > b.min_args()
                && !matches!(b, Builtin::Make | Builtin::Append))
        {
            let which = if nargs < b.min_args() {
                "not enough"
            } else {
                "too many"
            };
            self.error(
                self.pos_of(e),
                format!(
                    "{which} arguments for {} (expected {}, found {})",
                    self.call_text(e),
                    b.min_args(),
                    nargs
                ),
            );
            if complex_parts.is_none() {
                for &a in args {
                    self.raw_expr(a, None);
                }
            }
            return Operand::invalid(Some(e));
        }
        let int = TypeId::basic(BasicKind::Int);
        // (result, parameter types of the recorded signature, variadic)
        let (result, params, variadic): (Operand, Vec<TypeId>, bool) = match b {
            Builtin::Len | Builtin::Cap => {
                let x = self.expr(args[0]);
                if x.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                // An untyped string argument keeps its untyped record.
                let mut x = x;
                x.ty = self.store.default_type(x.ty);
                let under = self
                    .store
                    .core_type(x.ty)
                    .unwrap_or_else(|_| self.store.underlying(x.ty));
                let under = self
                    .store
                    .pointer_elem(under)
                    .filter(|&p| {
                        matches!(self.store.ty(self.store.underlying(p)), Type::Array { .. })
                    })
                    .map_or(under, |p| self.store.underlying(p));
                let constant = match self.store.ty(under) {
                    Type::Basic(k) if k.kind.is_string() && b == Builtin::Len => x
                        .val
                        .as_ref()
                        .filter(|_| x.mode == Mode::Constant)
                        .and_then(|v| v.string_len())
                        .map(|n| Value::from_u64(n as u64)),
                    Type::Array { len: Some(n), .. } if !self.contains_call_or_receive(args[0]) => {
                        Some(Value::from_u64(*n))
                    }
                    Type::Basic(k) if k.kind.is_string() => None,
                    Type::Slice(_) | Type::Array { .. } | Type::Chan { .. } => None,
                    Type::Map { .. } if b == Builtin::Len => None,
                    _ if self.store.is_type_param(x.ty) => None,
                    _ => {
                        self.error(
                            self.pos_of(args[0]),
                            format!(
                                "invalid argument: {} for built-in {}",
                                self.describe(&x),
                                b.name()
                            ),
                        );
                        return Operand::invalid(Some(e));
                    }
                };
                match constant {
                    Some(v) => return Operand::constant(int, v, e),
                    None => (Operand::new(Mode::Value, int, e), vec![x.ty], false),
                }
            }
            Builtin::Append => {
                let ops = self.arguments(args);
                let Some(first) = ops.first().cloned() else {
                    return Operand::invalid(Some(e));
                };
                if first.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                let s = first.ty;
                let elem = match self.store.ty(self.store.core_type(s).unwrap_or(s)) {
                    Type::Slice(elem) => *elem,
                    _ if first.mode == Mode::Nil => {
                        self.error(
                            self.pos_of(args[0]),
                            "first argument to append must be a typed slice; found untyped nil",
                        );
                        return Operand::invalid(Some(e));
                    }
                    _ => {
                        self.error(
                            self.pos_of(args[0]),
                            format!("invalid argument: {} is not a slice", self.describe(&first)),
                        );
                        return Operand::invalid(Some(e));
                    }
                };
                let mut params = vec![s];
                if has_dots {
                    let mut rest = ops.into_iter().skip(1);
                    if let Some(mut x) = rest.next() {
                        let byte_elem = self.store.basic_kind(self.store.underlying(elem))
                            == Some(BasicKind::Uint8);
                        if byte_elem
                            && (self.store.all_basic(x.ty, |k| k.is_string())
                                || self.bytes_or_string(x.ty))
                        {
                            // An untyped string keeps its untyped record.
                            params.push(self.store.default_type(x.ty));
                        } else {
                            let slice = self.store.slice(elem);
                            self.assign_to(&mut x, slice, "argument");
                            params.push(slice);
                        }
                    }
                    (Operand::new(Mode::Value, s, e), params, true)
                } else {
                    for mut x in ops.into_iter().skip(1) {
                        self.assign_to(&mut x, elem, "argument");
                    }
                    params.push(self.store.slice(elem));
                    (Operand::new(Mode::Value, s, e), params, true)
                }
            }
            Builtin::Make => {
                let t = self.type_expr(args[0]);
                let mut params = vec![t];
                for &a in &args[1..] {
                    let mut x = self.expr(a);
                    if self.store.is_untyped(x.ty) {
                        self.convert_untyped(&mut x, int);
                    }
                    params.push(x.ty);
                }
                (Operand::new(Mode::Value, t, e), params, false)
            }
            Builtin::New => {
                let x = self.expr_or_type(args[0]);
                let t = match x.mode {
                    Mode::Type => x.ty,
                    Mode::Invalid => return Operand::invalid(Some(e)),
                    _ => {
                        let mut x = x;
                        let t = self.store.default_type(x.ty);
                        self.convert_untyped(&mut x, t);
                        t
                    }
                };
                let ptr = self.store.pointer(t);
                (Operand::new(Mode::Value, ptr, e), vec![t], false)
            }
            Builtin::Delete => {
                let m = self.expr(args[0]);
                let key = match self.store.ty(self.store.core_type(m.ty).unwrap_or(m.ty)) {
                    Type::Map { key, .. } => *key,
                    _ => {
                        if m.mode != Mode::Invalid {
                            self.error(
                                self.pos_of(args[0]),
                                format!("invalid argument: {} is not a map", self.describe(&m)),
                            );
                        }
                        self.expr(args[1]);
                        return Operand::invalid(Some(e));
                    }
                };
                let mut k = self.expr(args[1]);
                self.assign_to(&mut k, key, "argument to delete");
                (
                    Operand::new(Mode::NoValue, TypeId::EMPTY_TUPLE, e),
                    vec![m.ty, key],
                    false,
                )
            }
            Builtin::Panic => {
                let mut x = self.expr(args[0]);
                let any = self.empty_interface();
                self.assign_to(&mut x, any, "argument to panic");
                (
                    Operand::new(Mode::NoValue, TypeId::EMPTY_TUPLE, e),
                    vec![any],
                    false,
                )
            }
            Builtin::Print | Builtin::Println => {
                let mut params = Vec::new();
                for x in self.arguments(args) {
                    let mut x = x;
                    if self.store.is_untyped(x.ty) {
                        let t = self.store.default_type(x.ty);
                        self.convert_untyped(&mut x, t);
                    }
                    params.push(x.ty);
                }
                (
                    Operand::new(Mode::NoValue, TypeId::EMPTY_TUPLE, e),
                    params,
                    false,
                )
            }
            Builtin::Recover => {
                let any = self.empty_interface();
                (Operand::new(Mode::Value, any, e), vec![], false)
            }
            Builtin::Close | Builtin::Clear => {
                let x = self.expr(args[0]);
                (
                    Operand::new(Mode::NoValue, TypeId::EMPTY_TUPLE, e),
                    vec![x.ty],
                    false,
                )
            }
            Builtin::Copy => {
                let dst = self.expr(args[0]);
                // An untyped string source keeps its record untyped.
                let src = self.expr(args[1]);
                let src_ty = self.store.default_type(src.ty);
                (
                    Operand::new(Mode::Value, int, e),
                    vec![dst.ty, src_ty],
                    false,
                )
            }
            Builtin::Complex => {
                let mut parts = complex_parts.unwrap_or_default().into_iter();
                let (Some(mut x), Some(mut y)) = (parts.next(), parts.next()) else {
                    return Operand::invalid(Some(e));
                };
                if x.mode == Mode::Invalid || y.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                if self.store.is_untyped(x.ty) && !self.store.is_untyped(y.ty) {
                    self.convert_untyped(&mut x, y.ty);
                } else if self.store.is_untyped(y.ty) && !self.store.is_untyped(x.ty) {
                    self.convert_untyped(&mut y, x.ty);
                }
                if x.mode == Mode::Constant && y.mode == Mode::Constant {
                    let v = match (&x.val, &y.val) {
                        (Some(a), Some(b)) => Value::complex(&a.to_float(), &b.to_float()),
                        _ => Value::unknown(),
                    };
                    let ty = if self.store.is_untyped(x.ty) {
                        TypeId::basic(BasicKind::UntypedComplex)
                    } else {
                        self.complex_of(x.ty)
                    };
                    return Operand::constant(ty, v, e);
                }
                for op in [&mut x, &mut y] {
                    if self.store.is_untyped(op.ty) {
                        self.convert_untyped(op, TypeId::basic(BasicKind::Float64));
                    }
                }
                let ty = self.complex_of(x.ty);
                (Operand::new(Mode::Value, ty, e), vec![x.ty, y.ty], false)
            }
            Builtin::Real | Builtin::Imag => {
                let mut x = self.expr(args[0]);
                if x.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                if x.mode == Mode::Constant {
                    let v = x
                        .val
                        .as_ref()
                        .map(|v| {
                            if b == Builtin::Real {
                                v.real()
                            } else {
                                v.imag()
                            }
                        })
                        .unwrap_or_else(Value::unknown);
                    let ty = if self.store.is_untyped(x.ty) {
                        TypeId::basic(BasicKind::UntypedFloat)
                    } else {
                        self.float_of(x.ty)
                    };
                    return Operand::constant(ty, v, e);
                }
                if self.store.is_untyped(x.ty) {
                    self.convert_untyped(&mut x, TypeId::basic(BasicKind::Complex128));
                }
                let ty = self.float_of(x.ty);
                (Operand::new(Mode::Value, ty, e), vec![x.ty], false)
            }
            Builtin::Max | Builtin::Min => {
                // One call of several results stands for its results
                // (`min(f())`), as for any call.
                let mut ops: Vec<Operand> = self.arguments(args);
                if ops.iter().any(|o| o.mode == Mode::Invalid) {
                    return Operand::invalid(Some(e));
                }
                let typed = ops
                    .iter()
                    .find(|o| !self.store.is_untyped(o.ty))
                    .map(|o| o.ty);
                let ty = match typed {
                    Some(t) => t,
                    None => ops
                        .iter()
                        .map(|o| o.ty)
                        .max_by_key(|&t| self.store.basic_kind(t))
                        .unwrap_or(int),
                };
                for o in &mut ops {
                    self.convert_untyped(o, ty);
                }
                if ops.iter().all(|o| o.mode == Mode::Constant) {
                    let pick = ops.iter().filter_map(|o| o.val.clone()).reduce(|a, c| {
                        let op = if b == Builtin::Max {
                            crate::constant::CompareOp::Gt
                        } else {
                            crate::constant::CompareOp::Lt
                        };
                        if c.compare(op, &a).unwrap_or(false) {
                            c
                        } else {
                            a
                        }
                    });
                    return Operand::constant(ty, pick.unwrap_or_else(Value::unknown), e);
                }
                let params = ops.iter().map(|o| o.ty).collect();
                (Operand::new(Mode::Value, ty, e), params, false)
            }
            Builtin::Sizeof | Builtin::Alignof => {
                let mut x = self.expr(args[0]);
                if x.mode == Mode::Invalid {
                    return Operand::invalid(Some(e));
                }
                let t = self.store.default_type(x.ty);
                self.convert_untyped(&mut x, t);
                let uintptr = TypeId::basic(BasicKind::Uintptr);
                let sizes = self.store.sizes();
                let value = if b == Builtin::Sizeof {
                    sizes.size_of(self.store, t)
                } else {
                    Some(sizes.align_of(self.store, t))
                };
                match value {
                    Some(v) if !self.store.is_type_param(t) => {
                        return Operand::constant(uintptr, Value::from_i64(v), e)
                    }
                    _ => (Operand::new(Mode::Value, uintptr, e), vec![t], false),
                }
            }
            Builtin::Offsetof => {
                let x = self.expr(args[0]);
                let uintptr = TypeId::basic(BasicKind::Uintptr);
                let offset = self.offset_of(args[0]);
                match offset {
                    Some(v) => return Operand::constant(uintptr, Value::from_i64(v), e),
                    None => (Operand::new(Mode::Value, uintptr, e), vec![x.ty], false),
                }
            }
            Builtin::Add => {
                let p = self.expr(args[0]);
                let mut n = self.expr(args[1]);
                self.convert_untyped(&mut n, int);
                let ptr = TypeId::basic(BasicKind::UnsafePointer);
                (Operand::new(Mode::Value, ptr, e), vec![p.ty, n.ty], false)
            }
            Builtin::Slice => {
                let p = self.expr(args[0]);
                let mut n = self.expr(args[1]);
                self.convert_untyped(&mut n, int);
                let elem = self
                    .store
                    .pointer_elem(self.store.underlying(p.ty))
                    .unwrap_or(TypeId::INVALID);
                let slice = self.store.slice(elem);
                (Operand::new(Mode::Value, slice, e), vec![p.ty, n.ty], false)
            }
            Builtin::SliceData => {
                let s = self.expr(args[0]);
                let elem = match self.store.ty(self.store.underlying(s.ty)) {
                    Type::Slice(elem) => *elem,
                    _ => TypeId::INVALID,
                };
                let ptr = self.store.pointer(elem);
                (Operand::new(Mode::Value, ptr, e), vec![s.ty], false)
            }
            Builtin::String => {
                let p = self.expr(args[0]);
                let mut n = self.expr(args[1]);
                self.convert_untyped(&mut n, int);
                (
                    Operand::new(Mode::Value, TypeId::basic(BasicKind::String), e),
                    vec![p.ty, n.ty],
                    false,
                )
            }
            Builtin::StringData => {
                let mut s = self.expr(args[0]);
                self.convert_untyped(&mut s, TypeId::basic(BasicKind::String));
                let ptr = self.store.pointer(TypeId::BYTE);
                (Operand::new(Mode::Value, ptr, e), vec![s.ty], false)
            }
        };
        let results = if result.mode == Mode::NoValue {
            vec![]
        } else {
            vec![result.ty]
        };
        let sig = self.builtin_signature(&params, &results, variadic);
        self.record(fun, Mode::Builtin, sig, None);
        result
    }

    fn call_text(&self, call: ExprId) -> String {
        self.expr_text(call)
    }

    fn builtin_signature(&self, params: &[TypeId], results: &[TypeId], variadic: bool) -> TypeId {
        let var = |ty: TypeId| {
            self.store
                .new_var(VarKind::Param, None, None, Symbol::EMPTY, Some(ty))
        };
        let params = params.iter().map(|&t| var(t)).collect();
        let results = results.iter().map(|&t| var(t)).collect();
        self.store.new_func_type(params, results, variadic)
    }

    /// The empty interface as go/types spells it in builtin signatures.
    fn empty_interface(&self) -> TypeId {
        self.store.new_interface(Vec::new(), Vec::new())
    }

    fn complex_of(&self, float: TypeId) -> TypeId {
        match self.store.basic_kind(self.store.underlying(float)) {
            Some(BasicKind::Float32) => TypeId::basic(BasicKind::Complex64),
            _ => TypeId::basic(BasicKind::Complex128),
        }
    }

    fn float_of(&self, complex: TypeId) -> TypeId {
        match self.store.basic_kind(self.store.underlying(complex)) {
            Some(BasicKind::Complex64) => TypeId::basic(BasicKind::Float32),
            _ => TypeId::basic(BasicKind::Float64),
        }
    }

    /// `unsafe.Offsetof(x.f)`: the offset of `f` within `x`'s struct.
    fn offset_of(&mut self, arg: ExprId) -> Option<i64> {
        let file = self.file();
        let ExprKind::Selector { x, sel } = file.expr(file.unparen(arg)).kind else {
            self.error(
                self.pos_of(arg),
                format!(
                    "invalid argument: {} is not a selector expression",
                    self.expr_text(arg)
                ),
            );
            return None;
        };
        let base = self.records[self.ctx.file]
            .get(x.index())
            .cloned()
            .flatten()?;
        let st = self.store.underlying(
            self.store
                .pointer_elem(self.store.underlying(base.ty))
                .unwrap_or(base.ty),
        );
        let fields = self.store.struct_fields(st);
        let name = self.name_of(sel);
        let index = fields
            .iter()
            .position(|&f| self.store.obj(f).name == name)?;
        self.store
            .sizes()
            .offsets_of(self.store, fields)
            .get(index)
            .copied()
            .flatten()
    }

    /// Whether `e` contains a function call or channel receive (then
    /// `len` of an array is not constant).
    fn contains_call_or_receive(&self, e: ExprId) -> bool {
        let file = self.file();
        let mut found = false;
        let mut stack = vec![e];
        while let Some(id) = stack.pop() {
            match file.expr(id).kind {
                ExprKind::Call { fun, .. } => {
                    // Conversions and builtins recorded as types are fine.
                    let is_type = self.records[self.ctx.file]
                        .get(fun.index())
                        .cloned()
                        .flatten()
                        .is_some_and(|r| r.mode == Mode::Type);
                    if !is_type {
                        found = true;
                    }
                }
                ExprKind::Unary {
                    op: goescape_syntax::Operator::Recv,
                    ..
                } => found = true,
                ExprKind::Paren { x }
                | ExprKind::Unary { x, .. }
                | ExprKind::Selector { x, .. } => stack.push(x),
                ExprKind::Index { x, index } => {
                    stack.push(x);
                    stack.push(index);
                }
                ExprKind::Binary { x, y, .. } => {
                    stack.push(x);
                    stack.push(y);
                }
                _ => {}
            }
        }
        found
    }
}
