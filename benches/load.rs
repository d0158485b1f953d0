//! Loading: the floor (parsing ties.csv with the csv crate, nothing else),
//! load + validate, and load + validate + one snapshot.
//!
//! `cargo bench --bench load` (sizes: small, medium, large; set
//! `TIEGRAPH_BENCH_SIZES=small,medium` to skip the large one).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

mod gen;

/// Writes the dataset once per size into the system temp dir.
fn dataset_dir(size: gen::Size) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tiegraph-bench-{}", size.name));
    if !dir.join("ties.csv").exists() {
        gen::write(size, &dir).expect("write the generated dataset");
    }
    dir
}

/// The floor: a ByteRecord loop over ties.csv, no validation.
fn parse_floor(path: &std::path::Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .expect("open ties.csv");
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while reader.read_byte_record(&mut record).expect("read a record") {
        fields += record.len();
    }
    fields
}

fn load(c: &mut Criterion) {
    for size in gen::sizes_from_env() {
        let dir = dataset_dir(size);
        let mut group = c.benchmark_group("load");
        group.sample_size(10);
        let fields = parse_floor(&dir.join("ties.csv"));
        assert_eq!(fields, size.ties * 10);
        group.bench_function(format!("floor_csv_parse/{}", size.name), |b| {
            b.iter(|| black_box(parse_floor(&dir.join("ties.csv"))))
        });
        let data = tiegraph::Dataset::load_dir(&dir).expect("the generated dataset is valid");
        assert_eq!(data.ties().len(), size.ties);
        group.bench_function(format!("validate/{}", size.name), |b| {
            b.iter(|| black_box(tiegraph::Dataset::load_dir(&dir).map(|d| d.ties().len())))
        });
        let at: tiegraph::Selector = "2020-06-01".parse().expect("a date");
        group.bench_function(format!("validate_snapshot/{}", size.name), |b| {
            b.iter(|| {
                let data = tiegraph::Dataset::load_dir(&dir).expect("valid");
                let n = data.snapshot(&at).ties().len();
                black_box(n)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
