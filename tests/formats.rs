//! Real collections: every format, encoding and bad input has a fixture here, with what loads
//! and what is reported asserted.

mod common;

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tidings::cli::load_store;
use tidings::store::{Article, ArticleStore};

fn load(paths: &[PathBuf]) -> (ArticleStore, Vec<String>) {
    let (store, loaded) = load_store(paths).expect("loads");
    let skipped = loaded.skipped.iter().map(ToString::to_string).collect();
    (store, skipped)
}

fn one(name: &str) -> Article {
    let (store, skipped) = load(&[common::fixture(&format!("formats/{name}"))]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(store.len(), 1);
    store.articles[0].clone()
}

fn companies(store: &ArticleStore, a: &Article) -> Vec<String> {
    store.company_names(a).map(str::to_owned).collect()
}

/// A scratch folder of its own for a test, empty.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("formats")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn plain_text_with_a_byline() {
    let a = one("plain.txt");
    assert_eq!(a.title, "Contoso Bank picks Northwind for its cloud");
    assert_eq!(a.byline.as_deref(), Some("Ada Lovelace"));
    assert_eq!(a.paragraphs.len(), 2);
}

#[test]
fn crlf_and_bom_are_invisible() {
    let a = one("crlf.txt");
    assert_eq!(a.title, "Fabrikam Group opens Lisbon office");
    assert!(a.paragraphs.iter().all(|p| !p.contains('\r')));
    let a = one("bom.txt");
    assert_eq!(a.title, "Tailspin Toys names new chief");
}

#[test]
fn windows_1252_is_decoded_not_mangled() {
    let a = one("latin1.txt");
    assert_eq!(a.title, "Wingtip Airways sells “legacy” fleet");
    assert!(a.paragraphs[0].contains("£12m"), "{:?}", a.paragraphs);
    assert!(
        a.paragraphs[0].contains(" – a record"),
        "{:?}",
        a.paragraphs
    );
    assert!(!a.paragraphs[0].contains('\u{fffd}'));
}

#[test]
fn html_character_references_are_decoded() {
    let a = one("entities.txt");
    assert_eq!(a.title, "Contoso & Fabrikam sign café deal");
    assert!(a.paragraphs[0].contains("£3m <net>"), "{:?}", a.paragraphs);
}

#[test]
fn hard_wrapped_lines_are_joined_into_paragraphs() {
    let a = one("hardwrapped.txt");
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    assert!(a.paragraphs[0].contains("supply signalling software to the national rail operator"));
    assert!(a.paragraphs.iter().all(|p| !p.contains('\n')));
    let a = one("indented.txt");
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    assert!(a.paragraphs[0].contains("strong demand"));
}

#[test]
fn markdown_with_yaml_front_matter() {
    let (store, _) = load(&[common::fixture("formats/front-yaml.md")]);
    let a = &store.articles[0];
    assert_eq!(a.title, "Northwind and Contoso extend their alliance");
    assert_eq!(a.date.map(|d| d.ymd()).as_deref(), Some("2021-06-14"));
    assert_eq!(a.source.as_deref(), Some("Example Wire"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://example.com/northwind-contoso")
    );
    assert_eq!(a.byline.as_deref(), Some("Grace Hopper, Alan Turing"));
    // Markup is gone; the heading is not repeated; soft-wrapped lines are one paragraph.
    assert_eq!(
        a.paragraphs,
        vec![
            "Northwind Systems and Contoso Bank said on Monday they would extend their cloud partnership for another five years.",
            "What changes",
            "• Contoso moves its trading systems",
            "• Northwind opens a data centre in Porto",
        ]
    );
    assert_eq!(
        companies(&store, a),
        vec!["Northwind Systems", "Contoso Bank"]
    );
}

#[test]
fn markdown_with_toml_front_matter_and_without_any() {
    let a = one("front-toml.md");
    assert_eq!(a.title, "Tailspin Toys buys a games studio");
    assert_eq!(a.date.map(|d| d.ymd()).as_deref(), Some("2020-03-03"));
    assert_eq!(a.source.as_deref(), Some("Example Daily"));
    let a = one("bare.md");
    assert_eq!(a.title, "Wingtip Airways orders twenty jets");
    assert_eq!(a.paragraphs.len(), 1);
}

#[test]
fn json_object_with_the_field_names_exports_use() {
    let (store, _) = load(&[common::fixture("formats/one.json")]);
    let a = &store.articles[0];
    assert_eq!(a.title, "Contoso Bank sells its card unit");
    assert_eq!(a.paragraphs.len(), 2);
    assert_eq!(a.source.as_deref(), Some("Example Wire"));
    assert_eq!(a.byline.as_deref(), Some("Ada Lovelace"));
    assert_eq!(a.url.as_deref(), Some("https://example.com/contoso-cards"));
    assert_eq!(a.date.map(|d| d.ymd()).as_deref(), Some("2019-11-02"));
    assert_eq!(companies(&store, a), vec!["Contoso Bank", "Fabrikam Group"]);
}

#[test]
fn json_array_loads_good_items_and_names_the_bad_one() {
    let (store, skipped) = load(&[common::fixture("formats/many.json")]);
    let titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Northwind Systems cuts prices", "Fabrikam Group hires"]
    );
    assert_eq!(
        store.articles[1].paragraphs.len(),
        2,
        "a body given as a list of paragraphs"
    );
    assert_eq!(
        store.articles[1].date.map(|d| d.ymd()).as_deref(),
        Some("1987-03-09")
    );
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0].contains("many.json")
            && skipped[0].contains("item 2")
            && skipped[0].contains("title"),
        "{skipped:?}"
    );
}

