//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently unless `-gcflags` asks for it. Each package's lines go out as
//! soon as it is analysed, so an interrupted run loses nothing finished.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use goescape_pipeline::{Analysis, Checked, Finished, GcFlags};
use goescape_report::location::{FileNamer, Locator};
use goescape_report::paths::PathDisplay;
use goescape_report::{json, suggest};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{EscapeArgs, Format, LoadArgs};
use crate::output::{errln, stdout};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if args.gcflags.iter().any(|flags| !flags.no_inline) {
        errln!("goescape: inlining is not modelled yet; reporting as with -l");
    }
    let render = |done: Finished<'_>, name: FileNamer<'_>| {
        let package = done.package;
        let import_path = package.import_path();
        let dir = &package.location.dir;
        let (mut text, lines) = match args.format {
            Format::Gc => (
                format!("# {import_path}\n"),
                goescape_report::gc::lines(done.report, done.files, dir, name),
            ),
            // Every record names its package: no header line.
            Format::Json => {
                let locator = Locator::new(done.report, done.files, dir, name);
                let findings = &done.report.findings;
                let suggestions = suggest::suggestions(done.report, done.files, done.store);
                let lines = json::lines(findings, import_path, &locator, &suggestions);
                (String::new(), lines)
            }
        };
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    };
    match analyze(
        &args.load,
        args.gcflags.clone(),
        args.progress,
        started,
        &render,
    ) {
        Ok(analysis) => exit_status(&analysis),
        Err(status) => status,
    }
}

/// 0 when the input was clean, else [`EXIT_DIAGNOSTICS`].
pub fn exit_status(analysis: &Analysis) -> u8 {
    if analysis.checked.has_errors() {
        EXIT_DIAGNOSTICS
    } else {
        0
    }
}

/// Analyses the packages `load` selects with `gcflags`, printing on
/// stdout what `render` makes of each package with findings as soon as it
/// is analysed (files named as go build names them), with a progress bar
/// on stderr when `progress` (or, unset, stderr is a terminal) says so.
/// Shared by `-m` and `explain`; an exit status when the run failed.
/// `--stats` counts the seconds from `started`.
pub fn analyze(
    load: &LoadArgs,
    gcflags: Vec<GcFlags>,
    progress: Option<bool>,
    started: Instant,
    render: &(dyn Fn(Finished<'_>, FileNamer<'_>) -> String + Sync),
) -> Result<Analysis, u8> {
    let pipeline = setup::settings(load, false)
        .map(|mut settings| {
            settings.gcflags = gcflags;
            settings
        })
        .and_then(setup::pipeline);
    let pipeline = match pipeline {
        Ok(pipeline) => pipeline,
        Err(message) => {
            errln!("goescape: {message}");
            return Err(EXIT_USAGE);
        }
    };
    let show_progress = progress.unwrap_or_else(|| std::io::stderr().is_terminal());
    let progress = if show_progress {
        let spinner = ProgressBar::new_spinner().with_message("loading and type-checking");
        spinner.enable_steady_tick(std::time::Duration::from_millis(100));
        spinner
    } else {
        ProgressBar::hidden()
    };
    let display = PathDisplay::from_current_dir();
    let name = |file: &Path, dir: &Path| display.show_as_go_build(file, dir);
    let finished = |done: Finished<'_>| {
        progress.inc(1);
        if done.report.findings.is_empty() {
            return;
        }
        let text = render(done, &name);
        if !text.is_empty() {
            progress.suspend(|| stdout(&text));
        }
    };
    let patterns = setup::patterns(load);
    let checked = |checked: &Checked| {
        progress.suspend(|| report_diagnostics(checked, &display));
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} packages analysed")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        progress.set_style(style);
        progress.set_length(checked.graph.nodes.len() as u64);
    };
    let analysis = pipeline.analyze_streaming(&patterns, &checked, &finished);
    progress.finish_and_clear();
    let analysis = analysis.map_err(|diagnostic| {
        errln!("goescape: {diagnostic}");
        EXIT_USAGE
    })?;
    if load.stats {
        errln!(
            "packages: {}\nthreads: {}\nseconds: {:.3}",
            analysis.checked.graph.nodes.len(),
            pipeline.pool().current_num_threads(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(analysis)
}

/// Each package's errors under its `# importpath` header on stderr, as
/// the go command prints them (file names as in its compiler output).
pub(crate) fn report_diagnostics(checked: &Checked, display: &PathDisplay) {
    for (node, diagnostics) in checked.problems() {
        let package = &checked.graph.nodes[node].package;
        let name = |file: &str| display.show_as_go_build(Path::new(file), &package.location.dir);
        let mut text = format!("# {}\n", package.import_path());
        for diagnostic in diagnostics {
            text.push_str(&format!("{}\n", diagnostic.display_with(&name)));
        }
        crate::output::stderr(&text);
    }
}
