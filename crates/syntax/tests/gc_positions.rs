//! Node positions checked against the Go compiler.
//!
//! `gc_positions/positions.go` annotates lines with `// pos: Kind@col ...`.
//! Each annotation must hold twice: our parser has a node of that kind at
//! that line and column, and gc's `go build -gcflags='-m -l'` output
//! (recorded in `gc_positions/gc-m.txt`, re-derived from the local toolchain
//! when Go is present) reports a message at that same place.

mod common;

use goescape_syntax::{parse_file, ExprId, ExprKind, File};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type LineCol = (u32, u32);

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gc_positions")
}

/// `(line, col) -> kind` for every `pos:` annotation.
fn annotations(src: &str) -> Vec<(LineCol, String)> {
    let mut out = Vec::new();
    for (index, line) in src.lines().enumerate() {
        let Some((_, notes)) = line.split_once("// pos: ") else {
            continue;
        };
        for note in notes.split_whitespace() {
            let (kind, col) = note.split_once('@').expect("annotation is Kind@col");
            let col: u32 = col.parse().expect("annotation column is a number");
            out.push(((index as u32 + 1, col), kind.to_string()));
        }
    }
    out
}

fn kind_name(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Name(_) => "Name",
        ExprKind::Call { .. } => "Call",
        ExprKind::CompositeLit { .. } => "CompositeLit",
        ExprKind::FuncLit { .. } => "FuncLit",
        ExprKind::Paren { .. } => "Paren",
        ExprKind::Selector { .. } => "Selector",
        ExprKind::Index { .. } => "Index",
        ExprKind::Slice { .. } => "Slice",
        ExprKind::Assert { .. } => "Assert",
        ExprKind::Unary { .. } => "Unary",
        ExprKind::Binary { .. } => "Binary",
        ExprKind::KeyValue { .. } => "KeyValue",
        _ => "Other",
    }
}

/// Every expression's kind, by the line and column gc would report.
fn nodes_by_position(file: &File) -> BTreeMap<LineCol, BTreeSet<&'static str>> {
    let mut nodes: BTreeMap<LineCol, BTreeSet<&'static str>> = BTreeMap::new();
    for index in 0..file.expr_count() {
        let expr = file.expr(ExprId::from_index(index));
        let pos = file.position(expr.pos);
        nodes
            .entry((pos.line, pos.col))
            .or_default()
            .insert(kind_name(&expr.kind));
    }
    nodes
}

/// Positions of gc's `-m` messages for `positions.go`.
fn message_positions(gc_output: &str) -> BTreeSet<LineCol> {
    gc_output
        .lines()
        .filter_map(|line| line.strip_prefix("positions.go:"))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ':');
            let line = parts.next()?.parse().ok()?;
            let col = parts.next()?.parse().ok()?;
            Some((line, col))
        })
        .collect()
}

#[test]
fn annotated_positions_match_our_tree_and_gc_messages() {
    let src = std::fs::read_to_string(fixture_dir().join("positions.go")).unwrap();
    let file = parse_file("positions.go", src.as_bytes());
    assert!(
        file.errors().is_empty(),
        "fixture parses cleanly: {:?}",
        file.errors()
    );
    let nodes = nodes_by_position(&file);
    let recorded = std::fs::read_to_string(fixture_dir().join("gc-m.txt")).unwrap();
    let gc_positions = message_positions(&recorded);

    let notes = annotations(&src);
    assert!(notes.len() >= 50, "the fixture keeps its annotations");
    let mut failures = Vec::new();
    for ((line, col), kind) in &notes {
        let ours = nodes.get(&(*line, *col));
        if !ours.is_some_and(|kinds| kinds.contains(kind.as_str())) {
            failures.push(format!(
                "{line}:{col}: want {kind}, our nodes there: {ours:?}"
            ));
        }
        if !gc_positions.contains(&(*line, *col)) {
            failures.push(format!("{line}:{col}: gc reports no message here ({kind})"));
        }
    }
    assert!(
        failures.is_empty(),
        "position mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn recorded_gc_output_matches_the_local_compiler() {
    if common::goroot().is_none() {
        return;
    }
    let output = std::process::Command::new("go")
        .args(["build", "-gcflags=-m -l", "."])
        .current_dir(fixture_dir())
        .env("GOFLAGS", "")
        .env("GOWORK", "off")
        .output()
        .expect("go build runs");
    assert!(
        output.status.success(),
        "go build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let live: String = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|l| l.strip_prefix("./").unwrap_or(l).to_string() + "\n")
        .collect();
    let recorded = std::fs::read_to_string(fixture_dir().join("gc-m.txt")).unwrap();
    assert_eq!(
        message_positions(&live),
        message_positions(&recorded),
        "gc-m.txt is stale: regenerate it with go build -gcflags='-m -l' in {}",
        fixture_dir().display()
    );
}
