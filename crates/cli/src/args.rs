//! Command-line parsing.
//!
//! Flags follow the go tool's habits (`-flag`, `--flag`, `-flag=value`,
//! `-flag value`) because users copy them from `go build -gcflags=...`; a
//! general-purpose parser would fight the single-dash long names.

use std::fmt;

use goescape_escape::{Level, Options};
use goescape_pipeline::{GcFlags, Packages};

pub const USAGE: &str = "\
goescape: where Go programs allocate, and why

Usage:
  goescape parse [flags] PATTERN...   parse the selected Go files, report syntax errors
  goescape types [flags] PATTERN...   type-check the selected packages and their imports
  goescape clean -cache               empty the cache of results ($GOESCAPECACHE, by default
                                      goescape in the user's cache directory)
  goescape -m[=N] [-l] [-d=escapemutationscalls] [--format gc|json] [flags] [PATTERN...]
  goescape -gcflags=[PATTERN=]'-m[=N] -l' [flags] [PATTERN...]
                                      escape analysis: the lines 'go build -gcflags=-m[=N] -l'
                                      prints for the selected packages (-m=2 adds why; -m -m
                                      is -m=2); -gcflags as the go command takes it: for the
                                      named packages, all=... for every package, PATTERN=...
                                      for those PATTERN matches (the last match wins);
                                      without a pattern, the package in the current directory

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
  --format FORMAT  escape analysis output: gc, the compiler's lines (the
                   default), or json, JSON Lines with one object per
                   finding (docs/schema/finding.schema.json)
  --progress, --no-progress
                   show (or hide) a progress bar on stderr; by default shown
                   when stderr is a terminal (escape analysis only)
  --no-cache       neither read nor write the cache of results (escape analysis
                   only; by default a package whose files, imports and settings
                   are unchanged since an earlier run prints that run's output)
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
    /// `goescape clean -cache`.
    CleanCache,
}

/// Options of the escape analysis (`goescape -m ...`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EscapeArgs {
    pub load: LoadArgs,
    /// gc's flags: those given directly (`-m -l`) for the named packages,
    /// then each `-gcflags=[pattern=]flags` in order (the last match
    /// wins, as with the go command).
    pub gcflags: Vec<GcFlags>,
    /// `--progress` / `--no-progress`; `None`: when stderr is a terminal.
    pub progress: Option<bool>,
    pub format: Format,
    /// `--no-cache`: analyse everything, store nothing.
    pub no_cache: bool,
}

/// How escape-analysis results are printed (`--format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// The compiler's `-m` lines, under `# importpath` headers.
    #[default]
    Gc,
    /// JSON Lines: one object per finding (goescape_report::json).
    Json,
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
        "clean" => parse_clean_args(rest),
        // gc's flags, in any order and mixed with ours: `-m -l`,
        // `--format gc -l -m=2`.
        _ if args.iter().any(|a| is_m_flag(a) || is_gcflags(a)) => {
            parse_escape_args(args).map(Command::Escape)
        }
        other if other.starts_with('-') => {
            Err(UsageError(format!("flag {other} must follow a command")))
        }
        other => Err(UsageError(format!("unknown command {other:?}"))),
    }
}

/// `-m`, `--m`, `-m=N`: what makes a command line an escape analysis.
fn is_m_flag(arg: &str) -> bool {
    flag_name(arg).is_some_and(|n| n == "m" || n.starts_with("m="))
}

/// `-gcflags=...` or `-gcflags ...`, as pasted from a go command line.
fn is_gcflags(arg: &str) -> bool {
    flag_name(arg).is_some_and(|n| n == "gcflags" || n.starts_with("gcflags="))
}

fn flag_name(arg: &str) -> Option<&str> {
    arg.strip_prefix("--").or_else(|| arg.strip_prefix('-'))
}

