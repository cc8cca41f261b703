//! Analysing one package again after an edit, against the imports an
//! earlier run checked and analysed and keeps in memory: what an editor
//! does on each change, in the time of one package rather than of its
//! import closure.

use std::sync::atomic::AtomicU32;

use goescape_load::ImportTarget;
use goescape_types::check::check_package;

use crate::analysis::{broken, Analyzer, Files};
use crate::{package_diagnostics, Analysis, PackageOptions, Pipeline};

/// How [`Pipeline::reanalyze`] treats a package with errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithErrors {
    /// As the go command does: no analysis (an empty report).
    Skip,
    /// Analyse what was checked anyway: an editor shows what it can while
    /// the code is being typed (the caller guards against a failure of
    /// the layers below on damaged trees).
    Analyse,
}

impl Analysis {
    /// The number the next checked file gets: one past the largest in
    /// use, so that a package checked again never shares a file number
    /// (declaration positions name files by number).
    fn next_file_number(&self) -> u32 {
        self.checked
            .packages
            .iter()
            .flat_map(|p| &p.files)
            .map(|f| f.id.0 + 1)
            .max()
            .unwrap_or(0)
    }
}

impl Pipeline {
    /// Reads, checks and analyses package `node` of `analysis` again (its
    /// files through the pipeline's sources, overlays included) with
    /// `options`, against its imports as `analysis` holds them, and
    /// replaces its checked package, diagnostics and report. Nothing else
    /// is redone: importers of the package keep the results they had.
    ///
    /// Each call adds the package's new types and tags to the run's
    /// append-only tables, so a caller that edits for long starts a fresh
    /// run now and then.
    pub fn reanalyze(
        &self,
        analysis: &mut Analysis,
        node: usize,
        options: PackageOptions,
        with_errors: WithErrors,
    ) {
        let next_file = AtomicU32::new(analysis.next_file_number());
        let checked = &mut analysis.checked;
        let graph = &checked.graph;
        let packages = &checked.packages;
        let package = self.pool.install(|| {
            check_package(
                &checked.store,
                graph,
                node,
                &|import| Some(packages[import].id),
                &next_file,
                &self.sources,
            )
        });
        let diagnostics = package_diagnostics(graph, node, &package);
        let broken = broken(checked);
        let imports_broken = graph.nodes[node]
            .imports
            .iter()
            .any(|edge| matches!(edge.target, ImportTarget::Package(target) if broken[target]));
        analysis.package_of.remove(&packages[node].id);
        analysis.package_of.insert(package.id, node);
        checked.packages[node] = package;
        let analyse =
            !imports_broken && (diagnostics.is_empty() || with_errors == WithErrors::Analyse);
        checked.diagnostics[node] = diagnostics;
        analysis.reports[node] = if analyse {
            let files = Files::new(&checked.packages, &analysis.package_of);
            let analyzer = Analyzer::new(&checked.store, files, &analysis.tables);
            self.pool
                .install(|| analyzer.analyze(node, options, false).0)
        } else {
            Default::default()
        };
    }
}
