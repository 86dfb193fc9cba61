//! Whole series on disk, kept current: plan, fetch, pack, record.

pub mod comicinfo;
pub mod naming;
mod pack;
pub mod store;
