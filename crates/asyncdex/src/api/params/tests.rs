//! Tests of the query pairs and date filters.

use super::{Query, date};

#[test]
fn set_replaces_and_ids_are_counted() {
    let mut query = Query::default();
    query.set("title", "a");
    query.set("title", "b");
    query.order("createdAt", "desc");
    query.order("title", "asc");
    query.set_ids("ids[]", 0..101);
    let pairs: Vec<_> = query.pairs().take(3).collect();
    assert_eq!(
        pairs,
        [
            ("title", "b"),
            ("order[createdAt]", "desc"),
            ("order[title]", "asc")
        ]
    );
    assert_eq!(query.oversized_id_filter(), Some(("ids[]", 101)));
    query.set_ids("ids[]", 0..100);
    assert_eq!(query.oversized_id_filter(), None);
}

#[test]
fn one_or_many() {
    let mut query = Query::default();
    query.set_one_or_many("chapter", ["1", "2"]);
    query.set_one_or_many("uploader", ["a"]);
    let pairs: Vec<_> = query.pairs().collect();
    assert_eq!(
        pairs,
        [("chapter[]", "1"), ("chapter[]", "2"), ("uploader", "a")]
    );
    query.set_one_or_many("chapter", ["3"]);
    query.set_one_or_many("uploader", ["b", "c"]);
    let pairs: Vec<_> = query.pairs().collect();
    assert_eq!(
        pairs,
        [("chapter", "3"), ("uploader[]", "b"), ("uploader[]", "c")]
    );
}

#[test]
fn dates_are_utc_without_offset() {
    let date_time = time::macros::datetime!(2024-01-02 03:04:05 +02:00);
    assert_eq!(date(date_time), "2024-01-02T01:04:05");
}
