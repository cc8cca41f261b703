//! `goescape -m[=N] -l PATTERN...`: escape analysis of the selected
//! packages, printed as `go build -gcflags='-m[=N] -l'` prints it. Every
//! package they import is analysed too (its parameter tags are needed),
//! silently.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use goescape_escape::{analyze_graph, Options};
use goescape_report::paths::PathDisplay;
use goescape_types::check::check_graph;

use crate::args::EscapeArgs;
use crate::setup;
use crate::{EXIT_DIAGNOSTICS, EXIT_USAGE};

pub fn run(args: &EscapeArgs) -> u8 {
    let started = Instant::now();
    if !args.no_inline {
        eprintln!("goescape: inlining is not modelled yet; reporting as with -l");
    }
    let (graph, store, pool) = match setup::graph_and_pool(&args.load) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("goescape: {message}");
            return EXIT_USAGE;
        }
    };
    let checked = pool.install(|| check_graph(&store, &graph));
    let checked_at = started.elapsed();

    let display = PathDisplay::from_current_dir();
    let mut status = 0;
    for node in graph.dependency_order() {
        for err in &checked[node].errors {
            let file = display.show(Path::new(&err.file));
            println!("{file}:{}:{}: {}", err.line, err.col, err.message);
            status = EXIT_DIAGNOSTICS;
        }
    }
    if status != 0 {
        return status;
    }

    let roots: HashSet<usize> = graph.roots.iter().copied().collect();
    let options = |node: usize| {
        if roots.contains(&node) {
            Options {
                level: args.level,
                mutations_calls: args.mutations_calls,
            }
        } else {
            Options::default()
        }
    };
    let reports = pool.install(|| analyze_graph(&store, &graph, &checked, &options));
    let name = |file: &Path, dir: &Path| display.show_as_go_build(file, dir);
    let by_id: HashMap<_, _> = checked.iter().map(|c| (c.id, c)).collect();
    let file = |r: goescape_ir::FileRef| {
        by_id
            .get(&r.pkg)
            .and_then(|c| c.files.get(r.index as usize))
    };
    let mut out = String::new();
    for node in graph.dependency_order() {
        if !roots.contains(&node) || reports[node].messages.is_empty() {
            continue;
        }
        out.push_str(&format!("# {}\n", graph.nodes[node].package.import_path()));
        let dir = &graph.nodes[node].package.location.dir;
        for line in goescape_report::gc::lines(&reports[node], &file, dir, &name) {
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
            "packages: {}\nthreads: {}\nseconds checking: {:.3}\nseconds: {:.3}",
            graph.nodes.len(),
            pool.current_num_threads(),
            checked_at.as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
    }
    0
}