#[test]
fn json_lines_skip_malformed_lines_and_wrong_types_with_their_line() {
    let (store, skipped) = load(&[common::fixture("formats/export.jsonl")]);
    let origins: Vec<&str> = store
        .articles
        .iter()
        .map(|a| a.origin.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        origins,
        vec!["export.jsonl:1", "export.jsonl:2", "export.jsonl:6"]
    );
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].contains("export.jsonl: line 3:"), "{skipped:?}");
    assert!(
        skipped[1].contains("export.jsonl: line 4:") && skipped[1].contains("body"),
        "{skipped:?}"
    );
    // Entities of other types than organisations are not companies.
    assert_eq!(companies(&store, &store.articles[0]), vec!["Tailspin Toys"]);
}

#[test]
fn a_folder_of_every_format_loads_in_a_stable_order() {
    let (a, _) = load(&[common::fixture("formats")]);
    let (b, _) = load(&[common::fixture("formats")]);
    let names = |s: &ArticleStore| {
        s.articles
            .iter()
            .map(|a| a.origin.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
    assert_eq!(a.len(), 16);
    let mut sorted = names(&a);
    sorted.sort();
    // Files come in name order; several articles of one file stay in file order.
    assert_eq!(names(&a)[0], sorted[0]);
}

#[test]
fn huge_inputs_neither_crash_nor_hang() {
    let dir = scratch("huge");
    // A single 2 MB line.
    let line = "Contoso Bank ".repeat(160_000);
    std::fs::write(
        dir.join("long-line.txt"),
        format!("A very long line\n\n{line}\n"),
    )
    .unwrap();
    // 20,000 paragraphs.
    let mut many = String::from("Twenty thousand paragraphs\n\n");
    for i in 0..20_000 {
        let _ = write!(
            many,
            "Paragraph {i} says Northwind Systems did something.

"
        );
    }
    std::fs::write(dir.join("many-paragraphs.txt"), many).unwrap();
    // 100,000-deep JSON nesting, as a file and as a line of JSON Lines.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.join("deep.json"), &deep).unwrap();
    std::fs::write(
        dir.join("deep.jsonl"),
        format!("{deep}\n{{\"title\": \"After the deep line\", \"body\": \"Still here.\"}}\n"),
    )
    .unwrap();

    let (store, skipped) = load(std::slice::from_ref(&dir));
    let titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"A very long line"), "{titles:?}");
    assert!(titles.contains(&"Twenty thousand paragraphs"), "{titles:?}");
    assert!(titles.contains(&"After the deep line"), "{titles:?}");
    let many = store
        .articles
        .iter()
        .find(|a| a.title == "Twenty thousand paragraphs")
        .unwrap();
    assert_eq!(many.paragraphs.len(), 20_000);
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped.iter().all(|s| s.contains("deep.json")),
        "{skipped:?}"
    );

    // The reader lays the long ones out too.
    let mut app = tidings::app::App::new(store, 0);
    for i in 0..app.hits.len() {
        app.update(tidings::action::Action::Top);
        for _ in 0..i {
            app.update(tidings::action::Action::Down);
        }
        common::render(&mut app, 100, 30);
    }
}

