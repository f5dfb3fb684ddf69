//! The parse cache: what cleaning and recognising made of a collection's files, kept on disk so
//! that opening the same collection again skips the costly part of a load.
//!
//! One file per collection (named by [`crate::state::collection_key`]) in
//! `$XDG_CACHE_HOME/tidings`, else `~/.cache/tidings`. It holds one *record* per piece of a load
//! (a file, or a block of lines of a large JSON Lines file): that piece's cleaned articles with
//! their company counts, and what was skipped in it. Records are filed under their
//! *source*, the file they came from, known by its path, size, modification and change times and
//! inode: a file that changed is parsed again, the others come from the cache, and ids, orders
//! and messages are the same either way.
//!
//! What is read back is checked as if it were input: the file starts with the format version
//! and the build of tidings that wrote it (a new build, perhaps with another cleaner or
//! gazetteer, starts a new cache); every record is compressed (LZ4) and carries a checksum;
//! every string must be UTF-8 and hold nothing [`super::clean::sanitize`] would remove, every
//! paragraph must end on a character boundary of its text, every company counted be on the
//! record's list. A record that
//! fails any of this is parsed again from its file. The cache is written to a temporary file
//! renamed into place, so a reader never sees half of one. It is only a cache: deleting it loses
//! nothing.

use std::ffi::OsString;
use std::fs::File;
use std::hash::Hasher as _;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::date::Date;
use super::json::ItemsAt;
use super::load::{Skipped, Stamp};
use super::{
    Article, ArticleStore, CompanyCount, CompanyId, Paragraphs, Parsed, PieceCompanies, Pushed,
    Raw, Reread,
};
use crate::store::ArticleId;
use crate::vocab::{Postings, Vocab, WordHasher, WordMap};

/// Collections smaller than this load in well under a second: they are not cached.
pub const MIN_BYTES: u64 = 16 << 20;

/// A cache not opened for this long is removed when another is written, so that collections
/// no longer used do not keep their caches for ever.
const KEEP_UNUSED: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// A temporary file this old was left by a run that did not finish (killed, crashed).
const KEEP_TEMPORARY: Duration = Duration::from_secs(24 * 60 * 60);

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"TIDINGS\0";
/// The layout's version: bumped whenever what a record holds changes (6: records compressed).
const FORMAT: u32 = 6;
/// Magic, format, build.
const HEADER: u64 = 8 + 4 + 8;
/// Index offset, index length, index checksum, magic.
const FOOTER: u64 = 8 + 8 + 8 + 8;

/// Where a load keeps its cache, and from what size.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// The folder of cache files.
    pub dir: PathBuf,
    /// Collections smaller than this many bytes are neither read from nor written to a cache.
    pub min_bytes: u64,
}

impl CacheConfig {
    /// The user's cache folder ([`cache_dir`]), for collections of [`MIN_BYTES`] and more; `None`
    /// when there is no such folder.
    pub fn from_env(env: impl Fn(&str) -> Option<OsString>) -> Option<Self> {
        Some(CacheConfig {
            dir: cache_dir(env)?,
            min_bytes: MIN_BYTES,
        })
    }

    /// The cache file of the collection `paths` name, as they are written. Its records name
    /// files as the paths were written (their keys, the articles' origins), so another spelling
    /// of the same collection (`tidings .` in it, `tidings ~/news` elsewhere) has a file of its
    /// own: sharing one, each opening found none of its records and filed them all again over
    /// the other's (1M articles: 20 s of parsing and 2.7 GB written at every change of
    /// spelling).
    pub fn file_for(&self, paths: &[PathBuf]) -> PathBuf {
        let spelled: Vec<Vec<u8>> = paths
            .iter()
            .map(|path| crate::state::path_bytes(path))
            .collect();
        self.dir.join(format!(
            "{}-{:016x}.cache",
            crate::state::collection_key(paths),
            crate::state::fnv1a(&spelled.join(&b'\n'))
        ))
    }
}

/// Where cache files live: `$XDG_CACHE_HOME/tidings`, else `$HOME/.cache/tidings`.
pub fn cache_dir(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    crate::state::xdg_dir(env, "XDG_CACHE_HOME", &[".cache"])
}

/// A file as it is now: a record filed under it is good while all of this stays the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceKey {
    path: Vec<u8>,
    len: u64,
    modified: u64,
    changed: u64,
    inode: u64,
}

impl SourceKey {
    /// The key of the file at `path`, or `None` when it cannot be examined (or its path cannot be
    /// written down exactly). A load keys its files by the plan's metadata instead
    /// ([`SourceKey::from_stamp`]).
    #[cfg(test)]
    fn of(path: &Path) -> Option<SourceKey> {
        Self::from_stamp(path, &Stamp::of(&std::fs::metadata(path).ok()?))
    }

    /// The key of the file at `path` as its metadata `stamp` shows it, or `None` when it has no
    /// modification time or its path cannot be written down exactly.
    pub fn from_stamp(path: &Path, stamp: &Stamp) -> Option<SourceKey> {
        Some(SourceKey {
            path: path_to_bytes(path)?,
            len: stamp.len,
            modified: stamp.modified?,
            changed: stamp.changed,
            inode: stamp.inode,
        })
    }

    /// What tells the piece at `span` of this source from others, for a store to remember it by
    /// ([`crate::store::StoreBuilder::keep`]): a block of a large file is known by its file and
    /// its bytes (`span` holds their hash), as the cache finds the blocks of a file that grew; a
    /// whole file by all of its key, as the cache finds it. Equal pieces give equal numbers.
    #[must_use]
    pub fn piece_key(&self, span: &Span) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::hash::DefaultHasher::new();
        if span.content == 0 {
            self.hash(&mut hasher);
        } else {
            self.path.hash(&mut hasher);
        }
        span.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // as on other platforms, where it can fail
fn path_to_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt as _;
    Some(path.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn path_to_bytes(path: &Path) -> Option<Vec<u8>> {
    path.to_str().map(|s| s.as_bytes().to_vec())
}

#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // as on other platforms, where it can fail
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt as _;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(bytes).ok().map(PathBuf::from)
}

/// One piece of a source, as filed in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    offset: u64,
    len: u64,
    checksum: u64,
    /// Its place in its source, to parse it again if the record is bad.
    pub span: Span,
}

