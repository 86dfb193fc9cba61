//! The query parameters of an endpoint builder, and the macros that write their setters.
//!
//! Keys are the spec's names, brackets included (`includes[]`, `order[createdAt]`, but
//! `includes` for `GET /chapter`, as spec 5.13.1 spells it). Setting a key again replaces its
//! values; orderings accumulate in call order.

use std::fmt::Display;

use time::OffsetDateTime;
use time::macros::format_description;

use super::MAX_IDS;

#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
    /// Id filters, whose length is checked when sending.
    id_keys: Vec<&'static str>,
}

impl Query {
    /// Sets `key` to one value.
    pub(crate) fn set(&mut self, key: &str, value: impl Display) {
        self.remove(key);
        self.pairs.push((key.to_owned(), value.to_string()));
    }

    /// Sets `key` to these values (one pair each, in order).
    pub(crate) fn set_all<I>(&mut self, key: &str, values: I)
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.remove(key);
        let values = values.into_iter().map(|v| (key.to_owned(), v.to_string()));
        self.pairs.extend(values);
    }

    /// Sets a parameter the spec types as "one value or an array": `key=value` for one value,
    /// `key[]=value` for each of several (the bracketless form would keep only the last).
    pub(crate) fn set_one_or_many<I>(&mut self, key: &str, values: I)
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let values: Vec<String> = values.into_iter().map(|v| v.to_string()).collect();
        let array = format!("{key}[]");
        self.remove(&array);
        if let [one] = values.as_slice() {
            self.set(key, one);
        } else {
            self.remove(key);
            self.set_all(&array, values);
        }
    }

    /// Sets an id filter: at most [`MAX_IDS`] values, checked when sending.
    pub(crate) fn set_ids<I>(&mut self, key: &'static str, ids: I)
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.set_all(key, ids);
        if !self.id_keys.contains(&key) {
            self.id_keys.push(key);
        }
    }

    /// Adds `order[field]=direction` after the orderings set so far.
    pub(crate) fn order(&mut self, field: impl Display, direction: impl Display) {
        let key = format!("order[{field}]");
        self.remove(&key);
        self.pairs.push((key, direction.to_string()));
    }

    fn remove(&mut self, key: &str) {
        self.pairs.retain(|(k, _)| k != key);
    }

    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The first id filter with more than [`MAX_IDS`] values.
    pub(crate) fn oversized_id_filter(&self) -> Option<(&'static str, usize)> {
        self.id_keys.iter().find_map(|key| {
            let count = self.pairs.iter().filter(|(k, _)| k == key).count();
            (count > MAX_IDS).then_some((*key, count))
        })
    }
}

/// A date filter as the API reads it: `YYYY-MM-DDTHH:MM:SS`, in UTC, no offset.
pub(crate) fn date(value: OffsetDateTime) -> String {
    let utc = value.to_offset(time::UtcOffset::UTC);
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    utc.format(&format).unwrap_or_default()
}

