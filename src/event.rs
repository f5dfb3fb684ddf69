//! The interactive loop: draw, wait for a terminal event, turn it into an action, repeat; and
//! the effects the app asks for (browser, pager, clipboard), which need the terminal.

use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::action::Action;
use crate::app::{App, Effect};
use crate::ui;

/// Takes over the terminal (alternate screen, raw mode, mouse), runs the explorer until it
/// quits, and gives the terminal back — on quit, on error, and on panic. Ctrl-c arrives as a
/// key in raw mode and quits like `q`.
pub fn run(app: &mut App) -> Result<()> {
    // ratatui's hook restores raw mode and the screen; this one, installed first so that it runs
    // after it, also stops mouse reporting, which ratatui does not know it started, and shows
    // the cursor, which only the terminal's drop would have: a panic ends the program without
    // unwinding (see `main`).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, Show);
        hook(info);
    }));
    let mut terminal = ratatui::try_init().context("setting up the terminal")?;
    let result = execute!(io::stdout(), EnableMouseCapture)
        .context("turning on the mouse")
        .and_then(|()| event_loop(&mut terminal, app));
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    #[cfg(debug_assertions)]
    let mut test_panic = std::env::var("TIDINGS_TEST_PANIC").ok();
    while !app.should_quit {
        terminal
            .draw(|frame| ui::draw(frame, app))
            .context("drawing the screen")?;
        #[cfg(debug_assertions)]
        if let Some(place) = test_panic.take() {
            panic_for_tests(&place);
        }
        // While the filter thread works, wake up often to show its answer as soon as it comes;
        // otherwise sleep until the next event. A resize needs nothing but the redraw at the top
        // of the loop: the layout and the reader's wrap follow the frame's size.
        if (app.is_filtering() || app.is_reading_raw())
            && !event::poll(Duration::from_millis(10)).context("reading the keyboard")?
        {
            app.poll();
            app.poll_raw();
            continue;
        }
        // While loading, wake up to move the gauge and to take the articles as they come (and
        // the unread count of a large collection, which comes a moment after it).
        if (app.loading.is_some() || app.is_counting())
            && !event::poll(Duration::from_millis(50)).context("reading the keyboard")?
        {
            app.poll_loading();
            continue;
        }
        // Idle, look now and then at what the look at the files has seen, and redraw only
        // when that changed.
        if app.is_watching() {
            let mut seen = false;
            while !event::poll(Duration::from_millis(250)).context("reading the keyboard")? {
                if app.poll_watch() {
                    seen = true;
                    break;
                }
            }
            if seen {
                continue;
            }
        }
        match event::read().context("reading the keyboard")? {
            Event::Key(key) => app.handle_key(key),
            Event::Mouse(mouse) => {
                let (column, row) = (mouse.column, mouse.row);
                match mouse.kind {
                    MouseEventKind::ScrollDown => app.update(Action::Wheel {
                        column,
                        row,
                        down: true,
                    }),
                    MouseEventKind::ScrollUp => app.update(Action::Wheel {
                        column,
                        row,
                        down: false,
                    }),
                    MouseEventKind::Down(_) => app.update(Action::Click { column, row }),
                    _ => {}
                }
            }
            _ => {}
        }
        // A quick answer is worth a few milliseconds' wait: the next frame then shows the new
        // list rather than the old one for a frame.
        app.settle_for(Duration::from_millis(8));
        for effect in std::mem::take(&mut app.effects) {
            if let Err(e) = perform(terminal, effect) {
                app.notice = Some(format!("{e:#}"));
            }
        }
    }
    Ok(())
}

fn perform(terminal: &mut DefaultTerminal, effect: Effect) -> Result<()> {
    match effect {
        Effect::OpenUrl(url) => open_url(terminal, &url),
        Effect::Copy(text) => {
            // OSC 52: the terminal (or tmux with set-clipboard on) puts it on the clipboard.
            let mut out = io::stdout();
            write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()))
                .context("writing to the terminal")?;
            out.flush().context("writing to the terminal")
        }
        // The pager needs the terminal as it normally is: leave ours for it, then come back.
        Effect::Pager(text) => away(terminal, || page(&text))?,
        Effect::Redraw => redraw(terminal),
        // The shell needs the terminal as it normally is too, cursor and all.
        Effect::Suspend => away(terminal, || {
            let _ = execute!(io::stdout(), Show);
            suspend()
        })?,
    }
}

