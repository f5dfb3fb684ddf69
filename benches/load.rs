//! Building the store: cleaning, company recognition and indexing.
//!
//! ```text
//! cargo bench --bench load
//! ```
//!
//! - `load/recognizer`: building the company recogniser from the bundled gazetteer;
//! - `load/build/10k`: `ArticleStore::build` on generated articles already in memory (throughput
//!   in bytes of article text); 100k articles are built once and timed by hand, or measured by
//!   criterion with `TIDINGS_BENCH_100K_LOAD=1` (ten builds: several minutes);
//! - `load/bbc`: `cli::load_store` on the BBC corpus (`../shared/corpora/bbc`: reading 2,225 files
//!   from disk, plus the recogniser, plus the build), skipped with a notice when it is not there.

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use tidings::cli::load_store;
use tidings::companies::Recognizer;
use tidings::store::{ArticleStore, RawArticle};

const SEED: u64 = 1;

/// `n` generated plain-text articles, and their size in bytes.
fn raw_articles(n: usize) -> (Vec<RawArticle>, usize) {
    let texts = corpus::Corpus::new(SEED).texts(n);
    let bytes = texts.iter().map(|(_, text)| text.len()).sum();
    let raw = texts
        .into_iter()
        .map(|(origin, text)| RawArticle::plain(origin, text))
        .collect();
    (raw, bytes)
}

fn benches(c: &mut Criterion) {
    let recognizer = Recognizer::bundled().expect("the bundled gazetteer loads");
    let mut g = c.benchmark_group("load");
    g.sample_size(20).warm_up_time(Duration::from_millis(500));
    g.bench_function("recognizer", |b| {
        b.iter(|| Recognizer::bundled().expect("the bundled gazetteer loads"));
    });

    // Each iteration consumes its articles, so a fresh copy is made outside the timed part.
    // Flat sampling: every sample runs the same (small) number of builds, as one build is long.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    let (raw, bytes) = raw_articles(10_000);
    g.throughput(Throughput::Bytes(bytes as u64))
        .measurement_time(Duration::from_secs(30));
    g.bench_function(BenchmarkId::new("build", "10k"), |b| {
        b.iter_batched(
            || raw.clone(),
            |raw| ArticleStore::build(raw, black_box(&recognizer)),
            BatchSize::PerIteration,
        );
    });
    drop(raw);

    // 100k articles take tens of seconds to build: criterion's ten samples at the least would
    // take minutes, so one build is timed by hand unless TIDINGS_BENCH_100K_LOAD=1.
    let (raw, bytes) = raw_articles(100_000);
    if std::env::var_os("TIDINGS_BENCH_100K_LOAD").is_some_and(|v| v == "1") {
        g.throughput(Throughput::Bytes(bytes as u64))
            .measurement_time(Duration::from_secs(300));
        g.bench_function(BenchmarkId::new("build", "100k"), |b| {
            b.iter_batched(
                || raw.clone(),
                |raw| ArticleStore::build(raw, black_box(&recognizer)),
                BatchSize::PerIteration,
            );
        });
    } else {
        let started = Instant::now();
        let store = ArticleStore::build(raw, &recognizer);
        let seconds = started.elapsed().as_secs_f64();
        #[allow(clippy::cast_precision_loss)] // a size in bytes, far below 2^52
        let mib = bytes as f64 / f64::from(1 << 20);
        eprintln!(
            "load/build/100k (one build, not criterion): {seconds:.1} s for {mib:.0} MiB ({:.1} MiB/s), {} companies",
            mib / seconds,
            store.companies.len()
        );
    }

    let bbc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    if bbc.is_dir() {
        let paths = vec![bbc];
        let (store, loaded) = load_store(&paths).expect("the BBC corpus loads");
        eprintln!(
            "bbc: {} articles, {} skipped, {} companies",
            store.len(),
            loaded.skipped.len(),
            store.companies.len()
        );
        g.throughput(Throughput::Elements(store.len() as u64))
            .measurement_time(Duration::from_secs(15));
        drop(store);
        g.bench_function("bbc", |b| {
            b.iter(|| load_store(black_box(&paths)).expect("the BBC corpus loads"));
        });
    } else {
        eprintln!("load/bbc: skipped, no corpus at '{}'", bbc.display());
    }
    g.finish();
}

criterion_group!(load_benches, benches);
criterion_main!(load_benches);
