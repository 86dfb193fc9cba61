//! The API listener's router: the table of all 113 operations of spec 5.13.1, auth rules,
//! path-parameter validation, and the generic answer for operations without real behaviour.

pub(crate) mod athome;
pub(crate) mod auth;
pub(crate) mod author;
pub(crate) mod chapter;
pub(crate) mod cover;
pub(crate) mod edits;
pub(crate) mod group;
pub(crate) mod list;
pub(crate) mod manga;
pub(crate) mod reading;
pub(crate) mod statistics;
pub(crate) mod uploads;
pub(crate) mod user;

use std::net::IpAddr;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::query::{Query, parse_uuid};
use crate::response::{ApiError, Handled, Reply};
use crate::state::{State, TokenError};
use crate::util::rfc3339;

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Public; a bearer token, if sent, must still be valid.
    Public,
    /// Needs a valid bearer token.
    Required,
    /// The token is not looked at (login, refresh, check, ping).
    Ignored,
}

/// The generic answer of an operation without real behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Entity(&'static str),
    Collection(&'static str),
    Ok,
}

use Auth::{Ignored as I, Public as P, Required as R};
use Shape::{Collection as C, Entity as E, Ok as K};

/// Every operation of spec 5.13.1: (method, template, auth, generic shape).
/// Auth follows the spec's `security`, except statistics (public on the real API) and
/// `/auth/check` (answers `isAuthenticated: false` without a token).
pub(crate) const OPERATIONS: &[(&str, &str, Auth, Shape)] = &[
    ("GET", "/ping", I, K),
    ("GET", "/manga", P, C("manga")),
    ("POST", "/manga", R, E("manga")),
    ("GET", "/manga/{id}/aggregate", P, K),
    (
        "GET",
        "/manga/{id}/recommendation",
        P,
        C("manga_recommendation"),
    ),
    ("GET", "/manga/{id}", P, E("manga")),
    ("PUT", "/manga/{id}", R, E("manga")),
    ("DELETE", "/manga/{id}", R, K),
    ("POST", "/auth/login", I, K),
    ("GET", "/auth/check", I, K),
    ("POST", "/auth/logout", R, K),
    ("POST", "/auth/refresh", I, K),
    ("GET", "/client", R, C("api_client")),
    ("POST", "/client", R, E("api_client")),
    ("GET", "/client/{id}", R, E("api_client")),
    ("POST", "/client/{id}", R, E("api_client")),
    ("DELETE", "/client/{id}", R, K),
    ("GET", "/client/{id}/secret", R, K),
    ("POST", "/client/{id}/secret", R, K),
    ("GET", "/group", P, C("scanlation_group")),
    ("POST", "/group", R, E("scanlation_group")),
    ("GET", "/group/{id}", P, E("scanlation_group")),
    ("PUT", "/group/{id}", R, E("scanlation_group")),
    ("DELETE", "/group/{id}", R, K),
    ("POST", "/group/{id}/follow", R, K),
    ("DELETE", "/group/{id}/follow", R, K),
    ("POST", "/list", R, E("custom_list")),
    ("GET", "/list/{id}", P, E("custom_list")),
    ("PUT", "/list/{id}", R, E("custom_list")),
    ("DELETE", "/list/{id}", R, K),
    ("POST", "/list/{id}/follow", R, K),
    ("DELETE", "/list/{id}/follow", R, K),
    ("POST", "/manga/{id}/list/{listId}", R, K),
    ("DELETE", "/manga/{id}/list/{listId}", R, K),
    ("GET", "/user/list", R, C("custom_list")),
    ("GET", "/user/{id}/list", P, C("custom_list")),
    ("GET", "/user", R, C("user")),
    ("GET", "/user/{id}", P, E("user")),
    ("DELETE", "/user/{id}", R, K),
    ("POST", "/user/delete/{code}", P, K),
    ("GET", "/chapter", P, C("chapter")),
    ("GET", "/chapter/{id}", P, E("chapter")),
    ("PUT", "/chapter/{id}", R, E("chapter")),
    ("DELETE", "/chapter/{id}", R, K),
    ("GET", "/user/follows/manga/feed", R, C("chapter")),
    ("GET", "/list/{id}/feed", P, C("chapter")),
    ("POST", "/manga/{id}/follow", R, K),
    ("DELETE", "/manga/{id}/follow", R, K),
    ("GET", "/cover", P, C("cover_art")),
    ("GET", "/cover/{mangaOrCoverId}", P, E("cover_art")),
    ("POST", "/cover/{mangaOrCoverId}", R, E("cover_art")),
    ("PUT", "/cover/{mangaOrCoverId}", R, E("cover_art")),
    ("DELETE", "/cover/{mangaOrCoverId}", R, K),
    ("GET", "/author", P, C("author")),
    ("POST", "/author", R, E("author")),
    ("GET", "/author/{id}", P, E("author")),
    ("PUT", "/author/{id}", R, E("author")),
    ("DELETE", "/author/{id}", R, K),
    ("POST", "/legacy/mapping", P, C("mapping_id")),
    ("GET", "/manga/{id}/feed", P, C("chapter")),
    ("GET", "/manga/{id}/read", R, K),
    ("POST", "/manga/{id}/read", R, K),
    ("GET", "/manga/read", R, K),
    ("GET", "/manga/random", P, E("manga")),
    ("GET", "/at-home/server/{chapterId}", P, K),
    ("GET", "/manga/tag", P, C("tag")),
    ("GET", "/user/me", R, E("user")),
    ("GET", "/user/follows/group", R, C("scanlation_group")),
    ("GET", "/user/follows/group/{id}", R, K),
    ("GET", "/user/follows/user", R, C("user")),
    ("GET", "/user/follows/user/{id}", R, K),
    ("GET", "/user/follows/manga", R, C("manga")),
    ("GET", "/user/follows/manga/{id}", R, K),
    ("GET", "/user/follows/list", R, C("custom_list")),
    ("GET", "/user/follows/list/{id}", R, K),
    ("GET", "/manga/status", R, K),
    ("GET", "/manga/{id}/status", R, K),
    ("POST", "/manga/{id}/status", R, K),
    ("GET", "/manga/draft/{id}", R, E("manga")),
    ("POST", "/manga/draft/{id}/commit", R, E("manga")),
    ("GET", "/manga/draft", R, C("manga")),
    ("POST", "/captcha/solve", R, K),
    ("GET", "/report/reasons/{category}", R, C("report_reason")),
    ("GET", "/report", R, C("report")),
    ("POST", "/report", R, K),
    ("GET", "/upload", R, E("upload_session")),
    ("POST", "/upload/begin", R, E("upload_session")),
    ("POST", "/upload/begin/{chapterId}", R, E("upload_session")),
    (
        "POST",
        "/upload/{uploadSessionId}",
        R,
        C("upload_session_file"),
    ),
    ("DELETE", "/upload/{uploadSessionId}", R, K),
    ("POST", "/upload/{uploadSessionId}/commit", R, E("chapter")),
    (
        "DELETE",
        "/upload/{uploadSessionId}/{uploadSessionFileId}",
        R,
        K,
    ),
    ("DELETE", "/upload/{uploadSessionId}/batch", R, K),
    ("POST", "/upload/check-approval-required", R, K),
    ("GET", "/manga/{mangaId}/relation", P, C("manga_relation")),
    ("POST", "/manga/{mangaId}/relation", R, E("manga_relation")),
    ("DELETE", "/manga/{mangaId}/relation/{id}", R, K),
    ("GET", "/rating", R, K),
    ("POST", "/rating/{mangaId}", R, K),
    ("DELETE", "/rating/{mangaId}", R, K),
    ("GET", "/statistics/chapter/{uuid}", P, K),
    ("GET", "/statistics/chapter", P, K),
    ("GET", "/statistics/group/{uuid}", P, K),
    ("GET", "/statistics/group", P, K),
    ("GET", "/statistics/manga/{uuid}", P, K),
    ("GET", "/statistics/manga", P, K),
    ("GET", "/settings/template", R, K),
    ("POST", "/settings/template", R, K),
    ("GET", "/settings/template/{version}", R, K),
    ("GET", "/settings", R, K),
    ("POST", "/settings", R, K),
    ("GET", "/user/history", R, K),
    ("POST", "/forums/thread", R, E("thread")),
];

