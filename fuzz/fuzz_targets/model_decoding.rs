//! Fuzz target `model_decoding`: see `asyncdex_fuzz::model_decoding`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| asyncdex_fuzz::model_decoding(data));
