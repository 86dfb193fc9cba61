//! The catalogue's public custom lists.

use super::records::{ListRecord, MangaRecord, UserRecord};
use super::words::{ADJ, NOUN};
use crate::util::{Rng, det_uuid};

/// Thirty lists of 3 to 20 draws of generated manga (repeats dropped), owned by users.
pub(super) fn generate(
    rng: &mut Rng,
    seed: u64,
    manga: &[MangaRecord],
    users: &[UserRecord],
) -> Vec<ListRecord> {
    (0..30)
        .map(|i| {
            let mut items = Vec::new();
            for _ in 0..rng.range(3, 20) {
                let m = rng.pick(manga).id;
                if !items.contains(&m) {
                    items.push(m);
                }
            }
            ListRecord {
                id: det_uuid(seed, "list", i),
                name: format!("{} {} picks", rng.pick(ADJ), rng.pick(NOUN)),
                owner: rng.pick(users).id,
                manga: items,
            }
        })
        .collect()
}
