//! Reading state: which articles are read and which are bookmarked, kept per
//! collection in the XDG state directory.
//!
//! Articles are keyed by a hash of their content, so a file that is renamed or
//! moved keeps its marks. The state file is JSON:
//!
//! ```json
//! {
//!   "version": 1,
//!   "read": ["0123456789abcdef", "..."],
//!   "bookmarks": ["..."]
//! }
//! ```
//!
//! Hashes are 16-digit lowercase hex strings, sorted, so the file is
//! deterministic and diff-friendly. Fields this version does not know are kept
//! as they are when the file is rewritten.
//!
//! Nothing a user has may be lost: a file that cannot be parsed is moved aside
//! (never deleted or overwritten), a file written by a newer tidings is left
//! alone, and saving goes through a temporary file renamed over the old one, so
//! a crash leaves either the old state or the new one, never half of either.
//! Saving also merges: it re-reads the file and applies only this session's
//! changes to it, so two tidings open on the same collection do not undo each
//! other's marks. The explorer saves on a thread of its own
//! ([`ReadingState::save_behind`]) and waits for it before it ends.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The version of the state file format this module reads and writes.
const FORMAT_VERSION: u64 = 1;

/// FNV-1a 64-bit offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 over `bytes`, written out by hand because std's `Hasher`s make no
/// promise that their output stays the same between Rust versions, and these
/// hashes are stored on disk.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

/// FNV-1a 64 over `bytes`, going on from `hash` (the hash of what came before).
fn fnv1a_from(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |hash, &byte| fnv1a_step(hash, byte))
}

#[inline]
fn fnv1a_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// A stable 64-bit hash of an article's content (FNV-1a 64 over the UTF-8
/// bytes). Same text → same hash on every run and machine.
#[must_use]
pub fn content_hash(text: &str) -> u64 {
    fnv1a(text.as_bytes())
}

/// [`content_hash`] of every text, the same values, about four times as fast
/// over many texts. FNV-1a is a chain of one multiply per byte, each waiting
/// for the last (four cycles a byte, 7% of a load's work when taken one text at
/// a time), while the processor could start one multiply every cycle: so four
/// texts are hashed side by side, a text taking the place of each that ends.
#[must_use]
pub fn content_hashes(texts: &[&str]) -> Vec<u64> {
    const LANES: usize = 4;
    let mut hashes = vec![FNV_OFFSET; texts.len()];
    // Empty texts keep the offset basis, as `content_hash` gives them.
    let mut waiting = texts
        .iter()
        .map(|t| t.as_bytes())
        .enumerate()
        .filter(|(_, bytes)| !bytes.is_empty());
    // Each lane: the text's index, what is left of it, and its hash so far.
    let mut lanes: [(usize, &[u8], u64); LANES] = [(0, &[], FNV_OFFSET); LANES];
    let mut busy = 0;
    for lane in &mut lanes {
        if let Some((i, bytes)) = waiting.next() {
            *lane = (i, bytes, FNV_OFFSET);
            busy += 1;
        }
    }
    while busy == LANES {
        // As far as the shortest text left goes, all four at once.
        let common = lanes.iter().map(|l| l.1.len()).min().unwrap_or(0);
        let [first, second, third, fourth] = lanes.each_ref().map(|l| &l.1[..common]);
        let mut hash = lanes.map(|l| l.2);
        let quads = first.iter().zip(second).zip(third).zip(fourth);
        for (((&b0, &b1), &b2), &b3) in quads {
            hash = [
                fnv1a_step(hash[0], b0),
                fnv1a_step(hash[1], b1),
                fnv1a_step(hash[2], b2),
                fnv1a_step(hash[3], b3),
            ];
        }
        for (lane, hash) in lanes.iter_mut().zip(hash) {
            lane.1 = &lane.1[common..];
            lane.2 = hash;
            if lane.1.is_empty() {
                hashes[lane.0] = hash;
                match waiting.next() {
                    Some((i, bytes)) => *lane = (i, bytes, FNV_OFFSET),
                    None => busy -= 1,
                }
            }
        }
    }
    // Fewer texts than lanes are left: each is finished on its own.
    for (i, rest, hash) in lanes {
        if !rest.is_empty() {
            hashes[i] = fnv1a_from(hash, rest);
        }
    }
    hashes
}

/// The key naming a collection's state file.
///
/// An empty `paths` (no paths on the command line) means the bundled sample,
/// whose key is `"sample"`. Otherwise the key is the FNV-1a hash, as 16
/// lowercase hex digits, of the canonicalised paths, sorted, without
/// duplicates, and joined with `'\n'`; a path that cannot be canonicalised is
/// used as given. `-` (stdin) counts as the path `"-"`.
#[must_use]
pub fn collection_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "sample".to_owned();
    }
    let mut names: Vec<Vec<u8>> = paths
        .iter()
        .map(|path| {
            // Checked first: a file named "-" in the working directory would
            // otherwise canonicalise, but "-" on the command line means stdin.
            if path.as_os_str() == "-" {
                return b"-".to_vec();
            }
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            path_bytes(&canonical)
        })
        .collect();
    names.sort();
    // `tidings a a` shows the same articles as `tidings a`, so it shares state.
    names.dedup();
    format!("{:016x}", fnv1a(&names.join(&b'\n')))
}

/// The bytes of a path, exact where the platform allows it, so that two
/// non-UTF-8 names never collapse into the same lossy string.
#[cfg(unix)]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    path.as_os_str().as_bytes().to_vec()
}

/// The bytes of a path, exact where the platform allows it.
#[cfg(not(unix))]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// Where state files live: `$XDG_STATE_HOME/tidings`, else
/// `$HOME/.local/state/tidings`; `None` when neither is usable (state is then
/// kept in memory only).
///
/// Empty values count as unset, and a relative `XDG_STATE_HOME` is ignored, as
/// the XDG Base Directory specification asks. The environment is passed as a
/// function so tests need not touch the real one; pass
/// `|name| std::env::var_os(name)` for that.
pub fn state_dir(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    xdg_dir(env, "XDG_STATE_HOME", &[".local", "state"])
}

