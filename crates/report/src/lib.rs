//! Presenting escape-analysis results. [`gc`] prints them exactly as the
//! Go compiler does at `-m`; [`json`] as JSON Lines, one record per
//! finding, for programs; [`location`] resolves positions for both;
//! [`paths`] names files as the go command does; [`suggest`] gives
//! advice per cause of a heap allocation, from the findings' evidence.

pub mod gc;
pub mod json;
pub mod location;
pub mod paths;
pub mod suggest;
