//! Manga (spec tag `Manga`, 21 operations): `client.manga()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::MangaOrder;
//! use asyncdex::model::{Language, OrderDirection, PublicationStatus, ReadingStatus, ReferenceExpansion};
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! // Search, with reference expansion: authors and cover come with their attributes.
//! let found = client
//!     .manga()
//!     .search()
//!     .title("Frieren")
//!     .status([PublicationStatus::Ongoing])
//!     .available_translated_language([Language::English])
//!     .includes([ReferenceExpansion::Author, ReferenceExpansion::CoverArt])
//!     .order(MangaOrder::Relevance, OrderDirection::Descending)
//!     .send()
//!     .await?;
//! let manga = &found.data[0];
//! println!("{:?}: {:?}", manga.title_in(&[Language::English]), manga.cover_url());
//!
//! // Volumes and chapters at a glance, and the reading status.
//! let aggregate = client.manga().aggregate(manga.id).translated_language([Language::English]).send().await?;
//! println!("{} volumes", aggregate.volumes.len());
//! client.manga().set_status(manga.id, Some(ReadingStatus::Reading)).send().await?;
//! let status = client.manga().status(manga.id).send().await?.status;
//! assert_eq!(status, Some(ReadingStatus::Reading));
//! client.manga().follow(manga.id).send().await?;
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint, fields};
use super::params::{chapter_filters, order_enum, params};
use super::{MangaApi, Operation};
use crate::model::{
    Chapter, ContentRating, Demographic, EntityResponse, Language, LocalizedString, Manga,
    MangaAggregate, MangaReadingStatusResponse, MangaRecommendation, MangaRelation,
    MangaRelationCreate, MangaRelationType, MangaRequest, MangaState, PublicationStatus,
    ReadingStatus, ReadingStatusesResponse, ReferenceExpansion, ResultOk, Tag, TagsMode,
    UpdateMangaStatus,
};

order_enum! {
    /// A field of `order[...]` for `GET /manga`.
    MangaOrder {
        Title => "title",
        Year => "year",
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
        LatestUploadedChapter => "latestUploadedChapter",
        FollowedCount => "followedCount",
        Relevance => "relevance",
        Rating => "rating",
    }
}

order_enum! {
    /// A field of `order[...]` for `GET /manga/draft`.
    DraftOrder {
        Title => "title",
        Year => "year",
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
    }
}

order_enum! {
    /// A field of `order[...]` for `GET /manga/{id}/recommendation`.
    RecommendationOrder {
        Score => "score",
    }
}

