//! Reports (spec tag `Report`, 3 operations): `client.report()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::ReportCategory;
//!
//! # async fn run(chapter_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let reasons = client.report().reasons(ReportCategory::Chapter).send().await?;
//! let reason = &reasons.data[0];
//! client
//!     .report()
//!     .create(ReportCategory::Chapter, reason.id, chapter_id)
//!     .details("pages 3 and 4 are swapped")
//!     .send()
//!     .await?;
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::{order_enum, params};
use super::{Operation, ReportApi};
use crate::model::{
    CollectionResponse, ReferenceExpansion, Report, ReportCategory, ReportCreate, ReportReason,
    ReportStatus, ResultOk,
};

order_enum! {
    /// A field of `order[...]` for `GET /report`.
    ReportOrder {
        CreatedAt => "createdAt",
    }
}

endpoint!(
    /// `GET /report/reasons/{category}`: the reasons one may give for a report.
    ReportReasons: Get REPORT_REASONS_CATEGORY -> CollectionResponse<ReportReason>
);
endpoint!(
    /// `GET /report`: the user's reports.
    ListReports: Get REPORT -> page Report, max 100
);
endpoint!(
    /// `POST /report`: report something.
    CreateReport: Post REPORT -> ResultOk, body ReportCreate
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    ReportReasons::OPERATION,
    ListReports::OPERATION,
    CreateReport::OPERATION,
];

impl ReportApi<'_> {
    /// `GET /report/reasons/{category}`: the reasons for reports of this category.
    pub fn reasons(&self, category: ReportCategory) -> ReportReasons {
        ReportReasons(Call::new(
            self.client,
            ReportReasons::OPERATION,
            &[&category],
        ))
    }

    /// `GET /report`: the user's reports.
    pub fn list(&self) -> ListReports {
        ListReports(Call::new(self.client, ListReports::OPERATION, &[]))
    }

    /// `POST /report`: report `object` (of `category`) for `reason` (a
    /// [`reasons`](Self::reasons) id).
    pub fn create(&self, category: ReportCategory, reason: Uuid, object: Uuid) -> CreateReport {
        let body = ReportCreate {
            category,
            reason,
            object_id: object,
            details: String::new(),
        };
        CreateReport(Call::new(self.client, CreateReport::OPERATION, &[]), body)
    }
}

impl ListReports {
    params! {
        category(one ReportCategory) => "category";
        reason_id(id) => "reasonId";
        object_id(id) => "objectId";
        status(one ReportStatus) => "status";
        order(order ReportOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl CreateReport {
    /// Sets `details` in the body (required by some reasons).
    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.1.details = details.into();
        self
    }
}
