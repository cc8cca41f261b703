//! Command-line parsing.
//!
//! Flags follow the go tool's habits (`-flag`, `--flag`, `-flag=value`,
//! `-flag value`) because users copy them from `go build -gcflags=...`; a
//! general-purpose parser would fight the single-dash long names.

use std::fmt;
use std::path::{Path, PathBuf};

use goescape_escape::{Level, Options};
use goescape_pipeline::{GcFlags, Packages};
use goescape_report::cause::CAUSE_IDS;

pub const USAGE: &str = "\
goescape: where Go programs allocate, and why

Usage:
  goescape parse [flags] PATTERN...   parse the selected Go files, report syntax errors
  goescape types [flags] PATTERN...   type-check the selected packages and their imports
  goescape clean -cache               empty the cache of results ($GOESCAPECACHE, by default
                                      goescape in the user's cache directory)
  goescape -m[=N] [-l] [-d=escapemutationscalls] [-json=0,DIR] [--format gc|json|sarif] [flags] [PATTERN...]
  goescape -gcflags=[PATTERN=]'-m[=N] -l -json=0,DIR' [flags] [PATTERN...]
                                      escape analysis: the lines 'go build -gcflags=-m[=N] -l'
                                      prints for the selected packages (-m=2 adds why; -m -m
                                      is -m=2); -gcflags as the go command takes it: for the
                                      named packages, all=... for every package, PATTERN=...
                                      for those PATTERN matches (the last match wins);
                                      without a pattern, the package in the current directory;
                                      -json=0,DIR (DIR absolute or file://) also writes gc's
                                      optimisation records for the escape codes below DIR
  goescape explain [flags] [PATTERN...]
                                      every heap site of the selected packages with its cause
                                      in plain words and its path drawn on the source, grouped
                                      by package and function, then a summary by cause
  goescape check [--baseline FILE] [flags] [PATTERN...]
                                      enforce //goescape:noheap and //gcassert:noescape in
                                      the source; with --baseline, also fail on heap sites
                                      the baseline does not hold (exit 1 on a violation)
  goescape lsp [--stdio] [--no-cache] the language server (LSP over stdin and stdout): heap
                                      sites as diagnostics as you type, why on hover; see
                                      docs/lsp.md
  goescape baseline save FILE [flags] [PATTERN...]
                                      record today's heap sites in FILE for check --baseline
  goescape diff REV1 REV2 [flags] [PATTERN...]
                                      the heap sites added (+) and removed (-) between two
                                      git revisions of the module in the current directory

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
                   default), json, JSON Lines with one object per
                   finding (docs/schema/finding.schema.json), or sarif,
                   one SARIF 2.1.0 document at the end (for code scanning)
  --progress, --no-progress
                   show (or hide) a progress bar on stderr; by default shown
                   when stderr is a terminal (escape analysis only)
  --no-cache       neither read nor write the cache of results (escape analysis
                   only; by default a package whose files, imports and settings
                   are unchanged since an earlier run prints that run's output)
  -j N             worker threads (default: all cores)

Flags of explain:
  --color WHEN     auto (the default: when stdout is a terminal), always, never
  --kind IDS       only the sites of these causes, comma-separated (returned,
                   stored-in-global, too-large, ...: the summary names them)
  --package PATHS  only these import paths (path/... for a tree), comma-separated
  --file NAMES     only sites in these files (as printed, or base names)
  --func NAMES     only these functions (F, (*T).M) and their closures
  --all            also list the allocations that stay on the stack
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
    Explain(ExplainArgs),
    /// `goescape clean -cache`.
    CleanCache,
    /// `goescape lsp`: the language server on stdin and stdout; whether
    /// it runs without the cache of results.
    Lsp {
        no_cache: bool,
    },
    Check(CheckArgs),
    BaselineSave(BaselineSaveArgs),
    Diff(DiffArgs),
}

/// Options of `goescape check`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CheckArgs {
    pub load: LoadArgs,
    /// `--baseline FILE`: heap sites it does not hold are violations.
    pub baseline: Option<String>,
}

/// Options of `goescape baseline save FILE`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BaselineSaveArgs {
    pub load: LoadArgs,
    pub file: String,
}

