//! The location graph: one location per variable and per allocation, edges
//! "src flows to dst after `derefs` dereferences" (-1 is "the address of
//! src"), and holes, the contexts expressions are evaluated into.

use goescape_ir::{ExprId, FuncId, Pos, StmtId, VarId};

use crate::leaks::Leaks;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocId(pub u32);

/// The pseudo-locations every batch has.
pub const HEAP: LocId = LocId(0);
pub const MUTATOR: LocId = LocId(1);
pub const CALLEE: LocId = LocId(2);
pub const BLANK: LocId = LocId(3);

/// Attributes a location acquires during solving.
pub mod attr {
    /// Its address escapes: it must live on the heap.
    pub const ESCAPES: u8 = 1;
    /// Its address outlives the statement.
    pub const PERSISTS: u8 = 2;
    /// Memory reachable from it may be mutated.
    pub const MUTATES: u8 = 4;
    /// Closures reachable from it may be called.
    pub const CALLS: u8 = 8;
    pub const ALL: u8 = ESCAPES | PERSISTS | MUTATES | CALLS;
}

/// What a location stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocNode {
    /// A pseudo-location or a temporary.
    None,
    Var(VarId),
    /// An allocation (or conversion) expression.
    Expr(ExprId),
    /// `.autotmp_N`, the copy of the pointer `value` gc makes before a
    /// call that takes it as a `uintptr`.
    PointerCopy {
        number: u32,
        value: ExprId,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub src: LocId,
    pub derefs: i32,
    pub notes: Option<NoteId>,
}

#[derive(Debug)]
pub struct Location {
    pub node: LocNode,
    pub func: Option<FuncId>,
    /// Incoming edges.
    pub edges: Vec<Edge>,
    pub loop_depth: i32,
    /// 1-based index of a result variable; 0 otherwise.
    pub result_index: u32,
    pub attrs: u8,
    pub param_leaks: Leaks,
    pub captured: bool,
    pub reassigned: bool,
    pub addrtaken: bool,
    pub param: bool,
    pub result: bool,
    /// For a location of an inlined body, the call gc reports it at (the
    /// outermost one, where the copied code is).
    pub inlined_at: Option<Pos>,
    /// Whose code its node is: 0 for the package analysed, `i` for the
    /// `i`th package whose bodies are inlined into it.
    pub code: u32,
    // Walk state.
    pub derefs: i32,
    pub walkgen: u32,
    pub dst: Option<(LocId, usize)>,
    pub queued_all: bool,
    pub queued_one: u32,
}

impl Location {
    pub fn new(node: LocNode, func: Option<FuncId>, loop_depth: i32) -> Location {
        Location {
            node,
            func,
            edges: Vec::new(),
            loop_depth,
            result_index: 0,
            attrs: 0,
            param_leaks: Leaks::default(),
            captured: false,
            reassigned: false,
            addrtaken: false,
            param: false,
            result: false,
            inlined_at: None,
            code: 0,
            derefs: 0,
            walkgen: 0,
            dst: None,
            queued_all: false,
            queued_one: 0,
        }
    }

    pub fn has(&self, a: u8) -> bool {
        self.attrs & a != 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteId(pub u32);

/// Why a flow happens, kept for `-m=2` explanations.
#[derive(Clone, Copy, Debug)]
pub struct Note {
    pub next: Option<NoteId>,
    pub where_: Where,
    pub why: crate::Reason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Where {
    Expr(ExprId),
    Stmt(StmtId),
    /// A variable (an allocation of its own).
    Var(VarId),
    /// A variable captured by a closure, where the closure refers to it.
    Captured(VarId, Pos),
    /// The `index`th case clause of a (type) switch.
    Clause(StmtId, usize),
    /// `.autotmp_N = value`, a pointer copied before a call.
    PointerCopy {
        number: u32,
        value: ExprId,
    },
    /// `uintptr(.autotmp_N)`: the conversion `conv` of that copy.
    CopyConverted {
        number: u32,
        conv: ExprId,
    },
}

/// An evaluation context: "the value goes to `dst` after `derefs`".
#[derive(Clone, Copy, Debug)]
pub struct Hole {
    pub dst: LocId,
    pub derefs: i32,
    pub notes: Option<NoteId>,
    /// The context takes the address of the expression.
    pub addrtaken: bool,
}

impl Hole {
    pub fn to(dst: LocId) -> Hole {
        Hole {
            dst,
            derefs: 0,
            notes: None,
            addrtaken: false,
        }
    }

    pub fn shift(mut self, delta: i32) -> Hole {
        self.derefs += delta;
        debug_assert!(self.derefs >= -1);
        self.addrtaken = delta < 0;
        self
    }
}
