//! goescape against the `-m` errorcheck tests of $GOROOT/test, matched by
//! the rules of Go's harness (crates/errorcheck). Figures go to
//! tests/snapshots/errorcheck.snap (rewritten with
//! GOESCAPE_UPDATE_SNAPSHOTS=1): files passed, annotations matched, the
//! failing files. Tests without `-l` are run with inlining on (gc's
//! inlining lines; escape analysis does not see inlined bodies yet), and
//! counted apart.
//!
//! Skipped, with a printed reason, when Go or $GOROOT/test is absent,
//! unless GOESCAPE_REQUIRE_GO is set.

mod support;

use std::path::Path;

use goescape_errorcheck::{check, select_tests, Platform, Summary, TestFile};
use goescape_pipeline::GcFlags;
use rayon::prelude::*;

const SNAPSHOT: &str = "tests/snapshots/errorcheck.snap";

/// The `-m` level a test's flags ask for.
fn m_level(test: &TestFile) -> u8 {
    test.flags()
        .iter()
        .filter_map(|f| {
            let rest = f.strip_prefix("-m")?;
            match rest {
                "" => Some(1),
                _ => rest.strip_prefix('=')?.parse().ok(),
            }
        })
        .max()
        .unwrap_or(1)
}

/// gc's flags as a test's compiler flags give them.
fn flags(test: &TestFile) -> GcFlags {
    GcFlags {
        no_inline: test.header.disables_inlining(),
        ..GcFlags::named(options(test))
    }
}

/// The analysis options a test's compiler flags ask for.
fn options(test: &TestFile) -> goescape_escape::Options {
    let debug = |name: &str| {
        test.flags().iter().any(|f| {
            f.strip_prefix("-d=").is_some_and(|list| {
                list.split(',')
                    .any(|d| d == name || d == format!("{name}=1"))
            })
        })
    };
    goescape_escape::Options {
        level: goescape_escape::Level::from_m(m_level(test)),
        mutations_calls: debug("escapemutationscalls"),
    }
}

#[test]
fn goescape_on_the_errorcheck_tests() {
    let Some(goroot) = support::goroot_with_tests() else {
        return;
    };
    let platform = Platform::from_env(&goroot).expect("platform");
    let selection = select_tests(&goroot, &platform).expect("select tests");
    let results: Vec<(usize, Result<Vec<String>, String>)> = selection
        .files
        .par_iter()
        .enumerate()
        .map(|(i, test)| (i, support::goescape_lines(&test.path, flags(test))))
        .collect();

    let mut summary = Summary::new(&selection, "goescape");
    let (mut wanted_l, mut matched_l, mut wanted_all, mut matched_all) = (0, 0, 0, 0);
    let mut per_file = Vec::new();
    for (i, result) in results {
        let test = &selection.files[i];
        let lines = match result {
            Ok(lines) => lines,
            Err(why) => {
                summary.record_failure(test, why);
                per_file.push(format!("{}: not analysed", test.name));
                continue;
            }
        };
        let outcome = check(test, lines.iter().map(String::as_str));
        let wanted = test.wanted.len();
        let matched = wanted - outcome.misses.len();
        wanted_all += wanted;
        matched_all += matched;
        if test.header.disables_inlining() {
            wanted_l += wanted;
            matched_l += matched;
        }
        per_file.push(format!(
            "{}{}: {matched}/{wanted} annotations, {} leftover",
            test.name,
            if test.header.disables_inlining() {
                " (-l)"
            } else {
                ""
            },
            outcome.leftovers.len()
        ));
        summary.record(test, &outcome);
    }
    per_file.sort();
    let percent = |m: usize, w: usize| 100.0 * m as f64 / w.max(1) as f64;
    let mut text = summary.render();
    text.push_str(&format!(
        "\nannotations matched, -l files: {matched_l}/{wanted_l} ({:.2}%)\n\
         annotations matched, all files: {matched_all}/{wanted_all} ({:.2}%)\n\nper file:\n",
        percent(matched_l, wanted_l),
        percent(matched_all, wanted_all)
    ));
    for line in per_file {
        text.push_str(&format!("  {line}\n"));
    }
    print!("{text}");
    support::compare_snapshot(Path::new(SNAPSHOT), &text);
}