/// A piece's place in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset in the source.
    pub start: u64,
    /// Length in bytes.
    pub bytes: u64,
    /// The line it starts on (1-based).
    pub first_line: u64,
    /// For a block of a JSON Lines file (or of a JSON file), [`content_hash`] of its bytes, so
    /// that the blocks of a file that grew can be found again; 0 for a whole file.
    pub content: u64,
    /// For a block of items of a JSON file's array: the first item's index plus one, and the
    /// column its first byte is in (see [`ItemsAt`]); 0 and 0 for anything else.
    pub item: u64,
    pub column: u64,
}

impl Span {
    /// Where the items of a block of a JSON file start, for one that is such a block.
    pub fn items(&self) -> Option<ItemsAt> {
        let item = usize::try_from(self.item.checked_sub(1)?).ok()?;
        Some(ItemsAt {
            line: usize::try_from(self.first_line).ok()?,
            column: usize::try_from(self.column).ok()?,
            item,
        })
    }

    /// [`Span::item`] and [`Span::column`] of the block of items at `at` (0 and 0 for `None`).
    pub fn item_fields(at: Option<ItemsAt>) -> (u64, u64) {
        at.map_or((0, 0), |at| (at.item as u64 + 1, at.column as u64))
    }
}

/// The hash a block's bytes are known by in [`Span::content`] (never 0).
pub fn content_hash(bytes: &[u8]) -> u64 {
    checksum(bytes).max(1)
}

/// A checksum of `bytes`, for telling damaged records and changed blocks: the recipe of
/// [`WordHasher`] on eight bytes at a time, in four lanes that take turns, the lanes then hashed
/// with the bytes left over and the length. Each step waits on the last one's multiply; four
/// independent chains keep the core busy. Every record written and read and every block of a
/// collection's files is hashed: with one chain, a cached load of 100,000 articles took 0.40 s,
/// with four 0.36 s.
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = WordHasher::K;
    // Distinct non-zero seeds: a lane at 0 would stay at 0 through words of zeros.
    let mut lanes = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, eight) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            *lane = WordHasher::step(*lane, u64::from_le_bytes(word));
        }
    }
    let mut hasher = WordHasher::default();
    for lane in lanes {
        hasher.write(&lane.to_le_bytes());
    }
    hasher.write(blocks.remainder());
    hasher.write(&(bytes.len() as u64).to_le_bytes());
    hasher.finish()
}

/// The build of tidings running: a cache written by another build is not read, as its cleaner or
/// gazetteer may differ. Known by the executable's size and modification time.
fn build_id() -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut hasher = WordHasher::default();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.write_u64(meta.len());
    hasher.write_u64(modified.as_secs());
    hasher.write_u32(modified.subsec_nanos());
    Some(hasher.finish())
}

/// A cache file open for reading.
pub struct CacheFile {
    file: Mutex<File>,
    /// By path and metadata; hashed a word at a time ([`WordMap`]): `SipHash` was 2% of
    /// reopening a folder of 100,000 files from the cache.
    sources: WordMap<SourceKey, Vec<Record>>,
    /// The records of blocks of JSON Lines files, by path and span (content included).
    blocks: WordMap<(Vec<u8>, Span), Record>,
    /// See [`CacheFile::identity`].
    identity: u64,
}

impl CacheFile {
    /// Opens the cache at `path`; `None` when there is none, or it was written by another build
    /// or format, or its index is damaged.
    pub fn open(path: &Path) -> Option<CacheFile> {
        let mut file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        if size < HEADER + FOOTER {
            return None;
        }
        let mut header = [0u8; HEADER as usize];
        file.read_exact(&mut header).ok()?;
        let mut dec = Dec::new(&header);
        if dec.take(8)? != MAGIC || dec.u32()? != FORMAT || dec.u64()? != build_id()? {
            return None;
        }
        let mut footer = [0u8; FOOTER as usize];
        file.seek(SeekFrom::Start(size - FOOTER)).ok()?;
        file.read_exact(&mut footer).ok()?;
        let mut dec = Dec::new(&footer);
        let (offset, len, sum) = (dec.u64()?, dec.u64()?, dec.u64()?);
        if dec.take(8)? != MAGIC || offset < HEADER || offset.checked_add(len)? != size - FOOTER {
            return None;
        }
        let mut index = vec![0u8; usize::try_from(len).ok()?];
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut index).ok()?;
        if checksum(&index) != sum {
            return None;
        }
        let sources = decode_index(&index, offset)?;
        let blocks = sources
            .iter()
            .flat_map(|(key, records)| {
                records
                    .iter()
                    .filter(|r| r.span.content != 0)
                    .map(|r| ((key.path.clone(), r.span), *r))
            })
            .collect();
        Some(CacheFile {
            file: Mutex::new(file),
            sources,
            blocks,
            identity: sum,
        })
    }

    /// What tells this cache's content from any other's (its index's checksum, which covers
    /// every record's): the key of the full-text index kept beside it ([`read_words`]).
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// The records of a source, when the cache has it as it is now.
    pub fn records(&self, key: &SourceKey) -> Option<&[Record]> {
        self.sources.get(key).map(Vec::as_slice)
    }

    /// The record of the block at `span` of the JSON Lines file of `source`, when the cache has
    /// one with the same bytes, even if the file has changed since (grown, most often).
    pub fn block(&self, source: &SourceKey, span: &Span) -> Option<Record> {
        self.blocks.get(&(source.path.clone(), *span)).copied()
    }

    /// How many sources it holds.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// A record's bytes, when they can be read and their checksum holds.
    pub fn read(&self, record: &Record) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(record.len).ok()?];
        {
            let mut file = self.file.lock().ok()?;
            file.seek(SeekFrom::Start(record.offset)).ok()?;
            file.read_exact(&mut bytes).ok()?;
        }
        (checksum(&bytes) == record.checksum).then_some(bytes)
    }
}

fn decode_index(bytes: &[u8], records_end: u64) -> Option<WordMap<SourceKey, Vec<Record>>> {
    let mut dec = Dec::new(bytes);
    let n = dec.u32()?;
    let mut sources = WordMap::default();
    for _ in 0..n {
        let key = SourceKey {
            path: dec.bytes()?.to_vec(),
            len: dec.u64()?,
            modified: dec.u64()?,
            changed: dec.u64()?,
            inode: dec.u64()?,
        };
        let count = dec.u32()?;
        let mut records = Vec::new();
        for _ in 0..count {
            let record = Record {
                offset: dec.u64()?,
                len: dec.u64()?,
                checksum: dec.u64()?,
                span: Span {
                    start: dec.u64()?,
                    bytes: dec.u64()?,
                    first_line: dec.u64()?,
                    content: dec.u64()?,
                    item: dec.u64()?,
                    column: dec.u64()?,
                },
            };
            if record.offset < HEADER || record.offset.checked_add(record.len)? > records_end {
                return None;
            }
            records.push(record);
        }
        sources.insert(key, records);
    }
    dec.at_end().then_some(sources)
}

