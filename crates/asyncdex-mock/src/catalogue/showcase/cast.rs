//! Who the showcase's chapters are by: [`Showcase`], catalogue groups and users picked by role.

use uuid::Uuid;

use super::row::Role::{self, A, B, C, D, Es, Fr};
use crate::catalogue::{GroupRecord, UserRecord};
use crate::util::det_uuid;

/// Who the showcase series' chapters are by: catalogue groups and users, picked by role.
///
/// Get the chapters with [`Catalogue::showcase_chapter`](crate::catalogue::Catalogue::showcase_chapter),
/// e.g. `showcase_chapter("en", Some("3"), showcase.group_b)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Showcase {
    /// The manga ([`Catalogue::showcase_manga`](crate::catalogue::Catalogue::showcase_manga)).
    pub manga: Uuid,
    /// Group "A": the main English group (most chapters).
    pub group_a: Uuid,
    /// Group "B": English; a second version of chapters 3 and 7, and the only chapter 6.
    pub group_b: Uuid,
    /// Group "C": English; a second version of chapter 2, and chapter 8 jointly with A.
    pub group_c: Uuid,
    /// Group "D": an official publisher (`official: true`); chapter 10 and the external
    /// chapter 11.
    pub group_d: Uuid,
    /// The French group (chapters 1-3 in `fr`).
    pub group_fr: Uuid,
    /// The Latin-American Spanish group (chapter 1 in `es-la`).
    pub group_es: Uuid,
    /// Uploader of every showcase chapter but one.
    pub uploader: Uuid,
    /// Uploader of chapter 10 by group D only (for block-uploader tests).
    pub other_uploader: Uuid,
}

/// The first group satisfying `wanted`, not taken yet and named like no other catalogue group
/// (so tests may name it); failing that, the first group not taken yet.
fn pick(
    groups: &[GroupRecord],
    taken: &mut Vec<Uuid>,
    wanted: impl Fn(&GroupRecord) -> bool,
) -> Uuid {
    let unique = |g: &GroupRecord| groups.iter().filter(|o| o.name == g.name).count() == 1;
    let free = |g: &&GroupRecord| !taken.contains(&g.id);
    let id = groups
        .iter()
        .filter(free)
        .find(|g| wanted(g) && unique(g))
        .or_else(|| groups.iter().find(free))
        .map_or_else(Uuid::nil, |g| g.id);
    taken.push(id);
    id
}

impl Showcase {
    /// Picks the cast from the catalogue's groups and users (fixed rules, no dice).
    pub(super) fn cast(seed: u64, users: &[UserRecord], groups: &[GroupRecord]) -> Self {
        let mut taken = Vec::new();
        let fan = |lang: &'static str| {
            move |g: &GroupRecord| !g.official && !g.inactive && g.focused_languages == [lang]
        };
        let user = |i: usize| users.get(i).map_or_else(Uuid::nil, |u| u.id);
        Self {
            manga: det_uuid(seed, "showcase-manga", 0),
            group_a: pick(groups, &mut taken, fan("en")),
            group_b: pick(groups, &mut taken, fan("en")),
            group_c: pick(groups, &mut taken, fan("en")),
            group_d: pick(groups, &mut taken, |g| g.official && !g.inactive),
            group_fr: pick(groups, &mut taken, fan("fr")),
            group_es: pick(groups, &mut taken, fan("es-la")),
            // Past the first three users, whom every account follows.
            uploader: user(7),
            other_uploader: user(11),
        }
    }

    pub(super) fn group(&self, role: Role) -> Uuid {
        match role {
            A => self.group_a,
            B => self.group_b,
            C => self.group_c,
            D => self.group_d,
            Fr => self.group_fr,
            Es => self.group_es,
        }
    }
}
