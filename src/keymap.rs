//! The one key table: every binding, where it applies, and what it says in help and hints.
//!
//! Key handling, the help overlay, the status-line hints and the README's key table all come
//! from [`BINDINGS`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, unless the focused context binds the same key.
    Global,
    /// The article list has focus.
    List,
    /// The reader has focus.
    Reader,
    /// The filter line has focus (other printable keys are typed into it).
    Filter,
    /// The search line of the reader has focus (other printable keys are typed into it).
    Search,
    /// The companies panel or the related-articles list is open (printable keys narrow it).
    Picker,
    /// The help overlay is open.
    Help,
}

impl Context {
    /// The heading used in the help overlay and the README.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Anywhere",
            Context::List => "Article list",
            Context::Reader => "Reader",
            Context::Filter => "Filter line",
            Context::Search => "Search in the article",
            Context::Picker => "Companies panel, related articles",
            Context::Help => "Help",
        }
    }
}

/// The contexts in the order help and the README show them.
pub const CONTEXTS: [Context; 7] = [
    Context::List,
    Context::Reader,
    Context::Filter,
    Context::Search,
    Context::Picker,
    Context::Help,
    Context::Global,
];

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl/Alt (Shift is part of the character for printable keys).
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// How the key is written in help: `k`, `Ctrl-u`, `PgDn`, `Shift-Tab`.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{name}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{name}")
        } else {
            name
        }
    }

    /// The key of a key event, normalised: Shift is dropped from characters (crossterm reports
    /// `G` as Shift+`G`) and from Shift-Tab.
    pub fn from_event(event: KeyEvent) -> Self {
        let mut mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let KeyCode::Char(c) = event.code
            && mods.contains(KeyModifiers::CONTROL)
        {
            // Ctrl with a letter arrives lowercase on most terminals, uppercase on some.
            return Key {
                code: KeyCode::Char(c.to_ascii_lowercase()),
                mods,
            };
        }
        if event.code == KeyCode::BackTab {
            mods = KeyModifiers::NONE;
        }
        Key {
            code: event.code,
            mods,
        }
    }
}

/// One entry of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys that do it.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// What help says it does.
    pub help: &'static str,
    /// Shown in the status line's hints (the few most useful per context).
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

use Context::{Filter, Global, Help, List, Picker, Reader, Search};
use KeyCode as K;

