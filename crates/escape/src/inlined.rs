//! Inlined calls, analysed as gc sees them: the callee's body copied into
//! the caller.
//!
//! gc inlines before escape analysis, so a call it inlines is no call at
//! all to the analysis: the arguments initialise copies of the callee's
//! parameters, the body runs with copies of its variables (locals of the
//! caller now), each `return` assigns copies of the results, and those
//! flow to where the call's value goes. Nothing reads the callee's tags.
//! Every message about the copy is printed at the outermost call, where
//! gc's positions of inlined code resolve to; the same callee line may so
//! be reported once per inlining, with a verdict of its own each time.
//!
//! The copies are locations keyed by the callee's variables and
//! expressions, told apart by the inlined call they were made for: the
//! callee's variables are bound to the copy's locations while its body is
//! walked (and bound back after, as a function inlined into itself names
//! its own variables).
//!
//! Bodies come from the package analysed or from the packages it
//! imports (`BodySource`); those with function literals in them are not
//! copied, and neither are other packages' at `-m=2`, whose explanations
//! name the package analysed's code only: those calls read tags as before.

use std::sync::Arc;

use goescape_inline::InlinedCall;
use goescape_ir::{Call, Callee, ExprId, FuncId, Package, Pos};
use goescape_types::model::PkgId;
use rustc_hash::FxHashMap;

use crate::batch::Batch;
use crate::graph::{Hole, LocNode, Where};
use crate::Reason;

/// The lowered packages whose functions' bodies may be inlined.
pub trait BodySource {
    fn package(&self, pkg: PkgId) -> Option<Arc<Package>>;
}

/// The inlined calls whose bodies the analysis copies.
#[derive(Default)]
pub struct Expansions {
    /// By the function the copy lands in, the inlined call holding the
    /// call (`None`: the function's own code), and the call expression.
    by_call: FxHashMap<(FuncId, Option<usize>, ExprId), usize>,
    /// The copies each function receives, in gc's order of inlining.
    by_caller: FxHashMap<FuncId, Vec<usize>>,
    expansions: FxHashMap<usize, Expansion>,
    /// The other packages whose code is copied (`code` 1, 2, ...).
    packages: Vec<Arc<Package>>,
}

#[derive(Clone, Copy)]
struct Expansion {
    callee: FuncId,
    /// Whose code the callee is (see [`crate::graph::Location::code`]).
    code: u32,
    /// Where gc reports what the copy holds.
    pos: Pos,
}

/// An inlined body being walked.
#[derive(Clone, Copy)]
pub struct InlineFrame {
    /// The inlined call (an index into the package's inlined calls).
    pub index: usize,
    pub callee: FuncId,
    pub code: u32,
    pub pos: Pos,
}

impl Expansions {
    /// The calls of `calls` (`pkg`'s inlined calls, in gc's order) whose
    /// bodies can be copied: a body without function literals, inside a
    /// body copied too, of `pkg` or (unless `own_only`) of a package
    /// `bodies` has.
    pub fn new(
        pkg: &Package,
        calls: &[InlinedCall],
        bodies: &dyn BodySource,
        own_only: bool,
    ) -> Expansions {
        let mut out = Expansions::default();
        // Per package: its code, and which of its functions hold literals.
        let mut codes: FxHashMap<PkgId, Option<(u32, Vec<bool>)>> = FxHashMap::default();
        codes.insert(pkg.id, Some((0, with_literals(pkg))));
        for (index, call) in calls.iter().enumerate() {
            let (home, callee) = call.target;
            let known = codes.entry(home).or_insert_with(|| {
                let other = bodies.package(home).filter(|_| !own_only)?;
                let literals = with_literals(&other);
                out.packages.push(other);
                Some((out.packages.len() as u32, literals))
            });
            let Some((code, literals)) = known else {
                continue;
            };
            let f = match *code {
                0 => pkg.func(callee),
                i => out.packages[i as usize - 1].func(callee),
            };
            let copyable = f.outer.is_none() && f.has_body && !f.generic;
            let enclosing_copied = call.inside.is_none_or(|i| out.expansions.contains_key(&i));
            if !copyable || literals[callee.index()] || !enclosing_copied {
                continue;
            }
            out.by_call
                .insert((call.func, call.inside, call.call), index);
            out.by_caller.entry(call.func).or_default().push(index);
            out.expansions.insert(
                index,
                Expansion {
                    callee,
                    code: *code,
                    pos: call.pos,
                },
            );
        }
        out
    }

