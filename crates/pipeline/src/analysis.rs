//! Lowering and analysing checked packages: each once, after the packages
//! it imports (whose tags it needs), independent packages in parallel.

use goescape_escape::{analyze_package, Finding, Options, TagTable};
use goescape_ir::{FileRef, Pos, ShapeCache};
use goescape_syntax::Position;
use goescape_types::check::{CheckedFile, CheckedPackage};
use goescape_types::model::{PkgId, Store};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::Checked;

/// What the analysis of one package found.
#[derive(Clone, Debug, Default)]
pub struct PackageReport {
    /// In the order gc prints them.
    pub findings: Vec<Finding>,
    /// The files finding positions refer to (instantiated generic code
    /// adds files of other packages).
    pub files: Vec<FileRef>,
}

/// The result of [`crate::Pipeline::analyze`].
pub struct Analysis {
    pub checked: Checked,
    /// Per package (indexed like the graph's nodes); empty when checking
    /// found errors.
    pub reports: Vec<PackageReport>,
    package_of: FxHashMap<PkgId, usize>,
}

impl Analysis {
    /// The checked file a [`FileRef`] names.
    pub fn file(&self, file: FileRef) -> Option<&CheckedFile> {
        let &node = self.package_of.get(&file.pkg)?;
        self.checked.packages[node].files.get(file.index as usize)
    }

    /// The packages the patterns matched, in dependency order (as the go
    /// command prints their output), with their reports.
    pub fn roots(&self) -> impl Iterator<Item = (usize, &PackageReport)> {
        let graph = &self.checked.graph;
        let mut is_root = vec![false; graph.nodes.len()];
        for &root in &graph.roots {
            is_root[root] = true;
        }
        graph
            .dependency_order()
            .into_iter()
            .filter(move |&node| is_root[node])
            .filter_map(|node| Some((node, self.reports.get(node)?)))
    }
}

/// The result of [`crate::Pipeline::analyze_sources`]: the package's
/// report and the checked package its positions refer to.
pub struct SourcesAnalysis {
    pub report: PackageReport,
    pub package: CheckedPackage,
}

impl SourcesAnalysis {
    /// The file, line and column of a finding's (or a step's) position,
    /// `//line` directives applied; `None` for code the compiler
    /// generates and for positions with none.
    pub fn position(&self, pos: Pos) -> Option<Position<'_>> {
        let file = self.report.files.get(pos.file as usize)?;
        if file.pkg != self.package.id {
            return None;
        }
        let file = self.package.files.get(file.index as usize)?;
        Some(file.syntax.position(goescape_syntax::Pos(pos.offset)))
    }
}

/// Analyses `checked` unless it has errors: the roots with `options`,
/// every other package silently.
pub(crate) fn run(checked: Checked, options: Options) -> Analysis {
    let package_of = checked
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let reports = if checked.diagnostics.is_empty() {
        let graph = &checked.graph;
        let mut is_root = vec![false; graph.nodes.len()];
        for &root in &graph.roots {
            is_root[root] = true;
        }
        let options_of = |node: usize| match is_root[node] {
            true => options,
            false => Options::default(),
        };
        analyze_levels(
            &checked.store,
            &checked.packages,
            &graph.dependency_levels(),
            &options_of,
        )
    } else {
        Vec::new()
    };
    Analysis {
        checked,
        reports,
        package_of,
    }
}

/// The reports of `packages`, analysed level by level (a package after
/// every package of earlier levels), as `options(node)` asks.
pub(crate) fn analyze_levels(
    store: &Store,
    packages: &[CheckedPackage],
    levels: &[Vec<usize>],
    options: &(dyn Fn(usize) -> Options + Sync),
) -> Vec<PackageReport> {
    let tags = TagTable::default();
    let shapes = ShapeCache::new(store);
    let by_id: FxHashMap<PkgId, usize> = packages
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let lookup = |pkg: PkgId| by_id.get(&pkg).map(|&i| &packages[i]);
    let mut out: Vec<PackageReport> = vec![PackageReport::default(); packages.len()];
    for level in levels {
        let done: Vec<(usize, PackageReport)> = level
            .par_iter()
            .map(|&node| {
                let options = options(node);
                let explain = options.level.explains();
                let package =
                    goescape_ir::lower_package(store, &packages[node], &lookup, &shapes, explain);
                let findings = analyze_package(&package, store, options, &tags);
                let report = PackageReport {
                    findings,
                    files: package.files,
                };
                (node, report)
            })
            .collect();
        for (node, report) in done {
            out[node] = report;
        }
    }
    out
}
