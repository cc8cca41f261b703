//! The analysis thread. The message loop hands it changes (buffers,
//! open packages, settings); it waits until edits pause (debounce), takes
//! every change made meanwhile in one batch, analyses, and publishes, so
//! that work superseded by a later edit is never started. The first
//! analysis of a set of packages runs the whole pipeline on them and keeps
//! it in memory; after that an edit re-analyses only its package
//! ([`Pipeline::reanalyze`]). A panic in an analysis is caught: the
//! server reports it and starts afresh on the next change.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crossbeam_channel::Sender;
use goescape_escape::{Level, Options};
use goescape_pipeline::{
    Analysis, Cache, GcFlags, PackageOptions, Packages, Pipeline, Settings, WithErrors,
};
use lsp_server::{Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics};
use lsp_types::{LogMessageParams, MessageType, PublishDiagnosticsParams, Uri};

use crate::config::Config;
use crate::facts::{package_facts, FileFacts, Presentation};
use crate::position::Encoding;

/// How long edits must pause before an analysis starts.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// Edits re-analysed in place before the next analysis starts afresh:
/// each adds its package's types and tags to the run's append-only tables,
/// so memory stays bounded by this many packages' worth.
const EDITS_PER_RUN: usize = 200;

/// What the message loop tells the worker.
#[derive(Default)]
struct Pending {
    /// Buffers changed since the last batch: contents, or `None` when
    /// closed (the disk's version counts again).
    buffers: BTreeMap<PathBuf, Option<Vec<u8>>>,
    /// Directories whose package changed.
    dirty: BTreeSet<PathBuf>,
    /// The directories of the open files' packages.
    open: BTreeSet<PathBuf>,
    config: Option<Config>,
    /// Bumped on every change, so that the worker sees edits that came in
    /// while it waited or worked.
    changes: u64,
    stop: bool,
}

/// The worker's side shared with the message loop.
pub struct Worker {
    pending: Mutex<Pending>,
    wake: Condvar,
    /// What requests are answered from, per file.
    pub facts: Mutex<HashMap<PathBuf, FileFacts>>,
}

/// What stays fixed for a server's life.
pub struct Setup {
    pub root: PathBuf,
    pub encoding: Encoding,
    pub docs: String,
    /// URIs the client named its open files by.
    pub uris: Arc<Mutex<HashMap<PathBuf, Uri>>>,
    /// Where the first analysis of a session finds its imports' summaries
    /// (so that only the open packages are analysed) and stores those it
    /// makes.
    pub cache: Option<Cache>,
}

impl Worker {
    pub fn new() -> Arc<Worker> {
        Arc::new(Worker {
            pending: Mutex::new(Pending::default()),
            wake: Condvar::new(),
            facts: Mutex::new(HashMap::new()),
        })
    }

    /// `path`'s buffer now holds `contents` (`None`: it was closed).
    pub fn buffer(&self, path: PathBuf, contents: Option<Vec<u8>>, open: bool) {
        let mut pending = self.lock();
        if let Some(dir) = path.parent() {
            pending.dirty.insert(dir.to_path_buf());
            if open {
                pending.open.insert(dir.to_path_buf());
            }
        }
        pending.buffers.insert(path, contents);
        pending.changes += 1;
        self.wake.notify_one();
    }

    /// The directory's package is no longer shown (its last file closed).
    pub fn close_dir(&self, dir: &Path) {
        let mut pending = self.lock();
        pending.open.remove(dir);
        pending.dirty.remove(dir);
    }

    pub fn configure(&self, config: Config) {
        let mut pending = self.lock();
        pending.config = Some(config);
        let open = pending.open.clone();
        pending.dirty.extend(open);
        pending.changes += 1;
        self.wake.notify_one();
    }

