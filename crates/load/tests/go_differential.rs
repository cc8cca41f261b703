//! Differential tests: the loader's file selection and imports against
//! `go list`, for every standard-library package and for fixture modules.

mod common;

use common::{differences, fixture, go_available, go_list, listed, loader, Listed};

/// Loads `patterns` both ways in `dir` and asserts they agree.
fn assert_same_as_go_list(dir: &std::path::Path, tags: &[&str], patterns: &[&str]) -> usize {
    assert_same_as_go_list_with(dir, &[], tags, patterns)
}

/// Like [`assert_same_as_go_list`], with extra environment settings.
fn assert_same_as_go_list_with(
    dir: &std::path::Path,
    env: &[(&str, &str)],
    tags: &[&str],
    patterns: &[&str],
) -> usize {
    let expected = go_list(dir, env, tags, patterns);
    let loader = loader(dir, env, tags, true);
    let packages = loader.load_patterns(patterns).expect("load patterns");
    let actual: Vec<Listed> = packages.iter().map(|p| listed(&loader, p)).collect();
    let problems = differences(&expected, &actual);
    for problem in &problems {
        eprintln!("{problem}");
    }
    assert!(
        problems.is_empty(),
        "{} differences with go list over {} packages (see above)",
        problems.len(),
        expected.len()
    );
    expected.len()
}

#[test]
fn std_matches_go_list() {
    if !go_available("std_matches_go_list") {
        return;
    }
    // Outside any module, so only GOROOT is involved.
    let dir = std::env::temp_dir();
    let compared = assert_same_as_go_list(&dir, &[], &["std"]);
    eprintln!("std: {compared} packages compared, all equal");
    assert!(
        compared > 300,
        "go list std listed only {compared} packages"
    );
}

#[test]
fn std_matches_go_list_on_other_platforms() {
    if !go_available("std_matches_go_list_on_other_platforms") {
        return;
    }
    let platforms: &[&[(&str, &str)]] = &[
        &[("GOOS", "windows"), ("GOARCH", "amd64"), ("GOAMD64", "v3")],
        &[("GOOS", "darwin"), ("GOARCH", "arm64")],
        &[("GOOS", "js"), ("GOARCH", "wasm")],
        &[("GOOS", "wasip1"), ("GOARCH", "wasm")],
        &[("GOOS", "linux"), ("GOARCH", "386"), ("GO386", "softfloat")],
        &[("GOOS", "linux"), ("GOARCH", "arm"), ("GOARM", "6")],
        &[("GOOS", "android"), ("GOARCH", "arm64")],
        &[("GOOS", "illumos"), ("GOARCH", "amd64")],
        &[("GOOS", "plan9"), ("GOARCH", "amd64")],
        &[("GOOS", "linux"), ("GOARCH", "amd64"), ("CGO_ENABLED", "1")],
        &[("GOEXPERIMENT", "noregabi,boringcrypto,arenas")],
    ];
    for env in platforms {
        let compared =
            assert_same_as_go_list_with(&std::env::temp_dir(), env, &["netgo", "purego"], &["std"]);
        eprintln!("std with {env:?}: {compared} packages compared, all equal");
    }
}

#[test]
fn cmd_matches_go_list() {
    if !go_available("cmd_matches_go_list") {
        return;
    }
    let compared = assert_same_as_go_list(&std::env::temp_dir(), &[], &["cmd"]);
    eprintln!("cmd: {compared} packages compared, all equal");
}

