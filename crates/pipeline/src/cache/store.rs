//! The cache directory: entries on disk, written atomically, read
//! suspiciously, trimmed to a size.
//!
//! Layout: `DIR/xx/KEY` for an entry whose key's hex spelling `KEY`
//! starts with `xx` (256 subdirectories keep directories small), and
//! `DIR/trimmed`, whose modification time says when the cache was last
//! trimmed. An entry is a header (magic, format version, key, payload
//! length, payload checksum) followed by the payload. Writers write a
//! temporary file beside the entry and rename it into place, which
//! replaces atomically: concurrent writers of one key (whose payloads are
//! the same, as keys are content hashes) leave one whole entry, and a
//! crash leaves at most a temporary file, which trimming removes.
//! A read refreshes the entry's modification time (at most once an
//! hour, to spare writes), which makes trimming least-recently-used.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::Key;

/// The default bound on the cache's size in bytes.
pub const DEFAULT_SIZE_LIMIT: u64 = 1 << 30;

/// Identifies goescape's entries; the last byte is the format version,
/// bumped whenever the entry layout changes.
const MAGIC: &[u8; 8] = b"GOESCAC\x01";
const HEADER_LEN: usize = MAGIC.len() + Key::LEN + 8 + 32;
/// Refreshing a read entry's time more often buys trimming nothing.
const REFRESH_AFTER: Duration = Duration::from_secs(60 * 60);
/// How often a run that wrote entries looks at the cache's size.
const TRIM_EVERY: Duration = Duration::from_secs(60 * 60);
/// Temporary files this old belong to writers that died.
const ABANDONED_AFTER: Duration = Duration::from_secs(60 * 60);
const TEMP_PREFIX: &str = ".tmp-";
const TRIM_STAMP: &str = "trimmed";

/// An open cache directory.
pub struct Cache {
    dir: PathBuf,
    size_limit: u64,
}

/// A cache operation that failed: the path and why.
#[derive(Debug)]
pub struct CacheError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for CacheError {}

fn at(path: &Path) -> impl FnOnce(io::Error) -> CacheError + '_ {
    move |error| CacheError {
        path: path.to_owned(),
        error,
    }
}

