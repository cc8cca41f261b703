//! Presenting escape-analysis results. [`gc`] prints them exactly as the
//! Go compiler does at `-m`; [`paths`] names files as the go command does.

pub mod gc;
pub mod paths;