#[test]
fn tool_tags_match_go_list() {
    if !go_available("tool_tags_match_go_list") {
        return;
    }
    let dir = std::env::temp_dir();
    let settings: &[&[(&str, &str)]] = &[
        &[],
        &[
            ("GOARCH", "amd64"),
            ("GOAMD64", "v4"),
            ("GOEXPERIMENT", "none,arenas"),
        ],
        &[("GOARCH", "arm64"), ("GOARM64", "v9.3,crypto")],
        &[("GOARCH", "arm"), ("GOARM", "5")],
        &[("GOARCH", "ppc64le"), ("GOPPC64", "power10")],
        &[("GOARCH", "riscv64"), ("GORISCV64", "rva22u64")],
        &[("GOARCH", "mips64le"), ("GOMIPS64", "softfloat")],
        &[("GOARCH", "s390x"), ("GOEXPERIMENT", "noregabi")],
        &[("GOOS", "darwin"), ("GOARCH", "arm64")],
        &[("GOOS", "aix"), ("GOARCH", "ppc64")],
    ];
    for env in settings {
        let output = std::process::Command::new("go")
            .current_dir(&dir)
            .envs(common::GO_ENV.iter().chain(env.iter()).copied())
            .args([
                "list",
                "-f",
                "{{join context.ToolTags \" \"}}|{{join context.ReleaseTags \" \"}}",
                "runtime",
            ])
            .output()
            .expect("run go list");
        let stdout = String::from_utf8(output.stdout).expect("utf-8");
        let (tool, release) = stdout.trim().split_once('|').expect("two fields");
        let context = loader(&dir, env, &[], false).build_context().clone();
        let mut want: Vec<&str> = tool.split_whitespace().collect();
        let mut got: Vec<&str> = context.tool_tags.iter().map(String::as_str).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "tool tags with {env:?}");
        assert_eq!(context.release_tags.join(" "), release);
    }
}

#[test]
fn fixture_module_matches_go_list() {
    if !go_available("fixture_module_matches_go_list") {
        return;
    }
    let dir = fixture("modfix");
    let patterns = [
        "./...",
        "example.com/localdep/...",
        "example.com/modfix/lib",
    ];
    assert_same_as_go_list(&dir, &[], &patterns);
    assert_same_as_go_list(&dir, &["customtag"], &patterns);
}

#[test]
fn vendored_module_matches_go_list() {
    if !go_available("vendored_module_matches_go_list") {
        return;
    }
    let dir = fixture("vendfix");
    assert_same_as_go_list(
        &dir,
        &[],
        &["./...", "example.com/vdep/...", "example.com/vdep"],
    );
}

/// The import graph holds exactly the packages `go list -deps` prints.
fn assert_graph_matches_go_list_deps(dir: &std::path::Path, patterns: &[&str]) -> usize {
    let output = std::process::Command::new("go")
        .current_dir(dir)
        .envs(common::GO_ENV.iter().copied())
        .args(["list", "-e", "-deps", "-pgo=off"])
        .args(patterns)
        .output()
        .expect("run go list");
    let mut expected: Vec<String> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(String::from)
        .collect();
    expected.sort();
    let graph = loader(dir, &[], &[], false)
        .load_graph(patterns)
        .expect("graph");
    let mut actual: Vec<String> = graph
        .nodes
        .iter()
        .map(|n| n.package.import_path().to_string())
        .collect();
    actual.sort();
    assert_eq!(
        actual, expected,
        "packages of the import graph of {patterns:?}"
    );
    for node in &graph.nodes {
        for edge in &node.imports {
            assert!(
                !matches!(edge.target, goescape_load::ImportTarget::Unresolved(_)),
                "{} imports {}: {:?}",
                node.package.import_path(),
                edge.path,
                edge.target
            );
        }
    }
    actual.len()
}

#[test]
fn graph_matches_go_list_deps() {
    if !go_available("graph_matches_go_list_deps") {
        return;
    }
    let tmp = std::env::temp_dir();
    let count = assert_graph_matches_go_list_deps(&tmp, &["std"]);
    eprintln!("std -deps: {count} packages");
    let count = assert_graph_matches_go_list_deps(&tmp, &["cmd/go", "net/http"]);
    eprintln!("cmd/go net/http -deps: {count} packages");
    assert_graph_matches_go_list_deps(&fixture("modfix"), &["./..."]);
    assert_graph_matches_go_list_deps(&fixture("vendfix"), &["./..."]);
}
