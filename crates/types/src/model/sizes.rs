//! Sizes, alignments and field offsets as the gc compiler lays out values
//! (go/types' `SizesFor("gc", arch)`).

use super::object::ObjId;
use super::types::{BasicKind, Type, TypeId};
use super::Store;
use goescape_syntax::stack::ensure_sufficient_stack;

/// The layout parameters of a gc target.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Sizes {
    /// The size of a pointer, `int` and `uintptr`.
    pub word_size: i64,
    /// No value is aligned more strictly than this.
    pub max_align: i64,
}

impl Sizes {
    /// The layout of 64-bit targets (amd64, arm64 and the other 64-bit
    /// architectures gc supports).
    pub const WORD64: Sizes = Sizes {
        word_size: 8,
        max_align: 8,
    };

    /// The layout gc uses for `arch` (a `GOARCH` value), if gc supports it.
    pub fn for_arch(arch: &str) -> Option<Sizes> {
        let (word_size, max_align) = match arch {
            "386" | "arm" | "mips" | "mipsle" => (4, 4),
            "amd64p32" => (4, 8),
            "amd64" | "arm64" | "loong64" | "mips64" | "mips64le" | "ppc64" | "ppc64le"
            | "riscv64" | "s390x" | "sparc64" | "wasm" => (8, 8),
            _ => return None,
        };
        Some(Sizes {
            word_size,
            max_align,
        })
    }

    /// The fixed-width kind whose values `kind` holds on this target: the
    /// word-sized `int`, `uint` and `uintptr` are 32 or 64 bits wide, and
    /// constants of them must fit that width.
    pub fn fixed_width_kind(&self, kind: BasicKind) -> BasicKind {
        match (kind, self.word_size) {
            (BasicKind::Int, 4) => BasicKind::Int32,
            (BasicKind::Uint | BasicKind::Uintptr, 4) => BasicKind::Uint32,
            _ => kind,
        }
    }

    /// The size of a value of `ty` in bytes; `None` if it does not fit in
    /// an `int64` (huge arrays).
    pub fn size_of(&self, store: &Store, ty: TypeId) -> Option<i64> {
        ensure_sufficient_stack(|| {
            let u = store.underlying(ty);
            match store.ty(u) {
                Type::Basic(b) => Some(match b.kind {
                    BasicKind::Bool | BasicKind::Int8 | BasicKind::Uint8 => 1,
                    BasicKind::Int16 | BasicKind::Uint16 => 2,
                    BasicKind::Int32 | BasicKind::Uint32 | BasicKind::Float32 => 4,
                    BasicKind::Int64
                    | BasicKind::Uint64
                    | BasicKind::Float64
                    | BasicKind::Complex64 => 8,
                    BasicKind::Complex128 => 16,
                    BasicKind::String => 2 * self.word_size,
                    _ => self.word_size,
                }),
                Type::Array { elem, len } => {
                    let n = i64::try_from(len.unwrap_or(0)).ok()?;
                    if n == 0 {
                        return Some(0);
                    }
                    let elem_size = self.size_of(store, *elem)?;
                    elem_size.checked_mul(n)
                }
                Type::Slice(_) => Some(3 * self.word_size),
                Type::Struct(s) => {
                    let Some(&last) = s.fields.last() else {
                        return Some(0);
                    };
                    let offset = (*self.offsets_of(store, &s.fields).last()?)?;
                    let mut size = self.size_of(store, store.obj_type(last))?;
                    // A trailing zero-size field gets a byte, so that taking
                    // its address does not point past the struct.
                    if offset > 0 && size == 0 {
                        size = 1;
                    }
                    align(offset.checked_add(size)?, self.align_of(store, ty))
                }
                Type::Interface(_) => Some(2 * self.word_size),
                _ => Some(self.word_size),
            }
        })
    }

    /// The alignment of a value of `ty` in bytes (at least 1).
    pub fn align_of(&self, store: &Store, ty: TypeId) -> i64 {
        ensure_sufficient_stack(|| {
            let u = store.underlying(ty);
            match store.ty(u) {
                Type::Array { elem, .. } => return self.align_of(store, *elem),
                Type::Struct(s) => {
                    if s.fields.is_empty() && is_sync_atomic_align64(store, ty) {
                        return 8;
                    }
                    return s
                        .fields
                        .iter()
                        .map(|&f| self.align_of(store, store.obj_type(f)))
                        .fold(1, i64::max);
                }
                Type::Slice(_) | Type::Interface(_) => return self.word_size,
                Type::Basic(b) if b.kind == BasicKind::String => return self.word_size,
                _ => {}
            }
            let mut a = self.size_of(store, ty).unwrap_or(0);
            if a < 1 {
                return 1;
            }
            if store.basic_kind(ty).is_some_and(BasicKind::is_complex) {
                a /= 2;
            }
            a.min(self.max_align)
        })
    }

    /// The offsets of struct fields laid out in order; `None` from the
    /// first one that does not fit in an `int64`.
    pub fn offsets_of(&self, store: &Store, fields: &[ObjId]) -> Vec<Option<i64>> {
        let mut offsets = Vec::with_capacity(fields.len());
        let mut next = Some(0i64);
        for &f in fields {
            let ty = store.obj_type(f);
            let offset = next.and_then(|o| align(o, self.align_of(store, ty)));
            offsets.push(offset);
            next = offset
                .zip(self.size_of(store, ty))
                .and_then(|(o, s)| o.checked_add(s));
        }
        offsets
    }
}

/// `x` rounded up to a multiple of `a` (a power of two).
fn align(x: i64, a: i64) -> Option<i64> {
    Some(x.checked_add(a - 1)? & !(a - 1))
}

/// The empty struct `align64` of sync/atomic (or internal/runtime/atomic)
/// makes the struct containing it 8-byte aligned.
fn is_sync_atomic_align64(store: &Store, ty: TypeId) -> bool {
    let Type::Named(n) = store.ty(store.unalias(ty)) else {
        return false;
    };
    let obj = store.obj(n.obj);
    obj.name.as_str() == "align64"
        && matches!(
            store.pkg_path(obj.pkg),
            "sync/atomic" | "internal/runtime/atomic"
        )
}
