//! The order of the article list: relevance (the filter's ranking), date, title or source.

use crate::filter::{self, Hit};
use crate::store::{ArticleId, ArticleStore};

/// How the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Order {
    /// Best match first while filtering; load order otherwise.
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Date,
    /// Alphabetically by headline.
    Title,
    /// Alphabetically by source, newest first within one; articles without a source last.
    Source,
}

impl Order {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Order::Relevance => Order::Date,
            Order::Date => Order::Title,
            Order::Title => Order::Source,
            Order::Source => Order::Relevance,
        }
    }

    /// The name shown on the filter line.
    pub fn label(self) -> &'static str {
        match self {
            Order::Relevance => "relevance",
            Order::Date => "date",
            Order::Title => "title",
            Order::Source => "source",
        }
    }
}

/// Each article's position in each order but relevance, computed once at load so that sorting
/// the hits of a keystroke compares integers, not strings or dates.
#[derive(Debug, Default, Clone)]
pub struct Ranks {
    date: Vec<u32>,
    title: Vec<u32>,
    source: Vec<u32>,
}

impl Ranks {
    /// Ranks every article of the store.
    pub fn build(store: &ArticleStore) -> Self {
        let n = store.articles.len();
        let rank = |mut ids: Vec<ArticleId>| {
            let mut ranks = vec![0u32; n];
            for (position, id) in ids.drain(..).enumerate() {
                ranks[id as usize] = u32::try_from(position).unwrap_or(u32::MAX);
            }
            ranks
        };
        let all = || {
            (0..n)
                .filter_map(|i| ArticleId::try_from(i).ok())
                .collect::<Vec<_>>()
        };
        let a = |id: &ArticleId| &store.articles[*id as usize];

        let mut by_date = all();
        // Newest first; undated last, in load order (the sort is stable).
        by_date.sort_by(|x, y| {
            a(y).date
                .is_some()
                .cmp(&a(x).date.is_some())
                .then(a(y).date.cmp(&a(x).date))
        });

        let mut by_title = all();
        let titles: Vec<String> = store
            .articles
            .iter()
            .map(|x| x.title.to_lowercase())
            .collect();
        by_title.sort_by(|x, y| titles[*x as usize].cmp(&titles[*y as usize]));

        let mut by_source = all();
        let sources: Vec<Option<String>> = store
            .articles
            .iter()
            .map(|x| x.source.as_ref().map(|s| s.to_lowercase()))
            .collect();
        by_source.sort_by(|x, y| {
            let (sx, sy) = (&sources[*x as usize], &sources[*y as usize]);
            sy.is_some()
                .cmp(&sx.is_some())
                .then(sx.cmp(sy))
                .then(a(y).date.cmp(&a(x).date))
        });
        Ranks {
            date: rank(by_date),
            title: rank(by_title),
            source: rank(by_source),
        }
    }

    /// Puts the first `k` hits in `order`, leaving the rest after them unsorted.
    pub fn sort_top(&self, hits: &mut [Hit], order: Order, k: usize) {
        let ranks = match order {
            Order::Relevance => {
                filter::rank_top(hits, k);
                return;
            }
            Order::Date => &self.date,
            Order::Title => &self.title,
            Order::Source => &self.source,
        };
        let key = |h: &Hit| ranks.get(h.id as usize).copied().unwrap_or(u32::MAX);
        if k < hits.len() {
            hits.select_nth_unstable_by_key(k, key);
            hits[..k].sort_unstable_by_key(key);
        } else {
            hits.sort_unstable_by_key(key);
        }
    }

    /// Sorts hits (given in relevance order) into `order`.
    pub fn sort(&self, hits: &mut [Hit], order: Order) {
        self.sort_top(hits, order, hits.len());
    }
}
