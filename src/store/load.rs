//! Reading articles from paths: walking folders, decoding bytes, reporting what was skipped.

use std::collections::HashSet;
use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Body, Meta, RawArticle, Reread, delimited, feed, html, json, markdown};

mod sample {
    include!(concat!(env!("OUT_DIR"), "/sample.rs"));
}

/// A file that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file (as a path or `sample/NAME`).
    pub origin: String,
    /// The line the problem is on, when it is about one line.
    pub line: Option<usize>,
    /// What is wrong, in a few words.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printable as the origin is, whatever a reason comes to quote (an I/O error's text).
        let reason = crate::store::clean::printable(&self.reason);
        match self.line {
            Some(line) => write!(f, "{}:{line}: {reason}", self.origin),
            None => write!(f, "{}: {reason}", self.origin),
        }
    }
}

/// How a file is named wherever tidings shows it (an article's origin, a file skipped): its
/// path, with what could act on a terminal or split a line of `--filter`'s output (an escape, a
/// tab, a newline) shown as `?`. The path itself is kept apart to read the file again.
pub fn origin_of(path: &Path) -> String {
    crate::store::clean::printable(&path.display().to_string()).into_owned()
}

/// What loading found: the articles, and the files it skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Articles in a stable order (command-line order; folders walked by name).
    pub articles: Vec<RawArticle>,
    /// Files that were not articles, with the reason.
    pub skipped: Vec<Skipped>,
    /// How many of the articles a load took from the parse cache instead of parsing them.
    pub cached: usize,
    /// The files as the load found them, before reading them.
    pub files: Files,
    /// The parse cache that holds the whole collection as the load found it (read whole from
    /// it, or filed by [`crate::loading::load`]), and its identity: the key of the full-text
    /// index kept beside it (see [`super::cache::read_words`]).
    pub cache: Option<(std::path::PathBuf, u64)>,
}

/// The bundled sample collection, embedded in the binary.
pub fn load_sample() -> Loaded {
    let mut loaded = Loaded::default();
    for (name, bytes) in sample::SAMPLE {
        let origin = format!("sample/{name}");
        match decode(bytes) {
            Ok(text) => loaded.articles.push(RawArticle {
                origin,
                body: Body::Plain(text),
                folder: None,
                meta: Meta::default(),
                reread: None,
            }),
            Err(reason) => loaded.skipped.push(Skipped {
                origin,
                line: None,
                reason: reason.to_owned(),
            }),
        }
    }
    loaded
}

/// The extensions of a web page's file ([`Format::Html`]), lowercase.
const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// The formats an article file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: headline, blank line, paragraphs.
    Plain,
    /// Markdown, with optional YAML (`---`) or TOML (`+++`) front matter.
    Markdown,
    /// One JSON article object, or an array of them.
    Json,
    /// JSON Lines: one article object per line.
    JsonLines,
    /// A web page saved from a browser or a crawler.
    Html,
    /// A news feed: RSS or Atom, each item an article.
    Feed,
    /// A table of comma-separated values, a row an article.
    Csv,
    /// A table of tab-separated values.
    Tsv,
}

impl Format {
    /// The format a file name's extension says, if it is an article format at all. A
    /// gzip-compressed file says it under its `.gz`: `articles.jsonl.gz` is JSON Lines (read
    /// decompressed), `backup.tar.gz` is no article format.
    pub fn by_name(name: &str) -> Option<Format> {
        if let Some(stem) = Path::new(name)
            .extension()
            .filter(|ext| ext.eq_ignore_ascii_case("gz"))
            .and_then(|_| Path::new(name).file_stem())
        {
            return Format::by_name(stem.to_str()?);
        }
        let ext = match Path::new(name).extension() {
            None => return Some(Format::Plain),
            Some(ext) => ext.to_str()?.to_ascii_lowercase(),
        };
        match ext.as_str() {
            "txt" | "text" => Some(Format::Plain),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "rss" | "atom" | "xml" => Some(Format::Feed),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            e if HTML_EXTENSIONS.contains(&e) => Some(Format::Html),
            _ => None,
        }
    }

    /// The format a text looks like, for files whose name does not say.
    pub fn sniff(text: &str) -> Format {
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if feed::is_feed(start) {
            return Format::Feed;
        }
        let opening = start.as_bytes();
        if ["<!doctype html", "<html", "<head"].iter().any(|tag| {
            opening
                .get(..tag.len())
                .is_some_and(|o| o.eq_ignore_ascii_case(tag.as_bytes()))
        }) {
            return Format::Html;
        }
        if start.starts_with('[') {
            return Format::Json;
        }
        if start.starts_with('{') {
            // Several lines that each open an object, the first a whole object, are JSON Lines;
            // one object over many lines is JSON (`{"articles": [{…},` then an item a line).
            let mut lines = start
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .take(3);
            let first = lines.next().unwrap_or_default();
            let objects = lines.filter(|l| l.starts_with('{')).count();
            let whole = || serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok();
            return if objects > 0 && whole() {
                Format::JsonLines
            } else {
                Format::Json
            };
        }
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("")
            .trim_end();
        if first == "---" || first == "+++" {
            return Format::Markdown;
        }
        Format::Plain
    }
}

/// Reads the raw articles under the given paths on this one thread, unit after unit: the
/// reference the tests hold the parallel load (`loading::load`) to.
///
/// A path that does not exist, or no article at all, is an error; a file that cannot be read or
/// holds no article is skipped and reported in [`Loaded::skipped`], and the rest still loads.
#[cfg(test)]
pub(crate) fn load_paths(paths: &[PathBuf]) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let spares = Spares::default();
    for unit in plan(paths)? {
        unit.read(&mut loaded, &spares);
    }
    no_article_is_an_error(paths, &loaded.skipped, loaded.articles.len())?;
    Ok(loaded)
}

/// The error when a load found no article, naming the paths and the first problem.
pub fn no_article_is_an_error(paths: &[PathBuf], skipped: &[Skipped], found: usize) -> Result<()> {
    if found > 0 {
        return Ok(());
    }
    // Printable as every file name tidings shows (the explorer prints this as it is).
    let names: Vec<String> = paths
        .iter()
        .map(|p| format!("'{}'", origin_of(p)))
        .collect();
    match skipped {
        [] => bail!("no article found in {}", names.join(", ")),
        [only] => bail!("no article found in {}: {only}", names.join(", ")),
        // A line for each file skipped (as a load that found some says them), so that none of
        // their problems is left for the next try to tell.
        many => {
            let mut lines: Vec<String> = many
                .iter()
                .take(SKIPPED_SHOWN)
                .map(|s| format!("  skipped {s}"))
                .collect();
            if many.len() > SKIPPED_SHOWN {
                lines.push(format!("  and {} more", many.len() - SKIPPED_SHOWN));
            }
            bail!(
                "no article found in {}, {} skipped:\n{}",
                names.join(", "),
                many.len(),
                lines.join("\n")
            )
        }
    }
}

/// How many of the files skipped a load that found nothing names, one a line.
const SKIPPED_SHOWN: usize = 20;

/// One piece of a load, read on its own (and so on any thread): a file, a block of lines of a
/// large JSON Lines file, standard input, or a problem found while walking.
#[derive(Debug)]
pub enum Unit {
    /// A file, read whole.
    File {
        path: PathBuf,
        /// Its folder below the folder named on the command line.
        folder: Option<String>,
        /// Its format, when its name says (`None`: by its content).
        format: Option<Format>,
        /// What its metadata said when it was planned: its size, for a gauge, and what the
        /// parse cache knows it by (so that it is not asked for again).
        stamp: Stamp,
    },
    /// A JSON Lines file, or a JSON file, large enough to be read in blocks (see
    /// [`Unit::blocks`]).
    Lines {
        path: PathBuf,
        folder: Option<String>,
        stamp: Stamp,
        /// How the file is cut into blocks.
        split: Split,
    },
    /// Consecutive whole lines of a JSON Lines file, or consecutive whole items of the array a
    /// JSON file holds.
    Block {
        path: std::sync::Arc<Path>,
        folder: Option<String>,
        /// The lines' (or items') text.
        bytes: Vec<u8>,
        /// The number of the first line in the file (1-based).
        first_line: usize,
        /// Where its first byte is in the file.
        start: u64,
        /// For items of an array or rows of a table, where they start (`None`: lines of JSON
        /// Lines).
        items: Option<json::ItemsAt>,
        /// For rows of a table, its columns.
        header: Option<std::sync::Arc<delimited::Header>>,
    },
    /// Standard input.
    Stdin,
    /// Something the walk could not read.
    Skip(Skipped),
}

/// How a large file is cut into blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// JSON Lines: after a newline.
    Lines,
    /// A JSON file: after a comma between two items of the array it holds. A file that holds
    /// something else (an object wrapping a list) is read whole.
    Items,
    /// A table: after a row, its cells parted by this byte.
    Table(u8),
}

/// JSON Lines files (and JSON files) above this size are read in blocks of about this size, each parsed on its
/// own, so that a large collection is never held whole in memory and is parsed on every core.
pub const BLOCK: usize = 1 << 20;

/// Block buffers a load has finished with, for the next blocks to be read into.
///
/// A block read into a new allocation each time had the kernel copy it into pages the process
/// had not touched lately: the allocator gives freed pages back to the system as it goes, and
/// on a machine whose memory the host reclaims (a balloon) each such page is found again by the
/// host. That copy was 10% of a 100k-article load's samples; with buffers reused, 1%, and the
/// 1M load's system time fell from 5.6 s to 3.0 s.
#[derive(Default)]
pub struct Spares(std::sync::Mutex<Vec<Vec<u8>>>);

impl Spares {
    /// How many buffers are kept: more than a load has blocks in flight (queued, being parsed,
    /// being read) on any machine it is likely to run on; any beyond are freed.
    const KEEP: usize = 32;

