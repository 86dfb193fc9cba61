//! Shared server state: configuration, accounts, tokens, per-user data, the lazily generated
//! catalogue, the limiter, faults, log and counters.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;
use uuid::Uuid;

use crate::catalogue::Catalogue;
use crate::clock::Clock;
use crate::faults::{ActiveFaults, FaultPlan};
use crate::limits::{Limiter, RouteLimit};
use crate::log::{CounterCells, RequestLog, lock};
use crate::report::Report;
use crate::util::{base64url, det_uuid, hash_str, mix};
use crate::view::{ALL_RELEASED, View};

/// Everything the builder sets.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) global_limit: Option<u32>,
    pub(crate) route_limits: bool,
    pub(crate) table: Vec<RouteLimit>,
    pub(crate) ban_after: u32,
    pub(crate) ban_duration: Duration,
    pub(crate) access_ttl: Duration,
    pub(crate) refresh_ttl: Duration,
    pub(crate) users: Vec<(String, String)>,
    pub(crate) clients: Vec<(String, String)>,
    pub(crate) faults: FaultPlan,
    pub(crate) seed: u64,
    pub(crate) log_requests: bool,
    pub(crate) log_capacity: usize,
    pub(crate) reject_tokens_on_cdn: bool,
    /// Refuse API requests without a real `User-Agent` or with `Via`.
    pub(crate) client_checks: bool,
    /// Called with every answered request.
    pub(crate) on_request: Option<crate::log::RequestHook>,
    /// The release time (UNIX seconds), if any.
    pub(crate) release: Option<i64>,
}

/// A known account.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: Uuid,
    pub(crate) username: String,
    pub(crate) email: String,
    pub(crate) password: String,
}

impl Account {
    pub(crate) const ROLES: &'static [&'static str] = &["ROLE_MEMBER", "ROLE_USER"];
}

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

/// Per-account mutable data.
#[derive(Debug, Default)]
pub(crate) struct UserData {
    pub(crate) follows_manga: BTreeMap<Uuid, u64>,
    pub(crate) follows_groups: BTreeSet<Uuid>,
    pub(crate) follows_lists: BTreeSet<Uuid>,
    pub(crate) statuses: BTreeMap<Uuid, String>,
    pub(crate) read: BTreeMap<Uuid, BTreeSet<Uuid>>,
    pub(crate) ratings: BTreeMap<Uuid, (u8, i64)>,
}

/// A custom list (catalogue lists are copied in when the world is built).
#[derive(Debug, Clone)]
pub(crate) struct StoredList {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) visibility: String,
    pub(crate) owner: Uuid,
    pub(crate) manga: Vec<Uuid>,
    pub(crate) version: u32,
    pub(crate) created: u64,
}

/// A manga draft made with `POST /manga` (drafts are not part of the catalogue).
#[derive(Debug, Clone)]
pub(crate) struct StoredDraft {
    pub(crate) owner: Uuid,
    pub(crate) created: u64,
    /// The rendered `Manga` entity (`attributes.state` is `draft` or `submitted`).
    pub(crate) entity: serde_json::Value,
}

/// An upload session opened with `POST /upload/begin[/{chapterId}]`.
#[derive(Debug, Clone)]
pub(crate) struct StoredUpload {
    pub(crate) owner: Uuid,
    pub(crate) manga: Uuid,
    pub(crate) groups: Vec<Uuid>,
    /// The chapter being edited (`POST /upload/begin/{chapterId}`).
    pub(crate) chapter: Option<Uuid>,
    pub(crate) committed: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) users: HashMap<Uuid, UserData>,
    pub(crate) lists: HashMap<Uuid, StoredList>,
    pub(crate) drafts: HashMap<Uuid, StoredDraft>,
    pub(crate) uploads: HashMap<Uuid, StoredUpload>,
    pub(crate) next: u64,
}

impl Store {
    pub(crate) fn user(&mut self, id: Uuid) -> &mut UserData {
        self.users.entry(id).or_default()
    }

    pub(crate) fn tick(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

#[derive(Debug)]
pub(crate) struct World {
    pub(crate) catalogue: Catalogue,
    pub(crate) store: Mutex<Store>,
}

/// The base URLs of the listeners.
#[derive(Debug, Clone, Default)]
pub(crate) struct Urls {
    pub(crate) api: String,
    pub(crate) auth_base: String,
    pub(crate) image: String,
    /// The image node's second listener, for `forcePort443=true`.
    pub(crate) image_443: String,
    pub(crate) report_base: String,
    pub(crate) uploads: String,
}

/// The Keycloak realm on the auth listener (as on auth.mangadex.org).
pub(crate) const REALM_PATH: &str = "/realms/mangadex";

/// The path of the OAuth token endpoint on the auth listener.
pub(crate) const TOKEN_PATH: &str = "/realms/mangadex/protocol/openid-connect/token";

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) accounts: Vec<Account>,
    pub(crate) tokens: Mutex<Tokens>,
    world: OnceLock<World>,
    pub(crate) limiter: Limiter,
    faults: Mutex<Arc<ActiveFaults>>,
    pub(crate) log: RequestLog,
    pub(crate) counters: CounterCells,
    pub(crate) reports: Mutex<Vec<Report>>,
    pub(crate) urls: Urls,
    /// The release time in UNIX seconds, [`ALL_RELEASED`] when none is set.
    release: AtomicI64,
}

