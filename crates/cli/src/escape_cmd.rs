//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use goescape_escape::{Level, Options};
use goescape_report::paths::PathDisplay;

use crate::args::EscapeArgs;
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if !args.no_inline {
        eprintln!("goescape: inlining is not modelled yet; reporting as with -l");
    }
    let analysis = setup::settings(&args.load, false)
        .map(|mut settings| {
            settings.analysis = Options {
                level: Level::from_m(args.level),
                mutations_calls: args.mutations_calls,
            };
            settings.no_inline = args.no_inline;
            settings
        })
        .and_then(setup::pipeline)
        .and_then(|pipeline| {
            let analysis = pipeline
                .analyze(&setup::patterns(&args.load))
                .map_err(|d| d.to_string())?;
            Ok((pipeline.pool().current_num_threads(), analysis))
        });
    let (threads, analysis) = match analysis {
        Ok(analysis) => analysis,
        Err(message) => {
            eprintln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };

    let display = PathDisplay::from_current_dir();
    let diagnostics = &analysis.checked.diagnostics;
    if !diagnostics.is_empty() {
        let name = |file: &str| display.show(Path::new(file));
        for diagnostic in diagnostics {
            println!("{}", diagnostic.display_with(&name));
        }
        return EXIT_DIAGNOSTICS;
    }
    let name = |file: &Path, dir: &Path| display.show_as_go_build(file, dir);
    let graph = &analysis.checked.graph;
    let mut out = String::new();
    for (node, report) in analysis.roots() {
        if report.findings.is_empty() {
            continue;
        }
        out.push_str(&format!("# {}\n", graph.nodes[node].package.import_path()));
        for line in goescape_report::gc::package_lines(&analysis, node, &name) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if let Err(err) = std::io::stdout().lock().write_all(out.as_bytes()) {
        eprintln!("goescape: writing output: {err}");
        return EXIT_USAGE;
    }
    if args.load.stats {
        eprintln!(
            "packages: {}\nthreads: {threads}\nseconds: {:.3}",
            graph.nodes.len(),
            started.elapsed().as_secs_f64()
        );
    }
    0
}
