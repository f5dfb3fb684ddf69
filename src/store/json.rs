//! Articles from JSON and JSON Lines exports.
//!
//! Each record is read into a [`serde_json::Value`] (`serde_json` stops at 128 levels of
//! nesting, so hostile depth is an error, not a stack overflow) and then its fields are
//! picked out by the names exports really use. A bad record is a [`JsonProblem`]; the
//! others still load.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::date::Date;
use crate::store::Meta;

/// One article found in a JSON or JSON Lines input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonArticle {
    /// Title, date, source… as the record gives them.
    pub meta: Meta,
    /// The text, as written (paragraphs given as a list are joined with blank lines).
    pub body: String,
    /// 1-based line for JSON Lines, None for .json.
    pub line: Option<usize>,
    /// 0-based index in a top-level array, None otherwise.
    pub index: Option<usize>,
    /// Where its line (JSON Lines) or its item (an array) starts in the text given, in bytes, a
    /// byte-order mark counted: what finds it again in a large file without reading all before.
    pub offset: Option<usize>,
}

/// A record that could not be read, with a one-line reason ("line 7: expected `,` or `}`
/// at column 12", "item 3: field `title` is a number, expected a string").
///
/// Items of a top-level array are counted from 1 in `reason` (as a person counts), from
/// 0 in `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based line: the JSON Lines line, the line of a syntax error, or the line an
    /// array item starts on.
    pub line: Option<usize>,
    /// 0-based index in a top-level array, None otherwise.
    pub index: Option<usize>,
    /// What is wrong, in one line.
    pub reason: String,
}

/// Reads a .json input: one article object, or an array of them, bare or wrapped in an object
/// as APIs and feeds give them (see [`wrapper_of`]).
///
/// An array, bare or the list an object wraps (found by [`WrapScanner`]), is read item by item
/// ([`parse_json_items_from`]): a bad item, even one that is not JSON, is a problem for that
/// item alone. Anywhere else in an object, a syntax error is a single problem for the whole
/// input.
#[must_use]
pub fn parse_json(text: &str) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    // An array's items are placed in the text as given, the mark included (the scanner skips it).
    let whole = text;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('[') {
        let at = ItemsAt {
            line: 1,
            column: 1,
            item: 0,
        };
        return read_list(whole, 0..whole.len(), at, None);
    }
    // A list an object wraps is read as a bare array is, item by item: a bad item is a problem
    // for it alone.
    let mut scanner = WrapScanner::new();
    scanner.feed(whole.as_bytes());
    if let Some(list) = scanner.finish()
        && let (Ok(open), Ok(end)) = (usize::try_from(list.open), usize::try_from(list.end))
        && whole.get(open..end).is_some()
    {
        return read_list(whole, open..end, list.at, None);
    }
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    match read_object(text) {
        Err(e) => problems.push(whole_input_problem(&e)),
        // A list the scanner did not take: an empty one, or one beside more than it keeps.
        Ok(Object::Wraps(path)) => {
            let items = path
                .iter()
                .try_fold(text, |object, key| raw_member(object, key));
            match items {
                Some(items) => {
                    // A slice of `whole`.
                    let start = items.as_ptr().addr().saturating_sub(whole.as_ptr().addr());
                    let (line, column) = LineCounter::new(whole).position(items);
                    let at = ItemsAt {
                        line,
                        column,
                        item: 0,
                    };
                    return read_list(whole, start..start + items.len(), at, Some(&path));
                }
                None => problems.push(JsonProblem {
                    line: None,
                    index: None,
                    reason: format!("cannot find the list `{}` again", path.join(".")),
                }),
            }
        }
        Ok(Object::Article(Ok((meta, body)))) => articles.push(JsonArticle {
            meta,
            body,
            line: None,
            index: None,
            offset: None,
        }),
        Ok(Object::Article(Err(reason))) => problems.push(JsonProblem {
            line: None,
            index: None,
            reason,
        }),
    }
    (articles, problems)
}

/// What a .json input that is not an array holds.
enum Object {
    /// One article (or why it is none).
    Article(Result<(Meta, String), String>),
    /// A list of articles, under this key, or under this key of the object under the first
    /// (see [`wrapper_of`]).
    Wraps(Vec<String>),
}

/// Reads a .json input that is not an array. A flat record (no list or object inside) wraps
/// nothing; any other is parsed once, and an object that wraps a list is then looked at again
/// only for its items' places ([`raw_member`]).
fn read_object(text: &str) -> serde_json::Result<Object> {
    if let Some(read) = flat_article(text) {
        return Ok(Object::Article(read));
    }
    Ok(match read_value_deep(text)? {
        Value::Object(object) => match wrapper_of(&object) {
            Some(path) => Object::Wraps(path),
            None => Object::Article(article_from_object(object)),
        },
        other => Object::Article(Err(format!(
            "expected an object or an array of objects, found {}",
            kind(&other)
        ))),
    })
}

/// The names under which an API or a feed wraps its list of articles in an object: News API's
/// `articles`, JSON Feed's `items`, and the `results`, `data`, `docs`, `entries`, `stories`,
/// `posts` of others.
const WRAPPERS: &[&str] = &[
    "articles", "items", "results", "data", "docs", "entries", "stories", "posts",
];

/// The key under which `object` wraps its list of articles, when it has no body of its own and
/// a list of objects under one of the [`WRAPPERS`]: `{"status": "ok", "articles": [...]}`. A
/// feed's own title and description beside the list do not make it an article. The list may be
/// one level down, in an object of the same kind, as the APIs of the Guardian
/// (`{"response": {"results": [...]}}`) and The New York Times (`{"response": {"docs": [...]}}`)
/// give it: then the two keys.
fn wrapper_of(object: &Map<String, Value>) -> Option<Vec<String>> {
    let has_body = |object: &Map<String, Value>| {
        object
            .keys()
            .any(|key| matches!(field_of(key), Some((Field::Body, rank)) if rank < FIRST_SUMMARY))
    };
    let article_like = |object: &Map<String, Value>| {
        object
            .keys()
            .any(|key| matches!(field_of(key), Some((Field::Title | Field::Body, _))))
    };
    // A list of objects: `{"title": "X", "data": [1, 2]}` is an article with a list.
    let of_objects = |value: &Value| {
        value
            .as_array()
            .and_then(|items| items.first())
            .is_some_and(Value::is_object)
    };
    let empty = |value: &Value| value.as_array().is_some_and(Vec::is_empty);
    if has_body(object) {
        return None;
    }
    list_path(object, of_objects, |o| !has_body(o))
        // An empty list (a search that found nothing), in an object with neither a title nor a
        // text: the list, with nothing to read in it, rather than an article without a text.
        .or_else(|| list_path(object, empty, |o| !article_like(o)))
}

/// The key path of a list under one of the [`WRAPPERS`] whose value `holds` takes: in `object`,
/// or one level down, each only in an object that `may_wrap`.
fn list_path(
    object: &Map<String, Value>,
    holds: impl Fn(&Value) -> bool,
    may_wrap: impl Fn(&Map<String, Value>) -> bool,
) -> Option<Vec<String>> {
    let under = |object: &Map<String, Value>| {
        WRAPPERS.iter().find_map(|wrapper| {
            object
                .iter()
                .find(|(key, value)| key.trim().eq_ignore_ascii_case(wrapper) && holds(value))
                .map(|(key, _)| key.clone())
        })
    };
    if may_wrap(object)
        && let Some(key) = under(object)
    {
        return Some(vec![key]);
    }
    object.iter().find_map(|(outer, value)| {
        let inner = value.as_object().filter(|inner| may_wrap(inner))?;
        under(inner).map(|key| vec![outer.clone(), key])
    })
}

/// The text of the member `key` of the object `text` (a slice of it).
fn raw_member<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let members: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    members.get(key).map(|raw| raw.get())
}

/// Reads the list `whole[list]`, whose `[` is where `at` says, item by item as a bare array is
/// ([`parse_json_items_from`]), the items' offsets in `whole`; a list with nothing in it is a
/// problem (`path`: the keys it is under).
fn read_list(
    whole: &str,
    list: std::ops::Range<usize>,
    at: ItemsAt,
    path: Option<&[String]>,
) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let (mut articles, mut problems) =
        parse_json_items_from(whole.get(list.clone()).unwrap_or_default(), at, true);
    for article in &mut articles {
        article.offset = article.offset.map(|offset| offset + list.start);
    }
    // Nothing read, nothing wrong (a list cut short, say): `[]`.
    if articles.is_empty() && problems.is_empty() {
        problems.push(empty_list(path));
    }
    (articles, problems)
}

/// Where a piece of a JSON array's text starts in its file: the line and the column (1-based,
/// in bytes) of its first byte, and the index of the first item it holds, counted from 0. The
/// first piece of an array (item 0) starts before the array's `[`; any other starts just after
/// a comma between two items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemsAt {
    pub line: usize,
    pub column: usize,
    pub item: usize,
}

/// What [`ItemScanner`] finds in the text of a JSON array: byte offsets in the text it scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The `[` that opens the array.
    Open(usize),
    /// A comma between two items.
    Comma(usize),
    /// The `]` that closes the array.
    Close(usize),
    /// Something other than white space (or a byte-order mark) before the array opens, or after
    /// it has closed.
    Stray(usize),
}

/// Finds where the items of a JSON array begin and end without parsing them: the commas and
/// brackets at the array's own level, outside strings. A text can be scanned as it grows, a
/// piece at a time: the scanner keeps its place and its state (inside a string or not, how
/// deeply nested) between calls. Inside a string, which is most of an article's bytes, it
/// jumps from one quote or backslash to the next with memchr.
///
/// It checks no more than it must to split: each item is then parsed on its own, and a
/// malformed one is a problem for that item alone.
#[derive(Debug, Clone, Copy)]
pub struct ItemScanner {
    /// The offset of the next byte to look at: one past the end of the text when a backslash
    /// ends it (the byte it escapes comes with the next piece).
    pub at: usize,
    depth: u32,
    in_string: bool,
    closed: bool,
}

impl ItemScanner {
    /// For a text that starts before the array (white space and a byte-order mark may come
    /// first).
    #[must_use]
    pub const fn before_array() -> Self {
        ItemScanner {
            at: 0,
            depth: 0,
            in_string: false,
            closed: false,
        }
    }

    /// For a text that starts inside the array, just after a comma between two items.
    #[must_use]
    pub const fn between_items() -> Self {
        ItemScanner {
            depth: 1,
            ..Self::before_array()
        }
    }

    /// The next mark in `bytes` from [`ItemScanner::at`] on; `None` once every byte is scanned
    /// (the text may go on: scan it again when it has grown).
    pub fn next(&mut self, bytes: &[u8]) -> Option<Mark> {
        let len = bytes.len();
        while self.at < len {
            if self.in_string {
                match memchr::memchr2(b'"', b'\\', &bytes[self.at..]) {
                    None => self.at = len,
                    Some(k) => {
                        let i = self.at + k;
                        if bytes[i] == b'\\' {
                            self.at = i + 2;
                        } else {
                            self.in_string = false;
                            self.at = i + 1;
                        }
                    }
                }
                continue;
            }
            let i = self.at;
            let b = bytes[i];
            self.at = i + 1;
            if self.depth == 0 {
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' => {}
                    0xef if !self.closed && bytes[i..].starts_with(b"\xef\xbb\xbf") => {
                        self.at = i + 3;
                    }
                    b'[' if !self.closed => {
                        self.depth = 1;
                        return Some(Mark::Open(i));
                    }
                    _ => return Some(Mark::Stray(i)),
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.closed = true;
                        return Some(Mark::Close(i));
                    }
                }
                b',' if self.depth == 1 => return Some(Mark::Comma(i)),
                _ => {}
            }
        }
        None
    }
}

/// Where the list of articles an object wraps ([`wrapper_of`]) is in a large JSON file: what
/// [`WrapScanner`] finds, for the list to be read in blocks as an array is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAt {
    /// The byte offset of its `[` in the file.
    pub open: u64,
    /// The byte offset just after its `]`.
    pub end: u64,
    /// The line and column (1-based, in bytes) of its `[`, and item 0: where its first block
    /// starts.
    pub at: ItemsAt,
}

