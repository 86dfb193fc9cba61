//! MangaDex@Home (`/at-home/server/{chapterId}`).

use serde::{Deserialize, Serialize};

/// `GET /at-home/server/{chapterId}`: where to download a chapter's pages.
///
/// `baseUrl` is valid for this chapter for about 15 minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtHomeServer {
    /// The image server base URL, used as given.
    pub base_url: String,
    /// The chapter's files.
    pub chapter: AtHomeChapter,
}

/// The files of a chapter on MangaDex@Home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtHomeChapter {
    /// The chapter hash.
    pub hash: String,
    /// Original quality file names.
    #[serde(default)]
    pub data: Vec<String>,
    /// Compressed (data saver) file names.
    #[serde(default)]
    pub data_saver: Vec<String>,
}

/// Which image quality to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ImageQuality {
    /// Original images (`/data/`).
    #[default]
    Original,
    /// Compressed images (`/data-saver/`).
    DataSaver,
}

impl ImageQuality {
    /// The path segment: `data` or `data-saver`.
    pub fn path_segment(self) -> &'static str {
        match self {
            ImageQuality::Original => "data",
            ImageQuality::DataSaver => "data-saver",
        }
    }
}

impl AtHomeServer {
    /// The file names for a quality.
    pub fn files(&self, quality: ImageQuality) -> &[String] {
        match quality {
            ImageQuality::Original => &self.chapter.data,
            ImageQuality::DataSaver => &self.chapter.data_saver,
        }
    }

    /// The page URLs, `{baseUrl}/{data|data-saver}/{hash}/{file}`, in reading order.
    pub fn page_urls(&self, quality: ImageQuality) -> impl Iterator<Item = String> + '_ {
        let base = self.base_url.trim_end_matches('/');
        let segment = quality.path_segment();
        self.files(quality)
            .iter()
            .map(move |file| format!("{base}/{segment}/{}/{file}", self.chapter.hash))
    }

    /// Whether page downloads must be reported to MD@Home: the base URL's host is not
    /// `mangadex.org` or one of its subdomains (MangaDex's own servers need no reports). The
    /// host is compared, not the text: `https://node.example/mangadex.org/` is reported. A
    /// base URL without a host is not (nothing can be fetched from it).
    pub fn should_report(&self) -> bool {
        self.base_url
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(|host| !is_on(host, "mangadex.org")))
            .unwrap_or(false)
    }
}

/// Whether `host` is `domain` or one of its subdomains (a final dot ignored).
pub(crate) fn is_on(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.');
    host.eq_ignore_ascii_case(domain)
        || host.len().checked_sub(domain.len() + 1).is_some_and(|at| {
            host.as_bytes()[at] == b'.' && host[at + 1..].eq_ignore_ascii_case(domain)
        })
}

/// Body of the MD@Home report (`POST https://api.mangadex.network/report`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtHomeReport {
    /// The image URL.
    pub url: String,
    /// Whether the download succeeded.
    pub success: bool,
    /// Bytes received (0 when no response came).
    pub bytes: u64,
    /// The whole download duration in milliseconds.
    pub duration: u64,
    /// Whether the response's `X-Cache` started with `HIT`.
    pub cached: bool,
}
