//! Matching and ranking: a [`Query`] over an [`ArticleStore`] gives ranked [`Hit`]s.
//!
//! Each term is matched against a vocabulary — the distinct company names, or the distinct
//! words of titles or of the full text — never against every article: the postings of the
//! entries that match are then merged. A keystroke costs the size of the vocabulary.

use crate::matcher::TermMatcher;
use crate::query::{Query, Scope, Term};
use crate::store::{ArticleId, ArticleStore};
use crate::vocab;

/// One article that matches a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The article.
    pub id: ArticleId,
    /// Match quality: the sum over the terms of the best score of what matched. Higher is better.
    pub score: i64,
    /// Tie-breaker: how often the article mentions what matched (company mentions; 1 per matched word).
    pub weight: u32,
}

/// The reader's marks an `is:` term asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Opened (or marked read).
    Read,
    /// Bookmarked.
    Bookmarked,
}

impl Mark {
    /// The mark an `is:` term names, and whether it asks for its absence (`is:unread`).
    pub fn from_term(text: &str) -> Option<(Mark, bool)> {
        match text.to_ascii_lowercase().as_str() {
            "read" => Some((Mark::Read, false)),
            "unread" | "new" => Some((Mark::Read, true)),
            "bookmarked" | "bookmark" | "marked" | "starred" => Some((Mark::Bookmarked, false)),
            _ => None,
        }
    }
}

/// Runs a query with no reader marks (`is:` terms match nothing): for scripts and benchmarks.
pub fn run(store: &ArticleStore, query: &Query) -> Vec<Hit> {
    run_marked(store, query, &|_, _| false)
}

/// Runs a query: the matching articles, best first (score, then weight, then load order).
/// An empty query matches every article in load order. `marks` answers `is:` terms.
pub fn run_marked(
    store: &ArticleStore,
    query: &Query,
    marks: &dyn Fn(ArticleId, Mark) -> bool,
) -> Vec<Hit> {
    let mut engine = Engine::default();
    let mut hits = engine
        .run(store, query, marks, &|| false)
        .unwrap_or_default();
    rank(&mut hits);
    hits
}

/// Sorts hits by relevance: score, then weight, then load order.
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by(relevance);
}

/// Puts the best `k` hits first, in relevance order, leaving the rest after them unsorted:
/// the list shows a screenful, so a keystroke need not sort a million hits.
pub fn rank_top(hits: &mut [Hit], k: usize) {
    if k < hits.len() {
        hits.select_nth_unstable_by(k, relevance);
        hits[..k].sort_unstable_by(relevance);
    } else {
        rank(hits);
    }
}

fn relevance(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(b.weight.cmp(&a.weight))
        .then(a.id.cmp(&b.id))
}

/// The vocabulary entries one term matched, with their scores, remembered by the term's text
/// so that the next keystroke, which usually extends it, searches only these.
#[derive(Debug, Clone)]
struct Matched {
    scope: Scope,
    mode: u8,
    pattern: String,
    /// Entries holding the pattern's characters in order (case-insensitively): a superset of
    /// what any longer pattern can match.
    candidates: Vec<u32>,
    /// The candidates that pass the matcher, with their scores.
    scored: Vec<(u32, i64)>,
}

/// How many matched terms are remembered: enough for the prefixes of a few typed words.
const CACHE: usize = 48;

/// The filter's working memory, kept between queries: per-article arrays reused rather than
/// reallocated, and the entries recent terms matched. One per thread that filters.
#[derive(Debug, Default, Clone)]
pub struct Engine {
    /// Articles that passed every term so far (a bit per article).
    pass: Vec<u64>,
    /// Articles the current term matched.
    term: Vec<u64>,
    /// Per article: the current term's best score and weight (valid where `term` is set).
    term_score: Vec<i64>,
    term_weight: Vec<u32>,
    /// Per article: the running totals (valid where `pass` is set).
    total: Vec<i64>,
    weight: Vec<u32>,
    /// Lowercased company names, for the subsequence prefilter (built once per store size).
    company_lower: Vec<String>,
    cache: std::collections::VecDeque<Matched>,
}

