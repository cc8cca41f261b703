//! `goescape check` and `goescape baseline save`: assertions about heap
//! sites for CI. Messages follow go vet's convention: `file:line:col:
//! message` lines on stderr, exit status 1 when an assertion fails (or
//! a directive is malformed, or the packages do not type-check), 0 when
//! clean, 2 on a usage or I/O error (an unreadable or corrupt baseline).

use std::collections::BTreeSet;
use std::path::Path;

use goescape_escape::{Level, Options};
use goescape_pipeline::{Analysis, Settings};
use goescape_report::check::{baseline_violations, check_package, Severity};
use goescape_report::heap_sites::{baseline_text, keyed_sites, parse_baseline, SiteKey};
use goescape_report::paths::PathDisplay;

use crate::args::{BaselineSaveArgs, CheckArgs, LoadArgs};
use crate::output::{errln, stderr};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run_check(args: &CheckArgs) -> u8 {
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(baseline) => baseline,
        Err(message) => {
            errln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let analysis = match analyse_patterns(&args.load) {
        Ok(analysis) => analysis,
        Err(status) => return status,
    };
    let display = PathDisplay::from_current_dir();
    let name = |file: &Path, dir: &Path| display.show_as_go_build(file, dir);
    let mut failed = analysis.checked.has_errors();
    let mut text = String::new();
    for &node in &analysis.checked.graph.roots {
        let report = &analysis.reports[node];
        let package = &analysis.checked.graph.nodes[node].package;
        let dir = &package.location.dir;
        let files = analysis.files();
        let mut messages =
            check_package(&analysis.checked.packages[node], report, files, dir, &name);
        if let Some(baseline) = &baseline {
            let import_path = package.import_path();
            messages.extend(baseline_violations(
                report,
                files,
                import_path,
                dir,
                &name,
                baseline,
            ));
        }
        for message in messages {
            failed |= message.severity != Severity::Note;
            text.push_str(&message.text);
            text.push('\n');
        }
    }
    stderr(&text);
    if failed {
        EXIT_DIAGNOSTICS
    } else {
        0
    }
}

pub fn run_baseline_save(args: &BaselineSaveArgs) -> u8 {
    let analysis = match analyse_patterns(&args.load) {
        Ok(analysis) => analysis,
        Err(status) => return status,
    };
    // A package that does not type-check has no sites: a baseline
    // without them would let all of them in later.
    if analysis.checked.has_errors() {
        errln!("goescape: not saving a baseline of packages with errors");
        return EXIT_DIAGNOSTICS;
    }
    let sites = root_sites(&analysis);
    if let Err(err) = std::fs::write(&args.file, baseline_text(&sites)) {
        errln!("goescape: writing {}: {err}", args.file);
        return EXIT_USAGE;
    }
    errln!(
        "goescape: {} heap sites saved in {}",
        sites.len(),
        args.file
    );
    0
}

/// [`analyse`] with the settings of `load`, from the directory `-C`
/// names.
fn analyse_patterns(load: &LoadArgs) -> Result<Analysis, u8> {
    let settings = setup::settings(load, false).map_err(|message| {
        errln!("goescape: {message}");
        EXIT_USAGE
    })?;
    analyse(settings, load, &PathDisplay::from_current_dir())
}

/// Analyses the packages `load` selects with `settings` at `-m -l`,
/// printing the packages' problems on stderr (files named by `display`);
/// on failure, the exit status (after saying why).
pub(crate) fn analyse(
    settings: Settings,
    load: &LoadArgs,
    display: &PathDisplay,
) -> Result<Analysis, u8> {
    let options = Options {
        level: Level::from_m(1),
        mutations_calls: false,
    };
    let analysis = setup::pipeline(settings.analyse_named(options)).and_then(|pipeline| {
        pipeline
            .analyze(&setup::patterns(load))
            .map_err(|d| d.to_string())
    });
    let analysis = analysis.map_err(|message| {
        errln!("goescape: {message}");
        EXIT_USAGE
    })?;
    crate::escape_cmd::report_diagnostics(&analysis.checked, display);
    Ok(analysis)
}

/// The heap sites of the packages the patterns matched.
pub(crate) fn root_sites(analysis: &Analysis) -> BTreeSet<SiteKey> {
    let graph = &analysis.checked.graph;
    graph
        .roots
        .iter()
        .flat_map(|&node| {
            let import_path = graph.nodes[node].package.import_path();
            keyed_sites(&analysis.reports[node], analysis.files(), import_path)
        })
        .map(|site| site.key)
        .collect()
}

fn read_baseline(path: &str) -> Result<BTreeSet<SiteKey>, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("reading {path}: {err}"))?;
    parse_baseline(&text).map_err(|err| format!("{path}:{err}"))
}
