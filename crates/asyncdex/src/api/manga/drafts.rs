//! Manga drafts: the user's drafts, one draft, and committing it.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::{order_enum, params};
use crate::model::{EntityResponse, Manga, MangaState, ReferenceExpansion};

order_enum! {
    /// A field of `order[...]` for `GET /manga/draft`.
    DraftOrder {
        Title => "title",
        Year => "year",
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
    }
}

endpoint!(
    /// `GET /manga/draft/{id}`: one manga draft.
    GetDraft: Get MANGA_DRAFT_ID -> EntityResponse<Manga>
);

endpoint!(
    /// `POST /manga/draft/{id}/commit`: submit a draft (body `{"version": n}`).
    CommitDraft: Post MANGA_DRAFT_ID_COMMIT -> EntityResponse<Manga>
);

endpoint!(
    /// `GET /manga/draft`: the user's drafts.
    Drafts: Get MANGA_DRAFT -> page Manga, max 100
);

impl MangaApi<'_> {
    /// `GET /manga/draft/{id}`: one manga draft.
    pub fn draft(&self, id: Uuid) -> GetDraft {
        GetDraft(self.call(GetDraft::OPERATION, &[&id]))
    }

    /// `POST /manga/draft/{id}/commit`: submit a draft at `version`.
    pub fn commit_draft(&self, id: Uuid, version: u32) -> CommitDraft {
        let mut call = self.call(CommitDraft::OPERATION, &[&id]);
        call.json(&serde_json::json!({ "version": version }));
        CommitDraft(call)
    }

    /// `GET /manga/draft`: the user's drafts.
    pub fn drafts(&self) -> Drafts {
        Drafts(self.call(Drafts::OPERATION, &[]))
    }
}

impl GetDraft {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl Drafts {
    params! {
        state(one MangaState) => "state";
        order(order DraftOrder) => "order";
        includes(list ReferenceExpansion) => "includes[]";
    }
}
