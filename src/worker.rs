//! Filtering off the drawing thread.
//!
//! The worker owns a filter [`Engine`] and answers queries in order of arrival, but only the
//! newest is worth answering: each request carries a generation number, the worker skips
//! requests that a newer one has replaced before it started them, abandons one that is replaced
//! while it runs, and the app drops any answer whose generation is not the latest. So typing
//! never waits for the filter, and a stale list is never shown.
//!
//! While no request waits, the worker works ahead on its own engine: once per store,
//! [`Engine::warm_up`] (a few seconds at 100,000 articles), and after each answer
//! [`Engine::warm_after`] (what the next keystroke is likely to need). Both stop as soon as a
//! request comes, and go on when the worker is idle again; none of it runs on the drawing
//! thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::filter::{Engine, Hit};
use crate::order::{Order, Ranks};
use crate::query::Query;
use crate::store::ArticleStore;

/// How many hits are put in order before the answer is sent: a few screenfuls. The rest follow
/// in any order and are sorted only if the list is scrolled that far.
pub const SORTED_FIRST: usize = 2_000;

/// How long an answer may take before it is given in two parts, an early one over the first
/// articles and then the whole (see [`Engine::early_upto`]): a frame.
pub const EARLY_FRAME: Duration = Duration::from_millis(16);

/// A query for the worker.
struct Request {
    generation: u64,
    query: Query,
    order: Order,
}

/// The worker's answer to one request.
#[derive(Debug)]
pub struct Answer {
    /// The request it answers.
    pub generation: u64,
    /// The hits: the first [`Answer::sorted`] in `order`, the rest unsorted.
    pub hits: Vec<Hit>,
    /// How many hits at the front are in order.
    pub sorted: usize,
    /// The order they are in.
    pub order: Order,
    /// False for the early part of a long answer: the hits among the first articles only, the
    /// whole answer to follow.
    pub complete: bool,
}

/// The handle the app keeps on its filter thread.
pub struct FilterWorker {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    /// The newest generation asked for, shared so that the worker can abandon older work.
    latest: Arc<AtomicU64>,
}

impl FilterWorker {
    /// Starts a worker over `store`. The thread ends when the handle is dropped.
    pub fn start(store: Arc<ArticleStore>, ranks: Arc<Ranks>) -> Self {
        Self::start_with(store, ranks, EARLY_FRAME)
    }

    /// The same, giving answers that would take longer than `early_frame` in two parts.
    pub fn start_with(store: Arc<ArticleStore>, ranks: Arc<Ranks>, early_frame: Duration) -> Self {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, answers) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::spawn(move || {
            let mut engine = Engine::default();
            // The generation last taken from the inbox: another in `newest` means a request is
            // on its way, or (`u64::MAX`) that the app has let the worker go.
            let mut taken = 0;
            let mut warm = false;
            loop {
                if !warm {
                    // Idle: work ahead for the first keystrokes, until a request comes.
                    warm = engine.warm_up(&store, SORTED_FIRST, &|| {
                        newest.load(Ordering::Relaxed) != taken
                    });
                }
                // Ends when the app drops its sender.
                let Ok(mut request) = inbox.recv() else {
                    break;
                };
                // Only the newest of the requests waiting is worth running.
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let generation = request.generation;
                taken = generation;
                let stale = || newest.load(Ordering::Relaxed) != generation;
                let mut early = |hits, sorted| {
                    let _ = outbox.send(Answer {
                        generation,
                        hits,
                        sorted,
                        order: request.order,
                        complete: false,
                    });
                };
                let Some((hits, sorted)) = answer_in_parts(
                    &mut engine,
                    &store,
                    &ranks,
                    (&request.query, request.order),
                    &stale,
                    early_frame,
                    &mut early,
                ) else {
                    continue;
                };
                let answer = Answer {
                    generation,
                    hits,
                    sorted,
                    order: request.order,
                    complete: true,
                };
                if outbox.send(answer).is_err() {
                    break;
                }
                if warm {
                    // Idle again: match ahead for the next keystroke, until a request comes.
                    engine.warm_after(&store, &request.query, SORTED_FIRST, &|| {
                        newest.load(Ordering::Relaxed) != taken
                    });
                }
            }
        });
        FilterWorker {
            requests,
            answers,
            latest,
        }
    }

    /// Asks for `query`'s hits in `order`, as generation `generation` (which must grow).
    pub fn ask(&self, generation: u64, query: Query, order: Order) {
        self.latest.store(generation, Ordering::Relaxed);
        // A send fails only if the thread has gone, which only a panic in it can cause; the
        // app then keeps its last list rather than failing too.
        let _ = self.requests.send(Request {
            generation,
            query,
            order,
        });
    }

    /// The latest answer to `generation` that has arrived (the whole, or an early part of it);
    /// older answers are dropped on the way.
    pub fn answer(&self, generation: u64) -> Option<Answer> {
        let mut latest = None;
        while let Ok(answer) = self.answers.try_recv() {
            if answer.generation == generation {
                let complete = answer.complete;
                latest = Some(answer);
                if complete {
                    break;
                }
            }
        }
        latest
    }

    /// Waits up to `timeout` for the whole answer to `generation`; when only its early part
    /// came meanwhile, gives that (the whole follows through [`FilterWorker::answer`]). The
    /// event loop waits a few milliseconds after each key, about when an early part comes: it
    /// had been taken off the channel here and dropped, and a long answer showed nothing until
    /// the whole.
    pub fn wait(&self, generation: u64, timeout: Duration) -> Option<Answer> {
        let deadline = std::time::Instant::now() + timeout;
        let mut early = None;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.answers.recv_timeout(left) {
                Ok(answer) if answer.generation == generation => {
                    if answer.complete {
                        return Some(answer);
                    }
                    early = Some(answer);
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return early,
            }
        }
    }
}

