//! Heap sites keyed so that they survive edits elsewhere: the variables
//! moved to the heap and the allocations that escape, each named by its
//! package, function, kind and source text, plus an occurrence index
//! among sites with the same key (in source order). A key holds no line
//! or column, so inserting lines above a function leaves it unchanged.
//! Baselines (`goescape baseline save`, `goescape check --baseline`) and
//! revision diffs (`goescape diff`) both compare these keys.
//!
//! A baseline file is JSON Lines: a header line, then one site per line,
//! sorted, so that two baselines diff line by line:
//!
//! ```text
//! {"goescape_baseline":1}
//! {"package":"example.com/m","function":"F","kind":"escapes","expr":"&T{}","occurrence":0}
//! {"package":"example.com/m","function":"G","kind":"moved_to_heap","expr":"x","occurrence":0}
//! ```

use std::collections::BTreeSet;
use std::fmt;

use goescape_escape::Finding;
use goescape_pipeline::{Files, PackageReport};
use serde::{Deserialize, Serialize};

use crate::location::report_file;

/// The version of the baseline format this build reads and writes; raised
/// when a field changes meaning or disappears.
pub const BASELINE_VERSION: u32 = 1;

/// What identifies a heap site across edits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteKey {
    /// The import path of the package reporting it.
    pub package: String,
    /// The function as gc names it (`F`, `(*T).M`, `F.func1`).
    pub function: String,
    pub kind: SiteKind,
    /// The subject's source text, white space runs collapsed to one space
    /// (gc's rendering of it where it has no single source expression).
    pub expr: String,
    /// Which of the sites with the same other fields, counted from 0 in
    /// source order.
    pub occurrence: u32,
}

/// How a site is on the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// A variable moved to the heap (`moved to heap: x`).
    MovedToHeap,
    /// An allocation, conversion or closure that escapes
    /// (`&T{} escapes to heap`).
    Escapes,
}

/// A heap site of a report: its key and the finding it comes from.
#[derive(Clone, Debug)]
pub struct KeyedSite<'a> {
    pub key: SiteKey,
    pub finding: &'a Finding,
}

impl fmt::Display for SiteKey {
    /// `F: &T{} escapes to heap`, with `#N` for a later occurrence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.function, describe(self.kind, &self.expr))?;
        if self.occurrence > 0 {
            write!(f, " #{}", self.occurrence + 1)?;
        }
        Ok(())
    }
}

/// A site in words: `moved to heap: x`, `&T{} escapes to heap`.
pub fn describe(kind: SiteKind, expr: &str) -> String {
    match kind {
        SiteKind::MovedToHeap => format!("moved to heap: {expr}"),
        SiteKind::Escapes => format!("{expr} escapes to heap"),
    }
}

/// Whether `kind` puts something on the heap: how, and the subject as
/// gc prints it.
pub fn site_kind(finding: &Finding) -> Option<(SiteKind, &str)> {
    let site = crate::cause::heap_site(finding)?;
    let kind = if site.variable {
        SiteKind::MovedToHeap
    } else {
        SiteKind::Escapes
    };
    Some((kind, site.subject))
}

