//! The representation of Go types.
//!
//! A type is a [`TypeId`] into the [`Store`](super::Store); [`Type`] is what
//! the id stands for. Parts that the checker only learns after creating a
//! type (a named type's underlying type and methods, a type parameter's
//! constraint, an alias's right-hand side) are write-once cells, so a type
//! can be referred to before it is complete and never changes afterwards.

use std::sync::OnceLock;

use super::object::ObjId;
use super::symbol::Symbol;
use super::typeset::TypeSet;

/// A type in a [`Store`](super::Store). Unnamed types built only from other
/// types (pointers, slices, arrays, maps, channels) are hash-consed, so equal
/// ids mean identical types; for the rest use
/// [`Store::identical`](super::Store::identical).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TypeId(pub(crate) u32);

impl TypeId {
    /// The invalid type, standing in for types that could not be determined.
    pub const INVALID: TypeId = TypeId(0);
    /// `byte`, a [`BasicKind::Uint8`] with its own name.
    pub const BYTE: TypeId = TypeId(BasicKind::COUNT as u32);
    /// `rune`, a [`BasicKind::Int32`] with its own name.
    pub const RUNE: TypeId = TypeId(BasicKind::COUNT as u32 + 1);
    /// The empty tuple `()`: the parameters and results of `func()`.
    pub const EMPTY_TUPLE: TypeId = TypeId(BasicKind::COUNT as u32 + 2);
    /// How many ids the store allocates before anything else.
    pub(crate) const FIXED: u32 = BasicKind::COUNT as u32 + 3;

    /// The predeclared type of `kind` (`uint8` for `Uint8`, not `byte`).
    pub const fn basic(kind: BasicKind) -> TypeId {
        TypeId(kind as u32)
    }

    pub fn index(self) -> u32 {
        self.0
    }
}

/// The kinds of basic types, in go/types' order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum BasicKind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UnsafePointer,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
}

impl BasicKind {
    pub const ALL: [BasicKind; 26] = [
        BasicKind::Invalid,
        BasicKind::Bool,
        BasicKind::Int,
        BasicKind::Int8,
        BasicKind::Int16,
        BasicKind::Int32,
        BasicKind::Int64,
        BasicKind::Uint,
        BasicKind::Uint8,
        BasicKind::Uint16,
        BasicKind::Uint32,
        BasicKind::Uint64,
        BasicKind::Uintptr,
        BasicKind::Float32,
        BasicKind::Float64,
        BasicKind::Complex64,
        BasicKind::Complex128,
        BasicKind::String,
        BasicKind::UnsafePointer,
        BasicKind::UntypedBool,
        BasicKind::UntypedInt,
        BasicKind::UntypedRune,
        BasicKind::UntypedFloat,
        BasicKind::UntypedComplex,
        BasicKind::UntypedString,
        BasicKind::UntypedNil,
    ];
    pub const COUNT: usize = Self::ALL.len();

    /// The name go/types gives the kind's predeclared type.
    pub fn name(self) -> &'static str {
        use BasicKind::*;
        match self {
            Invalid => "invalid type",
            Bool => "bool",
            Int => "int",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            Uint => "uint",
            Uint8 => "uint8",
            Uint16 => "uint16",
            Uint32 => "uint32",
            Uint64 => "uint64",
            Uintptr => "uintptr",
            Float32 => "float32",
            Float64 => "float64",
            Complex64 => "complex64",
            Complex128 => "complex128",
            String => "string",
            UnsafePointer => "Pointer",
            UntypedBool => "untyped bool",
            UntypedInt => "untyped int",
            UntypedRune => "untyped rune",
            UntypedFloat => "untyped float",
            UntypedComplex => "untyped complex",
            UntypedString => "untyped string",
            UntypedNil => "untyped nil",
        }
    }

    pub fn is_boolean(self) -> bool {
        matches!(self, BasicKind::Bool | BasicKind::UntypedBool)
    }

    pub fn is_integer(self) -> bool {
        use BasicKind::*;
        matches!(
            self,
            Int | Int8
                | Int16
                | Int32
                | Int64
                | Uint
                | Uint8
                | Uint16
                | Uint32
                | Uint64
                | Uintptr
                | UntypedInt
                | UntypedRune
        )
    }

    pub fn is_unsigned(self) -> bool {
        use BasicKind::*;
        matches!(self, Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }

    pub fn is_float(self) -> bool {
        matches!(
            self,
            BasicKind::Float32 | BasicKind::Float64 | BasicKind::UntypedFloat
        )
    }

    pub fn is_complex(self) -> bool {
        matches!(
            self,
            BasicKind::Complex64 | BasicKind::Complex128 | BasicKind::UntypedComplex
        )
    }

    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }

    pub fn is_string(self) -> bool {
        matches!(self, BasicKind::String | BasicKind::UntypedString)
    }

    pub fn is_untyped(self) -> bool {
        self >= BasicKind::UntypedBool
    }

    /// Whether values of the kind can be ordered with `<`.
    pub fn is_ordered(self) -> bool {
        self.is_integer() || self.is_float() || self.is_string()
    }

    /// Whether constants can have the kind.
    pub fn is_const_type(self) -> bool {
        self.is_boolean() || self.is_numeric() || self.is_string()
    }

    /// The kind as the constant package knows it, for representability
    /// checks (`None` for kinds constants never have).
    pub fn constant_kind(self) -> Option<crate::constant::BasicKind> {
        use crate::constant::BasicKind as C;
        use BasicKind::*;
        Some(match self {
            Bool => C::Bool,
            Int => C::Int,
            Int8 => C::Int8,
            Int16 => C::Int16,
            Int32 => C::Int32,
            Int64 => C::Int64,
            Uint => C::Uint,
            Uint8 => C::Uint8,
            Uint16 => C::Uint16,
            Uint32 => C::Uint32,
            Uint64 => C::Uint64,
            Uintptr => C::Uintptr,
            Float32 => C::Float32,
            Float64 => C::Float64,
            Complex64 => C::Complex64,
            Complex128 => C::Complex128,
            String => C::String,
            UntypedBool => C::UntypedBool,
            UntypedInt => C::UntypedInt,
            UntypedRune => C::UntypedRune,
            UntypedFloat => C::UntypedFloat,
            UntypedComplex => C::UntypedComplex,
            UntypedString => C::UntypedString,
            Invalid | UnsafePointer | UntypedNil => return None,
        })
    }
}

