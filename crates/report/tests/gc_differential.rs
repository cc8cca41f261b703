//! goescape against `go build -a -gcflags='-m -l'` line for line (as
//! multisets per package): on all of std, and on the fixtures module
//! (fixtures/escape, whose gc output at -m and -m=2 is recorded there).
//! Figures go to tests/snapshots/std_m.snap and fixtures_m*.snap
//! (rewritten with GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use goescape_errorcheck::gcdiff::{compare, parse_build_output, run_go_build, BuildOutput};
use goescape_report::paths::PathDisplay;

/// goescape's output for `patterns` run in `dir`, as go build names files.
fn ours(dir: &Path, patterns: &[&str], level: u8) -> BuildOutput {
    let options = goescape_escape::Options {
        level: goescape_escape::Level::from_m(level),
        ..Default::default()
    };
    let display = PathDisplay::new(std::fs::canonicalize(dir).expect("directory"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let packages = support::goescape_packages(dir, patterns, options, &name).expect("goescape");
    BuildOutput {
        packages: packages
            .into_iter()
            .filter(|(_, lines)| !lines.is_empty())
            .collect::<BTreeMap<_, _>>(),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/escape")
}

#[test]
fn std_at_m_l() {
    std_at_level(1, "tests/snapshots/std_m.snap");
}

/// The explanations too: every `flow:` and `from ... at` line of std.
#[test]
fn std_at_m2_l() {
    std_at_level(2, "tests/snapshots/std_m2.snap");
}

fn std_at_level(level: u8, snapshot: &str) {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let flags = match level {
        1 => "-m -l".to_owned(),
        _ => format!("-m={level} -l"),
    };
    let (reference, _) = run_go_build(dir.path(), &flags, &["std"], &[]).expect("go build -a std");
    let comparison = compare(&reference, &ours(dir.path(), &["std"], level));
    let text =
        format!("# goescape {flags} std against go build -a -gcflags='{flags}' std\n{comparison}");
    print!("{text}");
    support::compare_snapshot(Path::new(snapshot), &text);
}

#[test]
fn fixtures_at_m_l_and_m2_l() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = fixtures();
    for (level, golden, snapshot) in [
        (1, "gc-m-l.txt", "tests/snapshots/fixtures_m.snap"),
        (2, "gc-m2-l.txt", "tests/snapshots/fixtures_m2.snap"),
    ] {
        let recorded = std::fs::read_to_string(dir.join(golden)).expect("golden");
        let reference = parse_build_output(&recorded);
        let comparison = compare(&reference, &ours(&dir, &["./..."], level));
        let text =
            format!("# goescape -m={level} -l against fixtures/escape/{golden}\n{comparison}");
        print!("{text}");
        support::compare_snapshot(Path::new(snapshot), &text);
    }
}