#[test]
fn unreadable_files_and_symlink_loops() {
    let dir = scratch("links");
    std::fs::write(dir.join("real.txt"), "A real article\n\nWith a body.\n").unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/inner.txt"),
        "An inner article\n\nWith a body.\n",
    )
    .unwrap();
    // sub/loop points back at the top: walking must not go round forever or load twice.
    std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).unwrap();
    let (store, skipped) = load(std::slice::from_ref(&dir));
    let mut titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, vec!["A real article", "An inner article"]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].contains("dangling.txt") && skipped[0].contains("cannot read"),
        "{skipped:?}"
    );
}

fn tidings(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn stdin_takes_json_lines_or_one_plain_text_article() {
    let jsonl = "{\"title\": \"From a pipe\", \"body\": \"Northwind Systems said so.\"}\n{\"title\": \"Second\", \"body\": \"Contoso Bank too.\"}\n";
    let (code, out, err) = tidings(&["--filter", "", "-"], jsonl);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.starts_with("From a pipe\tNorthwind Systems\t-:1"),
        "{out}"
    );
    let (code, out, _) = tidings(
        &["--filter", "", "-"],
        "Piped headline\n\nA body about Fabrikam Group.\n",
    );
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), "Piped headline\tFabrikam Group\t-");
    let (code, _, err) = tidings(&["--filter", "", "-"], "");
    assert_eq!(code, 2);
    assert!(err.contains("no article found in '-'"), "{err}");
}

