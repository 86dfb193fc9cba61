//! The catalogue entities a `MangaCreate` body names, and the draft's relationships.

use serde_json::Value;
use uuid::Uuid;

use crate::catalogue::Catalogue;
use crate::query::parse_uuid;
use crate::response::ApiError;
use crate::routes::edits::{ids, opt_str, rel};

/// The catalogue entities a `MangaCreate` body names; each must exist.
pub(super) struct MangaRelations {
    pub(super) tags: Vec<Uuid>,
    authors: Vec<Uuid>,
    artists: Vec<Uuid>,
    cover: Option<Uuid>,
}

impl MangaRelations {
    pub(super) fn parse(body: &Value, cat: &Catalogue) -> Result<Self, ApiError> {
        let author = |id: &Uuid| cat.author_by_id(id).is_some();
        let tags = ids(body, "tags", "Tag", |id| cat.tag_by_id(id).is_some())?.unwrap_or_default();
        let authors = ids(body, "authors", "Author", author)?.unwrap_or_default();
        let artists = ids(body, "artists", "Author", author)?.unwrap_or_default();
        let cover = match opt_str(body, "primaryCover")?.value() {
            None => None,
            Some(s) => {
                let id = parse_uuid("primaryCover", &s)?;
                cat.cover_by_id(&id)
                    .ok_or_else(|| ApiError::not_found("Cover", &id))?;
                Some(id)
            }
        };
        Ok(Self {
            tags,
            authors,
            artists,
            cover,
        })
    }

    /// The draft's relationships, its creator last.
    pub(super) fn json(&self, creator: Uuid) -> Vec<Value> {
        let mut relationships: Vec<Value> =
            self.authors.iter().map(|a| rel(*a, "author")).collect();
        relationships.extend(self.artists.iter().map(|a| rel(*a, "artist")));
        relationships.extend(self.cover.map(|c| rel(c, "cover_art")));
        relationships.push(rel(creator, "creator"));
        relationships
    }
}
