//! The depth limit on whole trees.
//!
//! The parser bounds its own recursion, but operator chains, prefix
//! operators, type constructors and else-if chains are built in loops,
//! so a tree can be far deeper than the parser ever recursed
//! (`a+b+...` of a million operands is a million levels). Every later
//! layer recurses over the tree on stacks that grow on demand
//! ([`crate::stack`]), so what bounds their memory is this check: a file
//! whose tree is deeper than [`MAX_NESTING_DEPTH`] gets one error, and
//! like any syntax error it stops the file's package before checking.

use crate::file::File;
use crate::parser::MAX_NESTING_DEPTH;
use crate::pos::Pos;
use crate::walk::{walk_file, Node, Visitor};

/// The position of the first node (in source order) that lies more than
/// [`MAX_NESTING_DEPTH`] levels deep, if any.
pub(crate) fn first_too_deep(file: &File) -> Option<Pos> {
    let mut deepest = DepthLimit {
        depth: 0,
        first_too_deep: None,
    };
    walk_file(file, &mut deepest);
    deepest.first_too_deep
}

struct DepthLimit {
    depth: u32,
    first_too_deep: Option<Pos>,
}

impl Visitor for DepthLimit {
    fn enter(&mut self, file: &File, node: Node) -> bool {
        if self.first_too_deep.is_some() {
            return false;
        }
        if self.depth == MAX_NESTING_DEPTH {
            self.first_too_deep = Some(node_pos(file, node));
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self, _: &File, _: Node) {
        self.depth -= 1;
    }
}

fn node_pos(file: &File, node: Node) -> Pos {
    match node {
        Node::Decl(id) => file.decl(id).pos,
        Node::Stmt(id) => file.stmt(id).pos,
        Node::Expr(id) => file.expr(id).pos,
        Node::Field(id) => file.field(id).pos,
        Node::CaseClause(id) => file.case_clause(id).pos,
        Node::CommClause(id) => file.comm_clause(id).pos,
    }
}
