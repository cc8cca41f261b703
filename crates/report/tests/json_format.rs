//! `--format json` against its schema and against the gc format, on the
//! same analysis: every record of std at `-m -l` is valid by
//! docs/schema/finding.schema.json, and its message placed at its
//! position is the line the gc format prints for the finding, line for
//! line. At `-m=2` (the fixtures module) the explanations' flows and steps
//! rebuild every `flow:` and `from ... at` line too.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::path::Path;
use std::time::Instant;

use goescape_escape::{Level, Options};
use goescape_pipeline::Analysis;
use goescape_report::location::Locator;
use goescape_report::paths::PathDisplay;
use serde_json::{json, Value};

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/finding.schema.json");
    let text = std::fs::read_to_string(&path).expect("the schema file");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a draft 2020-12 schema")
}

/// `file:line[:column]` as gc prints a position (`<unknown line number>`
/// for none), from a record or a step.
fn position(record: &Value) -> Option<String> {
    let file = record.get("file")?.as_str()?;
    let line = &record["line"];
    Some(match record.get("column") {
        Some(column) => format!("{file}:{line}:{column}"),
        None => format!("{file}:{line}"),
    })
}

/// The lines of the gc format a record stands for: its message at its
/// position, then, for an explanation, a line per flow and per step.
fn gc_lines(record: &Value) -> Vec<String> {
    let message = record["message"].as_str().expect("a message");
    let flows = record.get("flows").and_then(Value::as_array);
    // Without a position gc prints a plain message alone, but an
    // explanation's lines at `<unknown line number>`.
    let at = match (position(record), flows) {
        (Some(at), _) => at,
        (None, None) => return vec![message.to_owned()],
        (None, Some(_)) => "<unknown line number>".to_owned(),
    };
    let mut lines = vec![format!("{at}: {message}")];
    for flow in flows.into_iter().flatten() {
        let ops = match flow["derefs"].as_i64().expect("derefs") {
            -1 => "&".to_owned(),
            n => "*".repeat(usize::try_from(n).expect("derefs of -1 or more")),
        };
        let (dst, src) = (flow["dst"].as_str(), flow["src"].as_str());
        let (dst, src) = (dst.expect("dst"), src.expect("src"));
        lines.push(format!("{at}:   flow: {dst} ← {ops}{src}:"));
        for step in flow["steps"].as_array().expect("steps") {
            let step_at = position(step).unwrap_or_else(|| "<unknown line number>".to_owned());
            let (what, why) = (step["what"].as_str(), step["reason"].as_str());
            let (what, why) = (what.expect("what"), why.expect("reason"));
            lines.push(format!("{at}:     from {what} ({why}) at {step_at}"));
        }
    }
    if record.get("truncated") == Some(&Value::Bool(true)) {
        lines.push(format!(
            "{at}:   warning: truncated explanation due to assignment cycle; see golang.org/issue/35518"
        ));
    }
    lines
}

/// What comparing the two formats over an analysis's root packages found.
#[derive(Default)]
struct Tally {
    records: usize,
    invalid: Vec<String>,
    gc_lines: usize,
    reproduced: usize,
    /// Per package whose records do not rebuild its gc lines, the first
    /// line that differs: expected, rebuilt.
    mismatches: Vec<(String, Option<String>, Option<String>)>,
}

fn compare_formats(analysis: &Analysis, dir: &Path, validator: &jsonschema::Validator) -> Tally {
    let display = PathDisplay::new(std::fs::canonicalize(dir).expect("directory"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    let mut tally = Tally::default();
    for &node in &analysis.checked.graph.roots {
        let package = &analysis.checked.graph.nodes[node].package;
        let report = &analysis.reports[node];
        let locator = Locator::new(report, analysis.files(), &package.location.dir, &name);
        let store = &analysis.checked.store;
        let suggestions = goescape_report::suggest::suggestions(report, analysis.files(), store);
        let findings = &report.findings;
        let json =
            goescape_report::json::lines(findings, package.import_path(), &locator, &suggestions);
        let expected = goescape_report::gc::package_lines(analysis, node, &name);
        let mut rebuilt = Vec::with_capacity(expected.len());
        for line in &json {
            let record: Value = serde_json::from_str(line).expect("a record is JSON");
            if let Some(error) = validator.iter_errors(&record).next() {
                tally.invalid.push(format!("{line}\n  {error}"));
            }
            rebuilt.extend(gc_lines(&record));
        }
        tally.records += json.len();
        tally.gc_lines += expected.len();
        tally.reproduced += rebuilt
            .iter()
            .zip(&expected)
            .filter(|(a, b)| a == b)
            .count();
        if rebuilt != expected {
            let at = rebuilt
                .iter()
                .zip(&expected)
                .take_while(|(a, b)| a == b)
                .count();
            tally.mismatches.push((
                package.import_path().to_owned(),
                expected.get(at).cloned(),
                rebuilt.get(at).cloned(),
            ));
        }
    }
    tally
}

fn assert_all_reproduced(what: &str, tally: &Tally) {
    println!(
        "{what}: {} records, {} invalid; gc lines reproduced {} of {}",
        tally.records,
        tally.invalid.len(),
        tally.reproduced,
        tally.gc_lines
    );
    assert!(tally.records > 0, "{what}: no records");
    assert!(
        tally.invalid.is_empty(),
        "{what}: records the schema rejects, first: {}",
        tally.invalid[0]
    );
    assert!(
        tally.mismatches.is_empty(),
        "{what}: the records do not rebuild the gc lines of {} packages, first \
         (package, gc line, rebuilt line): {:?}",
        tally.mismatches.len(),
        tally.mismatches[0]
    );
}

#[test]
fn std_records_are_valid_and_rebuild_the_gc_lines() {
    if support::goroot_required().is_none() {
        return;
    }
    let validator = validator();
    let dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        level: Level::from_m(1),
        ..Default::default()
    };
    let started = Instant::now();
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, dir.path(), &["std"], options).expect("goescape");
    let analysed = started.elapsed();
    let tally = compare_formats(&analysis, dir.path(), &validator);
    println!(
        "analysis {:.1} s, records and checks {:.1} s",
        analysed.as_secs_f64(),
        (started.elapsed() - analysed).as_secs_f64()
    );
    assert_all_reproduced("std -m -l", &tally);
}