impl Cache {
    /// The cache directory of the environment `env`: `$GOESCAPECACHE`,
    /// else `goescape` in the user's cache directory.
    pub fn default_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        match env("GOESCAPECACHE") {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => dirs::cache_dir().map(|dir| dir.join("goescape")),
        }
    }

    /// Opens (creating it if needed) the cache in `dir`, bounded to
    /// `size_limit` bytes. Fails unless the directory can be written, so
    /// that a run finds out once, at the start, that it must do without.
    pub fn open(dir: PathBuf, size_limit: u64) -> Result<Cache, CacheError> {
        fs::create_dir_all(&dir).map_err(at(&dir))?;
        let cache = Cache { dir, size_limit };
        let probe = cache.write_temp(&cache.dir, b"")?;
        fs::remove_file(&probe).map_err(at(&probe))?;
        Ok(cache)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The payload stored under `key`, if there is a sound one: an entry
    /// that is truncated, corrupt or not of this key is a miss.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        let path = self.entry_path(key);
        let mut entry = fs::read(&path).ok()?;
        let payload_len = payload_len(&entry, key)?;
        if payload_len != entry.len() - HEADER_LEN {
            return None;
        }
        let checksum = &entry[HEADER_LEN - 32..HEADER_LEN];
        if blake3::hash(&entry[HEADER_LEN..]).as_bytes() != checksum {
            return None;
        }
        refresh(&path);
        entry.drain(..HEADER_LEN);
        Some(entry)
    }

    /// Stores `payload` under `key`, replacing any entry there.
    pub fn put(&self, key: &Key, payload: &[u8]) -> Result<(), CacheError> {
        let path = self.entry_path(key);
        let dir = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(dir).map_err(at(dir))?;
        let mut entry = Vec::with_capacity(HEADER_LEN + payload.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(key.as_bytes());
        entry.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        entry.extend_from_slice(blake3::hash(payload).as_bytes());
        entry.extend_from_slice(payload);
        let temp = self.write_temp(dir, &entry)?;
        fs::rename(&temp, &path).map_err(|error| {
            let _ = fs::remove_file(&temp);
            CacheError { path, error }
        })
    }

    /// Trims the cache when the last trim is older than an hour (or
    /// never happened): for runs that wrote entries.
    pub fn trim_if_due(&self) -> Result<(), CacheError> {
        let stamp = self.dir.join(TRIM_STAMP);
        let due = fs::metadata(&stamp)
            .and_then(|m| m.modified())
            .map_or(true, |time| age(time) >= TRIM_EVERY);
        if !due {
            return Ok(());
        }
        self.trim()?;
        fs::write(&stamp, b"").map_err(at(&stamp))
    }

    /// Removes the least recently used entries until the cache is below
    /// three quarters of its limit, if it is above the limit, and the
    /// temporary files of writers that died.
    pub fn trim(&self) -> Result<(), CacheError> {
        let mut entries = Vec::new();
        let mut total = 0;
        for path in self.files()? {
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            let time = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            let is_temp = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(TEMP_PREFIX));
            if is_temp {
                if age(time) >= ABANDONED_AFTER {
                    let _ = fs::remove_file(&path);
                }
                continue;
            }
            total += meta.len();
            entries.push((time, meta.len(), path));
        }
        if total <= self.size_limit {
            return Ok(());
        }
        entries.sort_unstable();
        // Three quarters, so that trimming is not due again at once.
        let target = self.size_limit - self.size_limit / 4;
        for (_, len, path) in entries {
            if total <= target {
                break;
            }
            // Another run may have removed or replaced it: either is fine.
            if fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        Ok(())
    }

    /// Removes every entry (`goescape clean -cache`). Only what the cache
    /// itself writes is removed, whatever else the directory holds.
    pub fn clean(&self) -> Result<(), CacheError> {
        for subdir in self.subdirs()? {
            fs::remove_dir_all(&subdir).map_err(at(&subdir))?;
        }
        let stamp = self.dir.join(TRIM_STAMP);
        match fs::remove_file(&stamp) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(at(&stamp)(err)),
            _ => Ok(()),
        }
    }

    /// The files of the entries' subdirectories, sorted: the entries
    /// and the temporary files of writers.
    pub fn files(&self) -> Result<Vec<PathBuf>, CacheError> {
        let mut files = Vec::new();
        for subdir in self.subdirs()? {
            for file in fs::read_dir(&subdir).map_err(at(&subdir))? {
                files.push(file.map_err(at(&subdir))?.path());
            }
        }
        files.sort_unstable();
        Ok(files)
    }

    fn entry_path(&self, key: &Key) -> PathBuf {
        let name = key.to_string();
        self.dir.join(&name[..2]).join(name)
    }

    /// The entries' subdirectories (two hex digits) that exist.
    fn subdirs(&self) -> Result<Vec<PathBuf>, CacheError> {
        let mut subdirs = Vec::new();
        for item in fs::read_dir(&self.dir).map_err(at(&self.dir))? {
            let item = item.map_err(at(&self.dir))?;
            let name = item.file_name();
            let is_subdir = name.len() == 2
                && name
                    .to_string_lossy()
                    .chars()
                    .all(|c| c.is_ascii_hexdigit())
                && item.file_type().is_ok_and(|t| t.is_dir());
            if is_subdir {
                subdirs.push(item.path());
            }
        }
        Ok(subdirs)
    }

    /// Writes `contents` to a new temporary file in `dir`, named so that
    /// no other writer (thread or process) picks the same name.
    fn write_temp(&self, dir: &Path, contents: &[u8]) -> Result<PathBuf, CacheError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "{TEMP_PREFIX}{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(name);
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| file.write_all(contents));
        match written {
            Ok(()) => Ok(path),
            Err(error) => {
                let _ = fs::remove_file(&path);
                Err(CacheError { path, error })
            }
        }
    }
}

/// The payload length an entry's header states, if the header is one of
/// this format for `key`.
fn payload_len(entry: &[u8], key: &Key) -> Option<usize> {
    let header = entry.get(..HEADER_LEN)?;
    let (magic, rest) = header.split_at(MAGIC.len());
    let (entry_key, rest) = rest.split_at(Key::LEN);
    if magic != MAGIC || entry_key != key.as_bytes() {
        return None;
    }
    let len = u64::from_le_bytes(rest[..8].try_into().ok()?);
    usize::try_from(len).ok()
}

/// Marks the entry at `path` as just used, unless it was lately. A
/// failure only makes the entry look older to trimming.
fn refresh(path: &Path) {
    let stale = fs::metadata(path)
        .and_then(|m| m.modified())
        .map_or(true, |time| age(time) >= REFRESH_AFTER);
    if stale {
        if let Ok(file) = fs::File::options().write(true).open(path) {
            let _ = file.set_modified(SystemTime::now());
        }
    }
}

fn age(time: SystemTime) -> Duration {
    SystemTime::now().duration_since(time).unwrap_or_default()
}
