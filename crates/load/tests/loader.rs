//! Loader behaviour on hermetic fixtures: a miniature GOROOT, a miniature
//! module cache and small modules. None of these tests needs the go command.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use goescape_load::{
    BuildContext, Config, ImportKind, ImportTarget, LoadError, Loader, ModMode, Resolution,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn config(work_dir: &str) -> Config {
    Config {
        goroot: fixture("goroot"),
        gomodcache: fixture("modcache"),
        goos: "linux".into(),
        goarch: "amd64".into(),
        cgo_enabled: false,
        build_tags: Vec::new(),
        goexperiment: String::new(),
        arch_level: None,
        tests: false,
        mod_mode: None,
        work_dir: fixture(work_dir),
    }
}

fn loader(config: Config) -> Loader {
    Loader::new(config).expect("loader")
}

fn import_paths(packages: &[goescape_load::Package]) -> Vec<&str> {
    packages.iter().map(|p| p.import_path()).collect()
}

#[test]
fn tool_tags_come_from_the_toolchain_defaults_and_environment() {
    // The fixture GOROOT was "built" with GOAMD64=v3 and GOEXPERIMENT=arenas,nodwarf5.
    let context = BuildContext::new(&config("goroot")).expect("context");
    assert_eq!(
        context.tool_tags,
        [
            "goexperiment.regabiwrappers",
            "goexperiment.regabiargs",
            "goexperiment.greenteagc",
            "goexperiment.randomizedheapbase64",
            "goexperiment.arenas",
            "amd64.v1",
            "amd64.v2",
            "amd64.v3",
        ]
    );
    assert_eq!(
        context.release_tags.last().map(String::as_str),
        Some("go1.26")
    );
    assert_eq!(context.toolchain_version, "1.26.8");

    // GOEXPERIMENT replaces the built-in default; the architecture level overrides too.
    let mut custom = config("goroot");
    custom.goexperiment = "nogreenteagc,fieldtrack".into();
    custom.arch_level = Some("v2".into());
    let context = BuildContext::new(&custom).expect("context");
    assert!(context.has_tag("goexperiment.dwarf5"));
    assert!(context.has_tag("goexperiment.fieldtrack"));
    assert!(!context.has_tag("goexperiment.greenteagc"));
    assert!(!context.has_tag("goexperiment.arenas"));
    assert!(context.has_tag("amd64.v2") && !context.has_tag("amd64.v3"));

    // regabi cannot be turned off where it is always on, nor on where unsupported.
    custom.goexperiment = "noregabi".into();
    assert!(BuildContext::new(&custom)
        .expect("context")
        .has_tag("goexperiment.regabiargs"));
    let mut s390x = config("goroot");
    (s390x.goarch, s390x.goexperiment) = ("s390x".into(), "noregabi".into());
    assert!(!BuildContext::new(&s390x)
        .expect("context")
        .has_tag("goexperiment.regabiargs"));
    let mut wasm = config("goroot");
    (wasm.goos, wasm.goarch) = ("js".into(), "wasm".into());
    let context = BuildContext::new(&wasm).expect("context");
    assert!(!context.has_tag("goexperiment.regabiargs"));
    assert!(context.has_tag("wasm.satconv") && context.has_tag("wasm.signext"));

    let mut arm64 = config("goroot");
    (arm64.goarch, arm64.arch_level) = ("arm64".into(), Some("v9.1,lse".into()));
    let context = BuildContext::new(&arm64).expect("context");
    assert!(
        context.has_tag("arm64.v9.1")
            && context.has_tag("arm64.v8.6")
            && !context.has_tag("arm64.v8.7")
    );
    let mut darwin = config("goroot");
    darwin.goos = "darwin".into();
    assert!(!BuildContext::new(&darwin)
        .expect("context")
        .has_tag("goexperiment.dwarf5"));

    let mut bad = config("goroot");
    bad.arch_level = Some("v5".into());
    let err = BuildContext::new(&bad).expect_err("GOAMD64=v5");
    assert!(
        matches!(err, LoadError::InvalidSetting { ref name, .. } if name == "GOAMD64"),
        "{err}"
    );
}

