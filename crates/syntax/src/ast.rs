//! Syntax tree nodes.
//!
//! Nodes live in per-file arenas owned by [`File`](crate::File) and refer to
//! each other through small typed ids, so later layers can keep side tables
//! indexed by [`ExprId`] or [`StmtId`], trees drop without recursion, and
//! every node stays a few machine words.
//!
//! The shapes follow gc's `syntax` package, including the position each node
//! reports (`pos`): the token that identifies the construct, e.g. the `(` of
//! a call or the operator of a binary expression.

use crate::pos::{Pos, Span};
use crate::token::{LitKind, Operator};
use std::marker::PhantomData;
use std::num::NonZeroU32;

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(NonZeroU32);

        impl $name {
            /// The id of the `index`th node of its arena.
            pub fn from_index(index: usize) -> $name {
                let raw = u32::try_from(index + 1).expect("arena index overflows u32");
                $name(NonZeroU32::new(raw).expect("index + 1 is non-zero"))
            }

            /// Position in its arena, for indexing side tables.
            pub fn index(self) -> usize {
                self.0.get() as usize - 1
            }
        }
    };
}

define_id!(
    /// An expression (or type) in a file's expression arena.
    ExprId
);
define_id!(
    /// A statement in a file's statement arena.
    StmtId
);
define_id!(
    /// A declaration in a file's declaration arena.
    DeclId
);
define_id!(
    /// A field, parameter or interface element in a file's field arena.
    FieldId
);
define_id!(
    /// A switch clause in a file's clause arena.
    CaseClauseId
);
define_id!(
    /// A select clause in a file's clause arena.
    CommClauseId
);
define_id!(
    /// An identifier's text in a file's name table.
    NameId
);
define_id!(
    /// A group of declarations written as `const ( ... )`, `var ( ... )`, ...
    GroupId
);
define_id!(
    /// A set of `//go:` directives attached to a declaration.
    PragmaId
);

/// A sequence of nodes or ids stored contiguously in one of a file's
/// arenas; resolve it with the matching `File` accessor.
pub struct List<T> {
    pub(crate) start: u32,
    pub(crate) len: u32,
    marker: PhantomData<fn() -> T>,
}

impl<T> List<T> {
    pub(crate) fn new(start: usize, len: usize) -> List<T> {
        List {
            start: start as u32,
            len: len as u32,
            marker: PhantomData,
        }
    }

    pub fn len(self) -> usize {
        self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

// Manual impls: derives would needlessly require `T: Clone` etc.
impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for List<T> {}
impl<T> Default for List<T> {
    fn default() -> Self {
        List::new(0, 0)
    }
}
impl<T> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.start, self.len) == (other.start, other.len)
    }
}
impl<T> Eq for List<T> {}
impl<T> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "List({}..+{})", self.start, self.len)
    }
}

/// Ids of expressions, in order.
pub type ExprList = List<ExprId>;
/// Ids of statements, in order.
pub type StmtList = List<StmtId>;
/// Fields, stored contiguously.
pub type FieldList = List<Field>;
/// Declarations, stored contiguously.
pub type DeclList = List<Decl>;
/// Switch clauses, stored contiguously.
pub type CaseClauseList = List<CaseClause>;
/// Select clauses, stored contiguously.
pub type CommClauseList = List<CommClause>;

// ---------------------------------------------------------------------------
// Expressions

/// An expression or type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expr {
    pub kind: ExprKind,
    /// gc's position for the node (see the module docs).
    pub pos: Pos,
    /// Source extent, from the first byte of the leftmost token to the end
    /// of the last one.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// Placeholder where an expression failed to parse.
    Bad,
    Name(NameId),
    /// A basic literal; its text is the node's span.
    BasicLit {
        kind: LitKind,
        /// The literal has lexical errors.
        bad: bool,
    },
    /// `Type{elems}`, or `{elems}` with the type elided.
    CompositeLit {
        ty: Option<ExprId>,
        elems: ExprList,
        rbrace: Pos,
    },
    /// `key: value` in a composite literal.
    KeyValue {
        key: ExprId,
        value: ExprId,
    },
    /// `func Type { body }`; `ty` is a `FuncType`, `body` a block.
    FuncLit {
        ty: ExprId,
        body: StmtId,
    },
    /// `(x)`. gc keeps parentheses in expressions but drops them in types.
    Paren {
        x: ExprId,
    },
    /// `x.sel`; `sel` is a `Name`.
    Selector {
        x: ExprId,
        sel: ExprId,
    },
    /// `x[index]`, also generic instantiation `x[T1, T2]` (index is then a
    /// `List`).
    Index {
        x: ExprId,
        index: ExprId,
    },
    /// `x[lo:hi]` or, if `full`, `x[lo:hi:max]`.
    Slice {
        x: ExprId,
        lo: Option<ExprId>,
        hi: Option<ExprId>,
        max: Option<ExprId>,
        full: bool,
    },
    /// `x.(ty)`.
    Assert {
        x: ExprId,
        ty: ExprId,
    },
    /// `x.(type)` or `lhs := x.(type)` in a type switch header; `lhs` is a
    /// `Name`.
    TypeSwitchGuard {
        lhs: Option<ExprId>,
        x: ExprId,
    },
    /// `op x`, including pointer types `*T`, receives `<-x` and
    /// type-set terms `~T`.
    Unary {
        op: Operator,
        x: ExprId,
    },
    Binary {
        op: Operator,
        x: ExprId,
        y: ExprId,
    },
    /// `fun(args)` or `fun(args...)`; also conversions and builtin calls.
    Call {
        fun: ExprId,
        args: ExprList,
        has_dots: bool,
    },
    /// `a, b, c`: several expressions where gc's tree has one slot.
    List {
        elems: ExprList,
    },
    /// `[len]elem`, or `[...]elem` when `len` is `None`.
    ArrayType {
        len: Option<ExprId>,
        elem: ExprId,
    },
    SliceType {
        elem: ExprId,
    },
    /// `...elem` (final variadic parameter).
    DotsType {
        elem: ExprId,
    },
    StructType {
        fields: FieldList,
    },
    /// Methods have a name and a `FuncType`; embedded elements have no name.
    InterfaceType {
        methods: FieldList,
    },
    FuncType {
        params: FieldList,
        results: FieldList,
    },
    MapType {
        key: ExprId,
        value: ExprId,
    },
    ChanType {
        dir: ChanDir,
        elem: ExprId,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanDir {
    Both,
    SendOnly,
    RecvOnly,
}

/// A struct field, function parameter or result, receiver, type
/// parameter, or interface element. Fields declared together
/// (`a, b int`) share one type expression id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub pos: Pos,
    /// `None` for embedded fields, unnamed parameters and interface
    /// embedded elements.
    pub name: Option<ExprId>,
    pub ty: ExprId,
    /// Struct field tag (a string `BasicLit`).
    pub tag: Option<ExprId>,
}

