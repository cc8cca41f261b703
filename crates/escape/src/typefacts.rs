//! The facts about types the analysis needs, as gc computes them.

use goescape_syntax::stack::ensure_sufficient_stack;
use std::cell::RefCell;

use goescape_types::model::{BasicKind, Sizes, Store, Type, TypeId};
use rustc_hash::FxHashMap;

pub struct TypeFacts<'a> {
    pub store: &'a Store,
    pub sizes: Sizes,
    /// Answers per type, remembered: types share their parts (a struct's
    /// fields of one type), so each answer is computed once.
    has_pointers: Memo,
    has_non_string_pointers: Memo,
    not_in_heap: Memo,
}

/// Answers computed so far, per type.
#[derive(Default)]
struct Memo(RefCell<FxHashMap<TypeId, bool>>);

impl Memo {
    /// The answer for `ty`, computed by `compute` the first time. While it
    /// computes, the answer is taken to be no, which cuts the cycles of
    /// invalid recursive types.
    fn get(&self, ty: TypeId, compute: impl FnOnce() -> bool) -> bool {
        if let Some(&known) = self.0.borrow().get(&ty) {
            return known;
        }
        self.0.borrow_mut().insert(ty, false);
        let result = ensure_sufficient_stack(compute);
        self.0.borrow_mut().insert(ty, result);
        result
    }
}

/// gc's `MaxStackVarSize`: explicit variables larger than this live on the heap.
pub const MAX_STACK_VAR_SIZE: i64 = 128 << 10;
/// gc's `MaxImplicitStackVarSize`: the limit for `new`, `&T{}`, `make`.
pub const MAX_IMPLICIT_STACK_VAR_SIZE: i64 = 64 << 10;

impl<'a> TypeFacts<'a> {
    pub fn new(store: &'a Store) -> TypeFacts<'a> {
        TypeFacts {
            store,
            sizes: store.sizes(),
            has_pointers: Memo::default(),
            has_non_string_pointers: Memo::default(),
            not_in_heap: Memo::default(),
        }
    }

    fn under(&self, ty: TypeId) -> TypeId {
        self.store.underlying(ty)
    }

    /// Whether the type is an interface (a type parameter is not: generic
    /// code is analysed as for pointer-shaped type arguments).
    pub fn is_interface(&self, ty: TypeId) -> bool {
        !self.is_type_param(ty) && matches!(self.store.ty(self.under(ty)), Type::Interface(_))
    }

    fn is_type_param(&self, ty: TypeId) -> bool {
        matches!(self.store.ty(self.store.unalias(ty)), Type::TypeParam(_))
    }

    pub fn is_untyped(&self, ty: TypeId) -> bool {
        self.store.is_untyped(ty)
    }

    pub fn is_uintptr(&self, ty: TypeId) -> bool {
        self.store.basic_kind(self.under(ty)) == Some(BasicKind::Uintptr)
    }

    pub fn is_unsafe_pointer(&self, ty: TypeId) -> bool {
        self.store.basic_kind(self.under(ty)) == Some(BasicKind::UnsafePointer)
    }

    /// The element type of a slice type.
    pub fn slice_elem(&self, ty: TypeId) -> Option<TypeId> {
        match self.store.ty(self.under(ty)) {
            Type::Slice(elem) => Some(*elem),
            _ => None,
        }
    }

    pub fn pointer_elem(&self, ty: TypeId) -> Option<TypeId> {
        match self.store.ty(self.under(ty)) {
            Type::Pointer(elem) => Some(*elem),
            _ => None,
        }
    }

    pub fn size(&self, ty: TypeId) -> i64 {
        self.sizes.size_of(self.store, ty).unwrap_or(0)
    }

    pub fn align(&self, ty: TypeId) -> i64 {
        self.sizes.align_of(self.store, ty)
    }

    /// Whether values of the type contain pointers (gc's `HasPointers`).
    pub fn has_pointers(&self, ty: TypeId) -> bool {
        self.has_pointers
            .get(ty, || match self.store.ty(self.under(ty)) {
                Type::Basic(b) => matches!(
                    b.kind,
                    BasicKind::String | BasicKind::UnsafePointer | BasicKind::UntypedString
                ),
                Type::Array { elem, len } => len.unwrap_or(0) > 0 && self.has_pointers(*elem),
                Type::Struct(s) => s
                    .fields
                    .iter()
                    .any(|&f| self.has_pointers(self.store.obj_type(f))),
                Type::Tuple(_) | Type::Union(_) => false,
                // Pointers to memory the garbage collector does not manage
                // are not pointers to it.
                Type::Pointer(elem) => !self.not_in_heap(*elem),
                _ => true,
            })
    }

    /// Whether the type holds pointers other than string data (gc's
    /// `hasNonStringPointers`): hashing or cloning strings by content is
    /// safe, other pointers' addresses are not.
    pub fn has_non_string_pointers(&self, ty: TypeId) -> bool {
        self.has_non_string_pointers.get(ty, || {
            if !self.has_pointers(ty) {
                return false;
            }
            match self.store.ty(self.under(ty)) {
                Type::Basic(b) => !matches!(b.kind, BasicKind::String | BasicKind::UntypedString),
                Type::Array { elem, .. } => self.has_non_string_pointers(*elem),
                Type::Struct(s) => s
                    .fields
                    .iter()
                    .any(|&f| self.has_non_string_pointers(self.store.obj_type(f))),
                _ => true,
            }
        })
    }

    /// Whether values of the type cannot live in the garbage-collected
    /// heap: `internal/runtime/sys.nih` and whatever contains it.
    pub fn not_in_heap(&self, ty: TypeId) -> bool {
        let store = self.store;
        self.not_in_heap.get(ty, || match store.ty(ty) {
            Type::Named(n) => {
                let obj = store.obj(n.obj);
                let is_marker = obj.name.as_str() == "nih"
                    && obj
                        .pkg
                        .is_some_and(|p| store.package(p).path.as_str() == "internal/runtime/sys");
                is_marker || self.not_in_heap(store.underlying(ty))
            }
            Type::Alias(_) => self.not_in_heap(store.unalias(ty)),
            Type::Array { elem, .. } => self.not_in_heap(*elem),
            Type::Struct(s) => s
                .fields
                .iter()
                .any(|&f| self.not_in_heap(store.obj_type(f))),
            _ => false,
        })
    }

    /// Whether an interface holds values of the type directly in its data
    /// word (gc's `IsDirectIface`): one word, and that word a pointer
    /// (`*T`, maps, channels, funcs, and structs or arrays of one pointer
    /// among zero-sized fields).
    pub fn is_direct_iface(&self, ty: TypeId) -> bool {
        if self.is_type_param(ty) {
            return true;
        }
        self.size(ty) == self.sizes.word_size && self.has_pointers(ty)
    }
}
