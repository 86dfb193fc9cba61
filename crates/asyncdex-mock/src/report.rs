//! MD@Home reports received by the report listener.

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

/// One `POST /report` body received by the report listener.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The image URL that was fetched.
    pub url: String,
    /// Whether the fetch succeeded.
    pub success: bool,
    /// Bytes received (0 when no response came).
    pub bytes: u64,
    /// Whole download duration in milliseconds.
    pub duration: u64,
    /// Whether the image node answered `X-Cache: HIT...`.
    pub cached: bool,
    /// When it arrived (tokio clock; not part of the JSON).
    #[serde(skip, default = "Instant::now")]
    pub received_at: Instant,
}