    /// The package of code `code` (1 or more).
    pub fn package(&self, code: u32) -> &Package {
        &self.packages[code as usize - 1]
    }
}

/// Which functions of `pkg` have function literals in them. Marking each
/// literal's immediate enclosing function marks every enclosing one: a
/// literal that encloses another is itself a function of `pkg`.
fn with_literals(pkg: &Package) -> Vec<bool> {
    let mut out = vec![false; pkg.funcs.len()];
    for outer in pkg.funcs.iter().filter_map(|f| f.outer) {
        out[outer.index()] = true;
    }
    out
}

impl Batch<'_> {
    /// Creates the locations of the copies of variables that the inlined
    /// bodies of `func` declare (gc appends them to the caller's).
    pub(crate) fn init_inlined_vars(&mut self, func: FuncId) {
        let Some(indexes) = self.expansions.by_caller.get(&func) else {
            return;
        };
        for &index in indexes {
            let e = self.expansions.expansions[&index];
            let vars = &self.code_package(e.code).func(e.callee).vars;
            let mut locs = Vec::with_capacity(vars.len());
            for &var in vars {
                let loc = self.new_loc(LocNode::Var(var), true);
                let l = self.loc_mut(loc);
                l.inlined_at = Some(e.pos);
                l.code = e.code;
                locs.push(loc);
            }
            self.inlined_vars.insert(index, locs);
        }
    }

    /// The inlined call `e` is, when its body is copied here.
    pub(crate) fn inlined(&self, e: ExprId, call: &Call) -> Option<InlineFrame> {
        let inside = self.inline_frames.last().map(|f| f.index);
        let &index = self.expansions.by_call.get(&(self.curfn, inside, e))?;
        let x = self.expansions.expansions[&index];
        // A call that does not pass one value per parameter (which gc's
        // inliner would not meet) reads the callee's tags.
        let params = self.code_package(x.code).func(x.callee).params.len();
        (params == call.args.len()).then_some(InlineFrame {
            index,
            callee: x.callee,
            code: x.code,
            pos: x.pos,
        })
    }

    /// Walks inlined call `e` as its copied body, its results flowing
    /// into `ks`.
    pub(crate) fn inlined_call(&mut self, ks: &[Hole], e: ExprId, call: &Call, frame: InlineFrame) {
        let callee_pkg = self.code_package(frame.code);
        let callee = callee_pkg.func(frame.callee);
        let locs = self.inlined_vars[&frame.index].clone();
        let depth = self.loop_depth;
        for &loc in &locs {
            self.loc_mut(loc).loop_depth = depth;
        }
        if let Callee::Func { fun, .. } = &call.callee {
            self.discard(*fun);
        }
        // `p1, p2 := args`, evaluated in the caller's code.
        let loc_of = |var| callee.vars.iter().position(|&v| v == var).map(|i| locs[i]);
        for (param, &arg) in callee.params.iter().zip(&call.args) {
            let k = match param.var.and_then(loc_of) {
                Some(loc) => self.hole(loc),
                None => self.discard_hole(),
            };
            let k = self.note(k, Where::Expr(e), Reason::AssignPair);
            self.expr(k, arg);
        }
        // The callee's variables name the copy's locations while its body
        // is walked (another package's ids may clash with the caller's).
        let bound: Vec<_> = callee
            .vars
            .iter()
            .zip(&locs)
            .map(|(&var, &loc)| (var, self.var_locs.insert(var, loc)))
            .collect();
        let caller_code = (self.pkg, self.code);
        (self.pkg, self.code) = (callee_pkg, frame.code);
        self.inline_frames.push(frame);
        self.block(&callee.body);
        self.inline_frames.pop();
        let results: Vec<_> = callee.results.iter().map(|&r| self.var_loc(r)).collect();
        (self.pkg, self.code) = caller_code;
        for (var, previous) in bound {
            match previous {
                Some(loc) => self.var_locs.insert(var, loc),
                None => self.var_locs.remove(&var),
            };
        }
        for (&k, &loc) in ks.iter().zip(&results) {
            self.flow(k, loc);
        }
    }

    /// Where gc reports a message about code at `pos`: the outermost
    /// inlined call, inside a copied body.
    pub(crate) fn reported_at(&self, pos: Pos) -> Pos {
        self.inline_frames.last().map_or(pos, |f| f.pos)
    }

    /// The function whose results a `return` assigns: the callee of the
    /// inlined body being walked, or the function itself.
    pub(crate) fn returning_func(&self) -> FuncId {
        self.inline_frames.last().map_or(self.curfn, |f| f.callee)
    }
}
