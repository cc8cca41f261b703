//! Escape analysis as gc does it: which values may live in a function's
//! stack frame, and which must go to the heap because a pointer to them
//! outlives the frame.
//!
//! # Locations and holes
//!
//! Every variable and every expression that allocates (`new`, `&T{...}`,
//! `make`, a closure, a conversion to an interface that boxes its value,
//! the backing array of a `...` argument) gets a *location*: an abstract
//! piece of storage. A few pseudo-locations stand for what is outside the
//! function: the heap, the mutator and the callee (what a parameter is
//! written or called through, for `-d=escapemutationscalls`), and a blank
//! location that swallows what `_` receives. `walk.rs` evaluates each
//! expression into a *hole*, the context that receives its value: a
//! destination location plus how many times the value is dereferenced on
//! the way there, with notes saying why (kept only for `-m=2`). Taking an
//! address shifts the hole by -1, a dereference by +1.
//!
//! # Deref-weighted edges
//!
//! Statements become edges "src flows to dst after `derefs`
//! dereferences". `p = q` is 0, `p = *q` is +1 (the value pointed to
//! flows, not `q` itself), `p = &q` is -1 (the address of `q` flows). The
//! weights say how much of a value reaches a place: a location reached
//! at -1 from a root has its *address* stored there, one reached at 0 or
//! more only shares the pointers it holds. Field selections and
//! copies of structs keep the weight; indexing a slice derefs it.
//!
//! # The solver
//!
//! `solve.rs` takes every location in turn as a root (`walk_all`; the
//! heap first) and runs a shortest-path walk backwards along the edges
//! (`walk_one`), finding for each location the fewest dereferences with
//! which its value reaches the root (never below -1: an address of an
//! address is still an address). If a location's address reaches a root
//! that *outlives* it (the heap; a result of its function; a variable of
//! an enclosing function, for a closure's location; a variable declared
//! outside a loop, for a location declared inside it, which each
//! iteration makes anew), it escapes: it is marked, and because whatever
//! it holds now lives as long as the heap, it is queued to be walked from
//! as a root again. Walks repeat until nothing changes. Parameters are the other outcome: a parameter that reaches
//! the heap or a result is recorded as leaking there, with the
//! dereference count of the path.
//!
//! # Batches, bottom-up
//!
//! Functions are analysed in batches: the strongly connected components
//! of the package's call graph, callees before callers, each function
//! together with the function literals that capture its variables (a
//! literal that captures nothing is compiled as a plain function and is
//! a batch of its own). Within a batch, calls are edges like any other;
//! a call to a function outside the batch reads that function's summary
//! instead of its body.
//!
//! # Leak tags
//!
//! The summary is a *tag* per parameter ([`Leaks`]): the fewest
//! dereferences after which the parameter's value reaches the heap, each
//! of the first results, the mutator and the callee. A caller turns the
//! tag back into edges from the argument (heap: the argument flows to the
//! heap at that depth; result `i`: to whatever receives result `i`), so a
//! function is analysed once for all its callers. Tags of other packages
//! come from the shared [`TagTable`], filled as packages are analysed
//! after their imports; a function with no known tag (no body and no
//! `//go:noescape`) leaks everything to the heap.
//!
//! # Findings are data
//!
//! What the analysis concludes comes back as [`Finding`]s, in the order
//! gc prints its messages: variables on the heap, allocations that escape
//! or not, a parameter's leaks, devirtualized calls, bounds checks elided
//! and, at `-m=2`, each
//! escape's or leak's [`Explanation`], the path the solver found as flows
//! of steps with their [`Reason`]s. No text is formatted here: gc's
//! wording lives in the `report` crate (`report::gc`), so that other
//! presentations (an editor, JSON) read the same data.

mod batch;
mod bounds;
mod explain;
mod finding;
mod finish;
mod graph;
mod inlined;
pub mod leaks;
mod selfassign;
mod solve;
mod typefacts;
mod walk;

use std::sync::RwLock;

use goescape_inline::InlinedCall;
use goescape_ir::{Func, FuncId, Package, Pos, Target, UintptrArgs};
use goescape_types::model::{ObjId, Store};
use rustc_hash::{FxHashMap, FxHashSet};

pub use batch::TagSource;
pub use finding::{
    AllocSite, Explanation, Finding, Flow, Kind, Outcome, ParamLeak, Place, Reason, Step,
};
use graph::{Hole, LocNode, Where, HEAP};
pub use inlined::BodySource;
pub use leaks::Leaks;
pub use typefacts::{TypeFacts, MAX_IMPLICIT_STACK_VAR_SIZE, MAX_STACK_VAR_SIZE};

