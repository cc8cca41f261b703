//! Analysing a whole package graph: each package once, after the packages
//! it imports (whose tags it needs), independent packages in parallel.

use goescape_ir::{FileRef, ShapeCache};
use goescape_load::PackageGraph;
use goescape_types::check::CheckedPackage;
use goescape_types::model::{PkgId, Store};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::{analyze_package, Message, Options, TagTable};

/// What the analysis of one package reports.
#[derive(Clone, Debug, Default)]
pub struct PackageReport {
    pub messages: Vec<Message>,
    /// The files message positions refer to (instantiated generic code
    /// adds files of other packages).
    pub files: Vec<FileRef>,
}

/// The messages of every package of `graph` (indexed like `graph.nodes`),
/// as `options(node)` asks for them (level 0: analysed for its tags only).
/// Runs on the caller's rayon pool.
pub fn analyze_graph(
    store: &Store,
    graph: &PackageGraph,
    checked: &[CheckedPackage],
    options: &(dyn Fn(usize) -> Options + Sync),
) -> Vec<PackageReport> {
    let tags = TagTable::default();
    let shapes = ShapeCache::new(store);
    let by_id: FxHashMap<PkgId, usize> =
        checked.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let lookup = |pkg: PkgId| by_id.get(&pkg).map(|&i| &checked[i]);
    let mut out: Vec<PackageReport> = vec![PackageReport::default(); graph.nodes.len()];
    for group in graph.dependency_levels() {
        let done: Vec<(usize, PackageReport)> = group
            .par_iter()
            .map(|&node| {
                let options = options(node);
                let explain = options.level >= 2;
                let package =
                    goescape_ir::lower_package(store, &checked[node], &lookup, &shapes, explain);
                let messages = analyze_package(&package, store, options, &tags);
                (
                    node,
                    PackageReport {
                        messages,
                        files: package.files,
                    },
                )
            })
            .collect();
        for (node, report) in done {
            out[node] = report;
        }
    }
    out
}
