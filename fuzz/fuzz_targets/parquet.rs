//! The Parquet readers on arbitrary bytes (see `harness::parquet`).

#![no_main]

use std::sync::Once;

#[path = "../harness.rs"]
mod harness;

static HOOK: Once = Once::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // libFuzzer's panic hook aborts on every panic, even one the code under
    // test catches. The readers catch, on purpose, the panics the parquet
    // crate raises on a few malformed pages, and refuse the file
    // (`tiegraph::quiet_caught_panics`; docs/fuzzing.md); the harness then
    // checks the problem they report. So libFuzzer's hook is wrapped in the
    // one that keeps quiet about exactly those panics: any other panic, in
    // tiegraph's code or outside the readers' guarded calls, still aborts.
    HOOK.call_once(tiegraph::quiet_caught_panics);
    harness::parquet(data)
});
