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

mod generic;
mod operations;
mod req;

use std::net::IpAddr;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};

use generic::generic;
use operations::{Auth, NON_UUID_PARAMS};
pub(crate) use operations::{OPERATIONS, find_template};
pub(crate) use req::Req;

use crate::query::{Query, parse_uuid};
use crate::response::{ApiError, Handled, Reply};
use crate::state::{State, TokenError};
use crate::template::segments;

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