/// Finds, in the text of a JSON object fed to it a piece at a time, the list of articles it
/// wraps, without holding the text: a list of a million articles is read in blocks on every
/// core, as a bare array is, rather than whole into memory on one thread.
///
/// It keeps the object's skeleton: its text with the contents of every list that is the value
/// of a member (of the object, or of an object that is a member of it) cut to `{}` when its
/// first item is an object, to `0` when it is something else, and to nothing when the list is
/// empty. The skeleton answers [`wrapper_of`] as the whole object does: that looks no deeper
/// than one object down, and at a list's first item only. Lists deeper down are kept as they
/// are. A skeleton larger than [`SKELETON_MAX`] gives up (the file is read whole).
///
/// Strings are crossed with memchr, as [`ItemScanner`] crosses them.
#[derive(Debug, Default)]
pub struct WrapScanner {
    skeleton: Vec<u8>,
    /// Each list cut: where its `[` is in `skeleton`, and where it was in the file.
    lists: Vec<(usize, ListAt)>,
    /// The file offset of the next piece's first byte.
    offset: u64,
    /// Newlines before the next piece, and the file offset after the last of them.
    newlines: usize,
    line_start: u64,
    /// How deeply nested the scan is, and whether each of the first two levels is an object.
    depth: u32,
    objects: [bool; 2],
    /// How many bytes of a byte-order mark the text has started with.
    bom: u64,
    started: bool,
    string: InString,
    /// The list being cut, if the scan is inside one.
    cut: Option<Cut>,
    /// Set when the text is not an object or its skeleton too large: no list is found.
    failed: bool,
}

/// Where a scan is with respect to strings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum InString {
    #[default]
    No,
    Yes,
    /// Just after a backslash in one.
    Escaped,
}

impl InString {
    /// From `i` in `bytes`, inside a string (or not, then nothing is crossed), crosses string
    /// bytes up to the string's end or the end of `bytes`: the offset after what it crossed.
    fn cross(&mut self, bytes: &[u8], i: usize) -> usize {
        match *self {
            InString::No => i,
            InString::Escaped => {
                *self = InString::Yes;
                i + 1
            }
            InString::Yes => match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                None => bytes.len(),
                Some(k) => {
                    if bytes[i + k] == b'\\' {
                        *self = InString::Escaped;
                    } else {
                        *self = InString::No;
                    }
                    i + k + 1
                }
            },
        }
    }
}

/// A list [`WrapScanner`] is cutting.
#[derive(Debug)]
struct Cut {
    /// Where its `[` is in the skeleton, and where it was in the file.
    at: usize,
    list: ListAt,
    /// Nesting inside it (1: the list's own level).
    depth: u32,
    string: InString,
    /// Its first item has not started yet.
    first: bool,
}

/// The largest skeleton [`WrapScanner`] keeps: an object's own members besides its list are a
/// few lines.
pub const SKELETON_MAX: usize = 1 << 20;

impl WrapScanner {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Scans the next piece of the text; false once it is known that no list will be found.
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        if !self.failed {
            self.failed = !self.scan(bytes);
        }
        let newlines = memchr::memchr_iter(b'\n', bytes).count();
        if let Some(last) = memchr::memrchr(b'\n', bytes) {
            self.line_start = self.offset + last as u64 + 1;
        }
        self.newlines += newlines;
        self.offset += bytes.len() as u64;
        !self.failed
    }

    fn scan(&mut self, bytes: &[u8]) -> bool {
        let mut i = 0;
        while i < bytes.len() {
            if self.cut.is_some() {
                i = self.cut_on(bytes, i);
            } else if self.string == InString::No {
                if !self.structure(bytes, i) {
                    return false;
                }
                i += 1;
            } else {
                let next = self.string.cross(bytes, i);
                self.skeleton.extend_from_slice(&bytes[i..next]);
                i = next;
            }
            if self.skeleton.len() > SKELETON_MAX {
                return false;
            }
        }
        true
    }

    /// Takes the byte at `i`, outside strings and lists cut: false when the text cannot be an
    /// object.
    fn structure(&mut self, bytes: &[u8], i: usize) -> bool {
        let b = bytes[i];
        if !self.started {
            // A byte-order mark, which a piece may cut.
            let place = self.offset + i as u64;
            if place == self.bom && place < 3 && b == b"\xef\xbb\xbf"[place as usize] {
                self.bom += 1;
                return true;
            }
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'{') {
                return false;
            }
            self.started = b == b'{';
        }
        match b {
            b'"' => self.string = InString::Yes,
            b'[' if matches!(self.depth, 1 | 2) && self.objects[self.depth as usize - 1] => {
                self.open_cut(bytes, i);
                return true;
            }
            b'[' | b'{' => {
                if let Some(level) = self.objects.get_mut(self.depth as usize) {
                    *level = b == b'{';
                }
                self.depth += 1;
            }
            b']' | b'}' => match self.depth.checked_sub(1) {
                Some(depth) => self.depth = depth,
                None => return false,
            },
            _ => {}
        }
        self.skeleton.push(b);
        true
    }

    /// Starts cutting the list whose `[` is at `i`: the value of a member.
    fn open_cut(&mut self, bytes: &[u8], i: usize) {
        self.skeleton.push(b'[');
        let open = self.offset + i as u64;
        let column = match memchr::memrchr(b'\n', &bytes[..i]) {
            Some(last) => i - last,
            None => usize::try_from(open - self.line_start)
                .unwrap_or(usize::MAX)
                .saturating_add(1),
        };
        let line = 1 + self.newlines + memchr::memchr_iter(b'\n', &bytes[..i]).count();
        self.cut = Some(Cut {
            at: self.skeleton.len() - 1,
            list: ListAt {
                open,
                end: open,
                at: ItemsAt {
                    line,
                    column,
                    item: 0,
                },
            },
            depth: 1,
            string: InString::No,
            first: true,
        });
    }

    /// Scans on from `i` inside the list being cut, up to its end or the end of `bytes`: the
    /// offset after what it scanned.
    fn cut_on(&mut self, bytes: &[u8], mut i: usize) -> usize {
        let Some(cut) = &mut self.cut else {
            return bytes.len();
        };
        while i < bytes.len() {
            if cut.string != InString::No {
                i = cut.string.cross(bytes, i);
                continue;
            }
            let b = bytes[i];
            i += 1;
            if cut.first && !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                cut.first = false;
                match b {
                    b'{' => self.skeleton.extend_from_slice(b"{}"),
                    b']' => {}
                    _ => self.skeleton.push(b'0'),
                }
            }
            match b {
                b'"' => cut.string = InString::Yes,
                b'[' | b'{' => cut.depth += 1,
                b']' | b'}' => {
                    cut.depth -= 1;
                    if cut.depth == 0 {
                        self.skeleton.push(b']');
                        let mut list = cut.list;
                        list.end = self.offset + i as u64;
                        self.lists.push((cut.at, list));
                        self.cut = None;
                        return i;
                    }
                }
                _ => {}
            }
        }
        i
    }

    /// Once the whole text is fed: where the list of articles the object wraps is, when it
    /// wraps one of objects; `None` for anything else (an article, an empty list, text that is
    /// not an object or not JSON), which is read whole.
    #[must_use]
    pub fn finish(self) -> Option<ListAt> {
        if self.failed || !self.started || self.depth != 0 || self.cut.is_some() {
            return None;
        }
        // No list of objects, nothing to read the skeleton for (an article, most often).
        if !self
            .lists
            .iter()
            .any(|&(at, _)| self.skeleton.get(at + 1) == Some(&b'{'))
        {
            return None;
        }
        let skeleton = std::str::from_utf8(&self.skeleton).ok()?;
        let Ok(Object::Wraps(path)) = read_object(skeleton) else {
            return None;
        };
        let list = path
            .iter()
            .try_fold(skeleton, |object, key| raw_member(object, key))?;
        let at = list.as_ptr().addr().checked_sub(skeleton.as_ptr().addr())?;
        // A list of objects: an empty one is read whole, and says so.
        if !list.starts_with("[{") {
            return None;
        }
        self.lists
            .iter()
            .rev()
            .find(|(cut, _)| *cut == at)
            .map(|(_, list)| *list)
    }
}

/// Reads the items of a JSON array, or of a piece of one that starts where `at` says: each item
/// on its own, so that a malformed item (even one that is not JSON) is a problem for it alone
/// and every other still loads. `whole`: the text is the whole array, so one that does not
/// close is a problem (for a piece, its reader tells).
///
/// Pieces of one array, read each on its own, give what the whole array read at once gives:
/// a large array is read in blocks on every core.
#[must_use]
pub fn parse_json_items_from(
    text: &str,
    at: ItemsAt,
    whole: bool,
) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let bytes = text.as_bytes();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut scanner = if at.item == 0 {
        ItemScanner::before_array()
    } else {
        ItemScanner::between_items()
    };
    // Where the item being scanned starts (`None` before the array opens and after it closes).
    let mut piece = (at.item != 0).then_some(0);
    let mut index = at.item;
    let mut lines = LineCounter::new(text);
    // The line and column in the file of an offset in `text`.
    let mut place = |offset: usize| {
        let (line, column) = lines.position(&text[offset..]);
        let column = if line == 1 {
            at.column + column - 1
        } else {
            column
        };
        (at.line + line - 1, column)
    };
    let mut item = |start: usize, end: usize, index: usize, ended: bool| {
        let raw = text[start..end].trim_start();
        let offset = end - raw.len();
        let raw = raw.trim_end();
        if raw.is_empty() {
            if ended {
                let (line, _) = place(offset);
                problems.push(JsonProblem {
                    line: Some(line),
                    index: Some(index),
                    reason: format!("item {}: empty (a comma too many)", index + 1),
                });
            }
            return;
        }
        let (line, column) = place(offset);
        match read_item(raw, line, column) {
            Ok((meta, body)) => articles.push(JsonArticle {
                meta,
                body,
                line: None,
                index: Some(index),
                offset: Some(offset),
            }),
            Err(reason) => problems.push(JsonProblem {
                line: Some(line),
                index: Some(index),
                reason: format!("item {}: {reason}", index + 1),
            }),
        }
    };
    let mut closed = false;
    loop {
        match scanner.next(bytes) {
            Some(Mark::Open(i)) => piece = Some(i + 1),
            Some(Mark::Comma(i)) => {
                if let Some(start) = piece {
                    item(start, i, index, true);
                }
                index += 1;
                piece = Some(i + 1);
            }
            Some(Mark::Close(i)) => {
                if let Some(start) = piece {
                    // `[ ]` holds no item; `[{…}, ]` one, and a comma too many.
                    let first_and_blank = index == 0 && text[start..i].trim().is_empty();
                    if !first_and_blank {
                        item(start, i, index, true);
                    }
                }
                piece = None;
                closed = true;
            }
            Some(Mark::Stray(i)) => {
                let (line, column) = place(i);
                let reason = if closed {
                    "text after the list's closing `]`"
                } else {
                    "expected a list of articles"
                };
                problems.push(JsonProblem {
                    line: Some(line),
                    index: None,
                    reason: format!("line {line}: {reason} at column {column}"),
                });
                break;
            }
            None => {
                // The last item of a piece that ends inside the array: a whole array cut short
                // (its reader tells which), or a piece that ends with a comma (nothing left).
                if let Some(start) = piece {
                    item(start, bytes.len(), index, false);
                }
                if whole && !closed {
                    problems.push(unclosed_list(at.line + text.matches('\n').count()));
                }
                break;
            }
        }
    }
    (articles, problems)
}

/// The problem of a list of articles with nothing in it: `[]`, or `{"articles": []}` (its key
/// path given).
fn empty_list(path: Option<&[String]>) -> JsonProblem {
    let reason = match path {
        Some(path) => format!("the list under `{}` is empty", path.join(".")),
        None => "the list of articles is empty".to_owned(),
    };
    JsonProblem {
        line: None,
        index: None,
        reason,
    }
}

/// The problem of an array that is not closed: the file ends (on line `line`) inside it.
#[must_use]
pub fn unclosed_list(line: usize) -> JsonProblem {
    JsonProblem {
        line: Some(line),
        index: None,
        reason: format!(
            "line {line}: the list of articles has no closing `]` (the file may have been cut short)"
        ),
    }
}

/// Reads a JSON Lines input: one article object per line; blank lines are skipped, CRLF
/// endings and a leading byte-order mark are fine.
#[must_use]
pub fn parse_json_lines(text: &str) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    parse_json_lines_from(text, 1)
}

