//! The one pipeline every caller shares: load → check → lower → analyse.
//!
//! A [`Pipeline`] owns what a run needs and nothing below it may own: the
//! [`Settings`] (the go command's environment and gc's flags), the
//! [`Sources`] files are read from (disk, with in-memory overlays as an
//! editor needs), the worker threads, and the type [`Store`] of a run.
//! [`Pipeline::analyze`] turns patterns into per-package findings;
//! [`Pipeline::check`] stops after type checking. Every problem on the way
//! (load, I/O, syntax, type) comes back as a [`Diagnostic`]. The layers
//! below do no I/O of their own: the checker reads through [`Sources`].

mod analysis;
pub mod cache;
mod cached;
mod diagnostic;
mod reanalyze;
mod settings;
mod sources;
mod summary;

use std::collections::HashSet;
use std::path::PathBuf;

use goescape_load::{Loader, PackageGraph};
use goescape_types::check::{check_files, check_graph, CheckedPackage, CHECK_STACK_SIZE};
use goescape_types::model::{Sizes, Store};

pub use analysis::{Analysis, Files, Finished, PackageOptions, PackageReport, SourcesAnalysis};
pub use cache::Cache;
pub use cached::{CachedRun, PackageOutput, ReusingRun};
pub use diagnostic::{Diagnostic, Stage};
pub use reanalyze::WithErrors;
pub use settings::{GcFlags, Packages, Settings};
pub use sources::Sources;

/// A configured pipeline: run it on patterns as often as needed.
pub struct Pipeline {
    settings: Settings,
    /// The target's layout (GOARCH).
    sizes: Sizes,
    loader: Loader,
    sources: Sources,
    pool: rayon::ThreadPool,
}

/// The packages of a load, type-checked.
pub struct Checked {
    pub graph: PackageGraph,
    pub store: Store,
    /// Indexed like `graph.nodes`.
    pub packages: Vec<CheckedPackage>,
    /// Per package (indexed like `graph.nodes`): what loading found, then
    /// read, syntax and type errors.
    pub diagnostics: Vec<Vec<Diagnostic>>,
}

/// How one analysis runs: what it reuses, whether it keeps the reports,
/// and whom it tells of the checked packages and of each one analysed.
struct Run<'a> {
    reuse: Option<&'a analysis::Reuse>,
    keep_reports: bool,
    checked: &'a dyn Fn(&Checked),
    finished: &'a (dyn Fn(Finished<'_>) + Sync),
}

/// A standalone package, checked and lowered.
pub struct LoweredSources {
    pub store: Store,
    pub checked: CheckedPackage,
    pub package: goescape_ir::Package,
}

impl Checked {
    /// Whether any package has a problem.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| !d.is_empty())
    }

    /// The packages with problems, dependencies first (as the go command
    /// reports them), with their diagnostics.
    pub fn problems(&self) -> impl Iterator<Item = (usize, &[Diagnostic])> {
        self.graph
            .dependency_order()
            .into_iter()
            .map(|node| (node, self.diagnostics[node].as_slice()))
            .filter(|(_, diagnostics)| !diagnostics.is_empty())
    }
}

/// What went wrong with package `node`: what loading it found (files
/// whose header cannot be read, no files, two packages in one directory),
/// then its read, syntax and type errors.
fn package_diagnostics(
    graph: &PackageGraph,
    node: usize,
    checked: &CheckedPackage,
) -> Vec<Diagnostic> {
    let package = &graph.nodes[node].package;
    let mut out: Vec<Diagnostic> = package
        .errors
        .iter()
        .cloned()
        .map(Diagnostic::from_load)
        .collect();
    out.extend(checked.errors.iter().map(Diagnostic::from_check));
    out
}