endpoint!(
    /// `GET /manga`: search manga.
    SearchManga: Get MANGA -> page Manga, max 100
);
endpoint!(
    /// `POST /manga`: create a manga (required: `title`, `status`, `originalLanguage`,
    /// `contentRating`).
    CreateManga: Post MANGA -> EntityResponse<Manga>, body MangaRequest
);
endpoint!(
    /// `GET /manga/{id}/aggregate`: volumes and chapters of a manga.
    MangaAggregateRequest: Get MANGA_ID_AGGREGATE -> MangaAggregate
);
endpoint!(
    /// `GET /manga/{id}/recommendation`: manga recommended from this one.
    Recommendations: Get MANGA_ID_RECOMMENDATION -> crate::model::CollectionResponse<MangaRecommendation>
);
endpoint!(
    /// `GET /manga/{id}`: one manga.
    GetManga: Get MANGA_ID -> EntityResponse<Manga>
);
endpoint!(
    /// `PUT /manga/{id}`: edit a manga (`version` required).
    UpdateManga: Put MANGA_ID -> EntityResponse<Manga>, body MangaRequest
);
endpoint!(
    /// `DELETE /manga/{id}`: delete a manga.
    DeleteManga: Delete MANGA_ID -> ResultOk
);
endpoint!(
    /// `GET /manga/{id}/feed`: the chapters of a manga (pages of up to 500).
    MangaFeed: Get MANGA_ID_FEED -> page Chapter, max 500
);
endpoint!(
    /// `DELETE /manga/{id}/follow`: unfollow a manga.
    UnfollowManga: Delete MANGA_ID_FOLLOW -> ResultOk
);
endpoint!(
    /// `POST /manga/{id}/follow`: follow a manga.
    FollowManga: Post MANGA_ID_FOLLOW -> ResultOk
);
endpoint!(
    /// `GET /manga/random`: a random manga.
    RandomManga: Get MANGA_RANDOM -> EntityResponse<Manga>
);
endpoint!(
    /// `GET /manga/tag`: every tag.
    Tags: Get MANGA_TAG -> crate::model::CollectionResponse<Tag>
);
endpoint!(
    /// `GET /manga/status`: the reading status of every manga in the user's library.
    ReadingStatuses: Get MANGA_STATUS -> ReadingStatusesResponse
);
endpoint!(
    /// `GET /manga/{id}/status`: the reading status of one manga.
    GetReadingStatus: Get MANGA_ID_STATUS -> MangaReadingStatusResponse
);
endpoint!(
    /// `POST /manga/{id}/status`: set (or, with `None`, remove) the reading status.
    SetReadingStatus: Post MANGA_ID_STATUS -> ResultOk, body UpdateMangaStatus
);
endpoint!(
    /// `GET /manga/draft/{id}`: one manga draft.
    GetDraft: Get MANGA_DRAFT_ID -> EntityResponse<Manga>
);
endpoint!(
    /// `POST /manga/draft/{id}/commit`: submit a draft (body `{"version": n}`).
    CommitDraft: Post MANGA_DRAFT_ID_COMMIT -> EntityResponse<Manga>
);
endpoint!(
    /// `GET /manga/draft`: the user's drafts.
    Drafts: Get MANGA_DRAFT -> page Manga, max 100
);
endpoint!(
    /// `GET /manga/{mangaId}/relation`: the relations of a manga.
    Relations: Get MANGA_MANGA_ID_RELATION -> crate::model::CollectionResponse<MangaRelation>
);
endpoint!(
    /// `POST /manga/{mangaId}/relation`: relate a manga to another.
    CreateRelation: Post MANGA_MANGA_ID_RELATION -> EntityResponse<MangaRelation>, body MangaRelationCreate
);
endpoint!(
    /// `DELETE /manga/{mangaId}/relation/{id}`: remove a relation.
    DeleteRelation: Delete MANGA_MANGA_ID_RELATION_ID -> ResultOk
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchManga::OPERATION,
    CreateManga::OPERATION,
    MangaAggregateRequest::OPERATION,
    Recommendations::OPERATION,
    GetManga::OPERATION,
    UpdateManga::OPERATION,
    DeleteManga::OPERATION,
    MangaFeed::OPERATION,
    UnfollowManga::OPERATION,
    FollowManga::OPERATION,
    RandomManga::OPERATION,
    Tags::OPERATION,
    ReadingStatuses::OPERATION,
    GetReadingStatus::OPERATION,
    SetReadingStatus::OPERATION,
    GetDraft::OPERATION,
    CommitDraft::OPERATION,
    Drafts::OPERATION,
    Relations::OPERATION,
    CreateRelation::OPERATION,
    DeleteRelation::OPERATION,
];