/// A cache file being written: records go to a temporary file beside it, renamed into place by
/// [`CacheWriter::finish`]; dropped unfinished, the temporary file is removed.
pub struct CacheWriter {
    path: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
    offset: u64,
    /// Per planned unit written: its number, its source and its records.
    index: Vec<(usize, SourceKey, Vec<Record>)>,
}

impl CacheWriter {
    /// Where the cache will be.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts writing the cache that will be at `path`, making its folder if needed.
    pub fn create(path: &Path) -> io::Result<CacheWriter> {
        let build = build_id().ok_or_else(|| io::Error::other("the executable cannot be known"))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-{}", std::process::id()));
        let temp = dir.join(name);
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&temp)?);
        let mut header = Enc::default();
        header.raw(MAGIC);
        header.u32(FORMAT);
        header.u64(build);
        out.write_all(&header.0)?;
        Ok(CacheWriter {
            path: path.to_path_buf(),
            temp,
            out: Some(out),
            offset: HEADER,
            index: Vec::new(),
        })
    }

    /// Adds the encoded piece `bytes` (see [`encode`]) of `source`, at `span` of it, as part of
    /// planned unit number `unit`. A unit's pieces come in order, one after the other.
    pub fn add(
        &mut self,
        unit: usize,
        source: &SourceKey,
        span: Span,
        bytes: &[u8],
    ) -> io::Result<()> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("the cache is already written"))?;
        out.write_all(bytes)?;
        let record = Record {
            offset: self.offset,
            len: bytes.len() as u64,
            checksum: checksum(bytes),
            span,
        };
        self.offset += record.len;
        match self.index.last_mut() {
            Some((number, _, records)) if *number == unit => records.push(record),
            _ => self.index.push((unit, source.clone(), vec![record])),
        }
        Ok(())
    }

    /// Writes the index and puts the cache in place of any earlier one; gives back its
    /// [`CacheFile::identity`]. On an error, nothing is left behind and any earlier cache stays
    /// as it was.
    pub fn finish(mut self) -> io::Result<u64> {
        let out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("the cache is already written"))?;
        let written = self.write_index(out);
        if written.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        written
    }

    fn write_index(&self, mut out: BufWriter<File>) -> io::Result<u64> {
        // A file named twice on the command line is one source, filed once.
        let mut seen = std::collections::HashSet::new();
        let sources: Vec<_> = self
            .index
            .iter()
            .filter(|(_, key, _)| seen.insert(key))
            .collect();
        let mut index = Enc::default();
        index.u32(len_u32(sources.len()));
        for (_, key, records) in sources {
            index.bytes(&key.path);
            for n in [key.len, key.modified, key.changed, key.inode] {
                index.u64(n);
            }
            index.u32(len_u32(records.len()));
            for r in records {
                let s = r.span;
                for n in [
                    r.offset,
                    r.len,
                    r.checksum,
                    s.start,
                    s.bytes,
                    s.first_line,
                    s.content,
                    s.item,
                    s.column,
                ] {
                    index.u64(n);
                }
            }
        }
        let identity = checksum(&index.0);
        let mut footer = Enc::default();
        footer.u64(self.offset);
        footer.u64(index.0.len() as u64);
        footer.u64(identity);
        footer.raw(MAGIC);
        out.write_all(&index.0)?;
        out.write_all(&footer.0)?;
        out.into_inner().map_err(io::IntoInnerError::into_error)?;
        std::fs::rename(&self.temp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            prune(dir, &self.path, SystemTime::now());
        }
        Ok(identity)
    }
}

/// The first bytes of a full-text index file.
const WORDS_MAGIC: &[u8; 8] = b"TIDWORDS";
/// Magic, format, build, the cache's identity, the number of articles, the body's checksum.
const WORDS_HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;

/// Where the full-text index of the store the cache at `cache` makes is kept: beside it.
///
/// A collection opened again from its cache is only read back and indexed, and its full-text
/// index was most of that (1M articles: 9-11 s on two cores, after the list's 5 s). The index
/// depends only on the store, and a store made whole from a cache is the same every time, so it
/// is kept too, under the cache's identity ([`CacheFile::identity`]): a new cache (files
/// changed) has another, and its index is built again.
pub fn words_path(cache: &Path) -> PathBuf {
    let mut name = cache.as_os_str().to_os_string();
    name.push(".words");
    PathBuf::from(name)
}

/// Keeps `vocab`, the full-text index of the store of `articles` articles the cache at `cache`
/// (whose identity is `identity`) makes, for [`read_words`]. Written as the state files are
/// ([`crate::state::write_atomically`]): the path holds the old file or the whole new one.
///
/// # Errors
///
/// When the index is too large to keep, or cannot be written.
pub fn write_words(
    cache: &Path,
    identity: u64,
    articles: usize,
    vocab: &Vocab,
) -> anyhow::Result<()> {
    let build = build_id().ok_or_else(|| anyhow::anyhow!("the executable cannot be known"))?;
    let mut body = Enc::default();
    body.u32(len_u32(vocab.entries.len()));
    for entry in &vocab.entries {
        body.str(entry);
    }
    for postings in vocab.postings.iter().chain([&vocab.accented]) {
        encode_postings(&mut body, postings);
    }
    if body.0.len() > UNPACKED_MAX {
        anyhow::bail!("the full-text index is too large to keep");
    }
    let packed = pack(&body.0);
    drop(body);
    let mut file = Enc::default();
    file.raw(WORDS_MAGIC);
    file.u32(FORMAT);
    file.u64(build);
    file.u64(identity);
    file.u64(articles as u64);
    file.u64(checksum(&packed));
    file.raw(&packed);
    drop(packed);
    crate::state::write_atomically(&words_path(cache), &file.0)
}