/// tidings' folder under an XDG base directory: `$VAR/tidings`, else `$HOME/<home_path>/tidings`.
/// Empty values count as unset, and a relative `$VAR` is ignored, as the XDG Base Directory
/// specification asks.
pub fn xdg_dir(
    env: impl Fn(&str) -> Option<OsString>,
    var: &str,
    home_path: &[&str],
) -> Option<PathBuf> {
    let set = |name: &str| {
        env(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if let Some(xdg) = set(var).filter(|path| path.is_absolute()) {
        return Some(xdg.join("tidings"));
    }
    set("HOME").map(|home| {
        home_path
            .iter()
            .fold(home, |dir, part| dir.join(part))
            .join("tidings")
    })
}

/// Read marks and bookmarks of one collection.
#[derive(Debug)]
pub struct ReadingState {
    /// The state file; `None` for state kept in memory only.
    path: Option<PathBuf>,
    /// Hashes of the articles marked read.
    read: HashSet<u64>,
    /// Hashes of the bookmarked articles.
    bookmarks: HashSet<u64>,
    /// Whether anything changed since the last load or save.
    dirty: bool,
    /// Read marks changed since the last save (hash → new value), applied to
    /// whatever is on disk at save time so other sessions' changes survive.
    read_changes: HashMap<u64, bool>,
    /// Bookmarks changed since the last save, as for `read_changes`.
    bookmark_changes: HashMap<u64, bool>,
    /// The thread [`ReadingState::save_behind`] hands changes to; started by the first.
    behind: Option<Behind>,
}

/// Marks changed and not yet saved: hash → new value.
type Changes = (HashMap<u64, bool>, HashMap<u64, bool>);

/// A thread of its own that saves the changes it is handed, so that the explorer never waits
/// for the file: at a million read marks it is 24 MB, read back, merged and written again in
/// 0.4-0.9 s, and each article opened (which marks it read) had held the screen that long.
#[derive(Debug)]
struct Behind {
    changes: mpsc::Sender<Changes>,
    /// What the saves behind failed with, said once each.
    failures: mpsc::Receiver<String>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Behind {
    fn start(path: PathBuf) -> Result<Self> {
        let (changes, inbox) = mpsc::channel::<Changes>();
        let (failed, failures) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("tidings-save".into())
            .spawn(move || {
                // Changes handed over and not yet written (a save failed): kept for the next.
                let (mut read, mut bookmarks) = (HashMap::new(), HashMap::new());
                let mut open = true;
                while open {
                    let Ok(first) = inbox.recv() else {
                        break;
                    };
                    let mut batch = Some(first);
                    // Every batch waiting is saved with the first: one write for a burst.
                    while let Some((r, b)) = batch.take() {
                        read.extend(r);
                        bookmarks.extend(b);
                        match inbox.try_recv() {
                            Ok(next) => batch = Some(next),
                            Err(mpsc::TryRecvError::Empty) => {}
                            Err(mpsc::TryRecvError::Disconnected) => open = false,
                        }
                    }
                    match write_changes(&path, &read, &bookmarks) {
                        Ok(_) => {
                            read.clear();
                            bookmarks.clear();
                        }
                        Err(e) => {
                            let _ = failed.send(format!("{e:#}"));
                        }
                    }
                }
                // Closed with changes a save failed on: one more try.
                if (!read.is_empty() || !bookmarks.is_empty())
                    && let Err(e) = write_changes(&path, &read, &bookmarks)
                {
                    let _ = failed.send(format!("{e:#}"));
                }
            })
            .context("could not start the thread that saves read marks and bookmarks")?;
        Ok(Behind {
            changes,
            failures,
            thread: Some(thread),
        })
    }

    /// The last failure since the last time asked, if any.
    fn failure(&self) -> Option<String> {
        self.failures.try_iter().last()
    }

    /// Waits until everything handed over is saved (or has failed); the last failure.
    fn finish(mut self) -> Option<String> {
        self.close();
        self.failure()
    }

    /// Closes the channel, which ends the thread once it has saved what it was given, and
    /// waits for it.
    fn close(&mut self) {
        drop(std::mem::replace(&mut self.changes, mpsc::channel().0));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Behind {
    /// Nothing handed over is lost with the state: the thread is waited for.
    fn drop(&mut self) {
        self.close();
    }
}

impl ReadingState {
    /// State kept in memory only (no file).
    #[must_use]
    pub fn in_memory() -> Self {
        Self {
            path: None,
            read: HashSet::new(),
            bookmarks: HashSet::new(),
            dirty: false,
            read_changes: HashMap::new(),
            bookmark_changes: HashMap::new(),
            behind: None,
        }
    }

    /// A state saved to `path`, holding `contents`.
    fn backed_by(path: PathBuf, contents: Contents) -> Self {
        Self {
            path: Some(path),
            read: contents.read,
            bookmarks: contents.bookmarks,
            ..Self::in_memory()
        }
    }

    /// Opens the state file at `path` (which need not exist yet).
    ///
    /// - A missing file is a fresh state.
    /// - A file that cannot be parsed (corrupt, truncated, wrong version, wrong
    ///   types) is renamed aside to `<name>.corrupt-<unix seconds>` (never
    ///   deleted, never overwritten: a `-N` suffix picks a free name) and a
    ///   fresh state is started; the message names both files. If it cannot
    ///   be moved aside, it is left alone and the state is kept in memory.
    /// - A file written by a newer tidings (version > 1) is shown read-only:
    ///   its marks are loaded when they have the familiar shape, changes stay
    ///   in memory and `save` does nothing.
    /// - A file that cannot be read at all (permissions, a directory) gives an
    ///   in-memory state and a message; that file is never touched.
    #[must_use]
    pub fn open(path: PathBuf) -> (Self, Option<String>) {
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return (Self::backed_by(path, Contents::default()), None);
            }
            Err(err) => {
                let message = format!(
                    "state file '{}' could not be read ({err}); read marks and bookmarks will not be saved this session",
                    path.display()
                );
                return (Self::in_memory(), Some(message));
            }
        };
        match parse(&bytes) {
            Parsed::Current(contents) => (Self::backed_by(path, contents), None),
            Parsed::Newer { version, contents } => {
                let message = format!(
                    "state file '{}' was written by a newer tidings (version {version}); not changing it",
                    path.display()
                );
                let contents = contents.unwrap_or_default();
                let state = Self {
                    read: contents.read,
                    bookmarks: contents.bookmarks,
                    ..Self::in_memory()
                };
                (state, Some(message))
            }
            Parsed::Corrupt(reason) => match set_aside(&path) {
                Ok(backup) => {
                    let message = format!(
                        "state file '{}' was unreadable ({reason}); kept it as '{}' and started afresh",
                        path.display(),
                        backup.display()
                    );
                    (Self::backed_by(path, Contents::default()), Some(message))
                }
                Err(err) => {
                    let message = format!(
                        "state file '{}' was unreadable ({reason}) and could not be moved aside ({err}); left it as it is, and read marks and bookmarks will not be saved this session",
                        path.display()
                    );
                    (Self::in_memory(), Some(message))
                }
            },
        }
    }

    /// Whether the article with this content hash is marked read.
    #[must_use]
    pub fn is_read(&self, hash: u64) -> bool {
        self.read.contains(&hash)
    }

    /// The hashes of the articles marked read, as they are now: for a count made elsewhere.
    #[must_use]
    pub fn read_marks(&self) -> HashSet<u64> {
        self.read.clone()
    }

    /// Marks the article with this content hash read or unread.
    pub fn set_read(&mut self, hash: u64, read: bool) {
        if change(&mut self.read, hash, read) {
            self.read_changes.insert(hash, read);
            self.dirty = true;
        }
    }

    /// Whether the article with this content hash is bookmarked.
    #[must_use]
    pub fn is_bookmarked(&self, hash: u64) -> bool {
        self.bookmarks.contains(&hash)
    }

    /// Bookmarks the article with this content hash, or removes the bookmark.
    pub fn set_bookmarked(&mut self, hash: u64, bookmarked: bool) {
        if change(&mut self.bookmarks, hash, bookmarked) {
            self.bookmark_changes.insert(hash, bookmarked);
            self.dirty = true;
        }
    }

    /// Whether the article with this content hash carries `mark` (for `is:` terms).
    #[must_use]
    pub fn has(&self, hash: u64, mark: crate::filter::Mark) -> bool {
        match mark {
            crate::filter::Mark::Read => self.is_read(hash),
            crate::filter::Mark::Bookmarked => self.is_bookmarked(hash),
        }
    }

    /// How many articles are marked read.
    #[must_use]
    pub fn read_count(&self) -> usize {
        self.read.len()
    }

    /// How many articles are bookmarked, for the status line.
    #[must_use]
    pub fn bookmark_count(&self) -> usize {
        self.bookmarks.len()
    }

    /// Writes the state if it changed since the last save.
    ///
    /// The file is re-read first and this session's changes applied to it, so
    /// marks made meanwhile by another tidings on the same collection are
    /// kept (and show up here afterwards). The result goes to a new temporary
    /// file in the same directory, is flushed and fsync'd, renamed over the
    /// state file (atomic on POSIX) and the directory fsync'd (best effort).
    /// The directory is created if needed; a symlinked state file is written
    /// through to its target.
    ///
    /// In-memory states do nothing.
    ///
    /// # Errors
    ///
    /// When the directory cannot be created, the file cannot be read back,
    /// written or renamed into place; also when the file on disk has meanwhile
    /// become unparseable or been written by a newer tidings, which is then
    /// not overwritten. The error names the state file. The old file is then
    /// untouched, the temporary file removed, and this session's changes kept
    /// for a later try.
    pub fn save(&mut self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        let merged = write_changes(path, &self.read_changes, &self.bookmark_changes)?;
        self.read = merged.read;
        self.bookmarks = merged.bookmarks;
        self.read_changes.clear();
        self.bookmark_changes.clear();
        self.dirty = false;
        Ok(())
    }

    /// [`ReadingState::save`] on a thread of its own: the changes since the last save are
    /// handed to it, and this returns at once. Bursts of changes are saved together. Marks
    /// another tidings saved meanwhile are kept in the file, but show here only at the next
    /// start. [`ReadingState::finish_saving`] waits for it (the explorer, before it ends).
    ///
    /// # Errors
    ///
    /// The last failure of an earlier save behind (named as [`ReadingState::save`] names it),
    /// once; its changes are tried again with the next. Also when the thread cannot start.
    pub fn save_behind(&mut self) -> Result<()> {
        let failed = self.behind.as_ref().and_then(Behind::failure);
        if let Some(path) = self.path.clone().filter(|_| self.dirty) {
            if self.behind.is_none() {
                self.behind = Some(Behind::start(path)?);
            }
            let changes = (
                std::mem::take(&mut self.read_changes),
                std::mem::take(&mut self.bookmark_changes),
            );
            if let Some(behind) = &self.behind {
                // The thread only ends when this side closes the channel: it is there.
                let _ = behind.changes.send(changes);
            }
            self.dirty = false;
        }
        failed.map_or(Ok(()), |message| Err(anyhow!(message)))
    }

    /// Waits until every change handed to [`ReadingState::save_behind`] is saved.
    ///
    /// # Errors
    ///
    /// The last failure not said yet.
    pub fn finish_saving(&mut self) -> Result<()> {
        let failed = self.behind.take().and_then(Behind::finish);
        let now = self.save();
        match failed {
            Some(message) => Err(anyhow!(message)),
            None => now,
        }
    }
}

/// Applies `read` and `bookmarks` (hash → new value) to the state file at `path` as it is now
/// (or to nothing, when there is none yet) and writes it (see [`ReadingState::save`]); what
/// the file holds then.
fn write_changes(
    path: &Path,
    read: &HashMap<u64, bool>,
    bookmarks: &HashMap<u64, bool>,
) -> Result<Contents> {
    let target = follow_symlink(path);
    let mut merged = match fs::read(&target) {
        Ok(bytes) => match parse(&bytes) {
            Parsed::Current(contents) => contents,
            Parsed::Newer { version, .. } => bail!(
                "state file '{}' has since been written by a newer tidings (version {version}); not changing it",
                path.display()
            ),
            Parsed::Corrupt(reason) => bail!(
                "state file '{}' has since become unreadable ({reason}); not overwriting it",
                path.display()
            ),
        },
        Err(err) if err.kind() == io::ErrorKind::NotFound => Contents::default(),
        Err(err) => {
            return Err(err).with_context(|| {
                format!(
                    "could not read state file '{}' before saving",
                    path.display()
                )
            });
        }
    };
    for (&hash, &read) in read {
        change(&mut merged.read, hash, read);
    }
    for (&hash, &bookmarked) in bookmarks {
        change(&mut merged.bookmarks, hash, bookmarked);
    }
    let bytes = render(&merged)
        .with_context(|| format!("could not encode state file '{}'", path.display()))?;
    write_atomically(&target, &bytes)
        .with_context(|| format!("could not save state file '{}'", path.display()))?;
    Ok(merged)
}

/// Where the reader left a collection: the article shown (by content hash) and the place read
/// to in it (a block of the reader and a byte in it, which hold at any width). Kept beside the
/// state file, in `<key>.resume.json`: a small file written once, when the explorer closes,
/// where the marks' file may be megabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub article: u64,
    pub block: usize,
    pub offset: usize,
}

#[derive(Serialize, Deserialize)]
struct StoredResume {
    version: u64,
    article: String,
    block: usize,
    offset: usize,
}

impl ReadingState {
    /// The resume file beside the state file; `None` for a state in memory.
    fn resume_path(&self) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        let mut name = path.file_stem()?.to_owned();
        name.push(".resume.json");
        Some(path.with_file_name(name))
    }

    /// Where the reader left this collection last time, if it was saved and reads. A file that
    /// does not read (damaged, or of a newer tidings) is taken as none; it is replaced at the
    /// next close, as it only ever held a place in a list.
    #[must_use]
    pub fn resume(&self) -> Option<Resume> {
        let bytes = fs::read(self.resume_path()?).ok()?;
        let stored: StoredResume = serde_json::from_slice(&bytes).ok()?;
        if stored.version != FORMAT_VERSION {
            return None;
        }
        Some(Resume {
            article: parse_hash(&stored.article)?,
            block: stored.block,
            offset: stored.offset,
        })
    }

    /// Saves where the reader is, for [`ReadingState::resume`] next time: written whole or not
    /// at all (a temporary file renamed over the old one). Nothing for a state in memory.
    ///
    /// # Errors
    /// When the file cannot be written; the error names it.
    pub fn save_resume(&self, resume: Resume) -> Result<()> {
        let Some(path) = self.resume_path() else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("could not create '{}'", dir.display()))?;
        }
        let stored = StoredResume {
            version: FORMAT_VERSION,
            article: format!("{:016x}", resume.article),
            block: resume.block,
            offset: resume.offset,
        };
        let bytes = serde_json::to_vec(&stored)
            .with_context(|| format!("could not encode '{}'", path.display()))?;
        write_atomically(&follow_symlink(&path), &bytes)
            .with_context(|| format!("could not save where you left off in '{}'", path.display()))
    }
}

