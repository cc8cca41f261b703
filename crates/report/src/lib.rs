//! Presenting escape-analysis results. [`gc`] prints them exactly as the
//! Go compiler does at `-m`; [`json`] as JSON Lines, one record per
//! finding, for programs; [`records`] as gc's `-json=0,DIR` optimisation
//! records; [`sarif`] as one SARIF 2.1.0 log for code scanning;
//! [`explain`] as a report for people, each heap site with its [`cause`]
//! in plain words; [`location`] resolves positions for all of them;
//! [`paths`] names files as the go command does; [`suggest`] gives advice
//! per cause of a heap allocation, from the findings' evidence.
//! [`heap_sites`] keys heap sites so that they survive unrelated edits
//! (baselines, revision diffs); [`check`] checks the source's
//! `//goescape:` and `//gcassert:` directives against the findings.

pub mod cause;
pub mod check;
pub mod explain;
pub mod gc;
pub mod heap_sites;
pub mod json;
pub mod location;
pub mod paths;
pub mod records;
pub mod sarif;
pub mod suggest;
