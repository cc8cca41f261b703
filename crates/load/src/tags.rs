//! The build context: which tags hold for a GOOS/GOARCH/cgo/tags setting,
//! and which file names and build constraints it accepts.
//!
//! Tool tags (`goexperiment.*` and architecture levels such as `amd64.v1`)
//! are computed here the way the Go 1.26 toolchain's `internal/buildcfg`
//! does, without running `go`: the toolchain defaults come from
//! `$GOROOT/src/internal/buildcfg/zbootstrap.go` (written when the toolchain
//! was built), the per-platform experiment baseline is the one of Go 1.26,
//! and `GOEXPERIMENT` / `GOAMD64` (etc.) from the environment override them.

use std::fs;
use std::path::Path;

use crate::config::Config;
use crate::constraint::Constraint;
use crate::error::LoadError;

/// Operating systems recognised in file-name suffixes (go/build's list,
/// which includes a few historical names).
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// The operating systems for which the `unix` tag holds.
pub const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// Architectures recognised in file-name suffixes.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// The tag-matching context of one build configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildContext {
    pub goos: String,
    pub goarch: String,
    pub cgo_enabled: bool,
    /// Extra tags from `-tags`.
    pub build_tags: Vec<String>,
    /// `goexperiment.*` and architecture-level tags.
    pub tool_tags: Vec<String>,
    /// `go1.1` … `go1.N` for the toolchain's Go 1.N.
    pub release_tags: Vec<String>,
    /// The toolchain's version without the `go` prefix, e.g. `1.26.8`: the
    /// language version of standard-library packages.
    pub toolchain_version: String,
}

impl BuildContext {
    /// Derives the context for `config`, reading the toolchain's version and
    /// defaults from its GOROOT.
    pub fn new(config: &Config) -> Result<BuildContext, LoadError> {
        let toolchain = Toolchain::read(&config.goroot)?;
        let experiments = enabled_experiments(
            &config.goos,
            &config.goarch,
            &toolchain.default("defaultGOEXPERIMENT"),
            &config.goexperiment,
        )?;
        let mut tool_tags: Vec<String> = experiments
            .iter()
            .map(|name| format!("goexperiment.{name}"))
            .collect();
        tool_tags.extend(arch_level_tags(config, &toolchain)?);
        Ok(BuildContext {
            goos: config.goos.clone(),
            goarch: config.goarch.clone(),
            cgo_enabled: config.cgo_enabled,
            build_tags: config.build_tags.clone(),
            tool_tags,
            release_tags: (1..=toolchain.minor)
                .map(|minor| format!("go1.{minor}"))
                .collect(),
            toolchain_version: toolchain.version,
        })
    }

    /// Whether a single build tag holds.
    pub fn has_tag(&self, tag: &str) -> bool {
        let goos = self.goos.as_str();
        match tag {
            "cgo" if self.cgo_enabled => return true,
            "gc" => return true,
            "linux" if goos == "android" => return true,
            "solaris" if goos == "illumos" => return true,
            "darwin" if goos == "ios" => return true,
            "unix" if UNIX_OS.contains(&goos) => return true,
            _ => {}
        }
        if tag == goos || tag == self.goarch {
            return true;
        }
        // `boringcrypto` is the old name of `goexperiment.boringcrypto`.
        let tag = if tag == "boringcrypto" {
            "goexperiment.boringcrypto"
        } else {
            tag
        };
        [&self.build_tags, &self.tool_tags, &self.release_tags]
            .iter()
            .any(|tags| tags.iter().any(|t| t == tag))
    }

    /// Whether a build constraint holds.
    pub fn matches(&self, constraint: &Constraint) -> bool {
        constraint.eval(&|tag| self.has_tag(tag))
    }

    /// Whether a file name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix
    /// (before an optional `_test`, and before the first `.`) allows it.
    /// The part before the first `_` never counts: `linux.go` is not tagged.
    pub fn matches_file_name(&self, name: &str) -> bool {
        let stem = name.split('.').next().unwrap_or(name);
        let Some(underscore) = stem.find('_') else {
            return true;
        };
        let mut parts: Vec<&str> = stem[underscore + 1..].split('_').collect();
        if parts.last() == Some(&"test") {
            parts.pop();
        }
        let is_os = |s: &str| KNOWN_OS.contains(&s);
        let is_arch = |s: &str| KNOWN_ARCH.contains(&s);
        match parts.as_slice() {
            [.., os, arch] if is_os(os) && is_arch(arch) => self.has_tag(os) && self.has_tag(arch),
            [.., last] if is_os(last) || is_arch(last) => self.has_tag(last),
            _ => true,
        }
    }
}

