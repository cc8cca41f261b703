//! The price of a function: gc's node count over the IR, computed on our
//! tree (see the crate's documentation for where the two differ).

use goescape_ir::*;
use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::{BasicKind, ObjId, Store, Type, TypeId};
use rustc_hash::FxHashMap;

use crate::intrinsics::{is_cheap_byte_order, is_intrinsic};
use crate::{InlineTable, Reason, Unhandled, Verdict, BUDGET};

/// The price of a call of a function that is not inlined.
const CALL_COST: i64 = 57;
/// The price of a call of a parameter or captured variable: it may turn
/// out to be a constant function once its caller is inlined.
const PARAM_CALL_COST: i64 = 17;
/// A function literal, on top of its node; its body is priced on its own.
const CLOSURE_COST: i64 = 15;
/// Functions with more nodes than this are big: only callees costing at
/// most [`BIG_CALLER_MAX_COST`] are inlined into them.
const BIG_FUNCTION_NODES: u32 = 5000;
pub(crate) const BIG_CALLER_MAX_COST: u32 = 20;
/// The budget of a function literal.
pub(crate) const LITERAL_BUDGET: u32 = 10 * BUDGET;

enum State {
    Unpriced,
    /// Being priced: a call of it from its own callees is not inlined.
    Pricing,
    Priced(Result<u32, Reason>),
}

pub(crate) struct Pricer<'a> {
    pkg: &'a Package,
    store: &'a Store,
    table: &'a InlineTable,
    func_of_obj: FxHashMap<ObjId, FuncId>,
    /// The function literals directly inside each function.
    literals: Vec<Vec<FuncId>>,
    state: Vec<State>,
    order: Vec<FuncId>,
    /// Functions of more than [`BIG_FUNCTION_NODES`] nodes, as far as
    /// priced.
    big: Vec<bool>,
}

/// What pricing a package yields.
pub(crate) struct Priced {
    /// The verdicts on every function gc decides on, callees first.
    pub verdicts: Vec<Verdict>,
    /// The prices of the package's inlinable declared functions.
    pub costs: Vec<(ObjId, u32)>,
    /// Each function's price when it is inlinable.
    pub cost_of: Vec<Option<u32>>,
    /// Whether each function is big (only callees costing at most
    /// [`BIG_CALLER_MAX_COST`] are inlined into it).
    pub big: Vec<bool>,
}

