//! Shape types: gc compiles generic code once per *shape* of its type
//! arguments (the underlying type; any pointer for a type parameter
//! constrained by methods only), and prints them as `go.shape.int`,
//! `go.shape.*uint8`, `go.shape.struct { p.a int }`. Shapes are named
//! types of a pseudo-package `go.shape`, shared by all packages.

use std::sync::Mutex;

use goescape_types::model::{
    BasicKind, ChanDir, ObjId, ObjKind, PkgId, Store, Symbol, Type, TypeId,
};
use rustc_hash::FxHashMap;

pub struct ShapeCache {
    pkg: PkgId,
    shapes: Mutex<FxHashMap<String, TypeId>>,
}

impl ShapeCache {
    pub fn new(store: &Store) -> ShapeCache {
        ShapeCache {
            pkg: store.new_package("go.shape", "go.shape"),
            shapes: Mutex::new(FxHashMap::default()),
        }
    }

    /// Whether `ty` is one of the shapes.
    pub fn is_shape(&self, store: &Store, ty: TypeId) -> bool {
        matches!(store.ty(ty), Type::Named(n) if store.obj(n.obj).pkg == Some(self.pkg))
    }

    /// The shape of type argument `arg`; `basic` when its type parameter's
    /// constraint has methods only (then all pointers share a shape).
    pub fn shape(&self, store: &Store, arg: TypeId, basic: bool) -> TypeId {
        let mut under = store.underlying(arg);
        if basic {
            if let Type::Pointer(elem) = store.ty(under) {
                if !not_in_heap(store, *elem) {
                    under = store.pointer(TypeId::basic(BasicKind::Uint8));
                }
            }
        }
        let name = link_string(store, under);
        let mut shapes = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&shape) = shapes.get(&name) {
            return shape;
        }
        let obj = store.new_type_name(Some(self.pkg), None, Symbol::intern(&shape_name(&name)));
        let shape = store.new_named(obj, Some(under));
        store.set_obj_type(obj, shape);
        shapes.insert(name, shape);
        shape
    }
}

/// gc's `-d=maxshapelen` default: longer shape names are hashed.
const MAX_SHAPE_LEN: usize = 500;

