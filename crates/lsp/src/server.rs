//! The message loop: the handshake, document notifications handed to the
//! worker, and requests answered from the facts of the last analysis (so
//! a request never waits for an analysis).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use goescape_pipeline::Cache;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _,
};
use lsp_types::request::{
    CodeActionRequest, HoverRequest, InlayHintRequest, Request as _, WorkspaceConfiguration,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, ConfigurationItem, ConfigurationParams, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, InlayHintParams,
    MarkupContent, MarkupKind, OneOf, Position, PositionEncodingKind, Range, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, Uri, WorkspaceEdit,
};
use serde_json::Value;

use crate::config::Config;
use crate::position::Encoding;
use crate::worker::{Setup, Worker};

/// Serves `connection` until the client exits or disconnects. `docs` is
/// the URL the diagnostics' codes link to; `cache`, when given, holds
/// imports' summaries between servers (and runs of the command line).
pub fn serve(connection: Connection, docs: &str, cache: Option<Cache>) -> Result<(), String> {
    let Some((id, params)) = wait_for_initialize(&connection) else {
        return Ok(());
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = negotiate_encoding(&params);
    let mut roots = workspace_roots(&params);
    let root = roots
        .first()
        .cloned()
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    if roots.is_empty() {
        roots.push(root.clone());
    }
    let (config, config_error) =
        match Config::from_json(params.initialization_options.clone().unwrap_or(Value::Null)) {
            Ok(config) => (config, None),
            Err(err) => (Config::default(), Some(err)),
        };
    let pulls_configuration = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.configuration)
        .unwrap_or(false);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "goescape".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    send(&connection, Response::new_ok(id, result).into());
    if let Some(err) = config_error {
        log(
            &connection,
            &format!("goescape: initializationOptions: {err}"),
        );
    }
    let uris = Arc::new(Mutex::new(HashMap::new()));
    let worker = Worker::new();
    let setup = Setup {
        root,
        encoding,
        docs: docs.to_owned(),
        uris: Arc::clone(&uris),
        cache,
    };
    let thread = {
        let worker = Arc::clone(&worker);
        let out = connection.sender.clone();
        std::thread::Builder::new()
            .name("goescape-analysis".to_owned())
            .spawn(move || worker.run(setup, config, out))
            .map_err(|err| format!("starting the analysis thread: {err}"))?
    };
    let mut server = Server {
        connection: &connection,
        worker: &worker,
        roots,
        uris,
        open: HashMap::new(),
        pulls_configuration,
        next_request: 0,
        shutting_down: false,
    };
    if pulls_configuration {
        server.pull_configuration();
    }
    let outcome = server.run();
    worker.stop();
    let _ = thread.join();
    outcome
}

/// Waits for `initialize`, answering other requests with an error as
/// the protocol asks; `None` when the client leaves first.
fn wait_for_initialize(connection: &Connection) -> Option<(RequestId, Value)> {
    for message in &connection.receiver {
        match message {
            Message::Request(req) if req.method == "initialize" => {
                return Some((req.id, req.params))
            }
            Message::Request(req) => send(
                connection,
                Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized".to_owned(),
                )
                .into(),
            ),
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
    None
}

/// UTF-8 columns (gc's) when the client can take them, else UTF-16.
fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The workspace folders (or the root), the only trees whose files the
/// server analyses besides GOROOT and the module cache.
#[allow(deprecated)] // root_uri: older clients send only that
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path_of(&f.uri))
        .collect();
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(path_of));
    }
    roots
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// The path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    let path = PathBuf::from(decoded.as_ref());
    path.is_absolute().then_some(path)
}

