//! One keystroke of the filter, over stores built from generated articles: what the filter
//! thread does per keystroke — [`worker::answer_query`]: [`filter::Engine`] with the engine as
//! its warm-up, the keystrokes before and the idle work after each ([`Engine::warm_after`]) left
//! it (so "insp" finds "ins" remembered), then putting the first hits in order.
//! `benches/keystrokes.rs` gives the distribution (p99), the idle work each keystroke had before
//! it, the figures without that idle work, and the warm-up's cost.
//!
//! ```text
//! cargo bench --bench filter                       # 10k and 100k articles
//! TIDINGS_BENCH_1M=1 cargo bench --bench filter    # and 1M (needs ~10 GB of memory)
//! cargo bench --bench filter -- company/100k       # one group and size
//! ```
//!
//! Groups (`GROUP/SIZE/QUERY`):
//! - `company`, `title`, `text`: typing "inspur" one key at a time ("i", "in", ... "inspur") in
//!   company, title and full-text scope: each keystroke is one `filter::run`;
//! - `two_terms`: "inspur cisco" and "huawei sberbank" in company scope;
//! - `queries`: the queries `scripts/compare-fzf.sh` times against fzf, in company scope, so the
//!   in-process cost of a query can be set beside the whole-process time.

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/stores.rs"]
mod stores;

use std::hint::black_box;
use std::time::Duration;

use criterion::BatchSize;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tidings::filter::{self, Engine};
use tidings::order::{Order, Ranks};
use tidings::query::{self, Scope};
use tidings::worker::{SORTED_FIRST, answer_query};

fn bench_size(c: &mut Criterion, n: usize) {
    let store = stores::generated(n);
    let size = stores::size_label(n);
    let (samples, time) = match n {
        0..=10_000 => (20, Duration::from_secs(2)),
        10_001..=100_000 => (20, Duration::from_secs(3)),
        _ => (10, Duration::from_secs(5)),
    };
    let ranks = Ranks::default();
    let mut run = |group: &str, scope: Scope, queries: &[&str]| {
        let mut g = c.benchmark_group(group);
        g.sample_size(samples)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(time);
        // The engine as the keystrokes so far left it, warmed as the filter thread's is after
        // the first list and some idle time: arrays sized, company names lowercased, warm-up
        // done.
        let mut typed = Engine::default();
        let _ = typed.run(&store, &query::parse("", scope), &|_, _| false, &|| false);
        typed.warm_up(&store, SORTED_FIRST, &|| false);
        for &q in queries {
            let parsed = query::parse(q, scope);
            eprintln!(
                "{group}/{size}: {q:?} matches {} articles",
                filter::run(&store, &parsed).len()
            );
            // Criterion turns spaces in ids into path-safe names itself; `+` reads better.
            let id = BenchmarkId::new(size.as_str(), q.replace(' ', "+"));
            let before = typed.clone();
            g.bench_with_input(id, &parsed, |b, parsed| {
                b.iter_batched_ref(
                    || before.clone(),
                    |engine| {
                        answer_query(
                            engine,
                            black_box(&store),
                            &ranks,
                            black_box(parsed),
                            Order::Relevance,
                            &|| false,
                        )
                    },
                    BatchSize::LargeInput,
                );
            });
            let _ = typed.run(&store, &parsed, &|_, _| false, &|| false);
            // The filter thread's idle work before the next keystroke.
            typed.warm_after(&store, &parsed, SORTED_FIRST, &|| false);
        }
        g.finish();
    };
    let typing = stores::keystrokes("inspur");
    run("company", Scope::Company, &typing);
    run("title", Scope::Title, &typing);
    run("text", Scope::Text, &typing);
    run(
        "two_terms",
        Scope::Company,
        &["inspur cisco", "huawei sberbank"],
    );
    run(
        "queries",
        Scope::Company,
        &["inspr", "cisco", "sberbnk", "huawei sberbank"],
    );
}

fn benches(c: &mut Criterion) {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("TIDINGS_BENCH_1M").is_some_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    for n in sizes {
        bench_size(c, n);
    }
}

criterion_group!(filter_benches, benches);
criterion_main!(filter_benches);
