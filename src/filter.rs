//! Matching and ranking: a [`Query`] over an [`ArticleStore`] gives ranked [`Hit`]s.
//!
//! Each term is matched against a vocabulary — the distinct company names, or the distinct
//! words of titles or of the full text — never against every article: the postings of the
//! entries that match are then merged. A keystroke costs at most the size of the vocabulary,
//! and usually far less: a term that extends a remembered one is matched only against that
//! one's candidates, and the filter thread's idle time goes to remembering ahead what the first
//! keystrokes need ([`Engine::warm_up`], [`Engine::warm_after`]).

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::matcher::{self, Summary, TermMatcher, fold, fold_lower};
use crate::query::{Phrase, Query, Scope, Term};
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
///
/// The relevance order is a total order (ids differ), so it is the order of one integer key per
/// hit; selecting on those keys, plain integers, costs a fraction of selecting on the hits with
/// a three-field comparison, which mattered when one letter matches most of the collection.
pub fn rank_top(hits: &mut [Hit], k: usize) {
    if k >= hits.len() {
        rank(hits);
        return;
    }
    if k == 0 {
        return;
    }
    let mut keys: Vec<u128> = hits.iter().map(relevance_key).collect();
    // Ascending keys: the k best are from index len - k on, and this one is the worst of them.
    let at = keys.len() - k;
    let (_, &mut kth, _) = keys.select_nth_unstable(at);
    let mut front = 0;
    for i in 0..hits.len() {
        if relevance_key(&hits[i]) >= kth {
            hits.swap(front, i);
            front += 1;
        }
    }
    hits[..k].sort_unstable_by(relevance);
}

/// A key whose descending order is the relevance order: score, then weight, then (ascending) id.
fn relevance_key(h: &Hit) -> u128 {
    // Flipping the sign bit maps the order of i64 onto that of u64.
    let score = h.score.cast_unsigned() ^ (1 << 63);
    (u128::from(score) << 64) | (u128::from(h.weight) << 32) | u128::from(u32::MAX - h.id)
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

impl Matched {
    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.pattern.len()
            + self.candidates.len() * std::mem::size_of::<u32>()
            + self.scored.len() * std::mem::size_of::<(u32, i64)>()
    }
}

/// A whole answer remembered: the hits of a one-term query, the first `sorted` in relevance
/// order.
#[derive(Debug)]
struct Ranked {
    hits: Vec<Hit>,
    sorted: usize,
}

/// An article's score and weight, side by side so that merging a posting touches one place;
/// 8 bytes, so that a million articles' take 8 MB, not 16, for the merges' random writes.
/// (Term scores are nucleo's, below 2^16, times [`crate::matcher::LENGTH_TIEBREAK`].)
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    score: i32,
    weight: u32,
}

/// What a unit of an answer's work costs until [`Engine::learn`] has measured it: 3.6 ns at a
/// million articles on a 2-core machine of 2026, twice that on its slow days.
const FIRST_GUESS_NS: f64 = 7.0;

/// In [`Engine::early_upto`]'s units of work, a hit costs about as much as 5 postings: it is
/// gathered from the bitset and ranked. Measured at 1M on full-text terms: "i" (8.4M postings,
/// 1M hits) 49.5 ms, "in" (5.2M, 1M) 38 ms, "ins" (2.6M, 0.94M) 29 ms, which 3.6 ns a posting and
/// 19 ns a hit fit within 6%. Postings alone put "ins" at half its cost, under a frame.
const HIT_POSTINGS: usize = 5;

/// In [`Engine::early_upto`]'s units of work, what looking for a phrase in an article's texts
/// costs. Measured at 100k (two threads): `x:"price war"` looks at 14.6k articles in 40 ms
/// (2.7 µs each), `x:"the company said"` at 85.7k in 73 ms (0.85 µs); at 3.6 ns a unit, 512
/// units are 1.8 µs. Without it, a phrase's answer was predicted from its words' postings
/// alone, and at a million articles came whole after 0.45-0.75 s, with no early part.
const PHRASE_UNITS: usize = 512;

/// What a full-text term's word in the headline adds to an article's weight, against 1 for each
/// of its words in the text: among articles that match as well, those whose headline says it
/// come first.
const TITLE_WEIGHT: u32 = 8;

/// How many matched terms are remembered: enough for the prefixes of a few typed words.
const CACHE: usize = 48;

/// The letters whose terms the warm-up matches ahead: one-letter terms in every scope, and
/// two-letter ones in company scope.
const LETTERS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The warm-up's steps, in order (see [`Engine::warm_up`]).
const WARM_STEPS: usize = 3 * LETTERS.len() + LETTERS.len() * LETTERS.len();

/// The letters [`Engine::warm_after`] tries, the most likely next keystroke first.
const NEXT_LETTERS: &[u8; 36] = b"etaoinsrhldcumfpgwybvkxjqz0123456789";

/// How many hits the answers kept ahead may hold together, per article of the store: twice
/// the collection (48 MB at 1M articles).
const AHEAD_HITS: usize = 2;

/// The days a date term holds, as [`ArticleStore::days`] writes them (`yyyymmdd`): from `from`
/// up to (not including) `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    from: u32,
    to: u32,
}

impl DateSpan {
    /// The span of a date term's text: `since:V` from the start of V on, `until:V` up to its
    /// end, `date:V` within it; V is a year, `year-month` or `year-month-day` (`2015`,
    /// `2015-09`, `2015-09-14`), or a day counted back from today (by the local calendar):
    /// `today`, `yesterday`, `7d`, `2w`, `3m`, `1y` (days, weeks, months, years ago). `None` when
    /// the text is not one.
    pub fn from_term(text: &str) -> Option<DateSpan> {
        DateSpan::from_term_at(text, crate::store::date::Date::today()?)
    }

    /// [`DateSpan::from_term`], today being `today`.
    pub fn from_term_at(text: &str, today: crate::store::date::Date) -> Option<DateSpan> {
        let (keyword, value) = text.split_once(':')?;
        let (from, to) = match ago(value, today) {
            Some(day) => (day, day + 1),
            None => absolute(value)?,
        };
        match keyword.to_ascii_lowercase().as_str() {
            "since" => Some(DateSpan { from, to: u32::MAX }),
            "until" => Some(DateSpan { from: 1, to }),
            "date" => Some(DateSpan { from, to }),
            _ => None,
        }
    }

    /// Whether the day `day` (`yyyymmdd`; 0: no date) is in the span.
    pub fn holds(self, day: u32) -> bool {
        day != 0 && (self.from..self.to).contains(&day)
    }
}

/// A day counted back from `today`, as `yyyymmdd`: `today`, `yesterday`, or a number and a unit
/// (`7d`, `2w`, `3m`, `1y`). A month or a year back keeps the day of the month (the 31st of a
/// shorter month then sorts after its last day, as it should).
fn ago(value: &str, today: crate::store::date::Date) -> Option<u32> {
    let value = value.to_ascii_lowercase();
    let (count, unit) = match value.as_str() {
        "today" => (0, 'd'),
        "yesterday" => (1, 'd'),
        _ => {
            let unit = value.chars().last()?;
            let digits = &value[..value.len() - unit.len_utf8()];
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (digits.parse::<i64>().ok()?, unit)
        }
    };
    match unit {
        'd' | 'w' => {
            let days = if unit == 'w' {
                count.checked_mul(7)?
            } else {
                count
            };
            Some(today.days_before(days)?.day_key())
        }
        'm' | 'y' => {
            let months = if unit == 'y' {
                count.checked_mul(12)?
            } else {
                count
            };
            let index = i64::from(today.year) * 12 + i64::from(today.month) - 1 - months;
            let day = crate::store::date::Date {
                year: i32::try_from(index.div_euclid(12))
                    .ok()
                    .filter(|&y| y > 0)?,
                month: u8::try_from(index.rem_euclid(12) + 1).ok()?,
                ..today
            };
            Some(day.day_key())
        }
        _ => None,
    }
}

