//! Parses gc's compiler test corpus (`$GOROOT/test`). Many of its files are
//! intentionally malformed; parsing must never panic or hang on any of
//! them.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn goroot_test_corpus_never_panics() {
    let Some(root) = common::goroot() else { return };
    let files = common::go_files(&root.join("test"), false);
    let mut clean = 0;
    let mut panicked = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let name = path.display().to_string();
        match catch_unwind(AssertUnwindSafe(|| {
            goescape_syntax::parse_file(&name, &src)
        })) {
            Ok(file) => clean += usize::from(file.errors().is_empty()),
            Err(_) => panicked.push(name),
        }
    }
    println!(
        "{} files under {}: {} without errors, {} with errors",
        files.len(),
        root.join("test").display(),
        clean,
        files.len() - clean - panicked.len()
    );
    assert!(panicked.is_empty(), "panicked on:\n{}", panicked.join("\n"));
}
