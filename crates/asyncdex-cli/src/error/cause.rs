//! The cause of a network or disk error, in the words of the OS but without its error code.

use std::error::Error as StdError;
use std::io;

/// The most telling part of a network error: "connection refused" rather than hyper's
/// "client error (Connect)".
pub(crate) fn network_cause(error: &(dyn StdError + 'static)) -> String {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    let mut innermost = error.to_string();
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return match io.kind() {
                io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
                io::ErrorKind::TimedOut => "connection timed out".to_owned(),
                _ => strip_os_error(&io.to_string()),
            };
        }
        innermost = err.to_string();
        current = err.source();
    }
    strip_os_error(&innermost)
}

/// `Connection refused (os error 111)` -> `Connection refused`.
pub(crate) fn strip_os_error(message: &str) -> String {
    match message.find(" (os error") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}
