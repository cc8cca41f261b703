//! goescape against `go build -a -gcflags='-m -l'` line for line (as
//! multisets per package): on all of std, and on the fixtures module
//! (fixtures/escape, whose gc output at -m and -m=2 is recorded there);
//! and on all of std and fixtures/inlined at default `-m` (inlining on:
//! escape and inlining lines). Figures go to tests/snapshots/std_m.snap, std_m_inlining.snap
//! and fixtures_m*.snap (rewritten with GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use goescape_errorcheck::gcdiff::{compare, parse_build_output, run_go_build, BuildOutput};
use goescape_pipeline::GcFlags;
use goescape_report::paths::PathDisplay;

/// goescape's output at `-m=level -l` for `patterns` run in `dir`, as go
/// build names files.
fn ours(dir: &Path, patterns: &[&str], level: u8) -> BuildOutput {
    ours_with(dir, patterns, level, true)
}

/// goescape's output at `-m=level`, with `-l` when `no_inline`.
fn ours_with(dir: &Path, patterns: &[&str], level: u8, no_inline: bool) -> BuildOutput {
    let flags = GcFlags {
        no_inline,
        ..GcFlags::named(goescape_escape::Options {
            level: goescape_escape::Level::from_m(level),
            ..Default::default()
        })
    };
    let display = PathDisplay::new(std::fs::canonicalize(dir).expect("directory"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let packages = support::goescape_packages_with(dir, patterns, flags, &name).expect("goescape");
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
    std_at(1, true, "tests/snapshots/std_m.snap");
}

/// The explanations too: every `flow:` and `from ... at` line of std.
#[test]
fn std_at_m2_l() {
    std_at(2, true, "tests/snapshots/std_m2.snap");
}

/// Default `-m`, inlining on: gc's `can inline` and `inlining call to`
/// lines, and escape analysis of functions with calls inlined.
#[test]
fn std_at_m() {
    std_at(1, false, "tests/snapshots/std_m_inlining.snap");
}

fn std_at(level: u8, no_inline: bool, snapshot: &str) {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let m = match level {
        1 => "-m".to_owned(),
        _ => format!("-m={level}"),
    };
    let flags = if no_inline { format!("{m} -l") } else { m };
    let (reference, _) = run_go_build(dir.path(), &flags, &["std"], &[]).expect("go build -a std");
    let ours = ours_with(dir.path(), &["std"], level, no_inline);
    let comparison = compare(&reference, &ours);
    let text =
        format!("# goescape {flags} std against go build -a -gcflags='{flags}' std\n{comparison}");
    print!("{text}");
    support::compare_snapshot(Path::new(snapshot), &text);
}

/// Default `-m` on fixtures/inlined, whose calls gc inlines, its own
/// functions' and imported ones': the escape lines of the copied bodies
/// are gc's (recorded in gc-m.txt there).
#[test]
fn inlined_fixtures_at_m() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/inlined");
    let recorded = std::fs::read_to_string(dir.join("gc-m.txt")).expect("golden");
    let reference = parse_build_output(&recorded);
    let comparison = compare(&reference, &ours_with(&dir, &["./..."], 1, false));
    let text = format!("# goescape -m against fixtures/inlined/gc-m.txt\n{comparison}");
    print!("{text}");
    support::compare_snapshot(Path::new("tests/snapshots/fixtures_inlined_m.snap"), &text);
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
