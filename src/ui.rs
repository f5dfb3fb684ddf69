//! Drawing: reads the [`App`] and draws a frame. No state changes and no work over the whole
//! corpus here: the list draws the visible hits, the reader the visible lines of its document.

pub mod layout;
pub mod theme;

use std::fmt::Write as _;
use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, Clear, LineGauge, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::UnicodeWidthChar;

use crate::app::{App, Focus};
use crate::filter;
use crate::keymap::{self, KeyMap};
use crate::matcher::TermMatcher;
use crate::picker::{Picker, PickerKind};
use crate::query::Scope;
use crate::reader::{BlockKind, DocLine, Mark};
use crate::reflow::segments;
use layout::{MIN_HEIGHT, MIN_WIDTH, ROW_HEIGHT};
use theme::Theme;

/// Brings the app's derived state up to date for the frame's size, then draws it.
pub fn draw(frame: &mut Frame, app: &mut App) {
    app.prepare(frame.area());
    render(frame, app);
}

/// Draws the whole screen from the app's state (after [`App::prepare`]).
pub fn render(frame: &mut Frame, app: &App) {
    let l = &app.layout;
    if l.too_small {
        render_too_small(frame);
        return;
    }
    if let Some(area) = l.list {
        render_list(frame, app, area);
    }
    if let Some(area) = l.reader {
        render_reader(frame, app, area);
    }
    render_filter_bar(frame, app, l.filter);
    render_status(frame, app, l.status);
    if let Some(picker) = &app.picker {
        render_picker(frame, app, picker);
    }
    if let Some(scroll) = app.help {
        render_help(frame, app, scroll);
    }
}

fn render_too_small(frame: &mut Frame) {
    let area = frame.area();
    let text = format!(
        "Terminal too small ({}×{}): tidings needs {MIN_WIDTH}×{MIN_HEIGHT}.",
        area.width, area.height
    );
    // Wrapped, as the screen is narrow by definition: cut, the message lost what it was for
    // ("Terminal too small (" at 20 columns).
    let lines: Vec<Line> = textwrap::wrap(&text, usize::from(area.width.max(1)))
        .into_iter()
        .map(|l| Line::from(l.into_owned()))
        .collect();
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(area.height);
    let top = Rect::new(
        area.x,
        area.y + (area.height - height) / 2,
        area.width,
        height,
    );
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), top);
}

fn pane<'a>(t: &Theme, title: &'a str, focused: bool) -> Block<'a> {
    let style = if focused { t.border_focus } else { t.border };
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), style))
}