/// A channel's direction.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ChanDir {
    /// `chan T`
    Both,
    /// `chan<- T`
    Send,
    /// `<-chan T`
    Recv,
}

/// One term of a union or type set: `T` or `~T`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Term {
    pub tilde: bool,
    pub ty: TypeId,
}

/// What a [`TypeId`] stands for.
#[derive(Debug)]
pub enum Type {
    Basic(BasicType),
    Pointer(TypeId),
    Slice(TypeId),
    /// `[len]elem`; `len` is `None` when it could not be determined.
    Array {
        elem: TypeId,
        len: Option<u64>,
    },
    Map {
        key: TypeId,
        elem: TypeId,
    },
    Chan {
        dir: ChanDir,
        elem: TypeId,
    },
    Struct(StructType),
    Tuple(TupleType),
    Signature(SignatureType),
    Interface(InterfaceType),
    /// A union of terms, only as an interface's embedded element.
    Union(Box<[Term]>),
    Named(NamedType),
    TypeParam(TypeParamType),
    Alias(AliasType),
}

/// A basic type. `byte` and `rune` are basic types of kinds `Uint8` and
/// `Int32` that print under their own names.
#[derive(Debug)]
pub struct BasicType {
    pub kind: BasicKind,
    pub name: &'static str,
}

#[derive(Debug)]
pub struct StructType {
    /// The fields, [`VarKind::Field`](super::VarKind::Field) variables.
    pub fields: Box<[ObjId]>,
    /// The tags by field index; empty when no field has a tag.
    pub tags: Box<[Symbol]>,
}

impl StructType {
    /// The tag of field `i` (empty if it has none).
    pub fn tag(&self, i: usize) -> Symbol {
        self.tags.get(i).copied().unwrap_or(Symbol::EMPTY)
    }
}

/// An ordered list of variables: parameters, results, or the types of a
/// multi-valued expression.
#[derive(Debug)]
pub struct TupleType {
    pub vars: Box<[ObjId]>,
}

#[derive(Debug)]
pub struct SignatureType {
    /// The receiver variable of a method.
    pub recv: Option<ObjId>,
    /// The type parameters of a generic function.
    pub type_params: Box<[TypeId]>,
    /// The receiver type parameters of a method of a generic type.
    pub recv_type_params: Box<[TypeId]>,
    /// A [`Type::Tuple`].
    pub params: TypeId,
    /// A [`Type::Tuple`].
    pub results: TypeId,
    /// Whether the last parameter is `...T` (its type is then `[]T`).
    pub variadic: bool,
}

#[derive(Debug)]
pub struct InterfaceType {
    /// The explicitly declared methods, sorted as go/types sorts them.
    pub methods: Box<[ObjId]>,
    /// The embedded elements: interfaces, other types, unions.
    pub embedded: Box<[TypeId]>,
    /// Whether the interface was written without `interface{...}`, as the
    /// constraint `~int` in `[T ~int]`.
    pub implicit: bool,
    /// The type set, computed on first use.
    pub(crate) type_set: OnceLock<TypeSet>,
}

/// The type arguments a generic type or alias was instantiated with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Instance {
    /// The generic type: a [`Type::Named`] or [`Type::Alias`] with type
    /// parameters and no instance.
    pub origin: TypeId,
    pub args: Box<[TypeId]>,
}

#[derive(Debug)]
pub struct NamedType {
    /// The type name; for an instance, the generic type's.
    pub obj: ObjId,
    pub instance: Option<Instance>,
    pub(crate) type_params: OnceLock<Box<[TypeId]>>,
    pub(crate) underlying: OnceLock<TypeId>,
    pub(crate) methods: OnceLock<Box<[ObjId]>>,
}

#[derive(Debug)]
pub struct TypeParamType {
    pub obj: ObjId,
    /// The position in the declaring list.
    pub index: u32,
    /// The generic type, function or method that declares the parameter.
    pub owner: ObjId,
    pub(crate) constraint: OnceLock<TypeId>,
    /// `interface{C}` for a constraint `C` that is not an interface.
    pub(crate) implicit_bound: OnceLock<TypeId>,
}

/// An alias made visible as a type (go/types' `Alias`, the default since
/// Go 1.23), possibly generic or an instance of a generic alias.
#[derive(Debug)]
pub struct AliasType {
    pub obj: ObjId,
    pub instance: Option<Instance>,
    pub(crate) type_params: OnceLock<Box<[TypeId]>>,
    pub(crate) rhs: OnceLock<TypeId>,
}
