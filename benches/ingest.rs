//! `tiegraph ingest` on a million synthetic GDELT 2.0 rows (about 190 MB,
//! made in memory by `gen_events`), both stages, on every core.
//!
//! `cargo bench --bench ingest` (`TIEGRAPH_BENCH_EVENTS=100000` for fewer rows).

use std::io::Read;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use tiegraph::ingest::{ingest_readers, Family, IngestOptions};

mod gen_events;

/// Reads shared bytes without copying them per run.
struct Shared(Arc<Vec<u8>>, usize);

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.0[self.1..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.1 += n;
        Ok(n)
    }
}

fn run(bytes: &Arc<Vec<u8>>) -> tiegraph::ingest::Ingested {
    let reader: Box<dyn Read + Send> = Box::new(Shared(bytes.clone(), 0));
    ingest_readers(
        vec![("events.export.CSV".into(), reader)],
        &IngestOptions::new(Family::Gdelt2),
    )
    .expect("ingests")
}

fn ingest(c: &mut Criterion) {
    let rows: u64 = std::env::var("TIEGRAPH_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut bytes = Vec::new();
    gen_events::write(rows, &mut bytes).expect("generate");
    let bytes = Arc::new(bytes);
    let once = run(&bytes);
    assert_eq!(once.summary.rows_read, rows);
    assert!(once.summary.ties > 0);
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.bench_function(format!("gdelt2/{rows}"), |b| b.iter(|| run(&bytes)));
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