    /// A buffer used before when there is one, holding what it last held (to be written over),
    /// else an empty one.
    pub fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default()
    }

    /// Keeps `bytes`' room for another block, unless it is too small to hold one or much
    /// larger (a block that held a very long line), or enough are kept already.
    pub fn give(&self, bytes: Vec<u8>) {
        if !(BLOCK..=4 * BLOCK).contains(&bytes.capacity()) {
            return;
        }
        // Its bytes are kept, not cleared: a block read into them later writes over them, and
        // only room they never filled is zeroed first (see `Chunks::read`).
        if let Ok(mut spare) = self.0.lock()
            && spare.len() < Self::KEEP
        {
            spare.push(bytes);
        }
    }
}

/// What `paths` hold, in load order, without reading any file: the list a load works through.
/// A path that does not exist is an error; anything else that goes wrong becomes a
/// [`Unit::Skip`] in its place.
pub fn plan(paths: &[PathBuf]) -> Result<Vec<Unit>> {
    plan_with(paths, |path, e| {
        Err(e).with_context(|| format!("cannot open '{}'", path.display()))
    })
}

/// [`plan`], leaving out the paths that are no longer there rather than failing on them: what
/// the collection holds now, for telling whether it changed ([`crate::watch`]), where one file
/// named on the command line and deleted is that file gone, not every file.
pub fn plan_present(paths: &[PathBuf]) -> Vec<Unit> {
    plan_with(paths, |_, _| Ok(())).unwrap_or_default()
}

/// The plan of `paths`; `missing` says what a path that cannot be looked at does to it (fail it,
/// or leave the path out).
fn plan_with(
    paths: &[PathBuf],
    missing: impl Fn(&Path, std::io::Error) -> Result<()>,
) -> Result<Vec<Unit>> {
    let mut planned = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            planned.push(Planned::Unit(Unit::Stdin));
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                missing(path, e)?;
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, path, &mut seen_dirs, &mut planned);
        } else if !meta.is_file() && !is_pipe(&meta) {
            // A device or socket named (`/dev/zero` would be read until memory ran out). A pipe
            // is read: `tidings <(curl …)` names one.
            planned.push(Planned::Unit(Unit::Skip(skip(path, NOT_A_FILE))));
        } else {
            // A file named explicitly is read whatever its name: by its extension if that names
            // a format, else by what it looks like.
            let format = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(Format::by_name);
            planned.push(Planned::Unit(file_unit(path.clone(), None, format, &meta)));
        }
    }
    let mut units = examine(planned);
    // A file reached twice (named twice, or named and inside a folder named too) is read once,
    // where it comes first, as a folder reached twice is: it is one file, not two articles that
    // are copies of each other. Told by its stamp: its inode with its size and times (the
    // device is not in it; the rest makes two files of two devices alike beyond chance).
    let mut seen = HashSet::new();
    units.retain(|unit| match unit {
        Unit::File { stamp, .. } | Unit::Lines { stamp, .. } if stamp.inode != 0 => {
            seen.insert(*stamp)
        }
        _ => true,
    });
    Ok(units)
}

/// A unit of the plan, or a file found by a walk whose metadata is still to be read.
enum Planned {
    Unit(Unit),
    File {
        path: PathBuf,
        folder: Option<String>,
        format: Format,
    },
}

/// The plan's units, each file's metadata read: on a few threads for a large folder, where
/// those reads were most of the planning (a folder of 100,000 files took 150 ms on one thread).
/// In the plan's order whatever the threads.
fn examine(planned: Vec<Planned>) -> Vec<Unit> {
    /// Files enough to be worth a thread.
    const PER_THREAD: usize = 2_000;
    let unit = |planned: Planned| match planned {
        Planned::Unit(unit) => unit,
        Planned::File {
            path,
            folder,
            format,
        } => match std::fs::metadata(&path) {
            Ok(meta) => file_unit(path, folder, Some(format), &meta),
            Err(e) => Unit::Skip(skip(&path, &format!("cannot read: {e}"))),
        },
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(planned.len() / PER_THREAD)
        .min(8);
    if threads < 2 {
        return planned.into_iter().map(unit).collect();
    }
    // Consecutive parts, in order.
    let size = planned.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = planned;
    while !rest.is_empty() {
        let after = rest.split_off(size.min(rest.len()));
        parts.push(std::mem::replace(&mut rest, after));
    }
    let unit = &unit;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(unit).collect::<Vec<Unit>>()))
            .collect();
        handles
            .into_iter()
            // A thread that panicked passes its panic on: its units are not dropped unseen.
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn file_unit(
    path: PathBuf,
    folder: Option<String>,
    format: Option<Format>,
    meta: &std::fs::Metadata,
) -> Unit {
    let stamp = Stamp::of(meta);
    let split = match format {
        Some(Format::JsonLines) => Some(Split::Lines),
        Some(Format::Json) => Some(Split::Items),
        Some(Format::Csv) => Some(Split::Table(b',')),
        Some(Format::Tsv) => Some(Split::Table(b'\t')),
        _ => None,
    };
    if let Some(split) = split
        && stamp.len > BLOCK as u64
    {
        Unit::Lines {
            path,
            folder,
            stamp,
            split,
        }
    } else {
        Unit::File {
            path,
            folder,
            format,
            stamp,
        }
    }
}

/// The files a load found: each file's path and stamp (a folder's files, and files named on
/// the command line), for telling later whether they changed ([`crate::watch`]).
pub type Files = Vec<(PathBuf, Stamp)>;

/// The files of a plan, with their stamps.
pub fn files_of(units: &[Unit]) -> Files {
    units
        .iter()
        .filter_map(|unit| match unit {
            Unit::File { path, stamp, .. } | Unit::Lines { path, stamp, .. } => {
                Some((path.clone(), *stamp))
            }
            _ => None,
        })
        .collect()
}

/// What a file's metadata says of it: its size, and what tells that it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub len: u64,
    /// Its modification time in nanoseconds since 1970 (`None`: unknown).
    pub modified: Option<u64>,
    /// Its status change time in nanoseconds (0 where there is none).
    pub changed: u64,
    /// Its inode number (0 where there is none).
    pub inode: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Self {
        let modified = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| u64::try_from(d.as_nanos()).ok());
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            let ctime = u64::try_from(meta.ctime()).unwrap_or(0);
            let ctime_nsec = u64::try_from(meta.ctime_nsec()).unwrap_or(0);
            (
                ctime.wrapping_mul(1_000_000_000).wrapping_add(ctime_nsec),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        Stamp {
            len: meta.len(),
            modified,
            changed,
            inode,
        }
    }
}

impl Unit {
    /// The bytes it stands for, for a gauge (0 when unknown).
    pub fn size(&self) -> u64 {
        match self {
            Unit::File { stamp, .. } | Unit::Lines { stamp, .. } => stamp.len,
            Unit::Block { bytes, .. } => bytes.len() as u64,
            Unit::Stdin | Unit::Skip(_) => 0,
        }
    }

    /// Reads it, adding its articles and what was skipped to `loaded`. A [`Unit::Lines`] is read
    /// block by block here; a load that wants its blocks on other threads asks
    /// [`Unit::blocks`] for them. A block's buffer goes back to `spares` once it is parsed.
    pub fn read(self, loaded: &mut Loaded, spares: &Spares) {
        match self {
            Unit::File {
                path,
                folder,
                format,
                stamp,
            } => load_file(&path, folder.as_deref(), format, stamp.len, loaded),
            Unit::Lines { .. } => {
                let mut units = Vec::new();
                self.blocks(spares, &mut |unit| {
                    units.push(unit);
                    true
                });
                for unit in units {
                    unit.read(loaded, spares);
                }
            }
            Unit::Block {
                path,
                folder,
                bytes,
                first_line,
                start,
                items,
                header,
            } => {
                let origin = origin_of(&path);
                // Lines' places in the text are places in the file only when it was UTF-8.
                let (text, base) = match simdutf8::basic::from_utf8(&bytes) {
                    Ok(text) => (std::borrow::Cow::Borrowed(text), Some(start)),
                    Err(_) => (std::borrow::Cow::Owned(legacy(&bytes)), None),
                };
                let (articles, problems) = match (items, header) {
                    (Some(at), Some(header)) => delimited::parse_block(&text, &header, at),
                    (Some(at), None) => json::parse_json_items_from(&text, at, false),
                    (None, _) => json::parse_json_lines_from(&text, first_line),
                };
                drop(text);
                spares.give(bytes);
                add_json(
                    &origin,
                    Some(&path),
                    base,
                    folder.as_deref(),
                    articles,
                    problems,
                    loaded,
                );
            }
            Unit::Stdin => {
                if let Err(e) = load_stdin(loaded) {
                    loaded.skipped.push(Skipped {
                        origin: "-".to_owned(),
                        line: None,
                        reason: format!("{e:#}"),
                    });
                }
            }
            Unit::Skip(skipped) => loaded.skipped.push(skipped),
        }
    }

    /// The `len` bytes at `start` of the JSON Lines file `path`, whose first line is line
    /// `first_line` of the file (for a JSON file, the items `items` says): a [`Unit::Block`]
    /// read again, when its cached parse cannot be used. A file that cannot be read becomes a
    /// [`Unit::Skip`].
    pub fn block_at(
        path: std::sync::Arc<Path>,
        folder: Option<String>,
        start: u64,
        len: usize,
        first_line: usize,
        items: Option<json::ItemsAt>,
        split: Split,
    ) -> Unit {
        // A table's rows are read with its columns, from its first row.
        let header = match split {
            Split::Table(named) => {
                match delimited::Header::of_file(&path, sniffed_delimiter(&path, named)) {
                    Ok(header) => Some(std::sync::Arc::new(header)),
                    Err(e) => return Unit::Skip(skip(&path, &format!("cannot read: {e}"))),
                }
            }
            Split::Lines | Split::Items => None,
        };
        let read = || -> std::io::Result<Vec<u8>> {
            let mut file = open_at(&path, start)?;
            let mut bytes = vec![0; len];
            file.read_exact(&mut bytes)?;
            Ok(bytes)
        };
        match read() {
            Ok(bytes) => Unit::Block {
                path,
                folder,
                bytes,
                first_line,
                start,
                items,
                header,
            },
            Err(e) => Unit::Skip(skip(&path, &format!("cannot read: {e}"))),
        }
    }