/// The days of an absolute date term's value (`2015`, `2015-09`, `2015-09-14`): its first, and
/// the first after it.
fn absolute(value: &str) -> Option<(u32, u32)> {
    let mut parts = value.split('-');
    let number = |part: Option<&str>, digits: std::ops::RangeInclusive<usize>| {
        part.filter(|p| digits.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let year = number(parts.next(), 4..=4).filter(|&y| y > 0)?;
    let (month, day) = match (parts.next(), parts.next()) {
        (None, _) => (None, None),
        (month, None) => (
            Some(number(month, 1..=2).filter(|m| (1..=12).contains(m))?),
            None,
        ),
        (month, day) => {
            let month = number(month, 1..=2).filter(|m| (1..=12).contains(m))?;
            (
                Some(month),
                Some(number(day, 1..=2).filter(|d| (1..=31).contains(d))?),
            )
        }
    };
    if parts.next().is_some() {
        return None;
    }
    // The first day of the period, and the first day after it (days past a month's end
    // sort as they should: 20150931 is after every day of September).
    Some(match (month, day) {
        (None, _) => (year * 10_000, (year + 1) * 10_000),
        (Some(m), None) => (year * 10_000 + m * 100, year * 10_000 + (m + 1) * 100),
        (Some(m), Some(d)) => {
            let day = year * 10_000 + m * 100 + d;
            (day, day + 1)
        }
    })
}

/// The key under which a one-term query's answer is kept: positive fuzzy company or title
/// terms only (title terms are matched lowercased and without accents, so their key is too).
fn answer_key(term: &Term) -> Option<(Scope, String)> {
    if term.negated || term.exact || term.whole {
        return None;
    }
    match term.scope {
        Scope::Company => Some((Scope::Company, term.text.clone())),
        Scope::Title => Some((Scope::Title, fold_lower(&term.text))),
        Scope::Text | Scope::Is | Scope::Date => None,
    }
}

/// `term` with its text replaced by `text` extended by one letter, for each of
/// [`NEXT_LETTERS`] in order: the keystrokes likely to come next.
fn extensions<'a>(term: &'a Term, text: &'a str) -> impl Iterator<Item = Term> + 'a {
    NEXT_LETTERS.iter().map(move |&letter| {
        let mut text = text.to_owned();
        text.push(char::from(letter));
        Term {
            text,
            ..term.clone()
        }
    })
}

/// How many terms matched ahead are kept: a few typed words' worth.
const AHEAD: usize = 8 * NEXT_LETTERS.len();

/// What remembered matches were computed from. A bigger store (one still loading), another
/// store, or a vocabulary filled in later makes them stale.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct StoreKey {
    at: usize,
    articles: usize,
    companies: usize,
    title_words: usize,
    text_words: usize,
}

impl StoreKey {
    fn of(store: &ArticleStore) -> Self {
        StoreKey {
            at: std::ptr::from_ref(store).addr(),
            articles: store.len(),
            companies: store.companies.len(),
            title_words: words_of(store, Scope::Title).map_or(0, vocab::Vocab::len),
            text_words: words_of(store, Scope::Text).map_or(0, vocab::Vocab::len),
        }
    }
}

/// The word vocabulary a scope matches against: the one place that reads them from the store.
fn words_of(store: &ArticleStore, scope: Scope) -> Option<&vocab::Vocab> {
    match scope {
        Scope::Title => Some(&store.title_words),
        Scope::Text => store.text_words(),
        Scope::Company | Scope::Is | Scope::Date => None,
    }
}

/// The filter's working memory, kept between queries: per-article arrays reused rather than
/// reallocated, and the entries recent terms matched. One per thread that filters.
///
/// Besides what recent queries leave, [`Engine::warm_up`] (run by the filter thread while it is
/// idle) remembers ahead what the first keystrokes need: the entries every one- and two-letter
/// term matches and the whole answers of one-letter company terms. Nothing remembered changes a
/// result; it only spares recomputing it.
#[derive(Debug, Default, Clone)]
pub struct Engine {
    /// Articles that passed every term so far (a bit per article).
    pass: Vec<u64>,
    /// Articles the current term matched.
    term: Vec<u64>,
    /// Per article: the current term's best score and weight (valid where `term` is set).
    term_acc: Vec<Acc>,
    /// Per article: the running totals (valid where `pass` is set).
    total: Vec<Acc>,
    /// The company names as the matching scans them (built once per store size).
    names: Names,
    /// The store everything remembered below was computed from.
    key: StoreKey,
    /// Recent terms' matched entries, oldest first.
    cache: VecDeque<Arc<Matched>>,
    /// Matched entries of short fuzzy terms by scope and (lowercase) text, kept by the warm-up:
    /// never evicted.
    pinned: HashMap<(Scope, String), Arc<Matched>>,
    /// How many of `pinned` are longer terms matched ahead by [`Engine::warm_after`].
    ahead: usize,
    /// Whole answers of one-term queries by scope and text: one-letter company and title terms
    /// kept by the warm-up, and extensions of the term just typed kept by
    /// [`Engine::warm_after`].
    answers: HashMap<(Scope, String), Arc<Ranked>>,
    /// The answers kept ahead, for which term, and how many hits they hold together.
    ahead_answers: Vec<(Scope, String)>,
    ahead_for: Option<(Scope, String)>,
    ahead_hits: usize,
    /// How many warm-up steps are done.
    warmed: usize,
    /// What a unit of an answer's work ([`Engine::early_upto`]) costs on this store, in
    /// nanoseconds, as measured on whole answers ([`Engine::learn`]); 0 until measured.
    ns_per_unit: f64,
    /// The work units of the query [`Engine::early_upto`] last looked at.
    last_work: usize,
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
        self.run_upto(store, query, marks, cancelled, store.len())
    }

    /// [`Engine::run`] over the articles with ids below `upto` only, at a cost in proportion:
    /// the early part of an answer that is long to give whole.
    pub fn run_upto(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        marks: &dyn Fn(ArticleId, Mark) -> bool,
        cancelled: &dyn Fn() -> bool,
        upto: usize,
    ) -> Option<Vec<Hit>> {
        let n = store.len().min(upto);
        self.prepare(store);
        if query.positive().next().is_none() {
            // No positive term: everything passes, unscored, until a negation takes some out.
            self.pass.fill(u64::MAX);
            clear_from(&mut self.pass, n);
            self.total[..n].fill(Acc::default());
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
                self.match_mark(store, term, marks, n);
            } else if term.scope == Scope::Date {
                self.match_date(store, term, n);
            } else if term.phrase == Phrase::Whole {
                self.match_phrase(store, term, cancelled, n)?;
                if !term.negated && !first {
                    // Its words, terms of their own before it, found and scored the articles:
                    // the phrase keeps those that have them together.
                    for (p, t) in self.pass.iter_mut().zip(&self.term) {
                        *p &= t;
                    }
                    continue;
                }
            } else {
                self.match_term(store, term, cancelled, n)?;
            }
            if term.negated {
                for (p, t) in self.pass.iter_mut().zip(&self.term) {
                    *p &= !t;
                }
            } else if first {
                // The first term's arrays become the totals (each is valid where its bits are
                // set); the next term starts from cleared bits.
                first = false;
                std::mem::swap(&mut self.pass, &mut self.term);
                std::mem::swap(&mut self.total, &mut self.term_acc);
            } else {
                for (p, t) in self.pass.iter_mut().zip(&self.term) {
                    *p &= t;
                }
                let (total, term_acc) = (&mut self.total, &self.term_acc);
                for_each_bit(&self.pass, |i| {
                    total[i].score = total[i].score.saturating_add(term_acc[i].score);
                    total[i].weight += term_acc[i].weight;
                });
            }
        }
        // A text held more than once is listed once, at its first article: its later copies
        // are in no posting, but an answer with no positive term, or an `is:` one, starts from
        // every article.
        for (p, later) in self.pass.iter_mut().zip(store.later_copies()) {
            *p &= !later;
        }
        let count = self.pass.iter().map(|w| w.count_ones() as usize).sum();
        let mut hits = Vec::with_capacity(count);
        for_each_bit(&self.pass, |i| {
            if let Ok(id) = ArticleId::try_from(i) {
                hits.push(Hit {
                    id,
                    score: i64::from(self.total[i].score),
                    weight: self.total[i].weight,
                });
            }
        });
        Some(hits)
    }

    /// Where the early part of `query`'s answer should end, when the whole answer would take
    /// longer than `frame`: its terms' postings and the hits they can make predict its cost (at
    /// the rate measured by [`Engine::learn`]), and the articles below the returned id hold
    /// about half a frame of that work. `None` when the whole answer comes within the
    /// frame anyway, or is kept ready, or when `cancelled` says a newer query has come.
    pub fn early_upto(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        cancelled: &dyn Fn() -> bool,
        frame: Duration,
    ) -> Option<usize> {
        let n = store.len();
        self.prepare(store);
        self.last_work = 0;
        if let [term] = query.terms.as_slice()
            && let Some(key) = answer_key(term)
            && self.answers.contains_key(&key)
        {
            return None;
        }
        let mut volume = 0usize;
        // The fewest postings of a term: at most so many articles pass them all.
        let mut fewest = n;
        let mut phrases = 0usize;
        // Full-text terms read from the texts (the full text not indexed yet): every article's.
        let mut unindexed = 0usize;
        for term in query.positive() {
            if matches!(term.scope, Scope::Is | Scope::Date) {
                continue;
            }
            if read_from_texts(store, term) {
                unindexed += 1;
                continue;
            }
            if term.phrase == Phrase::Whole {
                // Its words are terms of their own, just before it.
                phrases += 1;
                continue;
            }
            // Remembered: the run that follows finds them matched.
            let matched = self.matched_entries(store, term, cancelled, true)?;
            let lengths = matched.scored.iter().map(|&(e, _)| match term.scope {
                Scope::Company => store.companies[e as usize].articles.len(),
                _ => words_of(store, term.scope).map_or(0, |v| v.postings[e as usize].len()),
            });
            let postings: usize = lengths.sum();
            fewest = fewest.min(postings);
            volume = volume.saturating_add(postings);
        }
        // Hits are not known before the run: at most one an article, one a posting. A phrase
        // reads the texts of the articles its words leave.
        let work = volume
            .saturating_add(HIT_POSTINGS.saturating_mul(volume.min(n)))
            .saturating_add(PHRASE_UNITS.saturating_mul(phrases).saturating_mul(fewest))
            .saturating_add(PHRASE_UNITS.saturating_mul(unindexed).saturating_mul(n));
        self.last_work = work;
        let rate = if self.ns_per_unit > 0.0 {
            self.ns_per_unit
        } else {
            FIRST_GUESS_NS
        };
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        let predicted = work as f64 * rate;
        let frame = frame.as_secs_f64() * 1e9;
        if predicted <= frame {
            return None;
        }
        // Articles hold about the same share of the postings wherever they are in the store.
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let upto = (n as f64 * (frame / 2.0) / predicted) as usize;
        let upto = upto.next_multiple_of(64).max(64);
        (upto < n).then_some(upto)
    }

    /// Learns what a unit of work costs from the time the whole answer to the query
    /// [`Engine::early_upto`] last looked at took (when it had enough work to tell).
    pub fn learn(&mut self, elapsed: Duration) {
        if self.last_work < 1 << 16 {
            return;
        }
        #[allow(clippy::cast_precision_loss)] // counts far below 2^52
        let measured = elapsed.as_secs_f64() * 1e9 / self.last_work as f64;
        self.ns_per_unit = if self.ns_per_unit > 0.0 {
            f64::midpoint(self.ns_per_unit, measured)
        } else {
            measured
        };
    }

    /// Runs a query as [`Engine::run`] does and puts its `k` best hits first in relevance order
    /// (as [`rank_top`]), returning them with how many are in order at the front. A one-letter
    /// company term is answered from what the warm-up kept, when it has.
    pub fn run_ranked(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        marks: &dyn Fn(ArticleId, Mark) -> bool,
        cancelled: &dyn Fn() -> bool,
        k: usize,
    ) -> Option<(Vec<Hit>, usize)> {
        self.prepare(store);
        if let [term] = query.terms.as_slice()
            && let Some(key) = answer_key(term)
            && let Some(ranked) = self.answers.get(&key)
            && ranked.sorted >= k.min(ranked.hits.len())
        {
            return Some((ranked.hits.clone(), k.min(ranked.hits.len())));
        }
        let mut hits = self.run(store, query, marks, cancelled)?;
        rank_top(&mut hits, k);
        let sorted = k.min(hits.len());
        Some((hits, sorted))
    }

    /// Does one more part of the work that spares the first keystrokes from scanning whole
    /// vocabularies, until it is all done or `cancelled` says a query is waiting; returns
    /// whether it is all done (calling again goes on where it stopped). For a store of 100,000
    /// articles this takes a few seconds of the filter thread's idle time (`benches/keystrokes.rs`
    /// reports it); `sorted_first` is how many hits the kept answers put in order.
    ///
    /// Steps: one-letter company terms (their matched entries and whole answers), one-letter
    /// title terms, one-letter full-text terms, then two-letter company terms.
    pub fn warm_up(
        &mut self,
        store: &ArticleStore,
        sorted_first: usize,
        cancelled: &dyn Fn() -> bool,
    ) -> bool {
        self.prepare(store);
        let n = LETTERS.len();
        while self.warmed < WARM_STEPS {
            if cancelled() {
                return false;
            }
            let step = self.warmed;
            let (scope, pattern) = match step / n {
                0 => (Scope::Company, char::from(LETTERS[step]).to_string()),
                1 => (Scope::Title, char::from(LETTERS[step - n]).to_string()),
                2 => (Scope::Text, char::from(LETTERS[step - 2 * n]).to_string()),
                _ => {
                    let pair = step - 3 * n;
                    let mut two = char::from(LETTERS[pair / n]).to_string();
                    two.push(char::from(LETTERS[pair % n]));
                    (Scope::Company, two)
                }
            };
            let term = Term {
                text: pattern.clone(),
                scope,
                negated: false,
                exact: false,
                whole: false,
                phrase: Phrase::No,
            };
            let Some(matched) = self.matched_entries(store, &term, cancelled, false) else {
                return false;
            };
            // Even when nothing holds the letters: that spares longer terms a search too.
            self.pinned.insert((scope, pattern.clone()), matched);
            if scope != Scope::Text
                && pattern.len() == 1
                && self
                    .keep_answer(store, term, sorted_first, cancelled)
                    .is_none()
            {
                return false;
            }
            self.warmed += 1;
        }
        true
    }

    /// Idle work after answering `query`, for the keystroke likely to come next: when its last
    /// term is a fuzzy company term of two letters or more (shorter ones the warm-up has done),
    /// matches that term extended by each letter, most frequent letters first, so that the next
    /// keystroke finds its entries ready instead of scoring thousands of names. Returns whether
    /// it is all done (false when `cancelled` stopped it). At most [`AHEAD`] such terms are
    /// kept; beyond that the oldest batch is dropped.
    pub fn warm_after(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        sorted_first: usize,
        cancelled: &dyn Fn() -> bool,
    ) -> bool {
        self.answer_ahead(store, query, sorted_first, cancelled)
            && self.match_ahead(store, query, cancelled)
    }

    /// For a one-term fuzzy company or title query: the whole answers of its one-letter
    /// extensions, most frequent letters first, until they hold [`AHEAD_HITS`] hits per
    /// article of the store. Those kept for the term before are dropped first.
    fn answer_ahead(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        sorted_first: usize,
        cancelled: &dyn Fn() -> bool,
    ) -> bool {
        let [term] = query.terms.as_slice() else {
            return true;
        };
        let Some(key) = answer_key(term) else {
            return true;
        };
        self.prepare(store);
        if self.ahead_for.as_ref() != Some(&key) {
            for old in self.ahead_answers.drain(..) {
                self.answers.remove(&old);
            }
            self.ahead_hits = 0;
            self.ahead_for = Some(key.clone());
        }
        for extended in extensions(term, &key.1) {
            if self.ahead_hits >= AHEAD_HITS * store.len() {
                break;
            }
            let next = (key.0, extended.text.clone());
            if self.answers.contains_key(&next) {
                continue;
            }
            if cancelled() {
                return false;
            }
            let Some(len) = self.keep_answer(store, extended, sorted_first, cancelled) else {
                return false;
            };
            self.ahead_hits += len;
            self.ahead_answers.push(next);
        }
        true
    }

    /// For a query whose last term is a fuzzy company term of two letters or more: the matched
    /// entries of its one-letter extensions (see [`Engine::warm_after`]).
    fn match_ahead(
        &mut self,
        store: &ArticleStore,
        query: &Query,
        cancelled: &dyn Fn() -> bool,
    ) -> bool {
        let Some(last) = query.terms.last() else {
            return true;
        };
        if last.negated
            || last.exact
            || last.whole
            || last.scope != Scope::Company
            || last.text.chars().count() < 2
            || last.text.chars().any(char::is_uppercase)
        {
            return true;
        }
        self.prepare(store);
        if self.ahead >= AHEAD {
            self.pinned.retain(|_, m| m.pattern.chars().count() <= 2);
            self.ahead = 0;
        }
        for term in extensions(last, &last.text) {
            let key = (Scope::Company, term.text.clone());
            if self.pinned.contains_key(&key) {
                continue;
            }
            if cancelled() {
                return false;
            }
            let Some(found) = self.matched_entries(store, &term, cancelled, false) else {
                return false;
            };
            self.pinned.insert(key, found);
            self.ahead += 1;
        }
        true
    }

    /// Computes and keeps the answer of a one-term query, returning how many hits it holds, or
    /// `None` when cancelled.
    fn keep_answer(
        &mut self,
        store: &ArticleStore,
        term: Term,
        sorted_first: usize,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<usize> {
        let key = answer_key(&term)?;
        let query = Query { terms: vec![term] };
        let (hits, sorted) =
            self.run_ranked(store, &query, &|_, _| false, cancelled, sorted_first)?;
        let len = hits.len();
        self.answers.insert(key, Arc::new(Ranked { hits, sorted }));
        Some(len)
    }

    /// The memory the warm-up keeps, in bytes.
    pub fn warm_bytes(&self) -> usize {
        let pinned: usize = self.pinned.values().map(|m| m.bytes()).sum();
        let answers: usize = self
            .answers
            .values()
            .map(|r| std::mem::size_of::<Ranked>() + r.hits.len() * std::mem::size_of::<Hit>())
            .sum();
        pinned + answers
    }

    /// Sizes the arrays for the store (they only grow), lowercases new company names, and
    /// forgets what was remembered for another store.
    fn prepare(&mut self, store: &ArticleStore) {
        let n = store.len();
        self.pass.resize(n.div_ceil(64), 0);
        self.term.resize(n.div_ceil(64), 0);
        self.term_acc.resize(n, Acc::default());
        self.total.resize(n, Acc::default());
        let key = StoreKey::of(store);
        if key != self.key {
            // Remembered matches may miss entries or articles the store now has.
            self.key = key;
            self.cache.clear();
            self.pinned.clear();
            self.ahead = 0;
            self.answers.clear();
            self.ahead_answers.clear();
            self.ahead_for = None;
            self.ahead_hits = 0;
            self.warmed = 0;
            self.ns_per_unit = 0.0;
            // The names kept serve a store grown from the one they were taken from (loading
            // publishes bigger stores with the same first companies); any other starts over.
            let kept = self.names.len();
            if kept > store.companies.len()
                || !(0..kept).all(|i| self.names.name(i) == fold(&store.companies[i].name))
            {
                self.names = Names::default();
            }
        }
        // New companies (a store still loading): stores grow in load order, so the names
        // already taken are still the first ones.
        for company in &store.companies[self.names.len()..] {
            self.names.push(&company.name);
        }
    }

    /// Sets `term` bits for the articles whose reader mark is as the `is:` term asks.
    fn match_mark(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        marks: &dyn Fn(ArticleId, Mark) -> bool,
        upto: usize,
    ) {
        let Some((mark, absent)) = Mark::from_term(&term.text) else {
            return;
        };
        for a in &store.articles[..upto.min(store.len())] {
            if marks(a.id, mark) != absent {
                let i = a.id as usize;
                self.term[i / 64] |= 1 << (i % 64);
                self.term_acc[i] = Acc::default();
            }
        }
    }

    /// Sets `term` bits for the articles dated within a date term's span, of those with ids
    /// below `upto`; none for a date that does not read (`since:2015-13`, or while it is typed:
    /// `since:201`). Unscored, as marks are.
    fn match_date(&mut self, store: &ArticleStore, term: &Term, upto: usize) {
        let Some(span) = DateSpan::from_term(&term.text) else {
            return;
        };
        for (i, &day) in store.days().iter().enumerate().take(upto) {
            if span.holds(day) {
                self.term[i / 64] |= 1 << (i % 64);
                self.term_acc[i] = Acc::default();
            }
        }
    }

    /// Sets `term` bits, scores and weights for the articles one term matches, of those with
    /// ids below `upto`.
    fn match_term(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
        upto: usize,
    ) -> Option<()> {
        if read_from_texts(store, term) {
            return self.look_in_texts(store, term, cancelled, upto);
        }
        let matched = self.matched_entries(store, term, cancelled, true)?;
        // A full-text term the headline holds counts for more: the same words matched in the
        // title vocabulary, once the term has a few letters (a letter or two matches most
        // headlines, and only for a moment while a word is typed).
        let in_titles = if term.scope == Scope::Text && term.text.chars().count() >= 3 {
            let title_term = Term {
                scope: Scope::Title,
                ..term.clone()
            };
            Some(self.matched_entries(store, &title_term, cancelled, true)?)
        } else {
            None
        };
        let scored = &matched.scored;
        let (bits, acc) = (&mut self.term, &mut self.term_acc);
        // Without a branch on whether the article was seen before, which for a short term
        // goes either way at random: a first sight only resets what it adds to.
        let mut merge = |id: ArticleId, s: i32, w: u32| {
            let i = id as usize;
            let word = &mut bits[i / 64];
            let bit = 1u64 << (i % 64);
            let seen = *word & bit != 0;
            *word |= bit;
            let a = &mut acc[i];
            let old = if seen { a.score } else { i32::MIN };
            a.score = old.max(s);
            a.weight = a.weight * u32::from(seen) + w;
        };
        match term.scope {
            Scope::Company => {
                for &(entry, s) in scored {
                    let s = i32::try_from(s).unwrap_or(i32::MAX);
                    let postings = &store.companies[entry as usize].articles;
                    for &(id, mentions) in crate::vocab::below(postings, upto, |p| p.0) {
                        merge(id, s, mentions);
                    }
                }
            }
            Scope::Title | Scope::Text => {
                let Some(vocab) = words_of(store, term.scope) else {
                    return Some(());
                };
                for &(entry, s) in scored {
                    let s = i32::try_from(s).unwrap_or(i32::MAX);
                    vocab.postings[entry as usize].for_each_below(upto, |id| merge(id, s, 1));
                }
                // The headline's words are words of the text too: every article here is set.
                if let Some(titles) = in_titles {
                    for &(entry, _) in &titles.scored {
                        store.title_words.postings[entry as usize].for_each_below(upto, |id| {
                            acc[id as usize].weight += TITLE_WEIGHT;
                        });
                    }
                }
            }
            Scope::Is | Scope::Date => {}
        }
        Some(())
    }

    /// Into `self.term`: the articles that have the words of a phrase ([`Phrase::Whole`])
    /// together and in order. Of those whose words hold the phrase's ([`Engine::have_words`];
    /// before the full text is indexed, those that match each word), each one's texts are
    /// looked at ([`PhraseCheck`]); for a positive phrase only the articles still in the list
    /// (its words came before it). Unscored.
    fn match_phrase(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
        upto: usize,
    ) -> Option<()> {
        let words: Vec<String> = term.words().map(fold_lower).collect();
        match words_of(store, term.scope) {
            Some(vocab) => self.have_words(vocab, &words, upto),
            // The full text not indexed yet: the articles that match each word.
            None => self.match_all_words(store, term, cancelled, upto)?,
        }
        if !term.negated {
            for (t, p) in self.term.iter_mut().zip(&self.pass) {
                *t &= p;
            }
        }
        let text = (
            term.scope == Scope::Text,
            words_of(store, term.scope).map(|v| &v.accented),
        );
        self.keep_those_saying(store, &words, text, cancelled)
    }

    /// Before the full text is indexed (a large collection's first seconds), a full-text term
    /// is looked for in the texts themselves: into `self.term`, the articles below `upto` whose
    /// headline or text has its words together, the last as the start of a word ("tariff"
    /// finds "tariffs"), lowercased and accents aside, unscored, those whose headline says it
    /// first (as the index weighs them). Not fuzzy as the index is: the index's answer takes
    /// its place once built (the explorer asks again then).
    fn look_in_texts(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
        upto: usize,
    ) -> Option<()> {
        let folded = fold_lower(&term.text);
        let words: Vec<String> = vocab::word_ranges(&folded)
            .map(|r| folded[r].to_owned())
            .collect();
        if words.is_empty() {
            return Some(());
        }
        self.term.fill(u64::MAX);
        clear_from(&mut self.term, upto);
        self.keep_those_saying(store, &words, (true, None), cancelled)?;
        let acc = &mut self.term_acc;
        let mut check = PhraseCheck::new(&words);
        for_each_bit(&self.term, |i| {
            let title = ArticleId::try_from(i)
                .ok()
                .and_then(|id| store.article(id))
                .is_some_and(|a| check.holds(&a.title, true));
            acc[i] = Acc {
                score: 0,
                weight: 1 + if title { TITLE_WEIGHT } else { 0 },
            };
        });
        Some(())
    }

    /// Clears in `self.term` the articles whose texts do not have the phrase `words` (see
    /// [`keep_saying`], which `text` is given to), on two threads when there are many.
    fn keep_those_saying(
        &mut self,
        store: &ArticleStore,
        words: &[String],
        text: (bool, Option<&vocab::Postings>),
        cancelled: &dyn Fn() -> bool,
    ) -> Option<()> {
        let candidates: usize = self.term.iter().map(|w| w.count_ones() as usize).sum();
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        if candidates < PHRASE_THREADS_FROM || cores < 2 {
            return keep_saying(store, words, text, &mut self.term, 0, cancelled).then_some(());
        }
        // Many texts to look at (a phrase of common words at a million articles is a second's
        // work): half of them on a second thread, split where half the candidates are.
        let mut seen = 0;
        let mid = self
            .term
            .iter()
            .position(|w| {
                seen += w.count_ones() as usize;
                seen * 2 >= candidates
            })
            .map_or(self.term.len(), |k| k + 1);
        let (front, back) = self.term.split_at_mut(mid);
        let stop = AtomicBool::new(false);
        let done = std::thread::scope(|scope| {
            let helper = scope.spawn(|| {
                keep_saying(store, words, text, back, mid, &|| {
                    stop.load(Ordering::Relaxed)
                })
            });
            let stopping = || {
                let now = cancelled();
                if now {
                    stop.store(true, Ordering::Relaxed);
                }
                now
            };
            let front_done = keep_saying(store, words, text, front, 0, &stopping);
            if !front_done {
                stop.store(true, Ordering::Relaxed);
            }
            // Still answering a newer query sooner than the other half ends.
            while !helper.is_finished() && !stop.load(Ordering::Relaxed) {
                stopping();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            front_done && helper.join().is_ok_and(|done| done)
        });
        done.then_some(())
    }

    /// Into `self.term`: the articles below `upto` whose words (as `vocab` has them,
    /// lowercased) hold each of `words`, the last as the start of a word: those that may have
    /// the phrase. Each word's entries are found by a look at every entry (a few milliseconds
    /// at a million articles); a word none holds leaves none.
    fn have_words(&mut self, vocab: &vocab::Vocab, words: &[String], upto: usize) {
        let mut has = vec![0u64; self.term.len()];
        for (k, word) in words.iter().enumerate() {
            let last = k + 1 == words.len();
            has.fill(0);
            for (entry, postings) in vocab.entries.iter().zip(&vocab.postings) {
                let holds = if last {
                    entry.starts_with(word.as_str())
                } else {
                    entry == word
                };
                if holds {
                    postings.for_each_below(upto, |id| {
                        has[id as usize / 64] |= 1 << (id % 64);
                    });
                }
            }
            if k == 0 {
                self.term.copy_from_slice(&has);
            } else {
                for (t, h) in self.term.iter_mut().zip(&has) {
                    *t &= h;
                }
            }
        }
    }

    /// Into `self.term`: the articles that match every word of `term` (a phrase,
    /// [`Term::words`]), as [`Engine::match_term`] matches each. Unscored.
    fn match_all_words(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
        upto: usize,
    ) -> Option<()> {
        let mut all: Option<Vec<u64>> = None;
        for word in term.words() {
            let word = Term {
                text: word.to_owned(),
                negated: false,
                ..term.clone()
            };
            self.term.fill(0);
            self.match_term(store, &word, cancelled, upto)?;
            match &mut all {
                None => all = Some(self.term.clone()),
                Some(all) => {
                    for (a, t) in all.iter_mut().zip(&self.term) {
                        *a &= t;
                    }
                }
            }
        }
        if let Some(all) = all {
            self.term = all;
        }
        Some(())
    }

    /// The vocabulary entries a term matches, with scores: remembered when this exact term was
    /// matched before (Backspace) or by the warm-up, else searching only the candidates of the
    /// longest remembered term it extends (typing), else the whole vocabulary. A term searched
    /// for a query is remembered among the recent ones (`recent`); the warm-up keeps its own.
    fn matched_entries(
        &mut self,
        store: &ArticleStore,
        term: &Term,
        cancelled: &dyn Fn() -> bool,
        recent: bool,
    ) -> Option<Arc<Matched>> {
        let mode = u8::from(term.exact) | (u8::from(term.whole) << 1);
        let pattern = if term.scope == Scope::Company {
            // The names are kept folded: so is the needle the prefilter looks for in them.
            fold(&term.text).into_owned()
        } else {
            // As the vocabularies keep their words: lowercased, without accents.
            fold_lower(&term.text)
        };
        if let Some(hit) = self
            .cache
            .iter()
            .find(|m| m.scope == term.scope && m.mode == mode && m.pattern == pattern)
        {
            return Some(Arc::clone(hit));
        }
        if mode == 0
            && let Some(hit) = self.pinned.get(&(term.scope, pattern.clone()))
        {
            return Some(Arc::clone(hit));
        }
        let lower = pattern.to_lowercase();
        let base = self.base_for(term.scope, &lower);
        let entries = match term.scope {
            Scope::Company => Entries::Names(&self.names),
            Scope::Title | Scope::Text => {
                Entries::Words(words_of(store, term.scope).map_or(&[], |v| &v.entries))
            }
            Scope::Is | Scope::Date => {
                return Some(Arc::new(Matched {
                    scope: term.scope,
                    mode,
                    pattern,
                    candidates: Vec::new(),
                    scored: Vec::new(),
                }));
            }
        };
        let originals = |i: usize| -> &str {
            match entries {
                Entries::Names(names) => names.name(i),
                Entries::Words(words) => &words[i],
            }
        };
        let matcher = term_matcher(term);
        let needle = lower.as_bytes();
        let needed = chars_of(needle);
        let masks = match entries {
            Entries::Names(names) => Some(&names.masks),
            Entries::Words(_) => None,
        };
        let mut candidates = Vec::new();
        let mut scored = Vec::new();
        let mut visit = |i: usize| {
            // Without a character of the needle, no subsequence.
            if masks.is_some_and(|m| m[i].0 & needed != needed) {
                return;
            }
            if is_subsequence(needle, entries.lower(i)) {
                candidates.push(u32::try_from(i).unwrap_or(u32::MAX));
                if masks.is_some_and(|m| !matcher.may_match(m[i].1)) {
                    return;
                }
                if let Some(s) = matcher.score(originals(i)) {
                    scored.push((u32::try_from(i).unwrap_or(u32::MAX), s));
                }
            }
        };
        match base {
            Some(base) => {
                for (k, &i) in base.candidates.iter().enumerate() {
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
        let found = Arc::new(Matched {
            scope: term.scope,
            mode,
            pattern,
            candidates,
            scored,
        });
        if recent {
            if self.cache.len() == CACHE {
                self.cache.pop_front();
            }
            self.cache.push_back(Arc::clone(&found));
        }
        Some(found)
    }

    /// The remembered term with the longest text that `lower` (a lowercased term) extends, whose
    /// candidates are then all the entries this term can match.
    fn base_for(&self, scope: Scope, lower: &str) -> Option<Arc<Matched>> {
        let recent = self
            .cache
            .iter()
            .filter(|m| {
                m.scope == scope && m.mode & 2 == 0 && lower.starts_with(&m.pattern.to_lowercase())
            })
            .max_by_key(|m| m.pattern.len());
        // Pinned terms are lowercase and fuzzy: the longest that is a prefix of this one.
        let pinned = lower
            .char_indices()
            .map(|(i, c)| &lower[..i + c.len_utf8()])
            .filter_map(|prefix| self.pinned.get(&(scope, prefix.to_owned())))
            .max_by_key(|m| m.pattern.len());
        match (recent, pinned) {
            (Some(r), Some(p)) => Some(if p.pattern.len() > r.pattern.len() {
                p
            } else {
                r
            }),
            (r, p) => r.or(p),
        }
        .map(Arc::clone)
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

/// The company names as the matching scans them: without accents ([`fold`], as the matcher
/// takes them), lowercased, end to end in one buffer, and beside each what rules most names
/// out without a look at their text.
#[derive(Debug, Default, Clone)]
struct Names {
    /// The names, end to end: the matcher reads them here rather than from the store's
    /// companies, one cache miss each.
    text: String,
    /// Where each name ends in `text`.
    text_ends: Vec<usize>,
    /// The lowercased names, end to end.
    lower: String,
    /// Where each name ends in `lower`.
    ends: Vec<usize>,
    /// Per name: the characters of its lowercased form ([`chars_of`]), and the matcher's
    /// [`Summary`] of the name.
    masks: Vec<(u64, Summary)>,
}

impl Names {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, name: &str) {
        let name = &*fold(name);
        self.text.push_str(name);
        self.text_ends.push(self.text.len());
        let start = self.lower.len();
        self.lower.push_str(&name.to_lowercase());
        self.ends.push(self.lower.len());
        let lower = &self.lower.as_bytes()[start..];
        self.masks.push((chars_of(lower), Summary::of(name)));
    }

    /// The name `i`.
    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.text_ends[i - 1] };
        &self.text[start..self.text_ends[i]]
    }

    /// The lowercased name `i`.
    fn lower(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.lower.as_bytes()[start..self.ends[i]]
    }
}

/// The lowercased entries of a scope's vocabulary.
#[derive(Clone, Copy)]
enum Entries<'a> {
    Names(&'a Names),
    Words(&'a [String]),
}

impl Entries<'_> {
    fn len(self) -> usize {
        match self {
            Entries::Names(names) => names.len(),
            Entries::Words(words) => words.len(),
        }
    }

    fn lower(&self, i: usize) -> &[u8] {
        match self {
            Entries::Names(names) => names.lower(i),
            Entries::Words(words) => words[i].as_bytes(),
        }
    }
}

/// The set of characters (see [`matcher::char_bit`]) in `bytes`: a needle's must all be in a
/// text for it to be a subsequence.
fn chars_of(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |set, &b| set | matcher::char_bit(b))
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

/// Whether `term` is a full-text term looked for in the texts themselves
/// ([`Engine::look_in_texts`]): the full text is not indexed yet.
fn read_from_texts(store: &ArticleStore, term: &Term) -> bool {
    term.scope == Scope::Text && store.text_words().is_none()
}

/// Clears in `bits` (a bitset of articles whose word 0 is word `first` of the whole) the
/// articles whose title (or, for the full text, `text`, any of whose texts) does not have the
/// phrase `words`. `accented`: the articles with accented words, when the scope's vocabulary
/// is built (without it, any may have some). False when `stop` said to stop (asked every 1,024
/// articles).
fn keep_saying(
    store: &ArticleStore,
    words: &[String],
    (text, accented): (bool, Option<&vocab::Postings>),
    bits: &mut [u64],
    first: usize,
    stop: &dyn Fn() -> bool,
) -> bool {
    let mut check = PhraseCheck::new(words);
    let mut read = 0usize;
    for (k, word) in bits.iter_mut().enumerate() {
        let mut left = *word;
        while left != 0 {
            let bit = left.trailing_zeros() as usize;
            left &= left - 1;
            let id = (first + k) * 64 + bit;
            let id = id as ArticleId;
            let accents = accented.is_none_or(|a| a.contains(id));
            let says_it = store.article(id).is_some_and(|a| {
                check.holds(&a.title, accents)
                    || (text && a.paragraphs.iter().any(|p| check.holds(p, accents)))
            });
            if !says_it {
                *word &= !(1 << bit);
            }
            read += 1;
            if read.is_multiple_of(1024) && stop() {
                return false;
            }
        }
    }
    true
}

/// From how many candidates a phrase's texts are looked at on two threads.
const PHRASE_THREADS_FROM: usize = 4096;

/// [`has_phrase`] for many texts: a text is searched for the phrase's longest word (of ASCII
/// letters and digits: the anchor), its ASCII letters lowercased (memchr's search, many bytes
/// at a time), and the phrase is looked for only around each place the anchor starts a word.
/// Texts are not read word by word: four to ten times faster.
///
/// One character outside ASCII lowercases to an ASCII letter: the Kelvin sign (U+212A) to "k".
/// An anchor without a "k" is chosen when the phrase has one; else a text holding the sign is
/// read word by word. Accented letters fold to ASCII ones ("societe" is in "Société"): a text
/// holding any ([`matcher::has_foldable`]) is read word by word too.
struct PhraseCheck<'w> {
    words: &'w [String],
    /// The anchor's finder, and which word of the phrase it is.
    anchor: Option<(memchr::memmem::Finder<'w>, usize)>,
    /// The anchor has a "k": texts with the Kelvin sign are read word by word.
    kelvin: Option<memchr::memmem::Finder<'static>>,
    lowered: Vec<u8>,
}

impl<'w> PhraseCheck<'w> {
    fn new(words: &'w [String]) -> Self {
        let longest = |no_k: bool| {
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.bytes().all(|b| b.is_ascii_alphanumeric()))
                .filter(|(_, w)| !no_k || !w.contains('k'))
                // The longest, the first of those.
                .fold(None, |best: Option<(usize, &String)>, (k, w)| match best {
                    Some((_, b)) if b.len() >= w.len() => best,
                    _ => Some((k, w)),
                })
        };
        let chosen = longest(true).or_else(|| longest(false));
        let kelvin = chosen
            .is_some_and(|(_, w)| w.contains('k'))
            .then(|| memchr::memmem::Finder::new("\u{212a}".as_bytes()).into_owned());
        let anchor = chosen.map(|(k, w)| (memchr::memmem::Finder::new(w.as_bytes()), k));
        PhraseCheck {
            words,
            anchor,
            kelvin,
            lowered: Vec::new(),
        }
    }

    /// Whether `text` has the phrase; `accented`: whether it may hold an accented letter
    /// (the articles a vocabulary finds with none are read by their bytes, most of them).
    fn holds(&mut self, text: &str, accented: bool) -> bool {
        let Some((anchor, index)) = &self.anchor else {
            return has_phrase(text, self.words);
        };
        if self
            .kelvin
            .as_ref()
            .is_some_and(|k| k.find(text.as_bytes()).is_some())
            || (accented && matcher::has_foldable(text))
        {
            return has_phrase(text, self.words);
        }
        let Some((first, rest)) = self.words.split_first() else {
            return false;
        };
        self.lowered.clear();
        self.lowered.extend_from_slice(text.as_bytes());
        self.lowered.make_ascii_lowercase();
        // Lowercasing ASCII letters moves no byte: places in `lowered` are places in `text`,
        // and the anchor, all ASCII, starts on a character.
        anchor.find_iter(&self.lowered).any(|at| {
            let starts_word = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !vocab::is_word_char(c));
            starts_word
                && words_back(text, at, *index).is_some_and(|start| {
                    let mut ranges =
                        vocab::word_ranges(&text[start..]).map(|r| r.start + start..r.end + start);
                    ranges.next().is_some_and(|r| {
                        r.start == start
                            && same_word(&text[r.clone()], first, rest.is_empty())
                            && rest_follows(text, ranges, rest, r.end).is_some()
                    })
                })
        })
    }
}

/// Whether `text` has `words` (lowercased, without accents) together and in order, as the
/// vocabularies split text into words; the last may be the start of a longer word (while
/// "oil pri" is typed, "oil prices" holds it).
pub fn has_phrase(text: &str, words: &[String]) -> bool {
    let mut found = false;
    find_phrases(text, words, |_| {
        found = true;
        false
    });
    found
}

/// Gives `found` the byte range of each place `text` has `words` (see [`has_phrase`]), in
/// order, until it returns false.
pub fn find_phrases(text: &str, words: &[String], mut found: impl FnMut(Range<usize>) -> bool) {
    let Some((first, rest)) = words.split_first() else {
        return;
    };
    let mut ranges = vocab::word_ranges(text);
    while let Some(start) = ranges.next() {
        if !same_word(&text[start.clone()], first, rest.is_empty()) {
            continue;
        }
        if let Some(end) = rest_follows(text, ranges.clone(), rest, start.end)
            && !found(start.start..end)
        {
            return;
        }
    }
}

/// Whether `word` is `want` (lowercased, without accents: [`fold_lower`]), case and accents
/// aside; for the `last` word of a phrase, whether it starts with it.
fn same_word(word: &str, want: &str, last: bool) -> bool {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let fits = if last {
            bytes.len() >= want.len()
        } else {
            bytes.len() == want.len()
        };
        fits && bytes[..want.len()].eq_ignore_ascii_case(want.as_bytes())
    } else {
        let lower = fold_lower(word);
        if last {
            lower.starts_with(want)
        } else {
            lower == want
        }
    }
}

