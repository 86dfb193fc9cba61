//! `GET /manga/{id}/recommendation`: manga recommended from one, and their ordering.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::{order_enum, params};
use crate::model::{ContentRating, MangaRecommendation, ReferenceExpansion};

order_enum! {
    /// A field of `order[...]` for `GET /manga/{id}/recommendation`.
    RecommendationOrder {
        Score => "score",
    }
}

endpoint!(
    /// `GET /manga/{id}/recommendation`: manga recommended from this one.
    Recommendations: Get MANGA_ID_RECOMMENDATION -> crate::model::CollectionResponse<MangaRecommendation>
);

impl MangaApi<'_> {
    /// `GET /manga/{id}/recommendation`: manga recommended from this one.
    pub fn recommendations(&self, id: Uuid) -> Recommendations {
        Recommendations(self.call(Recommendations::OPERATION, &[&id]))
    }
}

impl Recommendations {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
        order(order RecommendationOrder) => "order";
        content_rating(list ContentRating) => "contentRating[]";
    }
}
