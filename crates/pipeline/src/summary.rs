//! Per-package summaries: what importers' analyses read of a package,
//! kept in the cache so that a later run analyses a package's importers
//! without analysing the package again.
//!
//! A summary holds, for each function and method the package declares,
//! its escape tags and its inlining price. Functions are named by object
//! path (`F`, `T.M` for a method of `T`, whatever the receiver's
//! pointerness), never by store indices, so a summary stands on its own:
//! a fresh run resolves the paths in the package it has just checked.
//! The summary does not hold the package's types yet: importers still
//! check against the package's source. It holds a hash of what that
//! source shows importers instead (its *surface*), so that an edit that
//! leaves the surface, the tags and the prices alone (a function body, a
//! comment) leaves importers' keys alone: the tokens of every file
//! outside the bodies of functions and methods that cannot be inlined
//! (importers inline the others' bodies), and its `//go:` and `//line`
//! comments. A package that declares generic code gives
//! importers its bodies and positions (they instantiate them), so its
//! surface is its files' whole contents.
//!
//! Encoding (integers little-endian): the magic with the format version,
//! the surface hash (32 bytes), then the number of functions (u32) and each function: its path (u16
//! length, UTF-8), a byte of flags (1: tags follow, 2: a price follows),
//! the tags (how `uintptr` arguments are treated as a byte, the number of
//! parameters as u16, each parameter's [`Leaks::to_bytes`]) and the price
//! (u32).

use goescape_escape::{FuncTags, Leaks, TagTable};
use goescape_inline::InlineTable;
use goescape_ir::UintptrArgs;
use goescape_syntax::{DeclKind, ExprId, ExprKind, File, StmtKind};
use goescape_types::check::CheckedPackage;
use goescape_types::model::{ObjId, ObjKind, PkgId, Store, Symbol, Type};
use rustc_hash::FxHashSet;

/// Identifies a summary; the last byte is the format version, bumped
/// whenever the layout or the meaning of a field changes.
const MAGIC: &[u8; 8] = b"GOESSUM\x01";
const HAS_TAGS: u8 = 1;
const HAS_COST: u8 = 2;

/// What importers need of one package's analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The hash of what the package's source shows importers.
    surface: [u8; 32],
    /// Sorted by path.
    funcs: Vec<FuncFacts>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct FuncFacts {
    path: String,
    tags: Option<FuncTags>,
    cost: Option<u32>,
}

impl Summary {
    /// The summary of `package` (lowered from `checked`), just analysed:
    /// its surface and its declared functions' entries in `tags` and
    /// `costs`. Functions no importer can name (`init`, blank names) are
    /// left out.
    pub fn of(
        package: &goescape_ir::Package,
        checked: &CheckedPackage,
        store: &Store,
        tags: &TagTable,
        costs: &InlineTable,
    ) -> Summary {
        let mut funcs: Vec<FuncFacts> = package
            .funcs
            .iter()
            .filter_map(|func| {
                let obj = func.obj?;
                let path = object_path(store, obj)?;
                if resolve(store, package.id, &path) != Some(obj) {
                    return None;
                }
                let tags = tags.get(obj);
                let cost = costs.cost(obj);
                (tags.is_some() || cost.is_some()).then_some(FuncFacts { path, tags, cost })
            })
            .collect();
        funcs.sort_by(|a, b| a.path.cmp(&b.path));
        let inlinable: FxHashSet<&str> = funcs
            .iter()
            .filter(|func| func.cost.is_some())
            .map(|func| func.path.as_str())
            .collect();
        Summary {
            surface: surface(checked, &inlinable),
            funcs,
        }
    }

