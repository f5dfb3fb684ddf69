//! The in-memory article store: articles, the company vocabulary and its postings.
//!
//! Nothing here knows about the terminal. Articles come in as [`RawArticle`]s from
//! [`load`], are cleaned once ([`clean`]), their companies recognised
//! ([`crate::companies`]) and indexed, and are read-only afterwards.

pub mod cache;
pub mod clean;
pub mod date;
pub mod delimited;
pub mod feed;
pub mod html;
pub mod json;
pub mod load;
pub mod markdown;
pub mod meta;
pub mod text;

pub use meta::Meta;

use std::sync::Arc;

use crate::companies::{Recognizer, company_key};
use crate::vocab::{Vocab, WordMap};

/// Index of an article in [`ArticleStore::articles`].
pub type ArticleId = u32;
/// Index of a company in [`ArticleStore::companies`].
pub type CompanyId = u32;

/// The text of an article as a format gives it, not yet sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A whole plain-text file: the headline, metadata and boilerplate are found in it.
    Plain(String),
    /// The body of an article whose title came separately (a JSON field): cleaned, but no line
    /// of it is taken for the headline.
    Text(String),
    /// Paragraphs already separated, markup removed (Markdown).
    Paragraphs(Vec<String>),
}

/// One article as read from a file, before cleaning.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// Where it came from: a path as given on the command line (`path:line` for a line of a JSON
    /// Lines file, `path#n` for the n-th article of a JSON array), `-` for standard input, or
    /// `sample/NAME` for the bundled sample.
    pub origin: String,
    /// Its text.
    pub body: Body,
    /// The folder the file was in below the folder named on the command line, used as the
    /// section when the file has none (`bbc/business/001.txt` → `business`).
    pub folder: Option<String>,
    /// What the file said about it.
    pub meta: Meta,
    /// Where its raw text can be read again, when it can (a file, not standard input): then the
    /// store does not keep a second copy of every article in memory.
    pub reread: Option<Reread>,
}

/// Where to read an article's raw text again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reread {
    /// The file (shared by all the articles read from it).
    pub path: std::sync::Arc<std::path::Path>,
    /// Its line, for a line of JSON Lines (1-based).
    pub line: Option<usize>,
    /// Its place in a JSON array (0-based).
    pub item: Option<usize>,
    /// Where its line (JSON Lines) or its item (a JSON array) starts in the file, in bytes, when
    /// known (the file was UTF-8): it is read from there, not found by reading all before it.
    pub offset: Option<u64>,
}

/// An article's raw text, or where to find it.
#[derive(Debug, Clone)]
pub enum Raw {
    /// Kept in memory (standard input, the sample, small inputs).
    Kept(String),
    /// Read again from the file when asked for.
    File(Reread),
}

impl RawArticle {
    /// A plain-text article with no folder and no metadata.
    pub fn plain(origin: impl Into<String>, text: impl Into<String>) -> Self {
        RawArticle {
            origin: origin.into(),
            body: Body::Plain(text.into()),
            folder: None,
            meta: Meta::default(),
            reread: None,
        }
    }
}

/// A company as one article mentions it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanyCount {
    /// The company.
    pub company: CompanyId,
    /// How many times the article mentions it.
    pub mentions: u32,
}

/// Where a company is mentioned in an article, for highlighting in the reader. Sixteen bytes:
/// an article has dozens of these, a collection millions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleMention {
    /// The company.
    pub company: CompanyId,
    /// 0 for the title, `i + 1` for paragraph `i`.
    text: u32,
    start: u32,
    end: u32,
}

impl ArticleMention {
    /// A mention of `company` at `range` of text `text` (see [`ArticleMention::text`]).
    pub fn new(company: CompanyId, text: usize, range: std::ops::Range<usize>) -> Self {
        // Texts over 4 GiB are not articles; saturating keeps such a range in bounds of nothing.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        ArticleMention {
            company,
            text: narrow(text),
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    /// 0 for the title, `i + 1` for paragraph `i`.
    pub fn text(&self) -> usize {
        self.text as usize
    }

    /// Byte range in that text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An article's paragraphs: its range of a buffer shared with the articles parsed with it.
///
/// A paragraph as a `String` of its own costs a header, an allocation and the slack of the
/// growth that built it, which over a million articles is gigabytes; an article's text as a
/// buffer of its own still costs the allocator's rounding of its size (a tenth of the text:
/// 0.2 GB at 1M articles) and an allocation for its ends. The loader moves the paragraphs of a
/// block's articles into one buffer ([`Paragraphs::share`]).
#[derive(Clone)]
pub struct Paragraphs {
    chunk: Arc<Chunk>,
    /// Where the article's text starts in `chunk.text`.
    start: usize,
    /// Its paragraphs' ends in `chunk.ends`.
    ends: std::ops::Range<u32>,
}

/// The text and paragraph ends of one or more articles.
struct Chunk {
    text: String,
    /// Where each paragraph ends, from the start of its article's text.
    ends: Vec<u32>,
}

impl Paragraphs {
    /// Where the buffer its text is in is: equal for paragraphs that share one (for tests of
    /// what a reload shares).
    #[cfg(test)]
    pub(crate) fn buffer(&self) -> usize {
        Arc::as_ptr(&self.chunk).addr()
    }

    /// The number of paragraphs.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Paragraph `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let ends = self.ends();
        let end = *ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        self.chunk.text.get(self.start + start..self.start + end)
    }

    /// The paragraphs in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + Clone {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Where each paragraph ends in [`Paragraphs::text`].
    fn ends(&self) -> &[u32] {
        self.chunk
            .ends
            .get(self.ends.start as usize..self.ends.end as usize)
            .unwrap_or_default()
    }

    /// The paragraphs, one after the other.
    fn text(&self) -> &str {
        let end = self.ends().last().map_or(0, |&e| e as usize);
        self.chunk
            .text
            .get(self.start..self.start + end)
            .unwrap_or_default()
    }

    /// Paragraphs from their text, one after the other, and where each ends in it; `None` when an
    /// end is out of order or not on a character boundary.
    fn from_parts(text: String, ends: Vec<u32>) -> Option<Self> {
        let mut last = 0;
        for &end in &ends {
            if end < last || !text.is_char_boundary(end as usize) {
                return None;
            }
            last = end;
        }
        let n = u32::try_from(ends.len()).ok()?;
        Some(Paragraphs {
            chunk: Arc::new(Chunk { text, ends }),
            start: 0,
            ends: 0..n,
        })
    }

    /// Moves the paragraphs of several articles into one buffer they then share: one allocation
    /// of the exact size of them all instead of one rounded up for each. Left as they are when
    /// there would be more than 2^32 paragraph ends.
    pub(crate) fn share(all: &mut [&mut Paragraphs]) {
        let text_len = all.iter().map(|p| p.text().len()).sum();
        let ends_len: usize = all.iter().map(|p| p.len()).sum();
        if u32::try_from(ends_len).is_err() {
            return;
        }
        let mut chunk = Chunk {
            text: String::with_capacity(text_len),
            ends: Vec::with_capacity(ends_len),
        };
        let mut places = Vec::with_capacity(all.len());
        for p in all.iter() {
            let start = chunk.text.len();
            chunk.text.push_str(p.text());
            let first = chunk.ends.len();
            chunk.ends.extend_from_slice(p.ends());
            places.push((start, first..chunk.ends.len()));
        }
        let chunk = Arc::new(chunk);
        // Within u32: checked above.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for (p, (start, ends)) in all.iter_mut().zip(places) {
            **p = Paragraphs {
                chunk: Arc::clone(&chunk),
                start,
                ends: narrow(ends.start)..narrow(ends.end),
            };
        }
    }
}

impl<S: AsRef<str>> From<Vec<S>> for Paragraphs {
    fn from(paragraphs: Vec<S>) -> Self {
        let mut text = String::with_capacity(paragraphs.iter().map(|p| p.as_ref().len()).sum());
        let mut ends = Vec::with_capacity(paragraphs.len());
        for p in &paragraphs {
            text.push_str(p.as_ref());
            // Saturates: no article is 4 GiB, and an index of u32 halves the offsets' size.
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        let n = u32::try_from(ends.len()).unwrap_or(u32::MAX);
        Paragraphs {
            chunk: Arc::new(Chunk { text, ends }),
            start: 0,
            ends: 0..n,
        }
    }
}

impl std::ops::Index<usize> for Paragraphs {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(p) => p,
            None => panic!("paragraph {i} of {}", self.len()),
        }
    }
}