#[test]
fn std_and_cmd_patterns() {
    let loader = loader(config("goroot"));
    let std = loader.load_patterns(&["std"]).expect("std");
    assert_eq!(
        import_paths(&std),
        [
            "fmt",
            "internal/buildcfg",
            "internal/goversion",
            "net/http",
            "unsafe",
            "vendor/golang.org/x/net/idna"
        ]
    );
    assert!(std
        .iter()
        .all(|p| p.location.standard && p.location.module.is_none()));
    assert_eq!(std[0].go_version, "1.26.8");
    assert!(
        std[0].test_go_files.is_empty() && std[0].xtest_go_files.is_empty(),
        "no tests unless asked"
    );
    let cmd = loader.load_patterns(&["cmd"]).expect("cmd");
    assert_eq!(
        import_paths(&cmd),
        ["cmd/tool", "cmd/vendor/golang.org/x/mod/semver"]
    );

    let mut with_cgo = config("goroot");
    with_cgo.cgo_enabled = true;
    with_cgo.tests = true;
    let loader = self::loader(with_cgo);
    let std = loader.load_patterns(&["std", "fmt"]).expect("std");
    assert!(import_paths(&std).contains(&"runtime/cgo"));
    assert_eq!(
        std.iter().filter(|p| p.import_path() == "fmt").count(),
        1,
        "each package once"
    );
    assert_eq!(std[0].xtest_go_files, ["fmt_test.go"]);
    let wildcard = loader.load_patterns(&["net/..."]).expect("net/...");
    assert_eq!(import_paths(&wildcard), ["net/http"]);
}

#[test]
fn goroot_vendor_trees_serve_goroot_importers() {
    let loader = loader(config("goroot"));
    let http = loader
        .load_patterns(&["net/http"])
        .expect("net/http")
        .remove(0);
    let resolved = loader
        .resolve_import(Some(&http.location), "golang.org/x/net/idna")
        .expect("resolve");
    let Resolution::Package(location) = resolved else {
        panic!("not a package")
    };
    assert_eq!(location.import_path, "vendor/golang.org/x/net/idna");
    assert!(location.standard);

    let tool = loader
        .load_patterns(&["cmd/tool"])
        .expect("cmd/tool")
        .remove(0);
    let Ok(Resolution::Package(location)) =
        loader.resolve_import(Some(&tool.location), "golang.org/x/mod/semver")
    else {
        panic!("cmd vendor")
    };
    assert_eq!(location.import_path, "cmd/vendor/golang.org/x/mod/semver");

    // Outside GOROOT the vendored copies are invisible.
    let err = loader
        .resolve_import(None, "golang.org/x/net/idna")
        .expect_err("no module");
    assert!(matches!(err, LoadError::PackageNotFound { .. }), "{err}");
    assert_eq!(loader.resolve_import(None, "C"), Ok(Resolution::Cgo));
    assert!(matches!(
        loader.resolve_import(None, "unsafe"),
        Ok(Resolution::Package(_))
    ));
    for bad in ["./rel", "/abs", "a//b", "x@v1", "a b"] {
        assert!(
            matches!(
                loader.resolve_import(None, bad),
                Err(LoadError::InvalidImportPath { .. })
            ),
            "{bad}"
        );
    }
    let err = loader
        .resolve_import(None, "notthere")
        .expect_err("missing std package");
    assert!(err.to_string().contains("is not in std"), "{err}");
}

