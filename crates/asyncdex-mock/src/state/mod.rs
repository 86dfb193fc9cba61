//! Shared server state: configuration, accounts, the lazily generated catalogue, the limiter,
//! faults, log and counters; the tokens are in [`tokens`], the per-user data in [`store`].

mod store;
mod tokens;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use uuid::Uuid;

use store::Store;
pub(crate) use store::{StoredDraft, StoredList, StoredUpload, follow};
pub(crate) use tokens::TokenError;
use tokens::Tokens;

use crate::catalogue::Catalogue;
use crate::clock::Clock;
use crate::faults::{ActiveFaults, FaultPlan, Holds};
use crate::limits::{Limiter, RouteLimit};
use crate::log::{CounterCells, RequestLog, lock};
use crate::report::Report;
use crate::util::{det_uuid, hash_str};
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
    /// Called with every answered request, in order.
    pub(crate) on_request: Vec<crate::log::RequestHook>,
    /// How long every request waits before it is answered.
    pub(crate) latency: Duration,
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
    /// Requests held until a test releases them ([`MockServer::hold`](crate::MockServer::hold)).
    pub(crate) holds: Holds,
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
            holds: Holds::default(),
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
