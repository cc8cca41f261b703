//! The `goescape` binary end to end: output, exit status and error texts.

use std::path::Path;
use std::process::Command;

mod support;

use support::{go_available, goescape, goescape_command, repo_root, stderr, stdout};

#[test]
fn clean_module_exits_zero_with_stats() {
    if !go_available() {
        return;
    }
    let out = goescape(
        &["parse", "--stats", "./..."],
        &repo_root().join("examples/hello"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("files: 1\n"), "{}", stderr(&out));
    assert!(stderr(&out).contains("parse MB/s per core: "));
}

#[test]
fn dash_c_changes_directory_like_go() {
    if !go_available() {
        return;
    }
    let out = goescape(&["parse", "-C", "examples/hello", "./..."], &repo_root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn syntax_errors_print_file_line_col_and_exit_one() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("crates/syntax/tests/broken");
    let out = goescape(&["parse", "bad_octal.go"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "./bad_octal.go:3:12: invalid digit '9' in octal literal\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn unreadable_header_is_reported_once_by_the_parser() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("crates/syntax/tests/broken");
    let out = goescape(&["parse", "missing_package.go"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "./missing_package.go:1:1: syntax error: package statement must be first\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn usage_errors_exit_two() {
    if !go_available() {
        return;
    }
    let root = repo_root();
    let unknown = goescape(&["parse", "--frobnicate", "./..."], &root);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown flag -frobnicate"));

    let missing = goescape(&["parse", "/nonexistent/dir"], &root);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("/nonexistent/dir"),
        "{}",
        stderr(&missing)
    );

    let no_command = goescape(&[], &root);
    assert_eq!(no_command.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let help = goescape(&["--help"], &repo_root());
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("goescape parse [flags] PATTERN..."));
    let version = goescape(&["--version"], &repo_root());
    assert_eq!(
        stdout(&version),
        format!("goescape {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn types_checks_a_clean_module_and_its_imports() {
    if !go_available() {
        return;
    }
    let out = goescape(
        &["types", "--stats", "./..."],
        &repo_root().join("examples/hello"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("packages: "), "{}", stderr(&out));
}

#[test]
fn types_checks_std_with_cgo_files() {
    if !go_available() {
        return;
    }
    // With cgo on, files importing "C" are checked as go/types does with
    // FakeImportC: `C.x` is silently invalid.
    let out = goescape_command()
        .args(["types", "--stats", "std"])
        .current_dir(repo_root())
        .env("GOFLAGS", "")
        .env("CGO_ENABLED", "1")
        .output()
        .expect("goescape runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("packages: 362\n"), "{}", stderr(&out));
}

#[test]
fn type_errors_print_file_line_col_and_exit_one() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("crates/types/tests/illtyped");
    let out = goescape(&["types", "mismatched_types.go"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "./mismatched_types.go:4:6: invalid operation: a + b (mismatched types int and string)\n"
    );
    assert_eq!(stdout(&out), "");
}

/// The README's first command: escape analysis of the example module
/// prints exactly what `go build -a -gcflags='-m -l'` prints there (as a
/// sorted list of lines: the go command's order varies).
#[test]
fn escape_analysis_of_the_example_matches_go_build() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("examples/hello");
    let ours = goescape(&["-m", "-l", "./..."], &dir);
    assert_eq!(ours.status.code(), Some(0), "{}", stderr(&ours));
    let gc = Command::new("go")
        .args(["build", "-a", "-gcflags=-m -l", "-o"])
        .arg(std::env::temp_dir().join("goescape-cli-test-hello"))
        .arg(".")
        .current_dir(&dir)
        .env("GOFLAGS", "")
        .env("CGO_ENABLED", "0")
        .output()
        .expect("go build runs");
    assert!(gc.status.success(), "{}", stderr(&gc));
    let sorted = |text: String| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    let ours = sorted(stdout(&ours));
    assert!(ours.iter().any(|l| l == "./main.go:16:2: moved to heap: p"));
    assert_eq!(ours, sorted(stderr(&gc)));
}

#[test]
fn escape_flags_in_gc_order() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("examples/hello");
    let a = goescape(&["-m", "-l", "."], &dir);
    let b = goescape(&["-l", "-m=1", "."], &dir);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(stdout(&a), stdout(&b));
    let m2 = goescape(&["-m=2", "-l", "."], &dir);
    assert!(stdout(&m2).contains("  flow: "), "{}", stdout(&m2));
}

#[test]
fn format_json_prints_one_record_per_gc_line() {
    if !go_available() {
        return;
    }
    let dir = repo_root().join("examples/hello");
    let gc = goescape(&["-m", "-l", "./..."], &dir);
    let json = goescape(&["-m", "-l", "--format=json", "./..."], &dir);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let rebuilt: Vec<String> = stdout(&json)
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
            assert_eq!(record["package"], "example.com/hello", "{line}");
            let (file, row, col) = (&record["file"], &record["line"], &record["column"]);
            let message = record["message"].as_str().expect("a message");
            format!("{}:{row}:{col}: {message}", file.as_str().expect("a file"))
        })
        .collect();
    let gc_text = stdout(&gc);
    let mut gc_lines = gc_text.lines();
    assert_eq!(gc_lines.next(), Some("# example.com/hello"));
    let expected: Vec<&str> = gc_lines.collect();
    assert!(expected.contains(&"./main.go:16:2: moved to heap: p"));
    assert_eq!(rebuilt, expected);
}

/// A generic type whose fields instantiate it with ever larger type
/// arguments (`node[V]` holding `*node[box[V]]`) must not be expanded
/// without end: the analysis finishes, whatever it reports. (gc rejects
/// the program as an instantiation cycle; the checker does not yet.)
#[test]
fn infinitely_expanding_generic_type_terminates() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("main.go"),
        "package main\n\ntype node[V any] struct {\n\tnext  *node[box[V]]\n\tvalue V\n}\n\n\
         type box[V any] struct{ v V }\n\nvar x node[int]\n\nfunc main() { _ = x }\n",
    )
    .expect("write");
    let out = goescape(&["-m", "-l", "main.go"], dir.path());
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "status {:?}: {}",
        out.status,
        stderr(&out)
    );
}

/// A generic function that instantiates itself with ever larger type
/// arguments (`f[[]T]` in `f[T]`) must not be expanded without end, even
/// though shape types (`go.shape.[]int`) hide how deep the arguments nest.
#[test]
fn self_instantiating_generic_function_terminates() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("main.go"),
        "package main\n\nfunc f[T interface{ ~[]P }, P any](t T) {\n\tif t == nil {\n\t\treturn\n\t}\n\
         \tf[[]T, T]([]T{t})\n}\n\nfunc main() { f[[]int](nil) }\n",
    )
    .expect("write");
    let out = goescape(&["-m", "-l", "main.go"], dir.path());
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "status {:?}: {}",
        out.status,
        stderr(&out)
    );
}

