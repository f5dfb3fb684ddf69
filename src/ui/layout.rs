//! Where each part of the screen goes, for a given terminal size. Pure: the app uses it to size
//! pages and wrap text, the renderer to draw, so the two always agree.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Focus;

/// Screen rows per article in the list: the title, then its companies.
pub const ROW_HEIGHT: u16 = 2;
/// Below this size the explorer shows a short message instead of its panes.
pub const MIN_WIDTH: u16 = 30;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 8;
/// From this width on, the list and the reader sit side by side; below it, only the focused one shows.
pub const TWO_PANE_WIDTH: u16 = 72;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppLayout {
    /// The terminal is too small to draw in.
    pub too_small: bool,
    /// The list pane, with its border.
    pub list: Option<Rect>,
    /// Inside the list's border: where rows go.
    pub list_rows: Option<Rect>,
    /// The reader pane, with its border.
    pub reader: Option<Rect>,
    /// Inside the reader's border and padding: where text goes.
    pub reader_text: Option<Rect>,
    /// The filter line.
    pub filter: Rect,
    /// The status line.
    pub status: Rect,
    /// The help overlay, with its border.
    pub help: Option<Rect>,
}

/// Lays out a frame of size `area`.
pub fn layout(area: Rect, focus: Focus) -> AppLayout {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return AppLayout {
            too_small: true,
            ..AppLayout::default()
        };
    }
    let [main, filter, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, reader) = if area.width >= TWO_PANE_WIDTH {
        // The list gets two fifths, within bounds that keep titles readable and the reader wide.
        let list_width = (area.width * 2 / 5).clamp(32, 64);
        let [list, reader] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(main);
        (Some(list), Some(reader))
    } else if focus == Focus::Reader {
        (None, Some(main))
    } else {
        (Some(main), None)
    };
    // The help overlay: centred, as wide as its longest line, as tall as the screen allows.
    let help_width = 72.min(area.width.saturating_sub(2));
    let help_height = area.height.saturating_sub(2);
    let help = Rect {
        x: area.x + (area.width - help_width) / 2,
        y: area.y + (area.height - help_height) / 2,
        width: help_width,
        height: help_height,
    };
    AppLayout {
        too_small: false,
        help: Some(help),
        list,
        list_rows: list.map(|r| inner(r, 1)),
        reader,
        // One column of padding each side of the text, inside the border.
        reader_text: reader.map(|r| inner(r, 2)),
        filter,
        status,
    }
}

/// `r` less a one-row border top and bottom and `side` columns left and right.
fn inner(r: Rect, side: u16) -> Rect {
    Rect {
        x: r.x + side,
        y: r.y + 1,
        width: r.width.saturating_sub(side * 2),
        height: r.height.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_two_panes() {
        let l = layout(Rect::new(0, 0, 120, 40), Focus::List);
        let (list, reader) = (l.list.unwrap(), l.reader.unwrap());
        assert_eq!(list.width + reader.width, 120);
        assert_eq!(list.height, 38);
        assert_eq!(l.filter.y, 38);
        assert_eq!(l.status.y, 39);
        assert_eq!(l.reader_text.unwrap().width, reader.width - 4);
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane() {
        let l = layout(Rect::new(0, 0, 50, 20), Focus::List);
        assert!(l.list.is_some() && l.reader.is_none());
        let l = layout(Rect::new(0, 0, 50, 20), Focus::Reader);
        assert!(l.list.is_none() && l.reader.is_some());
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (29, 40), (120, 7)] {
            assert!(
                layout(Rect::new(0, 0, w, h), Focus::List).too_small,
                "{w}x{h}"
            );
        }
    }
}
