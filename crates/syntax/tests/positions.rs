//! Every node kind gets the position gc's parser gives it. Each snippet
//! marks the expected position with `@`; the snippet is embedded in a
//! context from which a helper extracts the node under test.

use goescape_syntax::*;

/// A node kind as gc names it, and its position.
fn describe_expr(file: &File, id: ExprId) -> (&'static str, Pos) {
    let expr = file.expr(id);
    let kind = match expr.kind {
        ExprKind::Bad => "BadExpr",
        ExprKind::Name(_) => "Name",
        ExprKind::BasicLit { .. } => "BasicLit",
        ExprKind::CompositeLit { .. } => "CompositeLit",
        ExprKind::KeyValue { .. } => "KeyValueExpr",
        ExprKind::FuncLit { .. } => "FuncLit",
        ExprKind::Paren { .. } => "ParenExpr",
        ExprKind::Selector { .. } => "SelectorExpr",
        ExprKind::Index { .. } => "IndexExpr",
        ExprKind::Slice { .. } => "SliceExpr",
        ExprKind::Assert { .. } => "AssertExpr",
        ExprKind::TypeSwitchGuard { .. } => "TypeSwitchGuard",
        ExprKind::Unary { .. } | ExprKind::Binary { .. } => "Operation",
        ExprKind::Call { .. } => "CallExpr",
        ExprKind::List { .. } => "ListExpr",
        ExprKind::ArrayType { .. } => "ArrayType",
        ExprKind::SliceType { .. } => "SliceType",
        ExprKind::DotsType { .. } => "DotsType",
        ExprKind::StructType { .. } => "StructType",
        ExprKind::InterfaceType { .. } => "InterfaceType",
        ExprKind::FuncType { .. } => "FuncType",
        ExprKind::MapType { .. } => "MapType",
        ExprKind::ChanType { .. } => "ChanType",
    };
    (kind, expr.pos)
}

fn describe_stmt(file: &File, id: StmtId) -> (&'static str, Pos) {
    let stmt = file.stmt(id);
    let kind = match stmt.kind {
        StmtKind::Empty => "EmptyStmt",
        StmtKind::Labeled { .. } => "LabeledStmt",
        StmtKind::Block { .. } => "BlockStmt",
        StmtKind::Expr { .. } => "ExprStmt",
        StmtKind::Send { .. } => "SendStmt",
        StmtKind::Decl { .. } => "DeclStmt",
        StmtKind::Assign { .. } => "AssignStmt",
        StmtKind::Branch { .. } => "BranchStmt",
        StmtKind::Go { .. } => "CallStmt",
        StmtKind::Return { .. } => "ReturnStmt",
        StmtKind::If { .. } => "IfStmt",
        StmtKind::For { .. } => "ForStmt",
        StmtKind::Switch { .. } => "SwitchStmt",
        StmtKind::Select { .. } => "SelectStmt",
        StmtKind::Range { .. } => "RangeClause",
    };
    (kind, stmt.pos)
}

fn describe_decl(decl: &Decl) -> (&'static str, Pos) {
    let kind = match decl.kind {
        DeclKind::Import(_) => "ImportDecl",
        DeclKind::Const(_) => "ConstDecl",
        DeclKind::Type(_) => "TypeDecl",
        DeclKind::Var(_) => "VarDecl",
        DeclKind::Func(_) => "FuncDecl",
    };
    (kind, decl.pos)
}

fn first_decl(file: &File) -> &Decl {
    &file.decl_list(file.decls())[0]
}

fn func_body(file: &File) -> &[StmtId] {
    let DeclKind::Func(f) = &first_decl(file).kind else {
        panic!("not a func")
    };
    let StmtKind::Block { stmts, .. } = file.stmt(f.body.unwrap()).kind else {
        panic!("no body")
    };
    file.stmt_list(stmts)
}

fn func_type_fields(file: &File) -> &[Field] {
    let DeclKind::Func(f) = &first_decl(file).kind else {
        panic!("not a func")
    };
    let ExprKind::FuncType { params, .. } = file.expr(f.ty).kind else {
        panic!("no signature")
    };
    file.field_list(params)
}

fn first_stmt(file: &File) -> StmtId {
    func_body(file)[0]
}

