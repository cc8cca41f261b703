//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently unless `-gcflags` asks for it. Each package's lines go out as
//! soon as it is analysed, so an interrupted run loses nothing finished.
//! Output from an earlier run with the same inputs comes from the cache
//! (`cache_setup`), without analysing anything.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use goescape_pipeline::cache::{Key, KeyBuilder};
use goescape_pipeline::{Checked, Finished, PackageOutput};
use goescape_report::location::Locator;
use goescape_report::paths::PathDisplay;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{EscapeArgs, Format};
use crate::cache_setup;
use crate::output::{errln, stdout};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if args.gcflags.iter().any(|flags| !flags.no_inline) {
        errln!("goescape: inlining is not modelled yet; reporting as with -l");
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
    let output = Output {
        format: args.format,
        display: PathDisplay::from_current_dir(),
        progress: &progress,
    };
    let patterns = setup::patterns(&args.load);
    let checked = |checked: &Checked| {
        progress.suspend(|| report_diagnostics(checked, &output.display));
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} packages analysed")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        progress.set_style(style);
        progress.set_length(checked.graph.nodes.len() as u64);
    };
    let cache = if args.no_cache {
        None
    } else {
        cache_setup::open()
    };
    let outcome = match &cache {
        Some(cache) => pipeline
            .analyze_cached(&patterns, cache, &output, &checked)
            .map(|run| {
                if let Some(err) = &run.write_error {
                    cache_setup::warn_write_failed(err);
                }
                let checked = run
                    .analysis
                    .as_ref()
                    .map_or(0, |a| a.checked.graph.nodes.len());
                let stats = format!("cache hits: {}\npackages checked: {checked}\n", run.hits);
                (run.graph.nodes.len(), run.has_errors(), stats)
            }),
        None => {
            let finished = |done: Finished<'_>| {
                let rendered = output.render(&done);
                output.show(&rendered);
            };
            pipeline
                .analyze_streaming(&patterns, &checked, &finished)
                .map(|analysis| {
                    let graph = &analysis.checked.graph;
                    (
                        graph.nodes.len(),
                        analysis.checked.has_errors(),
                        String::new(),
                    )
                })
        }
    };
    progress.finish_and_clear();
    let (packages, has_errors, cache_stats) = match outcome {
        Ok(outcome) => outcome,
        Err(diagnostic) => {
            errln!("goescape: {diagnostic}");
            return EXIT_USAGE;
        }
    };
    if args.load.stats {
        errln!(
            "packages: {packages}\n{cache_stats}threads: {}\nseconds: {:.3}",
            pipeline.pool().current_num_threads(),
            started.elapsed().as_secs_f64()
        );
    }
    if has_errors {
        EXIT_DIAGNOSTICS
    } else {
        0
    }
}

/// How a package's findings are printed: rendered in the chosen format,
/// then written whole to stdout.
struct Output<'a> {
    format: Format,
    display: PathDisplay,
    progress: &'a ProgressBar,
}

impl PackageOutput for Output<'_> {
    fn rendering_key(&self) -> Key {
        let mut builder = KeyBuilder::new("goescape output");
        builder
            .field("build", build_identity().as_bytes())
            .field("format", format!("{:?}", self.format).as_bytes());
        // File names print relative to the current directory.
        if let Some(dir) = self.display.current_dir() {
            builder.field("current dir", dir.as_os_str().as_encoded_bytes());
        }
        builder.finish()
    }

    /// Called for every package analysed, so it also counts progress.
    fn render(&self, done: &Finished<'_>) -> Vec<u8> {
        self.progress.inc(1);
        if done.report.findings.is_empty() {
            return Vec::new();
        }
        let package = done.package;
        let import_path = package.import_path();
        let dir = &package.location.dir;
        let name = |file: &Path, dir: &Path| self.display.show_as_go_build(file, dir);
        let (mut text, lines) = match self.format {
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
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text.into_bytes()
    }

    fn show(&self, output: &[u8]) {
        if !output.is_empty() {
            self.progress
                .suspend(|| stdout(&String::from_utf8_lossy(output)));
        }
    }
}

/// What tells this build of goescape from others, for the cache: its
/// version and its executable's size and time (a rebuild changes them,
/// and a stale entry must never outlive the code that wrote it).
fn build_identity() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let executable = std::env::current_exe().and_then(|path| {
        let meta = std::fs::metadata(&path)?;
        let modified = meta.modified()?;
        Ok(format!("{} {} {:?}", path.display(), meta.len(), modified))
    });
    match executable {
        Ok(executable) => format!("{version} {executable}"),
        Err(_) => version.to_owned(),
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