#[test]
fn module_cache_graph_with_pruning_and_replacements() {
    let loader = loader(config("cachefix"));
    assert!(!loader.vendor_mode());
    let main = loader.main_module().expect("main module");
    assert_eq!(
        (main.path.as_str(), main.go_version.as_deref()),
        ("example.com/cachefix", Some("1.21"))
    );
    let versions: Vec<(&str, &str)> = loader
        .dependency_modules()
        .into_iter()
        .map(|m| (m.path.as_str(), m.version.as_deref().unwrap_or("")))
        .collect();
    // example.com/pruned@v1.2.0 is listed by Upper (go 1.21, so pruned):
    // its own requirement on deep v1.5.0 is never read.
    assert_eq!(
        versions,
        [
            ("example.com/Upper", "v1.0.0"),
            ("example.com/absent", "v0.1.0"),
            ("example.com/deep", "v1.3.0"),
            ("example.com/old", "v1.0.0"),
            ("example.com/pruned", "v1.2.0"),
        ]
    );

    let graph = loader.load_graph(&["."]).expect("graph");
    let root = &graph.nodes[graph.roots[0]];
    assert_eq!(root.package.import_path(), "example.com/cachefix");
    assert_eq!(root.package.go_version, "1.21");
    let target = |path: &str| {
        let edge = root
            .imports
            .iter()
            .find(|e| e.path == path)
            .unwrap_or_else(|| panic!("edge {path}"));
        assert_eq!(edge.kind, ImportKind::Normal);
        edge.target.clone()
    };
    let node = |path: &str| match target(path) {
        ImportTarget::Package(index) => &graph.nodes[index].package,
        other => panic!("{path}: {other:?}"),
    };
    let upper = node("example.com/Upper");
    assert!(upper
        .location
        .dir
        .ends_with("modcache/example.com/!upper@v1.0.0"));
    assert_eq!(upper.name, "upper");
    assert_eq!(upper.go_version, "1.21");
    assert_eq!(node("example.com/Upper/sub").name, "sub");
    let old = node("example.com/old");
    assert!(
        old.location.dir.ends_with("example.com/new@v1.4.0"),
        "replaced by module@version"
    );
    assert_eq!(old.go_version, "1.19");
    assert_eq!(
        node("example.com/deep").go_version,
        "1.16",
        "no go line means go 1.16"
    );
    let http = node("net/http");
    assert!(http.location.standard);
    assert!(
        graph.get("vendor/golang.org/x/net/idna").is_some(),
        "std's vendored import followed"
    );
    assert!(
        graph.get("example.com/pruned").is_some(),
        "transitive import followed"
    );
    for (path, needle) in [
        ("example.com/absent/pkg", "is not in the module cache"),
        ("example.com/unrequired/pkg", "no module required by"),
    ] {
        match target(path) {
            ImportTarget::Unresolved(err) => {
                assert!(err.to_string().contains(needle), "{path}: {err}")
            }
            other => panic!("{path}: {other:?}"),
        }
    }

    let order = graph.dependency_order();
    assert_eq!(order.len(), graph.nodes.len());
    let position = |path: &str| {
        order
            .iter()
            .position(|&i| graph.nodes[i].package.import_path() == path)
    };
    assert!(position("fmt") < position("net/http"));
    assert!(position("unsafe") < position("fmt"));
    assert!(position("example.com/pruned") < position("example.com/Upper"));
    assert_eq!(position("example.com/cachefix"), Some(order.len() - 1));

    // The parallel schedule runs each package once, after its imports.
    let runs: Vec<AtomicUsize> = graph.nodes.iter().map(|_| AtomicUsize::new(0)).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .expect("pool");
    pool.install(|| {
        graph.for_each_in_dependency_order(&|node| {
            for edge in &graph.nodes[node].imports {
                if let ImportTarget::Package(target) = edge.target {
                    let path = graph.nodes[node].package.import_path();
                    assert_eq!(
                        runs[target].load(Ordering::SeqCst),
                        1,
                        "{path} before {}",
                        edge.path
                    );
                }
            }
            runs[node].fetch_add(1, Ordering::SeqCst);
        })
    });
    assert!(runs.iter().all(|count| count.load(Ordering::SeqCst) == 1));
}

#[test]
fn directory_and_file_patterns() {
    let loader = loader(config("cachefix"));
    let all = loader.load_patterns(&["./..."]).expect("./...");
    assert_eq!(import_paths(&all), ["example.com/cachefix"]);
    let dot = loader.load_patterns(&["."]).expect(".");
    assert_eq!(dot[0].go_files, ["main.go"]);

    let files = loader.load_patterns(&["main.go"]).expect("files");
    assert_eq!(files[0].import_path(), "command-line-arguments");
    assert_eq!(
        files[0].location.module.as_ref().map(|m| m.path.as_str()),
        Some("example.com/cachefix")
    );
    let err = loader
        .load_patterns(&["main.go", "../modfix/main.go"])
        .expect_err("two dirs");
    assert!(
        matches!(err, LoadError::FilesInSeveralDirectories { .. }),
        "{err}"
    );

    // A module-cache directory maps to its module's import path.
    let dir = fixture("modcache/example.com/!upper@v1.0.0/sub");
    let location = loader.locate_dir(&dir).expect("locate");
    assert_eq!(location.import_path, "example.com/Upper/sub");
    let err = loader.locate_dir(Path::new("/")).expect_err("outside");
    assert!(matches!(err, LoadError::DirectoryOutsideModules { .. }));
    let err = loader.load_patterns(&["all"]).expect_err("all");
    assert!(matches!(err, LoadError::UnsupportedPattern { .. }));
}

#[test]
fn vendor_mode_is_the_default_with_a_vendor_directory() {
    let loader = loader(config("vendfix"));
    assert!(loader.vendor_mode());
    let packages = loader
        .load_patterns(&["./...", "example.com/vdep/..."])
        .expect("patterns");
    assert_eq!(
        import_paths(&packages),
        [
            "example.com/vendfix/app",
            "example.com/vdep",
            "example.com/vdep/sub"
        ]
    );
    let vdep = &packages[1];
    assert!(vdep
        .location
        .dir
        .ends_with("vendfix/vendor/example.com/vdep"));
    assert_eq!(vdep.go_version, "1.20");
    // Go 1.23+ ignores vendored packages missing from modules.txt.
    assert!(loader.resolve_import(None, "example.com/unlisted").is_err());

    let mut module_cache = config("vendfix");
    module_cache.mod_mode = Some(ModMode::ModuleCache);
    let loader = self::loader(module_cache);
    assert!(!loader.vendor_mode());
    let err = loader
        .resolve_import(None, "example.com/vdep")
        .expect_err("not in the cache");
    assert!(err.to_string().contains("not in the module cache"), "{err}");
}

