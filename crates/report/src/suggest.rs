//! Fixes per cause: for a package's heap allocations and leaks, advice
//! tied to the evidence that the cause is the one the advice cures (the
//! `fmt` function boxing a value, the loop an append grows in, the size
//! of a variable, ...).
//!
//! A rule fires only on what the findings, the syntax tree and the types
//! show, never on a likely story: rules that read explanations (flows,
//! `-m=2`) stay silent on a report without them. A finding gets at most
//! one suggestion, from the first rule of [`Rule::ALL`] that fires.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use goescape_escape::{Explanation, Finding, Kind, Outcome, ParamLeak, Place, Reason};
use goescape_ir::Pos;
use goescape_pipeline::{Files, PackageReport};
use goescape_syntax::walk::{self, Node, Visitor};
use goescape_syntax::{
    AssignOp, DeclKind, ExprId, ExprKind, ExprList, File, Operator, StmtId, StmtKind,
};
use goescape_types::check::{CheckedFile, SelectionKind, SelectionRecord};
use goescape_types::model::{Builtin, ObjId, ObjKind, Store, Type, TypeId};

use crate::location::report_file;

/// Advice on one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The finding's index in the report's findings.
    pub finding: usize,
    pub rule: Rule,
    pub evidence: Evidence,
}

/// The causes suggestions are given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A variable or allocation larger than gc puts on the stack.
    TooLargeForStack,
    /// A value boxed for the `...any` parameter of a `fmt` function.
    FmtBoxing,
    /// A non-pointer value boxed by `sync.Pool.Put`.
    PoolPutValue,
    /// An address that outlives its frame because it is returned.
    ReturnPointer,
    /// A variable captured by reference by a closure that outlives it.
    CaptureByReference,
    /// A slice grown by `append` in a loop of known length.
    PresizeAppend,
    /// A non-escaping `make` whose size is not a constant.
    VariableSizeMake,
    /// A parameter leaking through a call gc cannot see through.
    DynamicCallLeak,
}

impl Rule {
    /// Every rule, in the order they are tried on a finding.
    pub const ALL: [Rule; 8] = [
        Rule::TooLargeForStack,
        Rule::FmtBoxing,
        Rule::PoolPutValue,
        Rule::ReturnPointer,
        Rule::CaptureByReference,
        Rule::PresizeAppend,
        Rule::VariableSizeMake,
        Rule::DynamicCallLeak,
    ];

    /// The rule's stable name.
    pub fn id(self) -> &'static str {
        match self {
            Rule::TooLargeForStack => "too-large-for-stack",
            Rule::FmtBoxing => "fmt-boxing",
            Rule::PoolPutValue => "pool-put-value",
            Rule::ReturnPointer => "return-pointer",
            Rule::CaptureByReference => "capture-by-reference",
            Rule::PresizeAppend => "presize-append",
            Rule::VariableSizeMake => "variable-size-make",
            Rule::DynamicCallLeak => "dynamic-call-leak",
        }
    }
}

/// What shows that a rule's cause is the finding's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The explanation names the size as the reason; `bytes` when the
    /// types give it.
    TooLarge { bytes: Option<i64> },
    /// A value of type `ty` is converted to `any`, allocating, for the
    /// variadic parameter of `callee` (`fmt.Sprintf`).
    FmtArgument { callee: String, ty: String },
    /// The value put in a `sync.Pool` is of type `ty`, not a pointer.
    PoolPut { ty: String },
    /// The address reaches a result through the return at `at`.
    Returned { at: Pos },
    /// The closure that uses `var` at `at` holds its address.
    CapturedByReference { var: String, at: Pos },
    /// `slice` (of type `ty`) starts without capacity and is appended to
    /// in the loop at `at`, which runs `count` times at most.
    AppendInLoop {
        slice: String,
        ty: String,
        count: String,
        at: Pos,
    },
    /// The size, `size`, is not a constant.
    NonConstantSize { size: String },
    /// The parameter is passed to `call`, a call through an interface
    /// method or a func value.
    DynamicCall { call: String, callee: DynamicCallee },
}

/// How a call is made when gc cannot tell which function it reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DynamicCallee {
    InterfaceMethod,
    FuncValue,
}