    /// Splits a [`Unit::Lines`] into [`Unit::Block`]s of whole lines, reading the file once, in
    /// order, into buffers from `spares`, and handing each block to `send` as soon as it is read
    /// (`send` returns false to stop). Any other unit is handed over as it is. A file that
    /// cannot be read, or whose start is binary, becomes one [`Unit::Skip`].
    pub fn blocks(self, spares: &Spares, send: &mut dyn FnMut(Unit) -> bool) {
        let Unit::Lines {
            path,
            folder,
            stamp,
            split,
        } = self
        else {
            send(self);
            return;
        };
        if let Split::Table(named) = split {
            let delimiter = sniffed_delimiter(&path, named);
            let mut cutter = RowCutter {
                scanner: delimited::RowScanner::new(delimiter),
                delimiter,
                header: None,
            };
            let folder = folder.as_deref();
            cut_blocks(&path, folder, split, Span::WHOLE, &mut cutter, spares, send);
            return;
        }
        // What the file holds, not its name, says how to cut it: JSON Lines written to a
        // `.json` file are common.
        if sniffed_split(&path, split) == Split::Items {
            let cut = |span: Span, send: &mut dyn FnMut(Unit) -> bool| {
                let mut cutter = ItemCutter {
                    scanner: json::ItemScanner::before_array(),
                    closed: false,
                };
                let folder = folder.as_deref();
                cut_blocks(&path, folder, Split::Items, span, &mut cutter, spares, send)
            };
            // Not an array: an object, which may wrap a list of articles ("articles": [...]),
            // read in blocks all the same; anything else is read whole.
            if !cut(Span::WHOLE, send)
                && !wrapped_list(&path).is_some_and(|list| {
                    let span = Span {
                        from: list.open,
                        len: list.end - list.open,
                        at: list.at,
                    };
                    cut(span, send)
                })
            {
                send(Unit::File {
                    path,
                    folder,
                    format: Some(Format::Json),
                    stamp,
                });
            }
            return;
        }
        let Some(mut chunks) = Chunks::open(&path, Split::Lines, send) else {
            return;
        };
        let shared: std::sync::Arc<Path> = path.as_path().into();
        let mut first_line = 1;
        // Where the next block starts in the file: the blocks before it, whole lines each.
        let mut start = 0u64;
        loop {
            let Some((mut bytes, end)) = chunks.next(spares, send) else {
                return;
            };
            // The block ends after its last newline; the rest starts the next one.
            if !end {
                if let Some(last) = memchr::memrchr(b'\n', &bytes) {
                    chunks.carry.extend_from_slice(&bytes[last + 1..]);
                    bytes.truncate(last + 1);
                } else {
                    // No newline in a whole block: a line longer than a block, read on.
                    chunks.carry = bytes;
                    continue;
                }
            }
            if bytes.is_empty() {
                return;
            }
            // memchr's vectorised search: the plain byte loop cost 5 instructions a byte, a few
            // percent of a whole load.
            let lines = memchr::memchr_iter(b'\n', &bytes).count();
            let len = bytes.len() as u64;
            let block = Unit::Block {
                path: std::sync::Arc::clone(&shared),
                folder: folder.clone(),
                bytes,
                first_line,
                start,
                items: None,
                header: None,
            };
            first_line += lines;
            start += len;
            if !send(block) || end {
                return;
            }
        }
    }
}

fn load_stdin(loaded: &mut Loaded) -> Result<()> {
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        bail!(
            "'-' reads articles from standard input, but it is a terminal: pipe JSON Lines or text into it"
        );
    }
    let mut bytes = Vec::new();
    stdin
        .read_to_end(&mut bytes)
        .context("reading standard input")?;
    add_text("-", None, &bytes, None, None, loaded);
    Ok(())
}

/// Walks a folder depth-first in name order, following each real folder once (no symlink loops).
/// Files in a subfolder of `root` take the subfolder's name as their section (`bbc/business`).
/// An article file is listed with its metadata still to read ([`examine`]); only what a folder
/// entry says of itself decides where the walk goes, but for a symlink, which is followed.
fn walk(root: &Path, dir: &Path, seen: &mut HashSet<PathBuf>, planned: &mut Vec<Planned>) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        planned.push(Planned::Unit(Unit::Skip(skip(
            dir,
            "cannot resolve folder",
        ))));
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let reason = format!("cannot read folder: {e}");
            planned.push(Planned::Unit(Unit::Skip(skip(dir, &reason))));
            return;
        }
    };
    // By name: the same order as by path (they share the folder), without taking paths apart
    // into components for every comparison (a third of the planning of a large folder).
    let mut entries: Vec<(std::ffi::OsString, std::fs::DirEntry)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    // Worked out once for the folder's files (taking the path apart for each was 7% of a walk).
    // A name that is not UTF-8 (a Latin-1 "café.txt" copied from an old disk) is shown with
    // U+FFFD where it is not: its articles load all the same.
    let folder_name = (dir != root)
        .then(|| dir.file_name().map(std::ffi::OsStr::to_string_lossy))
        .flatten();
    let folder = || {
        folder_name
            .as_deref()
            .map(|name| crate::store::clean::printable(name).into_owned())
    };
    // A page a browser saves whole keeps its pictures, scripts and frames in a folder beside it
    // named after it (`Story.html` and `Story_files/`): those are not articles.
    // (The entries are sorted by name: a name is found by halving.)
    let page_assets = |name: &str| {
        name.strip_suffix("_files").is_some_and(|stem| {
            HTML_EXTENSIONS.iter().any(|ext| {
                let page = format!("{stem}.{ext}");
                entries
                    .binary_search_by(|(n, _)| n.as_os_str().cmp(std::ffi::OsStr::new(&page)))
                    .is_ok()
            })
        })
    };
    for (name, entry) in &entries {
        let name = &*name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let article_format = || {
            Format::by_name(name)
                .filter(|_| !is_meta_file(name))
                // An `.xml` file in a folder is an article file only when it is a feed: a
                // folder of articles may keep sitemaps and settings as XML too.
                .filter(|&format| format != Format::Feed || !is_xml(name) || starts_as_feed(&path))
        };
        // The entry's type as the folder lists it: no system call on most file systems.
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                if !page_assets(name) {
                    walk(root, &path, seen, planned);
                }
            }
            Ok(kind) if kind.is_file() => {
                if let Some(format) = article_format() {
                    planned.push(Planned::File {
                        path,
                        folder: folder(),
                        format,
                    });
                }
            }
            // A symlink (or what could not be told) is followed, so a link to a folder is
            // walked (once) and a broken link reported.
            _ => match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !page_assets(name) {
                        walk(root, &path, seen, planned);
                    }
                }
                Ok(meta) if meta.is_file() => {
                    if let Some(format) = article_format() {
                        let unit = file_unit(path, folder(), Some(format), &meta);
                        planned.push(Planned::Unit(unit));
                    }
                }
                // A pipe, socket or device: opening a pipe no one writes to waited for ever, and
                // a device may never end. Only said of a name that looks like an article's.
                Ok(_) => {
                    if article_format().is_some() {
                        planned.push(Planned::Unit(Unit::Skip(skip(&path, NOT_A_FILE))));
                    }
                }
                Err(e) => {
                    let reason = format!("cannot read: {e}");
                    planned.push(Planned::Unit(Unit::Skip(skip(&path, &reason))));
                }
            },
        }
    }
}

/// Whether a file's name says XML and no more (`.xml`, `.xml.gz`), not a feed (`.rss`).
fn is_xml(name: &str) -> bool {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xml"))
}

/// Whether the file at `path` starts as a news feed does (see [`feed::is_feed`]).
fn starts_as_feed(path: &Path) -> bool {
    file_start(path, 4096).is_some_and(|start| feed::is_feed(&start))
}

/// The first `len` bytes of the file at `path` (decompressed when it is gzip data), as text
/// (lossily: the end may cut a character), to tell what the file holds; `None` when it cannot
/// be read (its reader then tells why).
fn file_start(path: &Path, len: usize) -> Option<String> {
    let mut start = Vec::with_capacity(len);
    open_at(path, 0)
        .and_then(|file| file.take(len as u64).read_to_end(&mut start))
        .ok()?;
    Some(String::from_utf8_lossy(&start).into_owned())
}

/// Why a pipe, socket or device is not read.
const NOT_A_FILE: &str = "not a file (a pipe, socket or device)";

/// Whether `meta` is a named pipe's (or the pipe of a shell's `<(…)`).
fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// README, LICENSE and the like describe a collection; they are not articles.
fn is_meta_file(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    [
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "CHANGELOG",
        "CHANGES",
        "AUTHORS",
        "NOTICE",
        "CONTRIBUTING",
        "INDEX",
    ]
    .iter()
    .any(|meta| stem.eq_ignore_ascii_case(meta))
}

/// Reads the file at `path`, `size` bytes long when it was planned, and adds its articles.
/// A large file read a block at a time, for [`Unit::blocks`].
struct Chunks<'p> {
    path: &'p Path,
    split: Split,
    file: Opened,
    /// What the last block left (the start of a line or an item it did not end with), for the
    /// next buffer to start with.
    carry: Vec<u8>,
    first: bool,
    /// The bytes left to read of the part of the file read.
    left: u64,
}

impl<'p> Chunks<'p> {
    /// The file opened, to be read from its start to its end; `None` when it cannot be, its
    /// skip sent.
    fn open(path: &'p Path, split: Split, send: &mut dyn FnMut(Unit) -> bool) -> Option<Self> {
        Self::open_part(path, split, 0, u64::MAX, send)
    }

