//! Compares our diagnostics with the Go compiler's on the files of gc's test
//! corpus (`$GOROOT/test`) where we report errors or that expect syntax
//! errors: every error we report must be one gc prints, and every syntax
//! error gc prints must be ours.
//! (gc may print more: type errors, when parsing found no syntax errors.)

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// gc's error lines for `file` (relative to `dir`), as `file:line:col: msg`.
fn gc_errors(dir: &Path, file: &str, out_dir: &Path) -> BTreeSet<String> {
    // Never pass /dev/null as output: the compiler removes its output file
    // when it fails.
    let output = Command::new("go")
        .args(["tool", "compile", "-e", "-p", "p", "-o"])
        .arg(out_dir.join("out.o"))
        .arg(file)
        .current_dir(dir)
        .output()
        .expect("go tool compile runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| is_error_line(line) && !line.ends_with("too many errors"))
        .map(str::to_string)
        .collect()
}

/// Whether `line` looks like `name:line[:col]: message` (the name may come
/// from a //line directive).
fn is_error_line(line: &str) -> bool {
    let Some((position, _)) = line.split_once(": ") else {
        return false;
    };
    let mut parts = position.rsplit(':');
    let numbers = parts
        .by_ref()
        .take(2)
        .take_while(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .count();
    numbers > 0
}

#[test]
fn errors_match_gc_on_its_test_corpus() {
    let Some(root) = common::goroot() else { return };
    let dir = root.join("test");
    let out_dir = std::env::temp_dir().join(format!("goescape-syntax-gc-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();

    let mut compared = 0;
    let mut problems = Vec::new();
    for path in common::go_files(&dir, false) {
        let relative = path.strip_prefix(&dir).unwrap().display().to_string();
        let src = std::fs::read(&path).unwrap();
        // Also compare files that expect syntax errors where we find none.
        let expects_syntax_error = String::from_utf8_lossy(&src).contains("ERROR \"syntax error");
        let file = goescape_syntax::parse_file(&relative, &src);
        if file.errors().is_empty() && !expects_syntax_error {
            continue;
        }
        compared += 1;
        let ours: BTreeSet<String> = file
            .errors()
            .iter()
            .map(|e| format!("{}: {}", file.position(e.pos), e.msg))
            .collect();
        let gc = gc_errors(&dir, &relative, &out_dir);
        for line in ours.difference(&gc) {
            problems.push(format!("only ours: {line}"));
        }
        for line in gc.difference(&ours) {
            if line.contains(": syntax error: ") {
                problems.push(format!("only gc's: {line}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    println!("compared the errors of {compared} files with gc's");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
