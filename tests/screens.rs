//! Whole-screen snapshots and screen behaviour, driven through the real key table and renderer
//! (ratatui `TestBackend`), over the bundled sample so they always run.

mod common;

use std::fmt::Write as _;

use common::{app, fresh_dir, press, render, text, type_text};
use ratatui::style::Color;
use tidings::app::Focus;

/// The words and phrases the reader lights for the filter's title and full-text terms, as the
/// article writes them.
fn words_lit(app: &tidings::app::App) -> Vec<String> {
    let doc = app.doc.as_ref().expect("an article in the reader");
    doc.blocks
        .iter()
        .flat_map(|b| {
            b.marks
                .iter()
                .filter(|(_, m)| *m == tidings::reader::Mark::Word)
                .map(|(r, _)| b.text[r.clone()].to_owned())
        })
        .collect()
}

fn snapshot(name: &str, keys: &[&str], typed: &str, width: u16, height: u16) {
    let mut app = app(&[]);
    press(&mut app, keys);
    type_text(&mut app, typed);
    let buffer = render(&mut app, width, height);
    // The buffer's Debug form holds the text and every style change, so colours are tested too.
    insta::assert_debug_snapshot!(name, buffer);
}

/// A screen's (or a message's) text with its wrapping taken out: every whitespace and pane
/// border gone, so that a wrapped text's words compare whatever the width.
fn unwrapped(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"│╭╮╰╯─".contains(*c))
        .collect()
}

#[test]
fn start_80x24() {
    snapshot("start_80x24", &[], "", 80, 24);
}

#[test]
fn start_120x40() {
    snapshot("start_120x40", &[], "", 120, 40);
}

#[test]
fn filter_inspr_80x24() {
    snapshot("filter_inspr_80x24", &["/"], "inspr", 80, 24);
}

#[test]
fn filter_inspr_120x40() {
    snapshot("filter_inspr_120x40", &["/"], "inspr", 120, 40);
}

#[test]
fn reader_after_enter_and_scroll_120x40() {
    snapshot(
        "reader_scrolled_120x40",
        &["j", "<Enter>", "j", "j", "j"],
        "",
        120,
        40,
    );
}

#[test]
fn reader_alone_on_a_narrow_terminal_60x24() {
    snapshot("reader_narrow_60x24", &["<Enter>"], "", 60, 24);
}

#[test]
fn raw_text_80x24() {
    snapshot("raw_80x24", &["<Enter>", "r"], "", 80, 24);
}

#[test]
fn a_raw_text_that_cannot_be_read_again_names_its_file_as_the_list_does() {
    // A file named with an escape, removed after the load: the reader says why there is no raw
    // text, naming the file with its control characters made `?`, as its origin is.
    let dir = fresh_dir("raw-gone");
    let file = dir.join("bad\x1b[31mname\x07.txt");
    std::fs::write(&file, "Headline here\n\nBody text about Acme Corp.\n").unwrap();
    std::fs::write(dir.join("other.txt"), "Other\n\nMore text.\n").unwrap();
    let mut app = app(&[dir]);
    std::fs::remove_file(&file).unwrap();
    press(&mut app, &["<Enter>", "r"]);
    let _ = render(&mut app, 100, 24);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !app.poll_raw() {
        assert!(std::time::Instant::now() < deadline, "no answer came");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Zoomed, the reader alone fills the screen; the path's length (the checkout's) decides
    // where the message wraps, so its words are compared with the wrapping taken out.
    press(&mut app, &["z"]);
    let buffer = render(&mut app, 200, 24);
    let screen = text(&buffer);
    assert!(
        unwrapped(&screen).contains("/bad?[31mname?.txt'cannotbereadagain"),
        "{screen}"
    );
    assert!(
        buffer
            .content
            .iter()
            .all(|c| !c.symbol().contains(char::is_control)),
        "{screen}"
    );
}

#[test]
fn a_raw_text_read_again_from_its_file_comes_without_holding_the_screen() {
    // A line of a JSON Lines file is read again when `r` asks for it, on a thread of its own
    // (deep in a compressed file that can take seconds): the reader says so meanwhile.
    let mut app = app(&[common::fixture("formats/export.jsonl")]);
    press(&mut app, &["<Enter>", "r"]);
    let selected = app.selected_article().unwrap();
    assert!(matches!(selected.raw, tidings::store::Raw::File(_)));
    let title = selected.title.clone();
    let screen = text(&render(&mut app, 100, 24));
    assert!(screen.contains("Raw text"), "{screen}");
    assert!(
        screen.contains("Reading the raw text again from"),
        "{screen}"
    );
    // As the event loop does: take the text when it has come.
    let wait = |app: &mut tidings::app::App| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !app.poll_raw() {
            assert!(
                std::time::Instant::now() < deadline,
                "the raw text never came"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    wait(&mut app);
    assert!(!app.is_reading_raw());
    let screen = text(&render(&mut app, 100, 24));
    assert!(!screen.contains("Reading the raw text"), "{screen}");
    assert!(
        screen.contains(&format!("{{\"title\": \"{title}\"")),
        "{screen}"
    );
    // Back to the cleaned text and raw again: read once, shown at once.
    press(&mut app, &["r", "r"]);
    assert!(!app.is_reading_raw());
    let again = text(&render(&mut app, 100, 24));
    assert_eq!(again, screen);
    // The next article's raw text is read in its turn; one reading at a time, so the one after,
    // selected before it came, is read once it has.
    press(&mut app, &["J"]);
    let next = text(&render(&mut app, 100, 24));
    assert!(next.contains("Reading the raw text again from"), "{next}");
    assert!(app.is_reading_raw());
    press(&mut app, &["J"]);
    let third = app.selected_article().unwrap().title.clone();
    render(&mut app, 100, 24);
    wait(&mut app);
    let screen = text(&render(&mut app, 100, 24));
    assert!(
        screen.contains("Reading the raw text again from"),
        "{screen}"
    );
    assert!(app.is_reading_raw(), "the shown article's reading starts");
    wait(&mut app);
    let screen = text(&render(&mut app, 100, 24));
    assert!(screen.contains(&format!("\"{third}\"")), "{screen}");
    assert!(!app.is_reading_raw());
}

#[test]
fn help_80x24() {
    snapshot("help_80x24", &["?"], "", 80, 24);
}

#[test]
fn help_120x40() {
    snapshot("help_120x40", &["?"], "", 120, 40);
}

#[test]
fn no_match_80x24() {
    snapshot("no_match_80x24", &["/"], "qqqzzzxx", 80, 24);
}

#[test]
fn title_scope_120x40() {
    snapshot("title_scope_120x40", &["s", "/"], "joint", 120, 40);
}

#[test]
fn too_small_20x6() {
    snapshot("too_small_20x6", &[], "", 20, 6);
}

#[test]
fn matched_characters_are_highlighted_in_the_list() {
    let mut app = app(&[]);
    press(&mut app, &["/"]);
    type_text(&mut app, "inspr");
    let buffer = render(&mut app, 120, 40);
    let screen = text(&buffer);
    // Row 1 is the best hit's title, row 2 its companies, "IBM · Inspur · …" or the like.
    let best = app.store.article(app.hits[0].id).unwrap();
    let names: Vec<&str> = app.store.company_names(best).collect();
    assert!(names.contains(&"Inspur"), "{names:?}");
    let row = 2;
    let line: Vec<char> = screen.lines().nth(row).unwrap().chars().collect();
    let start = line
        .windows(6)
        .position(|w| w.iter().collect::<String>() == "Inspur")
        .unwrap_or_else(|| panic!("no Inspur in row 2:\n{screen}"));
    let fg = |x: usize| buffer[(x as u16, row as u16)].fg;
    // i n s p _ r: the u was not typed, so it is not highlighted.
    for x in [start, start + 1, start + 2, start + 3, start + 5] {
        assert_eq!(fg(x), Color::Yellow, "column {x} of row {row}:\n{screen}");
    }
    assert_ne!(fg(start + 4), Color::Yellow);
    // The other companies on the row are dimmed, not highlighted.
    let other = line.iter().position(|&c| c == '·').unwrap();
    assert_eq!(fg(other), Color::DarkGray);
}

#[test]
fn company_names_are_found_and_lit_whether_typed_with_their_accents_or_without() {
    let dir = fresh_dir("accents");
    std::fs::write(
        dir.join("a.txt"),
        "Nestlé raises prices\n\nNestlé said on Monday that it would raise its prices.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Bank results\n\nShares in Societe Generale rose after the bank's results.\n",
    )
    .unwrap();
    let mut app = app(std::slice::from_ref(&dir));
    for (typed, title, name) in [
        ("nestle", "Nestlé raises prices", "Nestlé"),
        ("société", "Bank results", "Société Générale"),
        ("societe", "Bank results", "Société Générale"),
    ] {
        press(&mut app, &["/"]);
        type_text(&mut app, typed);
        let buffer = render(&mut app, 100, 20);
        let screen = text(&buffer);
        assert_eq!(app.hits.len(), 1, "{typed}:\n{screen}");
        let rows: Vec<&str> = screen.lines().collect();
        assert!(rows[1].contains(title), "{typed}:\n{screen}");
        // The company as the gazetteer spells it, its letters lit where they were typed.
        let row: Vec<char> = rows[2].chars().collect();
        let start = (0..row.len())
            .find(|&x| row[x..].iter().collect::<String>().starts_with(name))
            .unwrap_or_else(|| panic!("{typed}: no {name} on row 2:\n{screen}"));
        let lit = typed.chars().filter(|c| !c.is_whitespace()).count();
        for x in start..start + lit {
            assert_eq!(
                buffer[(x as u16, 2)].fg,
                Color::Yellow,
                "{typed}: column {x}\n{screen}"
            );
        }
        press(&mut app, &["<Esc>"]);
    }
    // The companies panel matches the same way, and the filter it writes finds the article
    // that wrote the name without accents.
    press(&mut app, &["c"]);
    type_text(&mut app, "societe");
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.current().unwrap().label, "Société Générale");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.input.text(), "c:=\"Société Générale\"");
    assert_eq!(app.hits.len(), 1);
    let title = &app.store.article(app.hits[0].id).unwrap().title;
    assert_eq!(title, "Bank results");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn titles_and_full_text_are_found_and_lit_whether_typed_with_their_accents_or_without() {
    let mut app = app(&[]);
    // Title scope: "dejoue" finds the French headline's "déjoué", and lights its six letters.
    press(&mut app, &["s", "/"]);
    for typed in ["dejoue", "déjoué", "DEJOUE"] {
        press(&mut app, &["<C-u>"]);
        type_text(&mut app, typed);
        // Wide enough for the whole headline in the list.
        let buffer = render(&mut app, 220, 30);
        let screen = text(&buffer);
        assert_eq!(app.hits.len(), 1, "{typed}:\n{screen}");
        let title = &app.store.article(app.hits[0].id).unwrap().title;
        assert!(title.starts_with("Renault-Nissan"), "{typed}: {title}");
        let row: Vec<char> = screen.lines().nth(1).unwrap().chars().collect();
        let start = (0..row.len())
            .find(|&x| row[x..].iter().collect::<String>().starts_with("déjoué"))
            .unwrap_or_else(|| panic!("{typed}: no déjoué on row 1:\n{screen}"));
        for x in start..start + 6 {
            assert_eq!(
                buffer[(x as u16, 1)].fg,
                Color::Yellow,
                "{typed}: {x}\n{screen}"
            );
        }
    }
    // Full-text scope: a phrase typed without accents finds the article that writes them, and
    // the reader lights the phrase as the text writes it.
    press(&mut app, &["<Esc>", "s"]);
    // (Its longest word, which a search of the text's bytes starts from, written with accents
    // in the text, or not.)
    for (typed, phrase) in [
        ("\"directeur general delegue\"", "directeur général délégué"),
        ("\"Directeur Général Délégué\"", "directeur général délégué"),
        ("\"general delegue\"", "général délégué"),
    ] {
        press(&mut app, &["/", "<C-u>"]);
        type_text(&mut app, typed);
        assert_eq!(app.hits.len(), 1, "{typed}");
        press(&mut app, &["<Enter>", "<Enter>"]);
        render(&mut app, 120, 30);
        assert_eq!(words_lit(&app), [phrase], "{typed}");
        press(&mut app, &["<Esc>"]);
    }
}

#[test]
fn the_filter_line_shows_query_scope_and_counts() {
    let mut app = app(&[]);
    let total = app.store.len();
    press(&mut app, &["/"]);
    type_text(&mut app, "inspr");
    let screen = text(&render(&mut app, 100, 30));
    let filter_line = screen.lines().nth(28).unwrap();
    assert!(filter_line.starts_with(" / inspr"), "{filter_line:?}");
    assert!(filter_line.contains("companies"), "{filter_line:?}");
    assert!(
        filter_line
            .trim_end()
            .ends_with(&format!("{}/{total}", app.hits.len())),
        "{filter_line:?}"
    );
    press(&mut app, &["<C-t>"]);
    let screen = text(&render(&mut app, 100, 30));
    assert!(screen.lines().nth(28).unwrap().contains("titles"));
}

#[test]
fn date_terms_narrow_the_list_to_a_span_of_days() {
    let mut app = app(&[common::fixture("formats")]);
    let total = app.store.listed_len();
    press(&mut app, &["/"]);
    type_text(&mut app, "date:2020-03");
    let screen = text(&render(&mut app, 120, 30));
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.starts_with("│▌•") || l.starts_with("│ •"))
        .collect();
    assert_eq!(rows.len(), 3, "{screen}");
    for title in [
        "Northwind Systems in talks",
        "Northwind Systems cuts prices",
        "Tailspin Toys buys a games studio",
    ] {
        assert!(rows.iter().any(|r| r.contains(title)), "{title}:\n{screen}");
    }
    let filter_line = screen.lines().nth(28).unwrap();
    assert!(
        filter_line.trim_end().ends_with(&format!("3/{total}")),
        "{filter_line:?}"
    );
    // Each row says its date at the right of its companies.
    let companies = companies_line(&screen, "Northwind Systems in talks");
    // Where the list is narrow (80 columns: 30), the companies keep the room.
    let narrow = text(&render(&mut app, 80, 30));
    let narrow_companies = companies_line(&narrow, "Northwind Systems in ta");
    assert!(!narrow_companies.contains("2020"), "{narrow_companies:?}");
    assert!(
        companies.trim_end().ends_with("2020-03-04"),
        "{companies:?}"
    );
    // Typed on, a day: the two of March 3rd, then none on the 31st, then none while the
    // date does not read; with a company term, both hold.
    type_text(&mut app, "-3");
    assert_eq!(app.hits.len(), 2);
    type_text(&mut app, "1");
    assert_eq!(app.hits.len(), 0, "2020-03-31: none that day");
    type_text(&mut app, "-");
    assert_eq!(app.hits.len(), 0);
    press(&mut app, &["<C-u>"]);
    type_text(&mut app, "since:2020 northwind");
    let screen = text(&render(&mut app, 120, 30));
    assert!(
        screen.contains("Northwind and Contoso extend their alliance"),
        "{screen}"
    );
    assert!(app.hits.iter().all(|h| {
        let a = app.store.article(h.id).unwrap();
        a.date.is_some_and(|d| d.year >= 2020) && a.title.contains("Northwind")
    }));
    assert_eq!(app.hits.len(), 3, "{screen}");
}

