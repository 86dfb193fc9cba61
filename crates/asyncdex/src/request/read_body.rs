//! Reading a whole answer body under a size cap.

use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use http_body::Body;
use http_body_util::BodyExt;
use tower::BoxError;

use crate::error::{Error, Result};

/// Reads a whole body, refusing to hold more than `limit` bytes. A body that arrives in one
/// chunk is returned without a copy; one in several chunks is copied once into a buffer sized
/// from the body's size hint (its `Content-Length`), not grown by doubling. `received` counts
/// every data byte that arrived, the chunk that went over the limit included.
///
/// The body is taken pinned where the caller holds it, not by value: an `async fn` keeps its
/// arguments apart from its locals, so a body taken by value and pinned here would be held
/// twice in every request's future (a few hundred bytes, with the decompression state).
pub(crate) async fn read_body<B>(
    mut body: Pin<&mut B>,
    limit: usize,
    path: &str,
    received: &mut u64,
) -> Result<Bytes>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    // Trusted only up to `limit`: a lying header can make us reserve that much, no more.
    let expected = usize::try_from(body.size_hint().lower())
        .unwrap_or(usize::MAX)
        .min(limit);
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| Error::from_stack(error.into(), path))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        *received += data.len() as u64;
        total += data.len();
        if total > limit {
            return Err(Error::body_too_large(path, limit));
        }
        match first.take() {
            None if rest.is_empty() => first = Some(data),
            None => rest.extend_from_slice(&data),
            Some(earlier) => {
                rest.reserve(expected.max(earlier.len() + data.len()));
                rest.extend_from_slice(&earlier);
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| rest.freeze()))
}
