//! What the lowering makes of a Go source string, checked against
//! expectations written in the source, one keyword per kind of fact:
//!
//! ```text
//! func f(x int) any {
//!     var v any = x // IFACE "^implicit interface {}\(x\)$"
//!     return v      // STMT "^return v$"
//! }
//! ```
//!
//! - `// STMT "regexp"…`: the statements lowered from this line (at any
//!   depth, in any function of the package, generic instances included),
//!   printed as gc prints nodes (`print::stmt_string`; declarations, which
//!   print nothing, are left out).
//! - `// IFACE "regexp"…`: the conversions to interface of this line,
//!   `implicit T(x)` or `explicit T(x)` with `T` and `x` printed as gc
//!   prints them.
//! - `// DEVIRT "regexp"…`: the calls of this line that
//!   `Package::devirtualized` lists: `F: recv.method to T` (`partially`
//!   before `to` when the call stays dynamic through an embedded
//!   interface), `F: imprecise interface call`.
//! - `// SPAN "regexp"…`: the expressions of this line that carry a span,
//!   `source text => printed form`.
//!
//! Every quoted string after a keyword is one of its patterns, up to the
//! next `// ` on the line, so one line can carry several kinds:
//! `// STMT "…" // IFACE "…"`.
//!
//! Matching follows Go's harness (`goescape-errorcheck`): every regexp
//! must match a fact of its kind on its line, and consumes every one it
//! matches. Conversions and devirtualizations are few, so the whole file
//! is held to them: one without an annotation fails the test. Statements
//! and spans are many, so only lines that carry a `STMT` (`SPAN`)
//! annotation are held to all of theirs.

use std::path::{Path, PathBuf};

use goescape_errorcheck::{wanted_annotations, TestFile};
use goescape_ir::print::{expr_string, stmt_string, type_string};
use goescape_ir::visit::{func_exprs, stmt_parts, Part};
use goescape_ir::{Devirtualization, ExprKind, FuncId, Package, Pos, StmtId};
use goescape_pipeline::{Pipeline, Settings};
use goescape_types::check::CheckedPackage;
use goescape_types::model::Store;

/// The name of the one file of the package, as positions name it.
const FILE: &str = "x.go";

/// A source, checked and lowered.
struct Lowered {
    source: String,
    store: Store,
    checked: CheckedPackage,
    pkg: Package,
}

/// A fact and the line it is on.
type Fact = (u32, String);

impl Lowered {
    /// The line of `pos`; `None` for generated code.
    fn line(&self, pos: Pos) -> Option<u32> {
        let file = self.pkg.files.get(pos.file as usize)?;
        let file = self.checked.files.get(file.index as usize)?;
        Some(file.syntax.position(goescape_syntax::Pos(pos.offset)).line)
    }

    /// Every statement of every function, with its printed form.
    fn statements(&self) -> Vec<Fact> {
        let mut out = Vec::new();
        for f in 0..self.pkg.funcs.len() {
            let mut todo: Vec<StmtId> = self.pkg.func(FuncId(f as u32)).body.clone();
            while let Some(s) = todo.pop() {
                let text = stmt_string(&self.pkg, &self.store, s);
                if let (Some(line), false) = (self.line(self.pkg.stmt(s).pos), text.is_empty()) {
                    out.push((line, text));
                }
                stmt_parts(&self.pkg.stmt(s).kind, &mut |part| {
                    if let Part::Stmt(inner) = part {
                        todo.push(inner);
                    }
                });
            }
        }
        out
    }

    /// Every conversion to interface.
    fn conversions(&self) -> Vec<Fact> {
        self.exprs()
            .into_iter()
            .filter_map(|(line, e)| {
                let expr = &self.pkg.exprs[e];
                let ExprKind::ConvIface { x, implicit } = expr.kind else {
                    return None;
                };
                let how = if implicit { "implicit" } else { "explicit" };
                let ty = type_string(&self.pkg, &self.store, expr.ty);
                let x = expr_string(&self.pkg, &self.store, x);
                Some((line, format!("{how} {ty}({x})")))
            })
            .collect()
    }

