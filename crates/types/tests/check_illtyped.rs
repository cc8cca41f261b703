//! Ill-typed programs: each file of tests/illtyped has one error, which
//! gc reports as recorded in tests/illtyped/expected.txt (from
//! `go build -gcflags=-e`). The checker must report an error at the same
//! position, and must not panic; messages are compared too, and the
//! known differences are listed here so that a change shows.

use std::collections::BTreeMap;
use std::path::Path;

use goescape_types::check::check_files;
use goescape_types::model::Store;

/// Fixtures whose message differs from gc's (position still agrees).
const MESSAGE_DIFFERS: &[&str] = &["cannot_infer.go"];

#[test]
fn illtyped_fixtures_report_gc_positions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/illtyped");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
    let mut wanted: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in expected.lines() {
        let Some((file, rest)) = line.split_once(':') else {
            continue;
        };
        let Some((line_col, message)) = rest.split_once(": ") else {
            continue;
        };
        wanted.insert(file.to_owned(), (line_col.to_owned(), message.to_owned()));
    }
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 20, "at least 20 fixtures");
    let mut problems = Vec::new();
    let mut message_differs = Vec::new();
    for path in fixtures {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read(&path).expect("read fixture");
        let store = Store::new();
        let checked = check_files(&store, "p", vec![(name.clone().into(), src)]);
        let Some((want_pos, want_msg)) = wanted.get(&name) else {
            problems.push(format!("{name}: no expected error recorded"));
            continue;
        };
        let at_pos: Vec<&str> = checked
            .errors
            .iter()
            .filter(|e| format!("{}:{}", e.line, e.col) == *want_pos)
            .map(|e| e.message.as_str())
            .collect();
        if at_pos.is_empty() {
            let ours: Vec<String> = checked.errors.iter().map(|e| e.to_string()).collect();
            problems.push(format!(
                "{name}:{want_pos}: want {want_msg:?}, have {ours:?}"
            ));
        } else if !at_pos.contains(&want_msg.as_str()) {
            message_differs.push(name);
        }
    }
    assert!(
        problems.is_empty(),
        "wrong positions:\n{}",
        problems.join("\n")
    );
    assert_eq!(
        message_differs, MESSAGE_DIFFERS,
        "fixtures whose message differs from gc's"
    );
}

/// go/types' own test files (mostly ill-typed, some deliberately
/// pathological) must check without panicking. Skipped without GOROOT.
#[test]
fn go_types_testdata_never_panics() {
    let Ok(config) = goescape_load::Config::from_env() else {
        return;
    };
    let root = config.goroot.join("src/internal/types/testdata");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        eprintln!("skipping: no {}", root.display());
        return;
    };
    let mut files = Vec::new();
    for dir in dirs.flatten() {
        let Ok(entries) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "go")),
        );
    }
    files.sort();
    for path in files {
        let src = std::fs::read(&path).expect("read test file");
        let store = Store::new();
        let result = std::panic::catch_unwind(|| {
            check_files(&store, "p", vec![(path.clone(), src)]);
        });
        assert!(result.is_ok(), "checker panicked on {}", path.display());
    }
}
