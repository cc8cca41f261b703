//! Static devirtualization, as gc does it before escape analysis: a method
//! call through a local interface variable whose every assignment stores
//! the same concrete type becomes a direct call of that type's method on
//! `x.(T)`.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::{RecvAdjust, Symbol, TypeId};
use rustc_hash::{FxHashMap, FxHashSet};

use super::Lowerer;
use crate::tree::*;

/// What an assignment stores into an interface variable.
#[derive(Clone, Copy)]
enum Stored {
    /// A value of this (static) type, not followed further.
    Type(TypeId),
    /// The value of this expression.
    Expr(ExprId),
}

/// The result of following a value to its concrete type.
enum Concrete {
    Known(TypeId),
    /// Statically nil, or only assignments already being followed.
    Nothing,
    Unknown,
}

/// Every interface call and every assignment to a variable in a function
/// and its literals.
#[derive(Default)]
struct Facts {
    stored: FxHashMap<VarId, Vec<Stored>>,
    addrtaken: FxHashSet<VarId>,
    /// Interface calls, not those a `go`/`defer` wrapper makes.
    calls: Vec<ExprId>,
}

impl Lowerer<'_> {
    /// Devirtualizes the interface calls of `root` (a declared function)
    /// and its literals.
    pub(super) fn devirtualize(&mut self, root: FuncId) {
        let funcs: Vec<FuncId> = (root.index()..self.pkg.funcs.len())
            .map(|i| FuncId(i as u32))
            .filter(|&f| self.within(f, root))
            .collect();
        let mut facts = Facts::default();
        for &f in &funcs {
            let wrapper = self.pkg.func(f).wrapper;
            for s in self.pkg.func(f).body.clone() {
                self.scan_stmt(s, wrapper, &mut facts);
            }
        }
        for call in facts.calls.clone() {
            self.devirtualize_call(call, &facts);
        }
    }

    fn within(&self, mut f: FuncId, root: FuncId) -> bool {
        loop {
            if f == root {
                return true;
            }
            match self.pkg.func(f).outer {
                Some(o) => f = o,
                None => return false,
            }
        }
    }

    fn local_iface_var(&self, e: ExprId) -> Option<VarId> {
        match self.pkg.expr(e).kind {
            ExprKind::Var(v)
                if self.pkg.var(v).class == VarClass::Local
                    && self.store.is_non_type_param_interface(self.pkg.var(v).ty) =>
            {
                Some(v)
            }
            _ => None,
        }
    }

    fn store_into(&self, lhs: Option<ExprId>, what: Option<Stored>, facts: &mut Facts) {
        let Some(v) = lhs.and_then(|l| self.local_iface_var(l)) else {
            return;
        };
        let entry = facts.stored.entry(v).or_default();
        match what {
            // Storing nil is ignored (a nil interface call panics anyway).
            Some(Stored::Expr(e)) if matches!(self.pkg.expr(e).kind, ExprKind::Nil) => {}
            Some(w) => entry.push(w),
            // Something of unknown type: an interface.
            None => entry.push(Stored::Type(self.pkg.var(v).ty)),
        }
    }

    fn scan_stmt(&self, s: StmtId, wrapper: bool, facts: &mut Facts) {
        ensure_sufficient_stack(|| {
            let pkg = &self.pkg;
            match &pkg.stmt(s).kind {
                StmtKind::Block(list) => {
                    for &x in list {
                        self.scan_stmt(x, wrapper, facts);
                    }
                }
                StmtKind::Decl(_)
                | StmtKind::Label { .. }
                | StmtKind::Branch(_)
                | StmtKind::Nop => {}
                StmtKind::Expr(e) => {
                    // The call a wrapper makes is not devirtualized.
                    if wrapper {
                        if let ExprKind::Call(c) = &pkg.expr(*e).kind {
                            for &a in &c.args {
                                self.scan_expr(a, facts);
                            }
                            return;
                        }
                    }
                    self.scan_expr(*e, facts);
                }
                StmtKind::If {
                    init,
                    cond,
                    then,
                    els,
                } => {
                    for &x in init {
                        self.scan_stmt(x, wrapper, facts);
                    }
                    self.scan_expr(*cond, facts);
                    for &x in then.iter().chain(els) {
                        self.scan_stmt(x, wrapper, facts);
                    }
                }
                StmtKind::For { cond, post, body } => {
                    if let Some(c) = cond {
                        self.scan_expr(*c, facts);
                    }
                    for &x in post.iter().chain(body) {
                        self.scan_stmt(x, wrapper, facts);
                    }
                }
                StmtKind::Range {
                    x,
                    key,
                    value,
                    body,
                    ..
                } => {
                    self.scan_expr(*x, facts);
                    // Elements are taken at their static type.
                    for t in [key, value].into_iter().flatten() {
                        let ty = pkg.expr(*t).ty;
                        self.store_into(Some(*t), Some(Stored::Type(ty)), facts);
                        self.scan_expr(*t, facts);
                    }
                    for &b in body {
                        self.scan_stmt(b, wrapper, facts);
                    }
                }
                StmtKind::Switch { tag, cases } => {
                    if let Some(t) = tag {
                        self.scan_expr(*t, facts);
                    }
                    for (list, body) in cases {
                        for &e in list {
                            self.scan_expr(e, facts);
                        }
                        for &b in body {
                            self.scan_stmt(b, wrapper, facts);
                        }
                    }
                }
                StmtKind::TypeSwitch { x, vars, cases } => {
                    self.scan_expr(*x, facts);
                    for &(var, _) in vars {
                        if let Some(v) = var {
                            if self.store.is_non_type_param_interface(pkg.var(v).ty) {
                                facts.stored.entry(v).or_default().push(Stored::Expr(*x));
                            }
                        }
                    }
                    for (_, body) in cases {
                        for &b in body {
                            self.scan_stmt(b, wrapper, facts);
                        }
                    }
                }
                StmtKind::Select { cases } => {
                    for (comm, body) in cases {
                        for &b in comm.iter().chain(body) {
                            self.scan_stmt(b, wrapper, facts);
                        }
                    }
                }
                StmtKind::Send { chan, value } => {
                    self.scan_expr(*chan, facts);
                    self.scan_expr(*value, facts);
                }
                StmtKind::Assign { lhs, rhs, why, .. } => {
                    for (i, l) in lhs.iter().enumerate() {
                        let r = rhs.get(i).copied();
                        let what = match (why, r) {
                            (AssignWhy::MapRead | AssignWhy::Receive, Some(r)) if i == 0 => {
                                Some(Stored::Type(pkg.expr(r).ty))
                            }
                            (_, Some(r)) => match pkg.expr(r).kind {
                                ExprKind::Call(_) => Some(Stored::Type(pkg.expr(r).ty)),
                                _ => Some(Stored::Expr(r)),
                            },
                            (_, None) => None,
                        };
                        self.store_into(*l, what, facts);
                    }
                    for &e in lhs.iter().flatten().chain(rhs) {
                        self.scan_expr(e, facts);
                    }
                }
                StmtKind::AssignCall { lhs, call } => {
                    let results = self.call_results(*call);
                    for (i, l) in lhs.iter().enumerate() {
                        let what = results.get(i).map(|&t| Stored::Type(t));
                        self.store_into(*l, what, facts);
                    }
                    for &e in lhs.iter().flatten() {
                        self.scan_expr(e, facts);
                    }
                    self.scan_expr(*call, facts);
                }
                StmtKind::Return(results) => {
                    for &e in results {
                        self.scan_expr(e, facts);
                    }
                }
                StmtKind::GoDefer { fun, .. } => self.scan_expr(*fun, facts),
            }
        })
    }

    /// The result types of a call.
    fn call_results(&self, call: ExprId) -> Vec<TypeId> {
        let ExprKind::Call(c) = &self.pkg.expr(call).kind else {
            return Vec::new();
        };
        let Some(sig) = c.sig else {
            return Vec::new();
        };
        self.store
            .signature(self.store.underlying(sig))
            .map(|s| {
                self.store
                    .tuple_vars(s.results)
                    .iter()
                    .map(|&v| self.store.obj_type(v))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn scan_expr(&self, e: ExprId, facts: &mut Facts) {
        ensure_sufficient_stack(|| {
            let mut stack = vec![e];
            while let Some(e) = stack.pop() {
                let kind = &self.pkg.expr(e).kind;
                match kind {
                    ExprKind::Addr { x, .. } => {
                        let mut inner = *x;
                        while let ExprKind::Dot { x, .. } | ExprKind::IndexArray { x, .. } =
                            self.pkg.expr(inner).kind
                        {
                            inner = x;
                        }
                        if let ExprKind::Var(v) = self.pkg.expr(inner).kind {
                            facts.addrtaken.insert(v);
                        }
                    }
                    ExprKind::Call(Call {
                        callee: Callee::Interface { .. },
                        ..
                    }) => facts.calls.push(e),
                    _ => {}
                }
                crate::visit::operands(kind, &mut stack);
            }
        })
    }

    /// The concrete type `e` holds, following conversions, type
    /// assertions and the assignments of local interface variables.
    fn concrete(&self, mut e: ExprId, facts: &Facts, seen: &mut FxHashSet<VarId>) -> Concrete {
        loop {
            let expr = self.pkg.expr(e);
            if !self.store.is_interface(expr.ty) {
                return Concrete::Known(expr.ty);
            }
            match expr.kind {
                ExprKind::ConvIface { x, .. } | ExprKind::Conv { x, .. } => e = x,
                ExprKind::DotType { x } => e = x,
                _ => break,
            }
        }
        let ExprKind::Var(v) = self.pkg.expr(e).kind else {
            return Concrete::Unknown;
        };
        if self.pkg.var(v).class != VarClass::Local || facts.addrtaken.contains(&v) {
            return Concrete::Unknown;
        }
        if !seen.insert(v) {
            return Concrete::Nothing;
        }
        let mut found: Option<TypeId> = None;
        for &w in facts.stored.get(&v).map_or(&[][..], |l| &l[..]) {
            let t = match w {
                Stored::Type(t) if self.store.is_interface(t) => return Concrete::Unknown,
                Stored::Type(t) => t,
                Stored::Expr(x) => match self.concrete(x, facts, seen) {
                    Concrete::Known(t) => t,
                    Concrete::Nothing => continue,
                    Concrete::Unknown => return Concrete::Unknown,
                },
            };
            match found {
                Some(f) if !self.store.identical(f, t) => return Concrete::Unknown,
                _ => found = Some(t),
            }
        }
        match found {
            Some(t) => Concrete::Known(t),
            None => Concrete::Nothing,
        }
    }

    fn devirtualize_call(&mut self, call: ExprId, facts: &Facts) {
        let expr = self.pkg.expr(call).clone();
        let ExprKind::Call(c) = &expr.kind else {
            return;
        };
        let Callee::Interface { recv, method } = &c.callee else {
            return;
        };
        let (recv, method) = (*recv, method.clone());
        let iface = self.pkg.expr(recv).ty;
        let Concrete::Known(typ) = self.concrete(recv, facts, &mut FxHashSet::default()) else {
            return;
        };
        if !self.store.is_valid(typ)
            || self.store.is_type_param(typ)
            || !self.store.implements(typ, iface)
        {
            return;
        }
        let found = self.store.lookup_field_or_method(
            typ,
            false,
            Some(self.pkg.id),
            Symbol::intern(&method),
        );
        let Some(sel) = found.selection() else {
            return;
        };
        let recv_text = crate::print::expr_string(&self.pkg, self.store, recv);
        let type_text = crate::print::type_string(&self.pkg, self.store, typ);
        let pos = expr.pos;
        // A method promoted from an embedded interface: the call stays an
        // interface call, on that field of the asserted value.
        if let [embedded @ .., _] = &sel.index[..] {
            if !embedded.is_empty() {
                let asserted = self.push_expr(ExprKind::DotType { x: recv }, typ, pos);
                let field_ty = self.embedded_type(asserted, embedded);
                if !self.is_interface(field_ty) {
                    return;
                }
                let field = self.field_path(asserted, embedded, field_ty, pos);
                let mut new = c.clone();
                new.callee = Callee::Interface {
                    recv: field,
                    method: method.clone(),
                };
                self.pkg.exprs[call.index()].kind = ExprKind::Call(new);
                self.pkg.devirtualized.push(Devirtualized {
                    func: self.curfn,
                    pos,
                    what: Devirtualization::Direct {
                        recv: recv_text,
                        method: method.clone(),
                        to: type_text,
                        partial: true,
                    },
                });
                return;
            }
        }
        if sel.index.len() != 1
            || !matches!(
                self.store.obj(sel.obj).kind,
                goescape_types::model::ObjKind::Func(_)
            )
        {
            return;
        }
        let method_obj = self.origin_method(sel.obj);
        let asserted = self.push_expr(ExprKind::DotType { x: recv }, typ, pos);
        let receiver = match sel.recv_adjust {
            RecvAdjust::AsIs => asserted,
            RecvAdjust::Deref => {
                let elem = self
                    .store
                    .pointer_elem(self.store.underlying(typ))
                    .unwrap_or(typ);
                self.push_expr(
                    ExprKind::Deref {
                        x: asserted,
                        implicit: true,
                    },
                    elem,
                    pos,
                )
            }
            RecvAdjust::AddrOf => return,
        };
        let sig = self.store.obj_type(method_obj);
        let fun = self.push_expr(
            ExprKind::MethodExpr {
                recv: typ,
                name: method.clone(),
            },
            sig,
            pos,
        );
        let mut args = vec![receiver];
        args.extend(c.args.iter().copied());
        let new = Call {
            callee: Callee::Func {
                fun,
                target: Some(Target::Declared(method_obj)),
            },
            args,
            dots: c.dots,
            sig: c.sig,
            text: c.text.clone(),
            dict: None,
        };
        self.pkg.exprs[call.index()].kind = ExprKind::Call(new);
        let owner = self.curfn;
        self.pkg.funcs[owner.index()]
            .refs
            .push(Target::Declared(method_obj));
        self.pkg.devirtualized.push(Devirtualized {
            func: owner,
            pos,
            what: Devirtualization::Direct {
                recv: recv_text,
                method: method.clone(),
                to: type_text,
                partial: false,
            },
        });
    }
}
