//! After solving: the parameter tags each function exports, and the
//! findings on parameters, variables and allocations.

use goescape_ir::{BuiltinOp, Callee, ExprKind, FuncId, Pos, Span};

use crate::batch::Batch;
use crate::graph::{attr, LocId, LocNode};
use crate::leaks::{Leaks, RESULTS};
use crate::{AllocSite, Finding, Kind, Level, ParamLeak, Reason};

impl Batch<'_> {
    /// Tags of a function of this package analysed in an earlier batch.
    pub(crate) fn local_tags(&self, func: FuncId) -> Option<Box<[Leaks]>> {
        if let Some(tags) = self.func_tags.get(&func).filter(|_| self.code == 0) {
            return Some(tags.clone());
        }
        self.pkg
            .func(func)
            .obj
            .and_then(|obj| self.tag_source.tags(obj))
    }

    /// Records a finding of function `func`.
    pub fn found(&mut self, func: FuncId, pos: Pos, span: Option<Span>, kind: Kind) {
        self.findings.push(Finding {
            pos,
            span,
            func: self.home.func(func).qualified_name(),
            kind,
        });
    }

    pub fn report_self_assignment(&mut self, s: goescape_ir::StmtId) {
        if !self.options.level.reports() || self.home.func(self.curfn).generic {
            return;
        }
        let stmt = goescape_ir::print::stmt_string(self.pkg, self.facts.store, s);
        let pos = self.reported_at(self.pkg.stmt(s).pos);
        self.found(self.curfn, pos, None, Kind::SelfAssignment { stmt });
    }

    /// The leaks of every parameter of `func` (receiver first), reporting
    /// them at `-m`.
    pub fn param_tags(&mut self, func: FuncId) -> Box<[Leaks]> {
        let pkg = self.pkg;
        let facts = self.facts;
        let f = pkg.func(func);
        let diagnose = self.options.level.reports() && !f.wrapper && !f.generic && !f.instance;
        let mut tags = Vec::with_capacity(f.params.len());
        for (i, param) in f.params.iter().enumerate() {
            let name = match param.var {
                Some(v) => pkg.var(v).name.clone(),
                // gc names unnamed and blank parameters by position,
                // the receiver counting as the first.
                None => format!("~p{i}"),
            };
            // Blank parameters have a name but no location.
            let named = param.var.is_some() || param.named;
            if !f.has_body {
                if facts.is_uintptr(param.ty) {
                    if diagnose {
                        let kind = Kind::AssumedUnsafeUintptr { name: name.clone() };
                        self.found(func, param.pos, None, kind);
                    }
                    tags.push(Leaks::heap());
                    continue;
                }
                if !facts.has_pointers(param.ty) {
                    tags.push(Leaks::heap());
                    continue;
                }
                let mut leaks = Leaks::default();
                if f.pragmas.noescape {
                    if diagnose && named {
                        self.param_finding(func, param.pos, &name, ParamLeak::None);
                    }
                    leaks.add_mutator(0);
                    leaks.add_callee(0);
                } else {
                    if diagnose && named {
                        let leak = ParamLeak::Heap { content: false };
                        self.param_finding(func, param.pos, &name, leak);
                    }
                    leaks.add_heap(0);
                }
                tags.push(leaks);
                continue;
            }
            if f.pragmas.uintptr_escapes {
                let variadic_uintptr = param.variadic
                    && facts
                        .slice_elem(param.ty)
                        .is_some_and(|el| facts.is_uintptr(el));
                if facts.is_uintptr(param.ty) || variadic_uintptr {
                    if diagnose {
                        let kind = Kind::EscapingUintptr {
                            name: name.clone(),
                            variadic: variadic_uintptr,
                        };
                        self.found(func, param.pos, None, kind);
                    }
                    tags.push(Leaks::heap());
                    continue;
                }
            }
            if !facts.has_pointers(param.ty) {
                tags.push(Leaks::heap());
                continue;
            }
            let Some(var) = param.var else {
                tags.push(Leaks::default());
                continue;
            };
            let loc = self.var_loc(var);
            let mut leaks = self.loc(loc).param_leaks;
            leaks.optimize();
            if diagnose && !self.loc(loc).has(attr::ESCAPES) {
                self.report_leaks(func, param.pos, &name, leaks);
            }
            tags.push(leaks);
        }
        tags.into_boxed_slice()
    }

    fn param_finding(&mut self, func: FuncId, pos: Pos, name: &str, leak: ParamLeak) {
        let name = name.to_owned();
        self.found(func, pos, None, Kind::Param { name, leak });
    }

    fn report_leaks(&mut self, func: FuncId, pos: Pos, name: &str, leaks: Leaks) {
        let mut warned = false;
        if let Some(x) = leaks.heap_derefs() {
            let leak = ParamLeak::Heap { content: x != 0 };
            self.param_finding(func, pos, name, leak);
            warned = true;
        }
        for i in 0..RESULTS {
            if let Some(level) = leaks.result(i) {
                let results = &self.pkg.func(func).results;
                let result = results
                    .get(i)
                    .map_or_else(|| format!("~r{i}"), |&r| self.pkg.var(r).name.clone());
                self.param_finding(func, pos, name, ParamLeak::Result { result, level });
                warned = true;
            }
        }
        if !self.options.mutations_calls {
            if !warned {
                self.param_finding(func, pos, name, ParamLeak::None);
            }
            return;
        }
        if let Some(derefs) = leaks.mutator() {
            self.param_finding(func, pos, name, ParamLeak::Mutated { derefs });
            warned = true;
        }
        if let Some(derefs) = leaks.callee() {
            self.param_finding(func, pos, name, ParamLeak::Called { derefs });
            warned = true;
        }
        if !warned {
            self.param_finding(func, pos, name, ParamLeak::Untouched);
        }
    }

    /// The findings on variables and allocations.
    pub fn report_locations(&mut self) {
        if !self.options.level.reports() {
            return;
        }
        let home = self.home;
        for i in 0..self.locs.len() {
            let loc = &self.locs[i];
            let Some(func) = loc.func.filter(|&f| !home.func(f).generic) else {
                continue;
            };
            let pkg = self.code_package(loc.code);
            let (code, inlined_at) = (loc.code, loc.inlined_at);
            let escapes = loc.has(attr::ESCAPES);
            // Inlined code is reported at its call, with no span of its own.
            let at = |pos: Pos, span: Option<Span>| match inlined_at {
                Some(call) => (call, None),
                None => (pos, span),
            };
            match loc.node {
                LocNode::None | LocNode::PointerCopy { .. } => {}
                LocNode::Var(v) => {
                    if escapes {
                        let var = pkg.var(v);
                        let span = Span {
                            start: var.pos.offset,
                            end: var.pos.offset + var.name.len() as u32,
                        };
                        let kind = Kind::MovedToHeap {
                            var: self.qualified_var(code, &var.name),
                        };
                        let (pos, span) = at(var.pos, Some(span));
                        self.found(func, pos, span, kind);
                    }
                }
                LocNode::Expr(e) => {
                    let expr = pkg.expr(e);
                    let site = match expr.kind {
                        ExprKind::ConvIface { .. } => AllocSite::InterfaceConversion,
                        ExprKind::Closure { func } if pkg.func(func).wrapper => {
                            AllocSite::GoDeferWrapper
                        }
                        ExprKind::Closure { .. } => AllocSite::Closure,
                        ExprKind::MethodValue { .. } => AllocSite::MethodValue,
                        _ => AllocSite::Other,
                    };
                    // gc prints nothing of a `go`/`defer` wrapper's
                    // closure, but logs its escape in its records.
                    if site == AllocSite::GoDeferWrapper
                        && !(escapes && self.options.level == Level::Recorded)
                    {
                        continue;
                    }
                    let is_append = matches!(
                        &expr.kind,
                        ExprKind::Call(c) if matches!(c.callee, Callee::Builtin(BuiltinOp::Append))
                    );
                    let subject = if is_append {
                        "append".to_owned()
                    } else {
                        goescape_ir::print::expr_string_in(pkg, home.id, self.facts.store, e)
                    };
                    let kind = Kind::Alloc {
                        subject,
                        escapes,
                        site,
                    };
                    let (pos, span) = at(expr.pos, expr.span);
                    self.found(func, pos, span, kind);
                    // A []byte(s) nobody writes through can share s's bytes.
                    let zero_copy = matches!(
                        expr.kind,
                        ExprKind::StringConv {
                            op: goescape_ir::StringConv::StringToBytes,
                            ..
                        }
                    ) && !escapes
                        && !self.locs[i].has(attr::MUTATES);
                    if zero_copy {
                        self.found(func, pos, span, Kind::ZeroCopyBytes);
                    }
                }
            }
        }
    }

    /// A variable's name as gc prints it in the package analysed: one of
    /// another package's inlined code is qualified by that package.
    fn qualified_var(&self, code: u32, name: &str) -> String {
        match code {
            0 => name.to_owned(),
            _ => {
                let pkg = self.code_package(code).id;
                format!("{}.{name}", self.facts.store.package(pkg).name.as_str())
            }
        }
    }

    /// gc's `HeapAllocReason`: allocations that go to the heap whatever
    /// flows where.
    pub fn heap_alloc_reason(&self, loc: LocId) -> Option<Reason> {
        use crate::typefacts::{MAX_IMPLICIT_STACK_VAR_SIZE, MAX_STACK_VAR_SIZE};
        let pkg = self.code_package(self.loc(loc).code);
        let facts = self.facts;
        let node = self.loc(loc).node;
        let ty = match node {
            LocNode::None | LocNode::PointerCopy { .. } => return None,
            LocNode::Var(v) => {
                let var = pkg.var(v);
                // Inlined parameters and results are the caller's locals.
                let local =
                    var.class == goescape_ir::VarClass::Local || self.loc(loc).inlined_at.is_some();
                if !local {
                    return None;
                }
                var.ty
            }
            LocNode::Expr(e) => pkg.expr(e).ty,
        };
        let word = facts.sizes.word_size;
        let too_large = |size: i64, limit: i64| Reason::TooLargeForStack { size, limit };
        if facts.size(ty) > MAX_STACK_VAR_SIZE {
            return Some(too_large(facts.size(ty), MAX_STACK_VAR_SIZE));
        }
        if facts.align(ty) > word {
            return Some(Reason::TooAlignedForStack);
        }
        let LocNode::Expr(e) = node else { return None };
        let expr = pkg.expr(e);
        match &expr.kind {
            ExprKind::New | ExprKind::PtrLit { .. } => {
                let elem = facts.pointer_elem(ty)?;
                if facts.size(elem) > MAX_IMPLICIT_STACK_VAR_SIZE {
                    return Some(too_large(facts.size(elem), MAX_IMPLICIT_STACK_VAR_SIZE));
                }
                if facts.align(elem) > word {
                    return Some(Reason::TooAlignedForStack);
                }
                None
            }
            ExprKind::Closure { func } => {
                let size = word
                    + pkg
                        .func(*func)
                        .captured
                        .iter()
                        .map(|&v| match self.captured_by_ref.contains(&v) {
                            true => word,
                            false => facts.size(pkg.var(v).ty),
                        })
                        .sum::<i64>();
                (size > MAX_IMPLICIT_STACK_VAR_SIZE)
                    .then(|| too_large(size, MAX_IMPLICIT_STACK_VAR_SIZE))
            }
            ExprKind::MethodValue { x, .. } => {
                // A closure of the function word and the receiver.
                let size = word + facts.size(pkg.expr(*x).ty);
                (size > MAX_IMPLICIT_STACK_VAR_SIZE)
                    .then(|| too_large(size, MAX_IMPLICIT_STACK_VAR_SIZE))
            }
            ExprKind::MakeSlice { len, cap } => {
                let elem = facts.slice_elem(ty)?;
                let elem_size = facts.size(elem);
                if elem_size == 0 {
                    return Some(Reason::ZeroSizedElement);
                }
                let ExprKind::Const { int: Some(n), .. } = pkg.expr(cap.unwrap_or(*len)).kind
                else {
                    return None;
                };
                (n > MAX_IMPLICIT_STACK_VAR_SIZE / elem_size)
                    .then(|| too_large(n.saturating_mul(elem_size), MAX_IMPLICIT_STACK_VAR_SIZE))
            }
            _ => None,
        }
    }
}
