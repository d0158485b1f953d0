//! The Parquet readers on arbitrary bytes (see `harness::parquet`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::parquet(data));
