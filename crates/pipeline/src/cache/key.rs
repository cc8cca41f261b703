//! Cache keys: what an entry depends on, hashed.
//!
//! A package's key covers goescape's build, the settings that change
//! results (target, cgo, build tags, GOEXPERIMENT), the package (import path, directory, Go version, its files'
//! names and contents) and the keys of the packages it imports, so that a
//! change anywhere below a package changes its key and every key above.
//! The key names what the package's analysis exports (its summary); the
//! gc flags the package is reported with only change its output, whose
//! entry's key adds them.
//! A package whose key cannot be formed (a file that cannot be read, a
//! load error, an unresolved import) has none: it and its importers are
//! never cached, and the pipeline reports the problem.

use std::fmt;
use std::path::Path;

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

/// The key of every package of `graph` (indexed like its nodes), its
/// files read through `sources`; `None` for packages that cannot be
/// cached. Files are hashed in parallel on the current rayon pool.
pub fn package_keys(
    graph: &PackageGraph,
    settings: &Key,
    sources: &dyn SourceReader,
) -> Vec<Option<Key>> {
    let own: Vec<Option<KeyBuilder>> = (0..graph.nodes.len())
        .into_par_iter()
        .map(|node| own_part(graph, node, settings, sources))
        .collect();
    let mut keys: Vec<Option<Key>> = vec![None; graph.nodes.len()];
    for node in graph.dependency_order() {
        let Some(mut builder) = own[node].clone() else {
            continue;
        };
        let imports_keyed = graph.nodes[node].imports.iter().all(|edge| {
            builder.field("import", edge.path.as_bytes());
            match &edge.target {
                ImportTarget::Package(target) => match &keys[*target] {
                    Some(key) => {
                        builder.key("imported", key);
                        true
                    }
                    None => false,
                },
                ImportTarget::Cgo => {
                    builder.field("imported", b"C");
                    true
                }
                ImportTarget::Unresolved(_) => false,
            }
        });
        if imports_keyed {
            keys[node] = Some(builder.finish());
        }
    }
    keys
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