/// Puts `hash` in or out of `set`; whether that changed anything.
fn change(set: &mut HashSet<u64>, hash: u64, member: bool) -> bool {
    if member {
        set.insert(hash)
    } else {
        set.remove(&hash)
    }
}

/// What a state file holds.
#[derive(Debug, Default)]
struct Contents {
    read: HashSet<u64>,
    bookmarks: HashSet<u64>,
    /// Fields this version does not know, written back unchanged so a file
    /// touched by a later version loses nothing when this one saves it.
    extra: Map<String, Value>,
}

/// A state file as stored.
#[derive(Deserialize)]
struct StoredFile {
    // Only checked by `parse` before this is read, but it must be consumed
    // here so that it does not land among the unknown fields.
    #[allow(dead_code, reason = "checked in `parse` from the untyped value")]
    version: u64,
    #[serde(default)]
    read: Vec<String>,
    #[serde(default)]
    bookmarks: Vec<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// A state file as written: the same fields, hashes already sorted.
#[derive(Serialize)]
struct FileOut<'a> {
    version: u64,
    read: Vec<String>,
    bookmarks: Vec<String>,
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

/// What a state file's bytes turned out to be.
#[derive(Debug)]
enum Parsed {
    /// A file of this version.
    Current(Contents),
    /// A file of a later version; its marks if they have the familiar shape.
    Newer {
        version: u64,
        contents: Option<Contents>,
    },
    /// Not a state file this or any later version could have written; why.
    Corrupt(String),
}

/// Reads a state file's bytes.
fn parse(bytes: &[u8]) -> Parsed {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(err) => return Parsed::Corrupt(describe(&err)),
    };
    let Some(object) = value.as_object() else {
        return Parsed::Corrupt("expected a JSON object".to_owned());
    };
    let version = match object.get("version") {
        None => return Parsed::Corrupt("no \"version\" field".to_owned()),
        Some(version) => match version.as_u64() {
            Some(number) => number,
            None => {
                return Parsed::Corrupt(format!("\"version\" is {version}, not a whole number"));
            }
        },
    };
    if version > FORMAT_VERSION {
        let contents = serde_json::from_value::<StoredFile>(value)
            .ok()
            .and_then(|file| contents_of(file).ok());
        return Parsed::Newer { version, contents };
    }
    if version < FORMAT_VERSION {
        return Parsed::Corrupt(format!("unknown version {version}"));
    }
    // Parsed again from the bytes, not the value, so that a wrong type is
    // reported with its line and column.
    match serde_json::from_slice::<StoredFile>(bytes) {
        Ok(file) => match contents_of(file) {
            Ok(contents) => Parsed::Current(contents),
            Err(reason) => Parsed::Corrupt(reason),
        },
        Err(err) => Parsed::Corrupt(describe(&err)),
    }
}

