//! File names as the go command prints them in diagnostics.

use std::path::{Path, PathBuf};

/// Renders paths the way `go build` does: `./rel/path.go` below the working
/// directory, the absolute path elsewhere.
pub struct PathDisplay {
    cwd: Option<PathBuf>,
}

impl PathDisplay {
    /// Paths relative to `cwd`.
    pub fn new(cwd: PathBuf) -> PathDisplay {
        PathDisplay { cwd: Some(cwd) }
    }

    pub fn from_current_dir() -> PathDisplay {
        PathDisplay {
            cwd: std::env::current_dir().ok(),
        }
    }

    /// The directory paths are shown relative to, when known.
    pub fn current_dir(&self) -> Option<&Path> {
        self.cwd.as_deref()
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

impl PathDisplay {
    /// A file of the package in `dir` as `go build` prints compiler
    /// output: the package directory, or its nearest ancestor for which
    /// that is shorter, replaced by its path relative to the working
    /// directory (`.` for the working directory itself).
    pub fn show_as_go_build(&self, file: &Path, dir: &Path) -> String {
        let Some(cwd) = self.cwd.as_deref() else {
            return file.display().to_string();
        };
        let mut ancestor = Some(dir);
        while let Some(d) = ancestor {
            let rel = relative(cwd, d);
            let (rel_len, abs_len) = (rel.as_os_str().len(), d.as_os_str().len());
            if rel_len < abs_len {
                if let Ok(rest) = file.strip_prefix(d) {
                    return format!("{}/{}", rel.display(), rest.display());
                }
            }
            ancestor = d.parent();
        }
        file.display().to_string()
    }
}

/// `path` relative to `base` (both absolute), as Go's `filepath.Rel`.
fn relative(base: &Path, path: &Path) -> PathBuf {
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &p[common..] {
        rel.push(c);
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_build_shortens_the_package_directory_when_shorter() {
        let display = PathDisplay {
            cwd: Some(PathBuf::from("/home/me/mod")),
        };
        let show = |f: &str, d: &str| display.show_as_go_build(Path::new(f), Path::new(d));
        assert_eq!(show("/home/me/mod/x.go", "/home/me/mod"), "./x.go");
        assert_eq!(show("/home/me/mod/a/b.go", "/home/me/mod/a"), "a/b.go");
        assert_eq!(
            show("/usr/local/go/src/fmt/print.go", "/usr/local/go/src/fmt"),
            "/usr/local/go/src/fmt/print.go"
        );
        assert_eq!(
            show("/home/me/other/y.go", "/home/me/other"),
            "../other/y.go"
        );
    }

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