    /// Records the summary of package `pkg` (checked in this run) in
    /// `tags` and `costs`; false, recording nothing, when a path names
    /// no function of `pkg`.
    pub fn install(&self, store: &Store, pkg: PkgId, tags: &TagTable, costs: &InlineTable) -> bool {
        let Some(objs) = self
            .funcs
            .iter()
            .map(|func| resolve(store, pkg, &func.path))
            .collect::<Option<Vec<ObjId>>>()
        else {
            return false;
        };
        for (func, &obj) in self.funcs.iter().zip(&objs) {
            if let Some(func_tags) = &func.tags {
                tags.insert(obj, func_tags.clone());
            }
        }
        costs.insert_all(
            self.funcs
                .iter()
                .zip(objs)
                .filter_map(|(func, obj)| Some((obj, func.cost?))),
        );
        true
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&self.surface);
        out.extend_from_slice(&(self.funcs.len() as u32).to_le_bytes());
        for func in &self.funcs {
            out.extend_from_slice(&(func.path.len() as u16).to_le_bytes());
            out.extend_from_slice(func.path.as_bytes());
            let flags = if func.tags.is_some() { HAS_TAGS } else { 0 }
                | if func.cost.is_some() { HAS_COST } else { 0 };
            out.push(flags);
            if let Some(tags) = &func.tags {
                out.push(match tags.uintptr_args {
                    UintptrArgs::Plain => 0,
                    UintptrArgs::KeepAlive => 1,
                    UintptrArgs::Escape => 2,
                });
                out.extend_from_slice(&(tags.tags.len() as u16).to_le_bytes());
                for leaks in &tags.tags {
                    out.extend_from_slice(&leaks.to_bytes());
                }
            }
            if let Some(cost) = func.cost {
                out.extend_from_slice(&cost.to_le_bytes());
            }
        }
        out
    }

    /// The summary `bytes` encode; `None` for anything else (another
    /// format version, a truncated or malformed summary).
    pub fn decode(bytes: &[u8]) -> Option<Summary> {
        let mut reader = Reader(bytes);
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let surface = reader.take(32)?.try_into().ok()?;
        let count = reader.u32()?;
        let mut funcs = Vec::new();
        for _ in 0..count {
            let len = reader.u16()?;
            let path = std::str::from_utf8(reader.take(len.into())?)
                .ok()?
                .to_owned();
            let flags = reader.byte()?;
            if flags & !(HAS_TAGS | HAS_COST) != 0 {
                return None;
            }
            let tags = if flags & HAS_TAGS != 0 {
                let uintptr_args = match reader.byte()? {
                    0 => UintptrArgs::Plain,
                    1 => UintptrArgs::KeepAlive,
                    2 => UintptrArgs::Escape,
                    _ => return None,
                };
                let params = reader.u16()?;
                let tags = (0..params)
                    .map(|_| {
                        Some(Leaks::from_bytes(
                            reader.take(Leaks::ENCODED_LEN)?.try_into().ok()?,
                        ))
                    })
                    .collect::<Option<Box<[Leaks]>>>()?;
                Some(FuncTags { tags, uintptr_args })
            } else {
                None
            };
            let cost = if flags & HAS_COST != 0 {
                Some(reader.u32()?)
            } else {
                None
            };
            funcs.push(FuncFacts { path, tags, cost });
        }
        reader.0.is_empty().then_some(Summary { surface, funcs })
    }
}

/// The hash of what `package`'s files show importers (see the module's
/// documentation), the bodies of the functions `inlinable` names
/// included: importers inline them.
fn surface(package: &CheckedPackage, inlinable: &FxHashSet<&str>) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    let generic = package
        .files
        .iter()
        .any(|file| declares_generic_code(&file.syntax));
    for file in &package.files {
        let syntax = &file.syntax;
        let src = syntax.source();
        field(syntax.filename().as_bytes());
        if generic {
            field(src);
            continue;
        }
        let bodies: Vec<(u32, u32)> = function_bodies(syntax)
            .filter(|(_, path)| !path.as_deref().is_some_and(|path| inlinable.contains(path)))
            .map(|(body, _)| body)
            .collect();
        let (tokens, _) = goescape_syntax::tokenize(src);
        let mut body = bodies.iter().peekable();
        for token in tokens {
            let start = token.span.start.0;
            while body.next_if(|&&(_, end)| end <= start).is_some() {}
            if body
                .peek()
                .is_some_and(|&&(body_start, _)| body_start <= start)
            {
                continue;
            }
            // Inserted semicolons have empty spans: the kind tells them.
            field(&[token.kind as u8]);
            field(&src[start as usize..token.span.end.0 as usize]);
        }
        for comment in syntax.comments() {
            let text = &src[comment.span.start.0 as usize..comment.span.end.0 as usize];
            if [&b"//go:"[..], b"//line ", b"/*line "]
                .iter()
                .any(|p| text.starts_with(p))
            {
                field(text);
            }
        }
    }
    *hasher.finalize().as_bytes()
}

/// Whether `file` declares a generic function or type (whose methods are
/// generic too).
fn declares_generic_code(file: &File) -> bool {
    file.decl_list(file.decls())
        .iter()
        .any(|decl| match &decl.kind {
            DeclKind::Func(func) => !func.tparams.is_empty(),
            DeclKind::Type(ty) => !ty.tparams.is_empty(),
            _ => false,
        })
}

