//! The import graph: the packages named by patterns and, transitively,
//! everything they import, each loaded once, directories read in parallel.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::LoadError;
use crate::loader::{Loader, Resolution};
use crate::package::{Package, PackageLocation};

/// Packages and their import edges.
#[derive(Debug, Clone)]
pub struct PackageGraph {
    pub nodes: Vec<PackageNode>,
    /// Indices of the packages the patterns named, in pattern order.
    pub roots: Vec<usize>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct PackageNode {
    pub package: Package,
    /// One edge per distinct import path; test edges only for roots loaded
    /// with tests.
    pub imports: Vec<ImportEdge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportEdge {
    /// The path as written in the source.
    pub path: String,
    pub kind: ImportKind,
    pub target: ImportTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// From the package's own files.
    Normal,
    /// From its `_test.go` files in the same package.
    Test,
    /// From its external `_test` package.
    XTest,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportTarget {
    /// Index of the imported package in [`PackageGraph::nodes`].
    Package(usize),
    /// The cgo pseudo-package `C`.
    Cgo,
    /// Resolution failed.
    Unresolved(LoadError),
}

impl PackageGraph {
    /// The node of a package, by canonical import path.
    pub fn get(&self, import_path: &str) -> Option<&PackageNode> {
        self.index.get(import_path).map(|&i| &self.nodes[i])
    }

    /// Runs `work` on every node on the current rayon pool, each as soon
    /// as every package it imports is done, so that no core waits for a
    /// whole level to finish. Import cycles (which Go forbids) are broken
    /// where [`PackageGraph::dependency_order`] breaks them.
    pub fn for_each_in_dependency_order(&self, work: &(dyn Fn(usize) + Sync)) {
        let order = self.dependency_order();
        let mut position = vec![0; self.nodes.len()];
        for (i, &node) in order.iter().enumerate() {
            position[node] = i;
        }
        let mut dependents = vec![Vec::new(); self.nodes.len()];
        let mut waiting = Vec::with_capacity(self.nodes.len());
        for (node, data) in self.nodes.iter().enumerate() {
            let mut imports: Vec<usize> = data
                .imports
                .iter()
                .filter_map(|edge| match edge.target {
                    ImportTarget::Package(target) if position[target] < position[node] => {
                        Some(target)
                    }
                    _ => None,
                })
                .collect();
            imports.sort_unstable();
            imports.dedup();
            for &target in &imports {
                dependents[target].push(node);
            }
            waiting.push(AtomicUsize::new(imports.len()));
        }
        let schedule = Schedule {
            dependents,
            waiting,
            work,
        };
        let schedule = &schedule;
        rayon::scope(|scope| {
            for &node in &order {
                if schedule.waiting[node].load(Ordering::Relaxed) == 0 {
                    scope.spawn(move |scope| schedule.run(scope, node));
                }
            }
        });
    }

    /// The part of the graph that `roots` need: those packages (its
    /// roots) and everything they import, directly or not; with, for each
    /// of its nodes, the node of `self` it is.
    pub fn closure(&self, roots: &[usize]) -> (PackageGraph, Vec<usize>) {
        let mut new_index = vec![None; self.nodes.len()];
        let mut old_of_new = Vec::new();
        let mut pending = roots.to_vec();
        while let Some(node) = pending.pop() {
            if new_index[node].is_some() {
                continue;
            }
            new_index[node] = Some(old_of_new.len());
            old_of_new.push(node);
            pending.extend(
                self.nodes[node]
                    .imports
                    .iter()
                    .filter_map(|edge| match edge.target {
                        ImportTarget::Package(target) => Some(target),
                        _ => None,
                    }),
            );
        }
        let nodes = old_of_new
            .iter()
            .map(|&old| {
                let mut node = self.nodes[old].clone();
                for edge in &mut node.imports {
                    if let ImportTarget::Package(target) = &mut edge.target {
                        *target = new_index[*target].expect("imports are in the closure");
                    }
                }
                node
            })
            .collect::<Vec<_>>();
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| (node.package.import_path().to_owned(), i))
            .collect();
        let graph = PackageGraph {
            nodes,
            roots: roots.iter().filter_map(|&root| new_index[root]).collect(),
            index,
        };
        (graph, old_of_new)
    }

    /// Node indices with every package after the packages it imports
    /// (normal imports only; an import cycle, which Go forbids anyway, is
    /// broken at an arbitrary point).
    pub fn dependency_order(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut visited = vec![false; self.nodes.len()];
        for start in 0..self.nodes.len() {
            if visited[start] {
                continue;
            }
            visited[start] = true;
            // Iterative depth-first search: (node, next edge to look at).
            let mut stack = vec![(start, 0)];
            while let Some((node, edge)) = stack.pop() {
                let next = self.nodes[node].imports[edge..]
                    .iter()
                    .enumerate()
                    .find_map(|(i, e)| match e.target {
                        ImportTarget::Package(target)
                            if e.kind == ImportKind::Normal && !visited[target] =>
                        {
                            Some((edge + i, target))
                        }
                        _ => None,
                    });
                match next {
                    Some((i, target)) => {
                        stack.push((node, i + 1));
                        visited[target] = true;
                        stack.push((target, 0));
                    }
                    None => order.push(node),
                }
            }
        }
        order
    }
}

/// The state of [`PackageGraph::for_each_in_dependency_order`]: for each
/// node, the packages that import it and how many of its imports are
/// still running.
struct Schedule<'a> {
    dependents: Vec<Vec<usize>>,
    waiting: Vec<AtomicUsize>,
    work: &'a (dyn Fn(usize) + Sync),
}

impl<'a> Schedule<'a> {
    fn run<'s>(&'s self, scope: &rayon::Scope<'s>, node: usize) {
        (self.work)(node);
        for &dependent in &self.dependents[node] {
            // The last import to finish releases the importer.
            if self.waiting[dependent].fetch_sub(1, Ordering::AcqRel) == 1 {
                scope.spawn(move |scope| self.run(scope, dependent));
            }
        }
    }
}

