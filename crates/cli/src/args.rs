//! Command-line parsing.
//!
//! Flags follow the go tool's habits (`-flag`, `--flag`, `-flag=value`,
//! `-flag value`) because users copy them from `go build -gcflags=...`; a
//! general-purpose parser would fight the single-dash long names.

use std::fmt;

pub const USAGE: &str = "\
goescape: where Go programs allocate, and why

Usage:
  goescape parse [flags] PATTERN...   parse the selected Go files, report syntax errors
  goescape types [flags] PATTERN...   type-check the selected packages and their imports
  goescape -m[=N] [-l] [-d=escapemutationscalls] [--format gc] [flags] PATTERN...
                                      escape analysis: the lines 'go build -gcflags=-m[=N] -l'
                                      prints for the selected packages (-m=2 adds why)

Patterns are those of the go command: ./..., dir/..., std, cmd, import paths,
directories, or a list of .go files forming one package.

Flags:
  -C DIR           run as if started in DIR (like go -C)
  --stats          print packages, files, lines, bytes, seconds (and for
                   parse, MB/s) to stderr
  --tests          include _test.go files (parse only)
  --all-files      every .go file of the matched packages, whatever the
                   build constraints (parse only; for checking syntax on
                   all platforms)
  -tags LIST       extra build tags, comma-separated
  -j N             worker threads (default: all cores)
  -h, --help       show this help
  --version        print the version

Exit status: 0 when clean, 1 when the input has errors, 2 on a usage or I/O error.
";

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Parse(ParseArgs),
    Types(TypesArgs),
    Escape(EscapeArgs),
}

/// Options of the escape analysis (`goescape -m ...`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EscapeArgs {
    pub load: LoadArgs,
    /// gc's `-m` level.
    pub level: u8,
    /// `-l`: no inlining (the only mode modelled so far).
    pub no_inline: bool,
    /// `-d=escapemutationscalls`: report mutated and called parameters.
    pub mutations_calls: bool,
}

/// What selects and loads packages: shared by every command.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LoadArgs {
    pub patterns: Vec<String>,
    pub stats: bool,
    pub tags: Vec<String>,
    pub threads: Option<usize>,
    /// `-C DIR`: the directory patterns and the main module are found from.
    pub work_dir: Option<String>,
}

/// Options of `goescape types`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TypesArgs {
    pub load: LoadArgs,
}

/// Options of `goescape parse`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ParseArgs {
    pub load: LoadArgs,
    pub tests: bool,
    /// Parse files that build constraints exclude, too.
    pub all_files: bool,
}

/// A usage error, printed before the usage line with exit status 2.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn parse_command_line(args: &[String]) -> Result<Command, UsageError> {
    let Some((first, rest)) = args.split_first() else {
        return Err(UsageError("no command given".into()));
    };
    match first.as_str() {
        "-h" | "-help" | "--help" | "help" => Ok(Command::Help),
        "-version" | "--version" | "version" => Ok(Command::Version),
        "parse" => parse_parse_args(rest).map(Command::Parse),
        "types" => parse_types_args(rest).map(Command::Types),
        // gc's flags, in any order and mixed with ours: `-m -l`,
        // `--format gc -l -m=2`.
        _ if args.iter().any(|a| is_m_flag(a)) => parse_escape_args(args).map(Command::Escape),
        other if other.starts_with('-') => {
            Err(UsageError(format!("flag {other} must follow a command")))
        }
        other => Err(UsageError(format!("unknown command {other:?}"))),
    }
}

/// `-m`, `--m`, `-m=N`: what makes a command line an escape analysis.
fn is_m_flag(arg: &str) -> bool {
    let name = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'));
    name.is_some_and(|n| n == "m" || n.starts_with("m="))
}

