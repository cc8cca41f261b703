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
mod diagnostic;
mod settings;
mod sources;

use std::path::PathBuf;

use goescape_load::{Loader, PackageGraph};
use goescape_types::check::{check_files, check_graph, CheckedPackage, CHECK_STACK_SIZE};
use goescape_types::model::Store;

pub use analysis::{Analysis, PackageReport, SourcesAnalysis};
pub use diagnostic::{Diagnostic, Stage};
pub use settings::Settings;
pub use sources::Sources;

/// A configured pipeline: run it on patterns as often as needed.
pub struct Pipeline {
    settings: Settings,
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
    /// Read, syntax and type errors, dependencies first (as the go
    /// command reports them).
    pub diagnostics: Vec<Diagnostic>,
}

impl Pipeline {
    pub fn new(settings: Settings) -> Result<Pipeline, Diagnostic> {
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
        let graph = self.load(patterns)?;
        let store = Store::new();
        let packages = self
            .pool
            .install(|| check_graph(&store, &graph, &self.sources));
        let diagnostics = graph
            .dependency_order()
            .into_iter()
            .flat_map(|node| packages[node].errors.iter().map(Diagnostic::from_check))
            .collect();
        Ok(Checked {
            graph,
            store,
            packages,
            diagnostics,
        })
    }

    /// Loads, checks and analyses `patterns`: the packages they match at
    /// the settings' level, their imports silently (for their tags). When
    /// checking found errors, nothing is analysed.
    pub fn analyze(&self, patterns: &[&str]) -> Result<Analysis, Diagnostic> {
        let checked = self.check(patterns)?;
        Ok(self
            .pool
            .install(|| analysis::run(checked, self.settings.analysis)))
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
        let store = Store::new();
        let package = self
            .pool
            .install(|| check_files(&store, import_path, sources));
        if !package.errors.is_empty() {
            return Err(package.errors.iter().map(Diagnostic::from_check).collect());
        }
        let packages = [package];
        let mut reports = self.pool.install(|| {
            analysis::analyze_levels(&store, &packages, &[vec![0]], &|_| self.settings.analysis)
        });
        let [package] = packages;
        Ok(SourcesAnalysis {
            report: reports.remove(0),
            package,
        })
    }
}
