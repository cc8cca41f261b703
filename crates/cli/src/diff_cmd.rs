//! `goescape diff REV1 REV2 [PATTERN...]`: the heap sites that appear or
//! disappear between two git revisions of the module in the current
//! directory. Each revision's tree is exported with `git archive` into a
//! temporary directory (the working tree and the repository are left
//! alone), both are analysed at `-m -l`, and their sites are compared by
//! the keys baselines use, so moved lines are no change. Results go to
//! stdout, `+` and `-` lines under a `# importpath` line per package;
//! the exit status is 0 whatever the difference, 1 when a revision does
//! not type-check, 2 when git fails or a revision is unknown.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use goescape_report::heap_sites::diff_lines;
use goescape_report::paths::PathDisplay;

use crate::args::DiffArgs;
use crate::check_cmd::{analyse, root_sites};
use crate::output::{errln, stdout};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &DiffArgs) -> u8 {
    match diff(args) {
        Ok(status) => status,
        Err(message) => {
            errln!("goescape: {message}");
            EXIT_USAGE
        }
    }
}

/// The diff's exit status, or why it could not be made.
fn diff(args: &DiffArgs) -> Result<u8, String> {
    setup::enter_work_dir(&args.load)?;
    let cwd =
        std::env::current_dir().map_err(|err| format!("finding the current directory: {err}"))?;
    // Where the current directory is within the repository, to run from
    // the same place in each exported tree.
    let prefix = git(&cwd, &["rev-parse", "--show-prefix"])?;
    // Run from a subdirectory, git archive would export only that.
    let top = PathBuf::from(git(&cwd, &["rev-parse", "--show-toplevel"])?.trim());
    let commits = [&args.old, &args.new].map(|rev| commit_of(&cwd, rev));
    let temp = tempfile::Builder::new()
        .prefix("goescape-diff-")
        .tempdir()
        .map_err(|err| format!("creating a temporary directory: {err}"))?;
    let mut sites = Vec::new();
    for (index, (rev, commit)) in [&args.old, &args.new].into_iter().zip(commits).enumerate() {
        let tree = temp.path().join(index.to_string());
        export(&top, &commit?, &tree)?;
        let work_dir = tree.join(prefix.trim().trim_end_matches('/'));
        // Problems name files as they are named in the checkout.
        let display = PathDisplay::new(work_dir.clone());
        let settings = setup::settings_in(&args.load, Some(work_dir))?;
        match analyse(settings, &args.load, &display) {
            Ok(analysis) if !analysis.checked.has_errors() => sites.push(root_sites(&analysis)),
            Ok(_) => {
                errln!("goescape: no diff: {rev} has errors");
                return Ok(EXIT_DIAGNOSTICS);
            }
            Err(status) => {
                errln!("goescape: no diff: {rev} could not be analysed");
                return Ok(status);
            }
        }
    }
    let mut text = String::new();
    for line in diff_lines(&sites[0], &sites[1]) {
        text.push_str(&line);
        text.push('\n');
    }
    stdout(&text);
    Ok(0)
}

/// The commit `rev` names in the repository of `dir`.
fn commit_of(dir: &Path, rev: &str) -> Result<String, String> {
    let spec = format!("{rev}^{{commit}}");
    git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .map(|commit| commit.trim().to_owned())
    .map_err(|_| format!("unknown revision {rev:?}"))
}

/// Writes the tree of `commit` of the repository whose top directory is
/// `top` into `dest` (created) with `git archive`, unpacked by `tar`.
fn export(top: &Path, commit: &str, dest: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dest).map_err(|err| format!("creating {}: {err}", dest.display()))?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["archive", "--format=tar", commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("running git: {err}"))?;
    let tar_input = archive
        .stdout
        .take()
        .ok_or_else(|| "git archive: no output".to_owned())?;
    let unpacked = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dest)
        .stdin(tar_input)
        .output()
        .map_err(|err| format!("running tar: {err}"))?;
    let archived = archive
        .wait_with_output()
        .map_err(|err| format!("running git: {err}"))?;
    if !archived.status.success() {
        return Err(format!(
            "git archive {commit}: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        ));
    }
    if !unpacked.status.success() {
        return Err(format!(
            "unpacking {commit}: {}",
            String::from_utf8_lossy(&unpacked.stderr).trim()
        ));
    }
    Ok(())
}

/// The standard output of `git ARGS` run in `dir`, or its error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| format!("running git: {err}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
