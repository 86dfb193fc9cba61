//! What the store knows: credentials, refresh token, the current session and its bookkeeping.

use std::{
    ops::{Deref, DerefMut},
    sync::{
        Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU8, Ordering},
    },
    time::{Duration, SystemTime},
};

use http::HeaderValue;
use tokio::time::Instant;

use super::{Credentials, Secret, TokenCallFailed, Tokens, jwt};

/// MangaDex's documented session lifetime, used when neither the answer nor the token says.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Longer lifetimes are capped, so a silly `expires_in` cannot overflow an `Instant`.
const MAX_LIFETIME: Duration = Duration::from_secs(366 * 24 * 60 * 60);
/// How long before its expiry a session token is refreshed.
pub(crate) const DEFAULT_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) credentials: Option<Credentials>,
    pub(crate) refresh: Option<Secret>,
    pub(crate) session: Option<Session>,
    pub(crate) margin: Duration,
    /// Numbers sessions, so a 401 only discards the session the request actually carried.
    pub(crate) generations: u64,
    /// Bumped by every change made through the handle; a token call whose answer arrives
    /// after such a change does not store it.
    pub(crate) epoch: u64,
    /// Token calls finished (with tokens or not).
    pub(crate) flights: u64,
    /// The outcome of the last token call when it failed, for those who queued behind it.
    pub(crate) last_failure: Option<TokenCallFailed>,
    /// The server's refusal of the credentials (or of the refresh token, when there are no
    /// credentials to fall back on). While set, every request that wants a token fails with
    /// it and no token call is made: the client was set up to be logged in, so going on
    /// anonymously would pretend. Cleared by an explicit login and by every change made
    /// through the handle (new credentials, logout).
    pub(crate) refused: Option<TokenCallFailed>,
}

#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) token: Secret,
    /// `Bearer <token>`, marked sensitive.
    pub(crate) header: HeaderValue,
    pub(crate) refresh_at: Instant,
    /// When the token stops being accepted (its lifetime counted from when it was asked for).
    pub(crate) expires_at: Instant,
    pub(crate) generation: u64,
}

/// A session token as a request carries it.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
    pub(crate) expires_at: Instant,
}

impl Session {
    fn token(&self) -> Token {
        Token {
            header: self.header.clone(),
            generation: self.generation,
            expires_at: self.expires_at,
        }
    }
}

/// The state behind its lock: what the store and the stamp layer share.
///
/// It owns no token client (the store does), so the stamp layer, which holds it, keeps no
/// token client alive, even when that client sends through the stamp layer itself.
///
/// Two facts every request asks about (is there anything to authenticate with, is there a
/// session) are mirrored in an atomic, rewritten each time the lock is released: an
/// anonymous request reads them without taking the lock, so it writes nothing both cores
/// share.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    mirror: AtomicU8,
}

/// [`Shared::mirror`] bits.
const HAS_SESSION: u8 = 1;
const HAS_AUTH: u8 = 2;

impl Shared {
    pub(crate) fn new() -> Self {
        Self {
            state: Mutex::new(State::new()),
            mirror: AtomicU8::new(0),
        }
    }

    /// Held only for a few field reads and writes, never across an `.await`.
    pub(crate) fn lock(&self) -> StateGuard<'_> {
        // The state stays consistent even if a holder panicked: every write is a plain store.
        StateGuard {
            state: self.state.lock().unwrap_or_else(PoisonError::into_inner),
            mirror: &self.mirror,
        }
    }

    /// The current session as a request carries it, fresh or due for a refresh.
    /// Callers on the request path ask [`has_session`](Self::has_session) first.
    pub(crate) fn current(&self) -> Option<Token> {
        self.lock().session.as_ref().map(Session::token)
    }

    /// Whether a session is installed, as of the last release of the lock.
    pub(crate) fn has_session(&self) -> bool {
        self.mirror.load(Ordering::Acquire) & HAS_SESSION != 0
    }

    /// Whether the state holds nothing to authenticate with (no credentials, refresh token,
    /// session or refusal), as of the last release of the lock.
    pub(crate) fn is_empty(&self) -> bool {
        self.mirror.load(Ordering::Acquire) & (HAS_SESSION | HAS_AUTH) == 0
    }
}

/// The locked [`State`]; releasing it updates [`Shared`]'s mirror of it.
pub(crate) struct StateGuard<'a> {
    state: MutexGuard<'a, State>,
    mirror: &'a AtomicU8,
}

impl Deref for StateGuard<'_> {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

