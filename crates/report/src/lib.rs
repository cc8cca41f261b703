//! Presenting escape-analysis results. [`gc`] prints them exactly as the
//! Go compiler does at `-m`; [`json`] as JSON Lines, one record per
//! finding, for programs; [`records`] as gc's `-json=0,DIR` optimisation
//! records; [`sarif`] as one SARIF 2.1.0 log for code scanning;
//! [`location`] resolves positions for all of them;
//! [`paths`] names files as the go command does.

pub mod gc;
pub mod json;
pub mod location;
pub mod paths;
pub mod records;
pub mod sarif;
