//! Stores built from generated articles, shared by the benchmarks that time the filter
//! (`filter`, `keystrokes`): the same seed, the same articles, the same labels.

use std::time::Instant;

use tidings::companies::Recognizer;
use tidings::store::{ArticleStore, RawArticle};

use crate::corpus;

/// The seed every benchmark generates with, so all runs see the same articles.
pub const SEED: u64 = 1;

/// Generates `n` articles and builds a store (every index), reporting what it built.
pub fn generated(n: usize) -> ArticleStore {
    let started = Instant::now();
    let raw: Vec<RawArticle> = corpus::Corpus::new(SEED)
        .texts(n)
        .into_iter()
        .map(|(origin, text)| RawArticle::plain(origin, text))
        .collect();
    let generated = started.elapsed();
    let recognizer = Recognizer::shared().expect("the bundled gazetteer loads");
    let store = ArticleStore::build(raw, &recognizer);
    eprintln!(
        "store of {n} articles: generated in {:.1}s, built in {:.1}s; {} companies, {} title words, {} text words",
        generated.as_secs_f64(),
        started.elapsed().saturating_sub(generated).as_secs_f64(),
        store.companies.len(),
        store.title_words.entries.len(),
        store.text_words().map_or(0, tidings::vocab::Vocab::len),
    );
    store
}

/// "10k", "100k", "1M".
pub fn size_label(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{}M", n / 1_000_000)
    } else {
        format!("{}k", n / 1000)
    }
}

/// The prefixes of a word as it is typed: "i", "in", "ins"...
pub fn keystrokes(word: &str) -> Vec<&str> {
    word.char_indices()
        .map(|(i, c)| &word[..i + c.len_utf8()])
        .collect()
}