impl DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl Drop for StateGuard<'_> {
    fn drop(&mut self) {
        // Runs before the field's own drop unlocks the mutex: the mirror changes under the
        // lock, so two writers cannot leave it out of step with the state.
        let state = &*self.state;
        let mut bits = 0;
        if state.session.is_some() {
            bits |= HAS_SESSION;
        }
        if state.credentials.is_some() || state.refresh.is_some() || state.refused.is_some() {
            bits |= HAS_AUTH;
        }
        self.mirror.store(bits, Ordering::Release);
    }
}

impl State {
    pub(crate) fn new() -> Self {
        Self {
            credentials: None,
            refresh: None,
            session: None,
            margin: DEFAULT_MARGIN,
            generations: 0,
            epoch: 0,
            flights: 0,
            last_failure: None,
            refused: None,
        }
    }

    pub(crate) fn fresh(&self, now: Instant) -> Option<&Session> {
        self.session.as_ref().filter(|s| now < s.refresh_at)
    }

    pub(crate) fn fresh_token(&self, now: Instant) -> Option<Token> {
        self.fresh(now).map(Session::token)
    }

    pub(crate) fn changed(&mut self) {
        self.epoch += 1;
        self.session = None;
        self.refused = None;
    }

    pub(crate) fn install(
        &mut self,
        tokens: Tokens,
        sent_at: Instant,
    ) -> Result<(Token, Secret), TokenCallFailed> {
        let (access, refresh, expires_in) = tokens.into_parts();
        let mut header = HeaderValue::try_from(format!("Bearer {}", access.expose()))
            .map_err(|_| TokenCallFailed::transient("the token is not a valid header value"))?;
        header.set_sensitive(true);
        let lifetime = expires_in
            .or_else(|| jwt::lifetime(access.expose(), SystemTime::now()))
            .unwrap_or(DEFAULT_LIFETIME)
            .min(MAX_LIFETIME);
        // A margin larger than a short lifetime would make every token stale on arrival.
        let margin = self.margin.min(lifetime / 2);
        self.generations += 1;
        let generation = self.generations;
        let session = Session {
            token: access.clone(),
            header,
            refresh_at: sent_at + (lifetime - margin),
            expires_at: sent_at + lifetime,
            generation,
        };
        let token = session.token();
        self.session = Some(session);
        // Refresh tokens rotate: the new one replaces the old, which the server now refuses.
        if let Some(refresh) = refresh {
            self.refresh = Some(refresh);
        }
        Ok((token, access))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refresh_in(tokens: Tokens, margin: Duration) -> Duration {
        let mut state = State::new();
        state.margin = margin;
        let sent_at = Instant::now();
        state.install(tokens, sent_at).unwrap();
        state.session.unwrap().refresh_at - sent_at
    }

    #[test]
    fn lifetime_from_expires_in_else_the_documented_15_minutes() {
        let margin = Duration::from_secs(60);
        let opaque = Tokens::new("opaque-token");
        assert_eq!(
            refresh_in(opaque.clone(), margin),
            Duration::from_secs(14 * 60)
        );
        let timed = opaque.with_expires_in(Duration::from_secs(300));
        assert_eq!(refresh_in(timed, margin), Duration::from_secs(240));
    }

    #[test]
    fn the_margin_never_exceeds_half_the_lifetime() {
        let short = Tokens::new("t").with_expires_in(Duration::from_secs(10));
        assert_eq!(
            refresh_in(short, Duration::from_secs(60)),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn the_mirror_follows_every_release_of_the_lock() {
        let shared = Shared::new();
        assert!(shared.is_empty() && !shared.has_session());
        shared.lock().refresh = Some(Secret::new("r0"));
        assert!(!shared.is_empty() && !shared.has_session());
        shared
            .lock()
            .install(Tokens::new("a1"), Instant::now())
            .unwrap();
        assert!(shared.has_session());
        assert_eq!(shared.current().map(|token| token.generation), Some(1));
        shared.lock().changed();
        assert!(!shared.has_session() && shared.current().is_none());
        shared.lock().refresh = None;
        assert!(shared.is_empty());
    }

    #[test]
    fn a_new_refresh_token_replaces_the_old_and_none_keeps_it() {
        let mut state = State::new();
        state.refresh = Some(Secret::new("r0"));
        let now = Instant::now();
        state.install(Tokens::new("a1"), now).unwrap();
        assert_eq!(state.refresh.as_ref().unwrap().expose(), "r0");
        state
            .install(Tokens::new("a2").with_refresh_token("r1"), now)
            .unwrap();
        assert_eq!(state.refresh.as_ref().unwrap().expose(), "r1");
        assert_eq!(state.session.as_ref().unwrap().generation, 2);
        assert!(state.session.as_ref().unwrap().header.is_sensitive());
    }
}