struct Server<'a> {
    connection: &'a Connection,
    worker: &'a Worker,
    roots: Vec<PathBuf>,
    uris: Arc<Mutex<HashMap<PathBuf, Uri>>>,
    /// Open files per directory.
    open: HashMap<PathBuf, usize>,
    pulls_configuration: bool,
    next_request: i32,
    shutting_down: bool,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == "exit" => return Ok(()),
                Message::Notification(n) => self.notification(n),
                Message::Response(resp) => {
                    if let Ok(Value::Array(items)) = resp.response_result {
                        self.configure(items.into_iter().next().unwrap_or(Value::Null));
                    }
                }
            }
        }
        Ok(())
    }

    fn request(&mut self, req: Request) {
        if self.shutting_down {
            self.reply_err(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            );
            return;
        }
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(Value::Null)
            }
            HoverRequest::METHOD => params::<HoverParams>(req).map(|p| self.hover(p)),
            InlayHintRequest::METHOD => params::<InlayHintParams>(req).map(|p| self.hints(p)),
            CodeActionRequest::METHOD => params::<CodeActionParams>(req).map(|p| self.actions(p)),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("unknown request {}", req.method),
            )),
        };
        match result {
            Ok(value) => send(self.connection, Response::new_ok(id, value).into()),
            Err((code, message)) => self.reply_err(id, code, &message),
        }
    }

    fn reply_err(&self, id: RequestId, code: ErrorCode, message: &str) {
        send(
            self.connection,
            Response::new_err(id, code as i32, message.to_owned()).into(),
        );
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    self.open_file(p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    // Full synchronisation: the last change is the text.
                    if let (Some(path), Some(change)) = (
                        self.workspace_path(&p.text_document.uri),
                        p.content_changes.into_iter().last(),
                    ) {
                        if change.range.is_none() {
                            self.worker
                                .buffer(path, Some(change.text.into_bytes()), false);
                        }
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.close_file(&p.text_document.uri);
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeConfigurationParams>(
                    DidChangeConfiguration::METHOD,
                ) {
                    match p.settings.get("goescape") {
                        Some(section) => self.configure(section.clone()),
                        None if self.pulls_configuration => self.pull_configuration(),
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// The path of `uri` when it is a Go file in a workspace folder (the
    /// only files the server reads buffers of); else logs why not.
    fn workspace_path(&self, uri: &Uri) -> Option<PathBuf> {
        let path = path_of(uri)?;
        let inside = self.roots.iter().any(|root| path.starts_with(root));
        if !inside || path.extension().is_none_or(|e| e != "go") {
            log(
                self.connection,
                &format!(
                    "goescape: {} is not a Go file of a workspace folder; not analysed",
                    uri.as_str()
                ),
            );
            return None;
        }
        Some(path)
    }

    fn open_file(&mut self, uri: Uri, text: String) {
        let Some(path) = self.workspace_path(&uri) else {
            return;
        };
        if let Some(dir) = path.parent() {
            *self.open.entry(dir.to_path_buf()).or_default() += 1;
        }
        self.uris
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone(), uri);
        self.worker.buffer(path, Some(text.into_bytes()), true);
    }

    fn close_file(&mut self, uri: &Uri) {
        let Some(path) = path_of(uri) else {
            return;
        };
        let Some(dir) = path.parent() else {
            return;
        };
        let Some(count) = self.open.get_mut(dir) else {
            return;
        };
        *count -= 1;
        self.worker.buffer(path.clone(), None, false);
        if *count == 0 {
            self.open.remove(dir);
            self.worker.close_dir(dir);
        }
    }

    fn configure(&self, value: Value) {
        match Config::from_json(value) {
            Ok(config) => self.worker.configure(config),
            Err(err) => log(self.connection, &format!("goescape: settings: {err}")),
        }
    }

    /// Asks the client for the `goescape` section of its settings.
    fn pull_configuration(&mut self) {
        self.next_request += 1;
        let params = ConfigurationParams {
            items: vec![ConfigurationItem {
                scope_uri: None,
                section: Some("goescape".to_owned()),
            }],
        };
        let request = Request::new(
            RequestId::from(format!("goescape-configuration-{}", self.next_request)),
            WorkspaceConfiguration::METHOD.to_owned(),
            params,
        );
        send(self.connection, request.into());
    }

    fn with_facts<T>(
        &self,
        uri: &Uri,
        read: impl FnOnce(&crate::facts::FileFacts) -> T,
    ) -> Option<T> {
        let path = path_of(uri)?;
        let facts = self.worker.facts.lock().unwrap_or_else(|e| e.into_inner());
        facts.get(&path).map(read)
    }

    fn hover(&self, p: HoverParams) -> Value {
        let at = p.text_document_position_params.position;
        let text = self.with_facts(
            &p.text_document_position_params.text_document.uri,
            |facts| {
                let texts: Vec<&str> = facts
                    .hovers
                    .iter()
                    .filter(|(range, _)| contains(range, at))
                    .map(|(_, text)| text.as_str())
                    .collect();
                texts.join("\n\n---\n\n")
            },
        );
        match text.filter(|t| !t.is_empty()) {
            Some(value) => to_value(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: None,
            }),
            None => Value::Null,
        }
    }

    fn hints(&self, p: InlayHintParams) -> Value {
        let hints = self.with_facts(&p.text_document.uri, |facts| {
            facts
                .hints
                .iter()
                .filter(|h| p.range.start <= h.position && h.position <= p.range.end)
                .cloned()
                .collect::<Vec<_>>()
        });
        to_value(hints.unwrap_or_default())
    }

    fn actions(&self, p: CodeActionParams) -> Value {
        let uri = p.text_document.uri;
        let actions = self.with_facts(&uri, |facts| {
            facts
                .actions
                .iter()
                .filter(|(range, _, _)| overlaps(range, &p.range))
                .map(|(_, title, edit)| {
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        edit: Some(WorkspaceEdit {
                            changes: Some(
                                [(uri.clone(), vec![edit.clone()])].into_iter().collect(),
                            ),
                            ..WorkspaceEdit::default()
                        }),
                        ..CodeAction::default()
                    })
                })
                .collect::<Vec<_>>()
        });
        to_value(actions.unwrap_or_default())
    }
}

fn contains(range: &Range, at: Position) -> bool {
    range.start <= at && at <= range.end
}

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A request's parameters, or the error to answer with.
fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params)
        .map_err(|err| (ErrorCode::InvalidParams, format!("{}: {err}", req.method)))
}

fn to_value<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Sends a message; a client that is gone ends the loop on its own
/// (its receiver disconnects), so a failed send needs no handling.
fn send(connection: &Connection, message: Message) {
    let _ = connection.sender.send(message);
}

fn log(connection: &Connection, message: &str) {
    let params = lsp_types::LogMessageParams {
        typ: lsp_types::MessageType::WARNING,
        message: message.to_owned(),
    };
    send(
        connection,
        Notification::new(
            lsp_types::notification::LogMessage::METHOD.to_owned(),
            params,
        )
        .into(),
    );
}
