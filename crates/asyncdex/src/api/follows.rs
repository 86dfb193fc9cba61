//! What the logged-in user follows (spec tag `Follows`, 8 operations): `client.follows()`.
//! Following and unfollowing are on each entity's handle (`client.manga().follow(id)`,
//! `client.group().follow(id)`, `client.list().follow(id)`).
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::ReferenceExpansion;
//! use futures_util::TryStreamExt;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! client.manga().follow(manga_id).send().await?;
//! assert!(client.follows().is_following_manga(manga_id).send().await?);
//! let followed: Vec<_> = client
//!     .follows()
//!     .manga()
//!     .includes([ReferenceExpansion::CoverArt])
//!     .stream()
//!     .try_collect()
//!     .await?;
//! println!("{} followed manga", followed.len());
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::params;
use super::{FollowsApi, Operation, Verb};
use crate::error::Result;
use crate::model::{CustomList, Manga, ReferenceExpansion, ScanlationGroup, User};

endpoint!(
    /// `GET /user/follows/group`: the followed groups.
    FollowedGroups: Get USER_FOLLOWS_GROUP -> page ScanlationGroup, max 100
);
endpoint!(
    /// `GET /user/follows/user`: the followed users.
    FollowedUsers: Get USER_FOLLOWS_USER -> page User, max 100
);
endpoint!(
    /// `GET /user/follows/manga`: the followed manga.
    FollowedManga: Get USER_FOLLOWS_MANGA -> page Manga, max 100
);
endpoint!(
    /// `GET /user/follows/list`: the followed custom lists.
    FollowedLists: Get USER_FOLLOWS_LIST -> page CustomList, max 100
);

/// Declares an "is it followed" check: the API answers `{"result":"ok"}` when it is and a
/// 404 when it is not; `send()` gives a `bool`.
macro_rules! check {
    ($(#[$doc:meta])* $name:ident: $template:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name(Call);

        impl $name {
            /// The operation of the spec this builder calls.
            pub const OPERATION: Operation = Operation::new(Verb::Get, $template);

            /// Sends the request: `true` when followed, `false` on the API's 404.
            ///
            /// # Errors
            ///
            /// Any other failure, as [`RequestBuilder::send`](crate::RequestBuilder::send).
            pub async fn send(self) -> Result<bool> {
                match self.0.send_json::<crate::model::ResultOk>().await {
                    Ok(ok) => Ok(ok.is_ok()),
                    Err(error) if error.is_not_found() => Ok(false),
                    Err(error) => Err(error),
                }
            }
        }
    };
}

check!(
    /// `GET /user/follows/group/{id}`: whether the user follows a group.
    IsFollowingGroup: "/user/follows/group/{id}"
);
check!(
    /// `GET /user/follows/user/{id}`: whether the user follows a user.
    IsFollowingUser: "/user/follows/user/{id}"
);
check!(
    /// `GET /user/follows/manga/{id}`: whether the user follows a manga.
    IsFollowingManga: "/user/follows/manga/{id}"
);
check!(
    /// `GET /user/follows/list/{id}`: whether the user follows a custom list.
    IsFollowingList: "/user/follows/list/{id}"
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    FollowedGroups::OPERATION,
    IsFollowingGroup::OPERATION,
    FollowedUsers::OPERATION,
    IsFollowingUser::OPERATION,
    FollowedManga::OPERATION,
    IsFollowingManga::OPERATION,
    FollowedLists::OPERATION,
    IsFollowingList::OPERATION,
];

impl FollowsApi<'_> {
    /// `GET /user/follows/group`: the followed groups.
    pub fn groups(&self) -> FollowedGroups {
        FollowedGroups(Call::new(self.client, FollowedGroups::OPERATION, &[]))
    }

    /// `GET /user/follows/group/{id}`: whether the user follows a group.
    pub fn is_following_group(&self, id: Uuid) -> IsFollowingGroup {
        IsFollowingGroup(Call::new(self.client, IsFollowingGroup::OPERATION, &[&id]))
    }

    /// `GET /user/follows/user`: the followed users.
    pub fn users(&self) -> FollowedUsers {
        FollowedUsers(Call::new(self.client, FollowedUsers::OPERATION, &[]))
    }

    /// `GET /user/follows/user/{id}`: whether the user follows a user.
    pub fn is_following_user(&self, id: Uuid) -> IsFollowingUser {
        IsFollowingUser(Call::new(self.client, IsFollowingUser::OPERATION, &[&id]))
    }

    /// `GET /user/follows/manga`: the followed manga.
    pub fn manga(&self) -> FollowedManga {
        FollowedManga(Call::new(self.client, FollowedManga::OPERATION, &[]))
    }

    /// `GET /user/follows/manga/{id}`: whether the user follows a manga.
    pub fn is_following_manga(&self, id: Uuid) -> IsFollowingManga {
        IsFollowingManga(Call::new(self.client, IsFollowingManga::OPERATION, &[&id]))
    }

    /// `GET /user/follows/list`: the followed custom lists.
    pub fn lists(&self) -> FollowedLists {
        FollowedLists(Call::new(self.client, FollowedLists::OPERATION, &[]))
    }

    /// `GET /user/follows/list/{id}`: whether the user follows a custom list.
    pub fn is_following_list(&self, id: Uuid) -> IsFollowingList {
        IsFollowingList(Call::new(self.client, IsFollowingList::OPERATION, &[&id]))
    }
}

impl FollowedGroups {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl FollowedManga {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}
