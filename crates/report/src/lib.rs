//! Presenting escape-analysis results. [`gc`] prints them exactly as the
//! Go compiler does at `-m`; [`json`] as JSON Lines, one record per
//! finding, for programs; [`location`] resolves positions for both;
//! [`paths`] names files as the go command does. [`heap_sites`] keys heap
//! sites so that they survive unrelated edits (baselines, revision
//! diffs); [`check`] checks the source's `//goescape:` and `//gcassert:`
//! directives against the findings.

pub mod check;
pub mod gc;
pub mod heap_sites;
pub mod json;
pub mod location;
pub mod paths;
