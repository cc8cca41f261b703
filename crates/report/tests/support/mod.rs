//! What the report tests share: finding Go, running goescape's whole
//! pipeline on a pattern, and snapshot files.

use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_escape::Options;
use goescape_pipeline::{Analysis, GcFlags, Pipeline, Settings};

/// GOROOT when Go and its test directory are present; `None` (after
/// printing why) when they are not and GOESCAPE_REQUIRE_GO is unset.
#[allow(dead_code)]
pub fn goroot_with_tests() -> Option<PathBuf> {
    let why = match goroot() {
        Some(root) if root.join("test").is_dir() => return Some(root),
        Some(root) => format!("{}/test is absent", root.display()),
        None => "go is not installed".to_owned(),
    };
    skip(&why)
}

/// GOROOT when Go is present (see [`goroot_with_tests`]).
#[allow(dead_code)]
pub fn goroot_required() -> Option<PathBuf> {
    match goroot() {
        Some(root) => Some(root),
        None => skip("go is not installed"),
    }
}

fn skip<T>(why: &str) -> Option<T> {
    if std::env::var_os("GOESCAPE_REQUIRE_GO").is_some() {
        panic!("GOESCAPE_REQUIRE_GO is set but {why}");
    }
    println!("skipping: {why}");
    None
}

fn goroot() -> Option<PathBuf> {
    let out = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// The environment `run_go_build` gives the go command, with `settings`
/// on top: the process's, cgo off, GOFLAGS unset.
#[allow(dead_code)]
pub fn go_build_env<'a>(
    settings: &'a [(&'a str, &'a str)],
) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| match settings.iter().find(|(key, _)| *key == name) {
        Some((_, value)) => Some((*value).to_owned()),
        None if name == "CGO_ENABLED" => Some("0".to_owned()),
        None if name == "GOFLAGS" => None,
        None => std::env::var(name).ok(),
    }
}

/// goescape's lines at `options` for the packages `patterns` match (in
/// `dir`), per root package import path, files named as `name` says,
/// configured as `run_go_build` configures the go command.
#[allow(dead_code)]
pub fn goescape_packages(
    dir: &Path,
    patterns: &[&str],
    options: Options,
    name: &(dyn Fn(&Path, &Path) -> String + Sync),
) -> Result<Vec<(String, Vec<String>)>, String> {
    goescape_packages_in(&go_build_env(&[]), dir, patterns, options, name)
}

/// Like [`goescape_packages`], with gc's flags `flags` (inlining on when
/// they lack `-l`).
#[allow(dead_code)]
pub fn goescape_packages_with(
    dir: &Path,
    patterns: &[&str],
    flags: GcFlags,
    name: &(dyn Fn(&Path, &Path) -> String + Sync),
) -> Result<Vec<(String, Vec<String>)>, String> {
    let analysis = analyze_with(&go_build_env(&[]), dir, patterns, flags)?;
    Ok(root_lines(&analysis, name))
}

/// Like [`goescape_packages`], configured from the environment `env`.
#[allow(dead_code)]
pub fn goescape_packages_in(
    env: &dyn Fn(&str) -> Option<String>,
    dir: &Path,
    patterns: &[&str],
    options: Options,
    name: &(dyn Fn(&Path, &Path) -> String + Sync),
) -> Result<Vec<(String, Vec<String>)>, String> {
    let analysis = analyze_in(env, dir, patterns, options)?;
    Ok(root_lines(&analysis, name))
}

/// The lines of each root package of `analysis`, by import path.
fn root_lines(
    analysis: &Analysis,
    name: &(dyn Fn(&Path, &Path) -> String + Sync),
) -> Vec<(String, Vec<String>)> {
    let graph = &analysis.checked.graph;
    graph
        .roots
        .iter()
        .map(|&node| {
            let lines = goescape_report::gc::package_lines(analysis, node, name);
            (graph.nodes[node].package.import_path().to_owned(), lines)
        })
        .collect()
}

/// goescape's analysis at `options` of the packages `patterns` match (in
/// `dir`), configured from the environment `env`; an error when the
/// packages do not type-check.
#[allow(dead_code)]
pub fn analyze_in(
    env: &dyn Fn(&str) -> Option<String>,
    dir: &Path,
    patterns: &[&str],
    options: Options,
) -> Result<Analysis, String> {
    analyze_with(env, dir, patterns, GcFlags::named(options))
}

/// Like [`analyze_in`], with gc's flags `flags` for the named packages.
#[allow(dead_code)]
pub fn analyze_with(
    env: &dyn Fn(&str) -> Option<String>,
    dir: &Path,
    patterns: &[&str],
    flags: GcFlags,
) -> Result<Analysis, String> {
    let dir = std::fs::canonicalize(dir).map_err(|e| e.to_string())?;
    let mut settings = Settings::from_lookup(env, dir).map_err(|d| d.to_string())?;
    settings.gcflags = vec![flags];
    let pipeline = Pipeline::new(settings).map_err(|d| d.to_string())?;
    let analysis = pipeline.analyze(patterns).map_err(|d| d.to_string())?;
    if let Some((_, problems)) = analysis.checked.problems().next() {
        return Err(format!("type error: {}", problems[0]));
    }
    Ok(analysis)
}

/// goescape's lines for one Go file, named by its absolute path as the
/// compiler names the files it is given, at gc's flags `flags`.
#[allow(dead_code)]
pub fn goescape_lines(file: &Path, flags: GcFlags) -> Result<Vec<String>, String> {
    let dir = file.parent().unwrap_or(Path::new("/"));
    let pattern = file.to_string_lossy().into_owned();
    let absolute = |f: &Path, _: &Path| f.display().to_string();
    let packages = goescape_packages_with(dir, &[&pattern], flags, &absolute)?;
    Ok(packages.into_iter().flat_map(|(_, lines)| lines).collect())
}

#[allow(unused_imports)]
pub use goescape_errorcheck::gcdiff::compare_snapshot;
