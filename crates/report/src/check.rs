//! `goescape check`: the assertions written in the source, checked
//! against the analysis.
//!
//! - `//goescape:noheap` in the doc comment of a function declaration:
//!   nothing in the declaration may be on the heap (a variable moved to
//!   the heap, an allocation that escapes), its parameters and the
//!   closures nested in its body included, since a perf engineer marking
//!   a function means every allocation its code makes.
//! - gcassert's directives, with gcassert's meaning: a comma-separated
//!   list after `//gcassert:` (or `// gcassert:`) applies to the line it
//!   ends, or when alone on its line to the next line holding code.
//!   `noescape` asserts, in gcassert's documented words, that variables
//!   do not escape to the heap: it fails when that line holds a variable
//!   moved to the heap, an allocation that escapes, or a parameter that
//!   leaks to the heap (`leaking param: p`). gcassert's implementation
//!   matches gc's text `leaking param:` and so also fails a parameter
//!   leaking to a result; such a leak puts nothing on the heap, and here
//!   it passes (as a leaking param *content* passes in both). `bce` and
//!   `inline` depend on the SSA prove pass and on inlining, which are not
//!   modelled: each gets a note saying it was not checked, never a pass.
//!
//! Positions of sites are raw source lines (no `//line` directive
//! applied), as the directives are written in the source.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use goescape_escape::{Finding, Kind, ParamLeak};
use goescape_pipeline::{Files, PackageReport};
use goescape_syntax::{CommentKind, DeclKind, File, Pos, StmtKind};
use goescape_types::check::CheckedPackage;

use crate::gc;
use crate::heap_sites::{keyed_sites, site_kind, SiteKey};
use crate::location::{FileNamer, Locator};

/// What one message of `goescape check` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// An assertion that does not hold.
    Violation,
    /// A directive that is malformed or misplaced.
    Error,
    /// A directive that could not be checked.
    Note,
}

/// One message, `file:line:col: text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckMessage {
    pub severity: Severity,
    pub text: String,
}

/// A directive that is checked against the findings.
enum Assertion {
    /// `//goescape:noheap` on the function declared in `range` (byte
    /// offsets of its file), named `name` as written.
    NoHeap { name: String, start: u32, end: u32 },
    /// `//gcassert:noescape` for source line `line`.
    NoEscape { line: u32 },
}

/// The messages of package `package`, whose report is `report` (its
/// files among `files`), the package in `package_dir`, files named by
/// `name`: malformed directives and notes first, in source order, then
/// the violations in the report's order.
pub fn check_package(
    package: &CheckedPackage,
    report: &PackageReport,
    files: Files<'_>,
    package_dir: &Path,
    name: FileNamer<'_>,
) -> Vec<CheckMessage> {
    let mut out = Vec::new();
    // Per file of the package, its assertions.
    let mut assertions: Vec<Vec<Assertion>> = Vec::with_capacity(package.files.len());
    for file in &package.files {
        let at = |pos: Pos| {
            let p = file.syntax.position(pos);
            format!(
                "{}:{}:{}",
                name(Path::new(p.filename), package_dir),
                p.line,
                p.col
            )
        };
        assertions.push(file_assertions(&file.syntax, &mut |severity, pos, text| {
            out.push(CheckMessage {
                severity,
                text: format!("{}: {text}", at(pos)),
            })
        }));
    }
    let locator = Locator::new(report, files, package_dir, name);
    for finding in &report.findings {
        // Only this package's files hold the directives read: sites in
        // generic code another package instantiates are not checked
        // against its directives (a known gap).
        let Some(&file_ref) = report.files.get(finding.pos.file as usize) else {
            continue;
        };
        if file_ref.pkg != package.id {
            continue;
        }
        let (Some(file), Some(in_file)) = (
            package.files.get(file_ref.index as usize),
            assertions.get(file_ref.index as usize),
        ) else {
            continue;
        };
        let offset = finding.pos.offset;
        let line = file.syntax.line_index().line_col(Pos(offset)).0;
        for assertion in in_file {
            let text = match assertion {
                Assertion::NoHeap {
                    name: marked,
                    start,
                    end,
                } if (*start..*end).contains(&offset) => noheap_violation(finding, marked),
                Assertion::NoEscape { line: marked } if *marked == line => {
                    noescape_violation(finding)
                }
                _ => None,
            };
            if let Some(text) = text {
                let at = gc::position(&locator.locate(finding.pos));
                out.push(CheckMessage {
                    severity: Severity::Violation,
                    text: format!("{at}: {text}"),
                });
            }
        }
    }
    out
}

