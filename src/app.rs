//! The explorer's state, and [`App::update`], the only place it changes.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::filter::{self, Hit};
use crate::keymap::{Context, KeyMap};
use crate::order::{Order, Ranks};
use crate::picker::{Picker, PickerKind};
use crate::query::{self, Query, Scope};
use crate::reader::{Anchor, Doc, DocKey, Spot};
use crate::state::ReadingState;
use crate::store::ArticleId;
use crate::store::cache::CacheConfig;
use crate::store::{Article, ArticleStore, CompanyId, Raw};
use crate::ui::layout::{AppLayout, OVERLAY_WIDTH, ROW_HEIGHT, ReaderOptions, layout};
use crate::worker::{Answer, FilterWorker};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// A scroll the reader should make once its document is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jump {
    /// To the first search match at or after the top line (while typing a search).
    FirstMatch,
    /// To the next or previous search match.
    Match(bool),
    /// To the next or previous company mention.
    Mention(bool),
}

/// Which part of the screen takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The reader pane.
    Reader,
    /// The filter line.
    Filter,
    /// The search line of the reader.
    Search,
    /// The companies panel or the related-articles list.
    Picker,
}

/// The text of the filter line and its cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl LineInput {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    fn delete(&mut self) {
        let at = self.byte(self.cursor);
        if at < self.text.len() {
            self.text.remove(at);
        }
    }

    fn delete_word(&mut self) {
        let end = self.byte(self.cursor);
        let before = &self.text[..end];
        let start = before.trim_end().rfind(' ').map_or(0, |i| i + 1);
        self.cursor -= self.text[start..end].chars().count();
        self.text.replace_range(start..end, "");
    }

    fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    fn start(&mut self) {
        self.cursor = 0;
    }

    fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

/// Something the app asks the world outside it to do; the event loop does it, so that
/// [`App::update`] stays a pure change of state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open a URL in the web browser.
    OpenUrl(String),
    /// Show text in the pager, leaving the screen meanwhile.
    Pager(String),
    /// Put text on the clipboard.
    Copy(String),
    /// Stop the program, giving the terminal to the shell until it is continued.
    Suspend,
    /// Clear the terminal and draw the whole screen again.
    Redraw,
}

/// What a collection was loaded from.
#[derive(Debug, Clone)]
struct Source {
    paths: Vec<std::path::PathBuf>,
    cache: Option<CacheConfig>,
}

impl Source {
    /// Why it cannot be read again (nor looked at for changes), if it cannot.
    fn not_rereadable(&self) -> Option<&'static str> {
        if self.paths.is_empty() {
            Some("nothing to reload: these are the bundled sample articles")
        } else if self.paths.iter().any(|p| p.as_os_str() == "-") {
            // Its articles would be lost: what was read is gone from the pipe.
            Some("cannot reload: standard input cannot be read again")
        } else {
            None
        }
    }
}

/// What to do when the awaited filter answer comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    /// Select the best hit.
    Best,
    /// Keep this article selected if it is listed.
    Keep(ArticleId),
    /// The early part of a long answer is shown, with `shown` selected; the whole follows. If
    /// the selection has moved meanwhile, the article moved to stays selected, else `keep` (or
    /// the best hit).
    Early {
        shown: Option<ArticleId>,
        keep: Option<ArticleId>,
    },
}

/// The whole state of the explorer.
// Raw text, measure, zoom and quitting are independent switches, not a hidden state machine.
#[allow(clippy::struct_excessive_bools)]
pub struct App {
    /// The articles, shared with the filter thread.
    pub store: Arc<ArticleStore>,
    /// Whether the store's full-text index was there when last looked at.
    text_indexed: bool,
    /// How many files were skipped while loading.
    pub skipped: usize,
    /// What has the keys.
    pub focus: Focus,
    /// The help overlay's scroll position, when it is open.
    pub help: Option<usize>,
    /// The filter line.
    pub input: LineInput,
    /// The scope of terms without a prefix.
    pub scope: Scope,
    /// The order of the list.
    pub order: Order,
    /// Each article's place in each order, for sorting hits cheaply.
    ranks: Arc<Ranks>,
    /// The filter thread.
    worker: FilterWorker,
    /// The generation of the newest query sent to it.
    generation: u64,
    /// Set while an answer is awaited.
    pending: Option<Pending>,
    /// How many hits at the front of `hits` are in order (the rest are sorted when needed).
    sorted: usize,
    /// The order they are in: the answer's. `order` is newer while its answer is awaited, and
    /// sorting the rest in it would mix two orders in one list (and rank a new order on this
    /// thread, seconds at 1M, instead of on the filter thread).
    sorted_in: Order,
    /// The rest of the hits after the sorted front, being sorted behind the screen (started as
    /// the list nears the front's end; see [`App::ensure_sorted`]).
    rest_sorting: Option<std::thread::JoinHandle<Vec<Hit>>>,
    /// A rest of up to this many hits is sorted here, at once ([`App::REST_AT_ONCE`]; tests
    /// lower it).
    rest_at_once: usize,
    /// The parsed filter.
    pub query: Query,
    /// The articles the filter lets through, best first: the only thing the list draws.
    pub hits: Vec<Hit>,
    /// Index of the selected hit.
    pub selected: usize,
    /// Index of the first hit shown in the list.
    pub list_offset: usize,
    /// Show the raw text instead of the cleaned article.
    pub raw: bool,
    /// The raw text last read again from its file, by article.
    raw_text: Option<(ArticleId, Arc<str>)>,
    /// The raw text being read again from its file on a thread of its own: a line deep in a
    /// compressed file is found by decompressing up to it, which can take seconds.
    raw_reading: Option<(ArticleId, mpsc::Receiver<String>)>,
    /// Index of the reader's top line.
    pub scroll: usize,
    /// The reading position, to keep across re-wraps.
    anchor: Anchor,
    /// The selected article laid out for the reader's width.
    pub doc: Option<Doc>,
    /// The search line of the reader.
    pub search: LineInput,
    /// Where the search matches in the document (for the search line's text).
    pub matches: Vec<Spot>,
    /// What `matches` were found for: article, raw or not, query.
    matches_for: Option<(u32, bool, String)>,
    /// The match or mention last jumped to, drawn apart from the others.
    pub current: Option<Spot>,
    /// A jump waiting for the document to be laid out.
    jump: Option<Jump>,
    /// Cap the reader's text width (the measure) and centre it.
    pub cap_width: bool,
    /// The measure, in columns.
    pub reading_width: u16,
    /// Full-screen reading.
    pub zoom: bool,
    /// The open panel, if any.
    pub picker: Option<Picker>,
    /// What is typed to narrow the panel.
    pub picker_input: LineInput,
    /// Where the focus goes back to when the panel closes.
    picker_return: Focus,
    /// Where everything was drawn last.
    pub layout: AppLayout,
    /// Set when the program should end.
    pub should_quit: bool,
    /// Read marks and bookmarks.
    pub reading: ReadingState,
    /// The queries kept from one session to the next (`Ctrl-p` / `Ctrl-n` in the filter line).
    pub history: crate::history::History,
    /// How wide the help overlay would be with each entry on one line, borders included:
    /// measured once per key table, not on every frame the help is open.
    help_width: u16,
    /// A one-line message for the status line (a state file problem, a copied article…).
    pub notice: Option<String>,
    /// Messages to print when the terminal is given back, so that none is missed.
    pub exit_messages: Vec<String>,
    /// What the event loop should do next outside the app.
    pub effects: Vec<Effect>,
    /// The load still going on behind the explorer, if any.
    pub loading: Option<crate::loading::Loading>,
    /// True while the store is the first part of a load, the rest to come (the filter line's
    /// total says so with a `+`).
    pub first_part: bool,
    /// Set when loading failed: the message is in `exit_messages`.
    pub load_failed: bool,
    /// What the collection was loaded from, to read it again ([`Action::Reload`]); `None` when
    /// it cannot be (built in memory by a test).
    source: Option<Source>,
    /// What a reload brought, waiting for the open panel to close.
    reloaded: Option<Box<crate::loading::Reloaded>>,
    /// The look at the collection's files behind the screen, once a load has found them.
    watch: Option<crate::watch::Watch>,
    /// How the files differ from those loaded, as the status line says it.
    changed_files: crate::watch::Changes,
    /// Read the collection again once its files have changed and settled (the config's
    /// `collection.auto_reload`).
    auto_reload: bool,
    /// The changes an automatic reload was last started for: one that failed is not tried
    /// again until the files change again.
    auto_reloaded_for: Option<crate::watch::Changes>,
    /// Where the reader left this collection last time, until it is taken up: once the whole
    /// collection is in, unless the person has done something meanwhile.
    resume: Option<crate::state::Resume>,
    /// The article to show at a reading place once the list has it selected, and the place.
    restore: Option<(ArticleId, Anchor)>,
    /// Whether a key (or the mouse) has done anything yet.
    touched: bool,
    /// A question on the status line awaiting `y` (or any other key: no): mark these articles
    /// (the list's unread ones, by content hash) read.
    pub confirm_mark: Option<Vec<u64>>,
    /// The shortest wait between two looks at the files ([`crate::watch::Watch::EVERY`]; tests
    /// shorten it).
    watch_every: Duration,
    /// The content hashes identical articles share and the unread count, counted behind the
    /// screen for a large collection.
    tally: Tally,
    /// Stores of more articles are counted on a thread ([`Tally::AT_ONCE`]; tests lower it).
    count_at_once: usize,
    /// The key table in force.
    pub keymap: KeyMap,
    /// The styles in force.
    pub theme: crate::ui::theme::Theme,
}

