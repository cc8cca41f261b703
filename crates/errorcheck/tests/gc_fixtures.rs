//! The golden outputs of fixtures/escape are facts of the local toolchain:
//! re-running `go build -a -gcflags='-m -l' ./...` (and `-m=2 -l`) there
//! must print exactly the recorded lines (as a multiset per package, since
//! the go command finishes packages in varying order), and every package
//! of the module must have a non-empty section.
//!
//! Regenerate the goldens in fixtures/escape with
//! `go build -a -gcflags='-m -l' ./... 2> gc-m-l.txt` and
//! `go build -a -gcflags='-m=2 -l' ./... 2> gc-m2-l.txt`.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_errorcheck::gcdiff::{compare, parse_build_output, run_go_build, BuildOutput};

const MODULE: &str = "goescape.test/escape";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/escape")
}

/// Whether a `go` command runs; if not, prints why the test is skipped,
/// or fails when GOESCAPE_REQUIRE_GO is set.
fn have_go(test: &str) -> bool {
    let works = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !works {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "{test}: GOESCAPE_REQUIRE_GO is set but no `go` command was found"
        );
        println!(
            "{test}: skipped: no `go` command found (set GOESCAPE_REQUIRE_GO to fail instead)"
        );
    }
    works
}

/// The module's packages, by `go list`.
fn module_packages(dir: &Path) -> Vec<String> {
    let output = Command::new("go")
        .current_dir(dir)
        .args(["list", "./..."])
        .env_remove("GOFLAGS")
        .output()
        .expect("run go list");
    assert!(
        output.status.success(),
        "go list failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn golden(name: &str) -> BuildOutput {
    let path = fixtures().join(name);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|err| panic!("read {}: {err}", path.display()));
    parse_build_output(&text)
}

/// Builds the fixtures with `gcflags` and checks the output against
/// `golden_name` and the module's package list.
fn check_fixtures(test: &str, gcflags: &str, golden_name: &str) {
    if !have_go(test) {
        return;
    }
    let dir = fixtures();
    let (ours, raw) = run_go_build(&dir, gcflags, &["./..."], &[("GOENV", "off")])
        .unwrap_or_else(|err| panic!("{test}: {err}"));
    let reference = golden(golden_name);

    let packages = module_packages(&dir);
    assert!(packages.len() >= 6, "{test}: packages {packages:?}");
    for package in &packages {
        assert!(package.starts_with(MODULE), "{test}: {package}");
        for (name, output) in [("golden", &reference), ("this build", &ours)] {
            let lines = output.packages.get(package).map_or(0, Vec::len);
            assert!(lines > 0, "{test}: {name} has no lines for {package}");
        }
    }
    assert!(
        !ours.packages.contains_key(""),
        "{test}: lines outside any package:\n{raw}"
    );

    let comparison = compare(&reference, &ours);
    println!("{test}:\n{comparison}");
    assert!(
        comparison.missing.is_empty() && comparison.extra.is_empty(),
        "{test}: gc's output differs from fixtures/escape/{golden_name} \
         (regenerate it if the toolchain changed):\n{comparison}"
    );
    assert_eq!(comparison.totals.matched, reference.total_lines());
}

#[test]
fn fixtures_match_gc_m_l() {
    check_fixtures("gc -m -l", "-m -l", "gc-m-l.txt");
}

#[test]
fn fixtures_match_gc_m2_l() {
    check_fixtures("gc -m=2 -l", "-m=2 -l", "gc-m2-l.txt");
}
