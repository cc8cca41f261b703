//! The language server's message loop on random JSON-RPC: each line of
//! the input that parses as a message is sent, after a fixed `initialize`
//! on the fixture module (fixtures/lsp), then `exit`. The server must
//! answer and return, never panic or hang, whatever the messages say.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};

fuzz_target!(|data: &[u8]| {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/lsp");
    let (server, client) = Connection::memory();
    let serving = std::thread::spawn(move || goescape_lsp::serve(server, "file:///docs/lsp.md", None));
    let initialize = Request::new(
        RequestId::from(0),
        "initialize".to_owned(),
        serde_json::json!({"rootUri": format!("file://{root}"), "capabilities": {}}),
    );
    let _ = client.sender.send(initialize.into());
    for line in data.split(|&b| b == b'\n') {
        if let Ok(message) = serde_json::from_slice::<Message>(line) {
            let _ = client.sender.send(message);
        }
    }
    let _ = client
        .sender
        .send(Notification::new("exit".to_owned(), serde_json::Value::Null).into());
    // Whatever it answered, the server must end normally.
    let _ = serving.join().expect("the server does not panic");
});
