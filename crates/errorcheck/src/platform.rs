//! The tags a test header's build constraints are evaluated against.
//!
//! Go's harness (cmd/internal/testdir) has its own, narrower tag set than
//! `go build`: GOOS, GOARCH, `gc`, release tags, the toolchain's
//! `goexperiment.*` tags, `cgo` when enabled, `test_run`, and
//! `gcflags_noopt` when GO_GCFLAGS disables optimisation or inlining. No
//! `unix`, no architecture levels such as `amd64.v1`.

use std::path::Path;

use goescape_load::{BuildContext, Config, LoadError};

/// The platform tests are selected for.
#[derive(Debug, Clone)]
pub struct Platform {
    context: BuildContext,
    /// GO_GCFLAGS contains `-N` or `-l`: tests marked `!gcflags_noopt`
    /// rely on optimisation and are skipped.
    gcflags_noopt: bool,
}

impl Platform {
    /// The platform of this process's environment (GOOS, GOARCH,
    /// GOEXPERIMENT, CGO_ENABLED, GO_GCFLAGS) for the toolchain at `goroot`,
    /// computed from GOROOT's files without running `go`.
    pub fn from_env(goroot: &Path) -> Result<Platform, LoadError> {
        let goroot = goroot.to_string_lossy().into_owned();
        let lookup = |name: &str| {
            if name == "GOROOT" {
                Some(goroot.clone())
            } else {
                std::env::var(name).ok()
            }
        };
        let work_dir =
            std::env::current_dir().map_err(|err| LoadError::io(Path::new("."), &err))?;
        let config = Config::from_lookup(&lookup, work_dir)?;
        let gcflags = std::env::var("GO_GCFLAGS").unwrap_or_default();
        Ok(Platform {
            context: BuildContext::new(&config)?,
            gcflags_noopt: gcflags.contains("-N") || gcflags.contains("-l"),
        })
    }

    /// The toolchain's version, e.g. `go1.26.8`.
    pub fn go_version(&self) -> String {
        format!("go{}", self.context.toolchain_version)
    }

    /// Whether a build tag holds, by Go's harness's rules.
    pub fn has_tag(&self, tag: &str) -> bool {
        let context = &self.context;
        match tag {
            "gc" | "test_run" => true,
            "cgo" => context.cgo_enabled,
            "gcflags_noopt" => self.gcflags_noopt,
            _ if tag.starts_with("goexperiment.") => {
                context.tool_tags.iter().any(|tool_tag| tool_tag == tag)
            }
            _ => {
                tag == context.goos
                    || tag == context.goarch
                    || context.release_tags.iter().any(|release| release == tag)
            }
        }
    }
}