impl Suggestion {
    /// The advice in one line.
    pub fn text(&self) -> String {
        match &self.evidence {
            Evidence::TooLarge { bytes: Some(bytes) } => format!(
                "{bytes} bytes is too large for the stack: reuse it (a sync.Pool, a buffer the caller keeps) or work in smaller pieces"
            ),
            Evidence::TooLarge { bytes: None } => "too large for the stack: reuse it (a sync.Pool, a buffer the caller keeps) or work in smaller pieces".to_owned(),
            Evidence::FmtArgument { callee, ty } => format!(
                "{ty} value boxed for {callee}'s ...any parameter: format it with strconv (strconv.Itoa, strconv.AppendInt) or an append-style API"
            ),
            Evidence::PoolPut { ty } => format!(
                "{ty} value boxed on every sync.Pool.Put: pool pointers (*{ty}) instead"
            ),
            Evidence::Returned { .. } => {
                "its address is returned: return the value, or let the caller pass the destination".to_owned()
            }
            Evidence::CapturedByReference { var, .. } => format!(
                "{var} is captured by reference by a closure that outlives the call: if the closure needs only its value, pass it as an argument"
            ),
            Evidence::AppendInLoop {
                slice, ty, count, ..
            } => format!(
                "{slice} grows one append at a time in a loop of at most {count} iterations: pre-size it with make({ty}, 0, {count})"
            ),
            Evidence::NonConstantSize { size } => format!(
                "the size {size} is not a constant, so beyond 32 bytes it is allocated on the heap: give it a constant capacity bound, or reuse a buffer"
            ),
            Evidence::DynamicCall { call, callee } => {
                let through = match callee {
                    DynamicCallee::InterfaceMethod => "an interface method",
                    DynamicCallee::FuncValue => "a func value",
                };
                format!(
                    "leaks through {call}, a call of {through} gc cannot see through: call a concrete type's method or a known function"
                )
            }
        }
    }
}

/// The suggestions for `report`'s findings (at most one each, in the
/// findings' order), its positions placed in `files`, its types in
/// `store`.
pub fn suggestions(report: &PackageReport, files: Files<'_>, store: &Store) -> Vec<Suggestion> {
    let mut explanations: HashMap<_, Vec<_>> = HashMap::new();
    for finding in &report.findings {
        if let Kind::Explanation(explanation) = &finding.kind {
            explanations
                .entry((finding.pos, &finding.func))
                .or_default()
                .push(explanation);
        }
    }
    let context = Context {
        report,
        files,
        store,
        explanations,
        indexes: report.files.iter().map(|_| OnceCell::new()).collect(),
    };
    report
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, finding)| {
            Rule::ALL.iter().find_map(|&rule| {
                Some(Suggestion {
                    finding: i,
                    rule,
                    evidence: context.evidence(rule, finding)?,
                })
            })
        })
        .collect()
}

/// What the rules read, with the syntax indexes built on first need.
struct Context<'a> {
    report: &'a PackageReport,
    files: Files<'a>,
    store: &'a Store,
    /// The explanations by the position and function of the finding they
    /// explain.
    explanations: HashMap<(Pos, &'a String), Vec<&'a Explanation>>,
    /// By the report's file index, built on first need.
    indexes: Vec<OnceCell<Option<FileIndex<'a>>>>,
}

impl<'a> Context<'a> {
    fn evidence(&self, rule: Rule, finding: &'a Finding) -> Option<Evidence> {
        match rule {
            Rule::TooLargeForStack => self.too_large(finding),
            Rule::FmtBoxing => self.fmt_boxing(finding),
            Rule::PoolPutValue => self.pool_put_value(finding),
            Rule::ReturnPointer => self.returned(finding),
            Rule::CaptureByReference => self.captured_by_reference(finding),
            Rule::PresizeAppend => self.append_in_loop(finding),
            Rule::VariableSizeMake => self.variable_size_make(finding),
            Rule::DynamicCallLeak => self.dynamic_call(finding),
        }
    }

    fn too_large(&self, finding: &'a Finding) -> Option<Evidence> {
        let explanation = self.heap_explanation(finding)?;
        let said = explanation
            .steps()
            .any(|step| matches!(step.why, Reason::TooLargeForStack { .. }));
        if !said {
            return None;
        }
        let bytes = self.subject(finding).and_then(|(index, expr)| {
            let store = self.store;
            let sizes = store.sizes();
            if let Some(obj) = index.object(expr) {
                return sizes.size_of(store, store.obj_type(obj));
            }
            match store.ty(store.underlying(index.type_of(expr)?)) {
                Type::Pointer(elem) => sizes.size_of(store, *elem),
                _ => None,
            }
        });
        Some(Evidence::TooLarge { bytes })
    }

