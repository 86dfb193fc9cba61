//! Covers: `POST /cover/{mangaOrCoverId}` uploads a new one, `PUT` edits one.

use serde_json::json;

use super::{bad, conflict, is_language, language, now, object, opt_str, rel, version};
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::routes::Req;
use crate::state::State;
use crate::util::det_uuid;

const COVER_TYPES: &[&str] = &["jpg", "jpeg", "png", "gif"];

/// One part of a `multipart/form-data` body.
struct Part {
    name: String,
    file_name: Option<String>,
    data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A quoted parameter of a `Content-Disposition` header (`name="file"`).
fn disposition_param(header: &str, key: &str) -> Option<String> {
    let at = header.find(&format!("{key}=\""))? + key.len() + 2;
    let rest = &header[at..];
    rest.find('"').map(|end| rest[..end].to_owned())
}

/// The parts of a `multipart/form-data` body, or 400.
fn multipart(req: &Req) -> Result<Vec<Part>, ApiError> {
    let content_type = req
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| {
            rest.split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
        })
        .map(|b| b.trim_matches('"').to_owned())
        .filter(|b| !b.is_empty())
        .ok_or_else(|| ApiError::bad_request("Expected a multipart/form-data body"))?;
    let delimiter = format!("--{boundary}");
    let malformed = || ApiError::bad_request("Malformed multipart/form-data body");
    let mut rest: &[u8] = &req.body;
    let start = find(rest, delimiter.as_bytes()).ok_or_else(malformed)?;
    rest = &rest[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or_else(malformed)?;
        let head_end = find(rest, b"\r\n\r\n").ok_or_else(malformed)?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).ok_or_else(malformed)?;
        let disposition = head
            .lines()
            .find(|l| {
                l.to_ascii_lowercase()
                    .starts_with("content-disposition: form-data")
            })
            .ok_or_else(malformed)?;
        parts.push(Part {
            name: disposition_param(disposition, "name").ok_or_else(malformed)?,
            file_name: disposition_param(disposition, "filename"),
            data: rest[..end].to_vec(),
        });
        rest = &rest[end + 2 + delimiter.len()..];
    }
}

/// `POST /cover/{mangaOrCoverId}`: a new cover of the manga (a cover id stands for its manga)
/// from the multipart form (`file` required: jpg, png or gif; `volume`, `description`,
/// `locale` optional, the locale defaulting to the manga's original language).
pub(crate) fn upload_cover(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    let cat = state.catalogue();
    let manga = cat
        .manga_by_id(&id)
        .or_else(|| cat.cover_by_id(&id).and_then(|c| cat.manga_by_id(&c.manga)))
        .ok_or_else(|| ApiError::not_found("Manga", &id))?;
    let parts = multipart(req)?;
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.file_name.is_none())
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
    };
    let file = parts
        .iter()
        .find(|p| p.name == "file" && p.file_name.is_some())
        .filter(|p| !p.data.is_empty())
        .ok_or_else(|| bad("file", "required"))?;
    let ext = file
        .file_name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| COVER_TYPES.contains(&e.as_str()))
        .ok_or_else(|| bad("file", "must be a jpg, png or gif image"))?;
    let ext = if ext == "jpeg" { "jpg".to_owned() } else { ext };
    let locale = match text("locale") {
        None => manga.original_language.to_owned(),
        Some(l) if is_language(&l) => l,
        Some(_) => return Err(bad("locale", "must be a language code")),
    };
    let description = text("description").unwrap_or_default();
    if description.chars().count() > 512 {
        return Err(bad("description", "at most 512 characters"));
    }
    let volume = text("volume").filter(|v| !v.is_empty());
    let n = state.store().tick();
    let seed = state.config.seed;
    let now = now(state);
    Ok(Reply::entity(json!({
        "id": det_uuid(seed, "uploaded-cover", n),
        "type": "cover_art",
        "attributes": {
            "volume": volume,
            "fileName": format!("{}.{ext}", det_uuid(seed, "uploaded-cover-file", n)),
            "description": description,
            "locale": locale,
            "version": 1,
            "createdAt": now,
            "updatedAt": now,
        },
        "relationships": [rel(manga.id, "manga"), rel(user, "user")],
    })))
}

/// `PUT /cover/{mangaOrCoverId}` (`CoverEdit`: `version` and `volume` required; a manga id
/// stands for its main cover): the cover with the edits applied, version + 1. The catalogue
/// keeps the original.
pub(crate) fn update_cover(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .cover_or_main_cover(&id)
        .ok_or_else(|| ApiError::not_found("Cover", &id))?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    let volume = opt_str(&body, "volume")?;
    if volume.is_absent() {
        return Err(bad("volume", "required"));
    }
    let mut entity = render::cover(cat, c, &Default::default());
    let current = entity["attributes"]["version"].as_u64().unwrap_or(1);
    if asked != current {
        return Err(conflict(current));
    }
    entity["attributes"]["volume"] = volume.json();
    let description = opt_str(&body, "description")?;
    if description.len() > 512 {
        return Err(bad("description", "at most 512 characters"));
    }
    if !description.is_absent() {
        entity["attributes"]["description"] = json!(description.value().unwrap_or_default());
    }
    if let Some(l) = language(&body, "locale")? {
        entity["attributes"]["locale"] = json!(l);
    }
    entity["attributes"]["version"] = json!(current + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    Ok(Reply::entity(entity))
}
