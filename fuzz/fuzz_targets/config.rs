//! A configuration file's text: parsing it gives a configuration or a one-line error, never a
//! panic (it is read before the terminal is taken, but a panic would still end tidings with a
//! backtrace instead of the line naming what is wrong). A configuration that parses is applied
//! to an explorer over the bundled sample, which is then drawn.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::app::App;
use tidings::{config, ui};

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names: Vec<&str> = tidings::action::BINDABLE.iter().map(|(n, _)| *n).collect();
    match config::parse(text, &names) {
        Ok(config) => APP.with_borrow_mut(|app| {
            let app = app.get_or_insert_with(|| {
                let (store, loaded) = tidings::cli::load_store(&[]).expect("the bundled sample");
                App::new(store, loaded.skipped.len())
            });
            app.apply_config(&config);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
            terminal
                .draw(|frame| ui::draw(frame, app))
                .expect("drawing");
        }),
        Err(message) => assert!(!message.contains('\n'), "{message:?}"),
    }
});
