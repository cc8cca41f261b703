//! Statements and function bodies.

use std::collections::HashMap;

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::{AssignOp, DeclKind, ExprId, ExprKind, GroupId, Operator, StmtId, StmtKind};

use super::decl::Checker;
use super::expr::Operand;
use super::info::Mode;
use crate::model::{BasicKind, ObjId, ScopeKind, ScopeParent, Symbol, Type, TypeId, VarKind};

impl Checker<'_> {
    /// Checks a function body in the current (function) scope.
    pub fn func_body(&mut self, body: StmtId) {
        let labels = self.declare_labels(body);
        let saved = std::mem::replace(&mut self.labels, labels);
        if let StmtKind::Block { stmts, .. } = self.file().stmt(body).kind {
            for &s in self.file().stmt_list(stmts) {
                self.stmt(s);
            }
        }
        self.labels = saved;
        self.check_returns(body);
    }

    /// The labels of a function body (not of the function literals in it),
    /// recorded as definitions; the first of a name in source order wins.
    fn declare_labels(&mut self, body: StmtId) -> HashMap<Symbol, ObjId> {
        let file = self.file();
        let mut labels = HashMap::new();
        // Children are pushed last first, so statements pop in source order.
        let mut stack = vec![body];
        while let Some(s) = stack.pop() {
            match file.stmt(s).kind {
                StmtKind::Labeled { label, stmt } => {
                    let name = self.name_of(label);
                    if !name.is_blank() && !labels.contains_key(&name) {
                        let pos = self.pos_of(label);
                        let obj = self
                            .store
                            .new_label(Some(self.pkg), self.obj_pos(pos), name);
                        self.record_def(label, obj);
                        labels.insert(name, obj);
                    }
                    stack.push(stmt);
                }
                StmtKind::Block { stmts, .. } => stack.extend(file.stmt_list(stmts).iter().rev()),
                StmtKind::If { then, els, .. } => stack.extend(els.into_iter().chain([then])),
                StmtKind::For { body, .. } => stack.push(body),
                StmtKind::Switch { clauses, .. } => {
                    for clause in file.case_clauses(clauses).iter().rev() {
                        stack.extend(file.stmt_list(clause.body).iter().rev());
                    }
                }
                StmtKind::Select { clauses, .. } => {
                    for clause in file.comm_clauses(clauses).iter().rev() {
                        stack.extend(file.stmt_list(clause.body).iter().rev());
                    }
                }
                _ => {}
            }
        }
        labels
    }

    fn open_scope(&mut self) -> ScopeId {
        let saved = self.ctx.scope;
        self.ctx.scope = self
            .scopes
            .push(ScopeParent::Scope(saved), ScopeKind::Block);
        saved
    }

    fn stmts(&mut self, list: goescape_syntax::StmtList) {
        for &s in self.file().stmt_list(list) {
            self.stmt(s);
        }
    }

    pub fn stmt(&mut self, s: StmtId) {
        ensure_sufficient_stack(|| self.stmt_inner(s));
    }

    fn stmt_inner(&mut self, s: StmtId) {
        let file = self.file();
        let stmt = *file.stmt(s);
        match stmt.kind {
            StmtKind::Branch {
                label: Some(label), ..
            } => {
                if let Some(&obj) = self.labels.get(&self.name_of(label)) {
                    self.record_use(label, obj);
                }
            }
            StmtKind::Empty | StmtKind::Branch { .. } => {}
            StmtKind::Labeled { stmt, .. } => self.stmt(stmt),
            StmtKind::Block { stmts, .. } => {
                let saved = self.open_scope();
                self.stmts(stmts);
                self.ctx.scope = saved;
            }
            StmtKind::Expr { x } => {
                let v = self.raw_expr(x, None);
                let inner = file.unparen(x);
                let is_call_or_recv = matches!(
                    file.expr(inner).kind,
                    ExprKind::Call { .. }
                        | ExprKind::Unary {
                            op: Operator::Recv,
                            ..
                        }
                );
                if v.mode != Mode::Invalid && !is_call_or_recv {
                    self.error(
                        self.pos_of(x),
                        format!(
                            "{} ({}) is not used",
                            self.expr_text(x),
                            self.unused_what(&v)
                        ),
                    );
                }
            }
            StmtKind::Send { chan, value } => {
                let c = self.expr(chan);
                let mut v = self.expr(value);
                if c.mode == Mode::Invalid {
                    return;
                }
                match self
                    .store
                    .core_type(c.ty)
                    .ok()
                    .and_then(|t| self.store.chan_of(t))
                {
                    Some((crate::model::ChanDir::Recv, _)) => {
                        let ty = self.type_str(c.ty);
                        self.error(
                            self.pos_of(chan),
                            format!(
                                "invalid operation: cannot send to receive-only channel {ty} {}",
                                self.describe(&c)
                            ),
                        );
                    }
                    Some((_, elem)) => self.assign_to(&mut v, elem, "send"),
                    None => {
                        self.error(
                            self.pos_of(chan),
                            format!(
                                "invalid operation: cannot send to non-channel {}",
                                self.describe(&c)
                            ),
                        );
                    }
                }
            }
            StmtKind::Decl { decls } => self.local_decls(decls),
            StmtKind::Assign { op, lhs, rhs } => self.assign_stmt(s, op, lhs, rhs),
            StmtKind::Go { call, kind } => {
                let x = self.raw_expr(call, None);
                if !matches!(file.expr(file.unparen(call)).kind, ExprKind::Call { .. })
                    && x.mode != Mode::Invalid
                {
                    let what = if kind == goescape_syntax::GoKind::Go {
                        "go"
                    } else {
                        "defer"
                    };
                    self.error(
                        stmt.pos,
                        format!("expression in {what} must be function call"),
                    );
                }
            }
            StmtKind::Return { results } => self.return_stmt(stmt.pos, results),
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                let saved = self.open_scope();
                if let Some(init) = init {
                    self.stmt(init);
                }
                if let Some(cond) = cond {
                    self.condition(cond, "if");
                }
                self.stmt(then);
                if let Some(els) = els {
                    self.stmt(els);
                }
                self.ctx.scope = saved;
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
                let saved = self.open_scope();
                match init.map(|i| (i, file.stmt(i).kind)) {
                    Some((_, StmtKind::Range { lhs, define, x })) => {
                        self.range_clause(lhs, define, x)
                    }
                    Some((i, _)) => self.stmt(i),
                    None => {}
                }
                if let Some(cond) = cond {
                    self.condition(cond, "for");
                }
                if let Some(post) = post {
                    self.stmt(post);
                }
                self.stmt(body);
                self.ctx.scope = saved;
            }
            StmtKind::Range { lhs, define, x } => self.range_clause(lhs, define, x),
            StmtKind::Switch {
                init, tag, clauses, ..
            } => {
                let saved = self.open_scope();
                if let Some(init) = init {
                    self.stmt(init);
                }
                match tag.map(|t| (t, file.expr(t).kind)) {
                    Some((_, ExprKind::TypeSwitchGuard { lhs, x })) => {
                        self.type_switch(lhs, x, clauses)
                    }
                    tag => self.expr_switch(tag.map(|(t, _)| t), clauses),
                }
                self.ctx.scope = saved;
            }
            StmtKind::Select { clauses, .. } => {
                for clause in file.comm_clauses(clauses) {
                    let saved = self.open_scope();
                    if let Some(comm) = clause.comm {
                        self.stmt(comm);
                    }
                    self.stmts(clause.body);
                    self.ctx.scope = saved;
                }
            }
        }
    }

    fn unused_what(&self, x: &Operand) -> String {
        match x.mode {
            Mode::Type => "type".to_owned(),
            Mode::Builtin => "built-in".to_owned(),
            Mode::Constant if self.store.is_untyped(x.ty) => {
                format!("{} constant", self.type_str(x.ty))
            }
            Mode::Constant => format!("constant of type {}", self.type_str(x.ty)),
            Mode::Variable => format!("variable of type {}", self.type_str(x.ty)),
            _ => format!("value of type {}", self.type_str(x.ty)),
        }
    }

    /// The condition of an `if` or `for` statement (`what`).
    fn condition(&mut self, cond: ExprId, what: &str) {
        let x = self.expr(cond);
        if x.mode != Mode::Invalid && !self.store.all_basic(x.ty, |k| k.is_boolean()) {
            self.error(
                self.pos_of(cond),
                format!("non-boolean condition in {what} statement"),
            );
        }
    }

    fn return_stmt(&mut self, pos: goescape_syntax::Pos, results: Option<ExprId>) {
        let Some(sig) = self.ctx.sig else { return };
        let Some(s) = self.store.signature(sig) else {
            return;
        };
        let vars = self.store.tuple_vars(s.results).to_vec();
        let file = self.file();
        let values: Vec<ExprId> = file.unpack_list(results).collect();
        if values.is_empty() {
            let named = vars
                .first()
                .is_some_and(|&v| !self.store.obj(v).name.is_empty());
            if !vars.is_empty() && !named {
                let want: Vec<String> = vars
                    .iter()
                    .map(|&v| self.type_str(self.store.obj_type(v)))
                    .collect();
                let msg = format!(
                    "not enough return values\n\thave ()\n\twant ({})",
                    want.join(", ")
                );
                self.error(pos, msg);
            }
            return;
        }
        let targets: Vec<TypeId> = vars.iter().map(|&v| self.store.obj_type(v)).collect();
        self.assign_values(&values, &targets, "return statement", pos);
    }

    /// Assigns `values` to variables of types `targets`.
    fn assign_values(
        &mut self,
        values: &[ExprId],
        targets: &[TypeId],
        context: &str,
        pos: goescape_syntax::Pos,
    ) {
        if values.len() == targets.len() {
            for (&v, &t) in values.iter().zip(targets) {
                let mut x = self.expr_with_hint(v, Some(t));
                self.assign_to(&mut x, t, context);
            }
            return;
        }
        if values.len() == 1 {
            if let Some(ops) = self.unpack_values(values, targets.len()) {
                for (mut x, &t) in ops.into_iter().zip(targets) {
                    self.assign_to(&mut x, t, context);
                }
            }
            return;
        }
        for &v in values {
            self.raw_expr(v, None);
        }
        // gc points at the first extra value, or at the statement.
        if values.len() > targets.len() {
            self.error(self.pos_of(values[targets.len()]), "too many return values");
        } else {
            self.error(pos, "not enough return values");
        }
    }

    fn assign_stmt(&mut self, s: StmtId, op: AssignOp, lhs: ExprId, rhs: Option<ExprId>) {
        let file = self.file();
        let pos = file.stmt(s).pos;
        match op {
            AssignOp::Define => {
                let names: Vec<ExprId> = file.unpack_list(Some(lhs)).collect();
                let values: Vec<ExprId> = file.unpack_list(rhs).collect();
                self.short_var_decl(pos, &names, &values);
            }
            AssignOp::Assign => {
                let targets: Vec<ExprId> = file.unpack_list(Some(lhs)).collect();
                let values: Vec<ExprId> = file.unpack_list(rhs).collect();
                let types: Vec<Option<TypeId>> = targets
                    .iter()
                    .map(|&t| self.assignment_target(t, false))
                    .collect();
                if values.len() == targets.len() {
                    for (&v, t) in values.iter().zip(&types) {
                        let mut x = self.expr_with_hint(v, *t);
                        match t {
                            Some(t) => self.assign_to(&mut x, *t, "assignment"),
                            None => {
                                let d = self.store.default_type(x.ty);
                                self.convert_untyped(&mut x, d);
                            }
                        }
                    }
                } else if let Some(ops) = self.unpack_values(&values, targets.len()) {
                    for (mut x, t) in ops.into_iter().zip(&types) {
                        if let Some(t) = t {
                            self.assign_to(&mut x, *t, "assignment");
                        }
                    }
                }
            }
            AssignOp::Op(op) => {
                let Some(target) = self.assignment_target(lhs, true) else {
                    return;
                };
                let _ = target;
                // `x op= y` checks as `x = x op y`, with `1` for `x++`.
                let x = self.records[self.ctx.file]
                    .get(lhs.index())
                    .cloned()
                    .flatten();
                let mut y = match rhs {
                    Some(r) => self.expr(r),
                    None => Operand::constant(
                        TypeId::basic(BasicKind::UntypedInt),
                        crate::constant::Value::from_i64(1),
                        lhs,
                    ),
                };
                let Some(x) = x else { return };
                if y.mode == Mode::Invalid {
                    return;
                }
                if matches!(op, Operator::Shl | Operator::Shr) {
                    if rhs.is_some() && self.store.is_untyped(y.ty) && y.mode != Mode::Constant {
                        self.convert_untyped(&mut y, TypeId::basic(BasicKind::Uint));
                    }
                    return;
                }
                if rhs.is_none() {
                    if !self.store.all_basic(x.ty, |k| k.is_numeric()) {
                        self.error(
                            pos,
                            format!(
                                "invalid operation: {}{} (non-numeric type {})",
                                self.expr_text(lhs),
                                if op == Operator::Add { "++" } else { "--" },
                                self.type_str(x.ty)
                            ),
                        );
                    }
                    return;
                }
                self.convert_untyped(&mut y, x.ty);
                if y.mode != Mode::Invalid && !self.store.identical(x.ty, y.ty) {
                    self.error(
                        pos,
                        format!(
                            "invalid operation: {} {}= {} (mismatched types {} and {})",
                            self.expr_text(lhs),
                            op.as_str(),
                            rhs.map(|r| self.expr_text(r)).unwrap_or_default(),
                            self.type_str(x.ty),
                            self.type_str(y.ty)
                        ),
                    );
                }
            }
        }
    }

    /// Checks the left-hand side of an assignment; `None` for the blank
    /// identifier (and invalid targets).
    /// Assigning to a variable is no use of it, unless `counts_as_use`
    /// (`x += 1` reads `x`).
    fn assignment_target(&mut self, e: ExprId, counts_as_use: bool) -> Option<TypeId> {
        let file = self.file();
        let name = file.ident(file.unparen(e));
        if name == Some("_") {
            return None;
        }
        let var = name
            .and_then(|n| {
                self.scopes.lookup_parent(
                    self.store,
                    self.ctx.scope,
                    crate::model::Symbol::intern(n),
                )
            })
            .filter(|v| !self.used.contains(v));
        let x = self.expr(e);
        if let (Some(var), false) = (var, counts_as_use) {
            self.used.remove(&var);
        }
        match x.mode {
            Mode::Invalid => None,
            Mode::Variable | Mode::MapIndex => Some(x.ty),
            _ => {
                self.error(
                    self.pos_of(e),
                    format!(
                        "cannot assign to {} (neither addressable nor a map index expression)",
                        self.expr_text(e)
                    ),
                );
                None
            }
        }
    }

    fn short_var_decl(&mut self, pos: goescape_syntax::Pos, names: &[ExprId], values: &[ExprId]) {
        let scope = self.ctx.scope;
        // Existing variables of this scope are assigned, the others new.
        let mut targets: Vec<(Option<ObjId>, bool)> = Vec::new();
        let mut any_new = false;
        for &n in names {
            let name = self.name_of(n);
            if self.file().ident(n).is_none() {
                self.error(
                    self.pos_of(n),
                    format!("non-name {} on left side of :=", self.expr_text(n)),
                );
                targets.push((None, false));
                continue;
            }
            let existing = if name.is_blank() {
                None
            } else {
                self.scopes.scope(scope).and_then(|s| s.lookup(name))
            };
            match existing {
                Some(obj) => {
                    self.record_use(n, obj);
                    targets.push((Some(obj), false));
                }
                None => {
                    any_new |= !name.is_blank();
                    targets.push((None, true));
                }
            }
        }
        if !any_new {
            self.error(pos, "no new variables on left side of :=");
        }
        let declared: Vec<Option<TypeId>> = targets
            .iter()
            .map(|(obj, _)| obj.map(|o| self.store.obj_type(o)))
            .collect();
        let types: Vec<TypeId> = if values.len() == names.len() {
            values
                .iter()
                .zip(&declared)
                .map(|(&v, d)| {
                    let mut x = self.expr_with_hint(v, *d);
                    self.var_type(&mut x, *d, "assignment")
                })
                .collect()
        } else {
            match self.unpack_values(values, names.len()) {
                Some(ops) => ops
                    .into_iter()
                    .zip(&declared)
                    .map(|(mut x, d)| self.var_type(&mut x, *d, "assignment"))
                    .collect(),
                None => vec![TypeId::INVALID; names.len()],
            }
        };
        let mut new_vars = Vec::new();
        for ((&n, (_, is_new)), ty) in names.iter().zip(&targets).zip(types) {
            if *is_new {
                let var = self.store.new_var(
                    VarKind::Local,
                    Some(self.pkg),
                    self.obj_pos(self.pos_of(n)),
                    self.name_of(n),
                    Some(ty),
                );
                self.record_def(n, var);
                new_vars.push((var, n));
            }
        }
        for (var, n) in new_vars {
            self.declare_local(var, self.pos_of(n));
        }
    }

    fn local_decls(&mut self, decls: goescape_syntax::DeclList) {
        let file = self.file();
        let mut inherited: HashMap<GroupId, (Option<ExprId>, Option<ExprId>)> = HashMap::new();
        for decl in file.decl_list(decls) {
            match &decl.kind {
                DeclKind::Const(spec) => {
                    let (ty, values) = match (spec.values, spec.group) {
                        (None, Some(group)) => {
                            inherited.get(&group).copied().unwrap_or((None, None))
                        }
                        _ => (spec.ty, spec.values),
                    };
                    if let Some(group) = spec.group {
                        inherited.insert(group, (ty, values));
                    }
                    let saved_iota = self
                        .ctx
                        .iota
                        .replace(crate::constant::Value::from_u64(u64::from(spec.iota)));
                    let mut objs = Vec::new();
                    for (i, &n) in file.expr_list(spec.names).iter().enumerate() {
                        let obj = self.store.new_const(
                            Some(self.pkg),
                            self.obj_pos(self.pos_of(n)),
                            self.name_of(n),
                            None,
                            None,
                        );
                        self.record_def(n, obj);
                        let value = file.unpack_list(values).nth(i);
                        self.const_decl(obj, ty, value);
                        objs.push((obj, n));
                    }
                    self.ctx.iota = saved_iota;
                    for (obj, n) in objs {
                        self.declare(self.ctx.scope, obj, self.pos_of(n));
                    }
                }
                DeclKind::Var(spec) => {
                    let names = file.expr_list(spec.names);
                    let declared = spec.ty.map(|t| self.type_expr(t));
                    let values: Vec<ExprId> = file.unpack_list(spec.values).collect();
                    let types = if values.is_empty() {
                        vec![declared.unwrap_or(TypeId::INVALID); names.len()]
                    } else {
                        self.multi_value_types(&values, names.len(), declared)
                    };
                    let vars: Vec<(ObjId, ExprId)> = names
                        .iter()
                        .zip(types)
                        .map(|(&n, ty)| {
                            (
                                self.store.new_var(
                                    VarKind::Local,
                                    Some(self.pkg),
                                    self.obj_pos(self.pos_of(n)),
                                    self.name_of(n),
                                    Some(ty),
                                ),
                                n,
                            )
                        })
                        .collect();
                    for (var, n) in vars {
                        self.record_def(n, var);
                        self.declare_local(var, self.pos_of(n));
                    }
                }
                DeclKind::Type(spec) => {
                    let obj = self.store.new_type_name(
                        Some(self.pkg),
                        self.obj_pos(self.pos_of(spec.name)),
                        self.name_of(spec.name),
                    );
                    self.record_def(spec.name, obj);
                    self.declare(self.ctx.scope, obj, self.pos_of(spec.name));
                    let saved = self.ctx.scope;
                    self.type_decl(obj, spec);
                    self.ctx.scope = saved;
                }
                DeclKind::Import(_) | DeclKind::Func(_) => {}
            }
        }
    }

    fn range_clause(&mut self, lhs: Option<ExprId>, define: bool, x: ExprId) {
        let mut v = self.expr(x);
        let (key, value) = self.range_types(&mut v, x);
        let file = self.file();
        let targets: Vec<ExprId> = file.unpack_list(lhs).collect();
        let types = [key, value];
        if define {
            let mut vars = Vec::new();
            for (i, &t) in targets.iter().enumerate() {
                let ty = types.get(i).copied().flatten().unwrap_or(TypeId::INVALID);
                let var = self.store.new_var(
                    VarKind::Local,
                    Some(self.pkg),
                    self.obj_pos(self.pos_of(t)),
                    self.name_of(t),
                    Some(ty),
                );
                vars.push((var, t));
            }
            for (var, t) in vars {
                if let ExprKind::Name(_) = file.expr(t).kind {
                    self.record_def(t, var);
                }
                self.declare_local(var, self.pos_of(t));
            }
        } else {
            for (i, &t) in targets.iter().enumerate() {
                let target = self.assignment_target(t, false);
                if let (Some(target), Some(Some(ty))) = (target, types.get(i)) {
                    let mut op = Operand::new(Mode::Value, *ty, t);
                    op.expr = None;
                    self.assign_to(&mut op, target, "range");
                }
            }
        }
    }

    /// The key and value types of ranging over `x`.
    fn range_types(&mut self, x: &mut Operand, e: ExprId) -> (Option<TypeId>, Option<TypeId>) {
        if x.mode == Mode::Invalid {
            return (None, None);
        }
        // An untyped integer becomes an int; an untyped string keeps its
        // untyped record (go/types).
        if self.store.is_untyped(x.ty) {
            let t = self.store.default_type(x.ty);
            if self.store.all_basic(x.ty, |k| k.is_string()) {
                x.ty = t;
            } else {
                self.convert_untyped(x, t);
            }
        }
        let int = TypeId::basic(BasicKind::Int);
        let core = self.store.core_type(x.ty).unwrap_or(TypeId::INVALID);
        match self.store.ty(core) {
            Type::Basic(b) if b.kind.is_string() => (Some(int), Some(TypeId::RUNE)),
            Type::Basic(b) if b.kind.is_integer() => (Some(x.ty), None),
            Type::Slice(elem) | Type::Array { elem, .. } => (Some(int), Some(*elem)),
            Type::Pointer(p) => match self.store.ty(self.store.underlying(*p)) {
                Type::Array { elem, .. } => (Some(int), Some(*elem)),
                _ => self.cannot_range(x, e),
            },
            Type::Map { key, elem } => (Some(*key), Some(*elem)),
            Type::Chan { elem, .. } => (Some(*elem), None),
            Type::Signature(s) => {
                // Range-over-func: `func(yield func(K[, V]) bool)`.
                let params = self.store.tuple_vars(s.params);
                let yield_ty = params.first().map(|&p| self.store.obj_type(p));
                let yield_params = yield_ty
                    .and_then(|y| self.store.signature(self.store.underlying(y)))
                    .map(|ys| {
                        self.store
                            .tuple_vars(ys.params)
                            .iter()
                            .map(|&v| self.store.obj_type(v))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                (yield_params.first().copied(), yield_params.get(1).copied())
            }
            _ => self.cannot_range(x, e),
        }
    }

    fn cannot_range(&mut self, x: &Operand, e: ExprId) -> (Option<TypeId>, Option<TypeId>) {
        self.error(
            self.pos_of(e),
            format!("cannot range over {}", self.describe(x)),
        );
        (None, None)
    }

    fn expr_switch(&mut self, tag: Option<ExprId>, clauses: goescape_syntax::CaseClauseList) {
        let tag_operand = tag.map(|t| {
            let mut x = self.expr(t);
            if self.store.is_untyped(x.ty) {
                let d = self.store.default_type(x.ty);
                self.convert_untyped(&mut x, d);
            }
            x
        });
        let file = self.file();
        for clause in file.case_clauses(clauses) {
            for c in file.unpack_list(clause.cases) {
                // Untyped case values take the tag's type (bool without one).
                let mut v = self.expr(c);
                match &tag_operand {
                    Some(t) if t.mode != Mode::Invalid => {
                        self.convert_untyped(&mut v, t.ty);
                        // Comparing with an interface tag converts the
                        // case value.
                        let converts = self.store.is_non_type_param_interface(t.ty)
                            && !self.store.is_non_type_param_interface(v.ty)
                            && v.mode != Mode::Nil
                            && v.mode != Mode::Invalid;
                        if let (true, Some(ve)) = (converts, v.expr) {
                            self.to_interface[self.ctx.file].push((ve, t.ty));
                        }
                    }
                    None => self.convert_untyped(&mut v, TypeId::basic(BasicKind::Bool)),
                    _ => {}
                }
            }
            let saved = self.open_scope();
            self.stmts(clause.body);
            self.ctx.scope = saved;
        }
    }

    fn type_switch(
        &mut self,
        lhs: Option<ExprId>,
        x: ExprId,
        clauses: goescape_syntax::CaseClauseList,
    ) {
        let v = self.expr(x);
        if v.mode != Mode::Invalid && !self.store.is_non_type_param_interface(v.ty) {
            self.error(
                self.pos_of(x),
                format!("{} is not an interface", self.describe(&v)),
            );
        }
        let file = self.file();
        // The symbolic variable of `v := x.(type)`, one per clause.
        let mut clause_vars = Vec::new();
        for clause in file.case_clauses(clauses) {
            let mut single = None;
            let mut count = 0;
            for c in file.unpack_list(clause.cases) {
                let t = self.expr_or_type(c);
                count += 1;
                single = match t.mode {
                    Mode::Type => Some(t.ty),
                    Mode::Nil => Some(v.ty),
                    _ => Some(TypeId::INVALID),
                };
            }
            let saved = self.open_scope();
            if let Some(name) = lhs {
                let ty = if count == 1 {
                    single.unwrap_or(v.ty)
                } else {
                    v.ty
                };
                // Declared at the symbolic variable (go/types, types2).
                let var = self.store.new_var(
                    VarKind::Local,
                    Some(self.pkg),
                    self.obj_pos(self.pos_of(name)),
                    self.name_of(name),
                    Some(ty),
                );
                self.declare(self.ctx.scope, var, self.pos_of(name));
                self.implicits[self.ctx.file].push((clause.pos, var));
                clause_vars.push(var);
            }
            self.stmts(clause.body);
            self.ctx.scope = saved;
        }
        if let Some(name) = lhs {
            let used = clause_vars.iter().any(|v| self.used.contains(v));
            let blank = self.name_of(name).is_blank();
            if !used && !blank {
                let msg = format!("{} declared and not used", self.name_of(name));
                self.error(self.pos_of(name), msg);
            }
        }
    }
}

use crate::model::ScopeId;
