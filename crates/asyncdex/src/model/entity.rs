//! The generic entity shape (`{id, type, attributes, relationships}`) and typed relationships.

use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use super::author::AuthorAttributes;
use super::chapter::ChapterAttributes;
use super::cover::CoverAttributes;
use super::enums::{MangaRelationType, RelationshipType};
use super::group::ScanlationGroupAttributes;
use super::list::CustomListAttributes;
use super::manga::MangaAttributes;
use super::tag::TagAttributes;
use super::user::UserAttributes;

/// An API entity: `{"id": uuid, "type": "...", "attributes": {...}, "relationships": [...]}`.
///
/// `A` is the attributes type, e.g. [`MangaAttributes`]; see the
/// aliases such as [`Manga`](super::Manga).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity<A> {
    /// The entity id.
    pub id: Uuid,
    /// The entity type (`manga`, `chapter`, ...).
    #[serde(rename = "type", default = "unknown_type")]
    pub kind: RelationshipType,
    /// The attributes.
    pub attributes: A,
    /// The relationships (with attributes when expanded through `includes[]`).
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub relationships: Vec<Relationship>,
}

fn unknown_type() -> RelationshipType {
    RelationshipType::Unknown(String::new())
}

impl<A> Entity<A> {
    /// The relationships of one type, in order.
    pub fn related(&self, kind: RelationshipType) -> impl Iterator<Item = &Relationship> + '_ {
        self.relationships.iter().filter(move |r| r.kind == kind)
    }

    /// The first relationship of one type.
    pub fn first_related(&self, kind: RelationshipType) -> Option<&Relationship> {
        self.relationships.iter().find(|r| r.kind == kind)
    }

    /// The ids of the relationships of one type, in order.
    pub fn related_ids(&self, kind: RelationshipType) -> impl Iterator<Item = Uuid> + '_ {
        self.related(kind).map(|r| r.id)
    }
}

/// A relationship of an entity to another entity.
///
/// Deserialization never fails because of `attributes`: they are decoded according to the
/// relationship's `type`, and kept as [`RelatedAttributes::Unknown`] when the type is unknown
/// or the attributes do not match the expected shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relationship {
    /// The id of the related entity.
    pub id: Uuid,
    /// The relationship type (`author`, `artist`, `cover_art`, `manga`, ...).
    #[serde(rename = "type")]
    pub kind: RelationshipType,
    /// For a manga related to a manga: how it relates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<MangaRelationType>,
    /// The related entity's attributes, present when reference expansion applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<RelatedAttributes>,
}

/// The attributes of an expanded relationship, typed by the relationship's `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum RelatedAttributes {
    /// `author` or `artist`.
    Author(Box<AuthorAttributes>),
    /// `cover_art`.
    CoverArt(Box<CoverAttributes>),
    /// `manga`.
    Manga(Box<MangaAttributes>),
    /// `chapter`.
    Chapter(Box<ChapterAttributes>),
    /// `scanlation_group`.
    ScanlationGroup(Box<ScanlationGroupAttributes>),
    /// `user`, `creator`, `leader` or `member`.
    User(Box<UserAttributes>),
    /// `custom_list`.
    CustomList(Box<CustomListAttributes>),
    /// `tag`.
    Tag(Box<TagAttributes>),
    /// Any other type, or attributes that did not match the expected shape.
    Unknown(serde_json::Value),
}

impl RelatedAttributes {
    /// Decodes `value` according to `kind`, falling back to `Unknown(value)`.
    pub fn from_value(kind: &RelationshipType, value: serde_json::Value) -> Self {
        fn typed<T: serde::de::DeserializeOwned>(
            value: serde_json::Value,
            wrap: fn(Box<T>) -> RelatedAttributes,
        ) -> RelatedAttributes {
            match T::deserialize(&value) {
                Ok(attrs) => wrap(Box::new(attrs)),
                Err(_) => RelatedAttributes::Unknown(value),
            }
        }
        match kind {
            RelationshipType::Author | RelationshipType::Artist => {
                typed(value, RelatedAttributes::Author)
            }
            RelationshipType::CoverArt => typed(value, RelatedAttributes::CoverArt),
            RelationshipType::Manga => typed(value, RelatedAttributes::Manga),
            RelationshipType::Chapter => typed(value, RelatedAttributes::Chapter),
            RelationshipType::ScanlationGroup => typed(value, RelatedAttributes::ScanlationGroup),
            RelationshipType::User
            | RelationshipType::Creator
            | RelationshipType::Leader
            | RelationshipType::Member => typed(value, RelatedAttributes::User),
            RelationshipType::CustomList => typed(value, RelatedAttributes::CustomList),
            RelationshipType::Tag => typed(value, RelatedAttributes::Tag),
            _ => RelatedAttributes::Unknown(value),
        }
    }
}

impl Relationship {
    /// The expanded author/artist attributes.
    pub fn author(&self) -> Option<&AuthorAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::Author(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded cover art attributes.
    pub fn cover_art(&self) -> Option<&CoverAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::CoverArt(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded manga attributes.
    pub fn manga(&self) -> Option<&MangaAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::Manga(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded chapter attributes.
    pub fn chapter(&self) -> Option<&ChapterAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::Chapter(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded scanlation group attributes.
    pub fn scanlation_group(&self) -> Option<&ScanlationGroupAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::ScanlationGroup(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded user attributes (`user`, `creator`, `leader`, `member`).
    pub fn user(&self) -> Option<&UserAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::User(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded custom list attributes.
    pub fn custom_list(&self) -> Option<&CustomListAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::CustomList(a)) => Some(a),
            _ => None,
        }
    }

    /// The expanded tag attributes.
    pub fn tag(&self) -> Option<&TagAttributes> {
        match &self.attributes {
            Some(RelatedAttributes::Tag(a)) => Some(a),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct RawRelationship {
    id: Uuid,
    #[serde(rename = "type")]
    kind: RelationshipType,
    #[serde(default)]
    related: Option<MangaRelationType>,
    #[serde(default)]
    attributes: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for Relationship {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawRelationship::deserialize(deserializer)?;
        let attributes = match raw.attributes {
            None | Some(serde_json::Value::Null) => None,
            // The spec's examples show `[]` for "not expanded".
            Some(serde_json::Value::Array(items)) if items.is_empty() => None,
            Some(value) => Some(RelatedAttributes::from_value(&raw.kind, value)),
        };
        Ok(Relationship {
            id: raw.id,
            kind: raw.kind,
            related: raw.related,
            attributes,
        })
    }
}