impl Drop for FilterWorker {
    /// Stops the thread's warm-up at once; the closed channel then ends the thread.
    fn drop(&mut self) {
        self.latest.store(u64::MAX, Ordering::Relaxed);
    }
}

/// What the filter thread does for one query: its hits, the first [`SORTED_FIRST`] in `order`
/// (the rest unsorted), and how many are in order at the front; `None` when `cancelled` says a
/// newer query has come.
pub fn answer_query(
    engine: &mut Engine,
    store: &ArticleStore,
    ranks: &Ranks,
    query: &Query,
    order: Order,
    cancelled: &dyn Fn() -> bool,
) -> Option<(Vec<Hit>, usize)> {
    if order == Order::Relevance {
        return engine.run_ranked(store, query, &|_, _| false, cancelled, SORTED_FIRST);
    }
    let mut hits = engine.run(store, query, &|_, _| false, cancelled)?;
    let sorted = sort_front(store, ranks, &mut hits, order, SORTED_FIRST);
    Some((hits, sorted))
}

/// [`answer_query`], but when the answer would take longer than `frame`, the hits among the first
/// articles come first, through `early` (hits, how many in order), in about half a frame; then
/// the whole answer is returned, and what it took teaches the engine what the next will.
pub fn answer_in_parts(
    engine: &mut Engine,
    store: &ArticleStore,
    ranks: &Ranks,
    (query, order): (&Query, Order),
    cancelled: &dyn Fn() -> bool,
    frame: Duration,
    early: &mut dyn FnMut(Vec<Hit>, usize),
) -> Option<(Vec<Hit>, usize)> {
    if let Some(upto) = engine.early_upto(store, query, cancelled, frame)
        && let Some(mut hits) = engine.run_upto(store, query, &|_, _| false, cancelled, upto)
    {
        let sorted = if order == Order::Relevance {
            crate::filter::rank_top(&mut hits, SORTED_FIRST);
            SORTED_FIRST.min(hits.len())
        } else {
            sort_front(store, ranks, &mut hits, order, SORTED_FIRST)
        };
        early(hits, sorted);
    }
    let started = std::time::Instant::now();
    let whole = answer_query(engine, store, ranks, query, order, cancelled)?;
    engine.learn(started.elapsed());
    Some(whole)
}

