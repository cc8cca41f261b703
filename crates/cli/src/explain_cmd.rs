//! `goescape explain PATTERN...`: every heap site of the selected
//! packages with its cause, for people (goescape_report::explain), each
//! package as soon as it is analysed, then a summary by cause.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Instant;

use goescape_escape::{Finding, Level, Options};
use goescape_pipeline::{Finished, GcFlags};
use goescape_report::explain::{self, Tally};
use goescape_report::location::FileNamer;
use goescape_report::suggest;

use crate::args::{Color, ExplainArgs};
use crate::escape_cmd::{analyze, exit_status, Rendering};
use crate::output::stdout;

pub fn run(args: &ExplainArgs) -> u8 {
    let started = Instant::now();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    let options = explain::Options {
        causes: args.kinds.clone(),
        packages: args.packages.clone(),
        files: args.files.clone(),
        funcs: args.funcs.clone(),
        stack: args.all,
        color,
    };
    // The causes come from -m=2's explanations; inlining is not modelled.
    let gcflags = vec![GcFlags::named(Options {
        level: Level::Explained,
        mutations_calls: false,
    })];
    let tally = Mutex::new(Tally::default());
    let render = |done: &Finished<'_>, name: FileNamer<'_>| {
        let package = done.package;
        let findings = &done.report.findings;
        let advice: HashMap<*const Finding, String> =
            suggest::suggestions(done.report, done.files, done.store)
                .into_iter()
                .map(|s| (std::ptr::from_ref(&findings[s.finding]), s.text()))
                .collect();
        let explained = explain::package(
            package.import_path(),
            done.report,
            done.files,
            &package.location.dir,
            name,
            &options,
            &|site| advice.get(&std::ptr::from_ref(site.finding)).cloned(),
        );
        tally
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .add(&explained.tally);
        explained.text
    };
    let rendering = Rendering {
        text: &render,
        name: "explain",
        keep_reports: false,
    };
    match analyze(&args.load, gcflags, args.progress, started, rendering, None) {
        Ok(run) => {
            let tally = tally.into_inner().unwrap_or_else(|p| p.into_inner());
            stdout(&tally.summary());
            exit_status(&run)
        }
        Err(status) => status,
    }
}
