//! Fuzz target `route_matching`: see `asyncdex_fuzz::route_matching`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| asyncdex_fuzz::route_matching(data));