/// What a pass over a whole store counts: how many of its articles are unread, kept up to date
/// on every mark so that drawing does not count. The pass reads every article (70–180 ms at 1M
/// articles, which froze the screen at the end of a load): a store of more than
/// [`Tally::AT_ONCE`] articles is counted on a thread of its own as it arrives. Articles are
/// counted as listed: a text held more than once is one article, at its first copy
/// ([`ArticleStore::is_later_copy`]).
struct Tally {
    /// The count under way, if any, and the read marks it counts.
    counting: Option<(
        std::thread::JoinHandle<Counted>,
        Arc<std::collections::HashSet<u64>>,
    )>,
    /// The last count.
    counted: Counted,
}

#[derive(Default)]
struct Counted {
    /// Articles of the store's list not marked read.
    unread: usize,
}

impl Tally {
    /// Stores up to this size are counted at once (a few milliseconds).
    const AT_ONCE: usize = 50_000;

    /// Counts `store` against the read marks as they are now: at once for a store of up to
    /// `at_once` articles, else on a thread (see [`Tally::settle`]).
    fn count(store: &Arc<ArticleStore>, reading: &ReadingState, at_once: usize) -> Self {
        let marks = Arc::new(reading.read_marks());
        if store.len() > at_once {
            let (counted, counted_marks) = (Arc::clone(store), Arc::clone(&marks));
            let spawned = std::thread::Builder::new()
                .name("tidings-tally".into())
                .spawn(move || Self::pass(&counted, &counted_marks));
            if let Ok(counting) = spawned {
                return Tally {
                    counting: Some((counting, marks)),
                    counted: Counted::default(),
                };
            }
        }
        Tally {
            counting: None,
            counted: Self::pass(store, &marks),
        }
    }

    fn pass(store: &ArticleStore, marks: &std::collections::HashSet<u64>) -> Counted {
        let read = store
            .articles
            .iter()
            .filter(|a| marks.contains(&a.hash) && !store.is_later_copy(a.id))
            .count();
        Counted {
            unread: store.listed_len() - read,
        }
    }

    /// Takes the count once it is done, or at once when `wait` (a thread that panicked left
    /// nothing: `store` is counted here instead); whether it is in.
    fn settle(&mut self, store: &ArticleStore, wait: bool) -> bool {
        if let Some((counting, marks)) = self.counting.take_if(|(c, _)| wait || c.is_finished()) {
            self.counted = counting
                .join()
                .unwrap_or_else(|_| Self::pass(store, &marks));
        }
        self.counting.is_none()
    }

    /// The unread count, once the count is in.
    fn unread(&self) -> Option<usize> {
        self.counting.is_none().then_some(self.counted.unread)
    }

    /// Moves the unread count for an article of `store` marked read or unread. The count
    /// counted the marks as they were when it began, before this one: it is waited for first.
    /// Identical files share a mark and are listed as one article: one is counted.
    fn marked(&mut self, store: &ArticleStore, read: bool) {
        self.settle(store, true);
        let unread = &mut self.counted.unread;
        *unread = if read {
            unread.saturating_sub(1)
        } else {
            *unread + 1
        };
    }
}

impl App {
    /// Rests of up to this many hits are sorted on the screen's thread when the list reaches them
    /// (a few milliseconds); longer ones behind it, from [`App::SORT_AHEAD`] rows before.
    const REST_AT_ONCE: usize = 20_000;
    /// How many rows before the end of the sorted front the rest starts being sorted.
    const SORT_AHEAD: usize = 1_000;

    /// An explorer over `store`, showing every article.
    pub fn new(store: impl Into<Arc<ArticleStore>>, skipped: usize) -> Self {
        let store: Arc<ArticleStore> = store.into();
        let ranks = Arc::new(Ranks::default());
        let worker = FilterWorker::start(Arc::clone(&store), Arc::clone(&ranks));
        let reading = ReadingState::in_memory();
        let tally = Tally::count(&store, &reading, Tally::AT_ONCE);
        let mut app = App {
            text_indexed: store.text_words().is_some(),
            store,
            order: Order::default(),
            sorted_in: Order::default(),
            rest_sorting: None,
            rest_at_once: App::REST_AT_ONCE,
            ranks,
            worker,
            generation: 0,
            pending: None,
            sorted: 0,
            skipped,
            focus: Focus::List,
            help: None,
            input: LineInput::default(),
            scope: Scope::Company,
            query: Query::default(),
            hits: Vec::new(),
            selected: 0,
            list_offset: 0,
            raw: false,
            raw_text: None,
            raw_reading: None,
            scroll: 0,
            anchor: Anchor::default(),
            doc: None,
            search: LineInput::default(),
            matches: Vec::new(),
            matches_for: None,
            current: None,
            jump: None,
            cap_width: true,
            reading_width: 80,
            zoom: false,
            picker: None,
            picker_input: LineInput::default(),
            picker_return: Focus::List,
            layout: AppLayout::default(),
            should_quit: false,
            reading,
            notice: None,
            exit_messages: Vec::new(),
            effects: Vec::new(),
            loading: None,
            first_part: false,
            load_failed: false,
            source: None,
            reloaded: None,
            watch: None,
            changed_files: crate::watch::Changes::default(),
            watch_every: crate::watch::Watch::EVERY,
            auto_reload: false,
            auto_reloaded_for: None,
            resume: None,
            restore: None,
            touched: false,
            confirm_mark: None,
            tally,
            count_at_once: Tally::AT_ONCE,
            keymap: KeyMap::default(),
            theme: crate::ui::theme::Theme::default(),
            history: crate::history::History::in_memory(),
            help_width: crate::ui::help_width(&KeyMap::default()),
        };
        app.refilter();
        app.settle();
        app
    }

    /// How many articles have this content hash, that of an article of the store (more than
    /// one for identical files).
    #[cfg(test)]
    fn copies_of(&mut self, hash: u64) -> usize {
        self.store.copy_count(hash)
    }

    /// How many articles of the collection are unread; `None` while a large collection is
    /// counted behind the screen.
    pub fn unread(&self) -> Option<usize> {
        self.tally.unread()
    }

    /// Whether the collection is still being counted behind the screen.
    pub fn is_counting(&self) -> bool {
        self.tally.counting.is_some()
    }

    /// Counts the collection again, from scratch (a new store, other read marks).
    fn recount(&mut self) {
        self.tally = Tally::count(&self.store, &self.reading, self.count_at_once);
    }

    /// An explorer that opens at once and fills as `loading` brings articles in.
    pub fn while_loading(loading: crate::loading::Loading) -> Self {
        App::with_loading(ArticleStore::default(), 0, loading)
    }

    /// An explorer showing `store` (the first articles, or all of them with the full text still
    /// being indexed) while `loading` goes on.
    pub fn with_loading(
        store: impl Into<Arc<ArticleStore>>,
        skipped: usize,
        loading: crate::loading::Loading,
    ) -> Self {
        let mut app = App::new(store, skipped);
        app.loading = Some(loading);
        app
    }

    /// The explorer over the first part of a load ([`crate::loading::LoadEvent::First`]), the
    /// rest to come from `loading`.
    pub fn with_first_part(store: ArticleStore, loading: crate::loading::Loading) -> Self {
        let mut app = App::with_loading(store, 0, loading);
        app.first_part = true;
        app
    }

    /// Takes what the loader has brought, if anything, and the unread count once it is in; true
    /// when the screen should change.
    pub fn poll_loading(&mut self) -> bool {
        let counting = self.is_counting();
        let counted = counting && self.tally.settle(&self.store, false);
        self.poll_loader() || counted
    }

    /// [`App::poll_loading`] for the loader alone.
    fn poll_loader(&mut self) -> bool {
        use crate::loading::{LoadEvent, Poll};
        // The full-text index arrives in the store itself; full-text terms found nothing
        // until it did, so they are asked again.
        if !self.text_indexed && self.store.text_words().is_some() {
            self.text_indexed = true;
            if self.query.terms.iter().any(|t| t.scope == Scope::Text) {
                self.refilter_keeping_selection();
            }
        }
        let Some(loading) = &self.loading else {
            return false;
        };
        // A query over a part of the load: the loader hands over bigger parts as it goes, so
        // that what the query finds grows with the load.
        let more = self.first_part && !self.query.is_empty();
        loading
            .progress
            .wants_more
            .store(more, std::sync::atomic::Ordering::Relaxed);
        if let Some(reloaded) = self.reloaded.take() {
            return self.take_reloaded_unless_a_panel_is_open(reloaded);
        }
        match loading.poll() {
            Poll::Nothing => false,
            Poll::Event(LoadEvent::First(store)) => {
                self.replace_store(*store, 0);
                self.first_part = true;
                true
            }
            Poll::Event(LoadEvent::Done(store, loaded)) => {
                // The full text is indexed next: the gauge stays until it is.
                self.replace_store(store, loaded.skipped.len());
                self.watch_files(loaded.files);
                self.first_part = false;
                self.take_up_resume();
                true
            }
            Poll::Event(LoadEvent::Reloaded(reloaded)) => {
                self.take_reloaded_unless_a_panel_is_open(reloaded);
                true
            }
            Poll::Event(LoadEvent::Failed(message)) if loading.is_reload() => {
                self.loading = None;
                self.notice = Some(format!("reload failed, nothing changed: {message}"));
                true
            }
            Poll::Event(LoadEvent::Failed(message)) => {
                self.loading = None;
                self.exit_messages.push(message);
                self.load_failed = true;
                self.should_quit = true;
                true
            }
            // The end of the load, or a loader gone without a last word (it can only have
            // panicked): either way there is nothing more to wait for.
            Poll::Event(LoadEvent::TextIndexed) | Poll::Gone => {
                self.loading = None;
                true
            }
        }
    }

