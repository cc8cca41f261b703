//! What the server shows for a package, computed once per analysis and
//! kept per file: the diagnostics it publishes, and the hovers, inlay
//! hints and code actions requests are answered from. gc's wording, the
//! causes and the suggestions come from `report`; this module only places
//! them in LSP's shapes.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use goescape_escape::{Explanation, Finding, Kind, Outcome, ParamLeak};
use goescape_ir::Pos;
use goescape_pipeline::{Analysis, PackageReport};
use goescape_report::cause::heap_sites;
use goescape_report::gc;
use goescape_report::location::report_file;
use goescape_report::records::file_uri;
use goescape_report::suggest::{suggestions, Evidence, Suggestion};
use goescape_syntax::DeclKind;
use goescape_types::check::CheckedFile;
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, InlayHint,
    InlayHintLabel, Location, NumberOrString, Position, Range, TextEdit, Uri,
};

use crate::config::Config;
use crate::position::{self, Encoding};

/// What the server knows of one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub diagnostics: Vec<Diagnostic>,
    /// Markdown per range (a heap site's or a leaking parameter's).
    pub hovers: Vec<(Range, String)>,
    /// The heap sites of each function, at the end of its first line.
    pub hints: Vec<InlayHint>,
    /// Mechanical fixes: the range they apply to, a title, the edit.
    pub actions: Vec<(Range, String, TextEdit)>,
}

/// How facts are presented.
pub struct Presentation<'a> {
    pub encoding: Encoding,
    pub config: &'a Config,
    /// Where each `code`'s documentation is: this URL with `#code`.
    pub docs: &'a str,
}

