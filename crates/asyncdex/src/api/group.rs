//! Scanlation groups (spec tag `ScanlationGroup`, 7 operations): `client.group()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::{Language, ReferenceExpansion};
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let groups = client
//!     .group()
//!     .search()
//!     .focused_language(Language::English)
//!     .includes([ReferenceExpansion::Leader])
//!     .send()
//!     .await?;
//! client.group().follow(groups.data[0].id).send().await?;
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint, fields};
use super::params::{order_enum, params};
use super::{GroupApi, Operation};
use crate::model::{
    EntityResponse, Language, ReferenceExpansion, ResultOk, ScanlationGroup, ScanlationGroupRequest,
};

order_enum! {
    /// A field of `order[...]` for `GET /group`.
    GroupOrder {
        Name => "name",
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
        FollowedCount => "followedCount",
        Relevance => "relevance",
    }
}

endpoint!(
    /// `GET /group`: search scanlation groups.
    SearchGroups: Get GROUP -> page ScanlationGroup, max 100
);
endpoint!(
    /// `POST /group`: create a group (`name` required).
    CreateGroup: Post GROUP -> EntityResponse<ScanlationGroup>, body ScanlationGroupRequest
);
endpoint!(
    /// `GET /group/{id}`: one group.
    GetGroup: Get GROUP_ID -> EntityResponse<ScanlationGroup>
);
endpoint!(
    /// `PUT /group/{id}`: edit a group (`version` required).
    UpdateGroup: Put GROUP_ID -> EntityResponse<ScanlationGroup>, body ScanlationGroupRequest
);
endpoint!(
    /// `DELETE /group/{id}`: delete a group.
    DeleteGroup: Delete GROUP_ID -> ResultOk
);
endpoint!(
    /// `POST /group/{id}/follow`: follow a group.
    FollowGroup: Post GROUP_ID_FOLLOW -> ResultOk
);
endpoint!(
    /// `DELETE /group/{id}/follow`: unfollow a group.
    UnfollowGroup: Delete GROUP_ID_FOLLOW -> ResultOk
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchGroups::OPERATION,
    CreateGroup::OPERATION,
    GetGroup::OPERATION,
    UpdateGroup::OPERATION,
    DeleteGroup::OPERATION,
    FollowGroup::OPERATION,
    UnfollowGroup::OPERATION,
];

impl GroupApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /group`: search scanlation groups.
    pub fn search(&self) -> SearchGroups {
        SearchGroups(self.call(SearchGroups::OPERATION, &[]))
    }

    /// `POST /group`: create a group named `name`.
    pub fn create(&self, name: impl Into<String>) -> CreateGroup {
        let body = ScanlationGroupRequest {
            name: Some(name.into()),
            ..ScanlationGroupRequest::default()
        };
        CreateGroup(self.call(CreateGroup::OPERATION, &[]), body)
    }

    /// `GET /group/{id}`: one group.
    pub fn get(&self, id: Uuid) -> GetGroup {
        GetGroup(self.call(GetGroup::OPERATION, &[&id]))
    }

    /// `PUT /group/{id}`: edit a group at `version`; set the fields to change.
    pub fn update(&self, id: Uuid, version: u32) -> UpdateGroup {
        let body = ScanlationGroupRequest {
            version: Some(version),
            ..ScanlationGroupRequest::default()
        };
        UpdateGroup(self.call(UpdateGroup::OPERATION, &[&id]), body)
    }

    /// `DELETE /group/{id}`: delete a group.
    pub fn delete(&self, id: Uuid) -> DeleteGroup {
        DeleteGroup(self.call(DeleteGroup::OPERATION, &[&id]))
    }

    /// `POST /group/{id}/follow`: follow a group.
    pub fn follow(&self, id: Uuid) -> FollowGroup {
        FollowGroup(self.call(FollowGroup::OPERATION, &[&id]))
    }

    /// `DELETE /group/{id}/follow`: unfollow a group.
    pub fn unfollow(&self, id: Uuid) -> UnfollowGroup {
        UnfollowGroup(self.call(UnfollowGroup::OPERATION, &[&id]))
    }

    batch!(ScanlationGroup, SearchGroups);
}

impl SearchGroups {
    params! {
        ids(ids) => "ids[]";
        name(text) => "name";
        focused_language(one Language) => "focusedLanguage";
        includes(list ReferenceExpansion) => "includes[]";
        order(order GroupOrder) => "order";
    }
}

impl GetGroup {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

macro_rules! group_fields {
    () => {
        fields! {
            website: String;
            irc_server: String;
            irc_channel: String;
            discord: String;
            contact_email: String;
            description: String;
            twitter: String;
            manga_updates: String;
            inactive: bool;
            /// An ISO 8601 duration (`P4D`).
            publish_delay: String;
        }
    };
}

impl CreateGroup {
    group_fields!();
}

impl UpdateGroup {
    group_fields!();
    fields! {
        name: String;
        leader: Uuid;
        members: Vec<Uuid>;
        focused_languages: Vec<Language>;
        locked: bool;
    }
}