#[test]
fn a_headline_pasted_with_its_punctuation_finds_its_article() {
    let mut app = app(&[]);
    let total = app.store.len();
    // Titles scope, then a headline typed as written: an apostrophe, a hyphen, a colon.
    press(&mut app, &["s", "/"]);
    for (typed, title) in [
        (
            "Google’s Motorola experiment ends",
            "Google’s Motorola experiment ends with a sale to Lenovo",
        ),
        (
            "Renault-Nissan : dix ans",
            "Renault-Nissan : dix ans après, une alliance qui a déjoué les pronostics",
        ),
    ] {
        press(&mut app, &["<C-u>"]);
        type_text(&mut app, typed);
        let screen = text(&render(&mut app, 120, 30));
        let filter_line = screen.lines().nth(28).unwrap();
        assert!(filter_line.contains("titles"), "{filter_line:?}");
        assert!(
            filter_line.trim_end().ends_with(&format!("1/{total}")),
            "{typed}: {filter_line:?}"
        );
        let first_row = screen.lines().nth(1).unwrap();
        assert!(
            first_row.contains(&title[..30]),
            "{typed}: {first_row:?}\n{screen}"
        );
    }
}

#[test]
fn the_filter_hint_is_whole_or_shorter_never_cut() {
    let mut app = app(&[]);
    // (width, the hint after the prompt); the scope and counts take the right.
    for (width, hint) in [
        (100, "press / to filter by companies"),
        (60, "press / to filter"),
        (43, "filter"),
        (42, ""),
        (40, ""),
    ] {
        let screen = text(&render(&mut app, width, 24));
        let filter_line = screen.lines().nth(22).unwrap();
        let shown = filter_line
            .strip_prefix(" / ")
            .and_then(|rest| rest.split("  ").next())
            .unwrap_or_default()
            .trim();
        assert_eq!(shown, hint, "{width}: {filter_line:?}");
    }
}

#[test]
fn enter_keeps_the_filter_esc_clears_it() {
    let mut app = app(&[]);
    let total = app.store.len();
    press(&mut app, &["/"]);
    type_text(&mut app, "inspr");
    let shown = app.hits.len();
    assert!(shown > 0 && shown < total, "{shown} of {total}");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.hits.len(), shown, "Enter keeps the filter");
    press(&mut app, &["/", "<BS>", "<BS>", "<BS>", "<BS>", "<BS>"]);
    assert_eq!(app.input.text(), "");
    assert_eq!(app.hits.len(), total);
    type_text(&mut app, "inspr");
    press(&mut app, &["<C-u>"]);
    assert_eq!(app.hits.len(), total, "Ctrl-u clears");
    type_text(&mut app, "inspr");
    press(&mut app, &["<Esc>"]);
    assert_eq!(
        (app.focus, app.hits.len(), app.input.text()),
        (Focus::List, total, "")
    );
}

#[test]
fn focus_moves_between_list_reader_and_back() {
    let mut app = app(&[]);
    for (keys, focus) in [
        (&["<Enter>"][..], Focus::Reader),
        (&["<Tab>"][..], Focus::List),
        (&["<Tab>"][..], Focus::Reader),
        (&["<S-Tab>"][..], Focus::List),
        (&["<Enter>", "<Esc>"][..], Focus::List),
        (&["/"][..], Focus::Filter),
        (&["<Enter>"][..], Focus::List),
    ] {
        press(&mut app, keys);
        assert_eq!(app.focus, focus, "after {keys:?}");
    }
}

#[test]
fn list_navigation_keys() {
    let mut app = app(&[]);
    let last = app.hits.len() - 1;
    render(&mut app, 80, 24);
    for (keys, selected) in [
        (&["j"][..], 1),
        (&["<Down>", "<Down>"][..], 3),
        (&["k"][..], 2),
        (&["<Up>"][..], 1),
        (&["G"][..], last),
        (&["g"][..], 0),
        (&["<End>"][..], last),
        (&["<Home>"][..], 0),
        (&["<PgDn>"][..], 10.min(last)),
        (&["<PgUp>"][..], 0),
        (&["<C-d>"][..], 5.min(last)),
        (&["<C-u>"][..], 0),
        (&["k"][..], 0),
    ] {
        press(&mut app, keys);
        assert_eq!(app.selected, selected, "after {keys:?}");
    }
}

