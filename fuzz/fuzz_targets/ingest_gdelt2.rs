//! `tiegraph ingest --input gdelt2` on arbitrary bytes (see `harness::ingest`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ingest(tiegraph::ingest::Family::Gdelt2, data));
