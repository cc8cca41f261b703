//! Stack growth for recursion over deeply nested trees.
//!
//! Parsing, checking, lowering and analysing recurse over the tree, and
//! gc accepts nesting hundreds of thousands of levels deep. Rather than
//! rewrite every recursive pass as a loop, each recursive entry point runs
//! its body through [`ensure_sufficient_stack`], which moves to a freshly
//! allocated stack segment when the current one is nearly used up (as
//! rustc does). Memory is then bounded by [`crate::MAX_NESTING_DEPTH`],
//! not by the thread's stack size.

/// How much stack must remain for a recursive step to run in place.
/// Generous, as one step of some passes (a type checker's expression, an
/// unoptimized build) uses tens of kilobytes.
const RED_ZONE: usize = 256 * 1024;

/// The size of each new segment: large enough that crossing segments is
/// rare, small enough that a shallow overflow costs little memory.
const SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f`, first switching to a new stack segment if less than
/// [`RED_ZONE`] bytes of the current one remain. Call it at the entry of
/// every function that recurses once per level of source nesting.
#[inline]
pub fn ensure_sufficient_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}
