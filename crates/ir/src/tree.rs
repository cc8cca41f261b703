//! The lowered tree: what gc's escape pass sees after type checking.
//!
//! Every implicit operation the Go source leaves unsaid is a node here: the
//! conversion of a concrete value to an interface, the `&x` or `*p` a
//! selector or method call needs, the slice a `...` call builds, the wrapper
//! closure of `go f(x)` and `defer f(x)`. Operations escape analysis treats
//! alike are one kind (all arithmetic is [`ExprKind::Binary`]); the kinds
//! that allocate are the ones gc reports on.

use goescape_types::model::{ObjId, TypeId};

/// A position: a file of the package (index into [`Package::files`]) and a
/// byte offset in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pos {
    pub file: u32,
    pub offset: u32,
}

macro_rules! id {
    ($name:ident) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(ExprId);
id!(StmtId);
id!(VarId);
id!(FuncId);

/// A source file: the `index`th file of package `pkg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileRef {
    pub pkg: goescape_types::model::PkgId,
    pub index: u32,
}

/// One lowered package.
pub struct Package {
    pub id: goescape_types::model::PkgId,
    /// The source files positions refer to: the package's own, then the
    /// files of generic code instantiated in it.
    pub files: Vec<FileRef>,
    pub funcs: Vec<Func>,
    pub vars: Vec<Var>,
    pub exprs: Vec<Expr>,
    pub stmts: Vec<Stmt>,
    /// Interface calls made direct (gc's static devirtualization), with
    /// the `-m` message gc prints for each.
    pub devirtualized: Vec<(Pos, String)>,
}

impl Package {
    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id.index()]
    }
    pub fn stmt(&self, id: StmtId) -> &Stmt {
        &self.stmts[id.index()]
    }
    pub fn var(&self, id: VarId) -> &Var {
        &self.vars[id.index()]
    }
    pub fn func(&self, id: FuncId) -> &Func {
        &self.funcs[id.index()]
    }
}

/// A function: a declared function or method, a function literal, or a
/// wrapper the compiler makes (package initialisation, `go`/`defer`).
pub struct Func {
    /// As gc names it in messages: `f`, `T.m`, `(*T).m`, `f.func1`, `init`.
    pub name: String,
    pub obj: Option<ObjId>,
    pub pos: Pos,
    /// The signature ([`goescape_types::model::Type::Signature`]).
    pub sig: TypeId,
    /// Receiver (for methods) then parameters; `None` for unnamed or blank
    /// ones, which have no location.
    pub params: Vec<Param>,
    pub results: Vec<VarId>,
    /// Every variable declared in the function (parameters, results,
    /// locals, temporaries), in declaration order.
    pub vars: Vec<VarId>,
    pub body: Vec<StmtId>,
    pub has_body: bool,
    /// The enclosing function of a function literal.
    pub outer: Option<FuncId>,
    /// Variables of enclosing functions the literal refers to, in order
    /// of first reference.
    pub captured: Vec<VarId>,
    /// Where the literal first refers to each captured variable (gc's
    /// closure variable), parallel to `captured`.
    pub captured_at: Vec<Pos>,
    /// Made by the compiler (`go`/`defer` wrappers): no messages.
    pub wrapper: bool,
    /// A generic function or method (or a literal in one): analysed for
    /// its callers' sake, not reported (gc reports per instantiation).
    pub generic: bool,
    /// An instantiation of generic code for shape type arguments: its
    /// parameters are not reported (gc marks them DUPOK).
    pub instance: bool,
    pub pragmas: FuncPragmas,
    /// Functions referred to in the body (called or used as values), for
    /// the call graph.
    pub refs: Vec<Target>,
}

