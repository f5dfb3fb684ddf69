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
    let n = store.len();
    // Per article: running score and weight; `None` once a term has failed to match it.
    let mut acc: Vec<Option<(i64, u32)>> = vec![Some((0, 0)); n];
    for term in &query.terms {
        let matched = if term.scope == Scope::Is {
            match_mark(store, term, marks)
        } else {
            match_term(store, term)
        };
        for (slot, m) in acc.iter_mut().zip(&matched) {
            let Some((total, weight)) = slot else {
                continue;
            };
            match (term.negated, m) {
                (false, Some((s, w))) => {
                    *total += s;
                    *weight += w;
                }
                (true, None) => {}
                _ => *slot = None,
            }
        }
    }
    let mut hits: Vec<Hit> = acc
        .into_iter()
        .enumerate()
        .filter_map(|(i, slot)| {
            let (total, weight) = slot?;
            Some(Hit {
                id: ArticleId::try_from(i).ok()?,
                score: total,
                weight,
            })
        })
        .collect();
    rank(&mut hits);
    hits
}

/// Sorts hits by relevance: score, then weight, then load order.
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.weight.cmp(&a.weight))
            .then(a.id.cmp(&b.id))
    });
}

/// For an `is:` term, per article: a neutral score when the mark is as asked, else `None`.
/// An unknown mark (`is:foo`) matches nothing.
fn match_mark(
    store: &ArticleStore,
    term: &Term,
    marks: &dyn Fn(ArticleId, Mark) -> bool,
) -> Vec<Option<(i64, u32)>> {
    let Some((mark, absent)) = Mark::from_term(&term.text) else {
        return vec![None; store.len()];
    };
    store
        .articles
        .iter()
        .map(|a| (marks(a.id, mark) != absent).then_some((0, 0)))
        .collect()
}

/// For one term, per article: the best score and the weight of what matched, or `None`.
fn match_term(store: &ArticleStore, term: &Term) -> Vec<Option<(i64, u32)>> {
    let matcher = term_matcher(term);
    let mut best: Vec<Option<(i64, u32)>> = vec![None; store.len()];
    let mut merge = |id: ArticleId, score: i64, weight: u32| {
        if let Some(slot) = best.get_mut(id as usize) {
            *slot = Some(match *slot {
                Some((s, w)) => (s.max(score), w + weight),
                None => (score, weight),
            });
        }
    };
    match term.scope {
        Scope::Company => {
            for company in &store.companies {
                if let Some(score) = matcher.score(&company.name) {
                    for &(id, mentions) in &company.articles {
                        merge(id, score, mentions);
                    }
                }
            }
        }
        Scope::Is => return vec![None; store.len()],
        Scope::Title | Scope::Text => {
            let vocab = if term.scope == Scope::Title {
                &store.title_words
            } else {
                &store.text_words
            };
            for (entry, postings) in vocab.entries.iter().zip(&vocab.postings) {
                if let Some(score) = matcher.score(entry) {
                    for &id in postings {
                        merge(id, score, 1);
                    }
                }
            }
        }
    }
    best
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

/// The character positions to highlight in `text` for the terms of `query` in `scope`.
///
/// Company names are matched whole; titles word by word, as the filter matches them. Called for
/// the visible rows only.
pub fn highlight(text: &str, query: &Query, scope: Scope) -> Vec<usize> {
    let mut marks = Vec::new();
    for term in query.positive().filter(|t| t.scope == scope) {
        let matcher = term_matcher(term);
        if scope == Scope::Company {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companies::Recognizer;
    use crate::query::parse;
    use crate::store::RawArticle;

    fn store(texts: &[&str]) -> ArticleStore {
        let raw = texts
            .iter()
            .enumerate()
            .map(|(i, t)| RawArticle::plain(format!("a{i}"), *t))
            .collect();
        ArticleStore::build(raw, &Recognizer::bundled().unwrap())
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
