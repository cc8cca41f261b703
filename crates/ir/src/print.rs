//! Expressions, statements and types printed the way gc prints nodes in
//! its messages (`&T{...}`, `make([]int, n)`, `... argument`,
//! `([]byte)(s)`): implicit conversions and address-ofs are invisible,
//! composite literals elide their elements.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::{BasicKind, ChanDir, PkgId, Store, Type, TypeId};

use crate::tree::{Callee, ExprId, ExprKind, Package, StmtId, StmtKind};

pub fn expr_string(pkg: &Package, store: &Store, e: ExprId) -> String {
    expr_string_in(pkg, pkg.id, store, e)
}

/// `e`, code of `pkg`, as gc prints it in package `home` (where `pkg`'s
/// code is inlined): names of `pkg`, its locals included, are qualified.
pub fn expr_string_in(pkg: &Package, home: PkgId, store: &Store, e: ExprId) -> String {
    let mut p = Printer {
        pkg,
        home,
        store,
        out: String::new(),
    };
    p.expr(e, 0);
    p.out
}

pub fn stmt_string(pkg: &Package, store: &Store, s: StmtId) -> String {
    let p = |e: ExprId| expr_string(pkg, store, e);
    let list = |l: &[ExprId]| l.iter().map(|&e| p(e)).collect::<Vec<_>>().join(", ");
    let targets = |l: &[Option<ExprId>]| {
        l.iter()
            .map(|t| t.map_or_else(|| "_".to_owned(), p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &pkg.stmt(s).kind {
        StmtKind::Assign { text, .. } => text.clone(),
        StmtKind::AssignCall { lhs, call } => format!("{} = {}", targets(lhs), p(*call)),
        StmtKind::Return(results) => format!("return {}", list(results)),
        StmtKind::Send { chan, value } => format!("{} <- {}", p(*chan), p(*value)),
        // gc abbreviates loops and multi-way branches.
        StmtKind::Range { .. } | StmtKind::For { .. } => "for loop".to_owned(),
        StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } => "switch statement".to_owned(),
        StmtKind::Select { .. } => "select statement".to_owned(),
        StmtKind::If {
            init,
            cond,
            then,
            els,
        } => {
            // gc prints an init clause only when it is one statement with
            // no setup of its own (a definition declares its names first).
            let init = match init[..] {
                [one] if !matches!(pkg.stmt(one).kind, StmtKind::Decl(_)) => {
                    format!("{}; ", stmt_string(pkg, store, one))
                }
                _ => String::new(),
            };
            let mut out = format!(
                "if {init}{} {{ {} }}",
                p(*cond),
                stmts_string(pkg, store, then)
            );
            if !els.is_empty() {
                out.push_str(&format!(" else {{ {} }}", stmts_string(pkg, store, els)));
            }
            out
        }
        StmtKind::Block(list) => stmts_string(pkg, store, list),
        StmtKind::GoDefer { defer, fun } => {
            let word = if *defer { "defer" } else { "go" };
            format!("{word} {}()", p(*fun))
        }
        StmtKind::Expr(e) => p(*e),
        StmtKind::Branch(text) => text.clone(),
        StmtKind::Decl(_) | StmtKind::Label { .. } | StmtKind::Nop => String::new(),
    }
}

/// A statement list as gc prints a body: statements joined by `; `
/// (declarations, which gc keeps in its assignments, print nothing).
pub fn stmts_string(pkg: &Package, store: &Store, list: &[StmtId]) -> String {
    list.iter()
        .filter(|&&s| !pkg.stmt(s).expression_setup)
        .map(|&s| stmt_string(pkg, store, s))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The `index`th case clause of a switch statement: `case a, b: body` or
/// `default: body`.
pub fn clause_string(pkg: &Package, store: &Store, s: StmtId, index: usize) -> String {
    let cases = match &pkg.stmt(s).kind {
        StmtKind::Switch { cases, .. } | StmtKind::TypeSwitch { cases, .. } => cases,
        _ => return String::new(),
    };
    let Some((list, body)) = cases.get(index) else {
        return String::new();
    };
    let head = if list.is_empty() {
        "default".to_owned()
    } else {
        let l: Vec<String> = list.iter().map(|&e| expr_string(pkg, store, e)).collect();
        format!("case {}", l.join(", "))
    };
    format!("{head}: {}", stmts_string(pkg, store, body))
}

/// A type as gc prints it, names of `local` unqualified.
pub fn type_string(pkg: &Package, store: &Store, ty: TypeId) -> String {
    let mut p = Printer {
        pkg,
        home: pkg.id,
        store,
        out: String::new(),
    };
    p.ty(ty, 0);
    p.out
}

struct Printer<'a> {
    pkg: &'a Package,
    /// The package the text is printed in.
    home: PkgId,
    store: &'a Store,
    out: String,
}

/// gc's operator precedences.
fn precedence(kind: &ExprKind) -> u8 {
    match kind {
        ExprKind::Unary { .. } | ExprKind::Addr { .. } | ExprKind::Deref { .. } => 7,
        ExprKind::Recv { .. } => 7,
        ExprKind::Binary { op, .. } => binary_precedence(op),
        // Kinds gc's precedence table leaves out (so any operator context
        // parenthesises them).
        ExprKind::AddStr { .. }
        | ExprKind::PtrLit { .. }
        | ExprKind::Closure { .. }
        | ExprKind::MakeMap { .. }
        | ExprKind::MakeChan { .. } => 0,
        _ => 8,
    }
}

fn binary_precedence(op: &str) -> u8 {
    match op {
        "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => 6,
        "+" | "-" | "|" | "^" => 5,
        "==" | "!=" | "<" | "<=" | ">" | ">=" => 4,
        "&&" => 2,
        "||" => 1,
        _ => 8,
    }
}

impl Printer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn list(&mut self, list: &[ExprId]) {
        for (i, &e) in list.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.expr(e, 0);
        }
    }

    fn expr(&mut self, mut e: ExprId, prec: u8) {
        ensure_sufficient_stack(|| {
            // Implicit operations print as their operand.
            while let ExprKind::Addr { x, implicit: true }
            | ExprKind::Deref { x, implicit: true }
            | ExprKind::Conv { x, implicit: true }
            | ExprKind::ConvIface { x, implicit: true } = &self.pkg.expr(e).kind
            {
                e = *x;
            }
            let expr = self.pkg.expr(e);
            let nprec = precedence(&expr.kind);
            if prec > nprec {
                self.push("(");
                self.expr(e, 0);
                self.push(")");
                return;
            }
            match &expr.kind {
                ExprKind::Var(v) => {
                    if self.pkg.id != self.home {
                        let name = self.store.package(self.pkg.id).name.as_str();
                        self.push(name);
                        self.push(".");
                    }
                    let name = self.pkg.var(*v).name.clone();
                    self.push(&name);
                }
                ExprKind::Global(obj) => self.qualified(*obj),
                ExprKind::FuncName { obj, type_args } => {
                    self.qualified(*obj);
                    if !type_args.is_empty() {
                        self.type_args(type_args);
                    }
                }
                ExprKind::Const { text, .. } => self.push(text),
                ExprKind::Nil => self.push("nil"),
                ExprKind::NoValue => {
                    let ty = expr.ty;
                    self.ty(ty, 0);
                }
                ExprKind::Unary { op, x } => {
                    self.push(op);
                    if matches!(&self.pkg.expr(*x).kind, ExprKind::Unary { op: o, .. } if o == op) {
                        self.push(" ");
                    }
                    self.expr(*x, nprec + 1);
                }
                ExprKind::Recv { x } => {
                    self.push("<-");
                    self.expr(*x, nprec + 1);
                }
                ExprKind::Binary { op, x, y } => {
                    self.expr(*x, nprec);
                    self.push(" ");
                    self.push(op);
                    self.push(" ");
                    self.expr(*y, nprec + 1);
                }
                ExprKind::Addr { x, .. } => {
                    self.push("&");
                    self.expr(*x, nprec + 1);
                }
                ExprKind::Deref { x, .. } => {
                    self.push("*");
                    self.expr(*x, nprec + 1);
                }
                ExprKind::Dot { x, field } | ExprKind::DotPtr { x, field } => {
                    self.expr(*x, nprec);
                    self.push(".");
                    self.push(field);
                }
                ExprKind::DictMethod { text } => self.push(text),
                ExprKind::RuntimeFunc { name } => self.push(name),
                ExprKind::StringData { .. } => self.push("<node SPTR>"),
                ExprKind::MethodExpr { recv, name } => {
                    if self.store.basic_kind(*recv).is_none()
                        && matches!(self.store.ty(*recv), Type::Pointer(_))
                    {
                        self.push("(");
                        self.ty(*recv, 0);
                        self.push(")");
                    } else {
                        self.ty(*recv, 0);
                    }
                    self.push(".");
                    self.push(name);
                }
                ExprKind::MethodValue { x, name, .. } => {
                    self.expr(*x, nprec);
                    self.push(".");
                    self.push(name);
                }
                ExprKind::DotType { x } => {
                    self.expr(*x, nprec);
                    self.push(".(");
                    self.ty(expr.ty, 0);
                    self.push(")");
                }
                ExprKind::IndexArray { x, index } | ExprKind::IndexPtr { x, index } => {
                    self.expr(*x, nprec);
                    self.push("[");
                    self.expr(*index, 0);
                    self.push("]");
                }
                ExprKind::IndexMap { x, key } => {
                    self.expr(*x, nprec);
                    self.push("[");
                    self.expr(*key, 0);
                    self.push("]");
                }
                ExprKind::Slice {
                    x,
                    low,
                    high,
                    max,
                    three,
                } => {
                    self.expr(*x, nprec);
                    self.push("[");
                    if let Some(l) = low {
                        self.expr(*l, 0);
                    }
                    self.push(":");
                    if let Some(h) = high {
                        self.expr(*h, 0);
                    }
                    if *three {
                        self.push(":");
                        if let Some(m) = max {
                            self.expr(*m, 0);
                        }
                    }
                    self.push("]");
                }
                ExprKind::Conv { x, .. }
                | ExprKind::UnsafeFromUintptr { x }
                | ExprKind::ConvIface { x, .. }
                | ExprKind::SliceToArray { x }
                | ExprKind::SliceToArrayPtr { x }
                | ExprKind::StringConv { x, .. } => {
                    let ty = expr.ty;
                    if self.is_named(ty) {
                        self.ty(ty, 0);
                    } else {
                        self.push("(");
                        self.ty(ty, 0);
                        self.push(")");
                    }
                    self.push("(");
                    self.expr(*x, 0);
                    self.push(")");
                }
                ExprKind::AddStr { list } => {
                    for (i, &part) in list.iter().enumerate() {
                        if i > 0 {
                            self.push(" + ");
                        }
                        self.expr(part, nprec);
                    }
                }
                ExprKind::Call(call) => {
                    if let (
                        Some(dict),
                        Callee::Func {
                            target: Some(crate::tree::Target::Literal(f)),
                            ..
                        },
                    ) = (&call.dict, &call.callee)
                    {
                        // A shape instantiation, called with its dictionary
                        // (after the receiver of a method).
                        let func = self.pkg.func(*f);
                        // As a method expression, the package qualifies the
                        // receiver type: `(*atomic.Pointer[...]).Load`, where
                        // the function's name is `atomic.(*Pointer[...]).Load`.
                        match func.name.strip_prefix("(*") {
                            Some(rest) => {
                                self.push("(*");
                                self.push(&func.qualifier);
                                self.push(rest);
                            }
                            None => self.push(&func.qualified_name()),
                        }
                        self.push("(");
                        let is_method = self
                            .store
                            .signature(func.sig)
                            .is_some_and(|s| s.recv.is_some());
                        let mut parts: Vec<String> = call
                            .args
                            .iter()
                            .map(|&a| expr_string_in(self.pkg, self.home, self.store, a))
                            .collect();
                        parts.insert(usize::from(is_method).min(parts.len()), dict.clone());
                        self.push(&parts.join(", "));
                        if call.dots {
                            self.push("...");
                        }
                        self.push(")");
                        return;
                    }
                    match &call.callee {
                        Callee::Builtin(_) => self.push(&call.text),
                        Callee::Func { fun, .. } => self.expr(*fun, nprec),
                        Callee::Interface { recv, method } => {
                            self.expr(*recv, nprec);
                            self.push(".");
                            self.push(method);
                        }
                    }
                    self.push("(");
                    let args = call.args.clone();
                    self.list(&args);
                    if call.dots {
                        self.push("...");
                    }
                    self.push(")");
                }
                ExprKind::New => {
                    self.push("new(");
                    let elem = self.pointer_elem(expr.ty);
                    if crate::shape::has_shape(self.store, elem) {
                        self.push("<node DYNAMICTYPE>");
                    } else {
                        self.ty(elem, 0);
                    }
                    self.push(")");
                }
                ExprKind::MakeSlice { len, cap } => {
                    self.push("make(");
                    self.ty(expr.ty, 0);
                    self.push(", ");
                    self.expr(*len, 0);
                    if let Some(c) = cap {
                        self.push(", ");
                        self.expr(*c, 0);
                    }
                    self.push(")");
                }
                ExprKind::MakeMap { len } | ExprKind::MakeChan { len } => {
                    self.push("make(");
                    self.ty(expr.ty, 0);
                    if let Some(l) = len {
                        if !self.store.is_untyped(self.pkg.expr(*l).ty) {
                            self.push(", ");
                            self.expr(*l, 0);
                        }
                    }
                    self.push(")");
                }
                ExprKind::PtrLit { x, .. } => {
                    self.push("&");
                    self.expr(*x, 0);
                }
                ExprKind::SliceLit { implicit: true, .. } => self.push("... argument"),
                ExprKind::ArrayLit { elems }
                | ExprKind::SliceLit { elems, .. }
                | ExprKind::StructLit { elems } => {
                    self.ty(expr.ty, 0);
                    self.push(if elems.is_empty() { "{}" } else { "{...}" });
                }
                ExprKind::MapLit { entries } => {
                    self.ty(expr.ty, 0);
                    self.push(if entries.is_empty() { "{}" } else { "{...}" });
                }
                ExprKind::Closure { .. } => self.push("func literal"),
            }
        })
    }

    fn pointer_elem(&self, ty: TypeId) -> TypeId {
        match self.store.ty(self.store.underlying(ty)) {
            Type::Pointer(elem) => *elem,
            _ => ty,
        }
    }

    fn is_named(&self, ty: TypeId) -> bool {
        matches!(
            self.store.ty(ty),
            Type::Named(_) | Type::Basic(_) | Type::Alias(_)
        )
    }

    fn qualified(&mut self, obj: goescape_types::model::ObjId) {
        let o = self.store.obj(obj);
        if let Some(p) = o.pkg.filter(|&p| p != self.home) {
            let name = self.store.package(p).name.as_str();
            self.push(name);
            self.push(".");
        }
        self.push(o.name.as_str());
    }

    /// Type arguments print as link strings (full package paths).
    fn type_args(&mut self, args: &[TypeId]) {
        self.push("[");
        for (i, &a) in args.iter().enumerate() {
            if i > 0 {
                self.push(",");
            }
            let text = crate::shape::link_string(self.store, a);
            self.push(&text);
        }
        self.push("]");
    }

    fn ty(&mut self, ty: TypeId, depth: u32) {
        if depth > 50 {
            self.push("...");
            return;
        }
        let store = self.store;
        match store.ty(ty) {
            Type::Basic(b) => match b.kind {
                BasicKind::UnsafePointer => self.push("unsafe.Pointer"),
                BasicKind::UntypedNil => self.push("nil"),
                _ => self.push(b.name.trim_start_matches("untyped ")),
            },
            Type::Pointer(elem) => {
                self.push("*");
                self.ty(*elem, depth + 1);
            }
            Type::Slice(elem) => {
                self.push("[]");
                self.ty(*elem, depth + 1);
            }
            Type::Array { elem, len } => {
                self.push(&format!("[{}]", len.unwrap_or(0)));
                self.ty(*elem, depth + 1);
            }
            Type::Map { key, elem } => {
                self.push("map[");
                self.ty(*key, depth + 1);
                self.push("]");
                self.ty(*elem, depth + 1);
            }
            Type::Chan { dir, elem } => {
                self.push(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                self.ty(*elem, depth + 1);
            }
            Type::Struct(s) => {
                if s.fields.is_empty() {
                    self.push("struct {}");
                    return;
                }
                self.push("struct { ");
                for (i, &f) in s.fields.iter().enumerate() {
                    if i > 0 {
                        self.push("; ");
                    }
                    let field = store.obj(f);
                    let embedded = matches!(
                        &field.kind,
                        goescape_types::model::ObjKind::Var(v) if v.embedded
                    );
                    if !embedded {
                        self.push(field.name.as_str());
                        self.push(" ");
                    }
                    self.ty(store.obj_type(f), depth + 1);
                    let tag = s.tag(i);
                    if !tag.is_empty() {
                        let quoted = goescape_types::constant::Value::from_string(tag.as_str());
                        self.push(" ");
                        self.push(&quoted.exact_string());
                    }
                }
                self.push(" }");
            }
            Type::Signature(_) => {
                self.push("func");
                self.signature(ty, depth);
            }
            Type::Interface(i) => {
                if i.methods.is_empty() && i.embedded.is_empty() {
                    self.push("interface {}");
                    return;
                }
                self.push("interface { ");
                for (n, &m) in i.methods.iter().enumerate() {
                    if n > 0 {
                        self.push("; ");
                    }
                    self.push(store.obj(m).name.as_str());
                    self.signature(store.obj_type(m), depth);
                }
                for (n, &t) in i.embedded.iter().enumerate() {
                    if n > 0 || !i.methods.is_empty() {
                        self.push("; ");
                    }
                    self.ty(t, depth + 1);
                }
                self.push(" }");
            }
            Type::Named(n) => {
                self.qualified(n.obj);
                if let Some(inst) = &n.instance {
                    let args = inst.args.clone();
                    self.type_args(&args);
                }
            }
            Type::Alias(a) => {
                let name = store.obj(a.obj).name.as_str();
                if name == "any" && store.obj(a.obj).pkg.is_none() {
                    self.push("any");
                } else {
                    let target = store.unalias(ty);
                    self.ty(target, depth + 1);
                }
            }
            Type::TypeParam(p) => self.push(store.obj(p.obj).name.as_str()),
            Type::Tuple(_) | Type::Union(_) => {
                let s = store.type_string(ty, &goescape_types::model::FullPath);
                self.push(&s);
            }
        }
    }

    fn signature(&mut self, sig: TypeId, depth: u32) {
        let store = self.store;
        let Some(s) = store.signature(sig) else {
            return;
        };
        let (params, results, variadic) = (s.params, s.results, s.variadic);
        self.push("(");
        let ps = store.tuple_vars(params).to_vec();
        for (i, &p) in ps.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            let t = store.obj_type(p);
            if variadic && i + 1 == ps.len() {
                self.push("...");
                let elem = match store.ty(t) {
                    Type::Slice(e) => *e,
                    _ => t,
                };
                self.ty(elem, depth + 1);
            } else {
                self.ty(t, depth + 1);
            }
        }
        self.push(")");
        let rs = store.tuple_vars(results).to_vec();
        match rs.len() {
            0 => {}
            1 => {
                self.push(" ");
                self.ty(store.obj_type(rs[0]), depth + 1);
            }
            _ => {
                self.push(" (");
                for (i, &r) in rs.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.ty(store.obj_type(r), depth + 1);
                }
                self.push(")");
            }
        }
    }
}