#[test]
fn reader_scroll_keys() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>"]);
    render(&mut app, 80, 24);
    let lines = app.doc.as_ref().unwrap().lines.len();
    let page = 20; // 24 rows less the filter and status lines and the borders
    let max = lines - page;
    for (keys, scroll) in [
        (&["j"][..], 1),
        (&["<Down>", "j"][..], 3),
        (&["k"][..], 2),
        (&[" "][..], (2 + page).min(max)),
        (&["b"][..], 2),
        (&["G"][..], max),
        (&["g"][..], 0),
        (&["<PgDn>"][..], page.min(max)),
        (&["<PgUp>"][..], 0),
        (&["<C-d>"][..], 10.min(max)),
        (&["<C-u>"][..], 0),
    ] {
        press(&mut app, keys);
        render(&mut app, 80, 24);
        assert_eq!(app.scroll, scroll, "after {keys:?}");
    }
}

#[test]
fn the_reading_position_survives_a_resize() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>"]);
    render(&mut app, 120, 40);
    press(&mut app, &["j"; 12]);
    let wide = text(&render(&mut app, 120, 40));
    let top_wide: String = wide.lines().nth(1).unwrap().chars().skip(52).collect();
    let first_word = top_wide.split_whitespace().next().unwrap().to_owned();
    let narrow = text(&render(&mut app, 80, 24));
    let top_narrow = narrow.lines().nth(1).unwrap();
    assert!(
        app.scroll > 12,
        "narrower text has more lines above: {}",
        app.scroll
    );
    assert!(
        top_narrow.contains(&first_word),
        "{first_word:?} not at the top of {top_narrow:?}"
    );
    // And back: the same line is on top again.
    let again = text(&render(&mut app, 120, 40));
    assert_eq!(again.lines().nth(1), wide.lines().nth(1));
}

#[test]
fn resizing_to_any_size_never_panics() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>", "j", "j"]);
    for width in (0..=130).step_by(7) {
        for height in 0..=42 {
            render(&mut app, width, height);
        }
    }
    press(&mut app, &["?"]);
    for width in (0..=130).step_by(13) {
        for height in (0..=42).step_by(3) {
            render(&mut app, width, height);
        }
    }
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = app(&[]);
    press(&mut app, &["q"]);
    assert!(app.should_quit);
    let mut app = common::app(&[]);
    press(&mut app, &["/", "q"]);
    assert!(!app.should_quit, "q is typed in the filter");
    press(&mut app, &["<C-c>"]);
    assert!(app.should_quit);
}

#[test]
fn help_lists_every_binding_of_the_key_table() {
    let keymap = tidings::keymap::KeyMap::default();
    let help: Vec<String> =
        tidings::ui::help_lines(&tidings::ui::theme::Theme::default(), &keymap, usize::MAX)
            .iter()
            .map(ToString::to_string)
            .collect();
    let help = help.join("\n");
    for context in tidings::keymap::CONTEXTS {
        for binding in keymap.bindings(context) {
            let keys = tidings::keymap::keys_label(binding);
            assert!(
                help.lines()
                    .any(|l| l.contains(&keys) && l.contains(&binding.help)),
                "{keys} {} missing from help",
                binding.help
            );
        }
    }
}

#[test]
fn every_entry_of_the_help_shows_whole_on_the_screen() {
    // Where the screen has room, the overlay is as wide as its longest entry: no description is
    // cut at its edge (one was, at 72 columns: "(asks firs"). Where it has not, a description
    // goes on on the next line. Either way, paged through, the overlay says every one whole.
    let keymap = tidings::keymap::KeyMap::default();
    let mut entries: Vec<String> = Vec::new();
    for context in tidings::keymap::CONTEXTS {
        for binding in keymap.bindings(context) {
            entries.push(format!(
                "{} {}",
                tidings::keymap::keys_label(binding),
                binding.help
            ));
        }
    }
    entries.push("x:\"oil price\" titles, full text: the words together".to_owned());
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (w, h) in [(120, 40), (80, 24), (50, 20)] {
        let mut app = app(&[]);
        press(&mut app, &["?"]);
        let mut seen = Vec::new();
        loop {
            let before = app.help;
            let buffer = render(&mut app, w, h);
            let overlay = app.layout.help.unwrap();
            // The overlay's inside, line by line, without its borders.
            for y in overlay.y + 1..overlay.bottom() - 1 {
                let line: String = (overlay.x + 1..overlay.right() - 1)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                seen.push(line);
            }
            press(&mut app, &["<PgDn>"]);
            if app.help == before {
                break;
            }
        }
        let seen = words(&seen.join(" "));
        for entry in &entries {
            assert!(
                seen.contains(&words(entry)),
                "at {w}x{h}, the help does not show {entry:?} whole:\n{seen}"
            );
        }
    }
}

#[test]
fn ctrl_p_and_ctrl_n_in_the_filter_line_recall_the_queries_kept() {
    let mut app = app(&[]);
    // The filter line of a screen, with the count at its right.
    let filter_line = |app: &mut tidings::app::App| {
        let screen = text(&render(app, 100, 30));
        screen.lines().nth(28).unwrap().to_owned()
    };
    let mut count = std::collections::HashMap::new();
    for query in ["inspr", "huawei", "ibm"] {
        press(&mut app, &["/", "<C-u>"]);
        type_text(&mut app, query);
        press(&mut app, &["<Enter>"]);
        count.insert(query, app.hits.len());
    }
    assert_ne!(count["inspr"], count["huawei"]);
    let recalls = |app: &mut tidings::app::App, key: &str, query: &str| {
        press(app, &[key]);
        let line = filter_line(app);
        assert!(line.contains(&format!("/ {query} ")), "{key}: {line}");
        assert_eq!(app.hits.len(), count[query], "the list follows: {line}");
    };
    // From an empty line, back through every query, the newest first; then forward, and past
    // the newest, the empty line again.
    press(&mut app, &["/", "<C-u>"]);
    let empty = filter_line(&mut app);
    for query in ["ibm", "huawei", "inspr", "inspr"] {
        recalls(&mut app, "<C-p>", query);
    }
    recalls(&mut app, "<C-n>", "huawei");
    recalls(&mut app, "<C-n>", "ibm");
    press(&mut app, &["<C-n>"]);
    assert_eq!(
        filter_line(&mut app),
        empty,
        "past the newest: what was typed"
    );
    // From what is typed, the queries that start with it.
    type_text(&mut app, "i");
    let typed = filter_line(&mut app);
    recalls(&mut app, "<C-p>", "ibm");
    recalls(&mut app, "<C-p>", "inspr");
    recalls(&mut app, "<C-n>", "ibm");
    press(&mut app, &["<C-n>"]);
    assert_eq!(filter_line(&mut app), typed);
    // A recalled query edited and kept is the newest; Esc keeps nothing.
    press(&mut app, &["<C-p>", "<C-p>", "<BS>", "<BS>", "<Enter>"]);
    assert_eq!(app.history.entries(), ["inspr", "huawei", "ibm", "ins"]);
    press(&mut app, &["/", "<C-u>"]);
    type_text(&mut app, "cisco");
    press(&mut app, &["<Esc>"]);
    assert_eq!(app.history.entries(), ["inspr", "huawei", "ibm", "ins"]);
    // An edit while recalling starts again from the newest.
    press(&mut app, &["/", "<C-p>", "<C-p>"]);
    assert!(filter_line(&mut app).contains("/ ibm "));
    press(&mut app, &["<C-u>", "<C-p>"]);
    assert!(filter_line(&mut app).contains("/ ins "));
}

#[test]
fn no_control_character_reaches_the_screen() {
    let mut app = app(&[]);
    for raw in [false, true] {
        for index in 0..app.hits.len() {
            app.selected = index;
            app.raw = raw;
            for (w, h) in [(120, 60), (70, 30)] {
                press(&mut app, &["<Enter>"]);
                let buffer = render(&mut app, w, h);
                for cell in &buffer.content {
                    assert!(
                        !cell.symbol().chars().any(char::is_control),
                        "control character in {:?} (article {index}, raw {raw})",
                        cell.symbol()
                    );
                }
                press(&mut app, &["<Esc>"]);
            }
        }
    }
}

#[test]
fn help_scrolls_within_its_length_and_closes() {
    let mut app = app(&[]);
    press(&mut app, &["?"]);
    render(&mut app, 80, 24);
    press(&mut app, &["j", "j", "j"]);
    assert_eq!(app.help, Some(3));
    press(&mut app, &["k"]);
    assert_eq!(app.help, Some(2));
    press(&mut app, &[" "; 20]);
    let max = tidings::ui::help_lines(
        &tidings::ui::theme::Theme::default(),
        &tidings::keymap::KeyMap::default(),
        78,
    )
    .len()
        - 20;
    assert_eq!(app.help, Some(max), "paging stops at the end");
    let screen = text(&render(&mut app, 80, 24));
    assert!(screen.contains("Filter language"), "{screen}");
    // g and G (Home, End): the top and the end at once.
    press(&mut app, &["g"]);
    assert_eq!(app.help, Some(0));
    press(&mut app, &["G"]);
    assert_eq!(app.help, Some(max));
    press(&mut app, &["<Home>"]);
    assert_eq!(app.help, Some(0));
    press(&mut app, &["<End>"]);
    assert_eq!(app.help, Some(max));
    press(&mut app, &["j", "<Esc>"]);
    assert_eq!(app.help, None);
    assert!(!app.should_quit);
    press(&mut app, &["?", "q"]);
    assert_eq!(app.help, None, "q closes help rather than quitting");
    assert!(!app.should_quit);
}

