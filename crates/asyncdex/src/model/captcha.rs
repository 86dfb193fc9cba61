//! Captcha (`POST /captcha/solve`).

use serde::{Deserialize, Serialize};

/// The response header that carries the site key when a captcha is required.
pub const CAPTCHA_SITEKEY_HEADER: &str = "X-Captcha-Sitekey";

/// The request header that can carry a solved captcha on any request.
pub const CAPTCHA_RESULT_HEADER: &str = "X-Captcha-Result";

/// The error title/code of a 403 that asks for a captcha.
pub const CAPTCHA_REQUIRED_ERROR: &str = "captcha_required_exception";

/// Body of `POST /captcha/solve`. The answer is a [`ResultOk`](super::ResultOk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptchaSolveRequest {
    /// The captcha challenge result.
    pub captcha_challenge: String,
}