/// The full-text index [`write_words`] kept for the store of `articles` articles the cache at
/// `cache` makes, when there is one for this cache (its `identity`), written by this build, and
/// it reads back whole: every posting in range and in order, every word UTF-8. `None` otherwise,
/// and the index is built.
pub fn read_words(cache: &Path, identity: u64, articles: usize) -> Option<Vocab> {
    let bytes = std::fs::read(words_path(cache)).ok()?;
    let (header, packed) = bytes.split_at_checked(WORDS_HEADER)?;
    let mut dec = Dec::new(header);
    if dec.take(8)? != WORDS_MAGIC
        || dec.u32()? != FORMAT
        || dec.u64()? != build_id()?
        || dec.u64()? != identity
        || dec.u64()? != articles as u64
        || dec.u64()? != checksum(packed)
    {
        return None;
    }
    let body = unpack(packed)?;
    // (The packed bytes are not needed while the index is made: 0.1 GB at a million articles.)
    drop(bytes);
    let mut dec = Dec::new(&body);
    let n = dec.u32()? as usize;
    let mut entries = Vec::with_capacity(n.min(body.len() / 4));
    for _ in 0..n {
        entries.push(dec.string()?);
    }
    let mut postings = Vec::with_capacity(n);
    for _ in 0..=n {
        postings.push(decode_postings(&mut dec, articles)?);
    }
    let accented = postings.pop()?;
    dec.at_end().then_some(Vocab {
        entries,
        postings,
        accented,
    })
}

/// One posting list of a kept full-text index, as [`decode_postings`] reads it.
fn encode_postings(enc: &mut Enc, postings: &Postings) {
    match postings {
        Postings::List(ids) => {
            enc.u8(0);
            enc.u32(len_u32(ids.len()));
            for &id in ids {
                enc.u32(id);
            }
        }
        Postings::Bits { bits, count } => {
            enc.u8(1);
            enc.u64(*count as u64);
            enc.u32(len_u32(bits.len()));
            for &word in bits {
                enc.u64(word);
            }
        }
    }
}

/// One posting list of a kept full-text index: ids ascending and below `articles`, or bits for
/// no more than `articles` with as many set as it says.
fn decode_postings(dec: &mut Dec<'_>, articles: usize) -> Option<Postings> {
    match dec.u8()? {
        0 => {
            let len = dec.u32()? as usize;
            let raw = dec.take(len.checked_mul(4)?)?;
            let ids: Vec<ArticleId> = raw
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            let ascending = ids.windows(2).all(|w| w[0] < w[1]);
            let in_range = ids.last().is_none_or(|&id| (id as usize) < articles);
            (ascending && in_range).then_some(Postings::List(ids))
        }
        1 => {
            let count = usize::try_from(dec.u64()?).ok()?;
            let len = dec.u32()? as usize;
            if len > articles.div_ceil(64) {
                return None;
            }
            let raw = dec.take(len.checked_mul(8)?)?;
            let bits: Vec<u64> = raw
                .chunks_exact(8)
                .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
                .collect();
            // No bit past the last article.
            let past = bits.last().is_some_and(|&last| {
                len == articles.div_ceil(64)
                    && !articles.is_multiple_of(64)
                    && last >> (articles % 64) != 0
            });
            let set: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            (set == count && !past).then_some(Postings::Bits { bits, count })
        }
        _ => None,
    }
}

