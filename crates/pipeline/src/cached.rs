//! A run through the cache: each reported package's output is looked up
//! by its key first, and only the packages whose output is missing are
//! checked and analysed, with the packages they import. Those imports are
//! checked from source, but one whose summary is in the cache is not
//! analysed again: its summary gives its importers its tags and prices.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use goescape_load::PackageGraph;
use rayon::prelude::*;

use crate::analysis::Reuse;
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
    /// How many packages were analysed (the others that were checked
    /// had their summaries in the cache).
    pub analysed: usize,
    /// The analysis of the packages whose output was missing and of the
    /// packages they import; `None` when nothing was missing.
    pub analysis: Option<Analysis>,
    /// The first write to the cache that failed; the run wrote nothing
    /// after it.
    pub write_error: Option<CacheError>,
}

impl CachedRun {
    /// Whether any package analysed in this run has a problem (the
    /// cache only holds packages that had none).
    pub fn has_errors(&self) -> bool {
        self.analysis
            .as_ref()
            .is_some_and(|analysis| analysis.checked.has_errors())
    }
}

impl Pipeline {
    /// [`Pipeline::analyze_streaming`] through `cache`: the output of each
    /// reported package (one the flags ask results of, or one the
    /// patterns name) is shown from the cache when its entry is there,
    /// without parsing or checking anything; the packages whose entries
    /// are missing are checked and analysed with their imports, shown as
    /// they are done, and stored when they and their imports have no
    /// problems.
    pub fn analyze_cached(
        &self,
        patterns: &[&str],
        cache: &Cache,
        output: &dyn PackageOutput,
        checked: &dyn Fn(&Checked),
    ) -> Result<CachedRun, Diagnostic> {
        let graph = self.load(patterns)?;
        let flags = self.flags_per_package(&graph)?;
        let options = PackageOptions::per_package(&flags);
        let settings = key::settings_key(&self.settings);
        let rendering = output.rendering_key();
        let keys = self
            .pool
            .install(|| key::package_keys(&graph, &settings, &self.sources));
        let entry_keys: Vec<Option<Key>> = keys
            .iter()
            .zip(&options)
            .map(|(key, options)| {
                key.as_ref().map(|key| {
                    KeyBuilder::new("package output")
                        .key("package", key)
                        .field("options", format!("{options:?}").as_bytes())
                        .key("rendering", &rendering)
                        .finish()
                })
            })
            .collect();
        // The named packages always count, reported or not: like the go
        // command, a run shows their errors.
        let mut counts: Vec<bool> = flags.iter().map(Option::is_some).collect();
        for &root in &graph.roots {
            counts[root] = true;
        }
        let mut hits = 0;
        let mut missed = Vec::new();
        for node in graph.dependency_order() {
            if !counts[node] {
                continue;
            }
            match entry_keys[node].and_then(|key| cache.get(&key)) {
                Some(cached) => {
                    output.show(&cached);
                    hits += 1;
                }
                None => missed.push(node),
            }
        }
        if missed.is_empty() {
            return Ok(CachedRun {
                graph,
                hits,
                analysed: 0,
                analysis: None,
                write_error: None,
            });
        }
        let mut was_missed = vec![false; graph.nodes.len()];
        for &node in &missed {
            was_missed[node] = true;
        }
        let (needed, full_node) = graph.closure(&missed);
        let needed_flags: Vec<Option<&GcFlags>> = full_node.iter().map(|&n| flags[n]).collect();
        let summary_keys: Vec<Option<Key>> = full_node
            .iter()
            .map(|&node| Some(summary_key(&keys[node]?)))
            .collect();
        let reuse = Reuse {
            summaries: self.pool.install(|| {
                summary_keys
                    .par_iter()
                    .map(|key| Summary::decode(&cache.get(key.as_ref()?)?))
                    .collect()
            }),
            wanted: full_node.iter().map(|&node| was_missed[node]).collect(),
        };
        let write_error = OnceLock::new();
        let put = |key: &Key, bytes: &[u8]| {
            if write_error.get().is_none() {
                if let Err(err) = cache.put(key, bytes) {
                    let _ = write_error.set(err);
                }
            }
        };
        let analysed = AtomicUsize::new(0);
        let finished = |done: Finished<'_>| {
            output.analysed(&done);
            analysed.fetch_add(1, Ordering::Relaxed);
            // Analysed means that the package and its imports have no
            // problems: what it exports and shows is what any later run
            // would get.
            if let (Some(summary), Some(key)) = (done.summary, &summary_keys[done.node]) {
                put(key, &summary.encode());
            }
            let node = full_node[done.node];
            // The other reported packages were shown from the cache.
            if !was_missed[node] {
                return;
            }
            let rendered = output.render(&done);
            output.show(&rendered);
            if let Some(key) = &entry_keys[node] {
                put(key, &rendered);
            }
        };
        let analysis = self.analyze_loaded(needed, &needed_flags, Some(&reuse), checked, &finished);
        let write_error = match write_error.into_inner() {
            Some(err) => Some(err),
            None => cache.trim_if_due().err(),
        };
        Ok(CachedRun {
            graph,
            hits,
            analysed: analysed.into_inner(),
            analysis: Some(analysis),
            write_error,
        })
    }
}

/// The key of the summary of the package whose key is `package`.
fn summary_key(package: &Key) -> Key {
    KeyBuilder::new("package summary")
        .key("package", package)
        .finish()
}
