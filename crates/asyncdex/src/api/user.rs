//! Users (spec tag `User`, 5 operations): `client.user()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let me = client.user().me().send().await?.data;
//! println!("{} ({:?})", me.attributes.username, me.attributes.roles);
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint};
use super::params::{order_enum, params};
use super::{Operation, UserApi};
use crate::model::{EntityResponse, ResultOk, User};

order_enum! {
    /// A field of `order[...]` for `GET /user`.
    UserOrder {
        Username => "username",
    }
}

endpoint!(
    /// `GET /user`: search users.
    SearchUsers: Get USER -> page User, max 100
);
endpoint!(
    /// `GET /user/{id}`: one user.
    GetUser: Get USER_ID -> EntityResponse<User>
);
endpoint!(
    /// `DELETE /user/{id}` (deprecated in the spec): ask for the user's deletion.
    DeleteUser: Delete USER_ID -> ResultOk
);
endpoint!(
    /// `POST /user/delete/{code}` (deprecated in the spec): confirm a deletion.
    ConfirmUserDeletion: Post USER_DELETE_CODE -> ResultOk
);
endpoint!(
    /// `GET /user/me`: the logged-in user.
    Me: Get USER_ME -> EntityResponse<User>
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchUsers::OPERATION,
    GetUser::OPERATION,
    DeleteUser::OPERATION,
    ConfirmUserDeletion::OPERATION,
    Me::OPERATION,
];

impl UserApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /user`: search users.
    pub fn search(&self) -> SearchUsers {
        SearchUsers(self.call(SearchUsers::OPERATION, &[]))
    }

    /// `GET /user/{id}`: one user.
    pub fn get(&self, id: Uuid) -> GetUser {
        GetUser(self.call(GetUser::OPERATION, &[&id]))
    }

    /// `DELETE /user/{id}`: ask for the user's deletion.
    #[deprecated(
        note = "deprecated in spec 5.13.1: accounts are deleted from the MangaDex website"
    )]
    pub fn delete(&self, id: Uuid) -> DeleteUser {
        DeleteUser(self.call(DeleteUser::OPERATION, &[&id]))
    }

    /// `POST /user/delete/{code}`: confirm a deletion with the code the API e-mailed.
    #[deprecated(
        note = "deprecated in spec 5.13.1: accounts are deleted from the MangaDex website"
    )]
    pub fn confirm_delete(&self, code: &str) -> ConfirmUserDeletion {
        ConfirmUserDeletion(self.call(ConfirmUserDeletion::OPERATION, &[&code]))
    }

    /// `GET /user/me`: the logged-in user.
    pub fn me(&self) -> Me {
        Me(self.call(Me::OPERATION, &[]))
    }

    batch!(User, SearchUsers);
}

impl SearchUsers {
    params! {
        ids(ids) => "ids[]";
        username(text) => "username";
        order(order UserOrder) => "order";
    }
}