/// Path parameters that are not UUIDs.
const NON_UUID_PARAMS: &[&str] = &["{category}", "{version}", "{code}"];

/// A parsed API request handed to the route handlers.
#[derive(Debug)]
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) params: Vec<String>,
    pub(crate) query: Query,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The account behind a valid bearer token.
    pub(crate) account: Option<usize>,
    pub(crate) bearer: Option<String>,
    #[allow(dead_code)]
    pub(crate) ip: IpAddr,
}

impl Req {
    /// Path parameter `i` as a UUID (validated by the router).
    pub(crate) fn id(&self, i: usize) -> Uuid {
        self.params
            .get(i)
            .and_then(|p| Uuid::parse_str(p).ok())
            .unwrap_or_default()
    }

    pub(crate) fn param(&self, i: usize) -> &str {
        self.params.get(i).map_or("", String::as_str)
    }

    /// The user id behind the token; routes marked `Required` always have one.
    pub(crate) fn user_id(&self, state: &State) -> Result<Uuid, ApiError> {
        self.account
            .and_then(|a| state.accounts.get(a))
            .map(|a| a.id)
            .ok_or_else(|| ApiError::unauthorized("Not authenticated"))
    }

    /// The JSON body, or 400.
    pub(crate) fn json(&self) -> Result<Value, ApiError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON body: {e}")))
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Finds the most specific template matching `path` (literal segments beat parameters) and
/// the operations (by method) registered for it.
pub(crate) fn find_template(path: &str) -> Option<&'static str> {
    let segs = segments(path);
    let mut best: Option<(Vec<bool>, &'static str)> = None;
    for (_, template, _, _) in OPERATIONS {
        let tsegs = segments(template);
        if tsegs.len() != segs.len() {
            continue;
        }
        if !tsegs
            .iter()
            .zip(&segs)
            .all(|(t, s)| t.starts_with('{') || t == s)
        {
            continue;
        }
        let spec: Vec<bool> = tsegs.iter().map(|t| !t.starts_with('{')).collect();
        if best.as_ref().is_none_or(|(b, _)| spec > *b) {
            best = Some((spec, template));
        }
    }
    best.map(|(_, t)| t)
}

/// Handles one request on the API listener.
#[allow(clippy::too_many_arguments)]
pub(crate) fn api(
    state: &State,
    method: &Method,
    path: &str,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
    ip: IpAddr,
) -> Reply {
    match api_inner(state, method, path, raw_query, headers, body, ip) {
        Ok(r) => r,
        Err(e) => {
            if e.status == StatusCode::UNAUTHORIZED {
                crate::log::bump(&state.counters.unauthorized);
            }
            e.reply()
        }
    }
}

fn api_inner(
    state: &State,
    method: &Method,
    path: &str,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    body: Bytes,
    ip: IpAddr,
) -> Handled {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            Some(format!("No route for {method} {path}")),
        )
    };
    let template = find_template(path).ok_or_else(not_found)?;
    let Some(&(_, _, auth, shape)) = OPERATIONS
        .iter()
        .find(|(m, t, _, _)| *t == template && *m == method.as_str())
    else {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            Some(format!("{method} is not allowed on {template}")),
        ));
    };
    let tsegs = segments(template);
    let mut params = Vec::new();
    for (t, s) in tsegs.iter().zip(segments(path)) {
        if t.starts_with('{') {
            let value = crate::util::percent_decode(s);
            let exempt =
                NON_UUID_PARAMS.contains(t) || (template.ends_with("/batch") && value == "batch");
            if !exempt {
                parse_uuid(t.trim_matches(|c| c == '{' || c == '}'), &value)?;
            }
            params.push(value);
        }
    }
    let bearer = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .unwrap_or(v)
                .trim()
                .to_owned()
        });
    let mut account = None;
    if auth != Auth::Ignored || template == "/auth/check" {
        match bearer.as_deref().map(|t| state.check_access(t)) {
            Some(Ok(a)) => account = Some(a),
            Some(Err(TokenError::Expired)) if auth != Auth::Ignored => {
                return Err(ApiError::unauthorized("Token expired"));
            }
            Some(Err(_)) if auth != Auth::Ignored => {
                return Err(ApiError::unauthorized("Invalid token"));
            }
            _ => {}
        }
    }
    if auth == Auth::Required && account.is_none() {
        return Err(ApiError::unauthorized("Authentication required"));
    }
    crate::validate::query(method.as_str(), template, raw_query)?;
    let req = Req {
        method: method.clone(),
        template,
        params,
        query: Query::parse(raw_query),
        headers: headers.clone(),
        body,
        account,
        bearer,
        ip,
    };
    dispatch(state, &req).unwrap_or_else(|| generic(state, &req, shape))
}

