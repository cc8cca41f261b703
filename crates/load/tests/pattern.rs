//! Package pattern matching, as the go command matches patterns.

use goescape_load::pattern::Pattern;

#[test]
fn wildcards_and_vendor_elements() {
    let table: &[(&str, &str, bool)] = &[
        ("net/...", "net", true),
        ("net/...", "net/http", true),
        ("net/...", "network", false),
        ("net...", "network", true),
        (".../http", "net/http", true),
        ("a/.../b", "a/x/y/b", true),
        ("a/.../b", "a/b", false),
        ("...", "anything/at/all", true),
        ("./...", "./vendor/x", false),
        ("./...", "./a/vendor/x", false),
        ("./vendor/...", "./vendor/x", true),
        ("...", "vendor/golang.org/x/net", false),
        ("vendor/...", "vendor/golang.org/x/net", true),
        ("cmd/...", "cmd/vendor", true),
        ("x/vendor...", "x/vendor", true),
        ("x/vendor/...", "x/vendor", true),
        ("x/vendor/...", "x/vendor/y/z", true),
        (".../vendor", "a/vendor", true),
        ("x/vendor", "x/vendor", true),
        ("fmt", "fmt", true),
        ("fmt", "fmt/x", false),
    ];
    for &(pattern, name, want) in table {
        assert_eq!(
            Pattern::new(pattern).matches(name),
            want,
            "{pattern} ~ {name}"
        );
    }
}

#[test]
fn tree_pruning() {
    let pattern = Pattern::new("example.com/a/...");
    assert!(pattern.tree_can_match("example.com"));
    assert!(pattern.tree_can_match("example.com/a"));
    assert!(pattern.tree_can_match("example.com/a/b/c"));
    assert!(!pattern.tree_can_match("example.com/b"));
    assert!(!pattern.tree_can_match("golang.org"));
    let literal = Pattern::new("net/http");
    assert!(literal.tree_can_match("net") && !literal.tree_can_match("net/http/httptest"));
    // Many wildcards cost time proportional to pattern times name length.
    let long = Pattern::new(&"a...".repeat(200));
    assert!(long.matches(&"ab".repeat(300)));
    assert!(!long.matches(&"b".repeat(600)));
}
