//! Differential test of the type checker against go/types: both check
//! `std` (linux/amd64, cgo off); the recorded type of every expression,
//! the selection of every selector and the object every identifier
//! defines or uses (`E`, `S`, `D` and `U` lines of tools/typesdump) are
//! compared, and the agreement per category is kept
//! in a snapshot, tests/snapshots/std_types.snap. The test fails when the
//! numbers change; `GOESCAPE_UPDATE_SNAPSHOTS=1` rewrites the snapshot.
//! `GOESCAPE_TYPES_DIFF=FILE` writes every disagreeing line to FILE.
//!
//! Without a Go toolchain the test is skipped, unless
//! `GOESCAPE_REQUIRE_GO` is set.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use goescape_pipeline::{Checked, Pipeline, Settings};
use goescape_syntax::{AssignOp, ExprKind, File, Operator, StmtId, StmtKind};
use goescape_types::check::CheckedPackage;
use goescape_types::model::{FileId, FullPath, ObjId, ObjKind, Store, Type};

const SNAPSHOT: &str = "tests/snapshots/std_types.snap";

#[test]
fn std_types_agree_with_go_types() {
    let Some(go) = go_toolchain() else { return };
    let tool_dir = tempdir();
    let tool = tool_dir.join("typesdump");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    run(Command::new(&go)
        .arg("build")
        .arg("-C")
        .arg(repo.join("tools/typesdump"))
        .arg("-o")
        .arg(&tool)
        .arg("."));
    let reference = parse_dump(&run(Command::new(&tool).args(["-only", "E,S,D,U", "std"])));
    let version = run(Command::new(&go).args(["env", "GOVERSION"]))
        .trim()
        .to_owned();

    let mut settings = Settings::from_env(None).expect("go environment");
    settings.load.goos = "linux".into();
    settings.load.goarch = "amd64".into();
    settings.load.cgo_enabled = false;
    let goroot_src = settings.load.goroot.join("src");
    let pipeline = Pipeline::new(settings).expect("pipeline");
    let Checked {
        graph,
        store,
        packages: checked,
        ..
    } = pipeline.check(&["std"]).expect("load std");
    // Every file's name in declaration positions, dependencies included.
    let file_names: HashMap<FileId, String> = checked
        .iter()
        .flat_map(|p| &p.files)
        .map(|f| (f.id, relative_name(&f.path, &goroot_src)))
        .collect();

    let mut ours: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut with_errors = Vec::new();
    for &root in &graph.roots {
        let package = &checked[root];
        if !package.errors.is_empty() {
            with_errors.push(package);
        }
        ours.insert(
            package.import_path.clone(),
            expr_lines(&store, package, &file_names),
        );
    }

    let report = compare(&version, &reference, &ours, &with_errors);
    if let Ok(path) = std::env::var("GOESCAPE_TYPES_DIFF") {
        std::fs::write(path, &report.diff).expect("write diff");
    }
    let snapshot_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    let committed = std::fs::read_to_string(&snapshot_path).ok();
    if std::env::var_os("GOESCAPE_UPDATE_SNAPSHOTS").is_some() || committed.is_none() {
        std::fs::write(&snapshot_path, &report.summary).expect("write snapshot");
        return;
    }
    if committed.as_deref() != Some(report.summary.as_str()) {
        panic!(
            "type checker agreement with go/types changed; rerun with GOESCAPE_UPDATE_SNAPSHOTS=1 \
             if intended\n--- new snapshot ---\n{}",
            report.summary
        );
    }
}