/// The facts of every file of package `node` of `analysis` (files
/// without any get empty facts, which clear what an earlier analysis
/// showed).
pub fn package_facts(
    analysis: &Analysis,
    node: usize,
    how: &Presentation<'_>,
) -> BTreeMap<PathBuf, FileFacts> {
    let package = &analysis.checked.packages[node];
    let mut out: BTreeMap<PathBuf, FileFacts> = package
        .files
        .iter()
        .map(|f| (f.path.clone(), FileFacts::default()))
        .collect();
    let report = &analysis.reports[node];
    let files = analysis.files();
    let placer = Placer {
        report,
        files,
        encoding: how.encoding,
    };
    let advice: HashMap<usize, Suggestion> = suggestions(report, files, &analysis.checked.store)
        .into_iter()
        .map(|s| (s.finding, s))
        .collect();
    let sites: HashMap<*const Finding, _> = heap_sites(&report.findings)
        .into_iter()
        .map(|site| (site.finding as *const Finding, site))
        .collect();
    let leaks = leak_explanations(&report.findings);
    let mut heap_per_decl: BTreeMap<(PathBuf, u32), Vec<String>> = BTreeMap::new();
    for (index, finding) in report.findings.iter().enumerate() {
        let Some(code) = code(finding) else {
            continue;
        };
        if !how.config.shows(code.kind()) {
            continue;
        }
        let Some(file) = report_file(report, files, finding.pos.file) else {
            continue;
        };
        // Instantiated generic code of other packages is shown there.
        if report.files[finding.pos.file as usize].pkg != package.id {
            continue;
        }
        let Some(range) = placer.range(finding) else {
            continue;
        };
        let facts = out.entry(file.path.clone()).or_default();
        let site = sites.get(&(finding as *const Finding));
        let explanation = match site {
            Some(site) => site.explanation,
            None => leaks.get(&finding.pos).and_then(|at| {
                at.iter()
                    .find(
                        |e| matches!(&finding.kind, Kind::Param { name, .. } if *name == e.subject),
                    )
                    .copied()
            }),
        };
        let message = gc::message(finding);
        let related = explanation
            .map(|e| placer.related(e))
            .filter(|r| !r.is_empty());
        facts.diagnostics.push(Diagnostic {
            range,
            severity: Some(if code == Code::DoesNotEscape {
                DiagnosticSeverity::HINT
            } else {
                DiagnosticSeverity::INFORMATION
            }),
            code: Some(NumberOrString::String(code.name().to_owned())),
            code_description: format!("{}#{}", how.docs, code.name())
                .parse::<Uri>()
                .ok()
                .map(|href| CodeDescription { href }),
            source: Some("goescape".to_owned()),
            message: message.clone(),
            related_information: related,
            tags: None,
            data: None,
        });
        let mut hover = format!("**{message}**");
        if let Some(site) = site {
            hover.push_str(&format!("\n\n{}", site.cause().sentence()));
            let decl = enclosing_decl(file, finding.pos.offset);
            heap_per_decl
                .entry((file.path.clone(), decl))
                .or_default()
                .push(site.subject.to_owned());
        }
        if let Some(explanation) = explanation {
            hover.push_str("\n\nPath:");
            for flow in &explanation.flows {
                hover.push_str(&format!("\n- `{}`", gc::flow_text(flow)));
                for step in &flow.steps {
                    let at = placer.line_of(step.at).map(|l| format!(" (line {l})"));
                    hover.push_str(&format!(
                        "\n  - `{}`{}",
                        gc::step_text(step),
                        at.unwrap_or_default()
                    ));
                }
            }
        }
        if let Some(suggestion) = advice.get(&index) {
            hover.push_str(&format!("\n\nSuggestion: {}", suggestion.text()));
            if let Some(action) = fix(suggestion, file, &placer) {
                facts.actions.push((range, action.0, action.1));
            }
        }
        facts.hovers.push((range, hover));
    }
    for ((path, decl), subjects) in heap_per_decl {
        let Some(file) = package.files.iter().find(|f| f.path == path) else {
            continue;
        };
        let line_end = line_end(file.syntax.source(), decl);
        let n = subjects.len();
        let label = format!(
            "{n} heap site{}: {}",
            if n == 1 { "" } else { "s" },
            subjects.join(", ")
        );
        let position = placer.position(file, line_end);
        if let Some(facts) = out.get_mut(&path) {
            facts.hints.push(InlayHint {
                position,
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    out
}

/// The kinds of finding shown, each a diagnostic `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    MovedToHeap,
    EscapesToHeap,
    LeakingParam,
    DoesNotEscape,
}

impl Code {
    pub fn name(self) -> &'static str {
        match self {
            Code::MovedToHeap => "moved-to-heap",
            Code::EscapesToHeap => "escapes-to-heap",
            Code::LeakingParam => "leaking-param",
            Code::DoesNotEscape => "does-not-escape",
        }
    }

    /// The [`Config::kinds`] entry that shows it.
    fn kind(self) -> &'static str {
        match self {
            Code::MovedToHeap | Code::EscapesToHeap => "heap",
            Code::LeakingParam => "leak",
            Code::DoesNotEscape => "noescape",
        }
    }
}

/// The code of a finding the server shows; `None` for the others
/// (explanations are shown with their site, not on their own).
pub fn code(finding: &Finding) -> Option<Code> {
    match &finding.kind {
        Kind::MovedToHeap { .. } => Some(Code::MovedToHeap),
        Kind::Alloc { escapes: true, .. } => Some(Code::EscapesToHeap),
        Kind::Alloc { escapes: false, .. } => Some(Code::DoesNotEscape),
        Kind::Param { leak, .. } => match leak {
            ParamLeak::Heap { .. } | ParamLeak::Result { .. } => Some(Code::LeakingParam),
            ParamLeak::None => Some(Code::DoesNotEscape),
            _ => None,
        },
        _ => None,
    }
}

/// The explanations of parameters' leaks, by position.
fn leak_explanations(findings: &[Finding]) -> HashMap<Pos, Vec<&Explanation>> {
    let mut out: HashMap<Pos, Vec<&Explanation>> = HashMap::new();
    for finding in findings {
        if let Kind::Explanation(e) = &finding.kind {
            if matches!(e.outcome, Outcome::Leaks { .. }) {
                out.entry(finding.pos).or_default().push(e);
            }
        }
    }
    out
}

/// Places a report's positions in client coordinates.
struct Placer<'a> {
    report: &'a PackageReport,
    files: goescape_pipeline::Files<'a>,
    encoding: Encoding,
}

