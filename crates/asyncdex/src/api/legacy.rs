//! Legacy ids (spec tag `Legacy`, 1 operation): `client.legacy()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::LegacyMappingType;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let mapped = client.legacy().mapping(LegacyMappingType::Manga, [1, 2, 3]).send().await?;
//! for mapping in &mapped.data {
//!     println!("{} -> {}", mapping.attributes.legacy_id, mapping.attributes.new_id);
//! }
//! # Ok(())
//! # }
//! ```

use super::call::{Call, endpoint};
use super::{LegacyApi, Operation};
use crate::model::{CollectionResponse, LegacyMapping, LegacyMappingRequest, LegacyMappingType};

endpoint!(
    /// `POST /legacy/mapping`: the new UUIDs of old numeric ids.
    LegacyMappingCall: Post LEGACY_MAPPING -> CollectionResponse<LegacyMapping>, body LegacyMappingRequest
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[LegacyMappingCall::OPERATION];

impl LegacyApi<'_> {
    /// `POST /legacy/mapping`: the new UUIDs of these old numeric ids of one kind.
    pub fn mapping(
        &self,
        kind: LegacyMappingType,
        ids: impl IntoIterator<Item = u64>,
    ) -> LegacyMappingCall {
        let body = LegacyMappingRequest {
            kind,
            ids: ids.into_iter().collect(),
        };
        LegacyMappingCall(
            Call::new(self.client, LegacyMappingCall::OPERATION, &[]),
            body,
        )
    }
}
