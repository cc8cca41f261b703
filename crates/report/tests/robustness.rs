//! The analysis must survive any well-typed program: every file of
//! $GOROOT/test that imports nothing and type-checks, and fixed-seed
//! line-level mutants of them (lines deleted, duplicated, swapped) that
//! still type-check, are lowered and analysed at -m=2 on the 256 MiB
//! stacks goescape runs on. A panic fails the test with the file named.
//! `GOESCAPE_FUZZ_ROUNDS` runs more mutants by hand.
//!
//! Skipped, with a printed reason, when Go or $GOROOT/test is absent,
//! unless GOESCAPE_REQUIRE_GO is set.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use goescape_escape::{Level, Options};
use goescape_pipeline::{Pipeline, Settings};
use rayon::prelude::*;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Deletes, duplicates or swaps a few lines.
fn mutate(rng: &mut XorShift, src: &[u8]) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = src.split(|&b| b == b'\n').collect();
    for _ in 0..1 + rng.below(3) {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(3) {
            0 if n > 1 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i];
                lines.insert(i, line);
            }
            _ => {
                let j = rng.below(n);
                lines.swap(i, j);
            }
        }
    }
    lines.join(&b'\n')
}

/// Type-checks one file alone and, if it is well-typed, analyses it.
/// Returns whether it was analysed.
fn analyse(pipeline: &Pipeline, path: &str, src: Vec<u8>) -> bool {
    pipeline
        .analyze_sources("p", vec![(PathBuf::from(path), src)])
        .is_ok()
}

#[test]
fn analysis_survives_go_test_files_and_their_mutants() {
    let Some(goroot) = support::goroot_with_tests() else {
        return;
    };
    let settings = Settings::from_env(None)
        .expect("settings")
        .analyse_named(Options {
            level: Level::Explained,
            mutations_calls: true,
        });
    let pipeline = Pipeline::new(settings).expect("pipeline");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in ["test", "test/fixedbugs", "test/typeparam"] {
        let Ok(entries) = std::fs::read_dir(goroot.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "go") {
                if let Ok(src) = std::fs::read(&path) {
                    // Imports need the loader; keep self-contained files.
                    let text = String::from_utf8_lossy(&src);
                    if !text.contains("\nimport") {
                        files.push((path.display().to_string(), src));
                    }
                }
            }
        }
    }
    files.sort();
    assert!(files.len() > 500, "only {} files found", files.len());
    let rounds: usize = std::env::var("GOESCAPE_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2);
    // On the pipeline's big-stack threads, where its own calls run inline.
    let results: Vec<(usize, usize, Vec<String>)> = pipeline.pool().install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(i, (path, src))| {
                let mut failures = Vec::new();
                let mut analysed = 0;
                let mut mutants = 0;
                let mut rng = XorShift(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1));
                let inputs = std::iter::once(src.clone())
                    .chain((0..rounds).map(|_| mutate(&mut rng, src)))
                    .enumerate();
                for (round, input) in inputs {
                    let outcome =
                        catch_unwind(AssertUnwindSafe(|| analyse(&pipeline, path, input)));
                    match outcome {
                        Ok(true) if round == 0 => analysed += 1,
                        Ok(true) => mutants += 1,
                        Ok(false) => {}
                        Err(_) => failures.push(format!("{path} (mutant {round})")),
                    }
                }
                (analysed, mutants, failures)
            })
            .collect()
    });
    let analysed: usize = results.iter().map(|r| r.0).sum();
    let mutants: usize = results.iter().map(|r| r.1).sum();
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    println!(
        "{} files without imports; {analysed} well-typed and analysed, \
         {mutants} well-typed mutants analysed; {} panics",
        files.len(),
        failures.len()
    );
    assert!(analysed > 300, "only {analysed} files analysed");
    assert!(
        failures.is_empty(),
        "the analysis panicked on: {failures:#?}"
    );
}
