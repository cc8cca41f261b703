//! gc's inlining decisions, made on goescape's lowered tree.
//!
//! Before escape analysis gc decides, for every function, whether calls of
//! it may be replaced by its body. The decision is a price: gc walks the
//! function's IR after type checking and charges each node one unit, a
//! call of a function that is not itself inlinable 57 (a call of a
//! parameter 17), a call of an inlinable one that function's own price, a
//! function literal 16; a few nodes are free (no-op conversions, method
//! expressions, types) and a few shapes are discounted (`&x.f` at offset
//! zero, `s[0:len(s)]`, `*(*T)(unsafe.Pointer(&x))`). A function whose
//! price is at most the budget of 80 is inlinable. Some functions never
//! are, whatever their price: those marked `//go:noinline` (and the other
//! directives of [`Reason`]), those without a body, and those containing
//! `go`, `defer` or `recover()`.
//!
//! gc's IR and our tree differ in places, so the walk in [`cost`] prices
//! our nodes as the IR nodes they stand for: the temporaries the lowering
//! introduces for calls of several results are free (gc compensates for
//! its own), implicit conversions are priced by what gc makes of them
//! (interface conversions cost a node, no-op ones nothing), a `for`
//! statement's initialiser is part of the loop.
//!
//! Functions are priced callees first: within the package by a memoised
//! walk over the static call graph (a function still being priced counts
//! as not inlinable, as gc's bottom-up order has it within a recursive
//! group), across packages through the shared [`InlineTable`], filled as
//! packages are priced after the packages they import. The results are
//! data ([`Verdict`]); gc's wording lives in the report crate.
//!
//! Not modelled: profile-guided inlining (`default.pgo`), `-race` and
//! `-d=checkptr` builds (their directives `//go:norace` and
//! `//go:nocheckptr` only matter there), and targets other than those that
//! merge unaligned loads (amd64, arm64, ...), whose intrinsics differ.

mod cost;
mod intrinsics;
mod sites;

use std::sync::{Arc, RwLock};

use goescape_ir::{ExprId, FuncId, Package, Pos};
use goescape_types::model::{ObjId, PkgId, Store};
use rustc_hash::FxHashMap;

use sites::{Body, FuncKey};

/// gc's budget: a function costing more is not inlinable.
pub const BUDGET: u32 = 80;

/// The verdict on one function, as gc reports it at `-m=2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub func: FuncId,
    /// Where gc reports it: the function's name (a literal's `func`).
    pub pos: Pos,
    /// As gc prints it: `f`, `(*T).m`, `f.func1`.
    pub name: String,
    pub outcome: Result<u32, Reason>,
}

/// Why a function cannot be inlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `//go:noinline`.
    NoInline,
    /// `//go:cgo_unsafe_args`: the body reads its argument frame.
    CgoUnsafeArgs,
    /// `//go:uintptrkeepalive`.
    UintptrKeepAlive,
    /// `//go:uintptrescapes`.
    UintptrEscapes,
    /// `//go:yeswritebarrierrec`.
    YesWriteBarrierRec,
    /// Declared without a body (assembly, `//go:linkname`).
    NoBody,
    /// A statement the inliner cannot copy.
    Unhandled(Unhandled),
    /// A call of `recover`.
    Recover,
    /// A call of `internal/runtime/sys.GetCallerPC` or `GetCallerSP`,
    /// which must see the real caller.
    CallerFrame(&'static str),
    /// The price exceeds the budget.
    TooComplex { cost: u32, budget: u32 },
}

/// The statements the inliner refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unhandled {
    Go,
    Defer,
}

/// A call gc replaces by the callee's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinedCall {
    /// The function the call is in (and the body copied to).
    pub func: FuncId,
    /// Where gc reports it: the call in `func`'s own code (for a call in
    /// an inlined body, the outermost call).
    pub pos: Pos,
    /// The callee as gc prints it here: `f`, `(*T).m`, `strings.Index`.
    pub callee: String,
    /// The call expression, in the code of the body holding it: `func`'s
    /// own, or the callee's of the inlining `inside` names.
    pub call: ExprId,
    /// The function whose body replaces the call.
    pub target: (PkgId, FuncId),
    /// The inlined call (an index into [`Inlining::calls`]) whose copied
    /// body holds this call; `None` for a call in `func`'s own code.
    pub inside: Option<usize>,
}

/// The inliner's results for one package.
#[derive(Clone, Debug, Default)]
pub struct Inlining {
    /// The verdicts, callees first.
    pub verdicts: Vec<Verdict>,
    /// The calls inlined, function by function, each function's in gc's
    /// order.
    pub calls: Vec<InlinedCall>,
}

/// The inlinable functions of the packages priced so far, their prices
/// and bodies, shared by the packages priced after them (safe to share
/// across threads).
#[derive(Default)]
pub struct InlineTable(RwLock<Tables>);

#[derive(Default)]
struct Tables {
    /// The prices of declared functions.
    costs: FxHashMap<ObjId, u32>,
    /// Declared functions of the packages priced in this run, by object.
    keys: FxHashMap<ObjId, FuncKey>,
    /// The bodies of their inlinable functions, literals and
    /// instantiations included (inlined bodies call them).
    bodies: FxHashMap<FuncKey, Arc<Body>>,
}

impl InlineTable {
    /// The price of declared function `func` when it is inlinable.
    pub fn cost(&self, func: ObjId) -> Option<u32> {
        let tables = self.0.read().unwrap_or_else(|e| e.into_inner());
        tables.costs.get(&func).copied()
    }

    /// Records the prices of inlinable functions; a function's first
    /// price stays (one read from its package's summary before the run
    /// prices that package is what importers must see).
    pub fn insert_all(&self, costs: impl Iterator<Item = (ObjId, u32)>) {
        let mut tables = self.0.write().unwrap_or_else(|e| e.into_inner());
        for (func, cost) in costs {
            tables.costs.entry(func).or_insert(cost);
        }
    }

    fn key(&self, func: ObjId) -> Option<FuncKey> {
        let tables = self.0.read().unwrap_or_else(|e| e.into_inner());
        tables.keys.get(&func).copied()
    }

    fn body(&self, key: FuncKey) -> Option<Arc<Body>> {
        let tables = self.0.read().unwrap_or_else(|e| e.into_inner());
        tables.bodies.get(&key).cloned()
    }

    /// Publishes the bodies of the inlinable functions of `pkg`.
    fn insert_bodies(&self, pkg: &Package, bodies: &[Arc<Body>]) {
        let mut tables = self.0.write().unwrap_or_else(|e| e.into_inner());
        for (i, f) in pkg.funcs.iter().enumerate() {
            let key = (pkg.id, FuncId(i as u32));
            if bodies[i].cost().is_none() {
                continue;
            }
            if let Some(obj) = f.obj {
                tables.keys.insert(obj, key);
            }
            tables.bodies.insert(key, Arc::clone(&bodies[i]));
        }
    }
}

/// Prices every function of `pkg` gc decides on, decides which calls are
/// inlined, and records the inlinable functions in `table`.
pub fn analyze_package(pkg: &Package, store: &Store, table: &InlineTable) -> Inlining {
    let priced = cost::Pricer::new(pkg, store, table).price_all();
    let bodies = sites::bodies(pkg, store, &priced);
    let calls = sites::inlined_calls(pkg, store, table, &bodies, &priced.big);
    table.insert_all(priced.costs.into_iter());
    table.insert_bodies(pkg, &bodies);
    Inlining {
        verdicts: priced.verdicts,
        calls,
    }
}
