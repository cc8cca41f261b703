//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently unless `-gcflags` asks for it. Each package's lines go out as
//! soon as it is analysed, so an interrupted run loses nothing finished.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use goescape_pipeline::{Checked, Finished};
use goescape_report::location::Locator;
use goescape_report::paths::PathDisplay;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{EscapeArgs, Format};
use crate::output::{errln, stdout};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if args.gcflags.iter().any(|flags| !flags.no_inline) {
        errln!(
            "goescape: inlining is not modelled yet (only gc's decisions are reported); escape analysis reports as with -l"
        );
    }
    let pipeline = setup::settings(&args.load, false)
        .map(|mut settings| {
            settings.gcflags = args.gcflags.clone();
            settings
        })
        .and_then(setup::pipeline);
    let pipeline = match pipeline {
        Ok(pipeline) => pipeline,
        Err(message) => {
            errln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let show_progress = args
        .progress
        .unwrap_or_else(|| std::io::stderr().is_terminal());
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
        let package = done.package;
        let import_path = package.import_path();
        let dir = &package.location.dir;
        let (mut text, lines) = match args.format {
            Format::Gc => (
                format!("# {import_path}\n"),
                goescape_report::gc::lines(done.report, done.files, dir, &name),
            ),
            // Every record names its package: no header line.
            Format::Json => {
                let locator = Locator::new(done.report, done.files, dir, &name);
                let findings = &done.report.findings;
                let lines = goescape_report::json::lines(findings, import_path, &locator);
                (String::new(), lines)
            }
        };
        // The go command prints no header for a package without lines.
        if lines.is_empty() {
            return;
        }
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        progress.suspend(|| stdout(&text));
    };
    let patterns = setup::patterns(&args.load);
    let checked = |checked: &Checked| {
        progress.suspend(|| report_diagnostics(checked, &display));
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} packages analysed")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        progress.set_style(style);
        progress.set_length(checked.graph.nodes.len() as u64);
    };
    let analysis = pipeline.analyze_streaming(&patterns, &checked, &finished);
    progress.finish_and_clear();
    let analysis = match analysis {
        Ok(analysis) => analysis,
        Err(diagnostic) => {
            errln!("goescape: {diagnostic}");
            return EXIT_USAGE;
        }
    };
    if args.load.stats {
        errln!(
            "packages: {}\nthreads: {}\nseconds: {:.3}",
            analysis.checked.graph.nodes.len(),
            pipeline.pool().current_num_threads(),
            started.elapsed().as_secs_f64()
        );
    }
    if !analysis.checked.has_errors() {
        0
    } else {
        EXIT_DIAGNOSTICS
    }
}

/// Each package's errors under its `# importpath` header on stderr, as
/// the go command prints them (file names as in its compiler output).
fn report_diagnostics(checked: &Checked, display: &PathDisplay) {
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
