//! [`Req`]: a parsed API request, as the route handlers get it.

use std::net::IpAddr;

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde_json::Value;
use uuid::Uuid;

use crate::query::Query;
use crate::response::ApiError;
use crate::state::State;

/// A parsed API request handed to the route handlers.
#[derive(Debug)]
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) params: Vec<String>,
    pub(crate) query: Query,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The account behind a valid bearer token.
    pub(crate) account: Option<usize>,
    pub(crate) bearer: Option<String>,
    #[allow(dead_code)]
    pub(crate) ip: IpAddr,
}

impl Req {
    /// Path parameter `i` as a UUID (validated by the router).
    pub(crate) fn id(&self, i: usize) -> Uuid {
        self.params
            .get(i)
            .and_then(|p| Uuid::parse_str(p).ok())
            .unwrap_or_default()
    }

    pub(crate) fn param(&self, i: usize) -> &str {
        self.params.get(i).map_or("", String::as_str)
    }

    /// The user id behind the token; routes marked `Required` always have one.
    pub(crate) fn user_id(&self, state: &State) -> Result<Uuid, ApiError> {
        self.account
            .and_then(|a| state.accounts.get(a))
            .map(|a| a.id)
            .ok_or_else(|| ApiError::unauthorized("Not authenticated"))
    }

    /// The JSON body, or 400.
    pub(crate) fn json(&self) -> Result<Value, ApiError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON body: {e}")))
    }
}
