//! `goescape explain`: a report for people. Every heap site of a package
//! (variables moved to the heap, allocations that escape) with its
//! [`Cause`] in plain words and its path drawn on the source lines as
//! rustc draws diagnostics, grouped by function; a [`Tally`] of causes
//! for the summary at the end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use goescape_escape::{AllocSite, Finding, Kind, Reason, Step};
use goescape_pipeline::{Files, PackageReport};

use crate::cause::{heap_sites, Cause, HeapSite, CAUSE_IDS};
use crate::location::{FileNamer, Location, Locator};

/// Which sites to show and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Cause ids ([`CAUSE_IDS`]) to keep; empty keeps all.
    pub causes: Vec<String>,
    /// Import paths to keep (`path/...` keeps a tree); empty keeps all.
    pub packages: Vec<String>,
    /// File names (as printed, or base names) to keep; empty keeps all.
    pub files: Vec<String>,
    /// Functions (as gc names them: `F`, `(*T).M`) to keep, with their
    /// closures; empty keeps all.
    pub funcs: Vec<String>,
    /// Also list the allocations that stay on the stack.
    pub stack: bool,
    /// ANSI colours.
    pub color: bool,
}

/// Heap sites counted by cause, and the allocations that stay on the
/// stack, over the packages shown so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub by_cause: BTreeMap<&'static str, usize>,
    pub on_stack: usize,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        for (id, n) in &other.by_cause {
            *self.by_cause.entry(id).or_default() += n;
        }
        self.on_stack += other.on_stack;
    }

    /// The summary printed after every package: heap sites by cause.
    pub fn summary(&self) -> String {
        let total: usize = self.by_cause.values().sum();
        let mut out = format!("# summary\n{total} heap site{}\n", plural(total));
        for id in CAUSE_IDS {
            if let Some(n) = self.by_cause.get(id) {
                let what = Cause::summary(id).unwrap_or_default();
                out.push_str(&format!("{n:>6}  {id:<26}{what}\n"));
            }
        }
        if self.on_stack > 0 {
            let n = self.on_stack;
            out.push_str(&format!(
                "{n} allocation{} stay{} on the stack\n",
                plural(n),
                if n == 1 { "s" } else { "" }
            ));
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One package's explanation: its text (empty when nothing is shown) and
/// what it counted.
pub struct PackageExplanation {
    pub text: String,
    pub tally: Tally,
}

/// Explains the heap sites of one package's report (analysed at
/// `-m=2`), its files among `files`, the package `import_path` in
/// `package_dir`, files named by `name`. `help` gives an optional fix
/// for a site, printed as rustc's `= help:`.
pub fn package(
    import_path: &str,
    report: &PackageReport,
    files: Files<'_>,
    package_dir: &Path,
    name: FileNamer<'_>,
    options: &Options,
    help: &dyn Fn(&HeapSite<'_>) -> Option<String>,
) -> PackageExplanation {
    let mut tally = Tally::default();
    let locator = Locator::new(report, files, package_dir, name);
    let Selection { heap, stack } = select(import_path, report, &locator, options);
    if heap.is_empty() && stack.is_empty() {
        return PackageExplanation {
            text: String::new(),
            tally,
        };
    }
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Each function's sites, in their order.
    let mut heap_of: HashMap<&str, Vec<&(HeapSite<'_>, Cause)>> = HashMap::new();
    for entry in &heap {
        heap_of
            .entry(&entry.0.finding.func)
            .or_default()
            .push(entry);
    }
    let mut stack_of: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for &finding in &stack {
        stack_of.entry(&finding.func).or_default().push(finding);
    }
    let mut text = format!("# {import_path}\n");
    for func in functions(&heap, &stack) {
        text.push_str(&format!("\n## {}\n", display_func(func)));
        for (site, cause) in heap_of.get(func).into_iter().flatten().copied() {
            *tally.by_cause.entry(cause.id()).or_default() += 1;
            let help = help(site);
            text.push('\n');
            text.push_str(&site_text(
                site,
                cause,
                &locator,
                &renderer,
                help.as_deref(),
            ));
            text.push('\n');
        }
        for finding in stack_of.get(func).into_iter().flatten() {
            tally.on_stack += 1;
            text.push_str(&format!(
                "stays on the stack: `{}` at {}\n",
                gc_subject(finding),
                location(&locator, finding)
            ));
        }
    }
    text.push('\n');
    PackageExplanation { text, tally }
}

/// The sites of one package that [`package`] shows, in source order, each
/// once (gc repeats a verdict when it analyses code twice).
pub struct Selection<'a> {
    /// Heap sites with their causes.
    pub heap: Vec<(HeapSite<'a>, Cause)>,
    /// Allocations that stay on the stack (with [`Options::stack`]).
    pub stack: Vec<&'a Finding>,
}

/// The sites of `report` (package `import_path`) that `options` keep.
pub fn select<'a>(
    import_path: &str,
    report: &'a PackageReport,
    locator: &Locator<'_>,
    options: &Options,
) -> Selection<'a> {
    let mut selection = Selection {
        heap: Vec::new(),
        stack: Vec::new(),
    };
    if !matches_package(&options.packages, import_path) {
        return selection;
    }
    let shown = |finding: &Finding| {
        matches_func(&options.funcs, &finding.func)
            && matches_file(&options.files, locator, finding)
    };
    let keeps_cause =
        |cause: &Cause| options.causes.is_empty() || options.causes.iter().any(|c| c == cause.id());
    selection.heap = heap_sites(&report.findings)
        .into_iter()
        .filter(|site| shown(site.finding))
        .map(|site| (site, site.cause()))
        .filter(|(_, cause)| keeps_cause(cause))
        .collect();
    selection
        .heap
        .sort_by_key(|(site, _)| (site.finding.pos, site.subject, site.variable));
    selection
        .heap
        .dedup_by_key(|(site, _)| (site.finding.pos, site.subject, site.variable));
    if options.stack && options.causes.is_empty() {
        selection.stack = report
            .findings
            .iter()
            .filter(|f| matches!(f.kind, Kind::Alloc { escapes: false, .. }) && shown(f))
            .collect();
        selection.stack.sort_by_key(|f| f.pos);
        selection.stack.dedup_by_key(|f| (f.pos, gc_subject(f)));
    }
    selection
}

/// Functions in the order of their first site.
fn functions<'a>(sites: &[(HeapSite<'a>, Cause)], stack: &[&'a Finding]) -> Vec<&'a str> {
    let mut firsts: Vec<(goescape_ir::Pos, &str)> = sites
        .iter()
        .map(|(site, _)| site.finding)
        .chain(stack.iter().copied())
        .map(|f| (f.pos, f.func.as_str()))
        .collect();
    firsts.sort();
    let mut seen = HashSet::new();
    firsts
        .into_iter()
        .map(|(_, func)| func)
        .filter(|func| seen.insert(*func))
        .collect()
}

fn display_func(func: &str) -> &str {
    if func.is_empty() {
        "package initialisation"
    } else {
        func
    }
}

/// The subject of an allocation as gc prints it.
fn gc_subject(finding: &Finding) -> &str {
    match &finding.kind {
        Kind::Alloc { subject, .. } => subject,
        _ => "",
    }
}

fn location(locator: &Locator<'_>, finding: &Finding) -> String {
    match locator.locate(finding.pos) {
        Location::At { file, line, column } => match column {
            Some(column) => format!("{file}:{line}:{column}"),
            None => format!("{file}:{line}"),
        },
        Location::Autogenerated => "<autogenerated>".to_owned(),
        Location::None | Location::Unknown => "an unknown position".to_owned(),
    }
}

fn matches_package(packages: &[String], import_path: &str) -> bool {
    packages.is_empty()
        || packages.iter().any(|p| match p.strip_suffix("/...") {
            Some(tree) => {
                import_path == tree
                    || import_path
                        .strip_prefix(tree)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
            None => p == import_path,
        })
}

fn matches_func(funcs: &[String], func: &str) -> bool {
    funcs.is_empty()
        || funcs.iter().any(|f| {
            func == f
                || func
                    .strip_prefix(f.as_str())
                    .is_some_and(|rest| rest.starts_with(".func"))
        })
}

fn matches_file(files: &[String], locator: &Locator<'_>, finding: &Finding) -> bool {
    if files.is_empty() {
        return true;
    }
    let Some((_, name)) = locator.source(finding.pos) else {
        return false;
    };
    let base = Path::new(&name).file_name().and_then(|b| b.to_str());
    files.iter().any(|f| *f == name || Some(f.as_str()) == base)
}

/// One site as a rustc-style diagnostic: the cause id, the site, the
/// steps of its path in the same file as labels, the cause as a note.
fn site_text(
    site: &HeapSite<'_>,
    cause: &Cause,
    locator: &Locator<'_>,
    renderer: &Renderer,
    help: Option<&str>,
) -> String {
    let finding = site.finding;
    let subject = site.subject;
    let (title, primary) = match (site.variable, site.alloc_site) {
        (true, _) => (
            format!("`{subject}` is moved to the heap"),
            "moved to the heap",
        ),
        (false, AllocSite::InterfaceConversion) => (
            format!("`{subject}`, converted to an interface, escapes to the heap"),
            "boxed on the heap",
        ),
        (false, AllocSite::Closure | AllocSite::GoDeferWrapper) => (
            "a func literal (a closure) escapes to the heap".to_owned(),
            "allocated on the heap",
        ),
        (false, AllocSite::MethodValue) => (
            format!("the method value `{subject}` escapes to the heap"),
            "allocated on the heap",
        ),
        (false, AllocSite::Other) => (
            format!("`{subject}` escapes to the heap"),
            "allocated on the heap",
        ),
    };
    let level = Level::WARNING.with_name("heap");
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    let source = locator.source(finding.pos).and_then(|(file, name)| {
        let text = std::str::from_utf8(file.source()).ok()?;
        Some((text, name))
    });
    let note = Level::NOTE.message(cause.sentence());
    let help = help.map(|h| Level::HELP.message(h.to_owned()));
    let group = level.primary_title(title).id(cause.id());
    match source {
        Some((text, name)) => {
            let at = finding.pos.offset as usize;
            let span = match finding.span {
                Some(span) if (span.end as usize) <= text.len() && span.start < span.end => {
                    span.start as usize..span.end as usize
                }
                // An implicit conversion has no source of its own; its
                // operand is printed as written.
                _ => text_around(text, at, subject).unwrap_or_else(|| token(text, at)),
            };
            let mut snippet = Snippet::source(text)
                .path(name)
                .annotation(AnnotationKind::Primary.span(span.clone()).label(primary));
            let mut labelled = vec![span];
            for step in site
                .explanation
                .iter()
                .flat_map(|e| e.steps())
                .filter(|step| step.at.file == finding.pos.file)
            {
                let Some(label) = step_label(step.why) else {
                    continue;
                };
                let range = step_span(text, step);
                if labelled.iter().any(|r| r.start == range.start) {
                    continue;
                }
                labelled.push(range.clone());
                snippet = snippet.annotation(AnnotationKind::Context.span(range).label(label));
            }
            elements.push(snippet.into());
        }
        None => {
            let at = location(locator, finding);
            elements.push(Level::NOTE.message(format!("at {at}")).into());
        }
    }
    elements.push(note.into());
    if let Some(help) = help {
        elements.push(help.into());
    }
    let report: [Group<'_>; 1] = [group.elements(elements)];
    renderer.render(&report)
}

/// What a step does to the value, in plain words; `None` for the steps
/// that only carry it along (a dereference, a field, a spill).
fn step_label(why: Reason) -> Option<&'static str> {
    Some(match why {
        Reason::AddressOf => "its address is taken here",
        Reason::Assign
        | Reason::AssignPair
        | Reason::AssignPairDotType
        | Reason::AssignPairMapRead
        | Reason::AssignPairReceive => "assigned here",
        Reason::Return => "returned here",
        Reason::CallParameter => "passed here",
        Reason::UnknownCalleeParameter => "passed to an unknown function here",
        Reason::CapturedByClosure => "captured by a closure here",
        Reason::InterfaceConverted => "converted to an interface here",
        Reason::Send => "sent here",
        Reason::MapKeyPut | Reason::MapLiteralKey => "used as a map key here",
        Reason::MapLiteralValue => "stored in a map here",
        Reason::SliceLiteralElement | Reason::ArrayLiteralElement => "put in a slice here",
        Reason::StructLiteralElement => "put in a struct here",
        Reason::AppendedSlice | Reason::AppendeeSlice => "appended here",
        _ => return None,
    })
}

/// The source range of a step: gc's text of it where the source has it
/// around the step's position, else the token there.
fn step_span(text: &str, step: &Step) -> std::ops::Range<usize> {
    let at = step.at.offset as usize;
    text_around(text, at, &step.what).unwrap_or_else(|| token(text, at))
}

/// Where `what` is written on the line of byte `at`, covering `at`.
fn text_around(text: &str, at: usize, what: &str) -> Option<std::ops::Range<usize>> {
    let before = text.get(..at)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    line.match_indices(what).find_map(|(i, m)| {
        let range = line_start + i..line_start + i + m.len();
        (range.start <= at && at < range.end).then_some(range)
    })
}

/// The token at byte `at`: a run of identifier characters, a two-byte
/// operator, or one character.
fn token(text: &str, at: usize) -> std::ops::Range<usize> {
    let Some(rest) = text.get(at..) else {
        return text.len()..text.len();
    };
    let ident = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    let len = if ident > 0 {
        ident
    } else if rest.starts_with(":=") || rest.starts_with("<-") {
        2
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    at..at + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_names_operators_or_one_character() {
        let text = "\tout := make([]int, 0)\n\treturn out";
        assert_eq!(&text[token(text, 1)], "out");
        assert_eq!(&text[token(text, 5)], ":=");
        assert_eq!(&text[token(text, 12)], "(");
        assert_eq!(token(text, text.len() + 3), text.len()..text.len());
    }

    #[test]
    fn text_is_found_around_a_position_on_its_line() {
        let text = "\tpool.Put(b[:0])\n\tb[:0]";
        assert_eq!(text_around(text, 11, "b[:0]"), Some(10..15));
        assert_eq!(text_around(text, 11, "Square{...}"), None);
        assert_eq!(text_around(text, 1, "b[:0]"), None);
        assert_eq!(text_around(text, 99, "b"), None);
    }

    #[test]
    fn package_trees_and_closures_match_their_filters() {
        let trees = ["example.com/a/...".to_owned()];
        assert!(matches_package(&trees, "example.com/a"));
        assert!(matches_package(&trees, "example.com/a/b"));
        assert!(!matches_package(&trees, "example.com/ab"));
        let funcs = ["Counter".to_owned()];
        assert!(matches_func(&funcs, "Counter"));
        assert!(matches_func(&funcs, "Counter.func1"));
        assert!(!matches_func(&funcs, "CounterOf"));
    }

    #[test]
    fn the_summary_lists_causes_in_their_order() {
        let mut tally = Tally::default();
        tally.by_cause.insert("too-large", 1);
        tally.by_cause.insert("returned", 2);
        let mut more = Tally::default();
        more.by_cause.insert("returned", 1);
        more.on_stack = 1;
        tally.add(&more);
        assert_eq!(
            tally.summary(),
            "# summary\n4 heap sites\n     3  returned                  returned to the caller\n     \
             1  too-large                 too large for the stack\n1 allocation stays on the stack\n"
        );
    }
}
