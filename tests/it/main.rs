//! tiegraph's integration tests, built as one test binary.
//!
//! Each file in `tests/` used to be its own binary, and each linked the
//! whole library (with `--all-features`, DataFusion too): about twenty
//! links of a quarter of a gigabyte each, per feature set. One binary links
//! once, which keeps CI's time and disk within bounds. The files stay as
//! they were, one module each; run one of them with a filter, e.g.
//! `cargo test --test it cli::` or `cargo test --test it -- --ignored limits::`.
//!
//! Helpers that several modules share (the random datasets, the fuzz
//! harness, the benchmark generators) are declared here, once.

#[path = "../fixtures/core/random.rs"]
mod random;

#[path = "../../fuzz/harness.rs"]
mod harness;

#[path = "../../benches/gen.rs"]
mod gen;

#[path = "../../benches/gen_events.rs"]
mod gen_events;

mod analysis;
mod builder;
mod cli;
mod core;
mod corpus;
mod cow;
mod dataset;
mod evidence;
mod explore;
mod export;
mod fields;
mod ingest;
mod limits;
mod links;
mod parquet;
mod phases;
mod render;
mod report;
mod roundtrip;
mod safety;
mod seeds;
mod write;
