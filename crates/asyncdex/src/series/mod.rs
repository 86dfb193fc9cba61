//! Whole series on disk, kept current: plan, fetch, pack, record.

pub mod comicinfo;
mod filter;
pub mod naming;
mod pack;
mod select;
pub mod store;

pub use self::filter::{Filters, NumberRange, RangeError};
pub use self::select::SkipReason;
