//! go.mod and vendor/modules.txt parsing.

use std::path::PathBuf;

use goescape_load::gomod::{ModuleVersion, Replace, ReplaceTarget, Retract};
use goescape_load::modules::{escape_module_path, module_cache_dir, parse_modules_txt};
use goescape_load::{GoMod, LoadError};

fn fixture(name: &str) -> (PathBuf, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gomod")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    (path, text)
}

fn mv(path: &str, version: &str) -> ModuleVersion {
    ModuleVersion {
        path: path.into(),
        version: version.into(),
    }
}

#[test]
fn every_directive() {
    let (path, text) = fixture("full.mod");
    let m = GoMod::parse(&path, &text).expect("parse");
    assert_eq!(m.module.as_deref(), Some("example.com/full"));
    assert_eq!(m.go.as_deref(), Some("1.22.3"));
    assert_eq!(m.toolchain.as_deref(), Some("go1.23.1"));
    let godebug: Vec<(&str, &str)> = m
        .godebug
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        godebug,
        [
            ("default", "go1.21"),
            ("panicnil", "1"),
            ("asynctimerchan", "0")
        ]
    );
    let require: Vec<(ModuleVersion, bool)> = m
        .require
        .iter()
        .map(|r| (r.module.clone(), r.indirect))
        .collect();
    assert_eq!(
        require,
        [
            (mv("example.com/single", "v1.0.0"), false),
            (mv("example.com/a", "v1.2.3"), false),
            (
                mv("example.com/b", "v0.0.0-20200101000000-abcdef123456"),
                true
            ),
            (mv("example.com/c", "v2.0.0+incompatible"), true),
            (mv("example.com/quoted", "v1.0.0-rc.1"), false),
        ]
    );
    assert_eq!(
        m.exclude,
        [mv("example.com/a", "v1.2.2"), mv("example.com/b", "v0.0.1")]
    );
    assert_eq!(
        m.replace,
        [
            Replace {
                old_path: "example.com/a".into(),
                old_version: None,
                new: ReplaceTarget::Dir("../a".into())
            },
            Replace {
                old_path: "example.com/b".into(),
                old_version: Some("v0.0.0-20200101000000-abcdef123456".into()),
                new: ReplaceTarget::Module(mv("example.com/fork", "v1.0.0")),
            },
            Replace {
                old_path: "example.com/c".into(),
                old_version: None,
                new: ReplaceTarget::Dir("/abs/c".into())
            },
        ]
    );
    assert_eq!(
        m.retract,
        [
            Retract {
                low: "v1.0.1".into(),
                high: "v1.0.1".into(),
                rationale: "Published by mistake.\nbroken".into()
            },
            Retract {
                low: "v1.1.0".into(),
                high: "v1.1.5".into(),
                rationale: String::new()
            },
        ]
    );
    assert_eq!(m.tool, ["example.com/tool/cmd"]);
    assert_eq!(m.ignore, ["./node_modules", "static"]);
}

fn error_of(name: &str) -> (usize, usize, String) {
    let (path, text) = fixture(name);
    match GoMod::parse(&path, &text) {
        Err(LoadError::ModFile {
            file,
            line,
            col,
            message,
        }) => {
            assert_eq!(file, path);
            (line, col, message)
        }
        other => panic!("{name}: expected a go.mod error, got {other:?}"),
    }
}

#[test]
fn errors_carry_line_and_column() {
    let (line, col, message) = error_of("unknown.mod");
    assert_eq!(
        (line, col, message.as_str()),
        (4, 1, "unknown directive: frobnicate")
    );
    let (line, col, message) = error_of("badversion.mod");
    assert_eq!((line, col), (3, 1));
    assert!(
        message.contains("invalid module version \"1.2.3\""),
        "{message}"
    );
    assert_eq!(error_of("unterminated.mod").2, "unterminated require block");
    assert!(error_of("badreplace.mod")
        .2
        .contains("must be directory path"));
    assert_eq!(
        error_of("repeated.mod"),
        (3, 1, "repeated go statement".into())
    );
    assert_eq!(error_of("blockcomment.mod").0, 2);
    assert!(error_of("badgo.mod")
        .2
        .starts_with("invalid go version '1.21.x'"));

    let (path, text) = fixture("unknown.mod");
    let err = GoMod::parse(&path, &text).unwrap_err().to_string();
    assert!(
        err.ends_with("unknown.mod:4:1: unknown directive: frobnicate"),
        "{err}"
    );
    // Dependencies' go.mod files are read leniently.
    assert_eq!(
        GoMod::parse_lax(&path, &text).expect("lax").go.as_deref(),
        Some("1.21")
    );
}