/// Routes with real behaviour; `None` falls back to the generic answer.
fn dispatch(state: &State, req: &Req) -> Option<Handled> {
    let m = req.method.as_str();
    Some(match (m, req.template) {
        ("GET", "/ping") => Ok(Reply::new(StatusCode::OK, "text/plain", "pong")),
        ("GET", "/manga") => manga::search(state, req),
        ("GET", "/manga/{id}") => manga::get(state, req),
        ("PUT" | "DELETE", "/manga/{id}") => manga::edit(state, req),
        ("GET", "/manga/{id}/feed") => manga::feed(state, req),
        ("GET", "/manga/{id}/aggregate") => manga::aggregate(state, req),
        ("GET", "/manga/random") => manga::random(state, req),
        ("GET", "/manga/tag") => manga::tags(state, req),
        ("GET", "/manga/{mangaId}/relation") => manga::relations(state, req),
        ("GET", "/chapter") => chapter::list(state, req),
        ("GET", "/chapter/{id}") => chapter::get(state, req),
        ("GET", "/author") => author::list(state, req),
        ("GET", "/author/{id}") => author::get(state, req),
        ("GET", "/group") => group::list(state, req),
        ("GET", "/group/{id}") => group::get(state, req),
        ("GET", "/cover") => cover::list(state, req),
        ("GET", "/cover/{mangaOrCoverId}") => cover::get(state, req),
        ("POST", "/auth/login") => auth::login(state, req),
        ("POST", "/auth/refresh") => auth::refresh(state, req),
        ("POST", "/auth/logout") => auth::logout(state, req),
        ("GET", "/auth/check") => auth::check(state, req),
        ("GET", "/user/me") => user::me(state, req),
        ("GET", "/user/{id}") => user::get(state, req),
        ("GET", "/user") => user::list(state, req),
        ("GET", "/user/follows/manga") => user::follows_manga(state, req),
        ("GET", "/user/follows/manga/feed") => user::follows_feed(state, req),
        ("GET", "/user/follows/manga/{id}") => user::follows_manga_one(state, req),
        ("POST", "/manga/{id}/follow") => user::follow_manga(state, req, true),
        ("DELETE", "/manga/{id}/follow") => user::follow_manga(state, req, false),
        ("GET", "/user/follows/group") => user::follows_groups(state, req),
        ("GET", "/user/follows/group/{id}") => user::follows_group_one(state, req),
        ("POST", "/group/{id}/follow") => user::follow_group(state, req, true),
        ("DELETE", "/group/{id}/follow") => user::follow_group(state, req, false),
        ("GET", "/user/follows/list") => list::follows(state, req),
        ("GET", "/user/follows/list/{id}") => list::follows_one(state, req),
        ("POST", "/list/{id}/follow") => list::follow(state, req, true),
        ("DELETE", "/list/{id}/follow") => list::follow(state, req, false),
        ("POST", "/list") => list::create(state, req),
        ("GET", "/list/{id}") => list::get(state, req),
        ("PUT", "/list/{id}") => list::update(state, req),
        ("DELETE", "/list/{id}") => list::delete(state, req),
        ("POST", "/manga/{id}/list/{listId}") => list::add_manga(state, req, true),
        ("DELETE", "/manga/{id}/list/{listId}") => list::add_manga(state, req, false),
        ("GET", "/user/list") => list::mine(state, req),
        ("GET", "/user/{id}/list") => list::of_user(state, req),
        ("GET", "/list/{id}/feed") => list::feed(state, req),
        ("GET", "/manga/status") => reading::statuses(state, req),
        ("GET", "/manga/{id}/status") => reading::status(state, req),
        ("POST", "/manga/{id}/status") => reading::set_status(state, req),
        ("GET", "/manga/{id}/read") => reading::read_markers(state, req),
        ("POST", "/manga/{id}/read") => reading::set_read_markers(state, req),
        ("GET", "/manga/read") => reading::read_markers_many(state, req),
        ("GET", "/rating") => reading::ratings(state, req),
        ("POST", "/rating/{mangaId}") => reading::rate(state, req, true),
        ("DELETE", "/rating/{mangaId}") => reading::rate(state, req, false),
        ("GET", "/statistics/manga/{uuid}") => statistics::manga_one(state, req),
        ("GET", "/statistics/manga") => statistics::manga_many(state, req),
        ("GET", "/statistics/chapter/{uuid}") => statistics::other_one(state, req, "chapter"),
        ("GET", "/statistics/chapter") => statistics::other_many(state, req, "chapter"),
        ("GET", "/statistics/group/{uuid}") => statistics::other_one(state, req, "group"),
        ("GET", "/statistics/group") => statistics::other_many(state, req, "group"),
        ("GET", "/at-home/server/{chapterId}") => athome::server(state, req),
        ("POST", "/manga") => edits::create_manga(state, req),
        ("GET", "/manga/draft") => edits::drafts(state, req),
        ("GET", "/manga/draft/{id}") => edits::draft(state, req),
        ("POST", "/manga/draft/{id}/commit") => edits::commit_draft(state, req),
        ("PUT", "/chapter/{id}") => edits::update_chapter(state, req),
        ("POST", "/cover/{mangaOrCoverId}") => edits::upload_cover(state, req),
        ("PUT", "/cover/{mangaOrCoverId}") => edits::update_cover(state, req),
        ("POST", "/upload/begin") => edits::begin_upload(state, req),
        ("POST", "/upload/begin/{chapterId}") => edits::begin_edit(state, req),
        ("POST", "/upload/{uploadSessionId}/commit") => edits::commit_upload(state, req),
        ("POST", "/forums/thread") => edits::create_thread(state, req),
        ("GET", "/user/follows/user") => user::follows_users(state, req),
        ("GET", "/user/follows/user/{id}") => user::follows_user_one(state, req),
        _ => return None,
    })
}

