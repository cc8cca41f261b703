//! Well-typed programs: each file of tests/welltyped is a package that gc
//! compiles (checked here with `go vet` when Go is present) and that the
//! checker must accept without a single error. They hold the valid Go the
//! checker once rejected, with the variants of each case: declaration
//! order in cycles, inference against named generic types.

use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_types::check::check_files;
use goescape_types::model::Store;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/welltyped");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    fixtures.sort();
    fixtures
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn welltyped_fixtures_check_without_errors() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures");
    let mut problems = Vec::new();
    for path in fixtures {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read(&path).expect("read fixture");
        let store = Store::new();
        let checked = check_files(&store, "p", vec![(name.into(), src)]);
        problems.extend(checked.errors.iter().map(|e| e.to_string()));
    }
    assert!(
        problems.is_empty(),
        "errors in well-typed fixtures:\n{}",
        problems.join("\n")
    );
}

/// The fixtures are valid Go: `go vet` accepts each, as its own package of
/// a temporary module.
#[test]
fn welltyped_fixtures_are_accepted_by_go() {
    let go_found = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !go_found {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set but no go command was found"
        );
        eprintln!("skipping: no go command found (set GOESCAPE_REQUIRE_GO to fail instead)");
        return;
    }
    let module = std::env::temp_dir().join(format!("goescape-welltyped-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&module);
    std::fs::create_dir_all(&module).expect("create temp module");
    std::fs::write(module.join("go.mod"), "module welltyped\n\ngo 1.26\n").expect("write go.mod");
    for path in fixtures() {
        let package = module.join(file_stem(&path));
        std::fs::create_dir_all(&package).expect("create package dir");
        std::fs::copy(&path, package.join("p.go")).expect("copy fixture");
    }
    let output = Command::new("go")
        .args(["vet", "./..."])
        .current_dir(&module)
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("run go vet");
    let _ = std::fs::remove_dir_all(&module);
    assert!(
        output.status.success(),
        "go vet rejects a fixture:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