    fn fmt_boxing(&self, finding: &'a Finding) -> Option<Evidence> {
        let (index, arg) = self.escaping_subject(finding)?;
        let (call, position) = index.argument_of(arg)?;
        let ExprKind::Call { fun, has_dots, .. } = index.file.syntax.expr(call).kind else {
            return None;
        };
        let callee = index.callee(fun)?;
        let store = self.store;
        let object = store.obj(callee);
        if !matches!(object.kind, ObjKind::Func(_)) || store.pkg_path(object.pkg) != "fmt" {
            return None;
        }
        let Type::Signature(signature) = store.ty(store.obj_type(callee)) else {
            return None;
        };
        let Type::Tuple(params) = store.ty(signature.params) else {
            return None;
        };
        let in_variadic = signature.variadic && !has_dots && position + 1 >= params.vars.len();
        if !in_variadic || !index.boxing_allocates(arg, store) {
            return None;
        }
        Some(Evidence::FmtArgument {
            callee: format!("fmt.{}", object.name.as_str()),
            ty: self.type_string(index.type_of(arg)?),
        })
    }

    fn pool_put_value(&self, finding: &'a Finding) -> Option<Evidence> {
        let (index, arg) = self.escaping_subject(finding)?;
        let (call, 0) = index.argument_of(arg)? else {
            return None;
        };
        let ExprKind::Call { fun, .. } = index.file.syntax.expr(call).kind else {
            return None;
        };
        let method = index.callee(fun)?;
        let store = self.store;
        let object = store.obj(method);
        let Type::Signature(signature) = store.ty(store.obj_type(method)) else {
            return None;
        };
        let recv = store.obj_type(signature.recv?);
        let full_path = goescape_types::model::FullPath;
        let is_put = object.name.as_str() == "Put"
            && store.type_string(recv, &full_path) == "*sync.Pool"
            && index.boxing_allocates(arg, store);
        if !is_put {
            return None;
        }
        let ty = index.type_of(arg)?;
        Some(Evidence::PoolPut {
            ty: self.type_string(ty),
        })
    }

    fn returned(&self, finding: &'a Finding) -> Option<Evidence> {
        // A variable, `&T{...}` or `new(T)`: what can be returned by value.
        if let Kind::Alloc { .. } = finding.kind {
            let (index, expr) = self.subject(finding)?;
            let pointer = match index.file.syntax.expr(expr).kind {
                ExprKind::Unary { op, .. } => op == Operator::And,
                ExprKind::Call { fun, .. } => index.is_builtin(fun, Builtin::New, self.store),
                _ => false,
            };
            if !pointer {
                return None;
            }
        }
        let explanation = self.heap_explanation(finding)?;
        let last = explanation.flows.last()?;
        if !matches!(last.dst, Place::Var(_)) {
            return None;
        }
        let step = last.steps.iter().find(|step| step.why == Reason::Return)?;
        // Through an interface result the value would be boxed anyway.
        let index = self.index(step.at.file)?;
        let &stmt = index.returns.get(&step.at.offset)?;
        let StmtKind::Return { results } = index.file.syntax.stmt(stmt).kind else {
            return None;
        };
        let unnamed = match &last.dst {
            Place::Var(name) => name
                .strip_prefix("~r")
                .and_then(|n| n.parse::<usize>().ok()),
            _ => None,
        };
        let through_interface = index
            .file
            .syntax
            .unpack_list(results)
            .enumerate()
            .filter(|&(i, _)| unnamed.is_none_or(|n| n == i))
            .any(|(_, result)| index.converted_to_interface(result));
        (!through_interface).then_some(Evidence::Returned { at: step.at })
    }