/// What to report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub level: Level,
    /// gc's `-d=escapemutationscalls`: also report which parameters are
    /// mutated or called through.
    pub mutations_calls: bool,
}

/// How much gc's `-m=N` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing: the package is analysed for its tags only.
    #[default]
    Silent,
    /// `-m`: the verdicts.
    Verdicts,
    /// `-m=2` and above: the verdicts and why.
    Explained,
    /// What gc's `-json` records hold: `-m=2`'s findings and those gc
    /// logs in its records only (the escaping closures of `go`/`defer`
    /// wrappers). No `-m=N` asks for it.
    Recorded,
}

impl Level {
    /// The level of `-m=n`.
    pub fn from_m(n: u8) -> Level {
        match n {
            0 => Level::Silent,
            1 => Level::Verdicts,
            _ => Level::Explained,
        }
    }

    pub fn reports(self) -> bool {
        self != Level::Silent
    }

    pub fn explains(self) -> bool {
        self >= Level::Explained
    }
}

/// The parameter tags of every analysed function (and how it treats
/// `uintptr` arguments), shared by all packages. A function's first entry
/// stays: one read from a package's summary before the run analyses that
/// package is what its importers must see, whichever comes first.
#[derive(Default)]
pub struct TagTable(RwLock<FxHashMap<ObjId, FuncTags>>);

/// What callers of a function need to know of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncTags {
    /// One per parameter, the receiver first.
    pub tags: Box<[Leaks]>,
    pub uintptr_args: UintptrArgs,
}

impl TagSource for TagTable {
    fn tags(&self, func: ObjId) -> Option<Box<[Leaks]>> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&func).map(|s| s.tags.clone())
    }

    fn uintptr_args(&self, func: ObjId) -> UintptrArgs {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&func)
            .map_or(UintptrArgs::Plain, |s| s.uintptr_args)
    }
}

impl TagTable {
    /// The tags of `func`, once its package is analysed.
    pub fn get(&self, func: ObjId) -> Option<FuncTags> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&func).cloned()
    }

    /// Records the tags of `func` unless it has some already.
    pub fn insert(&self, func: ObjId, tags: FuncTags) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.entry(func).or_insert(tags);
    }
}

/// Analyses one lowered package; records its functions' tags in `tags`
/// and returns the findings, in the order gc prints them. `inlined` are
/// the calls gc inlines (none under `-l`), whose bodies, `pkg`'s or those
/// of the packages in `bodies`, are analysed in their callers.
pub fn analyze_package(
    pkg: &Package,
    store: &Store,
    options: Options,
    tags: &TagTable,
    inlined: &[InlinedCall],
    bodies: &dyn BodySource,
) -> Vec<Finding> {
    let facts = TypeFacts::new(store);
    let own_only = options.level.explains();
    let expansions = inlined::Expansions::new(pkg, inlined, bodies, own_only);
    let func_of_obj = pkg.funcs_by_obj();
    let mut children: Vec<Vec<FuncId>> = vec![Vec::new(); pkg.funcs.len()];
    for (i, f) in pkg.funcs.iter().enumerate() {
        let id = FuncId(i as u32);
        if let Some(outer) = f.outer {
            if !is_unit(pkg, id) {
                children[outer.index()].push(id);
            }
        }
    }
    let mut findings = Vec::new();
    let mut func_tags: FxHashMap<FuncId, Box<[Leaks]>> = FxHashMap::default();
    if options.level.reports() {
        findings.extend(pkg.devirtualized.iter().map(|d| Finding {
            pos: d.pos,
            span: None,
            func: pkg.func(d.func).qualified_name(),
            kind: Kind::Devirtualized(d.what.clone()),
        }));
    }
    let wide = batch::PackageWide {
        pkg,
        facts: &facts,
        options,
        tag_source: tags,
        func_of_obj: &func_of_obj,
        expansions: &expansions,
    };
    for block in bottom_up(pkg, &func_of_obj, &children) {
        let members: FxHashSet<FuncId> = block.iter().copied().collect();
        let mut b = batch::Batch::new(wide, &func_tags, members);
        // Literals' variables too: a literal called where it is written
        // has its results connected before its body is walked.
        for &f in &block {
            b.init_func(f);
        }
        for &f in block.iter().filter(|&&f| is_unit(pkg, f)) {
            b.walk_func(f);
        }
        b.flow_closures();
        for i in 0..b.locs.len() {
            let loc = graph::LocId(i as u32);
            let node = b.loc(loc).node;
            if let Some(why) = b.heap_alloc_reason(loc) {
                let k = Hole::to(HEAP);
                let where_ = match node {
                    LocNode::Var(v) => Where::Var(v),
                    LocNode::Expr(e) => Where::Expr(e),
                    LocNode::None | LocNode::PointerCopy { .. } => continue,
                };
                let k = b.addr(k, where_, why);
                b.flow(k, loc);
            }
        }
        b.walk_all();
        // Declared functions first, then their literals, as gc orders them.
        let mut order: Vec<FuncId> = b.members.iter().copied().collect();
        order.sort();
        let mut done = Vec::new();
        for f in order {
            let t = b.param_tags(f);
            if is_unit(pkg, f) {
                if let Some(obj) = pkg.func(f).obj {
                    tags.insert(
                        obj,
                        FuncTags {
                            tags: t.clone(),
                            uintptr_args: pkg.func(f).uintptr_args(),
                        },
                    );
                }
                done.push((f, t));
            }
        }
        b.report_locations();
        findings.append(&mut b.findings);
        func_tags.extend(done);
    }
    // Walk, which elides bounds checks, runs once escape analysis is done.
    findings.extend(bounds::report(pkg, &facts, options));
    findings
}