fn parse_parse_args(args: &[String]) -> Result<ParseArgs, UsageError> {
    let mut tests = false;
    let mut all_files = false;
    let load = parse_load_args("parse", args, |name, value, flags| {
        match name {
            "tests" => tests = flags.bool_value(name, value)?,
            "all-files" => all_files = flags.bool_value(name, value)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(ParseArgs {
        load,
        tests,
        all_files,
    })
}

fn parse_escape_args(args: &[String]) -> Result<EscapeArgs, UsageError> {
    let mut level = 0u8;
    let mut no_inline = false;
    let mut mutations_calls = false;
    let mut format_ok = true;
    let load = parse_load_args("-m", args, |name, value, flags| {
        match name {
            "m" => {
                level = match value {
                    None => level + 1,
                    Some(v) => v
                        .parse()
                        .map_err(|_| UsageError(format!("-m wants a level, not {v:?}")))?,
                }
            }
            "l" => no_inline = flags.bool_value(name, value)?,
            // gc's debug flags; the one that changes the report is kept.
            "d" => {
                let list = flags.value(name, value)?;
                mutations_calls |= list
                    .split(',')
                    .any(|d| d == "escapemutationscalls" || d == "escapemutationscalls=1");
            }
            "format" => format_ok = flags.value(name, value)? == "gc",
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    if !format_ok {
        return Err(UsageError("--format: only gc is supported".into()));
    }
    Ok(EscapeArgs {
        load,
        level,
        no_inline,
        mutations_calls,
    })
}

fn parse_types_args(args: &[String]) -> Result<TypesArgs, UsageError> {
    let load = parse_load_args("types", args, |_, _, _| Ok(false))?;
    Ok(TypesArgs { load })
}

/// Reads the flags every command shares; `own_flag` handles the command's
/// own and says whether it knew the name.
fn parse_load_args<'a>(
    command: &str,
    args: &'a [String],
    mut own_flag: impl FnMut(&str, Option<&'a str>, &mut FlagReader<'a>) -> Result<bool, UsageError>,
) -> Result<LoadArgs, UsageError> {
    let mut parsed = LoadArgs::default();
    let mut flags = FlagReader::new(args);
    while let Some(item) = flags.next_item() {
        match item {
            Item::Positional(p) => parsed.patterns.push(p.to_owned()),
            Item::Flag { name, inline_value } => match name {
                "stats" => parsed.stats = flags.bool_value(name, inline_value)?,
                "tags" => parsed.tags = tag_list(flags.value(name, inline_value)?),
                "C" => parsed.work_dir = Some(flags.value(name, inline_value)?.to_owned()),
                "j" => parsed.threads = Some(thread_count(flags.value(name, inline_value)?)?),
                _ => {
                    if !own_flag(name, inline_value, &mut flags)? {
                        return Err(UsageError(format!("unknown flag -{name}")));
                    }
                }
            },
        }
    }
    if parsed.patterns.is_empty() {
        return Err(UsageError(format!("{command} needs at least one pattern")));
    }
    Ok(parsed)
}

/// The value of `-tags`: comma- or space-separated.
fn tag_list(list: &str) -> Vec<String> {
    list.split([',', ' '])
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The value of `-j`: a positive number.
fn thread_count(text: &str) -> Result<usize, UsageError> {
    text.parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| UsageError(format!("-j wants a positive number, not {text:?}")))
}

enum Item<'a> {
    Positional(&'a str),
    Flag {
        name: &'a str,
        inline_value: Option<&'a str>,
    },
}

/// Walks arguments the way Go's flag package does: flags and patterns may
/// mix, and `--` ends the flags.
struct FlagReader<'a> {
    args: &'a [String],
    next: usize,
    only_positionals: bool,
}

impl<'a> FlagReader<'a> {
    fn new(args: &'a [String]) -> Self {
        FlagReader {
            args,
            next: 0,
            only_positionals: false,
        }
    }

    fn next_item(&mut self) -> Option<Item<'a>> {
        let arg = self.args.get(self.next)?.as_str();
        self.next += 1;
        if self.only_positionals || arg == "-" || !arg.starts_with('-') {
            return Some(Item::Positional(arg));
        }
        if arg == "--" {
            self.only_positionals = true;
            return self.next_item();
        }
        let body = arg.strip_prefix("--").unwrap_or(&arg[1..]);
        Some(match body.split_once('=') {
            Some((name, value)) => Item::Flag {
                name,
                inline_value: Some(value),
            },
            None => Item::Flag {
                name: body,
                inline_value: None,
            },
        })
    }

    /// A flag that takes a value: `-f=v` or `-f v`.
    fn value(&mut self, name: &str, inline_value: Option<&'a str>) -> Result<&'a str, UsageError> {
        if let Some(v) = inline_value {
            return Ok(v);
        }
        let v = self
            .args
            .get(self.next)
            .ok_or_else(|| UsageError(format!("flag -{name} needs a value")))?;
        self.next += 1;
        Ok(v)
    }

    /// A boolean flag: `-f` or `-f=true|false`, never a separate value.
    fn bool_value(&self, name: &str, inline_value: Option<&str>) -> Result<bool, UsageError> {
        match inline_value {
            None | Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(v) => Err(UsageError(format!("invalid value {v:?} for flag -{name}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Command, UsageError> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse_command_line(&args)
    }

    #[test]
    fn parse_command_accepts_go_style_flags_anywhere() {
        let Ok(Command::Parse(args)) =
            parse("parse ./... --stats -tags=a,b -j 1 std --tests=false -C dir --all-files")
        else {
            panic!("expected a parse command");
        };
        assert_eq!(args.load.patterns, ["./...", "std"]);
        assert!(args.load.stats);
        assert!(!args.tests);
        assert!(args.all_files);
        assert_eq!(args.load.tags, ["a", "b"]);
        assert_eq!(args.load.threads, Some(1));
        assert_eq!(args.load.work_dir.as_deref(), Some("dir"));
    }

    #[test]
    fn usage_errors_name_the_problem() {
        assert_eq!(
            parse("parse --bogus x"),
            Err(UsageError("unknown flag -bogus".into()))
        );
        assert_eq!(
            parse("parse"),
            Err(UsageError("parse needs at least one pattern".into()))
        );
        assert_eq!(
            parse("parse x -j"),
            Err(UsageError("flag -j needs a value".into()))
        );
        assert_eq!(
            parse("parse x -j 0"),
            Err(UsageError("-j wants a positive number, not \"0\"".into()))
        );
        assert_eq!(
            parse("frobnicate"),
            Err(UsageError("unknown command \"frobnicate\"".into()))
        );
        assert_eq!(parse(""), Err(UsageError("no command given".into())));
    }

    #[test]
    fn double_dash_ends_flags() {
        let Ok(Command::Parse(args)) = parse("parse -- -weird.go") else {
            panic!("expected a parse command");
        };
        assert_eq!(args.load.patterns, ["-weird.go"]);
    }

    #[test]
    fn types_command_takes_the_shared_flags() {
        let Ok(Command::Types(args)) = parse("types std --stats -j 2 -tags=x -C d") else {
            panic!("expected a types command");
        };
        assert_eq!(args.load.patterns, ["std"]);
        assert!(args.load.stats);
        assert_eq!(args.load.threads, Some(2));
        assert_eq!(args.load.tags, ["x"]);
        assert_eq!(args.load.work_dir.as_deref(), Some("d"));
        assert_eq!(
            parse("types --tests x"),
            Err(UsageError("unknown flag -tests".into()))
        );
        assert_eq!(
            parse("types"),
            Err(UsageError("types needs at least one pattern".into()))
        );
    }

    #[test]
    fn escape_flags_come_in_any_order() {
        let Ok(Command::Escape(args)) = parse("--format gc -l ./... -m=2 -d=escapemutationscalls")
        else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.load.patterns, ["./..."]);
        assert_eq!(args.level, 2);
        assert!(args.no_inline && args.mutations_calls);
        let Ok(Command::Escape(args)) = parse("-m -m --stats std") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.level, 2);
        assert_eq!(
            parse("-m --format json x"),
            Err(UsageError("--format: only gc is supported".into()))
        );
        assert_eq!(
            parse("-l x"),
            Err(UsageError("flag -l must follow a command".into()))
        );
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse("--help"), Ok(Command::Help));
        assert_eq!(parse("-h"), Ok(Command::Help));
        assert_eq!(parse("--version"), Ok(Command::Version));
    }
}