// ---------------------------------------------------------------------------
// Statements

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StmtKind {
    Empty,
    /// `label: stmt`; `label` is a `Name`.
    Labeled {
        label: ExprId,
        stmt: StmtId,
    },
    Block {
        stmts: StmtList,
        rbrace: Pos,
    },
    Expr {
        x: ExprId,
    },
    /// `chan <- value`.
    Send {
        chan: ExprId,
        value: ExprId,
    },
    Decl {
        decls: DeclList,
    },
    /// Assignment, definition, `op=`, or (with `rhs` `None`) `x++`/`x--`.
    /// A multi-valued side is a `List`.
    Assign {
        op: AssignOp,
        lhs: ExprId,
        rhs: Option<ExprId>,
    },
    Branch {
        kind: BranchKind,
        label: Option<ExprId>,
    },
    /// `go call` or `defer call`.
    Go {
        kind: GoKind,
        call: ExprId,
    },
    Return {
        results: Option<ExprId>,
    },
    If {
        init: Option<StmtId>,
        cond: Option<ExprId>,
        then: StmtId,
        /// An `If` or `Block` statement.
        els: Option<StmtId>,
    },
    /// Also range loops: `init` is then a `Range` statement.
    For {
        init: Option<StmtId>,
        cond: Option<ExprId>,
        post: Option<StmtId>,
        body: StmtId,
    },
    /// Expression and type switches (`tag` is then a `TypeSwitchGuard`).
    Switch {
        init: Option<StmtId>,
        tag: Option<ExprId>,
        clauses: CaseClauseList,
        rbrace: Pos,
    },
    Select {
        clauses: CommClauseList,
        rbrace: Pos,
    },
    /// The `[lhs =|:=] range x` header of a `for` statement.
    Range {
        lhs: Option<ExprId>,
        define: bool,
        x: ExprId,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `:=`
    Define,
    /// `op=`, or `++`/`--` (with `Add`/`Sub` and no right-hand side).
    Op(Operator),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BranchKind {
    Break,
    Continue,
    Fallthrough,
    Goto,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoKind {
    Go,
    Defer,
}

/// `case x, y:` or `default:` in a switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseClause {
    pub pos: Pos,
    /// `None` for `default`; a `List` for several values.
    pub cases: Option<ExprId>,
    pub body: StmtList,
    pub colon: Pos,
}

/// `case comm:` or `default:` in a select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommClause {
    pub pos: Pos,
    /// A send, receive or assignment statement; `None` for `default`.
    pub comm: Option<StmtId>,
    pub body: StmtList,
    pub colon: Pos,
}

// ---------------------------------------------------------------------------
// Declarations

/// A declaration. Its position is its first token: the name, path or
/// (for functions) the `func` keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decl {
    pub pos: Pos,
    pub kind: DeclKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclKind {
    Import(ImportDecl),
    Const(ConstDecl),
    Type(TypeDecl),
    Var(VarDecl),
    Func(FuncDecl),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportDecl {
    pub group: Option<GroupId>,
    pub pragma: Option<PragmaId>,
    /// The local name, a `Name` (`.` for dot imports, `_` for blank ones).
    pub local_name: Option<ExprId>,
    /// The path literal; `None` if missing.
    pub path: Option<ExprId>,
}

/// One const spec. In a group, specs without values repeat the previous
/// spec's type and values (resolved by the type checker using `group`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstDecl {
    pub group: Option<GroupId>,
    /// Index of the spec in its group: the value of `iota`.
    pub iota: u32,
    pub pragma: Option<PragmaId>,
    pub names: ExprList,
    pub ty: Option<ExprId>,
    pub values: Option<ExprId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDecl {
    pub group: Option<GroupId>,
    pub pragma: Option<PragmaId>,
    pub name: ExprId,
    pub tparams: FieldList,
    /// `type A = T`.
    pub alias: bool,
    pub ty: ExprId,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarDecl {
    pub group: Option<GroupId>,
    pub pragma: Option<PragmaId>,
    pub names: ExprList,
    pub ty: Option<ExprId>,
    pub values: Option<ExprId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncDecl {
    pub pragma: Option<PragmaId>,
    pub recv: Option<FieldId>,
    pub name: ExprId,
    pub tparams: FieldList,
    /// A `FuncType`.
    pub ty: ExprId,
    /// A block; `None` for a declaration without body.
    pub body: Option<StmtId>,
}

const _: () = assert!(std::mem::size_of::<Expr>() <= 32);
const _: () = assert!(std::mem::size_of::<Stmt>() <= 32);
const _: () = assert!(std::mem::size_of::<Field>() <= 16);
