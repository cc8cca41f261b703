//! Where file contents come from: the disk, unless an overlay (an
//! editor's unsaved buffer) stands in for the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use goescape_types::check::SourceReader;

#[derive(Default)]
pub struct Sources {
    overlays: HashMap<PathBuf, Arc<[u8]>>,
}

impl Sources {
    /// Reads of `path` return `contents` from now on.
    pub fn set_overlay(&mut self, path: PathBuf, contents: Vec<u8>) {
        self.overlays.insert(path, contents.into());
    }

    /// Reads of `path` go to the disk again.
    pub fn remove_overlay(&mut self, path: &Path) {
        self.overlays.remove(path);
    }
}

impl SourceReader for Sources {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.overlays.get(path) {
            Some(contents) => Ok(contents.to_vec()),
            None => std::fs::read(path),
        }
    }
}
