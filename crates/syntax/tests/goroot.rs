//! Parses the Go distribution's own sources.

mod common;

/// Every file of the standard library and tools parses without errors.
#[test]
fn goroot_src_parses_without_errors() {
    let Some(root) = common::goroot() else { return };
    let files = common::go_files(&root.join("src"), true);
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read(path).unwrap();
        let file = goescape_syntax::parse_file(&path.display().to_string(), &src);
        for error in file.errors() {
            failures.push(format!("{}: {}", file.position(error.pos), error.msg));
        }
    }
    println!(
        "parsed {} files under {}",
        files.len(),
        root.join("src").display()
    );
    assert!(
        failures.is_empty(),
        "{} errors:\n{}",
        failures.len(),
        failures[..failures.len().min(50)].join("\n")
    );
}
