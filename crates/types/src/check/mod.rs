//! The type checker: checks the packages of a [`PackageGraph`] in
//! dependency order, each once, sharing one [`Store`], and records the type
//! and mode of every expression it evaluates (go/types' `Info.Types`).
//!
//! Per package, checking runs in phases: collect the package-level objects
//! into the package scope (published before anything is resolved, so
//! lookups never see a partial scope), resolve every package-level object
//! lazily on first use with cycle detection (types, constants, function
//! signatures, then variables with their initializers), and finally check
//! function bodies.
//!
//! Errors are reported at gc's positions, mostly in gc's words. Not yet
//! checked: initialization order (only cycles are found), duplicate switch
//! cases and map keys, unexported field promotion rules beyond lookup,
//! language-version gates, and untyped-nil corner cases of `types2`.

mod builtins;
mod call;
mod decl;
mod expr;
mod info;
mod stmt;
mod terminating;
mod typexpr;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use goescape_load::{ImportTarget, PackageGraph};
use goescape_syntax::File;

use crate::model::{FileId, ObjId, PkgId, Store};

pub use info::{Mode, SelectionKind, SelectionRecord, TypeAndValue, TypeError};

/// One file of a checked package: its tree and what the checker learned.
pub struct CheckedFile {
    pub path: PathBuf,
    pub syntax: File,
    /// Per expression ([`goescape_syntax::ExprId::index`]), its recorded
    /// type and mode; `None` for expressions go/types records nothing for.
    pub types: Vec<Option<TypeAndValue>>,
    /// Expressions whose value is implicitly converted to an interface
    /// type (assignments, arguments, returns, sends, composite literal
    /// elements, explicit conversions, comparisons with an interface),
    /// with that interface type, for escape analysis.
    pub to_interface: Vec<(goescape_syntax::ExprId, crate::model::TypeId)>,
    /// The selections of selector expressions (fields, methods, method
    /// expressions; not qualified identifiers), by selector expression.
    pub selections: Vec<(goescape_syntax::ExprId, SelectionRecord)>,
    /// Per expression ([`goescape_syntax::ExprId::index`]), for `Name`
    /// expressions, the object the identifier defines (go/types'
    /// `Info.Defs`) or denotes (`Info.Uses`). An embedded field's name
    /// holds the field it defines (not the type name it uses), as
    /// go/types' `ObjectOf` answers. `None` for other expressions, the
    /// package clause name, the symbolic variable of a type switch guard
    /// and unresolved names.
    pub objects: Vec<Option<ObjId>>,
    /// The per-clause variables of type switches with a symbolic variable
    /// (`switch v := x.(type)`), by the position of the clause's `case` or
    /// `default` keyword (go/types' `Info.Implicits` for case clauses).
    pub implicits: Vec<(goescape_syntax::Pos, ObjId)>,
    /// The file's number in declaration positions ([`crate::model::Pos`]).
    pub id: FileId,
}

/// A checked package.
pub struct CheckedPackage {
    pub id: PkgId,
    pub import_path: String,
    pub files: Vec<CheckedFile>,
    /// Read errors, then syntax errors, then type errors (sorted by
    /// position; only for a package without syntax errors, as gc).
    pub errors: Vec<TypeError>,
}

/// Where the checker gets the bytes of a file: the caller decides (disk,
/// an editor's unsaved buffers), so checking does no I/O of its own.
pub trait SourceReader: Sync {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
}

/// Checks every package of `graph` (in parallel where imports allow, on
/// the caller's rayon pool, whose threads need [`CHECK_STACK_SIZE`]);
/// the result is indexed like `graph.nodes`.
pub fn check_graph(
    store: &Store,
    graph: &PackageGraph,
    sources: &dyn SourceReader,
) -> Vec<CheckedPackage> {
    let next_file = AtomicU32::new(0);
    let done: Vec<OnceLock<CheckedPackage>> =
        (0..graph.nodes.len()).map(|_| OnceLock::new()).collect();
    graph.for_each_in_dependency_order(&|node| {
        let package = check_package(
            store,
            graph,
            node,
            &|import| done[import].get().map(|p| p.id),
            &next_file,
            sources,
        );
        // Each node runs once, so the cell is always empty here.
        let _ = done[node].set(package);
    });
    done.into_iter()
        .map(|cell| {
            cell.into_inner()
                .expect("every node of the graph is scheduled")
        })
        .collect()
}

/// Stack size of the checking threads. Recursion over trees grows the
/// stack on demand (`goescape_syntax::stack`); this is the first segment,
/// and only touched pages cost memory.
pub const CHECK_STACK_SIZE: usize = 256 << 20;

