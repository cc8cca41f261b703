//! Calls, conversions, explicit instantiation and function argument type
//! inference.

use goescape_syntax::stack::ensure_sufficient_stack;
use std::collections::{HashMap, HashSet};

use goescape_syntax::{ExprId, ExprKind};

use super::decl::Checker;
use super::expr::Operand;
use super::info::Mode;
use crate::model::{ChanDir, Type, TypeId};

/// Structural unification gives up beyond this depth (cyclic types).
const MAX_UNIFY_DEPTH: u32 = 64;

impl Checker<'_> {
    pub fn call(
        &mut self,
        e: ExprId,
        fun: ExprId,
        args: goescape_syntax::ExprList,
        has_dots: bool,
    ) -> Operand {
        let f = self.raw_expr(fun, None);
        let file = self.file();
        let arg_ids = file.expr_list(args);
        match f.mode {
            Mode::Invalid => {
                for &a in arg_ids {
                    self.raw_expr(a, None);
                }
                Operand::invalid(Some(e))
            }
            Mode::Type => self.conversion(e, f.ty, arg_ids),
            Mode::Builtin => match f.builtin {
                Some(b) => self.builtin_call(e, b, arg_ids, has_dots),
                None => Operand::invalid(Some(e)),
            },
            _ => {
                let f = self.single_value(f);
                let sig = self
                    .store
                    .core_type(f.ty)
                    .ok()
                    .filter(|&c| self.store.signature(c).is_some());
                let Some(sig) = sig else {
                    if f.mode != Mode::Invalid {
                        let ty = self.type_str(f.ty);
                        self.error(
                            self.pos_of(e),
                            format!(
                                "invalid operation: cannot call {}: {ty} is not a function",
                                self.describe(&f)
                            ),
                        );
                    }
                    for &a in arg_ids {
                        self.raw_expr(a, None);
                    }
                    return Operand::invalid(Some(e));
                };
                let operands = self.arguments(arg_ids);
                let sig = match self.store.signature(sig) {
                    Some(s) if !s.type_params.is_empty() => {
                        let explicit = self
                            .partial_type_args
                            .remove(&(self.ctx.file, fun))
                            .unwrap_or_default();
                        let inferred = self.infer(sig, &explicit, &operands, has_dots, e);
                        match inferred {
                            Some(inst) => {
                                self.record(fun, f.mode, inst, None);
                                inst
                            }
                            None => return Operand::invalid(Some(e)),
                        }
                    }
                    _ => sig,
                };
                self.pass_arguments(e, sig, operands, has_dots);
                self.call_result(e, sig)
            }
        }
    }

    /// The operand of a call of a function of type `sig`.
    fn call_result(&mut self, e: ExprId, sig: TypeId) -> Operand {
        let Some(s) = self.store.signature(sig) else {
            return Operand::invalid(Some(e));
        };
        let results = self.store.tuple_vars(s.results);
        match results {
            [] => Operand::new(Mode::NoValue, TypeId::EMPTY_TUPLE, e),
            [one] => Operand::new(Mode::Value, self.store.obj_type(*one), e),
            _ => Operand::new(Mode::Value, s.results, e),
        }
    }

    /// Evaluates call arguments; a single multi-valued call spreads.
    pub fn arguments(&mut self, args: &[ExprId]) -> Vec<Operand> {
        if let [single] = args {
            let x = self.raw_expr(*single, None);
            if let Type::Tuple(t) = self.store.ty(x.ty) {
                if x.mode == Mode::Value && t.vars.len() > 1 {
                    return t
                        .vars
                        .iter()
                        .map(|&v| Operand {
                            mode: Mode::Value,
                            ty: self.store.obj_type(v),
                            val: None,
                            expr: None,
                            builtin: None,
                        })
                        .collect();
                }
            }
            return vec![self.single_value(x)];
        }
        args.iter().map(|&a| self.expr(a)).collect()
    }

    /// Assigns arguments to the parameters of `sig`.
    fn pass_arguments(
        &mut self,
        call: ExprId,
        sig: TypeId,
        operands: Vec<Operand>,
        has_dots: bool,
    ) {
        let Some(s) = self.store.signature(sig) else {
            return;
        };
        let params: Vec<TypeId> = self
            .store
            .tuple_vars(s.params)
            .iter()
            .map(|&v| self.store.obj_type(v))
            .collect();
        let variadic = s.variadic;
        let n = params.len();
        let too_few = if variadic && !has_dots {
            operands.len() + 1 < n
        } else {
            operands.len() < n
        };
        let too_many = (has_dots || !variadic) && operands.len() > n;
        if too_few || too_many {
            let which = if too_few { "not enough" } else { "too many" };
            // gc points at the last argument, or the `)` of an empty list.
            let at = match self.file().expr(call).kind {
                ExprKind::Call { args, .. } if !args.is_empty() => {
                    let last = self.file().expr_list(args)[args.len() - 1];
                    self.pos_of(last)
                }
                _ => goescape_syntax::Pos(self.file().expr(call).span.end.0.saturating_sub(1)),
            };
            self.error(
                at,
                format!("{which} arguments in call to {}", self.call_name(call)),
            );
            return;
        }
        if has_dots && !variadic {
            self.error(
                self.pos_of(call),
                format!(
                    "have (...) but function is not variadic: {}",
                    self.call_name(call)
                ),
            );
            return;
        }
        for (i, mut x) in operands.into_iter().enumerate() {
            let target = if variadic && !has_dots && i + 1 >= n {
                let last = params[n - 1];
                match self.store.ty(self.store.core_type(last).unwrap_or(last)) {
                    Type::Slice(elem) => *elem,
                    _ => last,
                }
            } else {
                params[i]
            };
            self.assign_to(&mut x, target, "argument");
        }
    }

    fn call_name(&self, call: ExprId) -> String {
        match self.file().expr(call).kind {
            ExprKind::Call { fun, .. } => self.expr_text(fun),
            _ => String::new(),
        }
    }

    /// `T(x)`.
    fn conversion(&mut self, e: ExprId, t: TypeId, args: &[ExprId]) -> Operand {
        let [arg] = args else {
            self.error(
                self.pos_of(e),
                format!(
                    "{} arguments in conversion to {}",
                    if args.is_empty() {
                        "missing"
                    } else {
                        "too many"
                    },
                    self.type_str(t)
                ),
            );
            for &a in args {
                self.raw_expr(a, None);
            }
            return Operand::invalid(Some(e));
        };
        let mut x = self.expr(*arg);
        if x.mode == Mode::Invalid {
            return Operand::invalid(Some(e));
        }
        let const_type = self
            .store
            .basic_kind(self.store.underlying(t))
            .is_some_and(|k| k.is_const_type())
            && !self.store.is_type_param(t);
        if x.mode == Mode::Constant && const_type {
            let kind = self.store.basic_kind(self.store.underlying(t));
            let val = x
                .val
                .clone()
                .unwrap_or_else(crate::constant::Value::unknown);
            let converted = self.constant_conversion(&val, t, &x);
            let Some(v) = converted else {
                return self.conversion_error(e, *arg, &x, t, None);
            };
            let v = match kind {
                Some(k) => match self.store.representable(&v, k) {
                    Ok(r) => r,
                    Err(why) => {
                        return self.conversion_error(e, *arg, &x, t, Some(why));
                    }
                },
                None => v,
            };
            // `string(r)` of an untyped rune keeps the rune untyped.
            let rune_to_string = self.store.all_basic(x.ty, |k| k.is_integer())
                && self.store.all_basic(t, |k| k.is_string());
            if self.store.is_untyped(x.ty) && !rune_to_string {
                self.update_expr_type(*arg, t, Some(v.clone()));
            }
            return Operand::constant(t, v, e);
        }
        if !self.store.convertible_to(&x.model(), t) {
            self.error(
                self.pos_of(*arg),
                format!(
                    "cannot convert {} to type {}",
                    self.describe(&x),
                    self.type_str(t)
                ),
            );
            return Operand::invalid(Some(e));
        }
        if self.store.is_untyped(x.ty) {
            let final_ty = if self.store.is_non_type_param_interface(t)
                || x.mode == Mode::Constant
                || x.mode == Mode::Nil
            {
                self.store.default_type(x.ty)
            } else {
                t
            };
            let final_ty = if x.mode == Mode::Constant
                && !self.store.is_non_type_param_interface(t)
                && self.store.basic_kind(self.store.underlying(t)).is_some()
            {
                t
            } else {
                final_ty
            };
            self.convert_untyped(&mut x, final_ty);
        }
        if self.store.is_non_type_param_interface(t)
            && !self.store.is_non_type_param_interface(x.ty)
        {
            self.to_interface[self.ctx.file].push((*arg, t));
        }
        Operand::new(Mode::Value, t, e)
    }

    /// The value of constant `v` converted to the constant type `t`.
    fn constant_conversion(
        &self,
        v: &crate::constant::Value,
        t: TypeId,
        x: &Operand,
    ) -> Option<crate::constant::Value> {
        let kind = self.store.basic_kind(self.store.underlying(t))?;
        let from_integer = self.store.all_basic(x.ty, |k| k.is_integer());
        if kind.is_string() && from_integer {
            // string(rune)
            let r = v.to_int().int64();
            let c = r
                .and_then(|r| u32::try_from(r).ok())
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            return Some(crate::constant::Value::from_string(c.to_string()));
        }
        let compatible = (kind.is_string() && self.store.all_basic(x.ty, |k| k.is_string()))
            || (kind.is_numeric() && self.store.all_basic(x.ty, |k| k.is_numeric()))
            || (kind.is_boolean() && self.store.all_basic(x.ty, |k| k.is_boolean()));
        if !compatible {
            return None;
        }
        Some(
            if kind.is_integer() && v.kind() == crate::constant::Kind::Float {
                let i = v.to_int();
                if i.kind() != crate::constant::Kind::Int {
                    return None;
                }
                i
            } else {
                v.clone()
            },
        )
    }

    /// `f[T1, T2]`: explicit instantiation of a generic function (partial
    /// lists are completed by inference at the call).
    pub fn func_instance(&mut self, e: ExprId, f: Operand, index: ExprId) -> Operand {
        let args = self.type_args(index);
        let Some(s) = self.store.signature(f.ty) else {
            return Operand::invalid(Some(e));
        };
        let n = s.type_params.len();
        if args.len() > n {
            self.error(
                self.pos_of(index),
                format!(
                    "got {} type arguments but {} has {n} type parameters",
                    args.len(),
                    self.expr_text(f.expr.unwrap_or(e))
                ),
            );
            return Operand::invalid(Some(e));
        }
        if args.len() < n {
            // Completed by inference when called; keep the partial list.
            let params = s.type_params.to_vec();
            let mut bound: HashMap<TypeId, TypeId> =
                params.iter().copied().zip(args.iter().copied()).collect();
            self.infer_from_constraints(&params, &mut bound, &mut HashSet::new());
            if params.iter().all(|p| bound.contains_key(p)) {
                let targs: Vec<TypeId> = params.iter().map(|p| bound[p]).collect();
                let inst = self.store.instantiate_signature(f.ty, &targs);
                return Operand::new(Mode::Value, inst, e);
            }
            // The rest is inferred from the arguments when called.
            self.partial_type_args.insert((self.ctx.file, e), args);
            return Operand::new(Mode::Value, f.ty, e);
        }
        let inst = self.store.instantiate_signature(f.ty, &args);
        Operand::new(Mode::Value, inst, e)
    }

    /// Infers the type arguments of a call of generic `sig` from its
    /// arguments; returns the instantiated signature.
    fn infer(
        &mut self,
        sig: TypeId,
        explicit: &[TypeId],
        args: &[Operand],
        has_dots: bool,
        call: ExprId,
    ) -> Option<TypeId> {
        let s = self.store.signature(sig)?;
        let type_params = s.type_params.to_vec();
        let variadic = s.variadic;
        let params: Vec<TypeId> = self
            .store
            .tuple_vars(s.params)
            .iter()
            .map(|&v| self.store.obj_type(v))
            .collect();
        let mut bound: HashMap<TypeId, TypeId> = type_params
            .iter()
            .copied()
            .zip(explicit.iter().copied())
            .collect();
        let param_for = |i: usize| -> Option<TypeId> {
            let n = params.len();
            if variadic && !has_dots && i + 1 >= n {
                let last = *params.last()?;
                match self.store.ty(last) {
                    Type::Slice(elem) => Some(*elem),
                    _ => Some(last),
                }
            } else {
                params.get(i).copied()
            }
        };
        // Typed arguments first, then untyped constants by default type.
        // Generic function arguments come last: they are instantiated for
        // their parameter's type once it is known (`SortFunc(s,
        // slices.Compare)`), and only bind what nothing else does.
        let is_generic_func = |x: &Operand| {
            self.store
                .signature(x.ty)
                .is_some_and(|s| !s.type_params.is_empty())
        };
        for (i, x) in args.iter().enumerate() {
            if x.mode == Mode::Invalid || self.store.is_untyped(x.ty) || is_generic_func(x) {
                continue;
            }
            if let Some(p) = param_for(i) {
                self.unify(p, x.ty, &type_params, &mut bound, 0);
            }
        }
        let mut from_constraint = HashSet::new();
        self.infer_from_constraints(&type_params, &mut bound, &mut from_constraint);
        // A parameter still unbound takes the default type of the largest
        // untyped kind passed for it (`max(1, 2.5)` is float64).
        let mut untyped_kinds: HashMap<TypeId, TypeId> = HashMap::new();
        for (i, x) in args.iter().enumerate() {
            if x.mode == Mode::Invalid || !self.store.is_untyped(x.ty) || x.mode == Mode::Nil {
                continue;
            }
            let Some(p) =
                param_for(i).filter(|p| type_params.contains(p) && !bound.contains_key(p))
            else {
                continue;
            };
            let larger = match untyped_kinds.get(&p) {
                Some(&prev) if self.store.basic_kind(prev) >= self.store.basic_kind(x.ty) => prev,
                _ => x.ty,
            };
            untyped_kinds.insert(p, larger);
        }
        for (p, ty) in untyped_kinds {
            bound.insert(p, self.store.default_type(ty));
        }
        self.infer_from_constraints(&type_params, &mut bound, &mut from_constraint);
        if type_params.iter().any(|p| !bound.contains_key(p)) {
            for (i, x) in args.iter().enumerate() {
                if x.mode == Mode::Invalid || !is_generic_func(x) {
                    continue;
                }
                if let Some(p) = param_for(i) {
                    self.unify(p, x.ty, &type_params, &mut bound, 0);
                }
            }
            self.infer_from_constraints(&type_params, &mut bound, &mut from_constraint);
        }
        let mut targs = Vec::with_capacity(type_params.len());
        for p in &type_params {
            match bound.get(p) {
                Some(&t) => targs.push(t),
                None => {
                    let name = self.type_str(*p);
                    let fun = match self.file().expr(call).kind {
                        ExprKind::Call { fun, .. } => self.expr_text(fun),
                        _ => String::new(),
                    };
                    // At the `(` of the call, as gc reports it.
                    let paren = self.file().expr(call).pos;
                    self.error(paren, format!("in call to {fun}, cannot infer {name}"));
                    return None;
                }
            }
        }
        // Bindings taken from constraints may mention other type
        // parameters (`S []E`): substitute those. Bindings from arguments
        // are final (in a recursive call they are the caller's own type
        // parameters, which must stay).
        let map = crate::model::SubstMap::new(&type_params, &targs);
        let targs: Vec<TypeId> = type_params
            .iter()
            .zip(&targs)
            .map(|(p, &t)| {
                if from_constraint.contains(p) {
                    self.store.subst(t, &map)
                } else {
                    t
                }
            })
            .collect();
        Some(self.store.instantiate_signature(sig, &targs))
    }

    /// Instantiates a generic function value used as a value of function
    /// type `target` (reverse inference: `sort(s, slices.Compare)`).
    pub fn infer_from_target(&mut self, generic: TypeId, target: TypeId) -> Option<TypeId> {
        let g = self.store.signature(generic)?;
        let t = self.store.signature(self.store.core_type(target).ok()?)?;
        if !t.type_params.is_empty() {
            return None;
        }
        let type_params = g.type_params.to_vec();
        let mut bound: HashMap<TypeId, TypeId> = HashMap::new();
        for (gt, tt) in [(g.params, t.params), (g.results, t.results)] {
            let pairs: Vec<(TypeId, TypeId)> = self
                .store
                .tuple_vars(gt)
                .iter()
                .zip(self.store.tuple_vars(tt))
                .map(|(&a, &b)| (self.store.obj_type(a), self.store.obj_type(b)))
                .collect();
            for (p, a) in pairs {
                self.unify(p, a, &type_params, &mut bound, 0);
            }
        }
        self.infer_from_constraints(&type_params, &mut bound, &mut HashSet::new());
        let targs: Option<Vec<TypeId>> =
            type_params.iter().map(|p| bound.get(p).copied()).collect();
        Some(self.store.instantiate_signature(generic, &targs?))
    }

    /// Uses core types of constraints (`S ~[]E`) to infer more arguments.
    /// Parameters bound to a constraint's single type are added to
    /// `from_constraint`.
    fn infer_from_constraints(
        &self,
        type_params: &[TypeId],
        bound: &mut HashMap<TypeId, TypeId>,
        from_constraint: &mut HashSet<TypeId>,
    ) {
        for _ in 0..type_params.len() + 1 {
            let before = bound.len();
            for &p in type_params {
                let constraint = self.store.constraint(p);
                let set = self.store.type_set(constraint);
                let Some([term]) = set.terms.terms() else {
                    continue;
                };
                let term = *term;
                match bound.get(&p).copied() {
                    Some(arg) => {
                        let target = if term.tilde { self.structure(arg) } else { arg };
                        self.unify(term.ty, target, type_params, bound, 0);
                    }
                    None if !term.tilde => {
                        bound.insert(p, term.ty);
                        from_constraint.insert(p);
                    }
                    None => {}
                }
            }
            if bound.len() == before {
                break;
            }
        }
    }

    /// The type whose structure inexact unification compares: the
    /// underlying type, or a type parameter's core type.
    fn structure(&self, ty: TypeId) -> TypeId {
        if self.store.is_type_param(ty) {
            self.store.core_type(ty).unwrap_or(TypeId::INVALID)
        } else {
            self.store.underlying(ty)
        }
    }

    /// Structural unification of parameter type `p` with argument type
    /// `a`, binding the type parameters of `type_params`.
    fn unify(
        &self,
        p: TypeId,
        a: TypeId,
        type_params: &[TypeId],
        bound: &mut HashMap<TypeId, TypeId>,
        depth: u32,
    ) {
        ensure_sufficient_stack(|| {
            if depth > MAX_UNIFY_DEPTH {
                return;
            }
            if type_params.contains(&p) {
                match bound.get(&p) {
                    Some(&prev) if !self.store.is_valid(prev) => {
                        bound.insert(p, a);
                    }
                    Some(&prev) => {
                        // Prefer a named (defined) type over a literal one, and
                        // a directional channel over a bidirectional one.
                        let named_over_literal = !self.store.has_name(prev)
                            && self.store.has_name(a)
                            && self.store.identical(prev, self.store.underlying(a));
                        let directional = match (self.store.ty(prev), self.store.ty(a)) {
                            (
                                Type::Chan {
                                    dir: ChanDir::Both,
                                    elem: x,
                                },
                                Type::Chan { dir, elem: y },
                            ) => *dir != ChanDir::Both && self.store.identical(*x, *y),
                            _ => false,
                        };
                        if named_over_literal || directional {
                            bound.insert(p, a);
                        }
                    }
                    None => {
                        bound.insert(p, a);
                    }
                }
                return;
            }
            let p = self.store.unalias(p);
            let mut a = self.store.unalias(a);
            // A type parameter that is not being inferred has the structure of
            // its core type.
            if self.store.is_type_param(a) {
                a = self.structure(a);
            }
            // Unification is inexact: a defined type and a type literal unify
            // through the defined type's underlying type (`S[T]` of `type S[T
            // any] []T` with `[]int`); two defined types only if they are the
            // same generic type.
            let (p, a) = match (self.store.ty(p), self.store.ty(a)) {
                (Type::Named(_), Type::Named(_)) => (p, a),
                (Type::Named(_), _) => (self.store.underlying(p), a),
                (Type::TypeParam(_), _) => return,
                (_, Type::Named(_)) => (p, self.store.underlying(a)),
                _ => (p, a),
            };
            let d = depth + 1;
            match (self.store.ty(p), self.store.ty(a)) {
                (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => {
                    self.unify(*x, *y, type_params, bound, d)
                }
                (Type::Array { elem: x, .. }, Type::Array { elem: y, .. }) => {
                    self.unify(*x, *y, type_params, bound, d)
                }
                (Type::Chan { elem: x, .. }, Type::Chan { elem: y, .. }) => {
                    self.unify(*x, *y, type_params, bound, d)
                }
                (Type::Map { key: k1, elem: e1 }, Type::Map { key: k2, elem: e2 }) => {
                    self.unify(*k1, *k2, type_params, bound, d);
                    self.unify(*e1, *e2, type_params, bound, d);
                }
                (Type::Signature(x), Type::Signature(y)) => {
                    let pairs: Vec<(TypeId, TypeId)> =
                        [(x.params, y.params), (x.results, y.results)]
                            .into_iter()
                            .flat_map(|(tx, ty)| {
                                let vx = self.store.tuple_vars(tx);
                                let vy = self.store.tuple_vars(ty);
                                vx.iter()
                                    .zip(vy)
                                    .map(|(&a, &b)| {
                                        (self.store.obj_type(a), self.store.obj_type(b))
                                    })
                                    .collect::<Vec<_>>()
                            })
                            .collect();
                    for (x, y) in pairs {
                        self.unify(x, y, type_params, bound, d);
                    }
                }
                (Type::Named(x), Type::Named(y)) => {
                    if let (Some(xi), Some(yi)) = (&x.instance, &y.instance) {
                        if xi.origin == yi.origin {
                            for (&xa, &ya) in xi.args.iter().zip(yi.args.iter()) {
                                self.unify(xa, ya, type_params, bound, d);
                            }
                        }
                    }
                }
                (Type::Interface(_), Type::Interface(_)) => {
                    // Interfaces with the same methods unify method by method.
                    let (want, have) = (self.store.type_set(p), self.store.type_set(a));
                    if want.methods.len() != have.methods.len() {
                        return;
                    }
                    let pairs: Vec<(TypeId, TypeId)> = want
                        .methods
                        .iter()
                        .filter_map(|&m| {
                            let mo = self.store.obj(m);
                            let found = have
                                .methods
                                .iter()
                                .find(|&&f| self.store.obj(f).same_id(mo.pkg, mo.name))?;
                            Some((self.store.obj_type(m), self.store.obj_type(*found)))
                        })
                        .collect();
                    for (x, y) in pairs {
                        self.unify(x, y, type_params, bound, d);
                    }
                }
                (Type::Struct(x), Type::Struct(y)) => {
                    for (&fx, &fy) in x.fields.iter().zip(y.fields.iter()) {
                        self.unify(
                            self.store.obj_type(fx),
                            self.store.obj_type(fy),
                            type_params,
                            bound,
                            d,
                        );
                    }
                }
                _ => {}
            }
        })
    }

    /// Reports that `x` (the argument `arg` of conversion `e`) cannot be
    /// converted to `t`, with gc's reason in parentheses when there is one.
    fn conversion_error(
        &mut self,
        e: ExprId,
        arg: ExprId,
        x: &Operand,
        t: TypeId,
        why: Option<crate::constant::Unrepresentable>,
    ) -> Operand {
        let mut message = format!(
            "cannot convert {} to type {}",
            self.describe(x),
            self.type_str(t)
        );
        if let Some(why) = why {
            message.push_str(&format!(" ({why})"));
        }
        self.error(self.pos_of(arg), message);
        Operand::invalid(Some(e))
    }
}
