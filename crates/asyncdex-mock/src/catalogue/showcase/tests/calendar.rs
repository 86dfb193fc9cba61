//! Publish times against the catalogue clock.

use super::find;
use crate::catalogue::Catalogue;
use crate::catalogue::showcase::table::DAY;

#[test]
fn only_chapter_twelve_is_after_the_clock_end() {
    for seed in [crate::DEFAULT_SEED, 1, 2] {
        let cat = Catalogue::generate(seed);
        let s = cat.showcase();
        let twelve = find(&cat, "en", Some("12"), s.group_a);
        let ten = find(&cat, "en", Some("10"), s.group_a);
        assert_eq!(twelve.publish_at - ten.publish_at, 30 * DAY);
        assert!(twelve.publish_at > cat.clock_end());
        let late: Vec<_> = cat
            .chapters
            .iter()
            .filter(|c| c.publish_at > cat.clock_end())
            .map(|c| c.id)
            .collect();
        assert_eq!(late, [twelve.id], "seed {seed}");
    }
}
