//! Everything a person can do, as values: keys map to these, and [`crate::app::App::update`]
//! is the only place they change state.

/// One thing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Stop the program and give the terminal to the shell, as Ctrl-z does elsewhere; the
    /// shell's `fg` brings it back as it was.
    Suspend,
    /// Read the collection's files again: new, changed and removed ones.
    Reload,
    /// Draw the whole screen again (something else wrote over it).
    Redraw,
    /// Up one row (list) or line (reader).
    Up,
    /// Down one row or line.
    Down,
    /// Up one page.
    PageUp,
    /// Down one page.
    PageDown,
    /// Up half a page.
    HalfPageUp,
    /// Down half a page.
    HalfPageDown,
    /// To the first article, or the top of the article.
    Top,
    /// To the last article, or the end of the article.
    Bottom,
    /// The next article, staying in the reader.
    NextArticle,
    /// The previous article, staying in the reader.
    PrevArticle,
    /// Mark every article of the list read, once confirmed.
    MarkAllRead,
    /// The answer to a question on the status line (`y`: yes; any other key: no).
    Confirm(bool),
    /// The next unread article of the list (in the reader: read it, staying there).
    NextUnread,
    /// The previous unread article of the list.
    PrevUnread,
    /// Focus the reader.
    FocusReader,
    /// Focus the list.
    FocusList,
    /// Focus the filter line.
    FocusFilter,
    /// Type a character into the filter.
    FilterInsert(char),
    /// Delete the character before the cursor.
    FilterBackspace,
    /// Delete the character under the cursor.
    FilterDelete,
    /// Delete the word before the cursor.
    FilterDeleteWord,
    /// Empty the filter.
    FilterClear,
    /// Cursor one character left.
    CursorLeft,
    /// Cursor one character right.
    CursorRight,
    /// Cursor to the start of the filter.
    CursorStart,
    /// Cursor to the end of the filter.
    CursorEnd,
    /// Put the query before the one shown in the filter line (the query history).
    HistoryPrev,
    /// Put the query after the one shown in the filter line, or what was typed.
    HistoryNext,
    /// Keep the filter and go back to the list.
    FilterAccept,
    /// Clear the filter and go back to the list.
    FilterCancel,
    /// Cycle the default scope: companies, titles, full text.
    CycleScope,
    /// Cycle the list's order: relevance, date, title, source.
    CycleOrder,
    /// Show the raw text of the article instead of the cleaned view.
    ToggleRaw,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Start a search inside the article.
    SearchStart,
    /// Keep the search and go back to reading.
    SearchAccept,
    /// Drop the search and go back to reading.
    SearchCancel,
    /// Scroll to the next search match.
    SearchNext,
    /// Scroll to the previous search match.
    SearchPrev,
    /// Scroll to the next mention of a matched company (of any company when none is matched).
    NextMention,
    /// Scroll to the previous mention.
    PrevMention,
    /// Cap the reader's text width (and centre it) or let it fill the pane.
    ToggleMeasure,
    /// Read full-screen, or go back to the panes.
    ToggleZoom,
    /// Open the companies panel.
    OpenCompanies,
    /// Open the list of articles related to the selected one.
    OpenRelated,
    /// Take the highlighted (or marked) entries of the open panel.
    PickerAccept,
    /// Close the open panel.
    PickerClose,
    /// Mark or unmark the highlighted company, to combine several.
    PickerMark,
    /// Open the article's URL in the web browser.
    OpenUrl,
    /// Show the article's clean text in `$PAGER`.
    Pager,
    /// Copy the article's clean text to the clipboard (OSC 52).
    Copy,
    /// The mouse wheel turned over a point of the screen (down when `down`).
    Wheel {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
        /// Towards the end of the text.
        down: bool,
    },
    /// A click at a point of the screen.
    Click {
        /// Column of the pointer.
        column: u16,
        /// Row of the pointer.
        row: u16,
    },
    /// Mark the selected article read or unread.
    ToggleRead,
    /// Bookmark the selected article, or remove its bookmark.
    ToggleBookmark,
    /// Show only unread articles (adds or removes `is:unread` in the filter).
    ToggleUnreadOnly,
    /// Show only bookmarked articles (adds or removes `is:bookmarked` in the filter).
    ToggleBookmarkedOnly,
}

/// The actions a key can be bound to in the config file, by name (`scroll_down` and
/// `scroll_up` are other names for `down` and `up`, which scroll in the reader).
pub const BINDABLE: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("suspend", Action::Suspend),
    ("reload", Action::Reload),
    ("redraw", Action::Redraw),
    ("up", Action::Up),
    ("down", Action::Down),
    ("scroll_up", Action::Up),
    ("scroll_down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("half_page_up", Action::HalfPageUp),
    ("half_page_down", Action::HalfPageDown),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("next_article", Action::NextArticle),
    ("previous_article", Action::PrevArticle),
    ("next_unread", Action::NextUnread),
    ("mark_all_read", Action::MarkAllRead),
    ("previous_unread", Action::PrevUnread),
    ("read", Action::FocusReader),
    ("list", Action::FocusList),
    ("filter", Action::FocusFilter),
    ("delete_back", Action::FilterBackspace),
    ("delete_forward", Action::FilterDelete),
    ("delete_word", Action::FilterDeleteWord),
    ("clear", Action::FilterClear),
    ("cursor_left", Action::CursorLeft),
    ("cursor_right", Action::CursorRight),
    ("cursor_start", Action::CursorStart),
    ("cursor_end", Action::CursorEnd),
    ("previous_query", Action::HistoryPrev),
    ("next_query", Action::HistoryNext),
    ("keep_filter", Action::FilterAccept),
    ("clear_filter", Action::FilterCancel),
    ("scope", Action::CycleScope),
    ("sort", Action::CycleOrder),
    ("raw", Action::ToggleRaw),
    ("help", Action::ToggleHelp),
    ("search", Action::SearchStart),
    ("keep_search", Action::SearchAccept),
    ("cancel_search", Action::SearchCancel),
    ("next_match", Action::SearchNext),
    ("previous_match", Action::SearchPrev),
    ("next_mention", Action::NextMention),
    ("previous_mention", Action::PrevMention),
    ("measure", Action::ToggleMeasure),
    ("zoom", Action::ToggleZoom),
    ("companies", Action::OpenCompanies),
    ("related", Action::OpenRelated),
    ("pick", Action::PickerAccept),
    ("close", Action::PickerClose),
    ("mark", Action::PickerMark),
    ("open_url", Action::OpenUrl),
    ("pager", Action::Pager),
    ("copy", Action::Copy),
    ("toggle_read", Action::ToggleRead),
    ("bookmark", Action::ToggleBookmark),
    ("only_unread", Action::ToggleUnreadOnly),
    ("only_bookmarked", Action::ToggleBookmarkedOnly),
];

impl Action {
    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// The config name of an action (the first, for those with two).
    pub fn name(self) -> Option<&'static str> {
        BINDABLE.iter().find(|(_, a)| *a == self).map(|(n, _)| *n)
    }
}
