//! The order of the article list: relevance (the filter's ranking), date, title or source.

use std::sync::OnceLock;

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

    /// The order a name gives (`date`; what [`Order::label`] writes), as the config file
    /// names it.
    pub fn from_name(name: &str) -> Option<Self> {
        [Order::Relevance, Order::Date, Order::Title, Order::Source]
            .into_iter()
            .find(|o| o.label().eq_ignore_ascii_case(name))
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

/// Each article's position in each order but relevance, so that sorting the hits of a keystroke
/// compares integers, not strings or dates. An order's positions are worked out the first time
/// it is asked for (on the filter thread), not at load: at 1M articles the three sorts take
/// seconds, which the explorer spent on its own thread, frozen, the moment a load was done, for
/// orders most sessions never pick.
#[derive(Debug, Default, Clone)]
pub struct Ranks {
    date: OnceLock<Vec<u32>>,
    title: OnceLock<Vec<u32>>,
    source: OnceLock<Vec<u32>>,
}

impl Ranks {
    /// The positions in `order` of every article of `store` (`None` for relevance), worked out
    /// now unless they were before. A `Ranks` serves one store: `store` must be that one.
    fn positions(&self, store: &ArticleStore, order: Order) -> Option<&[u32]> {
        let positions = match order {
            Order::Relevance => return None,
            Order::Date => self.date.get_or_init(|| by_date(store)),
            Order::Title => self.title.get_or_init(|| by_title(store)),
            Order::Source => self.source.get_or_init(|| by_source(store)),
        };
        Some(positions)
    }

    /// Whether sorting in `order` needs no positions worked out first: relevance, or an order
    /// asked for before (whose positions are there, not being worked out on another thread).
    pub fn is_ready(&self, order: Order) -> bool {
        match order {
            Order::Relevance => true,
            Order::Date => self.date.get().is_some(),
            Order::Title => self.title.get().is_some(),
            Order::Source => self.source.get().is_some(),
        }
    }

    /// Puts the first `k` hits (of `store`) in `order`, leaving the rest after them unsorted.
    pub fn sort_top(&self, store: &ArticleStore, hits: &mut [Hit], order: Order, k: usize) {
        let Some(ranks) = self.positions(store, order) else {
            filter::rank_top(hits, k);
            return;
        };
        let key = |h: &Hit| ranks.get(h.id as usize).copied().unwrap_or(u32::MAX);
        if k < hits.len() {
            hits.select_nth_unstable_by_key(k, key);
            hits[..k].sort_unstable_by_key(key);
        } else {
            hits.sort_unstable_by_key(key);
        }
    }

    /// Sorts hits (of `store`, given in relevance order) into `order`.
    pub fn sort(&self, store: &ArticleStore, hits: &mut [Hit], order: Order) {
        self.sort_top(store, hits, order, hits.len());
    }
}

/// Each article's position in `ids`, by article id.
fn positions(n: usize, ids: &[ArticleId]) -> Vec<u32> {
    let mut ranks = vec![0u32; n];
    for (position, &id) in ids.iter().enumerate() {
        ranks[id as usize] = u32::try_from(position).unwrap_or(u32::MAX);
    }
    ranks
}

/// Every article id of `store`, in load order.
fn all(store: &ArticleStore) -> Vec<ArticleId> {
    (0..store.articles.len())
        .filter_map(|i| ArticleId::try_from(i).ok())
        .collect()
}

/// Newest first; undated last, in load order (the sort is stable).
fn by_date(store: &ArticleStore) -> Vec<u32> {
    let a = |id: &ArticleId| &store.articles[*id as usize];
    let mut ids = all(store);
    ids.sort_by(|x, y| {
        a(y).date
            .is_some()
            .cmp(&a(x).date.is_some())
            .then(a(y).date.cmp(&a(x).date))
    });
    positions(store.articles.len(), &ids)
}

/// By headline, ignoring case.
fn by_title(store: &ArticleStore) -> Vec<u32> {
    let titles: Vec<String> = store
        .articles
        .iter()
        .map(|x| x.title.to_lowercase())
        .collect();
    let mut ids = all(store);
    ids.sort_by(|x, y| titles[*x as usize].cmp(&titles[*y as usize]));
    positions(store.articles.len(), &ids)
}

/// By source, ignoring case, newest first within one; articles without a source last.
fn by_source(store: &ArticleStore) -> Vec<u32> {
    let a = |id: &ArticleId| &store.articles[*id as usize];
    let sources: Vec<Option<String>> = store
        .articles
        .iter()
        .map(|x| x.source.as_ref().map(|s| s.to_lowercase()))
        .collect();
    let mut ids = all(store);
    ids.sort_by(|x, y| {
        let (sx, sy) = (&sources[*x as usize], &sources[*y as usize]);
        sy.is_some()
            .cmp(&sx.is_some())
            .then(sx.cmp(sy))
            .then(a(y).date.cmp(&a(x).date))
    });
    positions(store.articles.len(), &ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_worked_out_when_first_asked_for_and_only_then() {
        let store = crate::store::test_store(&[
            "beta headline\n\nText.",
            "Alpha headline\n\nText.",
            "gamma headline\n\nText.",
        ]);
        let ranks = Ranks::default();
        let mut hits: Vec<Hit> = (0..3)
            .map(|id| Hit {
                id,
                score: 0,
                weight: 0,
            })
            .collect();
        ranks.sort(&store, &mut hits, Order::Relevance);
        assert!(ranks.date.get().is_none() && ranks.title.get().is_none());
        assert!(ranks.is_ready(Order::Relevance) && !ranks.is_ready(Order::Title));
        ranks.sort(&store, &mut hits, Order::Title);
        let ids: Vec<ArticleId> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [1, 0, 2], "by headline, ignoring case");
        assert!(ranks.title.get().is_some());
        assert!(ranks.date.get().is_none() && ranks.source.get().is_none());
        assert!(ranks.is_ready(Order::Title) && !ranks.is_ready(Order::Date));
    }
}