#[test]
fn check_reports_every_skipped_file_and_exits_1() {
    let (code, out, _) = tidings(
        &["--check", common::fixture("formats").to_str().unwrap()],
        "",
    );
    assert_eq!(code, 1);
    let skipped: Vec<&str> = out.lines().filter(|l| l.starts_with("skipped ")).collect();
    assert_eq!(skipped.len(), 3, "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("16 articles loaded"),
        "{out}"
    );
    let (code, out, _) = tidings(
        &[
            "--check",
            common::fixture("formats/one.json").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn sort_orders_for_scripts() {
    let dir = common::fixture("formats");
    let dir = dir.to_str().unwrap();
    let (_, out, _) = tidings(&["--filter", "", "--sort", "date", dir], "");
    let first: Vec<&str> = out
        .lines()
        .take(2)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        first,
        vec![
            "Northwind and Contoso extend their alliance",
            "Northwind Systems in talks"
        ]
    );
    let (_, out, _) = tidings(&["--filter", "", "--sort", "title", dir], "");
    let titles: Vec<String> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
}

#[test]
fn the_bbc_corpus_loads_whole_with_every_headline_right() {
    let Some(bbc) = common::shared("corpora/bbc") else {
        return;
    };
    let (store, skipped) = load(std::slice::from_ref(&bbc));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(store.len(), 2225);
    for a in &store.articles {
        let path = Path::new(&a.origin);
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let first = text.lines().next().unwrap().trim();
        if !first.contains('&') {
            assert_eq!(a.title, first.replace('\u{fffd}', "£"), "{}", a.origin);
        }
        assert!(!a.title_inferred, "{}", a.origin);
        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        assert_eq!(a.section.as_deref(), Some(folder), "{}", a.origin);
    }
    let mutu = store
        .articles
        .iter()
        .find(|a| a.origin.ends_with("sport/199.txt"))
        .unwrap();
    assert!(
        mutu.paragraphs.iter().any(|p| p.contains("£15.8m")),
        "the Latin-1 file reads right"
    );
    let (code, out, _) = tidings(&["--check", bbc.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("2225 articles loaded"), "{out}");
    // The corpus's README lists 98 pairs of byte-identical files: the check names them.
    assert!(
        out.contains("\n98 texts are held more than once (196 articles)"),
        "{out}"
    );
    let pair = |a: &str, b: &str| {
        let (a, b) = (bbc.join(a), bbc.join(b));
        format!("\n  {} = {}\n", a.display(), b.display())
    };
    assert!(
        out.contains(&pair("business/007.txt", "business/253.txt")),
        "{out}"
    );
    assert!(out.contains(&pair("tech/004.txt", "tech/063.txt")), "{out}");
    assert_eq!(out.lines().count(), 1 + 1 + 98, "{out}");
}

#[test]
fn the_raw_text_is_read_again_from_the_file_not_kept_twice() {
    let (store, _) = load(&[
        common::fixture("formats/export.jsonl"),
        common::fixture("formats/plain.txt"),
    ]);
    let line2 = &store.articles[1];
    assert!(matches!(line2.raw, tidings::store::Raw::File(_)));
    assert!(
        line2
            .raw_text()
            .starts_with("{\"title\": \"Wingtip Airways adds routes\""),
        "{}",
        line2.raw_text()
    );
    let plain = store
        .articles
        .iter()
        .find(|a| a.origin.ends_with("plain.txt"))
        .unwrap();
    assert!(plain.raw_text().starts_with("Contoso Bank picks Northwind"));
    // A file gone since is said so, not a crash.
    let dir = scratch("gone");
    std::fs::write(dir.join("a.txt"), "Soon gone\n\nA body.\n").unwrap();
    let (store, _) = load(std::slice::from_ref(&dir));
    std::fs::remove_file(dir.join("a.txt")).unwrap();
    assert!(
        store.articles[0]
            .raw_text()
            .contains("cannot be read again")
    );
}

#[test]
fn utf16_files_from_windows_tools_load_and_a_large_one_in_lines_says_why_not() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("utf16");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let utf16le = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        bytes
    };
    // What PowerShell 5's Out-File and Notepad's "Unicode" write.
    std::fs::write(
        dir.join("story.txt"),
        utf16le("Northwind cuts jobs in Zürich\r\n\r\nNorthwind Systems said on Monday it would cut 300 jobs.\r\n"),
    )
    .unwrap();
    let line =
        "{\"title\": \"Contoso Bank opens a branch\", \"body\": \"Contoso Bank said so.\"}\n";
    std::fs::write(dir.join("small.jsonl"), utf16le(&line.repeat(3))).unwrap();
    // Over a megabyte: read in blocks, whose lines are found byte by byte.
    std::fs::write(dir.join("large.jsonl"), utf16le(&line.repeat(9_000))).unwrap();
    let (code, out, _) = tidings(&["--check", dir.to_str().unwrap()], "");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\n4 articles loaded"), "{out}");
    let large = dir.join("large.jsonl");
    assert!(
        out.starts_with(&format!(
            "skipped {}: UTF-16 text: a JSON Lines file over 1 MiB is read as UTF-8",
            large.display()
        )),
        "{out}"
    );
    let (_, listed, _) = tidings(&["--filter", "", dir.to_str().unwrap()], "");
    assert!(
        listed.contains("Northwind cuts jobs in Zürich\tNorthwind Systems"),
        "{listed}"
    );
    // Its three lines are one text, listed once.
    assert_eq!(
        listed.matches("Contoso Bank opens a branch").count(),
        1,
        "{listed}"
    );
}

#[test]
fn the_raw_text_of_a_line_deep_in_a_large_json_lines_file_is_read_from_its_place() {
    // Over a megabyte, so read in blocks; a byte-order mark, a CRLF line and a blank line.
    let dir = scratch("raw-offsets");
    let line = |i: usize| {
        format!("{{\"title\": \"Story {i}\", \"body\": \"Contoso Bank said so, part {i}.\"}}")
    };
    let mut text = String::from("\u{feff}");
    for i in 0..20_000 {
        text.push_str(&line(i));
        text.push_str(if i == 7 { "\r\n\n" } else { "\n" });
    }
    let file = dir.join("big.jsonl");
    std::fs::write(&file, &text).unwrap();
    assert!(text.len() > 1 << 20);
    let (store, skipped) = load(std::slice::from_ref(&file));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(store.len(), 20_000);
    for i in [0, 7, 8, 12_345, 19_999] {
        let a = &store.articles[i];
        assert_eq!(a.title, format!("Story {i}"));
        assert_eq!(a.raw_text(), line(i), "{}", a.origin);
        let tidings::store::Raw::File(reread) = &a.raw else {
            panic!("kept: {}", a.origin)
        };
        assert!(reread.offset.is_some(), "{}", a.origin);
    }
    // Written again with a line less at the top: what was loaded is no longer there.
    let shorter = text.replacen(&format!("{}\n", line(0)), "", 1);
    std::fs::write(&file, shorter).unwrap();
    assert!(
        store.articles[12_345]
            .raw_text()
            .contains("it has changed since it was loaded"),
        "{}",
        store.articles[12_345].raw_text()
    );
}

#[test]
fn the_raw_text_of_an_item_of_a_json_array_is_read_from_its_place() {
    let dir = scratch("raw-items");
    let item = |i: usize| {
        format!("{{\"title\": \"Item {i}\", \"body\": \"Northwind Systems said so, part {i}.\"}}")
    };
    let items: Vec<String> = (0..500).map(item).collect();
    let text = format!("[\n  {}\n]\n", items.join(",\n  "));
    let file = dir.join("export.json");
    std::fs::write(&file, &text).unwrap();
    let (store, skipped) = load(std::slice::from_ref(&file));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(store.len(), 500);
    for i in [0, 1, 250, 499] {
        let a = &store.articles[i];
        assert_eq!(
            a.raw_text(),
            format!("Northwind Systems said so, part {i}.")
        );
        let tidings::store::Raw::File(reread) = &a.raw else {
            panic!("kept: {}", a.origin)
        };
        assert!(reread.offset.is_some(), "{}", a.origin);
    }
    // Written again shorter: nothing that reads as an article starts there any more.
    std::fs::write(&file, "[]\n").unwrap();
    assert!(
        store.articles[250]
            .raw_text()
            .contains("it has changed since it was loaded"),
        "{}",
        store.articles[250].raw_text()
    );
}

#[test]
fn a_saved_web_page_is_read_as_a_reader_view_reads_it() {
    let (store, skipped) = load(&[common::fixture("html")]);
    // A redirect page holds no text: said, naming the file; the rest loads.
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].contains("moved.html") && skipped[0].contains("no article text in the page"),
        "{skipped:?}"
    );
    assert_eq!(store.len(), 2);
    let page = store
        .articles
        .iter()
        .find(|a| a.origin.ends_with("contoso-northwind.html"))
        .unwrap();
    assert_eq!(
        page.title,
        "Contoso Bank moves its accounts to Northwind's cloud"
    );
    assert_eq!(page.source.as_deref(), Some("Example Business News"));
    assert_eq!(page.byline.as_deref(), Some("Jane Roe"));
    assert_eq!(
        page.url.as_deref(),
        Some("https://news.example/2021/06/contoso-northwind-cloud")
    );
    assert_eq!(page.date.map(|d| d.ymd()).as_deref(), Some("2021-06-14"));
    // The article's paragraphs, entities decoded, and nothing of the page around them: no
    // menu, cookie banner, share bar, caption, related links, newsletter box or comment form.
    assert_eq!(
        page.paragraphs,
        vec![
            "Contoso Bank is moving its customer accounts to data centres run by Northwind Systems, the bank said on Monday, in one of the largest cloud contracts signed by a European lender this year.",
            "The contract is worth about €300 million over seven years, according to two people familiar with the deal. Contoso Bank declined to comment on its value.",
            "Northwind Systems said the move would take eighteen months & would be done region by region, starting with the bank's Irish business.",
            "Shares in Northwind rose 4% in early trading.",
        ]
    );
    assert_eq!(
        companies(&store, page),
        ["Northwind Systems", "Contoso Bank"]
    );
    // The raw view is the page's source.
    assert!(page.raw_text().starts_with("<!DOCTYPE html>"));
    // A page that says little about itself: the headline from its <h1>.
    let saved = store
        .articles
        .iter()
        .find(|a| a.origin.ends_with("saved-page.htm"))
        .unwrap();
    assert_eq!(saved.title, "Tailspin Toys names a new chief executive");
    assert_eq!(saved.paragraphs.len(), 2);
    assert!(saved.paragraphs[1].starts_with("Ms Ortiz joins from Fabrikam Group"));
    // Piped in, a page is known by its first tag.
    let html = std::fs::read_to_string(common::fixture("html/saved-page.htm")).unwrap();
    let (code, out, err) = tidings(&["--filter", "", "-"], &html);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Tailspin Toys names a new chief executive\t"),
        "{out}"
    );
    // Escape sequences in a page reach no output, in its text or in what it says about itself.
    let page = "<html><head><title>Red \x1b[31malert\x1b[0m</title>\
        <meta name=author content='\x1b]52;c;aGk=\x07Eve'></head>\
        <body><p>Contoso Bank \x1b[2Jsaid so.</p></body></html>";
    let (code, out, err) = tidings(&["--filter", "", "--json", "-"], page);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains(r#""title":"Red alert""#), "{out}");
    assert!(out.contains(r#""byline":"Eve""#), "{out}");
}

#[test]
fn the_bbc_corpus_saved_as_web_pages_reads_as_the_text_files_do() {
    let Some(bbc) = common::shared("corpora/bbc") else {
        return;
    };
    let (plain, _) = load(&[bbc]);
    // Each article written out as a page of the usual shape: menus, a share bar, an aside and a
    // footer around an <article> that holds the headline and the paragraphs.
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let dir = scratch("bbc-html");
    for (i, a) in plain.articles.iter().enumerate() {
        let mut page = format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>{title} - BBC News</title>\
             <meta property=og:site_name content='BBC News'><script>var x = '<p>no</p>';</script>\
             </head><body><header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>\
             <main><article><h1>{title}</h1><div class=share-tools><a>Share</a></div>\n",
            title = escape(&a.title)
        );
        for (k, p) in a.paragraphs.iter().enumerate() {
            writeln!(page, "<p>{}</p>", escape(p)).unwrap();
            if k == 0 {
                // What a page puts between paragraphs: a picture and its caption, a box of
                // links, a newsletter form.
                page.push_str(
                    "<figure><img src=a.jpg><figcaption>The company's chief executive speaking \
                     in London on Monday</figcaption></figure>\
                     <div class='related-links'><h3>More on this story</h3><ul><li>Markets \
                     rally as oil prices fall</li></ul></div>\
                     <div class=newsletter><form><label>Get our daily briefing</label>\
                     <button>Sign up</button></form></div>\n",
                );
            }
        }
        page.push_str(
            "</article><aside>Most read</aside></main><footer>BBC</footer></body></html>",
        );
        std::fs::write(dir.join(format!("{i:04}.html")), page).unwrap();
    }
    let (pages, skipped) = load(&[dir]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(pages.len(), plain.len());
    let mut differ = Vec::new();
    for (a, b) in plain.articles.iter().zip(&pages.articles) {
        // A title's runs of spaces ("'false economy'  - TUC") read as a browser shows them.
        let text = |x: &Article| {
            (
                x.title.split_whitespace().collect::<Vec<_>>().join(" "),
                x.paragraphs.iter().map(str::to_owned).collect::<Vec<_>>(),
            )
        };
        if text(a) != text(b) || companies(&plain, a) != companies(&pages, b) {
            differ.push(a.origin.clone());
        }
        assert_eq!(b.source.as_deref(), Some("BBC News"));
    }
    assert!(differ.is_empty(), "{} differ: {differ:?}", differ.len());
    assert_eq!(plain.company_counts(), pages.company_counts());
}

#[test]
fn the_folder_a_browser_saves_beside_a_page_is_not_read() {
    let dir = scratch("saved-complete");
    let page = std::fs::read(common::fixture("html/saved-page.htm")).unwrap();
    std::fs::write(dir.join("Tailspin.htm"), &page).unwrap();
    // "Save Page As… complete": the page's frames, scripts and pictures beside it.
    let assets = dir.join("Tailspin_files");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(
        assets.join("ad-frame.html"),
        "<html><body><p>Buy now: Fabrikam Group phones at half price.</p></body></html>",
    )
    .unwrap();
    std::fs::write(assets.join("empty.html"), "<html><body></body></html>").unwrap();
    // A folder of that name with no page beside it is a folder like any other.
    let notes = dir.join("Reports_files");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("note.txt"),
        "Contoso Bank hires\n\nContoso Bank hired a new chief.",
    )
    .unwrap();
    let (store, skipped) = load(&[dir]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let mut titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Contoso Bank hires",
            "Tailspin Toys names a new chief executive"
        ]
    );
}