/// Query setters for a builder `struct X(Call)`. Each line is
/// `name(kind) => "key";` with these kinds:
///
/// | kind | argument | encoding |
/// |---|---|---|
/// | `text` | `impl Into<String>` | as is |
/// | `id` | `Uuid` | one value |
/// | `ids` | `impl IntoIterator<Item = Uuid>` | one pair per id, at most 100 |
/// | `one T` | `T: Display` (an enum) | its wire value |
/// | `list T` | `impl IntoIterator<Item = T>` | one pair per value |
/// | `texts` | `impl IntoIterator<Item = impl Into<String>>` | one pair per value |
/// | `some T` | `impl IntoIterator<Item = T>` | `key=v` for one value, else `key[]=v` each |
/// | `flag` | `bool` | `true` / `false` |
/// | `bit` | `bool` | `1` / `0` (the spec's integer or string `0`/`1` enums) |
/// | `date` | `OffsetDateTime` | `YYYY-MM-DDTHH:MM:SS` UTC |
/// | `order T` | `T`, [`OrderDirection`](crate::model::OrderDirection) | `order[field]=asc\|desc` |
macro_rules! params {
    ($( $(#[$doc:meta])* $name:ident($($kind:tt)+) => $key:literal; )*) => {
        $( $crate::api::params::params!(@one [$(#[$doc])*] $name [$($kind)+] $key); )*
    };
    (@one [$($doc:tt)*] $name:ident [text] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`.")]
        $($doc)*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.0.query.set($key, value.into());
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [id] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`.")]
        $($doc)*
        pub fn $name(mut self, id: ::uuid::Uuid) -> Self {
            self.0.query.set($key, id);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [ids] $key:literal) => {
        #[doc = concat!("Sets `", $key, "` (at most 100 ids, checked when sending).")]
        $($doc)*
        pub fn $name(mut self, ids: impl IntoIterator<Item = ::uuid::Uuid>) -> Self {
            self.0.query.set_ids($key, ids);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [one $ty:ty] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`.")]
        $($doc)*
        pub fn $name(mut self, value: $ty) -> Self {
            self.0.query.set($key, value);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [list $ty:ty] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`, one pair per value.")]
        $($doc)*
        pub fn $name(mut self, values: impl IntoIterator<Item = $ty>) -> Self {
            self.0.query.set_all($key, values);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [texts] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`, one pair per value.")]
        $($doc)*
        pub fn $name<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
            self.0.query.set_all($key, values.into_iter().map(Into::into));
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [some $ty:ty] $key:literal) => {
        #[doc = concat!("Sets `", $key, "` (one value) or `", $key, "[]` (several), as the spec's `oneOf` allows.")]
        $($doc)*
        pub fn $name(mut self, values: impl IntoIterator<Item = $ty>) -> Self {
            self.0.query.set_one_or_many($key, values);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [flag] $key:literal) => {
        #[doc = concat!("Sets `", $key, "` (`true` / `false`).")]
        $($doc)*
        pub fn $name(mut self, value: bool) -> Self {
            self.0.query.set($key, value);
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [bit] $key:literal) => {
        #[doc = concat!("Sets `", $key, "` (sent as `1` / `0`, as the spec wants).")]
        $($doc)*
        pub fn $name(mut self, value: bool) -> Self {
            self.0.query.set($key, u8::from(value));
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [date] $key:literal) => {
        #[doc = concat!("Sets `", $key, "`: sent as `YYYY-MM-DDTHH:MM:SS` in UTC.")]
        $($doc)*
        pub fn $name(mut self, value: ::time::OffsetDateTime) -> Self {
            self.0.query.set($key, $crate::api::params::date(value));
            self
        }
    };
    (@one [$($doc:tt)*] $name:ident [order $ty:ty] $key:literal) => {
        #[doc = concat!("Adds `", $key, "[field]=asc|desc`; call again for a secondary ordering.")]
        $($doc)*
        pub fn $name(mut self, field: $ty, direction: $crate::model::OrderDirection) -> Self {
            self.0.query.order(field, direction);
            self
        }
    };
}

/// The query setters shared by the four chapter lists (`GET /chapter` and the three feeds).
macro_rules! chapter_filters {
    () => {
        $crate::api::params::params! {
            translated_language(list $crate::model::Language) => "translatedLanguage[]";
            original_language(list $crate::model::Language) => "originalLanguage[]";
            excluded_original_language(list $crate::model::Language) => "excludedOriginalLanguage[]";
            /// The API's default leaves out `pornographic`.
            content_rating(list $crate::model::ContentRating) => "contentRating[]";
            excluded_groups(ids) => "excludedGroups[]";
            excluded_uploaders(ids) => "excludedUploaders[]";
            include_future_updates(bit) => "includeFutureUpdates";
            include_empty_pages(bit) => "includeEmptyPages";
            include_future_publish_at(bit) => "includeFuturePublishAt";
            include_external_url(bit) => "includeExternalUrl";
            include_unavailable(bit) => "includeUnavailable";
            external_url(text) => "externalUrl";
            exclude_external_url(text) => "excludeExternalUrl";
            created_at_since(date) => "createdAtSince";
            updated_at_since(date) => "updatedAtSince";
            publish_at_since(date) => "publishAtSince";
            order(order $crate::api::ChapterOrder) => "order";
        }
    };
}

/// A `string_enum`-like field enum for `order[...]` (only known values; `Display` gives the
/// wire name).
macro_rules! order_enum {
    ($(#[$doc:meta])* $name:ident { $( $variant:ident => $value:literal, )+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`order[", $value, "]`.")]
                $variant,
            )+
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    $( Self::$variant => $value, )+
                })
            }
        }
    };
}

pub(crate) use {chapter_filters, order_enum, params};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_and_ids_are_counted() {
        let mut query = Query::default();
        query.set("title", "a");
        query.set("title", "b");
        query.order("createdAt", "desc");
        query.order("title", "asc");
        query.set_ids("ids[]", 0..101);
        let pairs: Vec<_> = query.pairs().take(3).collect();
        assert_eq!(
            pairs,
            [
                ("title", "b"),
                ("order[createdAt]", "desc"),
                ("order[title]", "asc")
            ]
        );
        assert_eq!(query.oversized_id_filter(), Some(("ids[]", 101)));
        query.set_ids("ids[]", 0..100);
        assert_eq!(query.oversized_id_filter(), None);
    }

    #[test]
    fn one_or_many() {
        let mut query = Query::default();
        query.set_one_or_many("chapter", ["1", "2"]);
        query.set_one_or_many("uploader", ["a"]);
        let pairs: Vec<_> = query.pairs().collect();
        assert_eq!(
            pairs,
            [("chapter[]", "1"), ("chapter[]", "2"), ("uploader", "a")]
        );
        query.set_one_or_many("chapter", ["3"]);
        query.set_one_or_many("uploader", ["b", "c"]);
        let pairs: Vec<_> = query.pairs().collect();
        assert_eq!(
            pairs,
            [("chapter", "3"), ("uploader[]", "b"), ("uploader[]", "c")]
        );
    }

    #[test]
    fn dates_are_utc_without_offset() {
        let date_time = time::macros::datetime!(2024-01-02 03:04:05 +02:00);
        assert_eq!(date(date_time), "2024-01-02T01:04:05");
    }
}
