//! Loading behind the explorer: the first screen comes at once, the first articles can be
//! browsed while the rest are cleaned and indexed, and a gauge shows how far it has got.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::companies::Recognizer;
use crate::store::load::{self, Loaded, Unit};
use crate::store::{ArticleStore, Parsed, StoreBuilder};

/// How many articles are indexed first, to browse while the rest load: a few seconds of reading
/// at least, and a fraction of a second of indexing.
pub const FIRST: usize = 2_000;

/// A collection above this many bytes cannot load within the first screen's short wait (loads
/// run at tens of MB/s), so the explorer shows the gauge at once.
pub const SMALL_BYTES: u64 = 4 << 20;

/// What the loader thread has to say.
pub enum LoadEvent {
    /// The first [`FIRST`] articles, indexed (only when they are under a quarter of the whole).
    First(ArticleStore),
    /// Everything, with what was skipped, indexed but for the full text.
    Done(Arc<ArticleStore>, Loaded),
    /// The full-text index of the store [`LoadEvent::Done`] brought is built.
    TextIndexed,
    /// Nothing could be loaded (no article at all, an unreadable gazetteer).
    Failed(String),
}

/// What polling the loader found.
pub enum Poll {
    /// Something happened.
    Event(LoadEvent),
    /// Nothing yet.
    Nothing,
    /// The loader is gone without a last word (it can only have panicked).
    Gone,
}

/// How far a load has got, for a gauge on another thread. Relaxed atomics: a gauge needs
/// counts, not an order with other memory.
#[derive(Debug, Default)]
pub struct Progress {
    /// Articles cleaned, recognised and indexed so far.
    pub articles: AtomicUsize,
    /// Bytes of the collection read and indexed so far.
    pub bytes: AtomicU64,
    /// Bytes of the whole collection (0 until known, or when unknown: standard input).
    pub total_bytes: AtomicU64,
    /// True once the rest is done and the full text is being indexed.
    pub indexing_text: AtomicBool,
    /// Articles whose full text is indexed so far.
    pub text_indexed: AtomicUsize,
}

/// The explorer's handle on a load in progress.
pub struct Loading {
    events: Receiver<LoadEvent>,
    /// How far it has got.
    pub progress: Arc<Progress>,
}

impl Loading {
    /// Starts loading `paths` (none: the bundled sample) on a thread of its own.
    pub fn start(paths: Vec<PathBuf>) -> Self {
        let (send, events) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let seen = Arc::clone(&progress);
        std::thread::spawn(move || {
            // Errors are sent, not returned: the explorer reports them once the terminal is back.
            let mut first = |store| send.send(LoadEvent::First(store)).is_ok();
            match load(&paths, &seen, Some(&mut first)) {
                Ok((store, loaded)) => {
                    let store = Arc::new(store);
                    // Said before the store goes, so that no gauge shows the load unfinished.
                    seen.indexing_text.store(true, Ordering::Relaxed);
                    // The explorer may have quit meanwhile; then nobody needs the rest.
                    if send
                        .send(LoadEvent::Done(Arc::clone(&store), loaded))
                        .is_ok()
                    {
                        store.index_text_counting(&seen.text_indexed);
                        let _ = send.send(LoadEvent::TextIndexed);
                    }
                }
                Err(e) => {
                    let _ = send.send(LoadEvent::Failed(format!("{e:#}")));
                }
            }
        });
        Loading { events, progress }
    }

    /// The next event, if one has come.
    pub fn poll(&self) -> Poll {
        match self.events.try_recv() {
            Ok(event) => Poll::Event(event),
            Err(TryRecvError::Empty) => Poll::Nothing,
            Err(TryRecvError::Disconnected) => Poll::Gone,
        }
    }