fn render_list(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let focused = matches!(app.focus, Focus::List | Focus::Filter | Focus::Picker);
    let block = pane(t, "Articles", focused);
    frame.render_widget(block, area);
    let Some(rows) = app.layout.list_rows else {
        return;
    };
    if app.hits.is_empty() && app.loading.is_some() {
        frame.render_widget(Paragraph::new(Line::styled("Loading…", t.dim)), rows);
        return;
    }
    if app.hits.is_empty() {
        let lines = vec![
            Line::styled("No article matches.", t.warn),
            Line::styled("Esc clears the filter; s changes its scope.", t.dim),
        ];
        frame.render_widget(Paragraph::new(lines), rows);
        return;
    }
    let visible = usize::from(rows.height / ROW_HEIGHT);
    let width = usize::from(rows.width);
    let mut lines: Vec<Line> = Vec::with_capacity(visible * 2);
    // Matchers are set up once for the frame, not per row.
    let title_hl = filter::Highlighter::new(&app.query, Scope::Title);
    let company_hl = filter::Highlighter::new(&app.query, Scope::Company);
    for (index, hit) in app
        .hits
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(visible)
    {
        let Some(article) = app.store.article(hit.id) else {
            continue;
        };
        let selected = index == app.selected;
        let row_style = if selected { t.selected } else { Style::new() };
        let marker = if selected { "▌" } else { " " };

        let title_marks = title_hl.marks(&article.title);
        // Bookmarked ★, unread •, read: nothing.
        let glyph = if app.is_bookmarked(article) {
            Span::styled("★", row_style.patch(t.bookmark))
        } else if app.is_read(article) {
            Span::styled(" ", row_style)
        } else {
            Span::styled("•", row_style.patch(t.unread))
        };
        let mut title = vec![Span::styled(marker, t.border_focus.patch(row_style)), glyph];
        title.extend(highlighted(
            &article.title,
            &title_marks,
            t.title,
            t.matched,
        ));
        lines.push(fit(t, title, width, row_style));

        let mut companies = vec![Span::styled("  ", row_style)];
        let names: Vec<&str> = app.store.company_names(article).collect();
        if names.is_empty() {
            companies.push(Span::styled("(no company found)", t.dim));
        }
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                companies.push(Span::styled(" · ", t.dim));
            }
            let marks = company_hl.marks(name);
            companies.extend(highlighted(name, &marks, t.dim, t.matched));
        }
        // At the right: how many files hold the text, when more than one, and the date.
        let copies = app.store.copy_count(article.hash);
        let mut right = String::new();
        if copies > 1 {
            let _ = write!(right, "×{copies}");
        }
        if let Some(date) = article.date {
            if !right.is_empty() {
                right.push(' ');
            }
            right.push_str(&date.ymd());
        }
        lines.push(fit_right(t, companies, &right, width, row_style));
    }
    frame.render_widget(Paragraph::new(lines), rows);
}

/// Spans of `text` with the chars at `marks` (sorted char indices) in `hl`, the rest in `base`.
fn highlighted<'a>(text: &'a str, marks: &[usize], base: Style, hl: Style) -> Vec<Span<'a>> {
    if marks.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let mut spans = Vec::new();
    let mut run_start = 0;
    let mut run_marked = false;
    let mut next_mark = marks.iter().peekable();
    for (char_index, (byte, _)) in text.char_indices().enumerate() {
        while next_mark.next_if(|&&m| m < char_index).is_some() {}
        let marked = next_mark.peek() == Some(&&char_index);
        if marked != run_marked && byte > run_start {
            spans.push(Span::styled(
                &text[run_start..byte],
                if run_marked { hl } else { base },
            ));
            run_start = byte;
        }
        run_marked = marked;
    }
    spans.push(Span::styled(
        &text[run_start..],
        if run_marked { hl } else { base },
    ));
    spans
}

/// Cuts spans to `width` columns (ending in `…` when cut) and pads them to the full width, all
/// over the row's style so a selected row is one solid bar.
fn fit<'a>(t: &Theme, spans: Vec<Span<'a>>, width: usize, row: Style) -> Line<'a> {
    let mut out = Vec::with_capacity(spans.len() + 1);
    let mut used = 0;
    let total: usize = spans.iter().map(Span::width).sum();
    let limit = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    for span in spans {
        let style = row.patch(span.style);
        if used + span.width() <= limit {
            used += span.width();
            out.push(Span::styled(span.content, style));
            continue;
        }
        let mut cut = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > limit {
                break;
            }
            used += w;
            cut.push(c);
        }
        out.push(Span::styled(cut, style));
        break;
    }
    if total > width && width > 0 {
        out.push(Span::styled("…", row.patch(t.dim)));
        used += 1;
    }
    if used < width {
        out.push(Span::styled(" ".repeat(width - used), row));
    }
    Line::from(out)
}

