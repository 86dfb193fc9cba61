//! [`Query`]: the query pairs of an endpoint builder, and its id filters.

use std::fmt::Display;

use crate::api::MAX_IDS;

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
