//! The data model of the type checker: types, objects, packages, scopes,
//! and the questions asked about them (identity, type sets, sizes, field
//! and method lookup, assignability, substitution), with go/types'
//! semantics.
//!
//! # Ownership and ids
//!
//! A [`Store`] holds every type ([`TypeId`]), object ([`ObjId`]) and package
//! ([`PkgId`]) of a program; identifiers are interned process-wide as
//! [`Symbol`]s. Everything is append-only: an entity never moves or
//! changes once visible, except for write-once cells for what the checker
//! learns after creating it (an object's type, a constant's value, a named
//! type's underlying type and methods, a type parameter's constraint, an
//! alias's right-hand side, and caches: canonical forms, type sets,
//! instance expansions).
//!
//! Named types and type parameters are unique by declaration. Instances of
//! generic types and aliases are deduplicated by (origin, type arguments)
//! and expanded lazily ([`subst`]). Pointer, slice, array, map and channel
//! types are hash-consed. Struct, tuple, signature and interface types are
//! created per declaration, because they hold objects with positions;
//! identity maps every type to a canonical representative ([`canon`]), so
//! [`Store::identical`] is an id comparison after the first time, except
//! for generic signatures (compared up to renaming of type parameters).
//!
//! # Concurrency
//!
//! Packages are checked in parallel, each by one thread, over the import
//! graph, and all of them share one `Store` (`&Store` is `Sync`).
//!
//! * Reads take no lock. Entities live in append-only vectors of
//!   doubling, never-moving buckets of `OnceLock` slots ([`sync`]), so
//!   looking up an id is two acquire loads; write-once cells are
//!   `OnceLock`s too. There are no reference counts on the read path, so
//!   threads reading the same popular types (`error`, `string`) do not
//!   contend on a cache line.
//! * Creating an entity reserves a slot with one atomic increment.
//!   Hash-consing, instance deduplication and canonical representatives
//!   go through maps split into 16 mutex-protected shards by key hash, held
//!   only for the lookup-or-insert, so 2–8 threads rarely wait.
//! * Lazy results (instance expansion, canonical forms, type sets) are
//!   computed without holding any lock and then offered to the cell; when
//!   two threads race, the first value is kept and the other discarded.
//!   Nothing waits on another thread's computation, so a computation that
//!   reaches its own cell again cannot deadlock (cycles are cut by
//!   explicit guards instead).
//! * Results that depend on a named type whose underlying type is not set
//!   yet are returned but not cached, so a query made while a package is
//!   still being declared does not freeze a wrong answer.
//! * Package scopes are published complete (after declarations are
//!   collected) and frozen; local scopes belong to the checking thread
//!   ([`ScopeTree`]).
//!
//! Ids depend on the order in which threads create entities, so output
//! must never be ordered by id.
//!
//! # What the checker must guarantee
//!
//! Invalid recursive types (`type T struct{ f T }`, alias cycles) must be
//! broken by the checker, as go/types' `validType` does, before sizes are
//! asked for: size computation does not guard against them. Identity,
//! type sets, lookups, printing and substitution do stop on cycles.

mod assign;
mod canon;
mod lookup;
mod object;
mod package;
mod predicates;
mod query;
mod scope;
mod sizes;
mod store;
mod subst;
mod symbol;
mod sync;
mod types;
mod typeset;
mod typestring;
mod universe;

pub use assign::{NotAssignable, Operand};
pub use lookup::{
    LookupResult, MethodSetEntry, MissingMethod, NotImplemented, RecvAdjust, Selection,
};
pub use object::{Builtin, FileId, Func, ObjClass, ObjId, ObjKind, Object, Pos, Var, VarKind};
pub use package::{Package, PkgId};
pub use predicates::NoCoreType;
pub use scope::{Scope, ScopeId, ScopeKind, ScopeParent, ScopeTree};
pub use sizes::Sizes;
pub use store::Store;
pub use subst::SubstMap;
pub use symbol::Symbol;
pub use types::{
    AliasType, BasicKind, BasicType, ChanDir, Instance, InterfaceType, NamedType, SignatureType,
    StructType, Term, TupleType, Type, TypeId, TypeParamType,
};
pub use typeset::{TermList, TypeSet, MAX_UNION_TERMS};
pub use typestring::{FullPath, Qualifier, RelativeTo};
