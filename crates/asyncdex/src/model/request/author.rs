//! `AuthorRequest`: the body of creating and editing an author.

use serde::{Deserialize, Serialize};

use crate::model::localized::LocalizedString;

/// Body of `POST /author` (required: `name`) and `PUT /author/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Biography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biography: Option<LocalizedString>,
    /// Twitter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
    /// Pixiv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pixiv: Option<String>,
    /// Melonbooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub melon_book: Option<String>,
    /// Fanbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fan_box: Option<String>,
    /// Booth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booth: Option<String>,
    /// Niconico.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nico_video: Option<String>,
    /// Skeb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skeb: Option<String>,
    /// Fantia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fantia: Option<String>,
    /// Tumblr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tumblr: Option<String>,
    /// YouTube.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youtube: Option<String>,
    /// Weibo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weibo: Option<String>,
    /// Naver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naver: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}
