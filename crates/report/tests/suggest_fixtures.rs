//! Each suggestion rule on its before/after pair (fixtures/suggest/RULE):
//! gc itself shows the site marked `// SITE` allocating in `before` and not
//! in `after`, and goescape suggests the rule at that site of `before` and
//! nowhere in `after`.
//!
//! gc runs with and without inlining (`-m` and `-m -l`; the fixtures keep
//! the verdict the same, with `//go:noinline` where needed). Two rules
//! target sites gc reports as not escaping because they sit in a small
//! stack buffer that a larger size spills to the heap at run time; for
//! those, the fixtures' `allocs` command counts the heap allocations of a
//! call instead.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_errorcheck::gcdiff::{kind_of, parse_build_output, split_position, Kind};
use goescape_escape::{Level, Options};
use goescape_report::location::{Location, Locator};
use goescape_report::paths::PathDisplay;
use goescape_report::suggest::{self, Rule};

/// The rules whose sites gc reports as not escaping, checked by counting
/// allocations at run time.
const COUNTED: [Rule; 2] = [Rule::PresizeAppend, Rule::VariableSizeMake];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/suggest")
}

/// The file of one side (`before` or `after`) of a rule's pair, relative
/// to the fixtures module, as go build names it.
fn fixture_file(rule: Rule, side: &str) -> String {
    format!("{}/{side}/x.go", rule.id())
}

/// The line of `file` marked `// SITE`.
fn site_line(file: &str) -> u32 {
    let text = std::fs::read_to_string(fixtures().join(file)).expect("fixture");
    let index = text
        .lines()
        .position(|line| line.contains("// SITE"))
        .unwrap_or_else(|| panic!("{file} marks no site"));
    u32::try_from(index + 1).expect("a small file")
}

fn go(args: &[&str]) -> String {
    let output = Command::new("go")
        .current_dir(fixtures())
        .args(args)
        .env("CGO_ENABLED", "0")
        .env_remove("GOFLAGS")
        .output()
        .expect("go runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "go {args:?} failed:\n{stderr}");
    stdout + &stderr
}

/// gc's message kinds per `file:line`, from `go build -gcflags=FLAGS
/// ./...` (the build cache replays the messages of packages it does not
/// recompile).
fn gc_kinds(flags: &str) -> BTreeMap<String, Vec<Kind>> {
    let output = parse_build_output(&go(&["build", &format!("-gcflags={flags}"), "./..."]));
    let mut kinds: BTreeMap<String, Vec<Kind>> = BTreeMap::new();
    for line in output.packages.values().flatten() {
        let Some((position, _)) = split_position(line) else {
            continue;
        };
        // `file:line:column` to `file:line`.
        let file_line = position.rsplit_once(':').map_or(position, |(head, _)| head);
        kinds
            .entry(file_line.to_owned())
            .or_default()
            .push(kind_of(line));
    }
    kinds
}

fn is_heap(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::MovedToHeap | Kind::EscapesToHeap | Kind::LeakingParam | Kind::LeakingParamContent
    )
}

#[test]
fn gc_allocates_at_each_site_before_and_not_after() {
    if support::goroot_required().is_none() {
        return;
    }
    for flags in ["-m", "-m -l"] {
        let kinds = gc_kinds(flags);
        for rule in Rule::ALL {
            let at_site = |side| {
                let file = fixture_file(rule, side);
                let site = format!("{file}:{}", site_line(&file));
                kinds.get(&site).cloned().unwrap_or_default()
            };
            let (before, after) = (at_site("before"), at_site("after"));
            if COUNTED.contains(&rule) {
                // gc's verdict at both sites: a stack buffer, for small
                // sizes only.
                for (side, kinds) in [("before", &before), ("after", &after)] {
                    assert!(
                        kinds.contains(&Kind::DoesNotEscape) && !kinds.iter().any(|&k| is_heap(k)),
                        "{}, {side}, -gcflags='{flags}': {kinds:?}",
                        rule.id()
                    );
                }
                continue;
            }
            assert!(
                before.iter().any(|&k| is_heap(k)),
                "{}: gc ({flags}) reports no heap site at the before site: {before:?}",
                rule.id()
            );
            assert!(
                !after.iter().any(|&k| is_heap(k)),
                "{}: gc ({flags}) reports a heap site at the after site: {after:?}",
                rule.id()
            );
        }
    }
}

