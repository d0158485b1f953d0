//! The GraphML reader on arbitrary text (see `harness::graphml`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::graphml(data));
