//! Broken files of our own: our first error must be gc's first syntax error,
//! word for word and at the same place. `broken/expected.txt` records gc's
//! line and gofmt -e's first position; when Go is present both are re-derived
//! from the local toolchain so the record cannot go stale.

mod common;

use goescape_syntax::parse_file;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Expectation {
    file: String,
    /// gc's first syntax error, `line:col: message`.
    gc: String,
    /// gofmt -e's first error position, `line:col`.
    gofmt: String,
}

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

fn expectations() -> Vec<Expectation> {
    let text = std::fs::read_to_string(broken_dir().join("expected.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut fields = l.split('\t');
            let mut next = || {
                fields
                    .next()
                    .expect("three tab-separated fields")
                    .to_string()
            };
            Expectation {
                file: next(),
                gc: next(),
                gofmt: next(),
            }
        })
        .collect()
}

#[test]
fn first_error_matches_gc_on_every_broken_fixture() {
    let expected = expectations();
    let fixtures = std::fs::read_dir(broken_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "go")
        })
        .count();
    assert_eq!(expected.len(), fixtures, "every fixture has an expectation");
    assert!(expected.len() >= 20);
    let mut failures = Vec::new();
    let mut same_as_gofmt = 0;
    for e in &expected {
        let src = std::fs::read(broken_dir().join(&e.file)).unwrap();
        let file = parse_file(&e.file, &src);
        let Some(first) = file.errors().first() else {
            failures.push(format!("{}: no error reported", e.file));
            continue;
        };
        let pos = file.position(first.pos);
        let ours = format!("{}:{}: {}", pos.line, pos.col, first.msg);
        if ours != e.gc {
            failures.push(format!("{}: ours {ours:?}, gc {:?}", e.file, e.gc));
        }
        if format!("{}:{}", pos.line, pos.col) == e.gofmt {
            same_as_gofmt += 1;
        }
    }
    eprintln!("first error at gofmt -e's position in {same_as_gofmt} of {} fixtures (gc is the reference where they differ)", expected.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn expectations_match_the_local_toolchain() {
    if common::goroot().is_none() {
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("goescape-broken-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut stale = Vec::new();
    for e in expectations() {
        // A private output file: the compiler deletes its output on failure.
        let gc = Command::new("go")
            .args(["tool", "compile", "-p", "p", "-o"])
            .arg(out_dir.join("out.o"))
            .arg(&e.file)
            .current_dir(broken_dir())
            .output()
            .expect("go tool compile runs");
        let gc_text = String::from_utf8_lossy(&gc.stdout);
        let prefix = format!("{}:", e.file);
        if !gc_text
            .lines()
            .any(|l| l.strip_prefix(&prefix) == Some(&e.gc))
        {
            stale.push(format!(
                "{}: gc no longer says {:?}:\n{gc_text}",
                e.file, e.gc
            ));
        }
        let gofmt = Command::new("gofmt")
            .arg("-e")
            .arg(&e.file)
            .current_dir(broken_dir())
            .output()
            .expect("gofmt runs");
        let first = String::from_utf8_lossy(&gofmt.stderr)
            .lines()
            .next()
            .and_then(|l| l.strip_prefix(&prefix))
            .map(|rest| rest.splitn(3, ':').take(2).collect::<Vec<_>>().join(":"))
            .unwrap_or_default();
        if first != e.gofmt {
            stale.push(format!(
                "{}: gofmt -e first error now at {first:?}, recorded {:?}",
                e.file, e.gofmt
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(
        stale.is_empty(),
        "broken/expected.txt is stale:\n{}",
        stale.join("\n")
    );
}