    fn captured_by_reference(&self, finding: &'a Finding) -> Option<Evidence> {
        let Kind::MovedToHeap { var } = &finding.kind else {
            return None;
        };
        // A variable of the source, which can be passed: not one gc
        // introduces (`#rv1` of a range-over-func loop).
        let (index, name) = self.subject(finding)?;
        if index.file.syntax.ident(name) != Some(var.as_str()) {
            return None;
        }
        let explanation = self.heap_explanation(finding)?;
        let first = explanation.flows.first()?;
        let by_reference = first.derefs == -1 && first.src == Place::Var(var.clone());
        let step = first
            .steps
            .iter()
            .find(|step| step.why == Reason::CapturedByClosure)?;
        by_reference.then(|| Evidence::CapturedByReference {
            var: var.clone(),
            at: step.at,
        })
    }

    fn append_in_loop(&self, finding: &'a Finding) -> Option<Evidence> {
        if !matches!(&finding.kind, Kind::Alloc { subject, .. } if subject == "append") {
            return None;
        }
        let (index, call, args) = self.builtin_call(finding, Builtin::Append)?;
        let syntax = &index.file.syntax;
        let &slice_arg = syntax.expr_list(args).first()?;
        let slice = index.object(slice_arg)?;
        // `slice = append(slice, ...)`: the append grows `slice` itself.
        let Node::Stmt(assign) = index.parent_skipping_parens(call)? else {
            return None;
        };
        let StmtKind::Assign {
            op: AssignOp::Assign,
            lhs,
            ..
        } = syntax.stmt(assign).kind
        else {
            return None;
        };
        if index.object(lhs) != Some(slice) {
            return None;
        }
        let (loop_stmt, count) = index.counted_loop(assign, self.store)?;
        let declared = self.store.obj(slice).pos?;
        let declared_before_loop = declared.file == index.file.id
            && declared.offset < syntax.stmt(loop_stmt).pos.0
            && index.declared_empty(declared.offset);
        if !declared_before_loop {
            return None;
        }
        Some(Evidence::AppendInLoop {
            slice: self.store.obj(slice).name.as_str().to_owned(),
            ty: self.type_string(self.store.obj_type(slice)),
            count,
            at: Pos {
                file: finding.pos.file,
                offset: syntax.stmt(loop_stmt).pos.0,
            },
        })
    }

    fn variable_size_make(&self, finding: &'a Finding) -> Option<Evidence> {
        if !matches!(&finding.kind, Kind::Alloc { escapes: false, .. }) {
            return None;
        }
        let (index, call, args) = self.builtin_call(finding, Builtin::Make)?;
        let syntax = &index.file.syntax;
        let store = self.store;
        let made = index.type_of(call)?;
        if !matches!(store.ty(store.underlying(made)), Type::Slice(_)) {
            return None;
        }
        // The capacity when given, else the length, bounds the storage.
        let &size = syntax.expr_list(args).get(1..)?.last()?;
        let recorded = index.file.types.get(size.index())?.as_ref()?;
        recorded.value.is_none().then(|| Evidence::NonConstantSize {
            size: syntax.text(syntax.expr(size).span).into_owned(),
        })
    }

    fn dynamic_call(&self, finding: &'a Finding) -> Option<Evidence> {
        if !matches!(
            finding.kind,
            Kind::Param {
                leak: ParamLeak::Heap { .. },
                ..
            }
        ) {
            return None;
        }
        let explanation = self.explanations_of(finding).iter().copied().find(|e| {
            matches!(
                e.outcome,
                Outcome::Leaks {
                    to: Place::Heap,
                    ..
                }
            )
        })?;
        let step = explanation
            .flows
            .last()?
            .steps
            .iter()
            .find(|step| step.why == Reason::UnknownCalleeParameter)?;
        let index = self.index(step.at.file)?;
        let call = *index.by_pos.get(&step.at.offset)?;
        let syntax = &index.file.syntax;
        let ExprKind::Call { fun, .. } = syntax.expr(call).kind else {
            return None;
        };
        let callee = index.dynamic_callee(fun, self.store)?;
        Some(Evidence::DynamicCall {
            call: syntax.text(syntax.expr(call).span).into_owned(),
            callee,
        })
    }

    /// The explanations of `finding`'s position and function.
    fn explanations_of(&self, finding: &'a Finding) -> &[&'a Explanation] {
        self.explanations
            .get(&(finding.pos, &finding.func))
            .map_or(&[], Vec::as_slice)
    }