/// What a GOROOT says about its toolchain.
struct Toolchain {
    /// `1.26.8` (or `1.26` when GOROOT has no VERSION file).
    version: String,
    /// 26 for Go 1.26.
    minor: u32,
    /// `zbootstrap.go`, the defaults baked in when the toolchain was built.
    bootstrap: String,
}

impl Toolchain {
    fn read(goroot: &Path) -> Result<Toolchain, LoadError> {
        let goversion_file = goroot.join("src/internal/goversion/goversion.go");
        let goversion = fs::read_to_string(&goversion_file)
            .map_err(|err| LoadError::io(&goversion_file, &err))?;
        let minor = goversion
            .lines()
            .find_map(|line| line.trim().strip_prefix("const Version = "))
            .and_then(|n| n.trim().parse::<u32>().ok())
            .ok_or_else(|| LoadError::Io {
                path: goversion_file.clone(),
                message: "no `const Version = N` line".into(),
            })?;
        // VERSION is absent in development trees; the release number suffices.
        let version = fs::read_to_string(goroot.join("VERSION"))
            .ok()
            .and_then(|text| {
                let first = text.lines().next()?.trim().strip_prefix("go")?.to_string();
                first.starts_with(&format!("1.{minor}")).then_some(first)
            })
            .unwrap_or_else(|| format!("1.{minor}"));
        let bootstrap = fs::read_to_string(goroot.join("src/internal/buildcfg/zbootstrap.go"))
            .unwrap_or_default();
        Ok(Toolchain {
            version,
            minor,
            bootstrap,
        })
    }

    /// The value of a `const NAME = `value`` line of zbootstrap.go, or "".
    fn default(&self, name: &str) -> String {
        let prefix = format!("const {name} = ");
        self.bootstrap
            .lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .map(|value| {
                value
                    .trim()
                    .trim_matches(|c| c == '`' || c == '"')
                    .to_string()
            })
            .unwrap_or_default()
    }
}

/// The toolchain experiments in effect, as lower-case names: the Go 1.26
/// platform baseline, then the toolchain's built-in default GOEXPERIMENT,
/// or `goexperiment` (the environment's) instead when that is set.
fn enabled_experiments(
    goos: &str,
    goarch: &str,
    toolchain_default: &str,
    goexperiment: &str,
) -> Result<Vec<String>, LoadError> {
    let regabi_supported = matches!(
        goarch,
        "amd64" | "arm64" | "loong64" | "ppc64le" | "ppc64" | "riscv64" | "s390x"
    );
    let regabi_always_on = regabi_supported && goarch != "s390x";
    let dwarf5_supported = !matches!(goos, "darwin" | "ios" | "aix");
    // Kept in the toolchain's flag order, so the tags read like `go list`'s.
    let mut experiments: Vec<(String, bool)> = [
        ("regabiwrappers", regabi_supported),
        ("regabiargs", regabi_supported),
        ("dwarf5", dwarf5_supported),
        ("greenteagc", true),
        ("randomizedheapbase64", true),
    ]
    .into_iter()
    .map(|(name, on)| (name.to_string(), on))
    .collect();
    let setting = if goexperiment.is_empty() {
        toolchain_default
    } else {
        goexperiment
    };
    for item in setting
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        if item == "none" {
            experiments.iter_mut().for_each(|(_, on)| *on = false);
            continue;
        }
        let (name, on) = match item.strip_prefix("no") {
            Some(name) => (name, false),
            None => (item, true),
        };
        if !crate::constraint::is_valid_tag(name) {
            return Err(LoadError::InvalidSetting {
                name: "GOEXPERIMENT".into(),
                value: setting.into(),
                reason: format!("malformed experiment {item:?}"),
            });
        }
        if name == "regabi" {
            set_experiment(&mut experiments, "regabiwrappers", on);
            set_experiment(&mut experiments, "regabiargs", on);
        } else {
            set_experiment(&mut experiments, name, on);
        }
    }
    if regabi_always_on || !regabi_supported {
        set_experiment(&mut experiments, "regabiwrappers", regabi_always_on);
        set_experiment(&mut experiments, "regabiargs", regabi_always_on);
    }
    Ok(experiments
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name)
        .collect())
}

fn set_experiment(experiments: &mut Vec<(String, bool)>, name: &str, on: bool) {
    match experiments.iter_mut().find(|(n, _)| n == name) {
        Some(entry) => entry.1 = on,
        None => experiments.push((name.to_string(), on)),
    }
}

