//! goescape against gc on real code: every package of each module the
//! corpus module (corpus/ at the repository root) requires directly,
//! `MODULE/...` as the go command matches it there, at `-m -l`. gc's
//! lines come from one `go build` of all the modules' patterns, goescape's
//! from one pipeline run; both are compared as multisets of lines per
//! package and summed per module. The figures, the modules goescape fails
//! on and the first differing lines of each module go to
//! tests/snapshots/corpus_m.snap (rewritten with
//! GOESCAPE_UPDATE_SNAPSHOTS=1).
//!
//! The modules must be in the module cache: `.ci/run` runs
//! `(cd corpus && go mod download)` first. The go command runs with
//! `GOPROXY=off`, so a missing module fails the test instead of being
//! downloaded, and with `CGO_ENABLED=0`: packages that only build with
//! cgo, or whose files are all for other platforms, match no files, and
//! the go command leaves them out of `MODULE/...` as it does for any
//! wildcard; goescape's loader does the same.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_errorcheck::gcdiff::{compare, parse_build_output, BuildOutput, Comparison};
use goescape_load::gomod::{GoMod, ModuleVersion};
use goescape_load::ImportTarget;
use goescape_pipeline::{Pipeline, Settings};
use goescape_report::paths::PathDisplay;

/// The go command's environment for both builds: the committed go.mod and
/// go.sum as they are (`-mod=mod` accepts a go.mod that `go mod tidy`
/// would shorten), no network, no cgo.
const GO_ENV: [(&str, &str); 4] = [
    ("GOFLAGS", "-mod=mod"),
    ("GOPROXY", "off"),
    ("CGO_ENABLED", "0"),
    ("GOTOOLCHAIN", "local"),
];

/// How many missing and how many extra lines the snapshot lists per module.
const LISTED_PER_MODULE: usize = 10;

fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    std::fs::canonicalize(dir).expect("corpus directory")
}

/// The modules measured: the corpus module's direct requirements.
fn corpus_modules(dir: &Path) -> Vec<ModuleVersion> {
    let path = dir.join("go.mod");
    let text = std::fs::read_to_string(&path).expect("corpus/go.mod");
    let go_mod = GoMod::parse(&path, &text).expect("corpus/go.mod parses");
    go_mod
        .require
        .into_iter()
        .filter(|require| !require.indirect)
        .map(|require| require.module)
        .collect()
}

