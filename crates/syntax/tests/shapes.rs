//! Tree shapes for constructs where Go's grammar is ambiguous or gc makes
//! particular choices, rendered as s-expressions through the public walk.

use goescape_syntax::walk::{walk, Node, Visitor};
use goescape_syntax::*;

/// Renders a subtree: `(Kind detail child...)`, leaves without parentheses.
struct Sexp {
    out: String,
}

impl Visitor for Sexp {
    fn enter(&mut self, file: &File, node: Node) -> bool {
        if !self.out.is_empty() && !self.out.ends_with('(') {
            self.out.push(' ');
        }
        let (label, leaf) = label(file, node);
        if leaf {
            self.out.push_str(&label);
        } else {
            self.out.push('(');
            self.out.push_str(&label);
        }
        true
    }

    fn leave(&mut self, file: &File, node: Node) {
        if !label(file, node).1 {
            self.out.push(')');
        }
    }
}

/// A node's label and whether it is a leaf (a name or literal).
fn label(file: &File, node: Node) -> (String, bool) {
    let label = match node {
        Node::Expr(id) => match file.expr(id).kind {
            ExprKind::Name(_) => return (file.ident(id).unwrap().to_string(), true),
            ExprKind::BasicLit { .. } => return (file.text(file.expr(id).span).into_owned(), true),
            ExprKind::Unary { op, .. } => format!("Unary{}", op.as_str()),
            ExprKind::Binary { op, .. } => format!("Binary{}", op.as_str()),
            ExprKind::ChanType { dir, .. } => format!("Chan{dir:?}"),
            ExprKind::ArrayType { len: None, .. } => "ArrayDots".to_string(),
            kind => format!("{kind:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap()
                .to_string(),
        },
        Node::Stmt(id) => format!("{:?}", file.stmt(id).kind)
            .split([' ', '{', '('])
            .next()
            .unwrap()
            .to_string(),
        Node::Decl(id) => match &file.decl(id).kind {
            DeclKind::Type(t) if t.alias => "TypeAlias".to_string(),
            kind => format!("{kind:?}").split('(').next().unwrap().to_string(),
        },
        Node::Field(id) => {
            if file.field(id).name.is_some() {
                "Field".to_string()
            } else {
                "Embedded".to_string()
            }
        }
        Node::CaseClause(_) => "Case".to_string(),
        Node::CommClause(_) => "Comm".to_string(),
    };
    (label, false)
}

fn sexp(file: &File, node: Node) -> String {
    let mut s = Sexp { out: String::new() };
    walk(file, node, &mut s);
    s.out
}

fn parse_ok(src: &str) -> File {
    let file = parse_file("shape.go", src.as_bytes());
    assert!(file.errors().is_empty(), "{src}: {:?}", file.errors());
    file
}

/// The shape of the expression `expr`.
fn expr_shape(expr: &str) -> String {
    let file = parse_ok(&format!("package p; var _ = {expr}"));
    let DeclKind::Var(v) = &file.decl_list(file.decls())[0].kind else {
        panic!()
    };
    sexp(&file, Node::Expr(v.values.unwrap()))
}

/// The shape of the first declaration of `src`.
fn decl_shape(src: &str) -> String {
    let file = parse_ok(&format!("package p; {src}"));
    let id = file.decl_ids(file.decls()).next().unwrap();
    sexp(&file, Node::Decl(id))
}

/// The shape of the first statement of a function body.
fn stmt_shape(body: &str) -> String {
    let file = parse_ok(&format!("package p; func _() {{ {body} }}"));
    let DeclKind::Func(f) = &file.decl_list(file.decls())[0].kind else {
        panic!()
    };
    let StmtKind::Block { stmts, .. } = file.stmt(f.body.unwrap()).kind else {
        panic!()
    };
    sexp(&file, Node::Stmt(file.stmt_list(stmts)[0]))
}

#[test]
fn generic_ambiguities() {
    // an instantiation, then a call
    assert_eq!(expr_shape("a[b](c)"), "(Call (Index a b) c)");
    assert_eq!(
        expr_shape("f[int, string](x)"),
        "(Call (Index f (List int string)) x)"
    );
    // a composite literal of an instantiated type
    assert_eq!(expr_shape("T[P]{}"), "(CompositeLit (Index T P))");
    assert_eq!(
        expr_shape("pkg.T[int]{x: 1}"),
        "(CompositeLit (Index (Selector pkg T) int) (KeyValue x 1))"
    );
    // [P *T] is an array length unless a comma or a type element says otherwise
    assert_eq!(
        decl_shape("type A[P *T] int"),
        "(Type A (ArrayType (Binary* P T) int))"
    );
    assert_eq!(
        decl_shape("type A[P *T,] int"),
        "(Type A (Field P (Unary* T)) int)"
    );
    assert_eq!(
        decl_shape("type A[P *[]T] int"),
        "(Type A (Field P (Unary* (SliceType T))) int)"
    );
    assert_eq!(
        decl_shape("type A[P (T)] int"),
        "(Type A (ArrayType (Call P T) int))"
    );
    assert_eq!(
        decl_shape("type A[P ([]T)] int"),
        "(Type A (Field P (SliceType T)) int)"
    );
    assert_eq!(decl_shape("type A[N] int"), "(Type A (ArrayType N int))");
    assert_eq!(
        decl_shape("type A[P any] int"),
        "(Type A (Field P any) int)"
    );
    assert_eq!(
        decl_shape("type A[P *T | ~int] int"),
        "(Type A (Field P (Binary| (Unary* T) (Unary~ int))) int)"
    );
    assert_eq!(
        decl_shape("type A[K comparable, V any] map[K]V"),
        "(Type A (Field K comparable) (Field V any) (MapType K V))"
    );
    assert_eq!(
        decl_shape("type A[P []E] int"),
        "(Type A (Field P (SliceType E)) int)"
    );
    assert_eq!(
        decl_shape("type A[T any] = []T"),
        "(TypeAlias A (Field T any) (SliceType T))"
    );
    assert_eq!(
        decl_shape("func (l *List[T]) Len() int { return 0 }"),
        "(Func (Field l (Unary* (Index List T))) Len (FuncType (Embedded int)) (Block (Return 0)))"
    );
    assert_eq!(
        decl_shape("func Map[S ~[]E, E any](s S) {}"),
        "(Func Map (Field S (Unary~ (SliceType E))) (Field E any) (FuncType (Field s S)) (Block))"
    );
}

#[test]
fn composite_literals_and_blocks() {
    // In control clause headers, { after a name starts the block...
    assert_eq!(stmt_shape("if x == T {}"), "(If (Binary== x T) (Block))");
    // ...unless the type cannot be a value, or is parenthesized.
    assert_eq!(
        stmt_shape("for _, v := range []int{1} {}"),
        "(For (Range (List _ v) (CompositeLit (SliceType int) 1)) (Block))"
    );
    assert_eq!(
        stmt_shape("if x == (T{}) {}"),
        "(If (Binary== x (Paren (CompositeLit T))) (Block))"
    );
    // elided types in nested literals
    assert_eq!(
        expr_shape("[]*P{{1}, {X: 2}}"),
        "(CompositeLit (SliceType (Unary* P)) (CompositeLit 1) (CompositeLit (KeyValue X 2)))"
    );
    assert_eq!(
        expr_shape("[...]int{1}"),
        "(CompositeLit (ArrayDots int) 1)"
    );
    assert_eq!(expr_shape("&T{}"), "(Unary& (CompositeLit T))");
    // &(T{}) loses its parentheses
    assert_eq!(expr_shape("&(T{})"), "(Unary& (CompositeLit T))");
}

#[test]
fn channels() {
    assert_eq!(
        expr_shape("(<-chan int)(nil)"),
        "(Call (Paren (ChanRecvOnly int)) nil)"
    );
    assert_eq!(expr_shape("<-ch"), "(Unary<- ch)");
    assert_eq!(expr_shape("<-<-ch"), "(Unary<- (Unary<- ch))");
    assert_eq!(
        decl_shape("var c <-chan <-chan int"),
        "(Var c (ChanRecvOnly (ChanRecvOnly int)))"
    );
    assert_eq!(
        decl_shape("var c chan<- chan int"),
        "(Var c (ChanSendOnly (ChanBoth int)))"
    );
    assert_eq!(
        decl_shape("var c chan (<-chan int)"),
        "(Var c (ChanBoth (ChanRecvOnly int)))"
    );
    // In expressions, <- re-associates with a following channel type.
    assert_eq!(
        expr_shape("[]<-chan int{}"),
        "(CompositeLit (SliceType (ChanRecvOnly int)))"
    );
    assert_eq!(
        expr_shape("f(<-chan int(nil))"),
        "(Call f (Unary<- (Call (ChanBoth int) nil)))"
    );
}

#[test]
fn expressions() {
    assert_eq!(expr_shape("(*T).m"), "(Selector (Paren (Unary* T)) m)");
    assert_eq!(expr_shape("T.m"), "(Selector T m)");
    assert_eq!(expr_shape("[]byte(s)"), "(Call (SliceType byte) s)");
    assert_eq!(expr_shape("new(int)"), "(Call new int)");
    assert_eq!(expr_shape("new(x + 1)"), "(Call new (Binary+ x 1))");
    assert_eq!(expr_shape("s[a:b:c]"), "(Slice s a b c)");
    assert_eq!(expr_shape("s[:]"), "(Slice s)");
    assert_eq!(
        expr_shape("x.(interface{ M() })"),
        "(Assert x (InterfaceType (Field M (FuncType))))"
    );
    assert_eq!(
        expr_shape("a + b*c - d"),
        "(Binary- (Binary+ a (Binary* b c)) d)"
    );
    assert_eq!(expr_shape("a || b && c"), "(Binary|| a (Binary&& b c))");
    assert_eq!(expr_shape("-x * ^y"), "(Binary* (Unary- x) (Unary^ y))");
    assert_eq!(expr_shape("f(xs...)"), "(Call f xs)");
    // Names declared together share their type, which the walk visits
    // with the first of them.
    assert_eq!(
        expr_shape("func(a, b int, c ...string) (r int) { return }"),
        "(FuncLit (FuncType (Field a int) (Field b) (Field c (DotsType string)) (Field r int)) (Block (Return)))"
    );
}

#[test]
fn types() {
    assert_eq!(
        decl_shape("type S struct { T; *U; pkg.V; W[int]; a, b int \"tag\" }"),
        "(Type S (StructType (Embedded T) (Embedded (Unary* U)) (Embedded (Selector pkg V)) (Embedded (Index W int)) (Field a int \"tag\") (Field b \"tag\")))"
    );
    assert_eq!(
        decl_shape("type I interface { ~int | ~string; M(x int) error; io.Reader }"),
        "(Type I (InterfaceType (Embedded (Binary| (Unary~ int) (Unary~ string))) (Field M (FuncType (Field x int) (Embedded error))) (Embedded (Selector io Reader))))"
    );
    assert_eq!(
        decl_shape("type F func(int, string) (bool, error)"),
        "(Type F (FuncType (Embedded int) (Embedded string) (Embedded bool) (Embedded error)))"
    );
    assert_eq!(
        decl_shape("type M map[string][]*T"),
        "(Type M (MapType string (SliceType (Unary* T))))"
    );
    assert_eq!(
        decl_shape("type P = *[4]T"),
        "(TypeAlias P (Unary* (ArrayType 4 T)))"
    );
    // named parameters share one type node
    let file = parse_ok("package p; func f(a, b int)");
    let DeclKind::Func(f) = &file.decl_list(file.decls())[0].kind else {
        panic!()
    };
    let ExprKind::FuncType { params, .. } = file.expr(f.ty).kind else {
        panic!()
    };
    let fields = file.field_list(params);
    assert_eq!(fields[0].ty, fields[1].ty);
}

#[test]
fn statements() {
    assert_eq!(
        stmt_shape("switch v := x.(type) { case int, string: default: }"),
        "(Switch (TypeSwitchGuard v x) (Case (List int string)) (Case))"
    );
    assert_eq!(
        stmt_shape("switch x := f(); x { case 1: fallthrough; case 2: }"),
        "(Switch (Assign x (Call f)) x (Case 1 (Branch)) (Case 2))"
    );
    assert_eq!(
        stmt_shape("select { case v, ok := <-c: _ = v; case c <- 1: default: }"),
        "(Select (Comm (Assign (List v ok) (Unary<- c)) (Assign _ v)) (Comm (Send c 1)) (Comm))"
    );
    assert_eq!(
        stmt_shape("for i := 0; i < n; i++ {}"),
        "(For (Assign i 0) (Binary< i n) (Assign i) (Block))"
    );
    assert_eq!(stmt_shape("for range ch {}"), "(For (Range ch) (Block))");
    assert_eq!(stmt_shape("for x {}"), "(For x (Block))");
    assert_eq!(
        stmt_shape("L: for { continue L }"),
        "(Labeled L (For (Block (Branch L))))"
    );
    assert_eq!(
        stmt_shape("if a { } else if b { } else { }"),
        "(If a (Block) (If b (Block) (Block)))"
    );
    assert_eq!(
        stmt_shape("defer func() { recover() }()"),
        "(Go (Call (FuncLit (FuncType) (Block (Expr (Call recover))))))"
    );
    assert_eq!(stmt_shape("x, y = y, x"), "(Assign (List x y) (List y x))");
    assert_eq!(stmt_shape("x <<= 2"), "(Assign x 2)");
    assert_eq!(
        stmt_shape("const ( a = iota; b )"),
        "(Decl (Const a iota) (Const b))"
    );
}

#[test]
fn const_groups_keep_spec_indices() {
    let file = parse_ok("package p\nconst (\n\ta = iota\n\tb\n\tc, d = 1, 2\n)\nconst e = 3");
    let specs: Vec<(Option<GroupId>, u32, bool)> = file
        .decl_list(file.decls())
        .iter()
        .map(|d| match &d.kind {
            DeclKind::Const(c) => (c.group, c.iota, c.values.is_some()),
            _ => panic!(),
        })
        .collect();
    let group = specs[0].0;
    assert!(group.is_some());
    assert_eq!(
        specs,
        [
            (group, 0, true),
            (group, 1, false),
            (group, 2, true),
            (None, 0, true)
        ]
    );
}

#[test]
fn imports() {
    let file =
        parse_ok("package p\nimport (\n\t\"fmt\"\n\tf \"fmt\"\n\t. \"strings\"\n\t_ \"embed\"\n)");
    let names: Vec<Option<&str>> = file
        .decl_list(file.decls())
        .iter()
        .map(|d| match &d.kind {
            DeclKind::Import(i) => i.local_name.and_then(|n| file.ident(n)),
            _ => panic!(),
        })
        .collect();
    assert_eq!(names, [None, Some("f"), Some("."), Some("_")]);
}

#[test]
fn dump_is_stable() {
    let file = parse_file("d.go", b"package p\n\nfunc f(x int) { x++ }\n".as_slice());
    let expected = "\
File
  Name p @1:9 [1:9-1:10]
  FuncDecl @3:6
    Name f @3:6 [3:6-3:7]
    FuncType @3:7 [3:7-3:14]
      Field @3:8
        Name x @3:8 [3:8-3:9]
        Name int @3:10 [3:10-3:13]
    BlockStmt rbrace=@3:21 @3:15
      AssignStmt ++ @3:18
        Name x @3:17 [3:17-3:18]
";
    assert_eq!(dump(&file), expected);
}
