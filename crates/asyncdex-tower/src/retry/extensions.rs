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

/// Response extension set on every response the layer returns: how many times the request
/// was sent in all (`Attempts(1)` = no retry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Attempts(pub u32);
