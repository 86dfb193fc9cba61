//! [`ChapterKey`]: which chapters count as the same one, and their reading order.

use std::cmp::Ordering;

use uuid::Uuid;

use crate::series::filter::parse_number;

/// Which chapters count as "the same chapter".
///
/// The chapter number alone, normalised (`08` and `8.0` are `8`), unless the manga restarts
/// its numbers with each volume: then (volume, number). Groups disagree on volumes more often
/// than on numbers, so keying on the volume too would keep duplicates. A oneshot is keyed by
/// its title (two groups' versions of one oneshot), or its id when it has none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ChapterKey {
    Numbered {
        volume: Option<String>,
        number: String,
    },
    Oneshot(String),
}

impl ChapterKey {
    pub(crate) fn of(
        volume: Option<&str>,
        chapter: Option<&str>,
        title: Option<&str>,
        id: Uuid,
        reset_per_volume: bool,
    ) -> Self {
        match chapter.map(str::trim).filter(|c| !c.is_empty()) {
            Some(number) => Self::Numbered {
                volume: reset_per_volume.then(|| volume.map(normalise)).flatten(),
                number: normalise(number),
            },
            None => Self::Oneshot(
                title
                    .map(|t| t.trim().to_lowercase())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| id.to_string()),
            ),
        }
    }

    /// Reading order: numbered chapters by (volume, number), numbers before words, then
    /// oneshots.
    pub(super) fn reading_order(&self, other: &Self) -> Ordering {
        match (self, other) {
            (
                Self::Numbered {
                    volume: va,
                    number: a,
                },
                Self::Numbered {
                    volume: vb,
                    number: b,
                },
            ) => compare_numbers(va.as_deref(), vb.as_deref())
                .then_with(|| compare_numbers(Some(a), Some(b))),
            (Self::Numbered { .. }, Self::Oneshot(_)) => Ordering::Less,
            (Self::Oneshot(_), Self::Numbered { .. }) => Ordering::Greater,
            (Self::Oneshot(a), Self::Oneshot(b)) => a.cmp(b),
        }
    }
}

/// `08` -> `8`, `8.50` -> `8.5`; words stay, lower-cased.
fn normalise(number: &str) -> String {
    match parse_number(number) {
        Some(n) => format!("{n}"),
        None => number.trim().to_lowercase(),
    }
}

/// Numbers by value, then words, then nothing.
pub(crate) fn compare_numbers(a: Option<&str>, b: Option<&str>) -> Ordering {
    let rank = |text: Option<&str>| match text {
        Some(t) => match parse_number(t) {
            Some(n) => (0, n, String::new()),
            None => (1, 0.0, t.to_lowercase()),
        },
        None => (2, 0.0, String::new()),
    };
    let (a, b) = (rank(a), rank(b));
    a.0.cmp(&b.0)
        .then_with(|| a.1.total_cmp(&b.1))
        .then_with(|| a.2.cmp(&b.2))
}
