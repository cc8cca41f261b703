//! `goescape explain` on fixtures/explain: the report (without colours)
//! against the snapshot tests/snapshots/explain_fixtures.snap (rewritten
//! with GOESCAPE_UPDATE_SNAPSHOTS=1), and the heap sites it lists against
//! gc's heap lines there (fixtures/explain/gc-m-l.txt, recorded from
//! `go build -a -gcflags='-m -l'`).
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use goescape_errorcheck::gcdiff::parse_build_output;
use goescape_escape::{Level, Options};
use goescape_pipeline::Analysis;
use goescape_report::explain::{self, Tally};
use goescape_report::location::{Location, Locator};
use goescape_report::paths::PathDisplay;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/explain")
}

/// The fixtures analysed as explain analyses them (`-m=2 -l`), with the
/// directory files are named from; `None` when Go is absent.
fn analysis() -> Option<(Analysis, PathDisplay)> {
    support::goroot_required()?;
    let dir = fixtures();
    let options = Options {
        level: Level::Explained,
        ..Default::default()
    };
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, &dir, &["./..."], options).expect("analysis");
    let display = PathDisplay::new(std::fs::canonicalize(&dir).expect("fixtures"));
    Some((analysis, display))
}

/// The root packages in import path order, each with its node.
fn roots(analysis: &Analysis) -> Vec<(&str, usize)> {
    let graph = &analysis.checked.graph;
    let mut roots: Vec<(&str, usize)> = graph
        .roots
        .iter()
        .map(|&node| (graph.nodes[node].package.import_path(), node))
        .collect();
    roots.sort();
    roots
}

#[test]
fn report_matches_its_snapshot() {
    let Some((analysis, display)) = analysis() else {
        return;
    };
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let options = explain::Options::default();
    let mut text = String::new();
    let mut tally = Tally::default();
    for (import_path, node) in roots(&analysis) {
        let dir = &analysis.checked.graph.nodes[node].package.location.dir;
        let report = &analysis.reports[node];
        let explained = explain::package(
            import_path,
            report,
            analysis.files(),
            dir,
            &name,
            &options,
            &|_| None,
        );
        text.push_str(&explained.text);
        tally.add(&explained.tally);
    }
    text.push_str(&tally.summary());
    support::compare_snapshot(Path::new("tests/snapshots/explain_fixtures.snap"), &text);
    // Every fixture's case is there, under its cause.
    for cause in [
        "returned",
        "stored-in-global",
        "captured-by-closure",
        "interface-argument",
        "too-large",
    ] {
        assert!(text.contains(&format!("heap[{cause}]")), "{cause}");
    }
}

/// Each heap site explain lists, as gc's line for it, against gc's
/// `moved to heap` and `escapes to heap` lines (each once: gc repeats a
/// line when it compiles a function twice).
#[test]
fn heap_sites_are_exactly_gcs_heap_lines() {
    let Some((analysis, display)) = analysis() else {
        return;
    };
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let mut ours = BTreeSet::new();
    for (import_path, node) in roots(&analysis) {
        let dir = &analysis.checked.graph.nodes[node].package.location.dir;
        let report = &analysis.reports[node];
        let locator = Locator::new(report, analysis.files(), dir, &name);
        let selection = explain::select(import_path, report, &locator, &Default::default());
        for (site, _) in selection.heap {
            let Location::At {
                file,
                line,
                column: Some(column),
            } = locator.locate(site.finding.pos)
            else {
                panic!("a fixture's heap site has no position: {:?}", site.finding);
            };
            let message = goescape_report::gc::message(site.finding);
            ours.insert(format!("{file}:{line}:{column}: {message}"));
        }
    }
    let recorded = std::fs::read_to_string(fixtures().join("gc-m-l.txt")).expect("golden");
    let gc: BTreeSet<String> = parse_build_output(&recorded)
        .packages
        .into_values()
        .flatten()
        .filter(|line| line.ends_with(" escapes to heap") || line.contains(": moved to heap: "))
        .collect();
    assert!(gc.len() >= 12, "gc's heap lines: {gc:#?}");
    assert_eq!(ours, gc);
}

/// A help text given for a site is its `= help:` footer; colours only
/// when asked for.
#[test]
fn help_texts_and_colours_are_rendered_when_given() {
    let Some((analysis, display)) = analysis() else {
        return;
    };
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let (import_path, node) = roots(&analysis)
        .into_iter()
        .find(|(path, _)| path.ends_with("/returns"))
        .expect("the returns package");
    let dir = &analysis.checked.graph.nodes[node].package.location.dir;
    let render = |options: &explain::Options| {
        explain::package(
            import_path,
            &analysis.reports[node],
            analysis.files(),
            dir,
            &name,
            options,
            &|site| (site.subject == "p").then(|| "return a Point by value".to_owned()),
        )
        .text
    };
    let plain = render(&explain::Options {
        funcs: vec!["NewPoint".to_owned()],
        ..Default::default()
    });
    assert!(
        plain.contains("\n   = help: return a Point by value\n"),
        "{plain}"
    );
    assert_eq!(plain.matches("= help:").count(), 1, "{plain}");
    assert!(!plain.contains('\x1b'), "{plain}");
    let coloured = render(&explain::Options {
        funcs: vec!["NewPoint".to_owned()],
        color: true,
        ..Default::default()
    });
    assert!(coloured.contains('\x1b'), "{coloured}");
}
