//! The OS keyring through the `keyring` crate: the macOS Keychain, the Windows Credential
//! Manager, and on Linux the kernel's keyutils (held in memory by the kernel: a reboot, or a
//! few days unused, forgets the token, and the next run logs in once). The D-Bus Secret
//! Service is left out: it would need libdbus to build.

use asyncdex::Secret;

use super::{Backend, StoreError, TokenKey};

/// The platform's keyring.
#[derive(Debug)]
pub(crate) struct OsKeyring;

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod native {
    use keyring::{Entry, Error};

    use super::{Backend, OsKeyring, Secret, StoreError, TokenKey};

    /// The keyring entry's service name: one per server, so a test realm's token never
    /// answers for MangaDex's.
    fn service(key: &TokenKey) -> String {
        format!("asyncdex {}", key.server)
    }

    fn entry(key: &TokenKey) -> Result<Entry, StoreError> {
        Entry::new(&service(key), &key.username).map_err(classify)
    }

    /// Anything but a missing entry or one that is not text means this keyring cannot be
    /// used here (blocked syscalls, no keychain access, a username too long for it): the
    /// file takes over. The crate's messages hold no secret.
    fn classify(error: Error) -> StoreError {
        match error {
            Error::BadEncoding(_) => StoreError::Corrupt(
                "the keyring's entry is not text; it is replaced at the next login".to_owned(),
            ),
            other => StoreError::Unavailable(crate::output::excerpt(
                &other.to_string(),
                crate::output::ECHO_MAX,
            )),
        }
    }

    impl Backend for OsKeyring {
        fn load(&self, key: &TokenKey) -> Result<Option<Secret>, StoreError> {
            match entry(key)?.get_password() {
                Ok(token) => Ok(Some(Secret::new(token))),
                Err(Error::NoEntry) => Ok(None),
                Err(error) => Err(classify(error)),
            }
        }

        fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), StoreError> {
            entry(key)?.set_password(token.expose()).map_err(classify)
        }

        fn delete(&self, key: &TokenKey) -> Result<bool, StoreError> {
            match entry(key)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(Error::NoEntry) => Ok(false),
                Err(error) => Err(classify(error)),
            }
        }

        fn place(&self) -> String {
            "the OS keyring".to_owned()
        }
    }
}

/// No native keyring is built for this platform: the file takes over.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
impl Backend for OsKeyring {
    fn load(&self, _: &TokenKey) -> Result<Option<Secret>, StoreError> {
        Err(unsupported())
    }

    fn save(&self, _: &TokenKey, _: &Secret) -> Result<(), StoreError> {
        Err(unsupported())
    }

    fn delete(&self, _: &TokenKey) -> Result<bool, StoreError> {
        Err(unsupported())
    }

    fn place(&self) -> String {
        "the OS keyring".to_owned()
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn unsupported() -> StoreError {
    StoreError::Unavailable("no native keyring on this platform".to_owned())
}
