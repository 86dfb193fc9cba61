//! The uploads host (`uploads.mangadex.org`): covers at `/covers/{manga id}/{file name}` and
//! their thumbnails at `{file name}.256.jpg` and `{file name}.512.jpg`.

use http::{Method, StatusCode};

use crate::log::bump;
use crate::pages::{CoverSize, cover_bytes};
use crate::response::Reply;
use crate::state::State;

/// A cover or one of its thumbnails; 404 unless the file is a cover of that manga.
pub(crate) fn cover(state: &State, method: &Method, path: &str) -> Reply {
    let not_found = || Reply::plain(StatusCode::NOT_FOUND);
    let segs = match Reply::file_path(method, path) {
        Ok(segs) => segs,
        Err(refused) => return refused,
    };
    let ["covers", manga, file] = segs.as_slice() else {
        return not_found();
    };
    let Ok(manga) = uuid::Uuid::parse_str(manga) else {
        return not_found();
    };
    let (name, size) = if let Some(name) = file.strip_suffix(".512.jpg") {
        (name, CoverSize::Thumb512)
    } else if let Some(name) = file.strip_suffix(".256.jpg") {
        (name, CoverSize::Thumb256)
    } else {
        (*file, CoverSize::Original)
    };
    let covers = state.catalogue().covers_of(&manga);
    if !covers.iter().any(|c| c.file_name == name) {
        return not_found();
    }
    bump(&state.counters.covers_served);
    Reply::new(
        StatusCode::OK,
        "image/jpeg",
        cover_bytes(&format!("{manga}/{name}"), size),
    )
    .header("cache-control", "public, max-age=1209600")
}
