//! Pathological inputs: deep nesting, long chains and garbage must neither
//! overflow a 2 MiB stack (a rayon worker's default), nor hang, nor panic.

use goescape_syntax::{parse_file, walk, File, MAX_NESTING_DEPTH};

/// As deep as gc compiles (it overflows its stack at a million levels).
const N: usize = 100_000;
const STACK: usize = 2 << 20;

/// Parses `src` on a thread with a 2 MiB stack, and walks the tree.
fn parse_small_stack(src: String) -> File {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let file = parse_file("deep.go", src.as_bytes());
            let mut count = NodeCount(0);
            walk::walk_file(&file, &mut count);
            file
        })
        .unwrap()
        .join()
        .expect("parsing must not panic or overflow the stack")
}

struct NodeCount(usize);

impl walk::Visitor for NodeCount {
    fn enter(&mut self, _: &File, _: walk::Node) -> bool {
        self.0 += 1;
        true
    }
}

fn has_depth_error(file: &File) -> bool {
    file.errors()
        .iter()
        .any(|e| e.msg == "exceeded max nesting depth")
}

/// `prefix`, `open` N times, `middle`, `close` N times, `suffix`.
fn nested(prefix: &str, open: &str, middle: &str, close: &str, suffix: &str) -> String {
    nested_to(N, prefix, open, middle, close, suffix)
}

/// `prefix`, `open` `depth` times, `middle`, `close` `depth` times, `suffix`.
fn nested_to(
    depth: usize,
    prefix: &str,
    open: &str,
    middle: &str,
    close: &str,
    suffix: &str,
) -> String {
    format!(
        "{prefix}{}{middle}{}{suffix}",
        open.repeat(depth),
        close.repeat(depth)
    )
}

/// Every nesting construct, `depth` levels deep.
fn nesting_cases(depth: usize) -> Vec<String> {
    let nested = |prefix: &str, open: &str, middle: &str, close: &str, suffix: &str| {
        nested_to(depth, prefix, open, middle, close, suffix)
    };
    vec![
        nested("package p; var _ = ", "(", "x", ")", ""),
        nested("package p; var _ = ", "[", "", "]int", ""),
        nested("package p; var _ = T", "{", "", "}", ""),
        nested("package p; var _ = ", "func() { _ = ", "1", "}", ""),
        nested("package p; func f() ", "{", "", "}", ""),
        nested("package p; func f() { ", "if x {", "", "}", " }"),
        nested("package p; func f() { ", "for {", "", "}", " }"),
        nested(
            "package p; func f() { ",
            "switch { case true: ",
            "",
            "}",
            " }",
        ),
        nested("package p; func f() { ", "L: ", "", "", " }"),
        nested("package p; type T ", "struct { f ", "int", "}", ""),
        nested("package p; type T ", "func(", "", ")", ""),
        nested("package p; type T ", "interface { ", "", "}", ""),
        nested("package p; type T[P ", "[", "", "]int", "] int"),
        nested("package p; var _ = f(", "g(", "", ")", ")"),
        nested("package p; var _ = ", "a[", "0", "]", ""),
    ]
}

/// The stack grows as the parser recurses: nesting as deep as gc compiles
/// parses on a small one.
#[test]
fn deep_nesting_parses() {
    for src in nesting_cases(N) {
        let head: String = src.chars().take(40).collect();
        let file = parse_small_stack(src);
        assert!(
            !has_depth_error(&file),
            "{head}...: {:?}",
            &file.errors()[..file.errors().len().min(3)]
        );
    }
}

#[test]
fn deeper_nesting_than_the_limit_is_cut_off() {
    for src in nesting_cases(MAX_NESTING_DEPTH as usize) {
        let head: String = src.chars().take(40).collect();
        let file = parse_small_stack(src);
        assert!(
            has_depth_error(&file),
            "{head}...: {:?}",
            &file.errors()[..file.errors().len().min(3)]
        );
    }
}

/// A tree built in a loop (an operator chain) is as limited as one the
/// parser recursed into, so that the layers recursing over it later are.
#[test]
fn long_chains_are_limited_too() {
    let chain = format!(
        "package p; var _ = a{}",
        "+a".repeat(MAX_NESTING_DEPTH as usize)
    );
    let file = parse_small_stack(chain);
    assert_eq!(
        file.errors().len(),
        1,
        "{:?}",
        &file.errors()[..file.errors().len().min(3)]
    );
    assert!(has_depth_error(&file));
}

