//! The solver: from every location as a root, finds the fewest
//! dereferences with which each other location's value reaches it. A
//! location whose address reaches a root that outlives it escapes; a
//! parameter that reaches a result or the heap leaks there.

use std::collections::VecDeque;

use crate::batch::Batch;
use crate::graph::{attr, LocId, LocNode, CALLEE, HEAP, MUTATOR};
use goescape_ir::ExprKind;

impl Batch<'_> {
    pub fn walk_all(&mut self) {
        let mut todo: VecDeque<LocId> = VecDeque::with_capacity(self.locs.len() + 3);
        for i in 0..self.locs.len() {
            todo.push_front(LocId(i as u32));
            self.locs[i].queued_all = true;
        }
        // The pseudo-locations first, heap first of all.
        for root in [MUTATOR, CALLEE, HEAP] {
            todo.retain(|&l| l != root);
            todo.push_front(root);
        }
        let mut walkgen = 0u32;
        while let Some(root) = todo.pop_front() {
            self.loc_mut(root).queued_all = false;
            walkgen += 1;
            self.walk_one(root, walkgen, &mut todo);
        }
    }

    fn enqueue(&mut self, loc: LocId, todo: &mut VecDeque<LocId>) {
        let l = self.loc_mut(loc);
        if !l.queued_all {
            l.queued_all = true;
            if l.has(attr::ESCAPES) {
                todo.push_front(loc);
            } else {
                todo.push_back(loc);
            }
        }
    }

    fn walk_one(&mut self, root: LocId, walkgen: u32, all: &mut VecDeque<LocId>) {
        {
            let r = self.loc_mut(root);
            r.walkgen = walkgen;
            r.derefs = 0;
            r.dst = None;
        }
        // A closure called from somewhere unknown: its results are lost.
        if self.loc(root).has(attr::CALLS) {
            if let (LocNode::Expr(e), 0) = (self.loc(root).node, self.loc(root).code) {
                if let ExprKind::Closure { func } = self.pkg.expr(e).kind {
                    if self.in_batch(func) && self.results_lost.insert(func) {
                        for r in self.pkg.func(func).results.clone() {
                            let loc = self.var_loc(r);
                            self.enqueue(loc, all);
                        }
                    }
                }
            }
        }

        let mut todo: VecDeque<LocId> = VecDeque::new();
        todo.push_back(root);
        while let Some(l) = todo.pop_front() {
            self.loc_mut(l).queued_one = 0;
            let mut derefs = self.loc(l).derefs;
            let mut new_attrs = 0u8;
            let root_attrs = self.loc(root).attrs;

            if derefs < 0 {
                // l's address flows to root.
                derefs = 0;
                if self.outlives(root, l) {
                    if !self.loc(l).has(attr::ESCAPES) && self.options.level.explains() {
                        self.explain_escape(root, l);
                    }
                    new_attrs |= attr::ALL;
                } else if root_attrs & attr::PERSISTS != 0 {
                    new_attrs |= attr::PERSISTS;
                }
            }
            if derefs == 0 {
                new_attrs |= root_attrs & (attr::MUTATES | attr::CALLS);
            }

            if self.loc(l).param {
                if self.outlives(root, l) {
                    if !self.loc(l).has(attr::ESCAPES) && self.options.level.explains() {
                        self.explain_leak(root, l, derefs);
                    }
                    self.leak_to(l, root, derefs);
                }
                if root_attrs & attr::MUTATES != 0 {
                    self.loc_mut(l).param_leaks.add_mutator(derefs);
                }
                if root_attrs & attr::CALLS != 0 {
                    self.loc_mut(l).param_leaks.add_callee(derefs);
                }
            }

            let old = self.loc(l).attrs;
            if new_attrs & !old != 0 {
                self.loc_mut(l).attrs |= new_attrs;
                self.enqueue(l, all);
                if self.loc(l).has(attr::ESCAPES) {
                    continue;
                }
            }

            for i in 0..self.loc(l).edges.len() {
                let edge = self.loc(l).edges[i];
                if self.loc(edge.src).has(attr::ESCAPES) {
                    continue;
                }
                let d = derefs + edge.derefs;
                let src = self.loc_mut(edge.src);
                if src.walkgen != walkgen || src.derefs > d {
                    src.walkgen = walkgen;
                    src.derefs = d;
                    src.dst = Some((l, i));
                    if src.queued_one != walkgen {
                        src.queued_one = walkgen;
                        todo.push_back(edge.src);
                    }
                }
            }
        }
    }

    /// Records that parameter `param` leaks to `sink`.
    fn leak_to(&mut self, param: LocId, sink: LocId, derefs: i32) {
        let s = self.loc(sink);
        let p = self.loc(param);
        if !s.has(attr::ESCAPES) && s.result && s.func == p.func {
            let index = s.result_index as usize - 1;
            if index < crate::leaks::RESULTS {
                self.loc_mut(param).param_leaks.add_result(index, derefs);
                return;
            }
        }
        self.loc_mut(param).param_leaks.add_heap(derefs);
    }

    /// Whether values stored in `l` may outlive `other`'s storage.
    pub fn outlives(&self, l: LocId, other: LocId) -> bool {
        let ll = self.loc(l);
        if ll.has(attr::ESCAPES) {
            return true;
        }
        if l == MUTATOR || l == CALLEE {
            return false;
        }
        let (Some(lf), Some(of)) = (ll.func, self.loc(other).func) else {
            return false;
        };
        if ll.result {
            // Results of a closure called directly in its enclosing
            // function go back to that function.
            if self.contains_closure(of, lf) && !self.results_lost.contains(&lf) {
                return false;
            }
            return true;
        }
        if lf == of && ll.loop_depth < self.loc(other).loop_depth {
            return true;
        }
        // A variable of an enclosing function outlives the closure's.
        if self.contains_closure(lf, of) {
            return true;
        }
        false
    }
}
