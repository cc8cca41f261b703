//! Lowering and analysing checked packages: each once, as soon as the
//! packages it imports (whose tags it needs) are done, independent
//! packages in parallel.

use goescape_escape::{analyze_package, BodySource, Finding, Options, TagTable};
use goescape_inline::{InlineTable, Inlining};
use goescape_ir::{FileRef, Pos, ShapeCache};
use goescape_syntax::Position;
use goescape_types::check::{CheckedFile, CheckedPackage};
use goescape_types::model::{PkgId, Store};
use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock, RwLock};

use crate::summary::Summary;
use crate::{Checked, GcFlags};

/// What the analysis of one package found.
#[derive(Clone, Debug, Default)]
pub struct PackageReport {
    /// In the order gc prints them.
    pub findings: Vec<Finding>,
    /// The inliner's verdicts and the calls it inlines, when gc's flags
    /// ask for them (`-m` without `-l`); empty otherwise.
    pub inlining: Inlining,
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
    /// The options of each package, given the flags that apply to it
    /// (`None`: the defaults).
    pub(crate) fn per_package(flags: &[Option<&GcFlags>]) -> Vec<PackageOptions> {
        flags
            .iter()
            .map(|f| f.map_or_else(PackageOptions::default, PackageOptions::of))
            .collect()
    }

    pub fn of(flags: &crate::GcFlags) -> PackageOptions {
        PackageOptions {
            analysis: flags.analysed(),
            inlining: !flags.no_inline && flags.analysis.level.reports(),
        }
    }
}

