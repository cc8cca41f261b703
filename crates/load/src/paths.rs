//! Path helpers shared by module and package lookup.

use std::path::{Component, Path, PathBuf};

use crate::package::go_file_names;

/// Whether a go.mod sits in `dir` or a directory between it and `root`
/// (exclusive), making `dir` part of another module.
pub(crate) fn has_nested_go_mod(root: &Path, dir: &Path) -> bool {
    dir.ancestors()
        .take_while(|d| *d != root && d.starts_with(root))
        .any(|d| d.join("go.mod").is_file())
}

/// Whether `dir` is a directory holding at least one `.go` file, whatever
/// its build constraints say (the go command's test for "a package is here").
pub(crate) fn is_go_dir(dir: &Path) -> bool {
    go_file_names(dir).is_ok_and(|names| !names.is_empty())
}

/// `path` relative to `base` with `/` separators ("" for `base` itself),
/// if `path` lies under `base`.
pub(crate) fn relative_slash_path(base: &Path, path: &Path) -> Option<String> {
    path.strip_prefix(base).ok().map(to_slash)
}

pub(crate) fn to_slash(path: &Path) -> String {
    path.to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}

/// Lexically normalises a path: drops `.` elements and resolves `..`
/// against the preceding element (symbolic links are not consulted).
pub(crate) fn clean_path(path: &Path) -> PathBuf {
    let mut cleaned = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !cleaned.pop() {
                    cleaned.push("..");
                }
            }
            other => cleaned.push(other),
        }
    }
    cleaned
}
