//! Captchas (spec tag `Captcha`, 1 operation): `client.captcha()`.
//!
//! When the API wants a captcha solved it answers [`Error::is_captcha`](crate::Error::is_captcha)
//! with a site key; solve the reCAPTCHA and send the result here.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run(challenge: String) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! client.captcha().solve(challenge).send().await?;
//! # Ok(())
//! # }
//! ```

use super::call::{Call, endpoint};
use super::{CaptchaApi, Operation};
use crate::model::{CaptchaSolveRequest, ResultOk};

endpoint!(
    /// `POST /captcha/solve`: send a solved captcha.
    SolveCaptcha: Post CAPTCHA_SOLVE -> ResultOk, body CaptchaSolveRequest
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[SolveCaptcha::OPERATION];

impl CaptchaApi<'_> {
    /// `POST /captcha/solve`: send the solved `challenge` (the reCAPTCHA response).
    pub fn solve(&self, challenge: impl Into<String>) -> SolveCaptcha {
        let body = CaptchaSolveRequest {
            captcha_challenge: challenge.into(),
        };
        SolveCaptcha(Call::new(self.client, SolveCaptcha::OPERATION, &[]), body)
    }
}
