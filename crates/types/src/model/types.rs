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
pub use crate::basic::BasicKind;

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
