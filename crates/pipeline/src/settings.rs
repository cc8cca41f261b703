//! What a run is configured with: the go command's environment (which
//! packages and files, for which target) and gc's flags.

use std::path::PathBuf;

use goescape_escape::{Level, Options};
use goescape_load::Config;

use crate::Diagnostic;

#[derive(Clone, Debug)]
pub struct Settings {
    /// GOROOT, GOOS, GOARCH, CGO_ENABLED, GOEXPERIMENT, GOFLAGS' `-tags`
    /// and `-mod`, the working directory.
    pub load: Config,
    /// gc's flags for some of the packages, as the go command's
    /// `-gcflags=[pattern=]flags` gives them: the last entry that matches a
    /// package wins; a package none matches is compiled with default
    /// flags (analysed for its tags, reported silently).
    pub gcflags: Vec<GcFlags>,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
}

/// gc's flags for the packages `packages` selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcFlags {
    pub packages: Packages,
    /// `-m=N` and `-d=escapemutationscalls`.
    pub analysis: Options,
    /// `-l`. Without it the inliner's verdicts are reported (`can inline`);
    /// calls are not inlined yet: escape analysis runs as with `-l`.
    pub no_inline: bool,
    /// `-json=0,DIR`: gc's optimisation records are wanted, below DIR
    /// (written by the caller; the pipeline does no output).
    pub records: Option<PathBuf>,
}

impl GcFlags {
    /// `analysis` for the packages the patterns match, as with `-l` and
    /// no records.
    pub fn named(analysis: Options) -> GcFlags {
        GcFlags {
            packages: Packages::Named,
            analysis,
            no_inline: true,
            records: None,
        }
    }

    /// What the analysis runs with: the options asked for, at the
    /// records' depth when records are wanted, as they carry the
    /// explanations (the caller shows only what the asked level shows).
    pub fn analysed(&self) -> Options {
        let mut options = self.analysis;
        if self.records.is_some() {
            options.level = Level::Recorded;
        }
        options
    }
}

/// Which packages a [`GcFlags`] entry applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Packages {
    /// The packages the patterns of the run match (`-gcflags=flags`).
    Named,
    /// Every package, dependencies included (`-gcflags=all=flags`).
    All,
    /// The packages a go command pattern matches (`-gcflags=net/...=flags`).
    Pattern(String),
}

impl Settings {
    /// Settings reporting the packages the patterns match with `analysis`
    /// (gc's `-gcflags` without a pattern).
    pub fn analyse_named(mut self, analysis: Options) -> Settings {
        self.gcflags = vec![GcFlags::named(analysis)];
        self
    }

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
            gcflags: Vec::new(),
            threads: None,
        })
    }
}
