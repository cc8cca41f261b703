//! `goescape types`: load the selected packages and everything they
//! import, type-check them, and report type errors.

use std::path::Path;
use std::time::Instant;

use goescape_types::check::check_graph;

use crate::args::TypesArgs;
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};
use goescape_report::paths::PathDisplay;

pub fn run(args: &TypesArgs) -> u8 {
    let started = Instant::now();
    let (graph, store, pool) = match setup::graph_and_pool(&args.load) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let checked = pool.install(|| check_graph(&store, &graph));

    let display = PathDisplay::from_current_dir();
    let mut status = 0;
    let (mut files, mut lines) = (0usize, 0usize);
    // Dependencies first, as the go command reports them.
    for node in graph.dependency_order() {
        let package = &checked[node];
        for err in &package.errors {
            let file = display.show(Path::new(&err.file));
            println!("{file}:{}:{}: {}", err.line, err.col, err.message);
            status = EXIT_DIAGNOSTICS;
        }
        files += package.files.len();
        lines += package
            .files
            .iter()
            .map(|f| f.syntax.line_index().line_count())
            .sum::<usize>();
    }
    if args.load.stats {
        eprintln!(
            "packages: {}\nfiles: {files}\nlines: {lines}\nthreads: {}\nseconds: {:.3}",
            graph.nodes.len(),
            pool.current_num_threads(),
            started.elapsed().as_secs_f64()
        );
    }
    status
}
