//! The distribution of one keystroke's cost, to set beside per-keystroke p99 targets (criterion
//! gives means): typing "inspur" one key at a time in company, title and full-text scope, each
//! keystroke run `TIDINGS_REPS` times (200 by default) from the engine state its predecessor
//! left, timed from the query to the ranked list the filter thread sends (what
//! [`worker::answer_query`] does), printing mean, p50, p99 and max.
//!
//! "first p99" is when the first list comes: the early part of a long answer (see
//! [`worker::answer_in_parts`]), else the whole; the other times are the whole answer's.
//!
//! "idle" is the idle work the filter thread did before that keystroke ([`Engine::warm_after`]
//! after the previous one, matching its likely extensions): the figures assume keys come no
//! faster than that; `TIDINGS_NO_IDLE=1` measures without it.
//!
//! Then date terms ("since:2015", "date:2015-09", "inspur since:2015-09") and full-text
//! phrases (`x:"price war"`, `x:"the company said"`), each from the warmed engine.
//!
//! Also times the filter thread's warm-up ([`Engine::warm_up`], run by the worker while it is
//! idle after a store arrives) and reports the memory it keeps.
//!
//! ```text
//! cargo bench --bench keystrokes                      # 10k and 100k articles
//! TIDINGS_BENCH_1M=1 cargo bench --bench keystrokes   # and 1M (needs ~10 GB of memory)
//! TIDINGS_SIZES=100000 TIDINGS_SCOPES=company cargo bench --bench keystrokes
//! TIDINGS_COLD=1 cargo bench --bench keystrokes       # without the warm-up, as before it ends
//! ```

#[path = "common/corpus.rs"]
mod corpus;
#[path = "common/stores.rs"]
mod stores;

use std::hint::black_box;
use std::time::{Duration, Instant};

use tidings::filter::Engine;
use tidings::order::{Order, Ranks};
use tidings::query::{self, Scope};
use tidings::worker;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Company => "company",
        Scope::Title => "title",
        _ => "text",
    }
}

fn env_list(name: &str) -> Option<Vec<String>> {
    std::env::var(name)
        .ok()
        .map(|v| v.split(',').map(str::to_owned).collect())
}

/// Mean, p50, p99 and max of `times`, in milliseconds (sorting them).
fn spread(times: &mut [Duration]) -> (f64, f64, f64, f64) {
    times.sort_unstable();
    let mean = times.iter().sum::<Duration>() / u32::try_from(times.len()).unwrap_or(1);
    // The sample at `per_mille` thousandths of the way up.
    let at = |per_mille: usize| times[(times.len() - 1) * per_mille / 1000];
    (
        ms(mean),
        ms(at(500)),
        ms(at(990)),
        ms(times[times.len() - 1]),
    )
}

/// `reps` runs of one keystroke's query on copies of `typed`: the whole answer's times, the
/// first list's (the early part of a long answer, else the whole), and the number of hits.
fn time_keystroke(
    typed: &Engine,
    store: &tidings::store::ArticleStore,
    ranks: &Ranks,
    parsed: &query::Query,
    reps: usize,
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(reps);
    let mut firsts = Vec::with_capacity(reps);
    let mut count = 0;
    for _ in 0..reps {
        let mut engine = typed.clone();
        let started = Instant::now();
        let mut first = None;
        let answer = worker::answer_in_parts(
            &mut engine,
            black_box(store),
            ranks,
            (black_box(parsed), Order::Relevance),
            &|| false,
            worker::EARLY_FRAME,
            &mut |_, _| first = Some(started.elapsed()),
        );
        let whole = started.elapsed();
        times.push(whole);
        firsts.push(first.unwrap_or(whole));
        count = answer.map_or(0, |(hits, _)| hits.len());
        drop(engine);
    }
    (times, firsts, count)
}

