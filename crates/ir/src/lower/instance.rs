//! Shape instantiation: a package compiles (and gc reports on) each
//! generic function or method it uses once per shape of the type
//! arguments, wherever the generic code is declared, transitively; an
//! instantiated generic type brings all its methods.

use goescape_syntax::{DeclKind, ExprKind as Ast, Field, FuncDecl};
use goescape_types::model::{ObjId, Store, SubstMap, Type, TypeId};
use rustc_hash::FxHashSet;

use super::Lowerer;
use crate::shape::ShapeCache;
use crate::tree::*;

impl Lowerer<'_> {
    /// The type parameters an instantiation of `origin` binds: a generic
    /// function's own, or a method's receiver type parameters.
    fn instance_params(&self, origin: ObjId) -> Vec<TypeId> {
        let store = self.store;
        match store.signature(store.obj_type(origin)) {
            Some(s) if !s.type_params.is_empty() => s.type_params.to_vec(),
            Some(s) => s.recv_type_params.to_vec(),
            None => Vec::new(),
        }
    }

    /// The instantiation of generic function `origin` used with the
    /// (instantiated) signature `sig`; `None` for non-generic functions
    /// and inside generic code.
    pub fn func_instance(&mut self, origin: ObjId, sig: TypeId) -> Option<FuncId> {
        self.func_instance_with(origin, sig, &[])
    }

    /// Like [`Self::func_instance`], with the leading type arguments
    /// written explicitly (`f[int]`).
    pub fn func_instance_with(
        &mut self,
        origin: ObjId,
        sig: TypeId,
        explicit: &[TypeId],
    ) -> Option<FuncId> {
        let store = self.store;
        let generic = store.signature(store.obj_type(origin))?;
        if generic.type_params.is_empty() {
            return None;
        }
        let params = generic.type_params.to_vec();
        let mut args = vec![None; params.len()];
        for (slot, &t) in args.iter_mut().zip(explicit) {
            *slot = Some(t);
        }
        match_types(store, store.obj_type(origin), sig, &params, &mut args);
        // Parameters only constraints mention (`E` of `S ~[]E`) follow
        // from the core types of the others' constraints.
        for _ in 0..params.len() {
            if args.iter().all(Option::is_some) {
                break;
            }
            for (i, &p) in params.iter().enumerate() {
                let (Some(arg), Ok(core)) = (args[i], store.core_type(p)) else {
                    continue;
                };
                if core != p {
                    match_types(store, core, store.underlying(arg), &params, &mut args);
                }
            }
        }
        let args: Option<Vec<TypeId>> = args.into_iter().collect();
        self.instance(origin, &params, &args?)
    }

    /// The instantiation of method `origin` of a generic type for a
    /// receiver of type `recv` (`T[...]` or `*T[...]`).
    pub fn method_instance(&mut self, origin: ObjId, recv: TypeId) -> Option<FuncId> {
        let store = self.store;
        let params = self.instance_params(origin);
        if params.is_empty() || store.signature(store.obj_type(origin))?.recv.is_none() {
            return None;
        }
        let named = match store.ty(store.unalias(recv)) {
            Type::Pointer(elem) => *elem,
            _ => recv,
        };
        let Type::Named(n) = store.ty(store.unalias(named)) else {
            return None;
        };
        let args = n.instance.as_ref()?.args.to_vec();
        let origin_type = n.instance.as_ref()?.origin;
        let found = self.instance(origin, &params, &args);
        // An instantiated type brings all its methods.
        if let Some(f) = found {
            self.request_wrapper(origin, &args, f);
            for &m in store.methods(origin_type) {
                if m != origin {
                    let mp = self.instance_params(m);
                    if let Some(g) = self.instance(m, &mp, &args) {
                        self.request_wrapper(m, &args, g);
                    }
                }
            }
        }
        found
    }

    /// The instantiation of `origin` for `args` (shaped here), created on
    /// first request; `None` while type parameters remain (generic code).
    fn instance(&mut self, origin: ObjId, params: &[TypeId], args: &[TypeId]) -> Option<FuncId> {
        let store = self.store;
        if params.len() != args.len() || args.iter().any(|&a| has_type_param(store, a)) {
            return None;
        }
        // Type arguments nested this deep come from a function that
        // instantiates itself with ever larger types (`f[[]T]` in `f[T]`),
        // which gc rejects as an instantiation cycle: stop expanding.
        if args
            .iter()
            .any(|&a| nesting_depth(store, a, Some(self.shapes)) > MAX_INSTANCE_DEPTH)
        {
            return None;
        }
        // Generic code is compiled only as instantiated: what its body
        // instantiates is instantiated with it.
        if self.in_generic_body {
            return None;
        }
        self.last_instance = Some((origin, args.to_vec()));
        let shapes: Box<[TypeId]> = params
            .iter()
            .zip(args)
            .map(|(&p, &a)| self.shapes.shape(store, a, is_method_set(store, p)))
            .collect();
        let key = (origin, shapes.clone());
        if let Some(&f) = self.instances.get(&key) {
            return Some(f);
        }
        for &shape in shapes.iter() {
            self.shape_wrappers(shape);
        }

        let o = store.obj(origin);
        let pkg = o.pkg?;
        let shape_names: Vec<String> = shapes
            .iter()
            .map(|&s| crate::print::type_string(&self.pkg, store, s))
            .collect();
        let sig = self.instance_signature(origin, params, &shapes);
        let name = match store.signature(store.obj_type(origin)).and_then(|s| s.recv) {
            Some(recv) => {
                let recv_text = receiver_text(store, store.obj_type(recv), &shape_names.join(","));
                format!("{recv_text}.{}", o.name)
            }
            None => format!("{}[{}]", o.name, shape_names.join(",")),
        };
        let pos = Pos::default();
        let f = self.new_func_pub(name, pos, sig);
        self.pkg.funcs[f.index()].instance = true;
        self.pkg.funcs[f.index()].origin = Some(origin);
        self.pkg.funcs[f.index()].qualifier = if pkg == self.pkg.id {
            String::new()
        } else {
            format!("{}.", store.package(pkg).name)
        };
        self.pkg.funcs[f.index()].has_body = true;
        self.instances.insert(key, f);
        self.pending.push((origin, shapes, f));
        Some(f)
    }

    fn instance_signature(&self, origin: ObjId, params: &[TypeId], shapes: &[TypeId]) -> TypeId {
        let map = SubstMap::new(params, shapes);
        self.store.subst(self.store.obj_type(origin), &map)
    }

    /// The type arguments of the instantiation last requested.
    pub fn last_type_args(&self) -> Box<[TypeId]> {
        self.last_instance
            .as_ref()
            .map(|(_, args)| args.clone().into_boxed_slice())
            .unwrap_or_default()
    }

    /// The dictionary gc passes to the instantiation of `origin` last
    /// requested: `&.dict.F[int,string]` (qualified by the package of
    /// code from elsewhere).
    pub fn last_dict(&self) -> Option<String> {
        let (origin, args) = self.last_instance.as_ref()?;
        Some(self.dict_text(*origin, args))
    }

    /// `&.dict.F[int,string]`: the dictionary of `origin` instantiated
    /// for `args` (qualified by the package of code from elsewhere).
    fn dict_text(&self, origin: ObjId, args: &[TypeId]) -> String {
        let origin = &origin;
        let store = self.store;
        let o = store.obj(*origin);
        let name = match store
            .signature(store.obj_type(*origin))
            .and_then(|s| s.recv)
        {
            Some(recv) => {
                let ty = store.obj_type(recv);
                let named = match store.ty(ty) {
                    Type::Pointer(e) => *e,
                    _ => ty,
                };
                match store.ty(named) {
                    Type::Named(n) => store.obj(n.obj).name.as_str().to_owned(),
                    _ => o.name.as_str().to_owned(),
                }
            }
            None => o.name.as_str().to_owned(),
        };
        let prefix = match o.pkg {
            Some(p) if p != self.pkg.id => format!("{}.", store.package(p).name),
            _ => String::new(),
        };
        let args: Vec<String> = args
            .iter()
            .map(|&a| crate::shape::link_string(store, a))
            .collect();
        format!("&{prefix}.dict.{name}[{}]", args.join(","))
    }

    /// Lowers the bodies of the instantiations requested so far (which may
    /// request more), including the methods of every instantiated type the
    /// package's code reaches.
    pub fn instantiate_pending(&mut self) {
        let mut seen = FxHashSet::default();
        let mut scanned = (0, 0);
        // The package's own declarations count too (a variable of type
        // sync.Map needs internal/sync.HashTrieMap[any, any]).
        let store = self.store;
        let mut declared: Vec<TypeId> = store
            .package(self.pkg.id)
            .scope()
            .map(|scope| {
                scope
                    .objects()
                    .iter()
                    .map(|&o| store.obj_type(o))
                    .filter(|&t| !has_type_param(store, t) && !store.is_generic(t))
                    .collect()
            })
            .unwrap_or_default();
        declared.extend(self.blank_var_types.iter().copied());
        let deferred = self.deferred_shapes.take().unwrap_or_default();
        self.instantiate_types(declared, &mut seen);
        for shape in deferred {
            self.shape_wrappers(shape);
        }
        loop {
            self.instantiate_reached_types(&mut seen, &mut scanned);
            let Some((origin, shapes, func)) = self.pending.pop() else {
                break;
            };
            self.lower_instance(origin, &shapes, func);
        }
    }

    /// Requests the methods of the instantiated generic types that the
    /// types of expressions and variables lowered since the last call
    /// reach (through fields, elements and type arguments): gc compiles
    /// them with the types' descriptors.
    fn instantiate_reached_types(
        &mut self,
        seen: &mut FxHashSet<TypeId>,
        scanned: &mut (usize, usize),
    ) {
        let in_generic = |i: usize, vars: bool| {
            let spans = if vars {
                &self.generic_vars
            } else {
                &self.generic_exprs
            };
            in_spans(spans, i)
        };
        let mut todo: Vec<TypeId> = (scanned.0..self.pkg.exprs.len())
            .filter(|&i| !in_generic(i, false))
            .map(|i| self.pkg.exprs[i].ty)
            .collect();
        todo.extend(
            (scanned.1..self.pkg.vars.len())
                .filter(|&i| !in_generic(i, true))
                .map(|i| self.pkg.vars[i].ty),
        );
        *scanned = (self.pkg.exprs.len(), self.pkg.vars.len());
        self.instantiate_types(todo, seen);
    }

    /// Requests the methods of the instantiated types `types` reach.
    fn instantiate_types(&mut self, mut todo: Vec<TypeId>, seen: &mut FxHashSet<TypeId>) {
        let store = self.store;
        while let Some(ty) = todo.pop() {
            if !seen.insert(ty) {
                continue;
            }
            match store.ty(ty) {
                // An instance nested this deep comes from an infinitely
                // expanding type (`node[V]` holding `*node[box[V]]`), which
                // gc rejects as an instantiation cycle: stop expanding.
                Type::Named(_) if nesting_depth(store, ty, None) > MAX_INSTANCE_DEPTH => {}
                Type::Named(n) => {
                    if let Some(inst) = &n.instance {
                        todo.extend(inst.args.iter().copied());
                        // gc reads the shaped type with the instance, so
                        // the arguments bring their shapes' wrappers
                        // (`iter.Seq[reflect.Type]` in every package that
                        // reads reflect.Type's methods).
                        let params = store.type_params(inst.origin);
                        for (&param, &arg) in params.iter().zip(inst.args.iter()) {
                            if !has_type_param(store, arg) {
                                let shape =
                                    self.shapes.shape(store, arg, is_method_set(store, param));
                                self.shape_wrappers(shape);
                            }
                        }
                        if let Some(&m) = store.methods(inst.origin).first() {
                            self.method_instance(m, ty);
                        }
                    }
                    todo.push(store.underlying(ty));
                    // gc reads a named type with its methods' signatures.
                    todo.extend(store.methods(ty).iter().map(|&m| store.obj_type(m)));
                }
                Type::Interface(i) => {
                    todo.extend(i.methods.iter().map(|&m| store.obj_type(m)));
                    todo.extend(i.embedded.iter().copied());
                }
                Type::Alias(_) => todo.push(store.unalias(ty)),
                Type::Pointer(e) | Type::Slice(e) => todo.push(*e),
                Type::Array { elem, .. } | Type::Chan { elem, .. } => todo.push(*elem),
                Type::Map { key, elem } => todo.extend([*key, *elem]),
                Type::Struct(s) => todo.extend(s.fields.iter().map(|&f| store.obj_type(f))),
                Type::Tuple(t) => todo.extend(t.vars.iter().map(|&v| store.obj_type(v))),
                Type::Signature(s) => todo.extend([s.params, s.results]),
                _ => {}
            }
        }
    }

    /// The declaration of generic function or method `origin`, with its
    /// file entered, the qualifier of its package set and its type
    /// parameters bound to `args` (its position and its function).
    /// Undone by [`Self::leave_origin`].
    fn enter_origin(
        &mut self,
        origin: ObjId,
        args: &[TypeId],
    ) -> Option<(goescape_syntax::Pos, FuncDecl)> {
        let store = self.store;
        let o = store.obj(origin);
        let (pkg, pos) = (o.pkg?, o.pos?);
        let checked = self.lookup_package(pkg)?;
        let file = checked.files.iter().find(|f| f.id == pos.file)?;
        let decl = file
            .syntax
            .decl_list(file.syntax.decls())
            .iter()
            .find_map(|d| match &d.kind {
                DeclKind::Func(f) if file.syntax.expr(f.name).pos.0 == pos.offset => {
                    Some((d.pos, f.clone()))
                }
                _ => None,
            })?;
        self.enter_file(pkg, file);
        let params = self.instance_params(origin);
        self.subst = Some(SubstMap::new(&params, args));
        self.qualifier = if pkg == self.pkg.id {
            String::new()
        } else {
            format!("{}.", store.package(pkg).name)
        };
        Some(decl)
    }

    fn leave_origin(&mut self) {
        self.subst = None;
        self.qualifier.clear();
    }

    fn lower_instance(&mut self, origin: ObjId, shapes: &[TypeId], func: FuncId) {
        // Instantiated code has its own variables and literals.
        let saved_vars = std::mem::take(&mut self.var_of_obj);
        let saved_literals = std::mem::take(&mut self.literal_funcs);
        if let Some((decl_pos, decl)) = self.enter_origin(origin, shapes) {
            self.pkg.funcs[func.index()].pos = self.pos(self.syntax().expr(decl.name).pos);
            self.pkg.funcs[func.index()].decl_pos = self.pos(decl_pos);
            self.pkg.funcs[func.index()].pragmas = self.func_pragmas(&decl);
            self.dict_methods.clear();
            self.lower_func(func, &decl);
            self.leave_origin();
        }
        self.var_of_obj = saved_vars;
        self.literal_funcs = saved_literals;
    }

    /// Notes that the package refers to the instantiation of `origin` for
    /// `args`, compiled as `shaped`: with type arguments that are not
    /// shapes, gc also compiles a wrapper calling the shaped code with
    /// the instantiation's dictionary.
    pub fn request_wrapper(&mut self, origin: ObjId, args: &[TypeId], shaped: FuncId) {
        let store = self.store;
        if !self.wrappers || args.iter().any(|&a| crate::shape::has_shape(store, a)) {
            return;
        }
        if self.wrapped.insert((origin, args.to_vec())) {
            self.wrapper_requests.push((origin, args.to_vec(), shaped));
        }
    }

    /// Builds the requested instantiation wrappers: `Id[int]` or
    /// `(*Stack[int]).Push`, with the declaration's parameters, calling
    /// `Id[go.shape.int](&.dict.Id[int], p)`. The last requested comes
    /// first, as gc compiles them: it takes pending bodies from the end
    /// of its list.
    pub fn instantiation_wrappers(&mut self) {
        let saved_vars = std::mem::take(&mut self.var_of_obj);
        let requests = std::mem::take(&mut self.wrapper_requests);
        for (origin, args, shaped) in requests.into_iter().rev() {
            let dict = self.dict_text(origin, &args);
            let Some((_, decl)) = self.enter_origin(origin, &args) else {
                continue;
            };
            self.instantiation_wrapper(origin, &args, shaped, dict, &decl);
            self.leave_origin();
        }
        self.var_of_obj = saved_vars;
    }

    fn instantiation_wrapper(
        &mut self,
        origin: ObjId,
        args: &[TypeId],
        shaped: FuncId,
        dict: String,
        decl: &FuncDecl,
    ) {
        let store = self.store;
        let file = self.syntax();
        let link_args: Vec<String> = args
            .iter()
            .map(|&a| crate::shape::link_string(store, a))
            .collect();
        let link_args = link_args.join(",");
        let method = store.obj(origin).name.as_str();
        // gc places the wrapper where the declaration starts after
        // `func`: the name, or the receiver's parenthesis.
        let (name, pos) = match decl.recv {
            Some(recv) => {
                let field = file.field(recv);
                let recv_text = receiver_text(store, self.ty_of(field.ty), &link_args);
                let at = field.name.map_or(field.ty, |n| n);
                let offset = file.expr(at).pos.0.saturating_sub(1);
                (
                    format!("{recv_text}.{method}"),
                    self.pos(goescape_syntax::Pos(offset)),
                )
            }
            None => (
                format!("{method}[{link_args}]"),
                self.pos(file.expr(decl.name).pos),
            ),
        };
        let sig = self.sub(store.obj_type(origin));
        let func = self.new_func_pub(name, pos, sig);
        let f = &mut self.pkg.funcs[func.index()];
        f.wrapper = true;
        f.instance = true;
        f.has_body = true;
        self.curfn = func;
        let Ast::FuncType { params, results } = file.expr(decl.ty).kind else {
            return;
        };
        let variadic = store.signature(sig).is_some_and(|s| s.variadic);
        let mut fields: Vec<(Field, bool)> = Vec::new();
        if let Some(recv) = decl.recv {
            fields.push((*file.field(recv), false));
        }
        let param_fields = file.field_list(params);
        for (i, field) in param_fields.iter().enumerate() {
            fields.push((*field, variadic && i + 1 == param_fields.len()));
        }
        self.params(func, &fields);
        self.results(func, file.field_list(results));
        let call_args: Vec<ExprId> = self
            .pkg
            .func(func)
            .params
            .clone()
            .iter()
            .map(|p| match p.var {
                Some(v) => self.push_expr(ExprKind::Var(v), p.ty, pos),
                None => self.push_expr(ExprKind::NoValue, p.ty, pos),
            })
            .collect();
        let fun = self.push_expr(
            ExprKind::FuncName {
                obj: origin,
                type_args: Box::default(),
            },
            sig,
            pos,
        );
        let call = Call {
            callee: Callee::Func {
                fun,
                target: Some(Target::Literal(shaped)),
            },
            args: call_args,
            dots: variadic,
            sig: Some(sig),
            text: String::new(),
            dict: Some(dict),
        };
        self.forward(func, call, pos);
    }
}