/// The byte ranges of the bodies of `file`'s functions and methods, in
/// order, each with the function's object path when it has one.
fn function_bodies(file: &File) -> impl Iterator<Item = ((u32, u32), Option<String>)> + '_ {
    file.decl_list(file.decls()).iter().filter_map(|decl| {
        let DeclKind::Func(func) = &decl.kind else {
            return None;
        };
        let body = file.stmt(func.body?);
        let StmtKind::Block { rbrace, .. } = body.kind else {
            return None;
        };
        let name = file.ident(func.name);
        let path = match func.recv {
            None => name.map(str::to_owned),
            Some(recv) => receiver_base(file, file.field(recv).ty)
                .zip(name)
                .map(|(base, name)| format!("{base}.{name}")),
        };
        Some(((body.pos.0, rbrace.0 + 1), path))
    })
}

/// The type name a receiver type `ty` spells (`T`, `*T`, `T[P]`, `(T)`).
fn receiver_base(file: &File, mut ty: ExprId) -> Option<&str> {
    loop {
        ty = match file.expr(ty).kind {
            ExprKind::Name(_) => return file.ident(ty),
            ExprKind::Paren { x } | ExprKind::Unary { x, .. } | ExprKind::Index { x, .. } => x,
            _ => return None,
        };
    }
}

/// How a summary names a declared function or method: `F`, or `T.M` for
/// method `M` of type `T`; `None` for other objects.
fn object_path(store: &Store, obj: ObjId) -> Option<String> {
    let object = store.obj(obj);
    if !matches!(object.kind, ObjKind::Func(_)) {
        return None;
    }
    let sig = store.signature(store.obj_type(obj))?;
    let Some(recv) = sig.recv else {
        return Some(object.name.as_str().to_owned());
    };
    let mut recv_type = store.unalias(store.obj_type(recv));
    if let Type::Pointer(base) = store.ty(recv_type) {
        recv_type = store.unalias(*base);
    }
    let type_name = store.type_name(recv_type)?;
    Some(format!(
        "{}.{}",
        store.obj(type_name).name.as_str(),
        object.name.as_str()
    ))
}

/// The function or method of package `pkg` that `path` names.
fn resolve(store: &Store, pkg: PkgId, path: &str) -> Option<ObjId> {
    let scope = store.package(pkg).scope()?;
    match path.split_once('.') {
        None => {
            let obj = scope.lookup(Symbol::intern(path))?;
            matches!(store.obj(obj).kind, ObjKind::Func(_)).then_some(obj)
        }
        Some((type_name, method)) => {
            let type_obj = scope.lookup(Symbol::intern(type_name))?;
            if !matches!(store.obj(type_obj).kind, ObjKind::TypeName) {
                return None;
            }
            let method = Symbol::intern(method);
            store
                .methods(store.obj_type(type_obj))
                .iter()
                .copied()
                .find(|&m| store.obj(m).name == method)
        }
    }
}

/// Reads an encoded summary front to back.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Summary {
        let mut leaks = Leaks::default();
        leaks.add_heap(1);
        leaks.add_result(0, 0);
        Summary {
            surface: [7; 32],
            funcs: vec![
                FuncFacts {
                    path: "New".to_owned(),
                    tags: Some(FuncTags {
                        tags: vec![leaks, Leaks::default()].into(),
                        uintptr_args: UintptrArgs::KeepAlive,
                    }),
                    cost: Some(12),
                },
                FuncFacts {
                    path: "T.M".to_owned(),
                    tags: None,
                    cost: Some(3),
                },
                FuncFacts {
                    path: "f".to_owned(),
                    tags: Some(FuncTags {
                        tags: Box::new([]),
                        uintptr_args: UintptrArgs::Plain,
                    }),
                    cost: None,
                },
            ],
        }
    }

    #[test]
    fn a_summary_decodes_to_itself() {
        let summary = sample();
        assert_eq!(Summary::decode(&summary.encode()), Some(summary));
    }

    #[test]
    fn truncated_extended_or_foreign_bytes_decode_to_nothing() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert_eq!(Summary::decode(&bytes[..len]), None, "{len} bytes");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Summary::decode(&longer), None);
        let mut other_version = bytes.clone();
        other_version[MAGIC.len() - 1] += 1;
        assert_eq!(Summary::decode(&other_version), None);
    }
}
