//! What the retry layer may resend, knowing hyper's errors.

use std::error::Error as StdError;

use asyncdex_tower::retry::{ClassifyError, DefaultClassifier, Failure};

/// hyper-aware error classification for the retry layer: a connect failure never reached the
/// server (safe to resend even a POST); an incomplete answer or a timed-out attempt may have
/// been processed (resent only when idempotent); the rest as the default classifier says.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct HyperClassifier;

impl ClassifyError for HyperClassifier {
    fn classify(&self, error: &(dyn StdError + 'static)) -> Failure {
        let mut current = Some(error);
        while let Some(error) = current {
            if let Some(client) = error.downcast_ref::<hyper_util::client::legacy::Error>()
                && client.is_connect()
            {
                return Failure::NotSent;
            }
            if let Some(hyper) = error.downcast_ref::<hyper::Error>()
                && (hyper.is_incomplete_message() || hyper.is_canceled() || hyper.is_closed())
            {
                return Failure::Transport;
            }
            if error.is::<tower::timeout::error::Elapsed>() {
                return Failure::Transport;
            }
            current = error.source();
        }
        DefaultClassifier.classify(error)
    }
}