/// Whether `f` is analysed as a unit of its own: a declared function, an
/// instantiation, or a function literal that captures nothing (gc compiles
/// those as plain functions, analysed before the functions using them).
fn is_unit(pkg: &Package, f: FuncId) -> bool {
    let func = pkg.func(f);
    func.outer.is_none() || func.captured.is_empty()
}

/// The batches of the package, callees first, as gc's
/// `VisitFuncsBottomUp` forms them: a depth-first walk from each unit in
/// package order through the functions each body refers to, in the order
/// it refers to them, function literals included where they are written.
/// A batch is a strongly connected component of units with the literals
/// walked from them, in the order the walk first reached each (the order
/// gc creates their locations in, which decides the paths it explains).
fn bottom_up(
    pkg: &Package,
    func_of_obj: &FxHashMap<ObjId, FuncId>,
    children: &[Vec<FuncId>],
) -> Vec<Vec<FuncId>> {
    let n = pkg.funcs.len();
    let successors = |f: FuncId| -> Vec<FuncId> {
        let mut out: Vec<FuncId> = pkg
            .func(f)
            .refs
            .iter()
            .filter_map(|r| match *r {
                Target::Declared(obj) => func_of_obj.get(&obj).copied(),
                Target::Literal(g) => Some(g),
            })
            .collect();
        // Literals the body does not name (wrappers the lowering made).
        let unnamed: Vec<FuncId> = children[f.index()]
            .iter()
            .copied()
            .filter(|c| !out.contains(c))
            .collect();
        out.extend(unnamed);
        out
    };
    // Tarjan's algorithm, iteratively; only units close a component, so
    // a literal stays on the stack until the unit below it does.
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0u32;
    let mut batches = Vec::new();
    // gc compiles the bodies it reads first, then the equality functions
    // it made meanwhile, then the method wrappers it makes last.
    let phase = |f: &Func| {
        if f.equality {
            1
        } else if f.wrapper && f.pos == Pos::AUTOGENERATED {
            2
        } else {
            0
        }
    };
    let mut roots: Vec<usize> = (0..n).collect();
    roots.sort_by_key(|&f| phase(pkg.func(FuncId(f as u32))));
    for root in roots {
        if !is_unit(pkg, FuncId(root as u32)) || index[root] != u32::MAX {
            continue;
        }
        let mut work: Vec<(FuncId, Vec<FuncId>, usize)> = Vec::new();
        let start = FuncId(root as u32);
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(start);
        on_stack[root] = true;
        work.push((start, successors(start), 0));
        while let Some((v, succ, i)) = work.last_mut() {
            let v = *v;
            if let Some(&w) = succ.get(*i) {
                *i += 1;
                let wi = w.index();
                if index[wi] == u32::MAX {
                    index[wi] = next;
                    low[wi] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    let r = successors(w);
                    work.push((w, r, 0));
                } else if on_stack[wi] {
                    low[v.index()] = low[v.index()].min(index[wi]);
                }
                continue;
            }
            work.pop();
            if let Some((parent, _, _)) = work.last() {
                let p = parent.index();
                low[p] = low[p].min(low[v.index()]);
            }
            if low[v.index()] == index[v.index()] && is_unit(pkg, v) {
                let at = stack.iter().rposition(|&w| w == v).unwrap_or(0);
                let batch = stack.split_off(at);
                for w in &batch {
                    on_stack[w.index()] = false;
                }
                batches.push(batch);
            }
        }
    }
    batches
}
