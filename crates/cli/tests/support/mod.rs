//! What the CLI's end-to-end test binaries share: running the built
//! binary, and knowing whether Go is there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The loader needs a GOROOT; without Go these tests skip (printing why)
/// unless GOESCAPE_REQUIRE_GO demands it.
pub fn go_available() -> bool {
    let found = std::env::var_os("GOROOT").is_some()
        || Command::new("go")
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set but Go is not installed"
        );
        eprintln!("skipped: Go is not installed (no GOROOT, no go on PATH)");
    }
    found
}

pub fn goescape(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_goescape"))
        .args(args)
        .current_dir(dir)
        .env("GOFLAGS", "")
        .output()
        .expect("goescape runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