    /// Why `finding`, a heap allocation or a variable moved to the heap,
    /// is there.
    fn heap_explanation(&self, finding: &'a Finding) -> Option<&'a Explanation> {
        if !matches!(
            finding.kind,
            Kind::MovedToHeap { .. } | Kind::Alloc { escapes: true, .. }
        ) {
            return None;
        }
        self.explanations_of(finding)
            .iter()
            .copied()
            .find(|e| matches!(e.outcome, Outcome::Escapes { .. }))
    }

    /// The expression `finding` is about, when it escapes.
    fn escaping_subject(&self, finding: &'a Finding) -> Option<(&FileIndex<'a>, ExprId)> {
        if !matches!(finding.kind, Kind::Alloc { escapes: true, .. }) {
            return None;
        }
        self.subject(finding)
    }

    /// The call of `builtin` `finding` is about, with its arguments.
    fn builtin_call(
        &self,
        finding: &'a Finding,
        builtin: Builtin,
    ) -> Option<(&FileIndex<'a>, ExprId, ExprList)> {
        let (index, call) = self.subject(finding)?;
        let ExprKind::Call { fun, args, .. } = index.file.syntax.expr(call).kind else {
            return None;
        };
        index
            .is_builtin(fun, builtin, self.store)
            .then_some((index, call, args))
    }

    /// The expression `finding` is about: the one whose source text is
    /// its span, else (gc names some subjects by a position alone) the
    /// one at its position.
    fn subject(&self, finding: &'a Finding) -> Option<(&FileIndex<'a>, ExprId)> {
        let index = self.index(finding.pos.file)?;
        let expr = match finding.span {
            Some(span) => index.by_span.get(&(span.start, span.end)),
            None => index.by_pos.get(&finding.pos.offset),
        };
        Some((index, *expr?))
    }

    /// The syntax index of the report's file `file`.
    fn index(&self, file: u32) -> Option<&FileIndex<'a>> {
        self.indexes
            .get(file as usize)?
            .get_or_init(|| report_file(self.report, self.files, file).map(FileIndex::new))
            .as_ref()
    }

    fn type_string(&self, ty: TypeId) -> String {
        let store = self.store;
        let by_name = |pkg| store.package(pkg).name.as_str().to_owned();
        store.type_string(ty, &by_name)
    }
}

/// One checked file, with what the rules look up in its tree.
struct FileIndex<'a> {
    file: &'a CheckedFile,
    /// Expressions by their source text's extent (the innermost of
    /// several with the same extent).
    by_span: HashMap<(u32, u32), ExprId>,
    /// Expressions by their position (gc's: a call's at its `(`), the
    /// innermost of several at one position.
    by_pos: HashMap<u32, ExprId>,
    /// Names by where they start.
    names: HashMap<u32, ExprId>,
    /// Return statements by their position.
    returns: HashMap<u32, StmtId>,
    /// The expressions converted to an interface.
    to_interface: HashSet<ExprId>,
    /// The selections of selector expressions.
    selections: HashMap<ExprId, &'a SelectionRecord>,
    expr_parents: Vec<Option<Node>>,
    stmt_parents: Vec<Option<Node>>,
}

