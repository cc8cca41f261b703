//! goescape against `go build -a -gcflags='-m -l' std` under other build
//! settings than gc_differential's (amd64, cgo off): a 32-bit target, an
//! arm64 cross build, and the default environment, where cgo is on for a
//! native build with a C compiler. Both tools get the same environment.
//! Figures go to tests/snapshots/std_m_<setting>.snap (rewritten with
//! GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! With cgo, gc also compiles the Go files cgo generates in the build's
//! work directory: its messages there (`_cgo_gotypes.go:…`, the `_Cfunc_`
//! wrappers and cgo's runtime hooks) have no position in the package's
//! source, and goescape, which does not run cgo, has no such files. They
//! are left out of the reference and counted in the snapshot's header.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set; the cgo setting also when the go command
//! would not turn cgo on here (no C compiler), again unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use goescape_errorcheck::gcdiff::{compare, run_go_build, split_position, BuildOutput};
use goescape_report::paths::PathDisplay;

#[test]
fn std_for_386_without_cgo() {
    std_with(&[("GOARCH", "386"), ("CGO_ENABLED", "0")], "386");
}

#[test]
fn std_for_arm64_without_cgo() {
    std_with(&[("GOARCH", "arm64"), ("CGO_ENABLED", "0")], "arm64");
}

/// CGO_ENABLED empty counts as unset for the go command and for goescape.
#[test]
fn std_native_with_default_cgo() {
    let settings = [("CGO_ENABLED", "")];
    if support::goroot_required().is_none() {
        return;
    }
    if go_env(&settings, "CGO_ENABLED") != "1" {
        let why = "the go command would build with cgo off here (no C compiler?)";
        // CI installs a C compiler: there this setting is never skipped.
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set but {why}"
        );
        println!("skipping: {why}");
        return;
    }
    std_with(&settings, "cgo");
}

fn std_with(settings: &[(&str, &str)], name: &str) {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (reference, _) =
        run_go_build(dir.path(), "-m -l", &["std"], settings).expect("go build -a std");
    let (reference, generated) = without_generated_files(reference);
    let comparison = compare(&reference, &ours(dir.path(), settings));
    let shown: Vec<String> = settings.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let text = format!(
        "# goescape -m -l std against go build -a -gcflags='-m -l' std, with {} \
         (GOOS={} GOARCH={} CGO_ENABLED={})\n\
         # left out of the reference: {generated} lines in files cgo generated\n{comparison}",
        shown.join(" "),
        go_env(settings, "GOOS"),
        go_env(settings, "GOARCH"),
        go_env(settings, "CGO_ENABLED"),
    );
    print!("{text}");
    support::compare_snapshot(
        Path::new(&format!("tests/snapshots/std_m_{name}.snap")),
        &text,
    );
}

/// goescape's output for std with `settings`, as go build names files.
fn ours(dir: &Path, settings: &[(&str, &str)]) -> BuildOutput {
    let options = goescape_escape::Options {
        level: goescape_escape::Level::Verdicts,
        ..Default::default()
    };
    let display = PathDisplay::new(std::fs::canonicalize(dir).expect("directory"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let env = support::go_build_env(settings);
    let packages =
        support::goescape_packages_in(&env, dir, &["std"], options, &name).expect("goescape");
    BuildOutput {
        packages: packages
            .into_iter()
            .filter(|(_, lines)| !lines.is_empty())
            .collect::<BTreeMap<_, _>>(),
    }
}

/// The output without the lines positioned in files cgo generated (named
/// bare, as the go command names files of its work directory:
/// `_cgo_gotypes.go`), and how many there were.
fn without_generated_files(mut output: BuildOutput) -> (BuildOutput, usize) {
    let mut dropped = 0;
    for lines in output.packages.values_mut() {
        let before = lines.len();
        lines.retain(|line| {
            !split_position(line).is_some_and(|(position, _)| position.starts_with("_cgo_"))
        });
        dropped += before - lines.len();
    }
    (output, dropped)
}

/// `go env NAME` in the environment run_go_build gives the go command.
fn go_env(settings: &[(&str, &str)], name: &str) -> String {
    let mut command = Command::new("go");
    command
        .args(["env", name])
        .env("CGO_ENABLED", "0")
        .env_remove("GOFLAGS");
    for (key, value) in settings {
        command.env(key, value);
    }
    let out = command.output().expect("go env");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
