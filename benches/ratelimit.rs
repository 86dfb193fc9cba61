//! Criterion benches of the rate-limit layer (filled in with the layer).
use criterion::{Criterion, criterion_group, criterion_main};

fn hot_path(_c: &mut Criterion) {}

criterion_group!(benches, hot_path);
criterion_main!(benches);