impl Loader {
    /// Loads the packages `patterns` name and the transitive closure of
    /// their imports (plus, with tests, the imports of the roots' test
    /// files). Unresolvable imports are recorded on their edges; only
    /// pattern errors fail the whole load.
    pub fn load_graph(&self, patterns: &[&str]) -> Result<PackageGraph, LoadError> {
        let mut graph = PackageGraph {
            nodes: Vec::new(),
            roots: Vec::new(),
            index: HashMap::new(),
        };
        let mut pending = Vec::new();
        for package in self.load_patterns(patterns)? {
            let index = graph.add(package);
            graph.roots.push(index);
            pending.push(index);
        }
        let roots = graph.roots.clone();
        while !pending.is_empty() {
            // Resolve the pending packages' imports in parallel.
            let resolved: Vec<(usize, Vec<ResolvedImport>)> = pending
                .par_iter()
                .map(|&node| {
                    let package = &graph.nodes[node].package;
                    let with_tests = self.config().tests && roots.contains(&node);
                    let edges = import_lists(package, with_tests)
                        .map(|(path, kind)| ResolvedImport {
                            path: path.clone(),
                            kind,
                            resolution: self.resolve_import(Some(&package.location), path),
                        })
                        .collect();
                    (node, edges)
                })
                .collect();
            // Load the newly reached packages in parallel.
            let mut new_locations: Vec<PackageLocation> = Vec::new();
            for (_, edges) in &resolved {
                for edge in edges {
                    if let Ok(Resolution::Package(location)) = &edge.resolution {
                        let known = graph.index.contains_key(&location.import_path)
                            || new_locations
                                .iter()
                                .any(|l| l.import_path == location.import_path);
                        if !known {
                            new_locations.push(location.clone());
                        }
                    }
                }
            }
            // Only the roots' tests matter: dependencies are read without them.
            let new_packages: Vec<Package> = new_locations
                .into_par_iter()
                .map(|location| self.scan(location, false))
                .collect();
            pending = new_packages
                .into_iter()
                .map(|package| graph.add(package))
                .collect();
            for (node, edges) in resolved {
                graph.nodes[node].imports = edges
                    .into_iter()
                    .map(
                        |ResolvedImport {
                             path,
                             kind,
                             resolution,
                         }| {
                            let target = match resolution {
                                Ok(Resolution::Package(location)) => {
                                    ImportTarget::Package(graph.index[&location.import_path])
                                }
                                Ok(Resolution::Cgo) => ImportTarget::Cgo,
                                Err(err) => ImportTarget::Unresolved(err),
                            };
                            ImportEdge { path, kind, target }
                        },
                    )
                    .collect();
            }
        }
        Ok(graph)
    }
}

/// An import path with the outcome of resolving it.
struct ResolvedImport {
    path: String,
    kind: ImportKind,
    resolution: Result<Resolution, LoadError>,
}

impl PackageGraph {
    fn add(&mut self, package: Package) -> usize {
        let index = self.nodes.len();
        self.index.insert(package.import_path().to_string(), index);
        self.nodes.push(PackageNode {
            package,
            imports: Vec::new(),
        });
        index
    }
}

/// A package's import paths with their kinds.
fn import_lists(
    package: &Package,
    with_tests: bool,
) -> impl Iterator<Item = (&String, ImportKind)> {
    let normal = package.imports.iter().map(|p| (p, ImportKind::Normal));
    let tests = package
        .test_imports
        .iter()
        .map(|p| (p, ImportKind::Test))
        .chain(package.xtest_imports.iter().map(|p| (p, ImportKind::XTest)))
        .filter(move |_| with_tests);
    normal.chain(tests)
}