impl<'a> Pricer<'a> {
    pub fn new(pkg: &'a Package, store: &'a Store, table: &'a InlineTable) -> Pricer<'a> {
        let func_of_obj = pkg.funcs_by_obj();
        let mut literals = vec![Vec::new(); pkg.funcs.len()];
        for (i, f) in pkg.funcs.iter().enumerate() {
            if let Some(outer) = f.outer {
                literals[outer.index()].push(FuncId(i as u32));
            }
        }
        Pricer {
            pkg,
            store,
            table,
            func_of_obj,
            literals,
            state: (0..pkg.funcs.len()).map(|_| State::Unpriced).collect(),
            order: Vec::new(),
            big: vec![false; pkg.funcs.len()],
        }
    }

    /// Prices every function of the package: the verdicts on those gc
    /// decides on, and the prices of the inlinable declared functions,
    /// generic ones included (priced as written: their instantiations in
    /// importers cost about as much).
    pub fn price_all(mut self) -> Priced {
        for i in 0..self.pkg.funcs.len() {
            let f = FuncId(i as u32);
            if is_decided(self.pkg.func(f)) || self.pkg.func(f).generic {
                self.verdict(f);
            }
        }
        // The package's initialisation and the method wrappers are
        // callers too.
        for i in 0..self.pkg.funcs.len() {
            let f = FuncId(i as u32);
            if matches!(self.state[i], State::Unpriced) {
                let mut walk = Walk::new(&mut self, f, false);
                walk.body();
                self.big[i] = walk.nodes > BIG_FUNCTION_NODES;
            }
        }
        let costs = self
            .func_of_obj
            .iter()
            .filter_map(|(&obj, &f)| match self.state[f.index()] {
                State::Priced(Ok(cost)) => Some((obj, cost)),
                _ => None,
            })
            .collect();
        let pkg = self.pkg;
        let state = &self.state;
        let verdicts = self
            .order
            .iter()
            .map(|&f| {
                let func = pkg.func(f);
                let State::Priced(outcome) = state[f.index()] else {
                    unreachable!("every function in the order is priced")
                };
                Verdict {
                    func: f,
                    pos: func.decl_pos,
                    name: func.qualified_name(),
                    outcome,
                }
            })
            .collect();
        let cost_of = self
            .state
            .iter()
            .map(|s| match s {
                State::Priced(outcome) => outcome.ok(),
                _ => None,
            })
            .collect();
        Priced {
            verdicts,
            costs,
            cost_of,
            big: self.big,
        }
    }

    fn verdict(&mut self, f: FuncId) -> Option<u32> {
        ensure_sufficient_stack(|| self.verdict_unguarded(f))
    }

    fn verdict_unguarded(&mut self, f: FuncId) -> Option<u32> {
        match self.state[f.index()] {
            State::Priced(outcome) => return outcome.ok(),
            State::Pricing => return None,
            State::Unpriced => {}
        }
        self.state[f.index()] = State::Pricing;
        // gc decides on a function's literals before the function.
        for i in 0..self.literals[f.index()].len() {
            self.verdict(self.literals[f.index()][i]);
        }
        let outcome = self.price(f);
        self.state[f.index()] = State::Priced(outcome);
        if is_decided(self.pkg.func(f)) {
            self.order.push(f);
        }
        outcome.ok()
    }

    fn price(&mut self, f: FuncId) -> Result<u32, Reason> {
        let func = self.pkg.func(f);
        if let Some(reason) = impossible(func) {
            return Err(reason);
        }
        let mut walk = Walk::new(self, f, false);
        walk.body();
        if walk.nodes > BIG_FUNCTION_NODES {
            self.big[f.index()] = true;
            walk = Walk::new(self, f, true);
            walk.body();
        }
        if let Some(reason) = walk.reason {
            return Err(reason);
        }
        let cost = u32::try_from(walk.cost.max(0)).unwrap_or(u32::MAX);
        let budget = if is_literal(func) {
            LITERAL_BUDGET
        } else {
            BUDGET
        };
        if cost > budget {
            return Err(Reason::TooComplex { cost, budget });
        }
        Ok(cost)
    }

    /// The price of a call of `target` from `caller` when it would be
    /// inlined there.
    fn inlined_cost(&mut self, caller: FuncId, target: Target) -> Option<u32> {
        match target {
            Target::Declared(obj) => match self.func_of_obj.get(&obj) {
                Some(&f) => self.verdict(f),
                None => self.table.cost(obj),
            },
            Target::Literal(f) => {
                let callee = self.pkg.func(f);
                // gc inlines a literal only into the function whose
                // variables it captures.
                if callee.outer.is_some()
                    && callee
                        .captured
                        .first()
                        .is_some_and(|&v| self.pkg.var(v).func != caller)
                {
                    return None;
                }
                self.verdict(f)
            }
        }
    }
}

/// Whether gc decides on (and at `-m=2` reports) function `f`: declared
/// functions and methods, instantiations, function literals and the
/// wrappers of `go` and `defer` calls; not generic code itself, the
/// package's initialisation code, nor method wrappers.
fn is_decided(f: &Func) -> bool {
    let package_init = f.obj.is_none() && f.outer.is_none() && f.name == "init";
    !f.generic && !package_init && f.pos != Pos::AUTOGENERATED
}

/// A function literal (or a `go`/`defer` wrapper, which gc makes one):
/// gc lets it cost up to ten budgets, as it is often called once.
pub(crate) fn is_literal(f: &Func) -> bool {
    f.outer.is_some() || (f.obj.is_none() && !f.instance)
}

/// Why `f` cannot be inlined whatever its body, in gc's order of checks.
fn impossible(f: &Func) -> Option<Reason> {
    let p = &f.pragmas;
    let reason = if p.noinline {
        Reason::NoInline
    } else if p.cgo_unsafe_args {
        Reason::CgoUnsafeArgs
    } else if p.uintptr_keepalive {
        Reason::UintptrKeepAlive
    } else if p.uintptr_escapes {
        Reason::UintptrEscapes
    } else if p.yes_write_barrier_rec {
        Reason::YesWriteBarrierRec
    } else if !f.has_body {
        Reason::NoBody
    } else {
        return None;
    };
    Some(reason)
}

/// One walk over a function's body, adding up gc's prices.
struct Walk<'p, 'a> {
    pricer: &'p mut Pricer<'a>,
    func: FuncId,
    /// Calls cost more when the caller is big (only cheap callees are
    /// inlined into it).
    big: bool,
    cost: i64,
    /// Walking a select case's receive.
    in_select_case: bool,
    /// gc's nodes, every one counted once (what "big" is measured in).
    nodes: u32,
    reason: Option<Reason>,
}

impl<'p, 'a> Walk<'p, 'a> {
    fn new(pricer: &'p mut Pricer<'a>, func: FuncId, big: bool) -> Walk<'p, 'a> {
        Walk {
            pricer,
            func,
            big,
            cost: 0,
            in_select_case: false,
            nodes: 0,
            reason: None,
        }
    }