#[test]
fn shift_s_cycles_the_order_and_keeps_the_selected_article() {
    let mut app = app(&[]);
    press(&mut app, &["j", "j"]);
    let selected = app.hits[app.selected].id;
    for label in ["date", "title", "source", "relevance"] {
        press(&mut app, &["S"]);
        let screen = text(&render(&mut app, 100, 30));
        assert!(
            screen
                .lines()
                .nth(28)
                .unwrap()
                .contains(&format!("by {label}")),
            "{screen}"
        );
        assert_eq!(app.hits[app.selected].id, selected, "order {label}");
    }
    press(&mut app, &["S", "S"]);
    let titles: Vec<String> = app
        .hits
        .iter()
        .map(|h| app.store.article(h.id).unwrap().title.to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "by title");
}

#[test]
fn changing_the_order_while_reading_keeps_the_reading_place() {
    let mut app = app(&[]);
    press(&mut app, &["j", "j", "<Enter>"]);
    render(&mut app, 100, 30);
    press(&mut app, &["<PgDn>"]);
    let title = app.selected_article().unwrap().title.clone();
    let scroll = app.scroll;
    assert!(scroll > 0);
    for label in ["date", "title", "source", "relevance"] {
        press(&mut app, &["S"]);
        render(&mut app, 100, 30);
        assert_eq!(app.selected_article().unwrap().title, title, "by {label}");
        assert_eq!(app.scroll, scroll, "by {label}");
    }
}

#[test]
fn search_in_the_article_highlights_and_counts_matches() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>", "/"]);
    type_text(&mut app, "inspur");
    let buffer = render(&mut app, 120, 40);
    let screen = text(&buffer);
    let bar = screen.lines().nth(38).unwrap();
    assert!(bar.starts_with(" search › inspur"), "{bar:?}");
    let total = app.matches.len();
    assert!(total >= 3, "{total} matches");
    assert!(bar.trim_end().ends_with(&format!("1/{total}")), "{bar:?}");
    press(&mut app, &["<Enter>", "n"]);
    let screen = text(&render(&mut app, 120, 40));
    assert!(screen.contains(&format!("“inspur” 2/{total}")), "{screen}");
    press(&mut app, &["N", "N"]);
    render(&mut app, 120, 40);
    assert_eq!(
        app.current,
        app.matches.last().cloned(),
        "N from the first goes round to the last"
    );
    insta::assert_debug_snapshot!("search_120x40", render(&mut app, 120, 40));
    press(&mut app, &["/", "<Esc>"]);
    render(&mut app, 120, 40);
    assert!(app.matches.is_empty() && app.current.is_none());
}

#[test]
fn mention_keys_jump_between_matched_companies() {
    let mut app = app(&[]);
    press(&mut app, &["/"]);
    type_text(&mut app, "huawei");
    press(&mut app, &["<Enter>", "<Enter>"]);
    render(&mut app, 80, 24);
    let mut seen = Vec::new();
    for _ in 0..4 {
        press(&mut app, &["]"]);
        let buffer = render(&mut app, 80, 24);
        let (block, range) = app.current.clone().expect("a current mention");
        let doc = app.doc.as_ref().unwrap();
        assert!(doc.blocks[block].text[range.clone()].starts_with("Huawei"));
        seen.push((block, range));
        // The current mention is drawn reversed somewhere on screen.
        assert!(
            buffer
                .content
                .iter()
                .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED)),
            "no reversed cell"
        );
    }
    assert!(
        seen.windows(2).all(|w| w[0] != w[1]),
        "each ] moves on: {seen:?}"
    );
}

#[test]
fn full_text_terms_are_highlighted_in_the_reader_and_the_mention_keys_stop_at_them() {
    let mut app = app(&[]);
    // Full-text scope, "patents": the two articles that say it.
    press(&mut app, &["s", "s", "/"]);
    type_text(&mut app, "patents");
    assert_eq!(app.hits.len(), 2);
    press(&mut app, &["<Enter>", "<Enter>"]);
    let buffer = render(&mut app, 100, 40);
    let screen = text(&buffer);
    let width = usize::from(buffer.area.width);
    // Every "patents" on screen is highlighted as a matched company is, and nothing else in
    // the body is but those companies' mentions.
    let highlighted = |x: usize, y: usize| buffer.content[y * width + x].bg == Color::Yellow;
    let area = app.layout.reader_text.expect("the reader is shown");
    let (left, right) = (usize::from(area.x), usize::from(area.x + area.width));
    let rows = usize::from(area.y)..usize::from(area.y + area.height);
    let mut seen = 0;
    for (y, line) in screen.lines().enumerate().filter(|(y, _)| rows.contains(y)) {
        let chars: Vec<char> = line.chars().collect();
        for x in left..right.saturating_sub(6) {
            let rest: String = chars[x..].iter().take(7).collect();
            if rest.eq_ignore_ascii_case("patents") && (x == 0 || !chars[x - 1].is_alphanumeric()) {
                seen += 1;
                assert!((x..x + 7).all(|x| highlighted(x, y)), "{line}");
            }
        }
    }
    assert!(seen >= 2, "{screen}");
    let lit = buffer
        .content
        .iter()
        .filter(|c| c.bg == Color::Yellow)
        .count();
    // (The list, in full-text scope, lights nothing.)
    assert_eq!(lit, seen * 7, "only the word is lit:\n{screen}");
    // `]` goes from one to the next.
    let doc = app.doc.clone().unwrap();
    let mut words = Vec::new();
    for _ in 0..seen {
        press(&mut app, &["]"]);
        let (block, range) = app.current.clone().expect("a current word");
        words.push(doc.blocks[block].text[range].to_lowercase());
    }
    assert!(words.iter().all(|w| w == "patents"), "{words:?}");
    // Without the filter, nothing is lit.
    press(&mut app, &["<Esc>", "<Esc>"]);
    let buffer = render(&mut app, 100, 40);
    assert!(!buffer.content.iter().any(|c| c.bg == Color::Yellow));
}

/// The explorer over the bundled sample as a load publishes it: companies and titles indexed,
/// the full text not yet.
fn app_before_the_full_text_index() -> tidings::app::App {
    let (store, _) =
        tidings::loading::load(&[], &tidings::loading::Progress::default(), None, None).unwrap();
    assert!(store.text_words().is_none());
    tidings::app::App::new(store, 0)
}

#[test]
fn full_text_terms_find_articles_while_the_full_text_index_is_still_being_built() {
    // Its full-text index still to build (at a million articles, seconds behind the list).
    let mut app = app_before_the_full_text_index();
    press(&mut app, &["s", "s", "/"]);
    type_text(&mut app, "patents");
    // The two articles that say it, as the index finds them.
    assert_eq!(app.hits.len(), 2);
    let screen = text(&render(&mut app, 100, 30));
    let titles: Vec<String> = app
        .hits
        .iter()
        .map(|h| app.store.article(h.id).unwrap().title.clone())
        .collect();
    for title in &titles {
        let shown: String = title.chars().take(30).collect();
        assert!(screen.contains(&shown), "{title}:\n{screen}");
    }
    // And lit in the reader.
    press(&mut app, &["<Enter>", "<Enter>"]);
    render(&mut app, 100, 30);
    let lit = words_lit(&app);
    assert!(
        !lit.is_empty() && lit.iter().all(|w| w.eq_ignore_ascii_case("patents")),
        "{lit:?}"
    );
}

