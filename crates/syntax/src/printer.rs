//! Compact source text for expressions and simple statements, as gc's
//! `syntax.String` prints them in error messages (function and composite
//! literal bodies elided as `…`).

use crate::ast::*;
use crate::file::{Arena, NameTable};

/// Read access to a tree under construction or finished.
pub(crate) struct Tree<'a> {
    pub arena: &'a Arena,
    pub names: &'a NameTable,
    pub src: &'a [u8],
}

/// Expressions nested deeper than this print as `…`, so messages about
/// pathological input stay short and printing cannot exhaust the stack.
const MAX_PRINT_DEPTH: u32 = 64;

pub(crate) fn expr_string(tree: &Tree<'_>, id: ExprId) -> String {
    let mut printer = Printer::new(tree);
    printer.expr(id);
    printer.out
}

/// A statement used where a condition was expected, as gc describes it:
/// a plain assignment is spelled out with its operands emphasized.
pub(crate) fn condition_string(tree: &Tree<'_>, id: StmtId) -> String {
    let mut printer = Printer::new(tree);
    match tree.arena.stmts[id.index()].kind {
        StmtKind::Assign {
            op: AssignOp::Assign,
            lhs,
            rhs: Some(rhs),
        } => {
            printer.out.push_str("assignment ");
            printer.emphasized(lhs);
            printer.out.push_str(" = ");
            printer.emphasized(rhs);
        }
        _ => printer.simple_stmt(id),
    }
    printer.out
}

struct Printer<'a, 't> {
    tree: &'a Tree<'t>,
    out: String,
    depth: u32,
}

impl<'a, 't> Printer<'a, 't> {
    fn new(tree: &'a Tree<'t>) -> Self {
        Printer {
            tree,
            out: String::new(),
            depth: 0,
        }
    }

    fn kind(&self, id: ExprId) -> ExprKind {
        self.tree.arena.exprs[id.index()].kind
    }

    /// A binary expression in parentheses, anything else as is.
    fn emphasized(&mut self, id: ExprId) {
        if matches!(self.kind(id), ExprKind::Binary { .. }) {
            self.out.push('(');
            self.expr(id);
            self.out.push(')');
        } else {
            self.expr(id);
        }
    }

    fn simple_stmt(&mut self, id: StmtId) {
        match self.tree.arena.stmts[id.index()].kind {
            StmtKind::Expr { x } => self.expr(x),
            StmtKind::Send { chan, value } => {
                self.expr(chan);
                self.out.push_str(" <- ");
                self.expr(value);
            }
            StmtKind::Assign { op, lhs, rhs } => {
                self.expr(lhs);
                let op_text = match op {
                    AssignOp::Assign => "",
                    AssignOp::Define => ":",
                    AssignOp::Op(op) => op.as_str(),
                };
                match rhs {
                    None => {
                        self.out.push_str(op_text);
                        self.out.push_str(op_text);
                    }
                    Some(rhs) => {
                        self.out.push(' ');
                        self.out.push_str(op_text);
                        self.out.push_str("= ");
                        self.expr(rhs);
                    }
                }
            }
            StmtKind::Range { lhs, define, x } => {
                if let Some(lhs) = lhs {
                    self.expr(lhs);
                    self.out.push_str(if define { " := " } else { " = " });
                }
                self.out.push_str("range ");
                self.expr(x);
            }
            _ => self.out.push('…'),
        }
    }

