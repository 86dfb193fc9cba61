//! The catalogue's lookup tables, built once its collections are complete.

use std::collections::HashMap;

use uuid::Uuid;

use super::{Catalogue, Kind};

impl Catalogue {
    /// Fills the lookups from the collections: every id to its collection and position, each
    /// manga's covers, each chapter by its at-home hash.
    pub(super) fn index(&mut self) {
        let mut ids = HashMap::new();
        add(&mut ids, &self.tags, Kind::Tag, |x| x.id);
        add(&mut ids, &self.users, Kind::User, |x| x.id);
        add(&mut ids, &self.authors, Kind::Author, |x| x.id);
        add(&mut ids, &self.groups, Kind::Group, |x| x.id);
        add(&mut ids, &self.manga, Kind::Manga, |x| x.id);
        add(&mut ids, &self.chapters, Kind::Chapter, |x| x.id);
        add(&mut ids, &self.covers, Kind::Cover, |x| x.id);
        add(&mut ids, &self.lists, Kind::List, |x| x.id);
        self.index = ids;
        let mut covers_by_manga: HashMap<Uuid, Vec<usize>> = HashMap::new();
        for (i, c) in self.covers.iter().enumerate() {
            covers_by_manga.entry(c.manga).or_default().push(i);
        }
        self.covers_by_manga = covers_by_manga;
        self.by_hash = self
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.hash.clone(), i))
            .collect();
    }
}

fn add<T>(
    index: &mut HashMap<Uuid, (Kind, usize)>,
    items: &[T],
    kind: Kind,
    id: impl Fn(&T) -> Uuid,
) {
    index.extend(items.iter().enumerate().map(|(i, x)| (id(x), (kind, i))));
}