    /// Says what the collection was loaded from: the paths given (none for the bundled sample)
    /// and the parse cache; [`Action::Reload`] reads them again.
    pub fn set_source(&mut self, paths: Vec<std::path::PathBuf>, cache: Option<CacheConfig>) {
        self.source = Some(Source { paths, cache });
    }

    /// Starts looking at the files a load found (`files`), to say when they change; a
    /// collection not read from files, or read from standard input, is not looked at.
    pub fn watch_files(&mut self, files: crate::store::load::Files) {
        self.changed_files = crate::watch::Changes::default();
        self.auto_reloaded_for = None;
        self.watch = self
            .source
            .as_ref()
            .filter(|source| source.not_rereadable().is_none())
            .map(|source| {
                crate::watch::Watch::start(source.paths.clone(), files, self.watch_every)
            });
    }

    /// Looks at the files more often than [`crate::watch::Watch::EVERY`] (tests).
    pub fn set_watch_every(&mut self, every: Duration) {
        self.watch_every = every;
    }

    /// Whether the collection's files are being looked at.
    pub fn is_watching(&self) -> bool {
        self.watch.is_some()
    }

    /// How the files differ from those loaded, as last seen.
    pub fn changed_files(&self) -> crate::watch::Changes {
        self.changed_files
    }

    /// Takes what the look at the files has seen; true when the screen should change.
    pub fn poll_watch(&mut self) -> bool {
        let Some(watch) = &self.watch else {
            return false;
        };
        let (changes, settled) = watch.seen();
        let new = changes != self.changed_files;
        self.changed_files = changes;
        if self.auto_reload
            && settled
            && changes.any()
            && self.loading.is_none()
            && self.auto_reloaded_for != Some(changes)
        {
            self.auto_reloaded_for = Some(changes);
            self.reload();
            return true;
        }
        new
    }

    /// Starts reading the collection again behind the store shown ([`Action::Reload`]), unless
    /// it cannot be read again or a load is going on.
    fn reload(&mut self) {
        // A load that has just ended may not have said so yet.
        self.poll_loader();
        let Some(source) = &self.source else {
            self.notice = Some("nothing to reload: this collection was not read from files".into());
            return;
        };
        if self.loading.is_some() {
            self.notice = Some("still loading: reload once the gauge is gone".into());
        } else if let Some(why) = source.not_rereadable() {
            self.notice = Some(why.into());
        } else {
            self.loading = Some(crate::loading::Loading::reload(
                source.paths.clone(),
                source.cache.clone(),
                Arc::clone(&self.store),
                self.skipped,
            ));
        }
    }

    /// Takes what a reload brought, unless a panel is open: one open over the store shown names
    /// its articles and companies by id, so the new store waits until it closes. True when it
    /// was taken.
    fn take_reloaded_unless_a_panel_is_open(
        &mut self,
        reloaded: Box<crate::loading::Reloaded>,
    ) -> bool {
        if self.picker.is_some() {
            self.reloaded = Some(reloaded);
            return false;
        }
        self.loading = None;
        self.take_reloaded(*reloaded);
        true
    }

    /// Whether a reload is done and its store waits for a panel to close.
    pub fn reload_waits(&self) -> bool {
        self.reloaded.is_some()
    }

    /// Puts the store a reload brought in place of the one shown: the same query runs over it,
    /// the selected article stays selected (found again by its text, else by where it came
    /// from) and the reader where it was; the status line says what changed.
    fn take_reloaded(&mut self, mut reloaded: crate::loading::Reloaded) {
        self.watch_files(std::mem::take(&mut reloaded.loaded.files));
        self.notice = Some(reloaded.say());
        // The same articles: the store shown came back, and nothing moves.
        if Arc::ptr_eq(&reloaded.store, &self.store) {
            return;
        }
        let keep = self.selected_article().and_then(|a| reloaded.find(a));
        let crate::loading::Reloaded { store, loaded, .. } = reloaded;
        // The hits are the old store's ids: until the answer over the new one comes, the list
        // holds the selected article alone.
        self.hits = keep
            .map(|id| {
                vec![Hit {
                    id,
                    score: 0,
                    weight: 0,
                }]
            })
            .unwrap_or_default();
        self.sorted = self.hits.len();
        self.rest_sorting = None;
        self.selected = 0;
        self.list_offset = 0;
        // Laid out again from the new store (company ids change too), at the same scroll.
        self.doc = None;
        self.matches_for = None;
        self.current = None;
        if keep.is_none() {
            self.reset_reading();
        }
        // Freeing a store takes a while (a million articles: over a second): not on this thread.
        // Its other holders (the old filter thread, a count or sort behind the screen) are
        // threads of their own too.
        let old = Arc::clone(&self.store);
        self.replace_store(store, loaded.skipped.len());
        let _ = std::thread::Builder::new()
            .name("tidings-free".into())
            .spawn(move || drop(old));
        // Most answers come within a frame or two: no flash of a one-row list.
        self.settle_for(Duration::from_millis(100));
    }

    /// Puts a bigger store in place of the one shown: the same query runs over it, and the
    /// selected article stays selected (stores grow in load order, so its id is unchanged).
    fn replace_store(&mut self, store: impl Into<Arc<ArticleStore>>, skipped: usize) {
        let current = self.selected_article_id();
        self.store = store.into();
        // A reload may number the articles anew: read a raw text again rather than show another's.
        self.raw_text = None;
        self.raw_reading = None;
        self.text_indexed = self.store.text_words().is_some();
        self.ranks = Arc::new(Ranks::default());
        self.worker = FilterWorker::start(Arc::clone(&self.store), Arc::clone(&self.ranks));
        self.skipped = skipped;
        self.recount();
        let query = query::parse(self.input.text(), self.scope);
        self.ask(query, current);
    }

    /// Applies the config file: key bindings, colours, the measure.
    pub fn apply_config(&mut self, config: &crate::config::Config) {
        self.keymap = KeyMap::from_config(&config.keys);
        self.help_width = crate::ui::help_width(&self.keymap);
        self.theme = crate::ui::theme::Theme::from_config(config);
        self.reading_width = config.reading_width;
        self.cap_width = config.cap_width;
        self.auto_reload = config.auto_reload;
    }

    /// Uses `reading` for read marks and bookmarks (and shows `notice`, if any, once).
    pub fn set_reading_state(&mut self, reading: ReadingState, notice: Option<String>) {
        self.reading = reading;
        self.exit_messages.extend(notice.iter().cloned());
        self.notice = notice;
        self.recount();
        self.refilter();
        self.resume = self.reading.resume();
        self.take_up_resume();
    }

    /// [`App::update`]'s share for the line being typed (the filter's or the search's): editing,
    /// the cursor, the query history, Esc.
    fn update_line(&mut self, action: Action) {
        match action {
            Action::HistoryPrev | Action::HistoryNext => {
                self.recall(action == Action::HistoryPrev);
            }
            Action::FilterCancel => {
                self.history.stop_recalling();
                self.focus = Focus::List;
                if !self.input.text().is_empty() {
                    self.input.clear();
                    self.refilter_keeping_selection();
                }
            }
            Action::FilterInsert(c) => self.edit(|i| i.insert(c)),
            Action::FilterBackspace => self.edit(LineInput::backspace),
            Action::FilterDelete => self.edit(LineInput::delete),
            Action::FilterDeleteWord => self.edit(LineInput::delete_word),
            Action::FilterClear => self.edit(LineInput::clear),
            Action::CursorLeft => self.edit(LineInput::left),
            Action::CursorRight => self.edit(LineInput::right),
            Action::CursorStart => self.edit(LineInput::start),
            Action::CursorEnd => self.edit(LineInput::end),
            _ => {}
        }
    }

    /// Takes the query history, with a notice when its file cannot be used.
    pub fn set_history(&mut self, history: crate::history::History, notice: Option<String>) {
        self.history = history;
        if let Some(notice) = notice {
            self.say_now_and_at_exit(notice);
        }
    }

    /// Puts the query before (`older`) or after the one shown in the filter line, from the
    /// history; past the newest, what was typed. The list follows, as when typing.
    fn recall(&mut self, older: bool) {
        let recalled = if older {
            self.history.older(self.input.text())
        } else {
            self.history.newer()
        };
        if let Some(query) = recalled.map(str::to_owned) {
            self.set_query(&query);
        }
    }

    /// Keeps the filter line's query in the history (it was accepted); a history that cannot
    /// be saved says so on the status line and when the explorer closes.
    fn keep_query(&mut self) {
        if let Err(e) = self.history.push(self.input.text()) {
            self.say_not_saved(&e);
        }
    }

    /// Says that something the reader has could not be saved (see
    /// [`App::say_now_and_at_exit`]).
    fn say_not_saved(&mut self, e: &anyhow::Error) {
        self.say_now_and_at_exit(format!("{e:#}"));
    }

    /// Says `message` on the status line now, and once more when the explorer closes (once,
    /// however often it is said).
    fn say_now_and_at_exit(&mut self, message: String) {
        if !self.exit_messages.contains(&message) {
            self.exit_messages.push(message.clone());
        }
        self.notice = Some(message);
    }

    /// Opens the collection where the reader left it ([`App::save_resume`]): the article
    /// selected then, at the place read to. Only once the whole collection is in (the article
    /// may be anywhere in it), and only if nothing was done meanwhile: a key pressed while it
    /// loaded is the person's choice, not to be undone. An article gone since is no matter.
    fn take_up_resume(&mut self) {
        if self.touched {
            self.resume = None;
        }
        if self.first_part || self.store.is_empty() {
            return;
        }
        let Some(resume) = self.resume.take() else {
            return;
        };
        // The first article of the text is the one listed.
        let Some(id) = self
            .store
            .articles()
            .find(|a| a.hash == resume.article)
            .map(|a| a.id)
        else {
            return;
        };
        let anchor = Anchor {
            block: resume.block,
            offset: resume.offset,
        };
        self.restore = Some((id, anchor));
        let query = self.query.clone();
        self.ask(query, Some(id));
    }

