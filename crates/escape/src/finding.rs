//! What the analysis finds, as data: one [`Finding`] per line gc prints at
//! `-m`, each with the subject printed as gc prints it and, at `-m=2`, the
//! explanations as chains of flows. No wording lives here: `report` turns
//! findings into gc's text and into JSON records.

use goescape_ir::{Devirtualization, Pos, Span};

use crate::Level;

/// One result of the analysis of a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Where gc reports it.
    pub pos: Pos,
    /// The source text of the subject, when it comes from one expression.
    pub span: Option<Span>,
    /// The function it belongs to, as gc names it (`F`, `(*T).M`,
    /// `F.func1`); empty for package initialisation.
    pub func: String,
    pub kind: Kind,
}

impl Finding {
    /// The least `-m` level that reports it (an analysis run deeper than
    /// asked, for gc's `-json` records, shows only these).
    pub fn level(&self) -> Level {
        match self.kind {
            Kind::Explanation(_) | Kind::Captured { .. } => Level::Explained,
            Kind::Alloc {
                site: AllocSite::GoDeferWrapper,
                ..
            } => Level::Recorded,
            _ => Level::Verdicts,
        }
    }
}

/// What was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A variable whose address outlives its frame is allocated on the
    /// heap.
    MovedToHeap { var: String },
    /// An allocation, conversion, closure or argument slice, and whether
    /// it escapes. `subject` is the expression as gc prints it (`append`
    /// for an append's backing array).
    Alloc {
        subject: String,
        escapes: bool,
        site: AllocSite,
    },
    /// A `[]byte(s)` that nobody writes through shares `s`'s bytes.
    ZeroCopyBytes,
    /// What a parameter leaks to (one finding per sink).
    Param { name: String, leak: ParamLeak },
    /// A `uintptr` parameter of a body-less function is assumed to hold a
    /// pointer it keeps alive.
    AssumedUnsafeUintptr { name: String },
    /// A `uintptr` (or `...uintptr`) parameter of a
    /// `//go:uintptrescapes` function escapes.
    EscapingUintptr { name: String, variadic: bool },
    /// `x.f = x.g`-style assignments gc does not count as flows.
    SelfAssignment { stmt: String },
    /// How a closure captures a variable of `outer` (`-m=2`).
    Captured {
        outer: String,
        var: String,
        by_value: bool,
        addrtaken: bool,
        reassigned: bool,
        width: i64,
    },
    /// An interface call made direct, or a dictionary call that stays
    /// dynamic.
    Devirtualized(Devirtualization),
    /// An index whose bounds check walk drops.
    BoundsCheckElided,
    /// Why a location escapes or a parameter leaks (`-m=2`).
    Explanation(Explanation),
}

/// What kind of expression allocates, where explaining it needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AllocSite {
    /// A conversion to an interface that boxes its operand.
    InterfaceConversion,
    /// A function literal that captures variables.
    Closure,
    /// A method value (`x.M`), a closure over its receiver.
    MethodValue,
    /// The closure wrapping the call of a `go` or `defer` statement,
    /// which gc reports in its `-json` records only.
    GoDeferWrapper,
    /// Any other: `new`, `&T{...}`, `make`, literals, `append`, string
    /// conversions, the slice of a `...` argument.
    Other,
}

/// Where a parameter's value goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamLeak {
    /// To the heap: the pointer itself, or (`content`) what it points to.
    Heap { content: bool },
    /// To result `result` (its name), through `level` dereferences.
    Result { result: String, level: i32 },
    /// Nowhere.
    None,
    /// Written through, `derefs` dereferences down
    /// (`-d=escapemutationscalls`).
    Mutated { derefs: i32 },
    /// Called, `derefs` dereferences down (`-d=escapemutationscalls`).
    Called { derefs: i32 },
    /// Neither leaked, mutated nor called (`-d=escapemutationscalls`).
    Untouched,
}

/// The chain of flows from a location to the root it reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The location explained, as gc prints it.
    pub subject: String,
    /// The function the location belongs to (`None`: the heap's).
    pub func: Option<String>,
    pub outcome: Outcome,
    pub flows: Vec<Flow>,
    /// The path ran into an assignment cycle and was cut there.
    pub truncated: bool,
}

impl Explanation {
    /// Every step of its flows, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.flows.iter().flat_map(|flow| &flow.steps)
    }
}

/// What an explanation explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The location's address outlives its frame: found by the solver
    /// along a path, or (`direct`) stored straight into a location that
    /// already escapes, while the graph was built (gc logs the two under
    /// different codes in its `-json` records).
    Escapes { direct: bool },
    /// A parameter flows to `to` through `derefs` dereferences.
    Leaks { to: Place, derefs: i32 },
}

/// One edge of the path: `dst` receives `src`, dereferenced `derefs`
/// times (-1: its address), for the reasons in `steps`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub dst: Place,
    pub src: Place,
    pub derefs: i32,
    pub steps: Vec<Step>,
    /// Where `src` is (gc's `-json` records place a flow there when it has
    /// no steps); [`Pos::NONE`] for a location of no node.
    pub src_pos: Pos,
}

/// A location as explanations name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Heap,
    /// A temporary with no name.
    Temp,
    /// A variable.
    Var(String),
    /// The storage an allocation expression makes.
    Storage(String),
}

/// One operation along a flow: the expression or statement (as gc prints
/// it), why it moves the value, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub what: String,
    pub why: Reason,
    pub at: Pos,
}

/// Why a value flows where it does: gc's notes on explanation steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    AddressOf,
    AppendedSlice,
    AppendeeSlice,
    ArrayLiteralElement,
    Assign,
    AssignPair,
    AssignPairDotType,
    AssignPairMapRead,
    AssignPairReceive,
    CallParameter,
    /// An argument (or receiver) of a call whose callee the analysis
    /// cannot see (a function value, an interface method): gc words it
    /// as [`Reason::CallParameter`].
    UnknownCalleeParameter,
    CalleeOperand,
    CapturedByClosure,
    CopiedSlice,
    Dot,
    DotOfPointer,
    FixedArrayIndex,
    Indirection,
    InterfaceConverted,
    MapKeyPut,
    MapLiteralKey,
    MapLiteralValue,
    Range,
    RangeDeref,
    Reference,
    ReflectHeaderData,
    Return,
    Send,
    Slice,
    SliceLiteralElement,
    SliceToArray,
    Spill,
    StructLiteralElement,
    SwitchCase,
    TooAlignedForStack,
    /// `size` bytes, over the `limit` for its kind of allocation.
    TooLargeForStack {
        size: i64,
        limit: i64,
    },
    /// A `uintptr` argument of a `//go:uintptrescapes` function.
    UintptrEscapesPragma,
    ZeroSizedElement,
}

impl From<goescape_ir::AssignWhy> for Reason {
    fn from(why: goescape_ir::AssignWhy) -> Reason {
        use goescape_ir::AssignWhy;
        match why {
            AssignWhy::Assign => Reason::Assign,
            AssignWhy::AssignPair => Reason::AssignPair,
            AssignWhy::DotType => Reason::AssignPairDotType,
            AssignWhy::MapRead => Reason::AssignPairMapRead,
            AssignWhy::Receive => Reason::AssignPairReceive,
            AssignWhy::Return => Reason::Return,
        }
    }
}
