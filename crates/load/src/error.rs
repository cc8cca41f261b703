//! The error values of this crate.

use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can go wrong while configuring, resolving or loading.
///
/// Errors are plain values: they are cloned into package records (a package
/// that failed to load still appears in a graph, carrying its error) and
/// compared in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// GOROOT is unset and `go env GOROOT` could not tell it.
    NoGoroot { reason: String },
    /// An environment setting (or GOFLAGS entry) has a value we reject.
    InvalidSetting {
        name: String,
        value: String,
        reason: String,
    },
    /// A file or directory could not be read.
    Io { path: PathBuf, message: String },
    /// A syntax or semantic error in a go.mod, go.work or vendor/modules.txt
    /// file, at a 1-based line and column.
    ModFile {
        file: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// A Go file whose header (build constraints, package clause, imports)
    /// cannot be read, at a 1-based line and column.
    GoFile {
        file: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// A directory holds Go files of more than one package.
    MultiplePackages {
        dir: PathBuf,
        names: [String; 2],
        files: [String; 2],
    },
    /// A directory has no Go files for this build configuration.
    NoGoFiles { dir: PathBuf, all_excluded: bool },
    /// A directory has only `_test.go` files, and tests are not loaded.
    OnlyTestGoFiles { dir: PathBuf },
    /// An import path is syntactically unusable.
    InvalidImportPath { path: String, reason: String },
    /// No module in the build list (nor GOROOT, nor vendor/) provides a package.
    PackageNotFound { path: String, detail: String },
    /// More than one module provides the same package.
    AmbiguousImport { path: String, dirs: Vec<PathBuf> },
    /// A directory argument lies outside every known module root.
    DirectoryOutsideModules { dir: PathBuf },
    /// `.go` file arguments must all sit in one directory.
    FilesInSeveralDirectories { first: PathBuf, other: PathBuf },
    /// A package pattern this loader does not understand.
    UnsupportedPattern { pattern: String, reason: String },
}

impl LoadError {
    /// Wraps an `io::Error` together with the path it concerns.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        LoadError::Io {
            path: path.to_path_buf(),
            message: io_message(err),
        }
    }
}

/// An I/O error in the go command's words: the system's message in lower
/// case (`no such file or directory`), without Rust's `(os error N)`.
pub fn io_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    let text = match (err.raw_os_error(), text.rfind(" (os error ")) {
        (Some(_), Some(cut)) => &text[..cut],
        _ => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoGoroot { reason } => write!(
                f,
                "cannot determine GOROOT: GOROOT is not set and `go env GOROOT` failed: {reason}"
            ),
            LoadError::InvalidSetting {
                name,
                value,
                reason,
            } => {
                write!(f, "invalid {name}={value:?}: {reason}")
            }
            LoadError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            LoadError::ModFile {
                file,
                line,
                col,
                message,
            }
            | LoadError::GoFile {
                file,
                line,
                col,
                message,
            } => {
                write!(f, "{}:{line}:{col}: {message}", file.display())
            }
            LoadError::MultiplePackages { dir, names, files } => write!(
                f,
                "found packages {} ({}) and {} ({}) in {}",
                names[0],
                files[0],
                names[1],
                files[1],
                dir.display()
            ),
            LoadError::NoGoFiles {
                dir,
                all_excluded: true,
            } => {
                write!(
                    f,
                    "build constraints exclude all Go files in {}",
                    dir.display()
                )
            }
            LoadError::NoGoFiles {
                dir,
                all_excluded: false,
            } => {
                write!(f, "no Go files in {}", dir.display())
            }
            LoadError::OnlyTestGoFiles { dir } => {
                write!(f, "no non-test Go files in {}", dir.display())
            }
            LoadError::InvalidImportPath { path, reason } => {
                write!(f, "invalid import path {path:?}: {reason}")
            }
            LoadError::PackageNotFound { path, detail } => {
                write!(f, "cannot find package {path:?}: {detail}")
            }
            LoadError::AmbiguousImport { path, dirs } => {
                write!(
                    f,
                    "ambiguous import: found package {path} in multiple directories:"
                )?;
                for dir in dirs {
                    write!(f, "\n\t{}", dir.display())?;
                }
                Ok(())
            }
            LoadError::DirectoryOutsideModules { dir } => write!(
                f,
                "directory {} is outside the main module, GOROOT and vendor/",
                dir.display()
            ),
            LoadError::FilesInSeveralDirectories { first, other } => write!(
                f,
                "named files must all be in one directory; have {} and {}",
                first.display(),
                other.display()
            ),
            LoadError::UnsupportedPattern { pattern, reason } => {
                write!(f, "pattern {pattern:?}: {reason}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::io_message;

    #[test]
    fn io_errors_read_like_the_go_command() {
        let missing = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_message(&missing), "no such file or directory");
        let custom = std::io::Error::other("Odd thing");
        assert_eq!(io_message(&custom), "odd thing");
    }
}