/// Notes that the cache at `path` was used, so that [`prune`] keeps it.
pub fn mark_used(path: &Path) {
    if let Ok(file) = File::options().write(true).open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

/// Removes from the cache folder `dir` the caches not used for [`KEEP_UNUSED`] and the
/// temporary files older than [`KEEP_TEMPORARY`] or left by a process that is gone (an explorer
/// quit while it filed its cache), but never `keep`, nor anything else.
fn prune(dir: &Path, keep: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let limit = if name.ends_with(".cache") {
            KEEP_UNUSED
        } else if let Some(cache) = name.strip_suffix(".words") {
            // A full-text index goes with its cache.
            if dir.join(cache).exists() {
                continue;
            }
            Duration::ZERO
        } else if let Some(pid) = name
            .split_once(".cache.tmp-")
            .map(|(_, pid)| pid)
            .or_else(|| words_writer(&name))
        {
            if writer_gone(pid) {
                Duration::ZERO
            } else {
                KEEP_TEMPORARY
            }
        } else {
            continue;
        };
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        if path != keep && entry.file_type().is_ok_and(|t| t.is_file()) && age >= Some(limit) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The process number in the name of a temporary file [`write_words`] makes
/// ([`crate::state::write_atomically`]'s `.NAME.PID-COUNT.tmp`), when it is one.
fn words_writer(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid_count) = inner.rsplit_once(".cache.words.")?;
    Some(pid_count.split_once('-')?.0)
}

/// Whether the process numbered `pid`, which wrote a temporary file, is gone, where `/proc` can
/// tell (elsewhere a temporary file waits for [`KEEP_TEMPORARY`]).
fn writer_gone(pid: &str) -> bool {
    let proc = Path::new("/proc");
    pid.parse::<u32>()
        .is_ok_and(|pid| proc.join("self").exists() && !proc.join(pid.to_string()).exists())
}

impl Drop for CacheWriter {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn len_u32(n: usize) -> u32 {
    // Counts of articles in a piece, paragraphs in an article: far below 2^32.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The bytes of a piece: its articles as cleaning and recognising left them, and what was
/// skipped in it.
pub fn encode(parsed: &Parsed, skipped: &[Skipped]) -> Vec<u8> {
    encode_parts(&parsed.articles, &parsed.companies, Some, skipped)
}

/// The bytes of a piece added to `store` ([`super::StoreBuilder::push_keeping`]): those [`encode`]
/// gives for the piece as it was parsed, its companies numbered in its own list again.
pub fn encode_pushed(store: &ArticleStore, pushed: &Pushed, skipped: &[Skipped]) -> Vec<u8> {
    let local: WordMap<CompanyId, u32> = pushed
        .ids
        .iter()
        .enumerate()
        .map(|(local, &id)| (id, len_u32(local)))
        .collect();
    let articles = store
        .articles
        .get(pushed.first..pushed.first + pushed.count)
        .unwrap_or_default();
    encode_parts(
        articles,
        &pushed.companies,
        |id| local.get(&id).copied(),
        skipped,
    )
}

/// [`encode`] of `articles`, each company count's company given the number `local` says in
/// `companies` (one it cannot say is written as out of the list, and the record is refused when
/// read: parsed again).
fn encode_parts(
    articles: &[Article],
    companies: &PieceCompanies,
    local: impl Fn(CompanyId) -> Option<u32>,
    skipped: &[Skipped],
) -> Vec<u8> {
    let mut enc = Enc(Vec::with_capacity(
        articles
            .iter()
            .map(|a| a.paragraphs.text().len() + 256)
            .sum(),
    ));
    // Paths are shared by many articles: written once each, as companies are (the piece's own
    // list of them, which counts number from).
    let mut paths: Vec<&Path> = Vec::new();
    for a in articles {
        if let Raw::File(reread) = &a.raw
            && !paths.iter().any(|p| *p == &*reread.path)
        {
            paths.push(&reread.path);
        }
    }
    enc.u32(len_u32(paths.len()));
    for path in &paths {
        // A path that cannot be written exactly makes the piece unreadable, so it is parsed again.
        enc.bytes(&path_to_bytes(path).unwrap_or_default());
    }
    enc.u32(len_u32(companies.len()));
    for (name, key) in companies.iter() {
        enc.str(name);
        enc.str(key);
    }
    enc.u32(len_u32(articles.len()));
    for a in articles {
        enc.str(&a.origin);
        enc.str(&a.title);
        enc.u8(u8::from(a.title_inferred) | u8::from(a.has_standfirst) << 1);
        for text in [&a.source, &a.section, &a.byline, &a.date_text, &a.url] {
            enc.opt_str(text.as_deref());
        }
        match a.date {
            None => enc.u8(0),
            Some(date) => {
                enc.u8(1);
                enc.u32(date.year.cast_unsigned());
                enc.u8(date.month);
                enc.u8(date.day);
                enc.opt_u64(date.seconds.map(u64::from));
            }
        }
        enc.str(a.paragraphs.text());
        enc.u32(len_u32(a.paragraphs.len()));
        for &end in a.paragraphs.ends() {
            enc.u32(end);
        }
        match &a.raw {
            Raw::Kept(text) => {
                enc.u8(0);
                enc.str(text);
            }
            Raw::File(reread) => {
                enc.u8(1);
                let path = paths.iter().position(|p| *p == &*reread.path);
                enc.u32(len_u32(path.unwrap_or(usize::MAX)));
                enc.opt_u64(reread.line.map(|n| n as u64));
                enc.opt_u64(reread.item.map(|n| n as u64));
                enc.opt_u64(reread.offset);
            }
        }
        enc.u64(a.hash);
        enc.u32(len_u32(a.companies.len()));
        for count in &a.companies {
            enc.u32(local(count.company).unwrap_or(u32::MAX));
            enc.u32(count.mentions);
        }
    }
    enc.u32(len_u32(skipped.len()));
    for s in skipped {
        enc.str(&s.origin);
        enc.opt_u64(s.line.map(|n| n as u64));
        enc.str(&s.reason);
    }
    pack(&enc.0)
}

/// A record's bytes compressed (LZ4), their length first: a record is about the size of its
/// articles' text, which compresses 2-3 times, and a million articles' cache is gigabytes.
fn pack(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(bytes)
}

/// What [`pack`] made of a record's bytes; `None` when they are not what it makes, or would
/// come to more than [`UNPACKED_MAX`] (a damaged length is not an allocation of gigabytes).
fn unpack(packed: &[u8]) -> Option<Vec<u8>> {
    let (len, rest) = packed.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len > UNPACKED_MAX {
        return None;
    }
    let bytes = lz4_flex::block::decompress(rest, len).ok()?;
    (bytes.len() == len).then_some(bytes)
}

/// The most bytes a record unpacks to: a block of a large file is a mebibyte of text, a file read
/// whole at most a gibibyte (what a load reads of one).
const UNPACKED_MAX: usize = 1 << 30;

/// A piece back from its bytes; `None` when anything in them is out of place.
pub fn decode(bytes: &[u8]) -> Option<(Parsed, Vec<Skipped>)> {
    let bytes = unpack(bytes)?;
    let mut dec = Dec::new(&bytes);
    let mut paths: Vec<Arc<Path>> = Vec::new();
    for _ in 0..dec.u32()? {
        paths.push(path_from_bytes(dec.bytes()?)?.into());
    }
    let mut companies = PieceCompanies::default();
    for _ in 0..dec.u32()? {
        let (name, key) = (dec.str()?, dec.str()?);
        companies.push(name, key);
    }
    let n = dec.u32()?;
    let mut articles = Vec::with_capacity(n.min(1 << 16) as usize);
    for _ in 0..n {
        articles.push(decode_article(&mut dec, &paths, companies.len())?);
    }
    let mut all: Vec<&mut Paragraphs> = articles.iter_mut().map(|a| &mut a.paragraphs).collect();
    Paragraphs::share(&mut all);
    let mut skipped = Vec::new();
    for _ in 0..dec.u32()? {
        skipped.push(Skipped {
            origin: dec.string()?,
            line: dec.opt_usize()?,
            reason: dec.string()?,
        });
    }
    dec.at_end().then_some((
        Parsed {
            articles,
            companies,
        },
        skipped,
    ))
}

/// An article of a piece whose company list has `companies` entries.
fn decode_article(dec: &mut Dec<'_>, paths: &[Arc<Path>], companies: usize) -> Option<Article> {
    let origin = dec.string()?;
    let title = dec.string()?;
    let flags = dec.u8()?;
    let [source, section, byline, date_text, url] = [
        dec.opt_string()?,
        dec.opt_string()?,
        dec.opt_string()?,
        dec.opt_string()?,
        dec.opt_string()?,
    ];
    let date = match dec.u8()? {
        0 => None,
        1 => {
            let year = dec.u32()?.cast_signed();
            let (month, day) = (dec.u8()?, dec.u8()?);
            let seconds = dec.opt_u64()?.map(u32::try_from).transpose().ok()?;
            let valid = (1..=9999).contains(&year)
                && (1..=12).contains(&month)
                && (1..=31).contains(&day)
                && seconds.is_none_or(|s| s < 86_400);
            if !valid {
                return None;
            }
            Some(Date {
                year,
                month,
                day,
                seconds,
            })
        }
        _ => return None,
    };
    let text = dec.string()?;
    let mut ends = Vec::with_capacity(dec.peek_u32()?.min(1 << 16) as usize);
    for _ in 0..dec.u32()? {
        ends.push(dec.u32()?);
    }
    let paragraphs = Paragraphs::from_parts(text, ends)?;
    let raw = match dec.u8()? {
        0 => Raw::Kept(dec.string()?),
        1 => Raw::File(Reread {
            path: Arc::clone(paths.get(dec.u32()? as usize)?),
            line: dec.opt_usize()?,
            item: dec.opt_usize()?,
            offset: dec.opt_u64()?,
        }),
        _ => return None,
    };
    let hash = dec.u64()?;
    let mut article = Article {
        id: 0,
        origin,
        title,
        title_inferred: flags & 1 != 0,
        source,
        section,
        byline,
        date,
        date_text,
        url,
        has_standfirst: flags & 2 != 0,
        paragraphs,
        raw,
        hash,
        companies: Vec::new(),
    };
    // The builder numbers companies through the piece's list: a number must be on it.
    let company = |dec: &mut Dec<'_>| dec.u32().filter(|&c| (c as usize) < companies);
    let mut counts = Vec::with_capacity(dec.peek_u32()?.min(1 << 16) as usize);
    for _ in 0..dec.u32()? {
        counts.push(CompanyCount {
            company: company(dec)?,
            mentions: dec.u32()?,
        });
    }
    article.companies = counts;
    Some(article)
}

/// Little-endian writing.
#[derive(Default)]
struct Enc(Vec<u8>);

impl Enc {
    fn raw(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn u8(&mut self, n: u8) {
        self.0.push(n);
    }
    fn u32(&mut self, n: u32) {
        self.raw(&n.to_le_bytes());
    }
    fn u64(&mut self, n: u64) {
        self.raw(&n.to_le_bytes());
    }
    fn bytes(&mut self, bytes: &[u8]) {
        self.u32(len_u32(bytes.len()));
        self.raw(bytes);
    }
    fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }
    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            None => self.u8(0),
            Some(text) => {
                self.u8(1);
                self.str(text);
            }
        }
    }
    fn opt_u64(&mut self, n: Option<u64>) {
        match n {
            None => self.u8(0),
            Some(n) => {
                self.u8(1);
                self.u64(n);
            }
        }
    }
}

/// Little-endian reading that never reads past the end: `None` there, or at anything malformed
/// (so an optional field reads as `Some(None)` when absent).
struct Dec<'a> {
    bytes: &'a [u8],
}