impl std::fmt::Debug for Paragraphs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Paragraphs {
    fn eq(&self, other: &Self) -> bool {
        // The same part of the same buffer (an article a reload took from the store shown) is
        // the same text without reading it.
        (Arc::ptr_eq(&self.chunk, &other.chunk)
            && self.start == other.start
            && self.ends == other.ends)
            || self.iter().eq(other.iter())
    }
}

impl Eq for Paragraphs {}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Paragraphs {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

/// One cleaned article, as the list and the reader show it.
#[derive(Debug, Clone)]
pub struct Article {
    /// Its index in the store.
    pub id: ArticleId,
    /// Where it came from (a path, or `sample/NAME`).
    pub origin: String,
    /// The headline, or a short title made from the first sentence.
    pub title: String,
    /// True when the file had no headline and [`Article::title`] was made from the first sentence.
    pub title_inferred: bool,
    /// The publication or wire credit, when known.
    pub source: Option<String>,
    /// A section label ("Home & Office") or the folder the file was in.
    pub section: Option<String>,
    /// The author(s), when known.
    pub byline: Option<String>,
    /// The publication date, when known and understood.
    pub date: Option<date::Date>,
    /// The publication date as written, when known.
    pub date_text: Option<String>,
    /// Where it was published, when known.
    pub url: Option<String>,
    /// The summary sentence under the headline; also `paragraphs[0]` when present.
    pub has_standfirst: bool,
    /// Body paragraphs, boilerplate removed.
    pub paragraphs: Paragraphs,
    /// The text of the file, as it was: cleaning decides what the reader shows, never what
    /// exists. See [`Article::raw_text`].
    pub raw: Raw,
    /// A hash of the raw text: the key of the article's read mark and bookmark, so that a
    /// renamed or moved file keeps them.
    pub hash: u64,
    /// The companies it mentions, most mentioned first. Where it mentions them is found again
    /// when it is read ([`ArticleStore::mentions`]).
    pub companies: Vec<CompanyCount>,
}

impl Article {
    /// The texts mentions point into: the title, then the paragraphs.
    pub fn text(&self, index: usize) -> Option<&str> {
        if index == 0 {
            Some(&self.title)
        } else {
            self.paragraphs.get(index - 1)
        }
    }

    /// All of [`Article::text`], in order: what the recogniser reads, when the article is
    /// loaded and again when it is read ([`ArticleStore::mentions`]).
    pub fn texts(&self) -> Vec<&str> {
        std::iter::once(self.title.as_str())
            .chain(self.paragraphs.iter())
            .collect()
    }
}

/// The line of `path` that starts at byte `offset`, without its line ending, decoded as a load
/// decodes a file ([`load::decode`]); `None` when no line starts there (the byte before is not
/// a newline, or the file ends first, or nothing but blanks is there): the file has changed.
fn read_line_at(path: &std::path::Path, offset: u64) -> std::io::Result<Option<String>> {
    use std::io::{BufRead, Read};
    let mut file = match load::open_at(path, offset.saturating_sub(1)) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        opened => opened?,
    };
    if offset > 0 {
        let mut before = [0u8];
        file.read_exact(&mut before)?;
        if before[0] != b'\n' {
            return Ok(None);
        }
    }
    let mut line = Vec::new();
    std::io::BufReader::new(file).read_until(b'\n', &mut line)?;
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(load::decode(&line).ok())
}

/// The body of the JSON object that starts at byte `offset` of `path` (an item of an array);
/// `None` when no object that reads as an article starts there: the file has changed.
fn read_item_at(path: &std::path::Path, offset: u64) -> std::io::Result<Option<String>> {
    use serde::Deserialize;
    let file = match load::open_at(path, offset) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        opened => opened?,
    };
    let mut items = serde_json::Deserializer::from_reader(std::io::BufReader::new(file));
    let Ok(item) = Box::<serde_json::value::RawValue>::deserialize(&mut items) else {
        return Ok(None);
    };
    let (mut read, _) = json::parse_json(item.get());
    Ok((read.len() == 1).then(|| read.swap_remove(0).body))
}

impl Article {
    /// The raw text of the article, sanitised: kept, or read again from its file (for a line of
    /// JSON Lines, that line; for an item of a JSON array, its body). If the file has changed
    /// or gone since, says so instead.
    pub fn raw_text(&self) -> String {
        let reread = match &self.raw {
            Raw::Kept(text) => return text.clone(),
            Raw::File(reread) => reread,
        };
        // The file named as the list names it (its origin: a control character a `?`).
        let gone = |why: &str| {
            format!(
                "(The raw text of '{}' cannot be read again: {why}.)",
                load::origin_of(&reread.path)
            )
        };
        // A line of a JSON Lines file, or an item of an array, read from where it starts: the
        // file may be gigabytes.
        match (reread.offset, reread.line, reread.item) {
            (Some(offset), Some(_), _) => {
                return match read_line_at(&reread.path, offset) {
                    Ok(Some(line)) => clean::sanitize(&line),
                    Ok(None) => gone("it has changed since it was loaded"),
                    Err(e) => gone(&e.to_string()),
                };
            }
            (Some(offset), None, Some(_)) => {
                return match read_item_at(&reread.path, offset) {
                    Ok(Some(body)) => clean::sanitize(&body),
                    Ok(None) => gone("it has changed since it was loaded"),
                    Err(e) => gone(&e.to_string()),
                };
            }
            _ => {}
        }
        let bytes = match load::read_text_bytes(&reread.path) {
            Ok(bytes) => bytes,
            Err(e) => return gone(&e.to_string()),
        };
        let text = match load::decode(&bytes) {
            Ok(text) => text,
            Err(why) => return gone(why),
        };
        let part = match (reread.line, reread.item) {
            // An item of an array, a feed or a table (whose row may be over several lines).
            (_, Some(item)) => load::items_of(&reread.path, &text)
                .into_iter()
                .find(|a| a.index == Some(item))
                .map(|a| a.body),
            (Some(line), None) => text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
            (None, None) => Some(text),
        };
        match part {
            Some(part) => clean::sanitize(&part),
            None => gone("it has changed since it was loaded"),
        }
    }