/// [`parse_json_lines`] for lines of a file that start at line `first_line` (1-based).
#[must_use]
pub fn parse_json_lines_from(
    text: &str,
    first_line: usize,
) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let (text, mark) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    // Split at each newline with memchr's search (the standard library's `split` of a character
    // goes a word at a time), the piece after the last one included, as `split` gives it.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (n, end) in ends.enumerate() {
        let line = &text[start..end];
        // The first line from the file's start, its mark included (sanitising drops it).
        let offset = if start == 0 { 0 } else { mark + start };
        start = end + 1;
        let number = n + first_line;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let read = record_article(line, "an object")
            .unwrap_or_else(|e| Err(syntax_reason(&e, e.column())));
        match read {
            Ok((meta, body)) => articles.push(JsonArticle {
                meta,
                body,
                line: Some(number),
                index: None,
                offset: Some(offset),
            }),
            Err(reason) => problems.push(JsonProblem {
                line: Some(number),
                index: None,
                reason: format!("line {number}: {reason}"),
            }),
        }
    }
    (articles, problems)
}

/// The fields tidings reads from a record (and from Markdown front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Body,
    Date,
    Source,
    Url,
    Author,
    Companies,
}

/// The names each field goes by, best first: when a record has several, the first one
/// present (and not null) wins and the others are not looked at. Written as [`field_of`]
/// compares them: lowercase, without `_` (`publishedat` is `published_at` and `publishedAt`).
const FIELD_NAMES: &[(Field, &[&str])] = &[
    // The Guardian's API: `webTitle` beside its fields' `headline`.
    (Field::Title, &["title", "headline", "webtitle"]),
    (
        Field::Body,
        // news-please writes `maintext`, schema.org's NewsArticle `articleBody`; a feed's
        // `description` or `summary` is the text when nothing better is given.
        &[
            "body",
            "text",
            "content",
            "article",
            "fulltext",
            "maintext",
            "articlebody",
            "bodytext",
            "articletext",
            "story",
            "paragraphs",
            // JSON Feed's text, plain or as markup.
            "contenttext",
            "contenthtml",
            // From here, a summary: the text when nothing better is given (see `FIRST_SUMMARY`).
            // The New York Times' API gives no more than a lead paragraph and an abstract.
            "leadparagraph",
            "description",
            "summary",
            "abstract",
            "trailtext",
            "standfirst",
            "snippet",
        ],
    ),
    (
        Field::Date,
        &[
            "date",
            "published",
            "publishedat",
            "pubdate",
            "datetime",
            "createdat",
            // news-please, newspaper3k, schema.org.
            "datepublish",
            "publishdate",
            "datepublished",
            "publisheddate",
            // The Guardian.
            "webpublicationdate",
            "firstpublicationdate",
        ],
    ),
    (
        Field::Source,
        &[
            "source",
            "publisher",
            "site",
            "sitename",
            "outlet",
            "sourcedomain",
            "publication",
        ],
    ),
    (
        Field::Url,
        &[
            "url",
            "link",
            "permalink",
            "canonicalurl",
            "weburl",
            "shorturl",
        ],
    ),
    (Field::Author, &["author", "byline", "authors"]),
    (
        Field::Companies,
        &[
            "companies",
            "organizations",
            "organisations",
            "entities",
            "orgs",
            // The New York Times' API: its keywords named "organizations" (see `companies`).
            "keywords",
        ],
    ),
];

/// The rank of the first body name that is a summary, not the text (see [`FIELD_NAMES`]): a
/// feed's or an API's own description beside its list does not make it an article.
const FIRST_SUMMARY: usize = 13;

/// Which field a key names, and its rank among the field's names (0 is best). Case, `_` and
/// `-` aside, so that one name serves the spellings exports use: `published_at`,
/// `publishedAt` (News API), `published-at`, `PUBLISHED_AT`.
pub(super) fn field_of(key: &str) -> Option<(Field, usize)> {
    /// Longer than every name, squashed.
    const LONGEST: usize = 24;
    let key = key.trim();
    // Lowercasing can turn a non-ASCII character into an ASCII one (the Kelvin sign into 'k'):
    // the long way, as it is rare.
    let lowered;
    let key = if key.is_ascii() {
        key
    } else {
        lowered = key.to_lowercase();
        lowered.as_str()
    };
    // Every key of every record comes here: squashed into a buffer on the stack, not a copy.
    let mut squashed = [0u8; LONGEST];
    let mut len = 0;
    for b in key.bytes().filter(|&b| b != b'_' && b != b'-') {
        if len == LONGEST {
            return None;
        }
        squashed[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let squashed = &squashed[..len];
    field_named(|name| name.as_bytes() == squashed)
}

/// The first field one of whose names `is_key`, with that name's rank.
fn field_named(is_key: impl Fn(&str) -> bool) -> Option<(Field, usize)> {
    FIELD_NAMES.iter().find_map(|(field, names)| {
        names
            .iter()
            .position(|name| is_key(name))
            .map(|rank| (*field, rank))
    })
}

/// Which of a record's keys each field reads (`keys`: each key, or `None` when its value is
/// null): the one of the field's best-ranked name, and of two keys of one rank ("Title" and
/// "title") the least, the first in `serde_json`'s map order. Each field's key by its place in
/// `keys`.
fn field_keys<'k>(
    keys: impl Iterator<Item = Option<&'k str>>,
) -> [Option<usize>; FIELD_NAMES.len()] {
    let mut best: [Option<(usize, &str, usize)>; FIELD_NAMES.len()] = [None; FIELD_NAMES.len()];
    for (at, key) in keys.enumerate() {
        let Some(key) = key else {
            continue;
        };
        let Some((field, rank)) = field_of(key) else {
            continue;
        };
        let slot = &mut best[field as usize];
        if slot.is_none_or(|(best_rank, best_key, _)| {
            rank < best_rank || (rank == best_rank && key < best_key)
        }) {
            *slot = Some((rank, key, at));
        }
    }
    best.map(|slot| slot.map(|(_, _, at)| at))
}

/// Reads the fields of one record but its body, and names the key that holds the body (`None`
/// when it has none; front matter ignores it, its text comes from elsewhere).
pub(super) fn meta_from_object(
    object: &Map<String, Value>,
) -> Result<(Meta, Option<&str>), String> {
    let entries: Vec<(&str, &Value)> = object.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let chosen = field_keys(
        entries
            .iter()
            .map(|&(key, value)| (!value.is_null()).then_some(key)),
    );
    let get = |field: Field| chosen[field as usize].map(|at| entries[at]);

    let mut meta = Meta::default();
    if let Some((key, value)) = get(Field::Title) {
        meta.title = non_empty(string(key, value)?);
    }
    if let Some((key, value)) = get(Field::Date) {
        meta.date_text = match value {
            Value::Number(n) => Some(unix_date_text(n)),
            _ => non_empty(string(key, value)?),
        };
    }
    if let Some((key, value)) = get(Field::Source) {
        meta.source = match value {
            Value::Object(o) => non_empty(named(&format!("field `{key}`"), o)?),
            _ => non_empty(string(key, value)?),
        };
    }
    if let Some((key, value)) = get(Field::Url) {
        meta.url = non_empty(string(key, value)?);
    }
    if let Some((key, value)) = get(Field::Author) {
        meta.author = non_empty(authors(key, value)?);
    }
    if let Some((key, value)) = get(Field::Companies) {
        meta.companies = companies(key, value)?;
    }
    Ok((meta, get(Field::Body).map(|(key, _)| key)))
}

/// An article from one record: it needs a body or a title. The record is taken so that its body
/// is moved out, not copied.
pub(super) fn article_from_object(
    mut object: Map<String, Value>,
) -> Result<(Meta, String), String> {
    // The Guardian's API gives an article's text, byline and the like in an object `fields`
    // (as it is asked for them): read as the record's own, where the record has none.
    if let Some(Value::Object(_)) = object.get("fields")
        && let Some(Value::Object(fields)) = object.remove("fields")
    {
        for (key, value) in fields {
            object.entry(key).or_insert(value);
        }
    }
    let (meta, body_key) = meta_from_object(&object)?;
    let body = match body_key.map(str::to_owned) {
        Some(key) => object
            .remove(&key)
            .map(|value| body(&key, value))
            .transpose()?,
        None => None,
    };
    article_of(meta, body)
}

/// An article from a record's metadata and body: it needs a body or a title.
fn article_of(meta: Meta, body: Option<String>) -> Result<(Meta, String), String> {
    match body {
        Some(body) if !body.trim().is_empty() || meta.title.is_some() => Ok((meta, body)),
        None if meta.title.is_some() => Ok((meta, String::new())),
        Some(_) => Err("the body is empty and there is no title".to_owned()),
        None => Err("no body/text/content field".to_owned()),
    }
}

/// One raw item of a top-level array, starting at `line` and `column` of the input.
fn read_item(raw: &str, line: usize, column: usize) -> Result<(Meta, String), String> {
    match record_article(raw, "an object") {
        Ok(read) => read,
        // The raw text is well-formed; this is too much nesting or an out-of-range number.
        Err(e) => {
            let error_line = line + e.line().saturating_sub(1);
            let error_column = if e.line() <= 1 {
                column + e.column().saturating_sub(1)
            } else {
                e.column()
            };
            Err(format!(
                "line {error_line}: {}",
                syntax_reason(&e, error_column)
            ))
        }
    }
}

/// The article of one record's text, or why it is none: a flat record read straight
/// ([`flat_article`]), any other through `serde_json` ([`read_value_deep`]); something not an
/// object is refused as not being what was `expected`. The syntax error, when it is not JSON.
fn record_article(
    text: &str,
    expected: &str,
) -> serde_json::Result<Result<(Meta, String), String>> {
    if let Some(read) = flat_article(text) {
        return Ok(read);
    }
    Ok(match read_value_deep(text)? {
        Value::Object(object) => article_from_object(object),
        other => Err(format!("expected {expected}, found {}", kind(&other))),
    })
}

/// `serde_json::from_str::<Value>(text)`, the same value and the same errors: the tests' reading
/// of a record, flat ones through [`flat_record`], against which [`flat_article`] and
/// [`read_value_deep`] are held. A load reads a record with [`record_article`].
#[cfg(test)]
fn read_value(text: &str) -> serde_json::Result<Value> {
    if let Some(object) = flat_record(text) {
        return Ok(Value::Object(object));
    }
    read_value_deep(text)
}

/// `serde_json::from_str::<Value>(text)`, the same value and the same errors, faster for the
/// common record that is not flat (see [`flat_pairs`]): an object whose body is one string.
///
/// `serde_json` reads a string with escapes (every body has its `\n`s) into a buffer that starts
/// empty for each record and doubles as it fills, then copies it out: at 100k articles its
/// growing was 2% of a load's work and its fresh pages another 1.5%. Here a body's string is taken
/// raw and unescaped once into a string of the right size. Any record of another shape (a body
/// that is not a string, a top level that is not an object) and any record that fails is read
/// again by `serde_json` alone, so that what it gives and every message stay its own.
fn read_value_deep(text: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let fast = serde::Deserializer::deserialize_map(&mut de, FastRecord).and_then(|value| {
        de.end()?;
        Ok(value)
    });
    fast.or_else(|_| serde_json::from_str::<Value>(text))
}

/// `text` as `serde_json` reads it when it is an object whose values are strings or null and
/// whose keys do not start with a `$` (`Value` may give those a meaning); `None` for anything
/// else, and for anything `serde_json` would refuse, which it then reads itself. The map of
/// [`flat_pairs`], for the tests: a load makes the article straight from the pairs.
#[cfg(test)]
fn flat_record(text: &str) -> Option<Map<String, Value>> {
    let pairs = flat_pairs(text)?;
    Some(
        pairs
            .into_iter()
            .map(|(key, value)| {
                let value = value.map_or(Value::Null, |v| Value::String(v.into_owned()));
                (key.into_owned(), value)
            })
            .collect(),
    )
}

/// The keys and values (`None` for null) of `text` when it is a flat record, the commonest
/// record of all: an object whose values are strings or null and whose keys do not start with a
/// `$` (`Value` may give those a meaning); `None` for anything else, and for anything
/// `serde_json` would refuse. Each key once with its last value, as `serde_json`'s map keeps it;
/// borrowed from `text` where they have no escape.
///
/// One pass that finds each string's end and unescapes it, where `serde_json` went over the body
/// twice (once to find its end, once to copy it) through its general machinery, 6% of a load's
/// instructions.
fn flat_pairs(text: &str) -> Option<Vec<FlatPair<'_>>> {
    // JSON's whitespace, as serde_json skips it.
    let skip = |mut i: usize| {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = text.as_bytes().get(i) {
            i += 1;
        }
        i
    };
    let bytes = text.as_bytes();
    let mut i = skip(0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip(i + 1);
    let mut pairs: Vec<FlatPair<'_>> = Vec::with_capacity(8);
    if bytes.get(i) == Some(&b'}') {
        return (skip(i + 1) == bytes.len()).then_some(pairs);
    }
    loop {
        let (key, after) = str_at(text, i)?;
        if key.starts_with('$') {
            return None;
        }
        i = skip(after);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        i = skip(i + 1);
        let value = match bytes.get(i)? {
            b'"' => {
                let (value, after) = str_at(text, i)?;
                i = after;
                Some(value)
            }
            b'n' if bytes[i..].starts_with(b"null") => {
                i += 4;
                None
            }
            _ => return None,
        };
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => pairs.push((key, value)),
        }
        i = skip(i);
        match bytes.get(i)? {
            b',' => i = skip(i + 1),
            b'}' => return (skip(i + 1) == bytes.len()).then_some(pairs),
            _ => return None,
        }
    }
}

