//! `endpoint!`: declares an endpoint builder around a [`Call`](super::Call).

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

pub(crate) use endpoint;
