//! Package loading for goescape: which Go packages and files a build
//! consists of, found by reading Go sources directly, never by running
//! `go build` or `go list`.
//!
//! # Design
//!
//! A [`Loader`] is built from a [`Config`] (GOROOT, GOOS/GOARCH, cgo,
//! `-tags`, tests, module mode; see [`Config::from_env`]). It derives a
//! [`BuildContext`] — the set of build tags that hold, including the
//! toolchain's `goexperiment.*` and architecture-level tags, computed from
//! GOROOT's files without running `go` — and a module set: the main module
//! (the nearest go.mod above the working directory), then either its
//! `vendor/` directory (with `-mod=vendor`, or by default when vendor/
//! exists and go.mod says `go 1.14` or later) or its build list, found by
//! minimal version selection over go.mod files already in the module cache,
//! with Go 1.17 graph pruning and the main module's `replace` and `exclude`.
//!
//! For each package directory the loader reads only file *headers* (see
//! [`header`]): leading comments for `//go:build` / `// +build`
//! constraints, the package clause and the import declarations. File
//! names (`_GOOS`, `_GOARCH`, `_test`), constraints, cgo (files importing
//! "C" are dropped unless cgo is enabled) and `documentation` package
//! clauses decide which files a [`Package`] lists, as go/build does.
//!
//! [`Loader::resolve_import`] maps an import path, seen from an importing
//! package, to a directory: GOROOT/src (with GOROOT's own `vendor/` and
//! `cmd/vendor/` trees for standard-library and cmd importers), the main
//! module, the build list or vendor/. [`Loader::load_patterns`] expands the
//! go command's patterns (`std`, `cmd`, `./...`, `dir/...`, import paths,
//! directories, `.go` file lists), and [`Loader::load_graph`] loads the
//! transitive import closure, each package once, directories read in
//! parallel with rayon.
//!
//! # What this crate deliberately does not know
//!
//! - Go syntax beyond file headers: it never parses declarations or
//!   bodies, and reports a malformed header as an invalid file rather than
//!   diagnosing it like the compiler.
//! - Types: `unsafe` resolves to GOROOT/src/unsafe like any standard
//!   package, and `C` resolves to [`Resolution::Cgo`]; giving them meaning
//!   is the type checker's job.
//! - The network: modules missing from the module cache are reported, not
//!   downloaded, and go.sum is not verified.
//! - Workspaces: go.work files are ignored (as with `GOWORK=off`), as is
//!   GOPATH mode (`GO111MODULE=off`).
//! - `internal/` and vendor visibility rules, `//go:embed` patterns,
//!   non-Go files (assembly, C, syso), FIPS module snapshots (GOFIPS140)
//!   and the `all`, `tool` and `work` meta-patterns.

pub mod config;
/// Build constraint expressions, from the syntax crate.
pub use goescape_syntax::constraint;
pub mod error;
pub mod gomod;
pub mod graph;
pub mod header;
pub mod loader;
pub mod modules;
pub mod package;
mod paths;
pub mod pattern;
pub mod tags;
pub mod version;

pub use config::{Config, ModMode};
pub use constraint::Constraint;
pub use error::LoadError;
pub use gomod::GoMod;
pub use graph::{ImportEdge, ImportKind, ImportTarget, PackageGraph, PackageNode};
pub use header::FileHeader;
pub use loader::{Loader, Resolution, COMMAND_LINE_ARGUMENTS};
pub use modules::Module;
pub use package::{Package, PackageLocation};
pub use tags::BuildContext;
