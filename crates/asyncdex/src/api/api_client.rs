//! Personal API clients for OAuth (spec tag `ApiClient`, 7 operations):
//! `client.api_clients()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::ApiClientProfile;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let created = client.api_clients().create("my reader", ApiClientProfile::Personal).send().await?;
//! let secret = client.api_clients().secret(created.data.id).send().await?;
//! println!("{secret:?}"); // redacted; the value is secret.data
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::call::{Call, endpoint, fields};
use super::params::{order_enum, params};
use super::{ApiClientsApi, Operation};
use crate::model::{
    ApiClient, ApiClientCreate, ApiClientEdit, ApiClientProfile, ApiClientSecret, ApiClientState,
    EntityResponse, ReferenceExpansion, ResultOk,
};

order_enum! {
    /// A field of `order[...]` for `GET /client`.
    ApiClientOrder {
        Name => "name",
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
    }
}

endpoint!(
    /// `GET /client`: the user's API clients.
    ListApiClients: Get CLIENT -> page ApiClient, max 100
);
endpoint!(
    /// `POST /client`: create an API client.
    CreateApiClient: Post CLIENT -> EntityResponse<ApiClient>, body ApiClientCreate
);
endpoint!(
    /// `GET /client/{id}`: one API client.
    GetApiClient: Get CLIENT_ID -> EntityResponse<ApiClient>
);
endpoint!(
    /// `POST /client/{id}`: edit an API client (`version` required).
    UpdateApiClient: Post CLIENT_ID -> EntityResponse<ApiClient>, body ApiClientEdit
);
endpoint!(
    /// `DELETE /client/{id}`: delete an API client.
    DeleteApiClient: Delete CLIENT_ID -> ResultOk
);
endpoint!(
    /// `GET /client/{id}/secret`: an API client's secret.
    GetApiClientSecret: Get CLIENT_ID_SECRET -> ApiClientSecret
);
endpoint!(
    /// `POST /client/{id}/secret`: a new secret for an API client (the old one stops working).
    RegenerateApiClientSecret: Post CLIENT_ID_SECRET -> ApiClientSecret
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    ListApiClients::OPERATION,
    CreateApiClient::OPERATION,
    GetApiClient::OPERATION,
    UpdateApiClient::OPERATION,
    DeleteApiClient::OPERATION,
    GetApiClientSecret::OPERATION,
    RegenerateApiClientSecret::OPERATION,
];

impl ApiClientsApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /client`: the user's API clients.
    pub fn list(&self) -> ListApiClients {
        ListApiClients(self.call(ListApiClients::OPERATION, &[]))
    }

    /// `POST /client`: create an API client named `name` (5..=32 characters).
    pub fn create(&self, name: impl Into<String>, profile: ApiClientProfile) -> CreateApiClient {
        let body = ApiClientCreate {
            name: name.into(),
            description: None,
            profile,
            version: None,
        };
        CreateApiClient(self.call(CreateApiClient::OPERATION, &[]), body)
    }

    /// `GET /client/{id}`: one API client.
    pub fn get(&self, id: Uuid) -> GetApiClient {
        GetApiClient(self.call(GetApiClient::OPERATION, &[&id]))
    }

    /// `POST /client/{id}`: edit an API client at `version`.
    pub fn update(&self, id: Uuid, version: u32) -> UpdateApiClient {
        let body = ApiClientEdit {
            description: None,
            version,
        };
        UpdateApiClient(self.call(UpdateApiClient::OPERATION, &[&id]), body)
    }

    /// `DELETE /client/{id}`: delete an API client.
    pub fn delete(&self, id: Uuid) -> DeleteApiClient {
        DeleteApiClient(self.call(DeleteApiClient::OPERATION, &[&id]))
    }

    /// `GET /client/{id}/secret`: an API client's secret.
    pub fn secret(&self, id: Uuid) -> GetApiClientSecret {
        GetApiClientSecret(self.call(GetApiClientSecret::OPERATION, &[&id]))
    }

    /// `POST /client/{id}/secret`: a new secret for an API client.
    pub fn regenerate_secret(&self, id: Uuid) -> RegenerateApiClientSecret {
        let mut call = self.call(RegenerateApiClientSecret::OPERATION, &[&id]);
        call.json(&serde_json::json!({})); // the spec's (empty) object body
        RegenerateApiClientSecret(call)
    }
}

impl ListApiClients {
    params! {
        state(one ApiClientState) => "state";
        name(text) => "name";
        includes(list ReferenceExpansion) => "includes[]";
        order(order ApiClientOrder) => "order";
    }
}

impl CreateApiClient {
    fields! {
        /// At most 256 characters.
        description: String;
        version: u32;
    }
}

impl GetApiClient {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl UpdateApiClient {
    fields! {
        description: String;
    }
}

impl DeleteApiClient {
    params! {
        /// The client's current version.
        version(one u32) => "version";
    }
}
