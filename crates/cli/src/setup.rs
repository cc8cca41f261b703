//! What every command does before its own work: the pipeline, configured
//! from the environment and the shared flags.

use std::path::PathBuf;

use goescape_pipeline::{Pipeline, Settings};

use crate::args::LoadArgs;

/// The settings of `args` (`tests`: include `_test.go` files). Honours
/// `-C` by changing the process's directory, so paths print relative to
/// it.
pub fn settings(args: &LoadArgs, tests: bool) -> Result<Settings, String> {
    let work_dir = enter_work_dir(args)?;
    let mut settings = settings_in(args, work_dir)?;
    settings.load.tests = tests;
    Ok(settings)
}

/// Changes the process's directory as `-C` asks: the new directory, or
/// `None` without `-C`.
pub fn enter_work_dir(args: &LoadArgs) -> Result<Option<PathBuf>, String> {
    let Some(dir) = &args.work_dir else {
        return Ok(None);
    };
    let dir_path = std::fs::canonicalize(dir).map_err(|err| format!("-C {dir}: {err}"))?;
    std::env::set_current_dir(&dir_path).map_err(|err| format!("-C {dir}: {err}"))?;
    Ok(Some(dir_path))
}

/// The settings of `args` (tests excluded) for a run from `work_dir`
/// (the current directory when `None`); `-C` is not looked at.
pub fn settings_in(args: &LoadArgs, work_dir: Option<PathBuf>) -> Result<Settings, String> {
    let mut settings = Settings::from_env(work_dir).map_err(|d| d.to_string())?;
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
