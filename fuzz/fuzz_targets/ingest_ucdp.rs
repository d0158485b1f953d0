//! `tiegraph ingest --input ucdp` on arbitrary bytes (see `harness::ingest`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ingest(tiegraph::ingest::Family::Ucdp, data));
