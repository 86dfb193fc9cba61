//! [`Catalogue::generate`]: every generation step, in the order of the random stream.

use std::collections::HashMap;

use super::{Catalogue, lists, people, series, showcase, words};
use crate::util::{Rng, mix};

impl Catalogue {
    /// The catalogue of `seed`. Every step draws from one random stream, in this order; the
    /// ids and values tests rely on depend on it.
    pub(crate) fn generate(seed: u64) -> Self {
        let mut rng = Rng::new(mix(seed ^ 0x00C0_FFEE));
        let tags = people::tags();
        let users = people::users(seed, &mut rng);
        let mut authors = people::authors(seed, &mut rng);
        let groups = people::groups(seed, &mut rng, &users);
        let series::Generated {
            mut manga,
            mut chapters,
            mut covers,
            mut by_manga,
        } = series::generate(
            &mut rng,
            seed,
            &people::People {
                tags: &tags,
                users: &users,
                authors: &authors,
                groups: &groups,
                groups_by_language: people::groups_by_language(&groups),
            },
        );
        let lists = lists::generate(&mut rng, seed, &manga, &users);
        // The showcase comes last, so the generated data above stays what it was.
        let clock_end = chapters
            .iter()
            .map(|c| c.publish_at)
            .max()
            .unwrap_or(words::EPOCH);
        let parts = showcase::build(seed, &users, &groups, &tags, clock_end);
        authors.extend(parts.authors);
        covers.extend(parts.covers);
        let span = (chapters.len(), chapters.len() + parts.chapters.len());
        by_manga.insert(parts.manga.id, span);
        chapters.extend(parts.chapters);
        manga.push(parts.manga);
        let mut catalogue = Self {
            seed,
            tags,
            users,
            authors,
            groups,
            manga,
            chapters,
            covers,
            lists,
            index: HashMap::new(),
            by_manga,
            covers_by_manga: HashMap::new(),
            by_hash: HashMap::new(),
            showcase: parts.showcase,
            clock_end,
        };
        catalogue.index();
        catalogue
    }
}