/// A key of a flat record and its value (`None` for null).
type FlatPair<'t> = (Cow<'t, str>, Option<Cow<'t, str>>);

/// The article of a flat record (see [`flat_pairs`]), exactly as [`article_from_object`] makes
/// it from the record's map; `None` when `text` is not one.
///
/// Made straight from the record's keys and values: the map cost an allocation for each key, its
/// nodes and its inserts, and [`meta_from_object`] copied each value it took (a dozen allocations
/// an article). Here keys are borrowed and the values taken are moved.
fn flat_article(text: &str) -> Option<Result<(Meta, String), String>> {
    let mut pairs = flat_pairs(text)?;
    // Chosen as `meta_from_object` chooses from the map.
    let chosen = field_keys(
        pairs
            .iter()
            .map(|(key, value)| value.as_ref().map(|_| &**key)),
    );
    // The key names the field in a message about its value.
    let companies_key = chosen[Field::Companies as usize].map(|at| pairs[at].0.clone());
    let mut take = |field: Field| -> Option<String> {
        let (_, value) = &mut pairs[chosen[field as usize]?];
        Some(value.take()?.into_owned())
    };
    let mut meta = Meta {
        title: take(Field::Title).and_then(non_empty),
        date_text: take(Field::Date).and_then(non_empty),
        source: take(Field::Source).and_then(non_empty),
        url: take(Field::Url).and_then(non_empty),
        author: take(Field::Author).and_then(non_empty),
        ..Meta::default()
    };
    if let Some(value) = take(Field::Companies) {
        let key = companies_key.as_deref().unwrap_or_default();
        meta.companies = match companies(key, &Value::String(value)) {
            Ok(names) => names,
            Err(e) => return Some(Err(e)),
        };
    }
    let body = take(Field::Body).map(body_text);
    Some(article_of(meta, body))
}

/// The string literal starting at byte `at` of `text` (a quote), unescaped, and the byte after
/// it; `None` when there is none there, or one `serde_json` would refuse (a control character, a
/// bad escape, a lone surrogate). One pass: each stretch up to a quote or a backslash is checked
/// and copied, each escape decoded; a string without an escape is borrowed from `text`.
fn str_at(text: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    // No control characters (the least byte, a fold without a branch that runs over whole words).
    let plain = |stretch: &[u8]| stretch.iter().fold(u8::MAX, |least, &b| least.min(b)) >= 0x20;
    let mut out = String::new();
    let mut done = at + 1;
    loop {
        // An escape right after an escape (the two `\n`s between paragraphs) needs no search.
        let stop = if bytes.get(done) == Some(&b'\\') {
            done
        } else {
            done + memchr::memchr2(b'"', b'\\', bytes.get(done..)?)?
        };
        if !plain(&bytes[done..stop]) {
            return None;
        }
        if bytes[stop] == b'"' {
            if out.capacity() == 0 {
                // No escape: the text itself.
                return Some((Cow::Borrowed(&text[done..stop]), stop + 1));
            }
            out.push_str(&text[done..stop]);
            return Some((Cow::Owned(out), stop + 1));
        }
        if out.capacity() == 0 {
            // Room for the rest of the record: the string cannot be longer.
            out.reserve(bytes.len() - done);
        }
        out.push_str(&text[done..stop]);
        let (c, after) = escape_at(text, stop)?;
        out.push(c);
        done = after;
    }
}

/// The character the escape at byte `at` of `text` (a backslash) stands for, and the byte after
/// it; `None` for a bad escape or a lone surrogate, which `serde_json` refuses.
fn escape_at(text: &str, at: usize) -> Option<(char, usize)> {
    let hex = |at: usize| {
        let digits = text.get(at..at + 4)?;
        // `from_str_radix` takes a sign; JSON does not.
        digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then_some(())?;
        u32::from_str_radix(digits, 16).ok()
    };
    let c = match *text.as_bytes().get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let first = hex(at + 2)?;
            if !(0xd800..=0xdbff).contains(&first) {
                return Some((char::from_u32(first)?, at + 6));
            }
            if text.get(at + 6..at + 8)? != "\\u" {
                return None;
            }
            let second = hex(at + 8)?;
            if !(0xdc00..=0xdfff).contains(&second) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00))?;
            return Some((c, at + 12));
        }
        _ => return None,
    };
    Some((c, at + 2))
}

/// Reads an object as `Value` does, but the strings of body fields through [`unescape`].
struct FastRecord;

impl<'de> serde::de::Visitor<'de> for FastRecord {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // `Value` gives keys naming its private tokens a meaning of their own.
            if key.starts_with('$') {
                return Err(A::Error::custom("a key for serde_json itself"));
            }
            let value = if matches!(field_of(&key), Some((Field::Body, _))) {
                let raw: &RawValue = map.next_value()?;
                // Not a plain string: `Value` reads it (and counts its depth from the top).
                let text = unescape(raw.get()).ok_or_else(|| A::Error::custom("not a string"))?;
                Value::String(text)
            } else {
                map.next_value()?
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The text of a JSON string literal (`raw`, quotes included, already checked by `serde_json`
/// but for lone surrogates) as `serde_json` gives it; `None` for anything else, or a lone
/// surrogate, which `serde_json` refuses.
fn unescape(raw: &str) -> Option<String> {
    str_at(raw, 0)
        .filter(|&(_, end)| end == raw.len())
        .map(|(text, _)| text.into_owned())
}

fn whole_input_problem(e: &serde_json::Error) -> JsonProblem {
    let line = (e.line() > 0).then_some(e.line());
    let reason = syntax_reason(e, e.column());
    JsonProblem {
        line,
        index: None,
        reason: match line {
            Some(line) => format!("line {line}: {reason}"),
            None => reason,
        },
    }
}

/// `serde_json`'s message without its position, then the column: "expected `,` or `}` at
/// column 12".
fn syntax_reason(e: &serde_json::Error, column: usize) -> String {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let message = if message.starts_with("recursion limit exceeded") {
        "nested too deeply"
    } else {
        message
    };
    if e.line() == 0 {
        message.to_owned()
    } else {
        format!("{message} at column {column}")
    }
}

/// Turns byte offsets of slices of one text into line and column numbers, going forward
/// only so that a whole array costs one pass over the text.
struct LineCounter<'a> {
    text: &'a str,
    /// Offset up to which lines have been counted.
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The 1-based line and column where `piece`, a slice of the text at or after the
    /// previous one, starts.
    fn position(&mut self, piece: &str) -> (usize, usize) {
        let start = piece
            .as_ptr()
            .addr()
            .saturating_sub(self.text.as_ptr().addr())
            .clamp(self.offset, self.text.len());
        let skipped = self.text.as_bytes().get(self.offset..start).unwrap_or(&[]);
        // memchr's vectorised search: a byte at a time, this count was 5% of a large array's
        // load (every byte of it is counted past).
        if let Some(last) = memchr::memrchr(b'\n', skipped) {
            self.line += memchr::memchr_iter(b'\n', skipped).count();
            self.line_start = self.offset + last + 1;
        }
        self.offset = start;
        (self.line, start - self.line_start + 1)
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(key: &str, value: &Value, expected: &str) -> String {
    format!("field `{key}` is {}, expected {expected}", kind(value))
}

pub(super) fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == text.len() {
        Some(text)
    } else {
        Some(trimmed.to_owned())
    }
}

fn string(key: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Object(o) => match rendered(o) {
            Some(s) => Ok(s.to_owned()),
            None => Err(wrong_type(key, value, "a string")),
        },
        _ => Err(wrong_type(key, value, "a string")),
    }
}

/// `body` without the note News API ends a cut text with ("…the deal… [+2345 chars]"): it is
/// the API's, not the article's, and read as a sentence it would end every such article.
fn without_cut_marker(mut body: String) -> String {
    let Some(count) = body
        .trim_end()
        .strip_suffix(" chars]")
        .and_then(|rest| rest.rfind("[+").map(|at| (at, &rest[at + 2..])))
        .filter(|(_, digits)| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .map(|(at, _)| at)
    else {
        return body;
    };
    body.truncate(count);
    body.truncate(body.trim_end().len());
    body
}

/// The text of a field given as an object: `WordPress`'s `{"rendered": "...", "protected":
/// false}`, as its REST API writes a post's title, content and excerpt, and The New York Times'
/// headline, `{"main": "...", "kicker": ...}`.
fn rendered(object: &Map<String, Value>) -> Option<&str> {
    ["rendered", "main"]
        .iter()
        .find_map(|key| object.get(*key).and_then(Value::as_str))
}

/// A body as text: one that is markup (a `WordPress` post's rendered content, JSON Feed's
/// `content_html`, a crawler's raw HTML) read as a web page's text is read; any other as it is.
pub(super) fn body_text(body: String) -> String {
    let body = without_cut_marker(body);
    let start = body.trim_start();
    // A tag first, and a tag closed (or a line broken) somewhere: text rarely starts so.
    let markup = start.starts_with('<') && (start.contains("</") || start.contains("<br"));
    if !markup {
        return body;
    }
    super::html::parse_html(&body).map_or(body, |page| page.text)
}

/// A key of an object, ignoring case.
fn member<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// The `name` of an object standing for a source, an author or a company.
/// `what` says where the object is: "field `source`", "field `authors` item 2".
fn named(what: &str, object: &Map<String, Value>) -> Result<String, String> {
    match member(object, "name") {
        Some(Value::String(name)) => Ok(name.clone()),
        Some(other) => Err(format!(
            "{what} has a `name` that is {}, expected a string",
            kind(other)
        )),
        None => Err(format!("{what} is an object without a `name`")),
    }
}

fn body(key: &str, value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(body_text(s)),
        Value::Object(ref o) if let Some(text) = rendered(o) => Ok(body_text(text.to_owned())),
        Value::Array(items) => {
            let mut paragraphs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => paragraphs.push(s.as_str()),
                    Value::Null => {}
                    other => {
                        return Err(format!(
                            "field `{key}` item {} is {}, expected a string",
                            i + 1,
                            kind(other)
                        ));
                    }
                }
            }
            Ok(paragraphs.join("\n\n"))
        }
        _ => Err(wrong_type(key, &value, "a string or a list of strings")),
    }
}

fn authors(key: &str, value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        // The New York Times' byline: `{"original": "By Jane Doe", "person": [...]}`.
        Value::Object(o) if let Some(Value::String(original)) = o.get("original") => {
            let names = original.trim();
            Ok(names
                .strip_prefix("By ")
                .or_else(|| names.strip_prefix("BY "))
                .unwrap_or(names)
                .to_owned())
        }
        Value::Object(o) => named(&format!("field `{key}`"), o),
        Value::Array(items) => {
            let mut names = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let name = match item {
                    Value::String(s) => s.clone(),
                    Value::Object(o) => named(&format!("field `{key}` item {}", i + 1), o)?,
                    Value::Null => continue,
                    other => {
                        return Err(format!(
                            "field `{key}` item {} is {}, expected a string or an object with a `name`",
                            i + 1,
                            kind(other)
                        ));
                    }
                };
                if let Some(name) = non_empty(name) {
                    names.push(name);
                }
            }
            Ok(names.join(", "))
        }
        _ => Err(wrong_type(key, value, "a string or a list of names")),
    }
}

