//! Decoding one 100-item manga-list page with its includes (author and cover art expanded,
//! 237,626 bytes as `asyncdex-mock` serves it): the typed
//! `CollectionResponse<Manga>` against an untyped `serde_json::Value`, from the same bytes.
//!
//! Run: `cargo bench --bench decode`.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

use std::hint::black_box;

use asyncdex::model::{CollectionResponse, Manga};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

static MANGA_LIST: &[u8] = include_bytes!("data/manga_list_100.json");

fn decode(c: &mut Criterion) {
    let typed: CollectionResponse<Manga> =
        serde_json::from_slice(MANGA_LIST).expect("the page decodes as typed");
    assert_eq!(typed.data.len(), 100);
    let mut group = c.benchmark_group("decode_manga_list_100");
    group.throughput(Throughput::Bytes(MANGA_LIST.len() as u64));
    group.bench_function("typed_CollectionResponse_Manga", |b| {
        b.iter(|| {
            serde_json::from_slice::<CollectionResponse<Manga>>(black_box(MANGA_LIST))
                .expect("typed")
        })
    });
    group.bench_function("serde_json_Value", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(MANGA_LIST)).expect("value")
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
