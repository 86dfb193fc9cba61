//! What a caller may ask of an [`Error`]: the `is_*` predicates and the accessors.

use std::path::Path;
use std::time::Duration;

use asyncdex_tower::auth::TokenCallFailed;
use http::StatusCode;
use time::OffsetDateTime;

use super::{ApiError, Error, Kind, RatelimitDetails};

impl Error {
    /// A rate limit has no free slot: raised at once in `sleep_on_ratelimit(false)` mode, or
    /// when the server still answers 429 after every retry. See [`ratelimit`](Self::ratelimit)
    /// and [`retry_after`](Self::retry_after).
    pub fn is_ratelimit(&self) -> bool {
        matches!(self.kind(), Kind::Ratelimit(_))
    }

    /// The API answered with an error status (other than 401, a captcha or a rate limit,
    /// which have predicates of their own); see [`status`](Self::status) and
    /// [`api_errors`](Self::api_errors).
    pub fn is_http(&self) -> bool {
        matches!(self.kind(), Kind::Http { .. })
    }

    /// The request needs authentication and the client has none, the server refused the one
    /// it has (after one refresh and replay), or the server refused the client's
    /// credentials: then [`api_errors`](Self::api_errors) holds the server's title and
    /// detail, the source is the refused [`TokenCallFailed`], and every request of the client
    /// fails this way, without a token call, until
    /// [`login`](crate::MangadexClient::login) succeeds or
    /// [`logout`](crate::MangadexClient::logout) makes it anonymous.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.kind(), Kind::Unauthorized { .. })
    }

    /// The API wants a captcha (`captcha_required_exception`) solved before this request;
    /// see [`captcha_site_key`](Self::captcha_site_key).
    pub fn is_captcha(&self) -> bool {
        matches!(self.kind(), Kind::Captcha { .. })
    }

    /// A token call (login, refresh) failed for a passing reason (a 5xx, a 429, the network,
    /// a malformed answer): the credentials are kept and the next request tries again. The
    /// failed call is [`token_call`](Self::token_call). A refusal of the credentials is
    /// [`is_unauthorized`](Self::is_unauthorized) instead. Also a request that waited in
    /// the rate limiter longer than its session lived, twice (renewed once already; the
    /// source is an [`auth::SessionExpired`](asyncdex_tower::auth::SessionExpired)): it was
    /// not sent.
    pub fn is_auth(&self) -> bool {
        matches!(self.kind(), Kind::Auth)
    }

    /// The request could not be sent or its answer not received (connection refused or
    /// reset, TLS, DNS, an incomplete or damaged answer); the source says why.
    pub fn is_transport(&self) -> bool {
        matches!(self.kind(), Kind::Transport)
    }

    /// Something took too long: a request (or one attempt of it) its timeout, or a chapter
    /// download its [deadline](crate::download::ChapterDownload::deadline) (the pages
    /// fetched so far are kept, and a later run resumes from them).
    pub fn is_timeout(&self) -> bool {
        matches!(self.kind(), Kind::Timeout | Kind::DeadlineExceeded { .. })
    }

    /// The answer's body is not what was expected; the source is the decoder's error and
    /// the message quotes the start of the body (never for auth routes).
    pub fn is_decode(&self) -> bool {
        matches!(self.kind(), Kind::Decode { .. })
    }

    /// The answer's body is larger than the configured cap; it was not read past the cap.
    pub fn is_body_too_large(&self) -> bool {
        matches!(self.kind(), Kind::BodyTooLarge { .. })
    }

    /// A file could not be read or written (downloads, or your own code through
    /// `From<io::Error>`): the disk, not the network. The source is the `io::Error`; see
    /// [`file`](Self::file).
    pub fn is_io(&self) -> bool {
        matches!(self.kind(), Kind::Io { .. })
    }

    /// The call was refused before anything was sent: an invalid id, URL, parameter or
    /// option. The message says what is wrong.
    pub fn is_invalid_input(&self) -> bool {
        matches!(self.kind(), Kind::InvalidInput(_))
    }

    /// A library's store could not be used (series downloads and sync): another run holds
    /// it, a newer version wrote it, or it is damaged. The source is the
    /// [`StoreError`](crate::series::StoreError), whose message says what to do.
    pub fn is_library(&self) -> bool {
        matches!(self.kind(), Kind::Library)
    }

    /// Another download of the same chapter into the same directory is running (in this
    /// process or another): two would delete each other's half-written pages. See
    /// [`file`](Self::file) for the lock file.
    pub fn is_locked(&self) -> bool {
        matches!(self.kind(), Kind::Locked { .. })
    }

    /// A blocking task (the file work of downloads and series jobs) panicked, or the runtime
    /// shut down under it: a bug or a shutdown, not the network. The source is tokio's
    /// `JoinError`.
    pub fn is_blocking_task(&self) -> bool {
        matches!(self.kind(), Kind::BlockingTask)
    }

    /// The API edge's HTML 403 page: a temporary ban for sending too fast. Every request to
    /// the API host is held back for [`slow_down`](Self::slow_down); sending more meanwhile
    /// would only lengthen the ban.
    pub fn is_banned(&self) -> bool {
        matches!(
            self.kind(),
            Kind::Http {
                status: StatusCode::FORBIDDEN,
                slow_down: Some(_),
                ..
            }
        )
    }

    /// The API said the thing asked for does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// The HTTP status behind the error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self.kind() {
            Kind::Http { status, .. } => Some(*status),
            Kind::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Kind::Captcha { .. } => Some(StatusCode::FORBIDDEN),
            Kind::Ratelimit(_) => Some(StatusCode::TOO_MANY_REQUESTS),
            Kind::Auth => self.token_call().and_then(TokenCallFailed::status),
            _ => None,
        }
    }

    /// The path of the request the error is about (without the query string), when there
    /// was a request.
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// The file an I/O error is about, or the lock file another download holds
    /// ([`is_locked`](Self::is_locked)).
    pub fn file(&self) -> Option<&Path> {
        match self.kind() {
            Kind::Io { file, .. } => file.as_deref(),
            Kind::Locked { file } => Some(file),
            _ => None,
        }
    }

    /// The answer's `X-Request-ID`, which the MangaDex team can look up, when the error came
    /// with an answer that had one.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The API's error objects, when the server sent some; for refused credentials, the
    /// token call's title and detail.
    pub fn api_errors(&self) -> &[ApiError] {
        match self.kind() {
            Kind::Http { errors, .. } | Kind::Unauthorized { errors } => errors,
            _ => &[],
        }
    }

    /// The limit behind a rate-limit error: its rule, amount and who decided.
    pub fn ratelimit(&self) -> Option<&RatelimitDetails> {
        match self.kind() {
            Kind::Ratelimit(details) => Some(details),
            _ => None,
        }
    }

    /// How long until the rate limit frees a slot, from when the error was made.
    pub fn retry_after(&self) -> Option<Duration> {
        self.ratelimit().map(RatelimitDetails::retry_after)
    }

    /// When (UTC) the rate limit frees a slot.
    pub fn retry_at(&self) -> Option<OffsetDateTime> {
        self.ratelimit().map(RatelimitDetails::retry_at)
    }

    /// How long the client holds back requests to the API host after the edge's HTML "slow
    /// down" page (a 400, or the 403 ban of [`is_banned`](Self::is_banned)).
    pub fn slow_down(&self) -> Option<Duration> {
        match self.kind() {
            Kind::Http { slow_down, .. } => *slow_down,
            _ => None,
        }
    }

    /// The reCAPTCHA site key from `X-Captcha-Sitekey`, for [`is_captcha`](Self::is_captcha)
    /// (empty when the API named none).
    pub fn captcha_site_key(&self) -> Option<&str> {
        match self.kind() {
            Kind::Captcha { site_key } => Some(site_key),
            _ => None,
        }
    }

    /// The token call that failed ([`is_auth`](Self::is_auth)) or refused the credentials
    /// ([`is_unauthorized`](Self::is_unauthorized)).
    pub fn token_call(&self) -> Option<&TokenCallFailed> {
        self.inner.source.as_deref()?.downcast_ref()
    }

    /// The deadline a chapter download missed.
    pub fn deadline(&self) -> Option<Duration> {
        match self.kind() {
            Kind::DeadlineExceeded { deadline } => Some(*deadline),
            _ => None,
        }
    }
}
