//! `--format sarif` against the official SARIF 2.1.0 JSON Schema, on the
//! fixtures module at `-m=2 -l` (explanations as code flows) and on all
//! of std at `-m -l`; every finding must become exactly one result, with
//! the rule, level and message its kind and gc's text give it.
//!
//! The schema is not kept in this repository: the test reads it from
//! GOESCAPE_SARIF_SCHEMA, else from `../shared/sarif-schema-2.1.0.json`
//! beside the workspace (`.ci/run` provides it). Without it, and without
//! Go, the test is skipped with a printed reason, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::path::{Path, PathBuf};

use goescape_escape::{Level, Options};
use goescape_pipeline::Analysis;
use goescape_report::json;
use goescape_report::location::Locator;
use goescape_report::sarif::{Log, Tool};
use serde_json::Value;

fn schema_path() -> Option<PathBuf> {
    let path = match std::env::var_os("GOESCAPE_SARIF_SCHEMA") {
        Some(path) => PathBuf::from(path),
        None => {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sarif-schema-2.1.0.json")
        }
    };
    if path.is_file() {
        return Some(path);
    }
    let why = format!("the SARIF schema is not at {}", path.display());
    if std::env::var_os("GOESCAPE_REQUIRE_GO").is_some() {
        panic!("GOESCAPE_REQUIRE_GO is set but {why} (set GOESCAPE_SARIF_SCHEMA)");
    }
    println!("skipping: {why}");
    None
}

fn validator(path: &Path) -> jsonschema::Validator {
    let text = std::fs::read_to_string(path).expect("the schema file");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft4::new(&schema).expect("the SARIF schema is a draft-04 schema")
}

/// The SARIF log of an analysis's root packages, and the `kind` of the
/// JSON record of each finding that went into it, in order.
fn log_of(analysis: &Analysis, root: &Path) -> (Value, Vec<String>) {
    let tool = Tool {
        name: "goescape",
        version: "0.1.0",
        information_uri: "https://example.com/goescape",
    };
    let mut log = Log::new(tool, root);
    let name = |file: &Path, _: &Path| file.display().to_string();
    let mut kinds = Vec::new();
    for &node in &analysis.checked.graph.roots {
        let report = &analysis.reports[node];
        let package = &analysis.checked.graph.nodes[node].package;
        let locator = Locator::new(report, analysis.files(), &package.location.dir, &name);
        log.add_package(&report.findings, &locator);
        for record in json::records(&report.findings, package.import_path(), &locator, &[]) {
            let record = serde_json::to_value(&record).expect("a record");
            kinds.push(record["kind"].as_str().expect("a kind").to_owned());
        }
    }
    let text = log.finish();
    (serde_json::from_str(&text).expect("the log is JSON"), kinds)
}

/// Validates `log` and checks what code scanning relies on, and that
/// its results are the findings whose JSON records have `kinds`, each
/// under the rule named as its kind; returns the number of results.
fn check(validator: &jsonschema::Validator, log: &Value, kinds: &[String]) -> usize {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let rule_ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(
        rule_ids, kinds,
        "one result per finding, its rule named as its kind"
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("a rule index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
        let heap = matches!(result["ruleId"].as_str(), Some("moved_to_heap" | "escapes"));
        let level = if heap { "warning" } else { "note" };
        assert_eq!(result["level"], level, "{result}");
        assert!(result["partialFingerprints"]["goescapeFinding/v1"].is_string());
        if let Some(location) = result.pointer("/locations/0/physicalLocation") {
            assert!(
                location["region"]["startLine"].as_u64() >= Some(1),
                "{result}"
            );
        }
    }
    let mut fingerprints: Vec<&str> = results
        .iter()
        .filter_map(|r| r["partialFingerprints"]["goescapeFinding/v1"].as_str())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        results.len(),
        "fingerprints are distinct"
    );
    results.len()
}

#[test]
fn fixtures_at_m2_are_valid_sarif_with_code_flows() {
    let Some(schema) = schema_path() else { return };
    if support::goroot_required().is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/escape");
    let dir = std::fs::canonicalize(dir).expect("fixtures");
    let options = Options {
        level: Level::Explained,
        ..Default::default()
    };
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, &dir, &["./..."], options).expect("goescape");
    let (log, kinds) = log_of(&analysis, &dir);
    let validator = validator(&schema);
    check(&validator, &log, &kinds);
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("severe");
    assert!(!validator.is_valid(&broken));
    let results = log["runs"][0]["results"].as_array().expect("results");
    // Files of the module are relative to %SRCROOT%; the explanations
    // carry their steps as code flows.
    let first = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(first["uriBaseId"], "%SRCROOT%");
    assert!(!first["uri"].as_str().expect("a uri").starts_with('/'));
    let flows = results
        .iter()
        .filter(|r| {
            r.pointer("/codeFlows/0/threadFlows/0/locations/0")
                .is_some()
        })
        .count();
    let explanations = results
        .iter()
        .filter(|r| {
            matches!(
                r["ruleId"].as_str(),
                Some("escape_explanation" | "leak_explanation")
            )
        })
        .count();
    assert!(explanations > 0);
    assert_eq!(flows, explanations, "every explanation has a code flow");
}

#[test]
fn std_at_m_is_valid_sarif() {
    let Some(schema) = schema_path() else { return };
    if support::goroot_required().is_none() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        level: Level::Verdicts,
        ..Default::default()
    };
    let env = support::go_build_env(&[]);
    let analysis = support::analyze_in(&env, dir.path(), &["std"], options).expect("goescape");
    let (log, kinds) = log_of(&analysis, dir.path());
    let results = check(&validator(&schema), &log, &kinds);
    println!("std at -m -l: {results} results, valid SARIF 2.1.0");
    assert!(results > 50_000, "std has over 50,000 findings at -m -l");
}