    /// The gauge's label and how full it is.
    #[allow(clippy::cast_precision_loss)] // a gauge's ratio
    pub fn gauge(&self) -> (String, f64) {
        let p = &self.progress;
        let loaded = p.articles.load(Ordering::Relaxed);
        let ratio = |done: f64, total: f64| {
            if total > 0.0 {
                (done / total).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        if p.indexing_text.load(Ordering::Relaxed) {
            let done = p.text_indexed.load(Ordering::Relaxed);
            return (
                format!(
                    "indexing the full text: {done} of {loaded} articles (companies and titles can be filtered)"
                ),
                ratio(done as f64, loaded as f64),
            );
        }
        let (bytes, total) = (
            p.bytes.load(Ordering::Relaxed),
            p.total_bytes.load(Ordering::Relaxed),
        );
        let done = ratio(bytes as f64, total as f64);
        let label = if loaded == 0 {
            "reading files…".to_owned()
        } else if total == 0 {
            format!("loading: {loaded} articles")
        } else {
            format!("loading: {loaded} articles, {:.0}%", done * 100.0)
        };
        (label, done)
    }

    /// Waits for the next event (tests, and loads that must finish).
    pub fn wait(&self) -> Option<LoadEvent> {
        self.events.recv().ok()
    }

    /// Waits up to `timeout` for the next event, unless the collection turns out to be too large
    /// to load within it (more than [`SMALL_BYTES`]): then the first screen need not wait.
    pub fn wait_if_small(&self, timeout: std::time::Duration) -> Option<LoadEvent> {
        let started = std::time::Instant::now();
        let slice = std::time::Duration::from_millis(5);
        loop {
            let left = timeout.saturating_sub(started.elapsed());
            if left.is_zero() || self.progress.total_bytes.load(Ordering::Relaxed) > SMALL_BYTES {
                return None;
            }
            match self.events.recv_timeout(slice.min(left)) {
                Ok(event) => return Some(event),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Waits up to `timeout` for the next event.
    pub fn wait_for(&self, timeout: std::time::Duration) -> Option<LoadEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

/// Loads `paths` (none: the bundled sample) whole, full text indexed too: for the command-line
/// modes and tests, which need all of it before they can answer.
pub fn load_all(paths: &[PathBuf]) -> anyhow::Result<(ArticleStore, Loaded)> {
    let (store, loaded) = load(paths, &Progress::default(), None)?;
    store.index_text();
    Ok((store, loaded))
}

/// Loads `paths` (none: the bundled sample) into a store with its company and title indexes,
/// leaving the full text to [`ArticleStore::index_text`], with what was skipped. When the first
/// [`FIRST`] articles are in and make under a quarter of the collection, they are handed to
/// `first` (when there is one: the command-line modes wait for the whole) as a store of their
/// own; `first` returns false to stop the load (nobody wants it).
///
/// The files are planned first ([`load::plan`]); one thread then reads them in order (a large
/// JSON Lines file in blocks), every core parses, cleans and recognises what is read, and this
/// thread indexes the results in load order, so ids and every order are the same whatever the
/// number of threads. At most a few blocks are held unparsed at once: the collection's text is
/// never in memory twice.
pub fn load(
    paths: &[PathBuf],
    progress: &Progress,
    mut first: Option<&mut dyn FnMut(ArticleStore) -> bool>,
) -> anyhow::Result<(ArticleStore, Loaded)> {
    use anyhow::Context as _;
    let recognizer = Recognizer::bundled().context("loading the company gazetteer")?;
    if paths.is_empty() {
        let sample = load::load_sample();
        let mut builder = StoreBuilder::default();
        for raw in sample.articles {
            builder.push(crate::store::parse_one(raw, &recognizer));
        }
        progress.articles.store(builder.len(), Ordering::Relaxed);
        let skipped = Loaded {
            articles: Vec::new(),
            skipped: sample.skipped,
        };
        return Ok((builder.finish(), skipped));
    }
    let units = load::plan(paths)?;
    let total: u64 = units.iter().map(Unit::size).sum();
    progress.total_bytes.store(total, Ordering::Relaxed);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (work, to_parse) = mpsc::sync_channel::<(usize, Unit)>(2 * threads);
    let to_parse = Mutex::new(to_parse);
    let (parsed, results) = mpsc::channel::<Piece>();
    let stop = AtomicBool::new(false);
    let (stop, to_parse, recognizer) = (&stop, &to_parse, &recognizer);
    let (builder, skipped) = std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut seq = 0;
            for unit in units {
                unit.blocks(&mut |unit| {
                    if stop.load(Ordering::Relaxed) || work.send((seq, unit)).is_err() {
                        return false;
                    }
                    seq += 1;
                    true
                });
                if stop.load(Ordering::Relaxed) {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let parsed = parsed.clone();
            scope.spawn(move || parse_units(to_parse, &parsed, recognizer, stop));
        }
        drop(parsed);
        // Pieces come back in any order; they are indexed in load order.
        let mut builder = StoreBuilder::default();
        let mut skipped = Vec::new();
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        let mut done = 0;
        for piece in results {
            waiting.insert(piece.seq, piece);
            while let Some(piece) = waiting.remove(&next) {
                next += 1;
                for article in piece.articles {
                    builder.push(article);
                }
                skipped.extend(piece.skipped);
                done += piece.size;
                progress.articles.store(builder.len(), Ordering::Relaxed);
                progress.bytes.store(done, Ordering::Relaxed);
                // The first part is handed over once: `first` is taken when it is.
                if builder.len() >= FIRST
                    && done < total / 4
                    && let Some(first) = first.take()
                    && !first(builder.snapshot())
                {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
        (builder, skipped)
    });
    if stop.load(Ordering::Relaxed) {
        anyhow::bail!("the load was stopped: nobody is waiting for it");
    }
    load::no_article_is_an_error(paths, &skipped, builder.len())?;
    let loaded = Loaded {
        articles: Vec::new(),
        skipped,
    };
    Ok((builder.finish(), loaded))
}

/// A parsing thread: reads, cleans and recognises the units it takes from `to_parse` until there
/// are none left or the load is stopped.
fn parse_units(
    to_parse: &Mutex<Receiver<(usize, Unit)>>,
    parsed: &mpsc::Sender<Piece>,
    recognizer: &Recognizer,
    stop: &AtomicBool,
) {
    loop {
        let next = match to_parse.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok((seq, unit)) = next else { return };
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let size = unit.size();
        let mut read = Loaded::default();
        unit.read(&mut read);
        let articles = read
            .articles
            .into_iter()
            .map(|raw| crate::store::parse_one(raw, recognizer))
            .collect();
        let piece = Piece {
            seq,
            size,
            articles,
            skipped: read.skipped,
        };
        if parsed.send(piece).is_err() {
            return;
        }
    }
}

/// What a parsing thread gives back for one [`Unit`].
struct Piece {
    /// The unit's place in load order.
    seq: usize,
    /// Its bytes, for the gauge.
    size: u64,
    articles: Vec<Parsed>,
    skipped: Vec<load::Skipped>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// An empty folder of its own for a test.
    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tidings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// JSON Lines of long records ("Story n" on line n) until there are more than `bytes`,
    /// line `bad` (if any) being broken JSON; with the number of lines.
    fn long_jsonl(bytes: usize, bad: Option<usize>) -> (String, usize) {
        let filler = "word ".repeat(100);
        let mut jsonl = String::new();
        let mut n = 0;
        while jsonl.len() <= bytes {
            n += 1;
            if Some(n) == bad {
                jsonl.push_str("{\"title\": oops}\n");
            } else {
                let _ = writeln!(
                    jsonl,
                    "{{\"title\": \"Story {n}\", \"body\": \"Intel, line {n}. {filler}\"}}"
                );
            }
        }
        (jsonl, n)
    }

    #[test]
    fn the_sample_loads_in_the_background() {
        let loading = Loading::start(Vec::new());
        match loading.wait() {
            Some(LoadEvent::Done(store, loaded)) => {
                assert!(store.len() >= 8);
                assert!(loaded.skipped.is_empty());
            }
            _ => panic!("expected the whole sample"),
        }
        let progress = &loading.progress;
        assert_eq!(progress.articles.load(Ordering::Relaxed), 10);
    }

    #[test]
    fn a_large_collection_comes_first_in_part_then_whole() {
        // A folder of many files: each file is read and parsed on its own.
        let dir = fresh_dir("loading");
        let n = 4 * FIRST + 500;
        for i in 0..n {
            std::fs::write(
                dir.join(format!("{i:05}.txt")),
                format!("Story {i}\n\nIntel and Cisco, part {i}.\n"),
            )
            .unwrap();
        }
        let loading = Loading::start(vec![dir.clone()]);
        let Some(LoadEvent::First(first)) = loading.wait() else {
            panic!("expected the first part")
        };
        assert_eq!(first.len(), FIRST);
        assert_eq!(first.articles[0].title, "Story 0");
        // The first part is complete in itself, full text included.
        assert!(first.text_words().is_some());
        let Some(LoadEvent::Done(all, _)) = loading.wait() else {
            panic!("expected the whole")
        };
        assert_eq!(all.len(), n);
        // From then on the gauge tells what is going on, counted against the whole.
        let (label, _) = loading.gauge();
        assert!(label.starts_with("indexing the full text: "), "{label}");
        assert!(label.contains(&format!("of {n} articles")), "{label}");
        // The same articles keep the same ids in both.
        assert_eq!(
            all.articles[FIRST - 1].title,
            first.articles[FIRST - 1].title
        );
        assert_eq!(loading.progress.articles.load(Ordering::Relaxed), n);
        // Then the full text is indexed, behind the rest.
        assert!(matches!(loading.wait(), Some(LoadEvent::TextIndexed)));
        assert_eq!(all.text_words().map(|v| v.postings[0].len()), Some(n));
        assert_eq!(loading.progress.text_indexed.load(Ordering::Relaxed), n);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_large_json_lines_file_is_read_in_blocks_with_its_line_numbers() {
        let dir = fresh_dir("blocks");
        // Long lines, so that a few thousand fill several blocks; one bad line far down.
        let (jsonl, n) = long_jsonl(3 * load::BLOCK + 1000, Some(3000));
        let path = dir.join("big.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!(store.len(), n - 1);
        // Line numbers run on across blocks: article k is on line k.
        for (k, article) in store.articles.iter().enumerate() {
            let line = if k + 1 < 3000 { k + 1 } else { k + 2 };
            assert_eq!(article.origin, format!("{}:{line}", path.display()));
            assert_eq!(article.title, format!("Story {line}"));
        }
        assert_eq!(loaded.skipped.len(), 1);
        assert!(
            loaded.skipped[0].to_string().contains("line 3000"),
            "{}",
            loaded.skipped[0]
        );
        // Read one block at a time on one thread, the same.
        let plain = load::load_paths(std::slice::from_ref(&path)).unwrap();
        assert_eq!(plain.articles.len(), n - 1);
        assert_eq!(plain.skipped, loaded.skipped);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_first_screen_does_not_wait_for_a_collection_too_large_to_load_at_once() {
        let dir = fresh_dir("large");
        let (jsonl, n) = long_jsonl(usize::try_from(SMALL_BYTES).unwrap(), None);
        let path = dir.join("big.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let loading = Loading::start(vec![path]);
        // Its size is known from the plan, long before any article is parsed: no waiting.
        assert!(
            loading
                .wait_if_small(std::time::Duration::from_secs(60))
                .is_none()
        );
        // The load goes on behind.
        let mut whole = None;
        while let Some(event) = loading.wait() {
            if let LoadEvent::Done(store, _) = event {
                whole = Some(store.len());
            }
        }
        assert_eq!(whole, Some(n));
        // A small collection is waited for.
        let small = Loading::start(Vec::new());
        assert!(matches!(
            small.wait_if_small(std::time::Duration::from_secs(60)),
            Some(LoadEvent::Done(..))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_path_with_no_article_fails_with_its_name() {
        let loading = Loading::start(vec![PathBuf::from("/no/such/place")]);
        match loading.wait() {
            Some(LoadEvent::Failed(message)) => {
                assert!(message.contains("'/no/such/place'"), "{message}");
            }
            _ => panic!("expected a failure"),
        }
    }
}
