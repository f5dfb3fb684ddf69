//! The explorer's state, and [`App::update`], the only place it changes.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::filter::{self, Hit};
use crate::keymap::{self, Context};
use crate::order::{Order, Ranks};
use crate::query::{self, Query, Scope};
use crate::reader::{Anchor, Doc, DocKey};
use crate::store::{Article, ArticleStore, CompanyId};
use crate::ui::layout::{AppLayout, ROW_HEIGHT, layout};

/// Which part of the screen takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The reader pane.
    Reader,
    /// The filter line.
    Filter,
}

/// The text of the filter line and its cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl LineInput {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    fn delete(&mut self) {
        let at = self.byte(self.cursor);
        if at < self.text.len() {
            self.text.remove(at);
        }
    }

    fn delete_word(&mut self) {
        let end = self.byte(self.cursor);
        let before = &self.text[..end];
        let start = before.trim_end().rfind(' ').map_or(0, |i| i + 1);
        self.cursor -= self.text[start..end].chars().count();
        self.text.replace_range(start..end, "");
    }

    fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    fn start(&mut self) {
        self.cursor = 0;
    }

    fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

/// The whole state of the explorer.
pub struct App {
    /// The articles.
    pub store: ArticleStore,
    /// How many files were skipped while loading.
    pub skipped: usize,
    /// What has the keys.
    pub focus: Focus,
    /// The help overlay's scroll position, when it is open.
    pub help: Option<usize>,
    /// The filter line.
    pub input: LineInput,
    /// The scope of terms without a prefix.
    pub scope: Scope,
    /// The order of the list.
    pub order: Order,
    /// Each article's place in each order, for sorting hits cheaply.
    ranks: Ranks,
    /// The parsed filter.
    pub query: Query,
    /// The articles the filter lets through, best first: the only thing the list draws.
    pub hits: Vec<Hit>,
    /// Index of the selected hit.
    pub selected: usize,
    /// Index of the first hit shown in the list.
    pub list_offset: usize,
    /// Show the raw text instead of the cleaned article.
    pub raw: bool,
    /// Index of the reader's top line.
    pub scroll: usize,
    /// The reading position, to keep across re-wraps.
    anchor: Anchor,
    /// The selected article laid out for the reader's width.
    pub doc: Option<Doc>,
    /// Where everything was drawn last.
    pub layout: AppLayout,
    /// Set when the program should end.
    pub should_quit: bool,
}

impl App {
    /// An explorer over `store`, showing every article.
    pub fn new(store: ArticleStore, skipped: usize) -> Self {
        let ranks = Ranks::build(&store);
        let mut app = App {
            store,
            order: Order::default(),
            ranks,
            skipped,
            focus: Focus::List,
            help: None,
            input: LineInput::default(),
            scope: Scope::Company,
            query: Query::default(),
            hits: Vec::new(),
            selected: 0,
            list_offset: 0,
            raw: false,
            scroll: 0,
            anchor: Anchor::default(),
            doc: None,
            layout: AppLayout::default(),
            should_quit: false,
        };
        app.refilter();
        app
    }

    /// Sets the list's order, keeping the selected article selected.
    pub fn set_order(&mut self, order: Order) {
        self.order = order;
        let current = self.hits.get(self.selected).map(|h| h.id);
        self.ranks.sort(&mut self.hits, self.order);
        // The same article stays selected; the list scrolls to it.
        if let Some(index) = current.and_then(|id| self.hits.iter().position(|h| h.id == id)) {
            self.selected = index;
        }
    }

