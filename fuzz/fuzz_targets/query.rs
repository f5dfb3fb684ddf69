//! A query typed into the filter, key by key, over the bundled sample, in each scope, with the
//! list and reader drawn after: the query parser, every term kind (fuzzy, exact, negated, dates,
//! phrases, `is:`), the engine and the highlighting must take any text without panicking.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::app::App;
use tidings::ui;

thread_local! {
    /// One explorer for every run: a new one first matches every short term ahead over the
    /// sample (its idle work), which was most of a run's time. Each run starts from the list
    /// with the filter cleared.
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    APP.with_borrow_mut(|app| {
        let app = app.get_or_insert_with(|| {
            let (store, loaded) = tidings::cli::load_store(&[]).expect("the bundled sample");
            App::new(store, loaded.skipped.len())
        });
        run(app, &String::from_utf8_lossy(data));
    });
});

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.handle_key(KeyEvent::new(code, mods));
    app.settle();
}

fn run(app: &mut App, text: &str) {
    // Back to the list, the filter cleared (Esc leaves the reader or the filter, then clears).
    for _ in 0..3 {
        press(app, KeyCode::Esc, KeyModifiers::NONE);
    }
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a test terminal");
    let mut draw = |app: &mut App| {
        terminal
            .draw(|frame| ui::draw(frame, app))
            .expect("drawing");
    };
    press(app, KeyCode::Char('/'), KeyModifiers::NONE);
    for c in text.chars().filter(|c| !c.is_control()).take(48) {
        press(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    draw(app);
    // The same query in the two other scopes, then kept, and the first article read.
    for _ in 0..2 {
        press(app, KeyCode::Char('t'), KeyModifiers::CONTROL);
        draw(app);
    }
    press(app, KeyCode::Enter, KeyModifiers::NONE);
    press(app, KeyCode::Enter, KeyModifiers::NONE);
    draw(app);
    press(app, KeyCode::Char(']'), KeyModifiers::NONE);
    draw(app);
}
