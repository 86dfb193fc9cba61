//! Fuzz target `error_body`: see `asyncdex_fuzz::error_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| asyncdex_fuzz::error_body(data));