/// A package with errors gets them on stderr, under its header as the go
/// command prints them; the healthy packages beside it are still
/// analysed, and the exit status says something failed.
#[test]
fn a_broken_package_does_not_hide_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("go.mod"), "module m\n\ngo 1.26\n").expect("write");
    for (pkg, src) in [
        (
            "good",
            "package good\n\nfunc F() *int { x := 1; return &x }\n",
        ),
        ("bad", "package bad\n\nfunc G() int { return y }\n"),
        (
            "user",
            "package user\n\nimport \"m/bad\"\n\nfunc H() int { return bad.G() }\n",
        ),
    ] {
        std::fs::create_dir(root.join(pkg)).expect("mkdir");
        std::fs::write(root.join(pkg).join(format!("{pkg}.go")), src).expect("write");
    }
    let out = goescape(&["-m", "-l", "./..."], root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "# m/good\ngood/good.go:3:17: moved to heap: x\n"
    );
    assert_eq!(stderr(&out), "# m/bad\nbad/bad.go:3:23: undefined: y\n");
}

/// A reader that goes away (`| head -1`) ends the run quietly: no panic,
/// no error message, a clean exit.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    if !go_available() {
        return;
    }
    let mut child = goescape_command()
        .args(["-m=2", "-l", "std"])
        .env("GOFLAGS", "")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("goescape runs");
    let mut first = [0u8; 64];
    let mut stdout = child.stdout.take().expect("stdout");
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let status = child.wait().expect("goescape ends");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(err, "");
}

