//! Tokens: legacy session and refresh tokens and OAuth ones, JWT-shaped, minted, checked,
//! rotated and revoked by [`State`].

use std::collections::HashMap;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokio::time::Instant;

use super::State;
use crate::log::lock;
use crate::util::{hash_str, mix};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Session,
    Refresh,
    OAuthAccess,
    OAuthRefresh,
}

impl TokenKind {
    fn typ(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Refresh => "refresh",
            Self::OAuthAccess => "Bearer",
            Self::OAuthRefresh => "Refresh",
        }
    }

    pub(crate) fn is_access(self) -> bool {
        matches!(self, Self::Session | Self::OAuthAccess)
    }
}

#[derive(Debug, Clone)]
struct TokenInfo {
    account: usize,
    kind: TokenKind,
    expires: Instant,
    /// The other half of the pair (session <-> refresh), revoked together on logout.
    pair: Option<String>,
    /// The OAuth client the token was issued to (`None` for legacy tokens).
    client: Option<String>,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenError {
    Unknown,
    Expired,
    WrongKind,
    /// An OAuth token issued to another client.
    OtherClient,
}

#[derive(Debug, Default)]
pub(crate) struct Tokens {
    map: HashMap<String, TokenInfo>,
    issued: u64,
}

/// One issued pair: (access, access exp UNIX, refresh, refresh exp UNIX).
pub(crate) type Pair = (String, i64, String, i64);

impl State {
    /// Issues an access + refresh pair: OAuth tokens for `client`, legacy ones for `None`.
    pub(crate) fn issue_pair(&self, account: usize, client: Option<&str>) -> Pair {
        let (ak, rk) = if client.is_some() {
            (TokenKind::OAuthAccess, TokenKind::OAuthRefresh)
        } else {
            (TokenKind::Session, TokenKind::Refresh)
        };
        let now = self.clock.now();
        let mut tokens = lock(&self.tokens);
        let (access, aexp) = self.mint(&mut tokens, account, ak, self.config.access_ttl, now);
        let (refresh, rexp) = self.mint(&mut tokens, account, rk, self.config.refresh_ttl, now);
        for (token, pair) in [(&access, &refresh), (&refresh, &access)] {
            if let Some(t) = tokens.map.get_mut(token) {
                t.pair = Some(pair.clone());
                t.client = client.map(str::to_owned);
            }
        }
        (access, aexp, refresh, rexp)
    }

    fn mint(
        &self,
        tokens: &mut Tokens,
        account: usize,
        kind: TokenKind,
        ttl: Duration,
        now: Instant,
    ) -> (String, i64) {
        tokens.issued += 1;
        if tokens.issued.is_multiple_of(1024) {
            tokens.map.retain(|_, t| t.expires > now);
        }
        let expires = crate::clock::later(now, ttl);
        let exp = self.clock.unix_secs_ceil(expires);
        let iat = self.clock.unix_now();
        let sub = self.accounts.get(account).map(|a| a.id).unwrap_or_default();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let jti = format!(
            "{:016x}",
            mix(tokens.issued ^ self.config.seed ^ hash_str(kind.typ()))
        );
        let payload = json!({"exp": exp, "iat": iat, "jti": jti, "sub": sub, "typ": kind.typ(), "iss": "asyncdex-mock"});
        let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
        let mut sig = Vec::with_capacity(32);
        for i in 0..4u64 {
            sig.extend_from_slice(&mix(hash_str(&payload) ^ i).to_be_bytes());
        }
        let token = format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(&sig));
        tokens.map.insert(
            token.clone(),
            TokenInfo {
                account,
                kind,
                expires,
                pair: None,
                client: None,
            },
        );
        (token, exp)
    }

    /// Checks a bearer token (session or OAuth access token).
    pub(crate) fn check_access(&self, token: &str) -> Result<usize, TokenError> {
        let tokens = lock(&self.tokens);
        let t = tokens.map.get(token).ok_or(TokenError::Unknown)?;
        if !t.kind.is_access() {
            return Err(TokenError::WrongKind);
        }
        if self.clock.now() >= t.expires {
            return Err(TokenError::Expired);
        }
        Ok(t.account)
    }

    /// Consumes a refresh token (rotation: it is removed whatever happens next): an OAuth
    /// one issued to `client`, or a legacy one for `None`.
    pub(crate) fn consume_refresh(
        &self,
        token: &str,
        client: Option<&str>,
    ) -> Result<usize, TokenError> {
        let mut tokens = lock(&self.tokens);
        let want = if client.is_some() {
            TokenKind::OAuthRefresh
        } else {
            TokenKind::Refresh
        };
        match tokens.map.get(token) {
            None => return Err(TokenError::Unknown),
            Some(t) if t.kind != want => return Err(TokenError::WrongKind),
            Some(t) if t.client.as_deref() != client => return Err(TokenError::OtherClient),
            Some(_) => {}
        }
        let t = tokens.map.remove(token).ok_or(TokenError::Unknown)?;
        if self.clock.now() >= t.expires {
            return Err(TokenError::Expired);
        }
        Ok(t.account)
    }

    /// Revokes an access token and its refresh token.
    pub(crate) fn revoke(&self, token: &str) {
        let mut tokens = lock(&self.tokens);
        if let Some(t) = tokens.map.remove(token)
            && let Some(p) = t.pair
        {
            tokens.map.remove(&p);
        }
    }

    /// Revokes an OAuth token issued to `client` (RFC 7009): a refresh token with its access
    /// token, an access token alone. `Ok(false)` when there was nothing to revoke (unknown,
    /// already revoked, or a legacy token).
    pub(crate) fn revoke_oauth(&self, token: &str, client: &str) -> Result<bool, TokenError> {
        let mut tokens = lock(&self.tokens);
        let Some(t) = tokens.map.get(token) else {
            return Ok(false);
        };
        match t.client.as_deref() {
            None => return Ok(false),
            Some(c) if c != client => return Err(TokenError::OtherClient),
            Some(_) => {}
        }
        if let Some(t) = tokens.map.remove(token)
            && t.kind == TokenKind::OAuthRefresh
            && let Some(access) = t.pair
        {
            tokens.map.remove(&access);
        }
        Ok(true)
    }
}
