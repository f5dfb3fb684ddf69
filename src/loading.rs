//! Loading behind the explorer: the first screen comes at once, the first articles can be
//! browsed while the rest are cleaned and indexed, and a gauge shows how far it has got.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::companies::Recognizer;
use crate::store::ArticleStore;
use crate::store::load::{self, Loaded};

/// How many articles are indexed first, to browse while the rest load: a few seconds of reading
/// at least, and a fraction of a second of indexing.
pub const FIRST: usize = 2_000;

/// What the loader thread has to say.
pub enum LoadEvent {
    /// The first [`FIRST`] articles, indexed (only when there are at least four times as many).
    First(ArticleStore),
    /// Everything, with what was skipped.
    Done(ArticleStore, Loaded),
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

/// The explorer's handle on a load in progress.
pub struct Loading {
    events: Receiver<LoadEvent>,
    /// Articles found so far (known once the files are read).
    pub total: Arc<AtomicUsize>,
    /// Articles cleaned and recognised so far.
    pub parsed: Arc<AtomicUsize>,
}

impl Loading {
    /// Starts loading `paths` (none: the bundled sample) on a thread of its own.
    pub fn start(paths: Vec<PathBuf>) -> Self {
        let (send, events) = mpsc::channel();
        let total = Arc::new(AtomicUsize::new(0));
        let parsed = Arc::new(AtomicUsize::new(0));
        let (total_seen, parsed_seen) = (Arc::clone(&total), Arc::clone(&parsed));
        std::thread::spawn(move || {
            // Errors are sent, not returned: the explorer reports them once the terminal is back.
            let event = match load(&paths, &total_seen, &parsed_seen, &send) {
                Ok((store, loaded)) => LoadEvent::Done(store, loaded),
                Err(e) => LoadEvent::Failed(format!("{e:#}")),
            };
            // The explorer may have quit meanwhile; then nobody needs to know.
            let _ = send.send(event);
        });
        Loading {
            events,
            total,
            parsed,
        }
    }

    /// The next event, if one has come.
    pub fn poll(&self) -> Poll {
        match self.events.try_recv() {
            Ok(event) => Poll::Event(event),
            Err(TryRecvError::Empty) => Poll::Nothing,
            Err(TryRecvError::Disconnected) => Poll::Gone,
        }
    }

    /// Waits for the next event (tests, and loads that must finish).
    pub fn wait(&self) -> Option<LoadEvent> {
        self.events.recv().ok()
    }

    /// Waits up to `timeout` for the next event.
    pub fn wait_for(&self, timeout: std::time::Duration) -> Option<LoadEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// How far it has got: (articles parsed, articles found).
    pub fn progress(&self) -> (usize, usize) {
        (
            self.parsed.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Reads the articles of `paths` (none: the bundled sample), with what was skipped, and the
/// recogniser to index them with: the first half of every load, in the background or not.
pub fn read(
    paths: &[PathBuf],
) -> anyhow::Result<(Vec<crate::store::RawArticle>, Loaded, Recognizer)> {
    use anyhow::Context as _;
    let mut loaded = if paths.is_empty() {
        load::load_sample()
    } else {
        load::load_paths(paths)?
    };
    let recognizer = Recognizer::bundled().context("loading the company gazetteer")?;
    let raw = std::mem::take(&mut loaded.articles);
    Ok((raw, loaded, recognizer))
}

fn load(
    paths: &[PathBuf],
    total: &AtomicUsize,
    parsed: &AtomicUsize,
    send: &mpsc::Sender<LoadEvent>,
) -> anyhow::Result<(ArticleStore, Loaded)> {
    let (raw, loaded, recognizer) = read(paths)?;
    total.store(raw.len(), Ordering::Relaxed);
    // Indexing the first part twice pays only when the whole takes much longer.
    if raw.len() >= 4 * FIRST {
        let first = ArticleStore::build(raw[..FIRST].to_vec(), &recognizer);
        // If the explorer has quit there is no one to send to: stop.
        if send.send(LoadEvent::First(first)).is_err() {
            anyhow::bail!("the explorer has quit");
        }
    }
    let store = ArticleStore::build_counting(raw, &recognizer, parsed);
    Ok((store, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

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
        assert_eq!(loading.progress().0, loading.progress().1);
    }

    #[test]
    fn a_large_collection_comes_first_in_part_then_whole() {
        let dir = std::env::temp_dir().join(format!("tidings-loading-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut jsonl = String::new();
        for i in 0..4 * FIRST + 500 {
            let _ = writeln!(
                jsonl,
                "{{\"title\": \"Story {i}\", \"body\": \"Intel and Cisco, part {i}.\"}}"
            );
        }
        std::fs::write(dir.join("all.jsonl"), jsonl).unwrap();
        let loading = Loading::start(vec![dir.join("all.jsonl")]);
        let Some(LoadEvent::First(first)) = loading.wait() else {
            panic!("expected the first part")
        };
        assert_eq!(first.len(), FIRST);
        assert_eq!(first.articles[0].title, "Story 0");
        let Some(LoadEvent::Done(all, _)) = loading.wait() else {
            panic!("expected the whole")
        };
        assert_eq!(all.len(), 4 * FIRST + 500);
        // The same articles keep the same ids in both.
        assert_eq!(
            all.articles[FIRST - 1].title,
            first.articles[FIRST - 1].title
        );
        assert_eq!(loading.progress(), (4 * FIRST + 500, 4 * FIRST + 500));
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
