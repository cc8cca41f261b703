//! Cache keys: what an entry depends on, hashed.
//!
//! A package's key covers goescape's build, the settings that change
//! results (target, cgo, build tags, GOEXPERIMENT), the package (import
//! path, directory, Go version, its files' names and contents) and the
//! *exports* of the packages it imports: each one's summary (escape tags,
//! inlining prices, a hash of what its source shows importers) with its
//! own imports' exports. An edit changes the key of its package; the keys
//! above change only if the package's export does, as with the go
//! command's export data. The package's summary is stored under its key;
//! its output under its key with the gc flags it is reported with.
//! A package whose key cannot be formed (a file that cannot be read, a
//! load error, an unresolved import) has none: it and its importers are
//! never cached, and the pipeline reports the problem.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use goescape_load::{ImportTarget, PackageGraph};
use goescape_types::check::SourceReader;
use rayon::prelude::*;

use crate::Settings;

/// A 256-bit content hash naming a cache entry.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    pub const LEN: usize = 32;

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({self})")
    }
}

/// Builds a [`Key`] from named fields. Each field is hashed with its name
/// and length, so that no two different field lists hash alike.
#[derive(Clone)]
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    /// A key of entries of `kind` (different kinds never share a key).
    pub fn new(kind: &str) -> KeyBuilder {
        let mut builder = KeyBuilder(blake3::Hasher::new());
        builder.field("kind", kind.as_bytes());
        builder
    }

    pub fn field(&mut self, name: &str, value: &[u8]) -> &mut KeyBuilder {
        for part in [name.as_bytes(), value] {
            self.0.update(&(part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
        self
    }

    pub fn key(&mut self, name: &str, key: &Key) -> &mut KeyBuilder {
        self.field(name, key.as_bytes())
    }

    pub fn finish(&self) -> Key {
        Key(*self.0.finalize().as_bytes())
    }
}

/// The key of what every package of a run shares: goescape's build and
/// the settings that change any package's results.
pub fn settings_key(settings: &Settings) -> Key {
    let load = &settings.load;
    let mut builder = KeyBuilder::new("settings");
    builder
        .field("goescape", build_identity().as_bytes())
        .field("goroot", load.goroot.as_os_str().as_encoded_bytes())
        .field("goos", load.goos.as_bytes())
        .field("goarch", load.goarch.as_bytes())
        .field(
            "arch level",
            load.arch_level.as_deref().unwrap_or("").as_bytes(),
        )
        .field("cgo", &[u8::from(load.cgo_enabled)])
        .field("goexperiment", load.goexperiment.as_bytes())
        .field("tests", &[u8::from(load.tests)]);
    for tag in &load.build_tags {
        builder.field("tag", tag.as_bytes());
    }
    builder.finish()
}

/// The program's version and, where the executable can be looked at, its
/// path, size and modification time: a rebuilt goescape never reads what
/// an earlier build wrote.
fn build_identity() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let executable = std::env::current_exe().and_then(|path| {
        let meta = std::fs::metadata(&path)?;
        let modified = meta.modified()?;
        Ok(format!("{} {} {:?}", path.display(), meta.len(), modified))
    });
    match executable {
        Ok(executable) => format!("{version} {executable}"),
        Err(_) => version.to_owned(),
    }
}

/// The keys of a run's packages (indexed like the graph's nodes), formed
/// as the exports of their imports become known: from summaries found in
/// the cache, or from packages analysed in the run.
pub struct PackageKeys<'a> {
    graph: &'a PackageGraph,
    /// Each package's own part; `None` for packages that cannot be cached.
    own: Vec<Option<KeyBuilder>>,
    /// Whether the package and everything it imports can be cached.
    cacheable: Vec<bool>,
    keys: Vec<OnceLock<Key>>,
    exports: Vec<OnceLock<Key>>,
}