/// [`fit`], with `right` (dim) at the right end of the row when the row leaves the left part
/// `LEFT_AT_LEAST` columns or more; else the left part alone (the companies come first).
fn fit_right<'a>(
    t: &Theme,
    left: Vec<Span<'a>>,
    right: &str,
    width: usize,
    row: Style,
) -> Line<'a> {
    /// Columns kept for the companies before a date is given room beside them.
    const LEFT_AT_LEAST: usize = 24;
    let right_width = unicode_width::UnicodeWidthStr::width(right);
    if right.is_empty() || width < right_width + 1 + LEFT_AT_LEAST {
        return fit(t, left, width, row);
    }
    let mut line = fit(t, left, width - right_width - 1, row);
    line.spans.push(Span::styled(" ", row));
    line.spans
        .push(Span::styled(right.to_owned(), row.patch(t.dim)));
    line
}

fn render_reader(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let title = if app.raw { "Raw text" } else { "Reader" };
    let mut block = pane(t, title, matches!(app.focus, Focus::Reader | Focus::Search));
    let (Some(text_area), Some(doc)) = (app.layout.reader_text, app.doc.as_ref()) else {
        frame.render_widget(block, area);
        if let Some(text_area) = app.layout.reader_text {
            frame.render_widget(
                Paragraph::new(Line::styled("Nothing to read.", t.dim)),
                text_area,
            );
        }
        return;
    };
    let height = usize::from(text_area.height);
    let mut bottom = String::new();
    if !app.search.text().is_empty() && app.focus != Focus::Search {
        let _ = write!(bottom, " “{}” {} ", app.search.text(), match_count(app));
    }
    if doc.lines.len() > height {
        let max = doc.lines.len() - height;
        let percent = (app.scroll * 100).checked_div(max).unwrap_or(100);
        let _ = write!(bottom, " {percent}% ");
    }
    if !bottom.is_empty() {
        block = block.title_bottom(Line::styled(bottom, t.dim).right_aligned());
    }
    frame.render_widget(block, area);
    let mut lines = Vec::with_capacity(height);
    for line in doc.lines.iter().skip(app.scroll).take(height) {
        match line {
            DocLine::Blank => lines.push(Line::default()),
            DocLine::Text {
                block: index,
                range,
            } => {
                lines.push(reader_line(app, *index, &doc.blocks[*index], range));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), text_area);
    if doc.lines.len() > height {
        // The scrollbar sits on the pane's right border.
        let mut state = ScrollbarState::new(doc.lines.len() - height).position(app.scroll);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .track_style(t.border)
            .thumb_style(t.border_focus);
        let bar_area = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(2),
            ..area
        };
        frame.render_stateful_widget(bar, bar_area, &mut state);
    }
}

/// "3/12" for the search matches: which one is current, of how many.
fn match_count(app: &App) -> String {
    let current = app
        .current
        .as_ref()
        .and_then(|c| app.matches.iter().position(|m| m == c));
    match (current, app.matches.len()) {
        (_, 0) => "no match".to_owned(),
        (Some(i), n) => format!("{}/{n}", i + 1),
        (None, n) => format!("{n} matches"),
    }
}

/// One line of a block: its company mentions, search matches and the current spot styled.
fn reader_line<'a>(
    app: &App,
    index: usize,
    block: &'a crate::reader::Block,
    range: &Range<usize>,
) -> Line<'a> {
    let t = &app.theme;
    let base = match block.kind {
        BlockKind::Title => t.headline,
        BlockKind::Meta => t.meta,
        BlockKind::Companies => t.companies,
        BlockKind::Standfirst => t.standfirst,
        BlockKind::Body | BlockKind::Raw => t.body,
    };
    // Search matches of this block that touch this line, as marks over the mentions.
    let found: Vec<(Range<usize>, bool)> = app
        .matches
        .iter()
        .filter(|(b, r)| *b == index && r.start < range.end && r.end > range.start)
        .map(|(b, r)| (r.clone(), app.current.as_ref() == Some(&(*b, r.clone()))))
        .collect();
    let mut spans = Vec::new();
    for (piece, mark) in segments(range, &block.marks) {
        let mut style = match mark {
            Some(Mark::Company | Mark::Word) => base.patch(t.mention),
            Some(Mark::Mention) | None => base,
        };
        if mark.is_some() && app.current.as_ref() == Some(&(index, piece.clone())) {
            style = style.patch(t.current);
        }
        for (part, hit) in segments(&piece, &found) {
            let part_style = match hit {
                Some(true) => style.patch(t.current),
                Some(false) => style.patch(t.search),
                None => style,
            };
            spans.push(Span::styled(&block.text[part], part_style));
        }
    }
    Line::from(spans)
}

