//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently unless `-gcflags` asks for it. Each package's lines go out as
//! soon as it is analysed, so an interrupted run loses nothing finished.
//! Output from an earlier run with the same inputs comes from the cache
//! (`cache_setup`), without analysing anything.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use goescape_escape::Level;
use goescape_pipeline::cache::{Key, KeyBuilder};
use goescape_pipeline::{
    Analysis, Cache, Checked, Finished, GcFlags, PackageOutput, PackageReport, Pipeline,
};
use goescape_report::location::{FileNamer, Locator};
use goescape_report::paths::PathDisplay;
use goescape_report::{json, records, sarif, suggest};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{EscapeArgs, Format, LoadArgs};
use crate::cache_setup;
use crate::output::{errln, stdout};
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if args.gcflags.iter().any(|flags| !flags.no_inline) {
        errln!(
            "goescape: inlining is modelled in part: inlined bodies holding function literals (and at -m=2 other packages' bodies) are analysed as calls, with the callee's tags"
        );
    }
    // For SARIF, one document at the end: the level each package is shown
    // at, for when its report is read back.
    let sarif_levels = Mutex::new(HashMap::new());
    let render = |done: &Finished<'_>, name: FileNamer<'_>| {
        let level = done.flags.map_or(Level::Silent, |f| f.analysis.level);
        if args.format == Format::Sarif {
            lock(&sarif_levels).insert(done.node, level);
            return String::new();
        }
        let report = shown(done.report, level);
        let package = done.package;
        let import_path = package.import_path();
        let dir = &package.location.dir;
        let (mut text, lines) = match args.format {
            Format::Gc => (
                format!("# {import_path}\n"),
                goescape_report::gc::lines(&report, done.files, dir, name),
            ),
            // Every record names its package: no header line.
            Format::Json => {
                let locator = Locator::new(&report, done.files, dir, name);
                let suggestions = suggest::suggestions(&report, done.files, done.store);
                let lines = json::lines(&report.findings, import_path, &locator, &suggestions);
                (String::new(), lines)
            }
            Format::Sarif => unreachable!("SARIF is written at the end"),
        };
        // The go command prints no header for a package without lines.
        if lines.is_empty() {
            return String::new();
        }
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    };
    // gc's records are written as packages are analysed, and a SARIF log
    // needs the whole analysis: such runs bypass the cache.
    let cacheable =
        args.format != Format::Sarif && args.gcflags.iter().all(|flags| flags.records.is_none());
    let cache = (cacheable && !args.no_cache)
        .then(cache_setup::open)
        .flatten();
    let rendering = Rendering {
        text: &render,
        name: &format!("{:?}", args.format),
        keep_reports: args.format == Format::Sarif,
    };
    let run = match analyze(
        &args.load,
        args.gcflags.clone(),
        args.progress,
        started,
        rendering,
        cache.as_ref(),
    ) {
        Ok(run) => run,
        Err(status) => return status,
    };
    if let (Format::Sarif, Some(analysis)) = (args.format, &run.analysis) {
        let pipeline = &run.pipeline;
        let levels = lock(&sarif_levels);
        let load = &pipeline.settings().load;
        let root = pipeline
            .loader()
            .main_module()
            .map_or(load.work_dir.as_path(), |module| module.dir.as_path());
        let tool = sarif::Tool {
            name: "goescape",
            version: env!("CARGO_PKG_VERSION"),
            information_uri: INFORMATION_URI,
        };
        let display = PathDisplay::from_current_dir();
        let name = |file: &Path, dir: &Path| display.show_as_go_build(file, dir);
        let mut log = sarif::Log::new(tool, root);
        for (node, report) in analysis.reported() {
            let level = levels.get(&node).copied().unwrap_or_default();
            let report = shown(report, level);
            let dir = &analysis.checked.graph.nodes[node].package.location.dir;
            let locator = Locator::new(&report, analysis.files(), dir, &name);
            log.add_package(&report.findings, &locator);
        }
        stdout(&log.finish());
    }
    exit_status(&run)
}

