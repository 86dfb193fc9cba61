//! What the selection sees: a chapter of the feed ([`Candidate`]) and a chapter the library
//! already has ([`Held`]).

use std::path::PathBuf;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::model::Language;
use crate::series::filter::Named;

/// A chapter of a feed, as the selection sees it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate<'a> {
    pub(crate) id: Uuid,
    pub(crate) volume: Option<&'a str>,
    pub(crate) chapter: Option<&'a str>,
    pub(crate) title: Option<&'a str>,
    pub(crate) language: &'a Language,
    pub(crate) groups: Vec<Named<'a>>,
    pub(crate) uploader: Option<Named<'a>>,
    pub(crate) pages: u32,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) external_url: Option<&'a str>,
    pub(crate) unavailable: bool,
}

/// A chapter the library already has, as the selection sees it.
#[derive(Clone, Debug)]
pub(crate) struct Held {
    pub(crate) id: Uuid,
    pub(crate) volume: Option<String>,
    pub(crate) chapter: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) language: Language,
    pub(crate) groups: Vec<Uuid>,
    pub(crate) path: PathBuf,
}