#[test]
fn long_chains_parse_without_deep_recursion() {
    let ops = |sep: &str| {
        let mut s = String::from("package p; var _ = a");
        for _ in 0..N {
            s.push_str(sep);
            s.push('a');
        }
        s
    };
    for src in [
        ops("+"),
        ops(" || "),
        ops("."),
        ops("*"),
        format!("package p; var _ = f{}", "()".repeat(N)),
        format!("package p; var _ = a{}", "[0]".repeat(N)),
        format!("package p; var _ = A{}{{}}", "[T]".repeat(N)),
        format!("package p; var _ = a{}", "[1:2]".repeat(N)),
        format!("package p; var _ = x{}", ".(T)".repeat(N)),
        format!("package p; type T[P *A{}] int", "|B".repeat(N)),
        format!("package p; type T interface {{ A{} }}", "|B".repeat(N)),
        format!("package p; var _ = []int{{{}}}", "1,".repeat(N)),
        // prefix operators and type constructors are applied in a loop
        nested("package p; var _ = ", "[]", "int{}", "", ""),
        nested("package p; var _ = ", "*", "x", "", ""),
        nested("package p; var _ = ", "- ", "x", "", ""),
        nested("package p; var _ = ", "!", "x", "", ""),
        nested("package p; var _ = ", "<-", "x", "", ""),
        nested("package p; var _ = ", "& ", "x", "", ""),
        nested("package p; var _ = ", "<-chan ", "int(nil)", "", ""),
        nested("package p; type T ", "*", "int", "", ""),
        nested("package p; type T ", "map[int]", "int", "", ""),
        nested("package p; type T ", "chan ", "int", "", ""),
        nested("package p; type T ", "[4]", "int", "", ""),
        // else-if chains too
        nested(
            "package p; func f(x bool) { if x {} ",
            "else if x {} ",
            "",
            "",
            "}",
        ),
        format!("package p; func f() {{ {} }}", "x++; ".repeat(N)),
        format!("package p; {}", "var x int; ".repeat(N)),
    ] {
        let head: String = src.chars().take(40).collect();
        let file = parse_small_stack(src);
        assert!(
            file.errors().is_empty(),
            "{head}...: {:?}",
            &file.errors()[..file.errors().len().min(3)]
        );
    }
}

#[test]
fn nesting_below_the_limit_is_fine() {
    let depth = MAX_NESTING_DEPTH as usize - 10;
    let src = format!(
        "package p; var _ = {}x{}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    assert!(parse_small_stack(src).errors().is_empty());
}

#[test]
fn garbage_does_not_hang() {
    // A deterministic mix of tokens, partial constructs and bytes.
    let pieces = [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "func",
        "if",
        "for",
        "x",
        ":=",
        "=",
        ",",
        ";",
        "\n",
        ".",
        "...",
        "<-",
        "chan",
        "case",
        "default:",
        "struct",
        "interface",
        "type",
        "var",
        "const",
        "import",
        "\"s",
        "'c",
        "`",
        "/*",
        "*/",
        "//",
        "0x",
        "1e",
        "@",
        "\0",
        "\u{FEFF}",
        "range",
        "go",
        "defer",
        "switch",
        "select",
        "else",
        "*",
        "&",
        "|",
        "~",
        "[T any]",
        "return",
        "goto L",
        "L:",
        "break",
        "fallthrough",
        "map[",
        "\u{7f}",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..200 {
        let mut src = String::from(if round % 2 == 0 { "package p\n" } else { "" });
        for _ in 0..2000 {
            // xorshift
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            src.push_str(pieces[(state % pieces.len() as u64) as usize]);
            if state % 3 == 0 {
                src.push(' ');
            }
        }
        parse_small_stack(src);
    }
    // Invalid UTF-8 everywhere.
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let file = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || parse_file("bytes.go", &bytes).errors().len())
        .unwrap()
        .join()
        .unwrap();
    assert!(file > 0);
}

#[test]
fn many_gotos_and_labels_are_checked_quickly() {
    let mut src = String::from("package p\nfunc f() {\n");
    for i in 0..N / 4 {
        src.push_str(&format!("goto L{i}\n"));
    }
    for i in 0..N / 4 {
        src.push_str(&format!("var v{i} int; _ = v{i}\nL{i}:\n"));
    }
    src.push_str("}\n");
    let file = parse_small_stack(src);
    assert_eq!(
        file.errors().len(),
        N / 4,
        "each goto jumps over a declaration"
    );
}