/// The key table.
#[rustfmt::skip] // One binding per line reads as a table; rustfmt would spread each over seven.
pub const BINDINGS: &[Binding] = &[
    bind(Global, &[ctrl('c')], Action::Quit, "quit", None),
    bind(Global, &[ctrl('z')], Action::Suspend, "suspend to the shell (fg comes back)", None),
    bind(Global, &[ctrl('r')], Action::Reload, "reload: read the files again (new, changed, removed)", None),
    bind(Global, &[ctrl('l')], Action::Redraw, "redraw the screen", None),
    // The list.
    bind(List, &[key(K::Up), ch('k')], Action::Up, "previous article", None),
    bind(List, &[key(K::Down), ch('j')], Action::Down, "next article", Some("move")),
    bind(List, &[key(K::PageUp)], Action::PageUp, "page up", None),
    bind(List, &[key(K::PageDown)], Action::PageDown, "page down", None),
    bind(List, &[ctrl('u')], Action::HalfPageUp, "half a page up", None),
    bind(List, &[ctrl('d')], Action::HalfPageDown, "half a page down", None),
    bind(List, &[key(K::Home), ch('g')], Action::Top, "first article", None),
    bind(List, &[key(K::End), ch('G')], Action::Bottom, "last article", None),
    bind(List, &[ch('n')], Action::NextUnread, "next unread article", None),
    bind(List, &[ch('N')], Action::PrevUnread, "previous unread article", None),
    bind(List, &[key(K::Enter), key(K::Tab), ch('l'), key(K::Right)], Action::FocusReader, "read the article", Some("read")),
    bind(List, &[ch('/')], Action::FocusFilter, "filter", Some("filter")),
    bind(List, &[ch('s')], Action::CycleScope, "filter scope: companies, titles, full text", Some("scope")),
    bind(List, &[ch('S')], Action::CycleOrder, "sort by relevance, date, title, source", Some("sort")),
    bind(List, &[key(K::Esc)], Action::FilterCancel, "clear the filter", None),
    bind(List, &[ch('c')], Action::OpenCompanies, "companies panel", Some("companies")),
    bind(List, &[ch('R')], Action::OpenRelated, "related articles", None),
    bind(List, &[ch('o')], Action::OpenUrl, "open the article's URL in the browser", None),
    bind(List, &[ch('p')], Action::Pager, "show the article in $PAGER", None),
    bind(List, &[ch('y')], Action::Copy, "copy the article's text (OSC 52)", None),
    bind(List, &[ch('u')], Action::ToggleRead, "mark read/unread", None),
    bind(List, &[ch('A')], Action::MarkAllRead, "mark every article of the list read (asks first)", None),
    bind(List, &[ch('m')], Action::ToggleBookmark, "bookmark on/off", Some("bookmark")),
    bind(List, &[ch('U')], Action::ToggleUnreadOnly, "only unread articles (is:unread)", None),
    bind(List, &[ch('M')], Action::ToggleBookmarkedOnly, "only bookmarked articles (is:bookmarked)", None),
    bind(List, &[ch('r')], Action::ToggleRaw, "raw text on/off", None),
    bind(List, &[ch('w')], Action::ToggleMeasure, "text width: capped and centred, or full", None),
    bind(List, &[ch('z')], Action::ToggleZoom, "full-screen reading on/off", None),
    bind(List, &[ch('?')], Action::ToggleHelp, "help", Some("help")),
    bind(List, &[ch('q')], Action::Quit, "quit", Some("quit")),
    // The reader.
    bind(Reader, &[key(K::Up), ch('k')], Action::Up, "scroll up", None),
    bind(Reader, &[key(K::Down), ch('j')], Action::Down, "scroll down", Some("scroll")),
    bind(Reader, &[key(K::PageUp), ch('b')], Action::PageUp, "page up", None),
    bind(Reader, &[key(K::PageDown), ch(' ')], Action::PageDown, "page down", Some("page")),
    bind(Reader, &[ctrl('u')], Action::HalfPageUp, "half a page up", None),
    bind(Reader, &[ctrl('d')], Action::HalfPageDown, "half a page down", None),
    bind(Reader, &[key(K::Home), ch('g')], Action::Top, "top of the article", None),
    bind(Reader, &[key(K::End), ch('G')], Action::Bottom, "end of the article", None),
    bind(Reader, &[ch('J')], Action::NextArticle, "next article", Some("next")),
    bind(Reader, &[ch('K')], Action::PrevArticle, "previous article", None),
    bind(Reader, &[key(K::Tab), key(K::BackTab), key(K::Esc), ch('h'), key(K::Left)], Action::FocusList, "back to the list", Some("list")),
    bind(Reader, &[ch('/')], Action::SearchStart, "search in the article", Some("search")),
    bind(Reader, &[ch('n')], Action::SearchNext, "next match", None),
    bind(Reader, &[ch('N')], Action::SearchPrev, "previous match", None),
    bind(Reader, &[ch(']')], Action::NextMention, "next company mention or matched word", Some("mention")),
    bind(Reader, &[ch('[')], Action::PrevMention, "previous company mention or matched word", None),
    bind(Reader, &[ch('c')], Action::OpenCompanies, "companies panel", None),
    bind(Reader, &[ch('R')], Action::OpenRelated, "related articles", Some("related")),
    bind(Reader, &[ch('o')], Action::OpenUrl, "open the article's URL in the browser", None),
    bind(Reader, &[ch('p')], Action::Pager, "show the article in $PAGER", None),
    bind(Reader, &[ch('y')], Action::Copy, "copy the article's text (OSC 52)", None),
    bind(Reader, &[ch('u')], Action::ToggleRead, "mark read/unread", None),
    bind(Reader, &[ch('m')], Action::ToggleBookmark, "bookmark on/off", None),
    bind(Reader, &[ch('w')], Action::ToggleMeasure, "text width: capped and centred, or full", None),
    bind(Reader, &[ch('z')], Action::ToggleZoom, "full-screen reading on/off", Some("zoom")),
    bind(Reader, &[ch('f')], Action::FocusFilter, "filter the list", None),
    bind(Reader, &[ch('s')], Action::CycleScope, "filter scope: companies, titles, full text", None),
    bind(Reader, &[ch('S')], Action::CycleOrder, "sort by relevance, date, title, source", None),
    bind(Reader, &[ch('r')], Action::ToggleRaw, "raw text on/off", Some("raw")),
    bind(Reader, &[ch('?')], Action::ToggleHelp, "help", Some("help")),
    bind(Reader, &[ch('q')], Action::Quit, "quit", None),
    // The filter line.
    bind(Filter, &[key(K::Enter)], Action::FilterAccept, "keep the filter, back to the list", Some("keep")),
    bind(Filter, &[key(K::Esc)], Action::FilterCancel, "clear the filter, back to the list", Some("clear")),
    bind(Filter, &[key(K::Backspace)], Action::FilterBackspace, "delete back", None),
    bind(Filter, &[key(K::Delete)], Action::FilterDelete, "delete forward", None),
    bind(Filter, &[ctrl('w')], Action::FilterDeleteWord, "delete a word back", None),
    bind(Filter, &[ctrl('u')], Action::FilterClear, "clear the query", None),
    bind(Filter, &[ctrl('t')], Action::CycleScope, "filter scope: companies, titles, full text", Some("scope")),
    bind(Filter, &[key(K::Up)], Action::Up, "previous article", None),
    bind(Filter, &[key(K::Down)], Action::Down, "next article", Some("move")),
    bind(Filter, &[ctrl('p')], Action::HistoryPrev, "previous query (history)", Some("history")),
    bind(Filter, &[ctrl('n')], Action::HistoryNext, "next query (history)", None),
    bind(Filter, &[key(K::Left)], Action::CursorLeft, "cursor left", None),
    bind(Filter, &[key(K::Right)], Action::CursorRight, "cursor right", None),
    bind(Filter, &[key(K::Home), ctrl('a')], Action::CursorStart, "cursor to start", None),
    bind(Filter, &[key(K::End), ctrl('e')], Action::CursorEnd, "cursor to end", None),
    // Searching inside the article.
    bind(Search, &[key(K::Enter)], Action::SearchAccept, "keep the search, back to reading", Some("keep")),
    bind(Search, &[key(K::Esc)], Action::SearchCancel, "drop the search, back to reading", Some("cancel")),
    bind(Search, &[key(K::Backspace)], Action::FilterBackspace, "delete back", None),
    bind(Search, &[ctrl('w')], Action::FilterDeleteWord, "delete a word back", None),
    bind(Search, &[ctrl('u')], Action::FilterClear, "clear the search", None),
    bind(Search, &[key(K::Down), ctrl('n')], Action::SearchNext, "next match", Some("next")),
    bind(Search, &[key(K::Up), ctrl('p')], Action::SearchPrev, "previous match", None),
    // The companies panel and the related-articles list.
    bind(Picker, &[key(K::Enter)], Action::PickerAccept, "filter by the company (or the marked ones) / read the article", Some("pick")),
    bind(Picker, &[key(K::Esc)], Action::PickerClose, "close", Some("close")),
    bind(Picker, &[key(K::Tab)], Action::PickerMark, "mark a company, to combine several", Some("mark")),
    bind(Picker, &[key(K::Up), ctrl('p')], Action::Up, "up", None),
    bind(Picker, &[key(K::Down), ctrl('n')], Action::Down, "down", Some("move")),
    bind(Picker, &[key(K::PageUp)], Action::PageUp, "page up", None),
    bind(Picker, &[key(K::PageDown)], Action::PageDown, "page down", None),
    bind(Picker, &[key(K::Backspace)], Action::FilterBackspace, "delete back", None),
    bind(Picker, &[ctrl('w')], Action::FilterDeleteWord, "delete a word back", None),
    bind(Picker, &[ctrl('u')], Action::FilterClear, "clear", None),
    // The help overlay.
    bind(Help, &[key(K::Up), ch('k')], Action::Up, "scroll up", None),
    bind(Help, &[key(K::Down), ch('j')], Action::Down, "scroll down", Some("scroll")),
    bind(Help, &[key(K::PageUp), ch('b')], Action::PageUp, "page up", None),
    bind(Help, &[key(K::PageDown), ch(' ')], Action::PageDown, "page down", None),
    bind(Help, &[key(K::Home), ch('g')], Action::Top, "top", None),
    bind(Help, &[key(K::End), ch('G')], Action::Bottom, "end", None),
    bind(Help, &[key(K::Esc), ch('?'), ch('q')], Action::ToggleHelp, "close help", Some("close")),
];

