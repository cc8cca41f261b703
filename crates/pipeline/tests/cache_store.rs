//! The cache directory's promises: whole entries or none, never a wrong
//! payload, least recently used entries trimmed first.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use goescape_pipeline::cache::{Key, KeyBuilder};
use goescape_pipeline::Cache;

fn key(n: u32) -> Key {
    KeyBuilder::new("test")
        .field("n", &n.to_le_bytes())
        .finish()
}

fn payload(n: u32) -> Vec<u8> {
    format!("payload of entry {n}\n")
        .repeat(n as usize % 7 + 1)
        .into_bytes()
}

fn entry_path(dir: &Path, n: u32) -> PathBuf {
    let name = key(n).to_string();
    dir.join(&name[..2]).join(name)
}

fn set_age(path: &Path, age: Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

#[test]
fn stored_payloads_come_back_and_absent_keys_miss() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().join("cache"), 1 << 20).unwrap();
    assert_eq!(cache.get(&key(1)), None);
    cache.put(&key(1), &payload(1)).unwrap();
    cache.put(&key(2), b"").unwrap();
    assert_eq!(cache.get(&key(1)), Some(payload(1)));
    assert_eq!(cache.get(&key(2)), Some(Vec::new()));
    assert_eq!(cache.get(&key(3)), None);
}

#[test]
fn truncated_garbage_and_foreign_entries_miss_until_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().to_owned(), 1 << 20).unwrap();
    for n in 0..4 {
        cache.put(&key(n), &payload(n)).unwrap();
    }
    let whole = fs::read(entry_path(dir.path(), 0)).unwrap();
    // Truncated: in the payload, and in the header.
    fs::write(entry_path(dir.path(), 0), &whole[..whole.len() - 3]).unwrap();
    fs::write(entry_path(dir.path(), 1), &whole[..20]).unwrap();
    // Garbage of a plausible length.
    fs::write(entry_path(dir.path(), 2), vec![0x5a; whole.len()]).unwrap();
    // Foreign: a sound entry, but of another key.
    fs::write(entry_path(dir.path(), 3), &whole).unwrap();
    for n in 0..4 {
        assert_eq!(cache.get(&key(n)), None, "entry {n}");
    }
    // A flipped payload byte fails the checksum.
    cache.put(&key(0), &payload(0)).unwrap();
    let mut flipped = fs::read(entry_path(dir.path(), 0)).unwrap();
    *flipped.last_mut().unwrap() ^= 1;
    fs::write(entry_path(dir.path(), 0), flipped).unwrap();
    assert_eq!(cache.get(&key(0)), None);
    for n in 0..4 {
        cache.put(&key(n), &payload(n)).unwrap();
        assert_eq!(cache.get(&key(n)), Some(payload(n)), "entry {n}");
    }
}

#[test]
fn concurrent_writers_and_readers_see_whole_entries() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().to_owned(), 1 << 20).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                for round in 0..20 {
                    for n in 0..30 {
                        cache.put(&key(n), &payload(n)).unwrap();
                        let other = (n + round) % 30;
                        let read = cache.get(&key(other));
                        assert!(read.is_none_or(|p| p == payload(other)));
                    }
                }
            });
        }
    });
    for n in 0..30 {
        assert_eq!(cache.get(&key(n)), Some(payload(n)), "entry {n}");
    }
    // Every temporary file was renamed into place.
    assert_eq!(cache.files().unwrap().len(), 30);
}

#[test]
fn trimming_removes_the_least_recently_used_entries() {
    let dir = tempfile::tempdir().unwrap();
    let unbounded = Cache::open(dir.path().to_owned(), u64::MAX).unwrap();
    for n in 0..10 {
        unbounded.put(&key(n), &[n as u8; 1000]).unwrap();
    }
    let entry_len = fs::metadata(&unbounded.files().unwrap()[0]).unwrap().len();
    // Entry n was last used 10 - n hours ago.
    for n in 0..10 {
        let hours = 10 - u64::from(n);
        set_age(
            &entry_path(dir.path(), n),
            Duration::from_secs(3600 * hours),
        );
    }
    // Reading entry 0, the oldest, makes it the most recently used.
    assert!(unbounded.get(&key(0)).is_some());
    let cache = Cache::open(dir.path().to_owned(), entry_len * 8).unwrap();
    cache.trim().unwrap();
    let kept: Vec<u32> = (0..10)
        .filter(|&n| entry_path(dir.path(), n).exists())
        .collect();
    // Down to three quarters of 8 entries: the six most recently used.
    assert_eq!(kept, vec![0, 5, 6, 7, 8, 9]);
    // Under the bound, nothing goes.
    cache.trim().unwrap();
    assert_eq!(cache.files().unwrap().len(), 6);
}

#[test]
fn trimming_removes_abandoned_temporary_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().to_owned(), 1 << 20).unwrap();
    cache.put(&key(1), &payload(1)).unwrap();
    let subdir = entry_path(dir.path(), 1).parent().unwrap().to_owned();
    let abandoned = subdir.join(".tmp-1-1");
    let in_progress = subdir.join(".tmp-1-2");
    fs::write(&abandoned, b"half").unwrap();
    fs::write(&in_progress, b"half").unwrap();
    set_age(&abandoned, Duration::from_secs(2 * 3600));
    cache.trim().unwrap();
    assert!(!abandoned.exists());
    assert!(in_progress.exists());
    assert_eq!(cache.get(&key(1)), Some(payload(1)));
}

#[test]
fn cleaning_removes_entries_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().to_owned(), 1 << 20).unwrap();
    for n in 0..5 {
        cache.put(&key(n), &payload(n)).unwrap();
    }
    fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
    fs::create_dir(dir.path().join("zz")).unwrap();
    cache.clean().unwrap();
    assert!((0..5).all(|n| cache.get(&key(n)).is_none()));
    assert!(dir.path().join("notes.txt").exists());
    assert!(dir.path().join("zz").exists());
    assert!(cache.files().unwrap().is_empty());
}

#[test]
fn a_cache_that_cannot_be_created_fails_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, b"").unwrap();
    assert!(Cache::open(file.join("cache"), 1 << 20).is_err());
}

#[test]
fn key_fields_do_not_run_together() {
    let joined = |a: &str, b: &str| {
        KeyBuilder::new("test")
            .field("x", a.as_bytes())
            .field("y", b.as_bytes())
            .finish()
    };
    assert_ne!(joined("ab", "c"), joined("a", "bc"));
    assert_eq!(joined("a", "bc"), joined("a", "bc"));
    assert_ne!(
        KeyBuilder::new("one").finish(),
        KeyBuilder::new("two").finish()
    );
}