fn parse_parse_args(args: &[String]) -> Result<ParseArgs, UsageError> {
    let mut tests = false;
    let mut all_files = false;
    let load = parse_load_args(args, |name, value, flags| {
        match name {
            "tests" => tests = flags.bool_value(name, value)?,
            "all-files" => all_files = flags.bool_value(name, value)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    Ok(ParseArgs {
        load: require_patterns("parse", load)?,
        tests,
        all_files,
    })
}

fn parse_escape_args(args: &[String]) -> Result<EscapeArgs, UsageError> {
    let mut direct = GcWords::default();
    let mut gcflags = Vec::new();
    let mut format = Format::Gc;
    let mut progress = None;
    let mut no_cache = false;
    let mut load = parse_load_args(args, |name, value, flags| {
        match name {
            "no-cache" => no_cache = flags.bool_value(name, value)?,
            "gcflags" => gcflags.push(parse_gcflags(flags.value(name, value)?)?),
            "progress" => progress = Some(flags.bool_value(name, value)?),
            "no-progress" => progress = Some(!flags.bool_value(name, value)?),
            "format" => {
                format = match flags.value(name, value)? {
                    "gc" => Format::Gc,
                    "json" => Format::Json,
                    other => {
                        return Err(UsageError(format!(
                            "--format: {other:?} is neither gc nor json"
                        )))
                    }
                }
            }
            _ => {
                let value = match (name, value) {
                    // `-d list` takes a value; `-m`, `-l` never a separate one.
                    ("d", None) => Some(flags.value(name, value)?),
                    _ => value,
                };
                return direct.flag(name, value);
            }
        }
        Ok(true)
    })?;
    if direct.given {
        gcflags.insert(0, direct.for_packages(Packages::Named)?);
    }
    // Like the go command, the package in the current directory.
    if load.patterns.is_empty() {
        load.patterns.push(".".to_owned());
    }
    Ok(EscapeArgs {
        load,
        gcflags,
        progress,
        format,
        no_cache,
    })
}

/// `clean -cache`, the one thing there is to clean.
fn parse_clean_args(args: &[String]) -> Result<Command, UsageError> {
    match args {
        [flag] if matches!(flag.as_str(), "-cache" | "--cache") => Ok(Command::CleanCache),
        _ => Err(UsageError("usage: goescape clean -cache".into())),
    }
}

/// `[pattern=]flags`: gc's flags for the packages a pattern matches (all
/// of them for `all`, the named ones without a pattern).
fn parse_gcflags(value: &str) -> Result<GcFlags, UsageError> {
    let (packages, flags) = match value.split_once('=') {
        // `-m=2` is a flag with a value, not a pattern.
        Some((pattern, flags)) if !pattern.starts_with('-') => {
            let packages = match pattern {
                "all" => Packages::All,
                _ => Packages::Pattern(pattern.to_owned()),
            };
            (packages, flags)
        }
        _ => (Packages::Named, value),
    };
    let mut words = GcWords::default();
    for word in flags.split_whitespace() {
        let word = word.trim_matches(|c| c == '\'' || c == '"');
        let body = flag_name(word)
            .ok_or_else(|| UsageError(format!("-gcflags: {word:?} is not a flag")))?;
        let (name, value) = match body.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (body, None),
        };
        if !words.flag(name, value)? {
            return Err(UsageError(format!(
                "-gcflags: goescape models -m, -l and -d=escapemutationscalls, not -{name}"
            )));
        }
    }
    words.for_packages(packages)
}

/// gc's flags as read so far.
#[derive(Default)]
struct GcWords {
    given: bool,
    level: u8,
    no_inline: bool,
    mutations_calls: bool,
}

impl GcWords {
    /// Reads one of gc's flags; `false` if it is not one.
    fn flag(&mut self, name: &str, value: Option<&str>) -> Result<bool, UsageError> {
        match name {
            "m" => {
                self.level = match value {
                    None => self.level + 1,
                    Some(v) => v
                        .parse()
                        .map_err(|_| UsageError(format!("-m wants a level, not {v:?}")))?,
                }
            }
            "l" => self.no_inline = bool_flag(name, value)?,
            // gc's debug flags; the one that changes the report is kept.
            "d" => {
                let list = value.unwrap_or_default();
                self.mutations_calls |= list
                    .split(',')
                    .any(|d| d == "escapemutationscalls" || d == "escapemutationscalls=1");
            }
            _ => return Ok(false),
        }
        self.given = true;
        Ok(true)
    }

    fn for_packages(&self, packages: Packages) -> Result<GcFlags, UsageError> {
        if self.level > 2 {
            return Err(UsageError(format!(
                "-m={}: gc's debugging output above -m=2 is not modelled; use -m=2",
                self.level
            )));
        }
        Ok(GcFlags {
            packages,
            analysis: Options {
                level: Level::from_m(self.level),
                mutations_calls: self.mutations_calls,
            },
            no_inline: self.no_inline,
        })
    }
}

fn parse_types_args(args: &[String]) -> Result<TypesArgs, UsageError> {
    let load = parse_load_args(args, |_, _, _| Ok(false))?;
    Ok(TypesArgs {
        load: require_patterns("types", load)?,
    })
}

/// Reads the flags every command shares; `own_flag` handles the command's
/// own and says whether it knew the name.
fn parse_load_args<'a>(
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
    Ok(parsed)
}

fn require_patterns(command: &str, load: LoadArgs) -> Result<LoadArgs, UsageError> {
    if load.patterns.is_empty() {
        return Err(UsageError(format!("{command} needs at least one pattern")));
    }
    Ok(load)
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
        bool_flag(name, inline_value)
    }
}