/// One binding at run time: the default table with the config file's changes applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Where it applies.
    pub context: Context,
    /// The keys that do it (none left when the config unbound them all).
    pub keys: Vec<Key>,
    /// What they do.
    pub action: Action,
    /// What help says it does.
    pub help: String,
    /// Shown in the status line's hints.
    pub hint: Option<&'static str>,
}

/// The key table in force: one per run, built from [`BINDINGS`] and the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bound: Vec<Bound>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap {
            bound: BINDINGS
                .iter()
                .map(|b| Bound {
                    context: b.context,
                    keys: b.keys.to_vec(),
                    action: b.action,
                    help: b.help.to_owned(),
                    hint: b.hint,
                })
                .collect(),
        }
    }
}

impl KeyMap {
    /// The default table with `changes` applied in order: each takes its key away from whatever
    /// it did in its context, then gives it its new action ("none" leaves it unbound).
    pub fn with_changes(changes: &[(Context, Key, Option<Action>)]) -> Self {
        let mut map = KeyMap::default();
        for &(context, key, action) in changes {
            for bound in map.bound.iter_mut().filter(|b| b.context == context) {
                bound.keys.retain(|k| *k != key);
            }
            let Some(action) = action else { continue };
            match map
                .bound
                .iter_mut()
                .find(|b| b.context == context && b.action == action)
            {
                Some(bound) => bound.keys.push(key),
                None => map.bound.push(Bound {
                    context,
                    keys: vec![key],
                    action,
                    help: action.name().unwrap_or("").replace('_', " "),
                    hint: None,
                }),
            }
        }
        map
    }