/// The heap sites of one package's report, in the report's order.
pub fn keyed_sites<'a>(
    report: &'a PackageReport,
    files: Files<'a>,
    import_path: &str,
) -> Vec<KeyedSite<'a>> {
    let mut sites: Vec<(SiteKey, (String, u32), &Finding)> = Vec::new();
    for finding in &report.findings {
        let Some((kind, subject)) = site_kind(finding) else {
            continue;
        };
        let file = report_file(report, files, finding.pos.file);
        let source_text = file.zip(finding.span).map(|(f, span)| {
            let span = goescape_syntax::Span::new(span.start, span.end);
            collapse_space(&f.syntax.text(span))
        });
        let expr = source_text.unwrap_or_else(|| subject.to_owned());
        let key = SiteKey {
            package: import_path.to_owned(),
            function: finding.func.clone(),
            kind,
            expr,
            occurrence: 0,
        };
        // The file's path only orders sites of one package: it changes
        // with the checkout, the order of names within a directory does
        // not.
        let place = (
            file.map(|f| f.path.display().to_string())
                .unwrap_or_default(),
            finding.pos.offset,
        );
        sites.push((key, place, finding));
    }
    let mut order: Vec<usize> = (0..sites.len()).collect();
    order.sort_by(|&a, &b| (&sites[a].0, &sites[a].1).cmp(&(&sites[b].0, &sites[b].1)));
    // Sorted, equal keys are neighbours: each run counts from 0 (its
    // first site keeps occurrence 0, so later ones still compare equal).
    let mut run_start: Option<usize> = None;
    let mut next = 0;
    for index in order {
        if run_start.is_none_or(|first| sites[first].0 != sites[index].0) {
            run_start = Some(index);
            next = 0;
        }
        sites[index].0.occurrence = next;
        next += 1;
    }
    sites
        .into_iter()
        .map(|(key, _, finding)| KeyedSite { key, finding })
        .collect()
}

/// The sites that moved to (`+`) or from (`-`) the heap between `old`
/// and `new`, under a `# importpath` line per package, packages and sites
/// sorted.
pub fn diff_lines(old: &BTreeSet<SiteKey>, new: &BTreeSet<SiteKey>) -> Vec<String> {
    let mut changes: Vec<(&SiteKey, char)> = old
        .difference(new)
        .map(|site| (site, '-'))
        .chain(new.difference(old).map(|site| (site, '+')))
        .collect();
    changes.sort();
    let mut out = Vec::new();
    let mut package = None;
    for (site, sign) in changes {
        if package != Some(&site.package) {
            package = Some(&site.package);
            out.push(format!("# {}", site.package));
        }
        out.push(format!("{sign} {site}"));
    }
    out
}

fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a baseline holding `sites`: the header, then the sites
/// sorted, one per line.
pub fn baseline_text<'a>(sites: impl IntoIterator<Item = &'a SiteKey>) -> String {
    let sorted: BTreeSet<&SiteKey> = sites.into_iter().collect();
    let mut out = format!("{{\"goescape_baseline\":{BASELINE_VERSION}}}\n");
    for site in sorted {
        // A struct of strings and numbers always serialises.
        out.push_str(&serde_json::to_string(site).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Why a baseline could not be read, at a line and, where known, a
/// column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for BaselineError {
    /// `line:col: message`, to follow a file name and a colon.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "{}:{column}: {}", self.line, self.message),
            None => write!(f, "{}: {}", self.line, self.message),
        }
    }
}

/// The first line of a baseline.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    goescape_baseline: u32,
}

