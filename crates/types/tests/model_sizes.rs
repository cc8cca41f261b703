//! Sizes, alignments and offsets against go/types' `SizesFor("gc", arch)`
//! (Go 1.26); each expectation was printed by go/types for the quoted Go
//! declaration.

mod model_support;

use goescape_types::model::{Sizes, Store, Symbol, TypeId};
use model_support::*;

fn amd64() -> Sizes {
    Sizes::for_arch("amd64").unwrap()
}

/// (size, align) on amd64, and the field offsets for structs.
fn layout(store: &Store, ty: TypeId) -> (Option<i64>, i64, Vec<Option<i64>>) {
    let sizes = amd64();
    let fields = store.struct_fields(store.underlying(ty)).to_vec();
    (
        sizes.size_of(store, ty),
        sizes.align_of(store, ty),
        sizes.offsets_of(store, &fields),
    )
}

fn offs(list: &[i64]) -> Vec<Option<i64>> {
    list.iter().map(|&o| Some(o)).collect()
}

#[test]
fn arch_table_matches_gc() {
    assert_eq!(Sizes::for_arch("arm64"), Some(Sizes::WORD64));
    assert_eq!(amd64(), Sizes::WORD64);
    assert_eq!(Sizes::for_arch("386").map(|s| s.word_size), Some(4));
    assert_eq!(
        Sizes::for_arch("amd64p32").map(|s| (s.word_size, s.max_align)),
        Some((4, 8))
    );
    assert_eq!(Sizes::for_arch("vax"), None);
}

#[test]
fn struct_layouts_pad_like_gc() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let empty = st.new_struct(vec![], vec![]);
    // type Sized1 struct { a bool; b int64; c bool }: 24 8 [0 8 16]
    let s1 = f.strukt(&[("a", BOOL), ("b", INT64), ("c", BOOL)]);
    assert_eq!(layout(st, s1), (Some(24), 8, offs(&[0, 8, 16])));
    // type Sized2 struct { a int32; b struct{} }: 8 4 [0 4] — the
    // trailing zero-size field gets a byte of padding.
    let s2 = f.strukt(&[("a", INT32), ("b", empty)]);
    assert_eq!(layout(st, s2), (Some(8), 4, offs(&[0, 4])));
    // type Sized3 struct { a complex64; b [3]int16; c string; d []int;
    //   e interface{}; f uintptr }: 80 8 [0 8 16 32 56 72]
    let s3 = f.strukt(&[
        ("a", COMPLEX64),
        ("b", st.array(INT16, Some(3))),
        ("c", STRING),
        ("d", st.slice(INT)),
        ("e", st.new_interface(vec![], vec![])),
        ("f", UINTPTR),
    ]);
    assert_eq!(layout(st, s3), (Some(80), 8, offs(&[0, 8, 16, 32, 56, 72])));
    // type Sized5 struct { a [0]int64; b byte }: 8 8 [0 0]
    let s5 = f.strukt(&[("a", st.array(INT64, Some(0))), ("b", TypeId::BYTE)]);
    assert_eq!(layout(st, s5), (Some(8), 8, offs(&[0, 0])));
    // type Sized6 struct { b byte; a [0]int64 }: 16 8 [0 8]
    let s6 = f.strukt(&[("b", TypeId::BYTE), ("a", st.array(INT64, Some(0)))]);
    assert_eq!(layout(st, s6), (Some(16), 8, offs(&[0, 8])));
    // struct{}: 0 1
    assert_eq!(layout(st, empty), (Some(0), 1, vec![]));
    // [2]struct{ a int8; b int32 }: 16 4
    let elem = f.strukt(&[("a", INT8), ("b", INT32)]);
    let arr = st.array(elem, Some(2));
    assert_eq!(
        (amd64().size_of(st, arr), amd64().align_of(st, arr)),
        (Some(16), 4)
    );
    // struct { a int "tag"; b string }: 24 8 [0 8]
    let v06 = f.strukt(&[("a", INT), ("b", STRING)]);
    assert_eq!(layout(st, v06), (Some(24), 8, offs(&[0, 8])));
}