#[test]
fn a_query_over_the_first_part_of_a_load_finds_more_as_the_load_goes_on() {
    use std::sync::atomic::Ordering;
    use tidings::loading::{FIRST, LoadEvent, Loading};
    let dir = fresh_dir("growing-parts");
    let n = 4 * FIRST + 500;
    for i in 0..n {
        std::fs::write(
            dir.join(format!("{i:05}.txt")),
            format!("Story {i}\n\nIntel and Cisco, part {i}.\n"),
        )
        .unwrap();
    }
    let loading = Loading::start(vec![dir.clone()], None);
    let Some(LoadEvent::First(store)) = loading.wait() else {
        panic!("expected the first part")
    };
    let mut app = tidings::app::App::with_first_part(*store, loading);
    let wants_more = |app: &tidings::app::App| {
        let loading = app.loading.as_ref().expect("still loading");
        loading.progress.wants_more.load(Ordering::Relaxed)
    };
    // Browsing the first part asks for nothing more than the whole, in its time.
    app.poll_loading();
    assert!(!wants_more(&app) || !app.first_part);
    // A query typed over it asks for bigger parts as the load goes on...
    press(&mut app, &["/"]);
    type_text(&mut app, "intel");
    assert!(!app.hits.is_empty());
    app.poll_loading();
    assert!(wants_more(&app) || !app.first_part);
    // ...and finds every article once the whole is in.
    finish_loading(&mut app);
    assert_eq!(app.hits.len(), n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_quoted_phrase_finds_and_lights_its_words_together_only() {
    let mut app = app(&[]);
    press(&mut app, &["s", "s", "/"]);
    // Both words are in four articles; together, in one.
    type_text(&mut app, "server business");
    assert_eq!(app.hits.len(), 4);
    press(&mut app, &["<C-u>"]);
    type_text(&mut app, "\"server business\"");
    assert_eq!(app.hits.len(), 1);
    // While it is typed, the last word may be a start: "server busi" holds it too.
    press(&mut app, &["<BS>", "<BS>", "<BS>", "<BS>", "<BS>"]);
    assert_eq!(app.input.text(), "\"server busi");
    assert_eq!(app.hits.len(), 1);
    type_text(&mut app, "ness\"");
    press(&mut app, &["<Enter>", "<Enter>"]);
    render(&mut app, 100, 40);
    // Only the phrase is lit, as one, though the article says "business" alone elsewhere.
    let doc = app.doc.as_ref().unwrap();
    let text: String = doc.blocks.iter().map(|b| b.text.to_lowercase()).collect();
    assert!(text.matches("business").count() > 1);
    let lit: Vec<String> = words_lit(&app).iter().map(|w| w.to_lowercase()).collect();
    assert_eq!(lit, ["server business"]);
}

#[test]
fn the_measure_caps_and_centres_text_and_w_toggles_it() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>"]);
    render(&mut app, 200, 40);
    let capped = app.layout.reader_text.unwrap();
    assert_eq!(capped.width, 80);
    let pane = app.layout.reader.unwrap();
    let left = capped.x - pane.x;
    let right = pane.right() - capped.right();
    assert!(left.abs_diff(right) <= 1, "centred: {left} vs {right}");
    press(&mut app, &["w"]);
    render(&mut app, 200, 40);
    assert_eq!(app.layout.reader_text.unwrap().width, pane.width - 4);
}

#[test]
fn zoom_reads_full_screen_and_esc_comes_back() {
    let mut app = app(&[]);
    press(&mut app, &["z"]);
    let screen = text(&render(&mut app, 120, 40));
    assert!(app.zoom && !screen.contains("Articles"), "{screen}");
    assert!(screen.lines().next().unwrap().starts_with("╭ Reader"));
    press(&mut app, &["z"]);
    render(&mut app, 120, 40);
    assert!(!app.zoom);
    press(&mut app, &["z", "<Esc>"]);
    let screen = text(&render(&mut app, 120, 40));
    assert!(!app.zoom && screen.contains("Articles"));
}

#[test]
fn the_reader_shows_a_scrollbar_when_the_article_is_longer_than_the_pane() {
    let mut app = app(&[]);
    press(&mut app, &["<Enter>"]);
    let buffer = render(&mut app, 80, 24);
    let pane = app.layout.reader.unwrap();
    let column: String = (pane.y + 1..pane.bottom() - 1)
        .map(|y| buffer[(pane.right() - 1, y)].symbol().to_owned())
        .collect();
    assert!(column.contains('█'), "no thumb in {column:?}");
    assert!(
        column.starts_with('█'),
        "at the top, the thumb is at the top: {column:?}"
    );
}

#[test]
fn read_marks_and_bookmarks_show_in_the_list_and_filter_it() {
    let mut app = app(&[]);
    let total = app.store.len();
    assert_eq!(app.unread(), Some(total));
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.lines().nth(1).unwrap().starts_with("│▌•"),
        "unread dot: {screen}"
    );
    press(&mut app, &["<Enter>", "<Tab>"]);
    assert_eq!(app.unread(), Some(total - 1), "opening marks read");
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.lines().nth(1).unwrap().starts_with("│▌ "),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .contains(&format!("{} unread", total - 1))
    );
    press(&mut app, &["u"]);
    assert_eq!(app.unread(), Some(total), "u marks it unread again");
    press(&mut app, &["j", "m"]);
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.lines().nth(3).unwrap().starts_with("│▌★"),
        "{screen}"
    );
    press(&mut app, &["M"]);
    assert_eq!(app.input.text(), "is:bookmarked");
    assert_eq!(app.hits.len(), 1);
    press(&mut app, &["M", "U"]);
    assert_eq!(app.input.text(), "is:unread");
    assert_eq!(app.hits.len(), total);
}

#[test]
fn copy_pager_and_open_ask_the_event_loop() {
    use tidings::app::Effect;
    let mut app = app(&[]);
    press(&mut app, &["y"]);
    let title = app.store.article(app.hits[0].id).unwrap().title.clone();
    match app.effects.as_slice() {
        [Effect::Copy(text)] => {
            assert!(text.starts_with(&title) && text.contains("Companies: Cisco"));
        }
        other => panic!("{other:?}"),
    }
    let status = status_line(&mut app, 120);
    assert!(status.contains("copied “"), "{status}");
    app.effects.clear();
    press(&mut app, &["p"]);
    assert!(matches!(app.effects.as_slice(), [Effect::Pager(t)] if t.starts_with(&title)));
    app.effects.clear();
    press(&mut app, &["o"]);
    assert!(app.effects.is_empty(), "the sample has no URLs");
    assert_eq!(app.notice.as_deref(), Some("this article has no URL"));

    let mut app = common::app(&[common::fixture("formats/one.json")]);
    press(&mut app, &["o"]);
    assert_eq!(
        app.effects,
        vec![Effect::OpenUrl("https://example.com/contoso-cards".into())]
    );
}

#[test]
fn the_mouse_selects_and_scrolls_the_pane_under_it() {
    use tidings::action::Action;
    let mut app = app(&[]);
    render(&mut app, 120, 40);
    // Rows 1-2 are the first article, 5-6 the third.
    app.update(Action::Click { column: 10, row: 6 });
    assert_eq!(app.selected, 2);
    app.update(Action::Wheel {
        column: 10,
        row: 10,
        down: true,
    });
    assert_eq!(
        app.selected, 3,
        "the wheel over the list moves the selection"
    );
    render(&mut app, 120, 40);
    app.update(Action::Wheel {
        column: 80,
        row: 10,
        down: true,
    });
    assert_eq!(app.scroll, 3, "the wheel over the reader scrolls it");
    assert_eq!(app.selected, 3);
    app.update(Action::Click {
        column: 80,
        row: 10,
    });
    assert_eq!(app.focus, tidings::app::Focus::Reader);
}

#[test]
fn the_companies_panel_narrows_and_combines_companies() {
    let mut app = app(&[]);
    press(&mut app, &["c"]);
    type_text(&mut app, "inspr");
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.current().unwrap().label, "Inspur");
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.contains("Companies (") && screen.contains("› inspr"),
        "{screen}"
    );
    press(&mut app, &["<Tab>", "<C-u>"]);
    type_text(&mut app, "ibm");
    press(&mut app, &["<Tab>", "<Enter>"]);
    assert_eq!(app.input.text(), "c:=Inspur c:=IBM");
    assert!(app.picker.is_none());
    // Kept, to be recalled with Ctrl-p as a query typed and kept.
    assert_eq!(app.history.entries(), ["c:=Inspur c:=IBM"]);
    let ids: Vec<u32> = app.hits.iter().map(|h| h.id).collect();
    assert!(!ids.is_empty());
    for id in ids {
        let names: Vec<&str> = app
            .store
            .company_names(app.store.article(id).unwrap())
            .collect();
        assert!(
            names.contains(&"Inspur") && names.contains(&"IBM"),
            "{names:?}"
        );
    }
    insta::assert_debug_snapshot!("companies_panel_100x30", {
        press(&mut app, &["c"]);
        type_text(&mut app, "o");
        render(&mut app, 100, 30)
    });
    press(&mut app, &["<Esc>"]);
    assert!(app.picker.is_none());
}

#[test]
fn related_articles_share_companies_and_enter_reads_one() {
    let mut app = app(&[]);
    press(&mut app, &["R"]);
    let picker = app.picker.as_ref().unwrap();
    let first = app.store.article(app.hits[0].id).unwrap();
    let target = picker.current().unwrap().id;
    let related = app.store.article(target).unwrap();
    let shared = app
        .store
        .company_names(first)
        .filter(|c| app.store.company_names(related).any(|d| d == *c))
        .count();
    assert_eq!(shared, picker.current().unwrap().count);
    assert!(shared >= 2, "the best related article shares {shared}");
    let screen = text(&render(&mut app, 120, 40));
    assert!(screen.contains("Related articles"), "{screen}");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.focus, tidings::app::Focus::Reader);
    assert_eq!(app.hits[app.selected].id, target);
}

