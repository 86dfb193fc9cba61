//! Finding a record by id: which collection an id belongs to, and the typed lookups.

use uuid::Uuid;

use super::{
    AuthorRecord, Catalogue, ChapterRecord, CoverRecord, GroupRecord, ListRecord, MangaRecord,
    TagRecord, UserRecord,
};

/// Which collection an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Manga,
    Chapter,
    Author,
    Group,
    Cover,
    Tag,
    User,
    List,
}

impl Catalogue {
    /// The seed this catalogue was generated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub(crate) fn kind_of(&self, id: &Uuid) -> Option<(Kind, usize)> {
        self.index.get(id).copied()
    }

    fn get<'a, T>(&'a self, items: &'a [T], kind: Kind, id: &Uuid) -> Option<&'a T> {
        match self.kind_of(id) {
            Some((k, i)) if k == kind => items.get(i),
            _ => None,
        }
    }

    /// A manga by id.
    pub fn manga_by_id(&self, id: &Uuid) -> Option<&MangaRecord> {
        self.get(&self.manga, Kind::Manga, id)
    }

    /// A chapter by id.
    pub fn chapter_by_id(&self, id: &Uuid) -> Option<&ChapterRecord> {
        self.get(&self.chapters, Kind::Chapter, id)
    }

    /// An author by id.
    pub fn author_by_id(&self, id: &Uuid) -> Option<&AuthorRecord> {
        self.get(&self.authors, Kind::Author, id)
    }

    /// A scanlation group by id.
    pub fn group_by_id(&self, id: &Uuid) -> Option<&GroupRecord> {
        self.get(&self.groups, Kind::Group, id)
    }

    /// A cover by id.
    pub fn cover_by_id(&self, id: &Uuid) -> Option<&CoverRecord> {
        self.get(&self.covers, Kind::Cover, id)
    }

    /// A cover by its id, or the main cover of the manga with that id (`/cover/{mangaOrCoverId}`
    /// takes either).
    pub fn cover_or_main_cover(&self, id: &Uuid) -> Option<&CoverRecord> {
        self.cover_by_id(id)
            .or_else(|| self.cover_by_id(&self.manga_by_id(id)?.cover))
    }

    /// A tag by id.
    pub fn tag_by_id(&self, id: &Uuid) -> Option<&TagRecord> {
        self.get(&self.tags, Kind::Tag, id)
    }

    /// A catalogue user by id.
    pub fn user_by_id(&self, id: &Uuid) -> Option<&UserRecord> {
        self.get(&self.users, Kind::User, id)
    }

    /// A catalogue custom list by id.
    pub fn list_by_id(&self, id: &Uuid) -> Option<&ListRecord> {
        self.get(&self.lists, Kind::List, id)
    }
}
