//! Interned identifiers, package paths and struct tags.

use std::fmt;
use std::sync::LazyLock;

use super::sync::{AppendVec, ShardedMap};

/// An interned string: two symbols are equal exactly when their strings
/// are. Symbols are process-global, so they can be compared and printed
/// without a table at hand; the strings are never freed. Symbols are not
/// ordered (their numbers depend on which thread interned first): sort by
/// [`Symbol::as_str`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Symbol(u32);

struct Interner {
    ids: ShardedMap<&'static str, Symbol>,
    strings: AppendVec<&'static str>,
}

/// The symbols with fixed numbers, interned first (in this order).
const PREINTERNED: [&str; 2] = ["", "_"];

static INTERNER: LazyLock<Interner> = LazyLock::new(|| {
    let interner = Interner {
        ids: ShardedMap::new(),
        strings: AppendVec::new(),
    };
    for s in PREINTERNED {
        interner.insert(s);
    }
    interner
});

impl Interner {
    fn insert(&self, s: &str) -> Symbol {
        if let Some(symbol) = self.ids.get(s) {
            return symbol;
        }
        let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
        self.ids
            .get_or_insert_with(leaked, || Symbol(self.strings.push(leaked)))
    }
}

impl Symbol {
    /// The empty string (unnamed parameters, embedded fields' absent tags).
    pub const EMPTY: Symbol = Symbol(0);
    /// The blank identifier `_`.
    pub const BLANK: Symbol = Symbol(1);

    pub fn intern(s: &str) -> Symbol {
        INTERNER.insert(s)
    }

    pub fn as_str(self) -> &'static str {
        INTERNER.strings.get(self.0).copied().unwrap_or("")
    }

    pub fn is_empty(self) -> bool {
        self == Symbol::EMPTY
    }

    pub fn is_blank(self) -> bool {
        self == Symbol::BLANK
    }

    /// Whether the identifier is exported: it starts with an upper-case
    /// letter (Unicode category Lu, as Go's `unicode.IsUpper` for letters).
    pub fn is_exported(self) -> bool {
        self.as_str().chars().next().is_some_and(char::is_uppercase)
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Symbol {
        Symbol::intern(s)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_idempotent_and_preinterned_symbols_are_fixed() {
        let a = Symbol::intern("Reader");
        assert_eq!(a, Symbol::intern("Reader"));
        assert_ne!(a, Symbol::intern("reader"));
        assert_eq!(a.as_str(), "Reader");
        assert_eq!(Symbol::intern(""), Symbol::EMPTY);
        assert_eq!(Symbol::intern("_"), Symbol::BLANK);
        assert!(a.is_exported());
        assert!(!Symbol::intern("reader").is_exported());
        assert!(Symbol::intern("Éclair").is_exported());
        assert!(!Symbol::BLANK.is_exported());
    }
}
