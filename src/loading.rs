//! Loading behind the explorer: the first screen comes at once, the first articles can be
//! browsed while the rest are cleaned and indexed, and a gauge shows how far it has got.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::companies::Recognizer;
use crate::store::cache::{
    self, CacheConfig, CacheFile, CacheWriter, Record, SourceKey, Span, content_hash,
};
use crate::store::load::{self, Loaded, Unit};
use crate::store::{Article, ArticleId, ArticleStore, Parsed, Pushed, StoreBuilder};

/// How many articles are indexed first, to browse while the rest load: a few seconds of reading
/// at least, and a fraction of a second of indexing.
pub const FIRST: usize = 2_000;

/// A collection above this many bytes cannot load within the first screen's short wait (loads
/// run at tens of MB/s), so the explorer shows the gauge at once.
pub const SMALL_BYTES: u64 = 4 << 20;

/// What the loader thread has to say.
pub enum LoadEvent {
    /// The first [`FIRST`] articles, indexed (only when they are under a quarter of the whole);
    /// then, while the explorer asks for more ([`Progress::wants_more`]), bigger parts, each
    /// three times the last at least, indexed but for the full text.
    /// Boxed: a store is some hundreds of bytes, the other events a pointer or two.
    First(Box<ArticleStore>),
    /// Everything, with what was skipped, indexed but for the full text.
    Done(Arc<ArticleStore>, Loaded),
    /// The full-text index of the store [`LoadEvent::Done`] brought is built.
    TextIndexed,
    /// Nothing could be loaded (no article at all, an unreadable gazetteer).
    Failed(String),
    /// The collection read again ([`Loading::reload`]), full text indexed, with what changed.
    Reloaded(Box<Reloaded>),
}

/// What reading a collection again brought: the new store, whole, and how it differs from the
/// store shown until then.
pub struct Reloaded {
    /// The new store, its full text indexed.
    pub store: Arc<ArticleStore>,
    /// What was skipped this time.
    pub loaded: Loaded,
    /// Articles whose text the old store did not hold (as many times).
    pub added: usize,
    /// Articles of the old store whose text the new one does not hold (as many times).
    pub removed: usize,
    /// The new store's articles by content hash, in order: where an article of the old store is.
    by_hash: Vec<(u64, ArticleId)>,
    /// The new store's articles by a hash of where they came from, in order: where an edited
    /// file's article is. Made here, on the loader's thread: the explorer's thread had walked
    /// the whole store comparing places (10-20 ms at 1M, a frame missed on every reload of an
    /// edited file).
    by_origin: Vec<(u64, ArticleId)>,
}

impl Reloaded {
    /// Compares `store` with `old`. A text held in both counts as neither added nor removed,
    /// once for each copy the two hold alike; a file edited counts as one of each.
    pub fn new(store: Arc<ArticleStore>, loaded: Loaded, old: &ArticleStore) -> Self {
        let mut by_hash: Vec<(u64, ArticleId)> = store.articles().map(|a| (a.hash, a.id)).collect();
        by_hash.sort_unstable();
        let mut before: Vec<u64> = old.articles().map(|a| a.hash).collect();
        before.sort_unstable();
        let (mut added, mut removed) = (0, 0);
        let (mut i, mut j) = (0, 0);
        while i < by_hash.len() && j < before.len() {
            match by_hash[i].0.cmp(&before[j]) {
                std::cmp::Ordering::Less => {
                    added += 1;
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    removed += 1;
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
            }
        }
        added += by_hash.len() - i;
        removed += before.len() - j;
        let mut by_origin: Vec<(u64, ArticleId)> = store
            .articles()
            .map(|a| (origin_hash(&a.origin), a.id))
            .collect();
        by_origin.sort_unstable();
        Reloaded {
            store,
            loaded,
            added,
            removed,
            by_hash,
            by_origin,
        }
    }

    /// What the status line says of it: "reloaded: 2227 articles, 3 new, 1 gone".
    pub fn say(&self) -> String {
        let articles = crate::counted(self.store.len(), "article", "articles");
        let changes = match (self.added, self.removed) {
            (0, 0) => "nothing changed".to_owned(),
            (added, 0) => format!("{added} new"),
            (0, removed) => format!("{removed} gone"),
            (added, removed) => format!("{added} new, {removed} gone"),
        };
        format!("reloaded: {articles}, {changes}")
    }

    /// The store shown, come back: nothing was added or removed, and every article is where
    /// it was (nothing to sort out).
    fn same(store: Arc<ArticleStore>, loaded: Loaded) -> Self {
        Reloaded {
            store,
            loaded,
            added: 0,
            removed: 0,
            by_hash: Vec::new(),
            by_origin: Vec::new(),
        }
    }

    /// Where `article`, of the old store, is listed in the new one: the article with the same
    /// text, else the one from the same place (its file was edited); `None` when it is gone. A
    /// text held more than once is listed at its first copy, and that is the one given.
    pub fn find(&self, article: &Article) -> Option<ArticleId> {
        // Sorted by hash, then id: the first with the hash is the first copy.
        let from = self.by_hash.partition_point(|&(h, _)| h < article.hash);
        let found = self
            .by_hash
            .get(from)
            .filter(|&&(h, _)| h == article.hash)
            .map(|&(_, id)| id)
            .or_else(|| {
                // Sorted by hash, then id: the first from the place, as listed.
                let hash = origin_hash(&article.origin);
                let from = self.by_origin.partition_point(|&(h, _)| h < hash);
                self.by_origin[from..]
                    .iter()
                    .take_while(|&&(h, _)| h == hash)
                    .map(|&(_, id)| id)
                    .find(|&id| {
                        self.store
                            .article(id)
                            .is_some_and(|a| a.origin == article.origin)
                    })
            })?;
        Some(self.store.listed_as(found))
    }
}

/// What [`Reloaded`] files an article's place by.
fn origin_hash(origin: &str) -> u64 {
    content_hash(origin.as_bytes())
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

/// How far a load has got, for a gauge on another thread. Relaxed atomics, a gauge needs counts
/// and not an order with other memory, but for `indexing_text`, which publishes
/// `text_index_started`.
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
    /// When the full text began to be indexed, in milliseconds from the start of the load.
    pub text_index_started: AtomicU64,
    /// Set by the explorer while a query is typed over a part of the load: the next part is
    /// handed over ([`LoadEvent::First`] again) once it holds three times the articles of the
    /// last, so that what is found grows with the load.
    pub wants_more: AtomicBool,
}

impl Progress {
    /// Says the full text is being indexed, from now (`started`: when the load began). Said
    /// before the store goes, so that no gauge shows the load unfinished.
    fn text_index_begins(&self, started: Instant) {
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.text_index_started.store(millis, Ordering::Relaxed);
        // Release: a gauge that sees the flag sees the moment too.
        self.indexing_text.store(true, Ordering::Release);
    }
}

/// The time left, "about 13 s left", for a task `done` (0 to 1) of the way through after
/// `elapsed`, at the rate so far; `None` until the rate means something (a second in, a twentieth
/// done) and once nothing is left to tell.
fn time_left(elapsed: Duration, done: f64) -> Option<String> {
    if elapsed < Duration::from_secs(1) || !(0.05..1.0).contains(&done) {
        return None;
    }
    Some(say_left(elapsed.as_secs_f64() * (1.0 - done) / done))
}

/// "about 13 s left" for `left` seconds: seconds up to a minute and a half, then minutes.
fn say_left(left: f64) -> String {
    if left < 1.0 {
        "less than a second left".to_owned()
    } else if left < 90.0 {
        format!("about {left:.0} s left")
    } else {
        format!("about {:.0} min left", left / 60.0)
    }
}

/// How far back the pace of a task is reckoned: long enough to even out the blocks a load comes
/// in, short enough to follow a task that speeds up. The full-text index of a million articles
/// goes at half its pace in its first second and reaches it in its third, and reckoned from its
/// start it told 13 s left where 7 s were.
const PACE_WINDOW: Duration = Duration::from_secs(2);

/// What a gauge has seen of one task (the load, then the full-text index), to tell the time left
/// at the pace of its last few seconds.
#[derive(Debug, Default)]
struct Pace {
    /// (time since the task began, part done), oldest first: the last seen at least
    /// [`PACE_WINDOW`] before the newest, and those seen since.
    seen: std::collections::VecDeque<(Duration, f64)>,
}

impl Pace {
    /// Sights closer together than this add nothing (a gauge is drawn up to every few ms).
    const STEP: Duration = Duration::from_millis(50);

    /// The time left of a task `done` of the way through after `elapsed`: when to tell is as
    /// [`time_left`] has it; the pace is that since the sight [`PACE_WINDOW`] or more before
    /// this one, once there is such a sight a second or more back, else that since the start.
    fn left(&mut self, elapsed: Duration, done: f64) -> Option<String> {
        if self
            .seen
            .back()
            .is_none_or(|&(t, _)| elapsed >= t + Self::STEP)
        {
            self.seen.push_back((elapsed, done));
        }
        while self
            .seen
            .get(1)
            .is_some_and(|&(t, _)| elapsed.saturating_sub(t) >= PACE_WINDOW)
        {
            self.seen.pop_front();
        }
        let since_start = time_left(elapsed, done)?;
        let Some(&(then, done_then)) = self.seen.front() else {
            return Some(since_start);
        };
        let span = elapsed.saturating_sub(then);
        if span < Duration::from_secs(1) || done <= done_then {
            return Some(since_start);
        }
        let pace = (done - done_then) / span.as_secs_f64();
        Some(say_left((1.0 - done) / pace))
    }
}

/// The explorer's handle on a load in progress.
pub struct Loading {
    events: Receiver<LoadEvent>,
    /// How far it has got.
    pub progress: Arc<Progress>,
    /// When it started: what the time left is reckoned from.
    started: Instant,
    /// The pace of the load, then of the full-text index, as the gauge saw it.
    pace: Mutex<[Pace; 2]>,
    /// A collection read again, behind the store shown ([`Loading::reload`]).
    reload: bool,
}

impl Loading {
    /// Starts loading `paths` (none: the bundled sample) on a thread of its own, with the parse
    /// cache `cache` when there is one.
    pub fn start(paths: Vec<PathBuf>, cache: Option<CacheConfig>) -> Self {
        Self::spawn(false, move |send, seen, started| {
            // Errors are sent, not returned: the explorer reports them once the terminal is back.
            let mut first = |store| send.send(LoadEvent::First(Box::new(store))).is_ok();
            match load_deferring(&paths, seen, Some(&mut first), cache.as_ref(), None) {
                Ok((store, loaded, filing)) => {
                    let store = Arc::new(store);
                    seen.text_index_begins(started);
                    let whole_cache = loaded.cache.clone();
                    // The explorer may have quit meanwhile; then nobody needs the rest.
                    if send
                        .send(LoadEvent::Done(Arc::clone(&store), loaded))
                        .is_ok()
                    {
                        // A new parse cache is filed beside the full-text index, once the store
                        // is in use (an explorer that quits first leaves none, and nothing half
                        // written: see `CacheWriter`).
                        let filer = filing.map(|filing| {
                            let store = Arc::clone(&store);
                            std::thread::spawn(move || filing.file(&store))
                        });
                        let kept = index_text(&store, whole_cache.as_ref(), &seen.text_indexed);
                        let _ = send.send(LoadEvent::TextIndexed);
                        let new_cache = filer.and_then(|filer| filer.join().ok().flatten());
                        if !kept {
                            keep_text_index(&store, new_cache.or(whole_cache).as_ref());
                        }
                    }
                }
                Err(e) => {
                    let _ = send.send(LoadEvent::Failed(format!("{e:#}")));
                }
            }
        })
    }

