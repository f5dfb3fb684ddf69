//! The colours and styles of the explorer, in one constant.

use ratatui::style::{Color, Modifier, Style};

/// Every style the renderer uses.
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

/// The theme.
pub const THEME: Theme = Theme {
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
