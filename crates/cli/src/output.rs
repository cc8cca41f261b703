//! Results on stdout, diagnostics and progress on stderr. Writes never
//! panic: a reader that went away (`goescape ... | head`) ends the run
//! quietly, as it ends `cat`.

use std::io::{ErrorKind, Write};

/// Prints `text` on stdout, whole (one package's lines stay together when
/// packages finish on several threads).
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if err.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        stderr(&format!("goescape: writing output: {err}\n"));
        std::process::exit(i32::from(crate::EXIT_USAGE));
    }
}

/// Prints `text` on stderr; there is nowhere left to report a failure.
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    if err.write_all(text.as_bytes()).is_err() {
        std::process::exit(0);
    }
}

/// `println!` on stdout through [`stdout`].
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` through [`stderr`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};