/// The hashes of a stored file, or why one of them is not a hash.
fn contents_of(file: StoredFile) -> Result<Contents, String> {
    let hashes = |field: &str, entries: Vec<String>| {
        entries
            .into_iter()
            .enumerate()
            .map(|(index, entry)| {
                parse_hash(&entry).ok_or_else(|| {
                    format!("\"{field}\" entry {index} is {entry:?}, not a 16-digit hex hash")
                })
            })
            .collect::<Result<HashSet<u64>, String>>()
    };
    Ok(Contents {
        read: hashes("read", file.read)?,
        bookmarks: hashes("bookmarks", file.bookmarks)?,
        extra: file.extra,
    })
}

/// A hash written as exactly 16 hex digits (either case, for hand-edited
/// files). Checked by hand because `from_str_radix` also takes a sign.
fn parse_hash(text: &str) -> Option<u64> {
    if text.len() == 16 && text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        u64::from_str_radix(text, 16).ok()
    } else {
        None
    }
}

/// A JSON error as "line L column C: what", the position first because the
/// message is shown inside a longer sentence.
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if err.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let what = text.strip_suffix(&suffix).unwrap_or(&text);
    format!("line {} column {}: {what}", err.line(), err.column())
}

/// The bytes of a state file holding `contents`: pretty JSON, hashes sorted,
/// ending in a newline.
fn render(contents: &Contents) -> serde_json::Result<Vec<u8>> {
    // Fixed-width lowercase hex sorts like the numbers, so sorting the numbers
    // sorts the strings.
    let sorted = |set: &HashSet<u64>| {
        let mut hashes: Vec<u64> = set.iter().copied().collect();
        hashes.sort_unstable();
        hashes
            .into_iter()
            .map(|hash| format!("{hash:016x}"))
            .collect()
    };
    let file = FileOut {
        version: FORMAT_VERSION,
        read: sorted(&contents.read),
        bookmarks: sorted(&contents.bookmarks),
        extra: &contents.extra,
    };
    let mut bytes = serde_json::to_vec_pretty(&file)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Moves a state file that could not be parsed to `<name>.corrupt-<unix
/// seconds>` (with `-1`, `-2`, … added if that is taken) and returns the new
/// name.
///
/// A hard link then an unlink, because a link fails when the name exists
/// where a rename would silently replace an earlier backup. On filesystems
/// without hard links it falls back to checking the name is free then
/// renaming.
fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let mut base = path.as_os_str().to_owned();
    base.push(format!(".corrupt-{seconds}"));
    for attempt in 0..1000_u32 {
        let mut candidate = base.clone();
        if attempt > 0 {
            candidate.push(format!("-{attempt}"));
        }
        let candidate = PathBuf::from(candidate);
        match fs::hard_link(path, &candidate) {
            Ok(()) => {
                if let Err(err) = fs::remove_file(path) {
                    // Undo, so the file stays where it was and only there.
                    let _ = fs::remove_file(&candidate);
                    return Err(err);
                }
                return Ok(candidate);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(_) => {
                if fs::symlink_metadata(&candidate).is_ok() {
                    continue;
                }
                fs::rename(path, &candidate)?;
                return Ok(candidate);
            }
        }
    }
    Err(io::Error::other("no free name to move it to"))
}

/// The file a state path stands for: the target of a symlink (so a state file
/// linked from elsewhere stays linked), else the path itself.
pub(crate) fn follow_symlink(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link {
        // A dangling link has nothing to protect: it is then replaced.
        fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    }
}

/// Tells temporary files of this process apart.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces the file at `path` by one holding `bytes`, so that at every moment
/// the path holds either the old file or the whole new one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| anyhow!("'{}' does not name a file", path.display()))?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)
        .with_context(|| format!("could not create directory '{}'", dir.display()))?;
    let (temp_path, file) = create_temp(dir, name)?;
    let result = fill(file, bytes, path)
        .with_context(|| format!("could not write '{}'", temp_path.display()))
        .and_then(|()| {
            fs::rename(&temp_path, path).with_context(|| {
                format!(
                    "could not rename '{}' to '{}'",
                    temp_path.display(),
                    path.display()
                )
            })
        });
    if result.is_err() {
        // Best effort: the error being reported is the one that matters.
        let _ = fs::remove_file(&temp_path);
        return result;
    }
    // Makes the rename itself durable. Best effort: not every platform or
    // filesystem can open or sync a directory, and the data is already safe.
    if let Ok(dir_handle) = File::open(dir) {
        let _ = dir_handle.sync_all();
    }
    Ok(())
}

