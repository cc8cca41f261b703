//! Validates the harness against the real compiler: gc's own `-m` output
//! must pass (nearly) every selected test of $GOROOT/test, which proves the
//! selection, annotation reading and matching right. The figures go to
//! tests/snapshots/gc_selftest.snap (rewritten with
//! GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! Skipped, with a printed reason, when Go or $GOROOT/test is absent,
//! unless GOESCAPE_REQUIRE_GO is set.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use goescape_errorcheck::{check, select_tests, Platform, Summary, TestFile};
use rayon::prelude::*;

/// Selected tests that gc itself fails, with the reason. Empty: gc passes
/// them all, as it does in Go's own test run.
const GC_FAILURES: &[(&str, &str)] = &[];

const SNAPSHOT: &str = "tests/snapshots/gc_selftest.snap";

/// What the test needs from the Go installation.
struct Toolchain {
    goroot: PathBuf,
    compiler: PathBuf,
    /// The toolchain's GOEXPERIMENT and GODEBUG, which header options
    /// extend.
    goexperiment: String,
    godebug: String,
}

impl Toolchain {
    /// The toolchain on PATH, or why there is none to test with.
    fn find() -> Result<Toolchain, String> {
        let output = go_command()
            .args(["env", "GOROOT", "GOTOOLDIR", "GOEXPERIMENT", "GODEBUG"])
            .output()
            .map_err(|err| format!("cannot run go: {err}"))?;
        if !output.status.success() {
            return Err(format!(
                "go env failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let mut values = stdout.lines().map(str::to_string);
        let mut next = || values.next().unwrap_or_default();
        let (goroot, tooldir) = (PathBuf::from(next()), PathBuf::from(next()));
        if !goroot.join("test").is_dir() {
            return Err(format!("{}/test is absent", goroot.display()));
        }
        Ok(Toolchain {
            goroot,
            compiler: tooldir.join("compile"),
            goexperiment: next(),
            godebug: next(),
        })
    }

    /// Export data of the standard library, as Go's harness gives the
    /// compiler (`go list -export std`).
    fn write_std_importcfg(&self, path: &Path) {
        let output = go_command()
            .args([
                "list",
                "-export",
                "-f",
                "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}",
                "std",
            ])
            .output()
            .expect("run go list");
        assert!(
            output.status.success(),
            "go list -export std failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        fs::write(path, &output.stdout).expect("write importcfg");
    }

    /// Compiles `test` as Go's harness does for an `errorcheck` recipe —
    /// `go tool compile -p=p -d=panic -C -e -importcfg=… -o a.o FLAGS
    /// FILE` with `ssa/check/on` added to the `-d` flags, in a fresh
    /// directory — and returns whether it succeeded and its output. The
    /// compile binary is run directly (what `go tool compile` execs).
    fn compile(&self, test: &TestFile, importcfg: &Path, work_dir: &Path) -> (bool, String) {
        let mut flags = test.flags().to_vec();
        match flags.iter_mut().find(|flag| flag.starts_with("-d=")) {
            Some(debug) => debug.push_str(",ssa/check/on"),
            None => flags.push("-d=ssa/check/on".to_string()),
        }
        let mut command = Command::new(&self.compiler);
        command
            .current_dir(work_dir)
            .args(["-p=p", "-d=panic", "-C", "-e"])
            .arg(format!("-importcfg={}", importcfg.display()))
            // Never /dev/null: the compiler removes its output on failure.
            .args(["-o", "a.o"])
            .args(&flags)
            .arg(&test.path)
            .env("GOENV", "off")
            .env("GOFLAGS", "")
            .env("PWD", work_dir);
        let header = &test.header;
        if !header.goexperiments.is_empty() {
            command.env(
                "GOEXPERIMENT",
                extend_list(&self.goexperiment, &header.goexperiments),
            );
        }
        if !header.godebugs.is_empty() {
            command.env("GODEBUG", extend_list(&self.godebug, &header.godebugs));
        }
        let output = command.output().expect("run the compiler");
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    }
}

fn go_command() -> Command {
    let mut command = Command::new("go");
    command.env("GOENV", "off").env("GOFLAGS", "");
    command
}

/// `base` (a comma-separated setting) with `additions` appended.
fn extend_list(base: &str, additions: &[String]) -> String {
    let mut items: Vec<&str> = base.split(',').filter(|item| !item.is_empty()).collect();
    items.extend(additions.iter().map(String::as_str));
    items.join(",")
}

/// Compiles `test` with gc and returns its output, or why the compilation
/// itself is wrong (crash, unexpected exit status).
fn run_gc(
    toolchain: &Toolchain,
    test: &TestFile,
    importcfg: &Path,
    scratch: &Path,
) -> Result<String, String> {
    let work_dir = scratch.join(test.name.replace('/', "_"));
    fs::create_dir_all(&work_dir).expect("create work directory");
    let (succeeded, output) = toolchain.compile(test, importcfg, &work_dir);
    let first_line = || output.lines().next().unwrap_or_default().to_string();
    if output.contains("internal compiler error") {
        return Err(format!("compiler crashed: {}", first_line()));
    }
    match (test.header.expects_compile_error, succeeded) {
        (true, true) => Err("compilation succeeded unexpectedly".into()),
        (false, false) => Err(format!("compilation failed: {}", first_line())),
        _ => Ok(output),
    }
}

/// Negative controls showing the matcher is not vacuous for `test`: with
/// no messages an annotated file must fail, and an extra message on an
/// annotated line must be left over. Returns the controls that wrongly
/// passed.
fn controls_that_passed(test: &TestFile, output: &str) -> Vec<&'static str> {
    let mut passed = Vec::new();
    if !test.wanted.is_empty() && check(test, std::iter::empty::<&str>()).passed() {
        passed.push("no messages");
    }
    // Some patterns are deliberately lax (`"."`): pick a line where the
    // control message matches none.
    let control_text = "goescape-errorcheck control";
    let annotated_line = test
        .wanted
        .iter()
        .filter(|wanted| !wanted.autogenerated)
        .map(|wanted| wanted.line)
        .find(|&line| {
            !test
                .wanted
                .iter()
                .any(|wanted| wanted.line == line && wanted.regex.is_match(control_text))
        });
    if let Some(line) = annotated_line {
        let extra = format!("{}:{line}: {control_text}", test.path.display());
        if check(test, output.lines().chain([extra.as_str()])).passed() {
            passed.push("extra message");
        }
    }
    passed
}

#[test]
fn gc_passes_the_selected_errorcheck_tests() {
    let toolchain = match Toolchain::find() {
        Ok(toolchain) => toolchain,
        Err(why) if std::env::var_os("GOESCAPE_REQUIRE_GO").is_some() => {
            panic!("GOESCAPE_REQUIRE_GO is set but {why}")
        }
        Err(why) => {
            println!("skipping the gc self-test: {why}");
            return;
        }
    };
    let started = Instant::now();
    let platform = Platform::from_env(&toolchain.goroot).expect("platform");
    let selection = select_tests(&toolchain.goroot, &platform).expect("select tests");
    let scratch = tempfile::tempdir().expect("temporary directory");
    let importcfg = scratch.path().join("importcfg");
    toolchain.write_std_importcfg(&importcfg);

    let results: Vec<Result<String, String>> = selection
        .files
        .par_iter()
        .map(|test| run_gc(&toolchain, test, &importcfg, scratch.path()))
        .collect();
    let mut summary = Summary::new(&selection, "gc");
    let mut vacuous = Vec::new();
    for (test, result) in selection.files.iter().zip(results) {
        match result {
            Ok(output) => {
                summary.record(test, &check(test, output.lines()));
                for control in controls_that_passed(test, &output) {
                    vacuous.push(format!("{}: {control}", test.name));
                }
            }
            Err(reason) => summary.record_failure(test, reason),
        }
    }
    println!(
        "gc self-test: {}/{} files passed in {:.1?}",
        summary.passed(),
        selection.files.len(),
        started.elapsed()
    );
    assert!(vacuous.is_empty(), "negative controls passed: {vacuous:#?}");

    compare_snapshot(&summary.render());
    let mut failing: Vec<&str> = summary
        .failing
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    failing.sort();
    let mut expected: Vec<&str> = GC_FAILURES.iter().map(|(name, _)| *name).collect();
    expected.sort();
    assert_eq!(failing, expected, "gc failures:\n{:#?}", summary.failing);
}

/// Compares `rendered` with the snapshot file, or rewrites the file when
/// GOESCAPE_UPDATE_SNAPSHOTS=1.
fn compare_snapshot(rendered: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var("GOESCAPE_UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        fs::write(&path, rendered).expect("write snapshot");
        return;
    }
    let stored = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == rendered,
        "{} differs (GOESCAPE_UPDATE_SNAPSHOTS=1 rewrites it); now:\n{rendered}",
        path.display()
    );
}
