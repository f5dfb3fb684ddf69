//! One file of any format, read as a load reads it, then the explorer over what it held: the
//! list, the reader (cleaned text wrapped to the pane, its mentions), the raw text, full-screen
//! reading, the companies panel and related articles, drawn at a size the input picks. Nothing
//! a file holds may panic (a release build aborts on a panic, which would end the explorer),
//! nor reach the screen as a control character: every cell of every frame is checked.
//!
//! Input: a byte picking the format (or none: sniffed), two picking the screen's width and
//! height, then the file's bytes.
#![no_main]

#[path = "formats.rs"]
mod formats;

use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::app::App;
use tidings::companies::Recognizer;
use tidings::store::ArticleStore;
use tidings::store::load::load_bytes;
use tidings::ui;

/// The keys pressed, a frame drawn after each: read, next mention, end, raw and back,
/// full-screen, measure, companies panel and a pick, related articles, back.
const KEYS: [KeyCode; 14] = [
    KeyCode::Enter,
    KeyCode::Char(']'),
    KeyCode::Char('G'),
    KeyCode::Char('r'),
    KeyCode::Char('r'),
    KeyCode::Char('z'),
    KeyCode::Char('w'),
    KeyCode::Esc,
    KeyCode::Char('c'),
    KeyCode::Enter,
    KeyCode::Char('R'),
    KeyCode::Esc,
    KeyCode::Char('S'),
    KeyCode::Char('j'),
];

fuzz_target!(|data: &[u8]| {
    let [pick, width, height, file @ ..] = data else {
        return;
    };
    let format = formats::pick(*pick);
    let loaded = load_bytes("fuzzed", format, file);
    if loaded.articles.is_empty() {
        return;
    }
    let recognizer = Recognizer::shared().expect("the bundled gazetteer");
    let store = ArticleStore::build(loaded.articles, &recognizer);
    let mut app = App::new(store, loaded.skipped.len());
    let size = (u16::from(*width % 160) + 1, u16::from(*height % 60) + 1);
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("a test terminal");
    let mut draw = |app: &mut App| {
        let frame = terminal
            .draw(|frame| ui::draw(frame, app))
            .expect("drawing");
        for cell in &frame.buffer.content {
            let symbol = cell.symbol();
            assert!(
                !symbol.contains(char::is_control),
                "{symbol:?} on the screen"
            );
        }
    };
    draw(&mut app);
    for code in KEYS {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        app.settle();
        draw(&mut app);
    }
});