/// The heap sites of one package's report (its files among `files`, the
/// package `import_path` in `package_dir`) that `baseline` does not hold.
pub fn baseline_violations(
    report: &PackageReport,
    files: Files<'_>,
    import_path: &str,
    package_dir: &Path,
    name: FileNamer<'_>,
    baseline: &BTreeSet<SiteKey>,
) -> Vec<CheckMessage> {
    let locator = Locator::new(report, files, package_dir, name);
    keyed_sites(report, files, import_path)
        .into_iter()
        .filter(|site| !baseline.contains(&site.key))
        .map(|site| {
            let at = gc::position(&locator.locate(site.finding.pos));
            CheckMessage {
                severity: Severity::Violation,
                text: format!(
                    "{at}: {} in {}, a heap site the baseline does not hold",
                    gc::message(site.finding),
                    site.key.function
                ),
            }
        })
        .collect()
}

fn noheap_violation(finding: &Finding, marked: &str) -> Option<String> {
    site_kind(finding)?;
    let site = gc::message(finding);
    let func = &finding.func;
    Some(if func == marked {
        format!("{site} in {func}, which is marked //goescape:noheap")
    } else {
        format!("{site} in {func}, inside {marked}, which is marked //goescape:noheap")
    })
}

fn noescape_violation(finding: &Finding) -> Option<String> {
    let fails = site_kind(finding).is_some()
        || matches!(
            &finding.kind,
            Kind::Param {
                leak: ParamLeak::Heap { content: false },
                ..
            }
        );
    fails.then(|| {
        format!(
            "{}, on a line marked //gcassert:noescape",
            gc::message(finding)
        )
    })
}

/// The assertions of `file`; malformed directives and notes go to
/// `report` (severity, position, text).
fn file_assertions(file: &File, report: &mut dyn FnMut(Severity, Pos, String)) -> Vec<Assertion> {
    let mut out = Vec::new();
    let mut funcs_by_line = None;
    for comment in file.comments() {
        if comment.kind != CommentKind::Line {
            continue;
        }
        let pos = comment.span.start;
        let text = file.text(comment.span);
        if let Some(rest) = text.strip_prefix("//goescape:") {
            let directive = rest.trim_end();
            if directive != "noheap" {
                let message = match directive.split_once(char::is_whitespace) {
                    Some(("noheap", _)) => "//goescape:noheap takes no arguments".to_owned(),
                    _ => format!(
                        "unknown directive //goescape:{directive} (goescape knows //goescape:noheap)"
                    ),
                };
                report(Severity::Error, pos, message);
                continue;
            }
            let funcs = funcs_by_line.get_or_insert_with(|| func_decls_by_line(file));
            match documented_line(file, pos).and_then(|line| funcs.get(&line)) {
                Some((name, start, end)) => out.push(Assertion::NoHeap {
                    name: name.clone(),
                    start: *start,
                    end: *end,
                }),
                None => report(
                    Severity::Error,
                    pos,
                    "//goescape:noheap must be in the doc comment of a function declaration"
                        .to_owned(),
                ),
            }
        } else if let Some(rest) = text
            .strip_prefix("//gcassert:")
            .or_else(|| text.strip_prefix("// gcassert:"))
        {
            // gcassert reads the names up to the first character that is
            // neither a word character nor a comma.
            let list = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ','))
                .next()
                .unwrap_or_default();
            for directive in list.split(',') {
                match directive {
                    "noescape" => match target_line(file, pos) {
                        Some(line) => out.push(Assertion::NoEscape { line }),
                        None => report(
                            Severity::Error,
                            pos,
                            "//gcassert:noescape is followed by no code".to_owned(),
                        ),
                    },
                    "inline" => report(
                        Severity::Note,
                        pos,
                        "note: //gcassert:inline not checked: inlining is not modelled".to_owned(),
                    ),
                    "bce" => report(
                        Severity::Note,
                        pos,
                        "note: //gcassert:bce not checked: bounds-check elimination (the SSA prove pass) is not modelled".to_owned(),
                    ),
                    "" => report(
                        Severity::Error,
                        pos,
                        "//gcassert: wants a comma-separated list of inline, bce, noescape"
                            .to_owned(),
                    ),
                    other => report(
                        Severity::Error,
                        pos,
                        format!("unknown directive //gcassert:{other} (gcassert knows inline, bce, noescape)"),
                    ),
                }
            }
        }
    }
    out
}