/// A generic answer in the operation's shape, for operations without real behaviour.
fn generic(state: &State, req: &Req, shape: Shape) -> Handled {
    if matches!(req.method, Method::POST | Method::PUT) && !req.body.is_empty() {
        // Bodies must at least be JSON (multipart uploads excepted).
        let ct = req
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !ct.starts_with("multipart/") {
            req.json()?;
        }
    }
    match shape {
        Shape::Ok => Ok(generic_ok(state, req)),
        Shape::Entity(kind) => {
            let id = req
                .params
                .first()
                .and_then(|p| Uuid::parse_str(p).ok())
                .unwrap_or_else(Uuid::new_v4);
            Ok(Reply::entity(generic_entity(state, id, kind)))
        }
        Shape::Collection(kind) => {
            let (limit, offset) = req.query.page(10, 100)?;
            let _ = kind;
            Ok(Reply::collection(Vec::new(), limit, offset, 0))
        }
    }
}

fn generic_entity(state: &State, id: Uuid, kind: &str) -> Value {
    let now = rfc3339(state.clock.unix_now());
    let attributes = match kind {
        "api_client" => json!({"name": "mock client", "description": null, "profile": "personal",
            "externalClientId": null, "isActive": true, "state": "approved",
            "createdAt": now, "updatedAt": now, "version": 1}),
        "upload_session" => json!({"isCommitted": false, "isProcessed": false, "isDeleted": false,
            "version": 1, "createdAt": now, "updatedAt": now}),
        "manga_relation" => json!({"relation": "sequel", "version": 1}),
        _ => json!({"version": 1, "createdAt": now, "updatedAt": now}),
    };
    json!({"id": id, "type": kind, "attributes": attributes, "relationships": []})
}

fn generic_ok(state: &State, req: &Req) -> Reply {
    let ok = |v: Value| Reply::ok(&v);
    match (req.method.as_str(), req.template) {
        ("GET" | "POST", "/client/{id}/secret") => {
            ok(json!({"result": "ok", "data": format!("secret-{}", req.param(0))}))
        }
        ("GET" | "POST", "/settings/template") | ("GET", "/settings/template/{version}") => {
            ok(json!({"result": "ok", "template": {}, "version": 1}))
        }
        ("GET" | "POST", "/settings") => ok(
            json!({"result": "ok", "updatedAt": rfc3339(state.clock.unix_now()), "settings": {}, "template": Uuid::nil()}),
        ),
        ("GET", "/user/history") => ok(json!({"result": "ok", "ratings": []})),
        ("POST", "/upload/check-approval-required") => {
            ok(json!({"result": "ok", "requiresApproval": false}))
        }
        ("POST", "/captcha/solve") => ok(json!({"result": "ok"})),
        // A report is created: 201, as the spec has it.
        ("POST", "/report") => Reply::json(StatusCode::CREATED, &json!({"result": "ok"})),
        _ => Reply::result_ok(),
    }
}
