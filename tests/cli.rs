//! The command line, as scripts use it: output format, exit status, error messages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::fresh_dir;

fn tidings(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .output()
        .expect("running tidings")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 errors")
}

fn fixture(rel: &str) -> String {
    common::fixture(rel).to_str().unwrap().to_owned()
}

#[test]
fn filter_prints_title_companies_path_best_first() {
    let out = tidings(&["--filter", "inspr"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line:?}");
        assert!(fields[1].split(", ").any(|c| c == "Inspur"), "{line:?}");
        assert!(fields[2].starts_with("sample/"), "{line:?}");
    }
}

#[test]
fn an_empty_query_matches_every_article() {
    let all = tidings(&["--filter", ""]);
    assert_eq!(all.status.code(), Some(0));
    let companies = tidings(&["--companies"]);
    assert!(stdout(&all).lines().count() >= 8);
    assert!(stdout(&companies).lines().count() > 5);
}

#[test]
fn no_match_exits_1_with_no_output() {
    let out = tidings(&["--filter", "qqqzzzxxx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn json_lines_carry_path_title_companies_score() {
    let out = tidings(&["--filter", "ibm", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let mut last_score = i64::MAX;
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
        assert!(
            v["path"].as_str().is_some_and(|p| p.starts_with("sample/")),
            "{v}"
        );
        assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
        let companies: Vec<&str> = v["companies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(companies.contains(&"IBM"), "{v}");
        let score = v["score"].as_i64().unwrap();
        assert!(score <= last_score, "not best first: {v}");
        last_score = score;
    }
}

#[test]
fn companies_are_listed_most_mentioned_first() {
    let out = tidings(&["--companies"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let counts: Vec<usize> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap().parse().expect("count first"))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{text}");
    let json = tidings(&["--companies", "--json"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    assert_eq!(first["articles"].as_u64(), Some(counts[0] as u64));
    assert!(first["company"].is_string());
}

#[test]
fn a_missing_path_is_a_one_line_error_with_status_2() {
    let out = tidings(&["--filter", "x", "/no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("'/no/such/file.txt'"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_folder_without_articles_is_an_error_with_status_2() {
    let dir = fresh_dir("no-articles");
    std::fs::write(dir.join("photo.jpg"), "not an article").unwrap();
    std::fs::write(dir.join("README.md"), "# About these files").unwrap();
    let out = tidings(&["--filter", "", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no article found") && err.contains("no-articles"),
        "{err}"
    );
}

#[test]
fn a_folder_of_empty_collections_names_each_file_and_why_on_a_line_of_its_own() {
    let dir = fresh_dir("empty-collections");
    let files = [
        ("a.json", "[]", "the list of articles is empty"),
        (
            "b.json",
            r#"{"status": "ok", "totalResults": 0, "articles": []}"#,
            "the list under `articles` is empty",
        ),
        (
            "c.rss",
            "<rss version=\"2.0\"><channel><title>Wire</title></channel></rss>",
            "the feed has no item (no <item> or <entry>)",
        ),
        ("d.csv", "title,text\n", "line 1: no row after the header"),
        ("e.txt", "", "empty file"),
    ];
    for (name, text, _) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = tidings(&["--check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "tidings: no article found in '{}', 5 skipped:",
            dir.display()
        )
    );
    assert_eq!(lines.len(), 6, "{err}");
    for ((name, _, reason), line) in files.iter().zip(&lines[1..]) {
        let path = dir.join(name);
        assert_eq!(*line, format!("  skipped {}: {reason}", path.display()));
    }
    // One file: its reason on the line.
    let out = tidings(&["--check", dir.join("b.json").to_str().unwrap()]);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "tidings: no article found in '{0}': {0}: the list under `articles` is empty",
            dir.join("b.json").display()
        )
    );
}

#[test]
fn bad_files_are_skipped_with_a_reason_and_the_rest_loads() {
    let out = tidings(&["--filter", "", &fixture("mixed")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let paths: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit('\t').next().unwrap())
        .collect();
    // Hidden files and README are not articles; the empty and binary files are reported.
    assert_eq!(paths.len(), 3, "{text}");
    assert!(paths.iter().any(|p| p.ends_with("good-one.txt")));
    assert!(paths.iter().any(|p| p.ends_with("sub/good-two.txt")));
    assert!(paths.iter().any(|p| p.ends_with("escapes.txt")));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("empty.txt") && l.contains("empty file")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("corrupt.txt") && l.contains("a zip archive")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

/// `tidings` run to its end, or killed and failed if it has not ended in 30 s (it hung).
fn tidings_within(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running tidings");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("tidings {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_in_a_folder_are_skipped_and_a_pipe_named_is_read() {
    let dir = fresh_dir("pipes");
    std::fs::write(
        dir.join("story.txt"),
        "Acme buys Globex\n\nAcme Corp said it would buy Globex.\n",
    )
    .unwrap();
    let fifo = dir.join("waiting.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    // A pipe no one writes to, in a folder: opening it had waited for ever.
    let out = tidings_within(&["--check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // --check reports on its standard output.
    let report = stdout(&out);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 2, "{report}");
    assert!(
        lines[0].contains("waiting.txt") && lines[0].contains("not a file"),
        "{report}"
    );
    assert!(lines[1].starts_with("1 article loaded"), "{report}");
    // A device named is not read (`/dev/zero` would be, until memory ran out; `/dev/null`
    // tells the same without that risk to a build that reads it).
    let out = tidings_within(&["--check", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/dev/null") && err.contains("not a file"),
        "{err}"
    );
    // A pipe named is read, as the shell's `<(…)` gives one.
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::write(fifo, "Initech results\n\nInitech Ltd reported a profit.\n")
    });
    let out = tidings_within(&["--companies", fifo.to_str().unwrap()]);
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "1\tInitech\n");
}

#[cfg(unix)]
#[test]
fn file_names_with_escapes_or_tabs_reach_the_output_as_question_marks() {
    let dir = fresh_dir("names");
    // A title on a terminal, red, and a tab that would make two columns of one path.
    let named = dir.join("a\u{1b}]0;pwned\u{7}\u{1b}[31mred\tb.txt");
    std::fs::write(
        &named,
        "Acme buys Globex\n\nAcme Corp said it would buy Globex.\n",
    )
    .unwrap();
    std::fs::write(dir.join("c\u{1b}[2Jclear.txt"), "").unwrap();
    let folder = dir.to_str().unwrap();
    let shown = format!("{folder}/a?]0;pwned??[31mred?b.txt");
    let out = tidings(&["--filter", "", folder]);
    let text = stdout(&out);
    let columns: Vec<&str> = text.trim_end().split('\t').collect();
    assert_eq!(
        columns,
        ["Acme buys Globex", "Acme", shown.as_str()],
        "{text:?}"
    );
    let err = stderr(&out);
    assert_eq!(
        err.trim_end(),
        format!("tidings: skipped {folder}/c?[2Jclear.txt: empty file"),
        "{err:?}"
    );
    let out = tidings(&["--check", folder]);
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    // An error naming a path given on the command line.
    let out = tidings(&["--filter", "", &format!("{folder}/gone\u{1b}[2J.txt")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gone?[2J.txt"), "{}", stderr(&out));
}

#[test]
fn records_of_a_headline_feed_are_articles_of_their_own_not_copies() {
    let dir = fresh_dir("headlines");
    let feed = dir.join("feed.jsonl");
    std::fs::write(
        &feed,
        "{\"title\": \"Acme buys Globex\"}\n\
         {\"title\": \"Initech results beat forecasts\"}\n\
         {\"title\": \"Acme buys Globex\"}\n",
    )
    .unwrap();
    let out = tidings(&["--check", feed.to_str().unwrap()]);
    let report = stdout(&out);
    // The two headlines that differ are two articles; the one given twice is one text, twice.
    assert!(report.starts_with("3 articles loaded"), "{report}");
    assert!(
        report.contains("1 text is held more than once (2 articles)"),
        "{report}"
    );
    assert!(report.contains("feed.jsonl:1 = "), "{report}");
    assert!(report.contains("feed.jsonl:3"), "{report}");
    assert!(!report.contains("feed.jsonl:2 ="), "{report}");
    // Before, the second was listed as a copy of the first: its headline was not in the list.
    let out = tidings(&["--filter", "", feed.to_str().unwrap()]);
    let listed = stdout(&out);
    let titles: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Acme buys Globex", "Initech results beat forecasts"],
        "{listed}"
    );
}

#[test]
fn escape_sequences_in_files_never_reach_the_output() {
    let out = tidings(&["--filter", "", "--json", &fixture("mixed/escapes.txt")]);
    let text = stdout(&out);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["title"], "Tailspin Toys warns on costs");
}

#[test]
fn seeds_inspr_finds_the_four_inspur_stories_not_huawei() {
    let Some(seeds) = common::shared("seeds") else {
        return;
    };
    let seeds = seeds.to_str().unwrap();
    let out = tidings(&["--filter", "inspr", seeds]);
    let text = stdout(&out);
    let files: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit('/').next().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        vec![
            "000_8a99767ebba67ced.txt",
            "001_e92e776bb7ced041.txt",
            "002_aa5f4f71d1242a97.txt",
            "003_bf269a5637767654.txt"
        ],
        "{text}"
    );
    for query in ["huawei", "sberbnk", "huawei sberbnk"] {
        let out = tidings(&["--filter", query, seeds]);
        let text = stdout(&out);
        assert_eq!(text.lines().count(), 1, "{query}: {text}");
        assert!(text.contains("004_43e0cc966a6084a9.txt"), "{query}: {text}");
    }
    // Terms AND: Cisco and IBM together only where both are mentioned.
    let out = tidings(&["--filter", "cisco ibm", seeds]);
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
}

#[test]
fn the_whole_bbc_corpus_loads_and_filters() {
    let Some(bbc) = common::shared("corpora/bbc") else {
        return;
    };
    let out = tidings(&["--filter", "", bbc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    // Its 2,225 files hold 2,127 texts: 98 are listed once, at their first file, ...
    assert_eq!(stdout(&out).lines().count(), 2127, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    // ... and JSON names the other files.
    let out = tidings(&["--filter", "", "--json", bbc.to_str().unwrap()]);
    let copies: Vec<String> = stdout(&out)
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["copies"].as_array().map_or_else(Vec::new, |c| {
                c.iter().map(|p| p.as_str().unwrap().to_owned()).collect()
            })
        })
        .collect();
    assert_eq!(copies.len(), 98);
    assert!(copies.iter().all(|p| Path::new(p).is_file()));
    let listed = stdout(&tidings(&["--filter", "", bbc.to_str().unwrap()]));
    assert!(copies.iter().all(|p| !listed.contains(&format!("\t{p}\n"))));
    // The Latin-1 file reads as text with its pound sign.
    let out = tidings(&["--filter", "x:'mutu", "--json", bbc.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.contains("Chelsea sack Mutu"), "{text}");
}

#[test]
fn an_invalid_config_is_a_one_line_error_naming_file_and_line() {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-config");
    let dir = home.join("tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[reader]\nwidth = 60\n\n[keys.list]\n\"j\" = \"scrol_down\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env("XDG_CONFIG_HOME", &home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "config.toml' line 5: unknown action \"scrol_down\" (did you mean \"scroll_down\"?)"
        ),
        "{err}"
    );
}

#[test]
fn help_names_every_option_and_man_and_completions_come_from_it() {
    let out = tidings(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for option in [
        "--filter",
        "--companies",
        "--check",
        "--json",
        "--scope",
        "--sort",
        "--completions",
        "--man",
        "--version",
    ] {
        assert!(help.contains(option), "{option} missing from --help");
    }
    assert!(
        help.contains("is:unread") && help.contains("config.toml"),
        "{help}"
    );
    let man = stdout(&tidings(&["--man"]));
    assert!(
        man.starts_with(".ie") && man.contains(".TH tidings 1"),
        "{man}"
    );
    assert!(man.contains("\\-\\-filter"), "{man}");
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&tidings(&["--completions", shell]));
        assert!(
            script.contains("--filter") && script.contains("tidings"),
            "{shell}: {script}"
        );
    }
    assert_eq!(tidings(&["--completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `tidings --check | head -1` and the like: the reader goes away first.
    for args in [vec!["--check"], vec!["--filter", ""], vec!["--companies"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("running tidings");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("waiting for tidings");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn scope_names_are_those_of_the_filter_prefixes_too() {
    // `--sort title` is singular; `--scope title` should not be an error beside it.
    let by = |scope: &str| {
        let out = tidings(&["--filter", "inspur", "--scope", scope]);
        assert_eq!(out.status.code(), Some(0), "{scope}: {}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(by("title"), by("titles"));
    assert_eq!(by("t"), by("titles"));
    assert_eq!(by("company"), by("companies"));
    assert_eq!(by("x"), by("text"));
    assert_ne!(by("titles"), by("companies"));
    assert_eq!(
        tidings(&["--filter", "x", "--scope", "bogus"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn one_article_and_one_company_are_counted_in_the_singular() {
    let out = tidings(&["--check", &fixture("formats/bare.md")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("1 article loaded (0 without a headline, titled from their first sentence), 1 company, 0 skipped"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_gzip_compressed_collection_reads_as_the_files_themselves() {
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, bytes).unwrap();
        encoder.finish().unwrap()
    };
    let formats = common::fixture("formats");
    let dir = std::env::temp_dir().join(format!("tidings-cli-gzip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&formats).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(dir.join(format!("{name}.gz")), gzip(&bytes)).unwrap();
    }
    let listing = |path: &str| {
        let out = tidings(&["--filter", "", "--sort", "title", path]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let plain = listing(formats.to_str().unwrap());
    let zipped = listing(dir.to_str().unwrap());
    assert!(plain.lines().count() > 10, "{plain}");
    let names = |text: &str, root: &Path| -> Vec<String> {
        text.lines()
            .map(|l| {
                let (rest, path) = l.rsplit_once('\t').unwrap();
                let path = path.strip_prefix(root.to_str().unwrap()).unwrap();
                format!("{rest}\t{}", path.replacen(".gz", "", 1))
            })
            .collect()
    };
    assert_eq!(names(&zipped, &dir), names(&plain, &formats));
    // Piped in compressed, too.
    let export = std::fs::read(formats.join("export.jsonl")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--filter", "", "--sort", "title", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &gzip(&export)).unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(0));
    let titles = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.split('\t').next().unwrap().to_owned())
            .collect()
    };
    let from_file = tidings(&[
        "--filter",
        "",
        "--sort",
        "title",
        &fixture("formats/export.jsonl"),
    ]);
    assert_eq!(titles(&stdout(&piped)), titles(&stdout(&from_file)));
    assert!(!titles(&stdout(&piped)).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dash_q_is_for_the_explorer_only() {
    let out = tidings(&["-q", "ibm", "--filter", "ibm"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn days_counted_back_are_days_of_the_local_calendar() {
    use jiff::tz::{Offset, TimeZone};
    // UTC+14 and UTC-12 are 26 hours apart: at any moment their calendars show different days.
    let zones = [("<+14>-14", 14), ("<-12>+12", -12)];
    let day_in = |hours: i8| {
        jiff::Timestamp::now()
            .to_zoned(TimeZone::fixed(Offset::constant(hours)))
            .date()
            .to_string()
    };
    let dir = std::env::temp_dir().join(format!("tidings-cli-today-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Run again if a day ended between writing the dates and reading the answer.
    for _ in 0..3 {
        let days: Vec<String> = zones.iter().map(|&(_, h)| day_in(h)).collect();
        assert_ne!(days[0], days[1]);
        let mut lines = String::new();
        for (&(zone, _), day) in zones.iter().zip(&days) {
            let record = serde_json::json!({
                "title": format!("Dated {day} in {zone}"),
                "date": day,
                "body": format!("Inspur said it would hire in {zone}."),
            });
            lines.push_str(&record.to_string());
            lines.push('\n');
        }
        let file = dir.join("days.jsonl");
        std::fs::write(&file, lines).unwrap();
        let answers: Vec<String> = zones
            .iter()
            .map(|&(zone, _)| {
                let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
                    .args(["--filter", "date:today", file.to_str().unwrap()])
                    .env("TZ", zone)
                    .output()
                    .expect("running tidings");
                assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                stdout(&out)
            })
            .collect();
        if zones
            .iter()
            .zip(&days)
            .any(|(&(_, h), day)| day_in(h) != *day)
        {
            continue;
        }
        for ((zone, _), answer) in zones.iter().zip(&answers) {
            assert_eq!(answer.lines().count(), 1, "TZ={zone}: {answer}");
            assert!(
                answer.contains(&format!("in {zone}")),
                "TZ={zone}: {answer}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    panic!("the day kept changing");
}
