//! Finding the cache of results, and `goescape clean -cache`.

use goescape_pipeline::cache::CacheError;
use goescape_pipeline::Cache;

use crate::output::errln;
use crate::EXIT_USAGE;

/// The cache of the environment, or `None` (with one warning) when it
/// cannot be used: the run goes on without it.
pub fn open() -> Option<Cache> {
    match open_default() {
        Ok(cache) => Some(cache),
        Err(message) => {
            errln!("goescape: warning: {message}; running without the cache");
            None
        }
    }
}

/// The one warning of a run whose cache stopped taking writes.
pub fn warn_write_failed(err: &CacheError) {
    errln!("goescape: warning: writing the cache: {err}; later results were not stored");
}

/// `goescape clean -cache`: removes every entry.
pub fn clean() -> u8 {
    match open_default().and_then(|cache| cache.clean().map_err(|err| err.to_string())) {
        Ok(()) => 0,
        Err(message) => {
            errln!("goescape: clean -cache: {message}");
            EXIT_USAGE
        }
    }
}

fn open_default() -> Result<Cache, String> {
    let dir = Cache::default_dir(&|name| std::env::var(name).ok())
        .ok_or("no cache directory: set GOESCAPECACHE (the user's cache directory is unknown)")?;
    Cache::open(dir, goescape_pipeline::cache::DEFAULT_SIZE_LIMIT)
        .map_err(|err| format!("cannot use the cache: {err}"))
}
