//! The two concurrent containers the model is built on: an append-only
//! vector whose reads take no lock, and a hash map split into independently
//! locked shards.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rustc_hash::FxBuildHasher;

/// log2 of the first bucket's length.
const FIRST_BUCKET_BITS: u32 = 8;
/// Buckets double in length, so this many cover every `u32` index.
const BUCKETS: usize = (33 - FIRST_BUCKET_BITS) as usize;

/// An append-only vector that many threads push to and read from at once.
///
/// Elements live in buckets of doubling length that are allocated once and
/// never move, so a reference to an element stays valid for the vector's
/// lifetime and a read is two acquire loads, without locks or reference
/// counts. Each slot is a `OnceLock`, which makes publication safe: a
/// reader either sees the complete element or nothing.
pub(crate) struct AppendVec<T> {
    reserved: AtomicU32,
    buckets: [OnceLock<Box<[OnceLock<T>]>>; BUCKETS],
}

impl<T> AppendVec<T> {
    pub(crate) fn new() -> Self {
        AppendVec {
            reserved: AtomicU32::new(0),
            buckets: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    /// Appends `value` and returns its index.
    ///
    /// Running out of `u32` indices is treated like running out of memory
    /// (it would take hundreds of gigabytes first).
    pub(crate) fn push(&self, value: T) -> u32 {
        let index = self.reserved.fetch_add(1, Ordering::Relaxed);
        assert!(index != u32::MAX, "AppendVec: index space exhausted");
        let (bucket, offset) = locate(index);
        let slots = self.buckets[bucket].get_or_init(|| {
            let len = 1usize << (bucket as u32 + FIRST_BUCKET_BITS);
            (0..len).map(|_| OnceLock::new()).collect()
        });
        // The slot was reserved by the `fetch_add` above, so it is empty.
        let _ = slots[offset].set(value);
        index
    }

    /// The element at `index`, if it has been published.
    pub(crate) fn get(&self, index: u32) -> Option<&T> {
        let (bucket, offset) = locate(index);
        self.buckets[bucket].get()?.get(offset)?.get()
    }

    /// The number of indices handed out so far (some may still be being
    /// written by other threads).
    pub(crate) fn len(&self) -> u32 {
        self.reserved.load(Ordering::Acquire)
    }
}

/// The bucket and offset of `index`: bucket `b` holds indices
/// `2^(b+F) - 2^F .. 2^(b+F+1) - 2^F` where `F` is [`FIRST_BUCKET_BITS`].
fn locate(index: u32) -> (usize, usize) {
    let biased = u64::from(index) + (1u64 << FIRST_BUCKET_BITS);
    let bit = 63 - biased.leading_zeros();
    let bucket = bit - FIRST_BUCKET_BITS;
    (bucket as usize, (biased - (1u64 << bit)) as usize)
}

const SHARDS: usize = 16;

/// A hash map split into [`SHARDS`] mutex-protected parts chosen by the
/// key's hash, so that threads inserting different keys rarely wait.
/// (Lookups by a borrowed form of the key must hash like the key, as
/// `Borrow` requires.)
pub(crate) struct ShardedMap<K, V> {
    shards: [Mutex<HashMap<K, V, FxBuildHasher>>; SHARDS],
}

impl<K: Hash + Eq, V: Copy> ShardedMap<K, V> {
    pub(crate) fn new() -> Self {
        ShardedMap {
            shards: std::array::from_fn(|_| Mutex::new(HashMap::default())),
        }
    }

    fn shard<Q: Hash + ?Sized>(&self, key: &Q) -> MutexGuard<'_, HashMap<K, V, FxBuildHasher>> {
        let hash = FxBuildHasher.hash_one(key);
        // The high bits: FxHash mixes them best.
        let index = (hash >> 60) as usize % SHARDS;
        // A poisoned shard only means another thread panicked while holding
        // it; the map itself is never left half-updated.
        self.shards[index]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The value for `key`, creating it with `make` under the shard's lock
    /// if absent, so that concurrent callers agree on one value.
    pub(crate) fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V {
        let mut shard = self.shard(&key);
        *shard.entry(key).or_insert_with(make)
    }

    pub(crate) fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shard(key).get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_covers_indices_contiguously() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(255), (0, 255));
        assert_eq!(locate(256), (1, 0));
        assert_eq!(locate(767), (1, 511));
        assert_eq!(locate(768), (2, 0));
        let (bucket, offset) = locate(u32::MAX);
        assert!(bucket < BUCKETS);
        assert!(offset < 1usize << (bucket as u32 + FIRST_BUCKET_BITS));
    }

    #[test]
    fn concurrent_pushes_are_all_readable() {
        let vec = AppendVec::new();
        std::thread::scope(|s| {
            for t in 0..4u32 {
                let vec = &vec;
                s.spawn(move || {
                    for i in 0..1000u32 {
                        let index = vec.push((t, i));
                        assert_eq!(vec.get(index), Some(&(t, i)));
                    }
                });
            }
        });
        assert_eq!(vec.len(), 4000);
        assert!(vec.get(4000).is_none());
    }
}
