//! Chapter uploads (`/upload`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::Entity;
use super::enums::ResultStatus;
use super::macros::string_enum;

/// An upload session entity.
pub type UploadSession = Entity<UploadSessionAttributes>;

/// An uploaded file of a session.
pub type UploadSessionFile = Entity<UploadSessionFileAttributes>;

/// The attributes of an upload session. Required: `createdAt`, `updatedAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSessionAttributes {
    /// Whether it was committed.
    #[serde(default)]
    pub is_committed: bool,
    /// Whether it was processed.
    #[serde(default)]
    pub is_processed: bool,
    /// Whether it was deleted.
    #[serde(default)]
    pub is_deleted: bool,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last update time.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

string_enum! {
    /// Where an uploaded file came from.
    pub enum UploadSource {
        /// `local`.
        Local => "local",
        /// `remote`.
        Remote => "remote",
    }
}

/// The attributes of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSessionFileAttributes {
    /// The original file name.
    #[serde(default)]
    pub original_file_name: String,
    /// The file hash.
    #[serde(default)]
    pub file_hash: String,
    /// The size in bytes.
    #[serde(default)]
    pub file_size: u64,
    /// The MIME type.
    #[serde(default)]
    pub mime_type: String,
    /// The source.
    #[serde(default)]
    pub source: Option<UploadSource>,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
}

/// `POST /upload/{id}` (files uploaded): the files that were accepted and per-file errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedFiles {
    /// `ok`, or `error` when some files were refused.
    pub result: ResultStatus,
    /// Errors for the refused files, kept raw (same shape as the API error objects).
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub errors: Vec<serde_json::Value>,
    /// The accepted files.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub data: Vec<UploadSessionFile>,
}

/// `POST /upload/check-approval-required`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRequired {
    /// The result.
    pub result: ResultStatus,
    /// Whether the upload will need approval.
    #[serde(default)]
    pub requires_approval: bool,
}

/// Body of `POST /upload/begin` (`BeginUploadSession`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeginUploadSession {
    /// The scanlation groups (at most 10).
    pub groups: Vec<Uuid>,
    /// The manga.
    pub manga: Uuid,
}

/// Body of `POST /upload/begin/{chapterId}` (`BeginEditSession`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeginEditSession {
    /// The chapter's current version.
    pub version: u32,
}

/// Body of `POST /upload/{id}/commit` (`CommitUploadSession`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommitUploadSession {
    /// The chapter metadata.
    pub chapter_draft: ChapterDraft,
    /// The upload session file ids in reading order (1..=500).
    pub page_order: Vec<Uuid>,
    /// Acceptance of the terms (mandatory for chapter uploads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_accepted: Option<bool>,
}

/// The chapter metadata of a commit (`ChapterDraft`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterDraft {
    /// The volume (`null` for none).
    pub volume: Option<String>,
    /// The chapter number (`null` for a oneshot).
    pub chapter: Option<String>,
    /// The title (`null` for none).
    pub title: Option<String>,
    /// The language.
    pub translated_language: super::language::Language,
    /// A link to an external source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    /// A delayed publication time, `YYYY-MM-DDTHH:MM:SS` (UTC, no offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_at: Option<String>,
}

/// Body of `DELETE /upload/{id}/batch`: the ids of files to delete (a JSON array).
pub type DeleteUploadedFiles = Vec<Uuid>;