/// The function declarations of `file` by the line of their `func`
/// keyword: the name as written (`F`, `T.M`, `(*T).M`) and the byte range
/// from `func` to the closing brace.
fn func_decls_by_line(file: &File) -> HashMap<u32, (String, u32, u32)> {
    let mut out = HashMap::new();
    for decl in file.decl_list(file.decls()) {
        let DeclKind::Func(func) = &decl.kind else {
            continue;
        };
        let name_expr = file.expr(func.name);
        let mut name = file.text(name_expr.span).into_owned();
        if let Some(recv) = func.recv {
            let recv_type = file.text(file.expr(file.field(recv).ty).span);
            name = match recv_type.strip_prefix('*') {
                Some(base) => format!("(*{base}).{name}"),
                None => format!("{recv_type}.{name}"),
            };
        }
        let end = match func.body.map(|body| file.stmt(body).kind) {
            Some(StmtKind::Block { rbrace, .. }) => rbrace.0 + 1,
            _ => name_expr.span.end.0,
        };
        let line = file.line_index().line_col(decl.pos).0;
        out.insert(line, (name, decl.pos.0, end));
    }
    out
}

/// The text of source line `line` (1-based), if the file has it.
fn line_text(file: &File, line: u32) -> Option<std::borrow::Cow<'_, str>> {
    let span = file
        .line_index()
        .line_span(line, file.source().len() as u32)?;
    Some(file.text(span))
}

/// Whether only white space precedes `pos` on its line.
fn starts_line(file: &File, pos: Pos) -> bool {
    let (_, col) = file.line_index().line_col(pos);
    let start = pos.0 + 1 - col;
    file.source()[start as usize..pos.0 as usize]
        .iter()
        .all(u8::is_ascii_whitespace)
}

/// The line of the declaration a comment at `pos` documents: the first
/// line after the run of comment lines it belongs to, when the comment
/// starts its line.
fn documented_line(file: &File, pos: Pos) -> Option<u32> {
    if !starts_line(file, pos) {
        return None;
    }
    let mut line = file.line_index().line_col(pos).0 + 1;
    while line_text(file, line)?.trim_start().starts_with("//") {
        line += 1;
    }
    Some(line)
}

/// The line a gcassert directive at `pos` applies to: its own when code
/// precedes it, else the next line holding code.
fn target_line(file: &File, pos: Pos) -> Option<u32> {
    let mut line = file.line_index().line_col(pos).0;
    if !starts_line(file, pos) {
        return Some(line);
    }
    loop {
        line += 1;
        let text = line_text(file, line)?;
        let code = text.trim();
        if !code.is_empty() && !code.starts_with("//") {
            return Some(line);
        }
    }
}