/// How deeply instances may nest in type arguments (`a[b[c[int]]]` is 3)
/// before the lowering stops expanding them.
const MAX_INSTANCE_DEPTH: u32 = 64;

/// How deeply `ty` nests, counted up to just past [`MAX_INSTANCE_DEPTH`]:
/// without `shapes`, generic instances in type arguments only
/// (`a[b[c[int]]]` is 3); with them, every type constructor, shapes
/// counted by what they stand for (`[]*go.shape.[]int` is 3).
fn nesting_depth(store: &Store, ty: TypeId, shapes: Option<&ShapeCache>) -> u32 {
    let mut deepest = 0;
    let mut todo = vec![(ty, 0u32)];
    while let Some((t, depth)) = todo.pop() {
        if depth > MAX_INSTANCE_DEPTH {
            return depth;
        }
        deepest = deepest.max(depth);
        let t = store.unalias(t);
        let inner = match store.ty(t) {
            Type::Named(_) if shapes.is_some_and(|s| s.is_shape(store, t)) => {
                Some(vec![store.underlying(t)])
            }
            Type::Named(n) => n.instance.as_ref().map(|i| i.args.to_vec()),
            Type::Pointer(e) | Type::Slice(e) => Some(vec![*e]),
            Type::Array { elem, .. } | Type::Chan { elem, .. } => Some(vec![*elem]),
            Type::Map { key, elem } => Some(vec![*key, *elem]),
            _ => None,
        };
        let step = match shapes {
            Some(_) => 1,
            None => u32::from(matches!(store.ty(t), Type::Named(_))),
        };
        todo.extend(inner.into_iter().flatten().map(|e| (e, depth + step)));
    }
    deepest
}