/// Where the phrase ends when the next words of `ranges` (word ranges of `text`) are `rest`,
/// its words after the first, which ended at `end`.
fn rest_follows(
    text: &str,
    mut ranges: impl Iterator<Item = Range<usize>>,
    rest: &[String],
    mut end: usize,
) -> Option<usize> {
    for (k, want) in rest.iter().enumerate() {
        let r = ranges.next()?;
        if !same_word(&text[r.clone()], want, k + 1 == rest.len()) {
            return None;
        }
        end = r.end;
    }
    Some(end)
}

/// The start of the `n`th word before byte `at` of `text` (`at` itself for 0), if there are
/// that many.
fn words_back(text: &str, at: usize, n: usize) -> Option<usize> {
    let mut at = at;
    for _ in 0..n {
        let mut chars = text[..at].char_indices().rev().peekable();
        while chars.next_if(|&(_, c)| !vocab::is_word_char(c)).is_some() {}
        let mut start = None;
        while let Some((k, _)) = chars.next_if(|&(_, c)| vocab::is_word_char(c)) {
            start = Some(k);
        }
        at = start?;
    }
    Some(at)
}

/// Clears the bits from `n` on, so that "all" means the first n articles.
fn clear_from(bits: &mut [u64], n: usize) {
    let whole = n / 64;
    if let Some(word) = bits.get_mut(whole)
        && !n.is_multiple_of(64)
    {
        *word &= (1u64 << (n % 64)) - 1;
    }
    let from = whole + usize::from(!n.is_multiple_of(64));
    if let Some(rest) = bits.get_mut(from..) {
        rest.fill(0);
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
    /// The highlighter for `query`'s positive terms in `scope` (a phrase by its words).
    pub fn new(query: &Query, scope: Scope) -> Self {
        Highlighter {
            scope,
            matchers: query
                .positive()
                .filter(|t| t.scope == scope && t.phrase != Phrase::Whole)
                .map(term_matcher)
                .collect(),
        }
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    /// Whether the terms match `word`, a word of a title or text, as the filter matches the
    /// vocabulary's (lowercased) words.
    pub fn matches_word(&self, word: &str) -> bool {
        if self.matchers.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        self.matchers.iter().any(|m| m.score(&lower).is_some())
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

    fn store(texts: &[impl AsRef<str>]) -> ArticleStore {
        crate::store::test_store(texts)
    }

    /// `n` articles, each of its own text: every `every`th says "price war", the others both
    /// words apart ("war on price").
    fn price_war_store(n: usize, every: usize) -> ArticleStore {
        let texts: Vec<String> = (0..n)
            .map(|i| {
                if i % every == 0 {
                    format!("Story {i}\n\nThe price war went on, part {i}.")
                } else {
                    format!("Story {i}\n\nThe war on price went on, part {i}.")
                }
            })
            .collect();
        store(&texts)
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
    fn before_the_full_text_is_indexed_its_terms_are_looked_for_in_the_texts() {
        let texts = [
            "Tariffs rise\n\nThe government raised tariffs on steel.",
            "Steel news\n\nNew tariff rules were published on Monday.",
            "Société Générale\n\nLa banque a publié ses résultats trimestriels.",
            "Markets calm\n\nShares were flat; the sheriff said nothing.",
        ];
        let s = crate::store::test_store_unindexed(&texts);
        assert!(s.text_words().is_none());
        let sorted = |q: &str| {
            let mut found = ids(&s, q, Scope::Text);
            found.sort_unstable();
            found
        };
        // A word, or the start of one, in the headline or the text; accents and case aside.
        assert_eq!(sorted("tariff"), [0, 1]);
        // The article whose headline says it first, as the index ranks them.
        assert_eq!(ids(&s, "x:steel", Scope::Text), [1, 0]);
        assert_eq!(sorted("TARIFFS"), [0]);
        assert_eq!(sorted("resultats"), [2]);
        assert_eq!(sorted("Générale"), [2]);
        assert_eq!(sorted("publi"), [1, 2]);
        // Not the inside of a word: "ariff" is in "tariff" and "sheriff" only there.
        assert_eq!(sorted("ariff"), Vec::<ArticleId>::new());
        // Phrases, several terms, negations, and other scopes beside them.
        assert_eq!(sorted("\"raised tariffs\""), [0]);
        assert_eq!(sorted("\"tariffs raised\""), Vec::<ArticleId>::new());
        assert_eq!(sorted("steel tariff"), [0, 1]);
        assert_eq!(sorted("steel !monday"), [0]);
        assert_eq!(sorted("t:markets flat"), [3]);
        // A long answer comes in two parts, as an indexed one does: the early part over the
        // first articles (every article's texts are read, where the index reads postings).
        let many: Vec<String> = (0..20_000)
            .map(|i| format!("Story {i}\n\nThe price war went on, part {i}."))
            .collect();
        let big = crate::store::test_store_unindexed(&many);
        let query = parse("x:price", Scope::Text);
        let mut engine = Engine::default();
        let frame = std::time::Duration::from_millis(16);
        let upto = engine.early_upto(&big, &query, &|| false, frame);
        assert!(upto.is_some_and(|u| u < big.len()), "{upto:?}");
        // Once indexed, the index answers (fuzzy: "tariff" finds both again).
        s.index_text();
        assert_eq!(sorted("tariff"), [0, 1]);
        big.index_text();
        assert_eq!(engine.early_upto(&big, &query, &|| false, frame), None);
    }

    #[test]
    fn date_terms_take_the_articles_dated_in_their_span() {
        let dated = |date: Option<&str>, text: &str| {
            let mut raw = crate::store::RawArticle::plain("d", text);
            raw.meta.date_text = date.map(str::to_owned);
            raw
        };
        let s = ArticleStore::build(
            vec![
                dated(Some("2015-08-31"), "Summer\n\nCisco and Inspur."),
                dated(
                    Some("2015-09-01T10:00:00Z"),
                    "First of September\n\nInspur grew.",
                ),
                dated(
                    Some("30 September 2015"),
                    "End of September\n\nInspur fell.",
                ),
                dated(Some("2016-01-01"), "New year\n\nIBM and Inspur."),
                dated(None, "Undated\n\nInspur again."),
            ],
            &Recognizer::shared().unwrap(),
        );
        let sorted = |q: &str| {
            let mut found = ids(&s, q, Scope::Company);
            found.sort_unstable();
            found
        };
        assert_eq!(sorted("since:2015-09"), vec![1, 2, 3]);
        assert_eq!(sorted("until:2015-09"), vec![0, 1, 2]);
        assert_eq!(sorted("date:2015-09"), vec![1, 2]);
        assert_eq!(sorted("date:2015-9-30"), vec![2]);
        assert_eq!(sorted("date:2015"), vec![0, 1, 2]);
        assert_eq!(sorted("since:2016"), vec![3]);
        assert_eq!(sorted("until:2014"), Vec::<ArticleId>::new());
        // With other terms, and negated: an undated article is in no span, so in every "not".
        assert_eq!(sorted("ibm since:2015"), vec![3]);
        assert_eq!(sorted("inspur !date:2015"), vec![3, 4]);
        assert_eq!(sorted("SINCE:2015-12-31"), vec![3]);
        // A date being typed, or none, holds nothing yet; a plain word is not a date term.
        for unread in [
            "since:201",
            "since:2015-13",
            "date:2015-09-32",
            "until:soon",
            "since:2015-09-01-02",
        ] {
            assert_eq!(sorted(unread), Vec::<ArticleId>::new(), "{unread}");
        }
        assert_eq!(
            parse("since:", Scope::Company).terms[0].scope,
            Scope::Company
        );
        assert_eq!(
            parse("!date:2015", Scope::Title).terms[0].scope,
            Scope::Date
        );
        assert_eq!(parse("!date:2015", Scope::Title).terms[0].text, "date:2015");
    }

    #[test]
    fn a_date_term_can_count_back_from_today() {
        let today = crate::store::date::Date::parse("2016-03-01").unwrap();
        let span = |text: &str| DateSpan::from_term_at(text, today);
        let day = |text: &str| crate::store::date::Date::parse(text).map(|d| d.day_key());
        let holds = |text: &str, date: &str| span(text).unwrap().holds(day(date).unwrap());
        // Days back over a leap day, weeks, months and years back over a year's end.
        assert!(holds("date:today", "2016-03-01") && !holds("date:today", "2016-02-29"));
        assert!(holds("date:yesterday", "2016-02-29"));
        assert!(holds("since:2d", "2016-02-28") && !holds("since:2d", "2016-02-27"));
        assert!(holds("since:1w", "2016-02-23") && !holds("since:1w", "2016-02-22"));
        assert!(holds("until:3m", "2015-12-01") && !holds("until:3m", "2015-12-02"));
        assert!(holds("since:1y", "2015-03-01") && !holds("since:1y", "2015-02-28"));
        assert!(holds("date:14m", "2015-01-01"));
        assert!(holds("SINCE:Today", "2016-03-01"));
        for not_one in [
            "since:d",
            "since:7x",
            "since:-7d",
            "since:7 d",
            "date:tomorrow",
        ] {
            assert_eq!(span(not_one), None, "{not_one}");
        }
        // From the clock: the term reads.
        assert!(DateSpan::from_term("since:30d").is_some());
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
    fn word_terms_with_punctuation_find_the_words_in_them() {
        let s = store(&[
            "Economy 'strong' in election year\n\nThe firm said it won't sell by e-mail.",
            "Strong pound hits exports\n\nExporters don't expect a change.",
            "Markets calm before holiday\n\nShares were flat; mail volumes fell.",
        ]);
        let sorted = |q: &str, scope: Scope| {
            let mut found = ids(&s, q, scope);
            found.sort_unstable();
            found
        };
        // A headline pasted whole, quotes and all.
        assert_eq!(
            sorted("Economy 'strong' in election year", Scope::Title),
            vec![0]
        );
        assert_eq!(sorted("'strong'", Scope::Title), vec![0, 1]);
        assert_eq!(sorted("x:won't", Scope::Title), vec![0]);
        assert_eq!(sorted("x:e-mail", Scope::Title), vec![0]);
        assert_eq!(sorted("\"election year\"", Scope::Title), vec![0]);
        // Several words are a phrase: the words together, in order; the last may be the start
        // of a word, as it is while it is typed.
        assert_eq!(sorted("\"pound hits\"", Scope::Title), vec![1]);
        assert_eq!(sorted("\"pound hi\"", Scope::Title), vec![1]);
        assert_eq!(sorted("\"pound exports\"", Scope::Title), Vec::<u32>::new());
        assert_eq!(sorted("\"hits pound\"", Scope::Title), Vec::<u32>::new());
        assert_eq!(sorted("x:\"won't sell\"", Scope::Title), vec![0]);
        // In the full text a phrase is found in any paragraph, the title included.
        assert_eq!(sorted("\"mail volumes\"", Scope::Text), vec![2]);
        assert_eq!(sorted("\"calm before\"", Scope::Text), vec![2]);
        assert_eq!(sorted("\"flat mail\"", Scope::Text), vec![2]);
        // Negated, out go the articles with the words together, and only those.
        assert_eq!(sorted("x:!e-mail", Scope::Company), vec![1, 2]);
        assert_eq!(sorted("!\"pound hits\"", Scope::Title), vec![0, 2]);
        assert_eq!(sorted("!\"pound exports\"", Scope::Title), vec![0, 1, 2]);
    }

    #[test]
    fn in_the_full_text_a_headline_that_says_it_comes_first() {
        let s = store(&[
            "Markets calm before the holiday\n\nThe pound fell and shares were flat.",
            "Exporters wait\n\nA weaker pound helps them, exporters said.",
            "Pound slips again\n\nTraders sold sterling.",
            "Wine sales rise\n\nNothing about currencies.",
        ]);
        s.index_text();
        assert_eq!(ids(&s, "pound", Scope::Text), vec![2, 0, 1]);
        assert_eq!(ids(&s, "x:pound x:exporters", Scope::Company), vec![1]);
        // A letter or two is not weighed by headlines (they match most of them): load order.
        assert_eq!(ids(&s, "po", Scope::Text)[..2], [0, 1]);
    }

    #[test]
    fn a_phrase_over_many_articles_is_looked_for_on_two_threads_alike() {
        // Past PHRASE_THREADS_FROM candidates, two halves, each its own thread.
        let n = 2 * PHRASE_THREADS_FROM + 100;
        let s = price_war_store(n, 3);
        s.index_text();
        let mut found = ids(&s, "\"price war\"", Scope::Text);
        found.sort_unstable();
        let want: Vec<ArticleId> = (0..n as ArticleId).filter(|i| i % 3 == 0).collect();
        assert_eq!(found, want);
        let mut left = ids(&s, "!\"price war\"", Scope::Text);
        left.sort_unstable();
        assert_eq!(left.len(), n - want.len());
        assert!(left.iter().all(|i| i % 3 != 0));
    }

    #[test]
    fn a_phrase_is_found_in_any_case_across_punctuation_and_as_it_is_typed() {
        // As the filter gives them: lowercased, without accents.
        let words = |p: &str| -> Vec<String> { p.split(' ').map(fold_lower).collect() };
        let texts = [
            "The company said on Monday.",
            "THE COMPANY SAID SO",
            "the company, said a spokesman",
            "McDonald's chief executive left",
            "the companies said",
            "company said the",
            "Zürich-based Straße AG said",
            "",
            "A subcompany said no; the company's view: the company said yes",
            "the the company said",
            // The Kelvin sign, which lowercases to "k".
            "\u{212a}elvin scale said the \u{212a}ing, \u{212a}ing \u{212a}ong",
            "Les résultats de la Société Générale",
            "Shares in Societe Generale \u{2014} \u{201c}the company said\u{201d}",
        ];
        for (phrase, found) in [
            ("the company said", vec![0, 1, 2, 8, 9, 12]),
            ("the company sa", vec![0, 1, 2, 8, 9, 12]),
            ("the compan", vec![0, 1, 2, 4, 8, 9, 12]),
            ("the the company", vec![9]),
            ("company s view", vec![8]),
            ("mcdonald s chief", vec![3]),
            ("zürich based", vec![6]),
            ("zurich based", vec![6]),
            ("straße ag", vec![6]),
            // Accents or none, in the text or typed: the words are the same.
            ("societe generale", vec![11, 12]),
            ("Société Générale", vec![11, 12]),
            ("resultats de la societe", vec![11]),
            ("la soc", vec![11]),
            ("said the", vec![5, 10]),
            ("kelvin scale", vec![10]),
            ("the king", vec![10]),
            // Every word with a "k": no anchor the sign cannot hide.
            ("king kong", vec![10]),
        ] {
            let words = words(phrase);
            let mut check = PhraseCheck::new(&words);
            let by_check: Vec<usize> = (0..texts.len())
                .filter(|&i| check.holds(texts[i], true))
                .collect();
            let by_words: Vec<usize> = (0..texts.len())
                .filter(|&i| has_phrase(texts[i], &words))
                .collect();
            assert_eq!(by_check, found, "{phrase}");
            assert_eq!(by_words, found, "{phrase}");
        }
        let mut at = Vec::new();
        find_phrases(
            "Oil prices rose; oil, price and OIL PRICE.",
            &words("oil price"),
            |r| {
                at.push(r);
                true
            },
        );
        assert_eq!(at, [0..10, 17..27, 32..41]);
    }

    #[test]
    fn company_terms_pasted_with_punctuation_find_the_company() {
        let s = sample();
        let sorted = |q: &str| {
            let mut found = ids(&s, q, Scope::Company);
            found.sort_unstable();
            found
        };
        for q in ["inspur", "(Inspur),", "“Inspur”", "Inspur's", "inspur’s"] {
            assert_eq!(sorted(q), vec![0, 2], "{q}");
        }
        assert_eq!(sorted("Cisco's !IBM’s"), vec![0]);
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
        ArticleStore::build(loaded.articles, &Recognizer::shared().unwrap())
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
    fn company_terms_match_exactly_the_names_the_matcher_takes() {
        // The engine rules most names out by their characters and the matcher's summaries
        // before a look at their text; what it keeps must be what the matcher takes over every
        // name, typed from scratch or one letter at a time.
        let s = bundled_sample();
        let names: Vec<&str> = s.companies.iter().map(|c| c.name.as_str()).collect();
        let mut patterns: Vec<String> = names
            .iter()
            .flat_map(|n| {
                let chars: Vec<char> = n.chars().collect();
                (1..=chars.len().min(5)).map(move |k| chars[..k].iter().collect::<String>())
            })
            .collect();
        patterns.extend(
            [
                "ins", "inspr", "sberbnk", "co", "gr", "ab", "zq", "9", "mc", "IB", "&t",
            ]
            .map(str::to_owned),
        );
        let mut typing = Engine::default();
        for pattern in patterns.iter().flat_map(|p| [p.to_lowercase(), p.clone()]) {
            let term = parse(&pattern, Scope::Company).terms[0].clone();
            let matcher = TermMatcher::new(&term.text, false);
            let want: Vec<u32> = (0..)
                .zip(&names)
                .filter(|(_, n)| matcher.score(n).is_some())
                .map(|(i, _)| i)
                .collect();
            let mut fresh = Engine::default();
            for engine in [&mut fresh, &mut typing] {
                engine.prepare(&s);
                let found = engine.matched_entries(&s, &term, &|| false, true).unwrap();
                let mut got: Vec<u32> = found.scored.iter().map(|&(e, _)| e).collect();
                got.sort_unstable();
                assert_eq!(got, want, "{pattern:?}");
            }
        }
    }

    /// Typing and deleting in every scope, with words from the sample and letters the warm-up
    /// keeps (one and two letters, upper case, digits, accents).
    const TYPING: &[&str] = &[
        "i", "in", "ins", "insp", "inspr", "insp", "ins", "in", "i", "I", "IB", "IBM", "c", "ci",
        "cis", "cisco", "h", "hu", "hua", "s", "sb", "sberbnk", "z", "zq", "9", "é", "'i", "'in",
        "=i", "i !c", "i c", "in hu", "!i", "",
    ];

    fn same_answers(store: &ArticleStore, engine: &mut Engine, scope: Scope) {
        for q in TYPING {
            let query = parse(q, scope);
            let fresh = run(store, &query);
            let (hits, sorted) = engine
                .run_ranked(store, &query, &|_, _| false, &|| false, 5)
                .unwrap();
            assert_eq!(sorted, fresh.len().min(5), "{scope:?} {q:?}");
            assert_eq!(hits[..sorted], fresh[..sorted], "{scope:?} {q:?}");
            let mut all = hits.clone();
            rank(&mut all);
            assert_eq!(all, fresh, "{scope:?} {q:?}");
        }
    }

    #[test]
    fn a_warmed_engine_answers_as_a_fresh_one() {
        let s = bundled_sample();
        for scope in [Scope::Company, Scope::Title, Scope::Text] {
            let mut engine = Engine::default();
            assert!(engine.warm_up(&s, 5, &|| false));
            assert!(engine.warm_bytes() > 0);
            same_answers(&s, &mut engine, scope);
            // And with answers kept for more hits in order than asked.
            let mut engine = Engine::default();
            assert!(engine.warm_up(&s, 2000, &|| false));
            same_answers(&s, &mut engine, scope);
        }
    }

    #[test]
    fn matching_ahead_of_the_next_keystroke_changes_no_answer() {
        let s = bundled_sample();
        let mut engine = Engine::default();
        assert!(engine.warm_up(&s, 5, &|| false));
        // Many words, so that terms matched ahead are dropped and matched again on the way.
        let words = [
            "inspur", "cisco", "huawei", "sberbank", "ibm", "dell", "apple", "intel",
        ];
        for round in 0..2 {
            for word in words {
                for end in 1..=word.len() {
                    let q = if round == 0 {
                        word[..end].to_owned()
                    } else {
                        format!("in {}", &word[..end])
                    };
                    for scope in [Scope::Company, Scope::Title] {
                        let query = parse(&q, scope);
                        let fresh = run(&s, &query);
                        let (mut hits, sorted) = engine
                            .run_ranked(&s, &query, &|_, _| false, &|| false, 5)
                            .unwrap();
                        assert_eq!(hits[..sorted], fresh[..fresh.len().min(5)], "{q:?}");
                        rank(&mut hits);
                        assert_eq!(hits, fresh, "{q:?}");
                        assert!(engine.warm_after(&s, &query, 5, &|| false));
                    }
                }
            }
        }
        assert!(engine.ahead <= AHEAD);
        same_answers(&s, &mut engine, Scope::Company);
    }

    #[test]
    fn an_interrupted_warm_up_goes_on_where_it_stopped() {
        let s = bundled_sample();
        let mut engine = Engine::default();
        let calls = std::cell::Cell::new(0);
        let every_third = || {
            calls.set(calls.get() + 1);
            calls.get() % 3 == 0
        };
        let mut rounds = 0;
        while !engine.warm_up(&s, 5, &every_third) {
            rounds += 1;
            // Queries in between, as the filter thread answers them.
            same_answers(&s, &mut engine, Scope::Company);
        }
        assert!(rounds > 10);
        same_answers(&s, &mut engine, Scope::Company);
        same_answers(&s, &mut engine, Scope::Title);
    }

    #[test]
    fn what_was_kept_for_a_smaller_store_is_not_used_for_a_bigger_one() {
        let raw = crate::store::load::load_sample().articles;
        let recognizer = Recognizer::shared().unwrap();
        for scope in [Scope::Company, Scope::Title, Scope::Text] {
            // One place for both stores, so that only the sizes tell them apart.
            let mut store = ArticleStore::build(raw[..raw.len() / 3].to_vec(), &recognizer);
            let part = store.len();
            let mut engine = Engine::default();
            assert!(engine.warm_up(&store, 5, &|| false));
            same_answers(&store, &mut engine, scope);
            // The store is replaced by a bigger one while loading: warmed or not, the answers
            // are the bigger store's.
            store = ArticleStore::build(raw.clone(), &recognizer);
            assert!(store.len() > part);
            same_answers(&store, &mut engine, scope);
            assert!(engine.warm_up(&store, 5, &|| false));
            same_answers(&store, &mut engine, scope);
        }
    }

    #[test]
    fn names_whose_lowercase_changes_length_keep_their_places() {
        // 'ẞ' lowercases to 'ß' (3 bytes for 2), the Kelvin sign to 'k' (3 bytes for 1): the
        // lowercased names are not where the names are, and each must be found by its own ends.
        // (Names are kept folded: 'İ', which lowercases to two chars, is kept as 'I'.)
        let mut names = Names::default();
        let given = [
            "İstanbul Holding",
            "\u{212a}elvin Industries",
            "Inspur",
            "GROẞHANDEL AG",
            "A",
            "Ünited Ênergy",
        ];
        for name in given {
            names.push(name);
        }
        assert_eq!(names.len(), given.len());
        for (i, name) in given.iter().enumerate() {
            let folded = fold(name);
            assert_eq!(names.name(i), folded);
            assert_eq!(names.lower(i), folded.to_lowercase().as_bytes(), "{name}");
            assert_eq!(names.masks[i].1, Summary::of(name), "{name}");
        }
        // And a search finds the company after one of them.
        let mut engine = Engine::default();
        // A company the file lists (as JSON exports do), first, then one the text names.
        let mut listed = crate::store::RawArticle::plain("a0", "Stake sold\n\nA deal.");
        listed.meta.companies = vec!["İstanbul Holding".into()];
        let in_text =
            crate::store::RawArticle::plain("a1", "Inspur results\n\nInspur said sales rose.");
        let s = ArticleStore::build(vec![listed, in_text], &Recognizer::shared().unwrap());
        let companies: Vec<&str> = s.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(companies, ["İstanbul Holding", "Inspur"]);
        engine.prepare(&s);
        let term = parse("inspr", Scope::Company).terms[0].clone();
        let found = engine.matched_entries(&s, &term, &|| false, true).unwrap();
        let matched: Vec<&str> = found
            .scored
            .iter()
            .map(|&(e, _)| s.companies[e as usize].name.as_str())
            .collect();
        assert_eq!(matched, ["Inspur"]);
    }

    #[test]
    fn a_different_bigger_store_is_matched_by_its_own_names() {
        // Not a store grown from the first (whose names it would start with): one whose first
        // companies are others. The engine must not match against the first store's names.
        let raw = crate::store::load::load_sample().articles;
        let recognizer = Recognizer::shared().unwrap();
        let half = raw.len() / 2;
        let first = ArticleStore::build(raw[half..].to_vec(), &recognizer);
        let second = ArticleStore::build(raw.clone(), &recognizer);
        assert!(second.companies.len() > first.companies.len());
        assert_ne!(first.companies[0].name, second.companies[0].name);
        let mut engine = Engine::default();
        same_answers(&first, &mut engine, Scope::Company);
        same_answers(&second, &mut engine, Scope::Company);
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
    fn rank_top_agrees_with_a_full_sort_on_ties() {
        // Few scores and weights, so that the k-th place falls inside long runs of ties.
        let mut state = 7u64;
        let hits: Vec<Hit> = (0..5000u32)
            .map(|id| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let r = state >> 33;
                Hit {
                    id,
                    score: i64::try_from(r % 5).unwrap() * 100 - 250,
                    weight: u32::try_from((r >> 8) % 3).unwrap(),
                }
            })
            .collect();
        let mut full = hits.clone();
        rank(&mut full);
        for k in [1, 2, 7, 100, 2000, 4999, 5000, 6000] {
            let mut top = hits.clone();
            rank_top(&mut top, k);
            let k = k.min(hits.len());
            assert_eq!(top[..k], full[..k], "k = {k}");
            let mut rest = top[k..].to_vec();
            rank(&mut rest);
            assert_eq!(rest, full[k..], "k = {k}");
        }
    }

    #[test]
    fn a_run_up_to_an_article_gives_the_hits_of_the_whole_below_it() {
        let texts: Vec<String> = (0..300)
            .map(|i| {
                let company = ["Cisco", "Inspur", "IBM", "Huawei"][i % 4];
                format!("Story {i} about {company}\n\n{company} met Intel, part {i}.")
            })
            .collect();
        let s = store(&texts);
        s.index_text();
        let kind = |word: &str| {
            let words = s.text_words().unwrap();
            let at = words.entries.iter().position(|e| e == word).unwrap();
            matches!(words.postings[at], crate::vocab::Postings::Bits { .. })
        };
        assert!(
            kind("met") && !kind("17"),
            "both kinds of postings are asked for"
        );
        let mut engine = Engine::default();
        for q in [
            "cisco",
            "i",
            "t:story",
            "x:met !ibm",
            "x:part c:huawei",
            "!inspur",
            // Words in fewer than one article in 32 (their postings are lists, the common
            // words' bitsets), alone and with a common word.
            "x:17",
            "x:299 t:story",
        ] {
            let query = parse(q, Scope::Company);
            let mut whole = run(&s, &query);
            rank(&mut whole);
            for upto in [0, 1, 63, 64, 65, 130, 299, 300, 1000] {
                let mut part = engine
                    .run_upto(&s, &query, &|_, _| false, &|| false, upto)
                    .unwrap();
                rank(&mut part);
                let below: Vec<Hit> = whole
                    .iter()
                    .filter(|h| (h.id as usize) < upto)
                    .copied()
                    .collect();
                assert_eq!(part, below, "{q:?} up to {upto}");
            }
        }
        // Long answers end their early part at a word of the bitsets; short ones have none.
        let query = parse("i", Scope::Company);
        let frame = Duration::from_secs(1);
        assert_eq!(engine.early_upto(&s, &query, &|| false, frame), None);
        let upto = engine
            .early_upto(&s, &query, &|| false, Duration::ZERO)
            .unwrap();
        assert!(upto % 64 == 0 && upto < 300, "{upto}");
    }

    #[test]
    fn the_predicted_cost_of_an_answer_counts_its_hits() {
        // A frame that the postings alone would fit in, but not with the hits they make: the
        // answer comes in two parts. (Parts end at a multiple of 64 articles: 256 of them.)
        let texts: Vec<&str> = (0..256)
            .map(|i| {
                if i % 2 == 0 {
                    "Inspur results\n\nInspur said sales rose."
                } else {
                    "Cisco meets IBM\n\nCisco and IBM agreed a deal."
                }
            })
            .collect();
        let s = store(&texts);
        let query = parse("i", Scope::Company);
        let mut engine = Engine::default();
        engine.prepare(&s);
        let found = engine
            .matched_entries(&s, &query.terms[0], &|| false, true)
            .unwrap();
        let volume: usize = found
            .scored
            .iter()
            .map(|&(e, _)| s.companies[e as usize].articles.len())
            .sum();
        assert!(volume > 0 && volume < 10 * s.len(), "{volume} postings");
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let postings_alone = (volume as f64 * FIRST_GUESS_NS) as u64;
        let frame = Duration::from_nanos(postings_alone * 3 / 2);
        let upto = engine.early_upto(&s, &query, &|| false, frame);
        assert!(upto.is_some_and(|u| u < s.len()), "{upto:?}");
        // With room for the hits too, it comes whole.
        let work = volume + HIT_POSTINGS * volume.min(s.len());
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let frame = Duration::from_nanos((work as f64 * FIRST_GUESS_NS) as u64 + 1);
        assert_eq!(engine.early_upto(&s, &query, &|| false, frame), None);
    }

    #[test]
    fn the_predicted_cost_of_a_phrase_counts_the_texts_it_reads() {
        // A phrase is answered by its words' postings, then by reading the texts of the
        // articles they leave: a frame the words alone fit in is too short for the phrase.
        let s = price_war_store(256, 2);
        let query = parse("x:\"price war\"", Scope::Company);
        assert_eq!(
            query
                .terms
                .iter()
                .filter(|t| t.phrase == Phrase::Whole)
                .count(),
            1
        );
        let mut engine = Engine::default();
        engine.prepare(&s);
        let (mut volume, mut fewest) = (0, s.len());
        for term in query.terms.iter().filter(|t| t.phrase != Phrase::Whole) {
            let found = engine.matched_entries(&s, term, &|| false, true).unwrap();
            let postings: usize = found
                .scored
                .iter()
                .map(|&(e, _)| s.text_words().unwrap().postings[e as usize].len())
                .sum();
            volume += postings;
            fewest = fewest.min(postings);
        }
        assert_eq!(fewest, 256, "every article has both words");
        let words = volume + HIT_POSTINGS * volume.min(s.len());
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let ns = |work: usize| (work as f64 * FIRST_GUESS_NS) as u64;
        let frame = Duration::from_nanos(ns(words) * 2);
        let upto = engine.early_upto(&s, &query, &|| false, frame);
        assert!(upto.is_some_and(|u| u < s.len()), "{upto:?}");
        // With room for reading the texts too, it comes whole.
        let frame = Duration::from_nanos(ns(words + PHRASE_UNITS * fewest) + 1);
        assert_eq!(engine.early_upto(&s, &query, &|| false, frame), None);
        // The early part is the phrase's answer over the first articles.
        let upto = upto.unwrap();
        let mut part = engine
            .run_upto(&s, &query, &|_, _| false, &|| false, upto)
            .unwrap();
        part.sort_by_key(|h| h.id);
        let ids: Vec<ArticleId> = part.iter().map(|h| h.id).collect();
        let want: Vec<ArticleId> = (0..upto).step_by(2).map(|i| i as ArticleId).collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn clearing_bits_from_an_article_on() {
        for n in [0, 1, 63, 64, 65, 128, 191, 192] {
            let mut bits = vec![u64::MAX; 3];
            clear_from(&mut bits, n);
            let set: Vec<usize> = (0..192)
                .filter(|&i| bits[i / 64] >> (i % 64) & 1 == 1)
                .collect();
            assert_eq!(set, (0..n).collect::<Vec<_>>(), "{n}");
        }
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
