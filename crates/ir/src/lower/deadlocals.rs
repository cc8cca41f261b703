//! Assignments to local variables nobody reads are dropped before escape
//! analysis, as gc's deadlocals pass does: `f := func() {...}` whose `f`
//! is never used (its calls sat in code a constant condition removed)
//! allocates nothing and reports nothing. Only assignments whose value
//! has no effects go: a variable, a constant, nil or a function literal.

use goescape_syntax::stack::ensure_sufficient_stack;
use goescape_types::model::{BasicKind, TypeId};
use rustc_hash::FxHashMap;

use crate::tree::*;
use crate::visit::{operands, stmt_parts, Part};

/// Drops the dead assignments of `func`'s body and of the literals in it;
/// returns the pair assignments changed in place (their text is stale).
pub fn remove_dead_locals(pkg: &mut Package, func: FuncId) -> Vec<StmtId> {
    let mut v = Uses {
        pkg,
        defs: FxHashMap::default(),
        keys: Vec::new(),
    };
    for &s in &pkg.func(func).body {
        v.stmt(s);
    }
    let dead: Vec<(StmtId, usize)> = v
        .keys
        .iter()
        .filter_map(|k| v.defs.get(k).cloned().flatten())
        .flatten()
        .collect();
    let mut changed = Vec::new();
    for (s, i) in dead {
        if let StmtKind::Assign { lhs, rhs, .. } = &mut pkg.stmts[s.index()].kind {
            if lhs.len() == 1 {
                pkg.stmts[s.index()].kind = StmtKind::Nop;
            } else {
                // `_ = 0`, as gc writes it: the value is gone, the other
                // pairs stay.
                lhs[i] = None;
                let pos = pkg.exprs[rhs[i].index()].pos;
                let zero = ExprId(pkg.exprs.len() as u32);
                pkg.exprs.push(Expr {
                    kind: ExprKind::Const {
                        text: "0".to_owned(),
                        int: Some(0),
                        str_len: None,
                    },
                    ty: TypeId::basic(BasicKind::Int),
                    pos,
                    span: None,
                });
                if let StmtKind::Assign { rhs, .. } = &mut pkg.stmts[s.index()].kind {
                    rhs[i] = zero;
                }
                changed.push(s);
            }
        }
    }
    changed
}

/// Which assignments could go if their variable turns out unread. The
/// blank identifier is a key that is never read.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Var(VarId),
    Blank,
}

struct Uses<'a> {
    pkg: &'a Package,
    /// `None` once the variable is read; until then, its droppable
    /// assignments (statement and pair index), whose values are visited
    /// only if it is read later.
    defs: FxHashMap<Key, Option<Vec<(StmtId, usize)>>>,
    keys: Vec<Key>,
}

impl Uses<'_> {
    fn stmt(&mut self, s: StmtId) {
        ensure_sufficient_stack(|| {
            let pkg = self.pkg;
            if let StmtKind::Assign {
                lhs,
                rhs,
                op: false,
                ..
            } = &pkg.stmt(s).kind
            {
                // `var x T`'s zeroing defines x with no value to read.
                if let ([Some(l)], []) = (&lhs[..], &rhs[..]) {
                    if let ExprKind::Var(v) = pkg.expr(*l).kind {
                        self.defs.entry(Key::Var(v)).or_insert_with(|| {
                            self.keys.push(Key::Var(v));
                            Some(Vec::new())
                        });
                        return;
                    }
                }
                if lhs.len() == rhs.len() {
                    // In a pair assignment with a named target, a blank one
                    // discards its value; a lone blank is a deliberate use.
                    let blank_discards = lhs.len() > 1 && lhs.iter().any(Option::is_some);
                    for (i, (&l, &r)) in lhs.iter().zip(rhs).enumerate() {
                        self.assign(s, i, l, r, blank_discards);
                    }
                    return;
                }
            }
            stmt_parts(&pkg.stmt(s).kind, &mut |part| match part {
                Part::Expr(e) => self.expr(e),
                Part::Stmt(s) => self.stmt(s),
            });
        })
    }

    fn assign(&mut self, s: StmtId, i: usize, lhs: Option<ExprId>, rhs: ExprId, blank: bool) {
        let pkg = self.pkg;
        let key = match lhs.map(|l| &pkg.expr(l).kind) {
            None if blank => Some(Key::Blank),
            Some(ExprKind::Var(v)) if pkg.var(*v).class != VarClass::Result => Some(Key::Var(*v)),
            _ => None,
        };
        let effects = !matches!(
            pkg.expr(rhs).kind,
            ExprKind::Var(_)
                | ExprKind::Global(_)
                | ExprKind::FuncName { .. }
                | ExprKind::Const { .. }
                | ExprKind::Nil
                | ExprKind::Closure { .. }
        );
        if let Some(key) = key.filter(|_| !effects) {
            if !self.defs.contains_key(&key) {
                self.keys.push(key);
            }
            if let Some(list) = self.defs.entry(key).or_insert_with(|| Some(Vec::new())) {
                list.push((s, i));
                return;
            }
        } else if let Some(l) = lhs.filter(|_| key.is_none()) {
            self.expr(l);
        }
        self.expr(rhs);
    }

    fn expr(&mut self, e: ExprId) {
        ensure_sufficient_stack(|| {
            let pkg = self.pkg;
            match &pkg.expr(e).kind {
                ExprKind::Var(v) => self.read(*v),
                ExprKind::Closure { func } => {
                    for &v in &pkg.func(*func).captured {
                        self.read(v);
                    }
                    for &s in &pkg.func(*func).body {
                        self.stmt(s);
                    }
                }
                kind => {
                    let mut ops = Vec::new();
                    operands(kind, &mut ops);
                    for op in ops {
                        self.expr(op);
                    }
                }
            }
        })
    }

    /// A read of `v`: its deferred assignments' values are read now.
    fn read(&mut self, v: VarId) {
        let key = Key::Var(v);
        if !self.defs.contains_key(&key) {
            self.keys.push(key);
        }
        if let Some(Some(pending)) = self.defs.insert(key, None) {
            for (s, i) in pending {
                if let StmtKind::Assign { rhs, .. } = &self.pkg.stmt(s).kind {
                    self.expr(rhs[i]);
                }
            }
        }
    }
}
