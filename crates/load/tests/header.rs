//! The Go file header reader.

use goescape_load::header::{parse_header, read_file_header, FileHeader};

fn header(src: &str) -> FileHeader {
    parse_header(src.as_bytes()).unwrap_or_else(|err| panic!("{src:?}: {err:?}"))
}

fn import_paths(h: &FileHeader) -> Vec<&str> {
    h.imports.iter().map(|i| i.path.as_str()).collect()
}

#[test]
fn package_clause_and_imports() {
    let h = header(
        "// Copyright\n\n// Package p does things.\npackage p\n\nimport \"fmt\"\nimport (\n\tstr \"strings\"\n\t. \"os\"\n\t_ `embed`\n\t\"a/b\"; \"c\"\n)\n\nfunc f() {}\nimport \"never\"\n",
    );
    assert_eq!(h.package_name, "p");
    assert_eq!(
        import_paths(&h),
        ["fmt", "strings", "os", "embed", "a/b", "c"]
    );
    assert_eq!((h.imports[0].line, h.imports[0].col), (6, 8));
    assert_eq!((h.imports[1].line, h.imports[1].col), (8, 6));
    assert!(!h.imports_c());
}

#[test]
fn bom_comments_and_semicolons() {
    let h = header(
        "\u{feff}/* block\n comment */ package /* x */ q; import /* y */ \"C\" // z\nvar x int",
    );
    assert_eq!(h.package_name, "q");
    assert_eq!(import_paths(&h), ["C"]);
    assert!(h.imports_c());
}

#[test]
fn escapes_in_import_paths() {
    let h = header("package p\nimport \"\\x61\\u0062\\143/d\"\n");
    assert_eq!(import_paths(&h), ["abc/d"]);
}

#[test]
fn constraint_lines() {
    let h = header("// +build linux\n// +build amd64\n\n//go:build linux && amd64\n\npackage p\n");
    assert_eq!(
        h.go_build.as_ref().map(|c| (c.line, c.expr.as_str())),
        Some((4, "linux && amd64"))
    );
    let plus: Vec<&str> = h.plus_build.iter().map(|c| c.expr.as_str()).collect();
    assert_eq!(plus, ["linux", "amd64"]);

    // +build lines must be followed by a blank line; //go:build need not be.
    let h = header("// +build linux\npackage p\n");
    assert!(h.plus_build.is_empty());
    let h = header("//go:build linux\npackage p\n");
    assert_eq!(h.go_build.map(|c| c.expr), Some("linux".into()));

    // Constraints after the package clause, or inside block comments, are not.
    let h = header("package p\n\n//go:build linux\n");
    assert!(h.go_build.is_none());
    let h = header("/*\n//go:build linux\n*/\n\npackage p\n");
    assert!(h.go_build.is_none());
}

#[test]
fn header_errors() {
    let cases: &[(&str, usize, usize)] = &[
        ("", 1, 1),
        ("packag p", 1, 1),
        ("package", 1, 8),
        ("package 1p", 1, 9),
        ("package p\nimport fmt", 2, 11),
        ("package p\nimport fmt\nvar x int", 3, 1),
        ("package p\nimport \"unterminated\n\"", 2, 8),
        ("package p\nimport (\n\"a\"\n", 4, 1),
        ("package p\nimport \"bad path\"", 2, 8),
        ("package p\nimport \"\"", 2, 8),
        ("/* never closed\npackage p", 1, 1),
        ("//go:build a\n//go:build b\n\npackage p", 2, 1),
        ("package p\x00", 1, 10),
        ("package p\nimport \"\\q\"", 2, 8),
    ];
    for &(src, line, col) in cases {
        let err = parse_header(src.as_bytes()).expect_err(src);
        assert_eq!((err.line, err.col), (line, col), "{src:?}: {}", err.message);
    }
}

#[test]
fn large_headers_are_read_in_growing_chunks() {
    let dir = std::env::temp_dir().join(format!("goescape-load-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut src = String::from("// Package p.\n");
    src.push_str(&"// padding comment line\n".repeat(2000));
    src.push_str("package p\n\nimport (\n");
    for i in 0..500 {
        src.push_str(&format!("\t\"example.com/pkg{i}\"\n"));
    }
    src.push_str(")\n\nfunc f() {}\n");
    src.push_str(&"var x = 1\n".repeat(5000));
    let file = dir.join("big.go");
    std::fs::write(&file, &src).expect("write");
    let h = read_file_header(&file).expect("header");
    assert_eq!(h.imports.len(), 500);
    assert_eq!(h.imports[499].path, "example.com/pkg499");

    std::fs::write(&file, "package p\nimport \"x\"").expect("write");
    assert_eq!(
        import_paths(&read_file_header(&file).expect("header")),
        ["x"]
    );
    std::fs::write(&file, "package p\n\nimport (\n").expect("write");
    let err = read_file_header(&file).expect_err("unterminated import block");
    assert!(err.to_string().contains("big.go:4:1:"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn no_panics_on_prefixes_or_byte_noise() {
    let src = "\u{feff}// +build linux\n\n//go:build linux && (amd64 || arm64)\n\n/* doc */\npackage p // c\n\nimport (\n\tx \"a/b\\x41\"\n\t. `c`\n)\nimport \"d\"\n\nfunc f() {}\n";
    for end in 0..=src.len() {
        let _ = parse_header(&src.as_bytes()[..end]);
    }
    let mut noisy = src.as_bytes().to_vec();
    for i in 0..noisy.len() {
        let saved = noisy[i];
        for byte in [0u8, b'"', b'`', b'/', b'*', b'\n', b'(', b')', 0xff, b'\\'] {
            noisy[i] = byte;
            let _ = parse_header(&noisy);
        }
        noisy[i] = saved;
    }
}
