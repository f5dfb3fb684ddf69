//! Pickers: the companies panel and the related-articles list, overlays the person moves
//! through by keyboard and picks from.

use crate::matcher::TermMatcher;
use crate::store::{ArticleId, ArticleStore, CompanyId};

/// What a picker lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// Every company with its article count; picking filters the list to it.
    Companies,
    /// The articles that share the most companies with one article; picking reads it.
    Related(ArticleId),
}

/// One row of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it shows: a company name or an article title.
    pub label: String,
    /// The count shown beside it: articles of a company, companies shared with an article.
    pub count: usize,
    /// The company or article it stands for.
    pub id: u32,
    /// For related articles: the companies shared, for the detail column.
    pub detail: String,
}

/// What one article shares with another: how many companies, their mentions, which.
type Shared = (usize, u32, Vec<CompanyId>);

/// A picker's state.
#[derive(Debug, Clone)]
pub struct Picker {
    /// What it lists.
    pub kind: PickerKind,
    /// Every row, best first.
    pub items: Vec<Item>,
    /// The rows the typed text lets through (indexes into `items`), best first.
    pub shown: Vec<usize>,
    /// Index into `shown` of the highlighted row.
    pub selected: usize,
    /// Index into `shown` of the first row drawn.
    pub offset: usize,
    /// Companies marked with Tab, to be combined (ids, in marking order).
    pub marked: Vec<u32>,
}

impl Picker {
    /// The companies panel: every company, most articles first.
    pub fn companies(store: &ArticleStore) -> Self {
        let mut items: Vec<Item> = store
            .companies
            .iter()
            .enumerate()
            .map(|(id, c)| Item {
                label: c.name.clone(),
                count: c.articles.len(),
                id: CompanyId::try_from(id).unwrap_or(CompanyId::MAX),
                detail: String::new(),
            })
            .collect();
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        Self::new(PickerKind::Companies, items)
    }

