//! Runs gc's own syntax error tests: the files in
//! `$GOROOT/src/cmd/compile/internal/syntax/testdata` declare the errors
//! they must produce in comments, `// ERROR rx` (the error's line must
//! match) or `/* ERROR rx */` (the error must be at the next token).

mod common;

use goescape_syntax::{parse_file, tokenize, CommentKind};
use regex::Regex;
use std::collections::BTreeMap;

/// Declared errors: (line, column or 0 for "anywhere on the line") to the
/// pattern the message must match.
fn declared_errors(src: &[u8]) -> BTreeMap<(u32, u32), String> {
    let file = parse_file("declared", src);
    let (tokens, _) = tokenize(src);
    let mut declared = BTreeMap::new();
    for comment in file.comments() {
        let text = file.text(comment.span);
        let pos = file.raw_position(comment.span.start);
        match comment.kind {
            CommentKind::Line => {
                if let Some(rx) = text.strip_prefix("// ERROR ") {
                    declared.insert((pos.line, 0), rx.trim().to_string());
                }
            }
            CommentKind::Block => {
                if let Some(rx) = text.strip_prefix("/* ERROR ") {
                    let rx = rx.strip_suffix("*/").unwrap_or(rx).trim().to_string();
                    let next = tokens
                        .iter()
                        .find(|t| t.span.start >= comment.span.end)
                        .expect("a token follows");
                    let at = file.raw_position(next.span.start);
                    declared.insert((at.line, at.col), rx);
                }
            }
        }
    }
    declared
}

/// Compiles a Go regexp; Go reads a `{` that starts no repetition as a
/// literal brace, Rust's regex needs it escaped.
fn go_regex(rx: &str) -> Regex {
    let mut translated = String::new();
    let mut chars = rx.chars().peekable();
    let mut escaped = false;
    while let Some(c) = chars.next() {
        if c == '{' && !escaped && !chars.peek().is_some_and(char::is_ascii_digit) {
            translated.push('\\');
        }
        escaped = c == '\\' && !escaped;
        translated.push(c);
    }
    Regex::new(&translated).unwrap_or_else(|e| panic!("bad regexp {rx}: {e}"))
}

#[test]
fn gc_syntax_testdata() {
    let Some(root) = common::goroot() else { return };
    let dir = root.join("src/cmd/compile/internal/syntax/testdata");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("syntax testdata")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for path in &names {
        let src = std::fs::read(path).unwrap();
        let mut declared = declared_errors(&src);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let file = parse_file(&name, src.as_slice());
        for error in file.errors() {
            let at = file.raw_position(error.pos);
            let key = if declared.contains_key(&(at.line, at.col)) {
                (at.line, at.col)
            } else {
                (at.line, 0)
            };
            match declared.remove(&key) {
                Some(rx) => {
                    let re = go_regex(&rx);
                    if !re.is_match(&error.msg) {
                        problems.push(format!(
                            "{name}:{}:{}: {:?} does not match {rx:?}",
                            at.line, at.col, error.msg
                        ));
                    }
                }
                None => problems.push(format!(
                    "{name}:{}:{}: unexpected error: {}",
                    at.line, at.col, error.msg
                )),
            }
        }
        // Like gc's compiler (unlike its syntax package tests), we report
        // only the first syntax error of a line.
        let lines_with_syntax_errors: Vec<u32> = file
            .errors()
            .iter()
            .filter(|e| e.msg.starts_with("syntax error"))
            .map(|e| file.raw_position(e.pos).line)
            .collect();
        for ((line, col), rx) in declared {
            if !lines_with_syntax_errors.contains(&line) {
                problems.push(format!("{name}:{line}:{col}: missing error: {rx}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
