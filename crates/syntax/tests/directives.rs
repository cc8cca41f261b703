//! `//line` and `//go:` directives. Expected messages and positions are
//! those `go tool compile` prints for the same sources.

use goescape_syntax::{parse_file, DeclKind, File, PragmaFlags};

fn reports(file: &File) -> Vec<String> {
    file.errors()
        .iter()
        .map(|e| format!("{}: {}", file.position(e.pos), e.msg))
        .collect()
}

#[test]
fn line_directives_set_reported_positions() {
    let src = concat!(
        "package p\n",
        "//line foo.go:10\n",
        "var _ = @\n",
        "//line bar.go:20:5\n",
        "var _ =  @\n",
        "  var _ = @\n",
        "/*line :30:7*/var _ = @\n",
        "  /*line baz.go:40:1*/ var _ = @ /*line :50:*/ @\n",
        "//line :60\n",
        "var _ = @\n",
        "  //line qux.go:70\n",
        "var _ = @\n",
        "//line a.go:0\n",
        "//line b.go:x\n",
        "//line c.go:1:0\n",
        "//line C:\\dir\\d.go:80\n",
        "var _ = @\n",
    );
    let file = parse_file("ld.go", src.as_bytes());
    let expected = [
        // without a column, columns are unknown until the next directive
        "foo.go:10: invalid character U+0040 '@'",
        "bar.go:20:5: syntax error: unexpected keyword var, expected expression",
        "bar.go:20:14: invalid character U+0040 '@'",
        "bar.go:21:11: invalid character U+0040 '@'",
        // an empty filename with a column keeps the current name
        "bar.go:30:15: invalid character U+0040 '@'",
        "baz.go:40:10: invalid character U+0040 '@'",
        "baz.go:40:23: invalid line number: ",
        "baz.go:40:26: invalid character U+0040 '@'",
        // an empty filename without a column is taken as is
        ":60: invalid character U+0040 '@'",
        // //line not at the start of a line is not a directive
        ":62: invalid character U+0040 '@'",
        ":63: invalid line number: 0",
        ":64: invalid line number: x",
        ":65: invalid column number: 0",
        // the last colon separates the line number
        "C:\\dir\\d.go:80: invalid character U+0040 '@'",
    ];
    assert_eq!(reports(&file), expected);

    // Physical positions are unaffected.
    let last = file.errors().last().unwrap().pos;
    assert_eq!(file.raw_position(last).to_string(), "ld.go:17:9");
    // the malformed and misplaced ones are not directives
    assert_eq!(file.line_directives().len(), 6);
}

#[test]
fn directives_attach_to_declarations() {
    let src = "\
//go:build go1.21 && linux

// Package p.
//go:debug whatever
package p

import _ \"embed\"

//go:noinline
//go:nosplit
func f() {}

//go:noescape
//go:uintptrescapes
func g(uintptr)

//go:linkname h runtime.h
//go:linkname k
func h()

var (
	//go:embed a.txt \"b c.txt\"
	s string
)
";
    let file = parse_file("d.go", src.as_bytes());
    assert!(file.errors().is_empty(), "{:?}", reports(&file));
    assert_eq!(file.go_version(), Some("go1.21"));
    assert!(file.package_pragma().is_some());

    let decls = file.decl_list(file.decls());
    let func_flags = |i: usize| match &decls[i].kind {
        DeclKind::Func(f) => f.pragma.map(|p| file.pragma(p).flags),
        _ => panic!("not a func"),
    };
    let f = func_flags(1).unwrap();
    assert!(f.contains(PragmaFlags::NOINLINE | PragmaFlags::NOSPLIT | PragmaFlags::NOCHECKPTR));
    let g = func_flags(2).unwrap();
    assert!(g.contains(PragmaFlags::NOESCAPE | PragmaFlags::UINTPTR_ESCAPES));
    assert!(g.contains(PragmaFlags::UINTPTR_KEEPALIVE), "implied");
    assert!(!g.contains(PragmaFlags::NOINLINE));
    // linkname is file-wide: the pragma of h has no flags
    assert_eq!(func_flags(3).unwrap(), PragmaFlags::NONE);
    let links: Vec<(&str, Option<&str>)> = file
        .linknames()
        .iter()
        .map(|l| (l.local.as_str(), l.target.as_deref()))
        .collect();
    assert_eq!(links, [("h", Some("runtime.h")), ("k", None)]);

    let DeclKind::Var(s) = &decls[4].kind else {
        panic!("not a var")
    };
    let embeds = &file.pragma(s.pragma.unwrap()).embeds;
    assert_eq!(embeds[0].patterns, ["a.txt", "b c.txt"]);
}

#[test]
fn misplaced_directives() {
    let src = "\
//go:build go1.21 && linux

package p

//go:noinline
//go:nosplit
func f() {}

func g() {
	//go:noinline
	x := 1 //go:noinline
	_ = x
	//go:embed x.txt
	y := 2
	_ = y
}

//go:noinline
var (
	//go:noinline
	v int
)

//go:norace
";
    let file = parse_file("pr.go", src.as_bytes());
    assert_eq!(
        reports(&file),
        [
            "pr.go:10:4: misplaced compiler directive",
            "pr.go:11:11: misplaced compiler directive",
            "pr.go:13:4: misplaced go:embed directive",
            "pr.go:18:3: misplaced compiler directive",
            "pr.go:24:3: misplaced compiler directive",
        ]
    );
}

#[test]
fn directive_usage_errors() {
    let src = "package p\n\n//go:linkname\nfunc f()\n\n//go:embed\nvar s string\n";
    let file = parse_file("u.go", src.as_bytes());
    assert_eq!(
        reports(&file),
        // "//go:linkname" without arguments is not a linkname directive
        ["u.go:6:3: usage: //go:embed pattern..."]
    );
}
