//! The cache of results end to end: a hit prints what a miss prints,
//! damaged entries are rebuilt, a changed input or setting never reuses
//! an entry, an unchanged import is not analysed again (its summary
//! stands in for it, and prints what analysing it would), and an
//! unusable cache only costs a warning.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod support;

use goescape_pipeline::cache::DEFAULT_SIZE_LIMIT;
use goescape_pipeline::Cache;
use support::{go_available, goescape_command, stderr, stdout};

/// A module of four packages, `a` importing `b` importing `c`, and `d`
/// alone, each with findings; and a cache directory of its own.
struct Module {
    root: tempfile::TempDir,
    cache: PathBuf,
}

const FILES: &[(&str, &str)] = &[
    ("go.mod", "module example.com/m\n\ngo 1.22\n"),
    (
        "a/a.go",
        "package a\n\nimport \"example.com/m/b\"\n\nfunc Use() int {\n\tbuf := make([]byte, 8)\n\treturn len(buf) + *b.Twice() + len(b.Bytes(\"x\"))\n}\n",
    ),
    (
        "b/b.go",
        "package b\n\nimport \"example.com/m/c\"\n\nfunc Twice() *int {\n\tp := c.New()\n\t*p *= 2\n\treturn p\n}\n\nfunc Bytes(s string) []byte {\n\treturn []byte(s)\n}\n",
    ),
    (
        "c/c.go",
        "package c\n\nfunc New() *int {\n\tx := 1\n\treturn &x\n}\n",
    ),
    ("d/d.go", "package d\n\nfunc Keep(p *int) *int {\n\treturn p\n}\n"),
];

impl Module {
    fn new() -> Module {
        let root = tempfile::tempdir().expect("temporary directory");
        for (name, contents) in FILES {
            let path = root.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, contents).unwrap();
        }
        let cache = root.path().join("cache");
        Module { root, cache }
    }

    /// `goescape ARGS ./...` in the module with this environment, which
    /// succeeds.
    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let out = self.output(args, env);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    }

    /// `goescape ARGS ./...` in the module with this environment.
    fn output(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = goescape_command();
        command
            .args(args)
            .arg("--stats")
            .arg("./...")
            .current_dir(self.root.path())
            .env("GOFLAGS", "")
            .env("GOESCAPECACHE", &self.cache);
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("goescape runs")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn append(&self, file: &str, text: &str) {
        let path = self.root.path().join(file);
        let mut contents = fs::read_to_string(&path).unwrap();
        contents.push_str(text);
        fs::write(path, contents).unwrap();
    }

    /// The cache's entry files.
    fn entries(&self) -> Vec<PathBuf> {
        Cache::open(self.cache.clone(), DEFAULT_SIZE_LIMIT)
            .and_then(|cache| cache.files())
            .expect("a readable cache")
    }

    /// The cache's entry files: packages' summaries (told by their magic,
    /// as payloads are stored as they are), then outputs.
    fn summaries_and_outputs(&self) -> (Vec<PathBuf>, Vec<PathBuf>) {
        self.entries().into_iter().partition(|entry| {
            let bytes = fs::read(entry).unwrap();
            bytes.windows(7).any(|w| w == b"GOESSUM")
        })
    }
}

/// A number `--stats` printed: `cache hits`, `packages checked`.
fn stat(out: &Output, name: &str) -> usize {
    let text = stderr(out);
    let line = text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {text}"));
    line.parse().unwrap()
}

/// Each package's output (in the gc format, its `# importpath` header
/// and lines; in JSON, a line), sorted: packages come in no fixed order.
fn package_blocks(text: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("# ") || line.starts_with('{') || blocks.is_empty() {
            blocks.push(String::new());
        }
        blocks.last_mut().unwrap().push_str(line);
    }
    blocks.sort();
    blocks
}

fn warnings(out: &Output) -> usize {
    stderr(out).matches("warning").count()
}

