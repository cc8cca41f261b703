//! One package directory: which of its Go files this build uses, their
//! package name and imports.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::constraint::Constraint;
use crate::error::LoadError;
use crate::header::{read_file_header, FileHeader};
use crate::modules::Module;
use crate::tags::BuildContext;

/// Where a package is and what it belongs to, known before its files are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLocation {
    /// The canonical import path: `vendor/golang.org/x/net/…` for packages
    /// vendored into GOROOT, `command-line-arguments` for a file list.
    pub import_path: String,
    pub dir: PathBuf,
    /// The module providing it; `None` for GOROOT packages and for files
    /// outside any module.
    pub module: Option<Arc<Module>>,
    /// Whether it is a GOROOT package (standard library or cmd).
    pub standard: bool,
}

/// A package with its selected files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub location: PackageLocation,
    /// The package name (from the package clauses; `_test` stripped for
    /// external test files).
    pub name: String,
    /// The language version its files are compiled with (for loop-variable
    /// semantics and the like): the module's `go` line, 1.16 for a module
    /// without one, the toolchain's version for GOROOT packages and files
    /// outside modules.
    pub go_version: String,
    /// Non-test Go files, sorted by name (names relative to `location.dir`).
    pub go_files: Vec<String>,
    /// Files importing "C"; empty unless cgo is enabled.
    pub cgo_files: Vec<String>,
    /// `_test.go` files of the package itself (only with tests).
    pub test_go_files: Vec<String>,
    /// `_test.go` files of package `<name>_test` (only with tests).
    pub xtest_go_files: Vec<String>,
    /// Go files excluded by file name, build constraints, cgo being off or a
    /// `documentation` package clause (not files starting with `_` or `.`).
    pub ignored_go_files: Vec<String>,
    /// Go files whose header or constraints could not be read; their
    /// errors are in `errors`.
    pub invalid_go_files: Vec<String>,
    /// Imports of `go_files` and `cgo_files`, sorted and without
    /// duplicates, as written in the source.
    pub imports: Vec<String>,
    pub test_imports: Vec<String>,
    pub xtest_imports: Vec<String>,
    /// Problems with this package; it is still listed with what could be read.
    pub errors: Vec<LoadError>,
}

impl Package {
    pub fn import_path(&self) -> &str {
        &self.location.import_path
    }

    /// Drops everything learnt from `_test.go` files.
    pub(crate) fn forget_tests(&mut self) {
        let is_test = |name: &String| name.ends_with("_test.go");
        self.test_go_files.clear();
        self.xtest_go_files.clear();
        self.test_imports.clear();
        self.xtest_imports.clear();
        self.ignored_go_files.retain(|name| !is_test(name));
        self.invalid_go_files.retain(|name| !is_test(name));
        self.errors.retain(|err| {
            !matches!(err, LoadError::GoFile { file, .. } if file.to_string_lossy().ends_with("_test.go"))
        });
    }

    /// Whether no Go file at all was selected.
    pub fn is_empty(&self) -> bool {
        self.go_files.is_empty()
            && self.cgo_files.is_empty()
            && self.test_go_files.is_empty()
            && self.xtest_go_files.is_empty()
    }
}

/// Which directory entries a scan looks at.
pub(crate) enum FileSelection<'a> {
    /// Every entry of the directory.
    Directory,
    /// Only these file names (a `.go` file list on the command line).
    Named(&'a [String]),
}

/// Reads the package in `location.dir`.
pub(crate) fn scan_package(
    location: PackageLocation,
    selection: FileSelection<'_>,
    context: &BuildContext,
    tests: bool,
) -> Package {
    let go_version = match &location.module {
        Some(module) => module.language_version().to_string(),
        None => context.toolchain_version.clone(),
    };
    let mut scan = Scan {
        package: Package {
            location,
            name: String::new(),
            go_version,
            go_files: Vec::new(),
            cgo_files: Vec::new(),
            test_go_files: Vec::new(),
            xtest_go_files: Vec::new(),
            ignored_go_files: Vec::new(),
            invalid_go_files: Vec::new(),
            imports: Vec::new(),
            test_imports: Vec::new(),
            xtest_imports: Vec::new(),
            errors: Vec::new(),
        },
        first_file: String::new(),
        imports: BTreeSet::new(),
        test_imports: BTreeSet::new(),
        xtest_imports: BTreeSet::new(),
    };
    let dir = scan.package.location.dir.clone();
    let names = match selection {
        FileSelection::Directory => match go_file_names(&dir) {
            Ok(names) => names,
            Err(err) => {
                scan.package.errors.push(err);
                return scan.package;
            }
        },
        FileSelection::Named(names) => names.to_vec(),
    };
    for name in names {
        // Go never considers names starting with `_` or `.`, and tests only
        // when asked.
        if name.starts_with('_') || name.starts_with('.') || (name.ends_with("_test.go") && !tests)
        {
            continue;
        }
        scan.file(&dir, &name, context);
    }
    scan.finish()
}

