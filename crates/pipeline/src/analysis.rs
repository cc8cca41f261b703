//! Lowering and analysing checked packages: each once, after the packages
//! it imports (whose tags it needs), independent packages in parallel.

use goescape_escape::{analyze_package, Finding, Options, TagTable};
use goescape_inline::{InlineTable, Verdict};
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
    /// The inliner's verdicts, callees first, when gc's flags ask for
    /// them (`-m` without `-l`); empty otherwise.
    pub inlining: Vec<Verdict>,
    /// `-m=2`: every verdict with its cost or reason; `-m`: the inlinable
    /// functions only.
    pub inlining_explained: bool,
    /// The files finding positions refer to (instantiated generic code
    /// adds files of other packages).
    pub files: Vec<FileRef>,
}

/// What gc's flags ask of one package.
#[derive(Clone, Copy, Debug, Default)]
pub struct PackageOptions {
    pub analysis: Options,
    /// Report the inliner's verdicts (`-m` without `-l`).
    pub inlining: bool,
}

impl PackageOptions {
    pub fn of(flags: &crate::GcFlags) -> PackageOptions {
        PackageOptions {
            analysis: flags.analysis,
            inlining: !flags.no_inline && flags.analysis.level.reports(),
        }
    }
}

/// The result of [`crate::Pipeline::analyze`].
pub struct Analysis {
    pub checked: Checked,
    /// Per package (indexed like the graph's nodes); empty for packages
    /// that were not analysed (they, or packages they import, have
    /// errors).
    pub reports: Vec<PackageReport>,
    package_of: FxHashMap<PkgId, usize>,
}

/// The checked files of a run, by [`FileRef`].
#[derive(Clone, Copy)]
pub struct Files<'a> {
    packages: &'a [CheckedPackage],
    package_of: &'a FxHashMap<PkgId, usize>,
}

impl<'a> Files<'a> {
    pub(crate) fn new(
        packages: &'a [CheckedPackage],
        package_of: &'a FxHashMap<PkgId, usize>,
    ) -> Files<'a> {
        Files {
            packages,
            package_of,
        }
    }

    pub fn get(&self, file: FileRef) -> Option<&'a CheckedFile> {
        let &node = self.package_of.get(&file.pkg)?;
        self.packages[node].files.get(file.index as usize)
    }
}

/// A package whose analysis just finished, as [`crate::Pipeline::analyze`]
/// hands it to its caller before the others are done.
pub struct Finished<'a> {
    pub node: usize,
    pub package: &'a goescape_load::Package,
    pub report: &'a PackageReport,
    pub files: Files<'a>,
}

impl Analysis {
    pub fn files(&self) -> Files<'_> {
        Files::new(&self.checked.packages, &self.package_of)
    }

    /// The packages with findings, in dependency order (the go command
    /// prints a package's output before its importers'), with their
    /// reports.
    pub fn reported(&self) -> impl Iterator<Item = (usize, &PackageReport)> {
        self.checked
            .graph
            .dependency_order()
            .into_iter()
            .filter_map(|node| Some((node, self.reports.get(node)?)))
            .filter(|(_, report)| !report.findings.is_empty())
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

/// Analyses the packages of `checked` that have no errors and import
/// none that have (as the go command compiles no importer of a broken
/// package), each with its `options`, telling `finished` of each as it
/// is done.
pub(crate) fn run(
    checked: Checked,
    options: &[PackageOptions],
    finished: &(dyn Fn(Finished<'_>) + Sync),
) -> Analysis {
    let package_of: FxHashMap<PkgId, usize> = checked
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let graph = &checked.graph;
    let mut broken = vec![false; graph.nodes.len()];
    for node in graph.dependency_order() {
        broken[node] = !checked.diagnostics[node].is_empty()
            || graph.nodes[node].imports.iter().any(
                |edge| matches!(edge.target, goescape_load::ImportTarget::Package(t) if broken[t]),
            );
    }
    let levels: Vec<Vec<usize>> = graph
        .dependency_levels()
        .into_iter()
        .map(|level| level.into_iter().filter(|&n| !broken[n]).collect())
        .collect();
    let files = Files::new(&checked.packages, &package_of);
    let reports = analyze_levels(&checked.store, files, &levels, options, &|node, report| {
        finished(Finished {
            node,
            package: &graph.nodes[node].package,
            report,
            files,
        })
    });
    Analysis {
        checked,
        reports,
        package_of,
    }
}

/// The reports of the packages in `levels`, analysed level by level (a
/// package after every package of earlier levels), as `options[node]`
/// asks; packages in no level get an empty report.
pub(crate) fn analyze_levels(
    store: &Store,
    files: Files<'_>,
    levels: &[Vec<usize>],
    options: &[PackageOptions],
    finished: &(dyn Fn(usize, &PackageReport) + Sync),
) -> Vec<PackageReport> {
    let packages = files.packages;
    let tags = TagTable::default();
    let inline_costs = InlineTable::default();
    let shapes = ShapeCache::new(store);
    let lookup = |pkg: PkgId| files.package_of.get(&pkg).map(|&i| &packages[i]);
    let mut out: Vec<PackageReport> = vec![PackageReport::default(); packages.len()];
    for level in levels {
        let done: Vec<(usize, PackageReport)> = level
            .par_iter()
            .map(|&node| {
                let PackageOptions { analysis, inlining } = options[node];
                let explain = analysis.level.explains();
                let package =
                    goescape_ir::lower_package(store, &packages[node], &lookup, &shapes, explain);
                // Every package is priced, for its importers' sake.
                let verdicts = goescape_inline::analyze_package(&package, store, &inline_costs);
                let findings = analyze_package(&package, store, analysis, &tags);
                let report = PackageReport {
                    findings,
                    inlining: if inlining { verdicts } else { Vec::new() },
                    inlining_explained: explain,
                    files: package.files,
                };
                finished(node, &report);
                (node, report)
            })
            .collect();
        for (node, report) in done {
            out[node] = report;
        }
    }
    out
}
