//! `goescape types`: load the selected packages and everything they
//! import, type-check them, and report type errors.

use std::path::Path;
use std::time::Instant;

use goescape_report::paths::PathDisplay;

use crate::args::TypesArgs;
use crate::output::errln;
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &TypesArgs) -> u8 {
    let started = Instant::now();
    let checked = setup::settings(&args.load, false)
        .and_then(setup::pipeline)
        .and_then(|pipeline| {
            let checked = pipeline
                .check(&setup::patterns(&args.load))
                .map_err(|d| d.to_string())?;
            Ok((pipeline.pool().current_num_threads(), checked))
        });
    let (threads, checked) = match checked {
        Ok(checked) => checked,
        Err(message) => {
            errln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let display = PathDisplay::from_current_dir();
    let name = |file: &str| display.show(Path::new(file));
    for (_, diagnostics) in checked.problems() {
        for diagnostic in diagnostics {
            errln!("{}", diagnostic.display_with(&name));
        }
    }
    if args.load.stats {
        let files: usize = checked.packages.iter().map(|p| p.files.len()).sum();
        let lines: usize = checked
            .packages
            .iter()
            .flat_map(|p| &p.files)
            .map(|f| f.syntax.line_index().line_count())
            .sum();
        errln!(
            "packages: {}\nfiles: {files}\nlines: {lines}\nthreads: {threads}\nseconds: {:.3}",
            checked.graph.nodes.len(),
            started.elapsed().as_secs_f64()
        );
    }
    if !checked.has_errors() {
        0
    } else {
        EXIT_DIAGNOSTICS
    }
}