    /// The article as clean plain text: headline, metadata, companies, paragraphs.
    pub fn clean_text(&self, store: &ArticleStore) -> String {
        let mut out = self.title.clone();
        out.push('\n');
        let meta: Vec<String> = [
            self.date
                .map(|d| d.ymd())
                .or_else(|| self.date_text.clone()),
            self.source.clone(),
            self.byline.as_ref().map(|b| format!("by {b}")),
            self.url.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !meta.is_empty() {
            out.push_str(&meta.join(" · "));
            out.push('\n');
        }
        let names: Vec<&str> = store.company_names(self).collect();
        if !names.is_empty() {
            out.push_str("Companies: ");
            out.push_str(&names.join(", "));
            out.push('\n');
        }
        for paragraph in self.paragraphs.iter() {
            out.push('\n');
            out.push_str(paragraph);
            out.push('\n');
        }
        out
    }
}

/// A company in the collection's vocabulary.
#[derive(Debug, Clone)]
pub struct Company {
    /// Canonical display name.
    pub name: String,
    /// Postings: the articles that mention it with how often, sorted by article id.
    pub articles: Vec<(ArticleId, u32)>,
}

/// All articles of a collection, with the indexes the filter uses.
#[derive(Debug, Default)]
pub struct ArticleStore {
    /// The articles, in load order (ids are indexes).
    pub articles: Vec<Article>,
    /// The distinct companies, in order of first appearance.
    pub companies: Vec<Company>,
    /// Distinct lowercased title words with their postings.
    pub title_words: Vocab,
    /// Distinct lowercased words of titles and bodies with their postings, built after the
    /// rest (see [`ArticleStore::text_words`]).
    text_words: std::sync::OnceLock<Vocab>,
    /// What finds an article's mentions again: the recogniser that read the collection, and
    /// the companies by key (see [`company_key`]). `None` for a store built otherwise (empty).
    mentioning: Option<Mentioning>,
    /// The articles of each text held more than once (by content hash), in load order: a
    /// corpus scraped twice, or copied into two folders (see [`ArticleStore::copies`]).
    copies: WordMap<u64, Vec<ArticleId>>,
    /// A bit per article, set for each copy of a text an earlier article holds (see
    /// [`ArticleStore::is_later_copy`]); no word at all when there is none.
    later_copies: Vec<u64>,
    /// How many bits of `later_copies` are set.
    later_count: usize,
    /// Each article's date as `yyyymmdd` (0: none), by id: what date terms scan (4 bytes an
    /// article, where the articles themselves would be a cache line each).
    days: Vec<u32>,
    /// The pieces it was built from, for a reload to take again (see [`Kept`]).
    kept: Kept,
}

/// The pieces of a load (the blocks of a large file, or files) a store was built from, as the
/// parse cache knows them, with where their articles are. A reload takes the articles of a piece
/// that did not change from the store shown, their texts shared, rather than another copy of
/// them from the cache: until the new store takes over both are held, and a reload of a million
/// articles had held twice their memory.
#[derive(Debug, Default)]
struct Kept {
    /// Sorted by key once the store is built.
    pieces: Vec<KeptPiece>,
    /// Each piece's companies (the store's numbers), in the piece's order.
    ids: Vec<CompanyId>,
    /// A piece's name for a company where it is not the store's (an earlier piece wrote it
    /// otherwise: "Brenvale Holdings" where the store has "Brenvale Group", one key), by its
    /// place in `ids`; in order.
    names: Vec<(u32, Box<str>)>,
}

/// One piece of [`Kept`].
#[derive(Debug, Clone)]
struct KeptPiece {
    /// What the loader knows it by ([`StoreBuilder::keep`]), and its place in its file.
    key: u64,
    span: cache::Span,
    /// Its articles' ids.
    articles: std::ops::Range<ArticleId>,
    /// Its companies in [`Kept::ids`].
    companies: std::ops::Range<u32>,
    /// What was skipped in it (bad lines or items).
    skipped: Box<[load::Skipped]>,
}

/// See [`ArticleStore::mentions`].
struct Mentioning {
    recognizer: Arc<Recognizer>,
    companies: WordMap<String, CompanyId>,
}

impl std::fmt::Debug for Mentioning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mentioning")
            .field("companies", &self.companies.len())
            .finish_non_exhaustive()
    }
}

impl ArticleStore {
    /// Cleans, recognises and indexes raw articles already in memory, every index included
    /// (tests, benchmarks; a load from files goes through `loading::load`). Never fails: every
    /// raw article becomes an article.
    ///
    /// Cleaning and recognising, the costly part, run on every core, each thread on a contiguous
    /// run of articles; indexing then takes them in load order, so ids and every order are the
    /// same whatever the number of threads.
    pub fn build(raw: Vec<RawArticle>, recognizer: &Arc<Recognizer>) -> Self {
        let store = Self::build_unindexed(raw, recognizer);
        store.index_text();
        store
    }

