//! The load configuration: toolchain location, target platform, cgo, tags,
//! tests and module mode, read from the environment like the go command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::LoadError;
use crate::tags::arch_level_variable;

/// How dependencies are found (the go command's `-mod` flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModMode {
    /// From the module cache (`-mod=mod` and `-mod=readonly`: this loader
    /// never writes go.mod, so both mean the same here).
    ModuleCache,
    /// From the main module's `vendor/` directory.
    Vendor,
}

/// Everything that decides which packages and files a load selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub goroot: PathBuf,
    /// The module cache (GOMODCACHE).
    pub gomodcache: PathBuf,
    pub goos: String,
    pub goarch: String,
    /// Whether files importing "C" take part: CGO_ENABLED, or when unset
    /// the go command's default (see [`cgo_default`]).
    pub cgo_enabled: bool,
    /// Extra build tags (`-tags`).
    pub build_tags: Vec<String>,
    /// The GOEXPERIMENT setting; empty means the toolchain's default.
    pub goexperiment: String,
    /// The architecture level (GOAMD64, GOARM, … for `goarch`); `None`
    /// means the toolchain's default.
    pub arch_level: Option<String>,
    /// Whether `_test.go` files are listed. When false they appear nowhere,
    /// not even as ignored files; they still make a directory with nothing
    /// else count as a package, as for the go command.
    pub tests: bool,
    /// An explicit `-mod` setting; `None` chooses like the go command:
    /// vendor when the main module has a vendor directory and says
    /// `go 1.14` or later, the module cache otherwise.
    pub mod_mode: Option<ModMode>,
    /// The directory relative patterns and the main module are found from.
    pub work_dir: PathBuf,
}

impl Config {
    /// Reads the configuration from the process environment, the go
    /// command's environment file (`go env -w` settings) and, only if
    /// GOROOT is not set, one run of `go env GOROOT GOMODCACHE`.
    pub fn from_env() -> Result<Config, LoadError> {
        let work_dir =
            std::env::current_dir().map_err(|err| LoadError::io(Path::new("."), &err))?;
        Config::from_lookup(&|name| std::env::var(name).ok(), work_dir)
    }

    /// Like [`Config::from_env`] with `env` standing for the environment.
    pub fn from_lookup(
        env: &dyn Fn(&str) -> Option<String>,
        work_dir: PathBuf,
    ) -> Result<Config, LoadError> {
        let env_file = read_env_file(env);
        let get = |name: &str| {
            env(name).filter(|value| !value.is_empty()).or_else(|| {
                env_file
                    .get(name)
                    .cloned()
                    .filter(|value| !value.is_empty())
            })
        };
        let (goroot, go_env_modcache) = match get("GOROOT") {
            Some(goroot) => (PathBuf::from(goroot), None),
            None => {
                let (goroot, modcache) = ask_go_env()?;
                (goroot, modcache)
            }
        };
        let gomodcache = get("GOMODCACHE")
            .map(PathBuf::from)
            .or(go_env_modcache)
            .or_else(|| {
                let gopath = get("GOPATH").or_else(|| Some(format!("{}/go", env("HOME")?)))?;
                let first = std::env::split_paths(&gopath).next()?;
                Some(first.join("pkg/mod"))
            })
            .unwrap_or_else(|| PathBuf::from("go/pkg/mod"));
        let goos = get("GOOS").unwrap_or_else(|| host_goos().to_string());
        let goarch = get("GOARCH").unwrap_or_else(|| host_goarch().to_string());
        let cgo_enabled = match get("CGO_ENABLED").as_deref() {
            None => cgo_default(env, &goos, &goarch),
            Some("0") => false,
            Some("1") => true,
            Some(other) => {
                return Err(LoadError::InvalidSetting {
                    name: "CGO_ENABLED".into(),
                    value: other.into(),
                    reason: "must be 0 or 1".into(),
                })
            }
        };
        let flags = parse_goflags(get("GOFLAGS").as_deref().unwrap_or(""))?;
        let arch_level = arch_level_variable(&goarch).and_then(get);
        Ok(Config {
            goroot,
            gomodcache,
            goos,
            goarch,
            cgo_enabled,
            build_tags: flags.tags,
            goexperiment: get("GOEXPERIMENT").unwrap_or_default(),
            arch_level,
            tests: false,
            mod_mode: flags.mod_mode,
            work_dir,
        })
    }
}

