//! Creating, editing and deleting a manga, with the fields of its body.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::{endpoint, fields};
use crate::model::{
    ContentRating, Demographic, EntityResponse, Language, LocalizedString, Manga, MangaRequest,
    PublicationStatus, ResultOk,
};

endpoint!(
    /// `POST /manga`: create a manga (required: `title`, `status`, `originalLanguage`,
    /// `contentRating`).
    CreateManga: Post MANGA -> EntityResponse<Manga>, body MangaRequest
);

endpoint!(
    /// `PUT /manga/{id}`: edit a manga (`version` required).
    UpdateManga: Put MANGA_ID -> EntityResponse<Manga>, body MangaRequest
);

endpoint!(
    /// `DELETE /manga/{id}`: delete a manga.
    DeleteManga: Delete MANGA_ID -> ResultOk
);

impl MangaApi<'_> {
    /// `POST /manga`: create a manga; set its fields on the builder.
    pub fn create(&self) -> CreateManga {
        CreateManga(
            self.call(CreateManga::OPERATION, &[]),
            MangaRequest::default(),
        )
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