/// The environment variable that sets GOARCH's architecture level, if any.
pub fn arch_level_variable(goarch: &str) -> Option<&'static str> {
    Some(match goarch {
        "386" => "GO386",
        "amd64" => "GOAMD64",
        "arm" => "GOARM",
        "arm64" => "GOARM64",
        "mips" | "mipsle" => "GOMIPS",
        "mips64" | "mips64le" => "GOMIPS64",
        "ppc64" | "ppc64le" => "GOPPC64",
        "riscv64" => "GORISCV64",
        _ => return None,
    })
}

/// Tags such as `amd64.v1`, `arm.7` or `ppc64.power8`: every level up to
/// the configured one.
fn arch_level_tags(config: &Config, toolchain: &Toolchain) -> Result<Vec<String>, LoadError> {
    let (goos, goarch) = (config.goos.as_str(), config.goarch.as_str());
    if goarch == "wasm" {
        return Ok(vec!["wasm.satconv".into(), "wasm.signext".into()]);
    }
    let Some(variable) = arch_level_variable(goarch) else {
        return Ok(Vec::new());
    };
    let default = match toolchain.default(&format!("Default{variable}")) {
        // Android arm devices always support GOARM=7.
        _ if goos == "android" && goarch == "arm" => "7".to_string(),
        d if d.is_empty() => builtin_arch_default(variable).to_string(),
        d => d,
    };
    let value = config
        .arch_level
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or(default);
    let invalid = |reason: &str| LoadError::InvalidSetting {
        name: variable.into(),
        value: value.clone(),
        reason: reason.into(),
    };
    let tag = |level: String| format!("{goarch}.{level}");
    let tags = match variable {
        "GO386" | "GOMIPS" | "GOMIPS64" => match value.as_str() {
            "sse2" | "softfloat" if variable == "GO386" => vec![tag(value.clone())],
            "hardfloat" | "softfloat" if variable != "GO386" => vec![tag(value.clone())],
            _ => return Err(invalid("unknown value")),
        },
        "GOAMD64" => {
            let level = numbered_level(&value, "v", 1..=4)
                .ok_or_else(|| invalid("must be v1, v2, v3, v4"))?;
            (1..=level).map(|l| tag(format!("v{l}"))).collect()
        }
        "GOARM" => {
            let base = value
                .trim_end_matches(",softfloat")
                .trim_end_matches(",hardfloat");
            let level = numbered_level(base, "", 5..=7)
                .ok_or_else(|| invalid("must start with 5, 6, or 7"))?;
            (5..=level).map(|l| tag(l.to_string())).collect()
        }
        "GOARM64" => {
            let base = value.split(',').next().unwrap_or_default();
            let (major, minor) = base
                .strip_prefix('v')
                .and_then(|v| v.split_once('.'))
                .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
                .filter(|&(major, minor)| (major == 8 && minor <= 9) || (major == 9 && minor <= 5))
                .ok_or_else(|| invalid("must be v8.{0-9} or v9.{0-5}"))?;
            let mut tags: Vec<String> = (0..=minor).map(|m| tag(format!("v{major}.{m}"))).collect();
            // v9.x includes v8.(x+5).
            if major == 9 {
                tags.extend((0..=(minor + 5).min(9)).map(|m| tag(format!("v8.{m}"))));
            }
            tags
        }
        "GOPPC64" => {
            let level = numbered_level(&value, "power", 8..=10)
                .ok_or_else(|| invalid("must be power8, power9, power10"))?;
            (8..=level).map(|l| tag(format!("power{l}"))).collect()
        }
        "GORISCV64" => {
            let profiles = ["rva20u64", "rva22u64", "rva23u64"];
            let level = profiles
                .iter()
                .position(|p| *p == value)
                .ok_or_else(|| invalid("must be rva20u64, rva22u64, rva23u64"))?;
            profiles[..=level]
                .iter()
                .map(|p| tag(p.to_string()))
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(tags)
}

/// Parses `prefix` followed by a number within `range`.
fn numbered_level(value: &str, prefix: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    let level = value.strip_prefix(prefix)?.parse::<u32>().ok()?;
    range.contains(&level).then_some(level)
}

/// Toolchain defaults for a GOROOT whose zbootstrap.go does not say.
fn builtin_arch_default(variable: &str) -> &'static str {
    match variable {
        "GO386" => "sse2",
        "GOAMD64" => "v1",
        "GOARM" => "7",
        "GOARM64" => "v8.0",
        "GOPPC64" => "power8",
        "GORISCV64" => "rva20u64",
        _ => "hardfloat",
    }
}
