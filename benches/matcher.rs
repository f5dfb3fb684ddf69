//! The two fuzzy matchers side by side over the company vocabulary of a large collection: the
//! generator's pool of ~20,800 names, each with its short form (~41,600 strings, the size of the
//! vocabulary 100k-1M generated articles give). The cost of a keystroke in company scope is
//! mostly this scan, so it decided which matcher tidings uses (`matcher::BACKEND`).
//! `nucleo-unbounded` is nucleo without the bound `TermMatcher` checks before it (see
//! `matcher::Reach`): what the bound saves on a plain scan of strings. (The filter also keeps a
//! summary of each name beside the names, which rules most of them out before their text.)
//!
//! ```text
//! cargo bench --bench matcher
//! ```

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tidings::matcher::{Backend, TermMatcher};

fn benches(c: &mut Criterion) {
    let pool = corpus::Pool::new(1);
    let names: Vec<String> = pool
        .companies
        .iter()
        .flat_map(|c| [c.name.clone(), c.short.clone()])
        .collect();
    let mut g = c.benchmark_group("vocabulary_scan");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    for pattern in ["i", "in", "ins", "inspr", "sberbnk"] {
        for (label, backend, bound) in [
            ("nucleo", Backend::Nucleo, true),
            ("nucleo-unbounded", Backend::Nucleo, false),
            ("skim", Backend::Skim, false),
        ] {
            let matcher = TermMatcher::with_backend(backend, pattern, false);
            let matcher = if bound { matcher } else { matcher.unbounded() };
            let found = names.iter().filter(|n| matcher.score(n).is_some()).count();
            eprintln!(
                "{label} {pattern:?}: {found} of {} names match",
                names.len()
            );
            g.bench_function(BenchmarkId::new(label, pattern), |b| {
                b.iter(|| {
                    names
                        .iter()
                        .filter(|n| matcher.score(black_box(n)).is_some())
                        .count()
                });
            });
        }
    }
    g.finish();
}

criterion_group!(matcher_benches, benches);
criterion_main!(matcher_benches);