/// The name of the shape of a type with link string `link`: the string
/// itself, or for a long one (large protobuf structs) the hex of its
/// `cmd/internal/hash.Sum32` (SHA-256 with the first byte flipped).
fn shape_name(link: &str) -> String {
    use sha2::{Digest, Sha256};
    if link.len() <= MAX_SHAPE_LEN {
        return link.to_owned();
    }
    let mut sum: [u8; 32] = Sha256::digest(link.as_bytes()).into();
    sum[0] ^= 0xff;
    sum.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a type mentions a shape (then gc's shaped code takes it from
/// the dictionary, and prints it as `<node DYNAMICTYPE>` in `new(T)`).
pub fn has_shape(store: &Store, ty: TypeId) -> bool {
    store.mentions(ty, |t| {
        matches!(t, Type::Named(n) if store
            .obj(n.obj)
            .pkg
            .is_some_and(|p| store.package(p).path.as_str() == "go.shape"))
    })
}

fn not_in_heap(store: &Store, ty: TypeId) -> bool {
    match store.ty(ty) {
        Type::Named(n) => {
            let obj = store.obj(n.obj);
            (obj.name.as_str() == "nih"
                && obj
                    .pkg
                    .is_some_and(|p| store.package(p).path.as_str() == "internal/runtime/sys"))
                || not_in_heap(store, store.underlying(ty))
        }
        Type::Array { elem, .. } => not_in_heap(store, *elem),
        Type::Struct(s) => s
            .fields
            .iter()
            .any(|&f| not_in_heap(store, store.obj_type(f))),
        _ => false,
    }
}

/// Whether embedded field `field` has the name of its type (`T` or
/// `*T`), so that gc's link string shows the type alone; an instance
/// (`node[K,V]`) or a type renamed by an alias shows `name = type`.
fn named_as_embedded(store: &Store, field: ObjId) -> bool {
    let mut ty = store.unalias(store.obj_type(field));
    if let Type::Pointer(elem) = store.ty(ty) {
        ty = store.unalias(*elem);
    }
    let Type::Named(n) = store.ty(ty) else {
        return false;
    };
    let (f, t) = (store.obj(field), store.obj(n.obj));
    n.instance.is_none() && f.name == t.name && (t.is_exported() || f.pkg == t.pkg)
}

/// A type as gc's `LinkString` spells it: named types and unexported
/// field names qualified by full package path.
pub fn link_string(store: &Store, ty: TypeId) -> String {
    let mut out = String::new();
    write_link(store, ty, &mut out, 0);
    out
}

fn write_link(store: &Store, ty: TypeId, out: &mut String, depth: u32) {
    if depth > 40 {
        out.push_str("...");
        return;
    }
    let qualified = |out: &mut String, obj| {
        let o = store.obj(obj);
        if let Some(p) = o.pkg {
            out.push_str(store.package(p).path.as_str());
            out.push('.');
        }
        out.push_str(o.name.as_str());
    };
    match store.ty(ty) {
        Type::Basic(b) => out.push_str(match b.kind {
            BasicKind::UnsafePointer => "unsafe.Pointer",
            BasicKind::Uint8 => "uint8",
            BasicKind::Int32 => "int32",
            _ => b.name,
        }),
        Type::Pointer(elem) => {
            out.push('*');
            write_link(store, *elem, out, depth + 1);
        }
        Type::Slice(elem) => {
            out.push_str("[]");
            write_link(store, *elem, out, depth + 1);
        }
        Type::Array { elem, len } => {
            out.push_str(&format!("[{}]", len.unwrap_or(0)));
            write_link(store, *elem, out, depth + 1);
        }
        Type::Map { key, elem } => {
            out.push_str("map[");
            write_link(store, *key, out, depth + 1);
            out.push(']');
            write_link(store, *elem, out, depth + 1);
        }
        Type::Chan { dir, elem } => {
            out.push_str(match dir {
                ChanDir::Both => "chan ",
                ChanDir::Send => "chan<- ",
                ChanDir::Recv => "<-chan ",
            });
            write_link(store, *elem, out, depth + 1);
        }
        Type::Struct(s) => {
            if s.fields.is_empty() {
                out.push_str("struct {}");
                return;
            }
            out.push_str("struct { ");
            for (i, &f) in s.fields.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                let field = store.obj(f);
                let embedded = matches!(&field.kind, ObjKind::Var(v) if v.embedded);
                if !embedded || !named_as_embedded(store, f) {
                    if !field.is_exported() {
                        if let Some(p) = field.pkg {
                            out.push_str(store.package(p).path.as_str());
                            out.push('.');
                        }
                    }
                    out.push_str(field.name.as_str());
                    out.push_str(if embedded { " = " } else { " " });
                }
                write_link(store, store.obj_type(f), out, depth + 1);
                // Tags are part of the type (and of the shape's name).
                if let Some(tag) = s.tags.get(i).filter(|t| !t.as_str().is_empty()) {
                    out.push(' ');
                    let quoted = goescape_types::constant::Value::from_string(tag.as_str());
                    out.push_str(&quoted.exact_string());
                }
            }
            out.push_str(" }");
        }
        Type::Signature(_) => {
            out.push_str("func");
            write_signature(store, ty, out, depth);
        }
        Type::Interface(_) => {
            // All methods, embedded ones included, unexported ones
            // qualified by package path.
            let mut methods: Vec<(String, TypeId)> = store
                .type_set(ty)
                .methods
                .iter()
                .map(|&m| {
                    let o = store.obj(m);
                    let name = match o.pkg.filter(|_| !o.is_exported()) {
                        Some(p) => format!("{}.{}", store.package(p).path, o.name),
                        None => o.name.as_str().to_owned(),
                    };
                    (name, store.obj_type(m))
                })
                .collect();
            if methods.is_empty() {
                out.push_str("interface {}");
                return;
            }
            methods.sort_by(|a, b| a.0.cmp(&b.0));
            out.push_str("interface { ");
            for (n, (name, sig)) in methods.iter().enumerate() {
                if n > 0 {
                    out.push_str("; ");
                }
                out.push_str(name);
                write_signature(store, *sig, out, depth);
            }
            out.push_str(" }");
        }
        Type::Named(n) => {
            qualified(out, n.obj);
            if let Some(inst) = &n.instance {
                out.push('[');
                for (i, &a) in inst.args.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_link(store, a, out, depth + 1);
                }
                out.push(']');
            }
        }
        Type::Alias(_) => write_link(store, store.unalias(ty), out, depth + 1),
        Type::TypeParam(p) => out.push_str(store.obj(p.obj).name.as_str()),
        Type::Tuple(_) | Type::Union(_) => out.push('?'),
    }
}

fn write_signature(store: &Store, sig: TypeId, out: &mut String, depth: u32) {
    let Some(s) = store.signature(sig) else {
        return;
    };
    let params: Vec<TypeId> = store
        .tuple_vars(s.params)
        .iter()
        .map(|&v| store.obj_type(v))
        .collect();
    let results: Vec<TypeId> = store
        .tuple_vars(s.results)
        .iter()
        .map(|&v| store.obj_type(v))
        .collect();
    let variadic = s.variadic;
    out.push('(');
    for (i, &p) in params.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if variadic && i + 1 == params.len() {
            out.push_str("...");
            let elem = match store.ty(p) {
                Type::Slice(e) => *e,
                _ => p,
            };
            write_link(store, elem, out, depth + 1);
        } else {
            write_link(store, p, out, depth + 1);
        }
    }
    out.push(')');
    match results.len() {
        0 => {}
        1 => {
            out.push(' ');
            write_link(store, results[0], out, depth + 1);
        }
        _ => {
            out.push_str(" (");
            for (i, &r) in results.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_link(store, r, out, depth + 1);
            }
            out.push(')');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shape_name;

    #[test]
    fn long_shape_names_are_hashed_as_gc_hashes_them() {
        assert_eq!(shape_name("struct { a int }"), "struct { a int }");
        // Go's crypto/sha256 of 501 'x' bytes, first byte flipped.
        assert_eq!(
            shape_name(&"x".repeat(501)),
            "c5c31d30e2ef713a7d4803d2923982618af0bfb6488e67e2bcb9d0050f24d56a"
        );
        assert_eq!(shape_name(&"y".repeat(500)), "y".repeat(500));
    }
}
