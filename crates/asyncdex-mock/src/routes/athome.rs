//! MangaDex@Home: `GET /at-home/server/{chapterId}` on the API host, the image node
//! (`/data/{hash}/{file}`, `/data-saver/{hash}/{file}`), and the report endpoint.

use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use super::Req;
use crate::log::bump;
use crate::pages::{Quality, page_bytes, page_name, page_number};
use crate::report::Report;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::hash_str;

/// `GET /at-home/server/{chapterId}`; with `forcePort443=true` the base URL is the node's
/// port-443 listener ([`MockServer::image_url_443`](crate::MockServer::image_url_443)).
pub(crate) fn server(state: &State, req: &Req) -> Handled {
    let force_443 = req.query.boolean("forcePort443")?.unwrap_or(false);
    let id = req.id(0);
    let c = state
        .view()
        .released_chapter(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    if c.external_url.is_some() {
        return Err(
            ApiError::not_found("Chapter", &id).with_detail("This chapter is hosted externally")
        );
    }
    Ok(Reply::ok(&json!({
        "result": "ok",
        "baseUrl": if force_443 { &state.urls.image_443 } else { &state.urls.image },
        "chapter": {
            "hash": c.hash,
            "data": c.files(Quality::Data),
            "dataSaver": c.files(Quality::DataSaver),
        },
    })))
}

impl ApiError {
    fn with_detail(mut self, detail: &str) -> Self {
        self.detail = Some(detail.to_owned());
        self
    }
}

/// The image node: a page is served only under its exact name, `x{n}-{sha256}.{ext}`.
pub(crate) fn image(state: &State, method: &Method, path: &str) -> Reply {
    let not_found = || Reply::plain(StatusCode::NOT_FOUND);
    let segs = match Reply::file_path(method, path) {
        Ok(segs) => segs,
        Err(refused) => return refused,
    };
    let (quality, hash, file) = match segs.as_slice() {
        ["data", h, f] => (Quality::Data, *h, *f),
        ["data-saver", h, f] => (Quality::DataSaver, *h, *f),
        _ => return not_found(),
    };
    let view = state.view();
    let Some(chapter) = view.chapter_by_hash(hash).filter(|c| view.released(c)) else {
        return not_found();
    };
    let Some(n) = page_number(file, quality).filter(|n| (1..=chapter.pages).contains(n)) else {
        return not_found();
    };
    // Only this page's bytes are needed to check its name: hashing them is cheaper than
    // naming every page of the chapter.
    let bytes = page_bytes(hash, n, quality);
    if page_name(n, &bytes, quality) != file {
        return not_found();
    }
    bump(&state.counters.images_served);
    let hit = !hash_str(file).is_multiple_of(3);
    Reply::new(StatusCode::OK, quality.content_type(), bytes)
        .header("x-cache", if hit { "HIT" } else { "MISS" })
        .header("cache-control", "public, max-age=1209600")
}

fn field<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k)
}

/// The report endpoint.
pub(crate) fn report(
    state: &State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Reply {
    if path != "/report" {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found_http_exception",
            Some("Unknown path".to_owned()),
        )
        .reply();
    }
    if method != Method::POST {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None).reply();
    }
    let ct = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/json") {
        return ApiError::bad_request("Content-Type must be application/json").reply();
    }
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return ApiError::bad_request("Invalid JSON body").reply();
    };
    let parsed = (|| {
        Some(Report {
            url: field(&v, "url")?.as_str()?.to_owned(),
            success: field(&v, "success")?.as_bool()?,
            bytes: field(&v, "bytes")?.as_u64()?,
            duration: field(&v, "duration")?.as_u64()?,
            cached: field(&v, "cached")?.as_bool()?,
            received_at: state.clock.now(),
        })
    })();
    let Some(report) = parsed else {
        return ApiError::bad_request(
            "Expected {url: string, success: bool, bytes: int, duration: int, cached: bool}",
        )
        .reply();
    };
    bump(&state.counters.reports);
    let mut reports = crate::log::lock(&state.reports);
    if reports.len() >= state.config.log_capacity {
        reports.remove(0);
    }
    reports.push(report);
    Reply::result_ok()
}