    fn pkg(&self) -> &'a Package {
        self.pricer.pkg
    }

    fn store(&self) -> &'a Store {
        self.pricer.store
    }

    fn body(&mut self) {
        let pkg = self.pkg();
        self.stmts(&pkg.func(self.func).body);
    }

    /// One IR node priced one unit plus `extra`.
    fn node(&mut self, extra: i64) {
        self.nodes += 1;
        self.cost += 1 + extra;
    }

    fn refuse(&mut self, reason: Reason) {
        // gc stops at the first reason in its walk.
        self.reason.get_or_insert(reason);
    }

    fn stmts(&mut self, list: &[StmtId]) {
        for &s in list {
            self.stmt(s);
        }
    }

    fn opt(&mut self, e: Option<ExprId>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    fn exprs(&mut self, list: &[ExprId]) {
        for &e in list {
            self.expr(e);
        }
    }

    /// Assignment targets; `_` is a name node too.
    fn targets(&mut self, lhs: &[Option<ExprId>]) {
        for &t in lhs {
            match t {
                Some(e) => self.expr(e),
                None => self.node(0),
            }
        }
    }

    /// A temporary of the lowering (named as gc's `.autotmp_N`).
    fn is_temp(&self, v: VarId) -> bool {
        self.pkg().var(v).name.starts_with(".autotmp")
    }

    fn stmt(&mut self, s: StmtId) {
        ensure_sufficient_stack(|| self.stmt_unguarded(s));
    }

    fn stmt_unguarded(&mut self, s: StmtId) {
        if self.reason.is_some() {
            return;
        }
        let pkg = self.pkg();
        match &pkg.stmt(s).kind {
            StmtKind::Block(list) => {
                // gc charges a block nothing, but it is a node.
                self.node(-1);
                self.stmts(list);
            }
            StmtKind::Decl(_) => {
                // The declaration and its name.
                self.node(0);
                self.node(0);
            }
            StmtKind::Label { .. } | StmtKind::Nop => self.node(0),
            // A `fallthrough` is no statement of its own to gc.
            StmtKind::Branch(text) if text == "fallthrough" => {}
            StmtKind::Branch(_) => self.node(0),
            StmtKind::Expr(e) => self.expr(*e),
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.node(0);
                self.stmts(init);
                self.expr(*cond);
                self.stmts(then);
                self.stmts(els);
            }
            StmtKind::For { cond, post, body } => {
                self.node(0);
                self.opt(*cond);
                if let Some(p) = post {
                    self.stmt(*p);
                }
                self.stmts(body);
            }
            StmtKind::Range {
                x,
                key,
                value,
                body,
                ..
            } => {
                self.node(0);
                self.expr(*x);
                match (key, value) {
                    (Some(k), v) => {
                        self.expr(*k);
                        self.opt(*v);
                    }
                    // `for _, v := range`: the key is a blank name.
                    (None, Some(v)) => {
                        self.node(0);
                        self.expr(*v);
                    }
                    (None, None) => {}
                }
                self.stmts(body);
            }
            StmtKind::Switch { tag, cases } => {
                self.node(0);
                self.opt(*tag);
                for (exprs, body) in cases {
                    self.node(0);
                    self.exprs(exprs);
                    self.stmts(body);
                }
            }
            StmtKind::TypeSwitch { x, vars, cases } => {
                // The switch and its guard `x.(type)`.
                self.node(0);
                self.node(0);
                self.expr(*x);
                for (i, (exprs, body)) in cases.iter().enumerate() {
                    self.node(0);
                    if vars.get(i).is_some_and(|(v, _)| v.is_some()) {
                        self.node(0);
                    }
                    self.exprs(exprs);
                    self.stmts(body);
                }
            }
            StmtKind::Select { cases } => {
                self.node(0);
                for (comm, body) in cases {
                    self.node(0);
                    if let Some(c) = comm {
                        // gc's receiving case is one assignment of two
                        // targets (`_` where the source names fewer),
                        // its own temporaries not discounted.
                        self.in_select_case = true;
                        self.stmt(*c);
                        self.in_select_case = false;
                        for _ in 0..self.missing_receive_nodes(*c) {
                            self.node(0);
                        }
                    }
                    self.stmts(body);
                }
            }
            StmtKind::Send { chan, value } => {
                self.node(0);
                self.expr(*chan);
                self.expr(*value);
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                self.node(0);
                self.targets(lhs);
                self.exprs(rhs);
                // `a, b = t1, t2` after `t1, t2 = f()`: gc discounts its
                // temporaries (declared, written, read: four nodes each)
                // and the extra statement, as if it had kept `a, b = f()`.
                if lhs.len() > 1 && !self.in_select_case && self.is_from_temps(lhs, rhs) {
                    self.cost -= 4 * lhs.len() as i64 + 1;
                }
            }
            StmtKind::AssignCall { lhs, call } => {
                self.node(0);
                self.targets(lhs);
                self.expr(*call);
                // An instantiation wrapper assigns its shaped function's
                // results to its own and returns; gc's wrapper declares
                // temporaries (two nodes each) and returns them.
                let func = pkg.func(self.func);
                if func.wrapper && func.instance {
                    self.cost += 3 * lhs.len() as i64;
                }
            }
            StmtKind::Return(list) => {
                self.node(0);
                self.exprs(list);
            }
            StmtKind::GoDefer { defer, .. } => self.refuse(Reason::Unhandled(if *defer {
                Unhandled::Defer
            } else {
                Unhandled::Go
            })),
        }
    }

    /// The nodes gc's receiving case has that ours lacks: the assignment
    /// of a bare `<-c` and the blank targets.
    fn missing_receive_nodes(&self, comm: StmtId) -> usize {
        let pkg = self.pkg();
        let is_recv = |e: ExprId| matches!(pkg.expr(e).kind, ExprKind::Recv { .. });
        match &pkg.stmt(comm).kind {
            StmtKind::Expr(e) if is_recv(*e) => 3,
            StmtKind::Assign { lhs, rhs, .. } if rhs.iter().any(|&e| is_recv(e)) => {
                2 - lhs.len().min(2)
            }
            StmtKind::Block(list) => list.last().map_or(0, |&s| self.missing_receive_nodes(s)),
            _ => 0,
        }
    }

    /// `a, b = t1, t2` reading the temporaries of one call of several
    /// results (or a comma-ok form); a value assigned to `_` may have
    /// become the constant the lowering's dead-assignment pass leaves.
    fn is_from_temps(&self, lhs: &[Option<ExprId>], rhs: &[ExprId]) -> bool {
        lhs.len() == rhs.len()
            && lhs.iter().zip(rhs).all(|(l, &r)| {
                self.is_temp_read(r)
                    || (l.is_none() && matches!(self.pkg().expr(r).kind, ExprKind::Const { .. }))
            })
    }

    /// A read of a lowering temporary, through an implicit conversion.
    fn is_temp_read(&self, e: ExprId) -> bool {
        match &self.pkg().expr(e).kind {
            ExprKind::Var(v) => self.is_temp(*v),
            // The conversions from temporaries are gc's implicit ones.
            ExprKind::Conv { x, .. } | ExprKind::ConvIface { x, .. } => self.is_temp_read(*x),
            _ => false,
        }
    }

    fn expr(&mut self, e: ExprId) {
        ensure_sufficient_stack(|| self.expr_unguarded(e));
    }

    fn expr_unguarded(&mut self, e: ExprId) {
        if self.reason.is_some() {
            return;
        }
        let pkg = self.pkg();
        let expr = pkg.expr(e);
        match &expr.kind {
            // An instantiation wrapper calls its shaped method through a
            // method expression, which is free.
            ExprKind::FuncName { obj, .. } if self.is_method(*obj) => self.node(-1),
            ExprKind::Var(_)
            | ExprKind::Global(_)
            | ExprKind::FuncName { .. }
            | ExprKind::Const { .. }
            | ExprKind::Nil
            | ExprKind::DictMethod { .. }
            | ExprKind::RuntimeFunc { .. } => self.node(0),
            ExprKind::NoValue => {}
            // A method expression is free (gc's toolstash hack).
            ExprKind::MethodExpr { .. } => self.node(-1),
            ExprKind::Unary { x, .. }
            | ExprKind::Dot { x, .. }
            | ExprKind::DotPtr { x, .. }
            | ExprKind::DotType { x }
            | ExprKind::StringData { x }
            | ExprKind::SliceToArray { x }
            | ExprKind::SliceToArrayPtr { x }
            | ExprKind::StringConv { x, .. }
            | ExprKind::Recv { x }
            | ExprKind::PtrLit { x, .. }
            | ExprKind::ConvIface { x, .. } => {
                self.node(0);
                self.expr(*x);
            }
            ExprKind::Binary { x, y, .. }
            | ExprKind::IndexArray { x, index: y }
            | ExprKind::IndexPtr { x, index: y }
            | ExprKind::IndexMap { x, key: y } => {
                self.node(0);
                self.expr(*x);
                self.expr(*y);
            }
            ExprKind::Addr { x, .. } => {
                // `&v.f` at offset zero is free: it is `&v`.
                let free = self.is_zero_offset_field_of_name(*x);
                self.node(if free { -2 } else { 0 });
                self.expr(*x);
            }
            ExprKind::Deref { x, .. } => {
                // `*(*T)(unsafe.Pointer(&v))` is a plain load.
                let of_addr = matches!(
                    pkg.expr(self.strip_nop_convs(*x)).kind,
                    ExprKind::Addr { .. }
                );
                self.node(if of_addr { -1 } else { 0 });
                self.expr(*x);
            }
            ExprKind::Slice {
                x, low, high, max, ..
            } => {
                let mut extra = 0;
                if low.is_some_and(|l| {
                    matches!(pkg.expr(l).kind, ExprKind::Const { int: Some(0), .. })
                }) {
                    extra -= 1;
                }
                if high.is_some_and(|h| self.is_len_of(h, *x)) {
                    extra -= 2;
                }
                self.node(extra);
                self.expr(*x);
                self.opt(*low);
                self.opt(*high);
                self.opt(*max);
            }
            ExprKind::Conv { x, implicit } => {
                let from = pkg.expr(*x).ty;
                // `(*T)(nil)` is a typed nil to gc, no conversion.
                let nop = *implicit
                    || matches!(pkg.expr(*x).kind, ExprKind::Nil)
                    || self.is_nop_conversion(from, expr.ty);
                self.node(if nop { -1 } else { 0 });
                self.expr(*x);
            }
            ExprKind::UnsafeFromUintptr { x } => {
                self.node(-1);
                self.expr(*x);
            }
            ExprKind::AddStr { list } => {
                self.node(0);
                self.exprs(list);
            }
            ExprKind::Call(call) => self.call(call),
            ExprKind::New => self.node(0),
            ExprKind::MakeSlice { len, cap } => {
                self.node(0);
                self.expr(*len);
                self.opt(*cap);
            }
            ExprKind::MakeMap { len } | ExprKind::MakeChan { len } => {
                self.node(0);
                // gc fills in a size of 0.
                match len {
                    Some(l) => self.expr(*l),
                    None => self.node(0),
                }
            }
            ExprKind::ArrayLit { elems } => {
                self.node(0);
                self.exprs(elems);
            }
            ExprKind::SliceLit { elems, .. } => {
                // A slice literal costs two (gc's toolstash hack).
                self.node(1);
                self.exprs(elems);
            }
            ExprKind::StructLit { elems } => {
                self.node(0);
                for &el in elems {
                    // Each field is a keyed element.
                    self.node(0);
                    self.expr(el);
                }
            }
            ExprKind::MapLit { entries } => {
                self.node(0);
                for &(k, v) in entries {
                    self.node(0);
                    self.expr(k);
                    self.expr(v);
                }
            }
            ExprKind::Closure { .. } => self.node(CLOSURE_COST),
            // A method value costs two (gc's toolstash hack).
            ExprKind::MethodValue { x, .. } => {
                self.node(1);
                self.expr(*x);
            }
        }
    }

    fn call(&mut self, call: &Call) {
        let pkg = self.pkg();
        match &call.callee {
            Callee::Builtin(op) => {
                match op {
                    BuiltinOp::Discarding if call.text == "recover" => {
                        self.refuse(Reason::Recover);
                        return;
                    }
                    BuiltinOp::Panic => {
                        // An implicit conversion to `any` of the argument
                        // is free.
                        let implicit = call.args.first().is_some_and(|&a| {
                            matches!(pkg.expr(a).kind, ExprKind::ConvIface { implicit: true, .. })
                        });
                        self.node(if implicit { 0 } else { 1 });
                    }
                    _ => self.node(0),
                }
                if *op == BuiltinOp::Append && !call.dots {
                    // gc's append lists its values; ours come as a slice.
                    if let [first, rest] = call.args[..] {
                        if let ExprKind::SliceLit { elems, .. } = &pkg.expr(rest).kind {
                            self.expr(first);
                            self.exprs(elems);
                            return;
                        }
                    }
                }
                self.exprs(&call.args);
            }
            Callee::Interface { recv, .. } => {
                self.node(CALL_COST);
                // The method selector.
                self.node(0);
                self.expr(*recv);
                self.exprs(&call.args);
            }
            Callee::Func { fun, target } => {
                let extra = self.call_cost(*fun, *target);
                self.node(extra);
                self.expr(*fun);
                // The dictionary: `&.dict.F[int]`, or in shaped code the
                // sub-dictionary `(*[N]uintptr)(unsafe.Pointer(&.dict[i]))`
                // (free conversions of the address of an index).
                let caller = pkg.func(self.func);
                let shaped_caller = caller.instance && !caller.wrapper;
                let generic_callee = target.is_some_and(|t| self.is_generic(t));
                let dict_nodes = match (shaped_caller, call.dict.is_some() || generic_callee) {
                    (_, false) => 0,
                    (true, true) => 4,
                    (false, true) => 2,
                };
                for _ in 0..dict_nodes {
                    self.node(0);
                }
                self.exprs(&call.args);
            }
        }
    }

    /// What a call of `fun` costs beyond its node.
    fn call_cost(&mut self, fun: ExprId, target: Option<Target>) -> i64 {
        let pkg = self.pkg();
        let store = self.store();
        if let Some(Target::Declared(obj)) = target {
            let o = store.obj(obj);
            let path = store.pkg_path(o.pkg);
            let name = o.name.as_str();
            // Of methods, only encoding/binary's byte orders are free (the
            // other tables name functions).
            if let ExprKind::MethodExpr { recv, .. } = pkg.expr(fun).kind {
                if path == "encoding/binary" {
                    let method = format!("{}.{name}", type_name(store, recv));
                    if is_cheap_byte_order(path, &method) {
                        return 0;
                    }
                }
            } else {
                match (path, name) {
                    ("internal/runtime/sys", "GetCallerPC") => {
                        self.refuse(Reason::CallerFrame("GetCallerPC"));
                        return 0;
                    }
                    ("internal/runtime/sys", "GetCallerSP") => {
                        self.refuse(Reason::CallerFrame("GetCallerSP"));
                        return 0;
                    }
                    ("internal/abi", "NoEscape") => return 0,
                    ("internal/abi", n) if n.starts_with("EscapeNonString") => return 0,
                    _ => {}
                }
                if is_cheap_byte_order(path, name) || is_intrinsic(path, name) {
                    return 0;
                }
            }
        }
        if let Some(t) = target {
            let max = if self.big {
                BIG_CALLER_MAX_COST
            } else {
                BUDGET
            };
            if let Some(cost) = self.pricer.inlined_cost(self.func, t) {
                if cost <= max {
                    return i64::from(cost);
                }
            }
        }
        match pkg.expr(fun).kind {
            ExprKind::Var(v) => {
                let var = pkg.var(v);
                if var.class == VarClass::Param || var.func != self.func {
                    return PARAM_CALL_COST;
                }
                CALL_COST
            }
            _ => CALL_COST,
        }
    }

    /// A call of generic code, which takes a dictionary.
    fn is_generic(&self, target: Target) -> bool {
        let store = self.store();
        match target {
            Target::Declared(obj) => store
                .signature(store.obj_type(obj))
                .is_some_and(|sig| !sig.type_params.is_empty() || !sig.recv_type_params.is_empty()),
            Target::Literal(f) => {
                let f = self.pkg().func(f);
                f.instance && f.outer.is_none()
            }
        }
    }

    fn is_method(&self, obj: ObjId) -> bool {
        let store = self.store();
        store
            .signature(store.obj_type(obj))
            .is_some_and(|sig| sig.recv.is_some())
    }

    fn strip_nop_convs(&self, mut e: ExprId) -> ExprId {
        loop {
            let expr = self.pkg().expr(e);
            match expr.kind {
                ExprKind::UnsafeFromUintptr { x } => e = x,
                ExprKind::Conv { x, implicit }
                    if implicit || self.is_nop_conversion(self.pkg().expr(x).ty, expr.ty) =>
                {
                    e = x
                }
                _ => return e,
            }
        }
    }

    /// `high` is `len(x)` of the very variable `x` (gc compares nodes,
    /// and a variable is one node however often it is named).
    fn is_len_of(&self, high: ExprId, x: ExprId) -> bool {
        let pkg = self.pkg();
        let ExprKind::Call(call) = &pkg.expr(high).kind else {
            return false;
        };
        if !matches!(call.callee, Callee::Builtin(BuiltinOp::Unary)) || call.text != "len" {
            return false;
        }
        match (
            &pkg.expr(x).kind,
            call.args.first().map(|&a| &pkg.expr(a).kind),
        ) {
            (ExprKind::Var(a), Some(ExprKind::Var(b))) => a == b,
            (ExprKind::Global(a), Some(ExprKind::Global(b))) => a == b,
            _ => false,
        }
    }

    /// `x` is `v.f` or `p.f` of a variable, `f` at offset zero.
    fn is_zero_offset_field_of_name(&self, x: ExprId) -> bool {
        let pkg = self.pkg();
        let store = self.store();
        let (base, field, through_pointer) = match &pkg.expr(x).kind {
            ExprKind::Dot { x, field } => (*x, field, false),
            ExprKind::DotPtr { x, field } => (*x, field, true),
            _ => return false,
        };
        let base_expr = pkg.expr(base);
        if !matches!(base_expr.kind, ExprKind::Var(_) | ExprKind::Global(_)) {
            return false;
        }
        let mut ty = base_expr.ty;
        if through_pointer {
            match store.ty(store.underlying(ty)) {
                Type::Pointer(elem) => ty = *elem,
                _ => return false,
            }
        }
        let Type::Struct(st) = store.ty(store.underlying(ty)) else {
            return false;
        };
        let Some(index) = st
            .fields
            .iter()
            .position(|&f| store.obj(f).name.as_str() == field.as_str())
        else {
            return false;
        };
        store.sizes().offsets_of(store, &st.fields[..=index])[index] == Some(0)
    }

    /// Whether converting `from` to `to` is a no-op to gc (`OCONVNOP`):
    /// the same representation, not a float rounding.
    fn is_nop_conversion(&self, from: TypeId, to: TypeId) -> bool {
        let store = self.store();
        let (uf, ut) = (store.underlying(from), store.underlying(to));
        let kinds = (store.basic_kind(from), store.basic_kind(to));
        if let (Some(a), Some(b)) = kinds {
            if is_float(a) || is_float(b) {
                return false;
            }
            if is_integer(a) && is_integer(b) {
                return same_representation(store, a) == same_representation(store, b);
            }
            if a == BasicKind::UnsafePointer || b == BasicKind::UnsafePointer {
                return true;
            }
        }
        if store.identical_ignoring_tags(uf, ut) {
            return true;
        }
        match (store.ty(uf), store.ty(ut)) {
            (Type::Pointer(a), Type::Pointer(b)) => {
                store.identical_ignoring_tags(store.underlying(*a), store.underlying(*b))
            }
            (Type::Pointer(_), Type::Basic(_)) | (Type::Basic(_), Type::Pointer(_)) => {
                kinds.0 == Some(BasicKind::UnsafePointer)
                    || kinds.1 == Some(BasicKind::UnsafePointer)
            }
            _ => false,
        }
    }
}