/// The result of [`crate::Pipeline::analyze`].
pub struct Analysis {
    pub checked: Checked,
    /// Per package (indexed like the graph's nodes); empty for packages
    /// that were not analysed (they, or packages they import, have
    /// errors), and for all when the run was asked not to keep them.
    pub reports: Vec<PackageReport>,
    pub(crate) package_of: FxHashMap<PkgId, usize>,
    /// What the analyses learned of every package, for analysing a
    /// package again after an edit ([`crate::Pipeline::reanalyze`]).
    pub(crate) tables: Tables,
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
    /// gc's flags for the package (`None`: the defaults).
    pub flags: Option<&'a GcFlags>,
    pub report: &'a PackageReport,
    pub files: Files<'a>,
    /// The types the files' type information refers to.
    pub store: &'a Store,
    /// What importers need of the package, when the run keeps summaries
    /// and had none of this package.
    pub summary: Option<&'a Summary>,
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

/// What a run through the cache knows of its packages before analysing
/// them (indexed like the nodes).
pub(crate) struct Reuse {
    /// Summaries from earlier runs, read before any package is analysed:
    /// importers see these tags and prices.
    pub summaries: Vec<Option<Summary>>,
    /// Whether a package's own findings are wanted; a package that is not
    /// wanted and whose summary applies is not analysed at all.
    pub wanted: Vec<bool>,
}

/// Analyses the packages of `checked` that have no errors and import
/// none that have (as the go command compiles no importer of a broken
/// package), each with its `flags`, telling `finished` of each as it is
/// done. With `reuse`, the summaries it holds stand in for their
/// packages' analyses, and each package analysed without one comes with
/// its new summary. Reports are kept in the result if `keep_reports`
/// (else dropped once `finished` has seen them, which bounds memory to
/// the packages in flight).
pub(crate) fn run(
    checked: Checked,
    flags: &[Option<&GcFlags>],
    reuse: Option<&Reuse>,
    keep_reports: bool,
    finished: &(dyn Fn(Finished<'_>) + Sync),
) -> Analysis {
    let options = PackageOptions::per_package(flags);
    let package_of: FxHashMap<PkgId, usize> = checked
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();
    let graph = &checked.graph;
    let broken = broken(&checked);
    let files = Files::new(&checked.packages, &package_of);
    let expands = options.iter().any(|o| o.inlining);
    let tables = Tables::new(&checked.store, expands);
    let analyzer = Analyzer::new(&checked.store, files, &tables);
    // A summary that does not fit the package checked now (a path it
    // names is not there) is ignored, and the package analysed.
    let summarized: Vec<bool> = (0..graph.nodes.len())
        .map(|node| {
            let Some(summary) = reuse.and_then(|r| r.summaries[node].as_ref()) else {
                return false;
            };
            !broken[node] && analyzer.install(summary, checked.packages[node].id)
        })
        .collect();
    // Summaries hold no inlinable bodies yet: when a wanted package
    // reports inlining (whose call sites reach into its imports' bodies),
    // every package is lowered and priced.
    let bodies_needed = reuse.is_some_and(|r| {
        (0..graph.nodes.len()).any(|node| r.wanted[node] && options[node].inlining)
    });
    let done: Vec<OnceLock<PackageReport>> =
        (0..graph.nodes.len()).map(|_| OnceLock::new()).collect();
    graph.for_each_in_dependency_order(&|node| {
        let wanted = reuse.is_none_or(|r| r.wanted[node]);
        if broken[node] || (summarized[node] && !wanted && !bodies_needed) {
            return;
        }
        if summarized[node] && !wanted {
            // Its tags came with its summary; its importers need only
            // its bodies, priced.
            let (package, _) = analyzer.price(node, options[node]);
            tables.lowered.insert(&package);
            return;
        }
        let summarize = reuse.is_some() && !summarized[node];
        let (report, summary) = analyzer.analyze(node, options[node], summarize);
        finished(Finished {
            node,
            package: &graph.nodes[node].package,
            flags: flags[node],
            report: &report,
            files,
            store: &checked.store,
            summary: summary.as_ref(),
        });
        if keep_reports {
            // Each node runs once, so the cell is always empty here.
            let _ = done[node].set(report);
        }
    });
    let reports = done
        .into_iter()
        .map(|cell| cell.into_inner().unwrap_or_default())
        .collect();
    Analysis {
        checked,
        reports,
        package_of,
        tables,
    }
}

/// Per package of `checked`: whether it or a package it imports has
/// problems (the go command compiles no importer of a broken package).
pub(crate) fn broken(checked: &Checked) -> Vec<bool> {
    let graph = &checked.graph;
    let mut broken = vec![false; graph.nodes.len()];
    for node in graph.dependency_order() {
        broken[node] = !checked.diagnostics[node].is_empty()
            || graph.nodes[node].imports.iter().any(
                |edge| matches!(edge.target, goescape_load::ImportTarget::Package(t) if broken[t]),
            );
    }
    broken
}

/// What the analyses of one run learn and share: the tags and inlining
/// costs of the packages analysed so far, the instantiation shapes, and
/// the lowered packages whose bodies callers inline.
pub(crate) struct Tables {
    tags: TagTable,
    inline_costs: InlineTable,
    shapes: ShapeCache,
    lowered: LoweredTable,
}

impl Tables {
    /// `inlined_bodies`: some package of the run is analysed with the
    /// bodies gc inlines, so lowered packages are kept for their importers.
    pub(crate) fn new(store: &Store, inlined_bodies: bool) -> Tables {
        Tables {
            tags: TagTable::default(),
            inline_costs: InlineTable::default(),
            shapes: ShapeCache::new(store),
            lowered: LoweredTable {
                keep: inlined_bodies,
                packages: RwLock::default(),
            },
        }
    }
}

/// The lowered packages of a run, when callers analyse inlined bodies.
struct LoweredTable {
    keep: bool,
    packages: RwLock<FxHashMap<PkgId, Arc<goescape_ir::Package>>>,
}

impl LoweredTable {
    fn insert(&self, package: &Arc<goescape_ir::Package>) {
        if self.keep {
            let mut packages = self.packages.write().unwrap_or_else(|e| e.into_inner());
            packages.insert(package.id, Arc::clone(package));
        }
    }
}

impl BodySource for LoweredTable {
    fn package(&self, pkg: PkgId) -> Option<Arc<goescape_ir::Package>> {
        let packages = self.packages.read().unwrap_or_else(|e| e.into_inner());
        packages.get(&pkg).cloned()
    }
}

/// One run's analyses: the packages (for imported declarations) and the
/// tables they share.
pub(crate) struct Analyzer<'a> {
    store: &'a Store,
    files: Files<'a>,
    tables: &'a Tables,
}

impl<'a> Analyzer<'a> {
    pub(crate) fn new(store: &'a Store, files: Files<'a>, tables: &'a Tables) -> Analyzer<'a> {
        Analyzer {
            store,
            files,
            tables,
        }
    }

    /// Records an earlier run's summary of package `pkg`; false when it
    /// does not fit.
    fn install(&self, summary: &Summary, pkg: PkgId) -> bool {
        summary.install(
            self.store,
            pkg,
            &self.tables.tags,
            &self.tables.inline_costs,
        )
    }

    /// Lowers package `node` as `options` ask and prices its functions,
    /// publishing the prices (and the calls each inlinable function
    /// inlines) to its importers.
    fn price(&self, node: usize, options: PackageOptions) -> (Arc<goescape_ir::Package>, Inlining) {
        let packages = self.files.packages;
        let lookup = |pkg: PkgId| self.files.package_of.get(&pkg).map(|&i| &packages[i]);
        // Wrappers show at -m=2 (their parameters' leaks) and wherever
        // gc inlines into them.
        let wrappers = options.analysis.level.explains() || options.inlining;
        let package = Arc::new(goescape_ir::lower_package(
            self.store,
            &packages[node],
            &lookup,
            &self.tables.shapes,
            wrappers,
        ));
        let inlined =
            goescape_inline::analyze_package(&package, self.store, &self.tables.inline_costs);
        (package, inlined)
    }

    /// Lowers, prices and analyses package `node` as `options` ask, and
    /// with `summarize` also returns what its importers need; every
    /// package it imports must have been analysed (or summarized) already.
    pub(crate) fn analyze(
        &self,
        node: usize,
        options: PackageOptions,
        summarize: bool,
    ) -> (PackageReport, Option<Summary>) {
        let PackageOptions { analysis, inlining } = options;
        let explain = analysis.level.explains();
        let tables = self.tables;
        let (package, inlined) = self.price(node, options);
        let packages = self.files.packages;
        // gc analyses the bodies it inlines in their callers.
        let expanded: &[_] = if inlining { &inlined.calls } else { &[] };
        let findings = analyze_package(
            &package,
            self.store,
            analysis,
            &tables.tags,
            expanded,
            &tables.lowered,
        );
        tables.lowered.insert(&package);
        let summary = summarize.then(|| {
            Summary::of(
                &package,
                &packages[node],
                self.store,
                &tables.tags,
                &tables.inline_costs,
            )
        });
        let report = PackageReport {
            findings,
            inlining: if inlining {
                inlined
            } else {
                Inlining::default()
            },
            inlining_explained: explain,
            files: package.files.clone(),
        };
        (report, summary)
    }
}
