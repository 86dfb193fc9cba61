//! `GET /manga`: searching manga, its orderings and filters, and fetching many by id.

use crate::api::MangaApi;
use crate::api::batch::batch;
use crate::api::call::endpoint;
use crate::api::params::{order_enum, params};
use crate::model::{
    ContentRating, Demographic, Language, Manga, PublicationStatus, ReferenceExpansion, TagsMode,
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

endpoint!(
    /// `GET /manga`: search manga.
    SearchManga: Get MANGA -> page Manga, max 100
);

impl MangaApi<'_> {
    /// `GET /manga`: search manga (see [`SearchManga`] for the filters).
    pub fn search(&self) -> SearchManga {
        SearchManga(self.call(SearchManga::OPERATION, &[]))
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
