//! The Go type checker of goescape (in progress).
//!
//! [`constant`] is its exact arithmetic on Go constant values, with which
//! constant expressions are evaluated.

mod basic;
pub mod check;
pub mod constant;
pub mod model;