#[test]
fn a_hit_prints_what_a_miss_prints_and_checks_nothing() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    for format in ["gc", "json"] {
        let uncached = module.run(&["-m", "-l", "--format", format, "--no-cache"]);
        let miss = module.run(&["-m", "-l", "--format", format]);
        let hit = module.run(&["-m", "-l", "--format", format]);
        assert!(
            stdout(&uncached).contains("moved to heap: x"),
            "{}",
            stdout(&uncached)
        );
        // A miss streams packages as they finish, a hit in dependency
        // order: the same packages, each whole.
        let packages = |out: &Output| package_blocks(&stdout(out));
        assert_eq!(packages(&miss), packages(&uncached), "{format}");
        assert_eq!(packages(&hit), packages(&uncached), "{format}");
        assert_eq!(stat(&miss, "cache hits"), 0, "{format}");
        assert_eq!(stat(&hit, "cache hits"), 4, "{format}");
        assert_eq!(stat(&hit, "packages checked"), 0, "{format}");
    }
}

/// Damages `entries`: the first truncated, the second garbage, the
/// others replaced by `foreign`, another entry's whole file.
fn damage(entries: &[PathBuf], foreign: &[u8]) {
    let whole = fs::read(&entries[0]).unwrap();
    fs::write(&entries[0], &whole[..whole.len() / 2]).unwrap();
    fs::write(&entries[1], b"not an entry at all").unwrap();
    for entry in &entries[2..] {
        fs::write(entry, foreign).unwrap();
    }
}

#[test]
fn truncated_garbage_and_foreign_entries_are_rebuilt() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    let first = module.run(&["-m", "-l"]);
    let (summaries, mut outputs) = module.summaries_and_outputs();
    assert_eq!((summaries.len(), outputs.len()), (4, 4));
    // The output left whole is `d`'s, whose key needs no import's
    // summary. Entries are named by hashes of keys that hold the temporary
    // directory's path, so their order differs from run to run; when the
    // whole one was `a`'s, under two levels of damaged summaries, it was
    // not hit (a missed hit, not a wrong output: see the session notes).
    let is_d = |entry: &PathBuf| fs::read(entry).unwrap().windows(6).any(|w| w == b"d/d.go");
    outputs.sort_by_key(is_d);
    assert!(is_d(&outputs[3]), "no output entry holds d's lines");
    let foreign = fs::read(&outputs[3]).unwrap();
    damage(&outputs[..3], &foreign);
    damage(&summaries, &foreign);
    let rebuilt = module.run(&["-m", "-l"]);
    assert_eq!(stat(&rebuilt, "cache hits"), 1);
    let again = module.run(&["-m", "-l"]);
    assert_eq!(stat(&again, "cache hits"), 4);
    let expected = package_blocks(&stdout(&first));
    assert_eq!(package_blocks(&stdout(&rebuilt)), expected);
    assert_eq!(package_blocks(&stdout(&again)), expected);
    // Damaged summaries are not read: after an edit of `a`, its imports
    // are analysed again where their summaries were not rewritten.
    damage(&summaries, &foreign);
    module.append("a/a.go", "\n// edited\n");
    let edited = module.run(&["-m", "-l"]);
    assert_eq!(stat(&edited, "cache hits"), 3);
    assert_eq!(stat(&edited, "packages analysed"), 3);
    assert_eq!(package_blocks(&stdout(&edited)), expected);
    module.append("a/a.go", "\n// edited again\n");
    let summarized = module.run(&["-m", "-l"]);
    assert_eq!(stat(&summarized, "packages analysed"), 1);
    assert_eq!(package_blocks(&stdout(&summarized)), expected);
}

#[test]
fn concurrent_runs_leave_a_sound_cache() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    let expected = package_blocks(&stdout(&module.run(&["-m", "-l", "--no-cache"])));
    let children: Vec<_> = (0..4)
        .map(|_| {
            goescape_command()
                .args(["-m", "-l", "./..."])
                .current_dir(module.root.path())
                .env("GOFLAGS", "")
                .env("GOESCAPECACHE", &module.cache)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("goescape starts")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(warnings(&out), 0, "{}", stderr(&out));
        assert_eq!(package_blocks(&stdout(&out)), expected);
    }
    let after = module.run(&["-m", "-l"]);
    assert_eq!(stat(&after, "cache hits"), 4);
    assert_eq!(package_blocks(&stdout(&after)), expected);
}

