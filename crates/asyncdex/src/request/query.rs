//! The query string: pairs, arrays and orderings, written straight after the URL.

use std::fmt;

use super::RequestBuilder;
use crate::query::{push_order, push_pair};

impl RequestBuilder {
    /// Adds `key=value` to the query string (URL-encoded).
    pub fn param(mut self, key: &str, value: impl fmt::Display) -> Self {
        if let Some(query) = self.query() {
            push_pair(query, key, false, &value);
        }
        self
    }

    /// Adds one `key[]=value` per value, in order: the API's array syntax (`includes[]=author
    /// &includes[]=cover_art`). A key that already ends in `[]` is used as it is.
    pub fn params<I>(mut self, key: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        for value in values {
            if let Some(query) = self.query() {
                push_pair(query, key, true, &value);
            }
        }
        self
    }

    /// Adds `order[field]=direction`: the API's deep-object ordering syntax.
    pub fn order(mut self, field: &str, direction: impl fmt::Display) -> Self {
        if let Some(query) = self.query() {
            push_order(query, field, &direction);
        }
        self
    }

    /// The target, ready for one more query pair (its `?` or `&` written); `None` when the
    /// URL was refused, which `send` reports.
    fn query(&mut self) -> Option<&mut String> {
        let target = self.target.as_mut().ok()?;
        target.text.push(if target.has_query { '&' } else { '?' });
        target.has_query = true;
        Some(&mut target.text)
    }
}
