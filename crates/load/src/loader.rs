//! The loader: import resolution, directory-to-package mapping and package
//! patterns, over one configuration and main module.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::LoadError;
use crate::header::check_import_path_chars;
use crate::modules::{Module, ModuleSet};
use crate::package::{scan_package, FileSelection, Package, PackageLocation};
use crate::paths::{clean_path, has_nested_go_mod, is_go_dir, relative_slash_path, to_slash};
use crate::pattern::{has_path_prefix, Pattern};
use crate::tags::BuildContext;

/// The import path given to a package made of `.go` files named on the
/// command line.
pub const COMMAND_LINE_ARGUMENTS: &str = "command-line-arguments";

/// What an import path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A package directory. `unsafe` resolves like any standard package
    /// (to GOROOT/src/unsafe); its contents are the type checker's business.
    Package(PackageLocation),
    /// The cgo pseudo-package `C`, which has no directory.
    Cgo,
}

/// Loads packages for one configuration.
#[derive(Debug)]
pub struct Loader {
    config: Config,
    context: BuildContext,
    modules: ModuleSet,
    goroot_src: PathBuf,
}

impl Loader {
    /// Prepares a loader: derives the build context and reads the main
    /// module (found from `config.work_dir`) and its dependencies.
    pub fn new(config: Config) -> Result<Loader, LoadError> {
        let context = BuildContext::new(&config)?;
        let modules = ModuleSet::load(&config)?;
        let goroot_src = clean_path(&config.goroot.join("src"));
        Ok(Loader {
            config,
            context,
            modules,
            goroot_src,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn build_context(&self) -> &BuildContext {
        &self.context
    }

    /// The main module, if `work_dir` is inside one.
    pub fn main_module(&self) -> Option<&Arc<Module>> {
        self.modules.main.as_ref()
    }

    /// The dependency modules of the build list (module-cache mode), sorted
    /// by path. Empty in vendor mode.
    pub fn dependency_modules(&self) -> Vec<&Arc<Module>> {
        let mut modules: Vec<&Arc<Module>> = self.modules.deps.values().collect();
        modules.sort_by(|a, b| a.path.cmp(&b.path));
        modules
    }

    /// Whether dependencies come from the main module's vendor directory.
    pub fn vendor_mode(&self) -> bool {
        self.modules.vendor.is_some()
    }

    /// Finds the package that `path` names when imported by `importer`
    /// (`None` for a path named on the command line). Standard-library
    /// importers see GOROOT's vendored `golang.org/x` packages, cmd
    /// importers see GOROOT/src/cmd/vendor; everyone else resolves through
    /// the standard library, the main module and the build list (or
    /// vendor/ in vendor mode).
    pub fn resolve_import(
        &self,
        importer: Option<&PackageLocation>,
        path: &str,
    ) -> Result<Resolution, LoadError> {
        if path == "C" {
            return Ok(Resolution::Cgo);
        }
        check_import_path(path)?;
        if let Some(importer) = importer.filter(|importer| importer.standard) {
            if !is_standard_import_path(path) {
                let vendor_root = if has_path_prefix(&importer.import_path, "cmd") {
                    "cmd/vendor"
                } else {
                    "vendor"
                };
                let vendored = format!("{vendor_root}/{path}");
                if self.goroot_src.join(&vendored).is_dir() {
                    return Ok(Resolution::Package(self.goroot_location(vendored)));
                }
            }
        }
        if is_standard_import_path(path) && is_go_dir(&self.goroot_src.join(path)) {
            return Ok(Resolution::Package(self.goroot_location(path.to_string())));
        }
        self.resolve_in_modules(path).map(Resolution::Package)
    }

    /// The package location of a directory: a GOROOT package, a package of
    /// the main module, of vendor/, or of a build-list module.
    pub fn locate_dir(&self, dir: &Path) -> Result<PackageLocation, LoadError> {
        let dir = clean_path(&self.config.work_dir.join(dir));
        let outside = || LoadError::DirectoryOutsideModules { dir: dir.clone() };
        if let Some(rel) = relative_slash_path(&self.goroot_src, &dir) {
            let in_testdata = rel.split('/').any(|element| element == "testdata");
            if rel.is_empty() || in_testdata {
                return Err(outside());
            }
            return Ok(self.goroot_location(rel));
        }
        if let Some(vendor) = &self.modules.vendor {
            if let Some(rel) = relative_slash_path(&vendor.dir, &dir).filter(|rel| !rel.is_empty())
            {
                let module = vendor.package_modules.get(&rel).cloned();
                if module.is_none() && vendor.require_listed {
                    return Err(LoadError::PackageNotFound {
                        path: rel,
                        detail: "it is in vendor/ but missing from vendor/modules.txt".into(),
                    });
                }
                return Ok(PackageLocation {
                    import_path: rel,
                    dir,
                    module,
                    standard: false,
                });
            }
        }
        let mut best: Option<(&Arc<Module>, String)> = None;
        for module in self.modules.main.iter().chain(self.modules.deps.values()) {
            if let Some(rel) = relative_slash_path(&module.dir, &dir) {
                let closer = best
                    .as_ref()
                    .is_none_or(|(b, _)| module.dir.as_os_str().len() > b.dir.as_os_str().len());
                if closer {
                    best = Some((module, rel));
                }
            }
        }
        let (module, rel) = best.ok_or_else(outside)?;
        if module.local && has_nested_go_mod(&module.dir, &dir) {
            return Err(outside());
        }
        let import_path = if rel.is_empty() {
            module.path.clone()
        } else {
            format!("{}/{rel}", module.path)
        };
        Ok(PackageLocation {
            import_path,
            dir,
            module: Some(Arc::clone(module)),
            standard: false,
        })
    }

    /// Reads the package at `location`, listing its tests if the
    /// configuration asks for them. As for the go command, a directory with
    /// only test files still holds a package (with no files when tests are
    /// off), so its test files are always read.
    pub fn load_package(&self, location: PackageLocation) -> Package {
        let mut package = self.scan(location, true);
        if !self.config.tests {
            let only_tests =
                package.go_files.is_empty() && package.cgo_files.is_empty() && !package.is_empty();
            package.forget_tests();
            if only_tests && package.errors.is_empty() {
                package.errors.push(LoadError::OnlyTestGoFiles {
                    dir: package.location.dir.clone(),
                });
            }
        }
        package
    }

    pub(crate) fn scan(&self, location: PackageLocation, tests: bool) -> Package {
        scan_package(location, FileSelection::Directory, &self.context, tests)
    }

    /// Expands package patterns, as the go command understands them, into
    /// loaded packages (each once, in pattern order, each wildcard's matches
    /// sorted by import path):
    /// - `std`, `cmd`;
    /// - import paths, with `...` wildcards matched against GOROOT, the main
    ///   module, vendor/ and the build list;
    /// - directories (`.`, `./x`, `../x`, absolute), with `...` wildcards;
    /// - a list of `.go` files of one directory, forming the package
    ///   `command-line-arguments`.
    pub fn load_patterns(&self, patterns: &[&str]) -> Result<Vec<Package>, LoadError> {
        if patterns.first().is_some_and(|p| p.ends_with(".go")) {
            return Ok(vec![self.load_files(patterns)?]);
        }
        let mut seen = HashSet::new();
        let mut packages = Vec::new();
        for &pattern in patterns {
            for package in self.load_pattern(pattern)? {
                if seen.insert(package.import_path().to_string()) {
                    packages.push(package);
                }
            }
        }
        Ok(packages)
    }

    fn load_pattern(&self, pattern: &str) -> Result<Vec<Package>, LoadError> {
        match pattern {
            "std" => Ok(self.walk_packages(&[self.goroot_root("")], None)),
            "cmd" => Ok(self.walk_packages(&[self.goroot_root("cmd")], None)),
            "all" | "tool" | "work" => Err(LoadError::UnsupportedPattern {
                pattern: pattern.into(),
                reason: "this meta-pattern is not supported; name packages or use ./...".into(),
            }),
            _ if is_local_pattern(pattern) => self.load_dir_pattern(pattern),
            _ if pattern.contains("...") => {
                let pattern = Pattern::new(pattern);
                let roots = self.import_path_roots(&pattern);
                Ok(self.walk_packages(&roots, Some(&pattern)))
            }
            _ => match self.resolve_import(None, pattern)? {
                Resolution::Package(location) => Ok(vec![self.load_package(location)]),
                Resolution::Cgo => Err(LoadError::UnsupportedPattern {
                    pattern: pattern.into(),
                    reason: "\"C\" is not a package".into(),
                }),
            },
        }
    }

    fn load_dir_pattern(&self, pattern: &str) -> Result<Vec<Package>, LoadError> {
        let absolute = clean_path(&self.config.work_dir.join(pattern));
        let absolute = to_slash(&absolute);
        let Some(wildcard) = absolute.find("...") else {
            return Ok(vec![
                self.load_package(self.locate_dir(Path::new(&absolute))?)
            ]);
        };
        // Walk from the directory holding the first wildcard.
        let base = match absolute[..wildcard].rfind('/') {
            Some(0) => "/",
            Some(slash) => &absolute[..slash],
            None => ".",
        };
        let pattern = Pattern::new(&absolute);
        let mut dirs = Vec::new();
        walk_dirs(Path::new(base), true, &mut |dir| {
            let slash = to_slash(dir);
            if !pattern.tree_can_match(&slash) || self.ignored_in_main_module(dir) {
                return Walk::Skip;
            }
            if pattern.matches(&slash) {
                dirs.push(dir.to_path_buf());
            }
            Walk::Descend
        });
        // Directories outside every module are no packages of this build.
        let locations: Vec<PackageLocation> = dirs
            .iter()
            .filter_map(|dir| self.locate_dir(dir).ok())
            .collect();
        Ok(self.load_existing(locations))
    }

    /// A package from `.go` files named on the command line.
    fn load_files(&self, files: &[&str]) -> Result<Package, LoadError> {
        let mut dir: Option<PathBuf> = None;
        let mut names = Vec::new();
        for file in files {
            let path = clean_path(&self.config.work_dir.join(file));
            if !file.ends_with(".go") {
                return Err(LoadError::UnsupportedPattern {
                    pattern: file.to_string(),
                    reason: "named files must be .go files".into(),
                });
            }
            let parent = path.parent().unwrap_or(Path::new("/")).to_path_buf();
            match &dir {
                Some(first) if *first != parent => {
                    return Err(LoadError::FilesInSeveralDirectories {
                        first: first.clone(),
                        other: parent,
                    })
                }
                _ => dir = Some(parent),
            }
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                names.push(name.to_string());
            }
        }
        names.sort();
        names.dedup();
        let dir = dir.unwrap_or_else(|| self.config.work_dir.clone());
        let module = self
            .locate_dir(&dir)
            .ok()
            .and_then(|location| location.module);
        let location = PackageLocation {
            import_path: COMMAND_LINE_ARGUMENTS.to_string(),
            dir,
            module,
            standard: false,
        };
        Ok(scan_package(
            location,
            FileSelection::Named(&names),
            &self.context,
            self.config.tests,
        ))
    }

    fn goroot_location(&self, import_path: String) -> PackageLocation {
        PackageLocation {
            dir: self.goroot_src.join(&import_path),
            import_path,
            module: None,
            standard: true,
        }
    }

    fn goroot_root(&self, prefix: &str) -> WalkRoot {
        WalkRoot {
            dir: self.goroot_src.join(prefix),
            prefix: prefix.to_string(),
            local: true,
        }
    }

    /// The trees an import-path pattern can match in.
    fn import_path_roots(&self, pattern: &Pattern) -> Vec<WalkRoot> {
        let mut roots = vec![self.goroot_root("")];
        if pattern.tree_can_match("cmd") {
            roots.push(self.goroot_root("cmd"));
        }
        let modules = self.modules.main.iter().chain(self.modules.deps.values());
        for module in modules.filter(|m| pattern.tree_can_match(&m.path)) {
            roots.push(WalkRoot {
                dir: module.dir.clone(),
                prefix: module.path.clone(),
                local: module.local,
            });
        }
        if let Some(vendor) = &self.modules.vendor {
            roots.push(WalkRoot {
                dir: vendor.dir.clone(),
                prefix: String::new(),
                local: false,
            });
        }
        roots
    }

    /// The packages under `roots` whose import paths match `pattern` (all
    /// of them for `std` and `cmd`, where `pattern` is `None`).
    fn walk_packages(&self, roots: &[WalkRoot], pattern: Option<&Pattern>) -> Vec<Package> {
        let mut locations = Vec::new();
        let mut seen: HashSet<String> = ["builtin".to_string()].into();
        if !self.context.cgo_enabled {
            // runtime/cgo only makes sense with cgo; the go command skips it.
            seen.insert("runtime/cgo".to_string());
        }
        for root in roots {
            walk_dirs(&root.dir, root.local, &mut |dir| {
                let Some(rel) = relative_slash_path(&root.dir, dir) else {
                    return Walk::Skip;
                };
                let import_path = match (root.prefix.as_str(), rel.as_str()) {
                    (prefix, "") => prefix.to_string(),
                    ("", rel) => rel.to_string(),
                    (prefix, rel) => format!("{prefix}/{rel}"),
                };
                if import_path.is_empty() {
                    return Walk::Descend; // GOROOT/src itself holds no package
                }
                if pattern.is_some_and(|p| !p.tree_can_match(&import_path))
                    || (root.local && self.ignored_in_main_module(dir))
                {
                    return Walk::Skip;
                }
                if pattern.is_none_or(|p| p.matches(&import_path))
                    && seen.insert(import_path.clone())
                {
                    locations.push(dir.to_path_buf());
                }
                // In a module's tree (not GOROOT) what is below vendor/ is
                // someone else's code.
                let module_vendor = !root.dir.starts_with(&self.goroot_src)
                    && dir != root.dir
                    && dir.file_name().is_some_and(|n| n == "vendor");
                if module_vendor {
                    Walk::Skip
                } else {
                    Walk::Descend
                }
            });
        }
        let locations: Vec<PackageLocation> = locations
            .iter()
            .filter_map(|dir| self.locate_dir(dir).ok())
            .collect();
        let mut packages = self.load_existing(locations);
        if pattern.is_none() && roots.iter().any(|root| root.prefix == "cmd") {
            // The go command leaves the commands vendored into cmd out of `cmd`.
            packages.retain(|p| !(p.import_path().starts_with("cmd/vendor/") && p.name == "main"));
        }
        packages.sort_by(|a, b| a.import_path().cmp(b.import_path()));
        packages
    }

    /// Loads candidate directories in parallel, keeping those holding a package.
    fn load_existing(&self, locations: Vec<PackageLocation>) -> Vec<Package> {
        let packages: Vec<Package> = locations
            .into_par_iter()
            .map(|location| self.load_package(location))
            .collect();
        packages
            .into_iter()
            .filter(|p| {
                !p.errors
                    .iter()
                    .any(|e| matches!(e, LoadError::NoGoFiles { .. }))
            })
            .map(|mut p| {
                // A wildcard matches a directory of tests only, and the go
                // command builds it as nothing, silently.
                p.errors
                    .retain(|e| !matches!(e, LoadError::OnlyTestGoFiles { .. }));
                p
            })
            .collect()
    }

    /// Whether the main module's `ignore` directives exclude `dir`.
    fn ignored_in_main_module(&self, dir: &Path) -> bool {
        let Some(main) = &self.modules.main else {
            return false;
        };
        let Some(rel) = relative_slash_path(&main.dir, dir).filter(|rel| !rel.is_empty()) else {
            return false;
        };
        let rel = format!("/{rel}/");
        main.ignore.iter().any(|ignore| {
            let (pattern, rooted) = match ignore.strip_prefix("./") {
                Some(rest) => (rest, true),
                None => (ignore.as_str(), false),
            };
            let pattern = format!("/{}/", pattern.trim_matches('/'));
            if rooted {
                rel.starts_with(&pattern)
            } else {
                rel.contains(&pattern)
            }
        })
    }

    fn resolve_in_modules(&self, path: &str) -> Result<PackageLocation, LoadError> {
        let mut found: Vec<PackageLocation> = Vec::new();
        let mut missing_module: Option<&Arc<Module>> = None;
        let main = self.modules.main.iter();
        let candidates: Vec<&Arc<Module>> = match &self.modules.vendor {
            Some(_) => main.collect(),
            None => main
                .chain(path_prefixes(path).filter_map(|p| self.modules.deps.get(p)))
                .collect(),
        };
        for module in candidates {
            let Some(dir) = dir_in_module(path, module) else {
                continue;
            };
            if is_go_dir(&dir) {
                found.push(PackageLocation {
                    import_path: path.to_string(),
                    dir,
                    module: Some(Arc::clone(module)),
                    standard: false,
                });
            } else if !module.dir.is_dir() {
                missing_module = Some(module);
            }
        }
        if let Some(vendor) = &self.modules.vendor {
            let dir = vendor.dir.join(path);
            let module = vendor.package_modules.get(path);
            if is_go_dir(&dir) && (module.is_some() || !vendor.require_listed) {
                found.push(PackageLocation {
                    import_path: path.to_string(),
                    dir,
                    module: module.cloned(),
                    standard: false,
                });
            }
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(LoadError::PackageNotFound {
                path: path.to_string(),
                detail: self.not_found_detail(path, missing_module),
            }),
            _ => Err(LoadError::AmbiguousImport {
                path: path.to_string(),
                dirs: found.into_iter().map(|location| location.dir).collect(),
            }),
        }
    }

    fn not_found_detail(&self, path: &str, missing_module: Option<&Arc<Module>>) -> String {
        if let Some(module) = missing_module {
            return format!(
                "module {}@{} is not in the module cache ({}); run 'go mod download' (goescape never downloads)",
                module.path,
                module.version.as_deref().unwrap_or(""),
                module.dir.display()
            );
        }
        if is_standard_import_path(path) {
            return format!(
                "package {path} is not in std ({})",
                self.goroot_src.join(path).display()
            );
        }
        match (&self.modules.main, &self.modules.vendor) {
            (None, _) => "not in GOROOT and there is no main module (go.mod)".into(),
            (Some(_), Some(vendor)) => {
                format!("not in the main module nor in {}", vendor.dir.display())
            }
            (Some(main), None) => format!(
                "no module required by {}/go.mod provides it",
                main.dir.display()
            ),
        }
    }
}

/// One tree a pattern walk covers, and the import path of its top.
struct WalkRoot {
    dir: PathBuf,
    prefix: String,
    /// Local trees may hold nested modules, which a walk must not enter.
    local: bool,
}

enum Walk {
    Descend,
    Skip,
}

/// Visits `root` and its subdirectories, skipping `.`/`_`-prefixed and
/// `testdata` directories, symbolic links, and (in local trees) nested
/// modules.
fn walk_dirs(root: &Path, local: bool, visit: &mut dyn FnMut(&Path) -> Walk) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if let Walk::Skip = visit(&dir) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                !(name.starts_with('.') || name.starts_with('_') || name == "testdata")
            })
            .map(|entry| entry.path())
            .filter(|child| !(local && child.join("go.mod").is_file()))
            .collect();
        // Reverse order on the stack visits children in name order.
        children.sort();
        stack.extend(children.into_iter().rev());
    }
}

