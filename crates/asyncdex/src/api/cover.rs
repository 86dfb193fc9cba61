//! Cover art (spec tag `Cover`, 5 operations): `client.cover()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::CoverOrder;
//! use asyncdex::model::OrderDirection;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let covers = client
//!     .cover()
//!     .search()
//!     .manga([manga_id])
//!     .order(CoverOrder::Volume, OrderDirection::Ascending)
//!     .send()
//!     .await?;
//! for cover in &covers.data {
//!     println!("volume {:?}: {:?}", cover.attributes.volume, cover.url());
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use bytes::Bytes;
use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint, fields};
use super::multipart::{self, File, Multipart};
use super::params::{order_enum, params};
use super::{CoverApi, Operation};
use crate::error::Result;
use crate::model::{CoverArt, CoverEdit, EntityResponse, Language, ReferenceExpansion, ResultOk};

order_enum! {
    /// A field of `order[...]` for `GET /cover`.
    CoverOrder {
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
        Volume => "volume",
    }
}

endpoint!(
    /// `GET /cover`: search cover art.
    SearchCovers: Get COVER -> page CoverArt, max 100
);
endpoint!(
    /// `GET /cover/{mangaOrCoverId}`: one cover.
    GetCover: Get COVER_MANGA_OR_COVER_ID -> EntityResponse<CoverArt>
);
endpoint!(
    /// `PUT /cover/{mangaOrCoverId}`: edit a cover (`version` and `volume` required).
    UpdateCover: Put COVER_MANGA_OR_COVER_ID -> EntityResponse<CoverArt>, body CoverEdit
);
endpoint!(
    /// `DELETE /cover/{mangaOrCoverId}`: delete a cover.
    DeleteCover: Delete COVER_MANGA_OR_COVER_ID -> ResultOk
);

/// `POST /cover/{mangaOrCoverId}`: upload a cover for a manga (`multipart/form-data`).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UploadCover(Call, CoverForm);

#[derive(Clone, Debug)]
struct CoverForm {
    file: File,
    volume: Option<String>,
    description: Option<String>,
    locale: Option<Language>,
}

impl UploadCover {
    /// The operation of the spec this builder calls.
    pub const OPERATION: Operation = Operation::new(super::Verb::Post, "/cover/{mangaOrCoverId}");

    fields! {
        /// The volume the cover belongs to.
        volume: String;
        description: String;
        locale: Language;
    }

    /// Sends the file and its fields.
    ///
    /// # Errors
    ///
    /// As [`RequestBuilder::send_json`](crate::RequestBuilder::send_json).
    pub async fn send(mut self) -> Result<EntityResponse<CoverArt>> {
        let CoverForm {
            file,
            volume,
            description,
            locale,
        } = self.1;
        let mut form = Multipart::default();
        form.file("file", &file);
        let fields = [
            ("volume", volume),
            ("description", description),
            ("locale", locale.map(|l| l.to_string())),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                form.text(name, &value);
            }
        }
        match form.finish() {
            Ok(body) => self.0.body(multipart::CONTENT_TYPE, body),
            Err(problem) => self.0.fail(problem),
        }
        self.0.send_json().await
    }
}

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchCovers::OPERATION,
    UploadCover::OPERATION,
    GetCover::OPERATION,
    UpdateCover::OPERATION,
    DeleteCover::OPERATION,
];

impl CoverApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /cover`: search cover art.
    pub fn search(&self) -> SearchCovers {
        SearchCovers(self.call(SearchCovers::OPERATION, &[]))
    }

    /// `POST /cover/{mangaOrCoverId}`: upload `file` (named `file_name`, whose extension
    /// gives the content type) as a cover of `manga`.
    pub fn upload(
        &self,
        manga: Uuid,
        file_name: impl Into<String>,
        file: impl Into<Bytes>,
    ) -> UploadCover {
        let form = CoverForm {
            file: File {
                name: file_name.into(),
                bytes: file.into(),
            },
            volume: None,
            description: None,
            locale: None,
        };
        UploadCover(self.call(UploadCover::OPERATION, &[&manga]), form)
    }

    /// `GET /cover/{mangaOrCoverId}`: one cover.
    pub fn get(&self, id: Uuid) -> GetCover {
        GetCover(self.call(GetCover::OPERATION, &[&id]))
    }

    /// `PUT /cover/{mangaOrCoverId}`: edit a cover at `version`; `volume` is required by
    /// the spec (`None` sends `null`).
    pub fn update(&self, id: Uuid, version: u32, volume: Option<String>) -> UpdateCover {
        let body = CoverEdit {
            volume,
            version,
            ..CoverEdit::default()
        };
        UpdateCover(self.call(UpdateCover::OPERATION, &[&id]), body)
    }

    /// `DELETE /cover/{mangaOrCoverId}`: delete a cover.
    pub fn delete(&self, id: Uuid) -> DeleteCover {
        DeleteCover(self.call(DeleteCover::OPERATION, &[&id]))
    }

    batch!(CoverArt, SearchCovers);
}

impl SearchCovers {
    params! {
        manga(ids) => "manga[]";
        ids(ids) => "ids[]";
        uploaders(ids) => "uploaders[]";
        locales(list Language) => "locales[]";
        order(order CoverOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl GetCover {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl UpdateCover {
    fields! {
        /// At most 512 characters.
        description: String;
        locale: Language;
    }
}
