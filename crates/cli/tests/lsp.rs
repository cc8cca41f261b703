//! `goescape lsp` over stdio, as an editor drives it: the diagnostics of
//! a fixture file equal gc's heap and leak lines for it, hovers carry the
//! cause and the suggestion, a mechanical suggestion is a code action, an
//! edit is re-analysed, a package with errors still gets what can be
//! analysed, and bad input never ends the server.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

mod support;

use support::{go_available, goescape_command, repo_root};

/// A guard against a hung server, not a speed requirement.
const PATIENCE: Duration = Duration::from_secs(300);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// A server started and initialized on `root`, columns in UTF-8.
    fn start(root: &Path) -> Client {
        Client::start_with(root, goescape_command())
    }

    /// [`Client::start`] with the server's cache of results in `cache`.
    fn start_with_cache(root: &Path, cache: &Path) -> Client {
        let mut command = goescape_command();
        command.env("GOESCAPECACHE", cache);
        Client::start_with(root, command)
    }

    fn start_with(root: &Path, mut command: Command) -> Client {
        let mut child = command
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("goescape lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 0,
        };
        let init = client.request(
            "initialize",
            json!({
                "rootUri": uri(root),
                "capabilities": {"general": {"positionEncodings": ["utf-8"]}},
            }),
        );
        assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(PATIENCE)
                .expect("the server answers");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `file`, as `line:col: message`
    /// lines (1-based, as gc prints them).
    fn diagnostics(&mut self, file: &Path) -> Vec<String> {
        let uri = uri(file);
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        lines(&message["params"]["diagnostics"])
    }

    fn open(&mut self, file: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(file), "languageId": "go", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, file: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(file), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts the server down as a client does; it must exit cleanly.
    fn finish(mut self) {
        let reply = self.request("shutdown", Value::Null);
        assert_eq!(reply["result"], Value::Null, "{reply}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn lines(diagnostics: &Value) -> Vec<String> {
    let mut out: Vec<String> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            format!(
                "{}:{}: {}",
                start["line"].as_u64().unwrap() + 1,
                start["character"].as_u64().unwrap() + 1,
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

fn fixture() -> (PathBuf, PathBuf) {
    let root = repo_root().join("fixtures/lsp").canonicalize().unwrap();
    let file = root.join("shapes/shapes.go");
    (root, file)
}

/// gc's heap and leak lines for the fixture file (`-m -l`: the analysis
/// does not inline yet), as `line:col: message`.
fn gc_lines(root: &Path) -> Vec<String> {
    let out = Command::new("go")
        .args(["build", "-gcflags=-m -l", "./..."])
        .current_dir(root)
        .env("GOFLAGS", "")
        .output()
        .expect("go runs");
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("shapes/shapes.go:"))
        .filter(|l| l.contains("heap") || l.contains("leaking param"))
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn diagnostics_hovers_hints_and_fixes_of_a_file() {
    if !go_available() {
        return;
    }
    let (root, file) = fixture();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut client = Client::start(&root);
    client.open(&file, &text);
    let shown = client.diagnostics(&file);
    assert_eq!(shown, gc_lines(&root));
    let expected = std::fs::read_to_string(root.join("shapes.diagnostics")).unwrap();
    assert_eq!(shown.join("\n") + "\n", expected);

    // `p := Point{x, y}` in NewPoint, line 11 column 2.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&file)}, "position": {"line": 10, "character": 1}}),
    );
    let hover = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(hover.starts_with("**moved to heap: p**"), "{hover}");
    assert!(hover.contains("returned"), "{hover}");
    assert!(
        hover.contains("Suggestion: its address is returned"),
        "{hover}"
    );

    // `out = append(out, i*n)`, line 24: pre-size before the loop.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&file)},
               "range": {"start": {"line": 23, "character": 14}, "end": {"line": 23, "character": 14}},
               "context": {"diagnostics": []}}),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Pre-size out with make([]int, 0, 10)");
    let edit = &action["edit"]["changes"][uri(&file)][0];
    assert_eq!(edit["newText"], "\tout = make([]int, 0, 10)\n");
    assert_eq!(edit["range"]["start"], json!({"line": 22, "character": 0}));

    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri(&file)},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100, "character": 0}}}),
    );
    let labels: Vec<(u64, &str)> = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap() + 1,
                h["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (10, "1 heap site: p"),
            (16, "2 heap sites: p.X, p.Y"),
            (21, "1 heap site: append"),
        ]
    );
    client.finish();
}

#[test]
fn an_edit_is_reanalysed_and_a_broken_package_still_shows_what_it_can() {
    if !go_available() {
        return;
    }
    let (root, file) = fixture();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut client = Client::start(&root);
    client.open(&file, &text);
    let before = client.diagnostics(&file);
    assert!(
        before.contains(&"11:2: moved to heap: p".to_owned()),
        "{before:?}"
    );

    // A line above everything moves every site down one line.
    client.change(&file, 2, &format!("// edited\n{text}"));
    let moved = client.diagnostics(&file);
    assert!(
        moved.contains(&"12:2: moved to heap: p".to_owned()),
        "{moved:?}"
    );
    assert_eq!(moved.len(), before.len());

    // A type error in Sum: the other functions are still analysed.
    let broken = text.replace("total += p.X + p.Y", "total += p.X + p.Z");
    client.change(&file, 3, &broken);
    let partial = client.diagnostics(&file);
    assert!(
        partial.contains(&"11:2: moved to heap: p".to_owned()),
        "{partial:?}"
    );
    assert!(
        partial.contains(&"41:11: leaking param: p".to_owned()),
        "{partial:?}"
    );
    client.finish();
}

/// How many imported packages' summaries the server found in the cache,
/// from the log message of its first analysis.
fn summaries_reused(client: &mut Client) -> (u64, u64) {
    let log = client.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains("summaries in the cache"))
    });
    let text = log["params"]["message"].as_str().unwrap();
    let numbers: Vec<u64> = text
        .split(' ')
        .filter_map(|word| word.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// A new server on the cache an earlier one filled analyses only the open
/// package: its imports' summaries come from the cache, and it shows
/// what the first server showed.
#[test]
fn a_new_server_reads_imports_summaries_from_the_cache() {
    if !go_available() {
        return;
    }
    let (root, file) = fixture();
    let text = std::fs::read_to_string(&file).unwrap();
    let cache = tempfile::tempdir().unwrap();

    let mut first = Client::start_with_cache(&root, cache.path());
    first.open(&file, &text);
    let (reused, imports) = summaries_reused(&mut first);
    assert_eq!(reused, 0, "the cache starts empty");
    assert!(imports > 10, "fmt imports more: {imports}");
    let cold = first.diagnostics(&file);
    first.finish();

    let mut second = Client::start_with_cache(&root, cache.path());
    second.open(&file, &text);
    assert_eq!(summaries_reused(&mut second), (imports, imports));
    assert_eq!(second.diagnostics(&file), cold);
    second.finish();
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    if !go_available() {
        return;
    }
    let (root, file) = fixture();
    let mut client = Client::start(&root);
    let unknown = client.request("goescape/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let malformed = client.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(malformed["error"]["code"], -32602, "{malformed}");
    // A file outside the workspace is not read.
    let outside = std::env::temp_dir().join("goescape-lsp-outside.go");
    client.open(&outside, "package p\n");
    let log = client.wait_for(|m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not a Go file of a workspace folder"),
        "{log}"
    );
    // Still serving: the fixture is analysed.
    client.open(&file, &std::fs::read_to_string(&file).unwrap());
    assert!(!client.diagnostics(&file).is_empty());
    client.finish();
}