#[test]
fn modules_txt() {
    let text = "# example.com/a v1.0.0\n## explicit; go 1.20\nexample.com/a\nexample.com/a/sub\n# example.com/b v0.1.0 => ../b\n## explicit\nexample.com/b\n# example.com/c => example.com/d v1.0.0\n";
    let modules = parse_modules_txt(std::path::Path::new("modules.txt"), text).expect("parse");
    assert_eq!(modules.len(), 3);
    assert_eq!(modules[0].path, "example.com/a");
    assert_eq!(modules[0].version, "v1.0.0");
    assert!(modules[0].explicit);
    assert_eq!(modules[0].go_version.as_deref(), Some("1.20"));
    assert_eq!(modules[0].packages, ["example.com/a", "example.com/a/sub"]);
    assert_eq!(modules[1].replacement.as_deref(), Some("../b"));
    assert_eq!(modules[1].go_version, None);
    assert_eq!(modules[2].version, "");
    assert!(parse_modules_txt(std::path::Path::new("m.txt"), "orphan/package\n").is_err());
}

#[test]
fn module_cache_escaping() {
    assert_eq!(
        escape_module_path("github.com/BurntSushi/toml"),
        "github.com/!burnt!sushi/toml"
    );
    assert_eq!(escape_module_path("example.com/lower"), "example.com/lower");
    assert_eq!(
        module_cache_dir(
            std::path::Path::new("/cache"),
            "example.com/Upper",
            "v1.0.0-RC"
        ),
        PathBuf::from("/cache/example.com/!upper@v1.0.0-!r!c")
    );
}

#[test]
fn no_panics_on_prefixes_or_byte_noise() {
    let (path, text) = fixture("full.mod");
    for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
        let _ = GoMod::parse(&path, &text[..end]);
        let _ = GoMod::parse_lax(&path, &text[..end]);
    }
    let mut noisy = text.into_bytes();
    for i in 0..noisy.len() {
        let saved = noisy[i];
        for byte in [b'"', b'`', b'(', b')', b'[', b']', b',', b'\n', b'/'] {
            noisy[i] = byte;
            let _ = GoMod::parse(&path, std::str::from_utf8(&noisy).expect("ascii"));
        }
        noisy[i] = saved;
    }
}

#[test]
fn version_ordering() {
    use goescape_load::version::{
        compare_module_versions, go_version_at_least, is_valid_go_version,
    };
    use std::cmp::Ordering::{Equal, Greater, Less};
    let table = [
        ("v1.0.0", "v1.0.1", Less),
        ("v1.10.0", "v1.9.0", Greater),
        ("v1.0.0-rc.1", "v1.0.0", Less),
        ("v1.0.0-alpha", "v1.0.0-alpha.1", Less),
        ("v1.0.0-alpha.2", "v1.0.0-alpha.10", Less),
        ("v1.0.0-alpha.beta", "v1.0.0-beta", Less),
        (
            "v0.0.0-20200101000000-abcdef123456",
            "v0.0.0-20210101000000-abcdef123456",
            Less,
        ),
        ("v2.0.0+incompatible", "v2.0.0", Equal),
        ("v1.2", "v1.2.0", Equal),
        ("bad", "v0.0.0", Less),
        ("v99999999999999999999.0.0", "v1.0.0", Greater),
    ];
    for (a, b, want) in table {
        assert_eq!(compare_module_versions(a, b), want, "{a} vs {b}");
    }
    for valid in ["1.21", "1.21.0", "1.21rc1", "1.22beta2", "2.0"] {
        assert!(is_valid_go_version(valid), "{valid}");
    }
    for invalid in ["1", "1.x", "01.2", "1.2.", "1.2rc", "go1.2", "1.2.3.4"] {
        assert!(!is_valid_go_version(invalid), "{invalid}");
    }
    assert!(go_version_at_least("1.17", 17) && go_version_at_least("1.22rc1", 17));
    assert!(!go_version_at_least("1.16.15", 17));
}
