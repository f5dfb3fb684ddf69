//! End to end: the built binary in a pseudo-terminal, driven by keystrokes, its screen read back
//! through a terminal emulator (vt100) as a person would see it.

mod common;

use std::fmt::Write as _;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen to show something before failing: generous, since CI machines
/// are slow; a passing test returns as soon as the screen is right.
const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    /// Starts tidings with its state and config in `home` (a folder of this test's own, so tests
    /// never touch the real ones and each starts clean unless it reuses a home).
    fn start_in(home: &std::path::Path, args: &[&str], rows: u16, cols: u16) -> Self {
        Self::start_env(home, args, rows, cols, &[])
    }

    /// As [`Session::start_in`], with more environment variables.
    fn start_env(
        home: &std::path::Path,
        args: &[&str],
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tidings"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        Self::launch(cmd, rows, cols).expect("starting tidings")
    }

    /// Runs `cmd` in a new pty of `rows` × `cols`; `None` when it cannot be started.
    fn launch(cmd: CommandBuilder, rows: u16, cols: u16) -> Option<Self> {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("opening a pty");
        let child = pty.slave.spawn_command(cmd).ok()?;
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        // The reader thread feeds everything the program writes into the emulator; it ends when
        // the program exits and the pty closes.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Some(Session {
            master: pty.master,
            writer,
            child,
            parser,
        })
    }

    /// Starts an interactive bash with job control in the pty, to run tidings from as a person
    /// does (`send` the command line); `None` when there is no bash.
    fn start_shell(home: &std::path::Path, rows: u16, cols: u16) -> Option<Self> {
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("PS1", "$ ");
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env_remove("NO_COLOR");
        Self::launch(cmd, rows, cols)
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ok` and has stopped changing (a frame may be read
    /// while it is still being written), and returns it.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                std::thread::sleep(Duration::from_millis(40));
                let again = self.screen();
                if again == screen {
                    return screen;
                }
                continue;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "screen never showed {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text one key at a time, as a person would.
    fn type_slowly(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    fn resize(&self, rows: u16, cols: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits for the program to exit; returns whether it succeeded and whether it left the
    /// terminal in its normal state (main screen, cursor shown, no mouse reporting).
    fn wait_exit(&mut self) -> (bool, bool) {
        let (code, restored) = self.wait_exit_code();
        (code == 0, restored)
    }

    /// [`Session::wait_exit`] with the exit status.
    fn wait_exit_code(&mut self) -> (u32, bool) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Give the reader thread a moment to pass on the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                let parser = self.parser.lock().unwrap();
                let screen = parser.screen();
                let restored = !screen.alternate_screen()
                    && !screen.hide_cursor()
                    && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None;
                return (status.exit_code(), restored);
            }
            assert!(
                start.elapsed() < PATIENCE,
                "tidings did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Session {
    /// Starts tidings in a fresh home named after the test.
    fn start(args: &[&str], rows: u16, cols: u16) -> Self {
        let name = std::thread::current()
            .name()
            .unwrap_or("e2e")
            .replace("::", "-");
        Self::start_in(&fresh_home(&name), args, rows, cols)
    }
}

/// An empty folder for a test's HOME, state and config.
fn fresh_home(name: &str) -> std::path::PathBuf {
    let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("e2e")
        .join(name);
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    home
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A fresh home (see [`fresh_home`]) whose tidings config file holds `config`.
fn home_with_config(name: &str, config: &str) -> std::path::PathBuf {
    let home = fresh_home(name);
    let dir = home.join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), config).unwrap();
    home
}

/// A folder `articles` in `home` with two articles: Intel's (1.txt) and Cisco's (2.txt).
fn two_articles(home: &std::path::Path) -> std::path::PathBuf {
    let dir = home.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("1.txt"),
        "Intel opens a plant\n\nIntel said it would build a plant.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("2.txt"),
        "Cisco buys a start-up\n\nCisco said the deal was done.\n",
    )
    .unwrap();
    dir
}

fn list_rows(screen: &str) -> Vec<String> {
    // In the two-pane layout the list is the left pane: the text between the first two borders.
    screen
        .lines()
        .skip(1)
        .filter_map(|l| l.split('│').nth(1).map(|s| s.trim().to_owned()))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn typing_a_filter_narrows_the_sample_and_q_restores_the_terminal() {
    let mut s = Session::start(&[], 30, 110);
    s.wait_for("the article list", |sc| {
        sc.contains("Articles") && sc.contains("10/10")
    });
    assert!(
        s.parser.lock().unwrap().screen().alternate_screen(),
        "runs on the alternate screen"
    );
    s.send("/");
    s.type_slowly("inspr");
    let screen = s.wait_for("the filtered count", |sc| {
        sc.contains("inspr") && !sc.contains("10/10")
    });
    let rows = list_rows(&screen);
    // Rows alternate title, companies: every company row names Inspur.
    let companies: Vec<&String> = rows.iter().skip(1).step_by(2).collect();
    assert!(!companies.is_empty(), "{screen}");
    for row in &companies {
        assert!(
            row.contains("Inspur"),
            "{row:?} does not mention Inspur:\n{screen}"
        );
    }
    assert!(!screen.contains("Sberbank"), "{screen}");
    s.send("\r"); // Enter keeps the filter
    s.send("\r"); // Enter reads the selected article
    s.wait_for("the reader", |sc| {
        sc.contains("Inspur") && !sc.contains(" keep ")
    });
    s.send("q");
    let (ok, restored) = s.wait_exit();
    assert!(ok, "exit status");
    assert!(restored, "terminal not restored after q");
}

#[test]
fn seeds_filter_by_company_in_a_terminal() {
    let Some(seeds) = common::shared("seeds") else {
        return;
    };
    let seeds = seeds.to_str().unwrap().to_owned();
    let mut s = Session::start(&[&seeds], 30, 120);
    s.wait_for("five articles", |sc| sc.contains("5/5"));
    s.send("/");
    s.type_slowly("inspr");
    let screen = s.wait_for("four of five", |sc| sc.contains("4/5"));
    assert!(!screen.contains("Huawei"), "{screen}");
    s.send("\x15"); // Ctrl-u clears
    s.type_slowly("sberbnk");
    let screen = s.wait_for("one of five", |sc| sc.contains("1/5"));
    assert!(screen.contains("Huawei"), "{screen}");
    s.send("\x03"); // Ctrl-c
    let (ok, restored) = s.wait_exit();
    assert!(ok && restored, "Ctrl-c: success {ok}, restored {restored}");
}

#[test]
fn resizing_the_terminal_rewraps_and_small_sizes_show_a_message() {
    let mut s = Session::start(&[], 30, 110);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    s.resize(6, 20);
    s.wait_for("the too-small message", |sc| sc.contains("too small"));
    s.resize(24, 50);
    // 50 columns: one pane at a time.
    // Waiting for the whole frame (its last lines included): the screen may be read mid-draw.
    s.wait_for("the list alone, with the filter line", |sc| {
        sc.contains("Articles") && !sc.contains("Reader") && sc.contains("10/10")
    });
    s.send("\r");
    s.wait_for("the reader alone", |sc| {
        sc.contains("Reader") && !sc.contains("Articles")
    });
    s.send("q");
    let (ok, restored) = s.wait_exit();
    assert!(ok && restored);
}

#[test]
fn a_panic_gives_the_terminal_back_and_ends_with_status_101() {
    // On the screen's thread, and on another while the screen's waits: either way the hooks give
    // the terminal back, the message is left on the main screen, and the program ends at once
    // (release builds abort on a panic; this is a debug build, which unwinds, and must end the
    // same way).
    for place in ["main", "thread"] {
        let home = fresh_home(&format!("panic-{place}"));
        let env = [("TIDINGS_TEST_PANIC", place), ("RUST_BACKTRACE", "0")];
        let mut s = Session::start_env(&home, &[], 24, 90, &env);
        let (code, restored) = s.wait_exit_code();
        assert_eq!(code, 101, "{place}:\n{}", s.screen());
        assert!(restored, "{place}: terminal not restored");
        assert!(
            s.screen().contains("a panic for the tests"),
            "{place}: no message:\n{}",
            s.screen()
        );
    }
}

#[test]
fn a_missing_path_is_an_error_before_the_terminal_is_taken() {
    let mut s = Session::start(&["/no/such/folder"], 24, 80);
    let (ok, restored) = s.wait_exit();
    assert!(!ok);
    assert!(restored);
    let screen = s.screen();
    assert!(
        screen.contains("tidings: cannot open '/no/such/folder'"),
        "{screen}"
    );
}

#[test]
fn searching_inside_an_article_counts_and_moves_between_matches() {
    let mut s = Session::start(&[], 30, 110);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    s.send("\r/");
    s.type_slowly("inspur");
    s.wait_for("the match count", |sc| {
        sc.contains("search › inspur") && sc.contains("1/")
    });
    s.send("\r");
    s.send("n");
    let screen = s.wait_for("the second match", |sc| sc.contains("“inspur” 2/"));
    assert!(screen.contains("Reader"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn read_marks_and_bookmarks_survive_a_restart() {
    let home = fresh_home("state-survives");
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("ten unread", |sc| sc.contains("10 unread"));
    s.send("\r"); // open the first article: read
    s.send("\t"); // back to the list
    s.send("j");
    s.send("m"); // bookmark the second
    s.wait_for("the bookmark", |sc| {
        sc.contains("★") && sc.contains("9 unread")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));

    let mut s = Session::start_in(&home, &[], 30, 110);
    let screen = s.wait_for("the marks again", |sc| {
        sc.contains("9 unread") && sc.contains("★")
    });
    let rows = list_rows(&screen);
    assert!(
        !rows[0].starts_with('•'),
        "first article read: {:?}",
        rows[0]
    );
    // Opened where it was left: the second article selected.
    assert!(
        rows[2].starts_with("▌★"),
        "second bookmarked and selected: {:?}",
        rows[2]
    );
    s.send("M");
    s.wait_for("only the bookmark", |sc| {
        sc.contains("is:bookmarked") && sc.contains("1/10")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    // The state file is whole JSON; beside it, where the reader left off.
    let dir = home.join("state/tidings");
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names[1].to_string_lossy().ends_with(".resume.json"),
        "{names:?}"
    );
    let file = &names[0];
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(json["bookmarks"].as_array().unwrap().len(), 1);
    assert_eq!(json["read"].as_array().unwrap().len(), 1);
}

#[test]
fn a_corrupt_state_file_is_kept_aside_and_reported() {
    let home = fresh_home("state-corrupt");
    let dir = home.join("state/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sample.json"), "{\"version\": 1, \"read\": [tru").unwrap();
    let mut s = Session::start_in(&home, &[], 30, 110);
    // The notice, and the list (a notice is said over the gauge while a load goes on).
    // However long the path (the checkout's), the notice is wrapped whole above the status line:
    // its words are read with the wrapping taken out. It ends the screen once the load is done
    // (while a load goes on, the gauge is under it).
    s.wait_for("the notice and the list", |sc| {
        let words = sc.split_whitespace().collect::<Vec<_>>().join(" ");
        words.contains("state file")
            && words.contains("was unreadable")
            && sc.trim_end().ends_with("started afresh")
            && sc.contains("Cisco and Inspur agree")
    });
    s.send("\r");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    // The whole message is printed again once the terminal is back.
    let after = s.screen().replace('\n', "");
    assert!(after.contains("started afresh"), "{after}");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let backup = names
        .iter()
        .find(|n| n.starts_with("sample.json.corrupt-"))
        .expect("a backup");
    assert_eq!(
        std::fs::read_to_string(dir.join(backup)).unwrap(),
        "{\"version\": 1, \"read\": [tru"
    );
    let fresh: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sample.json")).unwrap()).unwrap();
    assert_eq!(fresh["read"].as_array().unwrap().len(), 1);
}

#[test]
fn a_config_file_rebinds_keys_and_no_color_draws_without_colour() {
    let home = home_with_config(
        "config",
        "[keys.list]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n[reader]\nwidth = 60\n",
    );
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    {
        // Without NO_COLOR there is colour on the screen (so the check below can fail).
        let parser = s.parser.lock().unwrap();
        let coloured = (0..30).any(|r| {
            (0..110).any(|c| {
                parser
                    .screen()
                    .cell(r, c)
                    .is_some_and(|cell| cell.fgcolor() != vt100::Color::Default)
            })
        });
        assert!(coloured);
    }
    s.send("q"); // unbound: nothing happens
    s.send("x");
    assert_eq!(s.wait_exit(), (true, true));

    let mut s = Session::start_env(&home, &[], 30, 110, &[("NO_COLOR", "1")]);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        for row in 0..30 {
            for col in 0..110 {
                let cell = screen.cell(row, col).unwrap();
                assert_eq!(
                    cell.fgcolor(),
                    vt100::Color::Default,
                    "colour at {row},{col}"
                );
                assert_eq!(
                    cell.bgcolor(),
                    vt100::Color::Default,
                    "colour at {row},{col}"
                );
            }
        }
    }
    s.send("x");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn the_companies_panel_filters_the_list_in_a_terminal() {
    let mut s = Session::start(&[], 30, 110);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    s.send("c");
    s.wait_for("the panel", |sc| sc.contains("Companies ("));
    s.type_slowly("lenov");
    s.wait_for("Lenovo highlighted", |sc| {
        sc.contains("› lenov") && sc.contains("Lenovo")
    });
    s.send("\r");
    let screen = s.wait_for("the list filtered to Lenovo", |sc| {
        sc.contains("c:=Lenovo") && !sc.contains("Companies (")
    });
    let rows = list_rows(&screen);
    let companies: Vec<&String> = rows.iter().skip(1).step_by(2).collect();
    assert!(!companies.is_empty(), "{screen}");
    for row in companies {
        assert!(row.contains("Lenovo"), "{row:?}:\n{screen}");
    }
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn a_large_collection_opens_before_it_has_loaded_and_fills_in() {
    let home = fresh_home("large");
    let file = home.join("big.jsonl");
    let mut jsonl = String::new();
    let n = 4 * tidings::loading::FIRST + 3_000;
    for i in 0..n {
        let _ = writeln!(
            jsonl,
            "{{\"title\": \"Story {i}\", \"body\": \"Intel and Cisco agreed a deal, part {i}. Analysts at Gartner said so.\"}}"
        );
    }
    std::fs::write(&file, jsonl).unwrap();
    let mut s = Session::start_in(&home, &[file.to_str().unwrap()], 30, 110);
    let total = format!("/{n}");
    s.wait_for("every article", |sc| {
        sc.contains(&total) && sc.contains("Story 0")
    });
    s.send("/");
    s.type_slowly("gartnr");
    // Every article mentions Gartner: the filter keeps them all.
    s.wait_for("the filter over all of them", |sc| {
        sc.contains("/ gartnr") && sc.contains(&format!(" {n}{total}"))
    });
    s.send("\r"); // keep the filter, back to the list
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn the_pager_gets_the_clean_text_and_the_explorer_comes_back() {
    let home = fresh_home("pager");
    let out = home.join("paged.txt");
    let pager = format!("cat > '{}'", out.display());
    let mut s = Session::start_env(&home, &[], 30, 110, &[("PAGER", &pager)]);
    s.wait_for("the list", |sc| sc.contains("10/10"));
    s.send("p");
    // The pager returns at once; the explorer draws itself again.
    let deadline = Instant::now() + PATIENCE;
    while !out.exists() || std::fs::read_to_string(&out).unwrap_or_default().is_empty() {
        assert!(Instant::now() < deadline, "the pager never got the text");
        std::thread::sleep(Duration::from_millis(25));
    }
    let received = std::fs::read_to_string(&out).unwrap();
    assert!(
        received.starts_with("Cisco and Inspur agree China joint venture"),
        "{received}"
    );
    assert!(received.contains("Companies: Cisco, Inspur"), "{received}");
    assert!(
        !received.contains('\u{1b}'),
        "no escape sequence in the text given to the pager"
    );
    s.wait_for("the explorer again", |sc| {
        sc.contains("Articles") && sc.contains("10/10")
    });
    assert!(
        s.parser.lock().unwrap().screen().alternate_screen(),
        "back on the alternate screen"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn ctrl_z_gives_the_shell_the_terminal_and_fg_brings_the_explorer_back() {
    let home = fresh_home("suspend");
    let Some(mut s) = Session::start_shell(&home, 24, 100) else {
        println!("skipped: no bash to suspend to");
        return;
    };
    s.wait_for("the prompt", |sc| sc.contains("$ "));
    s.send(&format!("{}\r", env!("CARGO_BIN_EXE_tidings")));
    s.wait_for("the list", |sc| {
        sc.contains("Articles") && sc.contains("10/10")
    });
    s.send("j"); // the second article, to see it is still selected after
    let before = s.wait_for("the second article", |sc| {
        sc.contains("IBM opens its software")
    });
    s.send("\x1a"); // Ctrl-z
    let stopped = s.wait_for("the shell's word", |sc| sc.contains("Stopped"));
    let screen = s.parser.lock().unwrap().screen().clone();
    assert!(!screen.alternate_screen(), "the shell's screen:\n{stopped}");
    assert!(!screen.hide_cursor(), "with its cursor");
    s.send("fg\r");
    let after = s.wait_for("the explorer again", |sc| {
        sc.contains("Articles") && sc.contains("10/10")
    });
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    // As it was: the same article selected, in the reader too.
    let reader_title = |sc: &str| {
        sc.lines()
            .nth(1)
            .map(|l| l.split("││").nth(1).unwrap_or("").to_owned())
    };
    assert_eq!(reader_title(&after), reader_title(&before), "{after}");
    s.send("q");
    s.wait_for("the prompt after it", |sc| {
        !sc.contains("Articles") && sc.trim_end().ends_with('$')
    });
    s.send("exit\r");
    let (code, restored) = s.wait_exit_code();
    assert_eq!(code, 0);
    assert!(restored);
}

#[test]
fn ctrl_r_brings_in_files_added_since_the_explorer_opened() {
    let home = fresh_home("reload");
    let dir = two_articles(&home);
    let mut s = Session::start_in(&home, &[dir.to_str().unwrap()], 30, 110);
    // Keys typed before the explorer has the terminal would meet the tty's line editing.
    s.wait_for("the article list", |sc| sc.contains(" 2/2"));
    s.send("/");
    s.type_slowly("intl");
    s.send("\r");
    s.wait_for("the filtered list", |sc| sc.contains(" 1/2"));
    std::fs::write(
        dir.join("3.txt"),
        "Intel hires engineers\n\nIntel said it would hire a thousand engineers.\n",
    )
    .unwrap();
    // Seen behind the screen within a few seconds, and said on the status line.
    s.wait_for("the files changed", |sc| {
        sc.contains("1 new file · Ctrl-r reloads · 2 articles")
    });
    s.send("\x12"); // Ctrl-r
    let screen = s.wait_for("the reloaded list", |sc| {
        sc.contains("reloaded: 3 articles, 1 new") && sc.contains(" 2/3")
    });
    assert!(screen.contains("Intel hires engineers"), "{screen}");
    assert!(screen.contains("/ intl"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[cfg(unix)]
#[test]
fn browser_commands_are_tried_in_turn_and_a_console_browser_gets_the_terminal() {
    let home = fresh_home("browser");
    let url = "https://example.com/story?id=1&x=%20";
    let file = home.join("story.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"title\": \"Intel opens a plant\", \"body\": \"Intel said so.\", \"url\": \"{url}\"}}\n"
        ),
    )
    .unwrap();
    let bin = home.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = |name: &str, body: &str| {
        use std::os::unix::fs::PermissionsExt as _;
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    // A console browser: it shows what it was given and waits for a key, as w3m would.
    let w3m = script("w3m", "printf 'BROWSED %s\\n' \"$*\"; read answer");
    // A graphical one: detached, it writes down its arguments.
    let written = home.join("opened.txt");
    let opener = script(
        "opener",
        &format!("printf '%s\\n' \"$@\" > '{}'", written.display()),
    );
    let console = format!("/nonexistent/browser:{} -dump", w3m.display());
    let mut s = Session::start_env(
        &home,
        &[file.to_str().unwrap()],
        24,
        100,
        &[("BROWSER", console.as_str())],
    );
    s.wait_for("the list", |sc| sc.contains("Intel opens a plant"));
    s.send("o");
    // The first command is not there; the second has the terminal, the URL one argument.
    s.wait_for("the console browser", |sc| {
        sc.contains(&format!("BROWSED -dump {url}"))
    });
    assert!(!s.parser.lock().unwrap().screen().alternate_screen());
    s.send("\r");
    s.wait_for("the explorer again", |sc| {
        sc.contains("Articles") && sc.contains("Intel opens a plant")
    });
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));

    let graphical = format!("{} --new-tab=%s --x", opener.display());
    let mut s = Session::start_env(
        &home,
        &[file.to_str().unwrap()],
        24,
        100,
        &[("BROWSER", graphical.as_str())],
    );
    s.wait_for("the list", |sc| sc.contains("Intel opens a plant"));
    s.send("o");
    s.wait_for("the notice", |sc| sc.contains(&format!("opening {url}")));
    let started = std::time::Instant::now();
    while !written.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the browser never ran"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        format!("--new-tab={url}\n--x\n")
    );
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn ctrl_l_draws_over_what_something_else_wrote_on_the_screen() {
    let mut s = Session::start(&[], 24, 100);
    s.wait_for("the list", |sc| {
        sc.contains("Articles") && sc.contains("10/10")
    });
    // As if another program had written on the terminal (a message, a background job).
    s.parser
        .lock()
        .unwrap()
        .process(b"\x1b[22;10HSOMETHING ELSE WROTE HERE\x1b[22;60HAND HERE");
    assert!(s.screen().contains("SOMETHING ELSE"));
    s.send("j"); // a frame that changes other cells leaves those as they are
    s.wait_for("the second article", |sc| {
        sc.contains("IBM opens its software")
    });
    assert!(s.screen().contains("SOMETHING ELSE"));
    s.send("\x0c"); // Ctrl-l
    s.wait_for("the screen drawn whole", |sc| {
        !sc.contains("SOMETHING ELSE") && !sc.contains("AND HERE") && sc.contains("10/10")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn the_config_sets_the_order_and_scope_the_list_starts_in_and_flags_win() {
    let home = home_with_config(
        "config-list",
        "[list]\nsort = \"title\"\nscope = \"titles\"\n",
    );
    let mut s = Session::start_in(&home, &[], 30, 110);
    let screen = s.wait_for("the list", |sc| sc.contains("10/10"));
    assert!(screen.contains("titles · by title"), "{screen}");
    // In title order: the rows' headlines sorted.
    let titles: Vec<String> = list_rows(&screen)
        .iter()
        .step_by(2)
        .map(|r| r.trim_start_matches(['▌', '•', '★', ' ']).to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    let mut s = Session::start_in(&home, &["--sort", "date", "--scope", "text"], 30, 110);
    let screen = s.wait_for("the list", |sc| sc.contains("10/10"));
    assert!(screen.contains("full text · by date"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn dash_q_opens_the_explorer_with_a_query_typed() {
    let home = fresh_home("dash-q");
    let mut s = Session::start_in(&home, &["-q", "inspr"], 30, 110);
    // The count on the filter line, once it is a whole answer ("4/10"; not "10…/10" while the
    // filter works, nor "0/0" before the sample is in).
    let count = |screen: &str| -> Option<(usize, usize)> {
        let shown = screen
            .lines()
            .find(|l| l.contains(" / inspr"))?
            .split_whitespace()
            .last()?;
        let (hits, total) = shown.split_once('/')?;
        Some((hits.parse().ok()?, total.parse().ok()?))
    };
    let screen = s.wait_for("the filtered list", |sc| {
        count(sc).is_some_and(|(_, total)| total > 0)
    });
    let (hits, total) = count(&screen).unwrap();
    assert!(hits > 0 && hits < total, "{hits}/{total}\n{screen}");
    assert!(
        list_rows(&screen).iter().any(|r| r.contains("Inspur")),
        "{screen}"
    );
    // The query is the filter line's: Backspace edits it.
    s.send("/\x7f\x7f\x7f\x7f\x7f");
    s.wait_for("every article again", |sc| {
        sc.contains(&format!("{total}/{total}"))
    });
    s.send("\r");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn saved_web_pages_read_clean_and_a_quoted_phrase_is_lit_where_it_stands() {
    let pages = common::fixture("html");
    let mut s = Session::start(&[pages.to_str().unwrap()], 30, 110);
    let screen = s.wait_for("the two pages listed", |sc| {
        sc.contains("2/2") && sc.contains("1 skipped")
    });
    let rows = list_rows(&screen);
    assert!(
        rows.iter()
            .any(|r| r.contains("Contoso Bank moves its accounts")),
        "{screen}"
    );
    // Full text, a phrase: the page that says it; then read it.
    s.send("ss/");
    s.type_slowly("\"data centres\"");
    s.wait_for("one page", |sc| sc.contains("1/2"));
    s.send("\r\r");
    let screen = s.wait_for("the page in the reader", |sc| {
        sc.contains("eighteen months") && sc.contains("Example Business News")
    });
    // The page's own text only: no share bar, caption, cookie banner, menu or comment form.
    for debris in [
        "Share on",
        "Photograph",
        "cookies",
        "Markets",
        "Comments",
        "Sign up",
    ] {
        assert!(!screen.contains(debris), "{debris}:\n{screen}");
    }
    // The phrase is lit (the mention colour, yellow), as one, and nothing else is.
    let lit = {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut runs: Vec<String> = Vec::new();
        for row in 0..rows {
            let mut run = String::new();
            for col in 0..cols {
                let cell = screen.cell(row, col).unwrap();
                if cell.bgcolor() == vt100::Color::Idx(3) {
                    run.push_str(cell.contents());
                } else if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
        }
        runs
    };
    assert_eq!(lit, ["data centres"], "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn a_place_to_resume_that_cannot_be_written_is_said_on_exit_and_nothing_else_is_lost() {
    let home = fresh_home("resume-unwritable");
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("j");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    let dir = home.join("state/tidings");
    let resume = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".resume.json"))
        .expect("the place to resume written");
    // Where the file was, a folder: no file can be put there (not even by root).
    std::fs::remove_file(&resume).unwrap();
    std::fs::create_dir(&resume).unwrap();
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("m"); // a bookmark, saved as it is made
    s.wait_for("the bookmark", |sc| sc.contains("★"));
    s.send("j");
    s.send("q");
    let (ok, restored) = s.wait_exit();
    assert!(ok && restored);
    // Said on the main screen, naming the file; the bookmark kept.
    let name = resume.file_name().unwrap().to_string_lossy().into_owned();
    let screen = s.wait_for("the message", |sc| sc.contains("tidings:"));
    assert!(screen.contains(&name), "{screen}");
    // No half-written file is left beside it.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the bookmark kept", |sc| {
        sc.contains("10/10") && sc.contains("★")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn the_raw_text_read_again_comes_to_the_screen_without_a_key() {
    // A line of JSON Lines is read again from the file on a thread of its own; the event loop
    // wakes for it, so it shows with no key pressed after `r`.
    let file = common::fixture("formats/export.jsonl");
    let mut s = Session::start(&[file.to_str().unwrap()], 30, 110);
    s.wait_for("the list", |sc| sc.contains("3/3"));
    s.send("\r");
    s.send("r");
    let screen = s.wait_for("the raw line", |sc| {
        sc.contains("Raw text") && sc.contains("{\"title\"")
    });
    assert!(!screen.contains("Reading the raw text"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn auto_reload_reads_an_edited_file_by_itself_and_stays_on_its_article() {
    // `collection.auto_reload`: once the files have changed and settled, the explorer reads
    // them again with no key pressed. The article selected was the one edited: its text is new,
    // so it is found again by its place, and the reader shows the new text.
    let home = home_with_config("auto-reload", "[collection]\nauto_reload = true\n");
    let dir = two_articles(&home);
    let mut s = Session::start_in(&home, &[dir.to_str().unwrap()], 30, 110);
    s.wait_for("the article list", |sc| sc.contains(" 2/2"));
    // Select the Cisco article, wherever the list has it.
    let first = s.wait_for("the reader", |sc| sc.contains(" said "));
    if !first.contains("Cisco said the deal was done.") {
        s.send("j");
        s.wait_for("the Cisco article", |sc| {
            sc.contains("Cisco said the deal was done.")
        });
    }
    std::fs::write(
        dir.join("2.txt"),
        "Cisco buys a start-up\n\nCisco said the deal was done for ten million dollars.\n",
    )
    .unwrap();
    let screen = s.wait_for("the reload, with no key pressed", |sc| {
        sc.contains("reloaded: 2 articles, 1 new, 1 gone")
    });
    assert!(
        screen.contains("Cisco said the deal was done for ten million dollars."),
        "the reader is not on the edited article:\n{screen}"
    );
    assert!(screen.contains(" 2/2"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn a_query_kept_with_enter_is_recalled_with_ctrl_p_after_a_restart() {
    let home = fresh_home("query-history");
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("/");
    s.type_slowly("inspr");
    s.send("\r");
    let filtered = s.wait_for("the filtered list", |sc| {
        sc.contains("/ inspr") && !sc.contains("10/10")
    });
    let count = filtered
        .split_whitespace()
        .find(|w| w.ends_with("/10"))
        .unwrap()
        .to_owned();
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    assert_eq!(
        std::fs::read_to_string(home.join("state/tidings/queries")).unwrap(),
        "inspr\n"
    );

    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("/");
    s.send("\x10"); // Ctrl-p
    // The list follows the recalled query.
    s.wait_for("the query recalled, and its list", |sc| {
        sc.contains("/ inspr") && sc.contains(&count)
    });
    // Esc alone (a key sent right after would be read as Alt and that key).
    s.send("\x1b");
    s.wait_for("the filter cleared", |sc| sc.contains("10/10"));
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
}

#[test]
fn a_mark_made_just_before_quitting_is_in_the_state_file() {
    // Marks are saved on a thread of their own; the explorer waits for it before it ends, so a
    // bookmark made with the very key before `q` is not lost with the process, even when the
    // state file is large (here 300,000 read marks, 7 MB, to read back and write again).
    let home = fresh_home("mark-then-quit");
    let state_file = |home: &std::path::Path| {
        std::fs::read_dir(home.join("state/tidings"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p.to_string_lossy().ends_with(".resume.json")
            })
            .expect("a state file")
    };
    // A first session makes the state file (one article read), which is then made large.
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("u");
    s.wait_for("one read", |sc| sc.contains("9 unread"));
    s.send("q");
    assert_eq!(s.wait_exit(), (true, true));
    let file = state_file(&home);
    let read: Vec<String> = (1..=300_000u64).map(|i| format!("{i:016x}")).collect();
    let json = serde_json::json!({"version": 1, "read": read, "bookmarks": []});
    std::fs::write(&file, serde_json::to_vec(&json).unwrap()).unwrap();
    let mut s = Session::start_in(&home, &[], 30, 110);
    s.wait_for("the sample", |sc| sc.contains("10/10"));
    s.send("mq");
    assert_eq!(s.wait_exit(), (true, true));
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(json["bookmarks"].as_array().unwrap().len(), 1);
    assert_eq!(json["read"].as_array().unwrap().len(), 300_000);
}

#[test]
fn a_news_feed_and_a_csv_table_open_an_article_an_item_and_a_row() {
    let home = fresh_home("feed-and-table");
    let dir = home.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("wire.rss"),
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example Wire</title>
<item><title>Contoso Bank picks Northwind</title><pubDate>Tue, 03 Mar 2020 10:15:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Contoso Bank chose Northwind Systems.</p><p>The deal runs for five years.</p>]]></content:encoded></item>
<item><title>Fabrikam Group buys a rival</title><description>Fabrikam Group agreed to buy a rival.</description></item>
</channel></rss>"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("news.csv"),
        "title;content\nIntel opens a plant;\"Intel said it would build a plant.\n\nIt opens next year.\"\n",
    )
    .unwrap();
    let dir = dir.to_str().unwrap().to_owned();
    let mut s = Session::start_in(&home, &[&dir], 30, 120);
    s.wait_for("a row and two items", |sc| sc.contains("3/3"));
    s.send("/");
    s.type_slowly("contoso");
    let screen = s.wait_for("the feed's item", |sc| {
        sc.contains("1/3") && sc.contains("The deal runs for five years.")
    });
    assert!(screen.contains("Example Wire"), "{screen}");
    s.send("\x15"); // Ctrl-u clears
    s.type_slowly("intel");
    s.wait_for("the table's row, its text over two paragraphs", |sc| {
        sc.contains("1/3") && sc.contains("It opens next year.")
    });
    s.send("\x03"); // Ctrl-c
    let (ok, restored) = s.wait_exit();
    assert!(ok && restored, "Ctrl-c: success {ok}, restored {restored}");
}