    /// [`ArticleStore::build`] but for the full-text index, left to
    /// [`ArticleStore::index_text`], as a load leaves it.
    pub fn build_unindexed(raw: Vec<RawArticle>, recognizer: &Arc<Recognizer>) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        let mut builder = StoreBuilder::new(Arc::clone(recognizer));
        for parsed in parse_all(raw, recognizer, threads, &counted) {
            builder.push(parsed);
        }
        builder.finish()
    }

    /// The articles of the piece the loader knows by `key` and `span`, when this store was built
    /// from it ([`StoreBuilder::keep`]), as a parsing thread would hand them over, with what was
    /// skipped in it: for a reload, which then holds their texts once. `keys` is
    /// [`ArticleStore::company_keys`].
    #[must_use]
    pub fn reuse(
        &self,
        key: u64,
        span: &cache::Span,
        keys: &[&str],
    ) -> Option<(Parsed, Vec<load::Skipped>)> {
        let kept = &self.kept;
        let at = kept.pieces.partition_point(|piece| piece.key < key);
        let piece = kept.pieces[at..]
            .iter()
            .take_while(|piece| piece.key == key)
            .find(|piece| piece.span == *span)?;
        let articles = self
            .articles
            .get(piece.articles.start as usize..piece.articles.end as usize)?;
        let ids = kept
            .ids
            .get(piece.companies.start as usize..piece.companies.end as usize)?;
        let mut companies = PieceCompanies::default();
        // The piece's number of each of its companies, by the store's.
        let mut local: WordMap<CompanyId, CompanyId> = WordMap::default();
        for (at, &id) in (piece.companies.start..).zip(ids) {
            let name = match kept.names.binary_search_by_key(&at, |(place, _)| *place) {
                Ok(k) => &*kept.names[k].1,
                Err(_) => &self.companies.get(id as usize)?.name,
            };
            // (A company without a key would be merged with others: decoded again instead.)
            let key = keys.get(id as usize).filter(|key| !key.is_empty())?;
            local.insert(id, companies.push(name, key));
        }
        let articles = articles
            .iter()
            .map(|article| {
                let mut article = article.clone();
                for count in &mut article.companies {
                    count.company = *local.get(&count.company)?;
                }
                Some(article)
            })
            .collect::<Option<Vec<_>>>()?;
        Some((
            Parsed {
                articles,
                companies,
            },
            piece.skipped.to_vec(),
        ))
    }

    /// Each company's key ([`company_key`]), by id (empty for none): what
    /// [`ArticleStore::reuse`] needs.
    #[must_use]
    pub fn company_keys(&self) -> Vec<&str> {
        let mut keys = vec![""; self.companies.len()];
        if let Some(mentioning) = &self.mentioning {
            for (key, &id) in &mentioning.companies {
                if let Some(slot) = keys.get_mut(id as usize) {
                    *slot = key;
                }
            }
        }
        keys
    }

    /// The other articles with the same text as `article` (byte for byte, once sanitised: the
    /// same content hash), in load order.
    pub fn copies<'a>(&'a self, article: &'a Article) -> impl Iterator<Item = &'a Article> + 'a {
        self.copy_ids(article)
            .iter()
            .filter(move |&&id| id != article.id)
            .filter_map(|&id| self.article(id))
    }

    /// Whether the article `id` holds a text an earlier article holds too. The list shows a
    /// text once, at its first article: a later copy is in no index (the filter never finds
    /// it, a company's count is of distinct texts) and no answer; the reader names the copies
    /// under the headline.
    pub fn is_later_copy(&self, id: ArticleId) -> bool {
        is_set(&self.later_copies, id)
    }

    /// [`ArticleStore::is_later_copy`] for every article, a bit each (`id / 64`, `id % 64`);
    /// shorter than the store (empty, when there is no copy) where no later bit is set.
    pub fn later_copies(&self) -> &[u64] {
        &self.later_copies
    }

    /// Each article's date as the number `yyyymmdd` (0 for an article without one), by id.
    pub fn days(&self) -> &[u32] {
        &self.days
    }

    /// The article `id`'s text is listed at: the first article that holds it (itself, for a
    /// text held once).
    pub fn listed_as(&self, id: ArticleId) -> ArticleId {
        self.article(id)
            .and_then(|a| self.copy_ids(a).first().copied())
            .unwrap_or(id)
    }

    /// How many articles the list can show: one per distinct text.
    pub fn listed_len(&self) -> usize {
        self.articles.len() - self.later_count
    }

    /// How many articles hold the text of hash `hash`, an article's of this store: 1 for a
    /// text held once.
    pub fn copy_count(&self, hash: u64) -> usize {
        self.copies.get(&hash).map_or(1, Vec::len)
    }

    /// The ids of the articles with `article`'s text, itself included: empty for a text held
    /// once.
    pub fn copy_ids(&self, article: &Article) -> &[ArticleId] {
        self.copies.get(&article.hash).map_or(&[], Vec::as_slice)
    }

    /// Each text held more than once, as its articles in load order; the texts in the order
    /// their first copies were loaded.
    pub fn copy_groups(&self) -> Vec<&[ArticleId]> {
        let mut groups: Vec<&[ArticleId]> = self.copies.values().map(Vec::as_slice).collect();
        groups.sort_unstable_by_key(|g| g.first().copied());
        groups
    }

    /// The full-text vocabulary, once it is built: a load publishes the store with its company
    /// and title indexes first and builds this one behind it (see [`ArticleStore::index_text`]).
    pub fn text_words(&self) -> Option<&Vocab> {
        self.text_words.get()
    }

    /// Builds the full-text vocabulary unless it is there already, on two threads (each takes
    /// half of the articles; the halves' vocabularies are then merged, in article order, so the
    /// result is the one a single pass would give).
    pub fn index_text(&self) -> &Vocab {
        self.index_text_counting(&std::sync::atomic::AtomicUsize::new(0))
    }

    /// [`ArticleStore::index_text`], counting the articles indexed in `progress`, for a gauge on
    /// another thread.
    pub fn index_text_counting(&self, progress: &std::sync::atomic::AtomicUsize) -> &Vocab {
        self.text_words
            .get_or_init(|| self.built_text_index(progress))
    }

    /// Takes `vocab` as the full-text index, when the store has none yet: one kept for this
    /// very store ([`cache::read_words`]). False when it had one.
    pub fn take_text_index(&self, vocab: Vocab) -> bool {
        self.text_words.set(vocab).is_ok()
    }

    /// [`ArticleStore::index_text_counting`] for a store that reads the files of `old` again (a
    /// reload). When it begins with all of `old`'s articles, in the same order and with the
    /// same texts (files that only grew: lines appended, files added after the others), the
    /// full-text index of `old` is taken, when it has one, and only the articles after them are
    /// indexed: at a million articles, indexing them all was most of a reload's time.
    pub fn index_text_after(
        &self,
        old: &ArticleStore,
        progress: &std::sync::atomic::AtomicUsize,
    ) -> &Vocab {
        self.text_words.get_or_init(|| {
            self.grown_text_index(old, progress)
                .unwrap_or_else(|| self.built_text_index(progress))
        })
    }

    /// The full-text index of all the articles, on two threads.
    fn built_text_index(&self, progress: &std::sync::atomic::AtomicUsize) -> Vocab {
        Vocab::build_in_halves(&self.articles, self.articles.len(), |half| {
            self.indexed_texts(half, progress)
        })
    }

    /// The full-text index of `old` with this store's later articles added, when this store
    /// begins with `old`'s articles and `old` has an index (see
    /// [`ArticleStore::index_text_after`]).
    fn grown_text_index(
        &self,
        old: &ArticleStore,
        progress: &std::sync::atomic::AtomicUsize,
    ) -> Option<Vocab> {
        let before = old.text_words.get()?;
        let n = old.articles.len();
        // The same raw texts in the same order (so the same copies of each other), and the same
        // texts made of them.
        let same = self
            .articles
            .get(..n)?
            .iter()
            .zip(&old.articles)
            .all(|(a, b)| a.hash == b.hash && a.title == b.title && a.paragraphs == b.paragraphs);
        if !same {
            return None;
        }
        progress.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        let ids = self.articles.len();
        let mut vocab = before.clone();
        vocab.append(
            Vocab::build(self.indexed_texts(&self.articles[n..], progress), ids),
            ids,
        );
        vocab.settle(ids);
        Some(vocab)
    }

    /// The texts the full-text index holds of `articles` (their titles and paragraphs; not those
    /// of later copies), counting each article in `progress`.
    fn indexed_texts<'a>(
        &'a self,
        articles: &'a [Article],
        progress: &'a std::sync::atomic::AtomicUsize,
    ) -> impl Iterator<Item = (ArticleId, &'a str)> {
        articles
            .iter()
            .inspect(|_| {
                // Relaxed: a gauge needs a count, not an order with other memory.
                progress.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            })
            .filter(|a| !is_set(&self.later_copies, a.id))
            .flat_map(move |a| {
                std::iter::once((a.id, a.title.as_str()))
                    .chain(a.paragraphs.iter().map(move |p| (a.id, p)))
            })
    }

    /// The number of articles.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when the store holds no article.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Every article, in load order (by id).
    pub fn articles(&self) -> impl ExactSizeIterator<Item = &Article> + Clone {
        self.articles.iter()
    }

    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> Option<&Article> {
        self.articles.get(id as usize)
    }

    /// The company with this id.
    pub fn company(&self, id: CompanyId) -> Option<&Company> {
        self.companies.get(id as usize)
    }

    /// The canonical names of the companies an article mentions, most mentioned first.
    pub fn company_names(&self, article: &Article) -> impl Iterator<Item = &str> {
        article
            .companies
            .iter()
            .filter_map(|c| self.company(c.company).map(|c| c.name.as_str()))
    }

    /// Every company mention of `article`, in text order: where the reader highlights them.
    ///
    /// Found again, by the recogniser that read the collection, rather than kept: recognising
    /// one article takes tens of microseconds (a 20,000-word one 1.6 ms), while keeping the
    /// mentions of every article took a tenth of a collection's memory (sixteen bytes each,
    /// twenty an article: 0.39 GB at a million articles) and the time to make and number them.
    /// Recognition is deterministic, so these are the mentions the article's counts were
    /// made from.
    pub fn mentions(&self, article: &Article) -> Vec<ArticleMention> {
        let Some(Mentioning {
            recognizer,
            companies,
        }) = &self.mentioning
        else {
            return Vec::new();
        };
        recognizer
            .find(&article.texts())
            .mentions()
            .filter_map(|m| {
                // Every company the recogniser finds in an article of the store was numbered
                // when it was loaded; a store given other articles finds only its own.
                let company = *companies.get(&**m.key)?;
                Some(ArticleMention::new(company, m.text, m.range))
            })
            .collect()
    }

    /// Companies with the number of articles that mention each, most first, then by name.
    pub fn company_counts(&self) -> Vec<(&str, usize)> {
        let mut counts: Vec<(&str, usize)> = self
            .companies
            .iter()
            .map(|c| (c.name.as_str(), c.articles.len()))
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        counts
    }
}

/// Indexes parsed articles in load order into a store: ids, the company vocabulary and its
/// postings. Cheap next to parsing, so one thread does it while others parse: the parsing threads
/// hand over articles with their company counts made, so that this thread only numbers them,
/// and frees nothing a parsing thread allocated (see [`Parsed`]).
pub struct StoreBuilder {
    store: ArticleStore,
    /// The recogniser the articles are read with.
    recognizer: Arc<Recognizer>,
    /// Companies by key (see [`company_key`]): one entry per company however it is written.
    company_ids: WordMap<String, CompanyId>,
    /// The store's number of each company of the piece being added (reused).
    ids: Vec<CompanyId>,
    /// The first article of each content hash, to find copies as articles come.
    first_of: WordMap<u64, ArticleId>,
}

impl StoreBuilder {
    /// A builder of a store of articles parsed with `recognizer`.
    pub fn new(recognizer: Arc<Recognizer>) -> Self {
        StoreBuilder {
            store: ArticleStore::default(),
            recognizer,
            company_ids: WordMap::default(),
            ids: Vec::new(),
            first_of: WordMap::default(),
        }
    }

    /// Adds the next articles.
    pub fn push(&mut self, parsed: Parsed) {
        self.push_piece(parsed);
    }

    /// [`StoreBuilder::push`], keeping what it takes to file the piece in the parse cache once
    /// the store is built ([`cache::encode_pushed`]).
    pub fn push_keeping(&mut self, parsed: Parsed) -> Pushed {
        let first = self.store.articles.len();
        let companies = self.push_piece(parsed);
        Pushed {
            first,
            count: self.store.articles.len() - first,
            companies,
            ids: self.ids.clone(),
        }
    }

    /// Remembers the piece `pushed` added as the one the loader knows by `key` (its file and
    /// `span`), so that a reload can take its articles again ([`ArticleStore::reuse`]).
    pub fn keep(
        &mut self,
        key: u64,
        span: cache::Span,
        pushed: &Pushed,
        skipped: &[load::Skipped],
    ) {
        let kept = &mut self.store.kept;
        let (Ok(first), Ok(end), Ok(from)) = (
            ArticleId::try_from(pushed.first),
            ArticleId::try_from(pushed.first + pushed.count),
            u32::try_from(kept.ids.len()),
        ) else {
            return;
        };
        let Ok(to) = u32::try_from(kept.ids.len() + pushed.ids.len()) else {
            return;
        };
        for (at, ((name, _), &id)) in (from..).zip(pushed.companies.iter().zip(&pushed.ids)) {
            kept.ids.push(id);
            if self
                .store
                .companies
                .get(id as usize)
                .is_some_and(|company| company.name != name)
            {
                kept.names.push((at, name.into()));
            }
        }
        kept.pieces.push(KeptPiece {
            key,
            span,
            articles: first..end,
            companies: from..to,
            skipped: skipped.into(),
        });
    }

