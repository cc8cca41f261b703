//! `goescape parse`: load the selected packages and parse every file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use goescape_load::{LoadError, Package};
use goescape_pipeline::Pipeline;
use rayon::prelude::*;

use crate::args::ParseArgs;
use crate::output::errln;
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};
use goescape_report::paths::PathDisplay;

pub fn run(args: &ParseArgs) -> u8 {
    let started = Instant::now();
    let (pipeline, packages) = match load_packages(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            errln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let paths: Vec<PathBuf> = packages
        .iter()
        .flat_map(|package| files_to_parse(package, args.all_files))
        .collect();
    let pool = pipeline.pool();
    let parse_started = Instant::now();
    let results: Vec<FileResult> =
        pool.install(|| paths.par_iter().map(|p| parse_one(p)).collect());
    let parse_wall = parse_started.elapsed();

    let display = PathDisplay::from_current_dir();
    let mut status = 0;
    for package in &packages {
        // A file whose header the loader cannot read is parsed anyway; the
        // parser's error says the same at the same place, once.
        for err in package
            .errors
            .iter()
            .filter(|e| !matches!(e, LoadError::GoFile { .. }))
        {
            errln!("goescape: {err}");
            status = EXIT_USAGE;
        }
    }
    let mut totals = Totals::default();
    for (path, result) in paths.iter().zip(&results) {
        match result {
            FileResult::Unreadable(err) => {
                errln!("{}: {err}", display.show(path));
                status = EXIT_USAGE;
            }
            FileResult::Parsed {
                diagnostics,
                bytes,
                lines,
                parse_time,
            } => {
                totals.add(*bytes, *lines, *parse_time);
                for diagnostic in diagnostics {
                    errln!("{}", diagnostic.replacen(PATH_SLOT, &display.show(path), 1));
                }
                if !diagnostics.is_empty() && status == 0 {
                    status = EXIT_DIAGNOSTICS;
                }
            }
        }
    }
    if args.load.stats {
        totals.print(parse_wall, started.elapsed(), pool.current_num_threads());
    }
    status
}

/// The packages the patterns match, without their imports: parsing needs
/// no dependency.
fn load_packages(args: &ParseArgs) -> Result<(Pipeline, Vec<Package>), String> {
    let pipeline = setup::pipeline(setup::settings(&args.load, args.tests)?)?;
    let patterns = setup::patterns(&args.load);
    let packages = pipeline
        .loader()
        .load_patterns(&patterns)
        .map_err(|err| err.to_string())?;
    if packages.is_empty() {
        return Err(format!("no packages match {}", patterns.join(" ")));
    }
    Ok((pipeline, packages))
}

/// Every file of the package the build would compile, plus those whose
/// header could not be read, so their syntax errors are reported too; with
/// `all_files`, also those the build constraints exclude.
fn files_to_parse(package: &Package, all_files: bool) -> impl Iterator<Item = PathBuf> + '_ {
    let dir = &package.location.dir;
    let excluded: &[String] = if all_files {
        &package.ignored_go_files
    } else {
        &[]
    };
    package
        .go_files
        .iter()
        .chain(&package.cgo_files)
        .chain(&package.test_go_files)
        .chain(&package.xtest_go_files)
        .chain(&package.invalid_go_files)
        .chain(excluded)
        .map(move |name| dir.join(name))
}

/// Stands for the file name in a rendered diagnostic until the path is
/// shown relative to the working directory.
const PATH_SLOT: &str = "\0";

enum FileResult {
    Unreadable(std::io::Error),
    Parsed {
        /// `file:line:col: message` lines, with [`PATH_SLOT`] for the file
        /// name unless a `//line` directive renamed it.
        diagnostics: Vec<String>,
        bytes: usize,
        lines: usize,
        parse_time: Duration,
    },
}

fn parse_one(path: &Path) -> FileResult {
    let src = match std::fs::read(path) {
        Ok(src) => src,
        Err(err) => return FileResult::Unreadable(err),
    };
    let started = Instant::now();
    let file = goescape_syntax::parse_file(PATH_SLOT, &src[..]);
    let parse_time = started.elapsed();
    let diagnostics = file
        .errors()
        .iter()
        .map(|err| format!("{}: {}", file.position(err.pos), err.msg))
        .collect();
    FileResult::Parsed {
        diagnostics,
        bytes: src.len(),
        lines: bytecount_lines(&src),
        parse_time,
    }
}

fn bytecount_lines(src: &[u8]) -> usize {
    let newlines = src.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(src.last().is_some_and(|&b| b != b'\n'))
}

#[derive(Default)]
struct Totals {
    files: usize,
    bytes: usize,
    lines: usize,
    /// Time spent parsing, summed over threads.
    parse_cpu: Duration,
}

impl Totals {
    fn add(&mut self, bytes: usize, lines: usize, parse_time: Duration) {
        self.files += 1;
        self.bytes += bytes;
        self.lines += lines;
        self.parse_cpu += parse_time;
    }

    /// `parse_wall`: the parallel phase (reading and parsing); `wall`: the
    /// whole command, loading included.
    fn print(&self, parse_wall: Duration, wall: Duration, threads: usize) {
        let mb = self.bytes as f64 / 1e6;
        let rate = |seconds: f64| mb / seconds.max(1e-9);
        errln!(
            "files: {}\nlines: {}\nbytes: {}\nthreads: {threads}\nparse seconds (summed over threads): {:.3}\nread+parse wall seconds: {:.3}\nwall seconds (load, read, parse): {:.3}\nparse MB/s per core: {:.1}\nread+parse MB/s: {:.1}\nMB/s overall: {:.1}",
            self.files,
            self.lines,
            self.bytes,
            self.parse_cpu.as_secs_f64(),
            parse_wall.as_secs_f64(),
            wall.as_secs_f64(),
            rate(self.parse_cpu.as_secs_f64()),
            rate(parse_wall.as_secs_f64()),
            rate(wall.as_secs_f64()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::bytecount_lines;

    #[test]
    fn line_count_includes_an_unterminated_last_line() {
        assert_eq!(bytecount_lines(b""), 0);
        assert_eq!(bytecount_lines(b"a\n"), 1);
        assert_eq!(bytecount_lines(b"a\nb"), 2);
    }
}
