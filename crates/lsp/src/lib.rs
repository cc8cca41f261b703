//! `goescape lsp`: a language server over stdio that shows escape
//! analysis in the editor. Diagnostics at gc's positions with gc's text
//! (the `-m=2` flow as related information), hovers with the cause in
//! plain words and the suggestion, inlay hints with each function's heap
//! sites, and code actions for mechanical fixes. Open packages are
//! analysed once with their imports, then each edit re-analyses only its
//! package against the imports kept in memory.
//!
//! [`server`] is the message loop (requests are answered from the last
//! analysis, never waiting for one); [`worker`] the analysis thread
//! (debounce, batching, catching panics); [`facts`] turns a package's
//! findings into what the server shows; [`config`] the settings.

pub mod config;
pub mod facts;
pub mod position;
pub mod server;
pub mod worker;

pub use server::serve;

/// Where the diagnostics' codes are documented: docs/lsp.md of the
/// source tree this server was built from.
pub const DOCS: &str = concat!("file://", env!("CARGO_MANIFEST_DIR"), "/../../docs/lsp.md");

/// Serves the client on stdin and stdout until it exits, with `cache`
/// (the user's cache of results) for imports' summaries.
pub fn run_stdio(cache: Option<goescape_pipeline::Cache>) -> Result<(), String> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    serve(connection, DOCS, cache)?;
    io_threads
        .join()
        .map_err(|err| format!("goescape lsp: {err}"))
}