impl MangaApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /manga`: search manga (see [`SearchManga`] for the filters).
    pub fn search(&self) -> SearchManga {
        SearchManga(self.call(SearchManga::OPERATION, &[]))
    }

    /// `POST /manga`: create a manga; set its fields on the builder.
    pub fn create(&self) -> CreateManga {
        CreateManga(
            self.call(CreateManga::OPERATION, &[]),
            MangaRequest::default(),
        )
    }

    /// `GET /manga/{id}/aggregate`: volumes and chapters of a manga.
    pub fn aggregate(&self, id: Uuid) -> MangaAggregateRequest {
        MangaAggregateRequest(self.call(MangaAggregateRequest::OPERATION, &[&id]))
    }

    /// `GET /manga/{id}/recommendation`: manga recommended from this one.
    pub fn recommendations(&self, id: Uuid) -> Recommendations {
        Recommendations(self.call(Recommendations::OPERATION, &[&id]))
    }

    /// `GET /manga/{id}`: one manga.
    pub fn get(&self, id: Uuid) -> GetManga {
        GetManga(self.call(GetManga::OPERATION, &[&id]))
    }

    /// `PUT /manga/{id}`: edit a manga at `version` (its current version); set the fields
    /// to change on the builder.
    pub fn update(&self, id: Uuid, version: u32) -> UpdateManga {
        let body = MangaRequest {
            version: Some(version),
            ..MangaRequest::default()
        };
        UpdateManga(self.call(UpdateManga::OPERATION, &[&id]), body)
    }

    /// `DELETE /manga/{id}`: delete a manga.
    pub fn delete(&self, id: Uuid) -> DeleteManga {
        DeleteManga(self.call(DeleteManga::OPERATION, &[&id]))
    }

    /// `GET /manga/{id}/feed`: the chapters of a manga; `.stream()` reads them all, 500 per
    /// request.
    pub fn feed(&self, id: Uuid) -> MangaFeed {
        MangaFeed(self.call(MangaFeed::OPERATION, &[&id]))
    }

    /// `DELETE /manga/{id}/follow`: unfollow a manga.
    pub fn unfollow(&self, id: Uuid) -> UnfollowManga {
        UnfollowManga(self.call(UnfollowManga::OPERATION, &[&id]))
    }

    /// `POST /manga/{id}/follow`: follow a manga.
    pub fn follow(&self, id: Uuid) -> FollowManga {
        FollowManga(self.call(FollowManga::OPERATION, &[&id]))
    }

    /// `GET /manga/random`: a random manga.
    pub fn random(&self) -> RandomManga {
        RandomManga(self.call(RandomManga::OPERATION, &[]))
    }

    /// `GET /manga/tag`: every tag.
    pub fn tags(&self) -> Tags {
        Tags(self.call(Tags::OPERATION, &[]))
    }

    /// `GET /manga/status`: the reading status of every manga in the user's library.
    pub fn statuses(&self) -> ReadingStatuses {
        ReadingStatuses(self.call(ReadingStatuses::OPERATION, &[]))
    }

    /// `GET /manga/{id}/status`: the reading status of one manga (`None` when not in the
    /// library).
    pub fn status(&self, id: Uuid) -> GetReadingStatus {
        GetReadingStatus(self.call(GetReadingStatus::OPERATION, &[&id]))
    }

    /// `POST /manga/{id}/status`: set the reading status; `None` removes it.
    pub fn set_status(&self, id: Uuid, status: Option<ReadingStatus>) -> SetReadingStatus {
        let body = UpdateMangaStatus { status };
        SetReadingStatus(self.call(SetReadingStatus::OPERATION, &[&id]), body)
    }

    /// `GET /manga/draft/{id}`: one manga draft.
    pub fn draft(&self, id: Uuid) -> GetDraft {
        GetDraft(self.call(GetDraft::OPERATION, &[&id]))
    }

    /// `POST /manga/draft/{id}/commit`: submit a draft at `version`.
    pub fn commit_draft(&self, id: Uuid, version: u32) -> CommitDraft {
        let mut call = self.call(CommitDraft::OPERATION, &[&id]);
        call.json(&serde_json::json!({ "version": version }));
        CommitDraft(call)
    }

    /// `GET /manga/draft`: the user's drafts.
    pub fn drafts(&self) -> Drafts {
        Drafts(self.call(Drafts::OPERATION, &[]))
    }

    /// `GET /manga/{mangaId}/relation`: the relations of a manga.
    pub fn relations(&self, manga: Uuid) -> Relations {
        Relations(self.call(Relations::OPERATION, &[&manga]))
    }

    /// `POST /manga/{mangaId}/relation`: relate `manga` to `target`.
    pub fn create_relation(
        &self,
        manga: Uuid,
        target: Uuid,
        relation: MangaRelationType,
    ) -> CreateRelation {
        let body = MangaRelationCreate {
            target_manga: target,
            relation,
        };
        CreateRelation(self.call(CreateRelation::OPERATION, &[&manga]), body)
    }

    /// `DELETE /manga/{mangaId}/relation/{id}`: remove a relation.
    pub fn delete_relation(&self, manga: Uuid, relation: Uuid) -> DeleteRelation {
        DeleteRelation(self.call(DeleteRelation::OPERATION, &[&manga, &relation]))
    }

    // Every content rating, so that no id is filtered out by the search's default.
    batch!(Manga, SearchManga, |search: SearchManga| search
        .content_rating(ContentRating::KNOWN.iter().cloned()));
}

impl SearchManga {
    params! {
        title(text) => "title";
        author_or_artist(id) => "authorOrArtist";
        authors(ids) => "authors[]";
        artists(ids) => "artists[]";
        /// Year of release; see [`year_none`](Self::year_none) for manga without one.
        year(one u16) => "year";
        included_tags(ids) => "includedTags[]";
        included_tags_mode(one TagsMode) => "includedTagsMode";
        excluded_tags(ids) => "excludedTags[]";
        excluded_tags_mode(one TagsMode) => "excludedTagsMode";
        status(list PublicationStatus) => "status[]";
        original_language(list Language) => "originalLanguage[]";
        excluded_original_language(list Language) => "excludedOriginalLanguage[]";
        available_translated_language(list Language) => "availableTranslatedLanguage[]";
        publication_demographic(list Demographic) => "publicationDemographic[]";
        ids(ids) => "ids[]";
        /// The API's default leaves out `pornographic`.
        content_rating(list ContentRating) => "contentRating[]";
        created_at_since(date) => "createdAtSince";
        updated_at_since(date) => "updatedAtSince";
        order(order MangaOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
        has_available_chapters(flag) => "hasAvailableChapters";
        has_unavailable_chapters(flag) => "hasUnavailableChapters";
        group(id) => "group";
    }

    /// Sets `year=none`: only manga without a year of release.
    pub fn year_none(mut self) -> Self {
        self.0.query.set("year", "none");
        self
    }
}

macro_rules! manga_fields {
    () => {
        fields! {
            title: LocalizedString;
            alt_titles: Vec<LocalizedString>;
            description: LocalizedString;
            authors: Vec<Uuid>;
            artists: Vec<Uuid>;
            links: std::collections::BTreeMap<String, String>;
            official_links: std::collections::BTreeMap<String, String>;
            original_language: Language;
            last_volume: String;
            last_chapter: String;
            publication_demographic: Demographic;
            status: PublicationStatus;
            year: u16;
            content_rating: ContentRating;
            chapter_numbers_reset_on_new_volume: bool;
            tags: Vec<Uuid>;
            primary_cover: Uuid;
        }
    };
}

impl CreateManga {
    manga_fields!();
}

impl UpdateManga {
    manga_fields!();
}

impl MangaAggregateRequest {
    params! {
        translated_language(list Language) => "translatedLanguage[]";
        groups(ids) => "groups[]";
        include_unavailable(bit) => "includeUnavailable";
    }
}

impl Recommendations {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
        order(order RecommendationOrder) => "order";
        content_rating(list ContentRating) => "contentRating[]";
    }
}

impl GetManga {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl MangaFeed {
    chapter_filters!();
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl RandomManga {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
        content_rating(list ContentRating) => "contentRating[]";
        included_tags(ids) => "includedTags[]";
        included_tags_mode(one TagsMode) => "includedTagsMode";
        excluded_tags(ids) => "excludedTags[]";
        excluded_tags_mode(one TagsMode) => "excludedTagsMode";
    }
}

impl ReadingStatuses {
    params! {
        /// Only the manga with this status.
        status(one ReadingStatus) => "status";
    }
}

impl GetDraft {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl Drafts {
    params! {
        state(one MangaState) => "state";
        order(order DraftOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl Relations {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}