    /// The file opened, to read `len` bytes from `from` on (fewer when it ends before).
    fn open_part(
        path: &'p Path,
        split: Split,
        from: u64,
        len: u64,
        send: &mut dyn FnMut(Unit) -> bool,
    ) -> Option<Self> {
        let opened = if from == 0 {
            open_blocks(path)
        } else {
            open_at(path, from)
        };
        match opened {
            Ok(file) => Some(Chunks {
                path,
                split,
                file,
                carry: Vec::new(),
                first: true,
                left: len,
            }),
            Err(e) => {
                send(Unit::Skip(skip(path, &format!("cannot read: {e}"))));
                None
            }
        }
    }

    /// [`Chunks::read`], its skip sent when the file cannot be read.
    fn next(
        &mut self,
        spares: &Spares,
        send: &mut dyn FnMut(Unit) -> bool,
    ) -> Option<(Vec<u8>, bool)> {
        self.read(spares)
            .map_err(|skipped| send(Unit::Skip(skipped)))
            .ok()
    }

    /// The next buffer: the bytes carried over, then up to a block more from the file, and
    /// whether the file has ended (nothing more was read); or why the file cannot be read
    /// (its start is checked as a small file's is).
    fn read(&mut self, spares: &Spares) -> std::result::Result<(Vec<u8>, bool), Skipped> {
        // Copied to the start of a spare buffer, or taken as it is when longer than a block, so
        // that a very long line is not copied over and over.
        let (mut bytes, carried) = if self.carry.len() > BLOCK {
            let carried = self.carry.len();
            (std::mem::take(&mut self.carry), carried)
        } else {
            let mut bytes = spares.take();
            let carried = self.carry.len();
            if bytes.len() < carried {
                bytes.resize(carried, 0);
            }
            bytes[..carried].copy_from_slice(&self.carry);
            self.carry.clear();
            (bytes, carried)
        };
        // Read into the room past the carried bytes. A buffer used before is written over: only
        // room it never held is zeroed. (`read_to_end` zeroed all of it, every block: 1% of a
        // load's instructions.)
        let want = usize::try_from(self.left.min(BLOCK as u64)).unwrap_or(BLOCK);
        if bytes.len() < carried + want {
            bytes.resize(carried + want, 0);
        }
        let mut read = 0;
        while read < want {
            match self.file.read(&mut bytes[carried + read..carried + want]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let reason = match self.file {
                        Opened::Gzip(_) => {
                            format!("gzip-compressed, but cannot be decompressed: {e}")
                        }
                        _ => format!("cannot read: {e}"),
                    };
                    return Err(skip(self.path, &reason));
                }
            }
        }
        bytes.truncate(carried + read);
        self.left -= read as u64;
        if std::mem::take(&mut self.first)
            && let Some(reason) = refused_start(&bytes, self.split)
        {
            return Err(skip(self.path, reason));
        }
        Ok((bytes, read == 0))
    }
}

/// [`Unit::blocks`] for a JSON file or a table: blocks of whole pieces (items of the array the
/// file holds, rows of the table), each ending just after one, so that the blocks are the file
/// and each can be parsed on its own. The file is scanned once, a block at a time, by `cutter`.
/// False when the file is not to be cut but read whole (a JSON file that does not hold an
/// array). Only the part `span` says is cut: the whole file, or the list an object wraps.
fn cut_blocks(
    path: &Path,
    folder: Option<&str>,
    split: Split,
    span: Span,
    cutter: &mut dyn Cutter,
    spares: &Spares,
    send: &mut dyn FnMut(Unit) -> bool,
) -> bool {
    let Some(mut chunks) = Chunks::open_part(path, split, span.from, span.len, send) else {
        return true;
    };
    let shared: std::sync::Arc<Path> = path.into();
    let mut at = span.at;
    let mut start = span.from;
    loop {
        let Some((mut bytes, end)) = chunks.next(spares, send) else {
            return true;
        };
        let (cut, pieces) = match cutter.scan(&bytes, end) {
            Ok(scanned) => scanned,
            Err(Stop::Whole) => return false,
            Err(Stop::Unreadable(reason)) => {
                send(Unit::Skip(skip(path, &reason)));
                return true;
            }
        };
        if !end {
            let Some(cut) = cut else {
                // No piece ended yet: a piece longer than a block, read on.
                chunks.carry = bytes;
                continue;
            };
            chunks.carry.extend_from_slice(&bytes[cut..]);
            bytes.truncate(cut);
            cutter.shift(cut);
        }
        if !bytes.is_empty() {
            let next = json::ItemsAt {
                line: at.line + memchr::memchr_iter(b'\n', &bytes).count(),
                column: match memchr::memrchr(b'\n', &bytes) {
                    Some(last) => bytes.len() - last,
                    None => at.column + bytes.len(),
                },
                item: at.item + pieces,
            };
            let len = bytes.len() as u64;
            let block = Unit::Block {
                path: std::sync::Arc::clone(&shared),
                folder: folder.map(str::to_owned),
                bytes,
                first_line: at.line,
                start,
                items: Some(at),
                header: cutter.header(),
            };
            at = next;
            start += len;
            if !send(block) {
                return true;
            }
        }
        if end {
            if let Some(skipped) = cutter.ended(path, at.line) {
                send(Unit::Skip(skipped));
            }
            return true;
        }
    }
}

/// The part of a file [`cut_blocks`] cuts: `len` bytes from `from` on, the first of them at
/// `at`.
#[derive(Debug, Clone, Copy)]
struct Span {
    from: u64,
    len: u64,
    at: json::ItemsAt,
}

impl Span {
    const WHOLE: Span = Span {
        from: 0,
        len: u64::MAX,
        at: json::ItemsAt {
            line: 1,
            column: 1,
            item: 0,
        },
    };
}

