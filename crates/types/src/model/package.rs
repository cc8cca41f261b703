//! Packages.

use std::sync::OnceLock;

use super::scope::Scope;
use super::symbol::Symbol;

/// A package in a [`Store`](super::Store).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct PkgId(pub(crate) u32);

impl PkgId {
    pub fn index(self) -> u32 {
        self.0
    }
}

/// A package: its path and name, and once published, its scope and imports.
#[derive(Debug)]
pub struct Package {
    /// The import path (test variants share their package's path).
    pub path: Symbol,
    pub name: Symbol,
    pub(crate) scope: OnceLock<Scope>,
    pub(crate) imports: OnceLock<Box<[PkgId]>>,
}

impl Package {
    pub(crate) fn new(path: Symbol, name: Symbol) -> Package {
        Package {
            path,
            name,
            scope: OnceLock::new(),
            imports: OnceLock::new(),
        }
    }

    /// The package-level objects, once published.
    pub fn scope(&self) -> Option<&Scope> {
        self.scope.get()
    }

    /// The directly imported packages, once set.
    pub fn imports(&self) -> &[PkgId] {
        self.imports.get().map_or(&[], |list| list)
    }
}
