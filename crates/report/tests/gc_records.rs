//! gc's optimisation records (`-json=0,DIR`) against goescape's, file for
//! file and byte for byte, for the escape analysis's codes (`escape`,
//! `escapes`, `leak`; gc's other codes come from passes goescape does not
//! model and are left out of gc's files before comparing): on the fixtures
//! module (fixtures/escape) and on all of std. Figures go to
//! tests/snapshots/records_fixtures.snap and records_std.snap (rewritten
//! with GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use goescape_errorcheck::gcdiff::run_go_build;
use goescape_escape::{Level, Options};
use goescape_report::location::Locator;
use goescape_report::records::{self, Header};

/// The escape analysis's codes: the records goescape writes.
const ESCAPE_CODES: &[&str] = &["escape", "escapes", "leak"];

/// Record files by (package directory, file name), each its lines.
type RecordFiles = BTreeMap<(String, String), Vec<String>>;

/// gc's record files for `patterns` built in `dir`, keeping the header and
/// the escape codes' records; files left with a header only are dropped.
fn theirs(dir: &Path, patterns: &[&str]) -> RecordFiles {
    let out = tempfile::tempdir().expect("temp dir");
    let flags = format!("-json=0,{} -l", out.path().display());
    run_go_build(dir, &flags, patterns, &[]).expect("go build -json");
    let mut files = RecordFiles::new();
    for package in std::fs::read_dir(out.path()).expect("records directory") {
        let package = package.expect("directory entry");
        for file in std::fs::read_dir(package.path()).expect("package directory") {
            let file = file.expect("directory entry");
            let text = std::fs::read_to_string(file.path()).expect("record file");
            let lines: Vec<String> = text
                .lines()
                .enumerate()
                .filter(|(i, line)| *i == 0 || escape_code(line))
                .map(|(_, line)| line.to_owned())
                .collect();
            if lines.len() > 1 {
                let key = (
                    package.file_name().to_string_lossy().into_owned(),
                    file.file_name().to_string_lossy().into_owned(),
                );
                files.insert(key, lines);
            }
        }
    }
    files
}

fn escape_code(line: &str) -> bool {
    let record: serde_json::Value = serde_json::from_str(line).expect("a JSON record");
    record["code"]
        .as_str()
        .is_some_and(|code| ESCAPE_CODES.contains(&code))
}

/// goescape's record files for `patterns` in `dir`.
fn ours(dir: &Path, patterns: &[&str]) -> RecordFiles {
    let options = Options {
        level: Level::Recorded,
        ..Default::default()
    };
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, dir, patterns, options).expect("goescape");
    let [goos, goarch, gc_version] = go_env(["GOOS", "GOARCH", "GOVERSION"]);
    let unnamed = |file: &Path, _: &Path| file.display().to_string();
    let graph = &analysis.checked.graph;
    let mut files = RecordFiles::new();
    for &node in &graph.roots {
        let package = &graph.nodes[node].package;
        let report = &analysis.reports[node];
        let compiled = records::compiled_path(package.import_path(), &package.name);
        let header = Header {
            package: compiled,
            goos: &goos,
            goarch: &goarch,
            gc_version: &gc_version,
        };
        let locator = Locator::new(report, analysis.files(), &package.location.dir, &unnamed);
        let package_dir = records::package_dir_name(compiled);
        for file in records::files(&report.findings, &header, &locator) {
            let lines = file.text.lines().map(str::to_owned).collect();
            files.insert((package_dir.clone(), file.name), lines);
        }
    }
    files
}

fn go_env<const N: usize>(names: [&str; N]) -> [String; N] {
    let out = Command::new("go")
        .arg("env")
        .args(names)
        .env("CGO_ENABLED", "0")
        .output()
        .expect("go env");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let values: Vec<String> = text.lines().map(str::to_owned).collect();
    values.try_into().expect("one line per variable")
}

/// The figure and the differing files, as a snapshot's text.
fn compare(title: &str, theirs: &RecordFiles, ours: &RecordFiles) -> String {
    let mut keys: Vec<&(String, String)> = theirs.keys().chain(ours.keys()).collect();
    keys.sort();
    keys.dedup();
    let (mut identical, mut records, mut matched) = (0, 0, 0);
    let mut differing = String::new();
    for key in &keys {
        let (gc, us) = (theirs.get(*key), ours.get(*key));
        let (gc, us) = (
            gc.map_or(&[][..], Vec::as_slice),
            us.map_or(&[][..], Vec::as_slice),
        );
        // Records beyond the header line.
        let gc_records = gc.get(1..).unwrap_or_default();
        records += gc_records.len();
        matched += gc_records
            .iter()
            .filter(|record| us.contains(record))
            .count();
        if gc == us {
            identical += 1;
            continue;
        }
        let missing = gc_records.iter().filter(|r| !us.contains(r)).count();
        let extra = us
            .get(1..)
            .unwrap_or_default()
            .iter()
            .filter(|r| !gc.contains(r))
            .count();
        let reason = if missing == 0 && extra == 0 && gc.len() == us.len() {
            "order".to_owned()
        } else {
            format!("{missing} missing, {extra} extra")
        };
        let _ = writeln!(differing, "{}/{}: {reason}", key.0, key.1);
    }
    let percent = |n: usize, total: usize| 100.0 * n as f64 / total.max(1) as f64;
    format!(
        "# {title}\n{}\nfiles identical: {identical}/{} ({:.2}%)\nrecords matched: {matched}/{records} ({:.2}%)\n{differing}",
        go_env(["GOVERSION"])[0],
        keys.len(),
        percent(identical, keys.len()),
        percent(matched, records),
    )
}

#[test]
fn fixtures_records_match_gc() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/escape");
    let dir = std::fs::canonicalize(dir).expect("fixtures");
    let text = compare(
        "goescape's escape records of fixtures/escape against go build -a -gcflags='-json=0,DIR -l' ./...",
        &theirs(&dir, &["./..."]),
        &ours(&dir, &["./..."]),
    );
    print!("{text}");
    support::compare_snapshot(Path::new("tests/snapshots/records_fixtures.snap"), &text);
}

#[test]
fn std_records_match_gc() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let text = compare(
        "goescape's escape records against go build -a -gcflags='-json=0,DIR -l' std",
        &theirs(dir.path(), &["std"]),
        &ours(dir.path(), &["std"]),
    );
    print!("{text}");
    support::compare_snapshot(Path::new("tests/snapshots/records_std.snap"), &text);
}
