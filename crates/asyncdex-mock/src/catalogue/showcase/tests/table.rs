//! The showcase's records match the documented table.

use std::collections::HashSet;

use uuid::Uuid;

use super::find;
use crate::catalogue::showcase::table::{FORBIDDEN_TITLE, ROWS};
use crate::catalogue::{Catalogue, MANGA_COUNT};

#[test]
fn the_table_holds() {
    let cat = Catalogue::generate(crate::DEFAULT_SEED);
    let s = cat.showcase();
    let m = cat.showcase_manga();
    assert_eq!(m.id, s.manga);
    assert_eq!(cat.manga.len(), MANGA_COUNT + 1);
    assert_eq!(m.title, "Showcase: The Archivist's Lantern");
    assert_eq!(
        (m.original_language, m.content_rating, m.status),
        ("ja", "suggestive", "ongoing")
    );
    assert_eq!(m.available_languages, ["en", "es-la", "fr"]);
    let genres = m
        .tags
        .iter()
        .filter(|t| cat.tag_by_id(t).is_some_and(|t| t.group == "genre"));
    assert!(genres.count() >= 3);
    assert_eq!(m.authors.len(), 2);
    assert!(m.artists.contains(&m.authors[0]) && !m.artists.contains(&m.authors[1]));
    let volumes: Vec<_> = cat
        .covers_of(&m.id)
        .iter()
        .map(|c| c.volume.clone())
        .collect();
    assert_eq!(
        volumes,
        [Some("1".into()), Some("2".into()), Some("3".into()), None]
    );
    assert_eq!(cat.cover_by_id(&m.cover).map(|c| c.manga), Some(m.id));

    let chapters = cat.chapters_of(&m.id);
    assert_eq!(chapters.len(), ROWS.len());
    let ids: HashSet<_> = chapters.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), chapters.len());
    for c in chapters {
        assert_eq!(cat.chapter_by_id(&c.id).map(|x| x.id), Some(c.id));
        assert_eq!(cat.chapter_by_hash(&c.hash).map(|x| x.id), Some(c.id));
        assert_eq!(c.external_url.is_some(), c.pages == 0, "{c:?}");
        assert!(c.pages == 0 || (3..=8).contains(&c.pages), "{c:?}");
        assert!(c.groups.iter().all(|g| cat.group_by_id(g).is_some()));
        assert!(cat.user_by_id(&c.uploader).is_some());
    }
    for lang in ["en", "fr", "es-la"] {
        let times: Vec<_> = chapters
            .iter()
            .filter(|c| c.language == lang)
            .map(|c| c.publish_at)
            .collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{lang}: {times:?}");
    }

    let en = |ch: &str, g: Uuid| find(&cat, "en", Some(ch), g);
    assert!(en("3", s.group_b).pages > en("3", s.group_a).pages);
    let (two_a, two_c) = (en("2", s.group_a), en("2", s.group_c));
    assert!(two_c.pages < two_a.pages && two_c.publish_at > two_a.publish_at);
    assert!(cat.showcase_chapter("en", Some("6"), s.group_a).is_none());
    assert_eq!(en("6", s.group_b).groups, [s.group_b]);
    let (seven_a, seven_b) = (en("7", s.group_a), en("7", s.group_b));
    assert!(seven_a.pages == seven_b.pages && seven_b.publish_at > seven_a.publish_at);
    assert_eq!(en("8", s.group_a).groups, [s.group_a, s.group_c]);
    assert_eq!(en("8", s.group_a).title.as_deref().map(str::len), Some(300));
    assert_eq!(en("3", s.group_a).title.as_deref(), Some(FORBIDDEN_TITLE));
    assert_eq!(en("4.5", s.group_a).volume.as_deref(), Some("1"));
    assert_eq!(en("9", s.group_a).volume, None);
    let ten_d = en("10", s.group_d);
    assert_eq!(ten_d.uploader, s.other_uploader);
    assert_eq!(
        chapters
            .iter()
            .filter(|c| c.uploader == s.other_uploader)
            .count(),
        1
    );
    let oneshot = find(&cat, "en", None, s.group_a);
    assert_eq!(
        (oneshot.volume.as_deref(), oneshot.title.as_deref()),
        (None, Some("Side Story: Lantern Festival"))
    );
    assert!(en("11", s.group_d).external_url.is_some());
    assert_eq!(
        find(&cat, "es-la", Some("1"), s.group_es).volume.as_deref(),
        Some("1")
    );
    for n in ["1", "2", "3"] {
        assert_eq!(
            find(&cat, "fr", Some(n), s.group_fr).volume.as_deref(),
            Some("1")
        );
    }
    assert_eq!(m.latest_chapter, Some(en("12", s.group_a).id));
}
