//! Tests of the builder, and the fake environment they read.

use std::ffi::OsString;

use super::*;
use crate::client::MangadexClient;

mod env;
mod env_pairs;
mod urls;

fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| OsString::from(*value))
    }
}
