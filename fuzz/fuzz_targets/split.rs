//! The CSV loader reading `ties.csv` in two parts against one thread (see
//! `harness::split`).

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::split(data));
