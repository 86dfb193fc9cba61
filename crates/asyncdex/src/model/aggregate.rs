//! Manga aggregate (`GET /manga/{id}/aggregate`): volumes and chapters.
//!
//! The API sends maps keyed by volume and chapter number; when the keys happen to be
//! `0, 1, 2, ...` PHP encodes them as JSON arrays instead, and an empty map as `[]`. Both
//! shapes decode here, and document order is kept (the API sorts them).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer, ser::SerializeMap};
use uuid::Uuid;

/// `GET /manga/{id}/aggregate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MangaAggregate {
    /// The volumes, in the API's order (`none` is the bucket of chapters without volume).
    #[serde(
        default,
        deserialize_with = "keyed_list",
        serialize_with = "serialize_volumes"
    )]
    pub volumes: Vec<AggregateVolume>,
}

impl MangaAggregate {
    /// A volume by its name (`"1"`, `"none"`).
    pub fn volume(&self, volume: &str) -> Option<&AggregateVolume> {
        self.volumes.iter().find(|v| v.volume == volume)
    }

    /// Every chapter of every volume, in order.
    pub fn chapters(&self) -> impl Iterator<Item = &AggregateChapter> {
        self.volumes.iter().flat_map(|v| v.chapters.iter())
    }
}

/// A volume of the aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregateVolume {
    /// The volume (`"none"` for chapters without volume).
    pub volume: String,
    /// Number of chapters (all translations).
    #[serde(default)]
    pub count: u32,
    /// The chapters, in the API's order.
    #[serde(
        default,
        deserialize_with = "keyed_list",
        serialize_with = "serialize_chapters"
    )]
    pub chapters: Vec<AggregateChapter>,
}

impl AggregateVolume {
    /// A chapter by its number (`"15.1"`, `"none"`).
    pub fn chapter(&self, chapter: &str) -> Option<&AggregateChapter> {
        self.chapters.iter().find(|c| c.chapter == chapter)
    }
}

/// A chapter number of the aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateChapter {
    /// The chapter number (`"none"` for a oneshot).
    pub chapter: String,
    /// One chapter with this number.
    pub id: Uuid,
    /// The other chapters with this number (other translations or groups).
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub others: Vec<Uuid>,
    /// Number of chapters with this number.
    #[serde(default)]
    pub count: u32,
    /// Whether the chapter is unavailable.
    #[serde(default)]
    pub is_unavailable: bool,
}

fn keyed_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ListVisitor<T>(PhantomData<fn() -> T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map or an array")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((_key, value)) = map.next_entry::<de::IgnoredAny, T>()? {
                out.push(value);
            }
            Ok(out)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(value) = seq.next_element()? {
                out.push(value);
            }
            Ok(out)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }

    deserializer.deserialize_any(ListVisitor(PhantomData))
}

fn serialize_volumes<S: Serializer>(
    volumes: &[AggregateVolume],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(volumes.len()))?;
    for volume in volumes {
        map.serialize_entry(&volume.volume, volume)?;
    }
    map.end()
}

fn serialize_chapters<S: Serializer>(
    chapters: &[AggregateChapter],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(chapters.len()))?;
    for chapter in chapters {
        map.serialize_entry(&chapter.chapter, chapter)?;
    }
    map.end()
}
