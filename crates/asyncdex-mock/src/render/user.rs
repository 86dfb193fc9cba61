//! A user: from the catalogue (with its groups), or a configured account.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{entity, rel};
use crate::catalogue::{Catalogue, UserRecord};

pub(crate) fn user_attrs(u: &UserRecord) -> Value {
    json!({"username": u.username, "roles": u.roles, "version": 1})
}

pub(crate) fn user(cat: &Catalogue, u: &UserRecord) -> Value {
    let rels = cat
        .groups
        .iter()
        .filter(|g| g.members.contains(&u.id))
        .map(|g| rel(g.id, "scanlation_group", None))
        .collect();
    entity(u.id, "user", user_attrs(u), rels)
}

/// A user that is not in the catalogue (a configured account).
pub(crate) fn account_user(id: Uuid, username: &str, roles: &[&str]) -> Value {
    entity(
        id,
        "user",
        json!({"username": username, "roles": roles, "version": 1}),
        Vec::new(),
    )
}