    /// Every devirtualized call.
    fn devirtualizations(&self) -> Vec<Fact> {
        self.pkg
            .devirtualized
            .iter()
            .filter_map(|d| {
                let func = self.pkg.func(d.func).qualified_name();
                let what = match &d.what {
                    Devirtualization::Direct {
                        recv,
                        method,
                        to,
                        partial,
                    } => {
                        let partially = if *partial { "partially " } else { "" };
                        format!("{recv}.{method} {partially}to {to}")
                    }
                    Devirtualization::ImpreciseInterfaceCall => {
                        "imprecise interface call".to_owned()
                    }
                };
                Some((self.line(d.pos)?, format!("{func}: {what}")))
            })
            .collect()
    }

    /// Every expression with a span: its source text and printed form.
    fn spans(&self) -> Vec<Fact> {
        self.exprs()
            .into_iter()
            .filter_map(|(line, e)| {
                let span = self.pkg.exprs[e].span?;
                let text = &self.source[span.start as usize..span.end as usize];
                let printed = expr_string(&self.pkg, &self.store, goescape_ir::ExprId(e as u32));
                Some((line, format!("{text} => {printed}")))
            })
            .collect()
    }

    /// Every expression of every function's body (index, line).
    fn exprs(&self) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        for f in 0..self.pkg.funcs.len() {
            func_exprs(&self.pkg, FuncId(f as u32), |e| {
                if let Some(line) = self.line(self.pkg.expr(e).pos) {
                    out.push((line, e.index()));
                }
            });
        }
        out
    }
}

/// Checks and lowers `source` as a package `p` of one file; panics if it
/// does not type-check.
fn lower(source: &str) -> Lowered {
    let settings = Settings::from_env(None).expect("settings from the environment");
    let pipeline = Pipeline::new(settings).expect("pipeline");
    let files = vec![(PathBuf::from(FILE), source.as_bytes().to_vec())];
    match pipeline.lower_sources("p", files) {
        Ok(lowered) => Lowered {
            source: source.to_owned(),
            store: lowered.store,
            checked: lowered.checked,
            pkg: lowered.package,
        },
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("the source does not type-check:\n{}", errors.join("\n"));
        }
    }
}

/// Lowers `source` and checks it against its `STMT`, `IFACE`, `DEVIRT`
/// and `SPAN` annotations.
pub fn check(source: &str) {
    let lowered = lower(source);
    let kinds = [
        ("STMT", lowered.statements(), false),
        ("IFACE", lowered.conversions(), true),
        ("DEVIRT", lowered.devirtualizations(), true),
        ("SPAN", lowered.spans(), false),
    ];
    let mut failures = Vec::new();
    for (keyword, facts, whole_file) in kinds {
        let wanted = wanted_annotations(&annotations_of(source, keyword), FILE, keyword)
            .unwrap_or_else(|err| panic!("{err}"));
        let held: Vec<String> = facts
            .iter()
            .filter(|(line, _)| whole_file || wanted.iter().any(|w| w.line == *line))
            .map(|(line, text)| format!("{FILE}:{line}: {text}"))
            .collect();
        let expected = TestFile::annotated(Path::new(FILE), FILE, wanted);
        let outcome = goescape_errorcheck::check(&expected, &held);
        if !outcome.passed() {
            let misses: Vec<String> = outcome.misses.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{keyword}: unmatched:\n  {}\nunexpected:\n  {}\nall {keyword} facts held:\n  {}",
                misses.join("\n  "),
                outcome.leftovers.join("\n  "),
                held.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `source` with what follows each `// keyword` annotation's patterns
/// (the next `// `) cut off, since an annotation's patterns are all the
/// quoted strings after its keyword.
fn annotations_of(source: &str, keyword: &str) -> String {
    let marker = format!("// {keyword} ");
    let lines: Vec<&str> = source
        .split('\n')
        .map(|line| match line.find(&marker) {
            Some(start) => {
                let patterns = start + marker.len();
                let end = line[patterns..]
                    .find("// ")
                    .map_or(line.len(), |next| patterns + next);
                &line[..end]
            }
            None => line,
        })
        .collect();
    lines.join("\n")
}
