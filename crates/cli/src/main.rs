//! The `goescape` command.

mod args;
mod cache_setup;
mod check_cmd;
mod diff_cmd;
mod escape_cmd;
mod explain_cmd;
mod output;
mod parse_cmd;
mod setup;
mod types_cmd;

use output::{errln, outln};
use std::process::ExitCode;

use args::{parse_command_line, Command, USAGE};

/// Exit status when the input has errors (syntax, type, ...).
const EXIT_DIAGNOSTICS: u8 = 1;
/// Exit status for usage and I/O errors.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_command_line(&args) {
        Ok(command) => command,
        Err(err) => {
            errln!("goescape: {err}\nRun 'goescape --help' for usage.");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let status = match command {
        Command::Help => {
            output::stdout(USAGE);
            0
        }
        Command::Version => {
            outln!("goescape {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Command::Parse(parse_args) => parse_cmd::run(&parse_args),
        Command::Types(types_args) => types_cmd::run(&types_args),
        Command::Escape(escape_args) => escape_cmd::run(&escape_args),
        Command::Explain(explain_args) => explain_cmd::run(&explain_args),
        Command::Check(check_args) => check_cmd::run_check(&check_args),
        Command::BaselineSave(save_args) => check_cmd::run_baseline_save(&save_args),
        Command::Diff(diff_args) => diff_cmd::run(&diff_args),
        Command::CleanCache => cache_setup::clean(),
        Command::Lsp { no_cache } => {
            match goescape_lsp::run_stdio(if no_cache { None } else { cache_setup::open() }) {
                Ok(()) => 0,
                Err(err) => {
                    errln!("goescape lsp: {err}");
                    EXIT_USAGE
                }
            }
        }
    };
    ExitCode::from(status)
}