/// Checks package `node` of `graph` on its own, its imports already
/// checked (`checked_id` gives the package of a checked node), numbering
/// its files from `next_file`: what [`check_graph`] does per package, and
/// what an editor redoes for the package of an edited file.
pub fn check_package(
    store: &Store,
    graph: &PackageGraph,
    node: usize,
    checked_id: &dyn Fn(usize) -> Option<PkgId>,
    next_file: &AtomicU32,
    reader: &dyn SourceReader,
) -> CheckedPackage {
    let imports: Vec<(String, PkgId)> = graph.nodes[node]
        .imports
        .iter()
        .filter_map(|edge| match edge.target {
            ImportTarget::Package(target) => checked_id(target).map(|id| (edge.path.clone(), id)),
            _ => None,
        })
        .collect();
    let package = &graph.nodes[node].package;
    let import_path = package.import_path().to_owned();
    if import_path == "unsafe" {
        return CheckedPackage {
            id: store.unsafe_package(),
            import_path,
            files: Vec::new(),
            errors: Vec::new(),
        };
    }
    let mut errors = Vec::new();
    let mut sources = Vec::new();
    for name in package.go_files.iter().chain(&package.cgo_files) {
        let path = package.location.dir.join(name);
        match reader.read(&path) {
            Ok(src) => sources.push((path, src)),
            Err(err) => errors.push(TypeError {
                file: path.to_string_lossy().into_owned(),
                line: 0,
                col: 0,
                message: goescape_load::error::io_message(&err),
            }),
        }
    }
    let mut checked = check_sources(
        store,
        &import_path,
        &package.name,
        sources,
        &imports,
        next_file,
    );
    errors.append(&mut checked.errors);
    checked.errors = errors;
    checked
}

/// Checks one package given as source files (a standalone package:
/// imports other than `unsafe` cannot be resolved), as for tests.
pub fn check_files(
    store: &Store,
    import_path: &str,
    sources: Vec<(PathBuf, Vec<u8>)>,
) -> CheckedPackage {
    let parsed_name = sources
        .first()
        .map(|(path, src)| goescape_syntax::parse_file(&path.to_string_lossy(), src))
        .and_then(|file| {
            file.package_name()
                .and_then(|n| file.ident(n).map(str::to_owned))
        })
        .unwrap_or_default();
    let check = || {
        check_sources(
            store,
            import_path,
            &parsed_name,
            sources,
            &[],
            &AtomicU32::new(0),
        )
    };
    // On a thread with the checker's stack size, as in `check_graph`;
    // a panic there is re-raised here.
    let spawned = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(CHECK_STACK_SIZE)
            .spawn_scoped(scope, check)
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
            })
    });
    spawned.unwrap_or_else(|err| CheckedPackage {
        id: store.new_package(import_path, &parsed_name),
        import_path: import_path.to_owned(),
        files: Vec::new(),
        errors: vec![TypeError {
            file: String::new(),
            line: 0,
            col: 0,
            message: format!("starting the checker thread: {err}"),
        }],
    })
}

fn check_sources(
    store: &Store,
    import_path: &str,
    package_name: &str,
    sources: Vec<(PathBuf, Vec<u8>)>,
    imports: &[(String, PkgId)],
    next_file: &AtomicU32,
) -> CheckedPackage {
    let mut errors = Vec::new();
    let mut paths = Vec::new();
    let mut syntaxes = Vec::new();
    for (path, src) in sources {
        let syntax = goescape_syntax::parse_file(&path.to_string_lossy(), &src);
        for err in syntax.errors() {
            errors.push(TypeError::new(&syntax, err.pos, err.msg.clone()));
        }
        paths.push(path);
        syntaxes.push(syntax);
    }
    let first_file = next_file.fetch_add(syntaxes.len() as u32, Ordering::Relaxed);
    let id = store.new_package(import_path, package_name);
    let results = decl::check_package(store, id, &syntaxes, FileId(first_file), imports);
    // As gc, a package with syntax errors gets no type errors: they would
    // come from the damaged tree (`declared and not used` for a variable
    // whose uses were dropped after the error).
    if errors.is_empty() {
        errors.extend(results.errors);
    }
    let files = paths
        .into_iter()
        .zip(syntaxes)
        .zip(results.files)
        .enumerate()
        .map(|(i, ((path, syntax), file))| CheckedFile {
            path,
            syntax,
            types: file.types,
            to_interface: file.to_interface,
            selections: file.selections,
            objects: file.objects,
            implicits: file.implicits,
            id: FileId(first_file + i as u32),
        })
        .collect();
    CheckedPackage {
        id,
        import_path: import_path.to_owned(),
        files,
        errors,
    }
}