/// Types and callees in messages print as gc prints them (struct tags,
/// methods of imported generic types): tests/gc_printing against
/// `go build -gcflags='-m -l'`, line for line.
#[test]
fn messages_print_types_as_gc_does() {
    if !go_available() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gc_printing");
    let ours = goescape(&["-m", "-l", "./..."], &dir);
    assert_eq!(ours.status.code(), Some(0), "{}", stderr(&ours));
    let gc = Command::new("go")
        .args(["build", "-a", "-gcflags=-m -l", "-o"])
        .arg(std::env::temp_dir().join("goescape-cli-test-gc-printing"))
        .arg(".")
        .current_dir(&dir)
        .env("GOFLAGS", "")
        .env("CGO_ENABLED", "0")
        .output()
        .expect("go build runs");
    assert!(gc.status.success(), "{}", stderr(&gc));
    let sorted = |text: String| {
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    };
    let gc_lines = sorted(stderr(&gc));
    assert!(gc_lines.iter().any(|l| l.contains(r#""json:\"field\"""#)));
    assert_eq!(sorted(stdout(&ours)), gc_lines);
}

/// Bad input never passes silently: each case exits 1 with the go
/// command's error on stderr, and nothing on stdout.
#[test]
fn bad_input_gets_an_error_and_exit_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("go.mod"), "module m\n\ngo 1.26\n").expect("write");
    let file = |path: &str, src: &[u8]| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, src).expect("write");
    };
    file("bytes/x.go", &[0xff, 0xfe, 0x00, 0x81, 0x12]);
    file("empty/x.go", b"");
    file("nopkg/x.go", b"func F() {}\n");
    file("two/a.go", b"package a\n");
    file("two/b.go", b"package b\n");
    file("excluded/x.go", b"//go:build ignore\n\npackage excluded\n");
    file("testonly/x_test.go", b"package testonly\n");
    std::fs::create_dir(root.join("dangling")).expect("mkdir");
    std::os::unix::fs::symlink("/nonexistent/x.go", root.join("dangling/x.go")).expect("link");
    std::fs::create_dir(root.join("loop")).expect("mkdir");
    std::os::unix::fs::symlink("y.go", root.join("loop/x.go")).expect("link");
    std::os::unix::fs::symlink("x.go", root.join("loop/y.go")).expect("link");
    for (pattern, error) in [
        ("./bytes", "bytes/x.go:1:1: illegal UTF-8 encoding"),
        ("./empty", "empty/x.go:1:1: expected 'package', found 'EOF'"),
        (
            "./nopkg",
            "nopkg/x.go:1:1: expected 'package', found 'func'",
        ),
        ("./two", "found packages a (a.go) and b (b.go) in "),
        ("./excluded", "build constraints exclude all Go files in "),
        ("./testonly", "no non-test Go files in "),
        ("./dangling", "dangling/x.go: no such file or directory"),
        ("./loop", "loop/x.go: too many levels of symbolic links"),
        ("./nope", "nope/: no such file or directory"),
        ("./nope/...", "nope/: no such file or directory"),
        ("nosuch.go", "nosuch.go: no such file or directory"),
    ] {
        let out = goescape(&["-m", "-l", pattern], root);
        assert_eq!(out.status.code(), Some(1), "{pattern}: {}", stderr(&out));
        assert!(stderr(&out).contains(error), "{pattern}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{pattern}");
    }
    // A wildcard skips a test-only directory, as go build does.
    let out = goescape(&["-m", "-l", "./testonly/..."], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
