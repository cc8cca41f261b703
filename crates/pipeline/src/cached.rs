//! A run through the cache: each reported package's output is looked up
//! by its key first, and only the packages whose output is missing are
//! checked and analysed, with the packages they import.

use std::sync::OnceLock;

use goescape_load::PackageGraph;

use crate::cache::{key, Cache, CacheError, Key, KeyBuilder};
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
            .install(|| key::package_keys(&graph, &settings, &options, &self.sources));
        let entry_keys: Vec<Option<Key>> = keys
            .iter()
            .map(|key| {
                key.as_ref().map(|key| {
                    KeyBuilder::new("package output")
                        .key("package", key)
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
        let write_error = OnceLock::new();
        let finished = |done: Finished<'_>| {
            output.analysed(&done);
            let node = full_node[done.node];
            // The other reported packages were shown from the cache.
            if !was_missed[node] {
                return;
            }
            let rendered = output.render(&done);
            output.show(&rendered);
            // Analysed means that the package and its imports have no
            // problems: the output is what any later run would get.
            if let (Some(key), None) = (entry_keys[node], write_error.get()) {
                if let Err(err) = cache.put(&key, &rendered) {
                    let _ = write_error.set(err);
                }
            }
        };
        let analysis = self.analyze_loaded(needed, &needed_flags, checked, &finished);
        let write_error = match write_error.into_inner() {
            Some(err) => Some(err),
            None => cache.trim_if_due().err(),
        };
        Ok(CachedRun {
            graph,
            hits,
            analysis: Some(analysis),
            write_error,
        })
    }
}