/// Options of `goescape diff REV1 REV2`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DiffArgs {
    pub load: LoadArgs,
    pub old: String,
    pub new: String,
}

/// Options of `goescape explain`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ExplainArgs {
    pub load: LoadArgs,
    pub progress: Option<bool>,
    pub color: Color,
    /// Cause ids (goescape_report::cause::CAUSE_IDS) to keep.
    pub kinds: Vec<String>,
    pub packages: Vec<String>,
    pub files: Vec<String>,
    pub funcs: Vec<String>,
    /// `--all`: the allocations that stay on the stack too.
    pub all: bool,
}

/// When to colour output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Color {
    /// When stdout is a terminal.
    #[default]
    Auto,
    Always,
    Never,
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
    /// One SARIF 2.1.0 log of every package (goescape_report::sarif).
    Sarif,
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
        "explain" => parse_explain_args(rest).map(Command::Explain),
        "check" => parse_check_args(rest).map(Command::Check),
        "baseline" => match rest.split_first() {
            Some((save, rest)) if save == "save" => {
                let (file, load) = leading_positionals::<1>("baseline save", "FILE", rest)?;
                let [file] = file;
                Ok(Command::BaselineSave(BaselineSaveArgs { load, file }))
            }
            _ => Err(UsageError("baseline wants a subcommand: save FILE".into())),
        },
        "diff" => {
            let ([old, new], load) = leading_positionals::<2>("diff", "REV1 REV2", rest)?;
            Ok(Command::Diff(DiffArgs { load, old, new }))
        }
        "clean" => parse_clean_args(rest),
        "lsp" => {
            let mut no_cache = false;
            for flag in rest {
                match flag.as_str() {
                    // Clients commonly pass `--stdio`; stdio is the only
                    // transport.
                    "--stdio" => {}
                    "--no-cache" | "-no-cache" => no_cache = true,
                    _ => {
                        return Err(UsageError(
                            "usage: goescape lsp [--stdio] [--no-cache]".into(),
                        ))
                    }
                }
            }
            Ok(Command::Lsp { no_cache })
        }
        // gc's flags, in any order and mixed with ours: `-m -l`,
        // `--format gc -l -m=2`.
        _ if args.iter().any(|a| is_escape_flag(a) || is_gcflags(a)) => {
            parse_escape_args(args).map(Command::Escape)
        }
        other if other.starts_with('-') => {
            Err(UsageError(format!("flag {other} must follow a command")))
        }
        other => Err(UsageError(format!("unknown command {other:?}"))),
    }
}

