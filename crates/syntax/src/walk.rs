//! Traversal of a file's tree.
//!
//! The walk uses an explicit stack rather than recursion: trees can be
//! arbitrarily deep (a chain `a+b+...` of 100 000 operands is 100 000
//! levels), and walking them must not exhaust the stack.

use crate::ast::*;
use crate::file::File;

/// A reference to any node of a file's tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    Decl(DeclId),
    Stmt(StmtId),
    Expr(ExprId),
    Field(FieldId),
    CaseClause(CaseClauseId),
    CommClause(CommClauseId),
}

/// Callbacks for [`walk`].
pub trait Visitor {
    /// Called before `node`'s children; returning false skips them (and
    /// the matching `leave`).
    fn enter(&mut self, file: &File, node: Node) -> bool {
        let _ = (file, node);
        true
    }

    /// Called after `node`'s children.
    fn leave(&mut self, file: &File, node: Node) {
        let _ = (file, node);
    }
}

/// Visits `root` and its descendants in source order, depth first.
pub fn walk(file: &File, root: Node, visitor: &mut impl Visitor) {
    enum Step {
        Enter(Node),
        Leave(Node),
    }
    let mut stack = vec![Step::Enter(root)];
    let mut children = Vec::new();
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(node) => {
                if !visitor.enter(file, node) {
                    continue;
                }
                stack.push(Step::Leave(node));
                children.clear();
                file.children(node, &mut children);
                stack.extend(children.iter().rev().map(|&child| Step::Enter(child)));
            }
            Step::Leave(node) => visitor.leave(file, node),
        }
    }
}

/// Visits the package name and every top-level declaration.
pub fn walk_file(file: &File, visitor: &mut impl Visitor) {
    if let Some(name) = file.package_name() {
        walk(file, Node::Expr(name), visitor);
    }
    for decl in file.decl_ids(file.decls()) {
        walk(file, Node::Decl(decl), visitor);
    }
}

impl File {
    /// Appends the direct children of `node` to `out`, in source order.
    pub fn children(&self, node: Node, out: &mut Vec<Node>) {
        let mut children = Children { file: self, out };
        match node {
            Node::Decl(id) => children.decl(&self.decl(id).kind),
            Node::Stmt(id) => children.stmt(self.stmt(id).kind),
            Node::Expr(id) => children.expr(self.expr(id).kind),
            Node::Field(id) => {
                let field = self.field(id);
                children.opt_expr(field.name);
                // Names declared together (`a, b T`) share their type's
                // node, which is walked with the first of them only: a
                // walk of the tree the sharing unfolds to is exponential
                // in how deeply such types nest.
                let shared = id.index() > 0
                    && self.field(FieldId::from_index(id.index() - 1)).ty == field.ty;
                if !shared {
                    children.expr_node(field.ty);
                }
                children.opt_expr(field.tag);
            }
            Node::CaseClause(id) => {
                let clause = self.case_clause(id);
                children.opt_expr(clause.cases);
                children.stmts(clause.body);
            }
            Node::CommClause(id) => {
                let clause = self.comm_clause(id);
                children.opt_stmt(clause.comm);
                children.stmts(clause.body);
            }
        }
    }
}

struct Children<'a> {
    file: &'a File,
    out: &'a mut Vec<Node>,
}