/// A parameter slot of a signature.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub var: Option<VarId>,
    pub ty: TypeId,
    /// Where the parameter is declared (its name, or its type when unnamed).
    pub pos: Pos,
    pub variadic: bool,
    /// Declared with a name (possibly `_`).
    pub named: bool,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct FuncPragmas {
    pub noescape: bool,
    pub uintptr_escapes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarClass {
    Local,
    Param,
    Result,
}

/// A function-local variable: a location of escape analysis.
pub struct Var {
    /// As printed (`x`, `~r0` for an unnamed result).
    pub name: String,
    pub pos: Pos,
    pub ty: TypeId,
    pub class: VarClass,
    pub func: FuncId,
    /// For results, the index among the results.
    pub result_index: u32,
    /// The statement that defines it (`:=`, `var x = ...`, range, type
    /// switch); assignments there are not reassignments.
    pub defined_by: Option<StmtId>,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: TypeId,
    pub pos: Pos,
}

/// Builtins that are calls to escape analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinOp {
    Append,
    Copy,
    Panic,
    Complex,
    /// `delete`, `print`, `println`, `recover`: operands discarded.
    Discarding,
    Min,
    Max,
    /// `len`, `cap`, `real`, `imag`, `close`.
    Unary,
    Clear,
    /// `unsafe.StringData`, `unsafe.SliceData`.
    UnsafeData,
    /// `unsafe.Add`, `unsafe.Slice`, `unsafe.String`.
    UnsafeBinary,
}

/// What allocates and what its conversion does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringConv {
    /// `string(b)`
    BytesToString,
    /// `string(r)` of a rune slice
    RunesToString,
    /// `[]byte(s)`
    StringToBytes,
    /// `[]rune(s)`
    StringToRunes,
    /// `string(r)` of an integer
    RuneToString,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A local variable, parameter or result.
    Var(VarId),
    /// A package-level variable.
    Global(ObjId),
    /// A declared function used as a value.
    FuncName(ObjId),
    /// A constant; `text` is how gc prints it, `int` its value when it is
    /// an integer that fits, `str_len` its length in bytes when it is a
    /// string.
    Const {
        text: String,
        int: Option<i64>,
        str_len: Option<i64>,
    },
    Nil,
    /// A type: no value flows.
    NoValue,
    /// A method expression `T.m` (also the callee of a static method
    /// call).
    MethodExpr {
        recv: TypeId,
        name: String,
    },
    Unary {
        op: &'static str,
        x: ExprId,
    },
    Binary {
        op: &'static str,
        x: ExprId,
        y: ExprId,
    },
    Addr {
        x: ExprId,
        implicit: bool,
    },
    Deref {
        x: ExprId,
        implicit: bool,
    },
    /// `x.f` of a struct value.
    Dot {
        x: ExprId,
        field: String,
    },
    /// `p.f` through a pointer.
    DotPtr {
        x: ExprId,
        field: String,
    },
    /// `x.(T)`.
    DotType {
        x: ExprId,
    },
    /// `a[i]` of an array value.
    IndexArray {
        x: ExprId,
        index: ExprId,
    },
    /// `s[i]` of a slice, string, or pointer to array.
    IndexPtr {
        x: ExprId,
        index: ExprId,
    },
    IndexMap {
        x: ExprId,
        key: ExprId,
    },
    Slice {
        x: ExprId,
        low: Option<ExprId>,
        high: Option<ExprId>,
        max: Option<ExprId>,
        three: bool,
    },
    /// A conversion that keeps the value (or a no-op one).
    Conv {
        x: ExprId,
        implicit: bool,
    },
    /// `unsafe.Pointer(u)` of a `uintptr`.
    UnsafeFromUintptr {
        x: ExprId,
    },
    /// Conversion of a non-interface (or interface) value to an interface.
    ConvIface {
        x: ExprId,
        implicit: bool,
    },
    /// `[N]T(s)`
    SliceToArray {
        x: ExprId,
    },
    /// `(*[N]T)(s)`
    SliceToArrayPtr {
        x: ExprId,
    },
    StringConv {
        op: StringConv,
        x: ExprId,
    },
    /// `a + b + ...` of strings.
    AddStr {
        list: Vec<ExprId>,
    },
    Recv {
        x: ExprId,
    },
    Call(Call),
    /// `new(T)`; `new(v)` carries the value.
    New {
        value: Option<ExprId>,
    },
    MakeSlice {
        len: ExprId,
        cap: Option<ExprId>,
    },
    MakeMap {
        len: Option<ExprId>,
    },
    MakeChan {
        len: Option<ExprId>,
    },
    /// `&T{...}`: the literal is `x`.
    PtrLit {
        x: ExprId,
        implicit: bool,
    },
    ArrayLit {
        elems: Vec<ExprId>,
    },
    /// A slice literal; `implicit` for the `...` argument of a variadic
    /// call.
    SliceLit {
        elems: Vec<ExprId>,
        implicit: bool,
    },
    StructLit {
        elems: Vec<ExprId>,
    },
    MapLit {
        entries: Vec<(ExprId, ExprId)>,
    },
    Closure {
        func: FuncId,
    },
    /// `x.m` as a value: a closure over the receiver.
    MethodValue {
        x: ExprId,
        method: ObjId,
        /// The method's function (an instantiation for generic types).
        target: Target,
        name: String,
    },
}