/// Whether the first element of `path` has no dot: the standard library's
/// namespace (which GOROOT may or may not fill).
pub fn is_standard_import_path(path: &str) -> bool {
    !path.split('/').next().unwrap_or(path).contains('.')
}

/// Rejects import paths the go command never resolves.
fn check_import_path(path: &str) -> Result<(), LoadError> {
    let invalid = |reason: &str| LoadError::InvalidImportPath {
        path: path.into(),
        reason: reason.into(),
    };
    if is_local_pattern(path) {
        return Err(invalid(
            "relative import paths are not supported in module mode",
        ));
    }
    if path.contains('@') {
        return Err(invalid("import path should not have @version"));
    }
    if path
        .split('/')
        .any(|element| element.is_empty() || element == "." || element == "..")
    {
        return Err(invalid("malformed path element"));
    }
    check_import_path_chars(path).map_err(|reason| invalid(&reason))
}

/// `.`, `..`, `./x`, `../x` or an absolute path: a directory, not an import path.
fn is_local_pattern(pattern: &str) -> bool {
    pattern == "."
        || pattern == ".."
        || pattern.starts_with("./")
        || pattern.starts_with("../")
        || Path::new(pattern).is_absolute()
}

/// `a/b/c`, `a/b`, `a`.
fn path_prefixes(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(path), |p| p.rfind('/').map(|slash| &p[..slash]))
}

/// Where `path` would be inside `module`, if the module's path is a prefix
/// of it and (for local trees) no nested module claims the directory.
fn dir_in_module(path: &str, module: &Module) -> Option<PathBuf> {
    let rest = path.strip_prefix(module.path.as_str())?;
    let dir = match rest.strip_prefix('/') {
        None if rest.is_empty() => module.dir.clone(),
        Some(rel) => module.dir.join(rel),
        None => return None,
    };
    if module.local && has_nested_go_mod(&module.dir, &dir) {
        return None;
    }
    Some(dir)
}