/// What [`analyze`] leaves: its pipeline, the analysis (none when every
/// package's output came from the cache), and whether a package had
/// errors.
pub struct Run {
    pub pipeline: Pipeline,
    pub analysis: Option<Analysis>,
    pub has_errors: bool,
}

/// 0 when the input was clean, else [`EXIT_DIAGNOSTICS`].
pub fn exit_status(run: &Run) -> u8 {
    if run.has_errors {
        EXIT_DIAGNOSTICS
    } else {
        0
    }
}

/// How [`analyze`] presents each package.
pub struct Rendering<'a> {
    /// The text of a package with findings.
    pub text: &'a (dyn Fn(&Finished<'_>, FileNamer<'_>) -> String + Sync),
    /// What `text` makes, for the cache's keys.
    pub name: &'a str,
    /// Whether the caller reads the reports after the run (else each is
    /// dropped once shown).
    pub keep_reports: bool,
}

/// Analyses the packages `load` selects with `gcflags`, printing on
/// stdout the text `rendering` makes of each package with findings as
/// soon as it is analysed (files named as go build names them), with a
/// progress bar on stderr when `progress` (or, unset, stderr is a
/// terminal) says so. Packages whose flags ask for gc's `-json` records
/// get them written. With `cache`, packages whose output an earlier run
/// left there are shown from it without analysing anything. Shared by
/// `-m` and `explain`; an exit status when the run failed. `--stats`
/// counts the seconds from `started`.
pub fn analyze(
    load: &LoadArgs,
    gcflags: Vec<GcFlags>,
    progress: Option<bool>,
    started: Instant,
    rendering: Rendering<'_>,
    cache: Option<&Cache>,
) -> Result<Run, u8> {
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
    let keep_reports = rendering.keep_reports;
    let output = PackageText {
        render: rendering.text,
        rendering: rendering.name,
        display: &display,
        progress: &progress,
    };
    let settings = &pipeline.settings().load;
    let gc_version = toolchain_version(&settings.goroot);
    let record_failed = AtomicBool::new(false);
    let finished = |done: Finished<'_>| {
        output.analysed(&done);
        let package = done.package;
        if let Some(records) = done.flags.and_then(|f| f.records.as_deref()) {
            let compiled = records::compiled_path(package.import_path(), &package.name);
            let header = records::Header {
                package: compiled,
                goos: &settings.goos,
                goarch: &settings.goarch,
                gc_version: &gc_version,
            };
            let dir = &package.location.dir;
            let locator = Locator::new(done.report, done.files, dir, &name);
            let files = records::files(&done.report.findings, &header, &locator);
            if let Err(err) = write_records(records, compiled, &files) {
                progress.suspend(|| errln!("goescape: writing records: {err}"));
                record_failed.store(true, Ordering::Relaxed);
            }
        }
        output.show(&output.render(&done));
    };
    let patterns = setup::patterns(load);
    let checked = |checked: &Checked| {
        progress.suspend(|| report_diagnostics(checked, &display));
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} packages analysed")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        progress.set_style(style);
        progress.set_length(checked.graph.nodes.len() as u64);
    };
    let outcome = match cache {
        Some(cache) => pipeline
            .analyze_cached(&patterns, cache, &output, &checked)
            .map(|run| {
                if let Some(err) = &run.write_error {
                    cache_setup::warn_write_failed(err);
                }
                let stats = format!(
                    "cache hits: {}\npackages checked: {}\npackages analysed: {}\n",
                    run.hits, run.checked, run.analysed
                );
                let has_errors = run.has_errors;
                (run.graph.nodes.len(), run.analysis, has_errors, stats)
            }),
        None => pipeline
            .analyze_streaming(&patterns, keep_reports, &checked, &finished)
            .map(|analysis| {
                let has_errors = analysis.checked.has_errors();
                let packages = analysis.checked.graph.nodes.len();
                (packages, Some(analysis), has_errors, String::new())
            }),
    };
    progress.finish_and_clear();
    let (packages, analysis, has_errors, cache_stats) = outcome.map_err(|diagnostic| {
        errln!("goescape: {diagnostic}");
        EXIT_USAGE
    })?;
    if load.stats {
        errln!(
            "packages: {packages}\n{cache_stats}threads: {}\nseconds: {:.3}",
            pipeline.pool().current_num_threads(),
            started.elapsed().as_secs_f64()
        );
    }
    if record_failed.load(Ordering::Relaxed) {
        return Err(EXIT_USAGE);
    }
    Ok(Run {
        pipeline,
        analysis,
        has_errors,
    })
}

