//! One batch: a set of mutually recursive functions (with their function
//! literals) analysed together. Holds the location graph while it is built
//! and solved.

use goescape_ir::{ExprId, FuncId, Package, UintptrArgs, VarId};
use goescape_types::model::ObjId;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{attr, Edge, Hole, LocId, LocNode, Location, Note, NoteId, Where, BLANK};
use crate::inlined::{Expansions, InlineFrame};
use crate::leaks::Leaks;
use crate::typefacts::TypeFacts;
use crate::{Finding, Options, Reason};

/// Where the tags of functions outside the batch come from.
pub trait TagSource {
    /// The leaks of each parameter (receiver first) of a declared function;
    /// `None` when unknown (every argument then escapes).
    fn tags(&self, func: ObjId) -> Option<Box<[Leaks]>>;
    /// How calls of the function treat `uintptr(unsafe.Pointer(p))`.
    fn uintptr_args(&self, func: ObjId) -> UintptrArgs;
}

pub struct Batch<'a> {
    /// The package analysed.
    pub home: &'a Package,
    /// The package whose code is being walked: the package analysed, or
    /// one whose inlined body is being walked.
    pub pkg: &'a Package,
    /// `pkg` as a location's `code`.
    pub code: u32,
    pub facts: &'a TypeFacts<'a>,
    pub options: Options,
    pub tag_source: &'a dyn TagSource,
    /// Declared functions of this package, by object.
    pub func_of_obj: &'a FxHashMap<ObjId, FuncId>,
    /// Tags of this package's functions from earlier batches.
    pub func_tags: &'a FxHashMap<FuncId, Box<[Leaks]>>,
    /// Functions of the batch, literals included.
    pub members: FxHashSet<FuncId>,
    pub locs: Vec<Location>,
    pub var_locs: FxHashMap<VarId, LocId>,
    pub notes: Vec<Note>,
    /// Closures to connect to their captured variables once all are seen.
    pub closures: Vec<(Hole, FuncId)>,
    /// Captured variables a closure holds by reference.
    pub captured_by_ref: FxHashSet<VarId>,
    /// Functions whose results flow to unknown places.
    pub results_lost: FxHashSet<FuncId>,
    /// `uintptr(unsafe.Pointer(p))` arguments whose pointer was copied to
    /// a temporary before the call (gc's `rewriteArgument`).
    pub uintptr_temps: FxHashMap<ExprId, LocId>,
    /// How many such copies each function has had (they are numbered
    /// after its variables, as gc creates them during the analysis).
    pub pointer_copies: FxHashMap<FuncId, u32>,
    pub findings: Vec<Finding>,
    /// The inlined calls whose bodies are copied into their callers.
    pub expansions: &'a Expansions,
    /// The locations of each copied body's variables, parallel to the
    /// callee's, by inlined call.
    pub inlined_vars: FxHashMap<usize, Vec<LocId>>,
    // Walk state.
    pub curfn: FuncId,
    pub loop_depth: i32,
    /// The inlined bodies being walked, innermost last.
    pub inline_frames: Vec<InlineFrame>,
}

/// What every batch of a package shares.
#[derive(Clone, Copy)]
pub struct PackageWide<'a> {
    pub pkg: &'a Package,
    pub facts: &'a TypeFacts<'a>,
    pub options: Options,
    pub tag_source: &'a dyn TagSource,
    /// Declared functions of the package, by object.
    pub func_of_obj: &'a FxHashMap<ObjId, FuncId>,
    /// The inlined calls whose bodies are copied into their callers.
    pub expansions: &'a Expansions,
}

