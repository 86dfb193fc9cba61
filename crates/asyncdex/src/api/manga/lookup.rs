//! One manga by id, a random one, and every tag.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::params;
use crate::model::{ContentRating, EntityResponse, Manga, ReferenceExpansion, Tag, TagsMode};

endpoint!(
    /// `GET /manga/{id}`: one manga.
    GetManga: Get MANGA_ID -> EntityResponse<Manga>
);

endpoint!(
    /// `GET /manga/random`: a random manga.
    RandomManga: Get MANGA_RANDOM -> EntityResponse<Manga>
);

endpoint!(
    /// `GET /manga/tag`: every tag.
    Tags: Get MANGA_TAG -> crate::model::CollectionResponse<Tag>
);

impl MangaApi<'_> {
    /// `GET /manga/{id}`: one manga.
    pub fn get(&self, id: Uuid) -> GetManga {
        GetManga(self.call(GetManga::OPERATION, &[&id]))
    }

    /// `GET /manga/random`: a random manga.
    pub fn random(&self) -> RandomManga {
        RandomManga(self.call(RandomManga::OPERATION, &[]))
    }

    /// `GET /manga/tag`: every tag.
    pub fn tags(&self) -> Tags {
        Tags(self.call(Tags::OPERATION, &[]))
    }
}

impl GetManga {
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