#[test]
fn sync_atomic_align64_forces_8_byte_alignment() {
    // type Sized4 struct { x atomic.Int64; y bool }: 16 8 [0 8], where
    // atomic.Int64 is struct{ _ noCopy; _ align64; v int64 }.
    let mut f = Fixture::new("example.com/p");
    let atomic = f.other_package("sync/atomic");
    let empty = f.store.new_struct(vec![], vec![]);
    let align64 = f.named_in(atomic, "align64", Some(empty));
    let no_copy = f.named_in(atomic, "noCopy", Some(empty));
    let st = &f.store;
    assert_eq!(amd64().align_of(st, align64), 8);
    assert_eq!(amd64().align_of(st, no_copy), 1);
    let int64_fields = vec![
        st.new_field(Some(atomic), None, Symbol::BLANK, no_copy, false),
        st.new_field(Some(atomic), None, Symbol::BLANK, align64, false),
        st.new_field(Some(atomic), None, Symbol::intern("v"), INT64, false),
    ];
    let int64_struct = st.new_struct(int64_fields, vec![]);
    let atomic_int64 = f.named_in(atomic, "Int64", Some(int64_struct));
    let s4 = f.strukt(&[("x", atomic_int64), ("y", BOOL)]);
    assert_eq!(layout(&f.store, s4), (Some(16), 8, offs(&[0, 8])));
}

#[test]
fn basic_and_reference_types() {
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let s = amd64();
    let cases = [
        (TypeId::BYTE, 1, 1),
        (BOOL, 1, 1),
        (INT16, 2, 2),
        (FLOAT32, 4, 4),
        (COMPLEX64, 8, 4),
        (COMPLEX128, 16, 8),
        (STRING, 16, 8),
        (INT, 8, 8),
        (UNSAFE_POINTER, 8, 8),
        (st.slice(INT8), 24, 8),
        (st.map(STRING, INT), 8, 8),
        (st.pointer(INT8), 8, 8),
        (f.func(&[], &[], false), 8, 8),
        (st.error_type(), 16, 8),
        (st.any_type(), 16, 8),
        (st.array(COMPLEX128, Some(4)), 64, 8),
    ];
    for (ty, size, align) in cases {
        assert_eq!(
            (s.size_of(st, ty), s.align_of(st, ty)),
            (Some(size), align),
            "{}",
            f.s(ty)
        );
    }
    // Too large: [1<<60]int64 is -1 in go/types.
    assert_eq!(s.size_of(st, st.array(INT64, Some(1 << 60))), None);
}

#[test]
fn word_size_4_layout() {
    // struct { a bool; b int64; c string; d complex128 } on 386:
    // 36 4 [0 4 12 20]; on arm64: 48 8 [0 8 16 32].
    let f = Fixture::new("example.com/p");
    let st = &f.store;
    let ty = f.strukt(&[("a", BOOL), ("b", INT64), ("c", STRING), ("d", COMPLEX128)]);
    let fields = st.struct_fields(ty).to_vec();
    let i386 = Sizes::for_arch("386").unwrap();
    assert_eq!(i386.size_of(st, ty), Some(36));
    assert_eq!(i386.align_of(st, ty), 4);
    assert_eq!(i386.offsets_of(st, &fields), offs(&[0, 4, 12, 20]));
    assert_eq!(i386.size_of(st, st.slice(BOOL)), Some(12));
    assert_eq!(i386.size_of(st, st.any_type()), Some(8));
    assert_eq!(i386.align_of(st, COMPLEX128), 4);
    let arm64 = Sizes::for_arch("arm64").unwrap();
    assert_eq!(arm64.size_of(st, ty), Some(48));
    assert_eq!(arm64.offsets_of(st, &fields), offs(&[0, 8, 16, 32]));
}

#[test]
fn instantiated_generic_struct_layout() {
    // type List[T any] struct { next *List[T]; val T }
    // List[int]: 16 8 [0 8];
    // type Pair[K comparable, V any] struct { Key K; Val V }
    // Pair[string, *List[int]]: 24 8 [0 16]
    let mut f = Fixture::new("example.com/p");
    let any = f.store.any_type();
    let (list, _) = f.generic_list();
    let pair = f.named("Pair", None);
    let pobj = f.store.type_name(pair).unwrap();
    let k = f.type_param("K", 0, pobj, Some(f.store.comparable_type()));
    let v = f.type_param("V", 1, pobj, Some(any));
    f.store.set_type_params(pair, vec![k, v]);
    let pbody = f.strukt(&[("Key", k), ("Val", v)]);
    f.store.set_underlying(pair, pbody);
    let st = &f.store;
    let list_int = st.instantiate(list, vec![INT]);
    assert_eq!(layout(st, list_int), (Some(16), 8, offs(&[0, 8])));
    let p = st.instantiate(pair, vec![STRING, st.pointer(list_int)]);
    assert_eq!(layout(st, p), (Some(24), 8, offs(&[0, 16])));
}