impl<'a> Batch<'a> {
    pub fn new(
        wide: PackageWide<'a>,
        func_tags: &'a FxHashMap<FuncId, Box<[Leaks]>>,
        members: FxHashSet<FuncId>,
    ) -> Batch<'a> {
        let PackageWide {
            pkg,
            facts,
            options,
            tag_source,
            func_of_obj,
            expansions,
        } = wide;
        let mut locs = Vec::new();
        for attrs in [attr::ALL, attr::MUTATES, attr::CALLS, 0] {
            let mut loc = Location::new(LocNode::None, None, 0);
            loc.attrs = attrs;
            locs.push(loc);
        }
        Batch {
            home: pkg,
            pkg,
            code: 0,
            facts,
            options,
            tag_source,
            func_of_obj,
            func_tags,
            members,
            locs,
            var_locs: FxHashMap::default(),
            notes: Vec::new(),
            closures: Vec::new(),
            captured_by_ref: FxHashSet::default(),
            results_lost: FxHashSet::default(),
            uintptr_temps: FxHashMap::default(),
            pointer_copies: FxHashMap::default(),
            findings: Vec::new(),
            expansions,
            inlined_vars: FxHashMap::default(),
            curfn: FuncId(0),
            loop_depth: 1,
            inline_frames: Vec::new(),
        }
    }

    pub fn loc(&self, id: LocId) -> &Location {
        &self.locs[id.0 as usize]
    }

    pub fn loc_mut(&mut self, id: LocId) -> &mut Location {
        &mut self.locs[id.0 as usize]
    }

    pub fn new_loc(&mut self, node: LocNode, persists: bool) -> LocId {
        let id = LocId(self.locs.len() as u32);
        let mut loc = Location::new(node, Some(self.curfn), self.loop_depth);
        if persists {
            loc.attrs |= attr::PERSISTS;
        }
        loc.inlined_at = self.inline_frames.last().map(|f| f.pos);
        loc.code = self.code;
        self.locs.push(loc);
        id
    }

    /// Creates the locations of a function's variables.
    pub fn init_func(&mut self, func: FuncId) {
        let saved = (self.curfn, self.loop_depth);
        self.curfn = func;
        self.loop_depth = 1;
        let f = self.pkg.func(func);
        for &var in &f.vars {
            let loc = self.new_loc(LocNode::Var(var), true);
            let v = self.pkg.var(var);
            let l = self.loc_mut(loc);
            match v.class {
                goescape_ir::VarClass::Param => l.param = true,
                goescape_ir::VarClass::Result => {
                    l.result = true;
                    l.result_index = v.result_index + 1;
                }
                goescape_ir::VarClass::Local => {}
            }
            self.var_locs.insert(var, loc);
        }
        self.init_inlined_vars(func);
        (self.curfn, self.loop_depth) = saved;
    }

    pub fn var_loc(&self, var: VarId) -> LocId {
        self.var_locs[&var]
    }

    // ---- holes ---------------------------------------------------------

    pub fn hole(&self, dst: LocId) -> Hole {
        Hole::to(dst)
    }

    pub fn discard_hole(&self) -> Hole {
        Hole::to(BLANK)
    }

    pub fn note(&mut self, k: Hole, where_: Where, why: Reason) -> Hole {
        if !self.options.level.explains() {
            return k;
        }
        let id = NoteId(self.notes.len() as u32);
        self.notes.push(Note {
            next: k.notes,
            where_,
            why,
        });
        Hole {
            notes: Some(id),
            ..k
        }
    }

    pub fn deref(&mut self, k: Hole, where_: Where, why: Reason) -> Hole {
        let k = k.shift(1);
        self.note(k, where_, why)
    }

    pub fn addr(&mut self, k: Hole, where_: Where, why: Reason) -> Hole {
        let k = k.shift(-1);
        self.note(k, where_, why)
    }

    /// The hole of `x.(T)` (or a type switch case of type T).
    pub fn dot_type(
        &mut self,
        k: Hole,
        ty: goescape_types::model::TypeId,
        where_: Where,
        why: Reason,
    ) -> Hole {
        let k = if !self.facts.is_interface(ty) && !self.facts.is_direct_iface(ty) {
            k.shift(1)
        } else {
            k
        };
        self.note(k, where_, why)
    }

    /// Records that the value of `src` flows into `k`.
    pub fn flow(&mut self, k: Hole, src: LocId) {
        if k.addrtaken {
            self.loc_mut(src).addrtaken = true;
        }
        let dst = k.dst;
        if dst == BLANK {
            return;
        }
        if dst == src && k.derefs >= 0 {
            return;
        }
        if self.loc(dst).has(attr::ESCAPES) && k.derefs < 0 {
            if self.options.level.explains() {
                self.explain_direct_escape(dst, src, k);
            }
            self.loc_mut(src).attrs |= attr::ALL;
            return;
        }
        self.loc_mut(dst).edges.push(Edge {
            src,
            derefs: k.derefs,
            notes: k.notes,
        });
    }

    /// A new location for an allocation at `e`, its address flowing to `k`.
    pub fn spill(&mut self, k: Hole, e: ExprId) -> Hole {
        let loc = self.new_loc(LocNode::Expr(e), false);
        let k = self.addr(k, Where::Expr(e), Reason::Spill);
        self.flow(k, loc);
        self.hole(loc)
    }

    /// A hole that flows into each of `ks`.
    pub fn tee(&mut self, ks: &[Hole]) -> Hole {
        match ks {
            [] => self.discard_hole(),
            [k] => *k,
            _ => {
                let loc = self.new_loc(LocNode::None, false);
                for &k in ks {
                    self.flow(k, loc);
                }
                self.hole(loc)
            }
        }
    }

    /// A hole that flows into `k` some time later.
    pub fn later(&mut self, k: Hole) -> Hole {
        let loc = self.new_loc(LocNode::None, true);
        self.flow(k, loc);
        self.hole(loc)
    }

    /// Whether `inner` is a function literal nested (at any depth) in
    /// `outer`.
    pub fn contains_closure(&self, outer: FuncId, inner: FuncId) -> bool {
        let mut f = self.pkg.func(inner).outer;
        while let Some(id) = f {
            if id == outer {
                return true;
            }
            f = self.pkg.func(id).outer;
        }
        false
    }

    /// Whether `func` is being analysed in this batch (its tags are not
    /// known yet).
    pub fn in_batch(&self, func: FuncId) -> bool {
        self.code == 0 && self.members.contains(&func)
    }

    /// The package whose code `code` is (see [`Location::code`]).
    pub fn code_package(&self, code: u32) -> &'a Package {
        match code {
            0 => self.home,
            i => self.expansions.package(i),
        }
    }
}