impl State {
    pub(crate) fn new(config: Config, urls: Urls) -> Self {
        let accounts = config
            .users
            .iter()
            .map(|(u, p)| Account {
                id: det_uuid(hash_str("account"), u, 0),
                username: u.clone(),
                email: format!("{u}@example.org"),
                password: p.clone(),
            })
            .collect();
        let table: &[RouteLimit] = if config.route_limits {
            &config.table
        } else {
            &[]
        };
        let limiter = Limiter::new(
            config.global_limit,
            table,
            config.ban_after,
            config.ban_duration,
        );
        let faults = Mutex::new(Arc::new(ActiveFaults::new(config.faults.clone())));
        let log = RequestLog::new(config.log_requests, config.log_capacity);
        Self {
            clock: Clock::new(),
            accounts,
            tokens: Mutex::new(Tokens::default()),
            world: OnceLock::new(),
            limiter,
            faults,
            log,
            counters: CounterCells::default(),
            reports: Mutex::new(Vec::new()),
            urls,
            release: AtomicI64::new(config.release.unwrap_or(ALL_RELEASED)),
            config,
        }
    }

    pub(crate) fn world(&self) -> &World {
        self.world.get_or_init(|| {
            let catalogue = Catalogue::generate(self.config.seed);
            let mut store = Store::default();
            for (i, l) in catalogue.lists.iter().enumerate() {
                store.lists.insert(
                    l.id,
                    StoredList {
                        id: l.id,
                        name: l.name.clone(),
                        visibility: "public".to_owned(),
                        owner: l.owner,
                        manga: l.manga.clone(),
                        version: 1,
                        created: i as u64,
                    },
                );
            }
            store.next = catalogue.lists.len() as u64;
            World {
                catalogue,
                store: Mutex::new(store),
            }
        })
    }

    pub(crate) fn catalogue(&self) -> &Catalogue {
        &self.world().catalogue
    }

    /// The catalogue at the current release time; a route takes one view per request, so a
    /// release time changed meanwhile never splits an answer.
    pub(crate) fn view(&self) -> View<'_> {
        View::new(self.catalogue(), self.release.load(Ordering::Relaxed))
    }

    /// Sets (`Some`) or clears the release time (UNIX seconds).
    pub(crate) fn set_release(&self, at: Option<i64>) {
        self.release
            .store(at.unwrap_or(ALL_RELEASED), Ordering::Relaxed);
    }

    /// The release time (UNIX seconds), if one is set.
    pub(crate) fn release(&self) -> Option<i64> {
        Some(self.release.load(Ordering::Relaxed)).filter(|t| *t != ALL_RELEASED)
    }

    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        lock(&self.world().store)
    }

    pub(crate) fn faults(&self) -> Arc<ActiveFaults> {
        lock(&self.faults).clone()
    }

    pub(crate) fn set_faults(&self, plan: FaultPlan) {
        *lock(&self.faults) = Arc::new(ActiveFaults::new(plan));
    }

    pub(crate) fn account_by_login(&self, login: &str, password: &str) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| (a.username == login || a.email == login) && a.password == password)
    }

    pub(crate) fn account_by_id(&self, id: &Uuid) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id == *id)
    }

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
        let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let jti = format!(
            "{:016x}",
            mix(tokens.issued ^ self.config.seed ^ hash_str(kind.typ()))
        );
        let payload = json!({"exp": exp, "iat": iat, "jti": jti, "sub": sub, "typ": kind.typ(), "iss": "asyncdex-mock"});
        let payload = base64url(payload.to_string().as_bytes());
        let mut sig = Vec::with_capacity(32);
        for i in 0..4u64 {
            sig.extend_from_slice(&mix(hash_str(&payload) ^ i).to_be_bytes());
        }
        let token = format!("{header}.{payload}.{}", base64url(&sig));
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

    /// Ids of lists followed etc. need a stable "account or catalogue user" lookup.
    pub(crate) fn known_user(&self, id: &Uuid) -> bool {
        self.account_by_id(id).is_some() || self.catalogue().user_by_id(id).is_some()
    }

    pub(crate) fn user_entity(&self, id: &Uuid) -> Option<serde_json::Value> {
        if let Some(a) = self.account_by_id(id) {
            return Some(crate::render::account_user(
                a.id,
                &a.username,
                Account::ROLES,
            ));
        }
        let cat = self.catalogue();
        cat.user_by_id(id).map(|u| crate::render::user(cat, u))
    }

    pub(crate) fn user_attrs(&self, id: &Uuid) -> Option<serde_json::Value> {
        self.user_entity(id).map(|e| e["attributes"].clone())
    }
}