/// Where the list of articles the object in the JSON file `path` wraps is (see
/// [`json::WrapScanner`]): the file read once, a block at a time. `None` when it wraps no list
/// of objects, or cannot be read (a whole read then tells why).
fn wrapped_list(path: &Path) -> Option<json::ListAt> {
    let mut file = open_at(path, 0).ok()?;
    let mut scanner = json::WrapScanner::new();
    let mut buf = vec![0; BLOCK];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return scanner.finish(),
            Ok(n) => {
                if !scanner.feed(&buf[..n]) {
                    return None;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// What cuts a large file into blocks of whole pieces, for [`cut_blocks`].
trait Cutter {
    /// Scans the bytes of `bytes` not scanned yet (`end`: the file ends with them): where the
    /// last whole piece in them ends, if one does, with how many pieces end there or before
    /// since the last cut; or why the file is not cut.
    fn scan(
        &mut self,
        bytes: &[u8],
        end: bool,
    ) -> std::result::Result<(Option<usize>, usize), Stop>;
    /// The bytes after `cut` start the next buffer: the scan's place moves back with them.
    fn shift(&mut self, cut: usize);
    /// The columns a block of a table is read with.
    fn header(&self) -> Option<std::sync::Arc<delimited::Header>> {
        None
    }
    /// What to tell once the file has ended, on line `line`.
    fn ended(&self, _path: &Path, _line: usize) -> Option<Skipped> {
        None
    }
}

/// Why a file is not cut into blocks.
enum Stop {
    /// It is to be read whole.
    Whole,
    /// It holds no article, for this reason.
    Unreadable(String),
}

/// Cuts a JSON file after commas between items of the array it holds (see
/// [`json::ItemScanner`]). A file that does not hold an array is read whole; one whose array is
/// not closed is told as a problem after its blocks.
struct ItemCutter {
    scanner: json::ItemScanner,
    closed: bool,
}

impl Cutter for ItemCutter {
    fn scan(
        &mut self,
        bytes: &[u8],
        _end: bool,
    ) -> std::result::Result<(Option<usize>, usize), Stop> {
        let (mut cut, mut commas) = (None, 0);
        while let Some(mark) = self.scanner.next(bytes) {
            match mark {
                json::Mark::Comma(i) => {
                    commas += 1;
                    cut = Some((i + 1, commas));
                }
                json::Mark::Close(_) => self.closed = true,
                // Not an array (an object, most likely): read whole, as a small file is.
                json::Mark::Stray(_) if !self.closed => return Err(Stop::Whole),
                // Text after the array: its parser tells.
                json::Mark::Open(_) | json::Mark::Stray(_) => {}
            }
        }
        Ok(cut.map_or((None, 0), |(cut, commas)| (Some(cut), commas)))
    }

    fn shift(&mut self, cut: usize) {
        self.scanner.at -= cut;
    }

    fn ended(&self, path: &Path, line: usize) -> Option<Skipped> {
        (!self.closed).then(|| unclosed(path, line))
    }
}

/// Cuts a table after rows, where the whole table read at once would part them (see
/// [`delimited::RowScanner`]); its blocks are read with the columns its first row names. A
/// table with no column for a title or a text is one problem.
struct RowCutter {
    scanner: delimited::RowScanner,
    delimiter: u8,
    header: Option<std::sync::Arc<delimited::Header>>,
}

impl Cutter for RowCutter {
    fn scan(
        &mut self,
        bytes: &[u8],
        end: bool,
    ) -> std::result::Result<(Option<usize>, usize), Stop> {
        let (mut cut, mut rows) = (None, 0);
        while let Some(row_end) = self.scanner.next(bytes, end) {
            if self.header.is_none() {
                let header = delimited::Header::of_row(&bytes[..row_end], self.delimiter);
                if let Some(reason) = delimited::unreadable(&header.names) {
                    return Err(Stop::Unreadable(reason));
                }
                self.header = Some(std::sync::Arc::new(header));
            } else {
                rows += 1;
            }
            cut = Some(row_end);
        }
        Ok((cut, rows))
    }

    fn shift(&mut self, cut: usize) {
        self.scanner.at -= cut;
    }

    fn header(&self) -> Option<std::sync::Arc<delimited::Header>> {
        self.header.clone()
    }
}

/// The byte that parts the cells of the large table `path`, named as `named` parts them: by
/// its first line (see [`delimited::delimiter_of`]).
fn sniffed_delimiter(path: &Path, named: u8) -> u8 {
    file_start(path, SNIFF).map_or(named, |start| delimited::delimiter_of(&start, named))
}

/// How to cut the large file `path`, named as `split` says: by its start (see [`json_format`]);
/// by its name when it cannot be read (its reader then tells why).
fn sniffed_split(path: &Path, split: Split) -> Split {
    let named = match split {
        Split::Lines => Format::JsonLines,
        Split::Items => Format::Json,
        Split::Table(_) => return split,
    };
    let Some(start) = file_start(path, SNIFF) else {
        return split;
    };
    match json_format(named, &start, false) {
        Format::Json => Split::Items,
        _ => Split::Lines,
    }
}

/// Which of JSON and JSON Lines a file named as `named` (one of the two) holds, by its text (or
/// the start of it, when not `whole`): JSON Lines written to a `.json` file, as many exports
/// name it (the first line a whole object, the next ones opening objects too), or an array
/// written to a `.jsonl` file (the first line `[` alone, or, for a whole text, one line that
/// opens one). Otherwise the name's.
fn json_format(named: Format, text: &str, whole: bool) -> Format {
    let start = text.trim_start_matches('\u{feff}');
    let mut lines = start.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    match named {
        Format::Json if Format::sniff(start) == Format::JsonLines => Format::JsonLines,
        Format::JsonLines
            if first == "[" || (whole && first.starts_with('[') && lines.next().is_none()) =>
        {
            Format::Json
        }
        _ => named,
    }
}

/// How much of a large file [`sniffed_split`] looks at.
const SNIFF: usize = 64 << 10;

/// The problem of a JSON file whose array is not closed: the file ends, on line `line`, inside
/// it.
fn unclosed(path: &Path, line: usize) -> Skipped {
    Skipped {
        origin: origin_of(path),
        line: None,
        reason: json::unclosed_list(line).reason,
    }
}

fn load_file(
    path: &Path,
    folder: Option<&str>,
    format: Option<Format>,
    size: u64,
    loaded: &mut Loaded,
) {
    // `std::fs::read` (and a `File`'s own `read_to_end`) asks the file's size and position
    // again first: two system calls per file, which a folder of many small files pays as many
    // times. The plan's size is the room to read into; read through `Take`, the file is read to
    // its end with no such questions (a file that grew since is read whole all the same).
    let read = || -> std::io::Result<Vec<u8>> {
        let file = std::fs::File::open(path)?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
        file.take(u64::MAX).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    match read() {
        Ok(bytes) => add_text(&origin_of(path), Some(path), &bytes, folder, format, loaded),
        Err(e) => loaded
            .skipped
            .push(skip(path, &format!("cannot read: {e}"))),
    }
}

/// What a load makes of one file named `name` that holds `bytes`, read as `format` (`None`:
/// as the text looks, as for a file named on the command line): its articles, or why it was
/// skipped. All of a file's reading but the disk; the fuzz targets (`fuzz/`) start here.
pub fn load_bytes(name: &str, format: Option<Format>, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    add_text(name, None, bytes, None, format, &mut loaded);
    loaded
}

/// Decodes one file's bytes and adds the articles it holds, or the reasons it holds none.
/// `path` is where the file can be read again (`None` for standard input).
fn add_text(
    origin: &str,
    path: Option<&Path>,
    bytes: &[u8],
    folder: Option<&str>,
    format: Option<Format>,
    loaded: &mut Loaded,
) {
    // One copy of the path for all the articles of the file.
    let path: Option<std::sync::Arc<Path>> = path.map(Into::into);
    let reread = |line: Option<usize>, item: Option<usize>| {
        path.as_ref().map(|p| Reread {
            path: std::sync::Arc::clone(p),
            line,
            item,
            offset: None,
        })
    };
    let bytes = match unzipped(bytes) {
        Ok(bytes) => bytes,
        Err(e) => {
            let reason = format!("gzip-compressed, but cannot be decompressed: {e}");
            return loaded.skipped.push(skipped_whole(origin, reason));
        }
    };
    let bytes = bytes.as_ref();
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(reason) => {
            return loaded
                .skipped
                .push(skipped_whole(origin, reason.to_owned()));
        }
    };
    let folder = folder.map(str::to_owned);
    let format = match format {
        Some(named @ (Format::Json | Format::JsonLines)) => json_format(named, &text, true),
        Some(format) => format,
        None => Format::sniff(&text),
    };
    match format {
        Format::Plain => loaded.articles.push(RawArticle {
            origin: origin.to_owned(),
            body: Body::Plain(text),
            folder,
            meta: Meta::default(),
            reread: reread(None, None),
        }),
        Format::Markdown => match markdown::parse_markdown(&text) {
            Ok(md) => loaded.articles.push(RawArticle {
                origin: origin.to_owned(),
                body: Body::Paragraphs(md.paragraphs),
                folder,
                meta: md.meta,
                reread: reread(None, None),
            }),
            Err(reason) => loaded.skipped.push(Skipped {
                origin: origin.to_owned(),
                line: None,
                reason,
            }),
        },
        Format::Html => match html::parse_html(&text) {
            Ok(page) => loaded.articles.push(RawArticle {
                origin: origin.to_owned(),
                // With a headline from the page's metadata, no line of the text is taken for one.
                body: if page.meta.title.is_some() {
                    Body::Text(page.text)
                } else {
                    Body::Plain(page.text)
                },
                folder,
                meta: page.meta,
                reread: reread(None, None),
            }),
            Err(reason) => loaded.skipped.push(Skipped {
                origin: origin.to_owned(),
                line: None,
                reason,
            }),
        },
        Format::Feed if !feed::is_feed(&text) => loaded.skipped.push(skipped_whole(
            origin,
            "not a news feed (an RSS or Atom document)".to_owned(),
        )),
        Format::Json | Format::JsonLines | Format::Feed | Format::Csv | Format::Tsv => {
            let (articles, problems) = records_of(format, &text);
            // A line's place in the text is its place in the file when the file was UTF-8.
            let base = (text.as_bytes() == bytes).then_some(0);
            add_json(
                origin,
                path.as_ref(),
                base,
                folder.as_deref(),
                articles,
                problems,
                loaded,
            );
        }
    }
}

/// The articles of the file `path` (its text `text`) that number its articles by their place
/// in it: an array's items, a feed's, a table's rows. For reading an article's raw text again.
pub fn items_of(path: &Path, text: &str) -> Vec<json::JsonArticle> {
    let name = path.file_name().map(|n| n.to_string_lossy());
    let format = match name.and_then(|n| Format::by_name(&n)) {
        Some(table @ (Format::Csv | Format::Tsv)) => table,
        _ if feed::is_feed(text) => Format::Feed,
        _ => Format::Json,
    };
    records_of(format, text).0
}

/// The articles of a text that holds several (JSON, JSON Lines, a feed, a table), and its
/// problems; a load and the raw view read them alike.
fn records_of(format: Format, text: &str) -> (Vec<json::JsonArticle>, Vec<json::JsonProblem>) {
    match format {
        Format::JsonLines => json::parse_json_lines(text),
        Format::Feed => feed::parse_feed(text),
        Format::Csv => delimited::parse_table(text, delimited::delimiter_of(text, b',')),
        Format::Tsv => delimited::parse_table(text, delimited::delimiter_of(text, b'\t')),
        Format::Json | Format::Plain | Format::Markdown | Format::Html => json::parse_json(text),
    }
}

/// A file skipped whole, for `reason`.
fn skipped_whole(origin: &str, reason: String) -> Skipped {
    Skipped {
        origin: origin.to_owned(),
        line: None,
        reason,
    }
}

/// `origin`, `mark` and `place` in decimal: `format!("{origin}{mark}{place}")`, without the
/// formatting machinery, which cost 1,100 instructions an article, 0.5% of a load (`itoa`
/// writes the digits; `serde_json` already builds on it).
fn origin_at(origin: &str, mark: char, place: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(place);
    let mut out = String::with_capacity(origin.len() + 1 + digits.len());
    out.push_str(origin);
    out.push(mark);
    out.push_str(digits);
    out
}

/// Adds the articles read from JSON (or JSON Lines) in the file `origin`, and its problems.
/// `base`: where the text the articles were parsed from starts in the file, when their lines'
/// places in it are places in the file.
fn add_json(
    origin: &str,
    path: Option<&std::sync::Arc<Path>>,
    base: Option<u64>,
    folder: Option<&str>,
    articles: Vec<json::JsonArticle>,
    problems: Vec<json::JsonProblem>,
    loaded: &mut Loaded,
) {
    loaded.articles.reserve(articles.len());
    for article in articles {
        let with_place = match (article.line, article.index) {
            (Some(line), _) => origin_at(origin, ':', line),
            (None, Some(index)) => origin_at(origin, '#', index),
            (None, None) => origin.to_owned(),
        };
        loaded.articles.push(RawArticle {
            origin: with_place,
            body: Body::Text(article.body),
            folder: folder.map(str::to_owned),
            meta: article.meta,
            reread: path.map(|p| Reread {
                path: std::sync::Arc::clone(p),
                line: article.line,
                item: article.index,
                offset: base.zip(article.offset).map(|(base, at)| base + at as u64),
            }),
        });
    }
    for problem in problems {
        // The reader's reasons name the line ("line 3: …") or the item ("item 2: …");
        // an item's line is added so every report can be found in the file.
        let reason = match problem.line {
            Some(line) if !problem.reason.starts_with("line ") => {
                format!("line {line}, {}", problem.reason)
            }
            _ => problem.reason,
        };
        loaded.skipped.push(Skipped {
            origin: origin.to_owned(),
            line: None,
            reason,
        });
    }
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped {
        origin: origin_of(path),
        line: None,
        reason: reason.to_owned(),
    }
}

/// Whether `bytes` start as gzip data do (RFC 1952's two magic bytes): such a file is read
/// decompressed, whatever its name.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// A file's bytes as text bytes: decompressed when they are gzip data (all its members in turn,
/// as `gunzip` reads them: `pigz` and `bgzip` write several, and `cat a.gz b.gz` is one file),
/// else as they are.
fn unzipped(bytes: &[u8]) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
    unzipped_at_most(bytes, MAX_UNZIPPED)
}

/// How much a file read whole may hold decompressed. Gzip shrinks a run of one byte a thousand
/// times: a file of a megabyte (a "zip bomb", or a damaged file) could ask for a gigabyte, and
/// the load for all the memory there is. Collections that large are JSON Lines, read in blocks
/// as they are decompressed, never whole.
const MAX_UNZIPPED: u64 = 1 << 30;

/// [`unzipped`], refusing a file of more than `limit` bytes decompressed.
fn unzipped_at_most(bytes: &[u8], limit: u64) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
    if !is_gzip(bytes) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(3));
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "it holds over {} MiB, more than a file read whole may (a collection that large: \
             JSON Lines, .jsonl.gz, read in blocks)",
            limit >> 20
        )));
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// The bytes of the file at `path`, decompressed when it is gzip data: its text as a load read
/// it, for reading an article's raw text again.
pub fn read_text_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    // A plain file's bytes are given as they are, not copied.
    let decompressed = match unzipped(&bytes)? {
        std::borrow::Cow::Owned(out) => Some(out),
        std::borrow::Cow::Borrowed(_) => None,
    };
    Ok(decompressed.unwrap_or(bytes))
}

