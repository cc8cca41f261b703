//! Analysing a whole package graph: each package once, after the packages
//! it imports (whose tags it needs), independent packages in parallel.

use goescape_load::PackageGraph;
use goescape_types::check::CheckedPackage;
use goescape_types::model::Store;
use rayon::prelude::*;

use crate::{analyze_package, Message, Options, TagTable};

/// The messages of every package of `graph` (indexed like `graph.nodes`),
/// at the `-m` level `level(node)` asks for (0: analysed for its tags
/// only). Runs on the caller's rayon pool.
pub fn analyze_graph(
    store: &Store,
    graph: &PackageGraph,
    checked: &[CheckedPackage],
    level: &(dyn Fn(usize) -> u8 + Sync),
) -> Vec<Vec<Message>> {
    let tags = TagTable::default();
    let mut out: Vec<Vec<Message>> = vec![Vec::new(); graph.nodes.len()];
    for group in graph.dependency_levels() {
        let done: Vec<(usize, Vec<Message>)> = group
            .par_iter()
            .map(|&node| {
                let package = goescape_ir::lower_package(store, &checked[node]);
                let options = Options { level: level(node) };
                (node, analyze_package(&package, store, options, &tags))
            })
            .collect();
        for (node, messages) in done {
            out[node] = messages;
        }
    }
    out
}