    /// Saves where the reader is (the selected article and the place read to in it), for the
    /// next opening of the collection to start there.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save_resume(&self) -> anyhow::Result<()> {
        // Closed before the last place was taken up, nothing done: that place is still the one.
        if self.resume.is_some() && !self.touched {
            return Ok(());
        }
        let Some(article) = self.selected_article() else {
            return Ok(());
        };
        // The raw view's places are not the reader's.
        let anchor = if self.raw {
            Anchor::default()
        } else {
            self.anchor
        };
        self.reading.save_resume(crate::state::Resume {
            article: article.hash,
            block: anchor.block,
            offset: anchor.offset,
        })
    }

    /// Whether an article has been read.
    pub fn is_read(&self, article: &Article) -> bool {
        self.reading.is_read(article.hash)
    }

    /// Whether an article is bookmarked.
    pub fn is_bookmarked(&self, article: &Article) -> bool {
        self.reading.is_bookmarked(article.hash)
    }

    /// Asks on the status line whether to mark every unread article of the list read (see
    /// [`App::answer_mark_all_read`]); says so when none is unread.
    fn ask_to_mark_all_read(&mut self) {
        // The list holds each text once (its later copies are in no answer): a hash each.
        let unread: Vec<u64> = self
            .hits
            .iter()
            .filter_map(|h| self.store.article(h.id))
            .map(|a| a.hash)
            .filter(|&h| !self.reading.is_read(h))
            .collect();
        if unread.is_empty() {
            self.notice = Some("every article of the list is read".into());
        } else {
            self.confirm_mark = Some(unread);
        }
    }

    /// Marks the articles [`App::ask_to_mark_all_read`] asked about read when `yes`, saving the
    /// state once; else leaves everything as it was.
    fn answer_mark_all_read(&mut self, yes: bool) {
        let Some(hashes) = self.confirm_mark.take() else {
            return;
        };
        if !yes {
            self.notice = Some("nothing marked".into());
            return;
        }
        for &hash in &hashes {
            self.reading.set_read(hash, true);
        }
        self.recount();
        self.notice = Some(format!(
            "marked {} read",
            crate::counted(hashes.len(), "article", "articles")
        ));
        self.save_marks();
    }

    /// Saves the read marks and bookmarks at once, on a thread of its own (the file of a large
    /// collection is megabytes): the screen never waits for it. A failure is said at the next
    /// change and again on exit.
    fn save_marks(&mut self) {
        if let Err(e) = self.reading.save_behind() {
            self.say_not_saved(&e);
        }
    }

    /// Waits until the read marks and bookmarks handed to be saved are in their file: before
    /// the explorer ends. A failure is said on exit.
    pub fn finish_saving(&mut self) {
        if let Err(e) = self.reading.finish_saving() {
            self.say_not_saved(&e);
        }
    }

    /// Changes a mark of the selected article and hands the change to be saved at once
    /// ([`App::save_marks`]): a program killed later loses nothing.
    fn mark_selected(&mut self, change: impl FnOnce(&mut ReadingState, u64)) {
        let Some(hash) = self.selected_article().map(|a| a.hash) else {
            return;
        };
        let was_read = self.reading.is_read(hash);
        change(&mut self.reading, hash);
        let is_read = self.reading.is_read(hash);
        if was_read != is_read {
            self.tally.marked(&self.store, is_read);
        }
        self.save_marks();
    }

    /// Puts `text` in the filter line, as if typed (`tidings -q`), and filters by it.
    pub fn set_query(&mut self, text: &str) {
        self.input.clear();
        for c in text.chars() {
            self.input.insert(c);
        }
        self.refilter();
    }

    /// Adds `token` to the filter line, or removes it when it is there.
    fn toggle_token(&mut self, token: &str) {
        let words: Vec<&str> = self.input.text().split_whitespace().collect();
        let text = if words.contains(&token) {
            words
                .into_iter()
                .filter(|w| *w != token)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            let mut words = words;
            words.push(token);
            words.join(" ")
        };
        self.set_query(&text);
    }

    /// Sets the scope of terms without a prefix, as `s` cycles it.
    pub fn set_scope(&mut self, scope: Scope) {
        if scope != self.scope {
            self.scope = scope;
            self.refilter_keeping_selection();
        }
    }

    /// Sets the list's order, keeping the selected article selected.
    pub fn set_order(&mut self, order: Order) {
        self.order = order;
        // The same article stays selected; the list scrolls to it when the answer comes.
        self.refilter_keeping_selection();
    }

    /// The context the key table is looked up in.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        match self.focus {
            Focus::List => Context::List,
            Focus::Reader => Context::Reader,
            Focus::Filter => Context::Filter,
            Focus::Search => Context::Search,
            Focus::Picker => Context::Picker,
        }
    }

    /// Handles one key event through the key table.
    pub fn handle_key(&mut self, event: KeyEvent) {
        // A question on the status line takes the next key: `y` is yes, any other no.
        if self.confirm_mark.is_some() {
            if event.kind == ratatui::crossterm::event::KeyEventKind::Press {
                let yes = matches!(
                    event.code,
                    ratatui::crossterm::event::KeyCode::Char('y' | 'Y')
                );
                self.update(Action::Confirm(yes));
            }
            return;
        }
        if let Some(action) = self.keymap.action_for(self.context(), event) {
            self.update(action);
        }
    }

    /// The selected article, if the list is not empty.
    pub fn selected_article(&self) -> Option<&Article> {
        let hit = self.hits.get(self.selected)?;
        self.store.article(hit.id)
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        self.touched = true;
        // A question waiting for its answer is answered no by anything else (a click).
        if self.confirm_mark.is_some() && !matches!(action, Action::Confirm(_)) {
            self.answer_mark_all_read(false);
            return;
        }
        // A notice is read once: the next key clears it.
        self.notice = None;
        if let Some(scroll) = self.help {
            self.update_help(action, scroll);
            return;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-self.page()),
            Action::PageDown => self.step(self.page()),
            Action::HalfPageUp => self.step(-(self.page() / 2).max(1)),
            Action::HalfPageDown => self.step((self.page() / 2).max(1)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::NextArticle => {
                self.select(self.selected.saturating_add(1));
                self.mark_selected(|r, h| r.set_read(h, true));
            }
            Action::NextUnread | Action::PrevUnread => {
                self.select_unread(action == Action::NextUnread);
                if self.focus == Focus::Reader {
                    self.mark_selected(|r, h| r.set_read(h, true));
                }
            }
            Action::PrevArticle => {
                self.select(self.selected.saturating_sub(1));
                self.mark_selected(|r, h| r.set_read(h, true));
            }
            Action::FocusReader => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                    self.mark_selected(|r, h| r.set_read(h, true));
                }
            }
            Action::ToggleRead => {
                self.mark_selected(|r, h| r.set_read(h, !r.is_read(h)));
            }
            Action::MarkAllRead => self.ask_to_mark_all_read(),
            Action::Confirm(yes) => self.answer_mark_all_read(yes),
            Action::ToggleBookmark => {
                self.mark_selected(|r, h| r.set_bookmarked(h, !r.is_bookmarked(h)));
            }
            Action::ToggleUnreadOnly => self.toggle_token("is:unread"),
            Action::ToggleBookmarkedOnly => self.toggle_token("is:bookmarked"),
            Action::FocusList | Action::FilterAccept => {
                if action == Action::FilterAccept {
                    self.keep_query();
                }
                self.focus = Focus::List;
                self.zoom = false;
            }
            Action::FocusFilter => {
                self.focus = Focus::Filter;
                self.zoom = false;
                self.input.end();
            }
            Action::HistoryPrev
            | Action::HistoryNext
            | Action::FilterCancel
            | Action::FilterInsert(_)
            | Action::FilterBackspace
            | Action::FilterDelete
            | Action::FilterDeleteWord
            | Action::FilterClear
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorStart
            | Action::CursorEnd => self.update_line(action),
            Action::CycleScope => {
                self.scope = self.scope.next();
                self.refilter();
            }
            Action::CycleOrder => self.set_order(self.order.next()),
            Action::OpenUrl | Action::Pager | Action::Copy => self.update_effects(action),
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Reload => self.reload(),
            Action::Redraw => self.effects.push(Effect::Redraw),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            Action::Click { column, row } => self.click(column, row),
            Action::OpenCompanies
            | Action::OpenRelated
            | Action::PickerAccept
            | Action::PickerClose
            | Action::PickerMark => {
                self.update_picker(action);
            }
            _ => self.update_reader(action),
        }
    }

    /// Asks for an effect on the selected article.
    fn update_effects(&mut self, action: Action) {
        let Some(article) = self.selected_article() else {
            return;
        };
        match action {
            Action::OpenUrl => match article.url.clone() {
                Some(url) => {
                    self.notice = Some(format!("opening {url}"));
                    self.effects.push(Effect::OpenUrl(url));
                }
                None => self.notice = Some("this article has no URL".to_owned()),
            },
            Action::Pager => {
                let text = article.clean_text(&self.store);
                self.effects.push(Effect::Pager(text));
            }
            Action::Copy => {
                let text = article.clean_text(&self.store);
                self.notice = Some(format!(
                    "copied “{}” ({} bytes) to the clipboard",
                    article.title,
                    text.len()
                ));
                self.effects.push(Effect::Copy(text));
            }
            _ => {}
        }
    }

    /// The wheel scrolls the pane under the pointer: the list moves its selection, the reader
    /// its text, three lines a notch.
    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        if self.picker.is_some() {
            return;
        }
        let point = ratatui::layout::Position::new(column, row);
        let delta: isize = if down { 1 } else { -1 };
        if self.layout.reader.is_some_and(|r| r.contains(point)) {
            let focus = std::mem::replace(&mut self.focus, Focus::Reader);
            self.step(delta * 3);
            self.focus = focus;
        } else if self.layout.list.is_some_and(|r| r.contains(point)) {
            let focus = std::mem::replace(&mut self.focus, Focus::List);
            self.step(delta);
            self.focus = focus;
        }
    }

    /// A click on a row of the list selects that article; a click in the reader focuses it.
    fn click(&mut self, column: u16, row: u16) {
        if self.picker.is_some() {
            return;
        }
        let point = ratatui::layout::Position::new(column, row);
        if let Some(rows) = self.layout.list_rows.filter(|r| r.contains(point)) {
            let index = self.list_offset + usize::from((row - rows.y) / ROW_HEIGHT);
            if index < self.hits.len() {
                self.select(index);
                self.focus = Focus::List;
            }
        } else if self.layout.reader.is_some_and(|r| r.contains(point))
            && self.selected_article().is_some()
        {
            self.focus = Focus::Reader;
            self.mark_selected(|r, h| r.set_read(h, true));
        }
    }

    /// The panels' share of [`App::update`].
    fn update_picker(&mut self, action: Action) {
        match action {
            Action::OpenCompanies => {
                self.open_picker(Picker::companies(&self.store));
            }
            Action::OpenRelated => {
                if let Some(id) = self.selected_article().map(|a| a.id) {
                    self.open_picker(Picker::related(&self.store, id, 50));
                }
            }
            Action::PickerMark => {
                if let Some(p) = self
                    .picker
                    .as_mut()
                    .filter(|p| p.kind == PickerKind::Companies)
                {
                    p.toggle_mark();
                    p.step(1);
                }
            }
            Action::PickerClose => self.close_picker(),
            Action::PickerAccept => self.accept_picker(),
            _ => {}
        }
    }

    fn open_picker(&mut self, picker: Picker) {
        if self.focus != Focus::Picker {
            self.picker_return = self.focus;
        }
        self.picker = Some(picker);
        self.picker_input.clear();
        self.focus = Focus::Picker;
    }

    fn close_picker(&mut self) {
        self.picker = None;
        self.focus = self.picker_return;
    }

    /// Companies: adds `c:="Name"` for each marked company (or the highlighted one) to the
    /// filter, so that several combine. Related: selects that article and reads it.
    fn accept_picker(&mut self) {
        let Some(picker) = self.picker.take() else {
            return;
        };
        match picker.kind {
            PickerKind::Companies => {
                let ids = if picker.marked.is_empty() {
                    picker.current().map(|i| vec![i.id]).unwrap_or_default()
                } else {
                    picker.marked.clone()
                };
                let mut text = self.input.text().trim_end().to_owned();
                for id in ids {
                    let Some(company) = self.store.company(id) else {
                        continue;
                    };
                    let term = format!("c:={}", query::quote(&company.name));
                    if !text.split_whitespace().any(|t| t == term) && !text.contains(&term) {
                        if !text.is_empty() {
                            text.push(' ');
                        }
                        text.push_str(&term);
                    }
                }
                self.set_query(&text);
                // A query chosen, as one typed and kept with Enter.
                self.keep_query();
                self.focus = Focus::List;
            }
            PickerKind::Related(_) => {
                let Some(target) = picker.current().map(|i| i.id) else {
                    self.close_picker();
                    return;
                };
                if !self.hits.iter().any(|h| h.id == target) {
                    // The filter hides it: show everything so it can be selected (the empty
                    // query is answered at once, so waiting for it is no wait).
                    self.input.clear();
                    self.refilter();
                    self.settle();
                }
                self.ensure_sorted(self.hits.len());
                if let Some(index) = self.hits.iter().position(|h| h.id == target) {
                    self.select(index);
                }
                self.focus = Focus::Reader;
                self.mark_selected(|r, h| r.set_read(h, true));
            }
        }
    }

    /// The help overlay's share of [`App::update`]: it scrolls, closes, or quits.
    fn update_help(&mut self, action: Action, scroll: usize) {
        match action {
            Action::Up => self.help = Some(scroll.saturating_sub(1)),
            Action::Down => self.help = Some((scroll + 1).min(self.max_help_scroll())),
            Action::PageUp => self.help = Some(scroll.saturating_sub(self.help_page())),
            Action::PageDown => {
                self.help = Some((scroll + self.help_page()).min(self.max_help_scroll()));
            }
            Action::Top => self.help = Some(0),
            Action::Bottom => self.help = Some(self.max_help_scroll()),
            Action::ToggleHelp => self.help = None,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// The reader's share of [`App::update`]: search, jumps, measure, zoom, raw text.
    fn update_reader(&mut self, action: Action) {
        match action {
            Action::SearchStart => {
                self.focus = Focus::Search;
                self.search.clear();
                self.current = None;
            }
            Action::SearchAccept => self.focus = Focus::Reader,
            Action::SearchCancel => {
                self.focus = Focus::Reader;
                self.search.clear();
                self.current = None;
            }
            Action::SearchNext => self.jump = Some(Jump::Match(true)),
            Action::SearchPrev => self.jump = Some(Jump::Match(false)),
            Action::NextMention => self.jump = Some(Jump::Mention(true)),
            Action::PrevMention => self.jump = Some(Jump::Mention(false)),
            Action::ToggleMeasure => self.cap_width = !self.cap_width,
            Action::ToggleZoom => {
                self.zoom = !self.zoom && self.selected_article().is_some();
                if self.zoom {
                    self.focus = Focus::Reader;
                }
            }
            Action::ToggleRaw => {
                self.raw = !self.raw;
                self.reset_reading();
            }
            _ => {}
        }
        self.jump_now();
    }

    /// Makes a waiting jump at once when the document on hand is the selected article's (keys
    /// pressed faster than frames each count); otherwise the next [`App::prepare`] makes it.
    fn jump_now(&mut self) {
        let current = self.selected_article().map(|a| a.id);
        if self
            .doc
            .as_ref()
            .is_some_and(|d| Some(d.key.article) == current && d.key.raw == self.raw)
        {
            self.update_matches();
            if let Some(jump) = self.jump.take() {
                self.do_jump(jump);
            }
        }
    }

    /// Moves the selection (list, filter) or scrolls (reader) by `delta`.
    fn step(&mut self, delta: isize) {
        match self.focus {
            Focus::List | Focus::Filter => self.select(self.selected.saturating_add_signed(delta)),
            Focus::Picker => {
                if let Some(p) = self.picker.as_mut() {
                    p.step(delta);
                }
            }
            Focus::Reader | Focus::Search => {
                let max = self.max_scroll();
                self.scroll = self.scroll.saturating_add_signed(delta).min(max);
                if let Some(doc) = &self.doc {
                    self.anchor = doc.anchor(self.scroll);
                }
            }
        }
    }

    /// Selects hit `index` (clamped) and starts reading it from the top.
    fn select(&mut self, index: usize) {
        let index = index.min(self.hits.len().saturating_sub(1));
        self.ensure_sorted(index + 1);
        if index != self.selected {
            self.selected = index;
            self.reset_reading();
        }
    }

    /// Selects the next unread article of the list after the selected one (`forward`), or the
    /// previous one before it; says so when there is none. The rest of a long list is sorted
    /// first when the sorted front holds none (the next one is in the order shown).
    fn select_unread(&mut self, forward: bool) {
        let unread = |app: &App, i: usize| {
            app.hits
                .get(i)
                .and_then(|h| app.store.article(h.id))
                .is_some_and(|a| !app.is_read(a))
        };
        let found = if forward {
            let from = self.selected + 1;
            let front_end = self.sorted.clamp(from, self.hits.len().max(from));
            let in_front = (from..front_end).find(|&i| unread(self, i));
            if in_front.is_none() && front_end < self.hits.len() {
                // Sorting the rest leaves the front as it is: only the rest is looked at again.
                self.ensure_sorted(self.hits.len());
                (front_end..self.hits.len()).find(|&i| unread(self, i))
            } else {
                in_front
            }
        } else {
            (0..self.selected).rev().find(|&i| unread(self, i))
        };
        if let Some(index) = found {
            self.select(index);
        } else {
            let place = if forward { "below" } else { "above" };
            self.notice = Some(format!("no unread article {place}"));
        }
    }

    fn reset_reading(&mut self) {
        self.scroll = 0;
        self.anchor = Anchor::default();
        self.current = None;
    }

    /// Rows (list) or lines (reader) in a page of the focused pane.
    fn page(&self) -> isize {
        let lines = match self.focus {
            Focus::Reader | Focus::Search => self.layout.reader_text.map_or(1, |r| r.height),
            Focus::Picker => self.layout.help.map_or(1, |r| r.height.saturating_sub(3)),
            Focus::List | Focus::Filter => {
                self.layout.list_rows.map_or(1, |r| r.height / ROW_HEIGHT)
            }
        };
        isize::from(lines.max(1).cast_signed())
    }

    /// Lines of help in one screenful.
    fn help_page(&self) -> usize {
        usize::from(
            self.layout
                .help
                .map_or(1, |r| r.height.saturating_sub(2).max(1)),
        )
    }

    fn max_help_scroll(&self) -> usize {
        let width = self.layout.help.map_or(0, |r| r.width.saturating_sub(2));
        crate::ui::help_lines(&self.theme, &self.keymap, usize::from(width))
            .len()
            .saturating_sub(self.help_page())
    }

    fn max_scroll(&self) -> usize {
        let height = self.layout.reader_text.map_or(1, |r| usize::from(r.height));
        self.doc
            .as_ref()
            .map_or(0, |d| d.lines.len().saturating_sub(height))
    }

    /// Edits the focused line: the panel's, the search line, or the filter line.
    fn edit(&mut self, f: impl FnOnce(&mut LineInput)) {
        if self.focus == Focus::Picker {
            let before = self.picker_input.text().to_owned();
            f(&mut self.picker_input);
            if self.picker_input.text() != before
                && let Some(p) = self.picker.as_mut()
            {
                p.narrow(self.picker_input.text());
            }
            return;
        }
        if self.focus == Focus::Search {
            let before = self.search.text().to_owned();
            f(&mut self.search);
            if self.search.text() != before {
                // Incremental search: show the first match from where the reader is.
                self.jump = Some(Jump::FirstMatch);
                self.jump_now();
            }
            return;
        }
        let before = self.input.text().to_owned();
        f(&mut self.input);
        if self.input.text() != before {
            // Edited: a recalled query is now the person's own.
            self.history.stop_recalling();
            self.refilter();
        }
    }

    /// Sends the filter line's query to the filter thread when it changed; the best hit is
    /// selected when the answer comes.
    fn refilter(&mut self) {
        let query = query::parse(self.input.text(), self.scope);
        if query == self.query && self.generation > 0 {
            return;
        }
        self.ask(query, None);
    }

    /// Sends the query again, keeping the selected article selected if it is still listed.
    fn refilter_keeping_selection(&mut self) {
        let current = self.hits.get(self.selected).map(|h| h.id);
        let query = query::parse(self.input.text(), self.scope);
        self.ask(query, current);
    }

    /// Asks the filter thread for `query` in the current order. `is:` terms are the app's own
    /// (it holds the marks) and are applied to the answer.
    fn ask(&mut self, query: Query, keep: Option<ArticleId>) {
        let terms = query
            .terms
            .iter()
            .filter(|t| t.scope != Scope::Is)
            .cloned()
            .collect();
        self.query = query;
        self.generation += 1;
        self.worker
            .ask(self.generation, Query { terms }, self.order);
        self.pending = Some(keep.map_or(Pending::Best, Pending::Keep));
    }

    /// Whether a filter answer is awaited.
    pub fn is_filtering(&self) -> bool {
        self.pending.is_some()
    }

    /// Takes the filter thread's answer if it has come; true when the list changed.
    pub fn poll(&mut self) -> bool {
        match self.worker.answer(self.generation) {
            Some(answer) => {
                self.apply(answer);
                true
            }
            None => false,
        }
    }

    /// The raw text of `article` if it is at hand: kept in memory, or read again already.
    /// Otherwise starts reading it again from its file and gives `None`; [`App::poll_raw`]
    /// takes it when it comes. One reading at a time: keys that run down the list in raw mode
    /// start no pile of decompressions, and the article shown when one ends is read next.
    fn raw_text_of(&mut self, article: &Article) -> Option<Arc<str>> {
        if let Raw::Kept(text) = &article.raw {
            return Some(Arc::from(text.as_str()));
        }
        if let Some((id, text)) = &self.raw_text
            && *id == article.id
        {
            return Some(Arc::clone(text));
        }
        if self.raw_reading.is_none() {
            let (send, receive) = mpsc::channel();
            let store = Arc::clone(&self.store);
            let id = article.id;
            std::thread::spawn(move || {
                if let Some(article) = store.article(id) {
                    let _ = send.send(article.raw_text());
                }
            });
            self.raw_reading = Some((id, receive));
        }
        None
    }

    /// Whether a raw text is being read again from its file.
    pub fn is_reading_raw(&self) -> bool {
        self.raw_reading.is_some()
    }

    /// Takes the raw text being read if it has come; true when the reader must be drawn again.
    pub fn poll_raw(&mut self) -> bool {
        let Some((id, receive)) = &self.raw_reading else {
            return false;
        };
        let id = *id;
        let text: Arc<str> = match receive.try_recv() {
            Ok(text) => Arc::from(text),
            Err(mpsc::TryRecvError::Empty) => return false,
            Err(mpsc::TryRecvError::Disconnected) => Arc::from(format!(
                "(The raw text of article {id} could not be read again.)"
            )),
        };
        self.raw_reading = None;
        self.raw_text = Some((id, text));
        // The raw document shown, which says it is being read, is laid out again: with this
        // text, or (another article's, selected meanwhile) to start reading that one.
        if self.doc.as_ref().is_some_and(|d| d.key.raw) {
            self.doc = None;
        }
        true
    }

    /// Waits for the awaited answer (at most a generous while: a query never takes that long),
    /// for tests and for the first list.
    pub fn settle(&mut self) {
        self.settle_for(Duration::from_secs(30));
    }

    /// Waits up to `timeout` for the awaited answer; true when it came.
    pub fn settle_for(&mut self, timeout: Duration) -> bool {
        if self.pending.is_none() {
            return true;
        }
        match self.worker.wait(self.generation, timeout) {
            Some(answer) => {
                self.apply(answer);
                true
            }
            None => false,
        }
    }

    fn apply(&mut self, answer: Answer) {
        let keep = match self.pending.take() {
            Some(Pending::Keep(id)) => Some(id),
            Some(Pending::Early { shown, keep }) => {
                let now = self.selected_article_id();
                if now == shown { keep } else { now }
            }
            Some(Pending::Best) | None => None,
        };
        let complete = answer.complete;
        let sorted_in = answer.order;
        let mut hits = answer.hits;
        let mut sorted = answer.sorted;
        let marks: Vec<(filter::Mark, bool, bool)> = self
            .query
            .terms
            .iter()
            .filter(|t| t.scope == Scope::Is)
            .map(|t| match filter::Mark::from_term(&t.text) {
                Some((mark, absent)) => (mark, absent, t.negated),
                // An unknown mark matches nothing (or, negated, everything).
                None => (filter::Mark::Read, false, !t.negated),
            })
            .collect();
        if !marks.is_empty() {
            let (store, reading) = (&self.store, &self.reading);
            let holds = |h: &Hit| {
                let Some(a) = store.article(h.id) else {
                    return false;
                };
                marks.iter().all(|&(mark, absent, negated)| {
                    (reading.has(a.hash, mark) != absent) != negated
                })
            };
            // Keeping hits in place keeps the sorted front sorted; count what is left of it.
            sorted = hits[..sorted].iter().filter(|h| holds(h)).count();
            hits.retain(holds);
        }
        // The article selected until now, to tell whether the answer moves the selection.
        let before = self.selected_article_id();
        self.hits = hits;
        self.sorted = sorted;
        self.sorted_in = sorted_in;
        // A rest being sorted is the last answer's: let it go.
        self.rest_sorting = None;
        self.selected = 0;
        self.list_offset = 0;
        if let Some(id) = keep {
            // Most often in the sorted front; only an article further down needs the rest sorted
            // to know its place.
            let place = |hits: &[Hit]| hits.iter().position(|h| h.id == id);
            let index = place(&self.hits[..self.sorted]).or_else(|| {
                self.ensure_sorted(self.hits.len());
                place(&self.hits)
            });
            if let Some(index) = index {
                self.selected = index;
            }
        }
        if self.selected_article_id() != before {
            self.reset_reading();
        }
        if !complete {
            self.pending = Some(Pending::Early {
                shown: self.selected_article_id(),
                keep,
            });
        }
    }

    /// True while the list shows the early part of a long answer, the whole to follow.
    pub fn answer_is_early(&self) -> bool {
        matches!(self.pending, Some(Pending::Early { .. }))
    }

    fn selected_article_id(&self) -> Option<ArticleId> {
        self.hits.get(self.selected).map(|h| h.id)
    }

    /// Sorts the hits up to `upto` if they are not yet (the answer sorts only the front), keeping
    /// the selected article selected. Never works out an order's positions here, on the screen's
    /// thread (seconds at 1M, or a wait for the filter thread working them out): when the order
    /// the hits are in has none yet, which happens when a bigger store has just arrived and its
    /// answer is on its way, the rest stays as it is until that answer comes, sorted.
    ///
    /// A long rest is not sorted here either (58–116 ms for a million hits): it starts being
    /// sorted behind the screen when `upto` comes within [`App::SORT_AHEAD`] rows of the front's
    /// end, and is taken (waited for, if need be) when `upto` goes past it.
    fn ensure_sorted(&mut self, upto: usize) {
        if self.sorted >= self.hits.len() || !self.ranks.is_ready(self.sorted_in) {
            return;
        }
        let front = self.sorted;
        let rest = self.hits.len() - front;
        if upto <= front {
            if upto + Self::SORT_AHEAD > front
                && rest > self.rest_at_once
                && self.rest_sorting.is_none()
            {
                let (store, ranks) = (Arc::clone(&self.store), Arc::clone(&self.ranks));
                let (mut hits, order) = (self.hits[front..].to_vec(), self.sorted_in);
                self.rest_sorting = std::thread::Builder::new()
                    .name("tidings-sort".into())
                    .spawn(move || {
                        crate::worker::sort_front(&store, &ranks, &mut hits, order, usize::MAX);
                        hits
                    })
                    .ok();
            }
            return;
        }
        let selected = (self.selected >= front)
            .then(|| self.selected_article_id())
            .flatten();
        match self.rest_sorting.take().map(std::thread::JoinHandle::join) {
            Some(Ok(sorted)) if sorted.len() == rest => self.hits[front..].copy_from_slice(&sorted),
            // None under way (or its thread failed): here.
            _ => {
                crate::worker::sort_front(
                    &self.store,
                    &self.ranks,
                    &mut self.hits[front..],
                    self.sorted_in,
                    usize::MAX,
                );
            }
        }
        self.sorted = self.hits.len();
        if let Some(index) = selected.and_then(|id| self.hits.iter().position(|h| h.id == id)) {
            self.selected = index;
        }
    }

    /// The companies whose mentions the reader highlights: those the filter's company terms match.
    fn highlighted_companies(&self, article: &Article) -> Vec<CompanyId> {
        let highlighter = filter::Highlighter::new(&self.query, Scope::Company);
        if highlighter.is_empty() {
            return Vec::new();
        }
        article
            .companies
            .iter()
            .filter(|c| {
                self.store
                    .company(c.company)
                    .is_some_and(|company| !highlighter.marks(&company.name).is_empty())
            })
            .map(|c| c.company)
            .collect()
    }

    /// Lays the screen out for `area` and brings derived state up to date: the list window,
    /// the reader's document (re-wrapped only when the article, width or mode changed, keeping the
    /// reading position), the scroll limits. Called before every draw.
    pub fn prepare(&mut self, area: Rect) {
        let options = ReaderOptions {
            zoom: self.zoom,
            measure: self.cap_width.then_some(self.reading_width),
        };
        let under_picker = if self.focus == Focus::Picker {
            self.picker_return
        } else {
            self.focus
        };
        // The help is as wide as its longest line (the key labels follow the config).
        let overlay = if self.help.is_some() {
            self.help_width.max(OVERLAY_WIDTH)
        } else {
            OVERLAY_WIDTH
        };
        self.layout = layout(area, under_picker, options, overlay);
        if let (Some(p), Some(r)) = (self.picker.as_mut(), self.layout.help) {
            // Rows inside the border, below the line that shows what is typed.
            p.scroll_to_selection(usize::from(r.height.saturating_sub(3)));
        }
        // Keep the selection inside the list window.
        let rows = self
            .layout
            .list_rows
            .map_or(1, |r| usize::from((r.height / ROW_HEIGHT).max(1)));
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        self.list_offset = self.list_offset.min(self.hits.len().saturating_sub(rows));
        self.ensure_sorted(self.list_offset + rows + 1);

        let Some(text_area) = self.layout.reader_text else {
            return;
        };
        // Its own handle on the store: reading a raw text again changes `self`.
        let store = Arc::clone(&self.store);
        let Some(article) = self
            .hits
            .get(self.selected)
            .and_then(|h| store.article(h.id))
        else {
            self.doc = None;
            return;
        };
        let key = DocKey {
            article: article.id,
            width: usize::from(text_area.width),
            raw: self.raw,
            highlight: self.highlighted_companies(article),
            words: self
                .query
                .positive()
                .filter(|t| matches!(t.scope, Scope::Title | Scope::Text))
                .cloned()
                .collect(),
        };
        if self.doc.as_ref().is_none_or(|d| d.key != key) {
            let same_text = self
                .doc
                .as_ref()
                .is_some_and(|d| d.key.article == key.article && d.key.raw == key.raw);
            // The mentions are found once per article, not for each width.
            let mentions = match &self.doc {
                Some(doc) if doc.key.article == key.article => Arc::clone(&doc.mentions),
                _ => self.store.mentions(article).into(),
            };
            let raw = if key.raw {
                self.raw_text_of(article)
            } else {
                None
            };
            let doc = Doc::build(&self.store, article, key, mentions, raw.as_deref());
            if same_text {
                // Only the width or the highlights changed: find the reading position again.
                self.scroll = doc.line_of(self.anchor);
            } else if self.pending.is_none()
                && let Some((id, anchor)) = self.restore.take()
                && id == doc.key.article
                && !doc.key.raw
            {
                // The article the reader left off in: at the place read to.
                self.anchor = anchor;
                self.scroll = doc.line_of(anchor);
            }
            self.doc = Some(doc);
        }
        self.scroll = self.scroll.min(self.max_scroll());
        self.update_matches();
        if let Some(jump) = self.jump.take() {
            self.do_jump(jump);
        }
    }

    /// Finds the search query in the document again when the query, article or mode changed.
    fn update_matches(&mut self) {
        let Some(doc) = &self.doc else { return };
        let key = (doc.key.article, doc.key.raw, self.search.text().to_owned());
        if self.matches_for.as_ref() != Some(&key) {
            self.matches = doc.find(&key.2);
            self.matches_for = Some(key);
        }
    }

    /// Moves to a search match or a company mention, scrolling it into view.
    fn do_jump(&mut self, jump: Jump) {
        let Some(doc) = &self.doc else { return };
        let spots = match jump {
            Jump::FirstMatch | Jump::Match(_) => self.matches.clone(),
            Jump::Mention(_) => doc.mentions(),
        };
        if spots.is_empty() {
            self.current = None;
            return;
        }
        let position = |spot: &Spot| (doc.line_of_spot(spot), spot.0, spot.1.start);
        // From the current spot if it is one of these, else from the top of the view.
        let here = self
            .current
            .as_ref()
            .filter(|c| spots.contains(c))
            .map_or((self.scroll, 0, 0), position);
        let target = match jump {
            Jump::FirstMatch => spots.iter().find(|s| position(s).0 >= self.scroll),
            Jump::Match(true) | Jump::Mention(true) => spots.iter().find(|s| position(s) > here),
            Jump::Match(false) | Jump::Mention(false) => {
                spots.iter().rev().find(|s| position(s) < here)
            }
        };
        // Past the last one, go round to the first (and back).
        let target = target.or(match jump {
            Jump::Match(false) | Jump::Mention(false) => spots.last(),
            _ => spots.first(),
        });
        let Some(target) = target.cloned() else {
            return;
        };
        let line = doc.line_of_spot(&target);
        let height = self.layout.reader_text.map_or(1, |r| usize::from(r.height));
        if line < self.scroll || line >= self.scroll + height {
            // Show it a third of the way down, with some of what leads to it above.
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll());
            self.anchor = doc.anchor(self.scroll);
        }
        self.current = Some(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> LineInput {
        let mut i = LineInput::default();
        for c in text.chars() {
            i.insert(c);
        }
        i
    }

    #[test]
    fn identical_copies_are_one_article_of_the_list_and_of_the_unread_count() {
        let texts = [
            "Same story\n\nCisco met Inspur.",
            "Other story\n\nIBM met Inspur.",
            "Same story\n\nCisco met Inspur.",
            "Same story\n\nCisco met Inspur.",
        ];
        let mut app = App::new(crate::store::test_store(&texts), 0);
        app.settle();
        let listed = |app: &App| app.hits.iter().map(|h| h.id).collect::<Vec<_>>();
        assert_eq!(listed(&app), vec![0, 1]);
        assert_eq!(app.unread(), Some(2));
        let first = app.store.articles[0].hash;
        assert_eq!(app.copies_of(first), 3);
        assert_eq!(app.copies_of(app.store.articles[1].hash), 1);
        app.update(Action::ToggleRead);
        assert_eq!(app.unread(), Some(1), "the three copies are read together");
        app.update(Action::ToggleRead);
        assert_eq!(app.unread(), Some(2));
        // Whatever the query: by company, by title, by full text, by mark.
        for query in ["cisco", "t:same", "x:met", "is:unread"] {
            app.update(Action::FilterClear);
            for c in query.chars() {
                app.update(Action::FilterInsert(c));
            }
            app.settle();
            assert_eq!(listed(&app)[0], 0, "{query}");
            assert!(
                !listed(&app).contains(&2) && !listed(&app).contains(&3),
                "{query}"
            );
        }
        // A new store is counted again.
        app.replace_store(crate::store::test_store(&texts[..2]), 0);
        assert_eq!(app.copies_of(first), 1);
    }

    #[test]
    fn a_large_collection_is_counted_behind_the_screen() {
        let texts = [
            "Same story\n\nCisco met Inspur.",
            "Other story\n\nIBM met Inspur.",
            "Same story\n\nCisco met Inspur.",
            "Third story\n\nHuawei met Sberbank.",
        ];
        let mut app = App::new(crate::store::test_store(&texts[..1]), 0);
        app.settle();
        assert_eq!(app.unread(), Some(1), "a small store is counted at once");
        app.update(Action::ToggleRead);
        assert_eq!(app.unread(), Some(0));
        // Every store counts as large from now on: the count comes from a thread.
        app.count_at_once = 0;
        app.replace_store(crate::store::test_store(&texts), 0);
        assert!(app.is_counting() || app.unread().is_some());
        let counted = |app: &mut App| {
            while app.is_counting() {
                app.poll_loading();
            }
            assert_eq!(
                app.unread(),
                Some(2),
                "the two copies of the story read before"
            );
        };
        counted(&mut app);
        // The same count held on its thread: what the screen shows until it is in, then after.
        let go = hold_count(&mut app);
        assert!(app.is_counting());
        let screen = |app: &mut App| {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 10)).unwrap();
            terminal.draw(|f| crate::ui::draw(f, app)).unwrap();
            format!("{}", terminal.backend())
        };
        assert!(app.unread().is_none());
        let shown = screen(&mut app);
        assert!(shown.contains("3 articles (+1 copy)"), "{shown}");
        assert!(
            !shown.contains("unread"),
            "no count before it is in:\n{shown}"
        );
        assert!(!app.poll_loading(), "nothing new while the count is held");
        go.send(()).unwrap();
        counted(&mut app);
        assert!(screen(&mut app).contains("3 articles (+1 copy) · 2 unread"));
        // A mark made while the count is under way waits for it, then moves it.
        app.replace_store(crate::store::test_store(&texts), 0);
        app.settle();
        app.selected = app
            .hits
            .iter()
            .position(|h| app.store.articles[h.id as usize].title == "Third story")
            .unwrap();
        let go = hold_count(&mut app);
        let later = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            go.send(()).unwrap();
        });
        app.update(Action::ToggleRead);
        later.join().unwrap();
        assert!(!app.is_counting());
        assert_eq!(app.unread(), Some(1));
        app.update(Action::ToggleRead);
        assert_eq!(app.unread(), Some(2));
    }

    /// Puts in the app's tally a count of its store that its thread holds until told to go.
    fn hold_count(app: &mut App) -> std::sync::mpsc::Sender<()> {
        let (go, held) = std::sync::mpsc::channel::<()>();
        let store = Arc::clone(&app.store);
        let marks = Arc::new(app.reading.read_marks());
        let counted = Arc::clone(&marks);
        let counting = std::thread::spawn(move || {
            let _ = held.recv();
            Tally::pass(&store, &counted)
        });
        app.tally = Tally {
            counting: Some((counting, marks)),
            counted: Counted::default(),
        };
        go
    }

    #[test]
    fn line_input_edits_at_the_cursor() {
        let mut i = input("inspr");
        i.left();
        i.insert('u');
        assert_eq!((i.text(), i.cursor()), ("inspur", 5));
        i.start();
        i.delete();
        assert_eq!(i.text(), "nspur");
        i.end();
        i.backspace();
        assert_eq!(i.text(), "nspu");
    }

    #[test]
    fn delete_word_removes_the_last_word_and_its_space() {
        let mut i = input("c:cisco t:joint ");
        i.delete_word();
        assert_eq!(i.text(), "c:cisco ");
        i.delete_word();
        assert_eq!(i.text(), "");
        assert_eq!(i.cursor(), 0);
    }

    /// An app over 200 articles that all mention Cisco, with the whole answer to "cisco".
    fn app_with_cisco_asked() -> (App, Answer) {
        let texts: Vec<String> = (0..200)
            .map(|i| format!("Story {i}\n\nCisco and Inspur, part {i}."))
            .collect();
        let mut app = App::new(crate::store::test_store(&texts), 0);
        app.settle();
        app.ask(query::parse("cisco", app.scope), None);
        let whole = app
            .worker
            .wait(app.generation, Duration::from_secs(30))
            .expect("the whole answer");
        (app, whole)
    }

    /// The early part of `whole`: its hits among the first 64 articles.
    fn early_part(whole: &Answer) -> Answer {
        let hits: Vec<Hit> = whole.hits.iter().filter(|h| h.id < 64).copied().collect();
        Answer {
            generation: whole.generation,
            sorted: hits.len(),
            hits,
            order: whole.order,
            complete: false,
        }
    }

    fn status_line(app: &mut App) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
        terminal.draw(|frame| crate::ui::draw(frame, app)).unwrap();
        let buffer = terminal.backend().buffer();
        let width = buffer.area.width as usize;
        buffer
            .content
            .chunks(width)
            .map(|row| {
                row.iter()
                    .map(ratatui::buffer::Cell::symbol)
                    .collect::<String>()
            })
            .find(|row| row.contains("/200"))
            .unwrap_or_default()
    }

    #[test]
    fn the_early_part_of_a_long_answer_shows_until_the_whole_comes() {
        let (mut app, whole) = app_with_cisco_asked();
        assert_eq!(whole.hits.len(), 200);
        // Until anything comes, the list is the last query's, said to be in the works.
        assert!(
            status_line(&mut app).contains(" 200…/200 "),
            "{}",
            status_line(&mut app)
        );
        app.apply(early_part(&whole));
        assert_eq!(app.hits.len(), 64);
        assert!(app.answer_is_early() && app.is_filtering());
        assert!(
            status_line(&mut app).contains(" 64+/200 "),
            "{}",
            status_line(&mut app)
        );
        let best = whole.hits[0].id;
        app.apply(whole);
        assert_eq!(app.hits.len(), 200);
        assert!(!app.answer_is_early() && !app.is_filtering());
        assert!(status_line(&mut app).contains(" 200/200 "));
        // Nobody moved: the best hit of the whole is selected.
        assert_eq!(app.selected_article_id(), Some(best));
    }

    #[test]
    fn an_article_chosen_in_the_early_part_stays_selected_when_the_whole_comes() {
        let (mut app, whole) = app_with_cisco_asked();
        app.apply(early_part(&whole));
        app.update(Action::Down);
        app.update(Action::Down);
        let chosen = app.selected_article_id();
        assert_ne!(chosen, Some(whole.hits[0].id));
        app.apply(whole);
        assert_eq!(app.selected_article_id(), chosen);
    }

    /// An app over 200 articles whose headlines run in the reverse of load order (so that a
    /// title sort shows), showing an answer in `order` of the hits `ids` whose first 10 only
    /// are sorted.
    fn app_with_partly_sorted(ids: impl Iterator<Item = ArticleId>, order: Order) -> App {
        let texts: Vec<String> = (0..200)
            .map(|i| format!("Story {:03}\n\nCisco and Inspur, part {i}.", 199 - i))
            .collect();
        let mut app = App::new(crate::store::test_store(&texts), 0);
        app.settle();
        let hits: Vec<Hit> = ids
            .map(|id| Hit {
                id,
                score: 0,
                weight: 0,
            })
            .collect();
        app.apply(Answer {
            generation: app.generation,
            hits,
            sorted: 10,
            order,
            complete: true,
        });
        app
    }

    #[test]
    fn the_rest_of_a_list_is_sorted_in_its_own_order_while_a_new_one_is_awaited() {
        // An answer in relevance order (load order for the empty query) whose front only is
        // sorted, the rest reversed.
        let mut app = app_with_partly_sorted((0..10).chain((10..200).rev()), Order::Relevance);
        // A new order is asked for; before its answer comes, the list is scrolled to its end.
        app.set_order(Order::Title);
        app.ensure_sorted(200);
        let ids: Vec<ArticleId> = app.hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, (0..200).collect::<Vec<_>>());
        // The new order's answer then sorts it all by title.
        app.settle();
        assert_eq!(app.hits.first().map(|h| h.id), Some(199));
    }

    #[test]
    fn a_long_rest_is_sorted_behind_the_screen_as_the_list_nears_it() {
        // Relevance order (load order here) with the rest reversed; every rest counts as long.
        let rest_reversed = || (0..10).chain((10..200).rev());
        let mut app = app_with_partly_sorted(rest_reversed(), Order::Relevance);
        app.rest_at_once = 0;
        let unsorted: Vec<ArticleId> = rest_reversed().collect();
        let ids = |app: &App| app.hits.iter().map(|h| h.id).collect::<Vec<ArticleId>>();
        // Within reach of the front's end: the rest is sorted on a thread, the list untouched.
        app.ensure_sorted(5);
        assert!(app.rest_sorting.is_some(), "the rest starts being sorted");
        assert_eq!(ids(&app), unsorted);
        assert_eq!(app.sorted, 10);
        // Past it: the sorted rest is taken, and the selection stays on its article.
        app.select(150);
        let chosen = app.selected_article_id();
        app.ensure_sorted(200);
        assert!(app.rest_sorting.is_none());
        assert_eq!(ids(&app), (0..200).collect::<Vec<_>>());
        assert_eq!(app.sorted, 200);
        assert_eq!(app.selected_article_id(), chosen);
        // An answer that keeps an article of its sorted front leaves the rest as it is.
        app.pending = Some(Pending::Keep(3));
        let generation = app.generation;
        app.apply(Answer {
            generation,
            hits: rest_reversed()
                .map(|id| Hit {
                    id,
                    score: 0,
                    weight: 0,
                })
                .collect(),
            sorted: 10,
            order: Order::Relevance,
            complete: true,
        });
        assert_eq!(app.selected_article_id(), Some(3));
        assert_eq!((app.sorted, ids(&app)), (10, unsorted));
    }

    #[test]
    fn the_next_unread_article_past_the_sorted_front_is_the_next_shown() {
        // The front sorted, the rest reversed; all read but articles 11 and 150.
        let mut app = app_with_partly_sorted((0..10).chain((10..200).rev()), Order::Relevance);
        for id in (0..200).filter(|&id| id != 11 && id != 150) {
            let hash = app.store.articles[id].hash;
            app.reading.set_read(hash, true);
        }
        app.update(Action::NextUnread);
        // In the order shown once the rest is sorted, 11 comes first (unsorted, 150 did).
        assert_eq!(app.selected_article_id(), Some(11));
        assert_eq!(app.sorted, 200);
        app.update(Action::NextUnread);
        assert_eq!(app.selected_article_id(), Some(150));
        app.update(Action::PrevUnread);
        assert_eq!(app.selected_article_id(), Some(11));
    }

    #[test]
    fn an_order_is_never_worked_out_on_the_screens_thread() {
        // Hits in title order, only their front sorted, over ranks without that order yet: as
        // when a bigger store has just come and its answer is awaited.
        let mut app = app_with_partly_sorted((190..200).rev().chain(0..190), Order::Title);
        app.select(150);
        let chosen = app.selected_article_id();
        app.ensure_sorted(200);
        assert!(
            !app.ranks.is_ready(Order::Title),
            "worked out on the screen's thread"
        );
        let ids: Vec<ArticleId> = app.hits.iter().map(|h| h.id).collect();
        let unsorted: Vec<ArticleId> = (190..200).rev().chain(0..190).collect();
        assert_eq!(ids, unsorted, "the rest stays as it is");
        // Once the order is there (the filter thread works it out for its answer), the rest is
        // sorted, and the selection stays on its article.
        app.ranks.sort(&app.store, &mut [], Order::Title);
        app.ensure_sorted(200);
        let ids: Vec<ArticleId> = app.hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, (0..200).rev().collect::<Vec<_>>());
        assert_eq!(app.selected_article_id(), chosen);
    }

    #[test]
    fn line_input_handles_multibyte_chars() {
        let mut i = input("Société");
        i.left();
        i.backspace();
        assert_eq!(i.text(), "Sociéé");
        i.right();
        i.right();
        assert_eq!(i.cursor(), 6);
    }
}
