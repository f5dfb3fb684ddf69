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
    // With their dates, as a file's metadata gives them (for date terms).
    let corpus = corpus::Corpus::new(SEED);
    let raw: Vec<RawArticle> = (0..n as u64)
        .map(|i| {
            let article = corpus.article(i);
            let (y, m, d) = article.date;
            let mut raw =
                RawArticle::plain(format!("gen/{:03}/{i:06}.txt", i / 1000), article.to_txt());
            raw.meta.date_text = Some(format!("{y:04}-{m:02}-{d:02}"));
            raw
        })
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
