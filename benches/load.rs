//! Building the store: cleaning, company recognition and indexing.
//!
//! ```text
//! cargo bench --bench load
//! ```
//!
//! - `load/recognizer`: building the company recogniser from the bundled gazetteer;
//! - `load/jsonl/10k`: the explorer's load of a generated JSON Lines file from disk
//!   (`loading::load`: read in blocks, parsed on every core, indexed in order) up to the store it
//!   publishes, with its company and title indexes; then, timed by hand, the full-text index
//!   built behind it (`ArticleStore::index_text`). 100k articles are loaded once and timed by
//!   hand (the files are written to `target/bench-data/` first, once);
//! - `load/cached/10k`: the same load when the parse cache holds the collection (a cache of its
//!   own in `target/bench-data/bench-cache`, filed by one load first); 100k timed by hand;
//! - `load/array/10k`: the same articles as one JSON array (an article to a line), read in
//!   blocks of items; 100k timed by hand;
//! - `load/files/10k`: the same load of the same kind of articles as a folder of plain-text
//!   files (1,000 to a subfolder, written to `target/bench-data/` once); 100k files parsed, filed
//!   in a parse cache and taken from it, timed by hand;
//! - `load/build/10k`: `ArticleStore::build` on generated articles already in memory (throughput
//!   in bytes of article text), every index included; 100k with `TIDINGS_BENCH_100K_LOAD=1`
//!   (ten builds: several minutes);
//! - `load/bbc`: `cli::load_store` on the BBC corpus (`../shared/corpora/bbc`: reading 2,225 files
//!   from disk, plus the recogniser, plus the build), skipped with a notice when it is not there.

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use tidings::cli::load_store;
use tidings::companies::Recognizer;
use tidings::loading::{self, Progress};
use tidings::store::cache::CacheConfig;
use tidings::store::{ArticleStore, RawArticle};

/// The binary's allocator (src/main.rs), so that loads here cost what they cost there.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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

/// A generated collection of `n` articles as JSON Lines in `target/bench-data/`, written once.
fn jsonl_collection(n: usize) -> (PathBuf, u64) {
    json_collection(n, false)
}

/// The same articles as one JSON array (`load-N.json`, an article to a line), or as JSON Lines.
fn json_collection(n: usize, array: bool) -> (PathBuf, u64) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("load-{n}.{}", if array { "json" } else { "jsonl" }));
    if !path.is_file() {
        std::fs::create_dir_all(&dir).expect("creating target/bench-data");
        let corpus = corpus::Corpus::new(SEED);
        let mut text = String::from(if array { "[\n" } else { "" });
        for i in 0..n as u64 {
            if array && i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&corpus.article(i).to_json());
            if !array {
                text.push('\n');
            }
        }
        if array {
            text.push_str("\n]\n");
        }
        let partial = path.with_extension("partial");
        std::fs::write(&partial, text).expect("writing the collection");
        std::fs::rename(&partial, &path).expect("writing the collection");
    }
    let bytes = std::fs::metadata(&path).expect("the collection").len();
    (path, bytes)
}

/// A generated collection of `n` articles as plain-text files in a folder of `target/bench-data/`
/// (1,000 to a subfolder, as `examples/generate.rs --format txt` writes them), written once; with
/// its size in bytes.
fn files_collection(n: usize) -> (PathBuf, u64) {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/load-files-{n}"));
    if !dir.is_dir() {
        let partial = dir.with_extension("partial");
        let _ = std::fs::remove_dir_all(&partial);
        for (i, (_, text)) in corpus::Corpus::new(SEED).texts(n).into_iter().enumerate() {
            let folder = partial.join(format!("{:03}", i / 1000));
            if i % 1000 == 0 {
                std::fs::create_dir_all(&folder).expect("writing the collection");
            }
            std::fs::write(folder.join(format!("{i:06}.txt")), text)
                .expect("writing the collection");
        }
        std::fs::rename(&partial, &dir).expect("writing the collection");
    }
    let bytes = tidings::store::load::plan(std::slice::from_ref(&dir))
        .expect("the collection")
        .iter()
        .map(tidings::store::load::Unit::size)
        .sum();
    (dir, bytes)
}

/// Loads a collection as the explorer does (the first part handed over, the rest behind it), up
/// to the store it publishes.
fn explorer_load(path: &std::path::Path, cache: Option<&CacheConfig>) -> ArticleStore {
    loading::load(
        std::slice::from_ref(&path.to_path_buf()),
        &Progress::default(),
        Some(&mut |_| true),
        cache,
    )
    .expect("the collection loads")
    .0
}

/// The bench's own parse cache, in `target/bench-data/bench-cache`, empty.
fn empty_bench_cache() -> CacheConfig {
    let cache = CacheConfig {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/bench-cache"),
        min_bytes: 0,
    };
    let _ = std::fs::remove_dir_all(&cache.dir);
    cache
}