#[test]
fn an_unusable_cache_gives_one_warning_and_the_right_output() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    let expected = package_blocks(&stdout(&module.run(&["-m", "-l", "--no-cache"])));
    let check = |cache: &Path, what: &str| {
        let cache = cache.to_str().unwrap();
        for _ in 0..2 {
            let out = module.run_with(&["-m", "-l"], &[("GOESCAPECACHE", cache)]);
            assert_eq!(warnings(&out), 1, "{what}: {}", stderr(&out));
            assert_eq!(package_blocks(&stdout(&out)), expected, "{what}");
        }
    };
    // A directory that cannot be created: a file is in the way.
    let file = module.root.path().join("file");
    fs::write(&file, b"").unwrap();
    check(&file.join("cache"), "below a file");
    // A directory whose entries cannot be written (as when it is full):
    // every entry subdirectory name is taken by a file.
    let blocked = module.root.path().join("blocked");
    fs::create_dir(&blocked).unwrap();
    for byte in 0..=255u8 {
        fs::write(blocked.join(format!("{byte:02x}")), b"").unwrap();
    }
    check(&blocked, "entries blocked");
    // A read-only directory, unless this user writes anyway (root).
    let read_only = module.root.path().join("read-only");
    fs::create_dir(&read_only).unwrap();
    set_mode(&read_only, 0o555);
    if fs::write(read_only.join("probe"), b"").is_ok() {
        eprintln!("read-only directories are writable for this user: checked the cases above only");
    } else {
        check(&read_only, "read-only");
    }
    set_mode(&read_only, 0o755);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Environment variables of a run.
type Env<'a> = &'a [(&'a str, &'a str)];

#[test]
fn a_changed_setting_never_reuses_entries() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    let settings: &[(&[&str], Env)] = &[
        (&["-m", "-l"], &[("GOARCH", "amd64")]),
        (&["-m", "-l"], &[("GOARCH", "arm64")]),
        (&["-m", "-l", "-tags", "special"], &[("GOARCH", "amd64")]),
        (&["-m=2", "-l"], &[("GOARCH", "amd64")]),
        (&["-m", "-l"], &[("GOARCH", "amd64"), ("CGO_ENABLED", "0")]),
        (
            &["-m", "-l"],
            &[("GOARCH", "amd64"), ("GOEXPERIMENT", "jsonv2")],
        ),
        (&["-m", "-l", "--format", "json"], &[("GOARCH", "amd64")]),
    ];
    for (i, (args, env)) in settings.iter().enumerate() {
        let first = module.run_with(args, env);
        let hits = if i == 0 {
            0
        } else {
            stat(&first, "cache hits")
        };
        assert_eq!(hits, 0, "{args:?} {env:?} reused entries");
        let second = module.run_with(args, env);
        assert_eq!(stat(&second, "cache hits"), 4, "{args:?} {env:?}");
    }
}

#[test]
fn an_edit_reanalyses_importers_only_when_the_export_changes() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    module.run(&["-m", "-l"]);
    // (file edited, text appended, then packages that still hit, checked
    // and analysed). A package whose export (its summary: tags, prices,
    // declarations) is unchanged leaves its importers' keys alone: after
    // a comment or a body edit only the edited package is analysed. A
    // changed export is learnt by a first round that checks and analyses
    // the edited package; a second checks the importers with their
    // imports, analysing only the importers.
    let added = "\nfunc Added() {}\n";
    for (file, text, hits, checked, analysed) in [
        ("b/b.go", added, 2, 2 + 3, 2),
        ("c/c.go", added, 1, 1 + 3, 3),
        ("d/d.go", added, 3, 1, 1),
        ("a/a.go", added, 3, 3, 1),
        ("c/c.go", "\n// a comment\n", 3, 1, 1),
    ] {
        module.append(file, text);
        let out = module.run(&["-m", "-l"]);
        assert_eq!(stat(&out, "cache hits"), hits, "after editing {file}");
        assert_eq!(
            stat(&out, "packages checked"),
            checked,
            "after editing {file}"
        );
        assert_eq!(
            stat(&out, "packages analysed"),
            analysed,
            "after editing {file}"
        );
        let uncached = module.run(&["-m", "-l", "--no-cache"]);
        let expected = package_blocks(&stdout(&uncached));
        assert_eq!(package_blocks(&stdout(&out)), expected, "{file}");
    }
    // An edit of the body of a function importers cannot inline (it
    // starts a goroutine) that changes no tag: only b is analysed, and a
    // hits.
    module.append("b/b.go", "\nfunc Spawn() {\n\tgo func() {}()\n}\n");
    module.run(&["-m", "-l"]);
    let path = module.root.path().join("b/b.go");
    let contents = fs::read_to_string(&path).unwrap();
    fs::write(&path, contents.replace("go func() {}()", "go Spawn()")).unwrap();
    let out = module.run(&["-m", "-l"]);
    assert_eq!(stat(&out, "cache hits"), 3);
    assert_eq!(stat(&out, "packages checked"), 2);
    assert_eq!(stat(&out, "packages analysed"), 1);
    let uncached = module.run(&["-m", "-l", "--no-cache"]);
    assert_eq!(
        package_blocks(&stdout(&out)),
        package_blocks(&stdout(&uncached))
    );
}

