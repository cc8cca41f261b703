//! gc's static values (its `ReassignOracle`): a local variable defined once
//! by `x := v` (or `var x = v`), never assigned again and never
//! address-taken, stands for `v`. gc uses this to find the callee of
//! `f := g; f()`, the concrete type behind `var s I = T{}; s.M()`, and
//! constants behind `n := 10; make([]int, n)`.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_syntax::walk::{walk, Node, Visitor};
use goescape_syntax::{
    AssignOp, DeclKind, ExprId as AstId, ExprKind as Ast, File, Operator, StmtKind as S,
};
use goescape_types::check::SelectionKind;
use goescape_types::model::{ObjId, RecvAdjust};
use rustc_hash::{FxHashMap, FxHashSet};

use super::Lowerer;

/// The defining values of a function's variables that have one.
#[derive(Default)]
pub struct StaticValues {
    defs: FxHashMap<ObjId, AstId>,
}

impl StaticValues {
    /// Adds what another scan found (of a disjoint piece of code).
    pub fn extend(&mut self, other: StaticValues) {
        ensure_sufficient_stack(|| {
            self.defs.extend(other.defs);
        })
    }
}

impl Lowerer<'_> {
    /// Scans a declared function's body (with its literals).
    pub fn scan_static_values(&self, body: Node) -> StaticValues {
        struct Scan<'s, 'a> {
            l: &'s Lowerer<'a>,
            defs: FxHashMap<ObjId, AstId>,
            spoiled: FxHashSet<ObjId>,
        }
        impl Scan<'_, '_> {
            fn spoil_target(&mut self, file: &File, e: AstId) {
                if let Some(obj) = self.l.obj_of(file.unparen(e)) {
                    self.spoiled.insert(obj);
                }
            }
        }
        impl Visitor for Scan<'_, '_> {
            fn enter(&mut self, file: &File, node: Node) -> bool {
                match node {
                    Node::Stmt(s) => match file.stmt(s).kind {
                        S::Assign { op, lhs, rhs } => {
                            let names: Vec<AstId> = file.unpack_list(Some(lhs)).collect();
                            let values: Vec<AstId> = file.unpack_list(rhs).collect();
                            let define = op == AssignOp::Define;
                            for (i, &n) in names.iter().enumerate() {
                                let new_def = define
                                    && self.l.obj_of(n).is_some_and(|o| {
                                        self.l.store.obj(o).pos.map(|p| p.offset)
                                            == Some(file.expr(n).pos.0)
                                    });
                                match (new_def, values.len() == names.len()) {
                                    (true, true) => {
                                        if let Some(obj) = self.l.obj_of(n) {
                                            self.defs.insert(obj, values[i]);
                                        }
                                    }
                                    _ => self.spoil_target(file, n),
                                }
                            }
                        }
                        S::Decl { decls } => {
                            for decl in file.decl_list(decls) {
                                if let DeclKind::Var(spec) = &decl.kind {
                                    let names = file.expr_list(spec.names);
                                    let values: Vec<AstId> =
                                        file.unpack_list(spec.values).collect();
                                    for (i, &n) in names.iter().enumerate() {
                                        match values.get(i) {
                                            Some(&v) if values.len() == names.len() => {
                                                if let Some(obj) = self.l.obj_of(n) {
                                                    self.defs.insert(obj, v);
                                                }
                                            }
                                            _ => self.spoil_target(file, n),
                                        }
                                    }
                                }
                            }
                        }
                        S::Range { lhs, .. } => {
                            for n in file.unpack_list(lhs) {
                                self.spoil_target(file, n);
                            }
                        }
                        _ => {}
                    },
                    Node::Expr(e) => match file.expr(e).kind {
                        Ast::Unary {
                            op: Operator::And,
                            x,
                        } => self.spoil_target(file, x),
                        Ast::Selector { x, .. } => {
                            let addr = self.l.selections.get(&e).is_some_and(|r| {
                                r.kind == SelectionKind::MethodVal
                                    && r.selection.recv_adjust == RecvAdjust::AddrOf
                            });
                            if addr {
                                self.spoil_target(file, x);
                            }
                        }
                        Ast::Slice { x, .. } => self.spoil_target(file, x),
                        _ => {}
                    },
                    _ => {}
                }
                true
            }
        }
        let mut scan = Scan {
            l: self,
            defs: FxHashMap::default(),
            spoiled: FxHashSet::default(),
        };
        walk(self.syntax(), body, &mut scan);
        let Scan {
            mut defs, spoiled, ..
        } = scan;
        defs.retain(|obj, _| !spoiled.contains(obj));
        StaticValues { defs }
    }

    /// What `e` statically evaluates to: through parentheses and variables
    /// with a static value.
    pub fn static_value(&self, mut e: AstId) -> AstId {
        let file = self.syntax();
        for _ in 0..32 {
            e = file.unparen(e);
            let Ast::Name(_) = file.expr(e).kind else {
                return e;
            };
            match self.obj_of(e).and_then(|o| self.static_values.defs.get(&o)) {
                Some(&v) => e = v,
                None => return e,
            }
        }
        e
    }
}
