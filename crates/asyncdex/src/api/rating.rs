//! The logged-in user's manga ratings (spec tag `Rating`, 3 operations): `client.rating()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! client.rating().set(manga_id, 9).send().await?;
//! let ratings = client.rating().get([manga_id]).send().await?;
//! assert_eq!(ratings.ratings[&manga_id].rating, 9);
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::params;
use super::{Operation, RatingApi};
use crate::model::{RatingRequest, RatingsResponse, ResultOk};

endpoint!(
    /// `GET /rating`: the user's ratings of some manga.
    GetRatings: Get RATING -> RatingsResponse
);
endpoint!(
    /// `POST /rating/{mangaId}`: rate a manga (1..=10).
    SetRating: Post RATING_MANGA_ID -> ResultOk
);
endpoint!(
    /// `DELETE /rating/{mangaId}`: remove a rating.
    DeleteRating: Delete RATING_MANGA_ID -> ResultOk
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    GetRatings::OPERATION,
    SetRating::OPERATION,
    DeleteRating::OPERATION,
];

impl RatingApi<'_> {
    /// `GET /rating`: the user's ratings of these manga (`manga[]`, at most 100).
    pub fn get(&self, manga: impl IntoIterator<Item = Uuid>) -> GetRatings {
        GetRatings(Call::new(self.client, GetRatings::OPERATION, &[])).manga(manga)
    }

    /// `POST /rating/{mangaId}`: rate a manga; `rating` must be within 1..=10 (checked when
    /// sending).
    pub fn set(&self, manga: Uuid, rating: u8) -> SetRating {
        let mut call = Call::new(self.client, SetRating::OPERATION, &[&manga]);
        if !(1..=10).contains(&rating) {
            call.fail(format!("a rating is within 1..=10, not {rating}"));
        }
        call.json(&RatingRequest { rating });
        SetRating(call)
    }

    /// `DELETE /rating/{mangaId}`: remove a rating.
    pub fn delete(&self, manga: Uuid) -> DeleteRating {
        DeleteRating(Call::new(self.client, DeleteRating::OPERATION, &[&manga]))
    }
}

impl GetRatings {
    params! {
        manga(ids) => "manga[]";
    }
}
