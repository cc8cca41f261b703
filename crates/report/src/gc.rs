//! The compiler's `-m` text: `file:line:col: message` lines. At `-m` gc
//! prints each message as it is found (flushing after every one), so
//! nothing is sorted or deduplicated: identical lines are repeated.

use std::path::Path;

use goescape_escape::PackageReport;
use goescape_ir::FileRef;
use goescape_types::check::CheckedFile;

/// How file names are printed: given a file and the directory of the
/// package being reported (the go command shortens that directory in
/// everything the compiler prints for the package, instantiated generic
/// code of other packages included).
pub type FileNamer<'a> = &'a dyn Fn(&Path, &Path) -> String;

/// Finds a file positions refer to.
pub type FileLookup<'a> = &'a dyn Fn(FileRef) -> Option<&'a CheckedFile>;

/// The lines of one package's report.
pub fn lines(
    report: &PackageReport,
    file: FileLookup<'_>,
    package_dir: &Path,
    name: FileNamer<'_>,
) -> Vec<String> {
    let position = |pos: goescape_ir::Pos| -> String {
        let Some(f) = report.files.get(pos.file as usize).and_then(|&r| file(r)) else {
            return "<unknown line number>".to_owned();
        };
        let p = f.syntax.position(goescape_syntax::Pos(pos.offset));
        format!(
            "{}:{}:{}",
            name(Path::new(p.filename), package_dir),
            p.line,
            p.col
        )
    };
    report
        .messages
        .iter()
        .map(|m| match m.at {
            Some(at) => format!("{}: {} at {}", position(m.pos), m.text, position(at)),
            None => format!("{}: {}", position(m.pos), m.text),
        })
        .collect()
}
