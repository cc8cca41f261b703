//! A run through the cache: each reported package's output is looked up
//! by its key first, and only the packages whose output is missing are
//! checked and analysed, with the packages they import. Those imports are
//! checked from source, but one whose summary is in the cache is not
//! analysed again: its summary gives its importers its tags and prices.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use goescape_load::PackageGraph;

use crate::analysis::Reuse;
use crate::cache::key::PackageKeys;
use crate::cache::{key, Cache, CacheError, Key, KeyBuilder};
use crate::summary::Summary;
use crate::{Analysis, Checked, Diagnostic, Finished, GcFlags, PackageOptions, Pipeline};

/// What the caller makes of a package's results: their rendering, which
/// the cache stores, and showing them.
pub trait PackageOutput: Sync {
    /// What the rendering depends on besides the package and the
    /// settings (the program's build, the format, how file names are
    /// shown): entries of one rendering never serve another.
    fn rendering_key(&self) -> Key;

    /// Told of every package analysed, reported or not (for progress).
    fn analysed(&self, done: &Finished<'_>);

    /// The output of a package just analysed, to show and store.
    fn render(&self, done: &Finished<'_>) -> Vec<u8>;

    /// Shows one reported package's output, rendered now or earlier.
    fn show(&self, output: &[u8]);
}

/// The result of [`Pipeline::analyze_cached`].
pub struct CachedRun {
    /// Every package of the run.
    pub graph: PackageGraph,
    /// How many reported packages' outputs came from the cache.
    pub hits: usize,
    /// How many packages were checked, in all rounds.
    pub checked: usize,
    /// How many packages were analysed (the others that were checked
    /// had their summaries in the cache).
    pub analysed: usize,
    /// Whether a package whose output was missing, or one it imports, has
    /// a problem (the cache only holds packages that had none).
    pub has_errors: bool,
    /// The analysis of the packages whose output was missing and of the
    /// packages they import, without their reports (they were shown);
    /// `None` when nothing was missing.
    pub analysis: Option<Analysis>,
    /// The first write to the cache that failed; the run wrote nothing
    /// after it.
    pub write_error: Option<CacheError>,
}

impl Pipeline {
    /// [`Pipeline::analyze_streaming`] through `cache`: the output of each
    /// reported package (one the flags ask results of, or one the
    /// patterns name) is shown from the cache when its entry is there,
    /// without parsing or checking anything; the packages whose entries
    /// are missing are checked and analysed with their imports, shown as
    /// they are done, and stored when they and their imports have no
    /// problems.
    ///
    /// A package's key holds its imports' exports, which come from their
    /// summaries: when an import's summary is missing (it was edited),
    /// a first round checks and analyses the imports whose summaries
    /// are missing, storing their summaries (and outputs) without showing
    /// anything; the reported packages' keys are then formed, and a second
    /// round analyses only those whose output is still missing, which an
    /// edit that left its package's export alone does not cause.
    pub fn analyze_cached(
        &self,
        patterns: &[&str],
        cache: &Cache,
        output: &dyn PackageOutput,
        checked: &dyn Fn(&Checked),
    ) -> Result<CachedRun, Diagnostic> {
        let graph = self.load(patterns)?;
        let flags = self.flags_per_package(&graph)?;
        let run = CacheRun::new(self, &graph, &flags, cache, Some(output));
        // The named packages always count, reported or not: like the go
        // command, a run shows their errors.
        let mut counts: Vec<bool> = flags.iter().map(Option::is_some).collect();
        for &root in &graph.roots {
            counts[root] = true;
        }
        run.read_summaries();
        let mut hits = run.show_hits(&counts);
        let waiting: Vec<usize> = (0..graph.nodes.len())
            .filter(|&node| {
                counts[node] && run.keys.cacheable(node) && run.keys.key(node).is_none()
            })
            .collect();
        let mut checked_packages = 0;
        let mut has_errors = false;
        if !waiting.is_empty() {
            // The imports the waiting packages need exports of.
            let (_, below) = graph.closure(&waiting);
            let unknown: Vec<usize> = below
                .into_iter()
                .filter(|&node| run.keys.key(node).is_some() && run.keys.export(node).is_none())
                .collect();
            if !unknown.is_empty() {
                let mut is_unknown = vec![false; graph.nodes.len()];
                for &node in &unknown {
                    is_unknown[node] = true;
                }
                let wanted = |node: usize| {
                    counts[node] && is_unknown[node] && !run.shown[node].load(Ordering::Relaxed)
                };
                // Problems are reported by the second round, which checks
                // the packages that have them again (they store nothing).
                let first = run.analyze(self, &unknown, &wanted, &|_: &Checked| {}, false);
                checked_packages += first.checked.graph.nodes.len();
                run.read_summaries();
                hits += run.show_hits(&counts);
            }
        }
        let missed: Vec<usize> = (0..graph.nodes.len())
            .filter(|&node| counts[node] && !run.shown[node].load(Ordering::Relaxed))
            .collect();
        let mut analysis = None;
        if !missed.is_empty() {
            let mut was_missed = vec![false; graph.nodes.len()];
            for &node in &missed {
                was_missed[node] = true;
            }
            let wanted = |node: usize| was_missed[node];
            let last = run.analyze(self, &missed, &wanted, checked, false);
            checked_packages += last.checked.graph.nodes.len();
            has_errors = last.checked.has_errors();
            analysis = Some(last);
        }
        let write_error = match run.write_error.into_inner() {
            Some(err) => Some(err),
            None if run.analysed.load(Ordering::Relaxed) > 0 => cache.trim_if_due().err(),
            None => None,
        };
        Ok(CachedRun {
            hits,
            analysed: run.analysed.into_inner(),
            checked: checked_packages,
            has_errors,
            analysis,
            write_error,
            graph,
        })
    }
}

/// The result of [`Pipeline::analyze_reusing`].
pub struct ReusingRun {
    /// The analysis, with the reports of the named packages.
    pub analysis: Analysis,
    /// How many packages the named ones import, directly or not.
    pub imports: usize,
    /// How many of those had their summaries in the cache (they were not
    /// analysed).
    pub reused: usize,
    /// The first write to the cache that failed; the run wrote nothing
    /// after it.
    pub write_error: Option<CacheError>,
}

impl Pipeline {
    /// [`Pipeline::analyze`] of `patterns` for a caller that keeps the
    /// analysis (an editor, which then re-analyses packages against it):
    /// the named packages are analysed and their reports kept; an import
    /// whose summary is in `cache` is not analysed again (its summary
    /// gives its importers its tags and prices), and every package
    /// analysed stores its summary for later runs. Outputs are neither
    /// read nor stored.
    pub fn analyze_reusing(
        &self,
        patterns: &[&str],
        cache: &Cache,
    ) -> Result<ReusingRun, Diagnostic> {
        let graph = self.load(patterns)?;
        let flags = self.flags_per_package(&graph)?;
        let run = CacheRun::new(self, &graph, &flags, cache, None);
        run.read_summaries();
        let mut is_root = vec![false; graph.nodes.len()];
        for &root in &graph.roots {
            is_root[root] = true;
        }
        let reused = (0..graph.nodes.len())
            .filter(|&node| !is_root[node] && run.summaries[node].get().is_some())
            .count();
        let analysis = run.analyze(self, &graph.roots, &|node| is_root[node], &|_| {}, true);
        Ok(ReusingRun {
            analysis,
            imports: graph.nodes.len() - graph.roots.len(),
            reused,
            write_error: run.write_error.into_inner(),
        })
    }
}

/// One run through the cache: the graph's keys, the summaries found, and
/// what the rounds of analysis write.
struct CacheRun<'a> {
    graph: &'a PackageGraph,
    flags: &'a [Option<&'a GcFlags>],
    options: Vec<PackageOptions>,
    keys: PackageKeys<'a>,
    /// Each package's summary, found in the cache under its key or made
    /// by analysing it.
    summaries: Vec<OnceLock<Summary>>,
    cache: &'a Cache,
    /// Where reported packages' outputs go, and the key of their
    /// rendering; `None` when the caller keeps the reports instead.
    output: Option<(&'a dyn PackageOutput, Key)>,
    /// The first write that failed; nothing is written after it.
    write_error: OnceLock<CacheError>,
    analysed: AtomicUsize,
    /// The reported packages whose output was shown.
    shown: Vec<AtomicBool>,
}

impl<'a> CacheRun<'a> {
    fn new(
        pipeline: &Pipeline,
        graph: &'a PackageGraph,
        flags: &'a [Option<&'a GcFlags>],
        cache: &'a Cache,
        output: Option<&'a dyn PackageOutput>,
    ) -> CacheRun<'a> {
        let settings = key::settings_key(&pipeline.settings);
        CacheRun {
            graph,
            flags,
            keys: pipeline
                .pool
                .install(|| PackageKeys::new(graph, &settings, &pipeline.sources)),
            summaries: (0..graph.nodes.len()).map(|_| OnceLock::new()).collect(),
            options: PackageOptions::per_package(flags),
            cache,
            output: output.map(|output| (output, output.rendering_key())),
            write_error: OnceLock::new(),
            analysed: AtomicUsize::new(0),
            shown: (0..graph.nodes.len())
                .map(|_| AtomicBool::new(false))
                .collect(),
        }
    }

    /// Looks up the summary of every package whose key can be formed now,
    /// imports first, learning the exports their importers' keys need.
    fn read_summaries(&self) {
        for node in self.graph.dependency_order() {
            let Some(key) = self.keys.key(node) else {
                continue;
            };
            if self.summaries[node].get().is_some() {
                continue;
            }
            let found = self.cache.get(&summary_key(&key)).and_then(|entry| {
                let (export, summary) = entry.split_first_chunk::<{ Key::LEN }>()?;
                Some((Key::from_bytes(*export), Summary::decode(summary)?))
            });
            if let Some((export, summary)) = found {
                self.keys.set_export(node, export);
                let _ = self.summaries[node].set(summary);
            }
        }
    }

    /// Shows the output of every package `counts` asks for whose output
    /// was not shown yet and is in the cache, imports first; how many.
    fn show_hits(&self, counts: &[bool]) -> usize {
        let Some((output, _)) = self.output else {
            return 0;
        };
        let mut hits = 0;
        for node in self.graph.dependency_order() {
            if !counts[node] || self.shown[node].load(Ordering::Relaxed) {
                continue;
            }
            if let Some(cached) = self.output_key(node).and_then(|key| self.cache.get(&key)) {
                output.show(&cached);
                self.shown[node].store(true, Ordering::Relaxed);
                hits += 1;
            }
        }
        hits
    }

    /// The key of package `node`'s output entry, once its key is known.
    fn output_key(&self, node: usize) -> Option<Key> {
        Some(
            KeyBuilder::new("package output")
                .key("package", &self.keys.key(node)?)
                .field("options", format!("{:?}", self.options[node]).as_bytes())
                .key("rendering", &self.output?.1)
                .finish(),
        )
    }

    fn put(&self, key: &Key, bytes: &[u8]) {
        if self.write_error.get().is_none() {
            if let Err(err) = self.cache.put(key, bytes) {
                let _ = self.write_error.set(err);
            }
        }
    }

    /// Checks and analyses `targets` with their imports: the packages
    /// `wanted` says are reported get their outputs shown and stored, and
    /// every package analysed without a summary stores its new one.
    /// Imports whose summaries were found are not analysed unless wanted.
    fn analyze(
        &self,
        pipeline: &Pipeline,
        targets: &[usize],
        wanted: &(dyn Fn(usize) -> bool + Sync),
        checked: &dyn Fn(&Checked),
        keep_reports: bool,
    ) -> Analysis {
        let (needed, full_node) = self.graph.closure(targets);
        let needed_flags: Vec<Option<&GcFlags>> =
            full_node.iter().map(|&n| self.flags[n]).collect();
        let reuse = Reuse {
            summaries: full_node
                .iter()
                .map(|&node| self.summaries[node].get().cloned())
                .collect(),
            wanted: full_node.iter().map(|&node| wanted(node)).collect(),
        };
        let finished = |done: Finished<'_>| {
            let node = full_node[done.node];
            if let Some((output, _)) = self.output {
                output.analysed(&done);
            }
            self.analysed.fetch_add(1, Ordering::Relaxed);
            // Analysed means that the package and its imports have no
            // problems: what it exports and shows is what any later run
            // would get. Its imports are done, so their exports are known
            // and its key can be formed.
            if let (Some(summary), Some(key)) = (done.summary, self.keys.key(node)) {
                let encoded = summary.encode();
                if let Some(export) = self.keys.export_of(node, &encoded) {
                    self.keys.set_export(node, export);
                    let _ = self.summaries[node].set(summary.clone());
                    let mut entry = export.as_bytes().to_vec();
                    entry.extend_from_slice(&encoded);
                    self.put(&summary_key(&key), &entry);
                }
            }
            let Some((output, _)) = self.output.filter(|_| wanted(node)) else {
                return;
            };
            let rendered = output.render(&done);
            output.show(&rendered);
            self.shown[node].store(true, Ordering::Relaxed);
            if let Some(key) = self.output_key(node) {
                self.put(&key, &rendered);
            }
        };
        let run = crate::Run {
            reuse: Some(&reuse),
            keep_reports,
            checked,
            finished: &finished,
        };
        pipeline.analyze_loaded(needed, &needed_flags, run)
    }
}

/// The key of the summary of the package whose key is `package`.
fn summary_key(package: &Key) -> Key {
    KeyBuilder::new("package summary")
        .key("package", package)
        .finish()
}
