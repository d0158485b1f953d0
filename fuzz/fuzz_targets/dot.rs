//! DOT generation from arbitrary names (see `harness::dot`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dot(data));