    /// The action for a key event in a context, if any. Only presses count (not repeats of a
    /// release on terminals that report them). Unbound printable keys in the filter, the search
    /// line and the panels are typed.
    pub fn action_for(&self, context: Context, event: KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let key = Key::from_event(event);
        let found = |ctx: Context| {
            self.bound
                .iter()
                .find(|b| b.context == ctx && b.keys.contains(&key))
                .map(|b| b.action)
        };
        found(context)
            .or_else(|| found(Global))
            .or_else(|| match (context, key.code) {
                (Filter | Search | Picker, KeyCode::Char(c)) if key.mods.is_empty() => {
                    Some(Action::FilterInsert(c))
                }
                // Ctrl-j, a line feed, is Enter where nothing else binds it, as in readline:
                // it is also what an Enter typed before the explorer took the terminal arrives
                // as (the terminal's line editing turned its carriage return into one).
                (_, KeyCode::Char('j')) if key.mods == KeyModifiers::CONTROL => {
                    self.action_for(context, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
                }
                _ => None,
            })
    }

    /// The bindings of a context that have keys, in table order.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Bound> {
        self.bound
            .iter()
            .filter(move |b| b.context == context && !b.keys.is_empty())
    }

    /// How the first key bound to `action` in `context` is written (`Ctrl-r`), if one is.
    pub fn key_label(&self, context: Context, action: Action) -> Option<String> {
        self.bindings(context)
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().map(|k| k.label()))
    }

    /// The status-line hints of a context: (first key, short label).
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        self.bindings(context)
            .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
            .collect()
    }

    /// The hints of a context that fit in `width` columns (each drawn as " key label "), the
    /// help hint always among them: with it a person finds the rest.
    pub fn hints_within(&self, context: Context, width: usize) -> Vec<(String, &'static str)> {
        let cost = |(key, label): &(String, &str)| key.chars().count() + label.chars().count() + 3;
        let all = self.hints(context);
        let help_key = self.key_label(context, Action::ToggleHelp);
        let (help, others): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|(k, _)| Some(k) == help_key.as_ref());
        let mut room = width.saturating_sub(help.iter().map(cost).sum());
        let mut shown = Vec::new();
        for hint in others {
            let c = cost(&hint);
            if c > room {
                break;
            }
            room -= c;
            shown.push(hint);
        }
        shown.extend(help);
        shown
    }

    /// The key table as Markdown, one table per context, for the README (a test keeps them equal).
    pub fn markdown(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for context in CONTEXTS {
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "**{}**\n\n| keys | action |\n|---|---|\n",
                context.title()
            );
            for binding in self.bindings(context) {
                let keys: Vec<String> = binding
                    .keys
                    .iter()
                    .map(|k| match k.label().as_str() {
                        "|" => "`\\|`".to_owned(),
                        label => format!("`{label}`"),
                    })
                    .collect();
                let _ = writeln!(out, "| {} | {} |", keys.join(" "), binding.help);
            }
            out.push('\n');
        }
        out
    }
}

