//! What the inliner's tests share: goescape's verdict lines through the
//! whole pipeline, gc's parsed, Go's presence, snapshot files.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use goescape_errorcheck::gcdiff::{split_position, BuildOutput};
use goescape_escape::{Level, Options};
use goescape_pipeline::{GcFlags, Packages, Pipeline, Settings};
use goescape_report::paths::PathDisplay;

/// What gc decided on one function: its cost, or why not.
pub type Decision = Result<u32, String>;

/// (package, position, function) → decision.
pub type Verdicts = BTreeMap<(String, String, String), Decision>;

/// The verdict lines of a build's output.
pub fn verdicts(output: &BuildOutput) -> Verdicts {
    let mut out = Verdicts::new();
    for (package, lines) in &output.packages {
        for line in lines {
            let Some((pos, text)) = split_position(line) else {
                continue;
            };
            if let Some((name, decision)) = parse_verdict(text) {
                out.insert((package.clone(), pos.to_owned(), name), decision);
            }
        }
    }
    out
}

/// `can inline F with cost N[ as: ...]` or `cannot inline F: reason`
/// (not gc's call-site `cannot inline F into G: ...`).
pub fn parse_verdict(text: &str) -> Option<(String, Decision)> {
    if let Some(rest) = text.strip_prefix("can inline ") {
        let (name, cost) = rest.split_once(" with cost ")?;
        let cost = cost.split(' ').next()?.parse().ok()?;
        return Some((name.to_owned(), Ok(cost)));
    }
    let rest = text.strip_prefix("cannot inline ")?;
    let (name, reason) = rest.split_once(": ")?;
    if name.contains(" into ") {
        return None;
    }
    Some((name.to_owned(), Err(reason.to_owned())))
}

/// goescape's lines at `-m=2` with inlining for the packages `patterns`
/// match in `dir`, configured as `run_go_build` configures the go command
/// (cgo off, GOFLAGS unset), files named as go build names them.
pub fn ours(dir: &Path, patterns: &[&str]) -> BuildOutput {
    let env = |name: &str| match name {
        "CGO_ENABLED" => Some("0".to_owned()),
        "GOFLAGS" => None,
        _ => std::env::var(name).ok(),
    };
    let dir = std::fs::canonicalize(dir).expect("directory");
    let mut settings = Settings::from_lookup(&env, dir.clone()).expect("settings");
    settings.gcflags = vec![GcFlags {
        packages: Packages::Named,
        analysis: Options {
            level: Level::Explained,
            ..Default::default()
        },
        no_inline: false,
        records: None,
    }];
    let pipeline = Pipeline::new(settings).expect("pipeline");
    let analysis = pipeline.analyze(patterns).expect("analysis");
    let display = PathDisplay::new(dir);
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let graph = &analysis.checked.graph;
    BuildOutput {
        packages: graph
            .roots
            .iter()
            .map(|&node| {
                let lines = goescape_report::gc::package_lines(&analysis, node, &name);
                (graph.nodes[node].package.import_path().to_owned(), lines)
            })
            .collect(),
    }
}

/// Whether Go is installed; when not, panics if GOESCAPE_REQUIRE_GO is set
/// and otherwise prints why the test skips.
pub fn go_present() -> bool {
    if Command::new("go").arg("version").output().is_ok() {
        return true;
    }
    if std::env::var_os("GOESCAPE_REQUIRE_GO").is_some() {
        panic!("GOESCAPE_REQUIRE_GO is set but go is not installed");
    }
    println!("skipping: go is not installed");
    false
}

/// `go version`, the first line of a snapshot.
#[allow(dead_code)]
pub fn go_version() -> String {
    let out = Command::new("go")
        .arg("version")
        .output()
        .expect("go version");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
