//! goescape's inlining verdicts against gc's on all of std: every
//! `can inline F with cost N` and `cannot inline F: reason` line of
//! `go build -a -gcflags=-m=2 std`, matched by package, position and
//! function with goescape's own at `-m=2` (inlining on). Figures go to
//! tests/snapshots/std_verdicts.snap (rewritten with
//! GOESCAPE_UPDATE_SNAPSHOTS=1): how many functions both decide on, how
//! many verdicts (inlinable or not) agree, how many costs and reasons are
//! identical, and the differences, sorted, the first hundred of each kind
//! (a different verdict or cost, a function only gc or only goescape
//! decides on) listed.
//!
//! gc follows the cost with `as:` and the function's body, which goescape
//! does not print: the comparison stops at the cost.
//!
//! Skipped, with a printed reason, when Go is absent, unless
//! GOESCAPE_REQUIRE_GO is set.

mod support;

use std::path::Path;

use goescape_errorcheck::gcdiff::{compare_snapshot, run_go_build};
use support::{go_present, go_version, ours, verdicts, Decision, Verdicts};

/// The differences of each kind listed in the snapshot; the counts cover
/// them all.
const LISTED: usize = 100;

#[test]
fn std_verdicts_at_m2() {
    if !go_present() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (reference, _) = run_go_build(dir.path(), "-m=2", &["std"], &[]).expect("go build");
    let text = format!(
        "# goescape -m=2 std against go build -a -gcflags=-m=2 std: inlining verdicts\n{}",
        compare(
            &verdicts(&reference),
            &verdicts(&ours(dir.path(), &["std"]))
        )
    );
    print!("{text}");
    compare_snapshot(Path::new("tests/snapshots/std_verdicts.snap"), &text);
}

fn compare(reference: &Verdicts, ours: &Verdicts) -> String {
    let mut decided_by_both = 0;
    let mut same_verdict = 0;
    let (mut both_inlinable, mut same_cost) = (0, 0);
    let (mut both_not, mut same_reason) = (0, 0);
    let mut differences = Vec::new();
    for (key, gc) in reference {
        let (package, pos, name) = key;
        let Some(ours) = ours.get(key) else {
            differences.push(format!("missing: {package} {pos} {name}: gc {}", show(gc)));
            continue;
        };
        decided_by_both += 1;
        match (gc, ours) {
            (Ok(a), Ok(b)) => {
                same_verdict += 1;
                both_inlinable += 1;
                if a == b {
                    same_cost += 1;
                    continue;
                }
            }
            (Err(a), Err(b)) => {
                same_verdict += 1;
                both_not += 1;
                if a == b {
                    same_reason += 1;
                    continue;
                }
            }
            _ => {}
        }
        differences.push(format!(
            "differs: {package} {pos} {name}: gc {}, goescape {}",
            show(gc),
            show(ours)
        ));
    }
    for (key, decision) in ours {
        if !reference.contains_key(key) {
            let (package, pos, name) = key;
            differences.push(format!(
                "extra: {package} {pos} {name}: goescape {}",
                show(decision)
            ));
        }
    }
    differences.sort();
    let percent = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    let mut text = format!(
        "go: {}\n\
         functions gc decides on: {}; goescape: {}; both: {decided_by_both}\n\
         same verdict (inlinable or not): {same_verdict} ({:.2}% of gc's)\n\
         inlinable for both: {both_inlinable}, same cost: {same_cost} ({:.2}%)\n\
         not inlinable for both: {both_not}, same reason: {same_reason} ({:.2}%)\n\
         differences: {} (at most {LISTED} of each kind listed)\n",
        go_version(),
        reference.len(),
        ours.len(),
        percent(same_verdict, reference.len()),
        percent(same_cost, both_inlinable),
        percent(same_reason, both_not),
        differences.len(),
    );
    for kind in ["differs:", "missing:", "extra:"] {
        for d in differences
            .iter()
            .filter(|d| d.starts_with(kind))
            .take(LISTED)
        {
            text.push_str(d);
            text.push('\n');
        }
    }
    text
}

fn show(decision: &Decision) -> String {
    match decision {
        Ok(cost) => format!("cost {cost}"),
        Err(reason) => format!("cannot: {reason}"),
    }
}
