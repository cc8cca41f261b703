//! Lowering expressions: implicit conversions, selectors through embedded
//! fields and pointers, calls with their receivers and `...` slices.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{ExprId as AstId, ExprKind as Ast, Operator};
use goescape_types::check::{Mode, SelectionKind};
use goescape_types::constant::{Kind, Value};
use goescape_types::model::{BasicKind, Builtin, ObjKind, RecvAdjust, Type, TypeId};

use super::Lowerer;
use crate::tree::*;

impl Lowerer<'_> {
    /// Lowers `e` as a value, with the implicit conversion to an interface
    /// the checker recorded for it.
    pub fn expr(&mut self, e: AstId) -> ExprId {
        let lowered = match self.conversions.get(&e) {
            Some(_) => self.constant_or_expr(e),
            None => self.expr_raw(e),
        };
        let span = self.syntax().expr(e).span;
        self.pkg.exprs[lowered.index()].span.get_or_insert(Span {
            start: span.start.0,
            end: span.end.0,
        });
        match self.conversions.get(&e) {
            Some(&iface) => {
                let iface = self.sub(iface);
                let pos = self.pos(self.syntax().expr(e).pos);
                self.push_expr(
                    ExprKind::ConvIface {
                        x: lowered,
                        implicit: true,
                    },
                    iface,
                    pos,
                )
            }
            None => lowered,
        }
    }

    /// `e`, or the constant a variable `e` statically holds (gc rewrites
    /// such operands of interface conversions and `make` sizes into
    /// literals before analysing them).
    fn constant_or_expr(&mut self, e: AstId) -> ExprId {
        let inner = self.syntax().unparen(e);
        let v = self.static_value(inner);
        if v != inner {
            if let Some(value) = self
                .tv(v)
                .filter(|t| t.mode == Mode::Constant)
                .and_then(|t| t.value.clone())
            {
                let ty = self.ty_of(e);
                let pos = self.pos(self.syntax().expr(e).pos);
                if !self.is_interface(ty) {
                    return self.constant(&value, ty, pos);
                }
            }
        }
        self.expr_raw(e)
    }

    /// A `make` size: a constant when gc can tell it is one (a variable
    /// with a constant static value, or `len` of a static slice literal).
    fn make_size(&mut self, e: AstId) -> ExprId {
        let file = self.syntax();
        let inner = file.unparen(e);
        if let Ast::Call { fun, args, .. } = file.expr(inner).kind {
            let is_len = self.tv(fun).is_some_and(|t| t.mode == Mode::Builtin)
                && file.ident(file.unparen(fun)) == Some("len");
            if let (true, [arg]) = (is_len, file.expr_list(args)) {
                let v = self.static_value(*arg);
                if v != file.unparen(*arg) {
                    if let Ast::CompositeLit { elems, .. } = file.expr(v).kind {
                        let n = file.expr_list(elems).len() as i64;
                        let ty = self.ty_of(e);
                        let pos = self.pos(file.expr(e).pos);
                        return self.constant(&Value::from_i64(n), ty, pos);
                    }
                }
            }
        }
        let lowered = self.constant_or_expr(e);
        match &self.pkg.expr(lowered).kind {
            ExprKind::Const { int: Some(n), .. } if *n < 0 => self.expr_raw(e),
            _ => lowered,
        }
    }

    pub fn expr_raw(&mut self, e: AstId) -> ExprId {
        ensure_sufficient_stack(|| self.expr_raw_unguarded(e))
    }

    fn expr_raw_unguarded(&mut self, e: AstId) -> ExprId {
        let file = self.syntax();
        let node = *file.expr(e);
        let pos = self.pos(node.pos);
        let tv = self.tv(e);
        let mut ty = self.sub(tv.map_or(TypeId::INVALID, |t| t.ty));
        // In a comma-ok assignment the checker records the (value, ok)
        // pair; the expression's own value is the first.
        if tv.is_some_and(|t| t.mode == Mode::CommaOk) {
            if let Type::Tuple(t) = self.store.ty(ty) {
                if let Some(&first) = t.vars.first() {
                    ty = self.store.obj_type(first);
                }
            }
        }
        if let Some(tv) = tv {
            if tv.mode == Mode::Constant {
                if let Some(v) = &tv.value {
                    return self.constant(v, ty, pos);
                }
            }
            if tv.mode == Mode::Type {
                return self.push_expr(ExprKind::NoValue, ty, pos);
            }
        }
        match node.kind {
            Ast::Name(_) => self.name(e, ty, pos),
            // gc drops parentheses; the expression keeps its own position.
            Ast::Paren { x } => self.expr(x),
            Ast::Selector { x, sel } => self.selector(e, x, sel, ty, pos),
            Ast::Index { x, index } => self.index(x, index, ty, pos),
            Ast::Slice {
                x,
                lo,
                hi,
                max,
                full,
            } => {
                let xt = self.store.underlying(self.ty_of(x));
                let mut base = self.expr(x);
                if let Type::Array { .. } = self.store.ty(xt) {
                    // Slicing an array slices its address, taken at the `[`.
                    let p = self.store.pointer(self.ty_of(x));
                    base = self.push_expr(
                        ExprKind::Addr {
                            x: base,
                            implicit: true,
                        },
                        p,
                        pos,
                    );
                }
                let low = lo.map(|l| self.expr(l));
                let high = hi.map(|h| self.expr(h));
                let max = max.map(|m| self.expr(m));
                self.push_expr(
                    ExprKind::Slice {
                        x: base,
                        low,
                        high,
                        max,
                        three: full,
                    },
                    ty,
                    pos,
                )
            }
            Ast::Assert { x, .. } => {
                let x = self.expr(x);
                self.push_expr(ExprKind::DotType { x }, ty, pos)
            }
            Ast::Unary { op, x } => self.unary(op, x, ty, pos),
            Ast::Binary { op, x, y } => self.binary(e, op, x, y, ty, pos),
            Ast::Call {
                fun,
                args,
                has_dots,
            } => {
                let args: Vec<AstId> = file.expr_list(args).to_vec();
                self.call(e, fun, &args, has_dots, ty, pos)
            }
            Ast::CompositeLit { elems, .. } => {
                let elems: Vec<AstId> = file.expr_list(elems).to_vec();
                self.composite(&elems, ty, pos)
            }
            Ast::FuncLit { ty: fty, body } => {
                let func = self.closure(fty, body, ty, pos);
                self.literal_funcs.insert(e, func);
                self.pkg.funcs[self.curfn.index()]
                    .refs
                    .push(Target::Literal(func));
                self.push_expr(ExprKind::Closure { func }, ty, pos)
            }
            _ => self.push_expr(ExprKind::NoValue, ty, pos),
        }
    }

    pub fn constant(&mut self, v: &Value, ty: TypeId, pos: Pos) -> ExprId {
        let text = self.constant_text(v, ty);
        let int = if v.kind() == Kind::Int {
            v.int64()
        } else {
            None
        };
        let str_len = v.string_len().and_then(|n| i64::try_from(n).ok());
        self.push_expr(ExprKind::Const { text, int, str_len }, ty, pos)
    }

    /// A constant as gc prints it: as its value when its type is the
    /// default type of its kind (or untyped), else as `T(v)`.
    fn constant_text(&self, v: &Value, ty: TypeId) -> String {
        let store = self.store;
        let kind = store.basic_kind(ty);
        let is_rune = ty == TypeId::RUNE || kind == Some(BasicKind::UntypedRune);
        if is_rune {
            if let Some(c) = v
                .int64()
                .and_then(|i| u32::try_from(i).ok())
                .and_then(char::from_u32)
            {
                return go_quote_rune(c);
            }
        }
        let default = match v.kind() {
            Kind::Bool => BasicKind::Bool,
            Kind::String => BasicKind::String,
            Kind::Int => BasicKind::Int,
            Kind::Float => BasicKind::Float64,
            Kind::Complex => BasicKind::Complex128,
            Kind::Unknown => return v.to_string(),
        };
        if ty == TypeId::basic(default) || store.is_untyped(ty) {
            v.to_string()
        } else {
            format!("{}({v})", crate::print::type_string(&self.pkg, store, ty))
        }
    }

    fn name(&mut self, e: AstId, ty: TypeId, pos: Pos) -> ExprId {
        let Some(obj) = self.obj_of(e) else {
            return self.push_expr(ExprKind::NoValue, ty, pos);
        };
        match &self.store.obj(obj).kind {
            ObjKind::Var(_) if self.is_local(obj) => {
                let var = self.local_var(obj);
                self.capture(var, pos);
                self.push_expr(ExprKind::Var(var), ty, pos)
            }
            ObjKind::Var(_) => self.push_expr(ExprKind::Global(obj), ty, pos),
            ObjKind::Func(_) => {
                let mut type_args = Box::default();
                let target = match self.func_instance(obj, ty) {
                    Some(f) => {
                        self.instance_of_expr.insert((self.file_index, e), f);
                        if let Some(dict) = self.last_dict() {
                            self.instance_dicts.insert((self.file_index, e), dict);
                        }
                        type_args = self.last_type_args();
                        self.request_wrapper(obj, &type_args, f);
                        Target::Literal(f)
                    }
                    None => Target::Declared(obj),
                };
                self.pkg.funcs[self.curfn.index()].refs.push(target);
                self.push_expr(ExprKind::FuncName { obj, type_args }, ty, pos)
            }
            ObjKind::Nil => self.push_expr(ExprKind::Nil, ty, pos),
            _ => self.push_expr(ExprKind::NoValue, ty, pos),
        }
    }

    /// Records that the current function literal (and the literals between
    /// it and the variable's function) capture `var`.
    pub fn capture(&mut self, var: VarId, pos: Pos) {
        let owner = self.pkg.var(var).func;
        let mut f = self.curfn;
        while f != owner {
            let func = &mut self.pkg.funcs[f.index()];
            if !func.captured.contains(&var) {
                func.captured.push(var);
                func.captured_at.push(pos);
            }
            match func.outer {
                Some(outer) => f = outer,
                None => break,
            }
        }
    }

    fn selector(&mut self, e: AstId, x: AstId, sel: AstId, ty: TypeId, pos: Pos) -> ExprId {
        let Some(record) = self.selections.get(&e).cloned() else {
            let qualified = self
                .obj_of(x)
                .is_some_and(|obj| matches!(self.store.obj(obj).kind, ObjKind::PkgName(_)));
            if qualified {
                return self.name(sel, ty, pos);
            }
            // A field of a C struct, whose type the checker does not know.
            return self.c_field(x, sel, ty, pos);
        };
        let name = self.syntax().ident(sel).unwrap_or("_").to_owned();
        match record.kind {
            SelectionKind::FieldVal => {
                let base = self.expr(x);
                self.field_path(base, &record.selection.index, ty, pos)
            }
            SelectionKind::MethodVal => {
                let recv = self.method_receiver(x, &record, pos, None);
                let method = self.origin_method(record.selection.obj);
                let target = self.method_target(method, recv);
                self.pkg.funcs[self.curfn.index()].refs.push(target);
                self.push_expr(
                    ExprKind::MethodValue {
                        x: recv,
                        method,
                        target,
                        name,
                    },
                    ty,
                    pos,
                )
            }
            SelectionKind::MethodExpr => self.push_expr(
                ExprKind::MethodExpr {
                    recv: self.sub(record.recv),
                    name,
                },
                ty,
                pos,
            ),
        }
    }

    /// `x.f` where `x` is a C struct or a pointer to one: a field read
    /// like any other, of a type the analysis does not know.
    fn c_field(&mut self, x: AstId, sel: AstId, ty: TypeId, pos: Pos) -> ExprId {
        let base = self.expr(x);
        let field = self.syntax().ident(sel).unwrap_or("_").to_owned();
        let kind = match self
            .store
            .pointer_elem(self.store.underlying(self.pkg.expr(base).ty))
        {
            Some(_) => ExprKind::DotPtr { x: base, field },
            None => ExprKind::Dot { x: base, field },
        };
        self.push_expr(kind, ty, pos)
    }

    /// `x.f` through the embedded fields of `path` (all but the last
    /// index are embedded fields), dereferencing pointers on the way.
    pub fn field_path(&mut self, mut base: ExprId, path: &[u32], ty: TypeId, pos: Pos) -> ExprId {
        for (i, &index) in path.iter().enumerate() {
            let cur = self.pkg.expr(base).ty;
            let (strukt, through_pointer) = match self.store.ty(self.store.underlying(cur)) {
                Type::Pointer(elem) => (self.store.underlying(*elem), true),
                _ => (self.store.underlying(cur), false),
            };
            let Some(&field) = self.store.struct_fields(strukt).get(index as usize) else {
                return base;
            };
            let field_ty = if i + 1 == path.len() {
                ty
            } else {
                self.store.obj_type(field)
            };
            let name = self.store.obj(field).name.as_str().to_owned();
            let kind = if through_pointer {
                ExprKind::DotPtr {
                    x: base,
                    field: name,
                }
            } else {
                ExprKind::Dot {
                    x: base,
                    field: name,
                }
            };
            base = self.push_expr(kind, field_ty, pos);
        }
        base
    }

    /// The receiver of a method selected from `x`: through embedded fields,
    /// with the implicit `&` or `*` the method needs.
    fn method_receiver(
        &mut self,
        x: AstId,
        record: &goescape_types::check::SelectionRecord,
        pos: Pos,
        call_pos: Option<Pos>,
    ) -> ExprId {
        let mut base = self.expr(x);
        // The receiver of an interface method call (at `call_pos`) is
        // evaluated into a temporary when it calls or receives (gc's
        // RewriteNonNameCall; static method calls are plain calls by then).
        if let Some(call_pos) = call_pos {
            let interface = self.is_interface(self.store.underlying(self.pkg.expr(base).ty));
            if interface && self.calls_or_receives(x) {
                base = self.spill_to_temp(base, call_pos);
            }
        }
        self.receiver_through(base, &record.selection, pos)
    }

    /// The receiver `selection` needs from `base`: through its embedded
    /// fields, then the implicit `&` or `*`, all at `pos`.
    pub fn receiver_through(
        &mut self,
        base: ExprId,
        selection: &goescape_types::model::Selection,
        pos: Pos,
    ) -> ExprId {
        let path = &selection.index;
        let embedded = &path[..path.len().saturating_sub(1)];
        let mut recv = base;
        // gc positions the implicit field selections and `&`/`*` of a
        // method's receiver at the selector.
        if !embedded.is_empty() {
            let last_field_ty = self.embedded_type(base, embedded);
            recv = self.field_path(base, embedded, last_field_ty, pos);
        }
        let rty = self.pkg.expr(recv).ty;
        match selection.recv_adjust {
            RecvAdjust::AsIs => recv,
            RecvAdjust::AddrOf => {
                let p = self.store.pointer(rty);
                self.push_expr(
                    ExprKind::Addr {
                        x: recv,
                        implicit: true,
                    },
                    p,
                    pos,
                )
            }
            RecvAdjust::Deref => {
                let elem = self
                    .store
                    .pointer_elem(self.store.underlying(rty))
                    .unwrap_or(rty);
                self.push_expr(
                    ExprKind::Deref {
                        x: recv,
                        implicit: true,
                    },
                    elem,
                    pos,
                )
            }
        }
    }

    /// The type of the last embedded field of `path` from `base`.
    pub fn embedded_type(&self, base: ExprId, path: &[u32]) -> TypeId {
        let mut cur = self.pkg.expr(base).ty;
        for &index in path {
            let strukt = match self.store.ty(self.store.underlying(cur)) {
                Type::Pointer(elem) => self.store.underlying(*elem),
                _ => self.store.underlying(cur),
            };
            match self.store.struct_fields(strukt).get(index as usize) {
                Some(&f) => cur = self.store.obj_type(f),
                None => return cur,
            }
        }
        cur
    }

    /// The function a static call of `method` on `recv` runs: for a
    /// method of an instantiated generic type, its shape instantiation.
    pub(super) fn method_target(
        &mut self,
        method: goescape_types::model::ObjId,
        recv: ExprId,
    ) -> Target {
        let recv_ty = self.pkg.expr(recv).ty;
        match self.method_instance(method, recv_ty) {
            Some(f) => Target::Literal(f),
            None => Target::Declared(method),
        }
    }

    /// Methods of instantiated types are known by their generic origin.
    pub(super) fn origin_method(
        &self,
        method: goescape_types::model::ObjId,
    ) -> goescape_types::model::ObjId {
        match &self.store.obj(method).kind {
            ObjKind::Func(f) => f.origin.unwrap_or(method),
            _ => method,
        }
    }

    fn index(&mut self, x: AstId, index: AstId, ty: TypeId, pos: Pos) -> ExprId {
        let xt = self.ty_of(x);
        if self.tv(x).is_some_and(|t| t.mode == Mode::Value)
            && matches!(self.store.ty(self.store.underlying(xt)), Type::Signature(_))
        {
            // An instantiated generic function.
            let lowered = self.expr(x);
            let name = match self.syntax().expr(self.syntax().unparen(x)).kind {
                Ast::Selector { sel, .. } => sel,
                _ => self.syntax().unparen(x),
            };
            let explicit: Vec<TypeId> = self
                .syntax()
                .unpack_list(Some(index))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|t| self.ty_of(t))
                .collect();
            let known = self.instance_of_expr.get(&(self.file_index, name)).copied();
            // A name alone may have missed parameters only the written
            // arguments give.
            if known.is_none() || !explicit.is_empty() {
                if let Some(obj) = self.obj_of(name) {
                    if let Some(f) = self.func_instance_with(obj, ty, &explicit) {
                        self.instance_of_expr.insert((self.file_index, name), f);
                        if let Some(dict) = self.last_dict() {
                            self.instance_dicts.insert((self.file_index, name), dict);
                        }
                        let args = self.last_type_args();
                        self.request_wrapper(obj, &args, f);
                        if let ExprKind::FuncName { type_args, .. } =
                            &mut self.pkg.exprs[lowered.index()].kind
                        {
                            *type_args = args;
                        }
                        self.pkg.funcs[self.curfn.index()]
                            .refs
                            .push(Target::Literal(f));
                    }
                }
            }
            return lowered;
        }
        let base = self.expr(x);
        let idx = self.expr(index);
        match self.store.ty(self.store.underlying(xt)) {
            Type::Map { .. } => self.push_expr(ExprKind::IndexMap { x: base, key: idx }, ty, pos),
            Type::Array { .. } => self.push_expr(
                ExprKind::IndexArray {
                    x: base,
                    index: idx,
                },
                ty,
                pos,
            ),
            Type::Pointer(elem) => {
                let elem = *elem;
                let bpos = self.pkg.expr(base).pos;
                let deref = self.push_expr(
                    ExprKind::Deref {
                        x: base,
                        implicit: true,
                    },
                    elem,
                    bpos,
                );
                self.push_expr(
                    ExprKind::IndexArray {
                        x: deref,
                        index: idx,
                    },
                    ty,
                    pos,
                )
            }
            _ => self.push_expr(
                ExprKind::IndexPtr {
                    x: base,
                    index: idx,
                },
                ty,
                pos,
            ),
        }
    }

    fn unary(&mut self, op: Operator, x: AstId, ty: TypeId, pos: Pos) -> ExprId {
        match op {
            Operator::And => {
                let inner = self.syntax().unparen(x);
                if let Ast::CompositeLit { .. } = self.syntax().expr(inner).kind {
                    let lit = self.expr(inner);
                    return self.push_expr(
                        ExprKind::PtrLit {
                            x: lit,
                            implicit: false,
                        },
                        ty,
                        pos,
                    );
                }
                let x = self.expr(x);
                self.push_expr(ExprKind::Addr { x, implicit: false }, ty, pos)
            }
            Operator::Mul => {
                let x = self.expr(x);
                self.push_expr(ExprKind::Deref { x, implicit: false }, ty, pos)
            }
            Operator::Recv => {
                let x = self.expr(x);
                self.push_expr(ExprKind::Recv { x }, ty, pos)
            }
            _ => {
                let x = self.expr(x);
                self.push_expr(ExprKind::Unary { op: op.as_str(), x }, ty, pos)
            }
        }
    }

    fn binary(
        &mut self,
        e: AstId,
        op: Operator,
        x: AstId,
        y: AstId,
        ty: TypeId,
        pos: Pos,
    ) -> ExprId {
        let is_string = self.store.basic_kind(ty) == Some(BasicKind::String);
        if op == Operator::Add && is_string {
            // Concatenations are flattened into one node, as gc does.
            let mut parts = Vec::new();
            self.concat_parts(e, &mut parts, true);
            let list = parts.into_iter().map(|p| self.expr(p)).collect();
            return self.push_expr(ExprKind::AddStr { list }, ty, pos);
        }
        let x = self.expr(x);
        let y = match self.tv(y).filter(|t| t.mode == Mode::Constant) {
            // gc gives an untyped constant shift count the type uint
            // (printed `x >> uint(1)`).
            Some(t)
                if matches!(op, Operator::Shl | Operator::Shr) && self.store.is_untyped(t.ty) =>
            {
                let value = t.value.clone();
                let ypos = self.pos(self.syntax().expr(y).pos);
                match value {
                    Some(v) => self.constant(&v, TypeId::basic(BasicKind::Uint), ypos),
                    None => self.expr(y),
                }
            }
            _ => self.expr(y),
        };
        self.push_expr(
            ExprKind::Binary {
                op: op.as_str(),
                x,
                y,
            },
            ty,
            pos,
        )
    }

    /// The operands of a chain of string `+` (below `top`, a constant or
    /// converted operand is one part).
    fn concat_parts(&self, e: AstId, parts: &mut Vec<AstId>, top: bool) {
        ensure_sufficient_stack(|| {
            let file = self.syntax();
            if let Ast::Binary {
                op: Operator::Add,
                x,
                y,
            } = file.expr(e).kind
            {
                let constant = self.tv(e).is_some_and(|t| t.mode == Mode::Constant);
                if top || (!constant && !self.conversions.contains_key(&e)) {
                    self.concat_parts(x, parts, false);
                    parts.push(y);
                    return;
                }
            }
            parts.push(e);
        })
    }

    fn composite(&mut self, elems: &[AstId], ty: TypeId, pos: Pos) -> ExprId {
        let store = self.store;
        let under = store.underlying(ty);
        if let Type::Pointer(elem) = store.ty(under) {
            // `{...}` for `&T{...}` in an enclosing literal.
            let elem = *elem;
            let lit = self.composite(elems, elem, pos);
            return self.push_expr(
                ExprKind::PtrLit {
                    x: lit,
                    implicit: true,
                },
                ty,
                pos,
            );
        }
        let file = self.syntax();
        let values = |l: &mut Self| -> Vec<ExprId> {
            elems
                .iter()
                .map(|&el| match file.expr(el).kind {
                    Ast::KeyValue { value, .. } => l.expr(value),
                    _ => l.expr(el),
                })
                .collect()
        };
        match store.ty(under) {
            Type::Struct(_) => {
                let elems = values(self);
                self.push_expr(ExprKind::StructLit { elems }, ty, pos)
            }
            Type::Array { .. } => {
                let elems = values(self);
                self.push_expr(ExprKind::ArrayLit { elems }, ty, pos)
            }
            Type::Slice(_) => {
                let elems = values(self);
                self.push_expr(
                    ExprKind::SliceLit {
                        elems,
                        implicit: false,
                    },
                    ty,
                    pos,
                )
            }
            Type::Map { .. } => {
                let mut entries = Vec::new();
                for &el in elems {
                    if let Ast::KeyValue { key, value } = file.expr(el).kind {
                        let k = self.expr(key);
                        let v = self.expr(value);
                        entries.push((k, v));
                    }
                }
                self.push_expr(ExprKind::MapLit { entries }, ty, pos)
            }
            _ => {
                let elems = values(self);
                self.push_expr(ExprKind::StructLit { elems }, ty, pos)
            }
        }
    }

    // ---- calls ---------------------------------------------------------

    fn call(
        &mut self,
        e: AstId,
        fun: AstId,
        args: &[AstId],
        dots: bool,
        ty: TypeId,
        pos: Pos,
    ) -> ExprId {
        let fun_tv = self.tv(fun);
        match fun_tv.map(|t| t.mode) {
            Some(Mode::Type) => return self.conversion(args, ty, pos),
            Some(Mode::Builtin) => return self.builtin(e, fun, args, dots, ty, pos),
            _ => {}
        }
        let file = self.syntax();
        let f = file.unparen(fun);
        // Method calls.
        if let Ast::Selector { x, sel } = file.expr(f).kind {
            if let Some(record) = self.selections.get(&f).cloned() {
                if record.kind == SelectionKind::MethodVal {
                    let method_name = file.ident(sel).unwrap_or("_").to_owned();
                    let spos = self.pos(file.expr(f).pos);
                    // A type parameter's method is called through the
                    // dictionary, not as an interface method.
                    let of_type_param = self.subst.is_some()
                        && self.tv(x).is_some_and(|t| self.store.is_type_param(t.ty));
                    let recv =
                        self.method_receiver(x, &record, spos, (!of_type_param).then_some(pos));
                    let sig = self.ty_of(f);
                    let recv_ty = self.pkg.expr(recv).ty;
                    // Through the dictionary, through the interface, or a
                    // static call with the receiver first.
                    let (callee, with_recv, dict) =
                        if let Some(fun) = self.dict_method(x, &method_name, recv_ty, sig, spos) {
                            (Callee::Func { fun, target: None }, true, None)
                        } else if self.is_interface(recv_ty) {
                            let callee = Callee::Interface {
                                recv,
                                method: method_name,
                            };
                            (callee, false, None)
                        } else {
                            let method = self.origin_method(record.selection.obj);
                            let target = self.method_target(method, recv);
                            let dict = match target {
                                Target::Literal(_) => self.last_dict(),
                                Target::Declared(_) => None,
                            };
                            self.pkg.funcs[self.curfn.index()].refs.push(target);
                            let fun = self.push_expr(
                                ExprKind::MethodExpr {
                                    recv: recv_ty,
                                    name: method_name,
                                },
                                sig,
                                spos,
                            );
                            let callee = Callee::Func {
                                fun,
                                target: Some(target),
                            };
                            (callee, true, dict)
                        };
                    let (rest, packed) = self.call_args(sig, args, dots, pos);
                    let mut all = if with_recv { vec![recv] } else { Vec::new() };
                    all.extend(rest);
                    return self.push_expr(
                        ExprKind::Call(Call {
                            callee,
                            args: all,
                            dots: dots || packed,
                            sig: Some(sig),
                            text: String::new(),
                            dict,
                        }),
                        ty,
                        pos,
                    );
                }
            }
        }
        let sig = self.ty_of(fun);
        let mut fun_ir = self.expr(fun);
        if self.calls_or_receives(fun) {
            fun_ir = self.spill_to_temp(fun_ir, pos);
        }
        let target = self.static_target(fun);
        let dict = self.instance_dict(fun);
        let (args, packed) = self.call_args(sig, args, dots, pos);
        self.push_expr(
            ExprKind::Call(Call {
                callee: Callee::Func {
                    fun: fun_ir,
                    target,
                },
                args,
                dots: dots || packed,
                sig: Some(sig),
                text: String::new(),
                dict,
            }),
            ty,
            pos,
        )
    }

    /// In an instantiation, a method called on a value of a type
    /// parameter comes from the dictionary (one entry per parameter and
    /// method, in order of first use); gc notes the call as imprecise
    /// when the shape is an interface.
    fn dict_method(
        &mut self,
        recv: AstId,
        name: &str,
        recv_shape: TypeId,
        sig: TypeId,
        pos: Pos,
    ) -> Option<ExprId> {
        self.subst.as_ref()?;
        let param = self.tv(recv).map(|t| t.ty)?;
        // (The caller spilled nothing for such a receiver.)
        if !self.store.is_type_param(param) {
            return None;
        }
        let key = (param, name.to_owned());
        let index = match self.dict_methods.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                self.dict_methods.push(key);
                self.dict_methods.len() - 1
            }
        };
        if self.is_interface(recv_shape) {
            self.pkg.devirtualized.push(Devirtualized {
                func: self.curfn,
                pos,
                what: Devirtualization::ImpreciseInterfaceCall,
            });
        }
        // `func(R, params) results`: the method's signature with the
        // receiver shape as its first parameter.
        let sig_text = crate::print::type_string(&self.pkg, self.store, sig);
        let recv_text = crate::print::type_string(&self.pkg, self.store, recv_shape);
        let rest = sig_text.strip_prefix("func(").unwrap_or(&sig_text);
        let sep = if rest.starts_with(')') { "" } else { ", " };
        let text = format!(
            "(func({recv_text}{sep}{rest})(&{}.dict[{index}])",
            self.qualifier
        );
        Some(self.push_expr(ExprKind::DictMethod { text }, sig, pos))
    }

    pub fn is_interface(&self, ty: TypeId) -> bool {
        matches!(self.store.ty(self.store.underlying(ty)), Type::Interface(_))
    }

    /// Whether evaluating `e` calls something (other than `new`) or
    /// receives from a channel (gc's `callOrChan` anywhere inside).
    pub fn calls_or_receives(&self, e: AstId) -> bool {
        let file = self.syntax();
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match file.expr(e).kind {
                Ast::Call { fun, args, .. } => {
                    let conversion = self.tv(fun).is_some_and(|t| t.mode == Mode::Type);
                    let is_new = self.tv(fun).is_some_and(|t| t.mode == Mode::Builtin)
                        && file.ident(file.unparen(fun)) == Some("new");
                    if !conversion && !is_new {
                        return true;
                    }
                    stack.extend(file.expr_list(args).iter().copied());
                }
                Ast::Unary {
                    op: Operator::Recv, ..
                } => return true,
                Ast::FuncLit { .. } => {}
                Ast::Paren { x } | Ast::Unary { x, .. } | Ast::Assert { x, .. } => stack.push(x),
                Ast::Selector { x, .. } => stack.push(x),
                Ast::Index { x, index } => stack.extend([x, index]),
                Ast::Slice { x, lo, hi, max, .. } => {
                    stack.push(x);
                    stack.extend([lo, hi, max].into_iter().flatten());
                }
                Ast::Binary { x, y, .. } => stack.extend([x, y]),
                Ast::CompositeLit { elems, .. } => {
                    stack.extend(file.expr_list(elems).iter().copied())
                }
                Ast::KeyValue { key, value } => stack.extend([key, value]),
                _ => {}
            }
        }
        false
    }

    /// `tmp = value` at `at` before the current statement, as setup of
    /// the expression being lowered (which gc keeps in that expression's
    /// init list and so never prints); the temporary in its place.
    pub fn spill_to_temp(&mut self, value: ExprId, at: Pos) -> ExprId {
        let ty = self.pkg.expr(value).ty;
        let tmp = self.temps(&[ty], at)[0];
        let lhs = self.push_expr(ExprKind::Var(tmp), ty, at);
        let s = self.assign_stmt(vec![Some(lhs)], vec![value], at);
        self.pkg.stmts[s.index()].expression_setup = true;
        self.pkg.vars[tmp.index()].defined_by = Some(s);
        self.pre.push(s);
        self.push_expr(ExprKind::Var(tmp), ty, at)
    }

    /// The dictionary text of the instantiation a callee denotes.
    fn instance_dict(&self, fun: AstId) -> Option<String> {
        let v = self.static_value(fun);
        let file = self.syntax();
        let key = match file.expr(v).kind {
            Ast::Selector { sel, .. } if !self.selections.contains_key(&v) => sel,
            Ast::Index { x, .. } => file.unparen(x),
            _ => v,
        };
        self.instance_dicts.get(&(self.file_index, key)).cloned()
    }

    /// The function a callee expression statically denotes (through
    /// variables with a static value, as gc's `StaticValue`).
    fn static_target(&self, fun: AstId) -> Option<Target> {
        let v = self.static_value(fun);
        let file = self.syntax();
        let instance = |e: AstId| self.instance_of_expr.get(&(self.file_index, e)).copied();
        let direct = match file.expr(v).kind {
            Ast::Selector { sel, .. } if !self.selections.contains_key(&v) => instance(sel),
            Ast::Index { x, .. } => instance(file.unparen(x)).or_else(|| instance(v)),
            _ => instance(v),
        };
        if let Some(f) = direct {
            return Some(Target::Literal(f));
        }
        if let Ast::FuncLit { .. } = file.expr(v).kind {
            return self.literal_funcs.get(&v).map(|&f| Target::Literal(f));
        }
        let named = match file.expr(v).kind {
            Ast::Name(_) => Some(v),
            Ast::Selector { sel, .. } => match self.selections.get(&v) {
                None => Some(sel),
                Some(r) if r.kind == SelectionKind::MethodExpr => {
                    return Some(Target::Declared(self.origin_method(r.selection.obj)))
                }
                Some(_) => None,
            },
            Ast::Index { x, .. } => Some(file.unparen(x)),
            _ => None,
        }?;
        let named = match file.expr(named).kind {
            Ast::Selector { sel, .. } if !self.selections.contains_key(&named) => sel,
            _ => named,
        };
        let obj = self.obj_of(named)?;
        match self.store.obj(obj).kind {
            ObjKind::Func(_) => Some(Target::Declared(self.origin_func(obj))),
            _ => None,
        }
    }

    fn origin_func(&self, obj: goescape_types::model::ObjId) -> goescape_types::model::ObjId {
        self.origin_method(obj)
    }

    /// The arguments of a call of `sig`: a single multi-valued call is
    /// spread into temporaries; the extra arguments of a variadic call
    /// become a slice literal (then the call counts as a `...` call, as
    /// gc prints it). Returns whether that slice was made.
    fn call_args(
        &mut self,
        sig: TypeId,
        args: &[AstId],
        dots: bool,
        pos: Pos,
    ) -> (Vec<ExprId>, bool) {
        let (params, variadic) = match self.store.signature(self.store.underlying(sig)) {
            Some(s) => (self.store.tuple_vars(s.params).to_vec(), s.variadic),
            None => (Vec::new(), false),
        };
        let mut values: Vec<ExprId> = if self.spreads(args) {
            let count = self.store.tuple_vars(self.ty_of(args[0])).len();
            let dsts: Vec<Option<TypeId>> = (0..count)
                .map(|i| {
                    let last = params.len().checked_sub(1)?;
                    let ty = self.store.obj_type(params[i.min(last)]);
                    if variadic && !dots && i >= last {
                        match self.store.ty(self.store.underlying(ty)) {
                            Type::Slice(elem) => Some(*elem),
                            _ => Some(ty),
                        }
                    } else {
                        Some(ty)
                    }
                })
                .collect();
            self.results_in_temps(args[0], &dsts, pos)
        } else {
            args.iter().map(|&a| self.expr(a)).collect()
        };
        let packed = variadic && !dots && !params.is_empty();
        if packed {
            let fixed = params.len() - 1;
            let slice_ty = self.store.obj_type(params[fixed]);
            if values.len() > fixed {
                let extra: Vec<ExprId> = values.drain(fixed..).collect();
                let lit = self.push_expr(
                    ExprKind::SliceLit {
                        elems: extra,
                        implicit: true,
                    },
                    slice_ty,
                    pos,
                );
                values.push(lit);
            } else {
                let nil = self.push_expr(ExprKind::Nil, slice_ty, pos);
                values.push(nil);
            }
        }
        (values, packed)
    }

    /// Whether `args` is one call of several results, standing for them.
    fn spreads(&self, args: &[AstId]) -> bool {
        args.len() == 1 && self.store.tuple_vars(self.ty_of(args[0])).len() > 1
    }

    /// The results of `value` (a multi-valued call or a comma-ok read),
    /// assigned to temporaries before the current statement and converted
    /// to the types of their destinations (`None`: blank), as gc's front
    /// end rewrites `a, b = f()` into `t1, t2 := f(); a, b = T(t1), t2`,
    /// `return f()` and `g(f())` alike.
    pub fn results_in_temps(
        &mut self,
        value: AstId,
        dsts: &[Option<TypeId>],
        pos: Pos,
    ) -> Vec<ExprId> {
        let file = self.syntax();
        let v = file.unparen(value);
        let why = match file.expr(v).kind {
            Ast::Call { .. } if self.tv(v).is_some_and(|t| t.mode != Mode::CommaOk) => None,
            Ast::Assert { .. } => Some(AssignWhy::DotType),
            Ast::Index { .. } => Some(AssignWhy::MapRead),
            Ast::Unary {
                op: Operator::Recv, ..
            } => Some(AssignWhy::Receive),
            _ => None,
        };
        // The checker types both forms as a tuple of their results.
        let types: Vec<TypeId> = self
            .store
            .tuple_vars(self.ty_of(value))
            .iter()
            .map(|&v| self.store.obj_type(v))
            .collect();
        let rhs = match why {
            None => self.expr(value),
            Some(_) => self.expr_raw(value),
        };
        let temps = self.temps(&types, pos);
        let temp_exprs: Vec<Option<ExprId>> = temps
            .iter()
            .zip(&types)
            .map(|(&t, &ty)| Some(self.push_expr(ExprKind::Var(t), ty, pos)))
            .collect();
        let s = match why {
            None => self.push_stmt(
                StmtKind::AssignCall {
                    lhs: temp_exprs,
                    call: rhs,
                },
                pos,
            ),
            Some(why) => {
                let text = self.assign_text(&temp_exprs, &[rhs], true);
                self.push_stmt(
                    StmtKind::Assign {
                        lhs: temp_exprs,
                        rhs: vec![rhs],
                        why,
                        op: false,
                        text,
                    },
                    pos,
                )
            }
        };
        for &t in &temps {
            self.pkg.vars[t.index()].defined_by = Some(s);
        }
        self.pre.push(s);
        let mut values = Vec::with_capacity(temps.len());
        for (i, (&t, &ty)) in temps.iter().zip(&types).enumerate() {
            let x = self.push_expr(ExprKind::Var(t), ty, pos);
            let dst = dsts.get(i).copied().flatten();
            let value = match dst {
                Some(dst) if !self.store.identical(ty, dst) => {
                    let kind = if self.is_interface(dst) {
                        ExprKind::ConvIface { x, implicit: true }
                    } else {
                        ExprKind::Conv { x, implicit: true }
                    };
                    self.push_expr(kind, dst, pos)
                }
                // gc hangs the temporaries' assignment on the first value,
                // wrapping a bare name in a conversion to its own type.
                _ if i == 0 => self.push_expr(ExprKind::Conv { x, implicit: false }, ty, pos),
                _ => x,
            };
            values.push(value);
        }
        values
    }

    fn conversion(&mut self, args: &[AstId], ty: TypeId, pos: Pos) -> ExprId {
        let Some(&arg) = args.first() else {
            return self.push_expr(ExprKind::NoValue, ty, pos);
        };
        let from = self.ty_of(arg);
        let store = self.store;
        let to_under = store.underlying(ty);
        let from_under = store.underlying(from);
        if self.is_interface(ty) {
            let apos = self.pos(self.syntax().expr(arg).pos);
            // `I(nil)` is a nil of type I: nothing is converted.
            if self.tv(arg).is_some_and(|t| t.mode == Mode::Nil) {
                return self.push_expr(ExprKind::Nil, ty, apos);
            }
            let x = self.constant_or_expr(arg);
            // Between interfaces of identical types (or empty ones of
            // identical underlying types) gc converts nothing.
            let noop = store.is_non_type_param_interface(from)
                && (store.identical(from, ty)
                    || (store.identical(from_under, to_under)
                        && store.type_set(from_under).is_all()));
            if noop {
                return self.push_expr(ExprKind::Conv { x, implicit: false }, ty, apos);
            }
            return self.push_expr(ExprKind::ConvIface { x, implicit: false }, ty, apos);
        }
        let x = self.expr(arg);
        // gc positions a conversion `T(x)` at `x`.
        let pos = self.pos(self.syntax().expr(arg).pos);
        let is_string = |t: TypeId| {
            store
                .basic_kind(t)
                .is_some_and(|k| matches!(k, BasicKind::String | BasicKind::UntypedString))
        };
        let elem_kind = |t: TypeId| match store.ty(t) {
            Type::Slice(el) => store.basic_kind(*el),
            _ => None,
        };
        let kind = if is_string(to_under) {
            match elem_kind(from_under) {
                Some(BasicKind::Uint8) => Some(StringConv::BytesToString),
                Some(BasicKind::Int32) => Some(StringConv::RunesToString),
                _ if store.basic_kind(from_under).is_some_and(|k| k.is_integer()) => {
                    Some(StringConv::RuneToString)
                }
                _ => None,
            }
        } else if is_string(from_under) {
            match elem_kind(to_under) {
                Some(BasicKind::Uint8) => Some(StringConv::StringToBytes),
                Some(BasicKind::Int32) => Some(StringConv::StringToRunes),
                _ => None,
            }
        } else {
            None
        };
        if let Some(op) = kind {
            return self.push_expr(ExprKind::StringConv { op, x }, ty, pos);
        }
        if store.basic_kind(to_under) == Some(BasicKind::UnsafePointer)
            && store.basic_kind(from_under) == Some(BasicKind::Uintptr)
        {
            return self.push_expr(ExprKind::UnsafeFromUintptr { x }, ty, pos);
        }
        if let Type::Slice(_) = store.ty(from_under) {
            match store.ty(to_under) {
                Type::Array { .. } => return self.push_expr(ExprKind::SliceToArray { x }, ty, pos),
                Type::Pointer(_) => {
                    return self.push_expr(ExprKind::SliceToArrayPtr { x }, ty, pos)
                }
                _ => {}
            }
        }
        self.push_expr(ExprKind::Conv { x, implicit: false }, ty, pos)
    }

    fn builtin(
        &mut self,
        e: AstId,
        fun: AstId,
        args: &[AstId],
        dots: bool,
        ty: TypeId,
        pos: Pos,
    ) -> ExprId {
        let _ = e;
        let file = self.syntax();
        let f = file.unparen(fun);
        let name_expr = match file.expr(f).kind {
            Ast::Selector { sel, .. } => sel,
            _ => f,
        };
        let builtin = self
            .obj_of(name_expr)
            .and_then(|o| match self.store.obj(o).kind {
                ObjKind::Builtin(b) => Some(b),
                _ => None,
            });
        let Some(b) = builtin else {
            return self.push_expr(ExprKind::NoValue, ty, pos);
        };
        let op = match b {
            Builtin::New => {
                let value = args
                    .first()
                    .filter(|&&a| self.tv(a).is_some_and(|t| t.mode != Mode::Type));
                let Some(&value) = value else {
                    return self.push_expr(ExprKind::New, ty, pos);
                };
                // gc reads `new(v)` as `tmp := v; &tmp`: the temporary is
                // what moves to the heap.
                let value = self.expr(value);
                let tmp = self.spill_to_temp(value, pos);
                return self.push_expr(
                    ExprKind::Addr {
                        x: tmp,
                        implicit: false,
                    },
                    ty,
                    pos,
                );
            }
            Builtin::Make => {
                let is_slice = matches!(self.store.ty(self.store.underlying(ty)), Type::Slice(_));
                // gc turns the capacity (or, without one, the length) of a
                // slice into a constant when it can.
                let sizes = &args[1.min(args.len())..];
                let lowered: Vec<ExprId> = sizes
                    .iter()
                    .enumerate()
                    .map(|(i, &a)| {
                        if is_slice && i + 1 == sizes.len() {
                            self.make_size(a)
                        } else {
                            self.expr(a)
                        }
                    })
                    .collect();
                let kind = match self.store.ty(self.store.underlying(ty)) {
                    Type::Slice(_) => match lowered[..] {
                        [len] => ExprKind::MakeSlice { len, cap: None },
                        [len, cap, ..] => ExprKind::MakeSlice {
                            len,
                            cap: Some(cap),
                        },
                        [] => return self.push_expr(ExprKind::NoValue, ty, pos),
                    },
                    Type::Map { .. } => ExprKind::MakeMap {
                        len: lowered.first().copied(),
                    },
                    _ => ExprKind::MakeChan {
                        len: lowered.first().copied(),
                    },
                };
                return self.push_expr(kind, ty, pos);
            }
            Builtin::Append => BuiltinOp::Append,
            Builtin::Copy => BuiltinOp::Copy,
            Builtin::Panic => BuiltinOp::Panic,
            Builtin::Complex => BuiltinOp::Complex,
            Builtin::Delete | Builtin::Print | Builtin::Println | Builtin::Recover => {
                BuiltinOp::Discarding
            }
            Builtin::Min => BuiltinOp::Min,
            Builtin::Max => BuiltinOp::Max,
            Builtin::Len | Builtin::Cap | Builtin::Real | Builtin::Imag | Builtin::Close => {
                BuiltinOp::Unary
            }
            Builtin::Clear => BuiltinOp::Clear,
            Builtin::StringData | Builtin::SliceData => BuiltinOp::UnsafeData,
            Builtin::Add | Builtin::Slice | Builtin::String => BuiltinOp::UnsafeBinary,
            Builtin::Alignof | Builtin::Offsetof | Builtin::Sizeof => {
                return self.push_expr(ExprKind::NoValue, ty, pos)
            }
        };
        let lowered: Vec<ExprId> = if self.spreads(args) {
            self.results_in_temps(args[0], &[], pos)
        } else {
            args.iter().map(|&a| self.expr(a)).collect()
        };
        // gc names package unsafe's functions with their package.
        let text = match op {
            BuiltinOp::UnsafeData | BuiltinOp::UnsafeBinary => format!("unsafe.{}", b.name()),
            _ => b.name().to_owned(),
        };
        self.push_expr(
            ExprKind::Call(Call {
                callee: Callee::Builtin(op),
                args: lowered,
                dots,
                sig: None,
                text,
                dict: None,
            }),
            ty,
            pos,
        )
    }
}

/// A rune quoted as Go's `%q` quotes it.
fn go_quote_rune(c: char) -> String {
    let body = match c {
        '\'' => "\\'".to_owned(),
        '\\' => "\\\\".to_owned(),
        '\n' => "\\n".to_owned(),
        '\t' => "\\t".to_owned(),
        '\r' => "\\r".to_owned(),
        '\0' => "\\x00".to_owned(),
        c if c.is_control() => format!("\\u{:04x}", c as u32),
        c => c.to_string(),
    };
    format!("'{body}'")
}