/// The module of `modules` that provides package `import_path`: the one
/// with the longest path that is the package's path or a prefix of it.
fn module_of<'a>(modules: &'a [ModuleVersion], import_path: &str) -> Option<&'a ModuleVersion> {
    modules
        .iter()
        .filter(|module| {
            import_path
                .strip_prefix(module.path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .max_by_key(|module| module.path.len())
}

fn go_env(dir: &Path, name: &str) -> String {
    let output = Command::new("go")
        .current_dir(dir)
        .args(["env", name])
        .envs(GO_ENV)
        .output()
        .expect("go env");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// What `go build -gcflags=all=-l -gcflags='-m -l' PATTERNS` prints in
/// `dir`: `-m -l` for the packages the patterns match, and `-l` for their
/// dependencies too, because goescape computes every dependency's
/// parameter tags as gc does without inlining.
///
/// No `-a`: the go command replays a cached compilation's messages, so a
/// package compiled before with the same flags still prints them.
fn gc_output(dir: &Path, patterns: &[String]) -> BuildOutput {
    let output = Command::new("go")
        .current_dir(dir)
        .args(["build", "-gcflags=all=-l", "-gcflags=-m -l"])
        .args(patterns)
        .envs(GO_ENV)
        .output()
        .expect("run go build");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "go build in {} failed ({}); are the corpus modules downloaded \
         (`cd corpus && go mod download`)?\n{stderr}",
        dir.display(),
        output.status
    );
    parse_build_output(&stderr)
}

/// goescape's run over `patterns` in `dir`.
struct GoescapeRun {
    output: BuildOutput,
    /// Per root package that goescape could not analyse: the first
    /// diagnostic of the first package with problems among it and its
    /// dependencies.
    rejected: BTreeMap<String, String>,
}

/// goescape's lines for `patterns` in `dir`, as go build names files; an
/// error when the run as a whole fails (a pattern goescape cannot load).
fn goescape_output(dir: &Path, patterns: &[String]) -> Result<GoescapeRun, String> {
    let env = |name: &str| match GO_ENV.iter().find(|(key, _)| *key == name) {
        Some((_, value)) => Some((*value).to_owned()),
        None => std::env::var(name).ok(),
    };
    let options = goescape_escape::Options {
        level: goescape_escape::Level::from_m(1),
        ..Default::default()
    };
    let settings = Settings::from_lookup(&env, dir.to_path_buf())
        .map_err(|d| d.to_string())?
        .analyse_named(options);
    let pipeline = Pipeline::new(settings).map_err(|d| d.to_string())?;
    let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let analysis = pipeline.analyze(&patterns).map_err(|d| d.to_string())?;

    // A package with problems is not analysed, nor is any package that
    // imports it, directly or not: trace each one to the first culprit.
    let graph = &analysis.checked.graph;
    let mut culprit: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    for node in graph.dependency_order() {
        culprit[node] = if analysis.checked.diagnostics[node].is_empty() {
            graph.nodes[node]
                .imports
                .iter()
                .find_map(|edge| match edge.target {
                    ImportTarget::Package(target) if target != node => culprit[target],
                    _ => None,
                })
        } else {
            Some(node)
        };
    }

    let display = PathDisplay::new(dir.to_path_buf());
    let name = |file: &Path, package_dir: &Path| display.show_as_go_build(file, package_dir);
    let mut output = BuildOutput::default();
    let mut rejected = BTreeMap::new();
    for &node in &graph.roots {
        let import_path = graph.nodes[node].package.import_path().to_owned();
        if let Some(bad) = culprit[node] {
            let first = &analysis.checked.diagnostics[bad][0];
            let why = format!("{}: {first}", graph.nodes[bad].package.import_path());
            rejected.insert(import_path.clone(), why);
        }
        let lines = goescape_report::gc::package_lines(&analysis, node, &name);
        if !lines.is_empty() {
            output.packages.insert(import_path, lines);
        }
    }
    Ok(GoescapeRun { output, rejected })
}

/// The packages of `output` that `module` provides.
fn module_part(output: &BuildOutput, modules: &[ModuleVersion], module: &str) -> BuildOutput {
    BuildOutput {
        packages: output
            .packages
            .iter()
            .filter(|(package, _)| module_of(modules, package).is_some_and(|m| m.path == module))
            .map(|(package, lines)| (package.clone(), lines.clone()))
            .collect(),
    }
}

fn percent(comparison: &Comparison) -> String {
    format!("{:.2}%", 100.0 * comparison.agreement())
}

#[test]
fn corpus_modules_at_m_l() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = corpus_dir();
    let modules = corpus_modules(&dir);
    assert!(!modules.is_empty(), "corpus/go.mod requires no module");
    let patterns: Vec<String> = modules.iter().map(|m| format!("{}/...", m.path)).collect();
    let committed = |file: &str| std::fs::read(dir.join(file)).expect(file);
    let (go_mod, go_sum) = (committed("go.mod"), committed("go.sum"));

    let reference = gc_output(&dir, &patterns);
    assert!(
        committed("go.mod") == go_mod && committed("go.sum") == go_sum,
        "go build changed corpus/go.mod or go.sum: the committed files are incomplete"
    );
    if let Some(lines) = reference.packages.get("") {
        panic!("go build printed lines outside any package: {lines:?}");
    }
    let (ours, failure) = match goescape_output(&dir, &patterns) {
        Ok(run) => (run, None),
        Err(why) => {
            let nothing = GoescapeRun {
                output: BuildOutput::default(),
                rejected: BTreeMap::new(),
            };
            (nothing, Some(why))
        }
    };

    // Machine-specific directories, as the snapshot names them.
    let gomodcache = go_env(&dir, "GOMODCACHE");
    let goroot = go_env(&dir, "GOROOT");
    let portable = |text: &str| {
        text.replace(&gomodcache, "$GOMODCACHE")
            .replace(&goroot, "$GOROOT")
    };

    let mut text = format!(
        "# goescape -m -l MODULE/... against go build -gcflags=all=-l -gcflags='-m -l' \
         MODULE/... in corpus/ ({} {}/{}, CGO_ENABLED=0)\n\
         # lines compared as multisets per package, summed per module\n\n",
        go_env(&dir, "GOVERSION"),
        go_env(&dir, "GOOS"),
        go_env(&dir, "GOARCH"),
    );
    if let Some(why) = &failure {
        writeln!(
            text,
            "goescape failed on the whole run: {}\n",
            portable(why)
        )
        .unwrap();
    }
    writeln!(
        text,
        "{:<48} {:>9} {:>9} {:>9} {:>9} {:>9}  status",
        "module", "reference", "matched", "missing", "extra", "agreement"
    )
    .unwrap();
    let mut details = String::new();
    let mut failing = 0;
    for module in &modules {
        let comparison = compare(
            &module_part(&reference, &modules, &module.path),
            &module_part(&ours.output, &modules, &module.path),
        );
        let rejected: BTreeMap<&String, &String> = ours
            .rejected
            .iter()
            .filter(|(package, _)| module_of(&modules, package).is_some_and(|m| m == module))
            .collect();
        let fails = failure.is_some() || !rejected.is_empty();
        failing += usize::from(fails);
        let name = format!("{}@{}", module.path, module.version);
        let totals = comparison.totals;
        writeln!(
            text,
            "{name:<48} {:>9} {:>9} {:>9} {:>9} {:>9}  {}",
            totals.reference(),
            totals.matched,
            totals.missing,
            totals.extra,
            percent(&comparison),
            if fails { "FAILS" } else { "ok" }
        )
        .unwrap();
        if !fails && totals.missing + totals.extra == 0 {
            continue;
        }
        writeln!(
            details,
            "\n## {name}: {} missing, {} extra",
            totals.missing, totals.extra
        )
        .unwrap();
        if !rejected.is_empty() {
            writeln!(details, "not analysed ({} packages):", rejected.len()).unwrap();
            for (package, why) in &rejected {
                writeln!(details, "  [{package}] {}", portable(why)).unwrap();
            }
        }
        for (title, lines) in [
            ("missing", &comparison.missing),
            ("extra", &comparison.extra),
        ] {
            if lines.is_empty() {
                continue;
            }
            let shown = lines.len().min(LISTED_PER_MODULE);
            writeln!(details, "{title} ({shown} of {}):", lines.len()).unwrap();
            for difference in &lines[..shown] {
                let line = portable(&difference.line);
                writeln!(details, "  [{}] {line}", difference.package).unwrap();
            }
        }
    }
    let overall = compare(&reference, &ours.output);
    let totals = overall.totals;
    writeln!(
        text,
        "{:<48} {:>9} {:>9} {:>9} {:>9} {:>8.3}%  {failing} failing",
        format!("total ({} modules)", modules.len()),
        totals.reference(),
        totals.matched,
        totals.missing,
        totals.extra,
        100.0 * overall.agreement(),
    )
    .unwrap();
    text.push_str(&details);
    print!("{text}");
    support::compare_snapshot(Path::new("tests/snapshots/corpus_m.snap"), &text);
}
