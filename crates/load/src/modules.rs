//! Modules: finding the main module, computing the build list from go.mod
//! files in the module cache (minimal version selection with Go 1.17 graph
//! pruning), and reading `vendor/modules.txt`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ModMode};
use crate::error::LoadError;
use crate::gomod::{GoMod, ModuleVersion, ReplaceTarget};
use crate::paths::clean_path;
use crate::version::{compare_module_versions, go_version_at_least};

/// The language version of a module whose go.mod has no `go` line.
pub const DEFAULT_GO_MOD_VERSION: &str = "1.16";

/// A module taking part in a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub path: String,
    /// The selected version; `None` for the main module.
    pub version: Option<String>,
    /// Where its files are: the main module's root, a replacement
    /// directory, a module-cache directory, or `vendor/<path>`.
    pub dir: PathBuf,
    /// The `go` line of its go.mod (or its vendor/modules.txt annotation).
    pub go_version: Option<String>,
    pub main: bool,
    /// Whether `dir` is a local tree (main module or directory
    /// replacement) that may contain nested modules.
    pub local: bool,
    /// The `ignore` directives of its go.mod (main module only).
    pub ignore: Vec<String>,
}

impl Module {
    /// The language version its packages are compiled with.
    pub fn language_version(&self) -> &str {
        self.go_version.as_deref().unwrap_or(DEFAULT_GO_MOD_VERSION)
    }
}

/// Escapes a module path or version for the module cache: each upper-case
/// letter becomes `!` and its lower-case form, so that paths differing only
/// in case stay distinct on case-insensitive file systems.
pub fn escape_module_path(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            escaped.push('!');
            escaped.push(c.to_ascii_lowercase());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// The extracted source directory of `path@version` in the module cache.
pub fn module_cache_dir(gomodcache: &Path, path: &str, version: &str) -> PathBuf {
    gomodcache.join(format!(
        "{}@{}",
        escape_module_path(path),
        escape_module_path(version)
    ))
}

/// One `# module` entry of vendor/modules.txt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VendoredModule {
    pub path: String,
    /// Empty for a versionless replacement entry (`# path => dir`).
    pub version: String,
    /// The replacement, as written after `=>`.
    pub replacement: Option<String>,
    /// Marked `## explicit`: required by the main module's go.mod.
    pub explicit: bool,
    /// From a `## explicit; go 1.N` annotation.
    pub go_version: Option<String>,
    /// The vendored packages of this module.
    pub packages: Vec<String>,
}

/// Parses vendor/modules.txt.
pub fn parse_modules_txt(file: &Path, text: &str) -> Result<Vec<VendoredModule>, LoadError> {
    let mut modules: Vec<VendoredModule> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let error = |message: &str| LoadError::ModFile {
            file: file.to_path_buf(),
            line: index + 1,
            col: 1,
            message: message.to_string(),
        };
        if let Some(annotations) = line.strip_prefix("## ") {
            let module = modules
                .last_mut()
                .ok_or_else(|| error("annotation before any module"))?;
            for annotation in annotations.split(';').map(str::trim) {
                if annotation == "explicit" {
                    module.explicit = true;
                } else if let Some(version) = annotation.strip_prefix("go ") {
                    module.go_version = Some(version.trim().to_string());
                }
            }
        } else if let Some(entry) = line.strip_prefix("# ") {
            let (module, replacement) = match entry.split_once(" => ") {
                Some((module, replacement)) => (module, Some(replacement.trim().to_string())),
                None => (entry, None),
            };
            let mut fields = module.split_whitespace();
            let path = fields.next().ok_or_else(|| error("missing module path"))?;
            modules.push(VendoredModule {
                path: path.to_string(),
                version: fields.next().unwrap_or_default().to_string(),
                replacement,
                ..VendoredModule::default()
            });
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            let module = modules
                .last_mut()
                .ok_or_else(|| error("package before any module"))?;
            module.packages.push(line.trim().to_string());
        }
    }
    Ok(modules)
}

/// Where dependencies come from, for one main module.
#[derive(Debug, Default)]
pub(crate) struct ModuleSet {
    pub main: Option<Arc<Module>>,
    /// The build list without the main module, by path (module-cache mode).
    pub deps: HashMap<String, Arc<Module>>,
    /// Set in vendor mode.
    pub vendor: Option<Vendor>,
}

