//! A stable, indented text rendering of a file's tree, for snapshot tests
//! and debugging. Each line shows one node: its kind, its details, its
//! position (`@line:col`, physical) and, for expressions, its extent.

use crate::ast::*;
use crate::file::File;
use crate::walk::{walk_file, Node, Visitor};
use std::fmt::Write;

/// Renders the whole tree of `file`, followed by its errors.
pub fn dump(file: &File) -> String {
    let mut dumper = Dumper {
        out: String::new(),
        depth: 0,
    };
    dumper.out.push_str("File\n");
    dumper.depth = 1;
    walk_file(file, &mut dumper);
    for error in file.errors() {
        let _ = writeln!(
            dumper.out,
            "error {}: {}",
            file.raw_position(error.pos),
            error.msg
        );
    }
    dumper.out
}

struct Dumper {
    out: String,
    depth: usize,
}

impl Visitor for Dumper {
    fn enter(&mut self, file: &File, node: Node) -> bool {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        let line = describe(file, node);
        self.out.push_str(&line);
        self.out.push('\n');
        self.depth += 1;
        true
    }

    fn leave(&mut self, _: &File, _: Node) {
        self.depth -= 1;
    }
}

fn at(file: &File, pos: crate::pos::Pos) -> String {
    let (line, col) = file.line_index().line_col(pos);
    format!("@{line}:{col}")
}

fn describe(file: &File, node: Node) -> String {
    match node {
        Node::Decl(id) => describe_decl(file, file.decl(id)),
        Node::Stmt(id) => {
            let stmt = file.stmt(id);
            format!("{} {}", stmt_label(file, stmt.kind), at(file, stmt.pos))
        }
        Node::Expr(id) => {
            let expr = file.expr(id);
            let (start, end) = (
                file.line_index().line_col(expr.span.start),
                file.line_index().line_col(expr.span.end),
            );
            format!(
                "{} {} [{}:{}-{}:{}]",
                expr_label(file, id),
                at(file, expr.pos),
                start.0,
                start.1,
                end.0,
                end.1
            )
        }
        Node::Field(id) => format!("Field {}", at(file, file.field(id).pos)),
        Node::CaseClause(id) => {
            let clause = file.case_clause(id);
            let head = if clause.cases.is_some() {
                "case"
            } else {
                "default"
            };
            format!("CaseClause {head} {}", at(file, clause.pos))
        }
        Node::CommClause(id) => {
            let clause = file.comm_clause(id);
            let head = if clause.comm.is_some() {
                "case"
            } else {
                "default"
            };
            format!("CommClause {head} {}", at(file, clause.pos))
        }
    }
}

fn describe_decl(file: &File, decl: &Decl) -> String {
    let mut details = String::new();
    let (kind, group, pragma) = match &decl.kind {
        DeclKind::Import(d) => ("ImportDecl", d.group, d.pragma),
        DeclKind::Const(d) => {
            let _ = write!(details, " iota={}", d.iota);
            ("ConstDecl", d.group, d.pragma)
        }
        DeclKind::Type(d) => {
            if d.alias {
                details.push_str(" alias");
            }
            ("TypeDecl", d.group, d.pragma)
        }
        DeclKind::Var(d) => ("VarDecl", d.group, d.pragma),
        DeclKind::Func(d) => ("FuncDecl", None, d.pragma),
    };
    if let Some(group) = group {
        let _ = write!(details, " group={}", group.index());
    }
    if let Some(pragma) = pragma {
        let _ = write!(details, " pragma={:#x}", file.pragma(pragma).flags.bits());
    }
    format!("{kind}{details} {}", at(file, decl.pos))
}

fn expr_label(file: &File, id: ExprId) -> String {
    match file.expr(id).kind {
        ExprKind::Bad => "Bad".to_string(),
        ExprKind::Name(name) => format!("Name {}", file.name(name)),
        ExprKind::BasicLit { kind, bad } => {
            let text = file.text(file.expr(id).span);
            let bad = if bad { " bad" } else { "" };
            format!("BasicLit {kind:?} {text}{bad}")
        }
        ExprKind::CompositeLit { .. } => "CompositeLit".to_string(),
        ExprKind::KeyValue { .. } => "KeyValue".to_string(),
        ExprKind::FuncLit { .. } => "FuncLit".to_string(),
        ExprKind::Paren { .. } => "Paren".to_string(),
        ExprKind::Selector { .. } => "Selector".to_string(),
        ExprKind::Index { .. } => "Index".to_string(),
        ExprKind::Slice { full, .. } => {
            format!("Slice{}", if full { " full" } else { "" })
        }
        ExprKind::Assert { .. } => "Assert".to_string(),
        ExprKind::TypeSwitchGuard { .. } => "TypeSwitchGuard".to_string(),
        ExprKind::Unary { op, .. } => format!("Unary {}", op.as_str()),
        ExprKind::Binary { op, .. } => format!("Binary {}", op.as_str()),
        ExprKind::Call { has_dots, .. } => {
            format!("Call{}", if has_dots { " ..." } else { "" })
        }
        ExprKind::List { .. } => "List".to_string(),
        ExprKind::ArrayType { len, .. } => {
            format!("ArrayType{}", if len.is_none() { " ..." } else { "" })
        }
        ExprKind::SliceType { .. } => "SliceType".to_string(),
        ExprKind::DotsType { .. } => "DotsType".to_string(),
        ExprKind::StructType { .. } => "StructType".to_string(),
        ExprKind::InterfaceType { .. } => "InterfaceType".to_string(),
        ExprKind::FuncType { .. } => "FuncType".to_string(),
        ExprKind::MapType { .. } => "MapType".to_string(),
        ExprKind::ChanType { dir, .. } => format!("ChanType {dir:?}"),
    }
}

fn stmt_label(file: &File, kind: StmtKind) -> String {
    match kind {
        StmtKind::Empty => "EmptyStmt".to_string(),
        StmtKind::Labeled { .. } => "LabeledStmt".to_string(),
        StmtKind::Block { rbrace, .. } => format!("BlockStmt rbrace={}", at(file, rbrace)),
        StmtKind::Expr { .. } => "ExprStmt".to_string(),
        StmtKind::Send { .. } => "SendStmt".to_string(),
        StmtKind::Decl { .. } => "DeclStmt".to_string(),
        StmtKind::Assign { op, rhs, .. } => {
            let op = match (op, rhs) {
                (AssignOp::Assign, _) => "=".to_string(),
                (AssignOp::Define, _) => ":=".to_string(),
                (AssignOp::Op(op), None) => op.as_str().repeat(2),
                (AssignOp::Op(op), Some(_)) => format!("{}=", op.as_str()),
            };
            format!("AssignStmt {op}")
        }
        StmtKind::Branch { kind, .. } => format!("BranchStmt {kind:?}"),
        StmtKind::Go { kind, .. } => format!("CallStmt {kind:?}"),
        StmtKind::Return { .. } => "ReturnStmt".to_string(),
        StmtKind::If { .. } => "IfStmt".to_string(),
        StmtKind::For { .. } => "ForStmt".to_string(),
        StmtKind::Switch { rbrace, .. } => format!("SwitchStmt rbrace={}", at(file, rbrace)),
        StmtKind::Select { rbrace, .. } => format!("SelectStmt rbrace={}", at(file, rbrace)),
        StmtKind::Range { define, .. } => {
            format!("RangeClause{}", if define { " :=" } else { "" })
        }
    }
}
