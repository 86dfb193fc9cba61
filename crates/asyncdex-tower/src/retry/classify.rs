//! Deciding whether an error from the inner service is worth a retry.
//!
//! This crate cannot depend on hyper, so it cannot ask a `hyper::Error` whether it was a
//! connect error. Instead the layer asks a [`ClassifyError`], and the default one looks for
//! `std::io::Error`s in the error's `source()` chain, which covers any transport that keeps
//! its I/O errors as sources (hyper and hyper-util do).

use std::error::Error as StdError;
use std::io;

/// What kind of failure an error from the inner service is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Failure {
    /// The request certainly never reached the server (e.g. the connection was refused), so
    /// resending is safe even for a non-idempotent method such as `POST`.
    NotSent,
    /// A transport failure after the request may have left (reset, broken pipe, incomplete
    /// response). The server may have processed it: only idempotent requests are resent.
    Transport,
    /// Anything else, e.g. a fail-fast rate-limit error or a bug: never retried.
    Fatal,
}

/// Classifies errors of the inner service for the retry layer.
///
/// Implemented for [`DefaultClassifier`] and for any
/// `Fn(&(dyn std::error::Error + 'static)) -> Failure`, so a transport-aware classifier can
/// be a closure that falls back to the default:
///
/// ```
/// use asyncdex_tower::retry::{ClassifyError, DefaultClassifier, Failure};
///
/// #[derive(Debug)]
/// struct MyConnectError;
/// impl std::fmt::Display for MyConnectError {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("could not connect")
///     }
/// }
/// impl std::error::Error for MyConnectError {}
///
/// let classify = |error: &(dyn std::error::Error + 'static)| {
///     if error.is::<MyConnectError>() {
///         Failure::NotSent
///     } else {
///         DefaultClassifier.classify(error)
///     }
/// };
/// assert_eq!(classify.classify(&MyConnectError), Failure::NotSent);
/// ```
pub trait ClassifyError {
    /// Classifies `error`, already converted into a `tower::BoxError`.
    fn classify(&self, error: &(dyn StdError + 'static)) -> Failure;
}

impl<F> ClassifyError for F
where
    F: Fn(&(dyn StdError + 'static)) -> Failure,
{
    fn classify(&self, error: &(dyn StdError + 'static)) -> Failure {
        self(error)
    }
}

/// The classifier used unless another one is set: walks the `source()` chain for an
/// [`io::Error`].
///
/// | `io::ErrorKind` | [`Failure`] |
/// |---|---|
/// | `ConnectionRefused` | `NotSent` |
/// | `ConnectionReset`, `ConnectionAborted`, `BrokenPipe`, `UnexpectedEof`, `TimedOut`, `NotConnected` | `Transport` |
/// | anything else, or no `io::Error` at all | `Fatal` |
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultClassifier;

impl ClassifyError for DefaultClassifier {
    fn classify(&self, error: &(dyn StdError + 'static)) -> Failure {
        let mut next = Some(error);
        while let Some(error) = next {
            if let Some(io) = error.downcast_ref::<io::Error>() {
                let failure = classify_io(io.kind());
                if failure != Failure::Fatal {
                    return failure;
                }
                // `io::Error::source` skips a custom error's own payload, so look at it too.
                if let Some(inner) = io.get_ref() {
                    let failure = self.classify(inner);
                    if failure != Failure::Fatal {
                        return failure;
                    }
                }
            }
            next = error.source();
        }
        Failure::Fatal
    }
}

fn classify_io(kind: io::ErrorKind) -> Failure {
    use io::ErrorKind as K;
    match kind {
        // The kernel answered the SYN with a RST: nothing of the request was sent.
        K::ConnectionRefused => Failure::NotSent,
        K::ConnectionReset
        | K::ConnectionAborted
        | K::BrokenPipe
        | K::UnexpectedEof
        | K::TimedOut
        | K::NotConnected => Failure::Transport,
        _ => Failure::Fatal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    /// An error that wraps another one as its source, like a client error wraps an I/O error.
    #[derive(Debug)]
    struct Wrapper(Box<dyn StdError + Send + Sync>);

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("wrapper")
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&*self.0)
        }
    }

    fn wrapped(kind: io::ErrorKind) -> Wrapper {
        Wrapper(Box::new(Wrapper(Box::new(io::Error::from(kind)))))
    }

    #[test]
    fn io_kinds_deep_in_the_chain() {
        let c = DefaultClassifier;
        assert_eq!(
            c.classify(&wrapped(io::ErrorKind::ConnectionRefused)),
            Failure::NotSent
        );
        for kind in [
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::BrokenPipe,
            io::ErrorKind::UnexpectedEof,
            io::ErrorKind::TimedOut,
            io::ErrorKind::NotConnected,
        ] {
            assert_eq!(c.classify(&wrapped(kind)), Failure::Transport, "{kind:?}");
        }
        assert_eq!(
            c.classify(&wrapped(io::ErrorKind::PermissionDenied)),
            Failure::Fatal
        );
    }

    #[test]
    fn custom_io_payload_is_inspected() {
        let inner = io::Error::from(io::ErrorKind::ConnectionRefused);
        let outer = io::Error::other(Wrapper(Box::new(inner)));
        assert_eq!(DefaultClassifier.classify(&outer), Failure::NotSent);
    }

    #[test]
    fn unknown_errors_are_fatal() {
        let error: tower::BoxError = "rate limited".into();
        assert_eq!(DefaultClassifier.classify(&*error), Failure::Fatal);
    }
}