#[allow(clippy::option_option)] // see above: malformed, absent, present
impl<'a> Dec<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Dec { bytes }
    }
    fn at_end(&self) -> bool {
        self.bytes.is_empty()
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn peek_u32(&self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes.get(..4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    /// A string that is UTF-8 and holds nothing `sanitize` would remove.
    fn str(&mut self) -> Option<&'a str> {
        let text = simdutf8::basic::from_utf8(self.bytes()?).ok()?;
        super::clean::is_sanitary(text).then_some(text)
    }
    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }
    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }
    fn opt_u64(&mut self) -> Option<Option<u64>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.u64()?)),
            _ => None,
        }
    }
    fn opt_usize(&mut self) -> Option<Option<usize>> {
        match self.opt_u64()? {
            None => Some(None),
            Some(n) => Some(Some(usize::try_from(n).ok()?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companies::Recognizer;
    use crate::store::{RawArticle, parse_many, parse_one};

    /// The bundled sample and a few awkward articles.
    fn raw() -> Vec<RawArticle> {
        let mut raw = crate::store::load::load_sample().articles;
        let mut kept = RawArticle::plain("kept", "Héadline\n\nCisco and Inspur, café. 2020-01-02");
        kept.meta.companies = vec!["Acme Widgets".to_owned()];
        raw.push(kept);
        let mut filed = RawArticle::plain("file.jsonl:3", "Title\n\nIBM met Huawei.");
        filed.reread = Some(Reread {
            path: Path::new("/some/file.jsonl").into(),
            line: Some(3),
            item: None,
            offset: Some(1234),
        });
        raw.push(filed);
        raw
    }

    /// `raw()`, parsed as one piece.
    fn parsed() -> Parsed {
        parse_many(raw(), &Recognizer::bundled().unwrap())
    }

    fn describe(piece: &Parsed) -> Vec<String> {
        let companies = piece
            .companies
            .iter()
            .map(|(name, key)| format!("{name} {key}"));
        piece
            .articles
            .iter()
            .map(|a| format!("{a:?}"))
            .chain(companies)
            .collect()
    }

    #[test]
    fn a_block_is_known_by_its_file_and_bytes_and_a_whole_file_by_all_of_its_key() {
        let key = |len, modified| SourceKey {
            path: b"/c/big.jsonl".to_vec(),
            len,
            modified,
            changed: 1,
            inode: 9,
        };
        let span = |content| Span {
            start: 0,
            bytes: 100,
            first_line: 1,
            content,
            item: 0,
            column: 0,
        };
        // A block of a file that grew since: the same piece.
        assert_eq!(
            key(100, 1).piece_key(&span(42)),
            key(500, 2).piece_key(&span(42))
        );
        // Other bytes: another.
        assert_ne!(
            key(100, 1).piece_key(&span(42)),
            key(100, 1).piece_key(&span(43))
        );
        // A whole file edited, even to the same length: another.
        assert_ne!(
            key(100, 1).piece_key(&span(0)),
            key(100, 2).piece_key(&span(0))
        );
        assert_eq!(
            key(100, 1).piece_key(&span(0)),
            key(100, 1).piece_key(&span(0))
        );
        // Another file: another.
        let other = SourceKey {
            path: b"/c/other.jsonl".to_vec(),
            ..key(100, 1)
        };
        assert_ne!(other.piece_key(&span(42)), key(100, 1).piece_key(&span(42)));
    }

    fn skipped() -> Vec<Skipped> {
        vec![Skipped {
            origin: "big.jsonl".to_owned(),
            line: Some(7),
            reason: "not JSON".to_owned(),
        }]
    }

    #[test]
    fn the_checksum_sees_every_flipped_bit_moved_word_and_length() {
        // Lengths around the four-lane blocks and their eight-byte and one-byte tails.
        for len in 0..=100 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let sum = checksum(&bytes);
            assert_eq!(sum, checksum(&bytes.clone()));
            for i in 0..len {
                for bit in 0..8 {
                    let mut damaged = bytes.clone();
                    damaged[i] ^= 1 << bit;
                    assert_ne!(checksum(&damaged), sum, "len {len}, byte {i}, bit {bit}");
                }
            }
            // Two words of one block trading places (each lane has its own seed).
            if len >= 32 {
                let mut swapped = bytes.clone();
                let (a, b) = swapped.split_at_mut(8);
                a.swap_with_slice(&mut b[..8]);
                assert_ne!(checksum(&swapped), sum, "len {len}: words swapped");
            }
        }
        // Zeros of different lengths.
        let sums: std::collections::HashSet<u64> =
            (0..200).map(|n| checksum(&vec![0u8; n])).collect();
        assert_eq!(sums.len(), 200);
    }

    #[test]
    fn a_piece_comes_back_as_it_went() {
        let piece = parsed();
        let articles = &piece.articles;
        // A company the file listed but the text does not name: counted once.
        assert!(articles.iter().any(|a| a.companies.len() > 1));
        let acme = piece
            .companies
            .iter()
            .position(|(name, _)| name == "Acme Widgets")
            .and_then(|at| CompanyId::try_from(at).ok())
            .expect("the listed company");
        let counted_once = |a: &Article| {
            a.companies
                .iter()
                .any(|c| c.company == acme && c.mentions == 1)
        };
        assert!(articles.iter().any(counted_once));
        assert!(articles.iter().any(|a| matches!(a.raw, Raw::File(_))));
        let bytes = encode(&piece, &skipped());
        let (back, skipped_back) = decode(&bytes).expect("decodes");
        assert_eq!(describe(&back), describe(&piece));
        assert_eq!(skipped_back, skipped());
        // Each company is listed once, however many articles mention it.
        let cisco = back.companies.iter().filter(|(name, _)| *name == "Cisco");
        assert_eq!(cisco.count(), 1);
        let mentioning_cisco = back.articles.iter().filter(|a| {
            a.companies
                .iter()
                .any(|c| back.companies.iter().nth(c.company as usize).unwrap().0 == "Cisco")
        });
        assert!(mentioning_cisco.count() > 1);
    }

    #[test]
    fn damaged_pieces_are_refused() {
        let piece = parsed();
        let packed = encode(&piece, &skipped());
        // The record as packed, cut anywhere, or with a length too great: refused, never a
        // panic. (That a damaged length is refused before anything is allocated for it,
        // `UNPACKED_MAX`, the answer cannot show: unpacking fails either way.)
        for cut in (0..packed.len()).step_by(7) {
            assert!(decode(&packed[..cut]).is_none(), "packed, cut at {cut}");
        }
        let mut long = packed.clone();
        long[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&long).is_none());
        // The record's own bytes, damaged and packed again.
        let bytes = unpack(&packed).unwrap();
        assert!(bytes.len() > packed.len(), "packed smaller");
        let decode_raw = |bytes: &[u8]| decode(&pack(bytes));
        // Cut anywhere: refused, never a panic.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decode_raw(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        // A terminal escape in place of a letter of a title.
        let title = piece.articles[0].title.as_bytes();
        let at = bytes.windows(title.len()).position(|w| w == title).unwrap();
        let mut escaped = bytes.clone();
        escaped[at] = 0x1b;
        assert!(decode_raw(&escaped).is_none());
        let one = || {
            let one = parse_one(
                RawArticle::plain("a", "Title\n\nCisco said so."),
                &Recognizer::bundled().unwrap(),
            );
            assert!(decode(&encode(&one, &[])).is_some());
            one
        };
        // A paragraph ending inside a character, or past the end of the text.
        let quoted = parse_one(
            RawArticle::plain("a", "Title\n\nCisco said “so”."),
            &Recognizer::bundled().unwrap(),
        );
        let bytes = unpack(&encode(&quoted, &[])).unwrap();
        assert!(decode_raw(&bytes).is_some());
        // The text, then the number of paragraphs (1) and where the one paragraph ends (20).
        let text = "Cisco said “so”.".as_bytes();
        let at = bytes.windows(text.len()).position(|w| w == text).unwrap() + text.len();
        assert_eq!(bytes[at..at + 8], [1, 0, 0, 0, 20, 0, 0, 0]);
        for end in [1000u32, 12, 21] {
            let mut damaged = bytes.clone();
            damaged[at + 4..at + 8].copy_from_slice(&end.to_le_bytes());
            assert!(decode_raw(&damaged).is_none(), "{end}");
        }
        // A count of a company the piece does not list.
        let mut unlisted = one();
        unlisted.articles[0].companies[0].company = 1;
        assert!(decode(&encode(&unlisted, &[])).is_none());
    }

    /// A cache file of one source with two records, in a folder of its own.
    fn written(dir: &Path) -> (PathBuf, SourceKey, Vec<Vec<u8>>) {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        let source_file = dir.join("source.txt");
        std::fs::write(&source_file, "x").unwrap();
        let key = SourceKey::of(&source_file).unwrap();
        let recognizer = Recognizer::bundled().unwrap();
        let mut first = raw();
        let rest = first.split_off(2);
        let pieces = vec![
            encode(&parse_many(first, &recognizer), &[]),
            encode(&parse_many(rest, &recognizer), &skipped()),
        ];
        let path = dir.join("cache").join("c.cache");
        let mut writer = CacheWriter::create(&path).unwrap();
        for (i, bytes) in pieces.iter().enumerate() {
            let span = Span {
                start: i as u64 * 10,
                bytes: 10,
                first_line: 1,
                content: 0,
                item: 0,
                column: 0,
            };
            writer.add(0, &key, span, bytes).unwrap();
        }
        writer.finish().unwrap();
        (path, key, pieces)
    }

    #[test]
    fn a_cache_file_gives_back_its_records_and_refuses_damage() {
        let dir = std::env::temp_dir().join(format!("tidings-cache-{}", std::process::id()));
        let (path, key, pieces) = written(&dir);
        // Nothing is left beside it.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
        let cache = CacheFile::open(&path).expect("opens");
        assert_eq!(cache.source_count(), 1);
        let records = cache.records(&key).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!((records[1].span.start, records[1].span.bytes), (10, 10));
        for (record, bytes) in records.iter().zip(&pieces) {
            assert_eq!(cache.read(record).as_ref(), Some(bytes));
        }
        // The source changed: its records no longer count.
        std::fs::write(dir.join("source.txt"), "xy").unwrap();
        let changed = SourceKey::of(&dir.join("source.txt")).unwrap();
        assert!(cache.records(&changed).is_none());
        drop(cache);
        // A flipped byte in a record: that record is refused, the other still read.
        let mut bytes = std::fs::read(&path).unwrap();
        let at = usize::try_from(HEADER).unwrap() + 5;
        bytes[at] ^= 0x20;
        std::fs::write(&path, &bytes).unwrap();
        let cache = CacheFile::open(&path).expect("the index is intact");
        let records = cache.records(&key).unwrap();
        assert!(cache.read(&records[0]).is_none());
        assert_eq!(cache.read(&records[1]).as_ref(), Some(&pieces[1]));
        drop(cache);
        // Another build's cache, a damaged index, a truncated file: not opened at all.
        let (path, ..) = written(&dir);
        let good = std::fs::read(&path).unwrap();
        let mut other_build = good.clone();
        other_build[12] ^= 1;
        let mut damaged_index = good.clone();
        let index_at = good.len() - usize::try_from(FOOTER).unwrap() - 3;
        damaged_index[index_at] ^= 1;
        for bad in [other_build, damaged_index, good[..good.len() - 1].to_vec()] {
            std::fs::write(&path, bad).unwrap();
            assert!(CacheFile::open(&path).is_none());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unfinished_cache_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("tidings-unfinished-{}", std::process::id()));
        let (path, key, pieces) = written(&dir);
        let before = std::fs::read(&path).unwrap();
        let mut writer = CacheWriter::create(&path).unwrap();
        let span = Span {
            start: 0,
            bytes: 1,
            first_line: 1,
            content: 0,
            item: 0,
            column: 0,
        };
        writer.add(0, &key, span, &pieces[0]).unwrap();
        drop(writer);
        // The earlier cache is untouched and nothing else is there.
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn caches_unused_for_a_month_and_stale_temporary_files_are_removed_when_one_is_written() {
        let dir = std::env::temp_dir().join(format!("tidings-prune-{}", std::process::id()));
        let (path, ..) = written(&dir);
        let folder = path.parent().unwrap();
        let now = SystemTime::now();
        let day = Duration::from_secs(24 * 60 * 60);
        let aged = |name: &str, age: Duration| {
            let file = File::create(folder.join(name)).unwrap();
            file.set_modified(now - age).unwrap();
        };
        aged("old.cache", 40 * day);
        aged("recent.cache", 20 * day);
        aged("old.cache.tmp-123", 2 * day);
        // A writer still at work, and one that is gone (no process has that number).
        let writing = format!("fresh.cache.tmp-{}", std::process::id());
        aged(&writing, Duration::from_secs(60));
        aged("left.cache.tmp-4294967295", Duration::from_secs(60));
        aged("notes.txt", 400 * day);
        // A full-text index goes with its cache.
        aged("recent.cache.words", 20 * day);
        aged("gone.cache.words", Duration::from_secs(60));
        aged(
            ".left.cache.words.4294967295-0.tmp",
            Duration::from_secs(60),
        );
        // The cache just written is kept however old it looks.
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(now - 90 * day)
            .unwrap();
        prune(folder, &path, now);
        let mut left: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "c.cache",
                &writing,
                "notes.txt",
                "recent.cache",
                "recent.cache.words"
            ]
        );
        // Using a cache makes it recent again.
        mark_used(&folder.join("recent.cache"));
        prune(folder, &path, now + 15 * day);
        assert!(folder.join("recent.cache").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_kept_full_text_index_reads_back_for_its_cache_alone_and_refuses_damage() {
        let dir = std::env::temp_dir().join(format!("tidings-kept-words-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let cache = dir.join("c.cache");
        // Words in every kind of posting: ids, bits (in most of 70 articles), accented.
        let texts: Vec<String> = (0..70)
            .map(|i| format!("Story {i}\n\nThe market moved, Société Générale said ({i})."))
            .collect();
        let store = crate::store::test_store(&texts);
        let vocab = store.index_text();
        assert!(
            vocab
                .postings
                .iter()
                .any(|p| matches!(p, Postings::Bits { .. }))
        );
        assert!(!vocab.accented.is_empty());
        assert!(read_words(&cache, 7, 70).is_none());
        write_words(&cache, 7, 70, vocab).unwrap();
        let back = read_words(&cache, 7, 70).unwrap();
        assert_eq!(back.entries, vocab.entries);
        assert_eq!(back.postings, vocab.postings);
        assert_eq!(back.accented, vocab.accented);
        // Another cache, or another number of articles: not this index.
        assert!(read_words(&cache, 8, 70).is_none());
        assert!(read_words(&cache, 7, 71).is_none());
        // Any byte changed, or the file cut short: refused.
        let bytes = std::fs::read(words_path(&cache)).unwrap();
        for at in [0, 20, WORDS_HEADER + 3, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            std::fs::write(words_path(&cache), &damaged).unwrap();
            assert!(read_words(&cache, 7, 70).is_none(), "byte {at}");
        }
        std::fs::write(words_path(&cache), &bytes[..bytes.len() - 9]).unwrap();
        assert!(read_words(&cache, 7, 70).is_none());
        // (No temporary file is left.)
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["c.cache.words"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn postings_out_of_order_or_range_are_refused() {
        let read = |postings: &Postings, articles: usize| {
            let mut enc = Enc::default();
            encode_postings(&mut enc, postings);
            decode_postings(&mut Dec::new(&enc.0), articles)
        };
        let list = |ids: &[u32]| Postings::List(ids.to_vec());
        let bits = |bits: &[u64], count| Postings::Bits {
            bits: bits.to_vec(),
            count,
        };
        assert_eq!(read(&list(&[1, 5, 9]), 10), Some(list(&[1, 5, 9])));
        assert_eq!(read(&list(&[1, 5, 10]), 10), None);
        assert_eq!(read(&list(&[5, 1]), 10), None);
        assert_eq!(read(&list(&[5, 5]), 10), None);
        assert_eq!(read(&bits(&[0b1011], 3), 10), Some(bits(&[0b1011], 3)));
        assert_eq!(read(&bits(&[0b1011], 2), 10), None);
        assert_eq!(read(&bits(&[1 << 10], 1), 10), None);
        assert_eq!(read(&bits(&[1, 1], 2), 10), None);
    }

    #[test]
    fn the_cache_folder_follows_xdg() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert_eq!(
            cache_dir(env(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x/tidings"))
        );
        assert_eq!(
            cache_dir(env(&[("XDG_CACHE_HOME", "rel"), ("HOME", "/h")])),
            Some(PathBuf::from("/h/.cache/tidings"))
        );
        assert_eq!(cache_dir(env(&[("XDG_CACHE_HOME", "")])), None);
    }
}
