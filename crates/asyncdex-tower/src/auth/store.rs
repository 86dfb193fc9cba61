//! The token store shared by every clone of the layer, the service and the handle.
//!
//! Two locks, for two jobs. `state` is a std mutex held only for a few field reads and writes,
//! never across an `.await`. `flight` is an async mutex held for the whole of a token call, so
//! that at most one call is in flight: whoever finds the session stale queues on it, and when
//! its turn comes first checks whether a call finished while it waited (the `flights` counter)
//! and takes that call's outcome, token or error, instead of making another one. So a stale
//! token met by 1,000 concurrent requests costs exactly one token call, and a failing token
//! endpoint is not hammered by the queue behind the failure.
//!
//! A token call made for a request lives in the `flight` slot, not in the request's future:
//! if that request is dropped mid-call (an outer timeout, a `select!`), the next one to take
//! the lock finishes the call instead of starting another. With rotating refresh tokens this
//! matters: an abandoned refresh has already spent the old refresh token on the server, and
//! only its answer holds the new one.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use tokio::time::Instant;
use tower::BoxError;
use tracing::debug;

use super::{
    Credentials, Grant, MissingCredentials, Secret, TokenCall, TokenCallFailed, TokenRequest,
    TokenSource, Tokens,
    client::TokenClient,
    state::{Shared, StateGuard, Token},
};

/// The tracing target of every auth event.
pub(crate) const TARGET: &str = "asyncdex_tower::auth";

pub(crate) struct Store {
    source: Box<dyn TokenSource>,
    /// What the stamp layer holds too: the state, which owns no token client, so a token
    /// client that contains the stamp layer makes no reference cycle.
    state: Arc<Shared>,
    /// What token calls go through; `None` until one is set.
    client: Mutex<Option<Arc<dyn TokenClient>>>,
    /// The single-flight lock, and the token call a dropped request left unfinished.
    flight: tokio::sync::Mutex<Option<InFlight>>,
    /// Told when a token call leaves another refresh token than it found.
    on_refresh_change: Mutex<Option<RefreshListener>>,
}

/// See [`AuthHandle::on_refresh_token_change`](super::AuthHandle::on_refresh_token_change).
pub(crate) type RefreshListener = Arc<dyn Fn(Option<&Secret>) + Send + Sync>;

type Obtained = Result<Option<(Token, Secret)>, TokenCallFailed>;
type InFlight = Pin<Box<dyn Future<Output = Obtained> + Send>>;

enum Plan {
    Refresh(Secret),
    Login(Credentials),
    Standalone,
}

impl Plan {
    fn call(&self) -> TokenCall {
        match self {
            Self::Refresh(_) => TokenCall::Refresh,
            Self::Login(_) => TokenCall::Login,
            Self::Standalone => TokenCall::Standalone,
        }
    }

    fn grant(&self) -> Grant<'_> {
        match self {
            Self::Refresh(refresh) => Grant::RefreshToken(refresh),
            Self::Login(credentials) => Grant::Password(credentials),
            Self::Standalone => Grant::Standalone,
        }
    }
}

impl Store {
    pub(crate) fn new(source: impl TokenSource) -> Self {
        Self {
            source: Box::new(source),
            state: Arc::new(Shared::new()),
            client: Mutex::new(None),
            flight: tokio::sync::Mutex::const_new(None),
            on_refresh_change: Mutex::new(None),
        }
    }

