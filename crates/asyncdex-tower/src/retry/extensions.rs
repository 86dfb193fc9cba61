//! Request and response extensions understood or set by the retry layer.

/// Request extension: how many times this request may be retried after its first send,
/// overriding the layer's [`max_retries`](super::RetryLayer::max_retries).
///
/// As the `retries` parameter of AsyncDex (the Python library): `Retries(3)` means up to 4
/// sends, `Retries(0)` exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Retries(pub u32);

/// Request extension: the caller asserts that this request is safe to resend, so a `POST` or
/// `PATCH` carrying it is retried like a `GET` (e.g. a `POST` that only searches).
///
/// Without it, non-idempotent requests are only resent when the failure shows they never
/// reached the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Idempotent;

/// Response extension: how many times the request was sent in all, set by the layer on a
/// response that took more than one send. A response it returns without one was sent once;
/// [`Attempts::of`] reads both cases.
///
/// (Set only after a retry because an extension costs an allocation, and the first send is
/// what nearly every response takes.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Attempts(pub u32);

impl Attempts {
    /// How many times the request behind `response` (as the retry layer returned it) was
    /// sent: 1 without the extension.
    pub fn of<B>(response: &http::Response<B>) -> u32 {
        response
            .extensions()
            .get::<Self>()
            .map_or(1, |attempts| attempts.0)
    }
}