#[derive(Clone, Debug)]
pub enum Callee {
    /// A call of a function value (static when it resolves to a function).
    Func {
        fun: ExprId,
        target: Option<Target>,
    },
    /// A method call through an interface; `recv` is the interface value.
    Interface {
        recv: ExprId,
        method: String,
    },
    Builtin(BuiltinOp),
}

/// A statically known callee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A declared function or method (its generic origin for instances).
    Declared(ObjId),
    /// A function literal of this package.
    Literal(FuncId),
}

#[derive(Clone, Debug)]
pub struct Call {
    pub callee: Callee,
    /// Arguments in parameter order, the receiver first for methods; a
    /// variadic call's extra arguments are already a [`ExprKind::SliceLit`].
    pub args: Vec<ExprId>,
    /// `f(s...)` (or append's `...`).
    pub dots: bool,
    /// The callee's signature.
    pub sig: Option<TypeId>,
    /// How gc prints the call's function part, e.g. `append`.
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignWhy {
    Assign,
    AssignPair,
    DotType,
    MapRead,
    Receive,
    Return,
}

impl AssignWhy {
    pub fn text(self) -> &'static str {
        match self {
            AssignWhy::Assign => "assign",
            AssignWhy::AssignPair => "assign-pair",
            AssignWhy::DotType => "assign-pair-dot-type",
            AssignWhy::MapRead => "assign-pair-mapr",
            AssignWhy::Receive => "assign-pair-receive",
            AssignWhy::Return => "return",
        }
    }
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Block(Vec<StmtId>),
    /// The declaration point of a local (its loop depth is set here).
    Decl(VarId),
    /// A label; `looping` when a backward `goto` targets it.
    Label {
        looping: bool,
    },
    Expr(ExprId),
    If {
        cond: ExprId,
        then: Vec<StmtId>,
        els: Vec<StmtId>,
    },
    For {
        cond: Option<ExprId>,
        post: Option<StmtId>,
        body: Vec<StmtId>,
    },
    Range {
        x: ExprId,
        key: Option<ExprId>,
        value: Option<ExprId>,
        /// Ranging over an array value (not through a pointer).
        over_array: bool,
        body: Vec<StmtId>,
    },
    Switch {
        tag: Option<ExprId>,
        cases: Vec<(Vec<ExprId>, Vec<StmtId>)>,
    },
    TypeSwitch {
        x: ExprId,
        /// Per clause: its variable and the clause position.
        vars: Vec<(Option<VarId>, Pos)>,
        cases: Vec<(Vec<ExprId>, Vec<StmtId>)>,
    },
    Select {
        cases: Vec<(Option<StmtId>, Vec<StmtId>)>,
    },
    Send {
        chan: ExprId,
        value: ExprId,
    },
    /// `lhs[i] = rhs[i]`; a `None` target is `_`.
    Assign {
        lhs: Vec<Option<ExprId>>,
        rhs: Vec<ExprId>,
        why: AssignWhy,
        /// `x op= y`.
        op: bool,
        /// How gc prints the statement, for "ignoring self-assignment".
        text: String,
    },
    /// `a, b = f()`.
    AssignCall {
        lhs: Vec<Option<ExprId>>,
        call: ExprId,
    },
    Return(Vec<ExprId>),
    /// `go`/`defer` of a call with no arguments or results (the wrapper
    /// closure or function value).
    GoDefer {
        defer: bool,
        fun: ExprId,
    },
    /// Statements with nothing to analyse (`break`, `goto`, ...).
    Nop,
}