impl Engine {
    /// Runs a query over `store`, returning its hits unsorted (see [`rank`] and [`rank_top`]),
    /// or `None` when `cancelled` says a newer query has come and this one is not worth
    /// finishing.
    pub fn run(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        marks: &dyn Fn(ArticleId, Mark) -> bool,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Vec<Hit>> {
        let n = store.len();
        let words = n.div_ceil(64);
        self.prepare(store, words);
        if query.positive().next().is_none() {
            // No positive term: everything passes, unscored, until a negation takes some out.
            self.pass.fill(u64::MAX);
            clear_tail(&mut self.pass, n);
            self.total[..n].fill(0);
            self.weight[..n].fill(0);
        }
        let mut first = true;
        // Positive terms first, so that negations only remove.
        let ordered = query
            .positive()
            .chain(query.terms.iter().filter(|t| t.negated));
        for term in ordered {
            if cancelled() {
                return None;
            }
            self.term.fill(0);
            if term.scope == Scope::Is {
                self.match_mark(store, term, marks);
            } else {
                self.match_term(store, term, cancelled)?;
            }
            if term.negated {
                for (p, t) in self.pass.iter_mut().zip(&self.term) {
                    *p &= !t;
                }
            } else if first {
                first = false;
                self.pass.copy_from_slice(&self.term);
                for_each_bit(&self.pass, |i| {
                    self.total[i] = self.term_score[i];
                    self.weight[i] = self.term_weight[i];
                });
            } else {
                for (p, t) in self.pass.iter_mut().zip(&self.term) {
                    *p &= t;
                }
                let (total, weight) = (&mut self.total, &mut self.weight);
                let (term_score, term_weight) = (&self.term_score, &self.term_weight);
                for_each_bit(&self.pass, |i| {
                    total[i] += term_score[i];
                    weight[i] += term_weight[i];
                });
            }
        }
        let mut hits = Vec::new();
        for_each_bit(&self.pass, |i| {
            if let Ok(id) = ArticleId::try_from(i) {
                hits.push(Hit {
                    id,
                    score: self.total[i],
                    weight: self.weight[i],
                });
            }
        });
        Some(hits)
    }

    /// Sizes the arrays for the store (they only grow) and lowercases new company names.
    fn prepare(&mut self, store: &ArticleStore, words: usize) {
        let n = store.len();
        self.pass.resize(words, 0);
        self.term.resize(words, 0);
        for v in [&mut self.term_score, &mut self.total] {
            v.resize(n, 0);
        }
        for v in [&mut self.term_weight, &mut self.weight] {
            v.resize(n, 0);
        }
        if self.company_lower.len() > store.companies.len() {
            // A different, smaller store: nothing remembered holds.
            self.company_lower.clear();
            self.cache.clear();
        }
        if self.company_lower.len() < store.companies.len() {
            // New companies (a store still loading): remembered matches are incomplete.
            self.cache.clear();
            let start = self.company_lower.len();
            self.company_lower.extend(
                store.companies[start..]
                    .iter()
                    .map(|c| c.name.to_lowercase()),
            );
        }
    }

    /// Sets `term` bits for the articles whose reader mark is as the `is:` term asks.
    fn match_mark(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        marks: &dyn Fn(ArticleId, Mark) -> bool,
    ) {
        let Some((mark, absent)) = Mark::from_term(&term.text) else {
            return;
        };
        for a in &store.articles {
            if marks(a.id, mark) != absent {
                let i = a.id as usize;
                self.term[i / 64] |= 1 << (i % 64);
                self.term_score[i] = 0;
                self.term_weight[i] = 0;
            }
        }
    }

    /// Sets `term` bits, scores and weights for the articles one term matches.
    fn match_term(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<()> {
        let scored = self.matched_entries(store, term, cancelled)?;
        let (bits, best, weight) = (&mut self.term, &mut self.term_score, &mut self.term_weight);
        let mut merge = |id: ArticleId, s: i64, w: u32| {
            let i = id as usize;
            let bit = 1u64 << (i % 64);
            if bits[i / 64] & bit == 0 {
                bits[i / 64] |= bit;
                best[i] = s;
                weight[i] = w;
            } else {
                best[i] = best[i].max(s);
                weight[i] += w;
            }
        };
        match term.scope {
            Scope::Company => {
                for &(entry, s) in &scored {
                    for &(id, mentions) in &store.companies[entry as usize].articles {
                        merge(id, s, mentions);
                    }
                }
            }
            Scope::Title | Scope::Text => {
                let Some(vocab) = vocabulary(store, term.scope) else {
                    return Some(());
                };
                for &(entry, s) in &scored {
                    for &id in &vocab.postings[entry as usize] {
                        merge(id, s, 1);
                    }
                }
            }
            Scope::Is => {}
        }
        Some(())
    }

    /// The vocabulary entries a term matches, with scores: from the cache when this exact term
    /// was matched before (Backspace), else searching only the candidates of the longest
    /// remembered term it extends (typing), else the whole vocabulary.
    fn matched_entries(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Vec<(u32, i64)>> {
        let mode = u8::from(term.exact) | (u8::from(term.whole) << 1);
        let pattern = if term.scope == Scope::Company {
            term.text.clone()
        } else {
            term.text.to_lowercase()
        };
        if let Some(hit) = self
            .cache
            .iter()
            .find(|m| m.scope == term.scope && m.mode == mode && m.pattern == pattern)
        {
            return Some(hit.scored.clone());
        }
        let lower = pattern.to_lowercase();
        let base = self
            .cache
            .iter()
            .filter(|m| {
                m.scope == term.scope
                    && m.mode & 2 == 0
                    && lower.starts_with(&m.pattern.to_lowercase())
            })
            .max_by_key(|m| m.pattern.len())
            .map(|m| m.candidates.clone());
        let entries: &[String] = match term.scope {
            Scope::Company => &self.company_lower,
            Scope::Title | Scope::Text => match vocabulary(store, term.scope) {
                Some(vocab) => &vocab.entries,
                // The full text is still being indexed: nothing to match yet (and nothing
                // remembered, so the term is matched again once the index is there).
                None => return Some(Vec::new()),
            },
            Scope::Is => return Some(Vec::new()),
        };
        let originals = |i: usize| -> &str {
            match term.scope {
                Scope::Company => &store.companies[i].name,
                _ => &entries[i],
            }
        };
        let matcher = term_matcher(term);
        let needle = lower.as_bytes();
        let mut candidates = Vec::new();
        let mut scored = Vec::new();
        let mut visit = |i: usize| {
            if is_subsequence(needle, entries[i].as_bytes()) {
                candidates.push(u32::try_from(i).unwrap_or(u32::MAX));
                if let Some(s) = matcher.score(originals(i)) {
                    scored.push((u32::try_from(i).unwrap_or(u32::MAX), s));
                }
            }
        };
        match base {
            Some(base) => {
                for (k, &i) in base.iter().enumerate() {
                    if k % 4096 == 0 && cancelled() {
                        return None;
                    }
                    visit(i as usize);
                }
            }
            None => {
                for i in 0..entries.len() {
                    if i % 4096 == 0 && cancelled() {
                        return None;
                    }
                    visit(i);
                }
            }
        }
        if self.cache.len() == CACHE {
            self.cache.pop_front();
        }
        self.cache.push_back(Matched {
            scope: term.scope,
            mode,
            pattern,
            candidates,
            scored: scored.clone(),
        });
        Some(scored)
    }
}

/// The word vocabulary of a title or full-text term, if it is built yet.
fn vocabulary(store: &ArticleStore, scope: Scope) -> Option<&crate::vocab::Vocab> {
    match scope {
        Scope::Title => Some(&store.title_words),
        Scope::Text => store.text_words(),
        Scope::Company | Scope::Is => None,
    }
}

/// Whether the bytes of `needle` appear in `haystack` in order: for UTF-8 this is exact for
/// the characters too, since a character's bytes only match the same character's bytes.
fn is_subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    let mut rest = haystack;
    for &b in needle {
        match rest.iter().position(|&h| h == b) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

/// Calls `f` with the index of every set bit, in order.
fn for_each_bit(bits: &[u64], mut f: impl FnMut(usize)) {
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let bit = word.trailing_zeros() as usize;
            f(w * 64 + bit);
            word &= word - 1;
        }
    }
}

/// Clears the bits past `n` in the last word, so that "all" means the n articles.
fn clear_tail(bits: &mut [u64], n: usize) {
    if !n.is_multiple_of(64)
        && let Some(last) = bits.last_mut()
    {
        *last &= (1u64 << (n % 64)) - 1;
    }
}

/// The matcher for a term. Word vocabularies are lowercased, so their terms are too (a capital
/// would otherwise turn smart case on and match nothing); company names keep smart case.
fn term_matcher(term: &Term) -> TermMatcher {
    if term.whole {
        TermMatcher::whole(&term.text)
    } else if term.scope == Scope::Company {
        TermMatcher::new(&term.text, term.exact)
    } else {
        TermMatcher::new(&term.text.to_lowercase(), term.exact)
    }
}

/// The character positions to highlight in `text` for the terms of `query` in `scope` (see
/// [`Highlighter`], which to prefer when highlighting many texts).
pub fn highlight(text: &str, query: &Query, scope: Scope) -> Vec<usize> {
    Highlighter::new(query, scope).marks(text)
}

/// Finds the characters to highlight for the terms of one scope of a query: built once per frame
/// (a matcher costs microseconds to set up) and asked for each visible text.
///
/// Company names are matched whole; titles word by word, as the filter matches them.
pub struct Highlighter {
    scope: Scope,
    matchers: Vec<TermMatcher>,
}

impl Highlighter {
    /// The highlighter for `query`'s positive terms in `scope`.
    pub fn new(query: &Query, scope: Scope) -> Self {
        Highlighter {
            scope,
            matchers: query
                .positive()
                .filter(|t| t.scope == scope)
                .map(term_matcher)
                .collect(),
        }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    /// The sorted char positions to highlight in `text`.
    pub fn marks(&self, text: &str) -> Vec<usize> {
        let mut marks = Vec::new();
        for matcher in &self.matchers {
            if self.scope == Scope::Company {
                if let Some((_, idx)) = matcher.indices(text) {
                    marks.extend(idx);
                }
            } else {
                for range in vocab::word_ranges(text) {
                    let word = &text[range.clone()];
                    if let Some((_, idx)) = matcher.indices(word) {
                        let offset = text[..range.start].chars().count();
                        marks.extend(idx.into_iter().map(|i| i + offset));
                    }
                }
            }
        }
        marks.sort_unstable();
        marks.dedup();
        marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companies::Recognizer;
    use crate::query::parse;

    fn store(texts: &[&str]) -> ArticleStore {
        crate::store::test_store(texts)
    }

    fn ids(store: &ArticleStore, q: &str, scope: Scope) -> Vec<ArticleId> {
        run(store, &parse(q, scope)).iter().map(|h| h.id).collect()
    }

    fn sample() -> ArticleStore {
        store(&[
            "Cisco and Inspur form a venture\n\nCisco said Inspur would sell its routers. Cisco shares rose.",
            "Huawei signs with Sberbank\n\nHuawei will build a cloud for Sberbank in Moscow.",
            "IBM opens software to Inspur\n\nIBM and Inspur agreed a deal on mainframes.",
            "Markets calm before holiday\n\nShares were flat in thin trading.",
        ])
    }

    #[test]
    fn fuzzy_company_terms_find_the_articles_that_mention_them() {
        let s = sample();
        let mut inspur = ids(&s, "inspr", Scope::Company);
        inspur.sort_unstable();
        assert_eq!(inspur, vec![0, 2]);
        assert_eq!(ids(&s, "sberbnk", Scope::Company), vec![1]);
        assert_eq!(ids(&s, "huawei", Scope::Company), vec![1]);
    }

    #[test]
    fn all_terms_must_match() {
        let s = sample();
        assert_eq!(ids(&s, "inspur cisco", Scope::Company), vec![0]);
        assert_eq!(
            ids(&s, "inspur huawei", Scope::Company),
            Vec::<ArticleId>::new()
        );
    }

    #[test]
    fn negation_and_scope_prefixes() {
        let s = sample();
        assert_eq!(ids(&s, "inspur !ibm", Scope::Company), vec![0]);
        assert_eq!(
            ids(&s, "c:inspur t:mainframes", Scope::Company),
            Vec::<ArticleId>::new()
        );
        assert_eq!(ids(&s, "c:inspur x:mainframes", Scope::Company), vec![2]);
        assert_eq!(ids(&s, "t:holiday", Scope::Company), vec![3]);
    }

    #[test]
    fn an_empty_query_lists_everything_in_load_order() {
        assert_eq!(ids(&sample(), "", Scope::Company), vec![0, 1, 2, 3]);
        assert_eq!(ids(&sample(), "!", Scope::Company), vec![0, 1, 2, 3]);
    }

    #[test]
    fn ties_on_score_rank_the_article_that_mentions_the_company_most() {
        let s = store(&[
            "One mention\n\nIntel said little.",
            "Three mentions\n\nIntel said a lot. Intel again. And Intel once more.",
        ]);
        assert_eq!(ids(&s, "intel", Scope::Company), vec![1, 0]);
    }

    #[test]
    fn better_matches_rank_first() {
        let s = store(&[
            "Dell'Oro story\n\nResearch firm Dell'Oro Group said so.",
            "Dell story\n\nDell said so.",
        ]);
        assert_eq!(ids(&s, "dell", Scope::Company)[0], 1);
    }

    #[test]
    fn title_and_text_scopes_match_words_case_insensitively() {
        let s = sample();
        assert_eq!(ids(&s, "Venture", Scope::Title), vec![0]);
        assert_eq!(ids(&s, "routers", Scope::Text), vec![0]);
        assert_eq!(ids(&s, "'moscow", Scope::Text), vec![1]);
        assert!(ids(&s, "routers", Scope::Title).is_empty());
    }

    fn bundled_sample() -> ArticleStore {
        let loaded = crate::store::load::load_sample();
        ArticleStore::build(loaded.articles, &Recognizer::bundled().unwrap())
    }

    #[test]
    fn a_reused_engine_answers_as_a_fresh_one_while_typing_and_deleting() {
        let s = bundled_sample();
        let mut engine = Engine::default();
        let queries = [
            "i",
            "in",
            "ins",
            "insp",
            "inspr",
            "insp",
            "ins",
            "c:cis",
            "c:cisco",
            "c:cis",
            "t:j",
            "t:jo",
            "t:joint",
            "x:c",
            "x:ch",
            "x:china",
            "x:chin",
            "huawei sber",
            "!ibm in",
            "'ib",
            "'ibm",
            "=ibm",
            "c:=\"Dell'Oro Group\"",
            "",
            "!apple",
        ];
        for q in queries {
            let query = parse(q, Scope::Company);
            let mut reused = engine.run(&s, &query, &|_, _| false, &|| false).unwrap();
            rank(&mut reused);
            assert_eq!(reused, run(&s, &query), "query {q:?}");
        }
    }

    #[test]
    fn a_cancelled_query_gives_nothing() {
        let s = bundled_sample();
        let mut engine = Engine::default();
        assert!(
            engine
                .run(&s, &parse("inspur", Scope::Company), &|_, _| false, &|| {
                    true
                })
                .is_none()
        );
        // And the engine is still sound afterwards.
        let mut hits = engine
            .run(&s, &parse("inspur", Scope::Company), &|_, _| false, &|| {
                false
            })
            .unwrap();
        rank(&mut hits);
        assert_eq!(hits, run(&s, &parse("inspur", Scope::Company)));
    }

    #[test]
    fn rank_top_puts_the_best_k_first_in_order() {
        let s = bundled_sample();
        let all = run(&s, &parse("", Scope::Company));
        let mut hits: Vec<Hit> = all
            .iter()
            .enumerate()
            .map(|(i, h)| Hit {
                score: (i64::try_from(i).unwrap() * 7919) % 13,
                ..*h
            })
            .collect();
        let mut full = hits.clone();
        rank(&mut full);
        rank_top(&mut hits, 4);
        assert_eq!(hits[..4], full[..4]);
        let mut rest: Vec<Hit> = hits[4..].to_vec();
        rank(&mut rest);
        assert_eq!(rest, full[4..]);
    }

    #[test]
    fn subsequences_on_bytes() {
        assert!(is_subsequence(b"inspr", b"inspur group"));
        assert!(!is_subsequence(b"inspr", b"inspu"));
        assert!(is_subsequence(b"", b"x"));
        assert!(is_subsequence("é".as_bytes(), "société".as_bytes()));
        assert!(!is_subsequence("é".as_bytes(), "societe".as_bytes()));
    }

    #[test]
    fn is_terms_ask_the_reader_marks() {
        let s = sample();
        let read = |id: ArticleId, mark: Mark| mark == Mark::Read && id.is_multiple_of(2);
        let ids = |q: &str| -> Vec<ArticleId> {
            run_marked(&s, &parse(q, Scope::Company), &read)
                .iter()
                .map(|h| h.id)
                .collect()
        };
        assert_eq!(ids("is:read"), vec![0, 2]);
        assert_eq!(ids("is:unread"), vec![1, 3]);
        assert_eq!(ids("!is:read inspur"), Vec::<ArticleId>::new());
        assert_eq!(ids("is:unread huawei"), vec![1]);
        assert!(ids("is:bookmarked").is_empty());
        assert!(ids("is:nonsense").is_empty());
        assert!(
            run(&s, &parse("is:read", Scope::Company)).is_empty(),
            "no marks without a reader"
        );
    }

    #[test]
    fn highlight_marks_matched_chars_in_names_and_title_words() {
        let q = parse("inspr t:venture", Scope::Company);
        assert_eq!(highlight("Inspur", &q, Scope::Company), vec![0, 1, 2, 3, 5]);
        assert_eq!(
            highlight("Cisco and Inspur form a venture", &q, Scope::Title),
            (24..31).collect::<Vec<_>>()
        );
        assert!(highlight("Huawei", &q, Scope::Company).is_empty());
    }
}
