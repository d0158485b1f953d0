//! Analyses on generated datasets: balance triangles, the 72-step timeline
//! with per-step counts, betweenness, camps.
//!
//! `cargo bench --bench analysis`; `TIEGRAPH_BENCH_SIZES=small,medium` skips `large`,
//! `TIEGRAPH_BENCH_SIZES=none TIEGRAPH_BENCH_NETWORKS=net10k` runs only centrality;
//! `TIEGRAPH_BENCH_SIZES=none TIEGRAPH_BENCH_NETWORKS=none` runs only the
//! camps of the signed networks (issue 21).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use tiegraph::{analysis, Date, Selector, Step};

mod gen;

fn analyses(c: &mut Criterion) {
    for size in gen::sizes_from_env() {
        let data = gen::dataset(size);
        let day: Selector = "2020-06-01".parse().expect("a date");
        let snap = data.snapshot(&day);
        let pairs = snap.pairs();

        let mut group = c.benchmark_group("balance");
        group.sample_size(10);
        let count = analysis::count_triangles(&pairs);
        let listed = analysis::balance(&snap);
        assert_eq!(count.total(), listed.triangles().len());
        group.bench_function(format!("count_at_day/{}", size.name), |b| {
            b.iter(|| black_box(analysis::count_triangles(&snap.pairs()).total()))
        });
        group.bench_function(format!("list_at_day/{}", size.name), |b| {
            b.iter(|| black_box(analysis::balance(&snap).triangles().len()))
        });
        group.finish();

        let mut group = c.benchmark_group("timeline");
        group.sample_size(10);
        let (from, to) = (
            Date::parse("2021-01").expect("date"),
            Date::parse("2026-12").expect("date"),
        );
        let timeline = analysis::timeline(&data, from, to, Step::Months(1));
        assert_eq!(timeline.steps().len(), 72);
        let last = Selector::parse("2026-12").expect("date");
        assert_eq!(timeline.steps()[71].ties, data.snapshot(&last).ties().len());
        group.bench_function(format!("monthly_72_counts/{}", size.name), |b| {
            b.iter(|| {
                black_box(
                    analysis::timeline(&data, from, to, Step::Months(1))
                        .steps()
                        .len(),
                )
            })
        });
        group.bench_function(format!("one_snapshot_counts/{}", size.name), |b| {
            b.iter(|| black_box(analysis::count_triangles(&data.snapshot(&last).pairs()).total()))
        });
        group.finish();

        if size.name != "large" {
            let mut group = c.benchmark_group("centrality");
            group.sample_size(10);
            let centrality = analysis::centrality(&snap);
            assert!(centrality
                .actors()
                .iter()
                .all(|a| (0.0..=1.0).contains(&a.betweenness)));
            group.bench_function(format!("betweenness/{}", size.name), |b| {
                b.iter(|| black_box(analysis::centrality(&snap).actors().len()))
            });
            group.finish();
        }
    }
}

/// Betweenness, closeness and eigenvector centrality on connected random
/// networks of 10k actors / 30k ties and 50k / 150k (issue 15), on all
/// cores and (net10k only) on one thread. Only net10k by default:
/// `TIEGRAPH_BENCH_NETWORKS=net10k,net50k` adds the 50k one (ten samples
/// of about 45 s each).
fn networks(c: &mut Criterion) {
    let wanted = std::env::var("TIEGRAPH_BENCH_NETWORKS").unwrap_or_else(|_| "net10k".into());
    for name in wanted.split(',') {
        let Some(size) = gen::size(name.trim()) else {
            continue;
        };
        let data = gen::dataset(size);
        let day: Selector = "2020-06-01".parse().expect("a date");
        let snap = data.snapshot(&day);
        let mut group = c.benchmark_group("centrality");
        group.sample_size(10);
        group.bench_function(format!("network/{}", size.name), |b| {
            b.iter(|| black_box(analysis::centrality(&snap).actors().len()))
        });
        if size.name == "net10k" {
            group.bench_function(format!("network_one_thread/{}", size.name), |b| {
                b.iter(|| black_box(analysis::centrality_on(&snap, 1).actors().len()))
            });
        }
        group.finish();
    }
}

/// Two camps with a proof of optimality (or a bound and gap) on the signed
/// networks of 100 actors and 1,000 pairs: planted camps with 12% of the
/// signs flipped, and uniformly random signs cut off at a 2 s limit.
fn signed_camps(c: &mut Criterion) {
    let mut group = c.benchmark_group("camps");
    group.sample_size(10);
    for size in gen::SIGNED {
        let data = gen::dataset(size);
        let day: Selector = "2001-01-01".parse().expect("a date");
        let snap = data.snapshot(&day);
        let options = analysis::CampsOptions {
            time_limit: Some(std::time::Duration::from_secs(2)),
            node_budget: None,
        };
        group.bench_function(format!("two/{}", size.name), |b| {
            b.iter(|| black_box(analysis::camps_with(&snap, 2, &options).lower_bound()))
        });
    }
    group.finish();
}

criterion_group!(benches, analyses, networks, signed_camps);
criterion_main!(benches);
