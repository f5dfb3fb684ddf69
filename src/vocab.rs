//! Word vocabularies with postings: the distinct words of a scope, each with the articles that use it.
//!
//! The filter matches a query term against the distinct words once, then unions their postings,
//! so a keystroke costs the size of the vocabulary, not the size of the corpus.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::store::ArticleId;

/// Distinct lowercased words with sorted, de-duplicated postings.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    /// The distinct words, lowercased, in order of first appearance.
    pub entries: Vec<String>,
    /// For each entry, the ids of the articles that contain it, ascending.
    pub postings: Vec<Vec<ArticleId>>,
}

impl Vocab {
    /// Builds a vocabulary from `(article, text)` pairs given in ascending article order.
    pub fn build<'a>(texts: impl Iterator<Item = (ArticleId, &'a str)>) -> Self {
        let mut index: HashMap<Box<str>, usize, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        let mut vocab = Vocab::default();
        let mut lower = String::new();
        for (id, text) in texts {
            for word in words(text) {
                lower.clear();
                if word.is_ascii() {
                    // The common case, without the Unicode case tables.
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.extend(word.chars().flat_map(char::to_lowercase));
                }
                let entry = if let Some(&entry) = index.get(lower.as_str()) {
                    entry
                } else {
                    vocab.entries.push(lower.clone());
                    vocab.postings.push(Vec::new());
                    index.insert(lower.as_str().into(), vocab.entries.len() - 1);
                    vocab.entries.len() - 1
                };
                let postings = &mut vocab.postings[entry];
                // Ids arrive in ascending order, so a repeat can only be the last one.
                if postings.last() != Some(&id) {
                    postings.push(id);
                }
            }
        }
        vocab.shrink();
        vocab
    }

    /// [`Vocab::build`] over the texts of `items` (in ascending article order, each article's
    /// texts all from one item), on two threads: each takes half of the items, and the halves'
    /// vocabularies are merged in order, so the result is the one a single pass would give.
    pub fn build_in_halves<'a, T: Sync, I>(
        items: &'a [T],
        texts: impl Fn(&'a [T]) -> I + Sync,
    ) -> Self
    where
        I: Iterator<Item = (ArticleId, &'a str)>,
    {
        let (front, back) = items.split_at(items.len() / 2);
        let (mut vocab, rest) = std::thread::scope(|scope| {
            let back = scope.spawn(|| Vocab::build(texts(back)));
            let front = Vocab::build(texts(front));
            (front, back.join())
        });
        match rest {
            Ok(rest) => vocab.append(rest),
            // The thread can only have panicked; build that half here instead.
            Err(_) => vocab.append(Vocab::build(texts(back))),
        }
        vocab
    }

    /// Gives back the slack growth left in the postings (up to half of them).
    fn shrink(&mut self) {
        self.entries.shrink_to_fit();
        self.postings.shrink_to_fit();
        for postings in &mut self.postings {
            postings.shrink_to_fit();
        }
    }

    /// Adds the vocabulary of later articles (every id in `later` above every id here), as if
    /// its texts had followed in the same [`Vocab::build`].
    pub fn append(&mut self, later: Vocab) {
        let mut index: HashMap<&str, usize, BuildHasherDefault<WordHasher>> = HashMap::default();
        index.reserve(self.entries.len());
        for (i, entry) in self.entries.iter().enumerate() {
            index.insert(entry.as_str(), i);
        }
        let mut added: Vec<(String, Vec<ArticleId>)> = Vec::new();
        let mut extend: Vec<(usize, Vec<ArticleId>)> = Vec::new();
        for (entry, postings) in later.entries.into_iter().zip(later.postings) {
            match index.get(entry.as_str()) {
                Some(&i) => extend.push((i, postings)),
                None => added.push((entry, postings)),
            }
        }
        drop(index);
        for (i, postings) in extend {
            self.postings[i].extend(postings);
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

/// A fast hash for short words (the `FxHash` recipe: rotate, xor, multiply), where the default
/// `SipHash`, built to resist hash flooding, costs more than the rest of indexing. Words come from
/// the user's own files, so flooding is not a threat worth its price here.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The words of a text: maximal runs of alphanumeric characters, with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    word_ranges(text).map(move |r| &text[r])
}

/// Byte ranges of the words of a text (see [`words`]).
pub fn word_ranges(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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
                (c.is_alphanumeric(), c.len_utf8())
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
        let vocab = Vocab::build(
            [
                (0, "Cisco and cisco"),
                (0, "CISCO"),
                (2, "Inspur and Cisco"),
            ]
            .into_iter(),
        );
        assert_eq!(vocab.entries, vec!["cisco", "and", "inspur"]);
        assert_eq!(vocab.postings, vec![vec![0, 2], vec![0, 2], vec![2]]);
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
        for n in 0..=articles.len() {
            let items = &articles[..n];
            let halves = Vocab::build_in_halves(items, texts);
            let whole = Vocab::build(texts(items));
            assert_eq!(halves.entries, whole.entries, "{n} articles");
            assert_eq!(halves.postings, whole.postings, "{n} articles");
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
    fn empty_and_punctuation_only_texts_have_no_words() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" -- … !").count(), 0);
        assert_eq!(Vocab::build([(0, "...")].into_iter()).len(), 0);
    }
}