fn bool_flag(name: &str, value: Option<&str>) -> Result<bool, UsageError> {
    match value {
        None | Some("true") | Some("1") => Ok(true),
        Some("false") | Some("0") => Ok(false),
        Some(v) => Err(UsageError(format!("invalid value {v:?} for flag -{name}"))),
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

    /// The gc flags of the named packages.
    fn named(level: Level, mutations_calls: bool, no_inline: bool) -> GcFlags {
        GcFlags {
            packages: Packages::Named,
            analysis: Options {
                level,
                mutations_calls,
            },
            no_inline,
        }
    }

    #[test]
    fn escape_flags_come_in_any_order() {
        let Ok(Command::Escape(args)) = parse("--format gc -l ./... -m=2 -d=escapemutationscalls")
        else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.load.patterns, ["./..."]);
        assert_eq!(args.gcflags, [named(Level::Explained, true, true)]);
        let Ok(Command::Escape(args)) = parse("-m -m --stats std") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.gcflags, [named(Level::Explained, false, false)]);
        assert_eq!(args.format, Format::Gc);
        let Ok(Command::Escape(args)) = parse("-m --format=json x") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.format, Format::Json);
        assert_eq!(
            parse("-m --format xml x"),
            Err(UsageError(
                "--format: \"xml\" is neither gc nor json".into()
            ))
        );
        assert_eq!(
            parse("-l x"),
            Err(UsageError("flag -l must follow a command".into()))
        );
    }

    #[test]
    fn gcflags_as_pasted_from_the_go_command() {
        let gcflags = |line: &str| match parse_command_line(&[line.to_owned()]) {
            Ok(Command::Escape(args)) => args.gcflags,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            gcflags("-gcflags=-m -l"),
            [named(Level::Verdicts, false, true)]
        );
        assert_eq!(
            gcflags("-gcflags='-m -l'"),
            [named(Level::Verdicts, false, true)]
        );
        assert_eq!(
            gcflags("-gcflags=-m=2"),
            [named(Level::Explained, false, false)]
        );
        assert_eq!(
            gcflags("-gcflags=-m -m"),
            [named(Level::Explained, false, false)]
        );
        let all = gcflags("-gcflags=all=-m");
        assert_eq!(all[0].packages, Packages::All);
        assert_eq!(all[0].analysis.level, Level::Verdicts);
        let pattern = gcflags("-gcflags=net/...=-m -l");
        assert_eq!(pattern[0].packages, Packages::Pattern("net/...".into()));
        assert!(pattern[0].no_inline);
        // The directly given flags come first: -gcflags entries override.
        let Ok(Command::Escape(args)) = parse("-m -gcflags=all=-m=2 x") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.gcflags.len(), 2);
        assert_eq!(args.gcflags[0].packages, Packages::Named);
        assert_eq!(args.gcflags[1].packages, Packages::All);
    }

    #[test]
    fn escape_analysis_defaults_to_the_current_package() {
        let Ok(Command::Escape(args)) = parse("-m -l") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.load.patterns, ["."]);
    }

    #[test]
    fn levels_beyond_two_and_unmodelled_gc_flags_are_refused() {
        assert_eq!(
            parse("-m=3 x"),
            Err(UsageError(
                "-m=3: gc's debugging output above -m=2 is not modelled; use -m=2".into()
            ))
        );
        assert!(matches!(parse("-m -m -m x"), Err(UsageError(m)) if m.starts_with("-m=3")));
        assert_eq!(
            parse("-gcflags=-N x"),
            Err(UsageError(
                "-gcflags: goescape models -m, -l and -d=escapemutationscalls, not -N".into()
            ))
        );
    }

    #[test]
    fn the_cache_is_on_unless_turned_off_and_only_the_cache_is_cleaned() {
        let Ok(Command::Escape(args)) = parse("-m -l") else {
            panic!("expected an escape analysis");
        };
        assert!(!args.no_cache);
        let Ok(Command::Escape(args)) = parse("-m --no-cache -l ./...") else {
            panic!("expected an escape analysis");
        };
        assert!(args.no_cache);
        assert_eq!(parse("clean -cache"), Ok(Command::CleanCache));
        assert_eq!(parse("clean --cache"), Ok(Command::CleanCache));
        assert!(parse("clean").is_err());
        assert!(parse("clean -cache x").is_err());
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse("--help"), Ok(Command::Help));
        assert_eq!(parse("-h"), Ok(Command::Help));
        assert_eq!(parse("--version"), Ok(Command::Version));
    }
}
