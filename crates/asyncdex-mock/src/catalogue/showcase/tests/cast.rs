//! The picked groups and users fit their roles.

use std::collections::HashSet;

use crate::catalogue::Catalogue;
use crate::catalogue::showcase::table::LONG_TITLE;

#[test]
fn the_cast_is_distinct_and_fits_the_roles() {
    let cat = Catalogue::generate(crate::DEFAULT_SEED);
    let s = cat.showcase();
    let groups = [
        s.group_a, s.group_b, s.group_c, s.group_d, s.group_fr, s.group_es,
    ];
    assert_eq!(groups.iter().collect::<HashSet<_>>().len(), 6);
    for g in groups {
        let name = &cat.group_by_id(&g).unwrap().name;
        assert_eq!(
            cat.groups.iter().filter(|o| &o.name == name).count(),
            1,
            "{name}"
        );
    }
    assert!(cat.group_by_id(&s.group_d).unwrap().official);
    assert_eq!(
        cat.group_by_id(&s.group_fr).unwrap().focused_languages,
        ["fr"]
    );
    assert_ne!(s.uploader, s.other_uploader);
    assert_eq!(LONG_TITLE.chars().count(), 300);
}