    /// Adds a piece's articles; gives back its list of companies.
    fn push_piece(&mut self, parsed: Parsed) -> PieceCompanies {
        let Parsed {
            articles,
            companies,
        } = parsed;
        let store = &mut self.store;
        // The piece's companies are in order of first mention, so numbering them in that order
        // numbers the store's companies in order of first mention too.
        self.ids.clear();
        for (name, key) in companies.iter() {
            let id = if let Some(&id) = self.company_ids.get(key) {
                id
            } else {
                store.companies.push(Company {
                    name: name.to_owned(),
                    articles: Vec::new(),
                });
                let id = CompanyId::try_from(store.companies.len() - 1).unwrap_or(CompanyId::MAX);
                self.company_ids.insert(key.to_owned(), id);
                id
            };
            self.ids.push(id);
        }
        let ids = &self.ids;
        // The piece's own numbers are below `ids.len()` (`PieceNumbers::number` gave them).
        let global = |local: CompanyId| ids.get(local as usize).copied().unwrap_or(CompanyId::MAX);
        store.articles.reserve(articles.len());
        for mut article in articles {
            let id = ArticleId::try_from(store.articles.len()).unwrap_or(ArticleId::MAX);
            article.id = id;
            let later = match self.first_of.entry(article.hash) {
                std::collections::hash_map::Entry::Vacant(first) => {
                    first.insert(id);
                    false
                }
                std::collections::hash_map::Entry::Occupied(first) => {
                    store
                        .copies
                        .entry(article.hash)
                        .or_insert_with(|| vec![*first.get()])
                        .push(id);
                    let word = id as usize / 64;
                    if store.later_copies.len() <= word {
                        store.later_copies.resize(word + 1, 0);
                    }
                    store.later_copies[word] |= 1 << (id % 64);
                    store.later_count += 1;
                    true
                }
            };
            for count in &mut article.companies {
                count.company = global(count.company);
                // A later copy is listed under its first: it is in no posting.
                if !later && let Some(company) = store.companies.get_mut(count.company as usize) {
                    company.articles.push((id, count.mentions));
                }
            }
            store.days.push(article.date.map_or(0, |d| d.day_key()));
            store.articles.push(article);
        }
        companies
    }

    /// Makes room for `articles` in all, when that is more than there is room for: a
    /// collection's size in articles, guessed from its bytes, spares the article list its
    /// doublings (each a copy of the whole list into fresh pages: 340 MB of copies at 1M). Room
    /// that cannot be had is not taken: the list then grows as it would have.
    pub fn make_room_for(&mut self, articles: usize) {
        let list = &mut self.store.articles;
        if let Some(more) = articles.checked_sub(list.len())
            && articles > list.capacity()
        {
            let _ = list.try_reserve_exact(more);
        }
    }

    /// How many articles there is room for without growing.
    pub fn capacity(&self) -> usize {
        self.store.articles.capacity()
    }

    /// The number of articles added so far.
    pub fn len(&self) -> usize {
        self.store.articles.len()
    }

    /// True when no article has been added.
    pub fn is_empty(&self) -> bool {
        self.store.articles.is_empty()
    }

    /// A store of the articles added so far, with every index (to browse while the rest load:
    /// meant for a small first part, as it copies them).
    pub fn snapshot(&self) -> ArticleStore {
        let store = self.snapshot_unindexed();
        store.index_text();
        store
    }

    /// [`StoreBuilder::snapshot`] but for the full-text index (a later, larger part: its
    /// full-text terms are read from the texts, [`crate::filter`]'s way before an index).
    /// Copies the articles' fields but not their texts, which they share.
    pub fn snapshot_unindexed(&self) -> ArticleStore {
        ArticleStore {
            articles: self.store.articles.clone(),
            companies: self.store.companies.clone(),
            title_words: title_vocab(&self.store.articles, &self.store.later_copies),
            text_words: std::sync::OnceLock::new(),
            mentioning: Some(self.mentioning(self.company_ids.clone())),
            copies: self.store.copies.clone(),
            later_copies: self.store.later_copies.clone(),
            later_count: self.store.later_count,
            days: self.store.days.clone(),
            // A part is never reloaded: the whole store takes its place.
            kept: Kept::default(),
        }
    }

    /// The store, with its company and title indexes; the full-text one is left to
    /// [`ArticleStore::index_text`].
    pub fn finish(mut self) -> ArticleStore {
        self.store.title_words = title_vocab(&self.store.articles, &self.store.later_copies);
        self.store
            .kept
            .pieces
            .sort_unstable_by_key(|piece| piece.key);
        self.store.kept.pieces.shrink_to_fit();
        self.store.kept.ids.shrink_to_fit();
        self.store.kept.names.shrink_to_fit();
        self.store.articles.shrink_to_fit();
        for company in &mut self.store.companies {
            company.articles.shrink_to_fit();
        }
        let companies = std::mem::take(&mut self.company_ids);
        self.store.mentioning = Some(self.mentioning(companies));
        self.store
    }

    fn mentioning(&self, companies: WordMap<String, CompanyId>) -> Mentioning {
        Mentioning {
            recognizer: Arc::clone(&self.recognizer),
            companies,
        }
    }
}

/// The title vocabulary, on two threads: at the end of a load the parsing threads are done, and
/// this would be the one thing left running.
fn title_vocab(articles: &[Article], later_copies: &[u64]) -> Vocab {
    Vocab::build_in_halves(articles, articles.len(), |half| {
        half.iter()
            .filter(|a| !is_set(later_copies, a.id))
            .map(|a| (a.id, a.title.as_str()))
    })
}

/// Whether bit `id` of `bits` is set (a bit past the end is not).
fn is_set(bits: &[u64], id: ArticleId) -> bool {
    bits.get(id as usize / 64)
        .is_some_and(|w| w & (1 << (id % 64)) != 0)
}

/// A piece as [`StoreBuilder::push_keeping`] added it: where its articles are in the store, and
/// its own list of companies with the store's number of each. Its record in the parse cache is
/// made from these once the store is built, so that filing the cache does not hold up the load.
pub struct Pushed {
    first: usize,
    count: usize,
    companies: PieceCompanies,
    /// The store's number of each company of `companies`.
    ids: Vec<CompanyId>,
}

impl Pushed {
    /// How many articles the piece has.
    pub fn articles(&self) -> usize {
        self.count
    }
}

/// Articles cleaned and recognised, as a parsing thread hands them to [`StoreBuilder::push`]:
/// each with its company counts made, naming companies by their number in the
/// piece's own list. All of it is allocated by the parsing thread, and what the builder does not
/// keep is freed there too: with glibc's allocator, memory freed by another thread than the one
/// that allocated it goes back under a lock on that thread's arena, and a builder freeing every
/// article's leftovers made the threads wait on each other (37,000 futex calls and 16% more
/// work at 100k articles).
#[derive(Debug, Default)]
pub struct Parsed {
    articles: Vec<Article>,
    companies: PieceCompanies,
}

impl Parsed {
    /// How many articles there are.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

/// The companies the articles of a [`Parsed`] name, each once (by key), numbered from 0 in
/// order of first mention: names and keys in one buffer, so that handing them over frees two
/// blocks, not two per company.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct PieceCompanies {
    /// Each company's name then its key.
    text: String,
    /// Where each company's name ends and its key ends in `text`.
    ends: Vec<(u32, u32)>,
}

impl PieceCompanies {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds a company (without looking whether it is there).
    fn push(&mut self, name: &str, key: &str) -> CompanyId {
        // Only the names and keys of one piece's companies: far below 4 GiB.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.text.push_str(name);
        let name_end = narrow(self.text.len());
        self.text.push_str(key);
        self.ends.push((name_end, narrow(self.text.len())));
        CompanyId::try_from(self.ends.len() - 1).unwrap_or(CompanyId::MAX)
    }

