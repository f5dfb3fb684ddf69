//! The colours and styles of the explorer: a default theme, the config file's colours over it,
//! and a colourless one for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{ColorRole, Config};

/// Every style the renderer uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Borders of panes without focus.
    pub border: Style,
    /// The border of the focused pane.
    pub border_focus: Style,
    /// Titles in the list.
    pub title: Style,
    /// The selected row of the list.
    pub selected: Style,
    /// Companies in the list, and other secondary text.
    pub dim: Style,
    /// Characters the filter matched.
    pub matched: Style,
    /// The headline in the reader.
    pub headline: Style,
    /// Source, byline, section in the reader.
    pub meta: Style,
    /// The companies line in the reader.
    pub companies: Style,
    /// The standfirst in the reader.
    pub standfirst: Style,
    /// Body text.
    pub body: Style,
    /// A mention of a company the filter matched, in the reader.
    pub mention: Style,
    /// A search match in the reader.
    pub search: Style,
    /// The search match or mention last jumped to.
    pub current: Style,
    /// The filter prompt.
    pub prompt: Style,
    /// The scope tag on the filter line.
    pub scope: Style,
    /// Keys in the hints and help.
    pub key: Style,
    /// The unread marker in the list.
    pub unread: Style,
    /// The bookmark marker in the list.
    pub bookmark: Style,
    /// Warnings (skipped files, no match).
    pub warn: Style,
}

/// The default theme.
pub const DEFAULT: Theme = Theme {
    border: Style::new().fg(Color::DarkGray),
    border_focus: Style::new().fg(Color::Cyan),
    title: Style::new(),
    selected: Style::new()
        .bg(Color::Indexed(236))
        .add_modifier(Modifier::BOLD),
    dim: Style::new().fg(Color::DarkGray),
    matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    headline: Style::new().add_modifier(Modifier::BOLD),
    meta: Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::ITALIC),
    companies: Style::new().fg(Color::Cyan),
    standfirst: Style::new().add_modifier(Modifier::ITALIC),
    body: Style::new(),
    mention: Style::new().fg(Color::Black).bg(Color::Yellow),
    search: Style::new().fg(Color::Black).bg(Color::Magenta),
    current: Style::new().add_modifier(Modifier::REVERSED),
    prompt: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    scope: Style::new().fg(Color::Magenta),
    key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    unread: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    bookmark: Style::new().fg(Color::Yellow),
    warn: Style::new().fg(Color::Yellow),
};

impl Default for Theme {
    fn default() -> Self {
        DEFAULT
    }
}

impl Theme {
    /// The default theme with the config file's colours, or without colour at all when
    /// `NO_COLOR` is set (highlights then use bold, underline and reverse video).
    pub fn from_config(config: &Config) -> Self {
        if config.no_color {
            return Self::plain();
        }
        let mut t = DEFAULT;
        for &(role, color) in &config.colors {
            match role {
                ColorRole::Accent => {
                    t.border_focus = t.border_focus.fg(color);
                    t.prompt = t.prompt.fg(color);
                    t.key = t.key.fg(color);
                    t.unread = t.unread.fg(color);
                }
                ColorRole::Match => t.matched = t.matched.fg(color),
                ColorRole::Mention => t.mention = t.mention.bg(color),
                ColorRole::Selection => t.selected = t.selected.bg(color),
                ColorRole::Dim => {
                    t.dim = t.dim.fg(color);
                    t.border = t.border.fg(color);
                    t.meta = t.meta.fg(color);
                }
                ColorRole::Company => t.companies = t.companies.fg(color),
            }
        }
        t
    }

    /// A theme with no colour: <https://no-color.org>.
    pub fn plain() -> Self {
        let none = Style::new();
        Theme {
            border: none,
            border_focus: Style::new().add_modifier(Modifier::BOLD),
            title: none,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: none,
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            headline: Style::new().add_modifier(Modifier::BOLD),
            meta: Style::new().add_modifier(Modifier::ITALIC),
            companies: none,
            standfirst: Style::new().add_modifier(Modifier::ITALIC),
            body: none,
            mention: Style::new().add_modifier(Modifier::UNDERLINED),
            search: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            current: Style::new().add_modifier(Modifier::REVERSED),
            prompt: Style::new().add_modifier(Modifier::BOLD),
            scope: none,
            key: Style::new().add_modifier(Modifier::BOLD),
            unread: Style::new().add_modifier(Modifier::BOLD),
            bookmark: Style::new().add_modifier(Modifier::BOLD),
            warn: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Whether any style of the theme sets a colour.
    pub fn has_color(&self) -> bool {
        [
            self.border,
            self.border_focus,
            self.title,
            self.selected,
            self.dim,
            self.matched,
            self.headline,
            self.meta,
            self.companies,
            self.standfirst,
            self.body,
            self.mention,
            self.search,
            self.current,
            self.prompt,
            self.scope,
            self.key,
            self.unread,
            self.bookmark,
            self.warn,
        ]
        .iter()
        .any(|s| s.fg.is_some() || s.bg.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colour_at_all() {
        let config = Config {
            no_color: true,
            colors: vec![(ColorRole::Accent, Color::Red)],
            ..Config::default()
        };
        assert!(!Theme::from_config(&config).has_color());
        assert!(Theme::default().has_color());
    }

    #[test]
    fn config_colours_replace_the_defaults_by_role() {
        let config = Config {
            colors: vec![
                (ColorRole::Match, Color::Rgb(255, 215, 95)),
                (ColorRole::Selection, Color::Indexed(17)),
            ],
            ..Config::default()
        };
        let t = Theme::from_config(&config);
        assert_eq!(t.matched.fg, Some(Color::Rgb(255, 215, 95)));
        assert_eq!(t.selected.bg, Some(Color::Indexed(17)));
        assert_eq!(t.dim, DEFAULT.dim);
    }
}
