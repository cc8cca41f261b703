//! Escape analysis as gc does it: a location per variable and allocation,
//! deref-weighted flow edges between them, a solver that finds which
//! addresses outlive their frames, and parameter tags that summarise each
//! function for its callers. Functions are analysed in batches of mutually
//! recursive functions, callees before callers; the tags of other packages'
//! functions come from a shared [`TagTable`].

mod batch;
mod bounds;
mod explain;
mod finding;
mod finish;
mod graph;
pub mod leaks;
mod selfassign;
mod solve;
mod typefacts;
mod walk;

use std::sync::RwLock;

use goescape_ir::{FuncId, Package, Target, UintptrArgs};
use goescape_types::model::{ObjId, Store};
use rustc_hash::{FxHashMap, FxHashSet};

pub use batch::TagSource;
pub use finding::{Explanation, Finding, Flow, Kind, Outcome, ParamLeak, Place, Reason, Step};
use graph::{Hole, LocNode, Where, HEAP};
pub use leaks::Leaks;
pub use typefacts::TypeFacts;

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
        self == Level::Explained
    }
}

/// The parameter tags of every analysed function (and how it treats
/// `uintptr` arguments), shared by all packages.
#[derive(Default)]
pub struct TagTable(RwLock<FxHashMap<ObjId, FuncSummary>>);

/// What callers of a function need to know of it.
struct FuncSummary {
    tags: Box<[Leaks]>,
    uintptr_args: UintptrArgs,
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
    fn insert(&self, func: ObjId, tags: Box<[Leaks]>, uintptr_args: UintptrArgs) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.insert(func, FuncSummary { tags, uintptr_args });
    }
}

/// Analyses one lowered package; records its functions' tags in `tags`
/// and returns the findings, in the order gc prints them.
pub fn analyze_package(
    pkg: &Package,
    store: &Store,
    options: Options,
    tags: &TagTable,
) -> Vec<Finding> {
    let facts = TypeFacts::new(store);
    let mut func_of_obj = FxHashMap::default();
    let mut children: Vec<Vec<FuncId>> = vec![Vec::new(); pkg.funcs.len()];
    for (i, f) in pkg.funcs.iter().enumerate() {
        let id = FuncId(i as u32);
        match f.outer {
            Some(outer) if !is_unit(pkg, id) => children[outer.index()].push(id),
            Some(_) => {}
            None => {
                if let Some(obj) = f.obj {
                    func_of_obj.insert(obj, id);
                }
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
    for scc in bottom_up(pkg, &func_of_obj, &children) {
        let mut members = FxHashSet::default();
        let mut stack = scc.clone();
        while let Some(f) = stack.pop() {
            members.insert(f);
            stack.extend(children[f.index()].iter().copied());
        }
        let mut b = batch::Batch::new(
            pkg,
            &facts,
            options,
            tags,
            &func_of_obj,
            &func_tags,
            members,
        );
        // Literals' variables too: a literal called where it is written
        // has its results connected before its body is walked.
        let mut all: Vec<FuncId> = b.members.iter().copied().collect();
        all.sort();
        for &f in &all {
            b.init_func(f);
        }
        for &f in &scc {
            b.walk_func(f);
        }
        b.flow_closures();
        for i in 0..b.locs.len() {
            let loc = graph::LocId(i as u32);
            let node = b.loc(loc).node;
            if let Some(why) = b.heap_alloc_reason(node) {
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
                    tags.insert(obj, t.clone(), pkg.func(f).uintptr_args());
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

/// The unit a function is analysed in.
fn unit_of(pkg: &Package, mut f: FuncId) -> FuncId {
    while !is_unit(pkg, f) {
        match pkg.func(f).outer {
            Some(outer) => f = outer,
            None => break,
        }
    }
    f
}

/// The strongly connected components of the package's call graph (by
/// references between units), callees first.
fn bottom_up(
    pkg: &Package,
    func_of_obj: &FxHashMap<ObjId, FuncId>,
    children: &[Vec<FuncId>],
) -> Vec<Vec<FuncId>> {
    let n = pkg.funcs.len();
    // References of each top-level function, its literals' included.
    let refs = |f: FuncId| -> Vec<FuncId> {
        let mut out = Vec::new();
        let mut stack = vec![f];
        while let Some(g) = stack.pop() {
            for r in &pkg.func(g).refs {
                let target = match *r {
                    Target::Declared(obj) => func_of_obj.get(&obj).copied(),
                    // An instantiation, or a literal (in its unit).
                    Target::Literal(f) => Some(unit_of(pkg, f)),
                };
                out.extend(target);
            }
            stack.extend(children[g.index()].iter().copied());
        }
        out
    };
    // Tarjan's algorithm, iteratively.
    let mut index = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0u32;
    let mut sccs = Vec::new();
    for root in 0..n {
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
        work.push((start, refs(start), 0));
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
                    let r = refs(w);
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
            if low[v.index()] == index[v.index()] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w.index()] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                scc.sort();
                sccs.push(scc);
            }
        }
    }
    sccs
}
