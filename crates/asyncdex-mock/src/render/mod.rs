//! Entities as JSON, in the shapes of spec 5.13.1 (`Manga`, `Chapter`, `Author`, ...), with
//! reference expansion (`includes[]`). Whatever may show a manga takes the
//! [`View`](crate::view::View), because `latestUploadedChapter` depends on the release time.
//!
//! Each entity has its module; the entity and relationship shapes they share are here.

mod author;
mod chapter;
mod cover;
mod custom_list;
mod group;
mod manga;
mod statistics;
mod user;

use serde_json::{Map, Value, json};
use uuid::Uuid;

pub(crate) use self::author::author;
pub(crate) use self::chapter::chapter;
pub(crate) use self::cover::cover;
pub(crate) use self::custom_list::custom_list;
pub(crate) use self::group::group;
pub(crate) use self::manga::{manga, manga_attrs, tag};
pub(crate) use self::statistics::{comments, manga_statistics};
pub(crate) use self::user::{account_user, user};

fn entity(id: Uuid, kind: &str, attributes: Value, relationships: Vec<Value>) -> Value {
    json!({"id": id, "type": kind, "attributes": attributes, "relationships": relationships})
}

/// A relationship, expanded with `attributes` when asked.
fn rel(id: Uuid, kind: &str, expand: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("id".to_owned(), json!(id));
    m.insert("type".to_owned(), json!(kind));
    if let Some(a) = expand {
        m.insert("attributes".to_owned(), a);
    }
    Value::Object(m)
}