/// The main module's vendor directory and what modules.txt says about it.
#[derive(Debug)]
pub(crate) struct Vendor {
    pub dir: PathBuf,
    /// Vendored package path to its module.
    pub package_modules: HashMap<String, Arc<Module>>,
    /// Whether packages missing from modules.txt are ignored (Go 1.23+).
    pub require_listed: bool,
}

impl ModuleSet {
    /// Finds the main module above `config.work_dir` and its dependencies.
    pub fn load(config: &Config) -> Result<ModuleSet, LoadError> {
        let Some(root) = find_main_module_root(&config.work_dir) else {
            return Ok(ModuleSet::default());
        };
        let go_mod_path = root.join("go.mod");
        let text =
            fs::read_to_string(&go_mod_path).map_err(|err| LoadError::io(&go_mod_path, &err))?;
        let go_mod = GoMod::parse(&go_mod_path, &text)?;
        let path = go_mod.module.clone().ok_or_else(|| LoadError::ModFile {
            file: go_mod_path.clone(),
            line: 1,
            col: 1,
            message: "no module declaration in go.mod".into(),
        })?;
        let main = Arc::new(Module {
            path,
            version: None,
            dir: root.clone(),
            go_version: go_mod.go.clone(),
            main: true,
            local: true,
            ignore: go_mod.ignore.clone(),
        });
        let vendor_dir = root.join("vendor");
        let use_vendor = match config.mod_mode {
            Some(mode) => mode == ModMode::Vendor,
            None => vendor_dir.is_dir() && go_version_at_least(main.language_version(), 14),
        };
        if use_vendor {
            let vendor = read_vendor(&vendor_dir, main.language_version())?;
            return Ok(ModuleSet {
                main: Some(main),
                deps: HashMap::new(),
                vendor: Some(vendor),
            });
        }
        let deps = BuildList::compute(config, &root, &go_mod);
        Ok(ModuleSet {
            main: Some(main),
            deps,
            vendor: None,
        })
    }
}

/// The nearest directory at or above `dir` holding a go.mod file.
fn find_main_module_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .map(Path::to_path_buf)
}

fn read_vendor(dir: &Path, main_go_version: &str) -> Result<Vendor, LoadError> {
    let file = dir.join("modules.txt");
    // A vendor directory without modules.txt predates Go 1.14's checks.
    let text = match fs::read_to_string(&file) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(LoadError::io(&file, &err)),
    };
    let mut package_modules = HashMap::new();
    for vendored in parse_modules_txt(&file, &text)? {
        let module = Arc::new(Module {
            dir: dir.join(&vendored.path),
            path: vendored.path,
            version: Some(vendored.version).filter(|v| !v.is_empty()),
            go_version: vendored.go_version,
            main: false,
            local: false,
            ignore: Vec::new(),
        });
        for package in vendored.packages {
            package_modules.insert(package, Arc::clone(&module));
        }
    }
    Ok(Vendor {
        dir: dir.to_path_buf(),
        package_modules,
        require_listed: go_version_at_least(main_go_version, 23),
    })
}

/// Minimal version selection over go.mod files found in the module cache
/// (or replacement directories), never the network.
struct BuildList<'a> {
    config: &'a Config,
    main_root: &'a Path,
    main: &'a GoMod,
    /// go.mod summaries by module version (`None`: not available offline).
    summaries: HashMap<ModuleVersion, Option<Arc<GoMod>>>,
    selected: HashMap<String, String>,
}

