//! [`Call`]: what every endpoint builder holds (operation, path, query, body), its checks and
//! its sending; and the `endpoint!` macro that declares a builder around it.

use std::fmt::Display;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::params::Query;
use super::{Operation, RESULT_WINDOW};
use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::problem::FirstProblem;
use crate::query::segment;
use crate::request::RequestBuilder;

#[derive(Clone, Debug)]
pub(crate) struct Call {
    client: MangadexClient,
    pub(crate) operation: Operation,
    path: String,
    pub(crate) query: Query,
    body: Option<(&'static str, Bytes)>,
    pub(crate) limit: Option<u32>,
    pub(crate) offset: Option<u32>,
    problem: FirstProblem,
}

impl Call {
    /// A call of `operation`, its `{...}` placeholders replaced by `args` in order.
    pub(crate) fn new(
        client: &MangadexClient,
        operation: Operation,
        args: &[&dyn Display],
    ) -> Self {
        let mut args = args.iter().peekable();
        let path = operation
            .template()
            .split('/')
            .map(|part| match args.next_if(|_| part.starts_with('{')) {
                Some(arg) => segment(&arg.to_string()),
                None => part.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        debug_assert!(
            args.next().is_none(),
            "too many path arguments for {operation}"
        );
        Self {
            client: client.clone(),
            operation,
            path,
            query: Query::default(),
            body: None,
            limit: None,
            offset: None,
            problem: FirstProblem::default(),
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(("application/json", Bytes::from(bytes))),
            Err(error) => self.fail(format!("the JSON body: {error}")),
        }
    }

    /// Sets a raw body (multipart uploads).
    pub(crate) fn body(&mut self, content_type: &'static str, body: Bytes) {
        self.body = Some((content_type, body));
    }

    /// Records a problem found while building; `send` returns it without sending.
    pub(crate) fn fail(&mut self, problem: impl Into<String>) {
        self.problem.record(problem);
    }

    /// The checks of the spec, then the request.
    fn request(self) -> Result<RequestBuilder> {
        self.problem.check()?;
        if let Some((key, count)) = self.query.oversized_id_filter() {
            return Err(Error::invalid(format!(
                "{key} takes at most {} ids, not {count}",
                super::MAX_IDS
            )));
        }
        let mut request = self
            .client
            .request(self.operation.method(), &self.path)
            .route(self.operation.template());
        if let Some(max) = self.operation.page_limit() {
            if let Some(limit) = self.limit
                && !(1..=max).contains(&limit)
            {
                return Err(Error::invalid(format!(
                    "limit must be within 1..={max}, not {limit}"
                )));
            }
            // What the server applies when no limit is sent (the spec's defaults).
            let default = if max > 100 { 100 } else { 10 };
            let offset = self.offset.unwrap_or(0);
            let limit = self.limit.unwrap_or(default);
            if u64::from(offset) + u64::from(limit) > u64::from(RESULT_WINDOW) {
                return Err(Error::invalid(format!(
                    "offset + limit must be at most {RESULT_WINDOW} (the result window), not {offset} + {limit}"
                )));
            }
            if let Some(limit) = self.limit {
                request = request.param("limit", limit);
            }
            if let Some(offset) = self.offset {
                request = request.param("offset", offset);
            }
        }
        for (key, value) in self.query.pairs() {
            request = request.param(key, value);
        }
        if let Some((content_type, body)) = self.body {
            request = request.body(content_type, body);
        }
        Ok(request)
    }

    pub(crate) async fn send(self) -> Result<crate::response::ApiResponse> {
        self.request()?.send().await
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.request()?.send_json().await
    }
}

/// Declares an endpoint builder `pub struct Name(Call)` with its `OPERATION` and `send()`.
///
/// The route is a constant of `asyncdex_tower::ratelimit::constants::routes`, where every path
/// template of the API is written once (the rate limiter's table uses the same constants).
///
/// ```text
/// endpoint!(/// docs
///     Name: Get ROUTE -> Output);                // one answer
/// endpoint!(/// docs
///     Name: Post ROUTE -> Output, body Body);    // a JSON body: body(), fields!
/// endpoint!(/// docs
///     Name: Get ROUTE -> page Item, max 100);    // a list: limit, offset, stream()
/// ```
macro_rules! endpoint {
    ($(#[$doc:meta])* $name:ident: $verb:ident $route:ident -> page $item:ty, max $max:literal) => {
        $crate::api::call::endpoint!(@struct [$(#[$doc])*] $name
            $crate::api::Operation::paged($crate::api::Verb::$verb, ::asyncdex_tower::ratelimit::constants::routes::$route, $max));

        impl $name {
            /// Sends the request: one page.
            ///
            /// # Errors
            ///
            /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) without sending when a
            /// parameter is out of range; otherwise as
            /// [`RequestBuilder::send_json`](crate::RequestBuilder::send_json).
            pub async fn send(self) -> $crate::Result<$crate::model::CollectionResponse<$item>> {
                self.0.send_json().await
            }

            #[doc = concat!("Sets `limit`, the page size (1..=", stringify!($max), ").")]
            pub fn limit(mut self, limit: u32) -> Self {
                self.0.limit = Some(limit);
                self
            }

            /// Sets `offset` (`offset + limit` may not exceed 10,000).
            pub fn offset(mut self, offset: u32) -> Self {
                self.0.offset = Some(offset);
                self
            }

            #[doc = concat!("Every item from `offset` on, fetched lazily ", stringify!($max),
                " at a time; see [`Paginated`](crate::api::Paginated).")]
            pub fn stream(self) -> $crate::api::Paginated<$item> {
                $crate::api::Paginated::new(self.0)
            }
        }

        const _: fn($name) = |builder| $crate::send_sync::send_static(&builder.send());
    };
    ($(#[$doc:meta])* $name:ident: $verb:ident $route:ident -> $out:ty, body $body:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name($crate::api::call::Call, $body);

        impl $name {
            /// The operation of the spec this builder calls.
            pub const OPERATION: $crate::api::Operation =
                $crate::api::Operation::new($crate::api::Verb::$verb, ::asyncdex_tower::ratelimit::constants::routes::$route);

            /// Replaces the whole JSON body.
            pub fn body(mut self, body: $body) -> Self {
                self.1 = body;
                self
            }

            /// Sends the request with its JSON body.
            ///
            /// # Errors
            ///
            /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) without sending when a
            /// parameter is invalid; otherwise as
            /// [`RequestBuilder::send_json`](crate::RequestBuilder::send_json).
            pub async fn send(mut self) -> $crate::Result<$out> {
                self.0.json(&self.1);
                self.0.send_json().await
            }
        }

        const _: fn($name) = |builder| $crate::send_sync::send_static(&builder.send());
    };
    ($(#[$doc:meta])* $name:ident: $verb:ident $route:ident -> $out:ty) => {
        $crate::api::call::endpoint!(@struct [$(#[$doc])*] $name
            $crate::api::Operation::new($crate::api::Verb::$verb, ::asyncdex_tower::ratelimit::constants::routes::$route));

        impl $name {
            /// Sends the request.
            ///
            /// # Errors
            ///
            /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) without sending when a
            /// parameter is invalid; otherwise as
            /// [`RequestBuilder::send_json`](crate::RequestBuilder::send_json).
            pub async fn send(self) -> $crate::Result<$out> {
                self.0.send_json().await
            }
        }

        const _: fn($name) = |builder| $crate::send_sync::send_static(&builder.send());
    };
    (@struct [$($doc:tt)*] $name:ident $operation:expr) => {
        $($doc)*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name($crate::api::call::Call);

        impl $name {
            /// The operation of the spec this builder calls.
            pub const OPERATION: $crate::api::Operation = $operation;
        }
    };
}

/// Setters for the optional fields of a builder's JSON body (`struct X(Call, Body)`).
macro_rules! fields {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty; )*) => {
        $(
            #[doc = concat!("Sets `", stringify!($name), "` in the body.")]
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.1.$name = Some(value.into());
                self
            }
        )*
    };
}

pub(crate) use {endpoint, fields};
