//! One type for every problem a run meets, whichever layer found it.

use std::fmt;

use goescape_load::LoadError;
use goescape_types::check::TypeError;

/// A problem with the input or the environment, positioned where it has a
/// position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub stage: Stage,
    /// The file it is in, if any.
    pub file: Option<String>,
    /// 1-based; 0 when unknown.
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// Which step found the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Settings, patterns, modules, package files.
    Load,
    /// Reading a file.
    Read,
    /// Parsing or type checking.
    Check,
}

impl Diagnostic {
    /// A problem with no file.
    pub fn plain(message: String) -> Diagnostic {
        Diagnostic {
            stage: Stage::Load,
            file: None,
            line: 0,
            col: 0,
            message,
        }
    }

    pub fn from_load(err: LoadError) -> Diagnostic {
        match err {
            LoadError::GoFile {
                file,
                line,
                col,
                message,
            }
            | LoadError::ModFile {
                file,
                line,
                col,
                message,
            } => Diagnostic {
                stage: Stage::Load,
                file: Some(file.to_string_lossy().into_owned()),
                line: u32::try_from(line).unwrap_or(u32::MAX),
                col: u32::try_from(col).unwrap_or(u32::MAX),
                message,
            },
            LoadError::Io { path, message } => Diagnostic {
                stage: Stage::Read,
                file: Some(path.to_string_lossy().into_owned()),
                line: 0,
                col: 0,
                message,
            },
            other => Diagnostic::plain(other.to_string()),
        }
    }

    pub fn from_check(err: &TypeError) -> Diagnostic {
        // The checker reports files it could not read without a line.
        let stage = if err.line == 0 {
            Stage::Read
        } else {
            Stage::Check
        };
        Diagnostic {
            stage,
            file: Some(err.file.clone()).filter(|f| !f.is_empty()),
            line: err.line,
            col: err.col,
            message: err.message.clone(),
        }
    }

    /// The diagnostic with its file named by `name` (the go command
    /// prints paths relative to the working directory).
    pub fn display_with<'a>(&'a self, name: &'a dyn Fn(&str) -> String) -> impl fmt::Display + 'a {
        DisplayWith {
            diagnostic: self,
            name,
        }
    }
}

struct DisplayWith<'a> {
    diagnostic: &'a Diagnostic,
    name: &'a dyn Fn(&str) -> String,
}

impl fmt::Display for DisplayWith<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        match (&d.file, d.line) {
            (None, _) => write!(f, "{}", d.message),
            (Some(file), 0) => write!(f, "{}: {}", (self.name)(file), d.message),
            (Some(file), line) => {
                write!(f, "{}:{line}:{}: {}", (self.name)(file), d.col, d.message)
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display_with(&|file| file.to_owned()).fmt(f)
    }
}
