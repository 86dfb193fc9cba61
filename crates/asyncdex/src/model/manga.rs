//! Manga (`/manga`, `/manga/{id}`, `/manga/random`, drafts) and recommendations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::author::AuthorAttributes;
use super::cover::CoverAttributes;
use super::entity::Entity;
use super::enums::{
    ContentRating, Demographic, MangaRelationType, MangaState, PublicationStatus, RelationshipType,
};
use super::language::Language;
use super::localized::LocalizedString;
use super::tag::Tag;

/// A manga entity.
pub type Manga = Entity<MangaAttributes>;

/// The attributes of a manga.
///
/// Required: `status`, `contentRating`, `originalLanguage`, `createdAt`, `updatedAt` (the API
/// always sends them). Everything else may be missing; nullable fields are `Option`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaAttributes {
    /// The main title, usually in one language.
    #[serde(default)]
    pub title: LocalizedString,
    /// Alternative titles, each usually in one language.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub alt_titles: Vec<LocalizedString>,
    /// The description.
    #[serde(default)]
    pub description: LocalizedString,
    /// Whether the entry is locked against edits.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub is_locked: bool,
    /// External site ids and links (`al`, `mal`, `mu`, `raw`, `engtl`, ...).
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub links: BTreeMap<String, String>,
    /// Official links.
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub official_links: BTreeMap<String, String>,
    /// The original language.
    pub original_language: Language,
    /// The last volume, when known.
    #[serde(default)]
    pub last_volume: Option<String>,
    /// The last chapter, when known.
    #[serde(default)]
    pub last_chapter: Option<String>,
    /// The publication demographic.
    #[serde(default)]
    pub publication_demographic: Option<Demographic>,
    /// The publication status.
    pub status: PublicationStatus,
    /// The year of release.
    #[serde(default)]
    pub year: Option<u16>,
    /// The content rating.
    pub content_rating: ContentRating,
    /// Whether chapter numbers restart with each volume.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub chapter_numbers_reset_on_new_volume: bool,
    /// Languages chapters are available in.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub available_translated_languages: Vec<Language>,
    /// The most recently uploaded chapter.
    #[serde(default)]
    pub latest_uploaded_chapter: Option<Uuid>,
    /// The tags (full tag entities).
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub tags: Vec<Tag>,
    /// The moderation state.
    #[serde(default)]
    pub state: Option<MangaState>,
    /// The entity version (for edits).
    #[serde(default)]
    pub version: u32,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last update time.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl MangaAttributes {
    /// The title in the first of `preferred` found in `title`, then in `altTitles`; then
    /// English (title, alt titles), then the romanized original language (`ja-ro` for a
    /// Japanese manga, ...), then any romanized title, then the main title in any language.
    pub fn title_in(&self, preferred: &[Language]) -> Option<&str> {
        let in_any = |lang: &Language| {
            self.title
                .get(lang)
                .or_else(|| self.alt_titles.iter().find_map(|alt| alt.get(lang)))
        };
        preferred
            .iter()
            .find_map(in_any)
            .or_else(|| in_any(&Language::English))
            .or_else(|| self.original_language.romanized().as_ref().and_then(in_any))
            .or_else(|| self.title.romanized())
            .or_else(|| self.alt_titles.iter().find_map(LocalizedString::romanized))
            .or_else(|| self.title.get_or_fallback(&[]))
            .or_else(|| {
                self.alt_titles
                    .iter()
                    .find_map(|alt| alt.get_or_fallback(&[]))
            })
    }

    /// The names of the tags, in `preferred` languages with fallbacks.
    pub fn tag_names<'a>(&'a self, preferred: &'a [Language]) -> impl Iterator<Item = &'a str> {
        self.tags
            .iter()
            .filter_map(move |tag| tag.attributes.name.get_or_fallback(preferred))
    }
}

impl Entity<MangaAttributes> {
    /// See [`MangaAttributes::title_in`].
    pub fn title_in(&self, preferred: &[Language]) -> Option<&str> {
        self.attributes.title_in(preferred)
    }

    /// The ids of the authors.
    pub fn author_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.related_ids(RelationshipType::Author)
    }

    /// The ids of the artists.
    pub fn artist_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.related_ids(RelationshipType::Artist)
    }

    /// The expanded authors (`includes[]=author`), with their ids.
    pub fn authors(&self) -> impl Iterator<Item = (Uuid, &AuthorAttributes)> + '_ {
        self.related(RelationshipType::Author)
            .filter_map(|r| r.author().map(|a| (r.id, a)))
    }

    /// The expanded artists (`includes[]=artist`), with their ids.
    pub fn artists(&self) -> impl Iterator<Item = (Uuid, &AuthorAttributes)> + '_ {
        self.related(RelationshipType::Artist)
            .filter_map(|r| r.author().map(|a| (r.id, a)))
    }

    /// The id of the main cover art.
    pub fn cover_art_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::CoverArt).map(|r| r.id)
    }

    /// The expanded main cover art (`includes[]=cover_art`).
    pub fn cover_art(&self) -> Option<&CoverAttributes> {
        self.first_related(RelationshipType::CoverArt)
            .and_then(|r| r.cover_art())
    }

    /// The URL of the main cover on `https://uploads.mangadex.org`, when the cover art was
    /// expanded (`includes[]=cover_art`).
    pub fn cover_url(&self) -> Option<String> {
        self.cover_art().map(|cover| cover.url_for_manga(self.id))
    }

    /// The related manga and how they relate.
    pub fn related_manga(&self) -> impl Iterator<Item = (Uuid, Option<&MangaRelationType>)> + '_ {
        self.related(RelationshipType::Manga)
            .map(|r| (r.id, r.related.as_ref()))
    }
}

/// A manga recommendation (`GET /manga/{id}/recommendation`).
pub type MangaRecommendation = Entity<MangaRecommendationAttributes>;

/// The attributes of a manga recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaRecommendationAttributes {
    /// The recommendation score.
    #[serde(default)]
    pub score: f64,
}