impl KeyMap {
    /// The default table with a config file's bindings applied.
    pub fn from_config(bindings: &[crate::config::KeyBinding]) -> Self {
        let changes: Vec<(Context, Key, Option<Action>)> = bindings
            .iter()
            .filter_map(|b| {
                let context = match b.context.as_str() {
                    "list" => Context::List,
                    "reader" => Context::Reader,
                    "filter" => Context::Filter,
                    "search" => Context::Search,
                    "panel" => Context::Picker,
                    "help" => Context::Help,
                    _ => Context::Global,
                };
                // The same normalising as for key events, so that what is bound is what arrives.
                let key = Key::from_event(KeyEvent::new(b.code, b.modifiers));
                let action = if b.is_unbind() {
                    None
                } else {
                    Some(Action::from_name(&b.action)?)
                };
                Some((context, key, action))
            })
            .collect();
        KeyMap::with_changes(&changes)
    }
}

/// The action for a key event in a context under the default table.
pub fn action_for(context: Context, event: KeyEvent) -> Option<Action> {
    KeyMap::default().action_for(context, event)
}

/// The keys of a binding, as help writes them: `↓ j`.
pub fn keys_label(binding: &Bound) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The default key table as Markdown, for the README.
pub fn markdown() -> String {
    KeyMap::default().markdown()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{:?} bound twice in {:?}",
                            k,
                            a.context
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn shifted_letters_and_ctrl_letters_are_normalised() {
        assert_eq!(
            action_for(List, press(K::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(List, press(K::Char('U'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageUp)
        );
        assert_eq!(
            action_for(Reader, press(K::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusList)
        );
    }

    #[test]
    fn printable_keys_are_typed_in_the_filter_but_ctrl_c_still_quits() {
        assert_eq!(
            action_for(Filter, press(K::Char('q'), KeyModifiers::NONE)),
            Some(Action::FilterInsert('q'))
        );
        assert_eq!(
            action_for(Filter, press(K::Char('I'), KeyModifiers::SHIFT)),
            Some(Action::FilterInsert('I'))
        );
        assert_eq!(
            action_for(Filter, press(K::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Filter, press(K::Char('x'), KeyModifiers::ALT)),
            None
        );
    }

    #[test]
    fn ctrl_j_is_enter_unless_bound() {
        let ctrl_j = press(K::Char('j'), KeyModifiers::CONTROL);
        for context in [List, Reader, Filter, Search, Picker, Help] {
            assert_eq!(
                action_for(context, ctrl_j),
                action_for(context, press(K::Enter, KeyModifiers::NONE)),
                "{context:?}"
            );
        }
        assert_eq!(action_for(List, ctrl_j), Some(Action::FocusReader));
        // Bound in the config, it is what it is bound to.
        let bound = KeyMap::from_config(&[crate::config::KeyBinding {
            context: "list".to_owned(),
            code: K::Char('j'),
            modifiers: KeyModifiers::CONTROL,
            action: "down".to_owned(),
            line: 1,
        }]);
        assert_eq!(bound.action_for(List, ctrl_j), Some(Action::Down));
    }

    #[test]
    fn ctrl_z_suspends_wherever_focus_is() {
        for context in [List, Reader, Filter, Search, Picker, Help] {
            assert_eq!(
                action_for(context, press(K::Char('z'), KeyModifiers::CONTROL)),
                Some(Action::Suspend),
                "{context:?}"
            );
        }
    }

    #[test]
    fn releases_are_ignored() {
        let mut event = press(K::Char('q'), KeyModifiers::NONE);
        event.kind = KeyEventKind::Release;
        assert_eq!(action_for(List, event), None);
    }

    #[test]
    fn labels() {
        assert_eq!(ctrl('u').label(), "Ctrl-u");
        assert_eq!(ch(' ').label(), "Space");
        assert_eq!(key(K::BackTab).label(), "Shift-Tab");
        let map = KeyMap::default();
        assert_eq!(keys_label(map.bindings(List).next().unwrap()), "↑ k");
    }

    #[test]
    fn every_context_has_hints() {
        let map = KeyMap::default();
        for ctx in [List, Reader, Filter, Search, Picker, Help] {
            assert!(!map.hints(ctx).is_empty(), "{ctx:?}");
        }
    }

    #[test]
    fn hints_fit_their_width_and_keep_help() {
        let map = KeyMap::default();
        for width in [0, 8, 20, 40, 60, 200] {
            let hints = map.hints_within(List, width);
            let used: usize = hints
                .iter()
                .map(|(k, l)| k.chars().count() + l.chars().count() + 3)
                .sum();
            assert!(
                hints.iter().any(|(_, l)| *l == "help"),
                "width {width}: {hints:?}"
            );
            assert!(used <= width.max(8), "width {width}: {used}");
        }
        assert_eq!(map.hints_within(List, 200).len(), map.hints(List).len());
    }

    #[test]
    fn config_changes_rebind_unbind_and_add() {
        let map = KeyMap::with_changes(&[
            (List, ch('x'), Some(Action::Quit)),
            (List, ch('q'), None),
            (Reader, ch('n'), Some(Action::Down)),
            (List, ctrl('j'), Some(Action::OpenCompanies)),
        ]);
        let act = |ctx, code, mods| map.action_for(ctx, press(code, mods));
        assert_eq!(
            act(List, K::Char('x'), KeyModifiers::NONE),
            Some(Action::Quit)
        );
        assert_eq!(act(List, K::Char('q'), KeyModifiers::NONE), None);
        assert_eq!(
            act(Reader, K::Char('n'), KeyModifiers::NONE),
            Some(Action::Down)
        );
        assert_eq!(
            act(Reader, K::Char('j'), KeyModifiers::NONE),
            Some(Action::Down),
            "old keys stay"
        );
        assert_eq!(
            act(List, K::Char('j'), KeyModifiers::CONTROL),
            Some(Action::OpenCompanies)
        );
        let quit = map
            .bindings(List)
            .find(|b| b.action == Action::Quit)
            .unwrap();
        assert_eq!(quit.keys, vec![ch('x')]);
    }

    #[test]
    fn every_bindable_action_has_a_name_and_back() {
        for (name, action) in crate::action::BINDABLE {
            assert_eq!(Action::from_name(name), Some(*action));
        }
        for binding in BINDINGS {
            assert!(
                binding.action.name().is_some(),
                "{:?} has no config name",
                binding.action
            );
        }
    }
}
