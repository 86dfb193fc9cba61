//! MangaDex@Home: `GET /at-home/server/{chapterId}` on the API host, the image node
//! (`/data/{hash}/{file}`, `/data-saver/{hash}/{file}`), and the report endpoint.

use http::{HeaderMap, Method, StatusCode};
use serde_json::{Value, json};

use super::Req;
use crate::log::bump;
use crate::report::Report;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::{Rng, crc32, hash_str};

pub(crate) fn server(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = state.catalogue();
    let c = cat
        .chapter_by_id(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    if c.external_url.is_some() {
        return Err(
            ApiError::not_found("Chapter", &id).with_detail("This chapter is hosted externally")
        );
    }
    Ok(Reply::ok(&json!({
        "result": "ok",
        "baseUrl": state.urls.image,
        "chapter": {"hash": c.hash, "data": c.data_files(), "dataSaver": c.data_saver_files()},
    })))
}

impl ApiError {
    fn with_detail(mut self, detail: &str) -> Self {
        self.detail = Some(detail.to_owned());
        self
    }
}

/// Deterministic bytes for a page: a real PNG (data) or JPEG (data-saver) container around a
/// pseudo-random payload.
pub(crate) fn page_bytes(hash: &str, file: &str, saver: bool) -> Vec<u8> {
    let h = hash_str(&format!("{hash}/{file}"));
    let mut rng = Rng::new(h);
    let len = if saver {
        4_000 + (h % 8_000) as usize
    } else {
        20_000 + (h % 40_000) as usize
    };
    let mut payload = Vec::with_capacity(len + 8);
    while payload.len() < len {
        payload.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    payload.truncate(len);
    let mut out = Vec::with_capacity(len + 128);
    if saver {
        out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        out.extend_from_slice(b"JFIF\0");
        out.extend_from_slice(&[0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        for chunk in payload.chunks(60_000) {
            out.extend_from_slice(&[0xFF, 0xFE]);
            out.extend_from_slice(&((chunk.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(&[0xFF, 0xD9]);
    } else {
        out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut chunk = |kind: &[u8; 4], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
        };
        let mut ihdr = Vec::with_capacity(13);
        ihdr.extend_from_slice(&800u32.to_be_bytes());
        ihdr.extend_from_slice(&1200u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"mdPg", &payload);
        chunk(b"IEND", &[]);
    }
    out
}

/// The image node.
pub(crate) fn image(state: &State, method: &Method, path: &str) -> Reply {
    let not_found = || Reply::new(StatusCode::NOT_FOUND, "text/plain", "Not Found");
    if method != Method::GET {
        return Reply::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "Method Not Allowed",
        );
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (saver, hash, file) = match segs.as_slice() {
        ["data", h, f] => (false, *h, *f),
        ["data-saver", h, f] => (true, *h, *f),
        _ => return not_found(),
    };
    let Some(chapter) = state.catalogue().chapter_by_hash(hash) else {
        return not_found();
    };
    let files = if saver {
        chapter.data_saver_files()
    } else {
        chapter.data_files()
    };
    if !files.iter().any(|f| f == file) {
        return not_found();
    }
    let bytes = page_bytes(hash, file, saver);
    bump(&state.counters.images_served);
    let hit = hash_str(file) % 3 != 0;
    Reply::new(
        StatusCode::OK,
        if saver { "image/jpeg" } else { "image/png" },
        bytes,
    )
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
