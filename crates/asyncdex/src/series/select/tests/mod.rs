//! Tests of the selection, and the helpers they share.

mod choice;
mod filters;
mod keys;

use time::macros::datetime;
use uuid::Uuid;

use super::{Candidate, Held, Verdict, select};
use crate::model::Language;
use crate::series::filter::{Filters, Named};

const EN: Language = Language::English;
const FR: Language = Language::French;

fn group(n: u128) -> Named<'static> {
    let names = ["Alpha", "Beta", "Gamma", "Delta"];
    Named {
        id: Uuid::from_u128(n),
        name: Some(names[(n as usize - 1) % 4]),
    }
}

/// Chapter `number` by the groups `groups` (1 = Alpha ...), `pages` pages, uploaded on day
/// `day`; ids are `1000 * number-ish + seq` so that tests can name them.
fn chapter(
    id: u128,
    number: Option<&'static str>,
    groups: &[u128],
    pages: u32,
    day: u8,
) -> Candidate<'static> {
    Candidate {
        id: Uuid::from_u128(id),
        volume: Some("1"),
        chapter: number,
        title: None,
        language: &EN,
        groups: groups.iter().map(|&g| group(g)).collect(),
        uploader: Some(Named {
            id: Uuid::from_u128(900 + id),
            name: Some("uploader"),
        }),
        pages,
        created_at: datetime!(2024-01-01 0:00 UTC) + time::Duration::days(i64::from(day)),
        external_url: None,
        unavailable: false,
    }
}

fn taken(candidates: &[Candidate<'_>], held: &[Held], filters: &Filters, all: bool) -> Vec<u128> {
    select(candidates, held, filters, all, false)
        .iter()
        .zip(candidates)
        .filter(|(v, _)| **v == Verdict::Take)
        .map(|(_, c)| c.id.as_u128())
        .collect()
}
