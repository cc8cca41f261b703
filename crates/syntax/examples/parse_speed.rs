//! Parses every non-testdata `.go` file under `$GOROOT/src` (or the
//! directory given as argument) on one thread and prints the throughput.
//!
//! Run with `cargo run --release -p goescape-syntax --example parse_speed`.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| goroot().join("src"));
    let mut files = Vec::new();
    collect_go_files(&root, &mut files);
    let sources: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|path| {
            let src = std::fs::read(path).expect("readable file");
            (path.display().to_string(), src)
        })
        .collect();
    let bytes: usize = sources.iter().map(|(_, src)| src.len()).sum();

    let mut best = f64::INFINITY;
    let mut errors = 0;
    for _ in 0..3 {
        let start = Instant::now();
        errors = 0;
        for (name, src) in &sources {
            let file = goescape_syntax::parse_file(name, src.as_slice());
            errors += file.errors().len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} files, {:.1} MB, {} errors, best of 3: {:.3} s, {:.1} MB/s",
        sources.len(),
        bytes as f64 / 1e6,
        errors,
        best,
        bytes as f64 / 1e6 / best
    );
}

fn goroot() -> PathBuf {
    if let Ok(root) = std::env::var("GOROOT") {
        return PathBuf::from(root);
    }
    let out = std::process::Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .expect("GOROOT set or go on PATH");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn collect_go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "testdata") {
                collect_go_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "go") {
            out.push(path);
        }
    }
}