/// A file opened for reading its text: as it is, or through a decompressor.
pub enum Opened {
    Plain(std::fs::File),
    /// A large file read from its start past the page cache (see [`Direct`]).
    #[cfg(target_os = "linux")]
    Direct(Box<Direct>),
    Gzip(Box<flate2::read::MultiGzDecoder<std::io::BufReader<std::fs::File>>>),
}

impl Read for Opened {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Opened::Plain(file) => file.read(buf),
            #[cfg(target_os = "linux")]
            Opened::Direct(direct) => direct.read(buf),
            Opened::Gzip(decoder) => decoder.read(buf),
        }
    }
}

/// Files of at least this size, read in blocks from their start, are read past the page cache.
#[cfg(all(target_os = "linux", not(test)))]
const DIRECT_FROM: u64 = 256 << 20;
/// (Small in the unit tests, so that their files of a few blocks are read as a large one is.)
#[cfg(all(target_os = "linux", test))]
const DIRECT_FROM: u64 = BLOCK as u64;

/// A large file read with `O_DIRECT`: the disk writes straight into a buffer of ours, one block
/// at a time, instead of into the page cache for `read` to copy out of.
///
/// A 2.6 GB JSON Lines file (1M articles) not in the page cache loaded in 16.5–16.8 s, 5.2–6.3 s
/// of it system time, most of that `read` copying pages the kernel had just filled; read this
/// way, in 14.1–14.3 s with 1.5–1.7 s, whether the page cache holds the file or not. Reading
/// through a page cache that holds it was 0.3–0.4 s faster (13.7–13.8 s), but a file that large
/// is not kept there long. A file system that refuses `O_DIRECT`, at the opening or at a read (an
/// alignment it does not take), gets the file read as usual, from where the reading got to.
#[cfg(target_os = "linux")]
pub struct Direct {
    /// Opened with `O_DIRECT`.
    file: std::fs::File,
    /// The same file opened as usual, at the same moment: what is read once a direct read is
    /// refused.
    plain: std::fs::File,
    refused: bool,
    /// `BLOCK` bytes from `base`, aligned for the disk, and a page's room to align them in.
    stage: Vec<u8>,
    base: usize,
    /// What of the last block read is still to be given.
    unread: std::ops::Range<usize>,
}

#[cfg(target_os = "linux")]
impl Direct {
    /// Alignment of the buffer, the reads' offsets and their lengths: a page, which every disk's
    /// logical block divides.
    const ALIGN: usize = 4096;

    /// `path`, opened as usual as `plain`, opened again with `O_DIRECT`; `plain` given back where
    /// the file system does not take it.
    fn open(path: &Path, plain: std::fs::File) -> std::result::Result<Self, std::fs::File> {
        use std::os::unix::fs::OpenOptionsExt;
        let Ok(file) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECT)
            .open(path)
        else {
            return Err(plain);
        };
        let stage = vec![0u8; BLOCK + Self::ALIGN];
        let base = stage.as_ptr().align_offset(Self::ALIGN);
        Ok(Direct {
            file,
            plain,
            refused: false,
            stage,
            base,
            unread: 0..0,
        })
    }
}

#[cfg(target_os = "linux")]
impl Read for Direct {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.unread.is_empty() {
            if self.refused {
                return self.plain.read(buf);
            }
            let block = &mut self.stage[self.base..self.base + BLOCK];
            match self.file.read(block) {
                Ok(n) => self.unread = 0..n,
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                    use std::io::{Seek, SeekFrom};
                    // A refused read leaves the direct handle where the reading got to.
                    let at = self.file.stream_position()?;
                    self.plain.seek(SeekFrom::Start(at))?;
                    self.refused = true;
                    return self.plain.read(buf);
                }
                Err(e) => return Err(e),
            }
        }
        let n = buf.len().min(self.unread.len());
        let from = self.base + self.unread.start;
        buf[..n].copy_from_slice(&self.stage[from..from + n]);
        self.unread.start += n;
        Ok(n)
    }
}

/// The file at `path`, opened to be read from its start in blocks: as [`open_at`] does, but a
/// large plain file past the page cache where the system allows (see [`Direct`]).
fn open_blocks(path: &Path) -> std::io::Result<Opened> {
    let opened = open_at(path, 0)?;
    #[cfg(target_os = "linux")]
    if let Opened::Plain(file) = opened {
        if !file.metadata().is_ok_and(|m| m.len() >= DIRECT_FROM) {
            return Ok(Opened::Plain(file));
        }
        return Ok(match Direct::open(path, file) {
            Ok(direct) => Opened::Direct(Box::new(direct)),
            Err(file) => Opened::Plain(file),
        });
    }
    Ok(opened)
}

/// The file at `path`, opened to read its text from byte `at` on: a plain file seeks there; a
/// gzip-compressed one (told by its first bytes, as a load tells it) is decompressed from its
/// start and the bytes before `at` passed over, so that the places a load noted in the text
/// (a block's start, an article's line) are found again in either.
pub fn open_at(path: &Path, at: u64) -> std::io::Result<Opened> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < magic.len() {
        match file.read(&mut magic[got..])? {
            0 => break,
            n => got += n,
        }
    }
    if is_gzip(&magic[..got]) {
        file.seek(SeekFrom::Start(0))?;
        let mut decoder =
            flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(BLOCK / 4, file));
        // Read past in large pieces: through `io::copy`'s 8 KiB buffer, passing over 260 MB
        // took 0.62 s instead of 0.40 s.
        let mut skipped = 0;
        let mut buf = vec![0; BLOCK / 4];
        while skipped < at {
            let want = usize::try_from(at - skipped).map_or(buf.len(), |left| left.min(buf.len()));
            match decoder.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(n) => skipped += n as u64,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if skipped < at {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file ends before the place asked for",
            ));
        }
        Ok(Opened::Gzip(Box::new(decoder)))
    } else {
        file.seek(SeekFrom::Start(at))?;
        Ok(Opened::Plain(file))
    }
}

/// Decodes a file's bytes: UTF-16 when they start with its byte-order mark (what Windows tools
/// write as "Unicode"), else UTF-8 (a BOM is dropped later by sanitising), else Windows-1252,
/// which also covers Latin-1 text. Binary and empty files are refused.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, &'static str> {
    let text = if let Some(text) = utf16(bytes) {
        text
    } else if let Some(kind) = archive(bytes) {
        return Err(kind);
    } else if looks_binary(bytes) {
        return Err("binary file (contains NUL bytes)");
    } else {
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => legacy(bytes),
        }
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err("empty file");
    }
    Ok(text)
}

/// The text of UTF-16 bytes that start with a byte-order mark (FF FE: little-endian; FE FF:
/// big-endian), the mark left out; `None` for any other bytes. A unit that is half a pair
/// becomes U+FFFD, and a last odd byte is dropped.
/// Text that is not UTF-8, decoded from the legacy encoding it most likely is, as Firefox
/// guesses it (chardetng): Windows-1252 for Western text (a Latin-1 "£"), GBK or Big5 for
/// Chinese, Shift-JIS, EUC-JP or ISO-2022-JP for Japanese, EUC-KR for Korean, Windows-1251 or
/// KOI8-R for Russian. Read as Windows-1252 whatever they were, the Chinese pages of a story
/// about Inspur were all mojibake.
///
/// Text that is mostly ASCII is Western: Windows-1252, without asking the detector, which takes
/// a lone byte for too little evidence (the BBC's one Latin-1 file, a "£" in 2 KB of English,
/// came out "Ł" from its guess of a Central European encoding). The scripts it is for write most
/// of their bytes above ASCII.
fn legacy(bytes: &[u8]) -> String {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high * 5 < bytes.len() {
        return windows_1252(bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn utf16(bytes: &[u8]) -> Option<String> {
    let unit: fn([u8; 2]) -> u16 = match bytes {
        [0xff, 0xfe, ..] => u16::from_le_bytes,
        [0xfe, 0xff, ..] => u16::from_be_bytes,
        _ => return None,
    };
    let units = bytes[2..]
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]));
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// What a compressed file or archive is, by its first bytes, and what to do with it: collections
/// are often kept compressed (`articles.jsonl.gz`), and "binary file" would not say why.
fn archive(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x1f, 0x8b, ..] => Some("gzip-compressed: decompress it first (gunzip -k)"),
        [b'P', b'K', 0x03, 0x04, ..] => Some("a zip archive: unpack it first (unzip)"),
        [b'B', b'Z', b'h', ..] => Some("bzip2-compressed: decompress it first (bunzip2 -k)"),
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => {
            Some("xz-compressed: decompress it first (unxz -k)")
        }
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Some("zstd-compressed: decompress it first (unzstd)"),
        _ => None,
    }
}