    /// The articles sharing the most companies with `article` (at most `limit`): ranked by how
    /// many companies they share, then by how often they mention them, then load order. Its
    /// identical copies (the same text, as a corpus scraped twice has them) are not related
    /// articles: they share every company and would come first.
    pub fn related(store: &ArticleStore, article: ArticleId, limit: usize) -> Self {
        let mut shared: std::collections::HashMap<ArticleId, Shared> =
            std::collections::HashMap::new();
        if let Some(a) = store.article(article) {
            // Usually none: a slice searched, not each posting's article looked at (a company of
            // a million-article store has tens of thousands).
            let copies = store.copy_ids(a);
            let copy = |other: ArticleId| copies.contains(&other);
            for count in &a.companies {
                let Some(company) = store.company(count.company) else {
                    continue;
                };
                for &(other, mentions) in &company.articles {
                    if other != article && !copy(other) {
                        let entry = shared.entry(other).or_default();
                        entry.0 += 1;
                        entry.1 += mentions;
                        entry.2.push(count.company);
                    }
                }
            }
        }
        let mut ranked: Vec<(ArticleId, Shared)> = shared.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1.0
                .cmp(&a.1.0)
                .then(b.1.1.cmp(&a.1.1))
                .then(a.0.cmp(&b.0))
        });
        let items = ranked
            .into_iter()
            .take(limit)
            .filter_map(|(id, (count, _, companies))| {
                let a = store.article(id)?;
                let names: Vec<&str> = companies
                    .iter()
                    .filter_map(|c| store.company(*c).map(|c| c.name.as_str()))
                    .collect();
                Some(Item {
                    label: a.title.clone(),
                    count,
                    id,
                    detail: names.join(" · "),
                })
            })
            .collect();
        Self::new(PickerKind::Related(article), items)
    }

    fn new(kind: PickerKind, items: Vec<Item>) -> Self {
        let shown = (0..items.len()).collect();
        Picker {
            kind,
            items,
            shown,
            selected: 0,
            offset: 0,
            marked: Vec::new(),
        }
    }

    /// Narrows the rows to those matching `text` fuzzily, best match first (then by count).
    pub fn narrow(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            self.shown = (0..self.items.len()).collect();
        } else {
            let matcher = TermMatcher::new(text, false);
            let mut scored: Vec<(i64, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| matcher.score(&item.label).map(|s| (s, i)))
                .collect();
            // Best match first, without the matcher's preference for short names: equal matches
            // keep the items' own order (most articles first).
            let coarse = |s: i64| s.div_euclid(crate::matcher::LENGTH_TIEBREAK);
            scored.sort_by(|a, b| coarse(b.0).cmp(&coarse(a.0)).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = 0;
        self.offset = 0;
    }

    /// The highlighted row.
    pub fn current(&self) -> Option<&Item> {
        self.items.get(*self.shown.get(self.selected)?)
    }

    /// Moves the highlight by `delta` rows, within bounds.
    pub fn step(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Marks or unmarks the highlighted company.
    pub fn toggle_mark(&mut self) {
        let Some(id) = self.current().map(|i| i.id) else {
            return;
        };
        if let Some(at) = self.marked.iter().position(|m| *m == id) {
            self.marked.remove(at);
        } else {
            self.marked.push(id);
        }
    }

    /// Keeps the highlighted row inside a window of `rows` rows.
    pub fn scroll_to_selection(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> ArticleStore {
        let texts = [
            "One\n\nCisco and Inspur signed. Cisco again.",
            "Two\n\nInspur and IBM talked.",
            "Three\n\nCisco, Inspur and IBM met.",
            "Four\n\nHuawei and Sberbank agreed.",
        ];
        crate::store::test_store(&texts)
    }

    fn labels(p: &Picker) -> Vec<&str> {
        p.shown.iter().map(|&i| p.items[i].label.as_str()).collect()
    }

    #[test]
    fn companies_are_listed_most_articles_first_and_narrow_fuzzily() {
        let s = store();
        let mut p = Picker::companies(&s);
        assert_eq!(labels(&p)[..3], ["Inspur", "Cisco", "IBM"]);
        assert_eq!(p.items[0].count, 3);
        p.narrow("sberbnk");
        assert_eq!(labels(&p), vec!["Sberbank"]);
        p.narrow("");
        assert_eq!(p.shown.len(), p.items.len());
    }

    #[test]
    fn an_identical_copy_is_not_a_related_article() {
        let s = crate::store::test_store(&[
            "One\n\nCisco and Inspur signed.",
            "Two\n\nInspur and IBM talked.",
            "One\n\nCisco and Inspur signed.",
        ]);
        assert_eq!(s.articles[0].hash, s.articles[2].hash);
        let related = |id| -> Vec<ArticleId> {
            Picker::related(&s, id, 10)
                .items
                .iter()
                .map(|i| i.id)
                .collect()
        };
        assert_eq!(related(0), vec![1]);
        assert_eq!(related(2), vec![1]);
        // A text held twice is related once, as it is listed once: at its first copy.
        assert_eq!(related(1), vec![0]);
    }

    #[test]
    fn related_articles_share_the_most_companies() {
        let s = store();
        let p = Picker::related(&s, 0, 10);
        // Article 2 shares Cisco and Inspur; article 1 only Inspur; article 3 nothing.
        assert_eq!(
            p.items.iter().map(|i| (i.id, i.count)).collect::<Vec<_>>(),
            vec![(2, 2), (1, 1)]
        );
        assert_eq!(p.items[0].detail, "Cisco · Inspur");
    }

    #[test]
    fn marks_toggle_and_movement_stays_in_bounds() {
        let s = store();
        let mut p = Picker::companies(&s);
        p.toggle_mark();
        p.step(1);
        p.toggle_mark();
        assert_eq!(p.marked.len(), 2);
        p.step(-1);
        p.toggle_mark();
        assert_eq!(p.marked.len(), 1);
        p.step(100);
        assert_eq!(p.selected, p.shown.len() - 1);
        p.step(-100);
        assert_eq!(p.selected, 0);
        p.scroll_to_selection(2);
        assert_eq!(p.offset, 0);
    }
}
