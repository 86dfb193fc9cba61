//! A scanlation group, with its leader and members.

use serde_json::{Value, json};

use super::user::user_attrs;
use super::{entity, rel};
use crate::catalogue::{Catalogue, GroupRecord};
use crate::query::Includes;
use crate::util::rfc3339;

pub(crate) fn group_attrs(g: &GroupRecord) -> Value {
    json!({
        "name": g.name,
        "altNames": [],
        "website": g.website,
        "ircServer": null,
        "ircChannel": null,
        "discord": g.discord,
        "contactEmail": null,
        "description": format!("{} translates manga for fun.", g.name),
        "twitter": null,
        "mangaUpdates": null,
        "focusedLanguage": g.focused_languages,
        "locked": false,
        "official": g.official,
        "verified": g.verified,
        "inactive": g.inactive,
        "exLicensed": false,
        "publishDelay": "",
        "version": 1,
        "createdAt": rfc3339(g.created_at),
        "updatedAt": rfc3339(g.created_at + 3_600),
    })
}

pub(crate) fn group(cat: &Catalogue, g: &GroupRecord, inc: &Includes) -> Value {
    let mut rels = vec![rel(
        g.leader,
        "leader",
        inc.has("leader")
            .then(|| cat.user_by_id(&g.leader).map(user_attrs))
            .flatten(),
    )];
    for m in &g.members {
        rels.push(rel(
            *m,
            "member",
            inc.has("member")
                .then(|| cat.user_by_id(m).map(user_attrs))
                .flatten(),
        ));
    }
    entity(g.id, "scanlation_group", group_attrs(g), rels)
}