/// Runs `run` with the terminal given back as it normally is, for a program that takes it
/// meanwhile (the pager, the shell, a console browser), then takes it again and redraws the
/// whole screen; `run`'s own outcome is given back.
fn away<T>(terminal: &mut DefaultTerminal, run: impl FnOnce() -> T) -> Result<T> {
    let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let outcome = run();
    enable_raw_mode().context("going back to the explorer")?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("going back to the explorer")?;
    redraw(terminal)?;
    Ok(outcome)
}

/// Clears the terminal so that the next frame is drawn whole, over whatever else wrote on it.
fn redraw(terminal: &mut DefaultTerminal) -> Result<()> {
    execute!(io::stdout(), Clear(ClearType::All)).context("redrawing the screen")?;
    // A new terminal handle starts from an empty buffer, so the next frame is drawn whole.
    // (`Terminal::clear` would ask the terminal where its cursor is, and wait for an answer
    // some terminals never give.)
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
        .context("redrawing the screen")?;
    Ok(())
}

/// Stops the process as Ctrl-z does outside raw mode (SIGTSTP), returning once the shell's
/// `fg` continues it. A process no shell controls (started straight in a terminal window, with
/// no job control) is not stopped: the kernel discards the signal, and it goes on at once.
#[cfg(unix)]
fn suspend() -> Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).context("suspending")
}

/// Elsewhere there is nothing to suspend to.
#[cfg(not(unix))]
fn suspend() -> Result<()> {
    anyhow::bail!("suspending is not supported on this system")
}

/// One way of opening a URL: a program and its arguments, the URL among them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BrowserCommand {
    program: String,
    args: Vec<String>,
    /// A browser that draws in the terminal (w3m, lynx…): it is given the terminal, as the
    /// pager is, and waited for.
    console: bool,
}

/// Browsers that draw in the terminal they are started from.
const CONSOLE_BROWSERS: &[&str] = &[
    "w3m",
    "lynx",
    "links",
    "links2",
    "elinks",
    "browsh",
    "www-browser",
    "carbonyl",
    "cha",
];

/// The commands to try, in order, to open `url`: `$BROWSER` (`browser`) as the convention
/// most programs follow has it (Python's webbrowser, xdg-utils, man): a colon-separated list
/// of commands, each a program and its arguments, with `%s` standing for the URL (else the
/// URL goes last) and `%%` for a percent sign. Without it, the desktop's opener. No shell
/// reads any of it: the URL is one argument whatever it holds.
fn browser_commands(browser: Option<&str>, url: &str) -> Vec<BrowserCommand> {
    let default = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let list = browser.filter(|b| !b.trim().is_empty()).unwrap_or(default);
    list.split(':')
        .filter_map(|command| {
            let mut words = shell_words(command).into_iter();
            let program = words.next()?;
            let mut placed = false;
            let mut args: Vec<String> = words
                .map(|word| {
                    // `%%` first, so that "%%s" is a percent sign and an s, not the URL.
                    let parts: Vec<&str> = word.split("%%").collect();
                    placed |= parts.iter().any(|part| part.contains("%s"));
                    parts
                        .iter()
                        .map(|part| part.replace("%s", url))
                        .collect::<Vec<_>>()
                        .join("%")
                })
                .collect();
            if !placed {
                args.push(url.to_owned());
            }
            let name = std::path::Path::new(&program)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some(BrowserCommand {
                console: CONSOLE_BROWSERS.contains(&name.as_str()),
                program,
                args,
            })
        })
        .collect()
}

/// The words of a command as a POSIX shell splits them, without expanding anything: blanks
/// part words, single quotes keep everything, double quotes keep everything but a backslash
/// before a double quote, a backslash, a dollar or a backquote, and a backslash outside quotes
/// keeps the next character.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(next @ ('"' | '\\' | '$' | '`')) => word.push(next),
                            Some(next) => {
                                word.push('\\');
                                word.push(next);
                            }
                            None => word.push('\\'),
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Opens a URL with the first command of `$BROWSER` that starts (else the desktop's opener):
/// a graphical browser detached from the terminal, a console one in it, the explorer waiting
/// and coming back after.
fn open_url(terminal: &mut DefaultTerminal, url: &str) -> Result<()> {
    let browser = std::env::var("BROWSER").ok();
    let commands = browser_commands(browser.as_deref(), url);
    for command in &commands {
        let mut process = Command::new(&command.program);
        process.args(&command.args);
        if command.console {
            match away(terminal, || process.status())? {
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot run '{}'", command.program));
                }
                Ok(_) => return Ok(()),
            }
        }
        match process
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot run '{}'", command.program)),
            Ok(mut child) => {
                // Waited for on a thread of its own, so that it leaves no zombie behind.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
        }
    }
    let tried: Vec<String> = commands
        .iter()
        .map(|c| format!("'{}'", c.program))
        .collect();
    anyhow::bail!(
        "cannot open the URL: {} not found (set $BROWSER)",
        tried.join(", ")
    )
}

