//! What a run is configured with: the go command's environment (which
//! packages and files, for which target) and gc's flags.

use std::path::PathBuf;

use goescape_escape::Options;
use goescape_load::Config;

use crate::Diagnostic;

#[derive(Clone, Debug)]
pub struct Settings {
    /// GOROOT, GOOS, GOARCH, CGO_ENABLED, GOEXPERIMENT, GOFLAGS' `-tags`
    /// and `-mod`, the working directory.
    pub load: Config,
    /// gc's `-m=N` and `-d=escapemutationscalls`, for the packages the
    /// patterns match.
    pub analysis: Options,
    /// gc's `-l`. Inlining is not modelled yet: every package is analysed
    /// as with `-l`.
    pub no_inline: bool,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
}

impl Settings {
    /// The settings of the process environment, as the go command reads
    /// it, run from `work_dir` (the current directory when `None`).
    pub fn from_env(work_dir: Option<PathBuf>) -> Result<Settings, Diagnostic> {
        let work_dir = match work_dir {
            Some(dir) => dir,
            None => std::env::current_dir().map_err(|err| {
                Diagnostic::plain(format!("finding the current directory: {err}"))
            })?,
        };
        Settings::from_lookup(&|name| std::env::var(name).ok(), work_dir)
    }

    /// Like [`Settings::from_env`] with `env` standing for the environment.
    pub fn from_lookup(
        env: &dyn Fn(&str) -> Option<String>,
        work_dir: PathBuf,
    ) -> Result<Settings, Diagnostic> {
        let load = Config::from_lookup(env, work_dir).map_err(Diagnostic::from_load)?;
        Ok(Settings {
            load,
            analysis: Options::default(),
            no_inline: false,
            threads: None,
        })
    }
}
