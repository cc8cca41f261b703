//! `goescape check`, `goescape baseline save` and `goescape diff` end to
//! end, on the module fixtures/check copied to a temporary directory
//! (the tests edit it).

mod support;

use std::path::Path;
use std::process::Command;

use support::{go_available, goescape, repo_root, stderr, stdout};

/// A copy of fixtures/check to edit.
fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo_root().join("fixtures/check"), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Replaces `old`, which must be there, by `new` in file `path`.
fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).expect("read source");
    assert!(text.contains(old), "{} lacks {old:?}", path.display());
    std::fs::write(path, text.replacen(old, new, 1)).expect("write source");
}

const NOHEAP_VIOLATIONS: &str = "\
noheap/noheap.go:24:2: moved to heap: p in origin, which is marked //goescape:noheap
noheap/noheap.go:32:2: moved to heap: n in counter, which is marked //goescape:noheap
noheap/noheap.go:33:9: func literal escapes to heap in counter, which is marked //goescape:noheap
noheap/noheap.go:35:10: &point{...} escapes to heap in counter.func1, inside counter, which is marked //goescape:noheap
";

const GCASSERT_NOTES: &str = "\
gcassert/gcassert.go:28:15: note: //gcassert:bce not checked: bounds-check elimination (the SSA prove pass) is not modelled
gcassert/gcassert.go:31:1: note: //gcassert:inline not checked: inlining is not modelled
";

const GCASSERT_VIOLATIONS: &str = "\
gcassert/gcassert.go:11:2: moved to heap: b, on a line marked //gcassert:noescape
gcassert/gcassert.go:22:11: leaking param: p, on a line marked //gcassert:noescape
";

#[test]
fn noheap_fails_on_each_heap_site_until_fixed() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    let out = goescape(&["check", "./noheap"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out), NOHEAP_VIOLATIONS);
    assert_eq!(stdout(&out), "");

    let file = dir.path().join("noheap/noheap.go");
    edit(
        &file,
        "\tp := point{x: x}\n\treturn &p",
        "\tsink.x = x\n\treturn sink",
    );
    edit(
        &file,
        "func counter() func() int {\n\tn := 0\n\treturn func() int {\n\t\tn++\n\t\tsink = &point{x: n}\n\t\treturn n\n\t}\n}",
        "func counter() int {\n\tn := 0\n\tbump := func() { n++ }\n\tbump()\n\treturn n\n}",
    );
    let out = goescape(&["check", "./noheap"], dir.path());
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));
}

#[test]
fn gcassert_noescape_fails_on_its_line_and_unmodelled_directives_get_notes() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    let out = goescape(&["check", "./gcassert"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("{GCASSERT_NOTES}{GCASSERT_VIOLATIONS}")
    );

    let file = dir.path().join("gcassert/gcassert.go");
    edit(
        &file,
        "\tb := buf{}\n\treturn &b",
        "\tvar b *buf\n\treturn b",
    );
    edit(&file, "\tsink = p", "\t_ = p");
    let out = goescape(&["check", "./gcassert"], dir.path());
    // Notes do not fail the check.
    assert_eq!(
        (out.status.code(), stderr(&out)),
        (Some(0), GCASSERT_NOTES.to_owned())
    );
}

/// What check reports as heap sites, gc reports the same way at the same
/// place: each violation, up to the words check adds, is a line of
/// `go build -gcflags='-m -l'`.
#[test]
fn violations_are_heap_sites_for_gc() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    let gc = Command::new("go")
        .args(["build", "-gcflags=-m -l", "./noheap", "./gcassert"])
        .current_dir(dir.path())
        .env("GOFLAGS", "")
        .output()
        .expect("go build runs");
    assert!(gc.status.success(), "{}", stderr(&gc));
    let gc_lines = stderr(&gc);
    let gc_lines: Vec<&str> = gc_lines.lines().collect();
    let violations = format!("{NOHEAP_VIOLATIONS}{GCASSERT_VIOLATIONS}");
    for violation in violations.lines() {
        let gc_line = violation
            .split_once(", on a line marked")
            .or_else(|| violation.split_once(" in "))
            .map_or(violation, |(line, _)| line);
        assert!(
            gc_lines.contains(&gc_line),
            "gc does not report {gc_line:?}: {gc_lines:#?}"
        );
    }
}

#[test]
fn malformed_directives_are_errors_at_their_position() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    std::fs::write(
        dir.path().join("sites/bad.go"),
        "package sites\n\n//goescape:noheap please\nfunc a() {}\n\n//goescape:nohep\nfunc b() {}\n\n//goescape:noheap\n\nfunc c() {}\n\nvar d = 1 //goescape:noheap\n\nfunc e() {\n\t_ = 1 //gcassert:noescpe,bce\n}\n\n//gcassert:noescape\n",
    )
    .expect("write bad.go");
    let out = goescape(&["check", "./sites"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "\
sites/bad.go:3:1: //goescape:noheap takes no arguments
sites/bad.go:6:1: unknown directive //goescape:nohep (goescape knows //goescape:noheap)
sites/bad.go:9:1: //goescape:noheap must be in the doc comment of a function declaration
sites/bad.go:13:11: //goescape:noheap must be in the doc comment of a function declaration
sites/bad.go:16:8: unknown directive //gcassert:noescpe (gcassert knows inline, bce, noescape)
sites/bad.go:16:8: note: //gcassert:bce not checked: bounds-check elimination (the SSA prove pass) is not modelled
sites/bad.go:19:1: //gcassert:noescape is followed by no code
"
    );
}