#[test]
fn an_identical_copy_is_one_row_named_in_the_reader_and_not_offered_as_related() {
    // A story saved twice, and one that shares none of its companies.
    let dir = std::env::temp_dir().join(format!("tidings-screens-copy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let story = "Cisco and Inspur form a venture\n\nCisco said Inspur would sell its routers.\n";
    std::fs::write(dir.join("a.txt"), story).unwrap();
    std::fs::write(dir.join("b.txt"), story).unwrap();
    std::fs::write(
        dir.join("c.txt"),
        "Huawei signs with Sberbank\n\nHuawei will build a cloud for Sberbank.\n",
    )
    .unwrap();
    let mut app = app(std::slice::from_ref(&dir));
    assert_eq!(app.store.len(), 3);
    // The reader of the first names the second, and only it.
    let screen = text(&render(&mut app, 100, 20));
    let copy = dir.join("b.txt");
    let line = screen
        .lines()
        .find(|l| l.contains("identical copy: "))
        .unwrap_or_else(|| panic!("no copy named:\n{screen}"));
    assert!(line.contains(&*copy.to_string_lossy()), "{line}");
    assert!(!line.contains("a.txt") && !line.contains("c.txt"), "{line}");
    // The story is one row, and counted once, its copy said apart.
    assert_eq!(
        screen.matches("Cisco and Inspur form a venture").count(),
        2,
        "{screen}"
    );
    assert_eq!(app.hits.len(), 2);
    assert!(screen.contains(" 2/2 "), "{screen}");
    assert!(
        screen.contains("2 articles (+1 copy) · 2 unread"),
        "{screen}"
    );
    let companies = companies_line(&screen, "│▌•Cisco and Inspur form a venture");
    assert!(companies.trim_end().ends_with("×2"), "{companies:?}");
    press(&mut app, &["j"]);
    let screen = text(&render(&mut app, 100, 20));
    assert!(screen.contains("▌•Huawei signs with Sberbank"), "{screen}");
    assert!(!screen.contains("identical cop"), "{screen}");
    press(&mut app, &["k", "R"]);
    let screen = text(&render(&mut app, 100, 20));
    assert!(screen.contains("Related articles (0)"), "{screen}");
    assert!(
        screen.contains("No other article mentions its companies."),
        "{screen}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn zoom_with_the_measure_160x40() {
    snapshot(
        "zoom_measure_160x40",
        &["<Enter>", "z", "j", "j"],
        "",
        160,
        40,
    );
}

#[test]
fn related_articles_120x40() {
    snapshot("related_120x40", &["R"], "", 120, 40);
}

#[test]
fn no_color_theme_80x24() {
    let mut app = app(&[]);
    app.theme = tidings::ui::theme::Theme::plain();
    press(&mut app, &["/"]);
    type_text(&mut app, "inspr");
    let buffer = render(&mut app, 80, 24);
    for cell in &buffer.content {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "colour in {cell:?}"
        );
    }
    insta::assert_debug_snapshot!("no_color_80x24", buffer);
}

#[test]
fn a_stale_filter_answer_is_never_shown() {
    use tidings::action::Action;
    let mut app = app(&[]);
    // Type faster than the filter thread answers: no settling between keys.
    app.update(Action::FocusFilter);
    for c in "ibm".chars() {
        app.update(Action::FilterInsert(c));
    }
    for _ in 0..3 {
        app.update(Action::FilterBackspace);
    }
    for c in "huawei".chars() {
        app.update(Action::FilterInsert(c));
    }
    app.settle();
    assert!(!app.is_filtering());
    for hit in &app.hits {
        let names: Vec<&str> = app
            .store
            .company_names(app.store.article(hit.id).unwrap())
            .collect();
        assert!(names.contains(&"Huawei"), "{names:?}");
    }
    assert!(!app.hits.is_empty());
}

#[test]
fn while_loading_the_screen_shows_a_gauge_then_the_articles() {
    let dir = fresh_dir("gauge");
    let n = tidings::loading::FIRST + 2_000;
    let mut jsonl = String::new();
    for i in 0..n {
        let _ = writeln!(
            jsonl,
            "{{\"title\": \"Story {i}\", \"body\": \"Intel and Cisco, part {i}.\"}}"
        );
    }
    std::fs::write(dir.join("big.jsonl"), jsonl).unwrap();
    let loading = tidings::loading::Loading::start(vec![dir.join("big.jsonl")], None);
    let mut app = tidings::app::App::while_loading(loading);
    let screen = text(&render(&mut app, 100, 30));
    assert!(
        screen.lines().nth(1).unwrap().contains("Loading…"),
        "{screen}"
    );
    let status = screen.lines().last().unwrap();
    assert!(
        status.contains("reading files") || status.contains("loading "),
        "{status:?}"
    );
    // Keys work meanwhile.
    press(&mut app, &["?", "<Esc>"]);
    while app.loading.is_some() {
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    app.settle();
    let screen = text(&render(&mut app, 100, 30));
    assert!(screen.contains(&format!("{n}/{n}")), "{screen}");
    assert!(
        screen
            .lines()
            .last()
            .unwrap()
            .contains(&format!("{n} articles")),
        "{screen}"
    );
}

#[test]
fn the_first_part_of_a_load_says_more_is_coming() {
    // A folder of files, each a piece: the first part is handed over long before the rest.
    let dir = fresh_dir("first-part");
    let n = 4 * tidings::loading::FIRST + 500;
    for i in 0..n {
        std::fs::write(
            dir.join(format!("{i:05}.txt")),
            format!("Story {i}\n\nIntel and Cisco, part {i}.\n"),
        )
        .unwrap();
    }
    let loading = tidings::loading::Loading::start(vec![dir.clone()], None);
    let mut app = tidings::app::App::while_loading(loading);
    while app.store.is_empty() {
        assert!(app.loading.is_some(), "the load ended without a first part");
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    app.settle();
    let part = app.store.len();
    assert!(part < n, "{part} of {n}");
    let screen = text(&render(&mut app, 100, 30));
    let filter_line = screen.lines().nth(28).unwrap();
    assert!(
        filter_line.trim_end().ends_with(&format!("{part}/{part}+")),
        "{filter_line:?}"
    );
    while app.loading.is_some() {
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    app.settle();
    let screen = text(&render(&mut app, 100, 30));
    let filter_line = screen.lines().nth(28).unwrap();
    assert!(
        filter_line.trim_end().ends_with(&format!(" {n}/{n}")),
        "{filter_line:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_full_text_query_typed_before_the_full_text_is_indexed_is_asked_again_once_it_is() {
    let mut app = app_before_the_full_text_index();
    app.settle();
    press(&mut app, &["/"]);
    // "x:" is the full-text scope; "ammunition" is a body word of one sample article only,
    // typed with a letter missing: the texts, read before the index is built, do not say it.
    type_text(&mut app, "x:ammuniton");
    app.settle();
    assert!(app.hits.is_empty(), "only the index matches a typo");
    // The loader builds the index in the store the explorer shows...
    app.store.index_text();
    // ...and the explorer's next look at the load asks again.
    app.poll_loading();
    app.settle();
    let screen = text(&render(&mut app, 100, 30));
    assert_eq!(app.hits.len(), 1, "{screen}");
    let found = app.store.article(app.hits[0].id).unwrap();
    assert!(found.paragraphs.iter().any(|p| p.contains("ammunition")));
    assert!(screen.contains("/ x:ammuniton"), "{screen}");
}

#[test]
fn a_collection_of_one_article_is_counted_in_the_singular() {
    let mut app = app(&[common::fixture("formats/bare.md")]);
    let screen = text(&render(&mut app, 100, 20));
    let status = screen.lines().last().unwrap();
    assert!(
        status.trim_end().ends_with("1 article · 1 unread"),
        "{status:?}"
    );
}

/// The explorer over the folder `dir` as the program sets it up (`config` applied, the folder
/// its source, its files looked at), looking every few milliseconds rather than seconds.
fn explorer_of(dir: &std::path::Path, config: &tidings::config::Config) -> tidings::app::App {
    let (store, loaded) = tidings::cli::load_store(&[dir.to_path_buf()]).unwrap();
    let mut app = tidings::app::App::new(store, loaded.skipped.len());
    app.apply_config(config);
    app.set_source(vec![dir.to_path_buf()], None);
    app.set_watch_every(std::time::Duration::from_millis(5));
    app.watch_files(loaded.files);
    app
}

/// Polls the app's load until it is over, as the event loop does between frames.
fn finish_loading(app: &mut tidings::app::App) {
    let started = std::time::Instant::now();
    while app.loading.is_some() {
        assert!(started.elapsed().as_secs() < 60, "the load never ended");
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    app.settle();
}

/// The companies line of the list row whose headline line holds `headline` (the list pane's
/// text of the screen line below it).
fn companies_line(screen: &str, headline: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains(headline))
        .unwrap_or_else(|| panic!("no row {headline:?}:\n{screen}"));
    lines[row + 1].split('│').nth(1).unwrap().to_owned()
}

/// The status line, drawn `width` columns wide.
/// What the status line says: its last row, and when a notice too long for one row is wrapped
/// above it, the rows the notice takes (drawn in the warning style), joined by spaces.
fn status_line(app: &mut tidings::app::App, width: u16) -> String {
    let buffer = render(app, width, 30);
    let screen = text(&buffer);
    let rows: Vec<&str> = screen.lines().collect();
    let warn = app.theme.warn;
    let warned = |y: u16| buffer[(1, y)].style().fg == warn.fg && warn.fg.is_some();
    let mut first = rows.len() - 1;
    // The screen's rows count fits a u16: it is one.
    while first > 0
        && warned(u16::try_from(first).unwrap())
        && warned(u16::try_from(first - 1).unwrap())
    {
        first -= 1;
    }
    if first == rows.len() - 1 {
        return rows[first].to_owned();
    }
    rows[first..]
        .iter()
        .map(|r| r.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A story file: its headline, then paragraphs enough to scroll.
fn story(title: &str, company: &str) -> String {
    let mut text = format!("{title}\n\n");
    for i in 0..40 {
        let _ = writeln!(
            text,
            "Paragraph {i} of {title}: {company} said its results were in line.\n"
        );
    }
    text
}

#[test]
fn ctrl_r_reads_the_files_again_and_keeps_the_reading_place() {
    let dir = fresh_dir("reload");
    std::fs::write(dir.join("a.txt"), story("Alpha rises", "Intel")).unwrap();
    std::fs::write(dir.join("b.txt"), story("Beta reads on", "Cisco")).unwrap();
    std::fs::write(dir.join("c.txt"), story("Gamma is removed", "Oracle")).unwrap();
    let mut app = explorer_of(&dir, &tidings::config::Config::default());
    // Reading the second story, a page down.
    press(&mut app, &["j", "<Enter>"]);
    render(&mut app, 100, 30);
    press(&mut app, &["<PgDn>"]);
    let before = text(&render(&mut app, 100, 30));
    // The reader's rows (the list holds the first 46 columns).
    let reader = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .skip(1)
            .take(26)
            .map(|l| l.chars().skip(46).collect())
            .collect()
    };
    assert!(app.scroll > 0);
    assert_eq!(
        app.selected_article().map(|a| a.title.as_str()),
        Some("Beta reads on")
    );
    // A story is added before it, one removed, one edited.
    std::fs::write(dir.join("0.txt"), story("Delta is new", "Intel")).unwrap();
    std::fs::remove_file(dir.join("c.txt")).unwrap();
    std::fs::write(dir.join("a.txt"), story("Alpha rises further", "Intel")).unwrap();
    // The status line says so, as the look at the files behind the screen sees it.
    let started = std::time::Instant::now();
    while app.changed_files().say() != "1 new file, 1 changed, 1 gone" {
        assert!(
            started.elapsed().as_secs() < 10,
            "{:?}",
            app.changed_files()
        );
        app.poll_watch();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = status_line(&mut app, 100);
    assert!(
        status.contains("1 new file, 1 changed, 1 gone · Ctrl-r reloads · 3 articles"),
        "{status:?}"
    );
    // Narrower, less is said, and the counts stay whole.
    let status = status_line(&mut app, 60);
    assert!(
        status.contains("? help") && status.ends_with("files changed · 3 articles · 2 unread "),
        "{status:?}"
    );
    press(&mut app, &["<C-r>"]);
    assert!(app.loading.is_some(), "Ctrl-r started no reload");
    // The store shown stays until the new one is whole.
    assert_eq!(app.store.len(), 3);
    finish_loading(&mut app);
    let after = text(&render(&mut app, 100, 30));
    let status = after.lines().last().unwrap();
    assert!(
        status.contains("reloaded: 3 articles, 2 new, 2 gone"),
        "{status:?}"
    );
    assert!(after.contains("Delta is new"), "{after}");
    assert!(after.contains("Alpha rises further"), "{after}");
    assert!(!after.contains("Gamma"), "{after}");
    // The same story, at the same place; the files are as loaded again.
    assert_eq!(reader(&after), reader(&before), "{after}");
    assert!(!app.changed_files().any());
    assert_eq!(
        app.selected_article().map(|a| a.title.as_str()),
        Some("Beta reads on")
    );
    // Nothing changed: said so, and the store shown, full-text index and all, stays.
    let shown = std::sync::Arc::clone(&app.store);
    press(&mut app, &["<C-r>"]);
    finish_loading(&mut app);
    assert!(std::sync::Arc::ptr_eq(&shown, &app.store));
    let status = status_line(&mut app, 100);
    assert!(
        status.contains("reloaded: 3 articles, nothing changed"),
        "{status:?}"
    );
    // Gone: the store shown stays, and the status line says why.
    std::fs::remove_dir_all(&dir).unwrap();
    press(&mut app, &["<C-r>"]);
    finish_loading(&mut app);
    let status = status_line(&mut app, 100);
    assert!(
        status.contains("reload failed, nothing changed: cannot open"),
        "{status:?}"
    );
    assert_eq!(app.store.len(), 3);
    assert!(!app.should_quit);
}

#[test]
fn a_reload_waits_for_an_open_panel_and_says_when_it_cannot_be() {
    let dir = fresh_dir("reload-panel");
    std::fs::write(dir.join("a.txt"), story("Alpha rises", "Intel")).unwrap();
    let mut app = explorer_of(&dir, &tidings::config::Config::default());
    std::fs::write(dir.join("b.txt"), story("Beta is new", "Cisco")).unwrap();
    press(&mut app, &["<C-r>", "c"]);
    assert_eq!(app.focus, Focus::Picker);
    // Twice again while it loads: said, and nothing else started.
    press(&mut app, &["<Esc>", "<C-r>"]);
    let screen = text(&render(&mut app, 100, 30));
    let still = screen.lines().last().unwrap();
    assert!(still.contains("reloading"), "{still:?}");
    press(&mut app, &["c"]);
    // The panel names the shown store's companies by id: the new store waits while it is open,
    // however long that is.
    let started = std::time::Instant::now();
    while !app.reload_waits() {
        assert!(started.elapsed().as_secs() < 10, "the reload never came");
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    for _ in 0..20 {
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(app.loading.is_some());
    assert_eq!(app.store.len(), 1);
    // Done, it says so rather than showing a gauge that no longer moves.
    let status = status_line(&mut app, 100);
    assert!(
        status.contains("reloaded: the new list comes when the panel closes"),
        "{status:?}"
    );
    press(&mut app, &["<Esc>"]);
    finish_loading(&mut app);
    assert_eq!(app.store.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);

    // The bundled sample, and a collection read from standard input, are not read again.
    let mut sample = common::app(&[]);
    for (paths, said) in [
        (
            vec![],
            "nothing to reload: these are the bundled sample articles",
        ),
        (
            vec!["-".into()],
            "cannot reload: standard input cannot be read again",
        ),
    ] {
        sample.set_source(paths, None);
        press(&mut sample, &["<C-r>"]);
        assert!(sample.loading.is_none());
        let status = status_line(&mut sample, 100);
        assert!(status.contains(said), "{status:?}");
    }
}

#[test]
fn with_auto_reload_the_files_are_read_again_once_they_settle() {
    let dir = fresh_dir("auto-reload");
    std::fs::write(dir.join("a.txt"), story("Alpha rises", "Intel")).unwrap();
    let mut app = explorer_of(
        &dir,
        &tidings::config::Config {
            auto_reload: true,
            ..tidings::config::Config::default()
        },
    );
    std::fs::write(dir.join("b.txt"), story("Beta is new", "Cisco")).unwrap();
    // As the event loop does: the look at the files, then the load it started.
    let started = std::time::Instant::now();
    while app.store.len() < 2 {
        assert!(started.elapsed().as_secs() < 10, "never reloaded");
        app.poll_watch();
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    app.settle();
    let status = status_line(&mut app, 100);
    assert!(status.contains("reloaded: 2 articles, 1 new"), "{status:?}");
    // A reload that fails is said once, not tried again at every look.
    std::fs::remove_dir_all(&dir).unwrap();
    let mut reloads = 0;
    let mut look = |app: &mut tidings::app::App| {
        if app.poll_watch() && app.loading.is_some() {
            reloads += 1;
        }
        app.poll_loading();
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    // Seen and tried (however long a busy machine takes to see it)...
    let started = std::time::Instant::now();
    while !status_line(&mut app, 100).contains("reload failed") {
        assert!(
            started.elapsed().as_secs() < 10,
            "the removal was never seen"
        );
        look(&mut app);
    }
    // ...then left alone at the looks that follow.
    let quiet = std::time::Instant::now();
    while quiet.elapsed().as_millis() < 500 {
        look(&mut app);
    }
    assert_eq!(reloads, 1);
    assert_eq!(app.store.len(), 2);
    let status = status_line(&mut app, 100);
    assert!(status.contains("reload failed"), "{status:?}");
}

#[test]
fn the_explorer_opens_where_the_reader_left_off() {
    let dir = fresh_dir("resume");
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let paragraph = "Intel and Cisco said the talks went on. ".repeat(6);
    for i in 0..6 {
        let body = (0..40)
            .map(|p| format!("Part {p}. {paragraph}"))
            .collect::<Vec<_>>()
            .join("\n\n");
        std::fs::write(
            files.join(format!("{i}.txt")),
            format!("Story {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    let state = || tidings::state::ReadingState::open(dir.join("state/key.json")).0;
    let config = tidings::config::Config::default();
    let opened = |app: &mut tidings::app::App| {
        app.set_reading_state(state(), None);
        app.settle();
        let screen = text(&render(app, 100, 30));
        (
            app.selected_article().unwrap().title.clone(),
            app.scroll,
            screen,
        )
    };
    // Read the third story some way down, and close.
    let mut app = explorer_of(&files, &config);
    app.set_reading_state(state(), None);
    press(&mut app, &["j", "j", "<Enter>"]);
    render(&mut app, 100, 30);
    press(&mut app, &["<PgDn>", "<PgDn>"]);
    let screen = text(&render(&mut app, 100, 30));
    let (title, scroll) = (app.selected_article().unwrap().title.clone(), app.scroll);
    assert_eq!(title, "Story 2");
    assert!(scroll > 20, "{scroll}");
    let top = |screen: &str| {
        screen
            .lines()
            .nth(1)
            .unwrap()
            .split('│')
            .nth(3)
            .unwrap()
            .to_owned()
    };
    let read_to = top(&screen);
    app.save_resume().unwrap();
    // Opened again, it is there, at the same place, whole or loaded behind the screen.
    let (again, again_scroll, screen) = opened(&mut explorer_of(&files, &config));
    assert_eq!((again.as_str(), again_scroll), (title.as_str(), scroll));
    assert_eq!(top(&screen), read_to);
    assert!(screen.contains("│▌ Story 2"), "{screen}");
    let mut loading = tidings::app::App::while_loading(tidings::loading::Loading::start(
        vec![files.clone()],
        None,
    ));
    loading.set_reading_state(state(), None);
    finish_loading(&mut loading);
    let screen = text(&render(&mut loading, 100, 30));
    assert_eq!(loading.selected_article().unwrap().title, "Story 2");
    assert_eq!(top(&screen), read_to);
    // Closed with the first part of the collection listed, nothing done: the place is kept as
    // it was.
    let (part, _) = tidings::cli::load_store(&[files.join("0.txt")]).unwrap();
    let mut early = tidings::app::App::with_first_part(
        part,
        tidings::loading::Loading::start(vec![files.clone()], None),
    );
    early.set_reading_state(state(), None);
    assert_eq!(early.selected_article().unwrap().title, "Story 0");
    early.save_resume().unwrap();
    assert_eq!(
        opened(&mut explorer_of(&files, &config)).0,
        "Story 2",
        "the place was lost"
    );
    // A key pressed before the collection is in is the person's own choice: it stays.
    let mut moved = tidings::app::App::while_loading(tidings::loading::Loading::start(
        vec![files.clone()],
        None,
    ));
    moved.set_reading_state(state(), None);
    press(&mut moved, &["<End>"]);
    finish_loading(&mut moved);
    assert_ne!(moved.selected_article().unwrap().title, "Story 2");
    // An article gone since: the list opens at its top.
    std::fs::remove_file(files.join("2.txt")).unwrap();
    let (first, first_scroll, _) = opened(&mut explorer_of(&files, &config));
    assert_eq!((first.as_str(), first_scroll), ("Story 0", 0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_notice_too_long_for_the_status_line_is_wrapped_above_it_not_cut() {
    let mut app = app(&[]);
    app.notice = Some(
        "state file '/home/someone/with/a/rather/deep/home/directory/.local/state/tidings/sample.json' \
         was unreadable (line 1 column 26: EOF while parsing a list); kept it as \
         'sample.json.corrupt-1765090000' and started afresh"
            .to_owned(),
    );
    insta::assert_debug_snapshot!("long_notice_80x24", render(&mut app, 80, 24));
    // The next key takes it away, and the panes it covered are whole again.
    press(&mut app, &["j"]);
    let screen = text(&render(&mut app, 80, 24));
    assert!(!screen.contains("unreadable"), "{screen}");
    assert!(screen.contains("10 articles"), "{screen}");
}

#[test]
fn a_notice_longer_than_half_the_screen_ends_in_an_ellipsis() {
    let mut app = app(&[]);
    let words: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
    app.notice = Some(words.join(" "));
    let screen = text(&render(&mut app, 40, 12));
    let rows: Vec<&str> = screen.lines().collect();
    // Half the screen's rows at most, the status line the last of them, and the list's top
    // still drawn.
    let said: Vec<&&str> = rows.iter().filter(|r| r.contains("word")).collect();
    assert_eq!(said.len(), 6, "{screen}");
    assert!(
        rows[11].contains("word") && rows[11].trim_end().ends_with('…'),
        "{screen}"
    );
    assert!(rows[0].contains("Articles"), "{screen}");
    assert!(unwrapped(&screen).contains("word0word1word2"), "{screen}");
}

#[test]
fn a_corrupt_state_file_under_a_long_path_is_said_whole() {
    // The path of a user's home can be long: the notice must still say what happened and where
    // the file was kept, not the path's start and a `…`.
    let dir = fresh_dir("notice-long-path");
    let deep = dir.join("a-directory-with-a-long-name/another-directory-with-a-longer-name");
    std::fs::create_dir_all(&deep).unwrap();
    let path = deep.join("sample.json");
    std::fs::write(&path, "{\"version\": 1, \"read\": [tru").unwrap();
    let (state, notice) = tidings::state::ReadingState::open(path);
    let notice = notice.expect("a notice");
    let mut app = app(&[]);
    app.set_reading_state(state, Some(notice.clone()));
    let screen = text(&render(&mut app, 100, 30));
    assert!(notice.len() > 100, "{notice}");
    assert!(unwrapped(&screen).contains(&unwrapped(&notice)), "{screen}");
    assert!(
        screen.lines().last().unwrap().contains("started afresh"),
        "{screen}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_notice_given_while_loading_is_said_before_the_gauge() {
    let dir = fresh_dir("notice-gauge");
    std::fs::write(dir.join("a.txt"), "Alpha\n\nIntel said so.\n").unwrap();
    // A named pipe holds the load until something is written into it. Named: in a folder, a
    // pipe is skipped, not opened.
    let fifo = fresh_dir("notice-gauge-pipe").join("b.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let paths = vec![dir.clone(), fifo.clone()];
    let loading = tidings::loading::Loading::start(paths.clone(), None);
    let mut app = tidings::app::App::while_loading(loading);
    app.set_source(paths, None);
    press(&mut app, &["<C-r>"]);
    let status = status_line(&mut app, 120);
    assert!(
        status.contains("still loading: reload once the gauge is gone ·"),
        "{status:?}"
    );
    assert!(app.loading.is_some(), "{status:?}");
    // The next key takes it away; the gauge goes on.
    press(&mut app, &["j"]);
    assert!(!status_line(&mut app, 120).contains("still loading"));
    // One too long to share the line with the gauge goes above it, whole.
    let long = "reload failed, nothing changed: the folder '/a/rather/long/path/to/the/articles' \
                cannot be read: permission denied";
    app.notice = Some(long.to_owned());
    let screen = text(&render(&mut app, 60, 20));
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[19].contains("reading files"), "{screen}");
    assert!(!rows[19].contains("denied"), "{screen}");
    assert!(
        unwrapped(&rows[..19].join("\n")).contains(&unwrapped(long)),
        "{screen}"
    );
    // So does one that fits a row alone but not beside the gauge's label: neither is cut.
    let middling = "reload failed, nothing changed: permission denied";
    app.notice = Some(middling.to_owned());
    let screen = text(&render(&mut app, 60, 20));
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(rows[18].trim(), middling, "{screen}");
    assert!(rows[19].contains("reading files"), "{screen}");
    press(&mut app, &["j"]);
    // Written on a thread and waited for with a limit: a load that never opened the pipe would
    // leave the write waiting for ever, and the test with it.
    let (done, written) = std::sync::mpsc::channel();
    let to = fifo.clone();
    std::thread::spawn(move || done.send(std::fs::write(to, "Beta\n\nCisco said so.\n")));
    let wrote = written.recv_timeout(std::time::Duration::from_secs(30));
    assert!(
        matches!(wrote, Ok(Ok(()))),
        "the load never read the pipe: {wrote:?}"
    );
    finish_loading(&mut app);
    assert_eq!(app.store.len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(pipe_dir) = fifo.parent() {
        let _ = std::fs::remove_dir_all(pipe_dir);
    }
}

#[test]
fn n_and_shift_n_go_to_the_next_and_previous_unread_article() {
    let mut app = app(&[]);
    let n = app.hits.len();
    assert!(n >= 6, "{n}");
    // The first two read, and the fourth.
    press(&mut app, &["u", "j", "u", "j", "j", "u", "g"]);
    press(&mut app, &["n"]);
    assert_eq!(app.selected, 2);
    press(&mut app, &["n"]);
    assert_eq!(app.selected, 4, "the fourth is read: passed over");
    press(&mut app, &["N"]);
    assert_eq!(app.selected, 2);
    press(&mut app, &["N"]);
    assert_eq!(app.selected, 2, "none above: it stays");
    let status = status_line(&mut app, 120);
    assert!(status.contains("no unread article above"), "{status:?}");
    press(&mut app, &["G", "u", "n"]);
    assert_eq!(app.selected, n - 1);
    assert!(status_line(&mut app, 120).contains("no unread article below"));
    // Bound in the reader by the config, it reads the next unread one there.
    let config =
        tidings::config::parse("[keys.reader]\n\"x\" = \"next_unread\"\n", &["next_unread"])
            .unwrap();
    app.apply_config(&config);
    press(&mut app, &["g", "<Enter>", "x"]);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.selected, 2);
    assert!(app.is_read(app.selected_article().unwrap()));
}

#[test]
fn shift_a_marks_the_whole_list_read_once_asked() {
    let dir = fresh_dir("mark-all");
    let mut app = app(&[]);
    app.set_reading_state(
        tidings::state::ReadingState::open(dir.join("state.json")).0,
        None,
    );
    let total = app.hits.len();
    press(&mut app, &["/"]);
    type_text(&mut app, "inspr");
    press(&mut app, &["<Enter>"]);
    let inspur = app.hits.len();
    assert!(inspur > 1 && inspur < total, "{inspur} of {total}");
    // One already read: it is not counted in the question.
    press(&mut app, &["u", "A"]);
    let status = status_line(&mut app, 120);
    let articles = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    assert!(
        status.contains(&format!(
            "mark {} of the list read? y: yes",
            articles(inspur - 1, "unread article")
        )),
        "{status:?}"
    );
    // Any other key is no, and does nothing else (not even what it is bound to).
    press(&mut app, &["q"]);
    assert!(!app.should_quit);
    assert_eq!(app.unread(), Some(total - 1));
    assert!(status_line(&mut app, 120).contains("nothing marked"));
    press(&mut app, &["A", "y"]);
    assert_eq!(app.unread(), Some(total - inspur));
    let marked = status_line(&mut app, 120);
    assert!(
        marked.contains(&format!("marked {} read", articles(inspur - 1, "article"))),
        "{marked:?}"
    );
    assert!(
        app.hits
            .iter()
            .all(|h| app.is_read(app.store.article(h.id).unwrap()))
    );
    // Saved behind the screen: in the file once that is done (the explorer waits for it
    // before it ends).
    app.finish_saving();
    let saved = tidings::state::ReadingState::open(dir.join("state.json")).0;
    assert_eq!(saved.read_count(), inspur);
    // Nothing left to mark: said so, nothing asked.
    press(&mut app, &["A"]);
    assert!(app.confirm_mark.is_none());
    assert!(status_line(&mut app, 120).contains("every article of the list is read"));
    // A click while it asks is no, and does nothing else.
    press(&mut app, &["/", "<C-u>", "<Enter>", "A"]);
    assert!(app.confirm_mark.is_some());
    let (unread, selected) = (app.unread(), app.selected);
    render(&mut app, 120, 30);
    app.update(tidings::action::Action::Click { column: 5, row: 5 });
    assert!(app.confirm_mark.is_none());
    assert_eq!((app.unread(), app.selected), (unread, selected));
    assert!(status_line(&mut app, 120).contains("nothing marked"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_query_history_that_is_not_text_is_said_on_the_status_line_and_left_alone() {
    let dir = fresh_dir("history-not-text");
    let path = dir.join("queries");
    let bytes = b"inspur\n\xff\xfe\n".to_vec();
    std::fs::write(&path, &bytes).unwrap();
    let mut app = app(&[]);
    let (history, notice) = tidings::history::History::open(path.clone());
    app.set_history(history, notice);
    let status = status_line(&mut app, 200);
    assert!(
        status.contains("is not UTF-8 text: left alone"),
        "{status:?}"
    );
    // Said again when the explorer closes, once.
    assert_eq!(
        app.exit_messages
            .iter()
            .filter(|m| m.contains("queries"))
            .count(),
        1
    );
    // A query kept meanwhile is kept for the session only: the file is not touched.
    press(&mut app, &["/"]);
    type_text(&mut app, "ibm");
    press(&mut app, &["<Enter>"]);
    assert_eq!(app.history.entries(), ["ibm"]);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}
