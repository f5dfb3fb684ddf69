//! The interactive loop: draw, wait for a terminal event, turn it into an action, repeat.

use anyhow::{Context as _, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use crate::app::App;
use crate::ui;

/// Takes over the terminal (alternate screen, raw mode), runs the explorer until it quits, and
/// gives the terminal back — on quit, on error, and (through ratatui's panic hook) on panic.
/// Ctrl-c arrives as a key in raw mode and quits like `q`.
pub fn run(app: &mut App) -> Result<()> {
    let mut terminal = ratatui::try_init().context("setting up the terminal")?;
    let result = event_loop(&mut terminal, app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.should_quit {
        terminal
            .draw(|frame| ui::draw(frame, app))
            .context("drawing the screen")?;
        // A resize needs nothing but the redraw at the top of the loop: the layout and the
        // reader's wrap follow the frame's size.
        if let Event::Key(key) = event::read().context("reading the keyboard")? {
            app.handle_key(key);
        }
    }
    Ok(())
}