/// Shows text in `$PAGER` (else `less`), waiting until it is closed.
fn page(text: &str) -> Result<()> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".to_owned());
    // $PAGER may carry arguments ("less -R"), so the shell reads it.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&pager)
        .stdin(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start the pager '{pager}'"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit before reading everything closes the pipe: that is not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let status = child
        .wait()
        .with_context(|| format!("waiting for the pager '{pager}'"))?;
    pager_failure(&pager, status.code()).map_or(Ok(()), |why| Err(anyhow::anyhow!(why)))
}

/// What to tell when the shell that ran `pager` exited with `code`: the shell's own codes for a
/// command it could not find (127) or run (126). Any other status is the pager's, and pagers
/// leave non-zero for things that are not failures (a pipe closed early).
fn pager_failure(pager: &str, code: Option<i32>) -> Option<String> {
    match code {
        Some(127) => Some(format!(
            "cannot start the pager '{pager}': not found (set $PAGER)"
        )),
        Some(126) => Some(format!(
            "cannot start the pager '{pager}': not executable (set $PAGER)"
        )),
        _ => None,
    }
}

/// Standard base64 with padding, for OSC 52.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Debug builds only: a panic once the first frame is drawn, on the screen's thread
/// (`TIDINGS_TEST_PANIC=main`) or on another (`thread`; the screen's thread waits for it), so
/// that the end-to-end tests see what a panic leaves of the terminal and the exit status.
#[cfg(debug_assertions)]
fn panic_for_tests(place: &str) {
    assert!(
        place != "main",
        "a panic for the tests, on the screen's thread"
    );
    let _ = std::thread::spawn(|| panic!("a panic for the tests, on another thread")).join();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_that_cannot_start_is_told_and_its_own_status_is_not() {
        // Through the shell, as `page` runs it.
        let code = |pager: &str| {
            Command::new("sh")
                .arg("-c")
                .arg(pager)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap()
                .code()
        };
        assert_eq!(
            pager_failure("/nonexistent/pager", code("/nonexistent/pager")).as_deref(),
            Some("cannot start the pager '/nonexistent/pager': not found (set $PAGER)")
        );
        assert!(
            pager_failure("/dev/null", code("/dev/null"))
                .is_some_and(|why| why.ends_with("not executable (set $PAGER)"))
        );
        assert_eq!(pager_failure("cat", code("cat")), None);
        // A pager's own failure status (here 1) is not taken for a failure to start.
        assert_eq!(pager_failure("false", code("false")), None);
    }

    #[test]
    fn browser_takes_a_list_of_commands_with_the_url_where_percent_s_is() {
        let url = "https://example.com/a?b=1&c=%20";
        let commands = |browser| {
            browser_commands(browser, url)
                .into_iter()
                .map(|c| {
                    let mut words = vec![c.program];
                    words.extend(c.args);
                    (words.join(" "), c.console)
                })
                .collect::<Vec<_>>()
        };
        let default = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        assert_eq!(commands(None), [(format!("{default} {url}"), false)]);
        assert_eq!(commands(Some("  ")), [(format!("{default} {url}"), false)]);
        assert_eq!(
            commands(Some(
                "firefox --new-window:/usr/bin/w3m -o display_image=0::lynx '%s'"
            )),
            [
                (format!("firefox --new-window {url}"), false),
                (format!("/usr/bin/w3m -o display_image=0 {url}"), true),
                (format!("lynx {url}"), true),
            ]
        );
        // Quoted words stay whole.
        assert_eq!(
            commands(Some(r#"'/opt/My Browser/run' --profile "work \"a\"" a\ b"#)),
            [(
                format!(r#"/opt/My Browser/run --profile work "a" a b {url}"#),
                false
            )]
        );
        // `%%` is a percent sign, never the URL.
        assert_eq!(
            commands(Some("open-it --label=100%% --url=%s")),
            [(format!("open-it --label=100% --url={url}"), false)]
        );
        // "%%s" is a percent sign and an s: the URL still goes last.
        assert_eq!(
            commands(Some("open-it --label=100%%s")),
            [(format!("open-it --label=100%s {url}"), false)]
        );
    }

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
