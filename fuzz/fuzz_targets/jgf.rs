//! The JSON Graph Format reader on arbitrary text (see `harness::jgf`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::jgf(data));
