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

/// How the reader wants to be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReaderOptions {
    /// The reader takes the whole screen above the filter line.
    pub zoom: bool,
    /// Cap the text at this many columns, centred in the pane.
    pub measure: Option<u16>,
}

/// The width of the overlay (help, companies panel) when nothing asks for more, borders included.
pub const OVERLAY_WIDTH: u16 = 72;

/// Lays out a frame of size `area`; the overlay is `overlay_width` wide (borders included) where
/// the screen has room.
pub fn layout(area: Rect, focus: Focus, options: ReaderOptions, overlay_width: u16) -> AppLayout {
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
    let reading = matches!(focus, Focus::Reader | Focus::Search);
    let (list, reader) = if options.zoom {
        (None, Some(main))
    } else if area.width >= TWO_PANE_WIDTH {
        // The list gets two fifths, within bounds that keep titles readable and the reader wide.
        let list_width = (area.width * 2 / 5).clamp(32, 64);
        let [list, reader] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(main);
        (Some(list), Some(reader))
    } else if reading {
        (None, Some(main))
    } else {
        (Some(main), None)
    };
    // The overlay: centred, as wide as asked (the help: its longest line), as tall as the
    // screen allows.
    let help_width = overlay_width.min(area.width.saturating_sub(2));
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
        // One column of padding each side of the text, inside the border; a capped measure is
        // centred in what is left.
        reader_text: reader.map(|r| {
            let text = inner(r, 2);
            match options.measure {
                Some(cap) if cap < text.width => Rect {
                    x: text.x + (text.width - cap) / 2,
                    width: cap,
                    ..text
                },
                _ => text,
            }
        }),
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
        let l = layout(
            Rect::new(0, 0, 120, 40),
            Focus::List,
            ReaderOptions::default(),
            OVERLAY_WIDTH,
        );
        let (list, reader) = (l.list.unwrap(), l.reader.unwrap());
        assert_eq!(list.width + reader.width, 120);
        assert_eq!(list.height, 38);
        assert_eq!(l.filter.y, 38);
        assert_eq!(l.status.y, 39);
        assert_eq!(l.reader_text.unwrap().width, reader.width - 4);
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane() {
        let l = layout(
            Rect::new(0, 0, 50, 20),
            Focus::List,
            ReaderOptions::default(),
            OVERLAY_WIDTH,
        );
        assert!(l.list.is_some() && l.reader.is_none());
        let l = layout(
            Rect::new(0, 0, 50, 20),
            Focus::Reader,
            ReaderOptions::default(),
            OVERLAY_WIDTH,
        );
        assert!(l.list.is_none() && l.reader.is_some());
    }

    #[test]
    fn a_capped_measure_is_centred_and_zoom_hides_the_list() {
        let options = ReaderOptions {
            zoom: true,
            measure: Some(60),
        };
        let l = layout(
            Rect::new(0, 0, 120, 40),
            Focus::Reader,
            options,
            OVERLAY_WIDTH,
        );
        assert!(l.list.is_none());
        let text = l.reader_text.unwrap();
        assert_eq!(text.width, 60);
        assert_eq!(text.x, 2 + (116 - 60) / 2);
        // A cap wider than the pane changes nothing.
        let l = layout(
            Rect::new(0, 0, 50, 20),
            Focus::Reader,
            ReaderOptions {
                zoom: false,
                measure: Some(80),
            },
            OVERLAY_WIDTH,
        );
        assert_eq!(l.reader_text.unwrap().width, 46);
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (29, 40), (120, 7)] {
            assert!(
                layout(
                    Rect::new(0, 0, w, h),
                    Focus::List,
                    ReaderOptions::default(),
                    OVERLAY_WIDTH
                )
                .too_small,
                "{w}x{h}"
            );
        }
    }
}