/// Bytes in MiB, for the figures printed.
#[allow(clippy::cast_precision_loss)] // sizes in bytes, far below 2^52
fn mib(bytes: u64) -> f64 {
    bytes as f64 / f64::from(1 << 20)
}

/// Loads a collection as the explorer does, timing the store it publishes and the full-text
/// index built behind it.
fn timed_load(path: &std::path::Path, cache: Option<&CacheConfig>) -> (ArticleStore, f64, f64) {
    let started = Instant::now();
    let store = explorer_load(path, cache);
    let published = started.elapsed().as_secs_f64();
    let started = Instant::now();
    store.index_text();
    (store, published, started.elapsed().as_secs_f64())
}

fn bench_jsonl(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (path, bytes) = jsonl_collection(10_000);
    let (_, published, text) = timed_load(&path, None);
    eprintln!(
        "load/jsonl/10k (by hand): {:.0} MiB: published in {published:.2} s ({:.0} MiB/s), full text indexed {text:.2} s later",
        mib(bytes),
        mib(bytes) / published
    );
    g.throughput(Throughput::Bytes(bytes))
        .measurement_time(Duration::from_secs(20));
    g.bench_function(BenchmarkId::new("jsonl", "10k"), |b| {
        b.iter(|| explorer_load(black_box(&path), None));
    });
    // The same collection again, from a parse cache of the bench's own, filed by a first load.
    let cache = empty_bench_cache();
    timed_load(&path, Some(&cache));
    g.bench_function(BenchmarkId::new("cached", "10k"), |b| {
        b.iter(|| explorer_load(black_box(&path), Some(&cache)));
    });
    let (path, bytes) = jsonl_collection(100_000);
    let (_, filing, _) = timed_load(&path, Some(&cache));
    let (_, cached, _) = timed_load(&path, Some(&cache));
    eprintln!(
        "load/cached/100k (by hand): published in {cached:.2} s from the parse cache ({:.0} MiB/s); the load that filed it took {filing:.2} s",
        mib(bytes) / cached
    );
    let _ = std::fs::remove_dir_all(&cache.dir);
    let (store, published, text) = timed_load(&path, None);
    eprintln!(
        "load/jsonl/100k (by hand): {:.0} MiB, {} articles, {} companies: published in {published:.2} s ({:.0} MiB/s), full text indexed {text:.2} s later ({} words)",
        mib(bytes),
        store.len(),
        store.companies.len(),
        mib(bytes) / published,
        store.text_words().map_or(0, tidings::vocab::Vocab::len),
    );
}

/// The same articles as one JSON array, read in blocks of items as JSON Lines is in blocks of
/// lines.
fn bench_array(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (path, bytes) = json_collection(10_000, true);
    g.throughput(Throughput::Bytes(bytes))
        .measurement_time(Duration::from_secs(20));
    g.bench_function(BenchmarkId::new("array", "10k"), |b| {
        b.iter(|| explorer_load(black_box(&path), None));
    });
    let (path, bytes) = json_collection(100_000, true);
    let (store, published, _) = timed_load(&path, None);
    eprintln!(
        "load/array/100k (by hand): {:.0} MiB, {} articles: published in {published:.2} s ({:.0} MiB/s)",
        mib(bytes),
        store.len(),
        mib(bytes) / published,
    );
}

fn bench_files(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (dir, bytes) = files_collection(10_000);
    g.throughput(Throughput::Bytes(bytes))
        .measurement_time(Duration::from_secs(20));
    g.bench_function(BenchmarkId::new("files", "10k"), |b| {
        b.iter(|| explorer_load(black_box(&dir), None));
    });
    let (dir, bytes) = files_collection(100_000);
    let (store, published, _) = timed_load(&dir, None);
    let cache = empty_bench_cache();
    let (_, filing, _) = timed_load(&dir, Some(&cache));
    let (_, cached, _) = timed_load(&dir, Some(&cache));
    let _ = std::fs::remove_dir_all(&cache.dir);
    eprintln!(
        "load/files/100k (by hand): {:.0} MiB in {} files: published in {published:.2} s ({:.0} MiB/s); filing the parse cache {filing:.2} s; from it {cached:.2} s",
        mib(bytes),
        store.len(),
        mib(bytes) / published,
    );
}

fn benches(c: &mut Criterion) {
    let recognizer = Arc::new(Recognizer::bundled().expect("the bundled gazetteer loads"));
    let mut g = c.benchmark_group("load");
    g.sample_size(20).warm_up_time(Duration::from_millis(500));
    g.bench_function("recognizer", |b| {
        b.iter(|| Recognizer::bundled().expect("the bundled gazetteer loads"));
    });

    // Each iteration consumes its articles, so a fresh copy is made outside the timed part.
    // Flat sampling: every sample runs the same (small) number of builds, as one build is long.
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    bench_jsonl(&mut g);
    bench_array(&mut g);
    bench_files(&mut g);
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
        let mib = mib(bytes as u64);
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
