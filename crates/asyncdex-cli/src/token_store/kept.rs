//! One account's kept refresh token, wired to a client: loaded into it at the start, saved
//! whenever one of its token calls changes it (a login, a rotation), deleted by `logout`.

use std::fmt;
use std::sync::Arc;

use asyncdex::{MangadexClient, Secret};

use super::{Backend, StoreError, TokenKey};
use crate::output;

/// The refresh token of one account in one store. Cheap to clone.
#[derive(Clone)]
pub(crate) struct KeptToken {
    store: Arc<dyn Backend>,
    key: TokenKey,
    /// `--quiet`: warnings are not shown.
    quiet: bool,
}

impl KeptToken {
    pub(crate) fn new(store: Box<dyn Backend>, key: TokenKey, quiet: bool) -> Self {
        Self {
            store: Arc::from(store),
            key,
            quiet,
        }
    }

    /// Starts `client` from the kept token, when there is one (so it refreshes instead of
    /// logging in), and keeps every refresh token its token calls bring from now on, at once:
    /// a long `sync --every` that is killed loses no rotation.
    pub(crate) fn attach(&self, client: &MangadexClient) {
        let auth = client.auth();
        if let Some(token) = self.load() {
            auth.set_refresh_token(Some(token));
        }
        let kept = self.clone();
        auth.on_refresh_token_change(move |token| kept.follow(token));
    }

    /// The kept token; `None` (with a warning) when the store cannot be read: the run then
    /// logs in, and its token replaces what was there.
    fn load(&self) -> Option<Secret> {
        self.store.load(&self.key).unwrap_or_else(|error| {
            self.warn(&error);
            None
        })
    }

    fn follow(&self, token: Option<&Secret>) {
        let outcome = match token {
            Some(token) => self.store.save(&self.key, token),
            // The server refused it: keeping it would only cost a refused call next time.
            None => self.store.delete(&self.key).map(drop),
        };
        if let Err(error) = outcome {
            self.warn(&error);
        }
    }

    /// Deletes the kept token; whether there was one.
    pub(crate) fn forget(&self) -> Result<bool, StoreError> {
        self.store.delete(&self.key)
    }

    /// Where the token is kept, for messages.
    pub(crate) fn place(&self) -> String {
        self.store.place()
    }

    fn warn(&self, error: &StoreError) {
        if !self.quiet {
            output::note(&format!("warning: {error}"));
        }
    }
}

impl fmt::Debug for KeptToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeptToken")
            .field("key", &self.key)
            .field("place", &self.place())
            .finish_non_exhaustive()
    }
}
