//! Package patterns with `...` wildcards, matched like the go command:
//! `...` matches any string; a trailing `/...` also matches nothing (so
//! `net/...` matches `net`); and a wildcard never matches a `vendor` path
//! element that has elements after it, so `./...` skips vendored code
//! while `./vendor/...` does not (a final `vendor` element is an ordinary
//! name: `cmd/...` matches `cmd/vendor`).

/// A compiled package pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    symbols: Vec<PatternSymbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternSymbol {
    Byte(u8),
    /// `...`
    Wildcard,
    /// A whole `vendor` element that is not the last one.
    Vendor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameSymbol {
    Byte(u8),
    Vendor,
}

impl Pattern {
    pub fn new(text: &str) -> Pattern {
        Pattern {
            text: text.to_string(),
            symbols: pattern_symbols(text),
        }
    }

    pub fn has_wildcard(&self) -> bool {
        self.text.contains("...")
    }

    /// Whether the pattern matches the import path (or slash path) `name`.
    pub fn matches(&self, name: &str) -> bool {
        let name = name_symbols(name);
        if matches_symbols(&self.symbols, &name) {
            return true;
        }
        // `x/...` also matches `x` itself.
        match self.text.strip_suffix("/...") {
            Some(prefix) => matches_symbols(&pattern_symbols(prefix), &name),
            None => false,
        }
    }

    /// Whether some path under `name` (or `name` itself) could match, so a
    /// directory walk may skip trees that cannot.
    pub fn tree_can_match(&self, name: &str) -> bool {
        let literal = match self.text.find("...") {
            Some(i) => &self.text[..i],
            None => &self.text,
        };
        let prefix_of_pattern = name.len() <= literal.len() && has_path_prefix(literal, name);
        prefix_of_pattern || (self.has_wildcard() && name.starts_with(literal))
    }
}

/// Whether `path` is `prefix` or lies under it, element-wise.
pub fn has_path_prefix(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || prefix.ends_with('/'),
        None => false,
    }
}

fn pattern_symbols(text: &str) -> Vec<PatternSymbol> {
    let mut symbols = Vec::new();
    let last = text.split('/').count() - 1;
    for (index, element) in text.split('/').enumerate() {
        if index > 0 {
            symbols.push(PatternSymbol::Byte(b'/'));
        }
        if element == "vendor" && index < last {
            symbols.push(PatternSymbol::Vendor);
            continue;
        }
        let mut rest = element;
        while let Some(i) = rest.find("...") {
            symbols.extend(rest[..i].bytes().map(PatternSymbol::Byte));
            symbols.push(PatternSymbol::Wildcard);
            rest = &rest[i + 3..];
        }
        symbols.extend(rest.bytes().map(PatternSymbol::Byte));
    }
    symbols
}

fn name_symbols(name: &str) -> Vec<NameSymbol> {
    let mut symbols = Vec::new();
    let last = name.split('/').count() - 1;
    for (index, element) in name.split('/').enumerate() {
        if index > 0 {
            symbols.push(NameSymbol::Byte(b'/'));
        }
        if element == "vendor" && index < last {
            symbols.push(NameSymbol::Vendor);
        } else {
            symbols.extend(element.bytes().map(NameSymbol::Byte));
        }
    }
    symbols
}

/// Dynamic programming over (pattern position, name position): linear in
/// the product of the lengths, never exponential.
fn matches_symbols(pattern: &[PatternSymbol], name: &[NameSymbol]) -> bool {
    // reachable[j]: the pattern prefix processed so far matches name[..j].
    let mut reachable = vec![false; name.len() + 1];
    reachable[0] = true;
    for symbol in pattern {
        let mut next = vec![false; name.len() + 1];
        match symbol {
            PatternSymbol::Wildcard => {
                // Extend over any run of non-vendor symbols.
                let mut carry = false;
                for j in 0..=name.len() {
                    carry = reachable[j] || (carry && j > 0 && name[j - 1] != NameSymbol::Vendor);
                    next[j] = carry;
                }
            }
            PatternSymbol::Byte(b) => {
                for j in 0..name.len() {
                    next[j + 1] = reachable[j] && name[j] == NameSymbol::Byte(*b);
                }
            }
            PatternSymbol::Vendor => {
                for j in 0..name.len() {
                    next[j + 1] = reachable[j] && name[j] == NameSymbol::Vendor;
                }
            }
        }
        reachable = next;
    }
    reachable[name.len()]
}