impl<'a> BuildList<'a> {
    fn compute(config: &Config, main_root: &Path, main: &GoMod) -> HashMap<String, Arc<Module>> {
        let mut list = BuildList {
            config,
            main_root,
            main,
            summaries: HashMap::new(),
            selected: HashMap::new(),
        };
        // Go 1.17+ modules list every dependency they need, so the graph is
        // pruned: the requirements of such a module's requirements are not
        // followed. Older go.mod files need their full transitive graph.
        let main_pruned =
            go_version_at_least(main.go.as_deref().unwrap_or(DEFAULT_GO_MOD_VERSION), 17);
        let mut queue: Vec<(ModuleVersion, bool)> = Vec::new();
        let mut enqueued: HashSet<(ModuleVersion, bool)> = HashSet::new();
        for require in &main.require {
            if list.note(&require.module) {
                queue.push((require.module.clone(), !main_pruned));
            }
        }
        while let Some((module, unpruned)) = queue.pop() {
            if !enqueued.insert((module.clone(), unpruned)) {
                continue;
            }
            let Some(summary) = list.summary(&module) else {
                continue;
            };
            let summary_unpruned =
                !go_version_at_least(summary.go.as_deref().unwrap_or(DEFAULT_GO_MOD_VERSION), 17);
            for require in &summary.require {
                if list.note(&require.module) && (unpruned || summary_unpruned) {
                    queue.push((require.module.clone(), unpruned || summary_unpruned));
                }
            }
        }
        let selected = std::mem::take(&mut list.selected);
        selected
            .into_iter()
            .map(|(path, version)| {
                let module = list.module(&path, &version);
                (path, Arc::new(module))
            })
            .collect()
    }

    /// Records a requirement; false if the main module excludes it.
    fn note(&mut self, module: &ModuleVersion) -> bool {
        if self.main.exclude.contains(module) || matches!(module.path.as_str(), "go" | "toolchain")
        {
            return false;
        }
        let entry = self
            .selected
            .entry(module.path.clone())
            .or_insert_with(|| module.version.clone());
        if compare_module_versions(&module.version, entry).is_gt() {
            *entry = module.version.clone();
        }
        true
    }

    /// Where `path@version` is read from, after the main module's
    /// replacements: a directory (local) or a module-cache version.
    fn source(&self, path: &str, version: &str) -> Source {
        let replacement = self
            .main
            .replace
            .iter()
            .filter(|r| r.old_path == path)
            .find(|r| r.old_version.as_deref() == Some(version))
            .or_else(|| {
                self.main
                    .replace
                    .iter()
                    .find(|r| r.old_path == path && r.old_version.is_none())
            });
        match replacement.map(|r| &r.new) {
            Some(ReplaceTarget::Dir(dir)) => Source::Dir(clean_path(&self.main_root.join(dir))),
            Some(ReplaceTarget::Module(target)) => Source::Cache(target.clone()),
            None => Source::Cache(ModuleVersion {
                path: path.into(),
                version: version.into(),
            }),
        }
    }

    fn summary(&mut self, module: &ModuleVersion) -> Option<Arc<GoMod>> {
        if let Some(summary) = self.summaries.get(module) {
            return summary.clone();
        }
        let summary = self
            .read_go_mod(&self.source(&module.path, &module.version))
            .map(Arc::new);
        self.summaries.insert(module.clone(), summary.clone());
        summary
    }

    /// Reads a dependency's go.mod: from a replacement directory, or the
    /// cache's download record, or the extracted module. Missing or broken
    /// files leave the module without requirements: its packages then fail
    /// to resolve with a clear error, should they be imported.
    fn read_go_mod(&self, source: &Source) -> Option<GoMod> {
        let candidates = match source {
            Source::Dir(dir) => vec![dir.join("go.mod")],
            Source::Cache(m) => vec![
                self.config
                    .gomodcache
                    .join("cache/download")
                    .join(escape_module_path(&m.path))
                    .join("@v")
                    .join(format!("{}.mod", escape_module_path(&m.version))),
                module_cache_dir(&self.config.gomodcache, &m.path, &m.version).join("go.mod"),
            ],
        };
        candidates.iter().find_map(|file| {
            let text = fs::read_to_string(file).ok()?;
            GoMod::parse_lax(file, &text).ok()
        })
    }

    fn module(&mut self, path: &str, version: &str) -> Module {
        let source = self.source(path, version);
        let go_version = self
            .summary(&ModuleVersion {
                path: path.into(),
                version: version.into(),
            })
            .and_then(|summary| summary.go.clone());
        let (dir, local) = match source {
            Source::Dir(dir) => (dir, true),
            Source::Cache(m) => (
                module_cache_dir(&self.config.gomodcache, &m.path, &m.version),
                false,
            ),
        };
        Module {
            path: path.to_string(),
            version: Some(version.to_string()),
            dir,
            go_version,
            main: false,
            local,
            ignore: Vec::new(),
        }
    }
}

enum Source {
    Dir(PathBuf),
    Cache(ModuleVersion),
}