/// A generic method's receiver as gc names an instantiation of it:
/// `Stack[int]` or `(*Stack[int])` for type arguments `args`.
fn receiver_text(store: &Store, recv_ty: TypeId, args: &str) -> String {
    let (pointer, named) = match store.ty(recv_ty) {
        Type::Pointer(e) => (true, *e),
        _ => (false, recv_ty),
    };
    let type_name = match store.ty(named) {
        Type::Named(n) => store.obj(n.obj).name.as_str(),
        _ => "?",
    };
    let base = format!("{type_name}[{args}]");
    if pointer {
        format!("(*{base})")
    } else {
        base
    }
}

/// Whether `i` lies in one of `spans` (increasing and disjoint).
pub(super) fn in_spans(spans: &[std::ops::Range<usize>], i: usize) -> bool {
    let k = spans.partition_point(|r| r.end <= i);
    k < spans.len() && spans[k].contains(&i)
}

/// Binds the type parameters `params` by walking generic type `gen` and
/// its instantiation `inst` side by side, depth first: the first binding
/// of a parameter stays. Each pair of types is walked once (types share
/// their parts, and the tree they unfold to is exponential in its depth).
fn match_types(
    store: &Store,
    gen: TypeId,
    inst: TypeId,
    params: &[TypeId],
    out: &mut [Option<TypeId>],
) {
    let mut seen = FxHashSet::default();
    let mut pending = vec![(gen, inst)];
    while let Some((gen, inst)) = pending.pop() {
        if !seen.insert((gen, inst)) {
            continue;
        }
        if let Some(i) = params.iter().position(|&p| p == gen) {
            if out[i].is_none() {
                out[i] = Some(inst);
            }
            continue;
        }
        let first = pending.len();
        match (store.ty(gen), store.ty(inst)) {
            (Type::Pointer(a), Type::Pointer(b)) | (Type::Slice(a), Type::Slice(b)) => {
                pending.push((*a, *b))
            }
            (Type::Array { elem: a, .. }, Type::Array { elem: b, .. })
            | (Type::Chan { elem: a, .. }, Type::Chan { elem: b, .. }) => pending.push((*a, *b)),
            (Type::Map { key: ka, elem: ea }, Type::Map { key: kb, elem: eb }) => {
                pending.extend([(*ka, *kb), (*ea, *eb)]);
            }
            (Type::Signature(a), Type::Signature(b)) => {
                pending.extend([(a.params, b.params), (a.results, b.results)]);
            }
            (Type::Tuple(a), Type::Tuple(b)) => pending.extend(
                a.vars
                    .iter()
                    .zip(b.vars.iter())
                    .map(|(&x, &y)| (store.obj_type(x), store.obj_type(y))),
            ),
            (Type::Struct(a), Type::Struct(b)) => pending.extend(
                a.fields
                    .iter()
                    .zip(b.fields.iter())
                    .map(|(&x, &y)| (store.obj_type(x), store.obj_type(y))),
            ),
            (Type::Named(a), Type::Named(b)) => {
                if let (Some(ia), Some(ib)) = (&a.instance, &b.instance) {
                    pending.extend(ia.args.iter().copied().zip(ib.args.iter().copied()));
                }
            }
            (Type::Alias(_), _) | (_, Type::Alias(_)) => {
                pending.push((store.unalias(gen), store.unalias(inst)))
            }
            _ => {}
        }
        // The first pair of this one's is walked next.
        pending[first..].reverse();
    }
}

/// Whether a type still mentions a type parameter.
fn has_type_param(store: &Store, ty: TypeId) -> bool {
    store.mentions(ty, |t| matches!(t, Type::TypeParam(_)))
}

/// Whether a type parameter's constraint is described by its methods
/// alone (types2's `IsMethodSet`).
fn is_method_set(store: &Store, param: TypeId) -> bool {
    let bound = store.bound_interface(param);
    let set = store.type_set(bound);
    set.terms.is_all() && !set.comparable
}
