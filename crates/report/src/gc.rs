//! The compiler's `-m` text: `file:line:col: message` lines. At `-m` gc
//! prints each message as it is found (flushing after every one), so
//! nothing is sorted or deduplicated: identical lines are repeated.

use std::path::Path;

use goescape_escape::Message;
use goescape_types::check::CheckedPackage;

/// How file names are printed: given a file and its package directory.
pub type FileNamer<'a> = &'a dyn Fn(&Path, &Path) -> String;

/// The lines of one package.
pub fn lines(checked: &CheckedPackage, messages: &[Message], name: FileNamer<'_>) -> Vec<String> {
    let dir = checked
        .files
        .first()
        .and_then(|f| f.path.parent())
        .unwrap_or(Path::new(""));
    let position = |pos: goescape_ir::Pos| -> String {
        let Some(file) = checked.files.get(pos.file as usize) else {
            return "<unknown line number>".to_owned();
        };
        let p = file.syntax.position(goescape_syntax::Pos(pos.offset));
        format!("{}:{}:{}", name(Path::new(p.filename), dir), p.line, p.col)
    };
    let line = |m: &Message| match m.at {
        Some(at) => format!("{}: {} at {}", position(m.pos), m.text, position(at)),
        None => format!("{}: {}", position(m.pos), m.text),
    };
    messages.iter().map(line).collect()
}
