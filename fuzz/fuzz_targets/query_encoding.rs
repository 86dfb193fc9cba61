//! Fuzz target `query_encoding`: see `asyncdex_fuzz::query_encoding`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| asyncdex_fuzz::query_encoding(data));
