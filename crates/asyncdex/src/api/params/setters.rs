//! `params!`: the query setters of an endpoint builder, one line per parameter.

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

pub(crate) use params;