impl Children<'_> {
    fn expr_node(&mut self, id: ExprId) {
        self.out.push(Node::Expr(id));
    }

    fn opt_expr(&mut self, id: Option<ExprId>) {
        self.out.extend(id.map(Node::Expr));
    }

    fn opt_stmt(&mut self, id: Option<StmtId>) {
        self.out.extend(id.map(Node::Stmt));
    }

    fn exprs(&mut self, list: ExprList) {
        self.out
            .extend(self.file.expr_list(list).iter().map(|&id| Node::Expr(id)));
    }

    fn stmts(&mut self, list: StmtList) {
        self.out
            .extend(self.file.stmt_list(list).iter().map(|&id| Node::Stmt(id)));
    }

    fn fields(&mut self, list: FieldList) {
        self.out.extend(self.file.field_ids(list).map(Node::Field));
    }

    fn decl(&mut self, kind: &DeclKind) {
        match kind {
            DeclKind::Import(d) => {
                self.opt_expr(d.local_name);
                self.opt_expr(d.path);
            }
            DeclKind::Const(d) => {
                self.exprs(d.names);
                self.opt_expr(d.ty);
                self.opt_expr(d.values);
            }
            DeclKind::Type(d) => {
                self.expr_node(d.name);
                self.fields(d.tparams);
                self.expr_node(d.ty);
            }
            DeclKind::Var(d) => {
                self.exprs(d.names);
                self.opt_expr(d.ty);
                self.opt_expr(d.values);
            }
            DeclKind::Func(d) => {
                self.out.extend(d.recv.map(Node::Field));
                self.expr_node(d.name);
                self.fields(d.tparams);
                self.expr_node(d.ty);
                self.opt_stmt(d.body);
            }
        }
    }

    fn expr(&mut self, kind: ExprKind) {
        match kind {
            ExprKind::Bad | ExprKind::Name(_) | ExprKind::BasicLit { .. } => {}
            ExprKind::CompositeLit { ty, elems, .. } => {
                self.opt_expr(ty);
                self.exprs(elems);
            }
            ExprKind::KeyValue { key: a, value: b }
            | ExprKind::Selector { x: a, sel: b }
            | ExprKind::Index { x: a, index: b }
            | ExprKind::Assert { x: a, ty: b }
            | ExprKind::Binary { x: a, y: b, .. }
            | ExprKind::MapType { key: a, value: b } => {
                self.expr_node(a);
                self.expr_node(b);
            }
            ExprKind::FuncLit { ty, body } => {
                self.expr_node(ty);
                self.out.push(Node::Stmt(body));
            }
            ExprKind::Paren { x }
            | ExprKind::Unary { x, .. }
            | ExprKind::SliceType { elem: x }
            | ExprKind::DotsType { elem: x }
            | ExprKind::ChanType { elem: x, .. } => self.expr_node(x),
            ExprKind::Slice { x, lo, hi, max, .. } => {
                self.expr_node(x);
                self.opt_expr(lo);
                self.opt_expr(hi);
                self.opt_expr(max);
            }
            ExprKind::TypeSwitchGuard { lhs, x } => {
                self.opt_expr(lhs);
                self.expr_node(x);
            }
            ExprKind::Call { fun, args, .. } => {
                self.expr_node(fun);
                self.exprs(args);
            }
            ExprKind::List { elems } => self.exprs(elems),
            ExprKind::ArrayType { len, elem } => {
                self.opt_expr(len);
                self.expr_node(elem);
            }
            ExprKind::StructType { fields } | ExprKind::InterfaceType { methods: fields } => {
                self.fields(fields);
            }
            ExprKind::FuncType { params, results } => {
                self.fields(params);
                self.fields(results);
            }
        }
    }

    fn stmt(&mut self, kind: StmtKind) {
        match kind {
            StmtKind::Empty => {}
            StmtKind::Labeled { label, stmt } => {
                self.expr_node(label);
                self.out.push(Node::Stmt(stmt));
            }
            StmtKind::Block { stmts, .. } => self.stmts(stmts),
            StmtKind::Expr { x } | StmtKind::Go { call: x, .. } => self.expr_node(x),
            StmtKind::Send { chan, value } => {
                self.expr_node(chan);
                self.expr_node(value);
            }
            StmtKind::Decl { decls } => {
                self.out.extend(self.file.decl_ids(decls).map(Node::Decl));
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                self.expr_node(lhs);
                self.opt_expr(rhs);
            }
            StmtKind::Branch { label, .. } => self.opt_expr(label),
            StmtKind::Return { results } => self.opt_expr(results),
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.opt_stmt(init);
                self.opt_expr(cond);
                self.out.push(Node::Stmt(then));
                self.opt_stmt(els);
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
                self.opt_stmt(init);
                self.opt_expr(cond);
                self.opt_stmt(post);
                self.out.push(Node::Stmt(body));
            }
            StmtKind::Switch {
                init, tag, clauses, ..
            } => {
                self.opt_stmt(init);
                self.opt_expr(tag);
                self.out
                    .extend(self.file.case_clause_ids(clauses).map(Node::CaseClause));
            }
            StmtKind::Select { clauses, .. } => {
                self.out
                    .extend(self.file.comm_clause_ids(clauses).map(Node::CommClause));
            }
            StmtKind::Range { lhs, x, .. } => {
                self.opt_expr(lhs);
                self.expr_node(x);
            }
        }
    }
}