    pub fn stop(&self) {
        self.lock().stop = true;
        self.wake.notify_one();
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The worker's loop: runs until [`Worker::stop`].
    pub fn run(&self, setup: Setup, config: Config, out: Sender<Message>) {
        let mut state = State {
            setup,
            config,
            pipeline: None,
            session: None,
            out,
        };
        loop {
            let Some(batch) = self.next_batch() else {
                return;
            };
            state.apply(batch, &self.facts);
        }
    }

    /// Waits for changes and for edits to pause; takes them. `None` when
    /// the server stops.
    fn next_batch(&self) -> Option<Batch> {
        let mut pending = self.lock();
        loop {
            if pending.stop {
                return None;
            }
            if !pending.dirty.is_empty() || pending.config.is_some() {
                break;
            }
            pending = self.wake.wait(pending).unwrap_or_else(|e| e.into_inner());
        }
        loop {
            let seen = pending.changes;
            let (guard, _) = self
                .wake
                .wait_timeout(pending, DEBOUNCE)
                .unwrap_or_else(|e| e.into_inner());
            pending = guard;
            if pending.stop {
                return None;
            }
            if pending.changes == seen {
                break;
            }
        }
        Some(Batch {
            buffers: std::mem::take(&mut pending.buffers),
            dirty: std::mem::take(&mut pending.dirty),
            open: pending.open.clone(),
            config: pending.config.take(),
        })
    }
}

struct Batch {
    buffers: BTreeMap<PathBuf, Option<Vec<u8>>>,
    dirty: BTreeSet<PathBuf>,
    open: BTreeSet<PathBuf>,
    config: Option<Config>,
}

/// The analyses kept in memory: the run over the open packages, which of
/// its packages each open directory is, and how many edits it has taken.
struct Session {
    analysis: Analysis,
    roots: BTreeMap<PathBuf, usize>,
    edits: usize,
}

struct State {
    setup: Setup,
    config: Config,
    pipeline: Option<Pipeline>,
    session: Option<Session>,
    out: Sender<Message>,
}

impl State {
    fn apply(&mut self, batch: Batch, facts: &Mutex<HashMap<PathBuf, FileFacts>>) {
        if let Some(config) = batch.config {
            if config != self.config {
                self.config = config;
                self.pipeline = None;
                self.session = None;
            }
        }
        if self.pipeline.is_none() {
            match self.new_pipeline() {
                Ok(pipeline) => self.pipeline = Some(pipeline),
                Err(err) => {
                    self.log(MessageType::ERROR, &err);
                    return;
                }
            }
        }
        let pipeline = self.pipeline.as_mut().expect("set above");
        for (path, contents) in batch.buffers {
            match contents {
                Some(contents) => pipeline.sources_mut().set_overlay(path, contents),
                None => pipeline.sources_mut().remove_overlay(&path),
            }
        }
        let dirty: Vec<PathBuf> = batch.dirty.intersection(&batch.open).cloned().collect();
        if dirty.is_empty() {
            return;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| self.analyse(&batch.open, &dirty)));
        match outcome {
            Ok(Ok(updated)) => self.publish(updated, facts),
            Ok(Err(err)) => {
                self.session = None;
                self.log(MessageType::ERROR, &err);
            }
            Err(panic) => {
                self.session = None;
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic");
                self.log(
                    MessageType::ERROR,
                    &format!("goescape: the analysis failed ({what}); it starts afresh on the next change"),
                );
            }
        }
    }