#[test]
fn allocations_counted_before_and_after() {
    if support::goroot_required().is_none() {
        return;
    }
    let output = go(&["run", "./allocs"]);
    let counts: BTreeMap<&str, f64> = output
        .lines()
        .filter_map(|line| {
            let (name, count) = line.split_once(' ')?;
            Some((name, count.parse().ok()?))
        })
        .collect();
    let count = |rule: Rule, side: &str| {
        let name = format!("{}/{side}", rule.id());
        *counts
            .get(name.as_str())
            .unwrap_or_else(|| panic!("no count for {name} in:\n{output}"))
    };
    // Growing by append allocates again and again; after pre-sizing only
    // the make does.
    let (before, after) = (
        count(Rule::PresizeAppend, "before"),
        count(Rule::PresizeAppend, "after"),
    );
    assert!(
        before >= 2.0 && after <= 1.0,
        "presize-append: {before} then {after}"
    );
    // 60 bytes of a variable size go to the heap; a constant bound of 64
    // keeps them on the stack.
    let (before, after) = (
        count(Rule::VariableSizeMake, "before"),
        count(Rule::VariableSizeMake, "after"),
    );
    assert!(
        before >= 1.0 && after == 0.0,
        "variable-size-make: {before} then {after}"
    );
}

/// Per rule, the `file:line`s of the findings goescape suggests it on,
/// analysing the fixtures at `level`.
fn suggested_sites(level: Level) -> BTreeMap<Rule, Vec<String>> {
    let dir = fixtures();
    let options = Options {
        level,
        ..Default::default()
    };
    let analysis = support::analyze_in(&support::go_build_env(&[]), &dir, &["./..."], options)
        .expect("the fixtures analyse");
    let display = PathDisplay::new(std::fs::canonicalize(&dir).expect("fixtures directory"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let mut suggested: BTreeMap<Rule, Vec<String>> = BTreeMap::new();
    let graph = &analysis.checked.graph;
    for &node in &graph.roots {
        let package = &graph.nodes[node].package;
        let report = &analysis.reports[node];
        let suggestions = suggest::suggestions(report, analysis.files(), &analysis.checked.store);
        let locator = Locator::new(report, analysis.files(), &package.location.dir, &name);
        for suggestion in suggestions {
            let finding = &report.findings[suggestion.finding];
            let Location::At { file, line, .. } = locator.locate(finding.pos) else {
                panic!("a suggestion on a finding without a position: {suggestion:?}");
            };
            assert!(!suggestion.text().is_empty());
            suggested
                .entry(suggestion.rule)
                .or_default()
                .push(format!("{file}:{line}"));
        }
    }
    suggested
}

/// The site marked in `rule`'s before file, as `file:line`.
fn before_site(rule: Rule) -> String {
    let before = fixture_file(rule, "before");
    format!("{before}:{}", site_line(&before))
}

#[test]
fn goescape_suggests_each_rule_at_its_site_before_and_never_after() {
    if support::goroot_required().is_none() {
        return;
    }
    let suggested = suggested_sites(Level::Explained);
    for rule in Rule::ALL {
        let sites = suggested.get(&rule).cloned().unwrap_or_default();
        let site = before_site(rule);
        assert!(
            sites.contains(&site),
            "{}: not suggested at {site}; suggested at {sites:?}",
            rule.id()
        );
        let after = format!("{}/after/", rule.id());
        assert!(
            !sites.iter().any(|s| s.starts_with(&after)),
            "{}: suggested in after: {sites:?}",
            rule.id()
        );
    }
}

/// At `-m` there are no explanations: the rules that read flows are
/// silent, the others still fire.
#[test]
fn without_explanations_only_the_rules_that_need_none_fire() {
    if support::goroot_required().is_none() {
        return;
    }
    let suggested = suggested_sites(Level::Verdicts);
    let read_flows = [
        Rule::TooLargeForStack,
        Rule::ReturnPointer,
        Rule::CaptureByReference,
        Rule::DynamicCallLeak,
    ];
    for rule in Rule::ALL {
        let sites = suggested.get(&rule).cloned().unwrap_or_default();
        if read_flows.contains(&rule) {
            assert!(sites.is_empty(), "{}: suggested at {sites:?}", rule.id());
        } else {
            let site = before_site(rule);
            assert!(
                sites.contains(&site),
                "{}: not suggested at {site}",
                rule.id()
            );
        }
    }
}