    /// Reads `paths` again, on a thread of its own, while `old` (the store they made last time)
    /// stays in use: the new store comes whole, its full text indexed, as one
    /// [`LoadEvent::Reloaded`], so that nothing the explorer can do meanwhile, a full-text
    /// query included, finds less than before. Files the parse cache holds unchanged are read
    /// back from it; the cache is filed again after the event, when anything changed.
    ///
    /// `old_skipped` is how many files `old` skipped: a reload that finds the same articles
    /// and skips as many files keeps `old` (the event brings it back).
    pub fn reload(
        paths: Vec<PathBuf>,
        cache: Option<CacheConfig>,
        old: Arc<ArticleStore>,
        old_skipped: usize,
    ) -> Self {
        Self::spawn(true, move |send, seen, started| {
            match load_deferring(&paths, seen, None, cache.as_ref(), Some(&old)) {
                Ok((store, loaded, filing)) => {
                    let store = Arc::new(store);
                    // Nothing changed (the commonest reload): the store shown stays, with its
                    // full-text index, which is most of a reload's time (1M: 7 s).
                    let unchanged = loaded.skipped.len() == old_skipped
                        && store.len() == old.len()
                        && store
                            .articles()
                            .zip(old.articles())
                            .all(|(a, b)| a.hash == b.hash && a.origin == b.origin);
                    let reloaded = if unchanged {
                        Reloaded::same(Arc::clone(&old), loaded)
                    } else {
                        seen.text_index_begins(started);
                        store.index_text_after(&old, &seen.text_indexed);
                        Reloaded::new(Arc::clone(&store), loaded, &old)
                    };
                    // The old store is the explorer's to let go of.
                    drop(old);
                    if send.send(LoadEvent::Reloaded(Box::new(reloaded))).is_ok()
                        && let Some(filing) = filing
                    {
                        let filed = filing.file(&store);
                        // (Indexed above: a new cache is filed only when something changed.)
                        if store.text_words().is_some() {
                            keep_text_index(&store, filed.as_ref());
                        }
                    }
                    // A new store not shown is freed here, not on the explorer's thread.
                    drop(store);
                }
                Err(e) => {
                    let _ = send.send(LoadEvent::Failed(format!("{e:#}")));
                }
            }
        })
    }

    /// Runs `work` on a thread of its own with the sender of its events, the progress the
    /// gauge reads and the moment it began.
    fn spawn(
        reload: bool,
        work: impl FnOnce(&mpsc::Sender<LoadEvent>, &Progress, Instant) + Send + 'static,
    ) -> Self {
        let (send, events) = mpsc::channel();
        let progress = Arc::new(Progress::default());
        let started = Instant::now();
        let seen = Arc::clone(&progress);
        std::thread::spawn(move || work(&send, &seen, started));
        Loading {
            events,
            progress,
            started,
            pace: Mutex::default(),
            reload,
        }
    }

    /// Whether this is a collection read again behind the store shown.
    pub fn is_reload(&self) -> bool {
        self.reload
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
        // ", about 13 s left", or nothing; `task` 0 is the load, 1 the full-text index.
        let left = |task: usize, elapsed: Duration, part: f64| {
            // A gauge that panicked mid-sight left a pace as good as any.
            let mut pace = self
                .pace
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            pace[task]
                .left(elapsed, part)
                .map(|left| format!(", {left}"))
                .unwrap_or_default()
        };
        if p.indexing_text.load(Ordering::Acquire) {
            let since = Duration::from_millis(p.text_index_started.load(Ordering::Relaxed));
            let done = p.text_indexed.load(Ordering::Relaxed);
            let part = ratio(done as f64, loaded as f64);
            let left = left(1, self.started.elapsed().saturating_sub(since), part);
            let label = if self.reload {
                format!("reloading: indexing the full text: {done} of {loaded} articles{left}")
            } else {
                format!(
                    "indexing the full text: {done} of {loaded} articles{left} (full-text terms are read from the texts meanwhile)"
                )
            };
            return (label, part);
        }
        let (bytes, total) = (
            p.bytes.load(Ordering::Relaxed),
            p.total_bytes.load(Ordering::Relaxed),
        );
        let done = ratio(bytes as f64, total as f64);
        let verb = if self.reload { "reloading" } else { "loading" };
        let label = if loaded == 0 {
            if self.reload {
                "reloading: reading files…".to_owned()
            } else {
                "reading files…".to_owned()
            }
        } else if total == 0 {
            format!("{verb}: {loaded} articles")
        } else {
            let left = left(0, self.started.elapsed(), done);
            format!("{verb}: {loaded} articles, {:.0}%{left}", done * 100.0)
        };
        (label, done)
    }

    /// Waits for the next event (tests, and loads that must finish).
    pub fn wait(&self) -> Option<LoadEvent> {
        self.events.recv().ok()
    }