/// CGO_ENABLED unset: on for a native build with a C compiler, as the go
/// command decides (this host being one cgo supports).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn cgo_defaults_to_on_for_native_builds_with_a_c_compiler() {
    use std::os::unix::fs::PermissionsExt;
    let bin = std::env::temp_dir().join(format!("goescape-load-cc-{}", std::process::id()));
    std::fs::create_dir_all(&bin).expect("bin dir");
    let gcc = bin.join("gcc");
    std::fs::write(&gcc, "").expect("gcc");
    std::fs::set_permissions(&gcc, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let goroot = fixture("goroot").display().to_string();
    let path = bin.display().to_string();
    let cgo = |vars: &[(&str, &str)]| {
        let env = |name: &str| match name {
            "GOROOT" => Some(goroot.clone()),
            "GOENV" => Some("off".to_owned()),
            _ => vars
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string()),
        };
        Config::from_lookup(&env, PathBuf::from("/w"))
            .expect("config")
            .cgo_enabled
    };
    assert!(cgo(&[("PATH", &path)]), "gcc in PATH");
    assert!(!cgo(&[("PATH", "/nonexistent")]), "no C compiler");
    assert!(cgo(&[("CC", "cc")]), "CC set");
    assert!(!cgo(&[("PATH", &path), ("GOARCH", "arm64")]), "cross build");
    assert!(!cgo(&[("PATH", &path), ("CGO_ENABLED", "0")]), "asked off");
    std::fs::remove_dir_all(&bin).expect("clean up");
}

#[test]
fn configuration_from_the_environment() {
    let home = std::env::temp_dir().join(format!("goescape-load-config-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".config/go")).expect("config dir");
    std::fs::write(
        home.join(".config/go/env"),
        "GOFLAGS=-mod=vendor -tags=a,b\nGOARCH=arm64\n",
    )
    .expect("env");
    let home_text = home.display().to_string();
    let goroot = fixture("goroot").display().to_string();
    let env = |vars: &'static [(&'static str, &'static str)]| {
        let home_text = home_text.clone();
        let goroot = goroot.clone();
        move |name: &str| -> Option<String> {
            match name {
                "HOME" => Some(home_text.clone()),
                "GOROOT" => Some(goroot.clone()),
                _ => vars
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string()),
            }
        }
    };
    let config = Config::from_lookup(&env(&[]), PathBuf::from("/w")).expect("config");
    assert_eq!(config.goroot, fixture("goroot"));
    assert_eq!(config.gomodcache, home.join("go/pkg/mod"));
    assert_eq!(config.goarch, "arm64", "from the go env file");
    assert_eq!(config.mod_mode, Some(ModMode::Vendor));
    assert_eq!(config.build_tags, ["a", "b"]);
    assert!(
        !config.cgo_enabled,
        "a cross build has cgo off unless asked for"
    );
    assert!(!config.tests);

    let config = Config::from_lookup(
        &env(&[
            ("GOARCH", "amd64"),
            ("GOAMD64", "v2"),
            ("GOFLAGS", "-mod=mod -tags=x"),
            ("CGO_ENABLED", "1"),
            ("GOPATH", "/gp"),
        ]),
        PathBuf::from("/w"),
    )
    .expect("config");
    assert_eq!(
        (config.goarch.as_str(), config.arch_level.as_deref()),
        ("amd64", Some("v2"))
    );
    assert_eq!(config.mod_mode, Some(ModMode::ModuleCache));
    assert_eq!(config.build_tags, ["x"]);
    assert!(config.cgo_enabled);
    assert_eq!(config.gomodcache, PathBuf::from("/gp/pkg/mod"));

    let err = Config::from_lookup(&env(&[("CGO_ENABLED", "yes")]), PathBuf::from("/w"))
        .expect_err("bad cgo");
    assert_eq!(
        err.to_string(),
        "invalid CGO_ENABLED=\"yes\": must be 0 or 1"
    );
    let err = Config::from_lookup(&env(&[("GOFLAGS", "-mod=weird")]), PathBuf::from("/w"))
        .expect_err("bad -mod");
    assert!(err.to_string().contains("-mod=weird"), "{err}");
    std::fs::remove_dir_all(&home).ok();
}