fn is_float(k: BasicKind) -> bool {
    matches!(
        k,
        BasicKind::Float32 | BasicKind::Float64 | BasicKind::Complex64 | BasicKind::Complex128
    )
}

fn is_integer(k: BasicKind) -> bool {
    matches!(
        k,
        BasicKind::Int
            | BasicKind::Int8
            | BasicKind::Int16
            | BasicKind::Int32
            | BasicKind::Int64
            | BasicKind::Uint
            | BasicKind::Uint8
            | BasicKind::Uint16
            | BasicKind::Uint32
            | BasicKind::Uint64
            | BasicKind::Uintptr
    )
}

/// The fixed-width kind a word-sized integer kind is on the target.
fn same_representation(store: &Store, k: BasicKind) -> BasicKind {
    let sizes = store.sizes();
    match sizes.fixed_width_kind(k) {
        BasicKind::Int => BasicKind::Int64,
        BasicKind::Uint | BasicKind::Uintptr => BasicKind::Uint64,
        other => other,
    }
}

/// The receiver's type name as gc's method symbols have it
/// (`littleEndian` for `littleEndian.Uint16`).
fn type_name(store: &Store, recv: TypeId) -> &'static str {
    let ty = store.pointer_elem(recv).unwrap_or(recv);
    match store.ty(ty) {
        Type::Named(n) => store.obj(n.obj).name.as_str(),
        _ => "",
    }
}
