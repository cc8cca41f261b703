//! Building the graph: every expression is evaluated into a hole, every
//! statement wires its operands to where their values go.

use goescape_ir::{
    AssignWhy, BuiltinOp, Call, Callee, ExprId, ExprKind, FuncId, StmtId, StmtKind, Target,
    UintptrArgs, VarId,
};
use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::{Type, TypeId};

use crate::batch::Batch;
use crate::graph::{Hole, LocNode, Where, CALLEE, HEAP, MUTATOR};
use crate::leaks::{Leaks, RESULTS};
use crate::selfassign::is_self_assign;
use crate::Reason;

/// The target of an assignment.
#[derive(Clone, Copy)]
pub enum Dst {
    Blank,
    Expr(ExprId),
    Var(VarId),
}

impl Batch<'_> {
    /// Walks the body of a declared function (literals are walked where
    /// they appear).
    pub fn walk_func(&mut self, func: FuncId) {
        let saved = (self.curfn, self.loop_depth);
        self.curfn = func;
        self.loop_depth = 1;
        let body = self.pkg.func(func).body.clone();
        self.stmts(&body);
        (self.curfn, self.loop_depth) = saved;
    }

    fn stmts(&mut self, list: &[StmtId]) {
        for &s in list {
            self.stmt(s);
        }
    }

    pub(crate) fn block(&mut self, list: &[StmtId]) {
        let depth = self.loop_depth;
        self.stmts(list);
        self.loop_depth = depth;
    }

    fn stmt(&mut self, s: StmtId) {
        ensure_sufficient_stack(|| self.stmt_unguarded(s));
    }

    fn stmt_unguarded(&mut self, s: StmtId) {
        let pkg = self.pkg;
        match &pkg.stmt(s).kind {
            StmtKind::Branch(_) | StmtKind::Nop => {}
            StmtKind::Block(list) => self.block(list),
            StmtKind::Decl(var) => {
                let loc = self.var_loc(*var);
                let depth = self.loop_depth;
                self.loc_mut(loc).loop_depth = depth;
            }
            StmtKind::Label { looping } => {
                if *looping {
                    self.loop_depth += 1;
                }
            }
            StmtKind::Expr(e) => {
                if let ExprKind::Call(_) = pkg.expr(*e).kind {
                    self.call(&[], *e);
                } else {
                    self.discard(*e);
                }
            }
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.block(init);
                self.discard(*cond);
                self.block(then);
                self.block(els);
            }
            StmtKind::For { cond, post, body } => {
                self.loop_depth += 1;
                if let Some(c) = cond {
                    self.discard(*c);
                }
                if let Some(p) = post {
                    self.stmt(*p);
                }
                self.block(body);
                self.loop_depth -= 1;
            }
            StmtKind::Range {
                x,
                key,
                value,
                over_array,
                body,
            } => {
                let tmp = self.new_loc(LocNode::None, true);
                let k = self.hole(tmp);
                self.expr(k, *x);
                self.loop_depth += 1;
                let ks = [self.addr_of(dst_of(*key)), self.addr_of(dst_of(*value))];
                let k = if *over_array {
                    self.note(ks[1], Where::Stmt(s), Reason::Range)
                } else {
                    self.deref(ks[1], Where::Stmt(s), Reason::RangeDeref)
                };
                self.flow(k, tmp);
                self.reassigned(&ks, s);
                self.block(body);
                self.loop_depth -= 1;
            }
            StmtKind::Switch { tag, cases } => {
                if let Some(t) = tag {
                    self.discard(*t);
                }
                for (list, body) in cases {
                    self.discards(list);
                    self.block(body);
                }
            }
            StmtKind::TypeSwitch { x, vars, cases } => {
                let mut ks = Vec::new();
                for (index, &(var, _)) in vars.iter().enumerate() {
                    let Some(var) = var else { continue };
                    let loc = self.var_loc(var);
                    let depth = self.loop_depth;
                    self.loc_mut(loc).loop_depth = depth;
                    let ty = pkg.var(var).ty;
                    if self.facts.has_pointers(ty) {
                        let k = self.hole(loc);
                        ks.push(self.dot_type(k, ty, Where::Clause(s, index), Reason::SwitchCase));
                    }
                }
                let k = self.tee(&ks);
                self.expr(k, *x);
                for (list, body) in cases {
                    self.discards(list);
                    self.block(body);
                }
            }
            StmtKind::Select { cases } => {
                for (comm, body) in cases {
                    if let Some(c) = comm {
                        self.stmt(*c);
                    }
                    self.block(body);
                }
            }
            StmtKind::Send { chan, value } => {
                self.discard(*chan);
                self.assign_heap(*value, Reason::Send, Where::Stmt(s));
            }
            StmtKind::Assign { lhs, rhs, why, .. } => {
                let dsts: Vec<Dst> = lhs.iter().map(|&l| dst_of(l)).collect();
                let srcs: Vec<Option<ExprId>> = rhs.iter().map(|&r| Some(r)).collect();
                self.assign_list(&dsts, &srcs, *why, s);
            }
            StmtKind::AssignCall { lhs, call } => {
                let ks: Vec<Hole> = lhs.iter().map(|&l| self.addr_of(dst_of(l))).collect();
                self.call(&ks, *call);
                self.reassigned(&ks, s);
            }
            StmtKind::Return(results) => {
                let dsts: Vec<Dst> = pkg
                    .func(self.returning_func())
                    .results
                    .iter()
                    .map(|&v| Dst::Var(v))
                    .collect();
                let srcs: Vec<Option<ExprId>> = results.iter().map(|&r| Some(r)).collect();
                self.assign_list(&dsts, &srcs, AssignWhy::Return, s);
            }
            StmtKind::GoDefer { defer, fun } => {
                let mut k = self.hole(HEAP);
                if *defer && self.loop_depth == 1 {
                    let d = self.discard_hole();
                    k = self.later(d);
                }
                self.expr(k, *fun);
            }
        }
    }

    pub fn discard(&mut self, e: ExprId) {
        let k = self.discard_hole();
        self.expr(k, e);
    }

    fn discards(&mut self, list: &[ExprId]) {
        for &e in list {
            self.discard(e);
        }
    }

    fn assign_heap(&mut self, e: ExprId, why: Reason, where_: Where) {
        let k = self.hole(HEAP);
        let k = self.note(k, where_, why);
        self.expr(k, e);
    }

    /// Evaluates `e`, whose value flows into `k`.
    pub fn expr(&mut self, k: Hole, e: ExprId) {
        ensure_sufficient_stack(|| self.expr_unguarded(k, e));
    }

    fn expr_unguarded(&mut self, mut k: Hole, e: ExprId) {
        let pkg = self.pkg;
        let expr = pkg.expr(e);
        if k.derefs >= 0 && !self.facts.is_untyped(expr.ty) && !self.facts.has_pointers(expr.ty) {
            k.dst = crate::graph::BLANK;
        }
        let here = Where::Expr(e);
        match &expr.kind {
            ExprKind::Var(v) => {
                let loc = self.var_loc(*v);
                self.flow(k, loc);
            }
            ExprKind::Global(_)
            | ExprKind::FuncName { .. }
            | ExprKind::Const { .. }
            | ExprKind::Nil
            | ExprKind::NoValue
            | ExprKind::MethodExpr { .. }
            | ExprKind::DictMethod { .. }
            | ExprKind::RuntimeFunc { .. } => {}
            ExprKind::StringData { x } => self.expr(k, *x),
            ExprKind::Unary { x, .. } | ExprKind::Recv { x } => self.discard(*x),
            ExprKind::Binary { x, y, .. } => {
                self.discard(*x);
                self.discard(*y);
            }
            ExprKind::Addr { x, .. } => {
                let k = self.addr(k, here, Reason::AddressOf);
                self.expr(k, *x);
            }
            ExprKind::Deref { x, .. } => {
                let k = self.deref(k, here, Reason::Indirection);
                self.expr(k, *x);
            }
            ExprKind::Dot { x, .. } => {
                let k = self.note(k, here, Reason::Dot);
                self.expr(k, *x);
            }
            ExprKind::DotPtr { x, .. } => {
                let k = self.deref(k, here, Reason::DotOfPointer);
                self.expr(k, *x);
            }
            ExprKind::DotType { x } => {
                let k = self.dot_type(k, expr.ty, here, Reason::Dot);
                self.expr(k, *x);
            }
            ExprKind::IndexArray { x, index } => {
                let k = self.note(k, here, Reason::FixedArrayIndex);
                self.expr(k, *x);
                self.discard(*index);
            }
            ExprKind::IndexPtr { x, index } => {
                let k = self.deref(k, here, Reason::DotOfPointer);
                self.expr(k, *x);
                self.discard(*index);
            }
            ExprKind::IndexMap { x, key } => {
                self.discard(*x);
                self.discard(*key);
            }
            ExprKind::Slice {
                x, low, high, max, ..
            } => {
                let k = self.note(k, here, Reason::Slice);
                self.expr(k, *x);
                for part in [low, high, max].into_iter().flatten() {
                    self.discard(*part);
                }
            }
            ExprKind::Conv { x, .. } => match self.uintptr_temps.get(&e) {
                Some(&tmp) => self.flow(k, tmp),
                None => self.expr(k, *x),
            },
            ExprKind::SliceToArrayPtr { x } => self.expr(k, *x),
            ExprKind::UnsafeFromUintptr { x } => self.unsafe_value(k, *x),
            ExprKind::ConvIface { x, .. } => {
                let from = pkg.expr(*x).ty;
                if !self.facts.is_interface(from) && !self.facts.is_direct_iface(from) {
                    k = self.spill(k, e);
                }
                let k = self.note(k, here, Reason::InterfaceConverted);
                self.expr(k, *x);
            }
            ExprKind::SliceToArray { x } => {
                let k = self.deref(k, here, Reason::SliceToArray);
                self.expr(k, *x);
            }
            ExprKind::Call(_) => self.call(&[k], e),
            ExprKind::New => {
                self.spill(k, e);
            }
            ExprKind::MakeSlice { len, cap } => {
                self.spill(k, e);
                self.discard(*len);
                if let Some(c) = cap {
                    self.discard(*c);
                }
            }
            ExprKind::MakeMap { len } => {
                self.spill(k, e);
                if let Some(l) = len {
                    self.discard(*l);
                }
            }
            ExprKind::MakeChan { len } => {
                if let Some(l) = len {
                    self.discard(*l);
                }
            }
            ExprKind::MethodValue {
                x, method, target, ..
            } => {
                let closure_k = self.spill(k, e);
                let results = self.method_result_count(*method);
                let ks = vec![self.hole(HEAP); results];
                let param_k = self.tag_hole(&ks, Some(*target), 0);
                let k = self.tee(&[param_k, closure_k]);
                self.expr(k, *x);
            }
            ExprKind::PtrLit { x, .. } => {
                let k = self.spill(k, e);
                self.expr(k, *x);
            }
            ExprKind::ArrayLit { elems } => {
                let k = self.note(k, here, Reason::ArrayLiteralElement);
                for &el in elems {
                    self.expr(k, el);
                }
            }
            ExprKind::SliceLit { elems, .. } => {
                let k = self.spill(k, e);
                let k = self.note(k, here, Reason::SliceLiteralElement);
                for &el in elems {
                    self.expr(k, el);
                }
            }
            ExprKind::StructLit { elems } => {
                let k = self.note(k, here, Reason::StructLiteralElement);
                for &el in elems {
                    self.expr(k, el);
                }
            }
            ExprKind::MapLit { entries } => {
                self.spill(k, e);
                for &(key, value) in entries {
                    self.assign_heap(key, Reason::MapLiteralKey, here);
                    self.assign_heap(value, Reason::MapLiteralValue, here);
                }
            }
            // A literal capturing nothing was analysed on its own.
            ExprKind::Closure { func } if !self.in_batch(*func) => {
                self.spill(k, e);
            }
            ExprKind::Closure { func } => {
                let k = self.spill(k, e);
                self.closures.push((k, *func));
                let depth = self.loop_depth;
                for &cv in &pkg.func(*func).captured {
                    let loc = self.var_loc(cv);
                    let l = self.loc_mut(loc);
                    if !l.captured {
                        l.captured = true;
                        // Assignments before the first capture in
                        // straight-line code do not count.
                        if l.loop_depth == depth {
                            l.reassigned = false;
                        }
                    }
                }
                self.walk_func(*func);
            }
            ExprKind::StringConv { x, .. } => {
                self.spill(k, e);
                self.discard(*x);
            }
            ExprKind::AddStr { list } => {
                self.spill(k, e);
                self.discards(list);
            }
        }
    }

    /// A `uintptr` expression converted to `unsafe.Pointer`: pointer
    /// arithmetic keeps the pointer it started from.
    fn unsafe_value(&mut self, k: Hole, e: ExprId) {
        ensure_sufficient_stack(|| {
            let pkg = self.pkg;
            match &pkg.expr(e).kind {
                ExprKind::Conv { x, .. } => {
                    if self.facts.is_unsafe_pointer(pkg.expr(*x).ty) {
                        self.expr(k, *x);
                    } else {
                        self.discard(*x);
                    }
                }
                ExprKind::DotPtr { x, .. } => {
                    if self.is_reflect_header_data(e) {
                        let k = self.deref(k, Where::Expr(e), Reason::ReflectHeaderData);
                        self.expr(k, *x);
                    } else {
                        self.discard(*x);
                    }
                }
                ExprKind::Unary { op, x } if *op != "!" => self.unsafe_value(k, *x),
                ExprKind::Binary { op, x, y } => match *op {
                    "<<" | ">>" => {
                        self.unsafe_value(k, *x);
                        self.discard(*y);
                    }
                    "+" | "-" | "|" | "^" | "*" | "/" | "%" | "&" | "&^" => {
                        self.unsafe_value(k, *x);
                        self.unsafe_value(k, *y);
                    }
                    _ => self.discard(e),
                },
                _ => self.discard(e),
            }
        })
    }

    fn method_result_count(&self, method: goescape_types::model::ObjId) -> usize {
        let store = self.facts.store;
        let sig = store.obj_type(method);
        store
            .signature(sig)
            .map_or(0, |s| store.tuple_vars(s.results).len())
    }

    // ---- calls ---------------------------------------------------------

    /// A call whose results flow into `ks` (empty for a statement).
    pub fn call(&mut self, ks: &[Hole], e: ExprId) {
        let pkg = self.pkg;
        let ExprKind::Call(call) = &pkg.expr(e).kind else {
            return;
        };
        let here = Where::Expr(e);
        if let Some(frame) = self.inlined(e, call) {
            return self.inlined_call(ks, e, call, frame);
        }
        match &call.callee {
            Callee::Builtin(op) => self.builtin_call(ks, e, call, *op),
            Callee::Func { fun, target } => {
                let target = *target;
                if !ks.is_empty() {
                    if let Some(Target::Literal(f)) = target.map(|t| self.local_target(t)) {
                        if self.in_batch(f) {
                            let results = pkg.func(f).results.clone();
                            for (i, r) in results.into_iter().enumerate() {
                                if let Some(&k) = ks.get(i) {
                                    let loc = self.var_loc(r);
                                    self.flow(k, loc);
                                }
                            }
                        }
                    }
                }
                let mut callee_k = self.discard_hole();
                if target.is_none() && ks.iter().any(|k| k.dst != crate::graph::BLANK) {
                    let k = self.hole(CALLEE);
                    callee_k = self.note(k, here, Reason::CalleeOperand);
                }
                self.expr(callee_k, *fun);
                self.arguments(ks, e, target, call);
            }
            Callee::Interface { recv, .. } => {
                let k = self.hole(HEAP);
                let k = self.note(k, here, Reason::UnknownCalleeParameter);
                self.expr(k, *recv);
                self.arguments(ks, e, None, call);
            }
        }
    }

    /// A target in this package as a function id, so that calls within a
    /// batch connect to the callee's parameters directly.
    fn local_target(&self, target: Target) -> Target {
        if self.code != 0 {
            return target;
        }
        match target {
            Target::Declared(obj) => match self.func_of_obj.get(&obj) {
                Some(&f) => Target::Literal(f),
                None => target,
            },
            t => t,
        }
    }

    fn arguments(&mut self, ks: &[Hole], e: ExprId, target: Option<Target>, call: &Call) {
        let escape_non_string = target.is_some_and(|t| self.is_escape_non_string(t));
        let uintptr_args = target.map_or(UintptrArgs::Plain, |t| self.uintptr_args(t));
        for (i, &arg) in call.args.iter().enumerate() {
            if uintptr_args != UintptrArgs::Plain {
                self.copy_uintptr_pointers(arg, uintptr_args);
            }
            let k = if escape_non_string {
                // An intrinsic: its argument goes to the heap if it holds
                // pointers whose address matters, nowhere otherwise.
                if self.facts.has_non_string_pointers(self.pkg.expr(arg).ty) {
                    self.hole(HEAP)
                } else {
                    self.discard_hole()
                }
            } else {
                self.tag_hole(ks, target, i)
            };
            let why = match target {
                Some(_) => Reason::CallParameter,
                None => Reason::UnknownCalleeParameter,
            };
            let k = self.note(k, Where::Expr(e), why);
            self.expr(k, arg);
        }
    }

    fn uintptr_args(&self, target: Target) -> UintptrArgs {
        match self.local_target(target) {
            Target::Literal(f) => self.pkg.func(f).uintptr_args(),
            Target::Declared(obj) => self.tag_source.uintptr_args(obj),
        }
    }

    /// Copies the pointer of each `uintptr(unsafe.Pointer(p))` argument
    /// (or element of the implicit `...` slice) into a temporary that the
    /// call keeps alive, or lets escape, as gc does for syscall-like
    /// functions.
    fn copy_uintptr_pointers(&mut self, arg: ExprId, mode: UintptrArgs) {
        let pkg = self.pkg;
        let elems = match &pkg.expr(arg).kind {
            ExprKind::SliceLit {
                elems,
                implicit: true,
            } => elems.clone(),
            _ => vec![arg],
        };
        for conv in elems {
            let ExprKind::Conv { x, .. } = pkg.expr(conv).kind else {
                continue;
            };
            if !self.facts.is_uintptr(pkg.expr(conv).ty)
                || !self.facts.is_unsafe_pointer(pkg.expr(x).ty)
            {
                continue;
            }
            let copies = self.pointer_copies.entry(self.curfn).or_default();
            let number = self.home.func(self.curfn).vars.len() as u32 + *copies;
            *copies += 1;
            let tmp = self.new_loc(LocNode::PointerCopy { number, value: x }, true);
            let k = self.hole(tmp);
            let k = self.note(k, Where::PointerCopy { number, value: x }, Reason::Assign);
            self.expr(k, x);
            let k = match mode {
                UintptrArgs::Escape => {
                    let heap = self.hole(HEAP);
                    self.note(
                        heap,
                        Where::CopyConverted { number, conv },
                        Reason::UintptrEscapesPragma,
                    )
                }
                _ => self.hole(MUTATOR),
            };
            self.flow(k, tmp);
            self.uintptr_temps.insert(conv, tmp);
        }
    }

    /// `internal/abi.EscapeNonString`, which gc implements itself.
    fn is_escape_non_string(&self, target: Target) -> bool {
        let obj = match target {
            Target::Declared(obj) => obj,
            Target::Literal(f) => match self.pkg.func(f).origin {
                Some(obj) => obj,
                None => return false,
            },
        };
        let store = self.facts.store;
        let obj = store.obj(obj);
        obj.name.as_str() == "EscapeNonString"
            && obj
                .pkg
                .is_some_and(|p| store.package(p).path.as_str() == "internal/abi")
    }

    /// Where the `index`th argument (receiver first) of a call of `target`
    /// goes.
    pub fn tag_hole(&mut self, ks: &[Hole], target: Option<Target>, index: usize) -> Hole {
        let Some(target) = target else {
            return self.hole(HEAP);
        };
        let target = self.local_target(target);
        if let Target::Literal(f) = target {
            if self.in_batch(f) {
                return match self.pkg.func(f).params.get(index).and_then(|p| p.var) {
                    Some(v) => self.addr_of(Dst::Var(v)),
                    None => self.discard_hole(),
                };
            }
        }
        let leaks = match target {
            Target::Declared(obj) => self.tag_source.tags(obj),
            Target::Literal(f) => self.local_tags(f),
        };
        let Some(leak) = leaks.as_ref().and_then(|l| l.get(index).copied()) else {
            return self.hole(HEAP);
        };
        self.leak_holes(ks, leak)
    }

    fn leak_holes(&mut self, ks: &[Hole], leak: Leaks) -> Hole {
        let mut holes = Vec::new();
        if let Some(x) = leak.heap_derefs() {
            holes.push(self.hole(HEAP).shift(x));
        }
        if let Some(x) = leak.mutator() {
            holes.push(self.hole(MUTATOR).shift(x));
        }
        if let Some(x) = leak.callee() {
            holes.push(self.hole(CALLEE).shift(x));
        }
        for i in 0..RESULTS {
            if let (Some(x), Some(k)) = (leak.result(i), ks.get(i)) {
                holes.push(k.shift(x));
            }
        }
        self.tee(&holes)
    }

    fn builtin_call(&mut self, ks: &[Hole], e: ExprId, call: &Call, op: BuiltinOp) {
        let pkg = self.pkg;
        let here = Where::Expr(e);
        let k0 = ks.first().copied().unwrap_or_else(|| self.discard_hole());
        let args = &call.args;
        let argument = |b: &mut Self, k: Hole, arg: ExprId| {
            let k = b.note(k, here, Reason::CallParameter);
            b.expr(k, arg);
        };
        match op {
            BuiltinOp::Append => {
                let Some(&first) = args.first() else { return };
                let mutator = self.hole(MUTATOR);
                let mut appendee_k = self.tee(&[k0, mutator]);
                let slice_ty = pkg.expr(first).ty;
                if self.elem_has_pointers(slice_ty) {
                    let heap = self.hole(HEAP);
                    let h = self.deref(heap, here, Reason::AppendeeSlice);
                    appendee_k = self.tee(&[appendee_k, h]);
                }
                argument(self, appendee_k, first);
                if call.dots {
                    if let Some(&second) = args.get(1) {
                        let mut appended_k = self.discard_hole();
                        let ty = pkg.expr(second).ty;
                        if self.facts.slice_elem(ty).is_some() && self.elem_has_pointers(ty) {
                            let heap = self.hole(HEAP);
                            appended_k = self.deref(heap, here, Reason::AppendedSlice);
                        }
                        argument(self, appended_k, second);
                    }
                } else {
                    for &arg in &args[1..] {
                        let heap = self.hole(HEAP);
                        argument(self, heap, arg);
                    }
                }
                let backing = self.spill(k0, e);
                self.loc_mut(backing.dst).loop_depth = 0;
            }
            BuiltinOp::Copy => {
                if let [dst, src, ..] = args[..] {
                    let mutator = self.hole(MUTATOR);
                    argument(self, mutator, dst);
                    let mut copied_k = self.discard_hole();
                    let ty = pkg.expr(src).ty;
                    if self.facts.slice_elem(ty).is_some() && self.elem_has_pointers(ty) {
                        let heap = self.hole(HEAP);
                        copied_k = self.deref(heap, here, Reason::CopiedSlice);
                    }
                    argument(self, copied_k, src);
                }
            }
            BuiltinOp::Panic => {
                for &arg in args {
                    let heap = self.hole(HEAP);
                    argument(self, heap, arg);
                }
            }
            BuiltinOp::Complex | BuiltinOp::Discarding | BuiltinOp::Unary => self.discards(args),
            BuiltinOp::Min | BuiltinOp::Max => {
                for &arg in args {
                    argument(self, k0, arg);
                }
            }
            BuiltinOp::Clear => {
                for &arg in args {
                    let mutator = self.hole(MUTATOR);
                    argument(self, mutator, arg);
                }
            }
            BuiltinOp::UnsafeData => {
                for &arg in args {
                    argument(self, k0, arg);
                }
            }
            BuiltinOp::UnsafeBinary => {
                if let Some((&first, rest)) = args.split_first() {
                    argument(self, k0, first);
                    self.discards(rest);
                }
            }
        }
    }

    fn elem_has_pointers(&self, slice_ty: TypeId) -> bool {
        self.facts
            .slice_elem(slice_ty)
            .is_some_and(|el| self.facts.has_pointers(el))
    }

    // ---- assignments ---------------------------------------------------

    /// The hole for storing into `dst`, evaluating the parts of `dst` that
    /// are evaluated.
    pub fn addr_of(&mut self, dst: Dst) -> Hole {
        ensure_sufficient_stack(|| {
            let pkg = self.pkg;
            let e = match dst {
                Dst::Blank => return self.discard_hole(),
                Dst::Var(v) => {
                    let loc = self.var_loc(v);
                    return self.hole(loc);
                }
                Dst::Expr(e) => e,
            };
            match &pkg.expr(e).kind {
                ExprKind::Var(v) => {
                    let loc = self.var_loc(*v);
                    self.hole(loc)
                }
                ExprKind::Dot { x, .. } => self.addr_of(Dst::Expr(*x)),
                ExprKind::IndexArray { x, index } => {
                    self.discard(*index);
                    self.addr_of(Dst::Expr(*x))
                }
                ExprKind::IndexPtr { x, index } => {
                    self.discard(*index);
                    self.mutate(*x);
                    self.hole(HEAP)
                }
                ExprKind::Deref { x, .. } | ExprKind::DotPtr { x, .. } => {
                    self.mutate(*x);
                    self.hole(HEAP)
                }
                ExprKind::IndexMap { x, key } => {
                    self.discard(*x);
                    self.assign_heap(*key, Reason::MapKeyPut, Where::Expr(e));
                    self.hole(HEAP)
                }
                _ => self.hole(HEAP),
            }
        })
    }

    /// `h.Data` of a `*reflect.SliceHeader` or `*reflect.StringHeader`:
    /// a `uintptr` that the unsafe rules let hold a pointer.
    fn is_reflect_header_data(&self, e: ExprId) -> bool {
        let pkg = self.pkg;
        let ExprKind::DotPtr { x, field } = &pkg.expr(e).kind else {
            return false;
        };
        if field != "Data" || !self.facts.is_uintptr(pkg.expr(e).ty) {
            return false;
        }
        let store = self.facts.store;
        let Some(header) = self.facts.pointer_elem(pkg.expr(*x).ty) else {
            return false;
        };
        let Type::Named(n) = store.ty(store.unalias(header)) else {
            return false;
        };
        let obj = store.obj(n.obj);
        matches!(obj.name.as_str(), "SliceHeader" | "StringHeader")
            && obj
                .pkg
                .is_some_and(|p| store.package(p).path.as_str() == "reflect")
    }

    fn mutate(&mut self, e: ExprId) {
        let k = self.hole(MUTATOR);
        self.expr(k, e);
    }

    fn assign_list(&mut self, dsts: &[Dst], srcs: &[Option<ExprId>], why: AssignWhy, s: StmtId) {
        let ks: Vec<Hole> = dsts.iter().map(|&d| self.addr_of(d)).collect();
        for (i, &k) in ks.iter().enumerate() {
            let src = srcs.get(i).copied().flatten();
            let mut k = k;
            if let Dst::Expr(dst) = dsts[i] {
                if self.is_reflect_header_data(dst) {
                    // Storing a uintptr there stores the pointer it came from.
                    if let Some(src) = src {
                        let heap = self.hole(HEAP);
                        let k = self.note(heap, Where::Stmt(s), why.into());
                        self.unsafe_value(k, src);
                    }
                    continue;
                }
            }
            if let (Dst::Expr(dst), Some(src)) = (dsts[i], src) {
                if is_self_assign(self.pkg, dst, src) {
                    self.report_self_assignment(s);
                    k = self.discard_hole();
                }
            }
            let k = self.note(k, Where::Stmt(s), why.into());
            if let Some(src) = src {
                self.expr(k, src);
            }
        }
        self.reassigned(&ks, s);
    }

    fn reassigned(&mut self, ks: &[Hole], s: StmtId) {
        let pkg = self.pkg;
        let is_range = matches!(pkg.stmt(s).kind, StmtKind::Range { .. });
        for k in ks {
            if let LocNode::Var(v) = self.loc(k.dst).node {
                if pkg.var(v).defined_by == Some(s) && !is_range {
                    continue;
                }
            }
            if k.dst != crate::graph::BLANK {
                self.loc_mut(k.dst).reassigned = true;
            }
        }
    }

    /// Connects each closure to the variables it captures, by value or by
    /// reference as gc decides.
    pub fn flow_closures(&mut self) {
        let closures = std::mem::take(&mut self.closures);
        for (k, func) in closures {
            let f = self.pkg.func(func);
            let captured: Vec<_> = f
                .captured
                .iter()
                .copied()
                .zip(f.captured_at.clone())
                .collect();
            for (cv, at) in captured {
                let loc = self.var_loc(cv);
                let l = self.loc(loc);
                let ty = self.pkg.var(cv).ty;
                let by_value = !l.addrtaken && !l.reassigned && self.facts.size(ty) <= 128;
                if self.options.level.explains() {
                    self.report_capture(func, cv, by_value);
                }
                let mut k = k;
                if !by_value {
                    k = self.addr(k, Where::Captured(cv, at), Reason::Reference);
                }
                let k = self.note(k, Where::Captured(cv, at), Reason::CapturedByClosure);
                self.flow(k, loc);
            }
        }
    }
}

fn dst_of(e: Option<ExprId>) -> Dst {
    match e {
        Some(e) => Dst::Expr(e),
        None => Dst::Blank,
    }
}
