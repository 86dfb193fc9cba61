//! Authors and artists (spec tag `Author`, 5 operations): `client.author()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::AuthorOrder;
//! use asyncdex::model::OrderDirection;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let authors = client
//!     .author()
//!     .search()
//!     .name("Yamada")
//!     .order(AuthorOrder::Name, OrderDirection::Ascending)
//!     .send()
//!     .await?;
//! println!("{} authors", authors.total);
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint, fields};
use super::params::{order_enum, params};
use super::{AuthorApi, Operation};
use crate::model::{
    Author, AuthorRequest, EntityResponse, LocalizedString, ReferenceExpansion, ResultOk,
};

order_enum! {
    /// A field of `order[...]` for `GET /author`.
    AuthorOrder {
        Name => "name",
    }
}

endpoint!(
    /// `GET /author`: search authors.
    SearchAuthors: Get AUTHOR -> page Author, max 100
);
endpoint!(
    /// `POST /author`: create an author (`name` required).
    CreateAuthor: Post AUTHOR -> EntityResponse<Author>, body AuthorRequest
);
endpoint!(
    /// `GET /author/{id}`: one author.
    GetAuthor: Get AUTHOR_ID -> EntityResponse<Author>
);
endpoint!(
    /// `PUT /author/{id}`: edit an author (`version` required).
    UpdateAuthor: Put AUTHOR_ID -> EntityResponse<Author>, body AuthorRequest
);
endpoint!(
    /// `DELETE /author/{id}`: delete an author.
    DeleteAuthor: Delete AUTHOR_ID -> ResultOk
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchAuthors::OPERATION,
    CreateAuthor::OPERATION,
    GetAuthor::OPERATION,
    UpdateAuthor::OPERATION,
    DeleteAuthor::OPERATION,
];

impl AuthorApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /author`: search authors.
    pub fn search(&self) -> SearchAuthors {
        SearchAuthors(self.call(SearchAuthors::OPERATION, &[]))
    }

    /// `POST /author`: create an author named `name`.
    pub fn create(&self, name: impl Into<String>) -> CreateAuthor {
        let body = AuthorRequest {
            name: Some(name.into()),
            ..AuthorRequest::default()
        };
        CreateAuthor(self.call(CreateAuthor::OPERATION, &[]), body)
    }

    /// `GET /author/{id}`: one author.
    pub fn get(&self, id: Uuid) -> GetAuthor {
        GetAuthor(self.call(GetAuthor::OPERATION, &[&id]))
    }

    /// `PUT /author/{id}`: edit an author at `version`; set the fields to change.
    pub fn update(&self, id: Uuid, version: u32) -> UpdateAuthor {
        let body = AuthorRequest {
            version: Some(version),
            ..AuthorRequest::default()
        };
        UpdateAuthor(self.call(UpdateAuthor::OPERATION, &[&id]), body)
    }

    /// `DELETE /author/{id}`: delete an author.
    pub fn delete(&self, id: Uuid) -> DeleteAuthor {
        DeleteAuthor(self.call(DeleteAuthor::OPERATION, &[&id]))
    }

    batch!(Author, SearchAuthors);
}

impl SearchAuthors {
    params! {
        ids(ids) => "ids[]";
        name(text) => "name";
        order(order AuthorOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl GetAuthor {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

macro_rules! author_fields {
    () => {
        fields! {
            biography: LocalizedString;
            twitter: String;
            pixiv: String;
            melon_book: String;
            fan_box: String;
            booth: String;
            nico_video: String;
            skeb: String;
            fantia: String;
            tumblr: String;
            youtube: String;
            weibo: String;
            naver: String;
            website: String;
        }
    };
}

impl CreateAuthor {
    author_fields!();
}

impl UpdateAuthor {
    author_fields!();
    fields! {
        name: String;
    }
}