    /// Analyses the packages of `dirty` (directories among `open`): in the
    /// kept session when it has them, else in a new one over `open`.
    fn analyse(
        &mut self,
        open: &BTreeSet<PathBuf>,
        dirty: &[PathBuf],
    ) -> Result<BTreeMap<PathBuf, FileFacts>, String> {
        let pipeline = self.pipeline.as_ref().expect("made before analysing");
        let options = PackageOptions::of(&pipeline.settings().gcflags[0]);
        let covered = self.session.as_ref().is_some_and(|s| {
            s.edits < EDITS_PER_RUN && open.iter().all(|dir| s.roots.contains_key(dir))
        });
        let mut changed = Vec::new();
        if covered {
            let session = self.session.as_mut().expect("covered");
            for dir in dirty {
                let node = session.roots[dir];
                pipeline.reanalyze(&mut session.analysis, node, options, WithErrors::Analyse);
                changed.push(node);
            }
            session.edits += 1;
        } else {
            self.session = None;
            let patterns: Vec<String> = open
                .iter()
                .map(|d| d.to_string_lossy().into_owned())
                .collect();
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let mut analysis = match &self.setup.cache {
                Some(cache) => {
                    let run = pipeline
                        .analyze_reusing(&patterns, cache)
                        .map_err(|d| d.to_string())?;
                    if let Some(err) = run.write_error {
                        self.log(
                            MessageType::WARNING,
                            &format!("goescape: writing the cache: {err}"),
                        );
                    }
                    self.log(
                        MessageType::LOG,
                        &format!(
                            "goescape: {} of {} imported packages had their summaries in the cache",
                            run.reused, run.imports
                        ),
                    );
                    run.analysis
                }
                None => pipeline.analyze(&patterns).map_err(|d| d.to_string())?,
            };
            let graph = &analysis.checked.graph;
            let roots: BTreeMap<PathBuf, usize> = graph
                .roots
                .iter()
                .map(|&node| (graph.nodes[node].package.location.dir.clone(), node))
                .collect();
            // Packages with errors get what can be analysed of them.
            for &node in roots.values() {
                if analysis.reports[node].files.is_empty() {
                    pipeline.reanalyze(&mut analysis, node, options, WithErrors::Analyse);
                }
            }
            changed.extend(roots.values().copied());
            self.session = Some(Session {
                analysis,
                roots,
                edits: 0,
            });
        }
        let session = self.session.as_ref().expect("set above");
        let how = Presentation {
            encoding: self.setup.encoding,
            config: &self.config,
            docs: &self.setup.docs,
        };
        let mut updated = BTreeMap::new();
        for node in changed {
            updated.extend(package_facts(&session.analysis, node, &how));
        }
        Ok(updated)
    }

    fn publish(
        &self,
        updated: BTreeMap<PathBuf, FileFacts>,
        facts: &Mutex<HashMap<PathBuf, FileFacts>>,
    ) {
        let uris = self
            .setup
            .uris
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut facts = facts.lock().unwrap_or_else(|e| e.into_inner());
        for (path, file_facts) in updated {
            let uri = uris.get(&path).cloned().or_else(|| {
                goescape_report::records::file_uri(&path.to_string_lossy())
                    .parse()
                    .ok()
            });
            if let Some(uri) = uri {
                let params = PublishDiagnosticsParams {
                    uri,
                    diagnostics: file_facts.diagnostics.clone(),
                    version: None,
                };
                let _ = self
                    .out
                    .send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
            }
            facts.insert(path, file_facts);
        }
    }

    fn log(&self, typ: MessageType, message: &str) {
        let params = LogMessageParams {
            typ,
            message: message.to_owned(),
        };
        let _ = self
            .out
            .send(Notification::new(LogMessage::METHOD.to_owned(), params).into());
    }

    fn new_pipeline(&self) -> Result<Pipeline, String> {
        let config = &self.config;
        let env = |name: &str| match name {
            "GOOS" if config.goos.is_some() => config.goos.clone(),
            "GOARCH" if config.goarch.is_some() => config.goarch.clone(),
            _ => std::env::var(name).ok(),
        };
        let mut settings =
            Settings::from_lookup(&env, self.setup.root.clone()).map_err(|d| d.to_string())?;
        settings.load.build_tags.extend(config.tags.iter().cloned());
        let switches = config.switches()?;
        settings.gcflags = vec![GcFlags {
            packages: Packages::Named,
            analysis: Options {
                level: Level::Explained,
                mutations_calls: switches.mutations_calls,
            },
            no_inline: switches.no_inline,
            records: None,
        }];
        Pipeline::new(settings).map_err(|d| d.to_string())
    }
}