/// Puts the first `k` hits of `store` in `order` (all of them if there are fewer), returning how
/// many are in order at the front.
pub fn sort_front(
    store: &ArticleStore,
    ranks: &Ranks,
    hits: &mut [Hit],
    order: Order,
    k: usize,
) -> usize {
    ranks.sort_top(store, hits, order, k);
    k.min(hits.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companies::Recognizer;
    use crate::filter;
    use crate::query::{Scope, parse};

    fn sample() -> Arc<ArticleStore> {
        let loaded = crate::store::load::load_sample();
        Arc::new(ArticleStore::build(
            loaded.articles,
            &Recognizer::shared().unwrap(),
        ))
    }

    #[test]
    fn waiting_gives_the_early_part_when_the_whole_has_not_come() {
        // A handle whose answers this test sends itself, as the filter thread would.
        let (requests, _inbox) = mpsc::channel();
        let (outbox, answers) = mpsc::channel();
        let worker = FilterWorker {
            requests,
            answers,
            latest: Arc::new(AtomicU64::new(7)),
        };
        let answer = |generation, id, complete| Answer {
            generation,
            hits: vec![Hit {
                id,
                score: 1,
                weight: 1,
            }],
            sorted: 1,
            order: Order::Relevance,
            complete,
        };
        // An early part of an older query, then of this one: the newer is given, not lost.
        outbox.send(answer(6, 1, false)).unwrap();
        outbox.send(answer(7, 2, false)).unwrap();
        let got = worker
            .wait(7, Duration::from_millis(20))
            .expect("the early part");
        assert!(!got.complete);
        assert_eq!(got.hits[0].id, 2);
        // The whole, when it has come in time.
        outbox.send(answer(7, 3, false)).unwrap();
        outbox.send(answer(7, 4, true)).unwrap();
        let got = worker
            .wait(7, Duration::from_millis(20))
            .expect("the whole");
        assert!(got.complete);
        assert_eq!(got.hits[0].id, 4);
        assert!(worker.wait(7, Duration::from_millis(1)).is_none());
    }

    #[test]
    fn only_the_newest_answer_is_given() {
        let store = sample();
        let ranks = Arc::new(Ranks::default());
        let worker = FilterWorker::start(Arc::clone(&store), ranks);
        worker.ask(1, parse("ibm", Scope::Company), Order::Relevance);
        worker.ask(2, parse("huawei", Scope::Company), Order::Relevance);
        let answer = worker.wait(2, Duration::from_secs(30)).expect("an answer");
        assert_eq!(answer.generation, 2);
        let mut expected = filter::run(&store, &parse("huawei", Scope::Company));
        filter::rank(&mut expected);
        assert_eq!(answer.hits, expected);
        // The answer to 1, if it was computed at all, is never handed out now.
        assert!(worker.answer(1).is_none());
    }

    #[test]
    fn typing_while_and_after_the_worker_warms_up_gives_the_answers_of_filter_run() {
        let store = sample();
        let ranks = Arc::new(Ranks::default());
        let worker = FilterWorker::start(Arc::clone(&store), Arc::clone(&ranks));
        let typing = [
            "i", "in", "ins", "insp", "inspr", "c", "ci", "cisco", "t:j", "t:jo",
        ];
        for round in 0..2u64 {
            for (i, q) in typing.iter().enumerate() {
                let generation = round * 100 + i as u64 + 1;
                worker.ask(generation, parse(q, Scope::Company), Order::Relevance);
                let answer = worker
                    .wait(generation, Duration::from_secs(30))
                    .expect("an answer");
                let mut expected = filter::run(&store, &parse(q, Scope::Company));
                filter::rank(&mut expected);
                let sorted = answer.sorted;
                assert_eq!(answer.hits[..sorted], expected[..sorted], "{q:?}");
                let mut all = answer.hits;
                filter::rank(&mut all);
                assert_eq!(all, expected, "{q:?}");
            }
            // Time for the warm-up and the idle work after the last keystroke.
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    #[test]
    fn a_long_answer_comes_in_two_parts_the_early_one_over_the_first_articles() {
        let texts: Vec<String> = (0..300)
            .map(|i| format!("Story {i}\n\nCisco and Inspur, part {i}."))
            .collect();
        let store = Arc::new(crate::store::test_store(&texts));
        let ranks = Arc::new(Ranks::default());
        // Any answer is long.
        let worker = FilterWorker::start_with(Arc::clone(&store), ranks, Duration::ZERO);
        let query = parse("cisco", Scope::Company);
        worker.ask(1, query.clone(), Order::Relevance);
        let next = || {
            worker
                .answers
                .recv_timeout(Duration::from_secs(30))
                .expect("an answer")
        };
        let early = next();
        assert!(!early.complete);
        // An early part as small as it can be: the first 64 articles.
        let mut expected = filter::run(&store, &query);
        filter::rank(&mut expected);
        let within: Vec<Hit> = expected.iter().filter(|h| h.id < 64).copied().collect();
        assert_eq!(early.hits, within);
        let whole = next();
        assert!(whole.complete);
        assert_eq!(whole.hits, expected);
        // A short answer comes whole at once.
        worker.ask(2, parse("=nobody", Scope::Company), Order::Relevance);
        assert!(next().complete);
    }

    #[test]
    fn answers_come_sorted_in_the_order_asked() {
        let store = sample();
        let ranks = Arc::new(Ranks::default());
        let worker = FilterWorker::start(Arc::clone(&store), Arc::clone(&ranks));
        worker.ask(1, parse("", Scope::Company), Order::Title);
        let answer = worker.wait(1, Duration::from_secs(30)).unwrap();
        assert_eq!(answer.sorted, answer.hits.len());
        let titles: Vec<String> = answer
            .hits
            .iter()
            .map(|h| store.article(h.id).unwrap().title.to_lowercase())
            .collect();
        let mut sorted = titles.clone();
        sorted.sort();
        assert_eq!(titles, sorted);
    }
}
