//! File names as the go command prints them in diagnostics.

use std::path::{Path, PathBuf};

/// Renders paths the way `go build` does: `./rel/path.go` below the working
/// directory, the absolute path elsewhere.
pub struct PathDisplay {
    cwd: Option<PathBuf>,
}

impl PathDisplay {
    pub fn from_current_dir() -> PathDisplay {
        PathDisplay {
            cwd: std::env::current_dir().ok(),
        }
    }

    pub fn show(&self, path: &Path) -> String {
        if let Some(rel) = self
            .cwd
            .as_deref()
            .and_then(|cwd| path.strip_prefix(cwd).ok())
        {
            if !rel.as_os_str().is_empty() {
                return format!("./{}", rel.display());
            }
        }
        path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_working_directory_are_dot_relative() {
        let display = PathDisplay {
            cwd: Some(PathBuf::from("/home/me/mod")),
        };
        assert_eq!(display.show(Path::new("/home/me/mod/a/b.go")), "./a/b.go");
        assert_eq!(
            display.show(Path::new("/usr/local/go/src/fmt/print.go")),
            "/usr/local/go/src/fmt/print.go"
        );
        assert_eq!(
            display.show(Path::new("/home/me/module/x.go")),
            "/home/me/module/x.go"
        );
    }
}
