//! What the binary's end-to-end tests share.
#![allow(dead_code)] // each test crate uses its own part

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

/// The goescape binary, with its cache in the tests' own directory (never
/// the user's).
pub fn goescape_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_goescape"));
    command.env(
        "GOESCAPECACHE",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("goescape-cache"),
    );
    command
}

pub fn goescape(args: &[&str], dir: &Path) -> Output {
    goescape_command()
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