    fn lock(&self) -> StateGuard<'_> {
        self.state.lock()
    }

    /// The state, for the stamp layer.
    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.state)
    }

    fn client_slot(&self) -> MutexGuard<'_, Option<Arc<dyn TokenClient>>> {
        // A plain slot: consistent even if a holder panicked.
        self.client.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets (or replaces) the service token calls go through.
    pub(crate) fn set_client(&self, client: Arc<dyn TokenClient>) {
        *self.client_slot() = Some(client);
    }

    /// Sets the service token calls go through unless one is set already.
    pub(crate) fn set_client_if_absent(&self, client: impl FnOnce() -> Arc<dyn TokenClient>) {
        let mut slot = self.client_slot();
        if slot.is_none() {
            *slot = Some(client());
        }
    }

    fn client(&self, call: TokenCall) -> Result<Arc<dyn TokenClient>, TokenCallFailed> {
        self.client_slot().clone().ok_or_else(|| {
            TokenCallFailed::transient("no token client: see AuthLayer::token_client")
                .with_call(call)
        })
    }

    pub(crate) fn set_refresh_listener(&self, listener: RefreshListener) {
        // A plain slot, like the client's.
        *self
            .on_refresh_change
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(listener);
    }

    /// True when requests go without a token. A store whose credentials the server refused is
    /// not anonymous: its requests fail with the refusal until the user acts.
    pub(crate) fn is_anonymous(&self) -> bool {
        // The state's mirror, read without its lock: this runs for every request.
        self.state.is_empty() && !self.source.is_standalone()
    }

    pub(crate) fn set_margin(&self, margin: Duration) {
        self.lock().margin = margin;
    }

    pub(crate) fn set_credentials(&self, credentials: Option<Credentials>) {
        let mut state = self.lock();
        state.credentials = credentials;
        state.changed();
    }

    pub(crate) fn set_refresh_token(&self, refresh: Option<Secret>) {
        let mut state = self.lock();
        state.refresh = refresh;
        state.changed();
    }

    pub(crate) fn clear(&self) {
        let mut state = self.lock();
        state.credentials = None;
        state.refresh = None;
        state.last_failure = None;
        state.changed();
    }

    pub(crate) fn credentials(&self) -> Option<Credentials> {
        self.lock().credentials.clone()
    }

    pub(crate) fn refresh_token(&self) -> Option<Secret> {
        self.lock().refresh.clone()
    }

    pub(crate) fn session_token(&self) -> Option<Secret> {
        self.lock().fresh(Instant::now()).map(|s| s.token.clone())
    }

    /// A fresh session token for a request, making (or waiting for) a token call if needed.
    ///
    /// `rejected` is the generation of a token the server just answered 401 to: that session
    /// is discarded first, unless it was already replaced. `Ok(None)`: anonymous.
    pub(crate) async fn token(
        self: &Arc<Self>,
        rejected: Option<u64>,
    ) -> Result<Option<Token>, TokenCallFailed> {
        let seen = {
            let mut state = self.lock();
            if let Some(generation) = rejected
                && state
                    .session
                    .as_ref()
                    .is_some_and(|s| s.generation == generation)
            {
                state.session = None;
            }
            if let Some(refused) = &state.refused {
                return Err(refused.duplicate());
            }
            if let Some(token) = state.fresh_token(Instant::now()) {
                return Ok(Some(token));
            }
            state.flights
        };
        let mut flight = self.flight.lock().await;
        finish_leftover(&mut flight).await;
        {
            let state = self.lock();
            if let Some(token) = state.fresh_token(Instant::now()) {
                return Ok(Some(token));
            }
            if state.flights != seen {
                // A call finished while we queued and left no fresh token: share its failure
                // rather than repeat the call.
                if let Some(failure) = &state.last_failure {
                    return Err(failure.duplicate());
                }
            }
        }
        let store = Arc::clone(self);
        let call = flight.insert(Box::pin(async move { store.obtain(false).await }));
        let obtained = call.await;
        *flight = None;
        Ok(obtained?.map(|(token, _)| token))
    }

    /// Logs in with `credentials`, or the stored ones.
    pub(crate) async fn login(&self, credentials: Option<Credentials>) -> Result<(), BoxError> {
        let mut flight = self.flight.lock().await;
        finish_leftover(&mut flight).await;
        match credentials {
            Some(credentials) => self.set_credentials(Some(credentials)),
            None if self.lock().credentials.is_none() => {
                return Err(MissingCredentials::new().into());
            }
            // An explicit login tries the stored credentials again, even after a refusal.
            None => self.lock().refused = None,
        }
        self.obtain(true).await?;
        Ok(())
    }

    /// A new session token: refreshed, or logged in when there is no refresh token.
    pub(crate) async fn renew(&self) -> Result<Secret, BoxError> {
        let mut flight = self.flight.lock().await;
        finish_leftover(&mut flight).await;
        if let Some(refused) = &self.lock().refused {
            return Err(refused.duplicate().into());
        }
        match self.obtain(false).await? {
            Some((_, token)) => Ok(token),
            None => Err(MissingCredentials::new().into()),
        }
    }

    /// Ends the session where the flow has a route for it, then forgets everything.
    pub(crate) async fn logout(&self) -> Result<(), BoxError> {
        let mut flight = self.flight.lock().await;
        finish_leftover(&mut flight).await;
        let outcome = self.end_session().await;
        self.clear();
        outcome
    }

    async fn end_session(&self) -> Result<(), BoxError> {
        if let Some(request) = self
            .refresh_token()
            .and_then(|refresh| self.source.revoke(&refresh))
        {
            return self.end_call(request).await;
        }
        if self.source.logout(&Secret::new("")).is_none() {
            return Ok(()); // No route: nothing to tell the server.
        }
        let session = match self.session_token() {
            Some(session) => session,
            // Refused credentials have no session on the server to end.
            None if self.is_anonymous() || self.lock().refused.is_some() => return Ok(()),
            // The route needs a live session; a refresh token alone would stay valid for a
            // month on the server, so get one to end it.
            None => match self.obtain(false).await? {
                Some((_, session)) => session,
                None => return Ok(()),
            },
        };
        let Some(request) = self.source.logout(&session) else {
            return Ok(());
        };
        self.end_call(request).await
    }

    /// Sends the call that ends the session (a logout or a revocation) and checks its status.
    async fn end_call(&self, request: http::Request<bytes::Bytes>) -> Result<(), BoxError> {
        debug!(target: TARGET, call = "logout", path = request.uri().path(), "token call");
        let (status, _) = self
            .client(TokenCall::Logout)?
            .call(request)
            .await
            .map_err(|e| TokenCallFailed::transport(TokenCall::Logout, e))?;
        debug!(target: TARGET, call = "logout", status = status.as_u16(), "token call answered");
        if status.is_success() {
            Ok(())
        } else {
            Err(TokenCallFailed::transient("unexpected status")
                .with_call(TokenCall::Logout)
                .with_status(status)
                .into())
        }
    }

    /// [`exchange`](Self::exchange), then tells the listener when the refresh token changed
    /// (a login, a rotation, a rejected one dropped). The caller holds the `flight` lock.
    async fn obtain(&self, login_only: bool) -> Obtained {
        let before = self.refresh_token();
        let obtained = self.exchange(login_only).await;
        let after = self.refresh_token();
        if after != before {
            // Cloned out of the slot: the listener runs with only the flight lock held (not the
            // state's), so it may read the handle.
            let listener = self
                .on_refresh_change
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            if let Some(listener) = listener {
                listener(after.as_ref());
            }
        }
        obtained
    }

    /// Makes one token call (two when a rejected refresh token falls back to a login) and
    /// stores the outcome. The caller holds the `flight` lock.
    async fn exchange(&self, mut login_only: bool) -> Obtained {
        loop {
            let (plan, epoch) = {
                let mut state = self.lock();
                let plan = match (&state.refresh, &state.credentials) {
                    (_, Some(credentials)) if login_only => Plan::Login(credentials.clone()),
                    (_, None) if login_only => {
                        return Err(TokenCallFailed::rejected("no credentials"));
                    }
                    (Some(refresh), _) => Plan::Refresh(refresh.clone()),
                    (None, Some(credentials)) => Plan::Login(credentials.clone()),
                    (None, None) if self.source.is_standalone() => Plan::Standalone,
                    (None, None) => {
                        state.session = None;
                        return Ok(None);
                    }
                };
                (plan, state.epoch)
            };
            let sent_at = Instant::now();
            let outcome = self.call(&plan).await;

            let mut state = self.lock();
            state.flights += 1;
            if state.epoch != epoch {
                // The credentials were replaced or cleared meanwhile: this answer belongs to
                // a state that no longer exists.
                return Err(TokenCallFailed::transient(
                    "credentials changed during the token call",
                )
                .with_call(plan.call()));
            }
            let failure = match outcome.and_then(|tokens| state.install(tokens, sent_at)) {
                Ok(installed) => {
                    state.last_failure = None;
                    return Ok(Some(installed));
                }
                Err(failure) => failure,
            };
            state.last_failure = Some(failure.duplicate());
            if failure.is_transient() {
                // Keep everything: the next attempt may well succeed.
                return Err(failure);
            }
            state.session = None;
            match plan {
                Plan::Refresh(_) => {
                    debug!(target: TARGET, "refresh token rejected; dropping it");
                    state.refresh = None;
                    if state.credentials.is_some() {
                        login_only = true;
                        continue;
                    }
                    state.refused = Some(failure.duplicate());
                }
                Plan::Login(_) => {
                    // Kept, not dropped: `login(None)` may try them again, and until the user
                    // acts every request fails with this refusal instead of going anonymous.
                    debug!(target: TARGET, "credentials rejected; requests fail until a new login");
                    state.refused = Some(failure.duplicate());
                }
                Plan::Standalone => {}
            }
            return Err(failure);
        }
    }

    async fn call(&self, plan: &Plan) -> Result<Tokens, TokenCallFailed> {
        let kind = plan.call();
        let grant = plan.grant();
        let request = match self.source.request(grant) {
            TokenRequest::Ready(outcome) => return outcome.map_err(|e| e.with_call(kind)),
            TokenRequest::Http(request) => request,
        };
        debug!(
            target: TARGET,
            call = kind.as_str(),
            method = %request.method(),
            path = request.uri().path(),
            "token call"
        );
        let (status, body) = self.client(kind)?.call(request).await.map_err(|e| {
            debug!(target: TARGET, call = kind.as_str(), error = %e, "token call not delivered");
            TokenCallFailed::transport(kind, e)
        })?;
        let outcome = self
            .source
            .read(grant, status, &body)
            .map_err(|e| e.with_call(kind).with_status(status));
        debug!(
            target: TARGET,
            call = kind.as_str(),
            status = status.as_u16(),
            ok = outcome.is_ok(),
            "token call answered"
        );
        outcome
    }
}

/// Finishes (and stores the outcome of) a token call whose request was dropped mid-call.
async fn finish_leftover(slot: &mut Option<InFlight>) {
    if let Some(call) = slot {
        debug!(target: TARGET, "finishing a token call its request abandoned");
        let _ = call.await;
        *slot = None;
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("source", &self.source)
            .field("state", &*self.lock())
            .finish_non_exhaustive()
    }
}