impl Pipeline {
    pub fn new(settings: Settings) -> Result<Pipeline, Diagnostic> {
        let goarch = &settings.load.goarch;
        let sizes = Sizes::for_arch(goarch)
            .ok_or_else(|| Diagnostic::plain(format!("unsupported GOARCH {goarch}")))?;
        let loader = Loader::new(settings.load.clone()).map_err(Diagnostic::from_load)?;
        // Checking, lowering and analysis recurse as deep as the checker
        // allows; only touched stack pages cost memory.
        let mut pool = rayon::ThreadPoolBuilder::new().stack_size(CHECK_STACK_SIZE);
        if let Some(n) = settings.threads {
            pool = pool.num_threads(n);
        }
        let pool = pool
            .build()
            .map_err(|err| Diagnostic::plain(format!("starting worker threads: {err}")))?;
        Ok(Pipeline {
            settings,
            sizes,
            loader,
            sources: Sources::default(),
            pool,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn loader(&self) -> &Loader {
        &self.loader
    }

    pub fn sources_mut(&mut self) -> &mut Sources {
        &mut self.sources
    }

    /// The worker threads, for callers that parallelise work of their own
    /// (parsing without checking).
    pub fn pool(&self) -> &rayon::ThreadPool {
        &self.pool
    }

    /// The package graph of `patterns`: the packages they match (its
    /// roots) and everything those import.
    pub fn load(&self, patterns: &[&str]) -> Result<PackageGraph, Diagnostic> {
        let graph = self
            .loader
            .load_graph(patterns)
            .map_err(Diagnostic::from_load)?;
        if graph.roots.is_empty() {
            return Err(Diagnostic::plain(format!(
                "no packages match {}",
                patterns.join(" ")
            )));
        }
        Ok(graph)
    }

    /// Loads and type-checks `patterns`.
    pub fn check(&self, patterns: &[&str]) -> Result<Checked, Diagnostic> {
        Ok(self.check_loaded(self.load(patterns)?))
    }

    /// Type-checks the packages of `graph`.
    fn check_loaded(&self, graph: PackageGraph) -> Checked {
        let store = Store::for_target(self.sizes);
        let packages = self
            .pool
            .install(|| check_graph(&store, &graph, &self.sources));
        let diagnostics = (0..graph.nodes.len())
            .map(|node| package_diagnostics(&graph, node, &packages[node]))
            .collect();
        Checked {
            graph,
            store,
            packages,
            diagnostics,
        }
    }

    /// Loads, checks and analyses `patterns`: the packages they match at
    /// the flags' levels, the others silently (for their tags). Packages
    /// with errors, and their importers, are not analysed.
    pub fn analyze(&self, patterns: &[&str]) -> Result<Analysis, Diagnostic> {
        self.analyze_streaming(patterns, true, &|_| {}, &|_| {})
    }

    /// [`Pipeline::analyze`], showing the caller the checked packages
    /// before the analysis starts, then each package as soon as it is
    /// analysed (from the worker threads, in no fixed order); the
    /// result holds the reports only if `keep_reports` (a caller that
    /// only shows them keeps the memory of the packages in flight only).
    pub fn analyze_streaming(
        &self,
        patterns: &[&str],
        keep_reports: bool,
        checked: &dyn Fn(&Checked),
        finished: &(dyn Fn(Finished<'_>) + Sync),
    ) -> Result<Analysis, Diagnostic> {
        let graph = self.load(patterns)?;
        let flags = self.flags_per_package(&graph)?;
        let run = Run {
            reuse: None,
            keep_reports,
            checked,
            finished,
        };
        Ok(self.analyze_loaded(graph, &flags, run))
    }

    /// [`Pipeline::analyze_streaming`] on the packages of `graph`, each
    /// with its `flags` (indexed like the graph's nodes), as `run` asks.
    fn analyze_loaded(
        &self,
        graph: PackageGraph,
        flags: &[Option<&GcFlags>],
        run: Run<'_>,
    ) -> Analysis {
        let checked_packages = self.check_loaded(graph);
        (run.checked)(&checked_packages);
        self.pool.install(|| {
            analysis::run(
                checked_packages,
                flags,
                run.reuse,
                run.keep_reports,
                run.finished,
            )
        })
    }

    /// Which of gc's flags apply to each package of `graph`: the last
    /// [`GcFlags`] entry matching it; `None`, the defaults (silence).
    fn flags_per_package(&self, graph: &PackageGraph) -> Result<Vec<Option<&GcFlags>>, Diagnostic> {
        let mut per_package = vec![None; graph.nodes.len()];
        for flags in &self.settings.gcflags {
            let selected: Vec<usize> = match &flags.packages {
                Packages::Named => graph.roots.clone(),
                Packages::All => (0..graph.nodes.len()).collect(),
                Packages::Pattern(pattern) => {
                    let matched: HashSet<String> = self
                        .loader
                        .load_patterns(&[pattern])
                        .map_err(Diagnostic::from_load)?
                        .into_iter()
                        .map(|p| p.location.import_path)
                        .collect();
                    (0..graph.nodes.len())
                        .filter(|&n| matched.contains(graph.nodes[n].package.import_path()))
                        .collect()
                }
            };
            for node in selected {
                per_package[node] = Some(flags);
            }
        }
        Ok(per_package)
    }

    /// What the flags ask of a standalone package: the last entry for the
    /// named packages or for all.
    fn standalone_options(&self) -> PackageOptions {
        self.settings
            .gcflags
            .iter()
            .rev()
            .find(|f| matches!(f.packages, Packages::Named | Packages::All))
            .map_or_else(PackageOptions::default, PackageOptions::of)
    }

    /// Checks one standalone package given as sources into `store`: the
    /// package, or its diagnostics.
    fn check_standalone(
        &self,
        store: &Store,
        import_path: &str,
        sources: Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<CheckedPackage, Vec<Diagnostic>> {
        let package = self
            .pool
            .install(|| check_files(store, import_path, sources));
        if package.errors.is_empty() {
            Ok(package)
        } else {
            Err(package.errors.iter().map(Diagnostic::from_check).collect())
        }
    }

    /// Checks and lowers one standalone package given as sources (imports
    /// other than `unsafe` do not resolve) without analysing it, as the
    /// lowering's tests look at it; else its diagnostics.
    pub fn lower_sources(
        &self,
        import_path: &str,
        sources: Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<LoweredSources, Vec<Diagnostic>> {
        let store = Store::for_target(self.sizes);
        let checked = self.check_standalone(&store, import_path, sources)?;
        let shapes = goescape_ir::ShapeCache::new(&store);
        let lookup = |pkg| (pkg == checked.id).then_some(&checked);
        let explain = self.standalone_options().analysis.level.explains();
        let package = self
            .pool
            .install(|| goescape_ir::lower_package(&store, &checked, &lookup, &shapes, explain));
        Ok(LoweredSources {
            store,
            checked,
            package,
        })
    }

    /// Checks and analyses one standalone package given as sources
    /// (imports other than `unsafe` do not resolve), as tests and fuzzers
    /// feed it: its findings (with the checked files, which place them)
    /// when it type-checks, else its diagnostics.
    pub fn analyze_sources(
        &self,
        import_path: &str,
        sources: Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<SourcesAnalysis, Vec<Diagnostic>> {
        let store = Store::for_target(self.sizes);
        let packages = [self.check_standalone(&store, import_path, sources)?];
        let package_of = [(packages[0].id, 0)].into_iter().collect();
        let files = analysis::Files::new(&packages, &package_of);
        let options = self.standalone_options();
        let tables = analysis::Tables::new(&store, options.inlining);
        let report = self.pool.install(|| {
            analysis::Analyzer::new(&store, files, &tables)
                .analyze(0, options, false)
                .0
        });
        let [package] = packages;
        Ok(SourcesAnalysis { report, package })
    }
}
