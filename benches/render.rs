//! Drawing: whole frames on a `TestBackend`, and reflow of a very long article.
//!
//! ```text
//! cargo bench --bench render
//! ```
//!
//! - `frame/WxH`: one `ui::draw` of the whole screen at 80×24, 120×40 and 250×70, with 100k
//!   generated articles loaded, the filter "inspur" typed and the reader showing the best hit (its
//!   document already laid out: the steady state while reading or scrolling);
//! - `frame_switch/WxH`: the same after moving to the next (or previous) article, so the reader's
//!   document is laid out again inside the frame;
//! - `reflow/wrap/W`: `reflow::wrap_ranges` over every paragraph of a 20,000-word article, on one
//!   core (the cost of optimal fit itself);
//! - `reflow/doc/W`: `reader::Doc::build` of that article (wrap plus blocks and highlights), as the
//!   reader does it for a new width: a document this long is wrapped on two threads
//!   (`reflow::wrap_many`), and the article's mentions are those found when it was opened;
//! - `reflow/mentions`: finding that article's company mentions (`ArticleStore::mentions`), which
//!   the reader does once when the article is opened.

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::action::Action;
use tidings::app::App;
use tidings::companies::Recognizer;
use tidings::query::{self, Scope};
use tidings::reader::{Doc, DocKey};
use tidings::reflow::wrap_ranges;
use tidings::store::{ArticleMention, ArticleStore, RawArticle};
use tidings::ui;

const SEED: u64 = 1;
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (250, 70)];

fn store_of(texts: Vec<(String, String)>) -> ArticleStore {
    let raw = texts
        .into_iter()
        .map(|(origin, text)| RawArticle::plain(origin, text))
        .collect();
    ArticleStore::build(
        raw,
        &Recognizer::shared().expect("the bundled gazetteer loads"),
    )
}

fn frames(c: &mut Criterion) {
    let store = store_of(corpus::Corpus::new(SEED).texts(100_000));
    let mut app = App::new(store, 0);
    app.update(Action::FocusFilter);
    for ch in "inspur".chars() {
        app.update(Action::FilterInsert(ch));
    }
    app.update(Action::FilterAccept);
    app.update(Action::FocusReader);
    eprintln!("frame: {} hits for \"inspur\"", app.hits.len());

    let mut g = c.benchmark_group("frame");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (w, h) in SIZES {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        terminal
            .draw(|f| ui::draw(f, &mut app))
            .expect("drawing on a test terminal");
        g.bench_function(BenchmarkId::from_parameter(format!("{w}x{h}")), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| ui::draw(f, black_box(&mut app)))
                    .map(|_| ())
                    .expect("drawing on a test terminal");
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("frame_switch");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (w, h) in SIZES {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        let mut forward = true;
        g.bench_function(BenchmarkId::from_parameter(format!("{w}x{h}")), |b| {
            b.iter(|| {
                // Back and forth between two articles, so the run never reaches the list's end.
                app.update(if forward {
                    Action::NextArticle
                } else {
                    Action::PrevArticle
                });
                forward = !forward;
                terminal
                    .draw(|f| ui::draw(f, black_box(&mut app)))
                    .map(|_| ())
                    .expect("drawing on a test terminal");
            });
        });
    }
    g.finish();
}

fn reflow(c: &mut Criterion) {
    let corpus = corpus::Corpus::new(SEED);
    let store = store_of(vec![(
        "gen/long.txt".to_owned(),
        corpus.long_article(20_000),
    )]);
    let article = store.article(0).expect("one article");
    let words: usize = article
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    eprintln!(
        "reflow: {words} words in {} paragraphs, {} companies",
        article.paragraphs.len(),
        article.companies.len()
    );
    let highlight: Vec<u32> = article.companies.iter().map(|c| c.company).collect();
    let mentions: Arc<[ArticleMention]> = store.mentions(article).into();

    let mut g = c.benchmark_group("reflow");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(words as u64));
    for width in [60, 100, 160] {
        // One core, paragraph after paragraph: the cost of optimal fit itself.
        g.bench_with_input(BenchmarkId::new("wrap", width), &width, |b, &width| {
            b.iter(|| {
                article
                    .paragraphs
                    .iter()
                    .map(|p| wrap_ranges(black_box(p), width).len())
                    .sum::<usize>()
            });
        });
        // What the reader does: the whole document, on two threads when it is long.
        g.bench_with_input(BenchmarkId::new("doc", width), &width, |b, &width| {
            b.iter(|| {
                let key = DocKey {
                    article: 0,
                    width,
                    raw: false,
                    highlight: highlight.clone(),
                    words: Vec::new(),
                };
                Doc::build(&store, black_box(article), key, Arc::clone(&mentions), None)
                    .lines
                    .len()
            });
        });
    }
    // The same with two full-text terms of the filter highlighted: every distinct word of the
    // article is matched against them once.
    let words = query::parse("market price", Scope::Text).terms;
    g.bench_function("doc_with_words/100", |b| {
        b.iter(|| {
            let key = DocKey {
                article: 0,
                width: 100,
                raw: false,
                highlight: highlight.clone(),
                words: words.clone(),
            };
            Doc::build(&store, black_box(article), key, Arc::clone(&mentions), None)
                .lines
                .len()
        });
    });
    g.bench_function("mentions", |b| {
        b.iter(|| store.mentions(black_box(article)).len());
    });
    g.finish();
}

criterion_group!(render_benches, reflow, frames);
criterion_main!(render_benches);
