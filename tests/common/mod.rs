//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::app::App;
use tidings::cli::load_store;
use tidings::ui;

/// An empty folder of the test target's own, named `name`, in its temporary folder.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder of `../shared`, or `None` (with a printed notice) when it is not there.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {} is not there", path.display());
        None
    }
}

/// A file or folder of `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The explorer over the given paths (none: the bundled sample).
pub fn app(paths: &[PathBuf]) -> App {
    let (store, loaded) = load_store(paths).expect("loading the articles");
    App::new(store, loaded.skipped.len())
}

/// Presses keys through the real key table. Each item is one key: a single character, or a
/// name in angle brackets: `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`, `<Down>`, `<PgDn>`,
/// `<PgUp>`, `<Home>`, `<End>`, `<BS>`, `<C-x>` for Ctrl-x.
pub fn press(app: &mut App, keys: &[&str]) {
    for key in keys {
        let (code, mods) = match *key {
            "<Enter>" => (KeyCode::Enter, KeyModifiers::NONE),
            "<Esc>" => (KeyCode::Esc, KeyModifiers::NONE),
            "<Tab>" => (KeyCode::Tab, KeyModifiers::NONE),
            "<S-Tab>" => (KeyCode::BackTab, KeyModifiers::SHIFT),
            "<Up>" => (KeyCode::Up, KeyModifiers::NONE),
            "<Down>" => (KeyCode::Down, KeyModifiers::NONE),
            "<Left>" => (KeyCode::Left, KeyModifiers::NONE),
            "<Right>" => (KeyCode::Right, KeyModifiers::NONE),
            "<PgDn>" => (KeyCode::PageDown, KeyModifiers::NONE),
            "<PgUp>" => (KeyCode::PageUp, KeyModifiers::NONE),
            "<Home>" => (KeyCode::Home, KeyModifiers::NONE),
            "<End>" => (KeyCode::End, KeyModifiers::NONE),
            "<BS>" => (KeyCode::Backspace, KeyModifiers::NONE),
            k if k.starts_with("<C-") && k.len() == 5 => (
                KeyCode::Char(k.as_bytes()[3] as char),
                KeyModifiers::CONTROL,
            ),
            k => {
                let mut chars = k.chars();
                let c = chars.next().expect("empty key");
                assert!(chars.next().is_none(), "unknown key {k:?}");
                let mods = if c.is_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    KeyModifiers::NONE
                };
                (KeyCode::Char(c), mods)
            }
        };
        app.handle_key(KeyEvent::new(code, mods));
        // As the event loop does before drawing: take the filter thread's answer.
        app.settle();
    }
}

/// Types text into whatever has focus, one key per character.
pub fn type_text(app: &mut App, text: &str) {
    let keys: Vec<String> = text.chars().map(String::from).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    press(app, &keys);
}

/// Draws one frame of `width`×`height` through the real renderer.
pub fn render(app: &mut App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| ui::draw(frame, app))
        .expect("drawing");
    terminal.backend().buffer().clone()
}

/// The text of a buffer, one line per row, trailing spaces kept.
pub fn text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    buffer
        .content
        .chunks(width)
        .map(|row| {
            row.iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