fn render_filter_bar(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    // While searching the article, the line is the search line.
    let searching = app.focus == Focus::Search;
    let (prompt, input, right) = if searching {
        let right = vec![Span::styled(format!(" {} ", match_count(app)), t.dim)];
        (" search › ", &app.search, right)
    } else {
        let right = vec![
            Span::styled(
                format!(" {} · by {} ", app.scope.label(), app.order.label()),
                t.scope,
            ),
            // "+": the early part of a long answer, the whole to follow; "…": the list is the
            // last query's, this one's answer is being worked out (a phrase or an order over a
            // million articles, for a few tenths of a second); on the total, the first part of
            // a load, the rest to follow.
            Span::styled(
                format!(
                    " {}{}/{}{} ",
                    app.hits.len(),
                    if app.answer_is_early() {
                        "+"
                    } else if app.is_filtering() {
                        "…"
                    } else {
                        ""
                    },
                    app.store.listed_len(),
                    if app.first_part { "+" } else { "" },
                ),
                t.dim,
            ),
        ];
        (" / ", &app.input, right)
    };
    let focused = searching || app.focus == Focus::Filter;
    let right = Line::from(right);
    let right_width = right.width() as u16;
    let left_area = Rect {
        width: area.width.saturating_sub(right_width),
        ..area
    };
    let text = input.text();
    let body = if text.is_empty() && !focused {
        // The longest hint that fits whole, a column clear of the scope: a hint cut short ("press
        // / to filter by com") reads as noise.
        let room = usize::from(left_area.width).saturating_sub(prompt.len());
        let hint = [
            format!("press / to filter by {}", app.scope.label()),
            "press / to filter".to_owned(),
            "filter".to_owned(),
        ]
        .into_iter()
        .find(|hint| hint.len() < room)
        .unwrap_or_default();
        Span::styled(hint, t.dim)
    } else {
        Span::raw(text)
    };
    let left = Line::from(vec![Span::styled(prompt, t.prompt), body]);
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right).alignment(Alignment::Right), area);
    if focused {
        // The cursor sits after the prompt, at the input's cursor (in columns).
        let before: usize = text
            .chars()
            .take(input.cursor())
            .map(|c| c.width().unwrap_or(0))
            .sum();
        let x = area.x + prompt.chars().count() as u16 + before as u16;
        if x < left_area.right() {
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

/// A notice over the rows that end with `last` (the status line, or the row above it while a
/// gauge holds it), wrapped at spaces, at most half the screen: what it says is
/// not cut to the terminal's width (a path can be long). It covers what is under it until the
/// next key, as the notice lasts; one longer than half the screen ends in `…`.
fn say_notice(frame: &mut Frame, t: &Theme, notice: &str, last: Rect) {
    let width = usize::from(last.width);
    // textwrap's own wrap, not the reader's `reflow`: a word wider than the line (a path) is cut
    // where the line ends, not into pieces laid out on lines of their own.
    let options = textwrap::Options::new(width.saturating_sub(1).max(1)).break_words(true);
    let mut lines: Vec<String> = textwrap::wrap(notice, options)
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect();
    let room = usize::from((last.y + 1).saturating_sub(frame.area().y) / 2).max(1);
    if lines.len() > room {
        lines.truncate(room);
        if let Some(end) = lines.last_mut() {
            end.push_str(" …");
        }
    }
    // At most `room` rows, half the screen's height or one: fits a u16 and `last.y + 1`.
    let height = u16::try_from(lines.len()).unwrap_or(1);
    let area = Rect {
        y: last.y + 1 - height,
        height,
        ..last
    };
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| fit(t, vec![Span::styled(l, t.warn)], width, Style::new()))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// `text` alone on the line `area`, in the warning style: a notice, or a question.
fn say_alone(frame: &mut Frame, t: &Theme, text: &str, area: Rect) {
    let line = fit(
        t,
        vec![Span::styled(format!(" {text}"), t.warn)],
        usize::from(area.width),
        Style::new(),
    );
    frame.render_widget(Paragraph::new(line), area);
}

fn render_status(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    // A question waits for its answer: nothing else is said meanwhile.
    if let Some(unread) = &app.confirm_mark {
        let question = format!(
            "mark {} of the list read? y: yes, any other key: no",
            crate::counted(unread.len(), "unread article", "unread articles")
        );
        say_alone(frame, t, &question, area);
        return;
    }
    // While loading, the line is a gauge.
    if let Some(loading) = &app.loading {
        let (label, ratio) = if app.reload_waits() {
            (
                "reloaded: the new list comes when the panel closes".to_owned(),
                1.0,
            )
        } else {
            loading.gauge()
        };
        // A notice (until the next key) goes before what the gauge says, not under it; one too
        // long to share the line goes above it, whole.
        let mut said = Vec::new();
        if let Some(notice) = &app.notice {
            let together = format!(" {notice} · {label} ");
            if unicode_width::UnicodeWidthStr::width(together.as_str()) <= usize::from(area.width)
                || area.y == 0
            {
                said.push(Span::styled(format!(" {notice} ·"), t.warn));
            } else {
                let above = Rect {
                    y: area.y - 1,
                    ..area
                };
                say_notice(frame, t, notice, above);
            }
        }
        said.push(Span::styled(format!(" {label} "), t.dim));
        let gauge = LineGauge::default()
            .filled_style(t.border_focus)
            .unfilled_style(t.dim)
            .label(Line::from(said))
            .ratio(ratio);
        frame.render_widget(gauge, area);
        return;
    }
    // A notice has the whole line to itself until the next key (and the rows above, if long).
    if let Some(notice) = &app.notice {
        say_notice(frame, t, notice, area);
        return;
    }
    // The unread count of a large collection comes a moment after its articles.
    // Counted as listed: a text held more than once is one article, its copies said apart.
    let mut articles = crate::counted(app.store.listed_len(), "article", "articles");
    let copies = app.store.len() - app.store.listed_len();
    if copies > 0 {
        articles = format!("{articles} (+{})", crate::counted(copies, "copy", "copies"));
    }
    let counts = match app.unread() {
        Some(unread) => format!("{articles} · {unread} unread "),
        None => format!("{articles} "),
    };
    let mut right = vec![Span::styled(counts, t.dim)];
    if app.skipped > 0 {
        right.push(Span::styled(format!("· {} skipped ", app.skipped), t.warn));
    }
    // Files changed since they were loaded: what changed and the key that brings it in, or less
    // where that does not fit beside the counts and the help hint.
    let changed = app.changed_files();
    if changed.any() {
        let key = app.keymap.key_label(
            crate::keymap::Context::Global,
            crate::action::Action::Reload,
        );
        let reload = key.map_or_else(|| "reload".to_owned(), |k| format!("{k} reloads"));
        let room = usize::from(area.width).saturating_sub(Line::from(right.clone()).width() + 10);
        let said = [
            format!("{} · {reload} · ", changed.say()),
            format!("files changed · {reload} · "),
            "files changed · ".to_owned(),
        ]
        .into_iter()
        .find(|s| s.chars().count() <= room);
        if let Some(said) = said {
            right.insert(0, Span::styled(said, t.warn));
        }
    }
    let right = Line::from(right);
    let right_width = right.width();
    // The hints that fit whole beside the counts, in the key table's order.
    let room = usize::from(area.width).saturating_sub(right_width + 1);
    let mut spans = Vec::new();
    for (key, label) in app.keymap.hints_within(app.context(), room) {
        spans.push(Span::styled(format!(" {key}"), t.key));
        spans.push(Span::styled(format!(" {label} "), t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let width = right_width as u16;
    if width < area.width {
        let r = Rect {
            x: area.right() - width,
            width,
            ..area
        };
        frame.render_widget(Paragraph::new(right), r);
    }
}

fn render_picker(frame: &mut Frame, app: &App, picker: &Picker) {
    let t = &app.theme;
    let Some(area) = app.layout.help else { return };
    let (title, first) = match picker.kind {
        PickerKind::Companies => (
            format!("Companies ({})", picker.items.len()),
            Line::from(vec![
                Span::styled(" › ", t.prompt),
                Span::raw(app.picker_input.text()),
            ]),
        ),
        PickerKind::Related(id) => (
            format!("Related articles ({})", picker.items.len()),
            Line::styled(
                format!(
                    " sharing companies with “{}”",
                    app.store.article(id).map_or("", |a| a.title.as_str())
                ),
                t.dim,
            ),
        ),
    };
    let hint = match picker.kind {
        PickerKind::Companies => " Enter filters · Tab marks · Esc closes ",
        PickerKind::Related(_) => " Enter reads · Esc closes ",
    };
    let block = pane(t, &title, true).title_bottom(Line::styled(hint, t.dim).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let mut lines = vec![fit(t, first.spans, width, Style::new())];
    if picker.shown.is_empty() {
        let empty = match picker.kind {
            PickerKind::Related(_) if picker.items.is_empty() => {
                " No other article mentions its companies."
            }
            _ => " Nothing matches.",
        };
        lines.push(Line::styled(empty, t.warn));
    }
    let rows = usize::from(inner.height.saturating_sub(1));
    let narrow = app.picker_input.text().trim();
    // One matcher for the frame, not one per row.
    let narrower = (!narrow.is_empty()).then(|| TermMatcher::new(narrow, false));
    for (index, &item_index) in picker
        .shown
        .iter()
        .enumerate()
        .skip(picker.offset)
        .take(rows)
    {
        let item = &picker.items[item_index];
        let row_style = if index == picker.selected {
            t.selected
        } else {
            Style::new()
        };
        let mark = if picker.marked.contains(&item.id) {
            "✓"
        } else {
            " "
        };
        let mut spans = vec![
            Span::styled(
                if index == picker.selected { "▌" } else { " " },
                t.border_focus,
            ),
            Span::styled(mark, t.matched),
            Span::styled(format!("{:>5}  ", item.count), t.dim),
        ];
        let marks = narrower
            .as_ref()
            .and_then(|m| m.indices(&item.label))
            .map(|(_, i)| i)
            .unwrap_or_default();
        spans.extend(highlighted(&item.label, &marks, t.title, t.matched));
        if !item.detail.is_empty() {
            spans.push(Span::styled(format!("  {}", item.detail), t.dim));
        }
        lines.push(fit(t, spans, width, row_style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if picker.kind == PickerKind::Companies {
        let before: usize = app
            .picker_input
            .text()
            .chars()
            .take(app.picker_input.cursor())
            .map(|c| c.width().unwrap_or(0))
            .sum();
        let x = inner.x + 3 + before as u16;
        if x < inner.right() {
            frame.set_cursor_position(Position::new(x, inner.y));
        }
    }
}

/// The lines of the help overlay, built from the key table, for an overlay `width` columns wide
/// inside its borders (`usize::MAX`: each entry on one line, as wide as it is). A description
/// too long for the width goes on under itself (a hanging indent); on a narrow overlay, under
/// its keys.
pub fn help_lines(t: &Theme, keymap: &KeyMap, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for context in keymap::CONTEXTS {
        lines.push(Line::styled(context.title(), t.headline));
        for binding in keymap.bindings(context) {
            help_entry(
                t,
                &keymap::keys_label(binding),
                &binding.help,
                width,
                &mut lines,
            );
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Filter language", t.headline));
    for (syntax, meaning) in [
        ("inspr cisco", "every term must match (fuzzy)"),
        ("nestle resultats", "case and accents aside (Nestlé)"),
        ("!ibm", "leave out articles that match"),
        ("'telecom", "exact: a substring, not fuzzy"),
        ("c:  t:  x:", "this term in companies, titles, full text"),
        ("x:\"oil price\"", "titles, full text: the words together"),
        ("=ibm  \"two words\"", "the whole name; quotes group words"),
        (
            "is:unread is:bookmarked",
            "the reader's own marks (also is:read)",
        ),
        (
            "since:2015-09 until:2016",
            "dated from, up to (a year, month or day)",
        ),
        ("date:2015-09-25", "dated within that day (month, year)"),
        (
            "since:7d  until:3m",
            "counted back: today yesterday 7d 2w 3m 1y",
        ),
    ] {
        help_entry(t, syntax, meaning, width, &mut lines);
    }
    lines
}

/// How wide the help overlay is with each entry on one line, borders included.
pub fn help_width(keymap: &KeyMap) -> u16 {
    help_lines(&Theme::default(), keymap, usize::MAX)
        .iter()
        .map(|l| {
            u16::try_from(l.width())
                .unwrap_or(u16::MAX)
                .saturating_add(2)
        })
        .max()
        .unwrap_or(0)
}

/// One entry of the help: `keys` in a column of their own, then `text`, wrapped to `width`.
fn help_entry(t: &Theme, keys: &str, text: &str, width: usize, lines: &mut Vec<Line<'static>>) {
    /// The keys' column, its indent included.
    const KEYS: usize = 24;
    /// The narrowest description beside the keys; narrower, it goes under them.
    const NARROWEST: usize = 16;
    use unicode_width::UnicodeWidthStr as _;
    let keys = format!("  {keys:<22}");
    let beside = width >= KEYS + NARROWEST && keys.width() <= KEYS;
    let (indent, room) = if beside {
        (KEYS, width - KEYS)
    } else {
        (4, width.saturating_sub(4).max(1))
    };
    let mut pieces = if text.width() <= room {
        vec![std::borrow::Cow::Borrowed(text)]
    } else {
        textwrap::wrap(text, room)
    }
    .into_iter();
    if beside {
        let first = pieces.next().map(std::borrow::Cow::into_owned);
        lines.push(Line::from(vec![
            Span::styled(keys, t.key),
            Span::raw(first.unwrap_or_default()),
        ]));
    } else {
        lines.push(Line::styled(keys.trim_end().to_owned(), t.key));
    }
    for piece in pieces {
        lines.push(Line::raw(format!("{:indent$}{piece}", "")));
    }
}

fn render_help(frame: &mut Frame, app: &App, scroll: usize) {
    let t = &app.theme;
    let Some(popup) = app.layout.help else { return };
    let lines = help_lines(t, &app.keymap, usize::from(popup.width.saturating_sub(2)));
    let total = lines.len();
    let inner_height = usize::from(popup.height.saturating_sub(2));
    let scroll = scroll.min(total.saturating_sub(inner_height));
    let mut block = pane(t, "Keys", true);
    if total > inner_height {
        let last = (scroll + inner_height).min(total);
        let position = format!(
            " {}–{last} of {total} · j/k scroll · Esc closes ",
            scroll + 1
        );
        block = block.title_bottom(Line::styled(position, t.dim).right_aligned());
    } else {
        block = block.title_bottom(Line::styled(" Esc closes ", t.dim).right_aligned());
    }
    frame.render_widget(Clear, popup);
    let text = Text::from(lines.into_iter().skip(scroll).collect::<Vec<_>>());
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