/// The sites a baseline holds.
pub fn parse_baseline(text: &str) -> Result<BTreeSet<SiteKey>, BaselineError> {
    let error = |line: usize, message: String| BaselineError {
        line,
        column: None,
        message,
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let header: Option<Header> = lines
        .next()
        .and_then(|(_, line)| serde_json::from_str(line).ok());
    match header {
        None => {
            return Err(error(
                1,
                format!(
                    "not a goescape baseline: the first line must be {{\"goescape_baseline\":{BASELINE_VERSION}}}"
                ),
            ))
        }
        Some(Header { goescape_baseline }) if goescape_baseline != BASELINE_VERSION => {
            return Err(error(
                1,
                format!("baseline format version {goescape_baseline} is not supported (this goescape reads version {BASELINE_VERSION})"),
            ))
        }
        Some(_) => {}
    }
    let mut sites = BTreeSet::new();
    for (number, line) in lines {
        let site: SiteKey = serde_json::from_str(line).map_err(|err| {
            // serde_json places the error within the line it was given.
            let text = err.to_string();
            let message = text.rsplit_once(" at line ").map_or(&*text, |(m, _)| m);
            BaselineError {
                line: number,
                column: Some(err.column()),
                message: format!("not a heap site: {message}"),
            }
        })?;
        if !sites.insert(site) {
            return Err(error(number, "the same site appears twice".to_owned()));
        }
    }
    Ok(sites)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(function: &str, expr: &str, occurrence: u32) -> SiteKey {
        SiteKey {
            package: "m/p".to_owned(),
            function: function.to_owned(),
            kind: SiteKind::Escapes,
            expr: expr.to_owned(),
            occurrence,
        }
    }

    #[test]
    fn a_baseline_reads_back_what_was_written_sorted() {
        let sites = [site("G", "&T{}", 0), site("F", "new(int)", 1)];
        let text = baseline_text(&sites);
        assert_eq!(
            text,
            "{\"goescape_baseline\":1}\n\
             {\"package\":\"m/p\",\"function\":\"F\",\"kind\":\"escapes\",\"expr\":\"new(int)\",\"occurrence\":1}\n\
             {\"package\":\"m/p\",\"function\":\"G\",\"kind\":\"escapes\",\"expr\":\"&T{}\",\"occurrence\":0}\n"
        );
        assert_eq!(parse_baseline(&text), Ok(sites.into_iter().collect()));
    }

    #[test]
    fn corrupt_baselines_are_refused_at_their_line() {
        let header = "{\"goescape_baseline\":1}\n";
        let line = |text: &str| parse_baseline(text).map_err(|e| (e.line, e.message));
        assert_eq!(
            parse_baseline("{\"goescape_baseline\":1}\n{\"package\":1}").map_err(|e| e.to_string()),
            Err("2:12: not a heap site: invalid type: integer `1`, expected a string".to_owned())
        );
        assert!(matches!(line(""), Err((1, m)) if m.starts_with("not a goescape baseline")));
        assert!(
            matches!(line("{\"goescape_baseline\":7}\n"), Err((1, m)) if m.contains("version 7"))
        );
        let truncated = format!("{header}{{\"package\":\"m/p\",\"function\":\"F\"");
        assert!(matches!(line(&truncated), Err((2, m)) if m.starts_with("not a heap site")));
        let unknown_kind = format!(
            "{header}{}\n",
            "{\"package\":\"m\",\"function\":\"F\",\"kind\":\"leaks\",\"expr\":\"x\",\"occurrence\":0}"
        );
        assert!(matches!(line(&unknown_kind), Err((2, _))));
        let twice =
            baseline_text(&[site("F", "x", 0)]) + &baseline_text(&[site("F", "x", 0)])[24..];
        assert_eq!(
            line(&twice),
            Err((3, "the same site appears twice".to_owned()))
        );
        assert_eq!(line(header), Ok(BTreeSet::new()));
    }

    #[test]
    fn diffs_group_sites_by_package() {
        let mut other = site("F", "x", 0);
        other.package = "m/a".to_owned();
        let old: BTreeSet<SiteKey> = [site("F", "&T{}", 0), site("G", "y", 0)].into();
        let new: BTreeSet<SiteKey> = [site("G", "y", 0), site("F", "&T{}", 1), other].into();
        assert_eq!(
            diff_lines(&old, &new),
            [
                "# m/a",
                "+ F: x escapes to heap",
                "# m/p",
                "- F: &T{} escapes to heap",
                "+ F: &T{} escapes to heap #2",
            ]
        );
        assert!(diff_lines(&new, &new).is_empty());
    }

    #[test]
    fn keys_print_as_sites() {
        assert_eq!(site("F", "&T{}", 0).to_string(), "F: &T{} escapes to heap");
        let mut moved = site("(*T).M", "x", 2);
        moved.kind = SiteKind::MovedToHeap;
        assert_eq!(moved.to_string(), "(*T).M: moved to heap: x #3");
    }
}
