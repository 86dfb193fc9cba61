//! Fuzz target `ratelimit_headers`: see `asyncdex_fuzz::ratelimit_headers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| asyncdex_fuzz::ratelimit_headers(data));