/// The `go` command, or `None` (with the reason printed) to skip.
fn go_toolchain() -> Option<PathBuf> {
    let found = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(PathBuf::from("go"));
    }
    if std::env::var_os("GOESCAPE_REQUIRE_GO").is_some() {
        panic!("GOESCAPE_REQUIRE_GO is set but no go command was found");
    }
    eprintln!("skipping: no go command found (set GOESCAPE_REQUIRE_GO to fail instead)");
    None
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goescape-typesdump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn run(cmd: &mut Command) -> String {
    let output = cmd
        .env("CGO_ENABLED", "0")
        .env("GOOS", "linux")
        .env("GOARCH", "amd64")
        .output()
        .expect("run go tool");
    assert!(
        output.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Package → (`file:start-end\tnode` → `mode\ttype\texact\tstring`,
/// `file:offset\tS` → `selkind\trecv\tobject\tindex\tindirect`,
/// `file:offset\tD` → `name\tkind\tobjtype` and
/// `file:offset\tU` → `name\tkind\tpackage\tdeclaration`).
type Lines = BTreeMap<String, BTreeMap<String, String>>;

fn parse_dump(dump: &str) -> Lines {
    let mut packages = Lines::new();
    let mut current = None;
    for line in dump.lines() {
        if let Some(path) = line.strip_prefix("# package ") {
            current = Some(path.to_owned());
            packages.entry(path.to_owned()).or_default();
            continue;
        }
        let Some(package) = &current else { continue };
        let lines = packages.entry(package.clone()).or_default();
        if let Some(rest) = line.strip_prefix("E\t") {
            let fields: Vec<&str> = rest.splitn(3, '\t').collect();
            if let [pos, node, value] = fields[..] {
                lines.insert(format!("{pos}\t{node}"), value.to_owned());
            }
        } else if let Some((category, rest)) = line.split_once('\t') {
            if let ("S" | "D" | "U", Some((pos, value))) = (category, rest.split_once('\t')) {
                lines.insert(format!("{pos}\t{category}"), value.to_owned());
            }
        }
    }
    packages
}

/// A file's name in the dumps: relative to `GOROOT/src`.
fn relative_name(path: &Path, goroot_src: &Path) -> String {
    path.strip_prefix(goroot_src)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Our `E`, `S`, `D` and `U` lines for one package, keyed like
/// [`parse_dump`]'s.
fn expr_lines(
    store: &Store,
    package: &CheckedPackage,
    file_names: &HashMap<FileId, String>,
) -> BTreeMap<String, String> {
    let mut lines = BTreeMap::new();
    for file in &package.files {
        let name = &file_names[&file.id];
        object_lines(store, file, name, file_names, &mut lines);
        for (index, record) in file.types.iter().enumerate() {
            let Some(record) = record else { continue };
            let id = goescape_syntax::ExprId::from_index(index);
            let expr = file.syntax.expr(id);
            let Some(node) = ast_node(&file.syntax, id) else {
                continue;
            };
            let (exact, short) = match &record.value {
                Some(v) => (v.exact_string(), v.to_string()),
                None => ("-".to_owned(), "-".to_owned()),
            };
            let ty = store.type_string(record.ty, &FullPath);
            lines.insert(
                format!("{name}:{}-{}\t{node}", expr.span.start.0, expr.span.end.0),
                format!("{}\t{ty}\t{exact}\t{short}", record.mode.name()),
            );
        }
        for (e, record) in &file.selections {
            let ExprKind::Selector { sel, .. } = file.syntax.expr(*e).kind else {
                continue;
            };
            let index: Vec<String> = record.selection.index.iter().map(u32::to_string).collect();
            lines.insert(
                format!("{name}:{}\tS", file.syntax.expr(sel).span.start.0),
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    record.kind.name(),
                    store.type_string(record.recv, &FullPath),
                    store.object_string(record.selection.obj, &FullPath),
                    index.join("."),
                    record.selection.indirect
                ),
            );
        }
        // go/types checks `x++` as `x += 1` with a made-up literal `1`,
        // and records it.
        for index in 0..file.syntax.stmt_count() {
            let stmt = file.syntax.stmt(StmtId::from_index(index));
            let StmtKind::Assign {
                op: AssignOp::Op(_),
                lhs,
                rhs: None,
            } = stmt.kind
            else {
                continue;
            };
            let Some(Some(target)) = file.types.get(lhs.index()) else {
                continue;
            };
            let ty = store.type_string(target.ty, &FullPath);
            // go/types positions it at the operand.
            let op_pos = file.syntax.expr(lhs).span.start.0;
            lines.insert(
                format!("{name}:{}-{}\t*ast.BasicLit", op_pos, op_pos + 1),
                format!("constant\t{ty}\t1\t1"),
            );
        }
    }
    lines
}

/// The `D` and `U` lines of one file: an identifier defines the object
/// declared at it, and uses any other.
fn object_lines(
    store: &Store,
    file: &goescape_types::check::CheckedFile,
    name: &str,
    file_names: &HashMap<FileId, String>,
    lines: &mut BTreeMap<String, String>,
) {
    let use_line = |obj: ObjId, ident: &str| {
        let o = store.obj(obj);
        let package = o
            .pkg
            .map_or("-".to_owned(), |p| store.package(p).path.to_string());
        let declaration = match (o.pkg, o.pos) {
            (None, _) => "universe".to_owned(),
            (_, None) => "-".to_owned(),
            (_, Some(p)) => match file_names.get(&p.file) {
                Some(f) => format!("{f}:{}", p.offset),
                None => format!("?{}:{}", p.file.0, p.offset),
            },
        };
        format!(
            "{ident}\t{}\t{package}\t{declaration}",
            o.kind.class().name()
        )
    };
    for (index, obj) in file.objects.iter().enumerate() {
        let Some(obj) = *obj else { continue };
        let id = goescape_syntax::ExprId::from_index(index);
        let Some(ident) = file.syntax.ident(id) else {
            continue;
        };
        let offset = file.syntax.expr(id).span.start.0;
        let o = store.obj(obj);
        let is_def = o
            .pos
            .is_some_and(|p| p.file == file.id && p.offset == offset);
        if !is_def {
            lines.insert(format!("{name}:{offset}\tU"), use_line(obj, ident));
            continue;
        }
        let ty = match o.kind {
            ObjKind::PkgName(p) => format!("package {}", store.package(p).path),
            _ => store.type_string(store.obj_type(obj), &FullPath),
        };
        lines.insert(
            format!("{name}:{offset}\tD"),
            format!("{ident}\t{}\t{ty}", o.kind.class().name()),
        );
        // go/types also records a use at two kinds of definitions: an
        // embedded field's name uses the type name (of the field's type),
        // and a receiver type parameter uses itself.
        let also_used = match &o.kind {
            ObjKind::Var(v) if v.embedded => {
                let ty = store.obj_type(obj);
                let base = match store.ty(ty) {
                    Type::Pointer(elem) => *elem,
                    _ => ty,
                };
                store.type_name(base)
            }
            ObjKind::TypeName => match store.ty(store.obj_type(obj)) {
                Type::TypeParam(p) if is_method(store, p.owner) => Some(obj),
                _ => None,
            },
            _ => None,
        };
        if let Some(used) = also_used {
            lines.insert(format!("{name}:{offset}\tU"), use_line(used, ident));
        }
    }
}

/// Whether `obj` is a method (a function with a receiver).
fn is_method(store: &Store, obj: ObjId) -> bool {
    store
        .signature(store.obj_type(obj))
        .is_some_and(|s| s.recv.is_some())
}

/// The go/ast node type of an expression (`None` for nodes go/types
/// records nothing for).
fn ast_node(file: &File, id: goescape_syntax::ExprId) -> Option<&'static str> {
    Some(match file.expr(id).kind {
        ExprKind::Bad
        | ExprKind::KeyValue { .. }
        | ExprKind::List { .. }
        | ExprKind::TypeSwitchGuard { .. } => return None,
        ExprKind::Name(_) => "*ast.Ident",
        ExprKind::BasicLit { .. } => "*ast.BasicLit",
        ExprKind::CompositeLit { .. } => "*ast.CompositeLit",
        ExprKind::FuncLit { .. } => "*ast.FuncLit",
        ExprKind::Paren { .. } => "*ast.ParenExpr",
        ExprKind::Selector { .. } => "*ast.SelectorExpr",
        ExprKind::Index { index, .. } => match file.expr(index).kind {
            ExprKind::List { .. } => "*ast.IndexListExpr",
            _ => "*ast.IndexExpr",
        },
        ExprKind::Slice { .. } => "*ast.SliceExpr",
        ExprKind::Assert { .. } => "*ast.TypeAssertExpr",
        ExprKind::Unary {
            op: Operator::Mul, ..
        } => "*ast.StarExpr",
        ExprKind::Unary { .. } => "*ast.UnaryExpr",
        ExprKind::Binary { .. } => "*ast.BinaryExpr",
        ExprKind::Call { .. } => "*ast.CallExpr",
        ExprKind::ArrayType { .. } | ExprKind::SliceType { .. } => "*ast.ArrayType",
        ExprKind::DotsType { .. } => "*ast.Ellipsis",
        ExprKind::StructType { .. } => "*ast.StructType",
        ExprKind::InterfaceType { .. } => "*ast.InterfaceType",
        ExprKind::FuncType { .. } => "*ast.FuncType",
        ExprKind::MapType { .. } => "*ast.MapType",
        ExprKind::ChanType { .. } => "*ast.ChanType",
    })
}

struct Report {
    summary: String,
    diff: String,
}

fn compare(
    version: &str,
    reference: &Lines,
    ours: &Lines,
    with_errors: &[&CheckedPackage],
) -> Report {
    let empty = BTreeMap::new();
    // Per category (`E`, `S`): lines in go/types, matched, mismatched,
    // missing, extra.
    let mut counts: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let mut causes: HashMap<String, usize> = HashMap::new();
    let mut diff = String::new();
    for (package, want) in reference {
        let have = ours.get(package).unwrap_or(&empty);
        for (key, want_value) in want {
            let node = key.split('\t').nth(1).unwrap_or("");
            let count = counts.entry(category(node)).or_default();
            count[0] += 1;
            match have.get(key) {
                Some(v) if v == want_value => count[1] += 1,
                Some(v) => {
                    count[2] += 1;
                    let w: Vec<&str> = want_value.split('\t').collect();
                    let h: Vec<&str> = v.split('\t').collect();
                    let fields: &[&str] = match node {
                        "S" => &["kind", "recv", "object", "index", "indirect"],
                        "D" => &["name", "kind", "type"],
                        "U" => &["name", "kind", "package", "declaration"],
                        _ => &[],
                    };
                    let cause = if !fields.is_empty() {
                        let first = (0..fields.len()).find(|&i| w.get(i) != h.get(i));
                        first.map_or("value", |i| fields[i])
                    } else if w.first() != h.first() {
                        "mode"
                    } else if w.get(1) != h.get(1) {
                        "type"
                    } else {
                        "value"
                    };
                    *causes.entry(format!("{node} {cause}")).or_default() += 1;
                    let _ = writeln!(diff, "{package}\t{key}\n\twant {want_value}\n\thave {v}");
                }
                None => {
                    count[3] += 1;
                    *causes.entry(format!("{node} missing")).or_default() += 1;
                    let _ = writeln!(
                        diff,
                        "{package}\t{key}\n\twant {want_value}\n\thave nothing"
                    );
                }
            }
        }
        for (key, v) in have {
            if !want.contains_key(key) {
                let node = key.split('\t').nth(1).unwrap_or("");
                counts.entry(category(node)).or_default()[4] += 1;
                *causes.entry(format!("{node} extra")).or_default() += 1;
                let _ = writeln!(diff, "{package}\t{key}\n\textra {v}");
            }
        }
    }
    for package in with_errors {
        for err in package.errors.iter().take(20) {
            let _ = writeln!(diff, "error {}: {err}", package.import_path);
        }
    }
    let mut causes: Vec<(String, usize)> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut summary = String::new();
    let _ = writeln!(summary, "go version: {version}");
    let _ = writeln!(summary, "packages checked: {}", ours.len());
    let _ = writeln!(summary, "packages with errors: {}", with_errors.len());
    for (category, [total, exact, mismatched, missing, extra]) in counts {
        let agreement = if total == 0 {
            0.0
        } else {
            exact as f64 * 100.0 / total as f64
        };
        let _ = writeln!(summary, "{category} lines in go/types: {total}");
        let _ = writeln!(summary, "{category} matched exactly: {exact}");
        let _ = writeln!(summary, "{category} mismatched: {mismatched}");
        let _ = writeln!(summary, "{category} missing: {missing}");
        let _ = writeln!(summary, "{category} extra: {extra}");
        let _ = writeln!(summary, "{category} agreement: {agreement:.2}%");
    }
    let _ = writeln!(summary, "disagreements by node and cause:");
    for (cause, count) in causes {
        let _ = writeln!(summary, "  {count:>8}  {cause}");
    }
    Report { summary, diff }
}

/// The dump category of a line, by the node field of its key.
fn category(node: &str) -> &'static str {
    match node {
        "S" => "S",
        "D" => "D",
        "U" => "U",
        _ => "E",
    }
}
