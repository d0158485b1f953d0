//! The pair-periods table reader on arbitrary bytes (see `harness::pair_periods`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::pair_periods(data));