impl<'a> FileIndex<'a> {
    fn new(file: &'a CheckedFile) -> FileIndex<'a> {
        let syntax = &file.syntax;
        let mut builder = IndexBuilder {
            index: FileIndex {
                file,
                by_span: HashMap::new(),
                by_pos: HashMap::new(),
                names: HashMap::new(),
                returns: HashMap::new(),
                to_interface: file.to_interface.iter().map(|&(e, _)| e).collect(),
                selections: file.selections.iter().map(|(e, s)| (*e, s)).collect(),
                expr_parents: vec![None; syntax.expr_count()],
                stmt_parents: vec![None; syntax.stmt_count()],
            },
            open: Vec::new(),
        };
        walk::walk_file(syntax, &mut builder);
        builder.index
    }

    fn parent(&self, node: Node) -> Option<Node> {
        match node {
            Node::Expr(id) => self.expr_parents[id.index()],
            Node::Stmt(id) => self.stmt_parents[id.index()],
            _ => None,
        }
    }

    /// The parent of `expr` outside any parentheses around it.
    fn parent_skipping_parens(&self, expr: ExprId) -> Option<Node> {
        let mut node = Node::Expr(expr);
        loop {
            let parent = self.parent(node)?;
            match parent {
                Node::Expr(id)
                    if matches!(self.file.syntax.expr(id).kind, ExprKind::Paren { .. }) =>
                {
                    node = parent;
                }
                _ => return Some(parent),
            }
        }
    }

    /// The call `expr` is an argument of, and its place among the
    /// arguments.
    fn argument_of(&self, expr: ExprId) -> Option<(ExprId, usize)> {
        let syntax = &self.file.syntax;
        let mut arg = expr;
        while let Some(Node::Expr(parent)) = self.parent(Node::Expr(arg)) {
            match syntax.expr(parent).kind {
                ExprKind::Paren { .. } => arg = parent,
                ExprKind::Call { fun, args, .. } if fun != arg => {
                    let position = syntax.expr_list(args).iter().position(|&a| a == arg)?;
                    return Some((parent, position));
                }
                _ => return None,
            }
        }
        None
    }

    fn object(&self, expr: ExprId) -> Option<ObjId> {
        self.file.objects.get(expr.index()).copied().flatten()
    }

    fn type_of(&self, expr: ExprId) -> Option<TypeId> {
        Some(self.file.types.get(expr.index())?.as_ref()?.ty)
    }

    fn converted_to_interface(&self, expr: ExprId) -> bool {
        self.to_interface.contains(&expr)
    }

    /// Whether converting `expr` to an interface allocates at run time
    /// (gc reports every escaping conversion, but a constant becomes
    /// read-only data, and a zero-sized or one-byte value points into a
    /// static table).
    fn boxing_allocates(&self, expr: ExprId, store: &Store) -> bool {
        let Some(Some(tv)) = self.file.types.get(expr.index()) else {
            return false;
        };
        let size = store.sizes().size_of(store, tv.ty);
        self.converted_to_interface(expr) && tv.value.is_none() && size.is_some_and(|s| s > 1)
    }

    /// The object a call's function names: `f`, `pkg.F`, `x.M`.
    fn callee(&self, fun: ExprId) -> Option<ObjId> {
        match self.file.syntax.expr(fun).kind {
            ExprKind::Paren { x } => self.callee(x),
            ExprKind::Name(_) => self.object(fun),
            ExprKind::Selector { sel, .. } => self.object(sel),
            _ => None,
        }
    }

    fn is_builtin(&self, fun: ExprId, builtin: Builtin, store: &Store) -> bool {
        self.callee(fun)
            .is_some_and(|obj| matches!(store.obj(obj).kind, ObjKind::Builtin(b) if b == builtin))
    }

    /// How `fun` is called when neither gc nor the types know the
    /// function: a method of an interface or a value of func type.
    fn dynamic_callee(&self, fun: ExprId, store: &Store) -> Option<DynamicCallee> {
        let syntax = &self.file.syntax;
        match syntax.expr(fun).kind {
            ExprKind::Paren { x } => self.dynamic_callee(x, store),
            ExprKind::Selector { .. } => {
                match self.selections.get(&fun) {
                    Some(s) if s.kind == SelectionKind::MethodVal => {
                        let recv = store.underlying(s.recv);
                        matches!(store.ty(recv), Type::Interface(_))
                            .then_some(DynamicCallee::InterfaceMethod)
                    }
                    Some(s) if s.kind == SelectionKind::FieldVal => Some(DynamicCallee::FuncValue),
                    Some(_) => None,
                    // A qualified identifier: a package's variable.
                    None => self.variable_callee(fun, store),
                }
            }
            ExprKind::Name(_) => self.variable_callee(fun, store),
            ExprKind::Index { .. } | ExprKind::Call { .. } => Some(DynamicCallee::FuncValue),
            _ => None,
        }
    }

    fn variable_callee(&self, fun: ExprId, store: &Store) -> Option<DynamicCallee> {
        let obj = self.callee(fun)?;
        matches!(store.obj(obj).kind, ObjKind::Var(_)).then_some(DynamicCallee::FuncValue)
    }

    /// The loop `stmt` is directly in (not through a function literal)
    /// when its iterations are counted before it starts, with that count
    /// as source text: `len(xs)` for a range over `xs`, `n` for
    /// `range n` and for `i < n; i++`.
    fn counted_loop(&self, stmt: StmtId, store: &Store) -> Option<(StmtId, String)> {
        let syntax = &self.file.syntax;
        let mut node = Node::Stmt(stmt);
        let loop_stmt = loop {
            node = self.parent(node)?;
            match node {
                Node::Stmt(id) if matches!(syntax.stmt(id).kind, StmtKind::For { .. }) => break id,
                Node::Expr(id) if matches!(syntax.expr(id).kind, ExprKind::FuncLit { .. }) => {
                    return None
                }
                Node::Decl(_) => return None,
                _ => {}
            }
        };
        let StmtKind::For {
            init, cond, post, ..
        } = syntax.stmt(loop_stmt).kind
        else {
            return None;
        };
        let text = |e: ExprId| syntax.text(syntax.expr(e).span).into_owned();
        if let Some(StmtKind::Range { x, .. }) = init.map(|s| syntax.stmt(s).kind) {
            let ranged = store.underlying(self.type_of(x)?);
            let counted = match store.ty(ranged) {
                Type::Slice(_) | Type::Array { .. } | Type::Map { .. } => {
                    format!("len({})", text(x))
                }
                Type::Pointer(elem)
                    if matches!(store.ty(store.underlying(*elem)), Type::Array { .. }) =>
                {
                    format!("len({})", text(x))
                }
                Type::Basic(basic) if basic.kind.is_string() => format!("len({})", text(x)),
                Type::Basic(basic) if basic.kind.is_integer() => text(x),
                _ => return None,
            };
            return Some((loop_stmt, counted));
        }
        // `for i := ...; i < n; i++`.
        let ExprKind::Binary {
            op: Operator::Lss,
            x: counter,
            y: bound,
        } = syntax.expr(cond?).kind
        else {
            return None;
        };
        let StmtKind::Assign {
            op: AssignOp::Op(Operator::Add),
            lhs,
            rhs: None,
        } = syntax.stmt(post?).kind
        else {
            return None;
        };
        let counter_obj = self.object(counter)?;
        (self.object(lhs) == Some(counter_obj)).then(|| (loop_stmt, text(bound)))
    }

    /// Whether the variable declared by the name at `offset` starts with
    /// no capacity: `var s []T`, `var s = []T{}`, `s := []T{}`.
    fn declared_empty(&self, offset: u32) -> bool {
        let syntax = &self.file.syntax;
        let Some(&name) = self.names.get(&offset) else {
            return false;
        };
        let empty_literal = |value: Option<ExprId>| {
            value.is_some_and(|v| {
                matches!(syntax.expr(v).kind, ExprKind::CompositeLit { elems, .. } if elems.is_empty())
            })
        };
        match self.parent(Node::Expr(name)) {
            Some(Node::Decl(decl)) => match &syntax.decl(decl).kind {
                DeclKind::Var(var) => {
                    var.names.len() == 1 && (var.values.is_none() || empty_literal(var.values))
                }
                _ => false,
            },
            Some(Node::Stmt(stmt)) => matches!(
                syntax.stmt(stmt).kind,
                StmtKind::Assign { op: AssignOp::Define, lhs, rhs } if lhs == name && empty_literal(rhs)
            ),
            _ => false,
        }
    }
}

/// Fills a [`FileIndex`] in one walk of the file.
struct IndexBuilder<'a> {
    index: FileIndex<'a>,
    /// The nodes entered and not yet left.
    open: Vec<Node>,
}

impl Visitor for IndexBuilder<'_> {
    fn enter(&mut self, file: &File, node: Node) -> bool {
        let parent = self.open.last().copied();
        match node {
            Node::Expr(id) => {
                self.index.expr_parents[id.index()] = parent;
                let expr = file.expr(id);
                self.index
                    .by_span
                    .insert((expr.span.start.0, expr.span.end.0), id);
                self.index.by_pos.insert(expr.pos.0, id);
                if let ExprKind::Name(_) = expr.kind {
                    self.index.names.insert(expr.span.start.0, id);
                }
            }
            Node::Stmt(id) => {
                self.index.stmt_parents[id.index()] = parent;
                let stmt = file.stmt(id);
                if let StmtKind::Return { .. } = stmt.kind {
                    self.index.returns.insert(stmt.pos.0, id);
                }
            }
            _ => {}
        }
        self.open.push(node);
        true
    }

    fn leave(&mut self, _: &File, _: Node) {
        self.open.pop();
    }
}
