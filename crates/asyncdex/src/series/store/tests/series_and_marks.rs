//! Followed series, sync watermarks and the stored form of times.

use time::OffsetDateTime;

use crate::series::store::times::{parse_time, stored_time};

use super::*;

#[test]
fn series_come_back_by_title_and_are_replaced() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let (b, a) = (series(1, "beta"), series(2, "Alpha"));
    store.record_series(&b).unwrap();
    store.record_series(&a).unwrap();
    assert_eq!(store.series().unwrap(), vec![a.clone(), b.clone()]);
    let bare = SeriesRecord {
        latest_uploaded_chapter: None,
        options: json!(null),
        ..b
    };
    store.record_series(&bare).unwrap();
    assert_eq!(store.series_record(bare.manga).unwrap(), Some(bare.clone()));
    assert_eq!(store.series().unwrap(), vec![a, bare]);
    assert_eq!(store.series_record(Uuid::from_u128(3)).unwrap(), None);
}

#[test]
fn marks_are_set_read_and_replaced() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    assert_eq!(store.mark("followed").unwrap(), None);
    store
        .set_mark("followed", datetime!(2024-01-01 00:00 +09:00))
        .unwrap();
    store
        .set_mark("manga:x", datetime!(2024-02-01 00:00 UTC))
        .unwrap();
    assert_eq!(
        store.mark("followed").unwrap(),
        Some(datetime!(2023-12-31 15:00 UTC))
    );
    store
        .set_mark("followed", datetime!(2024-03-01 00:00:00.000000001 UTC))
        .unwrap();
    assert_eq!(
        store.mark("followed").unwrap(),
        Some(datetime!(2024-03-01 00:00:00.000000001 UTC))
    );
    assert_eq!(
        store.mark("manga:x").unwrap(),
        Some(datetime!(2024-02-01 00:00 UTC))
    );
}

#[test]
fn stored_times_sort_as_text_in_time_order() {
    let times = [
        datetime!(2024-01-01 00:00:00 UTC),
        datetime!(2024-01-01 00:00:00.5 UTC),
        datetime!(2024-01-01 00:00:01 UTC),
        datetime!(2024-01-01 01:00:00 +02:00),
    ];
    let mut stored: Vec<String> = times.iter().map(|t| stored_time(*t).unwrap()).collect();
    assert_eq!(stored[0], "2024-01-01T00:00:00.000000000Z");
    stored.sort();
    let mut by_time = times.to_vec();
    by_time.sort();
    let back: Vec<OffsetDateTime> = stored.iter().map(|s| parse_time(s).unwrap()).collect();
    assert_eq!(back, by_time);
}