/// Company names: a string, or a list of strings or of objects with a `name` (or a
/// `text`, as entity extractors write). Objects whose `type` (or `label`) says they are
/// not an organisation are skipped, so a list of all entities can be given.
fn companies(key: &str, value: &Value) -> Result<Vec<String>, String> {
    if key.trim().eq_ignore_ascii_case("keywords") {
        return Ok(organisation_keywords(value));
    }
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::String(_) | Value::Object(_) => std::slice::from_ref(value),
        _ => return Err(wrong_type(key, value, "a list of names")),
    };
    let mut seen = HashSet::new();
    let mut names = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_key = || format!("field `{key}` item {}", i + 1);
        let name = match item {
            Value::String(s) => s.clone(),
            Value::Object(o) => {
                let kind_of_entity = member(o, "type").or_else(|| member(o, "label"));
                if let Some(Value::String(kind)) = kind_of_entity
                    && !is_organisation(kind)
                {
                    continue;
                }
                match member(o, "name") {
                    Some(_) => named(&item_key(), o)?,
                    None => match member(o, "text") {
                        Some(Value::String(text)) => text.clone(),
                        _ => named(&item_key(), o)?,
                    },
                }
            }
            Value::Null => continue,
            other => {
                return Err(format!(
                    "field `{key}` item {} is {}, expected a string or an object with a `name`",
                    i + 1,
                    kind(other)
                ));
            }
        };
        if let Some(name) = non_empty(name)
            && seen.insert(name.clone())
        {
            names.push(name);
        }
    }
    Ok(names)
}

/// The organisations among The New York Times' keywords: `[{"name": "organizations", "value":
/// "Huawei Technologies Co Ltd", "rank": 1}, {"name": "subject", "value": "Banking"}]`.
/// Keywords of any other kind, and keywords as plain words (the topics other exports list), are
/// not companies.
fn organisation_keywords(value: &Value) -> Vec<String> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for item in items {
        let (Some(Value::String(kind)), Some(Value::String(name))) =
            (member_of(item, "name"), member_of(item, "value"))
        else {
            continue;
        };
        if is_organisation(kind)
            && let Some(name) = non_empty(name.clone())
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// [`member`] of a value that is an object.
fn member_of<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    value.as_object().and_then(|object| member(object, name))
}

fn is_organisation(kind: &str) -> bool {
    [
        "org",
        "organization",
        "organisation",
        "company",
        // The New York Times' keywords.
        "organizations",
    ]
    .iter()
    .any(|k| kind.trim().eq_ignore_ascii_case(k))
}

