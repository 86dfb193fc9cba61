//! The spec's checks of a call (ids per filter, page size, result window), then its request.

use super::Call;
use crate::api::RESULT_WINDOW;
use crate::error::{Error, Result};
use crate::request::RequestBuilder;

impl Call {
    /// The checks of the spec, then the request.
    pub(super) fn request(self) -> Result<RequestBuilder> {
        self.problem.check()?;
        if let Some((key, count)) = self.query.oversized_id_filter() {
            return Err(Error::invalid(format!(
                "{key} takes at most {} ids, not {count}",
                crate::api::MAX_IDS
            )));
        }
        let mut request = self
            .client
            .request(self.operation.method(), &self.path)
            .route(self.operation.template());
        if let Some(max) = self.operation.page_limit() {
            if let Some(limit) = self.limit
                && !(1..=max).contains(&limit)
            {
                return Err(Error::invalid(format!(
                    "limit must be within 1..={max}, not {limit}"
                )));
            }
            // What the server applies when no limit is sent (the spec's defaults).
            let default = if max > 100 { 100 } else { 10 };
            let offset = self.offset.unwrap_or(0);
            let limit = self.limit.unwrap_or(default);
            if u64::from(offset) + u64::from(limit) > u64::from(RESULT_WINDOW) {
                return Err(Error::invalid(format!(
                    "offset + limit must be at most {RESULT_WINDOW} (the result window), not {offset} + {limit}"
                )));
            }
            if let Some(limit) = self.limit {
                request = request.param("limit", limit);
            }
            if let Some(offset) = self.offset {
                request = request.param("offset", offset);
            }
        }
        for (key, value) in self.query.pairs() {
            request = request.param(key, value);
        }
        if let Some((content_type, body)) = self.body {
            request = request.body(content_type, body);
        }
        Ok(request)
    }
}
