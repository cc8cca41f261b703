//! Build constraint parsing and evaluation, and file-name suffix rules.

use goescape_load::constraint::{go_build_expr, plus_build_expr};
use goescape_load::{BuildContext, Constraint};

fn context(goos: &str, goarch: &str, cgo: bool, tags: &[&str]) -> BuildContext {
    BuildContext {
        goos: goos.into(),
        goarch: goarch.into(),
        cgo_enabled: cgo,
        build_tags: tags.iter().map(|t| t.to_string()).collect(),
        tool_tags: vec!["goexperiment.greenteagc".into(), "amd64.v1".into()],
        release_tags: (1..=26).map(|minor| format!("go1.{minor}")).collect(),
        toolchain_version: "1.26.0".into(),
    }
}

fn go_build(ctx: &BuildContext, expr: &str) -> bool {
    ctx.matches(&Constraint::parse_go_build(expr).unwrap_or_else(|err| panic!("{expr}: {err}")))
}

fn plus_build(ctx: &BuildContext, expr: &str) -> bool {
    ctx.matches(&Constraint::parse_plus_build(expr).expect("plus build"))
}

#[test]
fn go_build_expressions() {
    let linux = context("linux", "amd64", false, &["custom"]);
    let table: &[(&str, bool)] = &[
        ("linux", true),
        ("windows", false),
        ("linux && amd64", true),
        ("linux && arm64", false),
        ("windows || amd64", true),
        ("!windows", true),
        ("!linux", false),
        ("(linux || windows) && !arm64", true),
        ("linux && (arm64 || 386)", false),
        ("unix", true),
        ("gc", true),
        ("gccgo", false),
        ("cgo", false),
        ("!cgo", true),
        ("go1.1", true),
        ("go1.21 && go1.26", true),
        ("go1.27", false),
        ("custom", true),
        ("ignore", false),
        ("goexperiment.greenteagc", true),
        ("goexperiment.arenas", false),
        ("amd64.v1", true),
        ("amd64.v2", false),
        ("a || b || linux", true),
        ("((linux))", true),
        ("  linux\t&&\tamd64  ", true),
    ];
    for &(expr, want) in table {
        assert_eq!(go_build(&linux, expr), want, "//go:build {expr}");
    }
}

#[test]
fn operating_system_aliases_and_unix() {
    assert!(go_build(
        &context("android", "arm64", false, &[]),
        "linux && unix"
    ));
    assert!(go_build(
        &context("illumos", "amd64", false, &[]),
        "solaris"
    ));
    assert!(go_build(&context("ios", "arm64", false, &[]), "darwin"));
    assert!(!go_build(&context("darwin", "arm64", false, &[]), "ios"));
    assert!(!go_build(&context("windows", "amd64", false, &[]), "unix"));
    assert!(!go_build(&context("js", "wasm", false, &[]), "unix"));
    assert!(!go_build(&context("plan9", "amd64", false, &[]), "unix"));
    assert!(go_build(&context("linux", "amd64", true, &[]), "cgo"));
    let boring = BuildContext {
        tool_tags: vec!["goexperiment.boringcrypto".into()],
        ..context("linux", "amd64", false, &[])
    };
    assert!(
        go_build(&boring, "boringcrypto"),
        "boringcrypto is goexperiment.boringcrypto"
    );
}

#[test]
fn go_build_syntax_errors() {
    for expr in [
        "",
        "linux &&",
        "&& linux",
        "(linux",
        "linux)",
        "!!linux",
        "linux & amd64",
        "linux | amd64",
        "linux amd64",
        "a-b",
        "()",
    ] {
        assert!(
            Constraint::parse_go_build(expr).is_err(),
            "{expr:?} should not parse"
        );
    }
    let err = Constraint::parse_go_build("linux && !!x").unwrap_err();
    assert_eq!(err.message, "double negation not allowed");
    let deep = format!("{}linux{}", "(".repeat(2000), ")".repeat(2000));
    assert!(
        Constraint::parse_go_build(&deep).is_err(),
        "oversized expressions are refused"
    );
}

#[test]
fn plus_build_lines() {
    let linux = context("linux", "amd64", false, &[]);
    let table: &[(&str, bool)] = &[
        ("linux", true),
        ("linux darwin", true),
        ("windows darwin", false),
        ("linux,amd64", true),
        ("linux,arm64", false),
        ("linux,arm64 darwin,amd64", false),
        ("linux,arm64 linux,amd64", true),
        ("!windows", true),
        ("!linux", false),
        ("!windows,!darwin", true),
        ("!", false),
        ("!!linux", false),
        ("bad-tag", false),
        ("", false),
    ];
    for &(expr, want) in table {
        assert_eq!(plus_build(&linux, expr), want, "// +build {expr}");
    }
}

#[test]
fn recognising_constraint_lines() {
    assert_eq!(go_build_expr("//go:build linux"), Some("linux"));
    assert_eq!(go_build_expr("  //go:build   a && b  "), Some("a && b"));
    assert_eq!(go_build_expr("//go:build"), Some(""));
    assert_eq!(go_build_expr("//go:buildx linux"), None);
    assert_eq!(go_build_expr("// go:build linux"), None);
    assert_eq!(plus_build_expr("// +build linux"), Some("linux"));
    assert_eq!(plus_build_expr("//+build linux"), Some("linux"));
    assert_eq!(plus_build_expr("// +buildx linux"), None);
    assert_eq!(plus_build_expr("/* +build linux */"), None);
}

#[test]
fn file_name_suffixes() {
    let linux = context("linux", "amd64", false, &[]);
    let table: &[(&str, bool)] = &[
        ("file.go", true),
        ("file_linux.go", true),
        ("file_windows.go", false),
        ("file_amd64.go", true),
        ("file_arm64.go", false),
        ("file_linux_amd64.go", true),
        ("file_linux_arm64.go", false),
        ("file_windows_amd64.go", false),
        ("file_linux_test.go", true),
        ("file_windows_test.go", false),
        ("file_linux_amd64_test.go", true),
        ("file_darwin_amd64_test.go", false),
        // Only a suffix after an underscore counts.
        ("linux.go", true),
        ("windows.go", true),
        ("windows_test.go", true),
        ("amd64.go", true),
        // The name is cut at its first dot.
        ("file_windows.pb.go", false),
        ("file_linux.pb.go", true),
        // Unknown words are no constraint.
        ("file_foo.go", true),
        ("file_windows_foo.go", true),
        ("file_foo_linux.go", true),
        // GOOS then GOARCH only; other orders are single suffixes.
        ("file_amd64_linux.go", true),
        ("file_amd64_windows.go", false),
        // Historical names stay known.
        ("file_nacl.go", false),
        ("file_amd64p32.go", false),
        ("file_test.go", true),
    ];
    for &(name, want) in table {
        assert_eq!(linux.matches_file_name(name), want, "{name}");
    }
    let android = context("android", "arm64", false, &[]);
    assert!(
        android.matches_file_name("x_linux.go"),
        "android builds _linux files"
    );
    assert!(android.matches_file_name("x_android_arm64.go"));
    assert!(!android.matches_file_name("x_linux_amd64.go"));
}
