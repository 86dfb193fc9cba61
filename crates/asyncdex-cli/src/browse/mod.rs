//! `search`, `manga`, `feed` and `pages`: reading the catalogue.

mod feed;
mod manga;
mod pages;
mod search;

pub(crate) use feed::feed;
pub(crate) use manga::manga;
pub(crate) use pages::pages;
pub(crate) use search::search;