#[test]
fn a_baseline_survives_moved_lines_and_catches_a_new_heap_site() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    let baseline = dir.path().join("escapes.jsonl");
    let baseline_arg = baseline.to_str().expect("UTF-8 temp path");
    let save = goescape(&["baseline", "save", baseline_arg, "./sites"], dir.path());
    assert_eq!(save.status.code(), Some(0), "{}", stderr(&save));
    assert_eq!(
        std::fs::read_to_string(&baseline).expect("baseline written"),
        "\
{\"goescape_baseline\":1}
{\"package\":\"example.com/check/sites\",\"function\":\"describe\",\"kind\":\"escapes\",\"expr\":\"v\",\"occurrence\":0}
{\"package\":\"example.com/check/sites\",\"function\":\"pair\",\"kind\":\"moved_to_heap\",\"expr\":\"a\",\"occurrence\":0}
{\"package\":\"example.com/check/sites\",\"function\":\"pair\",\"kind\":\"moved_to_heap\",\"expr\":\"b\",\"occurrence\":0}
{\"package\":\"example.com/check/sites\",\"function\":\"push\",\"kind\":\"escapes\",\"expr\":\"&node{next: head, val: v}\",\"occurrence\":0}
"
    );
    let check = || {
        goescape(
            &["check", "--baseline", baseline_arg, "./sites"],
            dir.path(),
        )
    };
    let out = check();
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));

    // Every site moves down; none is new.
    let file = dir.path().join("sites/sites.go");
    edit(
        &file,
        "package sites\n",
        "package sites\n\n// Lines above every site.\n\n\n",
    );
    let out = check();
    assert_eq!((out.status.code(), stderr(&out)), (Some(0), String::new()));

    // A second `&node{...}` in push is a new site, though one like it is
    // in the baseline.
    edit(
        &file,
        "\thead = &node{next: head, val: v}\n",
        "\thead = &node{next: head, val: v}\n\thead = &node{next: head, val: v}\n",
    );
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "sites/sites.go:19:9: &node{...} escapes to heap in push, a heap site the baseline does not hold\n"
    );
}

#[test]
fn a_corrupt_or_missing_baseline_is_an_error_not_a_pass() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    let corrupt = dir.path().join("corrupt.jsonl");
    std::fs::write(
        &corrupt,
        "{\"goescape_baseline\":1}\n{\"package\":\"m\",\"function\":\"F\",\"kind\":\"escapes\"\n",
    )
    .expect("write baseline");
    let out = goescape(
        &["check", "--baseline", "corrupt.jsonl", "./sites"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "goescape: corrupt.jsonl:2:46: not a heap site: EOF while parsing an object\n"
    );
    let out = goescape(
        &["check", "--baseline", "missing.jsonl", "./sites"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("goescape: reading missing.jsonl: "),
        "{}",
        stderr(&out)
    );
}

/// `git` in `dir` with a fixed identity, failing the test on an error.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=goescape test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

#[test]
fn diff_lists_the_sites_two_commits_move_to_and_from_the_heap() {
    if !go_available() {
        return;
    }
    let dir = fixture_copy();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "before"]);
    let file = dir.path().join("sites/sites.go");
    // Moved lines, one site gone, one new.
    edit(
        &file,
        "package sites\n",
        "package sites\n\n// Lines above every site.\n",
    );
    edit(&file, "\treturn v\n", "\treturn nil\n");
    edit(
        &file,
        "\thead = &node{next: head, val: v}\n",
        "\tn := node{next: head, val: v}\n\thead = &n\n",
    );
    git(dir.path(), &["commit", "-q", "-a", "-m", "after"]);

    let out = goescape(&["diff", "HEAD~1", "HEAD", "./..."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\
# example.com/check/sites
- describe: v escapes to heap
+ push: moved to heap: n
- push: &node{next: head, val: v} escapes to heap
"
    );
    // From a subdirectory, for the package there.
    let out = goescape(&["diff", "HEAD", "HEAD~1"], &dir.path().join("sites"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("+ describe: v escapes to heap\n"),
        "{}",
        stdout(&out)
    );

    let out = goescape(&["diff", "nosuchrev", "HEAD"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "goescape: unknown revision \"nosuchrev\"\n");

    // A revision that does not type-check has no sites to compare.
    edit(&file, "\treturn nil\n", "\treturn undefined\n");
    git(dir.path(), &["commit", "-q", "-a", "-m", "broken"]);
    let out = goescape(&["diff", "HEAD~1", "HEAD", "./sites"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out)
            == "# example.com/check/sites\n\
                sites/sites.go:29:9: undefined: undefined\n\
                goescape: no diff: HEAD has errors\n",
        "{}",
        stderr(&out)
    );
}
