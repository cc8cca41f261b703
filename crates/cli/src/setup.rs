//! What every command does before its own work: the pipeline, configured
//! from the environment and the shared flags.

use goescape_pipeline::{Pipeline, Settings};

use crate::args::LoadArgs;

/// The settings of `args` (`tests`: include `_test.go` files). Honours
/// `-C` by changing the process's directory, so paths print relative to
/// it.
pub fn settings(args: &LoadArgs, tests: bool) -> Result<Settings, String> {
    let work_dir = match &args.work_dir {
        Some(dir) => {
            let dir_path = std::fs::canonicalize(dir).map_err(|err| format!("-C {dir}: {err}"))?;
            std::env::set_current_dir(&dir_path).map_err(|err| format!("-C {dir}: {err}"))?;
            Some(dir_path)
        }
        None => None,
    };
    let mut settings = Settings::from_env(work_dir).map_err(|d| d.to_string())?;
    settings.load.tests = tests;
    settings.load.build_tags.extend(args.tags.iter().cloned());
    settings.threads = args.threads;
    Ok(settings)
}

/// The pipeline `settings` describe.
pub fn pipeline(settings: Settings) -> Result<Pipeline, String> {
    Pipeline::new(settings).map_err(|d| d.to_string())
}

/// The patterns as the pipeline takes them.
pub fn patterns(args: &LoadArgs) -> Vec<&str> {
    args.patterns.iter().map(String::as_str).collect()
}