    /// Name and key of each company, in order.
    fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0;
        self.ends.iter().map(move |&(name_end, key_end)| {
            let (name_end, key_end) = (name_end as usize, key_end as usize);
            let name = self.text.get(start..name_end).unwrap_or_default();
            let key = self.text.get(name_end..key_end).unwrap_or_default();
            start = key_end;
            (name, key)
        })
    }
}

/// A [`PieceCompanies`] being filled, with its companies by key.
#[derive(Default)]
struct PieceNumbers {
    companies: PieceCompanies,
    by_key: WordMap<Arc<str>, CompanyId>,
}

impl PieceNumbers {
    /// The number of the company with this key, added with this name if it is new.
    fn number(&mut self, name: &str, key: &Arc<str>) -> CompanyId {
        if let Some(&id) = self.by_key.get(key) {
            return id;
        }
        let id = self.companies.push(name, key);
        self.by_key.insert(Arc::clone(key), id);
        id
    }
}

/// Cleans one article and recognises its companies.
pub fn parse_one(raw: RawArticle, recognizer: &Recognizer) -> Parsed {
    parse_many(std::iter::once(raw), recognizer)
}

/// Articles cleaned and recognised, in order, with the content hashes of a few articles at a
/// time worked out side by side ([`crate::state::content_hashes`]).
pub fn parse_many(raw: impl IntoIterator<Item = RawArticle>, recognizer: &Recognizer) -> Parsed {
    let raw: Vec<RawArticle> = raw.into_iter().collect();
    parse_pieces(vec![raw], recognizer)
        .pop()
        .unwrap_or_default()
}

/// [`parse_many`] of each piece, the pieces taken together: a folder's files are pieces of one
/// article each, whose hashes could not be worked out side by side one piece at a time (the
/// hashing was then 5% of such a load, 2% otherwise). Each piece numbers its companies on its
/// own, as [`parse_many`] does.
pub fn parse_pieces(pieces: Vec<Vec<RawArticle>>, recognizer: &Recognizer) -> Vec<Parsed> {
    /// Enough articles to keep the four lanes busy, few enough that their raw texts stay in
    /// cache between cleaning and hashing.
    const BATCH: usize = 16;
    let mut counting = Counting::default();
    let mut parsed: Vec<(Vec<Article>, PieceNumbers)> = pieces
        .iter()
        .map(|raw| (Vec::with_capacity(raw.len()), PieceNumbers::default()))
        .collect();
    let mut raw = pieces
        .into_iter()
        .enumerate()
        .flat_map(|(piece, raw)| raw.into_iter().map(move |raw| (piece, raw)))
        .peekable();
    while raw.peek().is_some() {
        // The id is set when the article is indexed.
        let batch: Vec<(usize, text::Unhashed)> = raw
            .by_ref()
            .take(BATCH)
            .map(|(piece, raw)| (piece, text::parse_unhashed(raw, 0)))
            .collect();
        let texts: Vec<&str> = batch.iter().map(|(_, u)| u.text()).collect();
        let hashes = crate::state::content_hashes(&texts);
        for ((piece, unhashed), hash) in batch.into_iter().zip(hashes) {
            let (mut article, given) = unhashed.hashed(hash);
            let (articles, numbers) = &mut parsed[piece];
            recognise(&mut article, &given, recognizer, numbers, &mut counting);
            articles.push(article);
        }
    }
    // The text of all of them in one buffer (a block's articles, or a batch of files).
    let mut all: Vec<&mut Paragraphs> = parsed
        .iter_mut()
        .flat_map(|(articles, _)| articles.iter_mut().map(|a| &mut a.paragraphs))
        .collect();
    Paragraphs::share(&mut all);
    parsed
        .into_iter()
        .map(|(articles, numbers)| Parsed {
            articles,
            companies: numbers.companies,
        })
        .collect()
}

/// Fills in the company counts of `article`, numbering its companies in `numbers`; `given` are
/// the names its file listed.
fn recognise(
    article: &mut Article,
    given: &[String],
    recognizer: &Recognizer,
    numbers: &mut PieceNumbers,
    counting: &mut Counting,
) {
    let found = recognizer.find(&article.texts());
    count_mentions(found.mentions(), numbers, counting);
    let counts = &mut counting.counts;
    // Companies the file listed but the text never names count once.
    for name in canonical_given(recognizer, given) {
        let company = numbers.number(&name, &Arc::from(company_key(&name)));
        if !counts.iter().any(|c| c.company == company) {
            counts.push(CompanyCount {
                company,
                mentions: 1,
            });
        }
    }
    // Most mentioned first; ties keep the order of first mention.
    counts.sort_by_key(|c| std::cmp::Reverse(c.mentions));
    // A copy of its exact size (the list is kept a million times over), from the scratch list.
    article.companies = counts.clone();
    // The strings were built by growing: give back the slack, kept a million times over.
    for text in [&mut article.origin, &mut article.title] {
        text.shrink_to_fit();
    }
    for text in [
        &mut article.source,
        &mut article.section,
        &mut article.byline,
        &mut article.date_text,
        &mut article.url,
    ]
    .into_iter()
    .flatten()
    {
        text.shrink_to_fit();
    }
}

/// The company counts of an article, in order of first mention, into `counting.counts`, from
/// what the recogniser found, numbering the companies in `numbers`.
fn count_mentions<'a>(
    found: impl Iterator<Item = crate::companies::MentionRef<'a>>,
    numbers: &mut PieceNumbers,
    counting: &mut Counting,
) {
    let Counting { counts, keys } = counting;
    counts.clear();
    keys.clear();
    for mention in found {
        // The recogniser gives each mention its company's key, made once per company (and
        // article), so a company met before in the article is known by its key's address.
        let address = Arc::as_ptr(mention.key).cast::<u8>().addr();
        let seen = keys.iter().find(|&&(k, _)| k == address);
        let at = if let Some(&(_, at)) = seen {
            at
        } else {
            let company = numbers.number(mention.company, mention.key);
            // Two keys of one company (equal, not the same) still make one count.
            let at = counts
                .iter()
                .position(|c| c.company == company)
                .unwrap_or_else(|| {
                    counts.push(CompanyCount {
                        company,
                        mentions: 0,
                    });
                    counts.len() - 1
                });
            keys.push((address, at));
            at
        };
        counts[at].mentions += 1;
    }
}

/// The scratch lists of [`count_mentions`], kept from one article to the next: made for each
/// article, they cost an allocation each, and the counts a reallocation to their size.
#[derive(Default)]
struct Counting {
    /// An article's company counts.
    counts: Vec<CompanyCount>,
    /// The keys met so far in the article (by address), with their company's place in
    /// `counts`.
    keys: Vec<(usize, usize)>,
}

