//! The lowered form of a checked package that escape analysis reads:
//! functions with their variables, and trees in which every implicit
//! operation of the source is explicit (see [`tree`]).

mod lower;
pub mod print;
pub mod shape;
pub mod tree;
pub mod visit;

pub use lower::{lower_package, PackageLookup};
pub use shape::ShapeCache;
pub use tree::*;