/// Whole queries, each from the warmed engine `warm`, printed as rows of `kind`: date terms,
/// alone (a scan of every article's day) and with a company term; full-text phrases (their
/// words found in the vocabulary, then the text of the articles that have them all read), whose
/// first list is the early part of a long answer, as for a keystroke.
fn time_queries(
    kind: &str,
    queries: &[&str],
    warm: &Engine,
    store: &tidings::store::ArticleStore,
    ranks: &Ranks,
    (reps, n): (usize, usize),
) {
    for &q in queries {
        let parsed = query::parse(q, Scope::Company);
        let (mut times, mut firsts, count) = time_keystroke(warm, store, ranks, &parsed, reps);
        let (mean, p50, p99, max) = spread(&mut times);
        let (_, _, first_p99, _) = spread(&mut firsts);
        println!(
            "{kind:<8} {:>5} {q:<8} {count:>8} {mean:>8.3} {p50:>8.3} {p99:>8.3} {max:>8.3} {:>8} {first_p99:>10.3}",
            stores::size_label(n),
            "-",
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let reps: usize = std::env::var("TIDINGS_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let cold = std::env::var_os("TIDINGS_COLD").is_some_and(|v| v == "1");
    let no_idle = cold || std::env::var_os("TIDINGS_NO_IDLE").is_some_and(|v| v == "1");
    let sizes: Vec<usize> = env_list("TIDINGS_SIZES").map_or_else(
        || {
            let mut s = vec![10_000, 100_000];
            if std::env::var_os("TIDINGS_BENCH_1M").is_some_and(|v| v == "1") {
                s.push(1_000_000);
            }
            s
        },
        |l| l.iter().filter_map(|s| s.parse().ok()).collect(),
    );
    let scopes: Vec<Scope> = env_list("TIDINGS_SCOPES").map_or_else(
        || vec![Scope::Company, Scope::Title, Scope::Text],
        |l| l.iter().filter_map(|s| Scope::from_name(s)).collect(),
    );
    let typing = stores::keystrokes("inspur");
    for n in sizes {
        let store = stores::generated(n);
        let ranks = Ranks::default();
        let mut warm = Engine::default();
        let _ = warm.run(
            &store,
            &query::parse("", Scope::Company),
            &|_, _| false,
            &|| false,
        );
        if !cold {
            let started = Instant::now();
            let done = warm.warm_up(&store, worker::SORTED_FIRST, &|| false);
            eprintln!(
                "{n}: warm-up {:.0} ms (finished: {done}), keeps {} MB",
                ms(started.elapsed()),
                warm.warm_bytes() / 1_000_000
            );
        }
        println!(
            "{:<8} {:>5} {:<8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
            "scope", "size", "keys", "hits", "mean", "p50", "p99", "max", "idle", "first p99"
        );
        for &scope in &scopes {
            let mut typed = warm.clone();
            let mut idle = 0.0;
            for &q in &typing {
                let parsed = query::parse(q, scope);
                let (mut times, mut firsts, count) =
                    time_keystroke(&typed, &store, &ranks, &parsed, reps);
                let (mean, p50, p99, max) = spread(&mut times);
                let (_, _, first_p99, _) = spread(&mut firsts);
                println!(
                    "{:<8} {:>5} {:<8} {count:>8} {mean:>8.3} {p50:>8.3} {p99:>8.3} {max:>8.3} {idle:>8.1} {first_p99:>10.3}",
                    scope_name(scope),
                    stores::size_label(n),
                    q,
                );
                // As the filter thread does: it also learns what a posting costs.
                let _ = worker::answer_in_parts(
                    &mut typed,
                    &store,
                    &ranks,
                    (&parsed, Order::Relevance),
                    &|| false,
                    worker::EARLY_FRAME,
                    &mut |_, _| {},
                );
                // The filter thread's idle work before the next keystroke (none with
                // TIDINGS_NO_IDLE=1, as if keys came faster than it takes).
                if !no_idle {
                    let started = Instant::now();
                    typed.warm_after(&store, &parsed, worker::SORTED_FIRST, &|| false);
                    idle = ms(started.elapsed());
                }
            }
        }
        time_queries(
            "date",
            &["since:2015", "date:2015-09", "inspur since:2015-09"],
            &warm,
            &store,
            &ranks,
            (reps, n),
        );
        time_queries(
            "phrase",
            &["x:\"price war\"", "x:\"the company said\""],
            &warm,
            &store,
            &ranks,
            (reps, n),
        );
    }
}