/// A news feed as `curl` saves it: RSS with its items' full text in HTML.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example Business Wire</title>
  <item>
    <title>Contoso Bank picks Northwind for its cloud</title>
    <link>https://www.example.com/contoso</link>
    <pubDate>Tue, 03 Mar 2020 10:15:00 +0000</pubDate>
    <content:encoded><![CDATA[<p>Contoso Bank chose Northwind Systems to run its cloud.</p><p>The deal runs for five years.</p>]]></content:encoded>
  </item>
  <item>
    <title>Fabrikam Group buys a rival</title>
    <description>Fabrikam Group agreed to buy a smaller rival.</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_and_atom_feeds_load_an_article_an_item_and_other_xml_is_left_alone() {
    let dir = scratch("feeds");
    std::fs::write(dir.join("wire.xml"), FEED).unwrap();
    std::fs::write(
        dir.join("sitemap.xml"),
        "<?xml version=\"1.0\"?><urlset><url><loc>https://x</loc></url></urlset>",
    )
    .unwrap();
    let (store, skipped) = load(std::slice::from_ref(&dir));
    let titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Contoso Bank picks Northwind for its cloud",
            "Fabrikam Group buys a rival"
        ]
    );
    let a = &store.articles[0];
    assert_eq!(
        a.paragraphs.iter().collect::<Vec<_>>(),
        [
            "Contoso Bank chose Northwind Systems to run its cloud.",
            "The deal runs for five years."
        ]
    );
    assert_eq!(a.source.as_deref(), Some("Example Business Wire"));
    assert_eq!(a.url.as_deref(), Some("https://www.example.com/contoso"));
    assert_eq!(a.date.map(|d| d.ymd()).as_deref(), Some("2020-03-03"));
    assert_eq!(companies(&store, a), ["Contoso Bank", "Northwind Systems"]);
    assert!(a.origin.ends_with("wire.xml#0"), "{}", a.origin);
    // `r` shows the item's text again.
    assert!(store.articles[1].raw_text().contains("agreed to buy"));
    // An `.xml` file in a folder that is not a feed is no article file: left alone, as a
    // picture would be. Named on the command line, it is told.
    assert_eq!(skipped, Vec::<String>::new());
    let (code, out, err) = tidings(&["--check", dir.join("sitemap.xml").to_str().unwrap()], "");
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("sitemap.xml") && err.contains("not a news feed"),
        "{err}"
    );
    // Piped in, as `curl -s URL | tidings -` gives it.
    let (code, out, err) = tidings(&["--filter", "", "-"], FEED);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.starts_with("Contoso Bank picks Northwind for its cloud\t"),
        "{out}"
    );
}