    /// The context the key table is looked up in.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        match self.focus {
            Focus::List => Context::List,
            Focus::Reader => Context::Reader,
            Focus::Filter => Context::Filter,
        }
    }

    /// Handles one key event through the key table.
    pub fn handle_key(&mut self, event: KeyEvent) {
        if let Some(action) = keymap::action_for(self.context(), event) {
            self.update(action);
        }
    }

    /// The selected article, if the list is not empty.
    pub fn selected_article(&self) -> Option<&Article> {
        let hit = self.hits.get(self.selected)?;
        self.store.article(hit.id)
    }

    /// Applies one action. The only place state changes.
    pub fn update(&mut self, action: Action) {
        if let Some(scroll) = self.help {
            match action {
                Action::Up => self.help = Some(scroll.saturating_sub(1)),
                Action::Down => self.help = Some((scroll + 1).min(self.max_help_scroll())),
                Action::PageUp => self.help = Some(scroll.saturating_sub(self.help_page())),
                Action::PageDown => {
                    self.help = Some((scroll + self.help_page()).min(self.max_help_scroll()));
                }
                Action::ToggleHelp => self.help = None,
                Action::Quit => self.should_quit = true,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-self.page()),
            Action::PageDown => self.step(self.page()),
            Action::HalfPageUp => self.step(-(self.page() / 2).max(1)),
            Action::HalfPageDown => self.step((self.page() / 2).max(1)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::NextArticle => self.select(self.selected.saturating_add(1)),
            Action::PrevArticle => self.select(self.selected.saturating_sub(1)),
            Action::FocusReader => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                }
            }
            Action::FocusList | Action::FilterAccept => self.focus = Focus::List,
            Action::FocusFilter => {
                self.focus = Focus::Filter;
                self.input.end();
            }
            Action::FilterCancel => {
                self.focus = Focus::List;
                if !self.input.text().is_empty() {
                    self.input.clear();
                    self.refilter_keeping_selection();
                }
            }
            Action::FilterInsert(c) => self.edit(|i| i.insert(c)),
            Action::FilterBackspace => self.edit(LineInput::backspace),
            Action::FilterDelete => self.edit(LineInput::delete),
            Action::FilterDeleteWord => self.edit(LineInput::delete_word),
            Action::FilterClear => self.edit(LineInput::clear),
            Action::CursorLeft => self.input.left(),
            Action::CursorRight => self.input.right(),
            Action::CursorStart => self.input.start(),
            Action::CursorEnd => self.input.end(),
            Action::CycleScope => {
                self.scope = self.scope.next();
                self.refilter();
            }
            Action::CycleOrder => self.set_order(self.order.next()),
            Action::ToggleRaw => {
                self.raw = !self.raw;
                self.reset_reading();
            }
        }
    }

    /// Moves the selection (list, filter) or scrolls (reader) by `delta`.
    fn step(&mut self, delta: isize) {
        match self.focus {
            Focus::List | Focus::Filter => self.select(self.selected.saturating_add_signed(delta)),
            Focus::Reader => {
                let max = self.max_scroll();
                self.scroll = self.scroll.saturating_add_signed(delta).min(max);
                if let Some(doc) = &self.doc {
                    self.anchor = doc.anchor(self.scroll);
                }
            }
        }
    }

    /// Selects hit `index` (clamped) and starts reading it from the top.
    fn select(&mut self, index: usize) {
        let index = index.min(self.hits.len().saturating_sub(1));
        if index != self.selected {
            self.selected = index;
            self.reset_reading();
        }
    }

    fn reset_reading(&mut self) {
        self.scroll = 0;
        self.anchor = Anchor::default();
    }

    /// Rows (list) or lines (reader) in a page of the focused pane.
    fn page(&self) -> isize {
        let lines = match self.focus {
            Focus::Reader => self.layout.reader_text.map_or(1, |r| r.height),
            Focus::List | Focus::Filter => {
                self.layout.list_rows.map_or(1, |r| r.height / ROW_HEIGHT)
            }
        };
        isize::from(lines.max(1).cast_signed())
    }

    /// Lines of help in one screenful.
    fn help_page(&self) -> usize {
        usize::from(
            self.layout
                .help
                .map_or(1, |r| r.height.saturating_sub(2).max(1)),
        )
    }

    fn max_help_scroll(&self) -> usize {
        crate::ui::help_lines()
            .len()
            .saturating_sub(self.help_page())
    }

    fn max_scroll(&self) -> usize {
        let height = self.layout.reader_text.map_or(1, |r| usize::from(r.height));
        self.doc
            .as_ref()
            .map_or(0, |d| d.lines.len().saturating_sub(height))
    }

    fn edit(&mut self, f: impl FnOnce(&mut LineInput)) {
        let before = self.input.text().to_owned();
        f(&mut self.input);
        if self.input.text() != before {
            self.refilter();
        }
    }

    /// Runs the filter again (the query or scope changed) and selects the best hit.
    fn refilter(&mut self) {
        let query = query::parse(self.input.text(), self.scope);
        if query == self.query && !self.hits.is_empty() {
            return;
        }
        self.query = query;
        self.hits = filter::run(&self.store, &self.query);
        self.ranks.sort(&mut self.hits, self.order);
        self.selected = 0;
        self.list_offset = 0;
        self.reset_reading();
    }

    /// Runs the filter again, keeping the selected article selected if it is still listed.
    fn refilter_keeping_selection(&mut self) {
        let current = self.hits.get(self.selected).map(|h| h.id);
        self.refilter();
        if let Some(index) = current.and_then(|id| self.hits.iter().position(|h| h.id == id)) {
            self.selected = index;
        }
    }

    /// The companies whose mentions the reader highlights: those the filter's company terms match.
    fn highlighted_companies(&self, article: &Article) -> Vec<CompanyId> {
        let terms: Vec<_> = self
            .query
            .positive()
            .filter(|t| t.scope == Scope::Company)
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        article
            .companies
            .iter()
            .filter(|c| {
                self.store.company(c.company).is_some_and(|company| {
                    let one = Query {
                        terms: terms.iter().map(|t| (*t).clone()).collect(),
                    };
                    !filter::highlight(&company.name, &one, Scope::Company).is_empty()
                })
            })
            .map(|c| c.company)
            .collect()
    }

    /// Lays the screen out for `area` and brings derived state up to date: the list window,
    /// the reader's document (re-wrapped only when the article, width or mode changed, keeping the
    /// reading position), the scroll limits. Called before every draw.
    pub fn prepare(&mut self, area: Rect) {
        self.layout = layout(area, self.focus);
        // Keep the selection inside the list window.
        let rows = self
            .layout
            .list_rows
            .map_or(1, |r| usize::from((r.height / ROW_HEIGHT).max(1)));
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        self.list_offset = self.list_offset.min(self.hits.len().saturating_sub(rows));

        let Some(text_area) = self.layout.reader_text else {
            return;
        };
        let Some(article) = self.selected_article() else {
            self.doc = None;
            return;
        };
        let key = DocKey {
            article: article.id,
            width: usize::from(text_area.width),
            raw: self.raw,
            highlight: self.highlighted_companies(article),
        };
        if self.doc.as_ref().is_none_or(|d| d.key != key) {
            let same_text = self
                .doc
                .as_ref()
                .is_some_and(|d| d.key.article == key.article && d.key.raw == key.raw);
            let doc = Doc::build(&self.store, article, key);
            if same_text {
                // Only the width or the highlights changed: find the reading position again.
                self.scroll = doc.line_of(self.anchor);
            }
            self.doc = Some(doc);
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> LineInput {
        let mut i = LineInput::default();
        for c in text.chars() {
            i.insert(c);
        }
        i
    }

    #[test]
    fn line_input_edits_at_the_cursor() {
        let mut i = input("inspr");
        i.left();
        i.insert('u');
        assert_eq!((i.text(), i.cursor()), ("inspur", 5));
        i.start();
        i.delete();
        assert_eq!(i.text(), "nspur");
        i.end();
        i.backspace();
        assert_eq!(i.text(), "nspu");
    }

    #[test]
    fn delete_word_removes_the_last_word_and_its_space() {
        let mut i = input("c:cisco t:joint ");
        i.delete_word();
        assert_eq!(i.text(), "c:cisco ");
        i.delete_word();
        assert_eq!(i.text(), "");
        assert_eq!(i.cursor(), 0);
    }

    #[test]
    fn line_input_handles_multibyte_chars() {
        let mut i = input("Société");
        i.left();
        i.backspace();
        assert_eq!(i.text(), "Sociéé");
        i.right();
        i.right();
        assert_eq!(i.cursor(), 6);
    }
}