/// The names of the `.go` files in `dir` (not directories, nor symbolic
/// links to them), sorted bytewise as the go command lists them.
pub(crate) fn go_file_names(dir: &Path) -> Result<Vec<String>, LoadError> {
    let entries = fs::read_dir(dir).map_err(|err| LoadError::io(dir, &err))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| LoadError::io(dir, &err))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !name.ends_with(".go") {
            continue;
        }
        let is_dir = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => entry.path().is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => false,
        };
        if !is_dir {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The state of one directory scan.
struct Scan {
    package: Package,
    /// The file that fixed the package name, for error messages.
    first_file: String,
    imports: BTreeSet<String>,
    test_imports: BTreeSet<String>,
    xtest_imports: BTreeSet<String>,
}

impl Scan {
    fn file(&mut self, dir: &Path, name: &str, context: &BuildContext) {
        if !context.matches_file_name(name) {
            self.package.ignored_go_files.push(name.to_string());
            return;
        }
        let path = dir.join(name);
        let header = match read_file_header(&path) {
            Ok(header) => header,
            Err(err) => return self.invalid(name, err),
        };
        match constraints_allow(&header, context) {
            Ok(true) => {}
            Ok(false) => return self.package.ignored_go_files.push(name.to_string()),
            Err((line, message)) => {
                let err = LoadError::GoFile {
                    file: path,
                    line,
                    col: 1,
                    message,
                };
                return self.invalid(name, err);
            }
        }
        let mut package_name = header.package_name.as_str();
        if package_name == "documentation" {
            // Documentation-only files (e.g. a doc.go for a command).
            return self.package.ignored_go_files.push(name.to_string());
        }
        let is_test = name.ends_with("_test.go");
        let mut is_xtest = false;
        if is_test && package_name != self.package.name {
            if let Some(base) = package_name.strip_suffix("_test") {
                is_xtest = true;
                package_name = base;
            }
        }
        if self.package.name.is_empty() {
            self.package.name = package_name.to_string();
            self.first_file = name.to_string();
        } else if package_name != self.package.name {
            self.package.errors.push(LoadError::MultiplePackages {
                dir: dir.to_path_buf(),
                names: [self.package.name.clone(), package_name.to_string()],
                files: [self.first_file.clone(), name.to_string()],
            });
        }
        let (files, imports) = if header.imports_c() {
            if is_test {
                self.package.errors.push(LoadError::GoFile {
                    file: path,
                    line: 1,
                    col: 1,
                    message: "use of cgo in test not supported".into(),
                });
                return self.package.invalid_go_files.push(name.to_string());
            }
            if !context.cgo_enabled {
                // Without cgo the file is dropped, imports and all.
                return self.package.ignored_go_files.push(name.to_string());
            }
            (&mut self.package.cgo_files, &mut self.imports)
        } else if is_xtest {
            (&mut self.package.xtest_go_files, &mut self.xtest_imports)
        } else if is_test {
            (&mut self.package.test_go_files, &mut self.test_imports)
        } else {
            (&mut self.package.go_files, &mut self.imports)
        };
        files.push(name.to_string());
        imports.extend(header.imports.into_iter().map(|import| import.path));
    }

    fn invalid(&mut self, name: &str, err: LoadError) {
        self.package.invalid_go_files.push(name.to_string());
        self.package.errors.push(err);
    }

    fn finish(mut self) -> Package {
        let package = &mut self.package;
        package.imports = self.imports.into_iter().collect();
        package.test_imports = self.test_imports.into_iter().collect();
        package.xtest_imports = self.xtest_imports.into_iter().collect();
        if package.is_empty() && package.invalid_go_files.is_empty() {
            package.errors.push(LoadError::NoGoFiles {
                dir: package.location.dir.clone(),
                all_excluded: !package.ignored_go_files.is_empty(),
            });
        }
        self.package
    }
}

/// Whether the header's build constraints hold: its `//go:build` line if
/// there is one, else all its `// +build` lines. A malformed `//go:build`
/// line is an error `(line, message)`; malformed `+build` lines are skipped.
fn constraints_allow(header: &FileHeader, context: &BuildContext) -> Result<bool, (usize, String)> {
    if let Some(go_build) = &header.go_build {
        let constraint = Constraint::parse_go_build(&go_build.expr).map_err(|err| {
            (
                go_build.line,
                format!("parsing //go:build line: {}", err.message),
            )
        })?;
        return Ok(context.matches(&constraint));
    }
    Ok(header
        .plus_build
        .iter()
        .filter_map(|line| Constraint::parse_plus_build(&line.expr).ok())
        .all(|constraint| context.matches(&constraint)))
}
