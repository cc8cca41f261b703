//! The persistent cache: what earlier runs computed, content-addressed.
//!
//! An entry is found by a [`Key`], a hash of everything its contents
//! depend on (see [`key`]), so an entry is never stale: a change of input
//! makes a new key, and the old entry ages out. The [`Cache`] keeps the
//! entries on disk under one directory, written atomically (temporary
//! file, then rename) so that concurrent runs only ever see whole entries,
//! each entry checking itself on every read (its header carries a magic, a
//! format version, its key and a checksum of its payload): a truncated,
//! corrupt or misplaced entry reads as a miss and is rewritten.

pub mod key;
mod store;

pub use key::{Key, KeyBuilder};
pub use store::{Cache, CacheError, DEFAULT_SIZE_LIMIT};