impl<'a> PackageKeys<'a> {
    /// Reads and hashes the packages' files (in parallel on the current
    /// rayon pool) through `sources`; no key is known yet.
    pub fn new(
        graph: &'a PackageGraph,
        settings: &Key,
        sources: &dyn SourceReader,
    ) -> PackageKeys<'a> {
        let own: Vec<Option<KeyBuilder>> = (0..graph.nodes.len())
            .into_par_iter()
            .map(|node| own_part(graph, node, settings, sources))
            .collect();
        let mut cacheable = vec![false; graph.nodes.len()];
        for node in graph.dependency_order() {
            cacheable[node] = own[node].is_some()
                && graph.nodes[node]
                    .imports
                    .iter()
                    .all(|edge| match edge.target {
                        ImportTarget::Package(target) => cacheable[target],
                        ImportTarget::Cgo => true,
                        ImportTarget::Unresolved(_) => false,
                    });
        }
        PackageKeys {
            graph,
            own,
            cacheable,
            keys: (0..graph.nodes.len()).map(|_| OnceLock::new()).collect(),
            exports: (0..graph.nodes.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether package `node` will have a key once its imports' exports
    /// are known (never, for one with a load error, an unreadable file or
    /// an unresolved import below it).
    pub fn cacheable(&self, node: usize) -> bool {
        self.cacheable[node]
    }

    /// The key of package `node`: its own part and its imports' exports;
    /// `None` until those are known.
    pub fn key(&self, node: usize) -> Option<Key> {
        if let Some(key) = self.keys[node].get() {
            return Some(*key);
        }
        let mut builder = self.own[node].clone()?;
        for edge in &self.graph.nodes[node].imports {
            builder.field("import", edge.path.as_bytes());
            match &edge.target {
                ImportTarget::Package(target) => {
                    builder.key("export", self.exports[*target].get()?);
                }
                ImportTarget::Cgo => {
                    builder.field("export", b"C");
                }
                ImportTarget::Unresolved(_) => return None,
            }
        }
        Some(*self.keys[node].get_or_init(|| builder.finish()))
    }

    /// What importers' keys hold of package `node`, once known.
    pub fn export(&self, node: usize) -> Option<Key> {
        self.exports[node].get().copied()
    }

    /// Records the export of package `node`, read from its summary's
    /// entry.
    pub fn set_export(&self, node: usize, export: Key) {
        let _ = self.exports[node].set(export);
    }

    /// The export of package `node` whose summary encodes to `summary`:
    /// the summary and its imports' exports, so that an import whose
    /// summary changed changes the export of every package above it.
    /// `None` while an import's export is unknown.
    pub fn export_of(&self, node: usize, summary: &[u8]) -> Option<Key> {
        let package = &self.graph.nodes[node].package;
        let mut builder = KeyBuilder::new("package export");
        builder
            .field("import path", package.import_path().as_bytes())
            .field("go version", package.go_version.as_bytes())
            .field("summary", summary);
        for edge in &self.graph.nodes[node].imports {
            if let ImportTarget::Package(target) = edge.target {
                builder.key("export", self.exports[target].get()?);
            }
        }
        Some(builder.finish())
    }
}

/// The part of a package's key that is its own (everything but its
/// imports' keys), or `None` when it has load errors or a file that
/// cannot be read.
fn own_part(
    graph: &PackageGraph,
    node: usize,
    settings: &Key,
    sources: &dyn SourceReader,
) -> Option<KeyBuilder> {
    let package = &graph.nodes[node].package;
    if !package.errors.is_empty() {
        return None;
    }
    let mut builder = KeyBuilder::new("package");
    builder
        .key("settings", settings)
        .field("import path", package.import_path().as_bytes())
        .field("name", package.name.as_bytes())
        .field("dir", package.location.dir.as_os_str().as_encoded_bytes())
        .field("go version", package.go_version.as_bytes());
    // The files the checker reads, in its order.
    for name in package.go_files.iter().chain(&package.cgo_files) {
        let contents = sources
            .read(&package.location.dir.join(Path::new(name)))
            .ok()?;
        builder
            .field("file", name.as_bytes())
            .field("contents", blake3::hash(&contents).as_bytes());
    }
    Some(builder)
}
