//! Word vocabularies with postings: the distinct words of a scope, each with the articles that use it.
//!
//! The filter matches a query term against the distinct words once, then unions their postings,
//! so a keystroke costs the size of the vocabulary, not the size of the corpus.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::companies::lowered_ascii_key;
use crate::matcher::fold_char;
use crate::store::ArticleId;

/// The longest word, in bytes, looked up by [`lowered_ascii_key`] when building a vocabulary.
const SHORT: usize = 16;

/// Distinct words, lowercased and without accents ([`crate::matcher::fold_lower`]), with sorted,
/// de-duplicated postings.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    /// The distinct words, lowercased and without accents, in order of first appearance.
    pub entries: Vec<String>,
    /// For each entry, the articles that contain it.
    pub postings: Vec<Postings>,
    /// The articles with a word written with accents that its entry is without ("Société" for
    /// "societe"): a phrase is looked for word by word in their texts, where elsewhere a search
    /// of the raw bytes for its longest word finds the places to look.
    pub accented: Postings,
}

/// The articles one entry is in: their ids, ascending, or, once the entry is in more than one
/// article in 32 of those the vocabulary covers, a bit per article, which from there on takes
/// fewer bytes (4 bytes an id against an eighth of a byte an article): a word in nearly every
/// one of a million articles takes 125 KB instead of 4 MB. Which of the two depends only on how
/// many articles hold the entry, so vocabularies of the same texts are equal however built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Postings {
    /// Ascending ids.
    List(Vec<ArticleId>),
    /// Bit `id % 64` of word `id / 64` set for each article, and how many are set.
    Bits { bits: Vec<u64>, count: usize },
}

impl Default for Postings {
    fn default() -> Self {
        Postings::List(Vec::new())
    }
}

impl Postings {
    /// Whether `count` articles of `ids` take fewer bytes as bits than as ids.
    fn bits_pay(count: usize, ids: usize) -> bool {
        count.saturating_mul(32) > ids
    }