impl Placer<'_> {
    /// Where the client shows `offset` of `file` (physical lines: editors
    /// ignore `//line` directives).
    fn position(&self, file: &CheckedFile, offset: u32) -> Position {
        let p = file.syntax.raw_position(goescape_syntax::Pos(offset));
        position::at(file.syntax.source(), offset, p.line, p.col, self.encoding)
    }

    /// A finding's range: from gc's position to the end of its subject's
    /// text when that text is there (one point otherwise).
    fn range(&self, finding: &Finding) -> Option<Range> {
        let file = report_file(self.report, self.files, finding.pos.file)?;
        let start = self.position(file, finding.pos.offset);
        let end = match finding.span {
            Some(span) if span.start <= finding.pos.offset && finding.pos.offset < span.end => {
                self.position(file, span.end)
            }
            _ => start,
        };
        Some(Range { start, end })
    }

    fn location(&self, pos: Pos) -> Option<Location> {
        let file = report_file(self.report, self.files, pos.file)?;
        let at = self.position(file, pos.offset);
        Some(Location {
            uri: file_uri(&file.path.to_string_lossy()).parse().ok()?,
            range: Range { start: at, end: at },
        })
    }

    fn line_of(&self, pos: Pos) -> Option<u32> {
        let file = report_file(self.report, self.files, pos.file)?;
        Some(
            file.syntax
                .raw_position(goescape_syntax::Pos(pos.offset))
                .line,
        )
    }

    /// An explanation's flows and steps as related information, as gc's
    /// `-json` records carry them.
    fn related(&self, explanation: &Explanation) -> Vec<DiagnosticRelatedInformation> {
        let mut out = Vec::new();
        for flow in &explanation.flows {
            let at = flow.steps.first().map_or(flow.src_pos, |s| s.at);
            if let Some(location) = self.location(at) {
                out.push(DiagnosticRelatedInformation {
                    location,
                    message: gc::flow_text(flow),
                });
            }
            for step in &flow.steps {
                if let Some(location) = self.location(step.at) {
                    out.push(DiagnosticRelatedInformation {
                        location,
                        message: gc::step_text(step),
                    });
                }
            }
        }
        out
    }
}

/// The offset of the function declaration enclosing `offset` (the last
/// declaration starting before it), or of the file's start.
fn enclosing_decl(file: &CheckedFile, offset: u32) -> u32 {
    let syntax = &file.syntax;
    syntax
        .decl_list(syntax.decls())
        .iter()
        .filter(|d| matches!(d.kind, DeclKind::Func(_)) && d.pos.0 <= offset)
        .map(|d| d.pos.0)
        .next_back()
        .unwrap_or(0)
}

/// The offset of the end of the line `offset` is on.
fn line_end(src: &[u8], offset: u32) -> u32 {
    let rest = src.get(offset as usize..).unwrap_or_default();
    offset + rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len()) as u32
}

/// The edit a suggestion makes, when it is mechanical: pre-sizing a slice
/// appended to in a loop (`s = make(T, 0, n)` before the loop).
fn fix(
    suggestion: &Suggestion,
    file: &CheckedFile,
    placer: &Placer<'_>,
) -> Option<(String, TextEdit)> {
    let Evidence::AppendInLoop {
        slice,
        ty,
        count,
        at,
    } = &suggestion.evidence
    else {
        return None;
    };
    // The loop must be in the file of the finding the edit is offered on.
    if placer.report.findings.get(suggestion.finding)?.pos.file != at.file {
        return None;
    }
    let src = file.syntax.source();
    let loop_line = file.syntax.raw_position(goescape_syntax::Pos(at.offset));
    let line_start = at.offset - (loop_line.col - 1);
    let indent: String = src[line_start as usize..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .map(|&b| char::from(b))
        .collect();
    let start = placer.position(file, line_start);
    Some((
        format!("Pre-size {slice} with make({ty}, 0, {count})"),
        TextEdit {
            range: Range { start, end: start },
            new_text: format!("{indent}{slice} = make({ty}, 0, {count})\n"),
        },
    ))
}
