//! Relations between manga: listing, creating and removing them.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::params;
use crate::model::{
    EntityResponse, MangaRelation, MangaRelationCreate, MangaRelationType, ReferenceExpansion,
    ResultOk,
};

endpoint!(
    /// `GET /manga/{mangaId}/relation`: the relations of a manga.
    Relations: Get MANGA_MANGA_ID_RELATION -> crate::model::CollectionResponse<MangaRelation>
);

endpoint!(
    /// `POST /manga/{mangaId}/relation`: relate a manga to another.
    CreateRelation: Post MANGA_MANGA_ID_RELATION -> EntityResponse<MangaRelation>, body MangaRelationCreate
);

endpoint!(
    /// `DELETE /manga/{mangaId}/relation/{id}`: remove a relation.
    DeleteRelation: Delete MANGA_MANGA_ID_RELATION_ID -> ResultOk
);

impl MangaApi<'_> {
    /// `GET /manga/{mangaId}/relation`: the relations of a manga.
    pub fn relations(&self, manga: Uuid) -> Relations {
        Relations(self.call(Relations::OPERATION, &[&manga]))
    }

    /// `POST /manga/{mangaId}/relation`: relate `manga` to `target`.
    pub fn create_relation(
        &self,
        manga: Uuid,
        target: Uuid,
        relation: MangaRelationType,
    ) -> CreateRelation {
        let body = MangaRelationCreate {
            target_manga: target,
            relation,
        };
        CreateRelation(self.call(CreateRelation::OPERATION, &[&manga]), body)
    }

    /// `DELETE /manga/{mangaId}/relation/{id}`: remove a relation.
    pub fn delete_relation(&self, manga: Uuid, relation: Uuid) -> DeleteRelation {
        DeleteRelation(self.call(DeleteRelation::OPERATION, &[&manga, &relation]))
    }
}

impl Relations {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}
