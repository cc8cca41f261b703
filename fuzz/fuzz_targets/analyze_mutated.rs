//! Structure-aware: the input picks one of the self-contained Go files of
//! `$GOROOT/test` (well-typed programs that import nothing) and a list of
//! line edits (delete, duplicate, swap, swap two tokens' worth of bytes);
//! the edited program goes through the whole pipeline at -m=2. Most edits
//! keep the program parseable, so the checker and the analysis see far
//! more well-typed and nearly well-typed code than random bytes give.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use goescape_escape::{Level, Options};
use goescape_pipeline::{Pipeline, Settings};
use libfuzzer_sys::fuzz_target;

struct Corpus {
    pipeline: Pipeline,
    files: Vec<Vec<u8>>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let settings = Settings::from_env(None)
            .expect("settings from the environment")
            .analyse_named(Options {
                level: Level::Explained,
                mutations_calls: true,
            });
        let goroot = settings.load.goroot.clone();
        let mut files = Vec::new();
        for dir in ["test", "test/fixedbugs", "test/typeparam"] {
            let Ok(entries) = std::fs::read_dir(goroot.join(dir)) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if path.extension().is_some_and(|e| e == "go") {
                    if let Ok(src) = std::fs::read(&path) {
                        if !String::from_utf8_lossy(&src).contains("\nimport") {
                            files.push(src);
                        }
                    }
                }
            }
        }
        assert!(!files.is_empty(), "no Go files under {}/test", goroot.display());
        Corpus {
            pipeline: Pipeline::new(settings).expect("pipeline"),
            files,
        }
    })
}

/// Applies the edits `ops` (3 bytes each: what, where, where-else) to the
/// lines of `src`.
fn edit(src: &[u8], ops: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = src.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    for op in ops.chunks_exact(3) {
        let n = lines.len().max(1);
        let (i, j) = (op[1] as usize * n / 256, op[2] as usize * n / 256);
        if i >= lines.len() || j >= lines.len() {
            continue;
        }
        match op[0] % 4 {
            0 if lines.len() > 1 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(j, line);
            }
            2 => lines.swap(i, j),
            _ => {
                // Replace a line's tail with another line's tail: mixes
                // expressions and types across declarations.
                let (a, b) = (lines[i].clone(), lines[j].clone());
                let cut_a = a.len() / 2;
                let cut_b = b.len() / 2;
                let mut mixed = a[..cut_a].to_vec();
                mixed.extend_from_slice(&b[cut_b..]);
                lines[i] = mixed;
            }
        }
    }
    lines.join(&b'\n')
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, ops)) = data.split_first() else {
        return;
    };
    let corpus = corpus();
    let index = (usize::from(pick) * 7919 + ops.len()) % corpus.files.len();
    let src = edit(&corpus.files[index], ops);
    let _ = corpus
        .pipeline
        .analyze_sources("p", vec![(PathBuf::from("fuzz.go"), src)]);
});