fn is_branch_check(msg: &str) -> bool {
    ["label", "break", "continue", "fallthrough"]
        .iter()
        .any(|word| msg.contains(word))
}

/// Checks each `(kind, snippet)`: `prefix + snippet + suffix` (without the
/// `@`) parses cleanly, and `extract` finds a node of that kind at the `@`.
fn check(
    cases: &[(&str, &str)],
    prefix: &str,
    suffix: &str,
    extract: impl Fn(&File) -> (&'static str, Pos),
) {
    for &(want_kind, snippet) in cases {
        let marked = format!("{prefix}{snippet}{suffix}");
        let at = marked.find('@').expect("snippet has @");
        let src = marked.replacen('@', "", 1);
        let file = parse_file("pos.go", src.as_bytes());
        // Snippets are parsed as gc's position tests parse them: branch
        // and label checks do not apply.
        let syntax_errors: Vec<_> = file
            .errors()
            .iter()
            .filter(|e| !is_branch_check(&e.msg))
            .collect();
        assert!(syntax_errors.is_empty(), "{src}: {syntax_errors:?}");
        let (kind, pos) = extract(&file);
        assert_eq!(kind, want_kind, "{src}");
        assert_eq!(pos.offset(), at, "{src}: {kind} at wrong position");
    }
}

#[test]
fn declaration_positions() {
    // A declaration is at its first token after the keyword, grouped or not.
    check(
        &[
            ("ImportDecl", r#"import @"os""#),
            ("ImportDecl", r#"import @osx "os""#),
            ("ImportDecl", r#"import @_ "os""#),
            ("ImportDecl", r#"import (@. "strings")"#),
            ("ImportDecl", "import (\n\t@\"io\"\n)"),
            ("ConstDecl", "const @k"),
            ("ConstDecl", "const @a, b = 7, 8"),
            ("ConstDecl", "const (@big uint64 = 1 << 63)"),
            ("TypeDecl", "type @S struct{}"),
            ("TypeDecl", "type @A = []byte"),
            ("TypeDecl", "type (@G[E any] []E)"),
            ("TypeDecl", "type @GA[P any] = map[P]P"),
            ("VarDecl", "var @v float64"),
            ("VarDecl", "var @p, q = 1.5, 2.5"),
            ("VarDecl", "var (@w, z string = \"\", \"\")"),
            ("FuncDecl", "func @main() {}"),
            ("FuncDecl", "func @(s *S) m() {}"),
            ("FuncDecl", "func @(S) m()"),
            ("FuncDecl", "func @Map[K comparable, V any](m map[K]V) {}"),
        ],
        "package p; ",
        "",
        |f| describe_decl(first_decl(f)),
    );
}

#[test]
fn expression_positions() {
    // Expressions at the token identifying their kind; embedded in a
    // composite literal so keys and elided types can be tested too.
    check(
        &[
            ("Name", "@abc"),
            ("BasicLit", "@42"),
            ("BasicLit", "@0o17"),
            ("BasicLit", "@6.02e23"),
            ("BasicLit", "@.5"),
            ("BasicLit", "@3i"),
            ("BasicLit", r"@'\n'"),
            ("BasicLit", r#"@"s""#),
            ("BasicLit", "@`raw`"),
            ("CompositeLit", "@{1, 2}"),
            ("CompositeLit", "pkg.T@{}"),
            ("CompositeLit", "[]int@{}"),
            ("CompositeLit", "[...]string@{\"a\"}"),
            ("CompositeLit", "map[int]bool@{}"),
            ("CompositeLit", "G[int]@{}"),
            ("KeyValueExpr", "key@: value"),
            ("KeyValueExpr", "1@: {}"),
            ("FuncLit", "@func(x int) bool { return x > 0 }"),
            ("ParenExpr", "@(a + b)"),
            ("SelectorExpr", "os@.Args"),
            ("IndexExpr", "m@[k]"),
            ("IndexExpr", "F@[int, string]"),
            ("SliceExpr", "s@[:]"),
            ("SliceExpr", "s@[1:]"),
            ("SliceExpr", "s@[:n]"),
            ("SliceExpr", "s@[lo:hi:max]"),
            ("AssertExpr", "v@.(error)"),
            ("Operation", "@*ptr"),
            ("Operation", "@-n"),
            ("Operation", "@!ok"),
            ("Operation", "@^mask"),
            ("Operation", "@&x"),
            ("Operation", "@<-ch"),
            ("Operation", "a @|| b"),
            ("Operation", "a @&& b"),
            ("Operation", "a @!= b"),
            ("Operation", "a @<< 3"),
            ("Operation", "a @&^ b"),
            ("Operation", "a + b @- c"),
            ("Operation", "a @+ b*c"),
            ("CallExpr", "f@()"),
            ("CallExpr", "fmt.Sprint@(a, b...)"),
            ("CallExpr", "new@(int)"),
            ("CallExpr", "func() {}@()"),
            ("CallExpr", "[]byte@(s)"),
            ("CallExpr", "(*T)@(p)"),
        ],
        "package p; var _ = T{ ",
        " }",
        |f| {
            let DeclKind::Var(v) = &first_decl(f).kind else {
                panic!()
            };
            let ExprKind::CompositeLit { elems, .. } = f.expr(v.values.unwrap()).kind else {
                panic!()
            };
            describe_expr(f, f.expr_list(elems)[0])
        },
    );
}

#[test]
fn type_positions() {
    // Types in parameter position, so that ...T is possible.
    check(
        &[
            ("Operation", "@*int"),
            ("Operation", "@*[]T"),
            ("ArrayType", "@[4]byte"),
            ("ArrayType", "@[N*2]T"),
            ("SliceType", "@[]string"),
            ("DotsType", "@...any"),
            ("StructType", "@struct{ x int }"),
            ("InterfaceType", "@interface{ M() }"),
            ("FuncType", "func@(int) error"),
            ("MapType", "@map[string][]int"),
            ("ChanType", "@chan int"),
            ("ChanType", "@chan<- bool"),
            ("ChanType", "@<-chan struct{}"),
            ("SelectorExpr", "io@.Reader"),
            ("IndexExpr", "List@[T]"),
        ],
        "package p; func f(",
        ")",
        |f| describe_expr(f, func_type_fields(f)[0].ty),
    );
}

#[test]
fn field_positions() {
    check(
        &[
            ("Field", "@int"),
            ("Field", "@(int)"),
            ("Field", "@a int"),
            ("Field", "@a *(int)"),
            ("Field", "@a, b, c int"),
            ("Field", "@rest ...string"),
        ],
        "package p; func f(",
        ")",
        |f| ("Field", func_type_fields(f)[0].pos),
    );
}

#[test]
fn statement_positions() {
    check(
        &[
            ("EmptyStmt", "@"),
            ("LabeledStmt", "Loop@:"),
            ("LabeledStmt", "Loop@: ;"),
            ("LabeledStmt", "Loop@: for {}"),
            ("BlockStmt", "@{ x := 1; _ = x }"),
            ("ExprStmt", "@<-done"),
            ("ExprStmt", "println@()"),
            ("ExprStmt", "obj.Method@(1)"),
            ("SendStmt", "ch @<- 1"),
            ("DeclStmt", "@const c = 1"),
            ("DeclStmt", "@type (T int; U = T)"),
            ("DeclStmt", "@var a, b int"),
            ("AssignStmt", "x @= 1"),
            ("AssignStmt", "x, y @= y, x"),
            ("AssignStmt", "x @-= 2"),
            ("AssignStmt", "x @<<= 2"),
            ("AssignStmt", "v, err @:= f()"),
            ("AssignStmt", "n@++"),
            ("AssignStmt", "p.q[0]@--"),
            ("BranchStmt", "@break"),
            ("BranchStmt", "@continue Outer"),
            ("BranchStmt", "@goto End"),
            ("BranchStmt", "@fallthrough"),
            ("CallStmt", "@go worker(ch)"),
            ("CallStmt", "@defer mu.Unlock()"),
            ("ReturnStmt", "@return"),
            ("ReturnStmt", "@return 1, nil"),
            ("IfStmt", "@if ok {}"),
            ("IfStmt", "@if x := f(); x > 0 { } else if y { } else { }"),
            ("ForStmt", "@for {}"),
            ("ForStmt", "@for i := 0; i < n; i++ {}"),
            ("ForStmt", "@for range 3 {}"),
            ("SwitchStmt", "@switch x {}"),
            ("SwitchStmt", "@switch t := v.(type) { case int: }"),
            ("SelectStmt", "@select {}"),
            ("SelectStmt", "@select { case v := <-ch: _ = v }"),
        ],
        "package p; func _() { ",
        "; }",
        |f| describe_stmt(f, first_stmt(f)),
    );
}

#[test]
fn range_clause_positions() {
    check(
        &[
            ("RangeClause", "@range xs"),
            ("RangeClause", "k = @range m"),
            ("RangeClause", "k, v := @range m"),
            ("RangeClause", "_, r := @range s.f()"),
            ("RangeClause", "i := @range 10"),
        ],
        "package p; func _() { for ",
        " {} }",
        |f| {
            let StmtKind::For { init, .. } = f.stmt(first_stmt(f)).kind else {
                panic!()
            };
            describe_stmt(f, init.unwrap())
        },
    );
}

#[test]
fn type_switch_guard_positions() {
    check(
        &[
            ("TypeSwitchGuard", "x@.(type)"),
            ("TypeSwitchGuard", "v := x@.(type)"),
            ("TypeSwitchGuard", "f()@.(type)"),
        ],
        "package p; func _() { switch ",
        " {} }",
        |f| {
            let StmtKind::Switch { tag, .. } = f.stmt(first_stmt(f)).kind else {
                panic!()
            };
            describe_expr(f, tag.unwrap())
        },
    );
}

#[test]
fn clause_positions() {
    check(
        &[
            ("CaseClause", "@case 1:"),
            ("CaseClause", "@case a, b:"),
            ("CaseClause", "@default: x++"),
        ],
        "package p; func _() { switch { ",
        " } }",
        |f| {
            let StmtKind::Switch { clauses, .. } = f.stmt(first_stmt(f)).kind else {
                panic!()
            };
            ("CaseClause", f.case_clauses(clauses)[0].pos)
        },
    );
    check(
        &[
            ("CommClause", "@case <-c:"),
            ("CommClause", "@case c <- 1:"),
            ("CommClause", "@case v, ok := <-c: _, _ = v, ok"),
            ("CommClause", "@default:"),
        ],
        "package p; func _() { select { ",
        " } }",
        |f| {
            let StmtKind::Select { clauses, .. } = f.stmt(first_stmt(f)).kind else {
                panic!()
            };
            ("CommClause", f.comm_clauses(clauses)[0].pos)
        },
    );
}

/// The exact extent of expressions, used to key differential tests.
#[test]
fn expression_spans() {
    let src = "package p\nvar _ = a.b[c](d, e...).(T) + -f[1:2] * <-chan int(nil)";
    let file = parse_file("span.go", src.as_bytes());
    assert!(file.errors().is_empty(), "{:?}", file.errors());
    let DeclKind::Var(v) = &first_decl(&file).kind else {
        panic!()
    };
    let mut spans = Vec::new();
    walk::walk(
        &file,
        walk::Node::Expr(v.values.unwrap()),
        &mut SpanCollector(&mut spans),
    );
    let expected = [
        "a.b[c](d, e...).(T) + -f[1:2] * <-chan int(nil)",
        "a.b[c](d, e...).(T)",
        "a.b[c](d, e...)",
        "a.b[c]",
        "a.b",
        "a",
        "b",
        "c",
        "d",
        "e",
        "T",
        "-f[1:2] * <-chan int(nil)",
        "-f[1:2]",
        "f[1:2]",
        "f",
        "1",
        "2",
        // a receive from the conversion chan int(nil)
        "<-chan int(nil)",
        "chan int(nil)",
        "chan int",
        "int",
        "nil",
    ];
    let got: Vec<String> = spans.iter().map(|&s| file.text(s).into_owned()).collect();
    assert_eq!(got, expected);
}

struct SpanCollector<'a>(&'a mut Vec<Span>);

impl walk::Visitor for SpanCollector<'_> {
    fn enter(&mut self, file: &File, node: walk::Node) -> bool {
        if let walk::Node::Expr(id) = node {
            self.0.push(file.expr(id).span);
        }
        true
    }
}