    /// Waits up to `timeout` for the next event, unless the collection turns out to be too large
    /// to load within it (more than [`SMALL_BYTES`]): then the first screen need not wait.
    pub fn wait_if_small(&self, timeout: Duration) -> Option<LoadEvent> {
        let started = Instant::now();
        let slice = Duration::from_millis(5);
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
    pub fn wait_for(&self, timeout: Duration) -> Option<LoadEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

/// Loads `paths` (none: the bundled sample) whole, full text indexed too: for the command-line
/// modes and tests, which need all of it before they can answer.
pub fn load_all(paths: &[PathBuf]) -> anyhow::Result<(ArticleStore, Loaded)> {
    let (store, loaded) = load(paths, &Progress::default(), None, None)?;
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
///
/// A new parse cache is filed before this returns; [`load_deferring`] leaves that to its caller.
pub fn load(
    paths: &[PathBuf],
    progress: &Progress,
    first: Option<&mut dyn FnMut(ArticleStore) -> bool>,
    cache: Option<&CacheConfig>,
) -> anyhow::Result<(ArticleStore, Loaded)> {
    let (store, mut loaded, filing) = load_deferring(paths, progress, first, cache, None)?;
    if let Some(filing) = filing {
        // The new cache holds the whole collection now.
        loaded.cache = filing.file(&store);
    }
    Ok((store, loaded))
}

/// [`load`], with the filing of a new parse cache, when there is one, given back to be done once
/// the store is in use ([`Filing::file`]): encoding and writing a collection's records had made
/// a first opening take a quarter to a half longer than a load without the cache (1M articles:
/// 22.5–25.8 s against 16.4–18.2 s).
pub fn load_deferring(
    paths: &[PathBuf],
    progress: &Progress,
    mut first: Option<&mut dyn FnMut(ArticleStore) -> bool>,
    cache: Option<&CacheConfig>,
    old: Option<&ArticleStore>,
) -> anyhow::Result<(ArticleStore, Loaded, Option<Filing>)> {
    use anyhow::Context as _;
    let recognizer = Recognizer::shared().context("loading the company gazetteer")?;
    if paths.is_empty() {
        let (store, loaded) = load_the_sample(&recognizer, progress);
        return Ok((store, loaded, None));
    }
    let units = load::plan(paths)?;
    let found_files = load::files_of(&units);
    let total: u64 = units.iter().map(Unit::size).sum();
    progress.total_bytes.store(total, Ordering::Relaxed);
    let cached = cache.filter(|c| total >= c.min_bytes).map_or_else(
        || Cached::none(units.len()),
        |c| Cached::open(&c.file_for(paths), &units),
    );
    let Cached {
        read: cache_read,
        write: cache_write,
        keys,
        whole: whole_cache,
    } = cached;
    let filing = cache_write.is_some();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (work, to_parse) = mpsc::sync_channel::<Batch>(2 * threads);
    let to_parse = Mutex::new(to_parse);
    // Bounded too: pieces taken from the cache come faster than they are indexed.
    let (parsed, results) = mpsc::sync_channel::<Vec<Piece>>(2 * threads);
    let stop = AtomicBool::new(false);
    // Set when a cached piece could not be used.
    let damaged = AtomicBool::new(false);
    let (stop, to_parse, recognizer) = (&stop, &to_parse, &recognizer);
    let damaged_cache = &damaged;
    let cache_read = cache_read.as_ref();
    let spares = &load::Spares::default();
    let old_keys = old.map(ArticleStore::company_keys);
    let old = old.zip(old_keys.as_deref());
    let (builder, skipped, from_cache, to_file) = std::thread::scope(|scope| {
        scope.spawn(move || send_units(units, keys, cache_read, filing, stop, spares, &work));
        for _ in 0..threads {
            let parsed = parsed.clone();
            scope.spawn(move || {
                let cache = CacheUse {
                    read: cache_read,
                    writing: filing,
                    damaged: damaged_cache,
                    old,
                };
                parse_units(to_parse, &parsed, recognizer, &cache, stop, spares);
            });
        }
        drop(parsed);
        // Pieces come back in any order; they are indexed in load order.
        let mut builder = StoreBuilder::new(Arc::clone(recognizer));
        let mut skipped = Vec::new();
        // The pieces to file in the new cache, once the store is built.
        let mut to_file = Vec::new();
        let mut waiting = std::collections::BTreeMap::new();
        let mut parts = Parts::default();
        let mut next = 0;
        let mut done = 0;
        let mut from_cache = 0;
        for piece in results.into_iter().flatten() {
            waiting.insert(piece.seq, piece);
            while let Some(piece) = waiting.remove(&next) {
                next += 1;
                if piece.from_cache {
                    from_cache += piece.articles.len();
                }
                // Room for the whole collection's articles, at the rate of those so far, with a
                // little over: blocks of one generator or archive are much alike, and a guess
                // too low only means the list grows as it would have.
                if done > 0 && builder.len() + piece.articles.len() > builder.capacity() {
                    let guess =
                        builder.len() as u128 * u128::from(total) * 51 / (u128::from(done) * 50);
                    builder.make_room_for(usize::try_from(guess).unwrap_or(usize::MAX));
                }
                done += piece.size;
                let (filed, said) = push(&mut builder, piece, filing);
                to_file.extend(filed);
                skipped.extend(said);
                progress.articles.store(builder.len(), Ordering::Relaxed);
                progress.bytes.store(done, Ordering::Relaxed);
                if !parts.hand_over(first.as_deref_mut(), &builder, (done, total), progress) {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
        (builder, skipped, from_cache, to_file)
    });
    if stop.load(Ordering::Relaxed) {
        anyhow::bail!("the load was stopped: nobody is waiting for it");
    }
    load::no_article_is_an_error(paths, &skipped, builder.len())?;
    if cache_write.is_none() && damaged.load(Ordering::Relaxed) {
        drop_cache(cache, paths);
    }
    let filing = cache_write.map(|writer| Filing::new(writer, to_file));
    let loaded = Loaded {
        articles: Vec::new(),
        skipped,
        cached: from_cache,
        files: found_files,
        cache: whole_cache.filter(|_| !damaged.load(Ordering::Relaxed)),
    };
    Ok((builder.finish(), loaded, filing))
}

/// Adds a piece's articles to `builder` and gives back what was skipped in it. A piece the
/// cache knows (`filed`) is remembered, for a reload to take again, and, when a new cache is
/// being written (`filing`), given back to be filed in it.
fn push(
    builder: &mut StoreBuilder,
    piece: Piece,
    filing: bool,
) -> (Option<ToFile>, Vec<load::Skipped>) {
    let Some(filed) = piece.filed else {
        builder.push(piece.articles);
        return (None, piece.skipped);
    };
    let pushed = builder.push_keeping(piece.articles);
    builder.keep(
        filed.source.piece_key(&filed.span),
        filed.span,
        &pushed,
        &piece.skipped,
    );
    let to_file = filing.then(|| ToFile::new(filed, pushed, &piece.skipped));
    (to_file, piece.skipped)
}

/// The parts of a load handed over while it goes on (see [`LoadEvent::First`]).
#[derive(Default)]
struct Parts {
    /// The size of the last.
    last: Option<usize>,
}

impl Parts {
    /// Hands the part of the load due now, if any, to `first` (none: nobody wants parts);
    /// false when `first` says nobody wants it any more.
    ///
    /// The first [`FIRST`] articles are due when they are under a quarter of the whole (`done`
    /// of `total` bytes); after a part, while the explorer asks for more, the articles so far
    /// once they are three times as many, unless the whole is near (its last quarter). Each
    /// part copies the fields of the articles so far (not their texts), and the explorer
    /// starts its filter over it again: at a million articles, parts doubling up to nine
    /// tenths of the load had made it 1.5-5 s longer; tripling up to three quarters (2,000,
    /// then 60k, 179k and 538k as blocks fell) copied 780k articles in all, for about 0.4 s.
    fn hand_over<'f>(
        &mut self,
        first: Option<&mut (dyn FnMut(ArticleStore) -> bool + 'f)>,
        builder: &StoreBuilder,
        (done, total): (u64, u64),
        progress: &Progress,
    ) -> bool {
        let Some(first) = first else {
            return true;
        };
        let n = builder.len();
        let part = match self.last {
            None => (n >= FIRST && done < total / 4).then(|| builder.snapshot()),
            Some(last) => (progress.wants_more.load(Ordering::Relaxed)
                && n >= last.saturating_mul(3)
                && done < total / 4 * 3)
                .then(|| builder.snapshot_unindexed()),
        };
        let Some(part) = part else {
            return true;
        };
        self.last = Some(n);
        first(part)
    }
}

/// A new parse cache to file, once the load that made it is done: its pieces, in load order.
pub struct Filing {
    writer: CacheWriter,
    pieces: Vec<ToFile>,
}

/// A piece to file: where it goes in the new cache, where its articles went in the store, and
/// what was skipped in it.
struct ToFile {
    filed: Filed,
    pushed: Pushed,
    skipped: Vec<load::Skipped>,
}

/// Removes the cache of `paths`, found damaged, so that the next load files everything again.
fn drop_cache(cache: Option<&CacheConfig>, paths: &[PathBuf]) {
    if let Some(config) = cache {
        let _ = std::fs::remove_file(config.file_for(paths));
    }
}

impl ToFile {
    fn new(filed: Filed, pushed: Pushed, skipped: &[load::Skipped]) -> Self {
        ToFile {
            filed,
            pushed,
            skipped: skipped.to_vec(),
        }
    }
}

impl Filing {
    fn new(writer: CacheWriter, pieces: Vec<ToFile>) -> Self {
        Filing { writer, pieces }
    }

    /// Files every piece, made from `store` (the store the load made), and puts the cache in
    /// place. Best effort: a cache that cannot be written is given up (it was only to save time;
    /// the next load parses again), and nothing of it is left behind. Records are encoded on
    /// two threads, a group at a time, and written in order. Gives back where the cache is and
    /// its identity, once it is in place.
    pub fn file(self, store: &ArticleStore) -> Option<(PathBuf, u64)> {
        /// Articles enough for a group to be worth two threads, few enough that a group's
        /// records (about the size of their text) are not much memory.
        const GROUP_ARTICLES: usize = 2_000;
        let Filing { mut writer, pieces } = self;
        let encode = |piece: &ToFile| cache::encode_pushed(store, &piece.pushed, &piece.skipped);
        let mut rest = pieces.as_slice();
        while !rest.is_empty() {
            let mut articles = 0;
            let size = rest
                .iter()
                .position(|piece| {
                    articles += piece.pushed.articles();
                    articles >= GROUP_ARTICLES
                })
                .map_or(rest.len(), |i| i + 1);
            let (group, after) = rest.split_at(size);
            rest = after;
            let (a, b) = group.split_at(group.len() / 2);
            let (mut records, second) = std::thread::scope(|scope| {
                let second = scope.spawn(|| b.iter().map(encode).collect::<Vec<_>>());
                let first: Vec<Vec<u8>> = a.iter().map(encode).collect();
                (first, second.join())
            });
            // A thread can only fail by panicking; then so does this one, as it should.
            records.extend(second.unwrap_or_else(|e| std::panic::resume_unwind(e)));
            for (ToFile { filed, .. }, bytes) in group.iter().zip(&records) {
                if writer
                    .add(filed.unit, &filed.source, filed.span, bytes)
                    .is_err()
                {
                    return None;
                }
            }
        }
        let path = writer.path().to_owned();
        writer.finish().ok().map(|identity| (path, identity))
    }
}

/// Gives `store` its full-text index: the one kept beside the parse cache it was read whole
/// from (`cache`: where, and its identity), when there is one; else one built here, counting
/// the articles in `progress`. True when it was the one kept.
fn index_text(
    store: &ArticleStore,
    cache: Option<&(PathBuf, u64)>,
    progress: &std::sync::atomic::AtomicUsize,
) -> bool {
    let kept = cache.and_then(|(file, identity)| cache::read_words(file, *identity, store.len()));
    let taken = kept.is_some_and(|vocab| store.take_text_index(vocab));
    if taken {
        progress.store(store.len(), Ordering::Relaxed);
    } else {
        store.index_text_counting(progress);
    }
    taken
}

/// Gives `store`, as [`load`] made it, its full-text index: the one kept beside the parse cache
/// that holds the collection, when there is one; else one built here, and then kept there for
/// the next time.
pub fn index_text_kept(store: &ArticleStore, loaded: &Loaded) {
    let counted = std::sync::atomic::AtomicUsize::new(0);
    if !index_text(store, loaded.cache.as_ref(), &counted) {
        keep_text_index(store, loaded.cache.as_ref());
    }
}

/// Keeps the full-text index of `store` beside the parse cache it was read from or filed in
/// (`cache`: where, and its identity), for the next opening. Best effort, as the cache is.
fn keep_text_index(store: &ArticleStore, cache: Option<&(PathBuf, u64)>) {
    if let Some((file, identity)) = cache {
        let _ = cache::write_words(file, *identity, store.len(), store.index_text());
    }
}

/// The bundled sample, cleaned, recognised and indexed.
fn load_the_sample(recognizer: &Arc<Recognizer>, progress: &Progress) -> (ArticleStore, Loaded) {
    let sample = load::load_sample();
    let mut builder = StoreBuilder::new(Arc::clone(recognizer));
    builder.push(crate::store::parse_many(sample.articles, recognizer));
    progress.articles.store(builder.len(), Ordering::Relaxed);
    let skipped = Loaded {
        skipped: sample.skipped,
        ..Loaded::default()
    };
    (builder.finish(), skipped)
}

/// The reading thread of a load: hands every planned unit to the parsing threads in order (a
/// large JSON Lines file block by block; a file the cache holds as its cached pieces).
fn send_units(
    units: Vec<Unit>,
    keys: Vec<Option<SourceKey>>,
    cache: Option<&CacheFile>,
    filing: bool,
    stop: &AtomicBool,
    spares: &load::Spares,
    work: &mpsc::SyncSender<Batch>,
) {
    let mut batch = Batch::new();
    let mut batch_bytes = 0;
    let mut seq = 0;
    let mut send = |job: Job| {
        batch_bytes += job.size();
        batch.push((seq, job));
        seq += 1;
        if batch_bytes < BATCH_BYTES {
            return !stop.load(Ordering::Relaxed);
        }
        batch_bytes = 0;
        !stop.load(Ordering::Relaxed) && work.send(std::mem::take(&mut batch)).is_ok()
    };
    for (number, (unit, key)) in units.into_iter().zip(keys).enumerate() {
        let going = match (key, cache) {
            (Some(key), Some(cache)) if cache.records(&key).is_some() => {
                send_cached(unit, number, &key, cache, &mut send)
            }
            (key, _) => send_parse(unit, number, key, filing, cache, spares, &mut send),
        };
        if !going {
            return;
        }
    }
    if !batch.is_empty() && !stop.load(Ordering::Relaxed) {
        let _ = work.send(batch);
    }
}

/// Jobs handed to a parsing thread together, each with its place in load order.
type Batch = Vec<(usize, Job)>;

/// About how many bytes of files a [`Batch`] stands for. A job at a time, a folder of 100,000
/// small files cost a hand-over between threads per file: a third of the load's samples were
/// the kernel switching threads. A large JSON Lines file's blocks are batches of one.
const BATCH_BYTES: u64 = load::BLOCK as u64;

/// The cache of a load: the one there to read from, and a new one to write when that does not
/// hold exactly this collection as it is now.
struct Cached {
    read: Option<CacheFile>,
    write: Option<CacheWriter>,
    /// Each unit's source, for the units a cache can hold (files).
    keys: Vec<Option<SourceKey>>,
    /// Where the cache is and its identity, when it holds the whole collection as it is (the
    /// key of the full-text index kept beside it).
    whole: Option<(PathBuf, u64)>,
}

impl Cached {
    fn none(units: usize) -> Self {
        Cached {
            read: None,
            write: None,
            keys: vec![None; units],
            whole: None,
        }
    }

    fn open(file: &std::path::Path, units: &[Unit]) -> Self {
        let keys: Vec<Option<SourceKey>> = units
            .iter()
            .map(|unit| match unit {
                // The plan's metadata: asking again cost a second look-up of every file.
                Unit::File { path, stamp, .. } | Unit::Lines { path, stamp, .. } => {
                    SourceKey::from_stamp(path, stamp)
                }
                _ => None,
            })
            .collect();
        let read = CacheFile::open(file);
        let sources: std::collections::HashSet<&SourceKey> = keys.iter().flatten().collect();
        let whole = read.as_ref().is_some_and(|cache| {
            cache.source_count() == sources.len()
                && sources.iter().all(|key| cache.records(key).is_some())
        });
        let write = if whole {
            cache::mark_used(file);
            None
        } else {
            CacheWriter::create(file).ok()
        };
        let whole = read
            .as_ref()
            .filter(|_| whole)
            .map(|read| (file.to_owned(), read.identity()));
        Cached {
            read,
            write,
            keys,
            whole,
        }
    }
}

/// What a parsing thread has of the cache.
struct CacheUse<'a> {
    /// The cache to take pieces from.
    read: Option<&'a CacheFile>,
    /// True when a new cache is being written: every piece is filed in it.
    writing: bool,
    /// Set when a piece of `read` could not be used.
    damaged: &'a AtomicBool,
    /// The store a reload reads the files again behind, with its companies' keys: a piece the
    /// cache holds is taken from it when it has the piece ([`ArticleStore::reuse`]).
    old: Option<(&'a ArticleStore, &'a [&'a str])>,
}

/// Work for a parsing thread.
enum Job {
    /// A unit to read, clean and recognise; filed in the new cache when `filed` says where.
    Parse { unit: Unit, filed: Option<Filed> },
    /// A piece to take from the cache, or else to parse again as `fallback`.
    Cached {
        record: Record,
        filed: Filed,
        fallback: Fallback,
    },
}

impl Job {
    /// The bytes of the files it stands for, for batching.
    fn size(&self) -> u64 {
        match self {
            Job::Parse { unit, .. } => unit.size(),
            Job::Cached { record, .. } => record.span.bytes,
        }
    }
}

/// Where a piece goes in the cache being written.
struct Filed {
    /// The number of the planned unit it is (part of).
    unit: usize,
    source: Arc<SourceKey>,
    span: Span,
}

/// How to read a cached piece again from its source.
enum Fallback {
    /// It is this unit (a whole file, or a block read already).
    Unit(Unit),
    /// It is a block of a large file, cut as `split` says.
    Block {
        path: Arc<std::path::Path>,
        folder: Option<String>,
        split: load::Split,
    },
}

impl Fallback {
    fn unit(self, record: &Record) -> Unit {
        match self {
            Fallback::Unit(unit) => unit,
            Fallback::Block {
                path,
                folder,
                split,
            } => Unit::block_at(
                path,
                folder,
                record.span.start,
                usize::try_from(record.span.bytes).unwrap_or(usize::MAX),
                usize::try_from(record.span.first_line).unwrap_or(1),
                record.span.items(),
                split,
            ),
        }
    }
}

/// Sends the cached pieces of a planned unit; false when the load is stopped.
fn send_cached(
    unit: Unit,
    number: usize,
    key: &SourceKey,
    cache: &CacheFile,
    send: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let records = cache.records(key).unwrap_or_default();
    let source = Arc::new(key.clone());
    let filed = |record: &Record| Filed {
        unit: number,
        source: Arc::clone(&source),
        span: record.span,
    };
    match unit {
        Unit::Lines {
            path,
            folder,
            stamp,
            split,
        } => {
            let shared: Arc<std::path::Path> = path.as_path().into();
            records.iter().all(|record| {
                // A JSON file that did not hold an array was read whole, not in blocks.
                let whole = record.span.content == 0 && record.span.bytes > 0;
                let fallback = if whole {
                    Fallback::Unit(Unit::File {
                        path: path.clone(),
                        folder: folder.clone(),
                        format: Some(load::Format::Json),
                        stamp,
                    })
                } else {
                    Fallback::Block {
                        path: Arc::clone(&shared),
                        folder: folder.clone(),
                        split,
                    }
                };
                send(Job::Cached {
                    record: *record,
                    filed: filed(record),
                    fallback,
                })
            })
        }
        unit => match records {
            [record] => send(Job::Cached {
                record: *record,
                filed: filed(record),
                fallback: Fallback::Unit(unit),
            }),
            // A file is one piece: anything else is not a record of this unit.
            _ => send(Job::Parse { unit, filed: None }),
        },
    }
}

/// Sends a planned unit to be parsed (a large JSON Lines file block by block, read here in
/// order); false when the load is stopped. A block the cache holds with the same bytes (the file
/// grew, or changed further on) is taken from the cache instead.
fn send_parse(
    unit: Unit,
    number: usize,
    key: Option<SourceKey>,
    filing: bool,
    cache: Option<&CacheFile>,
    spares: &load::Spares,
    send: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let source = key.map(Arc::new);
    // Blocks are known by their bytes when a cache may hold them, or one is being written.
    let hash_blocks = source.is_some() && (filing || cache.is_some());
    let mut going = true;
    unit.blocks(spares, &mut |unit| {
        // A block knows where it starts: the blocks of a list an object wraps start after the
        // object's first members.
        let (start, bytes, first_line, content, items) = match &unit {
            Unit::Block {
                bytes,
                first_line,
                items,
                start,
                ..
            } => (
                *start,
                bytes.len() as u64,
                *first_line as u64,
                if hash_blocks { content_hash(bytes) } else { 0 },
                *items,
            ),
            other => (0, other.size(), 1, 0, None),
        };
        let (item, column) = Span::item_fields(items);
        let span = Span {
            start,
            bytes,
            first_line,
            content,
            item,
            column,
        };
        let filed = source.as_ref().map(|source| Filed {
            unit: number,
            source: Arc::clone(source),
            span,
        });
        let cached = match (&source, cache) {
            (Some(source), Some(cache)) if content != 0 => cache.block(source, &span),
            _ => None,
        };
        going = match (cached, filed) {
            (Some(record), Some(filed)) => send(Job::Cached {
                record,
                filed,
                fallback: Fallback::Unit(unit),
            }),
            (_, filed) => send(Job::Parse {
                unit,
                filed: filed.filter(|_| filing),
            }),
        };
        going
    });
    going
}

/// A parsing thread: reads, cleans and recognises the units it takes from `to_parse` (or takes
/// their pieces from the cache), a batch at a time, until there are none left or the load is
/// stopped.
fn parse_units(
    to_parse: &Mutex<Receiver<Batch>>,
    parsed: &mpsc::SyncSender<Vec<Piece>>,
    recognizer: &Recognizer,
    cache: &CacheUse<'_>,
    stop: &AtomicBool,
    spares: &load::Spares,
) {
    loop {
        let next = match to_parse.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(batch) = next else { return };
        let mut pieces = Vec::with_capacity(batch.len());
        // The units to parse, read first and then parsed together (`parse_pieces`).
        let mut read = Vec::new();
        let mut raw = Vec::new();
        for (seq, job) in batch {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let (unit, filed) = match job {
                Job::Parse { unit, filed } => (unit, filed),
                Job::Cached {
                    record,
                    filed,
                    fallback,
                } => {
                    if let Some((articles, skipped)) = from_cache(&record, &filed, cache) {
                        pieces.push(Piece {
                            seq,
                            size: record.span.bytes,
                            articles,
                            skipped,
                            filed: Some(filed),
                            from_cache: true,
                        });
                        continue;
                    }
                    // A record that cannot be used is parsed again from its file.
                    cache.damaged.store(true, Ordering::Relaxed);
                    (fallback.unit(&record), Some(filed))
                }
            };
            let size = unit.size();
            let mut loaded = Loaded::default();
            unit.read(&mut loaded, spares);
            raw.push(loaded.articles);
            read.push((seq, size, filed, loaded.skipped));
        }
        let articles = crate::store::parse_pieces(raw, recognizer);
        for ((seq, size, filed, skipped), articles) in read.into_iter().zip(articles) {
            let filed = filed.filter(|_| cache.writing);
            pieces.push(Piece {
                seq,
                size,
                articles,
                skipped,
                filed,
                from_cache: false,
            });
        }
        if parsed.send(pieces).is_err() {
            return;
        }
    }
}

/// What a cache record holds, when it can be read and decoded: its articles and what was
/// skipped. On a reload, a piece the store shown has is taken from it, not decoded again.
fn from_cache(
    record: &Record,
    filed: &Filed,
    cache: &CacheUse<'_>,
) -> Option<(Parsed, Vec<load::Skipped>)> {
    if let Some(reused) = cache
        .old
        .and_then(|(old, keys)| old.reuse(filed.source.piece_key(&filed.span), &filed.span, keys))
    {
        return Some(reused);
    }
    let bytes = cache.read?.read(record)?;
    cache::decode(&bytes)
}

/// What a parsing thread gives back for one [`Unit`].
struct Piece {
    /// The unit's place in load order.
    seq: usize,
    /// Its bytes, for the gauge.
    size: u64,
    articles: Parsed,
    skipped: Vec<load::Skipped>,
    /// Where it goes in the cache being written.
    filed: Option<Filed>,
    /// True when it was taken from the cache.
    from_cache: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::json;
    use std::fmt::Write as _;
    use std::io::Write as _;

    #[test]
    fn a_reload_counts_texts_added_and_gone_and_finds_each_article_again() {
        let recognizer = Recognizer::shared().unwrap();
        let store = |articles: &[(&str, &str)]| {
            let raw = articles
                .iter()
                .map(|(origin, text)| crate::store::RawArticle::plain(*origin, *text))
                .collect();
            ArticleStore::build(raw, &recognizer)
        };
        let old = store(&[
            ("a", "Alpha\n\nFirst text."),
            ("b", "Beta\n\nSecond text."),
            ("c", "Beta\n\nSecond text."),
            ("d", "Delta\n\nFourth text."),
        ]);
        let new = Arc::new(store(&[
            ("b", "Beta\n\nSecond text."),
            ("x", "Xi\n\nA new text."),
            ("a", "Alpha\n\nFirst text, edited."),
            ("e", "Beta\n\nSecond text."),
        ]));
        let reloaded = Reloaded::new(Arc::clone(&new), Loaded::default(), &old);
        // The two copies of Beta are in both; Xi and the edited Alpha are new; the old Alpha and
        // Delta are gone.
        assert_eq!((reloaded.added, reloaded.removed), (2, 2));
        let found = |id: ArticleId| reloaded.find(old.article(id).unwrap());
        // The same text, from the same place; the edited file, by its place; a copy from a place
        // gone, as the first article with its text; a text gone, nowhere.
        assert_eq!(found(1), Some(0));
        assert_eq!(found(0), Some(2));
        assert_eq!(found(2), Some(0));
        assert_eq!(found(3), None);
        // Of several copies, the first, which is the one listed.
        let moved = Reloaded::new(Arc::clone(&new), Loaded::default(), &new);
        assert_eq!((moved.added, moved.removed), (0, 0));
        assert_eq!(moved.find(new.article(3).unwrap()), Some(0));
        // A file edited into a copy of another text: found by its place, listed at the first.
        let before = store(&[("e", "Epsilon\n\nFifth text.")]);
        let edited = Reloaded::new(Arc::clone(&new), Loaded::default(), &before);
        assert_eq!(edited.find(before.article(0).unwrap()), Some(0));
    }

    /// An empty folder of its own for a test.
    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tidings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A parse cache of a test's own, in `dir/cache`, that takes a collection of any size.
    fn cache_in(dir: &std::path::Path) -> CacheConfig {
        CacheConfig {
            dir: dir.join("cache"),
            min_bytes: 0,
        }
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
    fn the_time_left_is_told_at_the_rate_so_far_once_it_means_something() {
        // (seconds so far, part done, what the gauge says)
        let cases = [
            // A quarter done in 4 s: 12 s to go.
            (4.0, 0.25, Some("about 12 s left")),
            (4.0, 0.24, Some("about 13 s left")),
            // Seconds up to a minute and a half, then minutes, to the nearest.
            (5.0, 0.0625, Some("about 75 s left")),
            (10.0, 0.1, Some("about 2 min left")),
            (30.0, 0.05, Some("about 10 min left")),
            (2.0, 0.999, Some("less than a second left")),
            // Too early to tell: under a second in, or under a twentieth done; nothing once done.
            (0.9, 0.5, None),
            (5.0, 0.04, None),
            (5.0, 1.0, None),
            (5.0, 0.0, None),
        ];
        for (elapsed, done, said) in cases {
            assert_eq!(
                time_left(Duration::from_secs_f64(elapsed), done).as_deref(),
                said,
                "{elapsed} s, {done} done"
            );
        }
    }

    #[test]
    fn the_time_left_follows_the_pace_of_the_last_seconds() {
        let secs = Duration::from_secs_f64;
        // A task that does a thirtieth a second for 3 s, then a tenth, seen every quarter second.
        let done_at = |t: f64| {
            if t <= 3.0 {
                t / 30.0
            } else {
                0.1 + (t - 3.0) / 10.0
            }
        };
        let mut pace = Pace::default();
        let mut said = Vec::new();
        for quarter in 1..=24 {
            let t = f64::from(quarter) / 4.0;
            said.push((t, pace.left(secs(t), done_at(t))));
        }
        let at = |t: f64| {
            said.iter()
                .find(|s| (s.0 - t).abs() < 1e-9)
                .unwrap()
                .1
                .clone()
        };
        // Nothing before a twentieth is done (1.5 s); then, within the first seconds, the pace
        // so far: 28 s at 2 s.
        assert_eq!(at(1.0), None);
        assert_eq!(at(2.0).as_deref(), Some("about 28 s left"));
        // At 6 s, four tenths done: a tenth a second for the last two, 6 s left (from the start
        // it would be 9 s).
        assert_eq!(at(6.0).as_deref(), Some("about 6 s left"));
        assert_eq!(at(5.0).as_deref(), Some("about 7 s left"));

        // Seen rarely: the last sight before, however far back, gives the pace.
        let mut pace = Pace::default();
        assert_eq!(pace.left(secs(2.0), 0.5).as_deref(), Some("about 2 s left"));
        // 0.4 in 8 s: 2 s left (from the start, 1 s).
        assert_eq!(
            pace.left(secs(10.0), 0.9).as_deref(),
            Some("about 2 s left")
        );
        // Seen twice within a second: too short a span to tell a pace by, the start's is told.
        let mut pace = Pace::default();
        assert_eq!(
            pace.left(secs(4.0), 0.2).as_deref(),
            Some("about 16 s left")
        );
        assert_eq!(
            pace.left(secs(4.01), 0.5).as_deref(),
            Some("about 4 s left")
        );
        // Stalled since the last sight: the pace so far, not a division by nothing.
        let mut pace = Pace::default();
        pace.left(secs(2.0), 0.25);
        assert_eq!(
            pace.left(secs(4.0), 0.25).as_deref(),
            Some("about 12 s left")
        );
        // A gauge drawn every millisecond keeps a sight every 50 ms of the last two seconds.
        let mut pace = Pace::default();
        for ms in 0..3_000 {
            pace.left(Duration::from_millis(ms), 0.1);
        }
        assert!(pace.seen.len() <= 42, "{}", pace.seen.len());
    }

    #[test]
    fn the_gauge_tells_the_time_left_of_the_load_and_then_of_the_full_text() {
        // A load that started four seconds ago and is a quarter done.
        let ago = |secs| {
            Instant::now()
                .checked_sub(Duration::from_secs(secs))
                .unwrap()
        };
        let loading = Loading {
            events: mpsc::channel().1,
            progress: Arc::new(Progress::default()),
            started: ago(4),
            pace: Mutex::default(),
            reload: false,
        };
        let p = &loading.progress;
        p.total_bytes.store(4_000, Ordering::Relaxed);
        p.bytes.store(1_000, Ordering::Relaxed);
        p.articles.store(250, Ordering::Relaxed);
        let (label, part) = loading.gauge();
        assert_eq!(label, "loading: 250 articles, 25%, about 12 s left");
        assert!((part - 0.25).abs() < 1e-9, "{part}");
        // Done at 6 s (of 10): the full text, half indexed, counts from then, not from the start.
        let loading = Loading {
            started: ago(10),
            ..loading
        };
        let p = &loading.progress;
        p.articles.store(1_000, Ordering::Relaxed);
        p.text_indexed.store(500, Ordering::Relaxed);
        p.text_index_started.store(6_000, Ordering::Relaxed);
        p.indexing_text.store(true, Ordering::Release);
        let (label, part) = loading.gauge();
        assert!((part - 0.5).abs() < 1e-9, "{part}");
        assert_eq!(
            label,
            "indexing the full text: 500 of 1000 articles, about 4 s left \
             (full-text terms are read from the texts meanwhile)"
        );
        // Read again behind a store shown whole, the gauge says so, and nothing of filtering.
        let loading = Loading {
            reload: true,
            ..loading
        };
        assert_eq!(
            loading.gauge().0,
            "reloading: indexing the full text: 500 of 1000 articles, about 4 s left"
        );
        let p = &loading.progress;
        p.indexing_text.store(false, Ordering::Release);
        p.bytes.store(1_000, Ordering::Relaxed);
        p.articles.store(250, Ordering::Relaxed);
        assert!(
            loading
                .gauge()
                .0
                .starts_with("reloading: 250 articles, 25%")
        );
    }

    #[test]
    fn the_sample_loads_in_the_background() {
        let loading = Loading::start(Vec::new(), None);
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

    /// A new folder `name` of `n` small files, a story each, all naming Intel and Cisco.
    fn story_folder(name: &str, n: usize) -> PathBuf {
        let dir = fresh_dir(name);
        for i in 0..n {
            std::fs::write(
                dir.join(format!("{i:05}.txt")),
                format!("Story {i}\n\nIntel and Cisco, part {i}.\n"),
            )
            .unwrap();
        }
        dir
    }

    #[test]
    fn while_a_query_is_typed_over_a_part_bigger_parts_follow() {
        let n = 5 * FIRST + 500;
        let dir = story_folder("loading-parts", n);
        let loading = Loading::start(vec![dir.clone()], None);
        // The explorer asks for more from the start (a query typed over the first part).
        loading.progress.wants_more.store(true, Ordering::Relaxed);
        let Some(LoadEvent::First(first)) = loading.wait() else {
            panic!("expected the first part")
        };
        assert_eq!(first.len(), FIRST);
        assert!(first.text_words().is_some());
        // Then a part three times as big at least, its companies and titles indexed, its full
        // text left to be read from the texts; none in the last quarter of the load.
        let Some(LoadEvent::First(second)) = loading.wait() else {
            panic!("expected a second part")
        };
        assert!(
            (3 * FIRST..n * 3 / 4).contains(&second.len()),
            "{}",
            second.len()
        );
        assert!(second.text_words().is_none());
        let intel = second.companies.iter().position(|c| c.name == "Intel");
        let intel = intel.expect("Intel is among the part's companies");
        assert_eq!(second.companies[intel].articles.len(), second.len());
        assert_eq!(second.title_words.postings[0].len(), second.len());
        // The same ids as the first part and the whole.
        assert_eq!(
            second.articles[FIRST - 1].title,
            first.articles[FIRST - 1].title
        );
        let Some(LoadEvent::Done(all, _)) = loading.wait() else {
            panic!("expected the whole")
        };
        assert_eq!(all.len(), n);
        let last = second.len() - 1;
        assert_eq!(all.articles[last].title, second.articles[last].title);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_large_collection_comes_first_in_part_then_whole() {
        // A folder of many files: each file is read and parsed on its own.
        let n = 4 * FIRST + 500;
        let dir = story_folder("loading", n);
        let loading = Loading::start(vec![dir.clone()], None);
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
        // And the same mentions under the same company numbers: the reader keeps an open
        // article's mentions when the whole store takes the first part's place.
        for (a, b) in first.articles.iter().zip(&all.articles) {
            let mentions = first.mentions(a);
            assert!(!mentions.is_empty());
            assert_eq!(mentions, all.mentions(b));
        }
        assert_eq!(loading.progress.articles.load(Ordering::Relaxed), n);
        // Then the full text is indexed, behind the rest.
        assert!(matches!(loading.wait(), Some(LoadEvent::TextIndexed)));
        assert_eq!(all.text_words().map(|v| v.postings[0].len()), Some(n));
        assert_eq!(loading.progress.text_indexed.load(Ordering::Relaxed), n);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A collection in `dir`: a folder `files` of `n` stories naming `companies`, and
    /// `big.jsonl`, over `blocks` blocks long with line `bad` broken; with a cache folder of its
    /// own that takes any size, and the number of lines of `big.jsonl`.
    fn collection(
        dir: &std::path::Path,
        n: usize,
        companies: &str,
        blocks: usize,
        bad: usize,
    ) -> (Vec<PathBuf>, CacheConfig, usize) {
        let files = dir.join("files");
        std::fs::create_dir_all(&files).unwrap();
        for i in 0..n {
            std::fs::write(
                files.join(format!("{i:02}.txt")),
                format!("Story {i}\n\n{companies}, part {i}.\n"),
            )
            .unwrap();
        }
        let (jsonl, lines) = long_jsonl(blocks * load::BLOCK + 1000, Some(bad));
        std::fs::write(dir.join("big.jsonl"), &jsonl).unwrap();
        let config = cache_in(dir);
        (vec![files, dir.join("big.jsonl")], config, lines)
    }

    #[test]
    fn a_reload_takes_the_pieces_that_did_not_change_from_the_store_shown() {
        let dir = fresh_dir("reload-reuses");
        let (paths, config, lines) = collection(&dir, 12, "Intel and Cisco", 3, 3000);
        let files = paths[0].clone();
        // Two names of one company (one key): the store names it as the first file does.
        let write = |name: &str, text: &str| std::fs::write(files.join(name), text).unwrap();
        write(
            "00.txt",
            "Story zero\n\nShares in Brenvale Group fell after the results.\n",
        );
        write(
            "05.txt",
            "Story five\n\nBrenvale Holdings said its profits rose.\n",
        );
        let (old, _) = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        let names = |store: &ArticleStore| -> Vec<String> {
            store.companies.iter().map(|c| c.name.clone()).collect()
        };
        assert!(names(&old).contains(&"Brenvale Group".to_owned()));
        // Lines appended to the JSON Lines file; a file edited, one removed, one added.
        let mut grown = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("big.jsonl"))
            .unwrap();
        for k in 0..3 {
            writeln!(grown, r#"{{"title": "Appended {k}", "body": "Oracle."}}"#).unwrap();
        }
        drop(grown);
        write("03.txt", "Story three\n\nNow about IBM, at length.\n");
        std::fs::remove_file(files.join("00.txt")).unwrap();
        write("20.txt", "Story twenty\n\nOracle and Intel.\n");
        let reload = |old: &ArticleStore| {
            let progress = Progress::default();
            let (store, loaded, filing) =
                load_deferring(&paths, &progress, None, Some(&config), Some(old)).unwrap();
            if let Some(filing) = filing {
                filing.file(&store);
            }
            (store, loaded)
        };
        let (new, loaded) = reload(&old);
        // The same as a load of the files as they are now, without a cache.
        let (fresh, fresh_loaded) = load(&paths, &Progress::default(), None, None).unwrap();
        assert_eq!(digest(&new), digest(&fresh));
        let said = |loaded: &Loaded| -> Vec<String> {
            loaded.skipped.iter().map(ToString::to_string).collect()
        };
        assert_eq!(said(&loaded), said(&fresh_loaded));
        assert_eq!(said(&loaded).len(), 1, "{:?}", said(&loaded));
        assert!(names(&new).contains(&"Brenvale Holdings".to_owned()));
        // What did not change holds the texts of the store shown, what changed its own.
        let buffers = |store: &ArticleStore| -> std::collections::HashSet<usize> {
            store.articles().map(|a| a.paragraphs.buffer()).collect()
        };
        let held = buffers(&old);
        let shared = |a: &&Article| held.contains(&a.paragraphs.buffer());
        let (taken, parsed): (Vec<&Article>, Vec<&Article>) = new.articles().partition(shared);
        let origins = |articles: &[&Article], small: bool| -> Vec<String> {
            let mut origins: Vec<String> = articles
                .iter()
                .filter(|a| a.origin.contains("files/") == small)
                .map(|a| a.origin.rsplit('/').next().unwrap_or_default().to_owned())
                .collect();
            origins.sort();
            origins
        };
        let unchanged = ["01", "02", "04", "05", "06", "07", "08", "09", "10", "11"];
        assert_eq!(origins(&taken, true), unchanged.map(|n| format!("{n}.txt")));
        assert_eq!(origins(&parsed, true), ["03.txt", "20.txt"]);
        // The three whole blocks of the JSON Lines file are taken, its last one is parsed:
        // about 1000 bytes of its lines (two long records) and the three appended.
        let big = |articles: &[&Article]| origins(articles, false).len();
        assert_eq!(big(&taken) + big(&parsed), lines - 1 + 3);
        assert!((4..=6).contains(&big(&parsed)), "{}", big(&parsed));
        // The reloaded store remembers its pieces in turn: a reload with nothing changed takes
        // every article from it.
        let (again, _) = reload(&new);
        assert_eq!(digest(&again), digest(&new));
        let held = buffers(&new);
        assert!(
            again
                .articles()
                .all(|a| held.contains(&a.paragraphs.buffer()))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_collection_opened_again_from_its_cache_takes_the_full_text_index_kept_beside_it() {
        let dir = fresh_dir("words");
        let (paths, config, _) = collection(&dir, 5, "Intel and Cisco", 2, 3000);
        let open = || load_deferring(&paths, &Progress::default(), None, Some(&config), None);
        let same = |a: &crate::vocab::Vocab, b: &crate::vocab::Vocab| {
            assert_eq!(a.entries, b.entries);
            assert_eq!(a.postings, b.postings);
            assert_eq!(a.accented, b.accented);
        };
        let built = load(&paths, &Progress::default(), None, None).unwrap().0;
        // A first opening builds the index, files the cache, and keeps the index beside it.
        let (first, loaded, filing) = open().unwrap();
        assert_eq!(loaded.cache, None);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        assert!(!index_text(&first, loaded.cache.as_ref(), &counted));
        let filed = filing.unwrap().file(&first);
        assert!(filed.is_some());
        keep_text_index(&first, filed.as_ref());
        // The next reads the whole collection from the cache, and takes the index kept.
        let (again, loaded, filing) = open().unwrap();
        assert!(filing.is_none());
        assert_eq!(loaded.cache, filed);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        assert!(index_text(&again, loaded.cache.as_ref(), &counted));
        assert_eq!(counted.into_inner(), again.len());
        same(again.text_words().unwrap(), built.index_text());
        // A file changed (as many articles): a new cache is filed, and the index is built.
        std::fs::write(paths[0].join("01.txt"), "Story one\n\nNow about IBM.\n").unwrap();
        let (changed, loaded, filing) = open().unwrap();
        assert_eq!(loaded.cache, None);
        assert_eq!(changed.len(), again.len());
        let counted = std::sync::atomic::AtomicUsize::new(0);
        assert!(!index_text(&changed, loaded.cache.as_ref(), &counted));
        let now = load(&paths, &Progress::default(), None, None).unwrap().0;
        same(changed.text_words().unwrap(), now.index_text());
        // Its index not kept (the explorer quit first): the one beside the cache is the old
        // cache's, and the next opening builds its own.
        let refiled = filing.unwrap().file(&changed);
        assert_ne!(refiled, filed);
        let (last, loaded, _) = open().unwrap();
        assert_eq!(loaded.cache, refiled);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        assert!(!index_text(&last, loaded.cache.as_ref(), &counted));
        same(last.text_words().unwrap(), now.index_text());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_command_line_keeps_the_full_text_index_it_builds_and_takes_it_the_next_time() {
        let dir = fresh_dir("cli-words");
        let (paths, config, _) = collection(&dir, 3, "Intel", 1, 3000);
        let (first, loaded) = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        // Filed by the load: the cache holds the whole collection.
        let (file, _) = loaded.cache.clone().unwrap();
        assert!(!cache::words_path(&file).exists());
        index_text_kept(&first, &loaded);
        assert!(cache::words_path(&file).exists());
        let (again, read) = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(read.cache, loaded.cache);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        assert!(index_text(&again, read.cache.as_ref(), &counted));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_explorer_files_the_cache_after_handing_over_the_store() {
        let dir = fresh_dir("explorer-cache");
        let (paths, config, _) = collection(&dir, 30, "Intel and Zentrix Networks", 2, 2000);
        let cache_file = config.file_for(&paths);
        let parsed = load(&paths, &Progress::default(), None, None).unwrap();
        let loading = Loading::start(paths.clone(), Some(config.clone()));
        let mut done = None;
        // Every event, then the thread's end: the cache is filed by then.
        while let Some(event) = loading.wait() {
            if let LoadEvent::Done(store, loaded) = event {
                assert_eq!(loaded.cached, 0);
                done = Some(store);
            }
        }
        let done = done.expect("the whole store");
        assert_eq!(digest(&done), digest(&parsed.0));
        assert!(cache_file.exists());
        // And its full-text index beside it, once built.
        let words = cache::words_path(&cache_file);
        assert!(words.exists());
        // All of it comes from that cache next time, the same.
        let again = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(again.1.cached, parsed.0.len());
        assert_eq!(digest(&again.0), digest(&parsed.0));
        assert_eq!(again.1.skipped, parsed.1.skipped);
        // The explorer's next opening takes that index: it is not built and written again.
        let long_ago = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let touch = std::fs::File::options().write(true).open(&words).unwrap();
        touch.set_modified(long_ago).unwrap();
        drop(touch);
        let loading = Loading::start(paths.clone(), Some(config.clone()));
        let mut indexed = None;
        while let Some(event) = loading.wait() {
            if let LoadEvent::Done(store, _) = event {
                indexed = Some(store);
            }
        }
        let indexed = indexed.expect("the whole store");
        let kept = indexed.text_words().expect("its full-text index");
        let built = parsed.0.index_text();
        assert_eq!(
            (&kept.entries, &kept.postings, &kept.accented),
            (&built.entries, &built.postings, &built.accented)
        );
        let modified = std::fs::metadata(&words).unwrap().modified().unwrap();
        assert_eq!(modified, long_ago);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_explorer_reloads_a_grown_collection_sharing_the_texts_and_the_index_it_shows() {
        let dir = fresh_dir("explorer-reload");
        let (paths, config, _) = collection(&dir, 10, "Intel and Cisco", 2, 2000);
        let opened = |loading: Loading| {
            let mut store = None;
            while let Some(event) = loading.wait() {
                match event {
                    LoadEvent::Done(done, _) => store = Some(done),
                    LoadEvent::Reloaded(reloaded) => store = Some(reloaded.store),
                    _ => {}
                }
            }
            store.expect("a store")
        };
        let old = opened(Loading::start(paths.clone(), Some(config.clone())));
        let mut grown = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("big.jsonl"))
            .unwrap();
        writeln!(grown, r#"{{"title": "Appended", "body": "Oracle grew."}}"#).unwrap();
        drop(grown);
        let new = opened(Loading::reload(
            paths.clone(),
            Some(config.clone()),
            Arc::clone(&old),
            1,
        ));
        assert_eq!(new.len(), old.len() + 1);
        // Every file and whole block unchanged shares the texts of the store shown.
        let held: std::collections::HashSet<usize> =
            old.articles().map(|a| a.paragraphs.buffer()).collect();
        let shared = new
            .articles()
            .filter(|a| held.contains(&a.paragraphs.buffer()))
            .count();
        assert!(
            shared >= 10 + 2 * (load::BLOCK / 700),
            "{shared} of {}",
            new.len()
        );
        // Its index is the old one grown, the same as a build, and is kept beside the new cache.
        let fresh = load(&paths, &Progress::default(), None, None).unwrap().0;
        let (index, built) = (new.text_words().unwrap(), fresh.index_text());
        assert_eq!(
            (&index.entries, &index.postings, &index.accented),
            (&built.entries, &built.postings, &built.accented)
        );
        let again = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        let (file, identity) = again.1.cache.clone().unwrap();
        assert!(cache::read_words(&file, identity, new.len()).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn another_spelling_of_the_same_paths_keeps_a_cache_of_its_own() {
        let dir = fresh_dir("spellings");
        let (paths, config, _) = collection(&dir, 30, "Intel and Zentrix Networks", 2, 2000);
        // The same files, by a path that goes out of the folder and back in.
        let name = dir.file_name().unwrap();
        let other: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                let rest = p.strip_prefix(&dir).unwrap();
                dir.join("..").join(name).join(rest)
            })
            .collect();
        let cached = |paths: &[PathBuf]| {
            let (store, loaded) = load(paths, &Progress::default(), None, Some(&config)).unwrap();
            (store.len(), loaded.cached)
        };
        let (n, first) = cached(&paths);
        assert_eq!(first, 0);
        assert_eq!(cached(&other), (n, 0));
        // Neither replaced the other's: both come back from their caches, origins as written.
        assert_eq!(cached(&paths), (n, n));
        assert_eq!(cached(&other), (n, n));
        let (store, _) = load(&other, &Progress::default(), None, Some(&config)).unwrap();
        assert!(store.articles().all(|a| a.origin.contains("/../")));
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
    fn a_large_json_array_is_read_in_blocks_as_the_whole_array_would_be() {
        let dir = fresh_dir("array-blocks");
        let (jsonl, n) = long_jsonl(3 * load::BLOCK + 1000, None);
        // The same records as an array, one to a line: one broken, and one longer than a block
        // whose text holds the commas, brackets and quotes the blocks are cut by.
        let mut items: Vec<String> = jsonl.lines().map(str::to_owned).collect();
        items[2999] = "{\"title\": oops}".to_owned();
        let tricky = "a \\\"quoted,\\\" ] [ { word, ".repeat(load::BLOCK / 20);
        items[100] = format!("{{\"title\": \"Long, [one]\", \"body\": \"{tricky}\"}}");
        let text = format!("[\n  {}\n]\n", items.join(",\n  "));
        let path = dir.join("big.json");
        std::fs::write(&path, &text).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        // As the array read at once gives it.
        let (articles, _) = json::parse_json(&text);
        assert_eq!((store.len(), articles.len()), (n - 1, n - 1));
        for (article, read) in store.articles.iter().zip(&articles) {
            let index = read.index.unwrap();
            assert_eq!(article.origin, format!("{}#{index}", path.display()));
            assert_eq!(Some(&article.title), read.meta.title.as_ref());
        }
        assert_eq!(store.articles[100].title, "Long, [one]");
        // Found again in the file where it starts, far down (the raw view).
        for k in [100, 2500, n - 2] {
            assert_eq!(store.articles[k].raw_text(), articles[k].body, "{k}");
        }
        // The broken item, by its number and line, and nothing else.
        let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0].contains("line 3001") && skipped[0].contains("item 3000: "),
            "{skipped:?}"
        );
        // Read on one thread, the same.
        let plain = load::load_paths(std::slice::from_ref(&path)).unwrap();
        assert_eq!(plain.articles.len(), n - 1);
        assert_eq!(plain.skipped, loaded.skipped);
        // From a parse cache, the same again.
        let (_, cached) = filed_then_cached(&dir, &path, n - 1);
        assert_eq!(cached.skipped, loaded.skipped);

        // Written on one line, the items' columns run on across blocks.
        let minified = format!("[{}]", items.join(","));
        std::fs::write(&path, &minified).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!(store.len(), n - 1);
        let (_, problems) = json::parse_json(&minified);
        assert!(
            problems[0].reason.contains("item 3000: line 1: "),
            "{problems:?}"
        );
        assert!(
            loaded.skipped[0].to_string().ends_with(&problems[0].reason),
            "{} {problems:?}",
            loaded.skipped[0]
        );
        assert!(load::BLOCK < minified.find("oops").unwrap());

        // Cut short inside its last item: every item before it loads, and both are told.
        std::fs::write(&path, &text[..text.len() - 40]).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!(store.len(), n - 2);
        let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[1].contains(&format!("item {n}: ")), "{skipped:?}");
        assert!(skipped[2].contains("no closing `]`"), "{skipped:?}");

        // An array in UTF-16, as Windows tools write "Unicode", is read whole.
        let list = jsonl.lines().collect::<Vec<_>>().join(",\n");
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(
            format!("[{list}]")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        std::fs::write(&path, &utf16).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!((store.len(), loaded.skipped.len()), (n, 0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_large_list_wrapped_in_an_object_is_read_in_blocks_as_the_whole_object_would_be() {
        let dir = fresh_dir("wrapped-blocks");
        let (jsonl, n) = long_jsonl(3 * load::BLOCK + 1000, None);
        let list = jsonl.lines().collect::<Vec<_>>().join(",\n    ");
        // The Guardian's shape (the list one object down), with members before and after it.
        let wrapped = format!(
            "{{\"status\": \"ok\",\n  \"response\": {{\"total\": {n}, \"tags\": [\"a]\"],\n  \"results\": [\n    {list}\n  ]}},\n  \"page\": 1}}\n"
        );
        let path = dir.join("big.json");
        std::fs::write(&path, &wrapped).unwrap();
        // Cut into blocks from the list's `[` on.
        let block_starts = |path: &std::path::Path| {
            let spares = load::Spares::default();
            let mut starts = Vec::new();
            for unit in load::plan(&[path.to_owned()]).unwrap() {
                unit.blocks(&spares, &mut |unit| {
                    match unit {
                        Unit::Block { start, .. } => starts.push(start),
                        _ => starts.push(u64::MAX),
                    }
                    true
                });
            }
            starts
        };
        let starts = block_starts(&path);
        assert!(starts.len() >= 3, "{starts:?}");
        assert_eq!(starts[0], wrapped.find("[\n    {").unwrap() as u64);
        assert!(!starts.contains(&u64::MAX), "{starts:?}");
        // As the whole text read at once gives it, and in the file's order.
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        let (articles, problems) = json::parse_json(&wrapped);
        assert_eq!(problems, []);
        assert_eq!((store.len(), articles.len()), (n, n));
        for (article, read) in store.articles.iter().zip(&articles) {
            let index = read.index.unwrap();
            assert_eq!(article.origin, format!("{}#{index}", path.display()));
            assert_eq!(Some(&article.title), read.meta.title.as_ref());
            assert_eq!(article.title, format!("Story {}", index + 1));
        }
        assert_eq!(loaded.skipped, []);
        // Found again in the file where it starts (the raw view).
        for k in [0, 2500, n - 1] {
            assert_eq!(store.articles[k].raw_text(), articles[k].body, "{k}");
        }
        // Read on one thread, the same.
        let plain = load::load_paths(std::slice::from_ref(&path)).unwrap();
        assert_eq!(plain.articles.len(), n);
        // From a parse cache, the same again.
        let (whole, _) = filed_then_cached(&dir, &path, n);
        let config = cache_in(&dir);
        let paths = [path.clone()];
        // A damaged cache: its blocks are read again from where they are in the file.
        let cache_file = config.file_for(&paths);
        damage_middle(&cache_file);
        let damaged = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert!(damaged.1.cached < n, "{}", damaged.1.cached);
        assert_eq!(digest(&damaged.0), whole);
        // A bad item is told by its number and line, and every other loads (read whole, the
        // object's syntax error had lost them all).
        let bad = wrapped.replacen("{\"title\": \"Story 3000\"", "{\"title\": oops", 1);
        let line = 1 + bad[..bad.find("oops").unwrap()].matches('\n').count();
        std::fs::write(&path, &bad).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!(store.len(), n - 1);
        let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0].contains(&format!("line {line}")) && skipped[0].contains("item 3000: "),
            "{skipped:?}"
        );
        // Compressed, as large exports often come: cut the same way as it is decompressed, and
        // each item found again in it.
        let noisy = noisy_jsonl(3 * load::BLOCK, 0);
        let list = noisy.lines().collect::<Vec<_>>().join(",\n");
        let wrapped = format!("{{\"status\": \"ok\", \"articles\": [\n{list}\n]}}\n");
        let zipped = gzip(wrapped.as_bytes());
        assert!(zipped.len() > load::BLOCK, "{} bytes", zipped.len());
        let gz = dir.join("big.json.gz");
        std::fs::write(&gz, &zipped).unwrap();
        let starts = block_starts(&gz);
        assert!(starts.len() >= 3, "{starts:?}");
        assert_eq!(starts[0], wrapped.find("[\n{").unwrap() as u64);
        let (store, loaded) = load_all(std::slice::from_ref(&gz)).unwrap();
        let (articles, _) = json::parse_json(&wrapped);
        assert_eq!((store.len(), loaded.skipped.len()), (articles.len(), 0));
        for k in [0, articles.len() / 2, articles.len() - 1] {
            assert_eq!(store.articles[k].raw_text(), articles[k].body, "{k}");
        }
        // An object that is one article, however large, is read whole: the article.
        let article = format!(
            "{{\"title\": \"One\", \"body\": \"The text.\", \"items\": [\n    {list}\n  ]}}"
        );
        std::fs::write(&path, &article).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!((store.len(), loaded.skipped.len()), (1, 0));
        assert_eq!(store.articles[0].title, "One");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_large_table_is_read_in_blocks_of_rows_as_the_whole_table_would_be() {
        let dir = fresh_dir("table-blocks");
        let filler = "word ".repeat(100);
        let mut csv = String::from("id,title,content,publication\r\n");
        let mut n = 0;
        while csv.len() < 3 * load::BLOCK + 1000 {
            n += 1;
            // Cells over several lines, with quotes and commas, and one row far longer than a
            // block.
            let text = if n == 700 {
                "\"\"quoted\"\", and\r\nmore, ".repeat(load::BLOCK / 20)
            } else {
                format!("Intel, row {n}.\r\n\r\nA \"\"quote\"\", {filler}")
            };
            let _ = write!(csv, "{n},\"Story {n}, told\",\"{text}\",Wire\r\n");
        }
        let path = dir.join("big.csv");
        std::fs::write(&path, &csv).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!(loaded.skipped, []);
        let (articles, _) = crate::store::delimited::parse_table(&csv, b',');
        assert_eq!((store.len(), articles.len()), (n, n));
        for (article, read) in store.articles.iter().zip(&articles) {
            let line = read.line.unwrap();
            assert_eq!(article.origin, format!("{}:{line}", path.display()));
            assert_eq!(Some(&article.title), read.meta.title.as_ref());
        }
        // Row k starts on line 2 + 3 (k - 1), the long row's lines aside.
        assert_eq!(articles[1].line, Some(5));
        assert_eq!(store.articles[n - 1].title, format!("Story {n}, told"));
        for k in [699, n - 1] {
            let body = crate::store::clean::sanitize(&articles[k].body);
            assert!(store.articles[k].raw_text() == body, "row {k}");
        }
        // From a parse cache, the same again; and read on one thread.
        filed_then_cached(&dir, &path, n);
        let plain = load::load_paths(std::slice::from_ref(&path)).unwrap();
        assert_eq!(plain.articles.len(), n);
        // Excel's, parted by `;`.
        let mut semicolons = String::from("id;title;content\n");
        let mut rows = 0;
        while semicolons.len() < 2 * load::BLOCK {
            rows += 1;
            let _ = writeln!(semicolons, "{rows};Story {rows};Intel grew 1,5%. {filler}");
        }
        std::fs::write(&path, &semicolons).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert_eq!((store.len(), loaded.skipped.len()), (rows, 0));
        assert_eq!(store.articles[rows - 1].title, format!("Story {rows}"));
        // A table of something else is one problem.
        std::fs::write(
            &path,
            format!("name,price\n{}", "widget,3\n".repeat(load::BLOCK / 8)),
        )
        .unwrap();
        let error = load_all(std::slice::from_ref(&path))
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with("line 1: no column holds a title or a text (the columns: name, price)"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn json_lines_named_json_and_an_array_named_jsonl_load_as_what_they_hold() {
        let dir = fresh_dir("misnamed-json");
        for size in [2000, 3 * load::BLOCK] {
            let (jsonl, n) = long_jsonl(size, None);
            let array = format!("[\n{}\n]\n", jsonl.trim_end().replace('\n', ",\n"));
            for (name, text, mark) in [("lines.json", &jsonl, ':'), ("array.jsonl", &array, '#')] {
                let path = dir.join(name);
                std::fs::write(&path, text).unwrap();
                let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
                assert_eq!((store.len(), loaded.skipped.len()), (n, 0), "{name} {size}");
                // Line k holds story k; item k story k + 1.
                let place = if mark == ':' { n } else { n - 1 };
                assert_eq!(
                    store.articles[n - 1].origin,
                    format!("{}{mark}{place}", path.display())
                );
                assert_eq!(store.articles[n - 1].title, format!("Story {n}"));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn large_files_in_a_legacy_encoding_are_decoded_block_by_block() {
        let dir = fresh_dir("legacy-blocks");
        let text = "浪潮集团周二表示，将与思科系统公司成立合资企业。该合资企业将在济南设立总部。";
        let records: Vec<String> = (0..4 * load::BLOCK / 200)
            .map(|n| format!("{{\"title\": \"浪潮 {n}\", \"body\": \"{text} {text} {n}\"}}"))
            .collect();
        for (name, whole) in [
            ("big.jsonl", records.join("\n")),
            ("big.json", format!("[{}]", records.join(",\n"))),
        ] {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&whole);
            assert!(!unmappable && bytes.len() > 2 * load::BLOCK);
            let path = dir.join(name);
            std::fs::write(&path, &bytes).unwrap();
            let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
            assert_eq!((store.len(), loaded.skipped.len()), (records.len(), 0));
            for (n, article) in store.articles.iter().enumerate() {
                assert_eq!(article.title, format!("浪潮 {n}"), "{name}");
                assert!(article.paragraphs[0].starts_with(text), "{name}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `bytes` gzip-compressed, as `gzip` writes them.
    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, bytes).unwrap();
        encoder.finish().unwrap()
    }

    /// JSON Lines of "Story n" on line n, over `bytes` long, line `bad` broken JSON, each
    /// record with a few letters of noise so that it does not compress much.
    fn noisy_jsonl(bytes: usize, bad: usize) -> String {
        let mut noise = 0x2545_f491_4f6c_dd1d_u64;
        let mut big = String::new();
        let mut line = 0;
        while big.len() < bytes {
            line += 1;
            if line == bad {
                big.push_str("{\"title\": oops}\n");
                continue;
            }
            let mut words = String::new();
            for _ in 0..60 {
                noise ^= noise << 13;
                noise ^= noise >> 7;
                noise ^= noise << 17;
                let _ = write!(words, "{:x} ", noise & 0xff_ffff);
            }
            let _ = writeln!(
                big,
                "{{\"title\": \"Story {line}\", \"body\": \"Intel, line {line}. {words}\"}}"
            );
        }
        big
    }

    /// The records of JSON Lines `jsonl` (the well-formed ones) as a table of titles and texts,
    /// its cells quoted.
    fn table_of(jsonl: &str) -> String {
        let mut table = String::from("title,content\n");
        for line in jsonl.lines() {
            if let Ok(record) = serde_json::from_str::<serde_json::Value>(line) {
                let cell = |key: &str| {
                    record[key]
                        .as_str()
                        .unwrap_or_default()
                        .replace('"', "\"\"")
                };
                let _ = writeln!(table, "\"{}\",\"{}\"", cell("title"), cell("body"));
            }
        }
        table
    }

    #[test]
    fn gzip_compressed_files_load_as_their_text_would() {
        let dir = fresh_dir("gzip");
        let (plain, zipped) = (dir.join("plain"), dir.join("zipped"));
        std::fs::create_dir_all(&plain).unwrap();
        std::fs::create_dir_all(&zipped).unwrap();
        // Larger than a block even compressed, so that it is read in blocks, from two members
        // as pigz writes them; one bad line far down.
        let big = noisy_jsonl(3 * load::BLOCK, 2500);
        let (first, second) =
            big.split_at(big.len() / 2 + big[big.len() / 2..].find('\n').unwrap() + 1);
        let small = "{\"title\": \"Small one\", \"body\": \"Cisco and Inspur.\"}\n\
                     {\"title\": \"Small two\", \"body\": \"IBM and Inspur.\"}\n";
        let plain_story = "A plain story\n\nHuawei met Sberbank.\n";
        // The same records as a table: a large table compressed is cut into blocks of rows as
        // it is decompressed.
        let table = table_of(&big);
        for (name, text) in [
            ("big.csv", table.as_str()),
            ("big.jsonl", big.as_str()),
            ("small.jsonl", small),
            ("story.txt", plain_story),
        ] {
            std::fs::write(plain.join(name), text).unwrap();
        }
        let zipped_table = gzip(table.as_bytes());
        assert!(
            zipped_table.len() > load::BLOCK,
            "{} bytes",
            zipped_table.len()
        );
        std::fs::write(zipped.join("big.csv.gz"), &zipped_table).unwrap();
        let mut members = gzip(first.as_bytes());
        members.extend(gzip(second.as_bytes()));
        assert!(members.len() > load::BLOCK, "{} bytes", members.len());
        std::fs::write(zipped.join("big.jsonl.gz"), &members).unwrap();
        std::fs::write(zipped.join("small.jsonl.gz"), gzip(small.as_bytes())).unwrap();
        std::fs::write(zipped.join("story.txt.gz"), gzip(plain_story.as_bytes())).unwrap();
        // Not articles: an archive of another kind, and a damaged file, said so by name.
        std::fs::write(zipped.join("backup.tar.gz"), gzip(b"not an article")).unwrap();
        let mut damaged = gzip(plain_story.as_bytes());
        damaged.truncate(damaged.len() / 2);
        std::fs::write(zipped.join("torn.txt.gz"), &damaged).unwrap();

        let (expected, expected_loaded) = load_all(std::slice::from_ref(&plain)).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&zipped)).unwrap();
        let unzipped = |origin: &str| origin.replace(".gz", "").replace("zipped", "plain");
        assert_eq!(store.len(), expected.len());
        assert!(store.len() > 5000, "{}", store.len());
        for (got, want) in store.articles.iter().zip(&expected.articles) {
            assert_eq!(got.title, want.title);
            assert_eq!(got.paragraphs, want.paragraphs);
            assert_eq!(got.companies, want.companies);
            assert_eq!(unzipped(&got.origin), want.origin);
        }
        let said: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].contains("big.jsonl.gz") && said[0].contains("line 2500"),
            "{said:?}"
        );
        assert_eq!(unzipped(&said[0]), expected_loaded.skipped[0].to_string(),);
        assert!(
            said[1].contains("torn.txt.gz")
                && said[1].contains("gzip-compressed, but cannot be decompressed"),
            "{said:?}"
        );
        // The raw text is read again from the compressed file: a line far into its second
        // member, a line of the small file, the plain story.
        for title in ["Story 4000", "Small two", "A plain story"] {
            let find = |store: &ArticleStore| {
                store
                    .articles
                    .iter()
                    .find(|a| a.title == title)
                    .unwrap()
                    .raw_text()
            };
            assert_eq!(find(&store), find(&expected), "{title}");
        }
        assert!(
            store
                .articles
                .iter()
                .find(|a| a.title == "Story 4000")
                .unwrap()
                .raw_text()
                .contains("Intel, line 4000.")
        );
        // Read one unit at a time on one thread, the same.
        let one = load::load_paths(std::slice::from_ref(&zipped)).unwrap();
        assert_eq!(one.articles.len(), store.len());
        assert_eq!(one.skipped, loaded.skipped);
        // Filed in the parse cache and taken from it, the same.
        let config = cache_in(&dir);
        let paths = std::slice::from_ref(&zipped);
        let filed = load(paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(digest(&filed.0), digest(&store));
        let again = load(paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(again.1.cached, store.len());
        assert_eq!(digest(&again.0), digest(&store));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_longer_than_a_block_is_read_whole() {
        let dir = fresh_dir("long-line");
        // A line of two and a half blocks between ordinary ones, and a block's worth after it.
        let (tail, n) = long_jsonl(load::BLOCK, None);
        let giant = "Inspur ".repeat(5 * load::BLOCK / 14);
        let jsonl = format!(
            "{{\"title\": \"Before\", \"body\": \"Intel.\"}}\n\
             {{\"title\": \"Giant\", \"body\": \"{giant}\"}}\n{tail}"
        );
        let path = dir.join("long-line.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let (store, loaded) = load_all(std::slice::from_ref(&path)).unwrap();
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        assert_eq!(store.len(), n + 2);
        let giant_article = &store.articles[1];
        assert_eq!(giant_article.title, "Giant");
        assert_eq!(giant_article.origin, format!("{}:2", path.display()));
        // Line numbers run on after it.
        assert_eq!(store.articles[2].title, "Story 1");
        assert_eq!(store.articles[2].origin, format!("{}:3", path.display()));
        // Read one block at a time on one thread, the same.
        let plain = load::load_paths(std::slice::from_ref(&path)).unwrap();
        assert_eq!(plain.articles.len(), n + 2);
        assert!(plain.skipped.is_empty(), "{:?}", plain.skipped);
        assert_eq!(plain.articles[1].body, crate::store::Body::Text(giant));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_first_screen_does_not_wait_for_a_collection_too_large_to_load_at_once() {
        let dir = fresh_dir("large");
        let (jsonl, n) = long_jsonl(usize::try_from(SMALL_BYTES).unwrap(), None);
        let path = dir.join("big.jsonl");
        std::fs::write(&path, &jsonl).unwrap();
        let loading = Loading::start(vec![path], None);
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
        let small = Loading::start(Vec::new(), None);
        assert!(matches!(
            small.wait_if_small(std::time::Duration::from_secs(60)),
            Some(LoadEvent::Done(..))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Loads `path` with a parse cache in `dir` twice: the first files it, the second takes
    /// all `n` articles from it; both give what a load without a cache gives. That (its
    /// [`digest`]), and what the second load found.
    fn filed_then_cached(
        dir: &std::path::Path,
        path: &std::path::Path,
        n: usize,
    ) -> (Vec<String>, Loaded) {
        let config = cache_in(dir);
        let paths = [path.to_owned()];
        let filed = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        let cached = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(cached.1.cached, n);
        let whole = digest(&load(&paths, &Progress::default(), None, None).unwrap().0);
        assert_eq!(digest(&filed.0), whole);
        assert_eq!(digest(&cached.0), whole);
        (whole, cached.1)
    }

    /// Flips 64 bytes in the middle of the file `path` (a cache, to damage it).
    fn damage_middle(path: &std::path::Path) {
        let mut bytes = std::fs::read(path).unwrap();
        let middle = bytes.len() / 2;
        for b in &mut bytes[middle..middle + 64] {
            *b ^= 0x55;
        }
        std::fs::write(path, &bytes).unwrap();
    }

    /// Everything a store holds, to compare two loads.
    fn digest(store: &ArticleStore) -> Vec<String> {
        // With the mentions the reader finds again: the same from a cache as from the files.
        let articles = store
            .articles
            .iter()
            .map(|a| format!("{a:?} {:?}", store.mentions(a)));
        let companies = store
            .companies
            .iter()
            .map(|c| format!("{} {:?}", c.name, c.articles));
        articles.chain(companies).collect()
    }

    #[test]
    fn a_folder_of_many_files_is_handed_out_in_batches_and_loads_as_one_file_at_a_time_would() {
        let dir = fresh_dir("many-files");
        let filler = "The market moved on the news. ".repeat(90);
        // Over three batches' worth of files in two folders, with a binary and an empty file
        // among them.
        let mut expected_files = 0;
        for folder in ["a", "b"] {
            let folder = dir.join(folder);
            std::fs::create_dir_all(&folder).unwrap();
            for i in 0..700 {
                let company = ["Intel", "Cisco", "Inspur", "IBM"][i % 4];
                std::fs::write(
                    folder.join(format!("{i:04}.txt")),
                    format!("Story {i}\n\n{company} said so, part {i}. {filler}\n"),
                )
                .unwrap();
                expected_files += 1;
            }
            std::fs::write(folder.join("0350-binary.txt"), b"\0\x01binary").unwrap();
            std::fs::write(folder.join("0351-empty.txt"), "").unwrap();
        }
        let total: u64 = load::plan(std::slice::from_ref(&dir))
            .unwrap()
            .iter()
            .map(Unit::size)
            .sum();
        assert!(total > 3 * BATCH_BYTES, "{total}");
        // The reference: each file read, parsed and indexed alone, on this thread.
        let recognizer = Recognizer::shared().unwrap();
        let one_by_one = load::load_paths(std::slice::from_ref(&dir)).unwrap();
        let mut builder = crate::store::StoreBuilder::new(Arc::clone(&recognizer));
        for raw in one_by_one.articles {
            builder.push(crate::store::parse_many([raw], &recognizer));
        }
        let reference = builder.finish();
        assert_eq!(reference.len(), expected_files);
        let progress = Progress::default();
        let (store, loaded) = load(std::slice::from_ref(&dir), &progress, None, None).unwrap();
        assert_eq!(digest(&store), digest(&reference));
        assert_eq!(loaded.skipped, one_by_one.skipped);
        assert_eq!(loaded.skipped.len(), 4, "{:?}", loaded.skipped);
        assert_eq!(progress.articles.load(Ordering::Relaxed), expected_files);
        assert_eq!(progress.bytes.load(Ordering::Relaxed), total);
        // Filed in the cache and taken from it, in batches too: the same store.
        let cache_dir = fresh_dir("many-files-cache");
        let config = CacheConfig {
            dir: cache_dir.clone(),
            min_bytes: 0,
        };
        let paths = [dir.clone()];
        let first = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(digest(&first.0), digest(&reference));
        let again = load(&paths, &Progress::default(), None, Some(&config)).unwrap();
        assert_eq!(again.1.cached, expected_files);
        assert_eq!(digest(&again.0), digest(&reference));
        assert_eq!(again.1.skipped, one_by_one.skipped);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&cache_dir);
    }

    #[test]
    fn a_collection_opens_again_from_its_cache_and_changed_files_are_parsed_again() {
        let dir = fresh_dir("cached");
        let (paths, config, lines) = collection(&dir, 20, "Intel and Cisco", 3, 3000);
        let files = paths[0].clone();
        std::fs::write(files.join("binary.txt"), b"\0\x01\x02binary").unwrap();
        let cache_file = config.file_for(&paths);
        let load_with = |cache: Option<&CacheConfig>| {
            let (store, loaded) = load(&paths, &Progress::default(), None, cache).unwrap();
            let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();
            (digest(&store), skipped, loaded.cached, store.len())
        };
        let (parsed, skipped, cached, n) = load_with(None);
        assert_eq!((n, cached), (20 + lines - 1, 0));
        assert_eq!(skipped.len(), 2, "{skipped:?}");
        assert!(!cache_file.exists());
        // The first load with a cache parses, and files what it made.
        let first = load_with(Some(&config));
        assert_eq!((&first.0, &first.1, first.2), (&parsed, &skipped, 0));
        // (A new cache is a new file, renamed into place.)
        let inode = || {
            use std::os::unix::fs::MetadataExt as _;
            std::fs::metadata(&cache_file).unwrap().ino()
        };
        let written = inode();
        // The next takes all of it from the cache, and leaves the cache as it is.
        let again = load_with(Some(&config));
        assert_eq!((&again.0, &again.1, again.2), (&parsed, &skipped, n));
        assert_eq!(inode(), written);
        // One file changed: it alone is parsed again, and what it says now is shown.
        std::fs::write(files.join("07.txt"), "Story seven\n\nNow about IBM.\n").unwrap();
        let changed = load_with(Some(&config));
        assert_eq!(changed.2, n - 1);
        assert_eq!(changed.0, load_with(None).0);
        assert!(changed.0.iter().any(|a| a.contains("Story seven")));
        assert_eq!(load_with(Some(&config)).2, n);
        // The JSON Lines file grew: its blocks that did not change come from the cache, only
        // its last block and the new lines are parsed.
        let mut grown = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("big.jsonl"))
            .unwrap();
        for k in 0..5 {
            writeln!(
                grown,
                r#"{{"title": "Appended {k}", "body": "Oracle, appended."}}"#
            )
            .unwrap();
        }
        drop(grown);
        let appended = load_with(Some(&config));
        let n = n + 5;
        assert_eq!(appended.3, n);
        // (The last block holds a few lines: 1000 bytes past three whole blocks.)
        assert!(
            appended.2 < n - 5 && n - appended.2 < 100,
            "{} of {n}",
            appended.2
        );
        assert_eq!((&appended.0, &appended.1), (&load_with(None).0, &skipped));
        assert!(appended.0.iter().any(|a| a.contains("Appended 4")));
        assert_eq!(load_with(Some(&config)).2, n);
        let changed = appended;
        // A damaged cache: what cannot be read from it is parsed again, and the result is the
        // same as without a cache.
        damage_middle(&cache_file);
        let damaged = load_with(Some(&config));
        assert!(damaged.2 < n, "{}", damaged.2);
        assert_eq!((&damaged.0, &damaged.1), (&changed.0, &changed.1));
        // The damaged cache is dropped, so the next load files it all again.
        assert!(!cache_file.exists());
        assert_eq!(load_with(Some(&config)).2, 0);
        assert_eq!(load_with(Some(&config)).2, n);
        // A collection below the size limit is not cached.
        let small = CacheConfig {
            dir: dir.join("small-cache"),
            min_bytes: u64::MAX,
        };
        assert_eq!(load_with(Some(&small)).2, 0);
        assert!(!small.dir.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_path_with_no_article_fails_with_its_name() {
        let loading = Loading::start(vec![PathBuf::from("/no/such/place")], None);
        match loading.wait() {
            Some(LoadEvent::Failed(message)) => {
                assert!(message.contains("'/no/such/place'"), "{message}");
            }
            _ => panic!("expected a failure"),
        }
    }
}
