//! A fixed-seed mutation fuzzer over real Go files: delete, duplicate, swap
//! and insert byte ranges and tokens, then parse on a rayon-sized 2 MiB
//! stack. The parser must return, with every error inside the source and
//! every position printable. `GOESCAPE_FUZZ_ROUNDS` runs longer by hand.

mod common;

use goescape_syntax::{dump, parse_file};

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

const FRAGMENTS: &[&[u8]] = &[
    b"(",
    b")",
    b"{",
    b"}",
    b"[",
    b"]",
    b"func",
    b"\n",
    b";",
    b",",
    b":=",
    b"<-",
    b"...",
    b".",
    b"\"",
    b"`",
    b"'",
    b"/*",
    b"*/",
    b"//",
    b"0x",
    b"1e",
    b"_",
    b"[T any]",
    b"~",
    b"|",
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"//line x.go:1:1\n",
    b"/*line :9*/",
    b"//go:noescape\n",
];

fn mutate(rng: &mut XorShift, src: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = src.len();
        let at = rng.below(len + 1);
        let span = rng.below(64).min(len - at);
        match rng.below(5) {
            0 => {
                src.drain(at..at + span);
            }
            1 => {
                let copy = src[at..at + span].to_vec();
                let to = rng.below(src.len() + 1);
                src.splice(to..to, copy);
            }
            2 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                src.splice(at..at, fragment.iter().copied());
            }
            3 if at < len => src[at] = rng.next() as u8,
            _ => src.truncate(at),
        }
    }
}

/// Parses a mutant; returns how many errors it has.
fn check(name: &str, src: Vec<u8>) -> usize {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let file = parse_file("mutant.go", &src);
            for err in file.errors() {
                assert!(
                    err.pos.0 as usize <= src.len(),
                    "error past the end: {err:?}"
                );
                let _ = file.position(err.pos).to_string();
            }
            let _ = dump(&file);
            file.errors().len()
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("parser panicked on a mutant of {name}"))
}

#[test]
fn mutants_of_real_files_never_crash() {
    let Some(goroot) = common::goroot() else {
        return;
    };
    let files = common::go_files(&goroot.join("src"), true);
    let seeds: Vec<_> = files.iter().step_by(97).collect();
    assert!(seeds.len() > 30, "enough seed files");
    let rounds: usize = std::env::var("GOESCAPE_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3000);
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut broken = 0;
    for _ in 0..rounds {
        let seed = seeds[rng.below(seeds.len())];
        let mut src = std::fs::read(seed).unwrap();
        mutate(&mut rng, &mut src);
        broken += usize::from(check(&seed.display().to_string(), src) > 0);
    }
    eprintln!("{broken} of {rounds} mutants have syntax errors");
    // The mutator must actually break files, or this test proves nothing.
    assert!(
        broken * 2 > rounds,
        "only {broken} of {rounds} mutants were broken"
    );
}