/// Cleans and recognises every article, on `threads` threads, keeping load order.
fn parse_all(
    raw: Vec<RawArticle>,
    recognizer: &Recognizer,
    threads: usize,
    progress: &std::sync::atomic::AtomicUsize,
) -> Vec<Parsed> {
    let parse = |raw: Vec<RawArticle>| -> Parsed {
        let counted = raw.into_iter().inspect(|_| {
            // Relaxed: a gauge needs a count, not an order with other memory.
            progress.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        parse_many(counted, recognizer)
    };
    if threads <= 1 || raw.len() < 64 {
        return vec![parse(raw)];
    }
    let chunk = raw.len().div_ceil(threads);
    let mut chunks: Vec<Vec<RawArticle>> = Vec::with_capacity(threads);
    let mut raw = raw.into_iter();
    loop {
        let part: Vec<RawArticle> = raw.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        chunks.push(part);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|part| scope.spawn(move || parse(part)))
            .collect();
        // A thread can only fail by panicking, and then so does this one, as it should.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The canonical names of the companies a file listed: a name the recogniser knows as a whole
/// ("Cisco Systems Inc") becomes its canonical name ("Cisco"); any other is kept as written.
fn canonical_given(recognizer: &Recognizer, given: &[String]) -> Vec<String> {
    given
        .iter()
        .map(|name| {
            let found = recognizer.find(&[name.as_str()]);
            let mut mentions = found.mentions();
            match (mentions.next(), mentions.next()) {
                (Some(one), None) if one.range == (0..name.len()) => one.company.to_string(),
                _ => name.clone(),
            }
        })
        .collect()
}

/// A store of plain-text articles, one per text, named `a0`, `a1`…: for the tests of the modules
/// that work over a store.
#[cfg(test)]
pub(crate) fn test_store(texts: &[impl AsRef<str>]) -> ArticleStore {
    let store = test_store_unindexed(texts);
    store.index_text();
    store
}

/// [`test_store`] without its full-text index, as a load leaves a store until it is built.
#[cfg(test)]
pub(crate) fn test_store_unindexed(texts: &[impl AsRef<str>]) -> ArticleStore {
    let raw = texts
        .iter()
        .enumerate()
        .map(|(i, t)| RawArticle::plain(format!("a{i}"), t.as_ref()))
        .collect();
    ArticleStore::build_unindexed(raw, &Recognizer::shared().expect("the bundled gazetteer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_that_begins_with_another_takes_its_full_text_index_and_indexes_the_rest() {
        // Ten articles, then ninety more: "zircon" is in one of the first ten (bits in ten
        // articles, ids in a hundred), "early" in five of them only and "market" in most (bits
        // in both, for ten articles and then for a hundred), one text is there twice
        // in the first ten and again among the rest (a later copy is in no posting).
        let texts: Vec<String> = (0..100)
            .map(|i| match i {
                3 => "Zircon\n\nThe zircon market moved.".to_owned(),
                7 | 60 => "Copy\n\nCisco and the market.".to_owned(),
                _ if i < 10 && i % 2 == 0 => format!("Early {i}\n\nAn early bird, number {i}."),
                _ if i % 3 == 0 => format!("Story {i}\n\nA quiet day, number {i}."),
                _ => format!("Story {i}\n\nThe market rose on day {i}, Société Générale said."),
            })
            .collect();
        let old = test_store(&texts[..10]);
        let fresh = test_store(&texts);
        let same = |vocab: &Vocab, whole: &Vocab| {
            assert_eq!(vocab.entries, whole.entries);
            assert_eq!(vocab.postings, whole.postings);
            assert_eq!(vocab.accented, whole.accented);
        };
        let counted = std::sync::atomic::AtomicUsize::new(0);
        let grown = test_store_unindexed(&texts);
        same(grown.index_text_after(&old, &counted), fresh.index_text());
        assert_eq!(counted.into_inner(), 100);
        let zircon = |vocab: &Vocab| {
            let at = vocab.entries.iter().position(|e| e == "zircon").unwrap();
            vocab.postings[at].clone()
        };
        assert!(matches!(
            zircon(old.index_text()),
            crate::vocab::Postings::Bits { .. }
        ));
        assert_eq!(
            zircon(fresh.index_text()),
            crate::vocab::Postings::List(vec![3])
        );
        // A store that does not begin with the other's articles is indexed whole.
        let shifted = test_store_unindexed(&texts[1..]);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        same(
            shifted.index_text_after(&old, &counted),
            test_store(&texts[1..]).index_text(),
        );
        // Nor one whose first articles read the same but are not the same files: a copy of the
        // first text before, an article of its own now (its file holds a line the cleaning
        // drops), is indexed.
        let copied = test_store(&["Pair\n\nCisco sold.", "Pair\n\nCisco sold."]);
        let edited = [
            "Pair\n\nCisco sold.",
            "Pair\n\nCisco sold.\n\nAdvertisement",
        ];
        assert_eq!(copied.later_copies().len(), 1);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        same(
            test_store_unindexed(&edited).index_text_after(&copied, &counted),
            test_store(&edited).index_text(),
        );
        // Nor is the index of a store without one yet taken.
        let unindexed = test_store_unindexed(&texts[..10]);
        let grown = test_store_unindexed(&texts);
        same(
            grown.index_text_after(&unindexed, &counted),
            fresh.index_text(),
        );
    }

    #[test]
    fn a_kept_piece_is_found_by_its_key_and_its_place_both() {
        let recognizer = Recognizer::shared().unwrap();
        let mut builder = StoreBuilder::new(Arc::clone(&recognizer));
        let span = |start| cache::Span {
            start,
            bytes: 10,
            first_line: 1,
            content: 5,
            item: 0,
            column: 0,
        };
        // Kept out of the order of their keys.
        for (key, start, text) in [
            (9, 10, "Two\n\nIBM talked."),
            (7, 0, "One\n\nCisco signed."),
        ] {
            let pushed = builder.push_keeping(parse_one(RawArticle::plain("a", text), &recognizer));
            builder.keep(key, span(start), &pushed, &[]);
        }
        let store = builder.finish();
        let keys = store.company_keys();
        let taken = |key, start| -> Option<Vec<String>> {
            let (parsed, _) = store.reuse(key, &span(start), &keys)?;
            let companies = parsed.companies.iter().map(|(name, _)| name.to_owned());
            Some(
                parsed
                    .articles
                    .iter()
                    .map(|a| a.title.clone())
                    .chain(companies)
                    .collect(),
            )
        };
        assert_eq!(taken(7, 0).unwrap(), ["One", "Cisco"]);
        assert_eq!(taken(9, 10).unwrap(), ["Two", "IBM"]);
        // A key alone, or a place alone, is not the piece.
        assert_eq!(taken(7, 10), None);
        assert_eq!(taken(8, 0), None);
    }

    #[test]
    fn copies_are_the_other_articles_of_the_same_text_in_load_order() {
        let store = test_store(&[
            "One\n\nCisco and Inspur signed.",
            "Two\n\nInspur and IBM talked.",
            "One\n\nCisco and Inspur signed.",
            "One\n\nCisco and Inspur signed.",
        ]);
        let copies = |id: usize| -> Vec<ArticleId> {
            store.copies(&store.articles[id]).map(|a| a.id).collect()
        };
        assert_eq!(copies(0), vec![2, 3]);
        assert_eq!(copies(2), vec![0, 3]);
        assert_eq!(copies(3), vec![0, 2]);
        assert!(copies(1).is_empty());
        // The text is listed once, at its first copy: the later ones are in no index.
        let later: Vec<bool> = (0..4).map(|id| store.is_later_copy(id)).collect();
        assert_eq!(later, [false, false, true, true]);
        let listed: Vec<ArticleId> = (0..4).map(|id| store.listed_as(id)).collect();
        assert_eq!(listed, [0, 1, 0, 0]);
        assert_eq!(store.listed_len(), 2);
        let inspur = store.companies.iter().find(|c| c.name == "Inspur").unwrap();
        let ids: Vec<ArticleId> = inspur.articles.iter().map(|&(id, _)| id).collect();
        assert_eq!(ids, vec![0, 1]);
        let highest = |vocab: &Vocab| {
            let mut highest = 0;
            for p in &vocab.postings {
                p.for_each_below(store.len(), |id| highest = highest.max(id));
            }
            highest
        };
        assert_eq!(highest(&store.title_words), 1);
        assert_eq!(highest(store.index_text()), 1);
        // A first part handed over while loading knows the copies so far.
        let mut builder = StoreBuilder::new(Recognizer::shared().unwrap());
        let raw = |text: &str| RawArticle::plain("x", text);
        builder.push(parse_many(
            vec![raw("A\n\nSame text."), raw("A\n\nSame text.")],
            &Recognizer::shared().unwrap(),
        ));
        let part = builder.snapshot();
        assert_eq!(
            part.copies(&part.articles[1])
                .map(|a| a.id)
                .collect::<Vec<_>>(),
            vec![0]
        );
        assert!(part.is_later_copy(1) && part.listed_len() == 1);
    }

    #[test]
    fn companies_a_file_lists_count_once_under_their_canonical_names() {
        // A file that lists its companies: one the text names too, one by an alias of a
        // gazetteer company, and one the recogniser does not know.
        let mut raw = RawArticle::plain("a0", "Prices rise\n\nIntel raised prices. Intel said so.");
        raw.meta.companies = vec![
            "Cisco Systems Inc".into(),
            "Zorblax Widgets".into(),
            "Intel".into(),
        ];
        let store = ArticleStore::build(vec![raw], &Recognizer::shared().unwrap());
        let article = &store.articles[0];
        let counts: Vec<(&str, u32)> = article
            .companies
            .iter()
            .map(|c| (store.company(c.company).unwrap().name.as_str(), c.mentions))
            .collect();
        assert_eq!(
            counts,
            [("Intel", 2), ("Cisco", 1), ("Zorblax Widgets", 1)],
            "the text's mentions, then each listed company not in the text, once"
        );
    }

    #[test]
    fn paragraphs_moved_into_one_buffer_read_as_before() {
        let texts: Vec<Vec<&str>> = vec![
            vec!["One.", "Two “quoted”."],
            vec![],
            vec!["Three"],
            vec!["", "Five", ""],
        ];
        let mut all: Vec<Paragraphs> = texts.iter().map(|t| Paragraphs::from(t.clone())).collect();
        Paragraphs::share(&mut all.iter_mut().collect::<Vec<_>>());
        for (p, t) in all.iter().zip(&texts) {
            assert_eq!(p, t);
            assert_eq!(p.get(t.len()), None);
            assert_eq!(format!("{p:?}"), format!("{t:?}"));
        }
        assert!(
            all.windows(2)
                .all(|w| Arc::ptr_eq(&w[0].chunk, &w[1].chunk))
        );
        assert_eq!(all[0].chunk.text, "One.Two “quoted”.ThreeFive");
        // Shared again with others, as a cache record's articles are: still the same.
        let mut more = vec![
            all[3].clone(),
            Paragraphs::from(vec!["Six"]),
            all[0].clone(),
        ];
        Paragraphs::share(&mut more.iter_mut().collect::<Vec<_>>());
        assert_eq!(
            more,
            [
                all[3].clone(),
                Paragraphs::from(vec!["Six"]),
                all[0].clone()
            ]
        );
        assert_eq!(more[2].chunk.text, "FiveSixOne.Two “quoted”.");
    }

    #[test]
    fn the_mentions_found_again_are_those_the_counts_were_made_from() {
        let recognizer = Recognizer::shared().unwrap();
        let mut raw = crate::store::load::load_sample().articles;
        raw.extend((0..40).map(|i| {
            RawArticle::plain(
                format!("g{i}"),
                format!(
                    "Zentrix Networks {i}\n\nShares of Zentrix Networks rose. Intel and Cisco \
                     said so; Inspur too. Zentrix Networks, IBM's rival, said part {i}."
                ),
            )
        }));
        let mut listed = RawArticle::plain("listed", "A deal\n\nIntel bought it.");
        listed.meta.companies = vec!["Zorblax Widgets".into()];
        raw.push(listed);
        let store = ArticleStore::build(raw, &recognizer);
        let mut seen = 0;
        for a in &store.articles {
            let mentions = store.mentions(a);
            // Built here, not by `Article::texts`, so that a mistake there shows.
            let texts: Vec<&str> = std::iter::once(a.title.as_str())
                .chain(a.paragraphs.iter())
                .collect();
            let found = recognizer.find(&texts);
            assert_eq!(mentions.len(), found.mentions().len(), "{}", a.origin);
            // Each at its place, numbered as the store numbers its company.
            for (m, f) in mentions.iter().zip(found.mentions()) {
                assert_eq!((m.text(), m.range()), (f.text, f.range.clone()));
                assert_eq!(store.companies[m.company as usize].name, &**f.company);
            }
            // As many of each company as the article's count; a company only listed, none.
            for count in &a.companies {
                let n = mentions
                    .iter()
                    .filter(|m| m.company == count.company)
                    .count();
                let listed_only = n == 0 && count.mentions == 1;
                assert!(n == count.mentions as usize || listed_only, "{}", a.origin);
            }
            assert!(
                mentions
                    .iter()
                    .all(|m| a.companies.iter().any(|c| c.company == m.company))
            );
            seen += mentions.len();
        }
        assert!(seen > 200, "{seen}");
        let zentrix = store
            .companies
            .iter()
            .position(|c| c.name == "Zentrix Networks");
        let zentrix = CompanyId::try_from(zentrix.expect("a rule found it")).unwrap();
        // A company a rule found (no gazetteer entry) is mentioned, under the store's number.
        let last = &store.articles[store.articles.len() - 2];
        let of_zentrix = |m: &&ArticleMention| m.company == zentrix;
        assert!(store.mentions(last).iter().filter(of_zentrix).count() >= 2);
        // A store made otherwise has no recogniser: no mentions, and no panic.
        let empty = ArticleStore::default();
        assert!(empty.mentions(&store.articles[0]).is_empty());
    }

    #[test]
    fn mentions_of_one_company_count_together_whatever_their_keys_address() {
        use crate::companies::MentionRef;
        let mention = |company, key, start: usize| MentionRef {
            company,
            key,
            text: 1,
            range: start..start + 3,
        };
        let (inspur, ibm): (Arc<str>, Arc<str>) = ("Inspur".into(), "IBM".into());
        // Two keys of one company, equal but not the same allocation.
        let (key, same_key, ibm_key): (Arc<str>, Arc<str>, Arc<str>) =
            ("inspur".into(), "inspur".into(), "ibm".into());
        let found = [
            mention(&inspur, &key, 0),
            mention(&ibm, &ibm_key, 10),
            mention(&inspur, &same_key, 20),
            mention(&inspur, &key, 30),
        ];
        let mut numbers = PieceNumbers::default();
        let mut counting = Counting::default();
        count_mentions(found.into_iter(), &mut numbers, &mut counting);
        let counts = counting.counts;
        assert_eq!(
            counts,
            [
                CompanyCount {
                    company: 0,
                    mentions: 3
                },
                CompanyCount {
                    company: 1,
                    mentions: 1
                },
            ]
        );
        assert_eq!(numbers.companies.len(), 2);
    }

    #[test]
    fn a_builder_makes_the_room_it_is_told_of_and_lets_an_impossible_guess_go() {
        let mut builder = StoreBuilder::new(Recognizer::shared().unwrap());
        builder.make_room_for(1000);
        assert!(builder.capacity() >= 1000);
        // No room can hold this many: the guess is let go, nothing panics.
        builder.make_room_for(usize::MAX);
        builder.make_room_for(usize::MAX / 2);
        assert!(builder.capacity() >= 1000);
        let recognizer = Recognizer::bundled().unwrap();
        let raw = (0..3).map(|i| RawArticle::plain(format!("a{i}"), format!("Cisco story {i}.")));
        builder.push(parse_many(raw, &recognizer));
        // A guess below what is there changes nothing.
        builder.make_room_for(1);
        let store = builder.finish();
        assert_eq!(store.len(), 3);
        assert_eq!(
            store.articles.capacity(),
            3,
            "the room left over is given back"
        );
    }

    #[test]
    fn parsing_on_several_threads_keeps_load_order() {
        let raw: Vec<RawArticle> = (0..200)
            .map(|i| {
                RawArticle::plain(
                    format!("a{i}"),
                    format!("Headline {i}\n\nCisco met Inspur, story {i}."),
                )
            })
            .collect();
        let recognizer = Recognizer::shared().unwrap();
        let counted = std::sync::atomic::AtomicUsize::new(0);
        let indexed = |pieces: Vec<Parsed>| {
            let mut builder = StoreBuilder::new(Arc::clone(&recognizer));
            for piece in pieces {
                builder.push(piece);
            }
            builder.finish()
        };
        let one = parse_all(raw.clone(), &recognizer, 1, &counted);
        let three = parse_all(raw, &recognizer, 3, &counted);
        assert_eq!(counted.into_inner(), 400);
        assert_eq!((one.len(), three.len()), (1, 3));
        // Each piece numbers its companies on its own; the store numbers them all the same.
        let (one, three) = (indexed(one), indexed(three));
        assert_eq!(one.len(), 200);
        for (a, b) in one.articles.iter().zip(&three.articles) {
            assert_eq!(
                (&a.origin, &a.title, &a.companies, one.mentions(a)),
                (&b.origin, &b.title, &b.companies, three.mentions(b))
            );
        }
        let names = |store: &ArticleStore| -> Vec<String> {
            store.companies.iter().map(|c| c.name.clone()).collect()
        };
        assert_eq!(names(&one), names(&three));
        assert_eq!(names(&one), ["Cisco", "Inspur"]);
        let store = ArticleStore::build(
            (0..100)
                .map(|i| RawArticle::plain(format!("a{i}"), format!("H {i}\n\nIntel {i}.")))
                .collect(),
            &recognizer,
        );
        let ids: Vec<ArticleId> = store.articles.iter().map(|a| a.id).collect();
        assert_eq!(ids, (0..100).collect::<Vec<_>>());
        assert_eq!(store.articles[42].origin, "a42");
        assert_eq!(store.companies[0].articles.len(), 100);
    }
}
