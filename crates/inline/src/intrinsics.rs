//! The functions gc compiles to machine instructions on amd64 instead of
//! calling them. A call of one costs the inliner one node, like an
//! addition, instead of a call's price.

/// Per package, the names of its intrinsic functions on amd64 (gc's
/// table also has entries for other architectures only: bit reversal,
/// `math.Round`), and `runtime.getg`, which gc rewrites itself.
const INTRINSICS: &[(&str, &[&str])] = &[
    ("crypto/internal/constanttime", &["Select", "boolToUint8"]),
    (
        "internal/runtime/atomic",
        &[
            "And",
            "And32",
            "And64",
            "And8",
            "Anduintptr",
            "Cas",
            "Cas64",
            "CasRel",
            "Casint32",
            "Casint64",
            "Casp1",
            "Casuintptr",
            "Load",
            "Load64",
            "Load8",
            "LoadAcq",
            "LoadAcq64",
            "LoadAcquintptr",
            "Loadint32",
            "Loadint64",
            "Loadp",
            "Loaduint",
            "Loaduintptr",
            "Or",
            "Or32",
            "Or64",
            "Or8",
            "Oruintptr",
            "Store",
            "Store64",
            "Store8",
            "StoreRel",
            "StoreRel64",
            "StoreReluintptr",
            "Storeint32",
            "Storeint64",
            "StorepNoWB",
            "Storeuintptr",
            "Xadd",
            "Xadd64",
            "Xaddint32",
            "Xaddint64",
            "Xadduintptr",
            "Xchg",
            "Xchg64",
            "Xchg8",
            "Xchgint32",
            "Xchgint64",
            "Xchguintptr",
        ],
    ),
    (
        "internal/runtime/maps",
        &[
            "bitsetFirst",
            "bitsetLowestSet",
            "bitsetRemoveBelow",
            "bitsetShiftOutLowest",
            "ctrlGroupMatchEmpty",
            "ctrlGroupMatchEmptyOrDeleted",
            "ctrlGroupMatchFull",
            "ctrlGroupMatchH2",
        ],
    ),
    ("internal/runtime/math", &["Add64", "Mul64", "MulUintptr"]),
    (
        "internal/runtime/sys",
        &[
            "Bswap32",
            "Bswap64",
            "GetClosurePtr",
            "Len64",
            "Len8",
            "OnesCount64",
            "Prefetch",
            "PrefetchStreamed",
            "TrailingZeros32",
            "TrailingZeros64",
            "TrailingZeros8",
        ],
    ),
    (
        "math",
        &["Ceil", "FMA", "Floor", "RoundToEven", "Trunc", "sqrt"],
    ),
    ("math/big", &["mulWW"]),
    (
        "math/bits",
        &[
            "Add",
            "Add64",
            "Div",
            "Div64",
            "Len",
            "Len16",
            "Len32",
            "Len64",
            "Len8",
            "Mul",
            "Mul64",
            "OnesCount",
            "OnesCount16",
            "OnesCount32",
            "OnesCount64",
            "OnesCount8",
            "ReverseBytes16",
            "ReverseBytes32",
            "ReverseBytes64",
            "RotateLeft",
            "RotateLeft16",
            "RotateLeft32",
            "RotateLeft64",
            "RotateLeft8",
            "Sub",
            "Sub64",
            "TrailingZeros16",
            "TrailingZeros32",
            "TrailingZeros64",
            "TrailingZeros8",
        ],
    ),
    (
        "runtime",
        &[
            "KeepAlive",
            "getg",
            "memequal",
            "publicationBarrier",
            "slicebytetostringtmp",
        ],
    ),
    (
        "sync",
        &["runtime_LoadAcquintptr", "runtime_StoreReluintptr"],
    ),
    (
        "sync/atomic",
        &[
            "AddInt32",
            "AddInt64",
            "AddUint32",
            "AddUint64",
            "AddUintptr",
            "AndInt32",
            "AndInt64",
            "AndUint32",
            "AndUint64",
            "AndUintptr",
            "CompareAndSwapInt32",
            "CompareAndSwapInt64",
            "CompareAndSwapUint32",
            "CompareAndSwapUint64",
            "CompareAndSwapUintptr",
            "LoadInt32",
            "LoadInt64",
            "LoadPointer",
            "LoadUint32",
            "LoadUint64",
            "LoadUintptr",
            "OrInt32",
            "OrInt64",
            "OrUint32",
            "OrUint64",
            "OrUintptr",
            "StoreInt32",
            "StoreInt64",
            "StoreUint32",
            "StoreUint64",
            "StoreUintptr",
            "SwapInt32",
            "SwapInt64",
            "SwapUint32",
            "SwapUint64",
            "SwapUintptr",
        ],
    ),
];

/// Whether package-level function `name` of package `path` is an
/// intrinsic.
pub fn is_intrinsic(path: &str, name: &str) -> bool {
    INTRINSICS
        .iter()
        .find(|(p, _)| *p == path)
        .is_some_and(|(_, names)| names.contains(&name))
}

/// Calls gc prices as one node on architectures that merge unaligned
/// loads (amd64 does): the byte-order helpers, whose bodies are a few
/// shifts that compile to one load or store (gc issue 42958).
pub fn is_cheap_byte_order(path: &str, name: &str) -> bool {
    let helper = |n: &str| {
        [
            "Uint16",
            "Uint32",
            "Uint64",
            "PutUint16",
            "PutUint32",
            "PutUint64",
        ]
        .iter()
        .chain(&["AppendUint16", "AppendUint32", "AppendUint64"])
        .any(|s| n == *s)
    };
    match path {
        "internal/byteorder" => name
            .strip_prefix("LE")
            .or_else(|| name.strip_prefix("BE"))
            .is_some_and(helper),
        "encoding/binary" => name
            .strip_prefix("littleEndian.")
            .or_else(|| name.strip_prefix("bigEndian."))
            .is_some_and(helper),
        _ => false,
    }
}
