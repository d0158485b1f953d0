//! Snapshots, diffs and the timeline sweep on a loaded dataset.
//!
//! `cargo bench --bench snapshot`; `TIEGRAPH_BENCH_SIZES=small,medium` skips `large`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tiegraph::{Date, Selector, Step};

mod gen;

fn snapshots(c: &mut Criterion) {
    for size in gen::sizes_from_env() {
        let data = gen::dataset(size);
        let day: Selector = "2020-06-01".parse().expect("a date");
        let year: Selector = "2020".parse().expect("a year");
        let mut group = c.benchmark_group("snapshot");
        group.sample_size(20);
        // Each bench checks its result once against a brute-force filter.
        let brute = data.ties().iter().filter(|t| t.is_in_force(&day)).count();
        assert_eq!(data.snapshot(&day).ties().len(), brute);
        group.bench_function(format!("at_day/{}", size.name), |b| {
            b.iter(|| black_box(data.snapshot(&day).ties().len()))
        });
        group.bench_function(format!("at_year/{}", size.name), |b| {
            b.iter(|| black_box(data.snapshot(&year).ties().len()))
        });
        group.bench_function(format!("pairs_at_day/{}", size.name), |b| {
            b.iter(|| black_box(data.snapshot(&day).pairs().len()))
        });
        group.finish();

        let mut group = c.benchmark_group("diff");
        group.sample_size(10);
        let (from, to): (Selector, Selector) = (
            "2018-01-01".parse().expect("date"),
            "2024-01-01".parse().expect("date"),
        );
        let diff = data.diff(&from, &to);
        assert_eq!(diff.dyads().len(), {
            let (a, b) = (data.snapshot(&from).pairs(), data.snapshot(&to).pairs());
            let mut keys: Vec<_> = a.iter().chain(b.iter()).map(|p| (p.a, p.b)).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len()
        });
        group.bench_function(format!("two_dates/{}", size.name), |b| {
            b.iter(|| black_box(data.diff(&from, &to).dyads().len()))
        });
        group.finish();

        let mut group = c.benchmark_group("sweep");
        group.sample_size(10);
        let steps = Step::Months(1).periods(
            Date::parse("2021-01").expect("date"),
            Date::parse("2026-12").expect("date"),
        );
        assert_eq!(steps.len(), 72);
        let swept: Vec<usize> = data
            .sweep(steps.iter().copied())
            .map(|s| s.ties().len())
            .collect();
        let direct: Vec<usize> = steps
            .iter()
            .map(|s| data.snapshot(s).ties().len())
            .collect();
        assert_eq!(swept, direct);
        group.bench_function(format!("monthly_72_ties/{}", size.name), |b| {
            b.iter(|| {
                black_box(
                    data.sweep(steps.iter().copied())
                        .map(|s| s.ties().len())
                        .sum::<usize>(),
                )
            })
        });
        group.bench_function(format!("monthly_72_pairs/{}", size.name), |b| {
            b.iter(|| {
                black_box(
                    data.sweep(steps.iter().copied())
                        .map(|s| s.pairs().len())
                        .sum::<usize>(),
                )
            })
        });
        group.finish();
    }
}

criterion_group!(benches, snapshots);
criterion_main!(benches);
