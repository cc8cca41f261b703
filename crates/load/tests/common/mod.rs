//! Helpers shared by the tests that compare against the go command.

use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_load::{Config, Loader, Package, Resolution};

/// Whether the go command can be used. Without it the test is skipped
/// (with a message), unless GOESCAPE_REQUIRE_GO is set: then it fails.
pub fn go_available(test: &str) -> bool {
    let works = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !works {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "{test}: the go command is not available but GOESCAPE_REQUIRE_GO is set"
        );
        eprintln!("{test}: skipped: the go command is not available (set GOESCAPE_REQUIRE_GO to fail instead)");
    }
    works
}

/// A fixture directory, with symbolic links resolved as the go command
/// resolves its working directory.
pub fn fixture(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    dir.canonicalize().expect("fixture directory")
}

/// The environment both sides run with: cgo off, no GOFLAGS or workspace
/// from the developer's setup, extra tags only as given. (`-pgo=off` keeps
/// go list from naming profile-guided variants of cmd's packages.)
pub const GO_ENV: &[(&str, &str)] = &[("CGO_ENABLED", "0"), ("GOFLAGS", ""), ("GOWORK", "off")];

/// A loader configured like `go list` run in `dir` with [`GO_ENV`] and
/// the extra environment `env`.
pub fn loader(dir: &Path, env: &[(&str, &str)], tags: &[&str], tests: bool) -> Loader {
    let lookup = |name: &str| match env.iter().chain(GO_ENV).find(|(key, _)| *key == name) {
        Some((_, value)) => Some(value.to_string()),
        None => std::env::var(name).ok(),
    };
    let mut config = Config::from_lookup(&lookup, dir.to_path_buf()).expect("config");
    config.tests = tests;
    config.build_tags = tags.iter().map(|t| t.to_string()).collect();
    Loader::new(config).expect("loader")
}

/// The fields of `go list` output that the loader reproduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub import_path: String,
    pub name: String,
    pub dir: String,
    pub module: String,
    pub go_files: Vec<String>,
    pub cgo_files: Vec<String>,
    pub ignored_go_files: Vec<String>,
    pub test_go_files: Vec<String>,
    pub xtest_go_files: Vec<String>,
    pub imports: Vec<String>,
    pub test_imports: Vec<String>,
    pub xtest_imports: Vec<String>,
}

const FIELDS: &[&str] = &[
    "{{.ImportPath}}",
    "{{.Name}}",
    "{{.Dir}}",
    "{{with .Module}}{{.Path}}@{{.GoVersion}}{{end}}",
    "{{join .GoFiles \" \"}}",
    "{{join .CgoFiles \" \"}}",
    "{{join .IgnoredGoFiles \" \"}}",
    "{{join .TestGoFiles \" \"}}",
    "{{join .XTestGoFiles \" \"}}",
    "{{join .Imports \" \"}}",
    "{{join .TestImports \" \"}}",
    "{{join .XTestImports \" \"}}",
];

/// Runs `go list -e` in `dir` (with the extra environment `env`) and
/// parses one record per package.
pub fn go_list(dir: &Path, env: &[(&str, &str)], tags: &[&str], patterns: &[&str]) -> Vec<Listed> {
    let format = FIELDS.join("\t");
    let tags = format!("-tags={}", tags.join(","));
    let output = Command::new("go")
        .current_dir(dir)
        .envs(GO_ENV.iter().chain(env).copied())
        .args(["list", "-e", "-pgo=off", &tags, "-f", &format])
        .args(patterns)
        .output()
        .expect("run go list");
    assert!(
        output.status.success(),
        "go list failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let list = |i: usize| {
                f[i].split_whitespace()
                    .map(String::from)
                    .collect::<Vec<_>>()
            };
            Listed {
                import_path: f[0].into(),
                name: f[1].into(),
                dir: f[2].into(),
                module: f[3].into(),
                go_files: list(4),
                cgo_files: list(5),
                ignored_go_files: list(6),
                test_go_files: list(7),
                xtest_go_files: list(8),
                imports: list(9),
                test_imports: list(10),
                xtest_imports: list(11),
            }
        })
        .collect()
}

/// Our package in `go list`'s terms: imports resolved to canonical paths
/// the way `go list` prints them.
pub fn listed(loader: &Loader, package: &Package) -> Listed {
    let resolve = |paths: &[String]| -> Vec<String> {
        paths
            .iter()
            .map(
                |path| match loader.resolve_import(Some(&package.location), path) {
                    Ok(Resolution::Package(location)) => location.import_path,
                    Ok(Resolution::Cgo) | Err(_) => path.clone(),
                },
            )
            .collect()
    };
    Listed {
        import_path: package.import_path().into(),
        name: package.name.clone(),
        dir: package.location.dir.display().to_string(),
        module: package
            .location
            .module
            .as_ref()
            .map(|m| format!("{}@{}", m.path, m.go_version.as_deref().unwrap_or("")))
            .unwrap_or_default(),
        go_files: package.go_files.clone(),
        cgo_files: package.cgo_files.clone(),
        ignored_go_files: package.ignored_go_files.clone(),
        test_go_files: package.test_go_files.clone(),
        xtest_go_files: package.xtest_go_files.clone(),
        // go list sorts Imports before resolving and the test lists after.
        imports: resolve(&package.imports),
        test_imports: sorted(resolve(&package.test_imports)),
        xtest_imports: sorted(resolve(&package.xtest_imports)),
    }
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

/// Compares both sides package by package; returns one line per difference.
pub fn differences(expected: &[Listed], actual: &[Listed]) -> Vec<String> {
    let mut problems = Vec::new();
    let expected_paths: Vec<&str> = expected.iter().map(|p| p.import_path.as_str()).collect();
    let actual_paths: Vec<&str> = actual.iter().map(|p| p.import_path.as_str()).collect();
    for path in &expected_paths {
        if !actual_paths.contains(path) {
            problems.push(format!("{path}: listed by go, missing here"));
        }
    }
    for path in &actual_paths {
        if !expected_paths.contains(path) {
            problems.push(format!("{path}: found here, not listed by go"));
        }
    }
    for want in expected {
        let Some(got) = actual.iter().find(|p| p.import_path == want.import_path) else {
            continue;
        };
        compare(&mut problems, want, got);
    }
    problems
}

fn compare(problems: &mut Vec<String>, want: &Listed, got: &Listed) {
    let path = &want.import_path;
    let mut check = |name: &str, want: String, got: String| {
        if want != got {
            problems.push(format!("{path}: {name}:\n\tgo:   {want}\n\there: {got}"));
        }
    };
    check("Name", want.name.clone(), got.name.clone());
    check("Dir", want.dir.clone(), got.dir.clone());
    check("Module", want.module.clone(), got.module.clone());
    let lists: [(&str, &Vec<String>, &Vec<String>); 8] = [
        ("GoFiles", &want.go_files, &got.go_files),
        ("CgoFiles", &want.cgo_files, &got.cgo_files),
        (
            "IgnoredGoFiles",
            &want.ignored_go_files,
            &got.ignored_go_files,
        ),
        ("TestGoFiles", &want.test_go_files, &got.test_go_files),
        ("XTestGoFiles", &want.xtest_go_files, &got.xtest_go_files),
        ("Imports", &want.imports, &got.imports),
        ("TestImports", &want.test_imports, &got.test_imports),
        ("XTestImports", &want.xtest_imports, &got.xtest_imports),
    ];
    for (name, want, got) in lists {
        check(name, want.join(" "), got.join(" "));
    }
}
