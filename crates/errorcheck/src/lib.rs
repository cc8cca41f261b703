//! Conformance harness for goescape: the errorcheck tests of `$GOROOT/test`
//! that check gc's escape-analysis diagnostics (`-m`), read and matched by
//! the rules of Go's own harness (`cmd/internal/testdir`).
//!
//! # Use
//!
//! ```no_run
//! use goescape_errorcheck::{check, select_tests, Platform, Summary};
//! # fn messages_for(_: &goescape_errorcheck::TestFile) -> String { String::new() }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let goroot = std::path::Path::new("/usr/local/go");
//! let platform = Platform::from_env(goroot)?;
//! let selection = select_tests(goroot, &platform)?;
//! let mut summary = Summary::new(&selection, "goescape");
//! for test in &selection.files {
//!     // Messages as the compiler prints them, naming `test.path`:
//!     // "/usr/local/go/test/escape2.go:21:2: moved to heap: x".
//!     let output = messages_for(test);
//!     let outcome = check(test, output.lines());
//!     summary.record(test, &outcome);
//! }
//! print!("{}", summary.render());
//! # Ok(())
//! # }
//! ```
//!
//! - [`select_tests`] walks the directories Go's harness runs and keeps the
//!   single-file `errorcheck`/`errorcheckwithauto` tests whose recipe asks
//!   for `-m` (any level) and whose build constraints hold on the
//!   [`Platform`]. [`Selection::with_inlining_disabled`] is the `-l`
//!   subset; `errorcheckdir` tests are only listed, as are skipped tests.
//! - A [`TestFile`] carries its [`Header`] (recipe, compiler flags, whether
//!   compilation must fail) and its [`WantedError`]s.
//! - [`check`] matches one file's messages and returns a [`FileOutcome`]:
//!   unmatched regexps per line and leftover messages.
//! - [`Summary`] counts outcomes and renders the snapshot text that the
//!   gc self-test (and later goescape's conformance test) compares.
//! - [`gcdiff`] works on whole builds instead: it reads what
//!   `go build -gcflags='-m -l' PATTERNS` prints, per package, and compares
//!   two such outputs line for line (as multisets), with counts by message
//!   kind ([`gcdiff::run_go_build`], [`gcdiff::parse_build_output`],
//!   [`gcdiff::compare`]).
//!
//! # Rules (from Go's harness)
//!
//! - Recipe: the first non-empty line that is not a build constraint,
//!   `//` optional. `-0` means compilation must succeed, `-1` that it must
//!   fail; `-s`, `-t N`, `-gomodversion V` concern running;
//!   `-goexperiment`/`-godebug` set the compiler's environment; other
//!   options are compiler flags.
//! - Build constraints: every `//go:build`/`// +build` line before the
//!   package clause must hold, with the harness's tag set (see
//!   [`Platform`]).
//! - Annotations: see [`wanted_errors`]; `LINE`, `LINE+n`, `LINE-n` in a
//!   pattern become `file.go:n`.
//! - Matching: see [`check`]. A message belongs to line `n` if it starts
//!   with `[dir/]file.go:n:` (or `…:n[`), so columns are optional; the
//!   pattern sees the text after the first space.
//!
//! # Regexp dialect
//!
//! Patterns are RE2 as Go implements it, compiled with the `regex` crate
//! by [`compile_re2`], which bridges the differences that matter:
//!
//! - `\d \w \s \b` (and negations) are ASCII-only in Go, Unicode-aware in
//!   Rust: they are rewritten to ASCII classes.
//! - A `{` that does not start a valid repetition is a literal in Go
//!   (escape2n.go has `&Bar{...}`), a syntax error in Rust: it is escaped.
//! - `\Q…\E` literals (Go only) are expanded; octal escapes are enabled.
//!
//! Not bridged, and absent from the selected tests: Go's limit of 1000 on
//! repetition counts, `\C`, and differences between the Unicode versions of
//! the two libraries' tables.

pub mod gcdiff;
mod header;
mod matcher;
mod platform;
mod select;
mod summary;
mod wanted;

pub use header::{unsatisfied_constraint, Header, HeaderError, Recipe};
pub use matcher::{check, FileOutcome, Miss};
pub use platform::Platform;
pub use select::{select_tests, SelectError, Selection, SkippedTest, TestFile};
pub use summary::Summary;
pub use wanted::{compile_re2, wanted_annotations, wanted_errors, AnnotationError, WantedError};
