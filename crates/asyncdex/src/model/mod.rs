//! Typed models of the MangaDex API (spec 5.13.1).
//!
//! Entities share one generic shape, [`Entity<A>`]: an id, a type, typed attributes and
//! [`Relationship`]s; a relationship expanded through `includes[]` carries typed
//! [`RelatedAttributes`]. Responses come in [`EntityResponse`] and [`CollectionResponse`]
//! envelopes, or one of the specific bodies (statistics, read markers, at-home server...).
//!
//! The models tolerate change: unknown fields are ignored, unknown enum values are kept in an
//! `Unknown(String)` variant (see `string_enum!` enums such as [`ContentRating`]) and
//! serialize back unchanged, and fields the API may omit default or are `Option`. They are
//! strict where the API guarantees: ids are [`uuid::Uuid`], timestamps are RFC 3339
//! ([`time::OffsetDateTime`]).
//!
//! ```
//! use asyncdex::model::{EntityResponse, Language, Manga, PublicationStatus};
//!
//! let body = r#"{
//!   "result": "ok", "response": "entity",
//!   "data": {
//!     "id": "a96676e5-8ae2-425e-b549-7f15dd34a6d8", "type": "manga",
//!     "attributes": {
//!       "title": {"en": "Komi Can't Communicate"},
//!       "altTitles": [{"ja": "古見さんは、コミュ症です。"}, {"ja-ro": "Komi-san wa Komyushou Desu."}],
//!       "description": [],
//!       "originalLanguage": "ja", "status": "completed", "contentRating": "safe",
//!       "year": 2016, "brandNewField": true,
//!       "createdAt": "2018-11-23T23:52:36+00:00", "updatedAt": "2024-01-01T10:00:00+00:00"
//!     },
//!     "relationships": [
//!       {"id": "f5e16c5c-3a7c-4a6c-8e0b-6b0e6a4e9e1a", "type": "author",
//!        "attributes": {"name": "Oda Tomohito",
//!          "createdAt": "2021-04-19T21:59:45+00:00", "updatedAt": "2021-04-19T21:59:45+00:00"}}
//!     ]
//!   }
//! }"#;
//! let manga: Manga = serde_json::from_str::<EntityResponse<Manga>>(body)?.data;
//! assert_eq!(manga.title_in(&[Language::Japanese]), Some("古見さんは、コミュ症です。"));
//! assert_eq!(manga.attributes.status, PublicationStatus::Completed);
//! assert!(manga.attributes.description.is_empty());
//! let names: Vec<&str> = manga.authors().map(|(_, a)| a.name.as_str()).collect();
//! assert_eq!(names, ["Oda Tomohito"]);
//! # Ok::<(), serde_json::Error>(())
//! ```

mod macros;

mod de;

pub mod aggregate;
pub mod api_client;
pub mod at_home;
pub mod auth;
pub mod author;
pub mod captcha;
pub mod chapter;
pub mod cover;
pub mod entity;
pub mod enums;
pub mod envelope;
pub mod forum;
pub mod group;
pub mod language;
pub mod legacy;
pub mod list;
pub mod localized;
pub mod manga;
pub mod rating;
pub mod read_markers;
pub mod reading_status;
pub mod relation;
pub mod report;
pub mod request;
pub mod settings;
pub mod statistics;
pub mod tag;
pub mod upload;
pub mod user;

pub use aggregate::{AggregateChapter, AggregateVolume, MangaAggregate};
pub use api_client::{
    ApiClient, ApiClientAttributes, ApiClientCreate, ApiClientEdit, ApiClientProfile,
    ApiClientSecret, ApiClientState,
};
pub use at_home::{AtHomeChapter, AtHomeReport, AtHomeServer, ImageQuality};
pub use auth::{
    AuthCheck, LegacyLoginRequest, LegacyLoginResponse, LegacyRefreshRequest,
    LegacyRefreshResponse, LegacyTokens, OAuthErrorResponse, OAuthTokenResponse,
};
pub use author::{Author, AuthorAttributes};
pub use captcha::CaptchaSolveRequest;
pub use chapter::{Chapter, ChapterAttributes};
pub use cover::{COVER_BASE_URL, CoverArt, CoverAttributes};
pub use entity::{Entity, RelatedAttributes, Relationship};
pub use enums::{
    ContentRating, Demographic, MangaRelationType, MangaState, OrderDirection, PublicationStatus,
    ReadingStatus, ReferenceExpansion, RelationshipType, ResultStatus, TagGroup, TagsMode,
    UserRole,
};
pub use envelope::{CollectionResponse, DataOrBare, EntityResponse, ResultOk};
pub use forum::{
    ForumThread, ForumThreadAttributes, ForumThreadRequest, ForumThreadResponse, ForumThreadType,
};
pub use group::{ScanlationGroup, ScanlationGroupAttributes};
pub use language::Language;
pub use legacy::{LegacyMapping, LegacyMappingAttributes, LegacyMappingRequest, LegacyMappingType};
pub use list::{CustomList, CustomListAttributes, CustomListVisibility};
pub use localized::LocalizedString;
pub use manga::{Manga, MangaAttributes, MangaRecommendation, MangaRecommendationAttributes};
pub use rating::{MangaRating, RatingRequest, RatingsResponse};
pub use read_markers::{
    ChapterReadMarkerBatch, MangaReadMarkers, ReadMarkers, ReadMarkersResponse,
    ReadingHistoryEntry, ReadingHistoryResponse,
};
pub use reading_status::{MangaReadingStatusResponse, ReadingStatusesResponse, UpdateMangaStatus};
pub use relation::{MangaRelation, MangaRelationAttributes, MangaRelationCreate};
pub use report::{
    Report, ReportAttributes, ReportCategory, ReportCreate, ReportReason, ReportReasonAttributes,
    ReportStatus,
};
pub use request::{
    AuthorRequest, ChapterRequest, CoverEdit, CustomListRequest, MangaRequest,
    ScanlationGroupRequest,
};
pub use settings::{SettingsTemplate, UserSettings, UserSettingsUpdate};
pub use statistics::{
    ChapterStatistics, CommentStatistics, GroupStatistics, MangaStatistics, RatingStatistics,
    StatisticsResponse,
};
pub use tag::{Tag, TagAttributes};
pub use upload::{
    ApprovalRequired, BeginEditSession, BeginUploadSession, ChapterDraft, CommitUploadSession,
    UploadSession, UploadSessionAttributes, UploadSessionFile, UploadSessionFileAttributes,
    UploadSource, UploadedFiles,
};
pub use user::{User, UserAttributes};
