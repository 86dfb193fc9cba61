//! Custom lists (spec tag `CustomList`, 10 operations): `client.list()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::CustomListVisibility;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let list = client
//!     .list()
//!     .create("To read")
//!     .visibility(CustomListVisibility::Private)
//!     .manga(vec![manga_id])
//!     .send()
//!     .await?
//!     .data;
//! client.list().add_manga(list.id, manga_id).send().await?;
//! let renamed = client.list().update(list.id, list.attributes.version).name("Reading soon").send().await?;
//! println!("{}", renamed.data.attributes.name);
//! let mine = client.list().mine().send().await?;
//! println!("{} lists", mine.total);
//! client.list().delete(list.id).send().await?;
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::call::{Call, endpoint, fields};
use super::params::params;
use super::{ListApi, Operation};
use crate::model::{CustomList, CustomListRequest, CustomListVisibility, EntityResponse, ResultOk};

endpoint!(
    /// `POST /list`: create a custom list (`name` required).
    CreateList: Post LIST -> EntityResponse<CustomList>, body CustomListRequest
);
endpoint!(
    /// `GET /list/{id}`: one custom list.
    GetList: Get LIST_ID -> EntityResponse<CustomList>
);
endpoint!(
    /// `PUT /list/{id}`: edit a custom list (`version` required).
    UpdateList: Put LIST_ID -> EntityResponse<CustomList>, body CustomListRequest
);
endpoint!(
    /// `DELETE /list/{id}`: delete a custom list.
    DeleteList: Delete LIST_ID -> ResultOk
);
endpoint!(
    /// `POST /list/{id}/follow`: follow a custom list.
    FollowList: Post LIST_ID_FOLLOW -> ResultOk
);
endpoint!(
    /// `DELETE /list/{id}/follow`: unfollow a custom list.
    UnfollowList: Delete LIST_ID_FOLLOW -> ResultOk
);
endpoint!(
    /// `POST /manga/{id}/list/{listId}`: add a manga to a custom list.
    AddMangaToList: Post MANGA_ID_LIST_LIST_ID -> ResultOk
);
endpoint!(
    /// `DELETE /manga/{id}/list/{listId}`: remove a manga from a custom list.
    RemoveMangaFromList: Delete MANGA_ID_LIST_LIST_ID -> ResultOk
);
endpoint!(
    /// `GET /user/list`: the logged-in user's custom lists (private ones included).
    MyLists: Get USER_LIST -> page CustomList, max 100
);
endpoint!(
    /// `GET /user/{id}/list`: a user's public custom lists.
    UserLists: Get USER_ID_LIST -> page CustomList, max 100
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    CreateList::OPERATION,
    GetList::OPERATION,
    UpdateList::OPERATION,
    DeleteList::OPERATION,
    FollowList::OPERATION,
    UnfollowList::OPERATION,
    AddMangaToList::OPERATION,
    RemoveMangaFromList::OPERATION,
    MyLists::OPERATION,
    UserLists::OPERATION,
];

impl ListApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `POST /list`: create a custom list named `name`.
    pub fn create(&self, name: impl Into<String>) -> CreateList {
        let body = CustomListRequest {
            name: Some(name.into()),
            ..CustomListRequest::default()
        };
        CreateList(self.call(CreateList::OPERATION, &[]), body)
    }

    /// `GET /list/{id}`: one custom list.
    pub fn get(&self, id: Uuid) -> GetList {
        GetList(self.call(GetList::OPERATION, &[&id]))
    }

    /// `PUT /list/{id}`: edit a custom list at `version`; set the fields to change
    /// (`manga` replaces the whole content).
    pub fn update(&self, id: Uuid, version: u32) -> UpdateList {
        let body = CustomListRequest {
            version: Some(version),
            ..CustomListRequest::default()
        };
        UpdateList(self.call(UpdateList::OPERATION, &[&id]), body)
    }

    /// `DELETE /list/{id}`: delete a custom list.
    pub fn delete(&self, id: Uuid) -> DeleteList {
        DeleteList(self.call(DeleteList::OPERATION, &[&id]))
    }

    /// `POST /list/{id}/follow`: follow a custom list.
    pub fn follow(&self, id: Uuid) -> FollowList {
        let mut call = self.call(FollowList::OPERATION, &[&id]);
        call.json(&serde_json::json!({})); // the spec's (empty) object body
        FollowList(call)
    }

    /// `DELETE /list/{id}/follow`: unfollow a custom list.
    pub fn unfollow(&self, id: Uuid) -> UnfollowList {
        let mut call = self.call(UnfollowList::OPERATION, &[&id]);
        call.json(&serde_json::json!({})); // the spec's (empty) object body
        UnfollowList(call)
    }

    /// `POST /manga/{id}/list/{listId}`: add `manga` to `list`.
    pub fn add_manga(&self, list: Uuid, manga: Uuid) -> AddMangaToList {
        AddMangaToList(self.call(AddMangaToList::OPERATION, &[&manga, &list]))
    }

    /// `DELETE /manga/{id}/list/{listId}`: remove `manga` from `list`.
    pub fn remove_manga(&self, list: Uuid, manga: Uuid) -> RemoveMangaFromList {
        RemoveMangaFromList(self.call(RemoveMangaFromList::OPERATION, &[&manga, &list]))
    }

    /// `GET /user/list`: the logged-in user's custom lists.
    pub fn mine(&self) -> MyLists {
        MyLists(self.call(MyLists::OPERATION, &[]))
    }

    /// `GET /user/{id}/list`: a user's public custom lists.
    pub fn of_user(&self, user: Uuid) -> UserLists {
        UserLists(self.call(UserLists::OPERATION, &[&user]))
    }
}

impl CreateList {
    fields! {
        visibility: CustomListVisibility;
        manga: Vec<Uuid>;
    }
}

impl UpdateList {
    fields! {
        name: String;
        visibility: CustomListVisibility;
        manga: Vec<Uuid>;
    }
}

impl AddMangaToList {
    params! {
        /// The spec's integer `order` parameter (the manga's position in the list).
        order(one u32) => "order";
    }
}

impl RemoveMangaFromList {
    params! {
        /// The spec's integer `order` parameter.
        order(one u32) => "order";
    }
}
