//! Tags and the people of the generated catalogue: users, authors and scanlation groups.

use std::collections::HashMap;

use uuid::Uuid;

use super::records::{AuthorRecord, GroupRecord, TagRecord, UserRecord};
use super::words::{
    ADJ, FAMILY, GIVEN, GROUP_WORD, LANG_WEIGHTS, LANGS, NOUN, TAGS, romaji, ts, weighted,
};
use crate::util::{Rng, det_uuid};

/// The catalogue's tags and people, which the manga are drawn from.
pub(super) struct People<'a> {
    pub(super) tags: &'a [TagRecord],
    pub(super) users: &'a [UserRecord],
    pub(super) authors: &'a [AuthorRecord],
    pub(super) groups: &'a [GroupRecord],
    pub(super) groups_by_language: HashMap<&'static str, Vec<Uuid>>,
}

/// The real tag list; the ids do not depend on the seed, as MangaDex's never change.
pub(super) fn tags() -> Vec<TagRecord> {
    TAGS.iter()
        .enumerate()
        .map(|(i, (name, group))| TagRecord {
            id: det_uuid(0x7A65, "tag", i as u64),
            name: (*name).to_owned(),
            group,
        })
        .collect()
}

/// Sixty users; every seventh leads groups, every eleventh is a power uploader.
pub(super) fn users(seed: u64, rng: &mut Rng) -> Vec<UserRecord> {
    (0..60)
        .map(|i| {
            let mut roles = vec!["ROLE_MEMBER"];
            if i % 7 == 0 {
                roles.push("ROLE_GROUP_LEADER");
            }
            if i % 11 == 0 {
                roles.push("ROLE_POWER_UPLOADER");
            }
            UserRecord {
                id: det_uuid(seed, "user", i),
                username: format!("{}{}", romaji(rng, 3).to_lowercase(), i),
                roles,
            }
        })
        .collect()
}

/// 150 authors, some with social links.
pub(super) fn authors(seed: u64, rng: &mut Rng) -> Vec<AuthorRecord> {
    (0..150).map(|i| author(seed, rng, i)).collect()
}

fn author(seed: u64, rng: &mut Rng, i: u64) -> AuthorRecord {
    let name = format!("{} {}", rng.pick(FAMILY), rng.pick(GIVEN));
    let handle = name.replace(' ', "_").to_lowercase();
    AuthorRecord {
        id: det_uuid(seed, "author", i),
        biography: format!("{name} is a manga artist known for dramatic panels."),
        twitter: rng
            .chance(0.4)
            .then(|| format!("https://twitter.com/{handle}")),
        pixiv: rng.chance(0.3).then(|| {
            format!(
                "https://www.pixiv.net/users/{}",
                rng.range(1000, 99_999_999)
            )
        }),
        website: rng
            .chance(0.2)
            .then(|| format!("https://{handle}.example.com/")),
        name,
        created_at: ts(rng),
        version: rng.range(1, 5) as u32,
    }
}

/// Sixty scanlation groups of catalogue users, each focused on one language.
pub(super) fn groups(seed: u64, rng: &mut Rng, users: &[UserRecord]) -> Vec<GroupRecord> {
    (0..60).map(|i| group(seed, rng, users, i)).collect()
}

fn group(seed: u64, rng: &mut Rng, users: &[UserRecord], i: u64) -> GroupRecord {
    let leader = rng.pick(users).id;
    let mut members = vec![leader];
    for _ in 0..rng.range(0, 4) {
        let m = rng.pick(users).id;
        if !members.contains(&m) {
            members.push(m);
        }
    }
    let lang = weighted(rng, LANGS, LANG_WEIGHTS);
    GroupRecord {
        id: det_uuid(seed, "group", i),
        name: format!(
            "{} {} {}",
            rng.pick(ADJ),
            rng.pick(NOUN),
            rng.pick(GROUP_WORD)
        ),
        leader,
        members,
        focused_languages: vec![lang],
        website: rng
            .chance(0.5)
            .then(|| format!("https://group{i}.example.org/")),
        discord: rng.chance(0.5).then(|| format!("grp{i}")),
        official: i.is_multiple_of(20),
        verified: i.is_multiple_of(5),
        inactive: i.is_multiple_of(9),
        created_at: ts(rng),
    }
}

/// The groups focused on each language, in catalogue order.
pub(super) fn groups_by_language(groups: &[GroupRecord]) -> HashMap<&'static str, Vec<Uuid>> {
    let mut by_language: HashMap<&'static str, Vec<Uuid>> = HashMap::new();
    for g in groups {
        by_language
            .entry(g.focused_languages[0])
            .or_default()
            .push(g.id);
    }
    by_language
}