/// Whether cgo is on when CGO_ENABLED is unset, by the go command's rule:
/// only for a native build (the target is the host) on a platform cgo
/// supports, and only if a C compiler is found: `$CC` when set, else the
/// platform's default compiler in `$PATH`.
fn cgo_default(env: &dyn Fn(&str) -> Option<String>, goos: &str, goarch: &str) -> bool {
    if goos != host_goos() || goarch != host_goarch() || !cgo_supported(goos, goarch) {
        return false;
    }
    if env("CC").is_some_and(|cc| !cc.is_empty()) {
        return true;
    }
    let compiler = match goos {
        "darwin" | "ios" | "freebsd" | "openbsd" => "clang",
        _ => "gcc",
    };
    env("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| is_executable(&dir.join(compiler)))
    })
}

/// The platforms on which the go command can build cgo (`go tool dist
/// list -json`'s CgoSupported).
fn cgo_supported(goos: &str, goarch: &str) -> bool {
    let arches: &[&str] = match goos {
        "linux" => &[
            "386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle",
            "ppc64le", "riscv64", "s390x", "sparc64",
        ],
        "android" | "netbsd" => &["386", "amd64", "arm", "arm64"],
        "freebsd" => &["386", "amd64", "arm", "arm64", "riscv64"],
        "openbsd" => &["386", "amd64", "arm", "arm64", "mips64", "riscv64"],
        "darwin" | "ios" => &["amd64", "arm64"],
        "windows" => &["386", "amd64", "arm64"],
        "aix" => &["ppc64"],
        "dragonfly" | "illumos" | "solaris" => &["amd64"],
        _ => &[],
    };
    arches.contains(&goarch)
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file() || path.with_extension("exe").is_file()
    }
}

/// Splits a `-tags` value: comma-separated, or space-separated in the
/// legacy form.
pub fn split_tags(value: &str) -> Vec<String> {
    let separator = if value.contains(',') { ',' } else { ' ' };
    value
        .split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The GOFLAGS entries this loader understands; others are irrelevant to
/// package loading and ignored.
struct GoFlags {
    tags: Vec<String>,
    mod_mode: Option<ModMode>,
}

fn parse_goflags(goflags: &str) -> Result<GoFlags, LoadError> {
    let mut flags = GoFlags {
        tags: Vec::new(),
        mod_mode: None,
    };
    for flag in goflags.split_whitespace() {
        let flag = flag.trim_start_matches('-');
        let Some((name, value)) = flag.split_once('=') else {
            continue;
        };
        match name {
            "tags" => flags.tags = split_tags(value),
            "mod" => {
                flags.mod_mode = Some(match value {
                    "mod" | "readonly" => ModMode::ModuleCache,
                    "vendor" => ModMode::Vendor,
                    _ => {
                        return Err(LoadError::InvalidSetting {
                            name: "GOFLAGS".into(),
                            value: goflags.into(),
                            reason: format!("-mod={value}: must be mod, readonly or vendor"),
                        })
                    }
                })
            }
            _ => {}
        }
    }
    Ok(flags)
}

/// The settings written by `go env -w`: `$GOENV`, or `go/env` in the user
/// configuration directory.
fn read_env_file(env: &dyn Fn(&str) -> Option<String>) -> HashMap<String, String> {
    let path = match env("GOENV").filter(|v| !v.is_empty()) {
        Some(off) if off == "off" => return HashMap::new(),
        Some(path) => PathBuf::from(path),
        None => match env("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
            Some(config) => PathBuf::from(config).join("go/env"),
            None => match env("HOME") {
                Some(home) => PathBuf::from(home).join(".config/go/env"),
                None => return HashMap::new(),
            },
        },
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect()
}

/// Runs `go env GOROOT GOMODCACHE` once.
fn ask_go_env() -> Result<(PathBuf, Option<PathBuf>), LoadError> {
    let output = Command::new("go")
        .args(["env", "GOROOT", "GOMODCACHE"])
        .output()
        .map_err(|err| LoadError::NoGoroot {
            reason: err.to_string(),
        })?;
    if !output.status.success() {
        return Err(LoadError::NoGoroot {
            reason: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines().map(str::trim);
    let goroot = lines
        .next()
        .filter(|line| !line.is_empty())
        .ok_or_else(|| LoadError::NoGoroot {
            reason: "`go env GOROOT` printed nothing".into(),
        })?;
    let modcache = lines
        .next()
        .filter(|line| !line.is_empty())
        .map(PathBuf::from);
    Ok((PathBuf::from(goroot), modcache))
}

/// The host operating system, named as Go names it.
pub fn host_goos() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// The host architecture, named as Go names it.
pub fn host_goarch() -> &'static str {
    let little_endian = cfg!(target_endian = "little");
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "x86" => "386",
        "aarch64" => "arm64",
        "loongarch64" => "loong64",
        "powerpc64" if little_endian => "ppc64le",
        "powerpc64" => "ppc64",
        "mips" if little_endian => "mipsle",
        "mips64" if little_endian => "mips64le",
        "wasm32" => "wasm",
        other => other,
    }
}