/// Importers inline an inlinable function's body, calls included: an edit
/// of such a body changes what its importers print, so it reaches them
/// even though the function's tags and price stay.
#[test]
fn an_inlinable_body_edit_reaches_importers() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    module.append(
        "c/c.go",
        "\nfunc One() int {\n\treturn 1\n}\n\nfunc Two() int {\n\treturn 2\n}\n\nfunc Small() int {\n\treturn One()\n}\n",
    );
    module.append("b/b.go", "\nfunc Inlined() int {\n\treturn c.Small()\n}\n");
    module.append("a/a.go", "\nfunc Calls() int {\n\treturn b.Inlined()\n}\n");
    let before = module.run(&["-m"]);
    assert!(
        stdout(&before).contains("inlining call to c.One"),
        "{}",
        stdout(&before)
    );
    let path = module.root.path().join("c/c.go");
    let contents = fs::read_to_string(&path).unwrap();
    fs::write(&path, contents.replace("return One()", "return Two()")).unwrap();
    let after = module.run(&["-m"]);
    let uncached = module.run(&["-m", "--no-cache"]);
    assert!(
        stdout(&uncached).contains("inlining call to c.Two"),
        "{}",
        stdout(&uncached)
    );
    assert_eq!(
        package_blocks(&stdout(&after)),
        package_blocks(&stdout(&uncached))
    );
}

/// Every std package analysed against its imports' summaries prints
/// what it prints when they are analysed from source: a first run in
/// JSON keeps every package's summary, and the gc run after it, which
/// finds no output of its format, analyses each package with its
/// imports' tags and prices read from their summaries. `-m=2` without
/// `-l` prints the explanations (tags) and the inlining costs (prices).
#[test]
fn std_analysed_from_summaries_prints_what_it_prints_from_source() {
    if !go_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let run = |args: &[&str]| {
        let out = goescape_command()
            .args(args)
            .args(["--stats", "std"])
            .current_dir(dir.path())
            .env("GOFLAGS", "")
            .env("GOESCAPECACHE", dir.path().join("cache"))
            .output()
            .expect("goescape runs");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out
    };
    let from_source = run(&["-m=2", "--no-cache"]);
    let first = run(&["-m=2", "--format", "json"]);
    assert_eq!(stat(&first, "cache hits"), 0);
    let from_summaries = run(&["-m=2"]);
    assert_eq!(stat(&from_summaries, "cache hits"), 0);
    let packages = stat(&from_summaries, "packages checked");
    assert!(packages > 300, "{packages} std packages");
    assert_eq!(stat(&from_summaries, "packages analysed"), packages);
    let expected = stdout(&from_source);
    assert!(expected.contains("leaking param"), "{expected}");
    assert_eq!(
        package_blocks(&stdout(&from_summaries)),
        package_blocks(&expected)
    );
}

#[test]
fn clean_empties_the_cache() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    module.run(&["-m", "-l"]);
    assert_eq!(module.entries().len(), 8);
    let clean = goescape_command()
        .args(["clean", "-cache"])
        .env("GOESCAPECACHE", &module.cache)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(module.entries().is_empty());
    assert_eq!(stat(&module.run(&["-m", "-l"]), "cache hits"), 0);
}

#[test]
fn named_packages_with_errors_are_reported_on_every_run() {
    if !go_available() {
        return;
    }
    let module = Module::new();
    fs::create_dir(module.root.path().join("e")).unwrap();
    fs::write(
        module.root.path().join("e/e.go"),
        "package e\n\nvar x int = \"s\"\n",
    )
    .unwrap();
    // Only d is reported; the other named packages are compiled silently.
    for _ in 0..2 {
        let out = module.output(&["-gcflags=example.com/m/d=-m -l"], &[]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("e/e.go:3:13"), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("leaking param: p to result"),
            "{}",
            stdout(&out)
        );
    }
}
