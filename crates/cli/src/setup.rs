//! What every command does before its own work: configure the loader from
//! the environment and the shared flags, and start the worker threads.

use goescape_load::{Config, Loader};
use goescape_types::model::{Sizes, Store};

use crate::args::LoadArgs;

/// A loader for `args`; `tests` includes `_test.go` files. Honours `-C` by
/// changing the process's directory, so paths print relative to it.
pub fn loader(args: &LoadArgs, tests: bool) -> Result<Loader, String> {
    let mut config = Config::from_env().map_err(|err| err.to_string())?;
    if let Some(dir) = &args.work_dir {
        config.work_dir = std::fs::canonicalize(dir).map_err(|err| format!("-C {dir}: {err}"))?;
        std::env::set_current_dir(&config.work_dir).map_err(|err| format!("-C {dir}: {err}"))?;
    }
    config.tests = tests;
    config.build_tags.extend(args.tags.iter().cloned());
    Loader::new(config).map_err(|err| err.to_string())
}

/// The patterns as the loader takes them.
pub fn patterns(args: &LoadArgs) -> Vec<&str> {
    args.patterns.iter().map(String::as_str).collect()
}

/// The error for patterns that matched nothing.
pub fn no_match(args: &LoadArgs) -> String {
    format!("no packages match {}", args.patterns.join(" "))
}

pub fn worker_pool(args: &LoadArgs) -> Result<rayon::ThreadPool, String> {
    // Lowering and analysis recurse over expression trees as deep as the
    // checker allows; only touched stack pages cost memory.
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(256 << 20);
    if let Some(n) = args.threads {
        builder = builder.num_threads(n);
    }
    builder
        .build()
        .map_err(|err| format!("starting worker threads: {err}"))
}

/// The package graph of the patterns (tests excluded), an empty store for
/// the target's layout (GOARCH) and the worker threads: what `types` and
/// the escape analysis start from.
pub fn graph_and_pool(
    args: &LoadArgs,
) -> Result<(goescape_load::PackageGraph, Store, rayon::ThreadPool), String> {
    let loader = loader(args, false)?;
    let goarch = &loader.config().goarch;
    let sizes = Sizes::for_arch(goarch).ok_or_else(|| format!("unsupported GOARCH {goarch}"))?;
    let graph = loader
        .load_graph(&patterns(args))
        .map_err(|err| err.to_string())?;
    if graph.roots.is_empty() {
        return Err(no_match(args));
    }
    Ok((graph, Store::for_target(sizes), worker_pool(args)?))
}