#[test]
fn explanations_at_m2_are_valid_and_rebuild_the_gc_lines() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/escape");
    let options = Options {
        level: Level::from_m(2),
        ..Default::default()
    };
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, &dir, &["./..."], options).expect("goescape");
    let tally = compare_formats(&analysis, &dir, &validator());
    assert_all_reproduced("fixtures -m=2 -l", &tally);
}

/// The schema is strict enough to catch a record that lost a field, grew
/// an unknown one, or put a field on the wrong kind.
#[test]
fn the_schema_rejects_malformed_records() {
    let validator = validator();
    let valid = json!({
        "schema_version": 1, "package": "p", "file": "./p.go", "line": 3, "column": 2,
        "function": "F", "kind": "escapes", "subject": "new(int)",
        "message": "new(int) escapes to heap"
    });
    assert!(validator.is_valid(&valid));
    let with = |key: &str, value: Value| {
        let mut record = valid.clone();
        record[key] = value;
        record
    };
    let without = |key: &str| {
        let mut record = valid.clone();
        record.as_object_mut().expect("an object").remove(key);
        record
    };
    let malformed = [
        without("subject"),
        without("line"),
        with("colour", json!("red")),
        with("level", json!(0)),
        with("kind", json!("escaped")),
        with("schema_version", json!(2)),
        with("suggestion", json!({"rule": "use-rust", "text": "t"})),
        with("suggestion", json!({"rule": "fmt-boxing"})),
        with("suggestion", json!("strconv")),
    ];
    for record in &malformed {
        assert!(!validator.is_valid(record), "accepted {record}");
    }
    // The schema names every rule the code has.
    for rule in goescape_report::suggest::Rule::ALL {
        let record = with("suggestion", json!({"rule": rule.id(), "text": "t"}));
        assert!(validator.is_valid(&record), "rejected {record}");
    }
}

/// At `-m=2` every record of a heap site carries its cause, and no other
/// record does; at `-m` (no explanations) none does.
#[test]
fn heap_records_carry_their_cause_at_m2_only() {
    if support::goroot_required().is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/explain");
    let validator = validator();
    let display = PathDisplay::new(std::fs::canonicalize(&dir).expect("fixtures"));
    let name = |f: &Path, d: &Path| display.show_as_go_build(f, d);
    for level in [1, 2] {
        let options = Options {
            level: Level::from_m(level),
            ..Default::default()
        };
        let env = support::go_build_env(&[]);
        let analysis = support::analyze_in(&env, &dir, &["./..."], options).expect("goescape");
        let mut causes = Vec::new();
        for &node in &analysis.checked.graph.roots {
            let package = &analysis.checked.graph.nodes[node].package;
            let report = &analysis.reports[node];
            let locator = Locator::new(report, analysis.files(), &package.location.dir, &name);
            let import_path = package.import_path();
            for line in goescape_report::json::lines(&report.findings, import_path, &locator, &[]) {
                let record: Value = serde_json::from_str(&line).expect("JSON");
                assert!(validator.is_valid(&record), "{line}");
                let heap_site = record["kind"] == "moved_to_heap" || record["kind"] == "escapes";
                match record.get("cause") {
                    Some(cause) => {
                        assert!(level == 2 && heap_site, "{line}");
                        causes.push(format!("{}:{} {cause}", record["file"], record["line"]));
                    }
                    None => assert!(level == 1 || !heap_site, "{line}"),
                }
            }
        }
        if level == 2 {
            assert!(
                causes.contains(&r#""sizes/sizes.go":6 "too-large""#.to_owned()),
                "{causes:#?}"
            );
            assert!(
                causes.contains(&r#""stores/stores.go":11 "stored-in-global""#.to_owned()),
                "{causes:#?}"
            );
        }
    }
}