    fn exprs(&mut self, list: ExprList) {
        for (i, &x) in self.tree.arena.expr_lists[list.range()].iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(x);
        }
    }

    fn expr(&mut self, id: ExprId) {
        if self.depth >= MAX_PRINT_DEPTH {
            self.out.push('…');
            return;
        }
        self.depth += 1;
        self.expr_unguarded(id);
        self.depth -= 1;
    }

    fn expr_unguarded(&mut self, id: ExprId) {
        let expr = self.tree.arena.exprs[id.index()];
        match expr.kind {
            ExprKind::Bad => self.out.push_str("<bad expr>"),
            ExprKind::Name(name) => self.out.push_str(self.tree.names.get(name)),
            ExprKind::BasicLit { .. } => self
                .out
                .push_str(&String::from_utf8_lossy(&self.tree.src[expr.span.range()])),
            ExprKind::CompositeLit { ty, elems, .. } => {
                if let Some(ty) = ty {
                    self.expr(ty);
                }
                self.out
                    .push_str(if elems.is_empty() { "{}" } else { "{…}" });
            }
            ExprKind::KeyValue { key, value } => {
                self.expr(key);
                self.out.push_str(": ");
                self.expr(value);
            }
            ExprKind::FuncLit { ty, body } => {
                self.expr(ty);
                let empty = matches!(
                    self.tree.arena.stmts[body.index()].kind,
                    StmtKind::Block { stmts, .. } if stmts.is_empty()
                );
                self.out.push_str(if empty { " {}" } else { " {…}" });
            }
            ExprKind::Paren { x } => {
                self.out.push('(');
                self.expr(x);
                self.out.push(')');
            }
            ExprKind::Selector { x, sel } => {
                self.expr(x);
                self.out.push('.');
                self.expr(sel);
            }
            ExprKind::Index { x, index } => {
                self.expr(x);
                self.out.push('[');
                self.expr(index);
                self.out.push(']');
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                self.expr(x);
                self.out.push('[');
                if let Some(lo) = lo {
                    self.expr(lo);
                }
                self.out.push(':');
                if let Some(hi) = hi {
                    self.expr(hi);
                }
                if let Some(max) = max {
                    self.out.push(':');
                    self.expr(max);
                }
                self.out.push(']');
            }
            ExprKind::Assert { x, ty } => {
                self.expr(x);
                self.out.push_str(".(");
                self.expr(ty);
                self.out.push(')');
            }
            ExprKind::TypeSwitchGuard { lhs, x } => {
                if let Some(lhs) = lhs {
                    self.expr(lhs);
                    self.out.push_str(" := ");
                }
                self.expr(x);
                self.out.push_str(".(type)");
            }
            ExprKind::Unary { op, x } => {
                self.out.push_str(op.as_str());
                self.expr(x);
            }
            ExprKind::Binary { op, x, y } => {
                self.expr(x);
                self.out.push(' ');
                self.out.push_str(op.as_str());
                self.out.push(' ');
                self.expr(y);
            }
            ExprKind::Call {
                fun,
                args,
                has_dots,
            } => {
                self.expr(fun);
                self.out.push('(');
                self.exprs(args);
                if has_dots {
                    self.out.push_str("...");
                }
                self.out.push(')');
            }
            ExprKind::List { elems } => self.exprs(elems),
            ExprKind::ArrayType { len, elem } => {
                self.out.push('[');
                match len {
                    Some(len) => self.expr(len),
                    None => self.out.push_str("..."),
                }
                self.out.push(']');
                self.expr(elem);
            }
            ExprKind::SliceType { elem } => {
                self.out.push_str("[]");
                self.expr(elem);
            }
            ExprKind::DotsType { elem } => {
                self.out.push_str("...");
                self.expr(elem);
            }
            ExprKind::StructType { fields } => {
                self.out.push_str("struct{");
                self.struct_fields(fields);
                self.out.push('}');
            }
            ExprKind::InterfaceType { methods } => {
                self.out.push_str("interface{");
                for (i, method) in self.fields(methods).iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("; ");
                    }
                    match method.name {
                        Some(name) => {
                            self.expr(name);
                            self.signature(method.ty);
                        }
                        None => self.expr(method.ty),
                    }
                }
                self.out.push('}');
            }
            ExprKind::FuncType { .. } => {
                self.out.push_str("func");
                self.signature(id);
            }
            ExprKind::MapType { key, value } => {
                self.out.push_str("map[");
                self.expr(key);
                self.out.push(']');
                self.expr(value);
            }
            ExprKind::ChanType { dir, elem } => {
                if dir == ChanDir::RecvOnly {
                    self.out.push_str("<-");
                }
                self.out.push_str("chan");
                if dir == ChanDir::SendOnly {
                    self.out.push_str("<-");
                }
                self.out.push(' ');
                // chan (<-chan T), not chan <-chan T
                let parens = dir == ChanDir::Both
                    && matches!(
                        self.kind(elem),
                        ExprKind::ChanType {
                            dir: ChanDir::RecvOnly,
                            ..
                        }
                    );
                if parens {
                    self.out.push('(');
                }
                self.expr(elem);
                if parens {
                    self.out.push(')');
                }
            }
        }
    }

    fn fields(&self, list: FieldList) -> &'a [Field] {
        &self.tree.arena.fields[list.range()]
    }

    /// Struct fields, consecutive names sharing a type printed together.
    fn struct_fields(&mut self, list: FieldList) {
        let fields = self.fields(list);
        let mut i = 0;
        while i < fields.len() {
            if i > 0 {
                self.out.push_str("; ");
            }
            let field = fields[i];
            let mut end = i + 1;
            if field.name.is_some() {
                while end < fields.len() && fields[end].name.is_some() && fields[end].ty == field.ty
                {
                    end += 1;
                }
                for (k, f) in fields[i..end].iter().enumerate() {
                    if k > 0 {
                        self.out.push_str(", ");
                    }
                    self.expr(f.name.expect("named"));
                }
                self.out.push(' ');
            }
            self.expr(field.ty);
            if let Some(tag) = field.tag {
                self.out.push(' ');
                self.expr(tag);
            }
            i = end;
        }
    }

    /// The parameters and results of the `FuncType` `id`.
    fn signature(&mut self, id: ExprId) {
        let ExprKind::FuncType { params, results } = self.kind(id) else {
            self.expr(id);
            return;
        };
        self.params(params);
        let results_list = self.fields(results);
        match results_list {
            [] => {}
            [single] if single.name.is_none() => {
                self.out.push(' ');
                self.expr(single.ty);
            }
            _ => {
                self.out.push(' ');
                self.params(results);
            }
        }
    }

    fn params(&mut self, list: FieldList) {
        let fields = self.fields(list);
        self.out.push('(');
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            if let Some(name) = field.name {
                self.expr(name);
                let shares_type = fields
                    .get(i + 1)
                    .is_some_and(|next| next.name.is_some() && next.ty == field.ty);
                if shares_type {
                    continue;
                }
                self.out.push(' ');
            }
            self.expr(field.ty);
        }
        self.out.push(')');
    }
}
