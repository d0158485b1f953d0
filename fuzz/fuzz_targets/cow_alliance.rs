//! `tiegraph ingest --input cow-alliance --states …` on arbitrary bytes (see `harness::cow`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::cow(harness::Cow::Alliance, data));
