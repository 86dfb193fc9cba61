//! [`Store`]: what users change (follows, statuses, read markers, ratings, lists, drafts,
//! uploads), kept in memory per server.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

/// Per-account mutable data.
#[derive(Debug, Default)]
pub(crate) struct UserData {
    pub(crate) follows_manga: BTreeMap<Uuid, u64>,
    pub(crate) follows_groups: BTreeSet<Uuid>,
    pub(crate) follows_lists: BTreeSet<Uuid>,
    pub(crate) statuses: BTreeMap<Uuid, String>,
    pub(crate) read: BTreeMap<Uuid, BTreeSet<Uuid>>,
    pub(crate) ratings: BTreeMap<Uuid, (u8, i64)>,
}

/// Follows (`on`) or unfollows `id` in one of an account's sets of follows.
pub(crate) fn follow(follows: &mut BTreeSet<Uuid>, id: Uuid, on: bool) {
    if on {
        follows.insert(id);
    } else {
        follows.remove(&id);
    }
}

/// A custom list (catalogue lists are copied in when the world is built).
#[derive(Debug, Clone)]
pub(crate) struct StoredList {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) visibility: String,
    pub(crate) owner: Uuid,
    pub(crate) manga: Vec<Uuid>,
    pub(crate) version: u32,
    pub(crate) created: u64,
}

/// A manga draft made with `POST /manga` (drafts are not part of the catalogue).
#[derive(Debug, Clone)]
pub(crate) struct StoredDraft {
    pub(crate) owner: Uuid,
    pub(crate) created: u64,
    /// The rendered `Manga` entity (`attributes.state` is `draft` or `submitted`).
    pub(crate) entity: serde_json::Value,
}

/// An upload session opened with `POST /upload/begin[/{chapterId}]`.
#[derive(Debug, Clone)]
pub(crate) struct StoredUpload {
    pub(crate) owner: Uuid,
    pub(crate) manga: Uuid,
    pub(crate) groups: Vec<Uuid>,
    /// The chapter being edited (`POST /upload/begin/{chapterId}`).
    pub(crate) chapter: Option<Uuid>,
    pub(crate) committed: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) users: HashMap<Uuid, UserData>,
    pub(crate) lists: HashMap<Uuid, StoredList>,
    pub(crate) drafts: HashMap<Uuid, StoredDraft>,
    pub(crate) uploads: HashMap<Uuid, StoredUpload>,
    pub(crate) next: u64,
}

impl Store {
    pub(crate) fn user(&mut self, id: Uuid) -> &mut UserData {
        self.users.entry(id).or_default()
    }

    pub(crate) fn tick(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}
