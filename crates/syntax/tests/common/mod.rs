//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `$GOROOT`, or `go env GOROOT`; `None` (with the reason printed) if Go is
/// not available and GOESCAPE_REQUIRE_GO is unset.
pub fn goroot() -> Option<PathBuf> {
    let root = std::env::var_os("GOROOT")
        .map(PathBuf::from)
        .or_else(|| {
            let out = std::process::Command::new("go")
                .args(["env", "GOROOT"])
                .output()
                .ok()?;
            let root = String::from_utf8(out.stdout).ok()?;
            Some(PathBuf::from(root.trim()))
        })
        .filter(|root| root.join("src").is_dir());
    if root.is_none() {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set but no Go installation was found"
        );
        eprintln!("skipped: no Go installation found (set GOROOT or put go on PATH)");
    }
    root
}

/// The `.go` files under `dir`, sorted, optionally skipping `testdata`
/// directories.
#[allow(dead_code)] // not every test binary uses every helper
pub fn go_files(dir: &Path, skip_testdata: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, skip_testdata, &mut out);
    out
}

fn collect(dir: &Path, skip_testdata: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if !(skip_testdata && path.file_name().is_some_and(|n| n == "testdata")) {
                collect(&path, skip_testdata, out);
            }
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}