/// Creates a temporary file with a name no other file has, next to the state
/// file so the rename stays within one filesystem.
fn create_temp(dir: &Path, name: &std::ffi::OsStr) -> Result<(PathBuf, File)> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Reading history is private; an existing file's mode is copied later.
        options.mode(0o600);
    }
    let name = name.to_string_lossy();
    let pid = std::process::id();
    // A name can be taken only by a leftover of a crashed process that had
    // the same id, so a few tries are plenty.
    for _ in 0..100 {
        let count = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp_path = dir.join(format!(".{name}.{pid}-{count}.tmp"));
        match options.open(&temp_path) {
            Ok(file) => return Ok((temp_path, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => {
                return Err(err).with_context(|| {
                    format!("could not create temporary file '{}'", temp_path.display())
                });
            }
        }
    }
    bail!(
        "could not find a free temporary file name in '{}'",
        dir.display()
    )
}

/// Writes `bytes` to the new file, gives it the old file's permissions if
/// there is one, and waits until it is on disk.
fn fill(mut file: File, bytes: &[u8], old: &Path) -> io::Result<()> {
    file.write_all(bytes)?;
    file.flush()?;
    if let Ok(meta) = fs::metadata(old) {
        // Best effort: keeping a user's chosen mode is nice, not essential.
        let _ = file.set_permissions(meta.permissions());
    }
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory of its own for one test, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> Self {
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = std::env::temp_dir()
                .join(format!("tidings-state-test-{}-{count}", std::process::id()));
            // A leftover of an earlier run with the same process id.
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            Self(path)
        }

        fn join(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }

        /// The names in the directory, sorted.
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            vars.iter()
                .find(|(var, _)| var == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    fn stored(path: &Path) -> Value {
        serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
    }

    fn hashes(value: &Value, field: &str) -> Vec<String> {
        value[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|hash| hash.as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn where_the_reader_left_off_is_kept_beside_the_state_file() {
        let dir = TempDir::new();
        let (state, _) = ReadingState::open(dir.join("key.json"));
        assert_eq!(state.resume(), None);
        let resume = Resume {
            article: 0x0123_4567_89ab_cdef,
            block: 7,
            offset: 42,
        };
        state.save_resume(resume).unwrap();
        assert_eq!(dir.names(), vec!["key.resume.json"]);
        let (again, _) = ReadingState::open(dir.join("key.json"));
        assert_eq!(again.resume(), Some(resume));
        // The marks' file is not touched by it, nor it by the marks.
        let (mut marked, _) = ReadingState::open(dir.join("key.json"));
        marked.set_read(1, true);
        marked.save().unwrap();
        assert_eq!(dir.names(), vec!["key.json", "key.resume.json"]);
        assert_eq!(marked.resume(), Some(resume));
        // A damaged one is none (and is replaced at the next close); a state in memory has none.
        fs::write(dir.join("key.resume.json"), b"{\"version\": 1, \"arti").unwrap();
        assert_eq!(again.resume(), None);
        again.save_resume(resume).unwrap();
        assert_eq!(again.resume(), Some(resume));
        let memory = ReadingState::in_memory();
        memory.save_resume(resume).unwrap();
        assert_eq!(memory.resume(), None);
    }

    // content_hash

    #[test]
    fn content_hash_matches_fnv1a_test_vectors() {
        assert_eq!(content_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(content_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn content_hash_covers_utf8_bytes() {
        // "é" is 0xC3 0xA9, done by hand from the offset basis.
        let by_hand = [0xc3_u8, 0xa9].iter().fold(FNV_OFFSET, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        });
        assert_eq!(content_hash("é"), by_hand);
        assert_ne!(content_hash("é"), content_hash("e"));
        assert_eq!(content_hash("same text"), content_hash("same text"));
    }

    #[test]
    fn content_hashes_are_the_content_hash_of_each_text() {
        // Lengths that end together, one after another, with empty texts among them, and
        // fewer texts than lanes: every way a lane can be handed on.
        let texts: Vec<String> = (0..23)
            .map(|i| match i % 5 {
                0 => String::new(),
                1 => "x".repeat(i),
                2 => "abc".repeat(7),
                _ => format!("text {i} é {}", "y".repeat(i * 37 % 101)),
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for n in 0..=refs.len() {
            let one_by_one: Vec<u64> = refs[..n].iter().map(|t| content_hash(t)).collect();
            assert_eq!(
                content_hashes(&refs[..n]),
                one_by_one,
                "the first {n} texts"
            );
        }
    }

    // collection_key

    #[test]
    fn collection_key_of_the_sample() {
        assert_eq!(collection_key(&[]), "sample");
    }

    #[test]
    fn collection_key_ignores_order_and_duplicates() {
        let dir = TempDir::new();
        let (a, b) = (dir.join("a.md"), dir.join("b.md"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        let key = collection_key(&[a.clone(), b.clone()]);
        assert_eq!(key.len(), 16);
        assert!(
            key.bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        );
        assert_eq!(collection_key(&[b.clone(), a.clone()]), key);
        assert_eq!(collection_key(&[b, a.clone(), a.clone()]), key);
        assert_ne!(collection_key(&[a]), key);
    }

    #[test]
    fn collection_key_canonicalises_paths() {
        let dir = TempDir::new();
        fs::create_dir(dir.join("sub")).unwrap();
        let plain = dir.join("sub");
        let roundabout = dir.join("sub").join("..").join(".").join("sub");
        assert_eq!(collection_key(&[plain]), collection_key(&[roundabout]));
    }

    #[test]
    fn collection_key_uses_missing_paths_and_stdin_as_given() {
        let missing = PathBuf::from("/no/such/tidings/path");
        assert_eq!(
            collection_key(&[missing]),
            format!("{:016x}", content_hash("/no/such/tidings/path"))
        );
        assert_eq!(
            collection_key(&[PathBuf::from("-")]),
            format!("{:016x}", content_hash("-"))
        );
        assert_eq!(
            collection_key(&[PathBuf::from("/no/b"), PathBuf::from("-")]),
            format!("{:016x}", content_hash("-\n/no/b"))
        );
    }

    // state_dir

    #[test]
    fn state_dir_prefers_xdg_state_home() {
        let env = env_of(&[("XDG_STATE_HOME", "/xdg/state"), ("HOME", "/home/u")]);
        assert_eq!(state_dir(env), Some(PathBuf::from("/xdg/state/tidings")));
    }

    #[test]
    fn state_dir_falls_back_to_home() {
        let env = env_of(&[("HOME", "/home/u")]);
        assert_eq!(
            state_dir(env),
            Some(PathBuf::from("/home/u/.local/state/tidings"))
        );
    }

    #[test]
    fn state_dir_skips_empty_and_relative_xdg_state_home() {
        for xdg in ["", "relative/state"] {
            let env = env_of(&[("XDG_STATE_HOME", xdg), ("HOME", "/home/u")]);
            assert_eq!(
                state_dir(env),
                Some(PathBuf::from("/home/u/.local/state/tidings"))
            );
        }
    }

    #[test]
    fn state_dir_is_none_without_either_variable() {
        assert_eq!(state_dir(env_of(&[])), None);
        assert_eq!(state_dir(env_of(&[("HOME", "")])), None);
    }

    // marks in memory

    #[test]
    fn marks_and_counts() {
        let mut state = ReadingState::in_memory();
        assert!(!state.is_read(1));
        state.set_read(1, true);
        state.set_read(2, true);
        state.set_read(2, true);
        state.set_bookmarked(2, true);
        assert!(state.is_read(1) && state.is_read(2) && state.is_bookmarked(2));
        assert!(!state.is_bookmarked(1));
        assert_eq!((state.read_count(), state.bookmark_count()), (2, 1));
        state.set_read(1, false);
        state.set_bookmarked(2, false);
        assert!(!state.is_read(1) && !state.is_bookmarked(2));
        assert_eq!((state.read_count(), state.bookmark_count()), (1, 0));
    }

    #[test]
    fn in_memory_save_does_nothing() {
        let mut state = ReadingState::in_memory();
        state.set_read(7, true);
        state.save().unwrap();
        assert!(state.is_read(7));
    }

    // open and save

    #[test]
    fn open_missing_file_is_fresh_and_creates_nothing() {
        let dir = TempDir::new();
        let (state, message) = ReadingState::open(dir.join("s.json"));
        assert_eq!(message, None);
        assert_eq!((state.read_count(), state.bookmark_count()), (0, 0));
        assert!(dir.names().is_empty());
    }

    #[test]
    fn round_trip() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_read(content_hash("one"), true);
        state.set_read(u64::MAX, true);
        state.set_read(0, true);
        state.set_bookmarked(content_hash("two"), true);
        state.save().unwrap();
        let (state, message) = ReadingState::open(path);
        assert_eq!(message, None);
        assert!(state.is_read(content_hash("one")) && state.is_read(u64::MAX) && state.is_read(0));
        assert!(state.is_bookmarked(content_hash("two")));
        assert!(!state.is_bookmarked(content_hash("one")));
        assert_eq!((state.read_count(), state.bookmark_count()), (3, 1));
    }

    #[test]
    fn unmarking_is_saved() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_read(5, true);
        state.set_bookmarked(5, true);
        state.save().unwrap();
        state.set_read(5, false);
        state.set_bookmarked(5, false);
        state.save().unwrap();
        let (state, _) = ReadingState::open(path);
        assert_eq!((state.read_count(), state.bookmark_count()), (0, 0));
    }

    #[test]
    fn save_without_changes_does_not_write() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        // Compact, as this module would never write it: any rewrite shows.
        let sentinel = br#"{"version":1,"read":["00000000000000ff"],"bookmarks":[]}"#;
        fs::write(&path, sentinel).unwrap();
        let (mut state, _) = ReadingState::open(path.clone());
        state.save().unwrap();
        // Changes that cancel out are no change either.
        state.set_read(0xff, true);
        state.set_bookmarked(1, false);
        state.save().unwrap();
        assert_eq!(fs::read(&path).unwrap(), sentinel);

        // Nor does a missing file get created for nothing.
        let (mut fresh, _) = ReadingState::open(dir.join("fresh.json"));
        fresh.set_read(3, false);
        fresh.save().unwrap();
        assert!(!dir.join("fresh.json").exists());
    }

    #[test]
    fn save_twice_writes_once() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_read(1, true);
        state.save().unwrap();
        fs::write(&path, br#"{"version":1}"#).unwrap();
        state.save().unwrap();
        assert_eq!(fs::read(&path).unwrap(), br#"{"version":1}"#);
    }

    #[test]
    fn written_file_is_sorted_deterministic_and_parseable() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        for hash in [0xdead_beef, 3, u64::MAX, 0xabc, 1 << 63, 42] {
            state.set_read(hash, true);
        }
        for hash in [9, 0xff00, 1] {
            state.set_bookmarked(hash, true);
        }
        state.save().unwrap();
        let value = stored(&path);
        assert_eq!(value["version"], 1);
        let read = hashes(&value, "read");
        let mut sorted = read.clone();
        sorted.sort();
        assert_eq!(read, sorted);
        assert_eq!(read.first().map(String::as_str), Some("0000000000000003"));
        assert_eq!(read.last().map(String::as_str), Some("ffffffffffffffff"));
        assert!(read.iter().all(|hash| {
            hash.len() == 16
                && hash
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        }));
        assert_eq!(
            hashes(&value, "bookmarks"),
            ["0000000000000001", "0000000000000009", "000000000000ff00"]
        );

        // The same marks made in another order give the same bytes.
        let other = dir.join("t.json");
        let (mut again, _) = ReadingState::open(other.clone());
        for hash in [42, 1 << 63, 0xabc, u64::MAX, 3, 0xdead_beef] {
            again.set_read(hash, true);
        }
        for hash in [1, 0xff00, 9] {
            again.set_bookmarked(hash, true);
        }
        again.save().unwrap();
        assert_eq!(fs::read(&path).unwrap(), fs::read(&other).unwrap());
    }

    #[test]
    fn no_temporary_files_are_left_after_saving() {
        let dir = TempDir::new();
        let (mut state, _) = ReadingState::open(dir.join("s.json"));
        for round in 0..3 {
            state.set_read(round, true);
            state.save().unwrap();
        }
        assert_eq!(dir.names(), ["s.json"]);
    }

    #[test]
    fn save_creates_missing_directories() {
        let dir = TempDir::new();
        let path = dir.join("a").join("b").join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_bookmarked(11, true);
        state.save().unwrap();
        assert!(ReadingState::open(path).0.is_bookmarked(11));
    }

    #[test]
    fn unknown_fields_are_ignored_and_kept() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::write(
            &path,
            r#"{"version":1,"read":["00000000000000AA"],"notes":{"x":[1,2]},"bookmarks":[]}"#,
        )
        .unwrap();
        let (mut state, message) = ReadingState::open(path.clone());
        assert_eq!(message, None);
        assert!(state.is_read(0xaa));
        state.set_read(0xbb, true);
        state.save().unwrap();
        let value = stored(&path);
        assert_eq!(value["notes"], serde_json::json!({"x": [1, 2]}));
        assert_eq!(
            hashes(&value, "read"),
            ["00000000000000aa", "00000000000000bb"]
        );
    }

    #[test]
    fn missing_lists_count_as_empty() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::write(&path, r#"{"version": 1}"#).unwrap();
        let (state, message) = ReadingState::open(path);
        assert_eq!(message, None);
        assert_eq!((state.read_count(), state.bookmark_count()), (0, 0));
    }

    // files that cannot be parsed

    const CORRUPT: &[&[u8]] = &[
        b"",
        b"garbage\n",
        br#"{"version": 1, "read": ["00000000000000"#,
        br#"{"version": 1, "read": "0000000000000001"}"#,
        br#"{"version": 1, "read": [1, 2]}"#,
        br#"{"version": 1, "bookmarks": ["xyz"]}"#,
        br#"{"version": 1, "read": ["+000000000000001"]}"#,
        br#"{"version": 0, "read": []}"#,
        br#"{"version": "1", "read": []}"#,
        br#"{"read": []}"#,
        b"[1, 2, 3]",
        b"\xff\xfe\x00 not utf-8",
    ];

    /// The backup files in `dir`.
    fn backups(dir: &TempDir) -> Vec<String> {
        dir.names()
            .into_iter()
            .filter(|name| name.starts_with("s.json.corrupt-"))
            .collect()
    }

    #[test]
    fn corrupt_files_are_moved_aside_intact() {
        for bytes in CORRUPT {
            let dir = TempDir::new();
            let path = dir.join("s.json");
            fs::write(&path, bytes).unwrap();
            let (mut state, message) = ReadingState::open(path.clone());
            let message = message.unwrap();
            let backup = backups(&dir);
            assert_eq!(backup.len(), 1, "{message}");
            let backup = dir.join(&backup[0]);
            assert_eq!(fs::read(&backup).unwrap(), *bytes, "{message}");
            assert!(!path.exists());
            assert!(!message.contains('\n'));
            assert!(
                message.starts_with(&format!("state file '{}' was unreadable (", path.display())),
                "{message}"
            );
            assert!(
                message.ends_with(&format!(
                    "; kept it as '{}' and started afresh",
                    backup.display()
                )),
                "{message}"
            );
            assert_eq!((state.read_count(), state.bookmark_count()), (0, 0));

            // The fresh state is saved to the usual place; the backup stays.
            state.set_read(1, true);
            state.save().unwrap();
            assert!(ReadingState::open(path).0.is_read(1));
            assert_eq!(fs::read(&backup).unwrap(), *bytes);
        }
    }

    #[test]
    fn corrupt_message_puts_the_position_first() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::write(&path, "{\"version\": ?}").unwrap();
        let message = ReadingState::open(path).1.unwrap();
        assert!(
            message.contains("was unreadable (line 1 column 13: expected value); kept it as"),
            "{message}"
        );
    }

    #[test]
    fn a_second_corruption_does_not_overwrite_the_first_backup() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::write(&path, "first").unwrap();
        let _ = ReadingState::open(path.clone());
        fs::write(&path, "second").unwrap();
        let _ = ReadingState::open(path.clone());
        // Taken names are skipped even when the clock says otherwise.
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        for taken in [seconds, seconds + 1] {
            let name = format!("s.json.corrupt-{taken}");
            if !dir.join(&name).exists() {
                fs::write(dir.join(&name), "placeholder").unwrap();
            }
        }
        fs::write(&path, "third").unwrap();
        let _ = ReadingState::open(path);
        let contents: Vec<String> = backups(&dir)
            .iter()
            .map(|name| fs::read_to_string(dir.join(name)).unwrap())
            .collect();
        for expected in ["first", "second", "third"] {
            assert_eq!(
                contents.iter().filter(|text| *text == expected).count(),
                1,
                "{contents:?}"
            );
        }
    }

    #[test]
    fn a_file_that_became_corrupt_is_not_overwritten_on_save() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_read(1, true);
        state.save().unwrap();
        fs::write(&path, "oops").unwrap();
        state.set_read(2, true);
        let err = format!("{:#}", state.save().unwrap_err());
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"oops");
        assert_eq!(dir.names(), ["s.json"]);
        // The marks are kept in memory for a later try.
        assert!(state.is_read(1) && state.is_read(2));
    }

    // other files

    #[test]
    fn newer_version_is_shown_but_never_changed() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let bytes = br#"{"version": 2, "read": ["0000000000000001"], "bookmarks": [], "tags": {}}"#;
        fs::write(&path, bytes).unwrap();
        let (mut state, message) = ReadingState::open(path.clone());
        assert_eq!(
            message.unwrap(),
            format!(
                "state file '{}' was written by a newer tidings (version 2); not changing it",
                path.display()
            )
        );
        assert!(state.is_read(1));
        state.set_read(2, true);
        state.set_bookmarked(1, true);
        state.save().unwrap();
        assert_eq!(fs::read(&path).unwrap(), bytes);
        assert_eq!(dir.names(), ["s.json"]);
    }

    #[test]
    fn newer_version_of_another_shape_opens_empty() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let bytes = br#"{"version": 9, "read": {"by": "date"}}"#;
        fs::write(&path, bytes).unwrap();
        let (mut state, message) = ReadingState::open(path.clone());
        assert!(message.unwrap().contains("(version 9)"));
        assert_eq!(state.read_count(), 0);
        state.set_read(1, true);
        state.save().unwrap();
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_left_alone() {
        // A directory where the file should be: reading fails, not as missing.
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), "x").unwrap();
        let (mut state, message) = ReadingState::open(path.clone());
        let message = message.unwrap();
        assert!(
            message.starts_with(&format!(
                "state file '{}' could not be read (",
                path.display()
            )),
            "{message}"
        );
        state.set_read(1, true);
        state.save().unwrap();
        assert!(path.is_dir());
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"x");
        assert_eq!(dir.names(), ["s.json"]);
    }

    // failures while saving

    #[test]
    fn a_path_under_a_regular_file_is_kept_in_memory() {
        // Reading through a file fails as "not a directory", not as missing,
        // so this is a file that cannot be read: reported, then left alone.
        let dir = TempDir::new();
        let blocker = dir.join("blocker");
        fs::write(&blocker, "keep me").unwrap();
        let path = blocker.join("s.json");
        let (mut state, message) = ReadingState::open(path.clone());
        let message = message.unwrap();
        assert!(
            message.starts_with(&format!(
                "state file '{}' could not be read (",
                path.display()
            )),
            "{message}"
        );
        state.set_read(1, true);
        state.save().unwrap();
        assert!(state.is_read(1));
        assert_eq!(fs::read(&blocker).unwrap(), b"keep me");
        assert_eq!(dir.names(), ["blocker"]);
    }

    #[test]
    fn save_fails_when_a_directory_in_the_way_is_a_file() {
        let dir = TempDir::new();
        let path = dir.join("sub").join("s.json");
        let (mut state, message) = ReadingState::open(path.clone());
        assert_eq!(message, None);
        fs::write(dir.join("sub"), "keep me").unwrap();
        state.set_read(1, true);
        let err = format!("{:#}", state.save().unwrap_err());
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert_eq!(fs::read(dir.join("sub")).unwrap(), b"keep me");
        assert_eq!(dir.names(), ["sub"]);
        // The change survives for a later try once the way is clear.
        fs::remove_file(dir.join("sub")).unwrap();
        state.save().unwrap();
        assert!(ReadingState::open(path).0.is_read(1));
    }

    #[test]
    fn saving_behind_writes_every_change_and_merges_with_another_session() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        let (mut other, _) = ReadingState::open(path.clone());
        other.set_bookmarked(99, true);
        other.save().unwrap();
        // A burst of changes, each handed over as the explorer does.
        for hash in 0..1000 {
            state.set_read(hash, true);
            state.save_behind().unwrap();
        }
        state.set_read(7, false);
        state.set_bookmarked(3, true);
        state.save_behind().unwrap();
        state.finish_saving().unwrap();
        let saved = ReadingState::open(path.clone()).0;
        assert_eq!(saved.read_count(), 999);
        assert!(!saved.is_read(7) && saved.is_read(8));
        assert!(saved.is_bookmarked(3), "this session's bookmark");
        assert!(
            saved.is_bookmarked(99),
            "the other session's bookmark is kept"
        );
        assert_eq!(dir.names(), ["s.json"], "no temporary file left");
        // Dropped without waiting: the drop waits, nothing handed over is lost.
        state.set_read(5000, true);
        state.save_behind().unwrap();
        drop(state);
        assert!(ReadingState::open(path).0.is_read(5000));
    }

    #[test]
    fn a_failed_save_behind_is_said_later_and_its_changes_tried_again() {
        let dir = TempDir::new();
        let path = dir.join("sub").join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        fs::write(dir.join("sub"), "keep me").unwrap();
        state.set_read(1, true);
        // Handed over at once: the failure comes on the thread.
        let _ = state.save_behind();
        // Said by the next hand-over once it has come (or by the wait at the end).
        let mut said = None;
        for _ in 0..200 {
            if let Err(e) = state.save_behind() {
                said = Some(format!("{e:#}"));
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let said = said.expect("the failure is said");
        assert!(said.contains(&path.display().to_string()), "{said}");
        assert_eq!(fs::read(dir.join("sub")).unwrap(), b"keep me");
        // The way cleared, the change is saved with the next.
        fs::remove_file(dir.join("sub")).unwrap();
        state.set_read(2, true);
        state.save_behind().unwrap();
        state.finish_saving().unwrap();
        let saved = ReadingState::open(path).0;
        assert!(saved.is_read(1) && saved.is_read(2));
    }

    #[test]
    fn a_failed_rename_keeps_the_old_file_and_removes_the_temporary_one() {
        // A non-empty directory cannot be renamed over: the write itself
        // succeeds and the last step fails.
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("old"), "old").unwrap();
        let err = format!("{:#}", write_atomically(&path, b"new").unwrap_err());
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert_eq!(fs::read(path.join("old")).unwrap(), b"old");
        assert_eq!(dir.names(), ["s.json"]);
    }

    #[test]
    fn write_atomically_replaces_the_whole_file() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        fs::write(&path, "a much longer old content than the new one").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(dir.names(), ["s.json"]);
    }

    // two sessions on one collection

    #[test]
    fn two_sessions_keep_each_others_marks() {
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut setup, _) = ReadingState::open(path.clone());
        setup.set_read(1, true);
        setup.set_bookmarked(1, true);
        setup.save().unwrap();

        let (mut first, _) = ReadingState::open(path.clone());
        let (mut second, _) = ReadingState::open(path.clone());
        first.set_read(2, true);
        first.save().unwrap();
        second.set_read(1, false);
        second.set_bookmarked(3, true);
        second.save().unwrap();
        // The second session now also sees what the first one saved.
        assert!(second.is_read(2));

        let (merged, _) = ReadingState::open(path);
        assert!(!merged.is_read(1) && merged.is_read(2));
        assert!(merged.is_bookmarked(1) && merged.is_bookmarked(3));
        assert_eq!((merged.read_count(), merged.bookmark_count()), (1, 2));
    }

    // unix specifics

    #[cfg(unix)]
    #[test]
    fn new_files_are_private_and_existing_modes_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = TempDir::new();
        let path = dir.join("s.json");
        let (mut state, _) = ReadingState::open(path.clone());
        state.set_read(1, true);
        state.save().unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        state.set_read(2, true);
        state.save().unwrap();
        assert_eq!(mode(&path), 0o644);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_state_file_stays_linked() {
        let dir = TempDir::new();
        let real = dir.join("real.json");
        let link = dir.join("s.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let (mut state, message) = ReadingState::open(link.clone());
        assert_eq!(message, None);
        state.set_read(1, true);
        state.save().unwrap();
        // Dangling at first: the link is replaced by the file.
        assert!(
            !fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );

        fs::remove_file(&link).unwrap();
        fs::write(&real, r#"{"version":1}"#).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let (mut state, _) = ReadingState::open(link.clone());
        state.set_read(2, true);
        state.save().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(ReadingState::open(real).0.is_read(2));
        assert_eq!(dir.names(), ["real.json", "s.json"]);
    }
}