/// A date given as a number: Unix seconds, or milliseconds when too large to be seconds
/// (10^11 seconds is past the year 5000). Shown as ISO 8601 so that it reads as a date.
#[allow(clippy::cast_possible_truncation)] // checked: see the filter below
fn unix_date_text(n: &serde_json::Number) -> String {
    let seconds = n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.abs() < 9e18)
            .map(|f| f.floor() as i64)
    });
    seconds
        .map(|s| {
            if s.abs() >= 100_000_000_000 {
                s.div_euclid(1000)
            } else {
                s
            }
        })
        .and_then(Date::from_unix)
        .map_or_else(|| n.to_string(), |date| date.to_iso())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &str) -> (Meta, String) {
        (
            Meta {
                title: Some(title.to_owned()),
                ..Meta::default()
            },
            body.to_owned(),
        )
    }

    fn one(json: &str) -> Result<(Meta, String), String> {
        let (mut articles, mut problems) = parse_json(json);
        match (articles.pop(), problems.pop()) {
            (Some(a), None) if articles.is_empty() => Ok((a.meta, a.body)),
            (None, Some(p)) if problems.is_empty() => Err(p.reason),
            other => panic!("expected one result, got {other:?}"),
        }
    }

    #[test]
    fn records_read_as_serde_json_reads_them() {
        // Every escape, surrogate pairs and lone surrogates, bodies of other kinds, repeated
        // keys, keys serde_json gives a meaning, and broken records: the same value or the
        // same message as `serde_json` alone.
        let records = [
            r#"{"title":"t","body":"plain"}"#,
            r#"{"body":"a\"b\\c\/d\be\ff\ng\rh\ti","title":"t"}"#,
            r#"{"text":"caf\u00e9 \u20AC \ud83d\ude00 end\u0000"}"#,
            r#"{"body":"\ud83d alone"}"#,
            r#"{"body":"\ude00 alone"}"#,
            r#"{"body":"\ud83d\u0041"}"#,
            r#"{"body":"\ud83d"}"#,
            r#"{"body":"\u12"}"#,
            r#"{"body":"\u+123"}"#,
            r#"{"body":"bad \x escape"}"#,
            "{\"body\":\"raw \u{1} control\"}",
            r#"{"body":"unterminated}"#,
            r#"{"body":["one","two"],"content":"x"}"#,
            r#"{"body":null,"text":"second"}"#,
            r#"{"body":"first","body":"second"}"#,
            r#"{"body":"first","body":["second"]}"#,
            r#"{"body":5}"#,
            r#"{"body":{"nested":[[["deep"]]]}}"#,
            r#"{"$serde_json::private::RawValue":"{\"body\":\"x\"}"}"#,
            r#"{"$other":"x","body":"y"}"#,
            r#"{"body":"x"} trailing"#,
            r#"["not","an","object"]"#,
            r#""just a string""#,
            "{}",
            r#"{"body":"x","#,
            r#"{"Body":"cased","TEXT":"upper"}"#,
            r#"{"body":nul}"#,
            r#"{"body":nul }"#,
            r#"{"body":nullx}"#,
            r#"{"body": "x" , "title" : null }"#,
            r#"{"a\"b":"c","$":"d"}"#,
            r#"{"body":"x",}"#,
            r#"{"body":"x"}}"#,
            "\t{\"body\":\"x\"\n}\r\n",
            r#"{"":""}"#,
            r#"{"body":"x" "title":"y"}"#,
            r#"{"body":"ends in a backslash\"}"#,
        ];
        for record in records {
            let plain = serde_json::from_str::<Value>(record).map_err(|e| e.to_string());
            let fast = read_value(record).map_err(|e| e.to_string());
            assert_eq!(fast, plain, "{record}");
        }
        let deep = format!(r#"{{"body":{}"x"{}}}"#, "[".repeat(127), "]".repeat(127));
        assert_eq!(
            read_value(&deep).map_err(|e| e.to_string()),
            serde_json::from_str::<Value>(&deep).map_err(|e| e.to_string())
        );
        assert!(read_value(&deep).is_err(), "nested too deeply from the top");
        // The fast path is the one taken for a plain record (a fallback would pass the above too).
        let mut de = serde_json::Deserializer::from_str(records[1]);
        let fast = serde::Deserializer::deserialize_map(&mut de, FastRecord);
        assert_eq!(fast.ok(), serde_json::from_str::<Value>(records[1]).ok());
        assert_eq!(unescape(r#""a\nb""#).as_deref(), Some("a\nb"));
        assert_eq!(unescape(r#""\ud83d""#), None);
    }

    #[test]
    fn flat_records_read_as_serde_json_reads_them() {
        // A typical record takes the flat path (a fallback would pass the comparisons too).
        let typical = r#"{"title":"Cisco \"and\" Inspur","body":"One.\n\nTwo \u00e9 \ud83d\ude00.","date":"2024-01-02","author":null}"#;
        assert!(flat_record(typical).is_some());
        assert_eq!(
            read_value(typical).ok(),
            serde_json::from_str::<Value>(typical).ok()
        );
        // Records made at random from pieces that are valid, nearly valid or broken JSON: the
        // same value or the same message as serde_json's, whichever path read them.
        let pieces = [
            "{",
            "}",
            "\"",
            ":",
            ",",
            " ",
            "\t",
            "\n",
            "\r",
            "\\",
            "\\\"",
            "\\\\",
            "\\n",
            "\\u00e9",
            "\\ud83d",
            "\\ude00",
            "\\u12",
            "\\x",
            "\u{1}",
            "null",
            "nul",
            "1",
            "true",
            "[",
            "]",
            "\"body\"",
            "\"title\"",
            "\"$k\"",
            "\"text\"",
            "\"v\"",
            "é",
            "a",
            "\"\"",
        ];
        let mut next = crate::xorshift(0x2545_f491_4f6c_dd1d);
        let mut flat = 0;
        for _ in 0..50_000 {
            // Mostly well-formed records with a broken piece now and then, and pure noise.
            let record = if next().is_multiple_of(4) {
                (0..next() % 12)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect::<String>()
            } else {
                let fields: Vec<String> = (0..next() % 4)
                    .map(|_| {
                        let mut value = String::from("\"");
                        for _ in 0..next() % 5 {
                            value.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                        }
                        value.push('"');
                        let key = ["\"body\"", "\"title\"", "\"$k\"", "\"a\\\"b\"", "\"\""]
                            [(next() % 5) as usize];
                        let value = if next().is_multiple_of(6) {
                            "null".to_owned()
                        } else {
                            value
                        };
                        format!("{key}{}:{}{value}", pieces[(next() % 9 + 5) as usize], " ")
                    })
                    .collect();
                format!(" {{{}}} ", fields.join(","))
            };
            flat += usize::from(flat_record(&record).is_some());
            let plain = serde_json::from_str::<Value>(&record).map_err(|e| e.to_string());
            let read = read_value(&record).map_err(|e| e.to_string());
            assert_eq!(read, plain, "{record:?}");
        }
        assert!(flat > 5_000, "the flat path was taken {flat} times");
    }

    #[test]
    fn flat_articles_are_the_articles_of_their_maps() {
        // Records of strings and nulls under the names of every field, in any case, repeated,
        // empty or blank, escaped or not: the article read straight from the record must be the
        // one its map gives, error or not.
        let keys = [
            "title",
            "Title",
            "headline",
            "HEADLINE",
            "body",
            "text",
            "Text",
            "content",
            "full_text",
            "full-text",
            "date",
            "published",
            "Date",
            "source",
            "publisher",
            "url",
            "link",
            "author",
            "byline",
            "Author",
            "companies",
            "orgs",
            "x",
            " title",
            "ti\\u0074le",
            "$k",
        ];
        let values = [
            "\"Cisco and Inspur\"",
            "\"One.\\n\\nTwo \\u00e9.\"",
            "\"\"",
            "\"   \"",
            "\" padded \"",
            "\"2024-01-02\"",
            "\"IBM\"",
            "null",
        ];
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut flat, mut articles) = (0, 0);
        for _ in 0..20_000 {
            let fields: Vec<String> = (0..next() % 6)
                .map(|_| {
                    let key = keys[(next() % keys.len() as u64) as usize];
                    let value = values[(next() % values.len() as u64) as usize];
                    format!("\"{key}\": {value}")
                })
                .collect();
            let record = format!("{{{}}}", fields.join(", "));
            let by_map = match read_value(&record) {
                Ok(Value::Object(object)) => Some(article_from_object(object)),
                _ => None,
            };
            let straight = flat_article(&record);
            assert_eq!(
                straight.is_some(),
                flat_record(&record).is_some(),
                "{record}"
            );
            if let Some(straight) = straight {
                flat += 1;
                articles += usize::from(straight.is_ok());
                assert_eq!(Some(straight), by_map, "{record}");
            }
        }
        assert!(
            flat > 10_000 && articles > 2_000,
            "{flat} flat, {articles} articles"
        );
    }

    #[test]
    fn single_object() {
        let (articles, problems) =
            parse_json(r#"{"title": "Widgets up", "body": "Sales rose.", "extra": [1, {"x": 2}]}"#);
        assert_eq!(problems, []);
        assert_eq!(
            articles,
            [JsonArticle {
                meta: Meta {
                    title: Some("Widgets up".into()),
                    ..Meta::default()
                },
                body: "Sales rose.".into(),
                line: None,
                index: None,
                offset: None,
            }]
        );
    }

    #[test]
    fn all_fields_and_their_other_names() {
        let json = r#"{
            "Headline": " Gadget maker merges ",
            "full_text": "Two firms became one.",
            "pubDate": "Tue, 3 Mar 2020 10:15:00 GMT",
            "site_name": "The Daily Invented",
            "permalink": "https://example.com/a",
            "byline": "A. Writer",
            "orgs": ["Gadgetco", "Widget Ltd"]
        }"#;
        let (meta, body) = one(json).expect("article");
        assert_eq!(
            meta,
            Meta {
                title: Some("Gadget maker merges".into()),
                date_text: Some("Tue, 3 Mar 2020 10:15:00 GMT".into()),
                source: Some("The Daily Invented".into()),
                url: Some("https://example.com/a".into()),
                author: Some("A. Writer".into()),
                companies: vec!["Gadgetco".into(), "Widget Ltd".into()],
            }
        );
        assert_eq!(body, "Two firms became one.");
    }

    #[test]
    fn field_names_table_follows_the_enum_order() {
        // `meta_from_object` indexes its slots by `Field as usize`.
        for (i, (field, _)) in FIELD_NAMES.iter().enumerate() {
            assert_eq!(*field as usize, i);
        }
    }

    #[test]
    fn key_names_ignore_case_and_dashes() {
        assert_eq!(field_of("TITLE"), Some((Field::Title, 0)));
        assert_eq!(field_of("Published-At"), Some((Field::Date, 2)));
        assert_eq!(field_of("canonical_url"), Some((Field::Url, 3)));
        assert_eq!(field_of("name"), None);
        assert_eq!(field_of(" Full-Text "), Some((Field::Body, 4)));
        assert_eq!(field_of("titles"), None);
        assert_eq!(field_of("titl"), None);
        // Non-ASCII keys are lowercased as Unicode says: the Kelvin sign is a 'k'.
        assert_eq!(field_of("LIN\u{212a}"), Some((Field::Url, 1)));
        assert_eq!(field_of("tïtle"), None);
        assert_eq!(field_of("tags"), None);
    }

    #[test]
    fn best_name_wins_and_others_are_not_checked() {
        let json = r#"{"content": {"rendered": "<p>x</p>"}, "body": "Plain.", "headline": "H", "title": "T"}"#;
        assert_eq!(one(json), Ok(article("T", "Plain.")));
        // A null best name gives way to the next.
        let json = r#"{"body": null, "text": "From text.", "title": "T"}"#;
        assert_eq!(one(json), Ok(article("T", "From text.")));
    }

    #[test]
    fn of_two_keys_for_one_name_the_first_in_key_order_wins() {
        // "Title" sorts before "title" (as serde_json's map keeps keys), whichever comes first
        // in the record: flat records, records with a nested value, as lines or as a document.
        let records = [
            r#"{"title": "lower", "Title": "Upper", "body": "B."}"#,
            r#"{"Title": "Upper", "title": "lower", "body": "B."}"#,
            r#"{"title": "lower", "Title": "Upper", "body": "B.", "extra": [1]}"#,
        ];
        for record in records {
            assert_eq!(one(record), Ok(article("Upper", "B.")), "{record}");
            let (articles, problems) = parse_json_lines(record);
            assert_eq!(problems, [], "{record}");
            assert_eq!(articles[0].meta.title.as_deref(), Some("Upper"), "{record}");
        }
    }

    #[test]
    fn body_as_paragraph_list() {
        let json = r#"{"title": "T", "body": ["One.", "Two.", null, "Three."]}"#;
        assert_eq!(one(json), Ok(article("T", "One.\n\nTwo.\n\nThree.")));
        let json = r#"{"title": "T", "body": ["One.", 2]}"#;
        assert_eq!(
            one(json),
            Err("field `body` item 2 is a number, expected a string".into())
        );
    }

    #[test]
    fn source_and_authors_as_objects() {
        let json = r#"{"text": "x", "publisher": {"Name": "Wire Service", "id": 4},
                       "authors": [{"name": "Ann Lee"}, "Bo Chan", {"name": " "}]}"#;
        let (meta, _) = one(json).expect("article");
        assert_eq!(meta.source.as_deref(), Some("Wire Service"));
        assert_eq!(meta.author.as_deref(), Some("Ann Lee, Bo Chan"));

        let json = r#"{"text": "x", "author": {"name": "Solo Writer"}}"#;
        assert_eq!(
            one(json).expect("article").0.author.as_deref(),
            Some("Solo Writer")
        );

        let json = r#"{"text": "x", "source": {"id": 4}}"#;
        assert_eq!(
            one(json),
            Err("field `source` is an object without a `name`".into())
        );
        let json = r#"{"text": "x", "authors": [{"email": "a@b"}]}"#;
        assert_eq!(
            one(json),
            Err("field `authors` item 1 is an object without a `name`".into())
        );
    }

    #[test]
    fn companies_and_entities() {
        let json = r#"{"text": "x", "entities": [
            {"name": "Gadgetco", "type": "ORG"},
            {"name": "Ann Lee", "type": "PERSON"},
            {"text": "Widget Ltd", "label": "organization"},
            {"name": "Gizmo SA", "type": "Company"},
            {"name": "Gadgetco", "type": "ORG"},
            {"name": "Paris", "type": "GPE"}
        ]}"#;
        let (meta, _) = one(json).expect("article");
        assert_eq!(meta.companies, ["Gadgetco", "Widget Ltd", "Gizmo SA"]);

        let json = r#"{"text": "x", "companies": "Solo Corp"}"#;
        assert_eq!(one(json).expect("article").0.companies, ["Solo Corp"]);

        let json = r#"{"text": "x", "organisations": ["A", 3]}"#;
        assert_eq!(
            one(json),
            Err(
                "field `organisations` item 2 is a number, expected a string or an object with a `name`"
                    .into()
            )
        );
    }

    #[test]
    fn wrong_types_name_the_field() {
        assert_eq!(
            one(r#"{"title": 5, "body": "x"}"#),
            Err("field `title` is a number, expected a string".into())
        );
        assert_eq!(
            one(r#"{"title": "t", "Body": {"a": 1}}"#),
            Err("field `Body` is an object, expected a string or a list of strings".into())
        );
        assert_eq!(
            one(r#"{"body": "x", "url": ["a"]}"#),
            Err("field `url` is an array, expected a string".into())
        );
        assert_eq!(
            one(r#"{"body": "x", "date": true}"#),
            Err("field `date` is a boolean, expected a string".into())
        );
    }

    #[test]
    fn numeric_dates_are_unix_times() {
        let date = |json: &str| one(json).expect("article").0.date_text;
        assert_eq!(
            date(r#"{"body": "x", "created_at": 1583230500}"#).as_deref(),
            Some("2020-03-03T10:15:00Z")
        );
        assert_eq!(
            date(r#"{"body": "x", "created_at": 1583230500123}"#).as_deref(),
            Some("2020-03-03T10:15:00Z")
        );
        assert_eq!(
            date(r#"{"body": "x", "created_at": 1583230500.75}"#).as_deref(),
            Some("2020-03-03T10:15:00Z")
        );
        assert_eq!(
            date(r#"{"body": "x", "date": 1e300}"#).as_deref(),
            Some("1e+300")
        );
    }

    #[test]
    fn the_records_of_common_scrapers_and_schema_org_are_read_whole() {
        // news-please.
        let (meta, body) = one(
            r#"{"title": "T", "maintext": "Body.", "date_publish": "2021-03-04 10:00:00",
                "source_domain": "example.com", "authors": ["Jane Doe"], "description": "D."}"#,
        )
        .unwrap();
        assert_eq!(body, "Body.");
        assert_eq!(meta.date_text.as_deref(), Some("2021-03-04 10:00:00"));
        assert_eq!(meta.source.as_deref(), Some("example.com"));
        assert_eq!(meta.author.as_deref(), Some("Jane Doe"));
        // schema.org's NewsArticle, as JSON-LD writes it (keys in camel case).
        let (meta, body) = one(
            r#"{"headline": "T", "articleBody": "Body.", "datePublished": "2021-03-05T09:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!((meta.title.as_deref(), body.as_str()), (Some("T"), "Body."));
        assert_eq!(meta.date_text.as_deref(), Some("2021-03-05T09:00:00Z"));
        // newspaper3k; a feed's summary is the text only when nothing better is given.
        let (meta, body) = one(
            r#"{"title": "T", "summary": "S.", "text": "Body.", "publish_date": "2021-03-06"}"#,
        )
        .unwrap();
        assert_eq!(body, "Body.");
        assert_eq!(meta.date_text.as_deref(), Some("2021-03-06"));
        assert_eq!(
            one(r#"{"title": "T", "description": "D."}"#).unwrap().1,
            "D."
        );
        assert_eq!(
            one(r#"{"title": "T", "paragraphs": ["One.", "Two."]}"#)
                .unwrap()
                .1,
            "One.\n\nTwo."
        );
    }

    #[test]
    fn lists_wrapped_by_an_api_or_a_feed_are_read_item_by_item() {
        // NewsAPI: the articles under `articles`, keys in camel case, the source an object.
        let newsapi = r#"{"status": "ok", "totalResults": 2, "articles": [
  {"source": {"id": null, "name": "Example Wire"}, "title": "A", "publishedAt": "2021-03-04T10:00:00Z",
   "description": "Summary A.", "content": "Text A."},
  {"source": {"id": null, "name": "Reuters"}, "title": "B", "content": null, "description": "Summary B."},
  "not an article"
]}"#;
        let (articles, problems) = parse_json(newsapi);
        let read: Vec<(&str, &str, Option<&str>, Option<&str>)> = articles
            .iter()
            .map(|a| {
                (
                    a.meta.title.as_deref().unwrap_or(""),
                    a.body.as_str(),
                    a.meta.source.as_deref(),
                    a.meta.date_text.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "A",
                    "Text A.",
                    Some("Example Wire"),
                    Some("2021-03-04T10:00:00Z")
                ),
                ("B", "Summary B.", Some("Reuters"), None),
            ]
        );
        // Each item is found again where it stands in the file, and a bad one is said by line.
        for (a, starts) in articles.iter().zip([
            "{\"source\": {\"id\": null, \"name\": \"Ex",
            "{\"source\": {\"id\": null, \"name\": \"Re",
        ]) {
            let at = a.offset.unwrap();
            assert!(
                newsapi[at..].starts_with(starts),
                "{}",
                &newsapi[at..at + 40]
            );
        }
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].index), (Some(5), Some(2)));
        // JSON Feed: the feed's own title beside its items is not an article.
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "My feed",
            "description": "What the feed is about.",
            "items": [{"id": "1", "title": "C", "content_text": "Text C.", "date_published": "2021-03-06"}]}"#;
        let (articles, problems) = parse_json(feed);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].body, "Text C.");
        assert_eq!(articles[0].meta.date_text.as_deref(), Some("2021-03-06"));
        // An article that happens to hold a list under such a name is still the article.
        let (articles, _) =
            parse_json(r#"{"title": "D", "body": "Text D.", "items": [{"body": "x"}]}"#);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].body, "Text D.");
        // A bad item is a problem for it alone.
        let (articles, problems) = parse_json(
            "{\"status\": \"ok\", \"articles\": [\n{\"title\": oops},\n{\"title\": \"F\", \"body\": \"Text F.\"}]}",
        );
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].body, "Text F.");
        assert_eq!((problems[0].line, problems[0].index), (Some(2), Some(0)));
        assert!(problems[0].reason.starts_with("item 1: "), "{problems:?}");
        // And a headline beside a list that is not of articles.
        let (articles, problems) = parse_json(r#"{"title": "E", "data": [1, 2]}"#);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles[0].meta.title.as_deref(), Some("E"));
    }

    #[test]
    fn markup_bodies_and_wordpress_fields_are_read_as_text() {
        // WordPress's REST API: title, content and excerpt as {"rendered": ...}, content in HTML.
        let post = r#"[{"id": 1, "date": "2021-03-04T10:00:00", "link": "https://example.com/a",
            "title": {"rendered": "Acme buys Globex &#8211; report"},
            "content": {"rendered": "<p>Acme said it would buy <strong>Globex</strong>.</p>\n<p>Shares rose.</p>", "protected": false},
            "excerpt": {"rendered": "<p>Acme to buy Globex.</p>"}}]"#;
        let (articles, problems) = parse_json(post);
        assert!(problems.is_empty(), "{problems:?}");
        let a = &articles[0];
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Acme buys Globex &#8211; report")
        );
        assert_eq!(a.body, "Acme said it would buy Globex.\n\nShares rose.");
        // A flat record with a body of markup, read by the fast path of JSON Lines.
        let (articles, _) = parse_json_lines(
            "{\"title\": \"T\", \"body\": \"<div><p>One.</p><p>Two.</p></div>\"}\n",
        );
        assert_eq!(articles[0].body, "One.\n\nTwo.");
        // News API's note on a cut text is not the article's.
        let (articles, _) = parse_json(
            r#"{"articles": [{"title": "T", "content": "Acme said it would buy Globex for\u2026 [+2345 chars]"}]}"#,
        );
        assert_eq!(
            articles[0].body,
            "Acme said it would buy Globex for\u{2026}"
        );
        assert_eq!(
            one(r#"{"body": "Up [+5 points]"}"#).unwrap().1,
            "Up [+5 points]"
        );
        // Text that merely starts with a '<' is text.
        assert_eq!(
            one(r#"{"body": "<3 this deal, said Acme."}"#).unwrap().1,
            "<3 this deal, said Acme."
        );
    }

    #[test]
    fn field_names_are_read_whatever_their_case_underscores_or_dashes() {
        for key in [
            "published_at",
            "publishedAt",
            "PUBLISHED-AT",
            "Published_At",
        ] {
            let json = format!(r#"{{"body": "x", "{key}": "2020-01-02"}}"#);
            assert_eq!(
                one(&json).unwrap().0.date_text.as_deref(),
                Some("2020-01-02"),
                "{key}"
            );
        }
        assert!(field_of("a_very_long_key_that_names_nothing_at_all").is_none());
    }

    #[test]
    fn title_or_body_needed() {
        assert_eq!(
            one(r#"{"title": "Only a title"}"#),
            Ok(article("Only a title", ""))
        );
        assert_eq!(
            one(r#"{"url": "https://example.com"}"#),
            Err("no body/text/content field".into())
        );
        assert_eq!(
            one(r#"{"body": "  ", "title": ""}"#),
            Err("the body is empty and there is no title".into())
        );
        assert_eq!(one("{}"), Err("no body/text/content field".into()));
    }

    #[test]
    fn top_level_not_an_object() {
        assert_eq!(
            one(r#""just a string""#),
            Err("expected an object or an array of objects, found a string".into())
        );
        assert_eq!(
            one("42"),
            Err("expected an object or an array of objects, found a number".into())
        );
    }

    #[test]
    fn array_with_bad_items() {
        let json = "[\n  {\"title\": \"A\", \"body\": \"a\"},\n  \"oops\",\n  {\"title\": 1},\n  {\"url\": \"u\"},\n  {\"body\": \"e\"}\n]";
        let (articles, problems) = parse_json(json);
        let loaded: Vec<_> = articles
            .iter()
            .map(|a| (a.index, a.body.as_str()))
            .collect();
        assert_eq!(loaded, [(Some(0), "a"), (Some(4), "e")]);
        assert_eq!(
            problems,
            [
                JsonProblem {
                    line: Some(3),
                    index: Some(1),
                    reason: "item 2: expected an object, found a string".into(),
                },
                JsonProblem {
                    line: Some(4),
                    index: Some(2),
                    reason: "item 3: field `title` is a number, expected a string".into(),
                },
                JsonProblem {
                    line: Some(5),
                    index: Some(3),
                    reason: "item 4: no body/text/content field".into(),
                },
            ]
        );
        assert!(articles.iter().all(|a| a.line.is_none()));
    }

    #[test]
    fn an_empty_list_is_said_to_be_empty() {
        let empty = |path: Option<&str>| {
            let reason = match path {
                Some(path) => format!("the list under `{path}` is empty"),
                None => "the list of articles is empty".to_owned(),
            };
            vec![JsonProblem {
                line: None,
                index: None,
                reason,
            }]
        };
        assert_eq!(parse_json(" [ ] "), (vec![], empty(None)));
        assert_eq!(parse_json("[\n]\n"), (vec![], empty(None)));
        // A search that found nothing, as the APIs answer it.
        assert_eq!(
            parse_json(r#"{"status": "ok", "totalResults": 0, "articles": []}"#),
            (vec![], empty(Some("articles")))
        );
        assert_eq!(
            parse_json(r#"{"response": {"status": "ok", "results": []}}"#),
            (vec![], empty(Some("response.results")))
        );
        // A record with a title is an article, whatever else it holds.
        let (articles, problems) = parse_json(r#"{"title": "A", "data": []}"#);
        assert_eq!((articles.len(), problems), (1, vec![]));
        // A list with items that are all wrong says what is wrong with each, not that it is
        // empty.
        let (articles, problems) = parse_json(r#"[{"x": 1}]"#);
        assert_eq!(articles.len(), 0);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].reason.starts_with("item 1: "), "{problems:?}");
    }

    #[test]
    fn the_guardian_and_the_new_york_times_apis_read_whole() {
        // The Guardian's content API, with `show-fields` asked for (text made up).
        let guardian = r#"{"response": {"status": "ok", "userTier": "developer", "total": 2,
            "startIndex": 1, "pageSize": 10, "currentPage": 1, "pages": 1, "orderBy": "newest",
            "results": [
              {"id": "business/2020/mar/03/contoso", "type": "article", "sectionId": "business",
               "sectionName": "Business", "webPublicationDate": "2020-03-03T10:15:00Z",
               "webTitle": "Contoso Bank sells card unit | Business",
               "webUrl": "https://www.example.com/business/2020/mar/03/contoso",
               "apiUrl": "https://content.example.com/business/2020/mar/03/contoso",
               "fields": {"headline": "Contoso Bank sells card unit",
                 "trailText": "The lender is to focus on savings",
                 "byline": "Grace Hopper", "publication": "The Guardian",
                 "body": "<p>Contoso Bank agreed to sell its card unit.</p><p>Fabrikam bought it.</p>",
                 "bodyText": "Contoso Bank agreed to sell its card unit. Fabrikam bought it."},
               "isHosted": false, "pillarId": "pillar/news", "pillarName": "News"},
              {"id": "world/2020/mar/04/x", "type": "article", "webTitle": "Without fields",
               "webPublicationDate": "2020-03-04T08:00:00Z", "webUrl": "https://www.example.com/x"}
            ]}}"#;
        let (articles, problems) = parse_json(guardian);
        assert_eq!(problems, []);
        assert_eq!(articles.len(), 2);
        let a = &articles[0];
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Contoso Bank sells card unit")
        );
        assert_eq!(a.meta.date_text.as_deref(), Some("2020-03-03T10:15:00Z"));
        assert_eq!(a.meta.author.as_deref(), Some("Grace Hopper"));
        assert_eq!(a.meta.source.as_deref(), Some("The Guardian"));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://www.example.com/business/2020/mar/03/contoso")
        );
        assert_eq!(
            a.body,
            "Contoso Bank agreed to sell its card unit.\n\nFabrikam bought it."
        );
        assert_eq!(articles[1].meta.title.as_deref(), Some("Without fields"));
        assert_eq!(articles[1].body, "");

        // The New York Times' article search (text made up).
        let nyt = r#"{"status": "OK", "copyright": "Copyright (c) 2020",
          "response": {"docs": [
            {"abstract": "The carrier and the bank signed a cloud deal.",
             "web_url": "https://www.example.com/2019/05/16/technology/deal.html",
             "snippet": "The carrier and the bank signed a cloud deal.",
             "lead_paragraph": "Northwind Systems and Contoso Bank said on Thursday that they would build a cloud together.",
             "source": "The New York Times", "multimedia": [],
             "headline": {"main": "Northwind and Contoso in Cloud Deal", "kicker": null,
                          "print_headline": "A Cloud Deal"},
             "keywords": [
               {"name": "organizations", "value": "Northwind Systems Inc", "rank": 1, "major": "N"},
               {"name": "glocations", "value": "China", "rank": 2, "major": "N"},
               {"name": "subject", "value": "Banking and Financial Institutions", "rank": 3}],
             "pub_date": "2019-05-16T00:00:00+0000", "document_type": "article",
             "news_desk": "Business", "section_name": "Technology",
             "byline": {"original": "By Ada Lovelace and Alan Turing",
                        "person": [{"firstname": "Ada", "lastname": "Lovelace", "rank": 1}],
                        "organization": null},
             "type_of_material": "News", "_id": "nyt://article/1", "word_count": 900}],
          "meta": {"hits": 1, "offset": 0, "time": 20}}}"#;
        let (articles, problems) = parse_json(nyt);
        assert_eq!(problems, []);
        let [a] = &articles[..] else {
            panic!("{articles:?}");
        };
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Northwind and Contoso in Cloud Deal")
        );
        assert!(
            a.body
                .starts_with("Northwind Systems and Contoso Bank said")
        );
        assert_eq!(
            a.meta.author.as_deref(),
            Some("Ada Lovelace and Alan Turing")
        );
        assert_eq!(a.meta.companies, ["Northwind Systems Inc"]);
        assert_eq!(a.meta.source.as_deref(), Some("The New York Times"));
        assert_eq!(
            a.meta.date_text.as_deref(),
            Some("2019-05-16T00:00:00+0000")
        );
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://www.example.com/2019/05/16/technology/deal.html")
        );
        // Keywords as plain words are topics, not companies.
        let (articles, _) =
            parse_json(r#"{"title": "T", "body": "b", "keywords": ["economy", "Contoso"]}"#);
        assert_eq!(articles[0].meta.companies, Vec::<String>::new());
        // A summary beside an object's list does not make it an article, one level down too.
        let body_names = FIELD_NAMES[Field::Body as usize].1;
        assert_eq!(body_names[FIRST_SUMMARY], "leadparagraph");
        let (articles, problems) = parse_json(
            r#"{"response": {"description": "A feed", "results": [{"title": "A", "body": "a"}]}}"#,
        );
        assert_eq!(problems, []);
        let titles: Vec<_> = articles.iter().map(|a| a.meta.title.as_deref()).collect();
        assert_eq!(titles, [Some("A")]);
    }

    #[test]
    fn malformed_item_is_a_problem_of_its_own_and_spares_the_others() {
        let json = "[\n{\"title\": \"A\", \"body\": \"a\"},\n{\"title\": \"B\" \"body\": 2},\n  {\"body\": \"c\"}\n]";
        let (articles, problems) = parse_json(json);
        let loaded: Vec<_> = articles
            .iter()
            .map(|a| (a.index, a.body.as_str()))
            .collect();
        assert_eq!(loaded, [(Some(0), "a"), (Some(2), "c")]);
        assert_eq!(
            problems,
            [JsonProblem {
                line: Some(3),
                index: Some(1),
                reason: "item 2: line 3: expected `,` or `}` at column 15".into(),
            }]
        );
    }

    #[test]
    fn an_array_cut_short_or_with_a_comma_too_many_or_text_after_it_loads_its_items() {
        let (articles, problems) = parse_json("[{\"body\": \"a\"},\n {\"body\": \"b\"");
        assert_eq!(articles.len(), 1);
        let reasons: Vec<_> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "item 2: line 2: EOF while parsing an object at column 13",
                "line 2: the list of articles has no closing `]` (the file may have been cut short)",
            ]
        );
        let (articles, problems) = parse_json("[{\"body\": \"a\"}, ]");
        assert_eq!(articles.len(), 1);
        assert_eq!(problems[0].reason, "item 2: empty (a comma too many)");
        assert_eq!(problems.len(), 1);
        let (articles, problems) = parse_json("[{\"body\": \"a\"}] x");
        assert_eq!(articles.len(), 1);
        assert_eq!(
            problems[0].reason,
            "line 1: text after the list's closing `]` at column 17"
        );
        assert_eq!(problems.len(), 1);
    }

    /// The list a [`WrapScanner`] finds in `text` fed to it `piece` bytes at a time.
    fn wrapped(text: &str, piece: usize) -> Option<ListAt> {
        let mut scanner = WrapScanner::new();
        for chunk in text.as_bytes().chunks(piece) {
            if !scanner.feed(chunk) {
                return None;
            }
        }
        scanner.finish()
    }

    #[test]
    fn a_list_beside_more_than_the_scanner_keeps_is_read_item_by_item_too() {
        // A member too long for the skeleton: the object is parsed whole (a syntax error in it
        // is then one for the whole input), its list then read as any other, each item found
        // again where it stands (the byte-order mark counted).
        let text = format!(
            "\u{feff}{{\"note\": \"{}\",\n\"articles\": [{{\"title\": \"A\", \"body\": \"Text A.\"}},\n{{\"title\": 5}}]}}",
            "x".repeat(SKELETON_MAX)
        );
        assert_eq!(wrapped(&text, text.len()), None);
        let (articles, problems) = parse_json(&text);
        assert_eq!(articles.len(), 1, "{problems:?}");
        let at = articles[0].offset.unwrap();
        assert!(
            text[at..].starts_with("{\"title\": \"A\""),
            "{}",
            &text[at..at + 20]
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].index), (Some(3), Some(1)));
        assert!(problems[0].reason.starts_with("item 2: "), "{problems:?}");
    }

    #[test]
    fn the_list_an_object_wraps_is_found_where_the_whole_read_finds_its_items() {
        let tricky = r#"{"title": "Q \"]}[{\\", "body": "x ] } [ {\\\\\"", "n": [1, [2]]}"#;
        let cases = [
            // NewsAPI, with a byte-order mark and CRLF endings, and a bad item.
            "\u{feff}{\"status\": \"ok\",\r\n \"totalResults\": 2, \"articles\": [\r\n  {\"title\": \"A\", \"content\": \"Text A.\"},\r\n  \"not an article\"]}".to_owned(),
            // The Guardian: one object down, after members of its own.
            r#"{"response": {"status": "ok", "pages": [1, 2], "results": [{"webTitle": "A", "fields": {"bodyText": "x ] ["}}]}}"#.to_owned(),
            // Lists and objects before the list, strings holding what the scan counts, an escaped
            // key, members after it.
            format!(
                "{{\"tags\": [\"a]\", \"b\\\"]\"], \"meta\": {{\"links\": [{{\"rel\": \"]\"}}], \"deep\": {{\"x\": [[\"]\"]]}}}},\n\"art\\u0069cles\": [{tricky},\n{tricky}], \"page\": {{\"next\": null}}}}"
            ),
            // Two lists of objects under wrapper names: the first name of `WRAPPERS` wins, as
            // it does read whole.
            r#"{"data": [{"id": 1}], "articles": [{"title": "B", "body": "Text B."}]}"#.to_owned(),
        ];
        for text in &cases {
            let whole = wrapped(text, text.len()).expect(text);
            // The list the whole object, read at once, wraps.
            let body = text.trim_start_matches('\u{feff}');
            let Ok(Object::Wraps(path)) = read_object(body) else {
                panic!("{text}");
            };
            let list = path
                .iter()
                .try_fold(body, |object, key| raw_member(object, key))
                .unwrap();
            let open = list.as_ptr().addr() - text.as_ptr().addr();
            assert_eq!(
                (whole.open, whole.end),
                (open as u64, (open + list.len()) as u64),
                "{text}"
            );
            let prefix = &text[..whole.open as usize];
            assert_eq!(whole.at.line, 1 + prefix.matches('\n').count(), "{text}");
            let column = prefix.len() - prefix.rfind('\n').map_or(0, |k| k + 1) + 1;
            assert_eq!(whole.at.column, column, "{text}");
            for piece in [1, 2, 3, 5, 8, 13, 64] {
                assert_eq!(wrapped(text, piece), Some(whole), "{piece} {text}");
            }
        }
        // Read whole (no list found): an article holding a list, a list of anything but
        // objects, an empty list, a bare array, text cut short or going on after the object,
        // text that is not JSON outside the list, and an object too large to keep.
        let huge = format!(
            r#"{{"x": "{}", "articles": [{{"title": "A"}}]}}"#,
            "a".repeat(SKELETON_MAX)
        );
        for text in [
            r#"{"title": "D", "body": "Text D.", "items": [{"body": "x"}]}"#,
            r#"{"title": "E", "data": [1, 2]}"#,
            r#"{"status": "ok", "articles": []}"#,
            r#"[{"title": "A"}]"#,
            r#"{"articles": [{"title": "A"}]"#,
            r#"{"articles": [{"title": "A"}]} x"#,
            r#"{"status": ok, "articles": [{"title": "A"}]}"#,
            r#"{"articles": [{"title": "A"}]]}"#,
            huge.as_str(),
        ] {
            for piece in [1, 7, text.len()] {
                assert_eq!(wrapped(text, piece), None, "{piece} {text}");
            }
        }
    }

    /// An array whose strings hold every byte the scanner looks at, its items split into pieces at
    /// each comma between them, as a large file is read in blocks.
    #[test]
    fn an_array_read_in_pieces_gives_what_it_gives_read_whole() {
        let tricky = [
            "a, b] c",
            "{[}]",
            "ends in a backslash \\\\",
            "a \\\"quoted, ]\\\" word",
            "\\u005d \\u002c",
            "caf\u{e9}, na\u{ef}ve \u{2014} \u{1f600}",
        ];
        let mut items = Vec::new();
        for (i, text) in tricky.iter().enumerate() {
            items.push(format!(
                "{{\"title\": \"T{i}\", \"tags\": [\"x,\", [1, {{\"y\": \"]\"}}]], \"body\": \"{text}\"}}"
            ));
        }
        items.push("\"not an object\"".to_owned());
        items.push("{\"title\": \"bad\" \"body\": 1}".to_owned());
        for (open, comma, close) in [("\u{feff}[\n  ", ",\n  ", "\n]\n"), ("[", ",", "]")] {
            let text = format!("{open}{}{close}", items.join(comma));
            let whole = parse_json(&text);
            assert_eq!(whole.0.len(), tricky.len(), "{text}");
            // Each body is what serde_json reads.
            let values: Vec<Value> =
                serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap_or_default();
            for (article, value) in whole.0.iter().zip(&values) {
                assert_eq!(Some(article.body.as_str()), value["body"].as_str());
            }
            // The offset of each item is where it starts.
            for article in &whole.0 {
                let offset = article.offset.unwrap();
                assert!(text[offset..].starts_with("{\"title\": \"T"), "{offset}");
            }
            // Cut after every comma between items, in every way in two and three pieces.
            let mut scanner = ItemScanner::before_array();
            let mut cuts = Vec::new();
            while let Some(mark) = scanner.next(text.as_bytes()) {
                if let Mark::Comma(i) = mark {
                    cuts.push(i + 1);
                }
            }
            assert_eq!(cuts.len(), items.len() - 1);
            for a in 0..cuts.len() {
                for b in a..cuts.len() {
                    let bounds = [0, cuts[a], cuts[b], text.len()];
                    let mut articles = Vec::new();
                    let mut problems = Vec::new();
                    let mut item = 0;
                    for piece in bounds.windows(2) {
                        let (start, end) = (piece[0], piece[1]);
                        let before = &text[..start];
                        let line = 1 + before.matches('\n').count();
                        let column = start - before.rfind('\n').map_or(0, |n| n + 1) + 1;
                        let at = ItemsAt { line, column, item };
                        let (mut a, p) =
                            parse_json_items_from(&text[start..end], at, end == text.len());
                        for article in &mut a {
                            article.offset = article.offset.map(|o| o + start);
                        }
                        articles.extend(a);
                        problems.extend(p);
                        item += text[start..end]
                            .bytes()
                            .zip(start..)
                            .filter(|(_, i)| cuts.contains(&(i + 1)))
                            .count();
                    }
                    assert_eq!((articles, problems), whole, "cut at {a} and {b}");
                }
            }
        }
    }

    #[test]
    fn the_scanner_fed_a_byte_at_a_time_finds_what_it_finds_at_once() {
        let text = br#" [{"a": "x\\\", ]"}, [1, "\\"], 3 ] ,"#;
        let mut at_once = Vec::new();
        let mut scanner = ItemScanner::before_array();
        while let Some(mark) = scanner.next(text) {
            at_once.push(mark);
        }
        assert_eq!(
            at_once,
            [
                Mark::Open(1),
                Mark::Comma(19),
                Mark::Comma(30),
                Mark::Close(34),
                Mark::Stray(36)
            ]
        );
        let mut grown = Vec::new();
        let mut scanner = ItemScanner::before_array();
        for end in 0..=text.len() {
            while let Some(mark) = scanner.next(&text[..end]) {
                grown.push(mark);
            }
        }
        assert_eq!(grown, at_once);
    }

    #[test]
    fn a_malformed_object_is_one_problem() {
        let (_, problems) = parse_json("{\"title\": \"A\",");
        assert_eq!(
            problems[0].reason,
            "line 1: EOF while parsing a value at column 14"
        );
        let (_, problems) = parse_json("");
        assert_eq!(
            problems[0].reason,
            "line 1: EOF while parsing a value at column 0"
        );
    }

    #[test]
    fn bom_is_skipped() {
        let (articles, problems) = parse_json("\u{feff}{\"title\": \"T\"}");
        assert_eq!((articles.len(), problems.len()), (1, 0));
    }

    #[test]
    fn deep_nesting_is_a_problem_not_a_crash() {
        let depth = 100_000;
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let (articles, problems) = parse_json(&arrays);
        assert_eq!(articles, []);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].index, Some(0));
        assert!(
            problems[0]
                .reason
                .starts_with("item 1: line 1: nested too deeply"),
            "{}",
            problems[0].reason
        );

        let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let (articles, problems) = parse_json(&objects);
        assert_eq!(articles, []);
        assert_eq!(
            problems,
            [JsonProblem {
                line: Some(1),
                index: None,
                reason: "line 1: nested too deeply at column 636".into(),
            }]
        );

        let lines = format!("{{\"body\": \"ok\"}}\n{objects}\n{arrays}\n");
        let (articles, problems) = parse_json_lines(&lines);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems.len(), 2);
        assert!(problems[1].reason.starts_with("line 3: nested too deeply"));
    }

    #[test]
    fn deep_item_in_array_spares_the_others() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let json = format!("[{{\"body\": \"fine\"}},\n   {deep}]");
        let (articles, problems) = parse_json(&json);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems[0].line, Some(2));
        assert_eq!(
            problems[0].reason,
            "item 2: line 2: nested too deeply at column 131"
        );
    }

    #[test]
    fn big_line_parses() {
        let body = "word ".repeat(400_000);
        let line = format!("{{\"title\": \"Big\", \"body\": \"{body}\"}}");
        assert!(line.len() > 2_000_000);
        let (articles, problems) = parse_json_lines(&line);
        assert_eq!(problems, []);
        assert_eq!(articles[0].body.len(), body.len());
    }

    #[test]
    fn json_lines_basic() {
        let text = "\u{feff}{\"title\": \"A\", \"text\": \"a\"}\r\n\r\n  \r\n{\"title\": \"B\", \"text\": \"b\"}\r\n";
        let (articles, problems) = parse_json_lines(text);
        assert_eq!(problems, []);
        let got: Vec<_> = articles
            .iter()
            .map(|a| (a.line, a.meta.title.as_deref(), a.body.as_str(), a.index))
            .collect();
        assert_eq!(
            got,
            [
                (Some(1), Some("A"), "a", None),
                (Some(4), Some("B"), "b", None)
            ]
        );
    }

    #[test]
    fn json_lines_problems() {
        let text = "{\"body\": \"a\"}\n[1]\n{\"body\": \"b\" \"x\": 1}\n{\"title\": 3}\n\"s\"\n{\"body\": \"c\"}";
        let (articles, problems) = parse_json_lines(text);
        assert_eq!(
            articles.iter().map(|a| a.line).collect::<Vec<_>>(),
            [Some(1), Some(6)]
        );
        let reasons: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (Some(2), "line 2: expected an object, found an array"),
                (Some(3), "line 3: expected `,` or `}` at column 14"),
                (
                    Some(4),
                    "line 4: field `title` is a number, expected a string"
                ),
                (Some(5), "line 5: expected an object, found a string"),
            ]
        );
    }

    #[test]
    fn line_counter_positions() {
        let text = "ab\ncd\n\nefg";
        let mut counter = LineCounter::new(text);
        assert_eq!(counter.position(&text[1..]), (1, 2));
        assert_eq!(counter.position(&text[4..]), (2, 2));
        assert_eq!(counter.position(&text[8..]), (4, 2));
    }
}