#[test]
fn a_csv_dataset_loads_an_article_a_row() {
    let dir = scratch("csv");
    // The columns of a published dataset of news; a text over several lines.
    let csv = "id,title,publication,author,date,url,content\n\
        1,Contoso Bank picks Northwind,Example Wire,Grace Hopper,2017-01-03,https://www.example.com/a,\"Contoso Bank chose Northwind Systems, its cloud partner.\n\nThe deal runs for five years.\"\n\
        2,Fabrikam Group buys a rival,Example Wire,,2017-01-04,,Fabrikam Group agreed to buy a rival.\n";
    std::fs::write(dir.join("news.csv"), csv).unwrap();
    std::fs::write(
        dir.join("more.tsv"),
        "headline\ttext\nTab story\tNorthwind Systems opened a plant.\n",
    )
    .unwrap();
    let (store, skipped) = load(std::slice::from_ref(&dir));
    assert_eq!(skipped, Vec::<String>::new());
    let titles: Vec<&str> = store.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Tab story",
            "Contoso Bank picks Northwind",
            "Fabrikam Group buys a rival"
        ]
    );
    let a = &store.articles[1];
    assert_eq!(a.paragraphs.len(), 2);
    assert_eq!(a.source.as_deref(), Some("Example Wire"));
    assert_eq!(a.byline.as_deref(), Some("Grace Hopper"));
    assert_eq!(companies(&store, a), ["Contoso Bank", "Northwind Systems"]);
    assert!(a.origin.ends_with("news.csv:2"), "{}", a.origin);
    assert!(store.articles[2].origin.ends_with("news.csv:5"));
    // `r`: the row's whole text, over its lines.
    assert!(
        a.raw_text().ends_with("The deal runs for five years."),
        "{}",
        a.raw_text()
    );
}