/// Why a JSON Lines file read in blocks is refused when it starts with `bytes`, if it is.
fn refused_start(bytes: &[u8], split: Split) -> Option<&'static str> {
    let utf16 = matches!(bytes, [0xff, 0xfe, ..] | [0xfe, 0xff, ..]);
    if let Some(kind) = archive(bytes) {
        Some(kind)
    } else if utf16 && split == Split::Items {
        // Not an array as its bytes go: a JSON file is read whole, and decoded.
        None
    } else if utf16 {
        // Its lines cannot be found byte by byte; one of a megabyte or less is read whole.
        Some(
            "UTF-16 text: a JSON Lines file over 1 MiB is read as UTF-8 (convert it: iconv -f UTF-16 -t UTF-8)",
        )
    } else if looks_binary(bytes) {
        Some("binary file (contains NUL bytes)")
    } else {
        None
    }
}

/// Whether a file starting with `bytes` is binary: a NUL byte in its first 8 KiB. Searched
/// with memchr: a byte at a time, this check was 3% of the load of a folder of small files.
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// Bytes read as Windows-1252 (Latin-1 but for 0x80–0x9F, where it has typographic marks), by
/// `encoding_rs`, which [`legacy`] decodes every other encoding with.
fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_that_finds_nothing_names_its_paths_printably() {
        // The explorer prints this message as it is, once the terminal is back.
        let path = PathBuf::from("news\x1b]0;owned\x07");
        for skipped in [vec![], vec![skip(&path, "empty file")]] {
            let err = no_article_is_an_error(std::slice::from_ref(&path), &skipped, 0)
                .unwrap_err()
                .to_string();
            assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
            assert!(
                err.starts_with("no article found in 'news?]0;owned?'"),
                "{err:?}"
            );
        }
    }

    /// A file of `len` bytes that differ from block to block and within each, for a read that
    /// gives the wrong part to show it.
    #[cfg(target_os = "linux")]
    fn numbered_bytes(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| u8::try_from((i * 7 + i / 4099) % 251).unwrap())
            .collect()
    }

    /// Everything `reader` gives, asked for `ask` bytes at a time.
    #[cfg(target_os = "linux")]
    fn read_all(reader: &mut impl Read, ask: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = vec![0; ask];
        loop {
            match reader.read(&mut buf).unwrap() {
                0 => return out,
                n => out.extend_from_slice(&buf[..n]),
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_large_file_read_past_the_page_cache_gives_its_bytes_as_they_are() {
        let dir = std::env::temp_dir().join(format!("tidings-direct-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("large.jsonl");
        // Three blocks and an end that is no multiple of the alignment.
        let bytes = numbered_bytes(3 * BLOCK + 12_345);
        std::fs::write(&path, &bytes).unwrap();
        let direct = |path: &Path| Direct::open(path, std::fs::File::open(path).unwrap()).ok();
        let Some(_) = direct(&path) else {
            eprintln!("skipped: this file system refuses O_DIRECT");
            let _ = std::fs::remove_dir_all(&dir);
            return;
        };
        // Asked for less than a block, a block, more, and an odd size.
        for ask in [1000, BLOCK, 3 * BLOCK, 65_537] {
            let mut direct = direct(&path).unwrap();
            assert!(read_all(&mut direct, ask) == bytes, "asked {ask} at a time");
            assert!(!direct.refused, "read past the page cache throughout");
        }
        // A load opens it so (`DIRECT_FROM` is a block in the tests), and a smaller one as usual.
        assert!(matches!(open_blocks(&path).unwrap(), Opened::Direct(_)));
        std::fs::write(dir.join("small.jsonl"), &bytes[..BLOCK - 1]).unwrap();
        assert!(matches!(
            open_blocks(&dir.join("small.jsonl")).unwrap(),
            Opened::Plain(_)
        ));
        // A direct read the file system refuses (here: into a buffer one byte off the alignment
        // it takes, once two blocks are given) is made again as any other read is, from where
        // the reading got to.
        let mut direct = direct(&path).unwrap();
        let mut start = vec![0; 2 * BLOCK];
        direct.read_exact(&mut start).unwrap();
        assert!(direct.unread.is_empty());
        direct.base += 1;
        start.extend(read_all(&mut direct, 100_000));
        assert!(start == bytes);
        assert!(direct.refused, "the refused read was not seen");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_reached_twice_is_planned_once() {
        let dir = std::env::temp_dir().join(format!("tidings-twice-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("inner")).unwrap();
        std::fs::write(dir.join("a.txt"), "Alpha\n\nText.\n").unwrap();
        std::fs::write(dir.join("inner/b.txt"), "Beta\n\nText.\n").unwrap();
        let names = |paths: &[PathBuf]| -> Vec<String> {
            files_of(&plan(paths).unwrap())
                .iter()
                .map(|(p, _)| p.strip_prefix(&dir).unwrap().display().to_string())
                .collect()
        };
        let a = dir.join("a.txt");
        assert_eq!(names(&[a.clone(), a.clone()]), ["a.txt"]);
        // Named, then inside a folder named; by another spelling too.
        assert_eq!(
            names(&[a.clone(), dir.clone(), dir.join("inner/../a.txt")]),
            ["a.txt", "inner/b.txt"]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn origins_with_a_place_are_as_format_writes_them() {
        for place in [0, 1, 9, 10, 99, 100, 12_345, 1_000_000, usize::MAX] {
            for mark in [':', '#'] {
                assert_eq!(
                    origin_at("dir/wire.jsonl", mark, place),
                    format!("dir/wire.jsonl{mark}{place}")
                );
            }
        }
        assert_eq!(origin_at("", ':', 7), ":7");
    }

    #[test]
    fn latin1_pound_sign_is_decoded_not_replaced() {
        assert_eq!(
            decode(b"a \xa315.8m signing").as_deref(),
            Ok("a £15.8m signing")
        );
    }

    #[test]
    fn chinese_japanese_and_russian_in_their_legacy_encodings_are_decoded() {
        let texts = [
            (
                encoding_rs::GBK,
                "浪潮集团周二表示，将与思科系统公司成立合资企业。该合资企业将在济南设立总部。",
            ),
            (
                encoding_rs::BIG5,
                "浪潮集團週二表示，將與思科系統公司成立合資企業。該合資企業將在濟南設立總部。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "インスパーは火曜日、シスコと合弁会社を設立すると発表した。本社は済南に置く。",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Сбербанк и Huawei договорились о сотрудничестве в области облачных технологий.",
            ),
            (
                encoding_rs::KOI8_R,
                "Сбербанк и Huawei договорились о сотрудничестве в области облачных технологий.",
            ),
        ];
        for (encoding, text) in texts {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable);
            assert!(std::str::from_utf8(&bytes).is_err());
            assert_eq!(decode(&bytes).as_deref(), Ok(text), "{}", encoding.name());
        }
        // The BBC's one Latin-1 file: 2 KB of English with a lone "£" is Western.
        let english = format!(
            "{} a \u{a3}15.8m signing.",
            "The club said on Monday. ".repeat(80)
        );
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&english);
        assert_eq!(decode(&bytes).as_deref(), Ok(english.as_str()));
    }

    #[test]
    fn windows_1252_quotes_are_decoded() {
        assert_eq!(decode(b"\x93quoted\x94 \x85").as_deref(), Ok("“quoted” …"));
    }

    #[test]
    fn utf8_is_kept_as_is() {
        assert_eq!(decode("Café £5".as_bytes()).as_deref(), Ok("Café £5"));
    }

    #[test]
    fn utf16_with_its_mark_is_decoded_either_way_round() {
        let text = "Café £5 — 東京\nline two";
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&le).as_deref(), Ok(text));
        assert_eq!(decode(&be).as_deref(), Ok(text));
        // Half a surrogate pair, and an odd last byte.
        assert_eq!(
            decode(&[0xff, 0xfe, b'A', 0, 0x3d, 0xd8, b'B', 0, b'C']).as_deref(),
            Ok("A\u{fffd}B")
        );
        assert_eq!(decode(&[0xff, 0xfe, b' ', 0]), Err("empty file"));
        // Without the mark, NUL bytes are still binary.
        assert_eq!(decode(&le[2..]), Err("binary file (contains NUL bytes)"));
        assert!(refused_start(&le, Split::Lines).is_some_and(|why| why.starts_with("UTF-16 text")));
        // A large JSON file is read whole instead (see `item_blocks`).
        assert_eq!(refused_start(&le, Split::Items), None);
        assert_eq!(refused_start(b"{}", Split::Lines), None);
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x00\x00"),
            Err("binary file (contains NUL bytes)")
        );
        // Compressed files and archives say what they are.
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err("a zip archive: unpack it first (unzip)")
        );
        for (start, kind) in [
            (&b"\x1f\x8b\x08\x00"[..], "gzip"),
            (b"BZh91AY", "bzip2"),
            (b"\xfd7zXZ\x00\x00", "xz"),
            (b"\x28\xb5\x2f\xfd\x00", "zstd"),
        ] {
            let why = decode(start).unwrap_err();
            assert!(
                why.starts_with(kind) && why.contains("decompress it first"),
                "{why}"
            );
            assert_eq!(refused_start(start, Split::Lines), Some(why));
            assert_eq!(refused_start(start, Split::Items), Some(why));
        }
        assert_eq!(decode(b" \n\t\n"), Err("empty file"));
        assert_eq!(decode(b"\xef\xbb\xbf\n"), Err("empty file"));
    }

    #[test]
    fn bytes_load_as_a_file_of_the_format_given_or_sniffed() {
        let lines = b"{\"title\": \"One\", \"body\": \"First.\"}\n{\"title\": \"Two\", \"body\": \"Second.\"}\n";
        for format in [Some(Format::JsonLines), None] {
            let loaded = load_bytes("feed", format, lines);
            let origins: Vec<&str> = loaded.articles.iter().map(|a| a.origin.as_str()).collect();
            assert_eq!(origins, ["feed:1", "feed:2"], "{format:?}");
            assert!(loaded.skipped.is_empty());
        }
        // Read as plain text, the same bytes are one article.
        let plain = load_bytes("feed", Some(Format::Plain), lines);
        assert_eq!(plain.articles.len(), 1);
        assert!(matches!(plain.articles[0].body, Body::Plain(_)));
        // What cannot be read is skipped, named, and nothing panics.
        let binary = load_bytes("x.bin", None, b"\0\x01\x02");
        assert!(binary.articles.is_empty());
        assert_eq!(binary.skipped[0].origin, "x.bin");
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::by_name("001.txt"), Some(Format::Plain));
        assert_eq!(Format::by_name("story"), Some(Format::Plain));
        assert_eq!(Format::by_name("A.TXT"), Some(Format::Plain));
        assert_eq!(Format::by_name("a.md"), Some(Format::Markdown));
        assert_eq!(Format::by_name("a.json"), Some(Format::Json));
        assert_eq!(Format::by_name("a.ndjson"), Some(Format::JsonLines));
        assert_eq!(Format::by_name("a.JSONL"), Some(Format::JsonLines));
        assert_eq!(Format::by_name("photo.jpg"), None);
        // Compressed: the name under the `.gz` says.
        assert_eq!(Format::by_name("a.jsonl.gz"), Some(Format::JsonLines));
        assert_eq!(Format::by_name("A.TXT.GZ"), Some(Format::Plain));
        assert_eq!(Format::by_name("story.gz"), Some(Format::Plain));
        assert_eq!(Format::by_name("backup.tar.gz"), None);
        assert!(is_meta_file("README.TXT"));
        assert!(is_meta_file("LICENSE"));
        assert!(!is_meta_file("001.txt"));
    }

    #[test]
    fn a_file_read_whole_is_not_decompressed_past_the_limit() {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&vec![b'a'; 3 << 20]).unwrap();
        let zipped = encoder.finish().unwrap();
        assert!(zipped.len() < 1 << 20);
        let unzipped = unzipped_at_most(&zipped, 3 << 20).unwrap();
        assert_eq!(unzipped.len(), 3 << 20);
        let e = unzipped_at_most(&zipped, 2 << 20).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it holds over 2 MiB, more than a file read whole may (a collection that large: \
             JSON Lines, .jsonl.gz, read in blocks)"
        );
    }

    #[test]
    fn json_and_json_lines_are_told_by_the_text_when_the_name_says_the_other() {
        use Format::{Json, JsonLines};
        let lines = "{\"title\": 1}\n{\"title\": 2}\n";
        assert_eq!(json_format(Json, lines, true), JsonLines);
        assert_eq!(json_format(JsonLines, lines, true), JsonLines);
        let pretty = "[\n  {\"title\": 1},\n  {\"title\": 2}\n]\n";
        assert_eq!(json_format(JsonLines, pretty, false), Json);
        assert_eq!(json_format(Json, pretty, true), Json);
        // One line that opens an array: the whole text of one array, or the start of a line.
        let one_line = "[{\"title\": 1}, {\"title\": 2}]";
        assert_eq!(json_format(JsonLines, one_line, true), Json);
        assert_eq!(json_format(JsonLines, one_line, false), JsonLines);
        // A line of JSON Lines that is an array stays one.
        assert_eq!(
            json_format(JsonLines, "[[1]]\n{\"title\": 2}\n", true),
            JsonLines
        );
        // A list wrapped in an object, its items a line each, is one object.
        let wrapped = "{\"articles\": [{\"title\": 1},\n{\"title\": 2},\n{\"title\": 3}]}";
        assert_eq!(json_format(Json, wrapped, true), Json);
    }

    #[test]
    fn formats_by_content() {
        assert_eq!(
            Format::sniff("{\"title\":1}\n{\"title\":2}\n"),
            Format::JsonLines
        );
        assert_eq!(Format::sniff("{\n  \"title\": 1\n}\n"), Format::Json);
        // A list wrapped in an object, its items a line each, is one object.
        assert_eq!(
            Format::sniff("{\"articles\": [{\"title\":1},\n{\"title\":2},\n{\"title\":3}]}"),
            Format::Json
        );
        assert_eq!(Format::sniff("\u{feff}[{}]"), Format::Json);
        assert_eq!(Format::sniff("---\ntitle: x\n---\nbody"), Format::Markdown);
        assert_eq!(
            Format::sniff("+++\r\ntitle = 'x'\r\n+++\r\n"),
            Format::Markdown
        );
        assert_eq!(Format::sniff("Headline\n\nBody."), Format::Plain);
        assert_eq!(
            Format::sniff("\u{feff}\n  <!DOCTYPE html><p>x</p>"),
            Format::Html
        );
        assert_eq!(Format::sniff("<HTML><body>x"), Format::Html);
        assert_eq!(Format::sniff("<p>a fragment</p>"), Format::Plain);
        assert_eq!(Format::by_name("page.HTM"), Some(Format::Html));
        assert_eq!(Format::by_name("page.html.gz"), Some(Format::Html));
    }

    #[test]
    fn the_sample_is_bundled_and_loads_whole() {
        let loaded = load_sample();
        assert!(
            loaded.articles.len() >= 8,
            "{} sample articles",
            loaded.articles.len()
        );
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        assert!(
            loaded
                .articles
                .iter()
                .all(|a| a.origin.starts_with("sample/"))
        );
    }

    #[test]
    fn blocks_read_into_buffers_given_back_hold_their_own_lines_only() {
        use std::fmt::Write as _;
        let dir = std::env::temp_dir().join(format!("tidings-spares-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("lines.jsonl");
        let mut text = String::new();
        let mut lines = 0;
        while text.len() < 5 * BLOCK {
            let body = "x".repeat(lines % 997);
            let _ = writeln!(
                text,
                "{{\"title\": \"Line {lines}\", \"body\": \"{body}\"}}"
            );
            lines += 1;
        }
        std::fs::write(&path, &text).unwrap();
        // Buffers a load has finished with, still holding their old bytes.
        let spares = Spares::default();
        for _ in 0..2 {
            spares.give(vec![b'#'; BLOCK + 10]);
        }
        let [unit] = <[Unit; 1]>::try_from(plan(std::slice::from_ref(&path)).unwrap())
            .unwrap_or_else(|_| panic!("one unit"));
        let mut joined = Vec::new();
        let mut blocks = 0;
        unit.blocks(&spares, &mut |block| {
            let Unit::Block {
                bytes, first_line, ..
            } = block
            else {
                panic!("a block");
            };
            // Whole lines, numbered on from the blocks before.
            assert!(bytes.ends_with(b"\n"));
            assert_eq!(first_line, 1 + memchr::memchr_iter(b'\n', &joined).count());
            joined.extend_from_slice(&bytes);
            blocks += 1;
            // Given back at once, as a parsing thread does, for the next block to be read into.
            spares.give(bytes);
            true
        });
        assert!(blocks >= 5, "{blocks}");
        assert!(joined == text.as_bytes(), "the blocks are not the file");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)] // symlinks
    #[test]
    fn a_large_folder_is_planned_in_name_order_whatever_the_threads() {
        let dir = std::env::temp_dir().join(format!("tidings-plan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // Enough files for several threads, in two folders, with what the walk passes over
        // (a hidden file, a README, a picture), a broken link and a link to a folder.
        let mut expected = Vec::new();
        for (folder, count) in [("a", 2_600), ("b", 2_500)] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
            for i in (0..count).rev() {
                let path = dir.join(folder).join(format!("{i:05}.txt"));
                std::fs::write(&path, "x".repeat(i % 7 + 1)).unwrap();
            }
            for i in 0..count {
                let path = dir.join(folder).join(format!("{i:05}.txt"));
                expected.push((path.display().to_string(), (i % 7 + 1) as u64));
            }
        }
        for name in [".hidden.txt", "README.md", "photo.jpg"] {
            std::fs::write(dir.join("a").join(name), "not an article").unwrap();
        }
        std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("a/01000-broken.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.join("a"), dir.join("c")).unwrap();
        let units = plan(std::slice::from_ref(&dir)).unwrap();
        let mut planned = Vec::new();
        let mut skipped = Vec::new();
        for (k, unit) in units.iter().enumerate() {
            match unit {
                Unit::File { path, stamp, .. } => {
                    planned.push((path.display().to_string(), stamp.len));
                }
                Unit::Skip(s) => skipped.push((k, s.origin.clone())),
                _ => panic!("unexpected unit"),
            }
        }
        assert_eq!(planned, expected);
        // The broken link in its place, before a/01000.txt ("-" sorts before "."); the link to
        // "a" not walked again.
        let broken = dir.join("a/01000-broken.txt").display().to_string();
        assert_eq!(skipped, vec![(1000, broken)]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn files_and_folders_named_in_latin1_load_with_their_names_shown_lossily() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = std::env::temp_dir().join(format!("tidings-latin1-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // "café.txt" and "dossier-été/x.txt" written in Latin-1: names that are not UTF-8.
        let folder = dir.join(std::ffi::OsStr::from_bytes(b"dossier-\xe9t\xe9"));
        std::fs::create_dir_all(&folder).unwrap();
        let cafe = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        std::fs::write(
            &cafe,
            "Acme buys Globex\n\nAcme Corp said it would buy Globex.\n",
        )
        .unwrap();
        std::fs::write(
            folder.join("x.txt"),
            "Umbrella news\n\nUmbrella Corp said so.\n",
        )
        .unwrap();
        let loaded = load_paths(std::slice::from_ref(&dir)).unwrap();
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        let found: Vec<(&str, Option<&str>)> = loaded
            .articles
            .iter()
            .map(|a| (a.origin.as_str(), a.folder.as_deref()))
            .collect();
        let shown = dir.display();
        assert_eq!(
            found,
            [
                (format!("{shown}/caf\u{fffd}.txt").as_str(), None),
                (
                    format!("{shown}/dossier-\u{fffd}t\u{fffd}/x.txt").as_str(),
                    Some("dossier-\u{fffd}t\u{fffd}")
                ),
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let err = load_paths(&[PathBuf::from("/no/such/place")]).unwrap_err();
        assert!(format!("{err:#}").contains("'/no/such/place'"), "{err:#}");
    }
}