/// `-m`, `--m`, `-m=N`, `-json=...`: what makes a command line an escape
/// analysis.
fn is_escape_flag(arg: &str) -> bool {
    flag_name(arg).is_some_and(|n| n == "m" || n.starts_with("m=") || n.starts_with("json"))
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
    let load = parse_load_args(args, |name, value, flags| {
        match name {
            "no-cache" => no_cache = flags.bool_value(name, value)?,
            "gcflags" => gcflags.push(parse_gcflags(flags.value(name, value)?)?),
            "progress" => progress = Some(flags.bool_value(name, value)?),
            "no-progress" => progress = Some(!flags.bool_value(name, value)?),
            "format" => {
                format = match flags.value(name, value)? {
                    "gc" => Format::Gc,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    other => {
                        return Err(UsageError(format!(
                            "--format: {other:?} is not gc, json or sarif"
                        )))
                    }
                }
            }
            _ => {
                let value = match (name, value) {
                    // `-d list` and `-json 0,DIR` take a value; `-m`, `-l`
                    // never a separate one.
                    ("d" | "json", None) => Some(flags.value(name, value)?),
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
    Ok(EscapeArgs {
        load: current_package_by_default(load),
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
                "-gcflags: goescape models -m, -l, -json and -d=escapemutationscalls, not -{name}"
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
    records: Option<PathBuf>,
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
            "json" => {
                if self.records.is_some() {
                    return Err(UsageError("-json: cannot repeat -json flag".into()));
                }
                self.records = Some(records_dir(value.unwrap_or_default())?);
            }
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
            records: self.records.clone(),
        })
    }
}

fn parse_explain_args(args: &[String]) -> Result<ExplainArgs, UsageError> {
    let mut parsed = ExplainArgs::default();
    let list = |value: &str| -> Vec<String> {
        value
            .split(',')
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let load = parse_load_args(args, |name, value, flags| {
        match name {
            "progress" => parsed.progress = Some(flags.bool_value(name, value)?),
            "no-progress" => parsed.progress = Some(!flags.bool_value(name, value)?),
            "all" => parsed.all = flags.bool_value(name, value)?,
            "color" | "colour" => {
                parsed.color = match flags.value(name, value)? {
                    "auto" => Color::Auto,
                    "always" => Color::Always,
                    "never" => Color::Never,
                    other => {
                        return Err(UsageError(format!(
                            "--color: {other:?} is not auto, always or never"
                        )))
                    }
                }
            }
            "kind" => {
                for kind in list(flags.value(name, value)?) {
                    if !CAUSE_IDS.contains(&kind.as_str()) {
                        return Err(UsageError(format!(
                            "--kind: {kind:?} is not a cause; the causes are {}",
                            CAUSE_IDS.join(", ")
                        )));
                    }
                    parsed.kinds.push(kind);
                }
            }
            "package" => parsed.packages.extend(list(flags.value(name, value)?)),
            "file" => parsed.files.extend(list(flags.value(name, value)?)),
            "func" => parsed.funcs.extend(list(flags.value(name, value)?)),
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    parsed.load = current_package_by_default(load);
    Ok(parsed)
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, UsageError> {
    let mut baseline = None;
    let load = parse_load_args(args, |name, value, flags| {
        if name != "baseline" {
            return Ok(false);
        }
        baseline = Some(flags.value(name, value)?.to_owned());
        Ok(true)
    })?;
    Ok(CheckArgs {
        load: current_package_by_default(load),
        baseline,
    })
}

/// The shared flags of a command whose first `N` positional arguments
/// are its own (`what` names them in the error); the rest are patterns,
/// the current package by default.
fn leading_positionals<const N: usize>(
    command: &str,
    what: &str,
    args: &[String],
) -> Result<([String; N], LoadArgs), UsageError> {
    let mut load = parse_load_args(args, |_, _, _| Ok(false))?;
    let rest = load.patterns.split_off(N.min(load.patterns.len()));
    let own: [String; N] = std::mem::replace(&mut load.patterns, rest)
        .try_into()
        .map_err(|_| UsageError(format!("{command} needs {what}")))?;
    Ok((own, current_package_by_default(load)))
}

/// Like the go command: without a pattern, the package in the current
/// directory.
fn current_package_by_default(mut load: LoadArgs) -> LoadArgs {
    if load.patterns.is_empty() {
        load.patterns.push(".".to_owned());
    }
    load
}

/// The directory of gc's `-json=VERSION,DEST`: version 0 only, the
/// destination an absolute directory or a `file://` URI, as gc requires.
fn records_dir(value: &str) -> Result<PathBuf, UsageError> {
    let usage = || UsageError("-json: want 0,DIR, DIR absolute or a file:// URI".into());
    let (version, destination) = value.split_once(',').ok_or_else(usage)?;
    if version != "0" {
        return Err(UsageError(format!(
            "-json: version must be 0, not {version:?}"
        )));
    }
    let path = destination.strip_prefix("file://").unwrap_or(destination);
    if !Path::new(path).is_absolute() && !destination.starts_with("file://") {
        return Err(usage());
    }
    Ok(PathBuf::from(path))
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
            no_inline,
            ..GcFlags::named(Options {
                level,
                mutations_calls,
            })
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
                "--format: \"xml\" is not gc, json or sarif".into()
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
    fn records_flag_as_gc_takes_it() {
        let records = |line: &str| match parse(line) {
            Ok(Command::Escape(args)) => Ok(args
                .gcflags
                .iter()
                .map(|f| f.records.clone())
                .collect::<Vec<_>>()),
            Ok(other) => panic!("expected an escape analysis, got {other:?}"),
            Err(err) => Err(err.0),
        };
        let dir = |d: &str| Some(PathBuf::from(d));
        assert_eq!(records("-json=0,/tmp/r x"), Ok(vec![dir("/tmp/r")]));
        assert_eq!(records("-json 0,/tmp/r x"), Ok(vec![dir("/tmp/r")]));
        assert_eq!(
            records("-gcflags=all=-json=0,file:///tmp/r x"),
            Ok(vec![dir("/tmp/r")])
        );
        assert_eq!(
            records("-m -gcflags=-json=0,/a -l x"),
            Ok(vec![None, dir("/a")])
        );
        assert_eq!(
            records("-json=1,/tmp/r x"),
            Err("-json: version must be 0, not \"1\"".to_owned())
        );
        let relative = Err("-json: want 0,DIR, DIR absolute or a file:// URI".to_owned());
        assert_eq!(records("-json=0,rel x"), relative);
        assert_eq!(records("-json=/tmp x"), relative);
        let repeated = ["-gcflags=-json=0,/a -json=0,/b".to_owned()];
        assert_eq!(
            parse_command_line(&repeated),
            Err(UsageError("-json: cannot repeat -json flag".into()))
        );
    }

    #[test]
    fn escape_analysis_defaults_to_the_current_package() {
        let Ok(Command::Escape(args)) = parse("-m -l") else {
            panic!("expected an escape analysis");
        };
        assert_eq!(args.load.patterns, ["."]);
    }

    #[test]
    fn explain_takes_filters_colour_and_the_shared_flags() {
        let Ok(Command::Explain(args)) = parse(
            "explain --color=never --kind returned,too-large --func F --func=G,H \
             --package a/... --file x.go --all -j 2 ./...",
        ) else {
            panic!("expected explain");
        };
        assert_eq!(args.color, Color::Never);
        assert_eq!(args.kinds, ["returned", "too-large"]);
        assert_eq!(args.funcs, ["F", "G", "H"]);
        assert_eq!(args.packages, ["a/..."]);
        assert_eq!(args.files, ["x.go"]);
        assert!(args.all);
        assert_eq!(args.load.threads, Some(2));
        assert_eq!(args.load.patterns, ["./..."]);
        let Ok(Command::Explain(args)) = parse("explain") else {
            panic!("expected explain");
        };
        assert_eq!(
            (args.color, args.load.patterns),
            (Color::Auto, vec![".".to_owned()])
        );
        let err = parse("explain --kind returns").unwrap_err().0;
        assert!(err.starts_with("--kind: \"returns\" is not a cause; the causes are returned, "));
        assert_eq!(
            parse("explain --color sometimes").unwrap_err().0,
            "--color: \"sometimes\" is not auto, always or never"
        );
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
                "-gcflags: goescape models -m, -l, -json and -d=escapemutationscalls, not -N"
                    .into()
            ))
        );
    }

    #[test]
    fn check_baseline_and_diff_take_their_own_arguments_first() {
        let Ok(Command::Check(args)) = parse("check --baseline b.jsonl ./... -j 1") else {
            panic!("expected a check");
        };
        assert_eq!(args.baseline.as_deref(), Some("b.jsonl"));
        assert_eq!(args.load.patterns, ["./..."]);
        let Ok(Command::Check(args)) = parse("check") else {
            panic!("expected a check");
        };
        assert_eq!(
            (args.baseline, args.load.patterns),
            (None, vec![".".to_owned()])
        );
        let Ok(Command::BaselineSave(args)) = parse("baseline save b.jsonl ./p") else {
            panic!("expected baseline save");
        };
        assert_eq!(
            (args.file.as_str(), args.load.patterns),
            ("b.jsonl", vec!["./p".to_owned()])
        );
        let Ok(Command::Diff(args)) = parse("diff HEAD~1 HEAD -C m") else {
            panic!("expected a diff");
        };
        assert_eq!((args.old.as_str(), args.new.as_str()), ("HEAD~1", "HEAD"));
        assert_eq!(args.load.patterns, ["."]);
        assert_eq!(args.load.work_dir.as_deref(), Some("m"));
        assert_eq!(
            parse("diff HEAD"),
            Err(UsageError("diff needs REV1 REV2".into()))
        );
        assert_eq!(
            parse("baseline load x"),
            Err(UsageError("baseline wants a subcommand: save FILE".into()))
        );
        assert_eq!(
            parse("check --baseline"),
            Err(UsageError("flag -baseline needs a value".into()))
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
