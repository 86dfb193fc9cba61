//! Reports (`/report`, `/report/reasons/{category}`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::Entity;
use super::localized::LocalizedString;
use super::macros::string_enum;

/// A report entity (`GET /report`).
pub type Report = Entity<ReportAttributes>;

/// A report reason entity (`GET /report/reasons/{category}`).
pub type ReportReason = Entity<ReportReasonAttributes>;

string_enum! {
    /// What a report is about.
    pub enum ReportCategory {
        /// `manga`.
        Manga => "manga",
        /// `chapter`.
        Chapter => "chapter",
        /// `scanlation_group`.
        ScanlationGroup => "scanlation_group",
        /// `user`.
        User => "user",
        /// `author`.
        Author => "author",
    }
}

string_enum! {
    /// The state of a report.
    pub enum ReportStatus {
        /// `waiting`.
        Waiting => "waiting",
        /// `accepted`.
        Accepted => "accepted",
        /// `refused`.
        Refused => "refused",
        /// `autoresolved`.
        AutoResolved => "autoresolved",
    }
}

/// The attributes of a report. Required: `createdAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportAttributes {
    /// The details given by the reporter.
    #[serde(default)]
    pub details: String,
    /// The id of the reported object.
    #[serde(default)]
    pub object_id: String,
    /// The state.
    #[serde(default)]
    pub status: Option<ReportStatus>,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The attributes of a report reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportReasonAttributes {
    /// The reason, localized.
    #[serde(default)]
    pub reason: LocalizedString,
    /// Whether `details` must be given.
    #[serde(default)]
    pub details_required: bool,
    /// The category.
    #[serde(default)]
    pub category: Option<ReportCategory>,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
}

/// Body of `POST /report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportCreate {
    /// The category.
    pub category: ReportCategory,
    /// The reason (a report reason id).
    pub reason: Uuid,
    /// The reported object.
    pub object_id: Uuid,
    /// Details.
    #[serde(default)]
    pub details: String,
}