/// A run's output, as the cache sees it too: packages rendered by
/// `render` (named `rendering` in the cache's keys), shown on stdout, with
/// the progress bar counting the packages analysed.
struct PackageText<'a> {
    render: &'a (dyn Fn(&Finished<'_>, FileNamer<'_>) -> String + Sync),
    rendering: &'a str,
    display: &'a PathDisplay,
    progress: &'a ProgressBar,
}

impl PackageOutput for PackageText<'_> {
    fn rendering_key(&self) -> Key {
        let mut builder = KeyBuilder::new("goescape output");
        // The program's build is in every package's key.
        builder.field("format", self.rendering.as_bytes());
        // File names print relative to the current directory.
        if let Some(dir) = self.display.current_dir() {
            builder.field("current dir", dir.as_os_str().as_encoded_bytes());
        }
        builder.finish()
    }

    fn analysed(&self, _: &Finished<'_>) {
        self.progress.inc(1);
    }

    /// Nothing for a package with nothing to report (the go command
    /// prints no header).
    fn render(&self, done: &Finished<'_>) -> Vec<u8> {
        if done.report.findings.is_empty()
            && done.report.inlining.verdicts.is_empty()
            && done.report.inlining.calls.is_empty()
        {
            return Vec::new();
        }
        let name = |file: &Path, dir: &Path| self.display.show_as_go_build(file, dir);
        (self.render)(done, &name).into_bytes()
    }

    fn show(&self, output: &[u8]) {
        if !output.is_empty() {
            self.progress
                .suspend(|| stdout(&String::from_utf8_lossy(output)));
        }
    }
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

/// Where the SARIF log says to learn about the tool. goescape has no
/// public home yet: the compiler whose analysis it reproduces.
const INFORMATION_URI: &str = "https://pkg.go.dev/cmd/compile";

/// The findings of `report` that `level` shows: all of them, unless the
/// package was analysed deeper than asked (for gc's `-json` records).
fn shown(report: &PackageReport, level: Level) -> Cow<'_, PackageReport> {
    if report.findings.iter().all(|f| f.level() <= level) {
        return Cow::Borrowed(report);
    }
    Cow::Owned(PackageReport {
        findings: report
            .findings
            .iter()
            .filter(|f| f.level() <= level)
            .cloned()
            .collect(),
        ..report.clone()
    })
}

/// Writes the record files of package `compiled` (its path as gc compiles
/// it) below `dest`, in the package's directory, which gc creates even
/// when it has no records.
fn write_records(
    dest: &Path,
    compiled: &str,
    files: &[records::RecordFile],
) -> std::io::Result<()> {
    let dir = dest.join(records::package_dir_name(compiled));
    std::fs::create_dir_all(&dir)?;
    for file in files {
        std::fs::write(dir.join(&file.name), &file.text)?;
    }
    Ok(())
}

/// The toolchain's version as gc reports it: the first line of
/// `$GOROOT/VERSION` (`go1.26.8`).
fn toolchain_version(goroot: &Path) -> String {
    std::fs::read_to_string(goroot.join("VERSION"))
        .ok()
        .and_then(|text| text.lines().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The lock of `mutex`, also after a panic elsewhere.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
