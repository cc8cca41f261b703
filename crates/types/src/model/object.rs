//! Named language entities: variables, constants, type names, functions,
//! package names, labels, builtins and `nil`.

use std::sync::OnceLock;

use crate::constant::Value;

use super::package::PkgId;
use super::symbol::Symbol;
use super::types::TypeId;

/// An object in a [`Store`](super::Store).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ObjId(pub(crate) u32);

impl ObjId {
    pub fn index(self) -> u32 {
        self.0
    }
}

/// A source file, numbered by whoever loads the files.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FileId(pub u32);

/// A declaration position: a byte offset in a file. The model does not
/// interpret it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Pos {
    pub file: FileId,
    pub offset: u32,
}

/// A named entity. Its type (and a constant's value) may be set after
/// creation, once, when the checker has determined it.
#[derive(Debug)]
pub struct Object {
    pub name: Symbol,
    /// The declaring package; `None` for the universe's objects (and the
    /// method and parameters of `error`).
    pub pkg: Option<PkgId>,
    /// Where the object is declared; `None` for predeclared objects.
    pub pos: Option<Pos>,
    pub kind: ObjKind,
    pub(crate) ty: OnceLock<TypeId>,
}

impl Object {
    pub fn is_exported(&self) -> bool {
        self.name.is_exported()
    }

    /// Go's "same identifier" rule: same name, and for unexported names
    /// the same package.
    pub fn same_id(&self, pkg: Option<PkgId>, name: Symbol) -> bool {
        self.name == name && (self.is_exported() || self.pkg == pkg)
    }
}

#[derive(Debug)]
pub enum ObjKind {
    Var(Var),
    Const(OnceLock<Value>),
    TypeName,
    Func(Func),
    /// An imported package's name in a file scope.
    PkgName(PkgId),
    Label,
    Builtin(Builtin),
    Nil,
}

/// The kind of an object as go/types' `ObjectString` and the reference
/// dumps name it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ObjClass {
    Var,
    Const,
    TypeName,
    Func,
    PkgName,
    Label,
    Builtin,
    Nil,
}

impl ObjKind {
    pub fn class(&self) -> ObjClass {
        match self {
            ObjKind::Var(_) => ObjClass::Var,
            ObjKind::Const(_) => ObjClass::Const,
            ObjKind::TypeName => ObjClass::TypeName,
            ObjKind::Func(_) => ObjClass::Func,
            ObjKind::PkgName(_) => ObjClass::PkgName,
            ObjKind::Label => ObjClass::Label,
            ObjKind::Builtin(_) => ObjClass::Builtin,
            ObjKind::Nil => ObjClass::Nil,
        }
    }
}

impl ObjClass {
    /// `var`, `const`, `type`, `func`, `pkgname`, `label`, `builtin`, `nil`.
    pub fn name(self) -> &'static str {
        match self {
            ObjClass::Var => "var",
            ObjClass::Const => "const",
            ObjClass::TypeName => "type",
            ObjClass::Func => "func",
            ObjClass::PkgName => "pkgname",
            ObjClass::Label => "label",
            ObjClass::Builtin => "builtin",
            ObjClass::Nil => "nil",
        }
    }
}

/// Where a variable is declared.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum VarKind {
    Package,
    Local,
    Recv,
    Param,
    Result,
    Field,
}

#[derive(Debug)]
pub struct Var {
    pub kind: VarKind,
    /// An embedded struct field.
    pub embedded: bool,
    /// For a field or parameter of an instantiated type or function, the
    /// generic one it was made from.
    pub origin: Option<ObjId>,
}

#[derive(Debug)]
pub struct Func {
    /// For a method of an instantiated type, the generic type's method.
    pub origin: Option<ObjId>,
    /// For such a method, the instance whose method it is; its signature is
    /// then derived from `origin`'s on first use.
    pub instance: Option<TypeId>,
    /// Whether the receiver is written `*T`, known from the declaration
    /// before the signature is.
    pub ptr_recv_hint: bool,
}

/// The predeclared functions, and those of package `unsafe`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Builtin {
    Append,
    Cap,
    Clear,
    Close,
    Complex,
    Copy,
    Delete,
    Imag,
    Len,
    Make,
    Max,
    Min,
    New,
    Panic,
    Print,
    Println,
    Real,
    Recover,
    Add,
    Alignof,
    Offsetof,
    Sizeof,
    Slice,
    SliceData,
    String,
    StringData,
}

impl Builtin {
    pub const ALL: [Builtin; 26] = [
        Builtin::Append,
        Builtin::Cap,
        Builtin::Clear,
        Builtin::Close,
        Builtin::Complex,
        Builtin::Copy,
        Builtin::Delete,
        Builtin::Imag,
        Builtin::Len,
        Builtin::Make,
        Builtin::Max,
        Builtin::Min,
        Builtin::New,
        Builtin::Panic,
        Builtin::Print,
        Builtin::Println,
        Builtin::Real,
        Builtin::Recover,
        Builtin::Add,
        Builtin::Alignof,
        Builtin::Offsetof,
        Builtin::Sizeof,
        Builtin::Slice,
        Builtin::SliceData,
        Builtin::String,
        Builtin::StringData,
    ];

    pub fn name(self) -> &'static str {
        use Builtin::*;
        match self {
            Append => "append",
            Cap => "cap",
            Clear => "clear",
            Close => "close",
            Complex => "complex",
            Copy => "copy",
            Delete => "delete",
            Imag => "imag",
            Len => "len",
            Make => "make",
            Max => "max",
            Min => "min",
            New => "new",
            Panic => "panic",
            Print => "print",
            Println => "println",
            Real => "real",
            Recover => "recover",
            Add => "Add",
            Alignof => "Alignof",
            Offsetof => "Offsetof",
            Sizeof => "Sizeof",
            Slice => "Slice",
            SliceData => "SliceData",
            String => "String",
            StringData => "StringData",
        }
    }

    /// Whether the builtin belongs to package `unsafe`.
    pub fn is_unsafe(self) -> bool {
        self as u8 >= Builtin::Add as u8
    }

    /// The number of arguments required (more are allowed if variadic).
    pub fn min_args(self) -> usize {
        use Builtin::*;
        match self {
            Print | Println | Recover => 0,
            Complex | Copy | Delete | Add | Slice | String => 2,
            _ => 1,
        }
    }

    pub fn is_variadic(self) -> bool {
        use Builtin::*;
        matches!(self, Append | Make | Max | Min | Print | Println)
    }

    /// Whether a call is an expression with a value, rather than only
    /// allowed as a statement (go/types' `exprKind`; `copy` and `recover`
    /// have values but count as statements).
    pub fn is_expression(self) -> bool {
        use Builtin::*;
        !matches!(
            self,
            Clear | Close | Copy | Delete | Panic | Print | Println | Recover
        )
    }
}