    /// How many articles.
    pub fn len(&self) -> usize {
        match self {
            Postings::List(list) => list.len(),
            Postings::Bits { count, .. } => *count,
        }
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether article `id` is one of them.
    pub fn contains(&self, id: ArticleId) -> bool {
        match self {
            Postings::List(list) => list.binary_search(&id).is_ok(),
            Postings::Bits { bits, .. } => bits
                .get(id as usize / 64)
                .is_some_and(|w| w >> (id % 64) & 1 != 0),
        }
    }

    /// Adds `id`, no lower than any added before (adding the last one again changes nothing),
    /// of a vocabulary covering ids below `ids`.
    fn push(&mut self, id: ArticleId, ids: usize) {
        match self {
            Postings::List(list) => {
                // Ids arrive in ascending order, so a repeat can only be the last one.
                if list.last() != Some(&id) {
                    list.push(id);
                    if Self::bits_pay(list.len(), ids) {
                        *self = Self::bits_of(list, ids);
                    }
                }
            }
            Postings::Bits { bits, count } => *count += usize::from(set(bits, id)),
        }
    }

    /// `list` as bits.
    fn bits_of(list: &[ArticleId], ids: usize) -> Self {
        let (bits, count) = bitset(list, ids);
        Postings::Bits { bits, count }
    }

    /// Adds the articles of `later`, every one above every one here.
    fn append(&mut self, later: Postings, ids: usize) {
        let count = self.len() + later.len();
        if Self::bits_pay(count, ids) {
            let mut bits = match std::mem::take(self) {
                Postings::Bits { bits, .. } => bits,
                Postings::List(list) => bitset(&list, ids).0,
            };
            later.for_each_below(usize::MAX, |id| {
                set(&mut bits, id);
            });
            *self = Postings::Bits { bits, count };
        } else if let (Postings::List(list), Postings::List(more)) = (&mut *self, later) {
            // (Neither part can be bits: a part that pays as bits pays with more articles too.)
            list.extend(more);
        }
    }

    /// Calls `f` with each article below `upto`, in ascending order.
    #[inline]
    pub fn for_each_below(&self, upto: usize, mut f: impl FnMut(ArticleId)) {
        match self {
            Postings::List(list) => {
                for &id in below(list, upto, |&id| id) {
                    f(id);
                }
            }
            Postings::Bits { bits, .. } => {
                let words = bits.len().min(upto.div_ceil(64));
                for (w, &word) in bits[..words].iter().enumerate() {
                    let mut word = word;
                    // The last word may go past `upto`.
                    if w == upto / 64 {
                        word &= (1u64 << (upto % 64)) - 1;
                    }
                    while word != 0 {
                        f((w * 64) as ArticleId + word.trailing_zeros());
                        word &= word - 1;
                    }
                }
            }
        }
    }

    /// The articles, ascending (for tests: the filter walks postings with `for_each_below`).
    #[cfg(test)]
    fn to_vec(&self) -> Vec<ArticleId> {
        let mut ids = Vec::with_capacity(self.len());
        self.for_each_below(usize::MAX, |id| ids.push(id));
        ids
    }

    fn shrink(&mut self) {
        if let Postings::List(list) = self {
            list.shrink_to_fit();
        }
    }

    /// As a vocabulary of articles below `ids` holds them: bits or ids by how many articles
    /// (see [`Postings`]), bits for all of them.
    fn settle(&mut self, ids: usize) {
        let count = self.len();
        match self {
            Postings::Bits { bits, .. } if Self::bits_pay(count, ids) => {
                bits.resize(ids.div_ceil(64), 0);
            }
            Postings::Bits { .. } => {
                let mut list = Vec::with_capacity(count);
                self.for_each_below(usize::MAX, |id| list.push(id));
                *self = Postings::List(list);
            }
            Postings::List(list) if Self::bits_pay(count, ids) => {
                *self = Self::bits_of(list, ids);
            }
            Postings::List(_) => {}
        }
    }
}

/// The postings of articles with ids below `upto`, of postings sorted by article id (`id` gives a
/// posting's): a prefix, found by bisection unless it is all of them.
pub fn below<T>(postings: &[T], upto: usize, id: impl Fn(&T) -> ArticleId) -> &[T] {
    match postings.last() {
        Some(last) if id(last) as usize >= upto => {
            &postings[..postings.partition_point(|p| (id(p) as usize) < upto)]
        }
        _ => postings,
    }
}

/// The bits of `list`'s ids among `ids`, and how many ids it holds.
fn bitset(list: &[ArticleId], ids: usize) -> (Vec<u64>, usize) {
    let mut bits = vec![0; ids.div_ceil(64)];
    let count = list.iter().filter(|&&id| set(&mut bits, id)).count();
    (bits, count)
}

/// Sets the bit of `id` (growing `bits` for an id past them); true when it was not set.
#[inline]
fn set(bits: &mut Vec<u64>, id: ArticleId) -> bool {
    let (w, bit) = (id as usize / 64, 1u64 << (id % 64));
    if w >= bits.len() {
        bits.resize(w + 1, 0);
    }
    let was = bits[w] & bit != 0;
    bits[w] |= bit;
    !was
}

impl Vocab {
    /// Builds a vocabulary from `(article, text)` pairs given in ascending article order, of
    /// articles whose ids are below `ids`.
    pub fn build<'a>(texts: impl Iterator<Item = (ArticleId, &'a str)>, ids: usize) -> Self {
        // Words of up to sixteen ASCII bytes, nearly all of them, are looked up by their bytes
        // lowercased as two integers: no string is built for them and keys compare without a
        // call (as strings, the lowercase copy and `memcmp` had been a third of the indexing).
        // Any other word by its lowercased string. A word lowercased is in one map only: one
        // that lowercases to a short ASCII word (the Kelvin sign "K" to "k") is looked up there.
        let mut short: WordMap<(u64, u64), usize> = WordMap::default();
        let mut index: WordMap<Box<str>, usize> = WordMap::default();
        let mut vocab = Vocab::default();
        let mut lower = String::new();
        for (id, text) in texts {
            let bytes = text.as_bytes();
            for range in word_ranges(text) {
                let key = if range.len() <= SHORT {
                    lowered_ascii_key(bytes, range.clone())
                } else {
                    None
                };
                let entry = if let Some(key) = key {
                    *short
                        .entry(key)
                        .or_insert_with(|| vocab.add(text[range].to_ascii_lowercase()))
                } else {
                    let word = &text[range];
                    lower.clear();
                    if word.is_ascii() {
                        // A long ASCII word, without the Unicode case tables.
                        lower.push_str(word);
                        lower.make_ascii_lowercase();
                    } else {
                        // Without accents, as the filter matches: "Société" and "societe"
                        // are one entry, which "societe" finds.
                        let mut accented = false;
                        lower.extend(word.chars().flat_map(char::to_lowercase).map(|c| {
                            let folded = fold_char(c);
                            accented |= folded != c;
                            folded
                        }));
                        if accented {
                            vocab.accented.push(id, ids);
                        }
                    }
                    if lower.len() <= SHORT
                        && let Some(key) = lowered_ascii_key(lower.as_bytes(), 0..lower.len())
                    {
                        *short.entry(key).or_insert_with(|| vocab.add(lower.clone()))
                    } else if let Some(&entry) = index.get(lower.as_str()) {
                        entry
                    } else {
                        let entry = vocab.add(lower.clone());
                        index.insert(lower.as_str().into(), entry);
                        entry
                    }
                };
                vocab.postings[entry].push(id, ids);
            }
        }
        vocab.shrink();
        vocab
    }

    /// A new entry with no postings yet; its number.
    fn add(&mut self, word: String) -> usize {
        self.entries.push(word);
        self.postings.push(Postings::default());
        self.entries.len() - 1
    }

    /// [`Vocab::build`] over the texts of `items` (in ascending article order, each article's
    /// texts all from one item), on two threads: each takes half of the items, and the halves'
    /// vocabularies are merged in order, so the result is the one a single pass would give.
    pub fn build_in_halves<'a, T: Sync, I>(
        items: &'a [T],
        ids: usize,
        texts: impl Fn(&'a [T]) -> I + Sync,
    ) -> Self
    where
        I: Iterator<Item = (ArticleId, &'a str)>,
    {
        let (front, back) = items.split_at(items.len() / 2);
        let (mut vocab, rest) = std::thread::scope(|scope| {
            let back = scope.spawn(|| Vocab::build(texts(back), ids));
            let front = Vocab::build(texts(front), ids);
            (front, back.join())
        });
        match rest {
            Ok(rest) => vocab.append(rest, ids),
            // The thread can only have panicked; build that half here instead.
            Err(_) => vocab.append(Vocab::build(texts(back), ids), ids),
        }
        vocab
    }

    /// Gives back the slack growth left in the postings (up to half of them).
    fn shrink(&mut self) {
        self.entries.shrink_to_fit();
        self.postings.shrink_to_fit();
        self.accented.shrink();
        for postings in &mut self.postings {
            postings.shrink();
        }
    }

    /// Settles every posting as a vocabulary of articles below `ids` holds it: for one built over
    /// fewer articles, then extended ([`Vocab::append`] with a larger `ids`), so that it is what
    /// one build over all of them gives.
    pub fn settle(&mut self, ids: usize) {
        self.accented.settle(ids);
        for postings in &mut self.postings {
            postings.settle(ids);
        }
    }

    /// Adds the vocabulary of later articles (every id in `later` above every id here), as if
    /// its texts had followed in the same [`Vocab::build`] (of articles whose ids are below
    /// `ids`).
    pub fn append(&mut self, later: Vocab, ids: usize) {
        let mut index: WordMap<&str, usize> = WordMap::default();
        index.reserve(self.entries.len());
        for (i, entry) in self.entries.iter().enumerate() {
            index.insert(entry.as_str(), i);
        }
        let mut added: Vec<(String, Postings)> = Vec::new();
        let mut extend: Vec<(usize, Postings)> = Vec::new();
        for (entry, postings) in later.entries.into_iter().zip(later.postings) {
            match index.get(entry.as_str()) {
                Some(&i) => extend.push((i, postings)),
                None => added.push((entry, postings)),
            }
        }
        drop(index);
        self.accented.append(later.accented, ids);
        for (i, postings) in extend {
            self.postings[i].append(postings, ids);
        }
        for (entry, postings) in added {
            self.entries.push(entry);
            self.postings.push(postings);
        }
        self.shrink();
    }

    /// The number of distinct words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A map hashed with [`WordHasher`]: keys from the user's own files (words, company keys, paths).
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A fast hash for short words (the `FxHash` recipe: rotate, xor, multiply), where the default
/// `SipHash`, built to resist hash flooding, costs more than the rest of indexing. Words come from
/// the user's own files, so flooding is not a threat worth its price here.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    /// The recipe's multiplier.
    pub(crate) const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    /// One step of the recipe: `word` into `hash`.
    #[inline]
    pub(crate) fn step(hash: u64, word: u64) -> u64 {
        (hash.rotate_left(5) ^ word).wrapping_mul(Self::K)
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = Self::step(self.0, u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.0 = Self::step(self.0, u64::from(b));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The words of a text: maximal runs of alphanumeric characters (the tests' view of
/// [`word_ranges`]).
#[cfg(test)]
fn words(text: &str) -> impl Iterator<Item = &str> {
    word_ranges(text).map(move |r| &text[r])
}

/// Whether `c` is part of a word: a letter or digit (ASCII ones by a byte test).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Byte ranges of the words of a text (see [`words`]): maximal runs of [`is_word_char`].
pub fn word_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + Clone + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // ASCII bytes are decided by a byte test; anything else by the char it starts.
        let is_word = |i: usize| -> (bool, usize) {
            let b = bytes[i];
            if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (is_word_char(c), c.len_utf8())
            }
        };
        while at < bytes.len() {
            let (word, len) = is_word(at);
            if word {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            // ASCII letters and digits, the bulk of a word, eight bytes at a time (a byte at a
            // time, this loop was a third of indexing the full text).
            (at, _) = crate::companies::ascii_alnum_run(bytes, at);
            if at >= bytes.len() {
                break;
            }
            let (word, len) = is_word(at);
            if !word {
                break;
            }
            at += len;
        }
        Some(start..at)
    })
}

/// The old char-by-char tokenizer, kept to check the fast one against it.
#[cfg(test)]
fn word_ranges_chars(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the start of the next word.
        let (start, _) = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                chars.next();
            } else {
                end = i;
                break;
            }
        }
        Some(start..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_and_keep_offsets() {
        let text = "Cisco’s deal, with Inspur-Group (2015)";
        let got: Vec<_> = word_ranges(text)
            .map(|r| (&text[r.clone()], r.start))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Cisco", 0),
                ("s", 8),
                ("deal", 10),
                ("with", 16),
                ("Inspur", 21),
                ("Group", 28),
                ("2015", 35)
            ]
        );
    }

    #[test]
    fn vocab_lowercases_and_dedups_postings() {
        let texts = [
            (0, "Cisco and cisco"),
            (0, "CISCO"),
            (2, "Inspur and Cisco"),
        ];
        // Among 3 articles every word pays as bits, among 1,000 none.
        for ids in [3, 1000] {
            let vocab = Vocab::build(texts.into_iter(), ids);
            assert_eq!(vocab.entries, vec!["cisco", "and", "inspur"]);
            let postings: Vec<_> = vocab.postings.iter().map(Postings::to_vec).collect();
            assert_eq!(postings, vec![vec![0, 2], vec![0, 2], vec![2]]);
            let bits = vocab
                .postings
                .iter()
                .all(|p| matches!(p, Postings::Bits { .. }));
            assert_eq!(bits, ids == 3);
        }
    }

    #[test]
    fn postings_as_bits_give_the_ids_a_list_gives() {
        // Ids of every kind of position: word starts and ends, gaps of whole words.
        let ids: Vec<ArticleId> = vec![0, 1, 5, 63, 64, 65, 127, 128, 200, 255, 256, 400, 511];
        let list = Postings::List(ids.clone());
        let bits = Postings::bits_of(&ids, 512);
        assert!(matches!(bits, Postings::Bits { count: 13, .. }));
        assert_eq!(bits.len(), list.len());
        for upto in [
            0,
            1,
            2,
            63,
            64,
            65,
            66,
            127,
            128,
            129,
            300,
            511,
            512,
            600,
            usize::MAX,
        ] {
            let (mut from_list, mut from_bits) = (Vec::new(), Vec::new());
            list.for_each_below(upto, |id| from_list.push(id));
            bits.for_each_below(upto, |id| from_bits.push(id));
            let expected: Vec<_> = ids
                .iter()
                .copied()
                .filter(|&id| (id as usize) < upto)
                .collect();
            assert_eq!(from_list, expected, "list below {upto}");
            assert_eq!(from_bits, expected, "bits below {upto}");
        }
        // Pushed one by one, with repeats, a list turns to bits once bits take fewer bytes.
        let mut pushed = Postings::default();
        for &id in &ids {
            pushed.push(id, 128);
            pushed.push(id, 128);
            let bits_now = matches!(pushed, Postings::Bits { .. });
            assert_eq!(bits_now, pushed.len() * 32 > 128, "{} pushed", pushed.len());
        }
        assert_eq!(pushed.to_vec(), ids);
        // An id past the range the vocabulary was told of still counts.
        let mut past = Postings::bits_of(&[3], 8);
        past.push(1000, 8);
        assert_eq!(past.to_vec(), vec![3, 1000]);
    }

    #[test]
    fn a_vocabulary_built_in_halves_is_the_one_built_in_one_pass() {
        fn texts(half: &[(ArticleId, Vec<String>)]) -> impl Iterator<Item = (ArticleId, &str)> {
            half.iter()
                .flat_map(|(id, texts)| texts.iter().map(move |t| (*id, t.as_str())))
        }
        // Articles of a few texts each (as in the full-text index: title and paragraphs), with
        // words shared by both halves, words of one half only, repeats within an article, and
        // every number of articles from none on.
        let words = [
            "cisco", "inspur", "ibm", "deal", "venture", "Cisco", "DEAL", "huawei",
        ];
        let articles: Vec<(ArticleId, Vec<String>)> = (0..23u32)
            .map(|id| {
                let i = id as usize;
                let texts = (0..=i % 3)
                    .map(|k| format!("{} {}", words[(i + k) % 8], words[(i * 5 + k * 3) % 8]))
                    .collect();
                (id, texts)
            })
            .collect();
        // Ids bounded by the articles (every word as bits at the end), and among far more
        // (lists throughout), and in between, where words change from lists to bits as the
        // halves are merged.
        for ids in [23, 100, 300, 10_000] {
            for n in 0..=articles.len() {
                let items = &articles[..n];
                let halves = Vocab::build_in_halves(items, ids, texts);
                let whole = Vocab::build(texts(items), ids);
                assert_eq!(halves.entries, whole.entries, "{n} articles");
                assert_eq!(halves.postings, whole.postings, "{n} articles of {ids}");
            }
        }
    }

    #[test]
    fn the_byte_tokenizer_agrees_with_the_char_tokenizer() {
        let texts = [
            "Cisco’s deal, with Inspur-Group (2015)",
            "Société Générale et BNP Paribas — « accord » à 3,5 %",
            "华为与俄罗斯储蓄银行 Sberbank 合作",
            "naïve café résumé ÅÄÖ ĳ ﬁ",
            "",
            "   ",
            "a",
            "émoji 🎉 test ١٢٣ ४५६",
        ];
        for text in texts {
            let fast: Vec<_> = word_ranges(text).collect();
            let slow: Vec<_> = word_ranges_chars(text).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn the_byte_tokenizer_agrees_with_the_char_tokenizer_on_any_mix() {
        // Words longer and shorter than the eight-byte steps, letters outside ASCII inside and
        // around them, digits, punctuation and spaces, at every offset.
        let pieces = [
            "a",
            "Z",
            "9",
            "word",
            "Generations",
            "abcdefgh",
            "abcdefghijklmnopq",
            "é",
            "ß",
            "’",
            "—",
            "华为",
            "🎉",
            "١٢٣",
            " ",
            "  ",
            ",",
            ".",
            "-",
            "\n",
            "\u{a0}",
        ];
        for text in crate::texts_of(&pieces, 9, 0x9e6c_63d0_676a_9a99, 20_000) {
            let fast: Vec<_> = word_ranges(&text).collect();
            let slow: Vec<_> = word_ranges_chars(&text).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    /// The vocabulary the way it was first built: every word lowercased into a string and
    /// looked up by it. What [`Vocab::build`] must give, by whatever keys it looks words up.
    fn build_by_strings<'a>(
        texts: impl Iterator<Item = (ArticleId, &'a str)>,
        ids: usize,
    ) -> Vocab {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut vocab = Vocab::default();
        for (id, text) in texts {
            for word in words(text) {
                let lower = crate::matcher::fold_lower(word);
                if lower != word.to_lowercase() {
                    vocab.accented.push(id, ids);
                }
                let entry = *index
                    .entry(lower.clone())
                    .or_insert_with(|| vocab.add(lower));
                vocab.postings[entry].push(id, ids);
            }
        }
        vocab.shrink();
        vocab
    }

    #[test]
    fn words_looked_up_by_their_bytes_give_the_vocabulary_strings_give() {
        // Words on both sides of sixteen bytes (and of eight), in any case, words that
        // lowercase outside ASCII, and words outside ASCII that lowercase to short ASCII ones
        // (the Kelvin sign and "K"; "ǅ" and "ǆ" have no such twin), each in many articles.
        let pieces = [
            "a",
            "Ab",
            "k",
            "K",
            "\u{212a}",
            "\u{212a}elvin",
            "kelvin",
            "Generations",
            "abcdefgh",
            "ABCDEFGHIJKLMNOP",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "AbCdEfGhIjKlMnOpQrStUvWxYz",
            "é",
            "É",
            "e",
            "Société",
            "societe",
            "ß",
            "İstanbul",
            "ǅ",
            "华为",
            "9",
            "Q3",
            " ",
            ", ",
            "-",
            "\n",
        ];
        let texts: Vec<String> =
            crate::texts_of(&pieces, 12, 0x51f1_5e3d_9a3b_0c11, 3_000).collect();
        let articles: Vec<(ArticleId, &str)> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| ((k / 3) as ArticleId, t.as_str()))
            .collect();
        for ids in [1_000, 100_000] {
            let fast = Vocab::build(articles.iter().copied(), ids);
            let strings = build_by_strings(articles.iter().copied(), ids);
            assert_eq!(fast.entries, strings.entries);
            assert_eq!(fast.postings, strings.postings);
            assert_eq!(fast.accented, strings.accented);
        }
        // The Kelvin sign's word and the ASCII one are one entry, whichever comes first; so
        // are a word with accents and without, long or short.
        for (first, second, entry) in [
            ("\u{212a}elvin", "kelvin", "kelvin"),
            ("kelvin", "\u{212a}elvin", "kelvin"),
            ("Société", "societe", "societe"),
            ("SOCIETE", "société", "societe"),
            ("Ausländerbehörde", "auslanderbehorde", "auslanderbehorde"),
            ("Straße", "strasse", "straße"),
        ] {
            let vocab = Vocab::build([(0, first), (1, second)].into_iter(), 10);
            assert_eq!(vocab.entries[0], entry, "{first} {second}");
            let together = vocab.entries.len() == 1;
            // ß has no letter without an accent to fold to: "strasse" stays a word of its own.
            assert_eq!(together, entry != "straße", "{first} {second}");
        }
    }

    #[test]
    fn empty_and_punctuation_only_texts_have_no_words() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" -- … !").count(), 0);
        assert_eq!(Vocab::build([(0, "...")].into_iter(), 1).len(), 0);
    }
}
