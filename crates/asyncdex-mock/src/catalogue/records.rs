//! The catalogue's records: what each generated entity holds.

use std::sync::{Arc, OnceLock};

use uuid::Uuid;

use crate::pages::{Quality, page_bytes, page_name};

/// A tag (from the real tag list; ids do not depend on the seed).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TagRecord {
    /// Tag id.
    pub id: Uuid,
    /// English name.
    pub name: String,
    /// `content`, `format`, `genre` or `theme`.
    pub group: &'static str,
}

/// A user of the catalogue (uploaders, group members, list owners).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UserRecord {
    /// User id.
    pub id: Uuid,
    /// User name.
    pub username: String,
    /// Roles (`ROLE_MEMBER`, ...).
    pub roles: Vec<&'static str>,
}

/// An author or artist.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthorRecord {
    /// Author id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// English biography.
    pub biography: String,
    /// Twitter URL, if any.
    pub twitter: Option<String>,
    /// Pixiv URL, if any.
    pub pixiv: Option<String>,
    /// Website, if any.
    pub website: Option<String>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Entity version.
    pub version: u32,
}

/// A scanlation group.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GroupRecord {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Leader (user id).
    pub leader: Uuid,
    /// Members (user ids).
    pub members: Vec<Uuid>,
    /// Focused languages.
    pub focused_languages: Vec<&'static str>,
    /// Website.
    pub website: Option<String>,
    /// Discord invite code.
    pub discord: Option<String>,
    /// Official publisher?
    pub official: bool,
    /// Verified?
    pub verified: bool,
    /// Inactive?
    pub inactive: bool,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
}

/// A manga.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MangaRecord {
    /// Manga id.
    pub id: Uuid,
    /// English title.
    pub title: String,
    /// Alternative titles: (language, title).
    pub alt_titles: Vec<(&'static str, String)>,
    /// English description.
    pub description: String,
    /// Original language.
    pub original_language: &'static str,
    /// `ongoing`, `completed`, `hiatus` or `cancelled`.
    pub status: &'static str,
    /// `shounen`, `shoujo`, `josei`, `seinen` or none.
    pub demographic: Option<&'static str>,
    /// `safe`, `suggestive`, `erotica` or `pornographic`.
    pub content_rating: &'static str,
    /// Year of release.
    pub year: Option<u32>,
    /// Tag ids.
    pub tags: Vec<Uuid>,
    /// Author ids.
    pub authors: Vec<Uuid>,
    /// Artist ids (authors too).
    pub artists: Vec<Uuid>,
    /// Main cover id.
    pub cover: Uuid,
    /// Creator user id.
    pub creator: Uuid,
    /// Related manga: (relation, manga id).
    pub related: Vec<(&'static str, Uuid)>,
    /// Languages some chapter is translated into (sorted).
    pub available_languages: Vec<&'static str>,
    /// Last volume for completed series.
    pub last_volume: Option<String>,
    /// Last chapter for completed series.
    pub last_chapter: Option<String>,
    /// Newest chapter, if any.
    pub latest_chapter: Option<Uuid>,
    /// Publish time of the newest chapter (UNIX seconds), 0 without chapters.
    pub latest_chapter_at: i64,
    /// Followers (statistics and `order[followedCount]`).
    pub follows: u64,
    /// Rating votes for 1..=10.
    pub rating_distribution: [u64; 10],
    /// Links (`al`, `mu`, `mal`, ...).
    pub links: Vec<(&'static str, String)>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Update time (UNIX seconds).
    pub updated_at: i64,
    /// Entity version.
    pub version: u32,
    pub(crate) title_lower: String,
}

impl MangaRecord {
    /// How many rating votes it has, and the mean of them (`None` before any vote).
    pub(crate) fn rating(&self) -> (u64, Option<f64>) {
        let votes: u64 = self.rating_distribution.iter().sum();
        let sum: u64 = (1..)
            .zip(&self.rating_distribution)
            .map(|(score, n)| score * n)
            .sum();
        (votes, (votes > 0).then(|| sum as f64 / votes as f64))
    }
}

/// A chapter.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ChapterRecord {
    /// Chapter id.
    pub id: Uuid,
    /// Manga id.
    pub manga: Uuid,
    /// Volume, if any.
    pub volume: Option<String>,
    /// Chapter number, if any (`null` for oneshots).
    pub chapter: Option<String>,
    /// Title, if any.
    pub title: Option<String>,
    /// Translated language.
    pub language: &'static str,
    /// Page count (0 for external chapters).
    pub pages: u32,
    /// Scanlation groups.
    pub groups: Vec<Uuid>,
    /// Uploader (user id).
    pub uploader: Uuid,
    /// At-home hash.
    pub hash: String,
    /// External URL for chapters hosted elsewhere.
    pub external_url: Option<String>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Update time.
    pub updated_at: i64,
    /// Publish time.
    pub publish_at: i64,
    /// Readable time.
    pub readable_at: i64,
    /// Entity version.
    pub version: u32,
    /// The page names, computed on first use: naming a page hashes its bytes, and
    /// `/at-home/server` lists every page of the chapter on every call.
    pub(crate) names: PageNames,
}

/// The memoised page names of one chapter, per [`Quality`].
#[derive(Debug, Clone, Default)]
pub(crate) struct PageNames {
    data: OnceLock<Arc<[String]>>,
    data_saver: OnceLock<Arc<[String]>>,
}

impl ChapterRecord {
    /// Page file names of the original-quality images (`data`): `x{n}-{sha256}.png`, the hex
    /// being the SHA-256 of the bytes the image node serves for that page.
    pub fn data_files(&self) -> Vec<String> {
        self.files(Quality::Data).to_vec()
    }

    /// Page file names of the data-saver images (`dataSaver`): `x{n}-{sha256}.jpg`.
    pub fn data_saver_files(&self) -> Vec<String> {
        self.files(Quality::DataSaver).to_vec()
    }

    /// The page names of one rendition, computed once per chapter.
    pub(crate) fn files(&self, quality: Quality) -> &[String] {
        let cell = match quality {
            Quality::Data => &self.names.data,
            Quality::DataSaver => &self.names.data_saver,
        };
        cell.get_or_init(|| {
            (1..=self.pages)
                .map(|n| page_name(n, &page_bytes(&self.hash, n, quality), quality))
                .collect()
        })
    }
}

/// A cover.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CoverRecord {
    /// Cover id.
    pub id: Uuid,
    /// Manga id.
    pub manga: Uuid,
    /// Volume.
    pub volume: Option<String>,
    /// File name (`{uuid}.jpg`).
    pub file_name: String,
    /// Locale.
    pub locale: &'static str,
    /// Uploader.
    pub uploader: Uuid,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
}

/// A public custom list of the catalogue (lists created through the API live in the server's
/// per-user state instead).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ListRecord {
    /// List id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Owner (user id).
    pub owner: Uuid,
    /// Manga in the list.
    pub manga: Vec<Uuid>,
}
