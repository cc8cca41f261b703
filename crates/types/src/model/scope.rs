//! Scopes: tables from names to objects, in declaration order.
//!
//! The universe and package scopes are shared between threads, so they are
//! frozen: a package's scope is built by the thread checking it and
//! published, complete, with [`Store::publish_scope`](super::Store::publish_scope)
//! (all package-level names are known once the declarations are
//! collected, before any of them is type-checked). The file, function and
//! block scopes below it exist only while one thread checks the package;
//! they live in that thread's [`ScopeTree`].

use rustc_hash::FxHashMap;

use super::object::ObjId;
use super::package::PkgId;
use super::symbol::Symbol;
use super::Store;

/// A table of names, remembering the order of insertion.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    index: FxHashMap<Symbol, ObjId>,
    order: Vec<ObjId>,
}

impl Scope {
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Inserts `obj` under `name`, or returns the object already declared
    /// with that name (and leaves the scope unchanged).
    pub fn insert(&mut self, name: Symbol, obj: ObjId) -> Result<(), ObjId> {
        match self.index.entry(name) {
            std::collections::hash_map::Entry::Occupied(e) => Err(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(obj);
                self.order.push(obj);
                Ok(())
            }
        }
    }

    pub fn lookup(&self, name: Symbol) -> Option<ObjId> {
        self.index.get(&name).copied()
    }

    /// The objects in insertion order.
    pub fn objects(&self) -> &[ObjId] {
        &self.order
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// A scope in a [`ScopeTree`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ScopeId(u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeKind {
    File,
    Func,
    Block,
}

/// What encloses a scope of a [`ScopeTree`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScopeParent {
    /// The package's published scope (a file scope's parent).
    Package(PkgId),
    Scope(ScopeId),
}

#[derive(Debug)]
struct Node {
    parent: ScopeParent,
    kind: ScopeKind,
    table: Scope,
}

/// The local scopes of one package, owned by the thread checking it.
#[derive(Debug, Default)]
pub struct ScopeTree {
    nodes: Vec<Node>,
}

impl ScopeTree {
    pub fn new() -> ScopeTree {
        ScopeTree::default()
    }

    pub fn push(&mut self, parent: ScopeParent, kind: ScopeKind) -> ScopeId {
        let id = ScopeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Node {
            parent,
            kind,
            table: Scope::new(),
        });
        id
    }

    fn node(&self, id: ScopeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    pub fn scope(&self, id: ScopeId) -> Option<&Scope> {
        self.node(id).map(|n| &n.table)
    }

    pub fn kind(&self, id: ScopeId) -> Option<ScopeKind> {
        self.node(id).map(|n| n.kind)
    }

    pub fn parent(&self, id: ScopeId) -> Option<ScopeParent> {
        self.node(id).map(|n| n.parent)
    }

    /// Declares `obj` in scope `id`; see [`Scope::insert`]. An unknown
    /// scope id reports `obj` itself as the conflict.
    pub fn insert(&mut self, id: ScopeId, name: Symbol, obj: ObjId) -> Result<(), ObjId> {
        match self.nodes.get_mut(id.0 as usize) {
            Some(node) => node.table.insert(name, obj),
            None => Err(obj),
        }
    }

    /// Resolves `name` from scope `id` outwards: the enclosing local
    /// scopes, then the package scope, then the universe.
    pub fn lookup_parent(&self, store: &Store, id: ScopeId, name: Symbol) -> Option<ObjId> {
        let mut current = id;
        loop {
            let node = self.node(current)?;
            if let Some(obj) = node.table.lookup(name) {
                return Some(obj);
            }
            match node.parent {
                // Parents are created before their children; anything else
                // is a malformed tree, and stopping keeps the walk finite.
                ScopeParent::Scope(parent) if parent.0 < current.0 => current = parent,
                ScopeParent::Scope(_) => return None,
                ScopeParent::Package(pkg) => {
                    let in_package = store.package(pkg).scope().and_then(|s| s.lookup(name));
                    return in_package.or_else(|| store.universe().lookup(name));
                }
            }
        }
    }
}
