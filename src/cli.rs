//! The command line: options, and the non-interactive commands (`--filter`, `--companies`).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, ValueEnum};
use serde::Serialize;

use crate::app::App;
use crate::filter;
use crate::order::{Order, Ranks};
use crate::query::{self, Scope};
use crate::state::{self, ReadingState};
use crate::store::ArticleStore;
use crate::store::cache::CacheConfig;
use crate::store::load::Loaded;

/// A keyboard-driven terminal explorer of news articles, filtered by the companies they mention.
///
/// With no PATH, opens the bundled sample articles. PATHs are article files or folders (walked
/// recursively). With --filter or --companies, prints results instead of opening the explorer.
#[derive(Debug, Parser)]
// Command-line flags are independent switches, the way clap declares them.
#[allow(clippy::struct_excessive_bools)]
#[command(name = "tidings", version, about, long_about, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// Article files and folders of articles. None: the bundled sample.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print the articles matching QUERY, best first: title, companies, path (tab-separated).
    /// An empty QUERY matches every article. Exit status 0 when something matched, 1 when nothing did.
    #[arg(long, value_name = "QUERY")]
    pub filter: Option<String>,

    /// Open the explorer with QUERY already typed in the filter line (`-q "is:unread since:7d"`).
    #[arg(short = 'q', long, value_name = "QUERY", conflicts_with_all = ["filter", "companies", "check"])]
    pub query: Option<String>,

    /// List the companies with how many articles mention each, most first (count, name).
    #[arg(long, conflicts_with = "filter")]
    pub companies: bool,

    /// Load the collection, print what was loaded and every file or line that was skipped and
    /// why, and exit: status 0 when nothing was skipped, 1 otherwise.
    #[arg(long, conflicts_with_all = ["filter", "companies"])]
    pub check: bool,

    /// With --filter or --companies: print JSON Lines, one object per line.
    #[arg(long)]
    pub json: bool,

    /// Where terms without a `c:`, `t:` or `x:` prefix are looked for [default: companies, or
    /// the config's `[list] scope` in the explorer].
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,

    /// Print a completion script for SHELL (bash, zsh, fish, elvish, powershell) and exit.
    #[arg(long, value_name = "SHELL", value_enum, exclusive = true)]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff, for man) and exit: `tidings --man > tidings.1`.
    #[arg(long, exclusive = true)]
    pub man: bool,

    /// The order of --filter's output (and the explorer's list at start) [default: relevance,
    /// or the config's `[list] sort` in the explorer].
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,

    /// Neither read nor write the parse cache. A collection of 16 MiB or more is cleaned and
    /// recognised once and kept in `$XDG_CACHE_HOME/tidings` (else `~/.cache/tidings`), so that it
    /// opens again without being parsed again; files that changed are parsed again.
    #[arg(long)]
    pub no_cache: bool,
}

impl Cli {
    /// The parse cache this run uses, if any.
    fn cache(&self) -> Option<CacheConfig> {
        if self.no_cache {
            return None;
        }
        CacheConfig::from_env(|name| std::env::var_os(name))
    }
}

/// The `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first (load order when the query is empty).
    Relevance,
    /// Newest first.
    Date,
    /// By headline.
    Title,
    /// By source.
    Source,
}

impl From<SortArg> for Order {
    fn from(arg: SortArg) -> Self {
        match arg {
            SortArg::Relevance => Order::Relevance,
            SortArg::Date => Order::Date,
            SortArg::Title => Order::Title,
            SortArg::Source => Order::Source,
        }
    }
}

const AFTER_HELP: &str = "\
Filter language (the filter line and --filter):
  inspr cisco        every term must match; terms are fuzzy (\"inspr\" finds Inspur)
  nestle  resultats  case and accents aside, in every scope (Nestlé, résultats)
  !ibm               leave out what matches
  'telecom           exact: a substring, not fuzzy
  =ibm  c:=\"China Telecom\"   the whole name
  c:  t:  x:         this term in company names, titles, or the full text
  x:\"oil price\"  t:e-mail   titles and full text: several words are a phrase
  is:unread  is:read  is:bookmarked   the reader's own marks
  since:2015-09  until:2016  date:2015-09-25   dated from, up to, within (year, month or day)
  since:7d  since:2w  until:3m  date:yesterday   counted back from today (d, w, m, y)

Keys: press ? in the explorer for all of them.

Files:
  $XDG_CONFIG_HOME/tidings/config.toml (else ~/.config/tidings/config.toml): key bindings,
      colours, reading width. NO_COLOR turns colour off.
  $XDG_STATE_HOME/tidings/ (else ~/.local/state/tidings/): read marks and bookmarks, one file
      per collection, and where you left off; `queries`: the queries kept with Enter, one a
      line, recalled with Ctrl-p and Ctrl-n in the filter line.

Exit status: 0 on success (--filter: something matched), 1 when --filter matched nothing or
--check skipped something, 2 on an error (a missing path, no article, an invalid config).";

/// The `--scope` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// Company names.
    #[value(aliases = ["company", "c"])]
    Companies,
    /// Headlines.
    #[value(aliases = ["title", "t"])]
    Titles,
    /// Headlines and body text.
    #[value(aliases = ["x", "full-text", "fulltext"])]
    Text,
}

impl From<ScopeArg> for Scope {
    fn from(arg: ScopeArg) -> Self {
        match arg {
            ScopeArg::Companies => Scope::Company,
            ScopeArg::Titles => Scope::Title,
            ScopeArg::Text => Scope::Text,
        }
    }
}

/// Loads the articles the command line names (or the sample) into a store.
pub fn load_store(paths: &[PathBuf]) -> Result<(ArticleStore, Loaded)> {
    crate::loading::load_all(paths)
}

/// The collection's read marks and bookmarks, from the XDG state directory, with a one-line
/// notice when something about them needs saying.
fn open_reading_state(paths: &[PathBuf]) -> (ReadingState, Option<String>) {
    let key = state::collection_key(paths);
    match state::state_dir(|name| std::env::var_os(name)) {
        Some(dir) => ReadingState::open(dir.join(format!("{key}.json"))),
        None => (
            ReadingState::in_memory(),
            Some(
                "neither XDG_STATE_HOME nor HOME is set: read marks and bookmarks are not kept"
                    .to_owned(),
            ),
        ),
    }
}

/// How long the explorer waits for a collection to load before showing its first screen with a
/// gauge: long enough that the sample and small folders open whole, with no flash of a gauge,
/// short enough that the first screen of any collection comes within a tenth of a second. A
/// collection too large to load in that time (`loading::SMALL_BYTES`) does not wait at all.
const OPEN_WHOLE_WITHIN: std::time::Duration = std::time::Duration::from_millis(60);

/// Runs the explorer: checks the paths, config and state before taking the terminal, then loads
/// behind the first screen.
fn run_explorer(cli: &Cli) -> Result<ExitCode> {
    use crate::loading::{LoadEvent, Loading};
    for path in &cli.paths {
        if path.as_os_str() != "-" {
            std::fs::metadata(path).with_context(|| format!("cannot open '{}'", path.display()))?;
        }
    }
    // The config is read before the terminal is taken, so that its errors print normally.
    let names: Vec<&str> = crate::action::BINDABLE.iter().map(|(n, _)| *n).collect();
    let config = crate::config::load(|name| std::env::var_os(name), &names)?;
    let loading = Loading::start(cli.paths.clone(), cli.cache());
    // The files the load found, when it is over before the first screen (else the explorer
    // takes them with the rest of the load).
    let mut files = None;
    let mut app = match loading.wait_if_small(OPEN_WHOLE_WITHIN) {
        Some(LoadEvent::Done(store, loaded)) => {
            let skipped = loaded.skipped.len();
            files = Some(loaded.files);
            // The full-text index follows; for all but large collections, at once.
            match loading.wait_for(OPEN_WHOLE_WITHIN) {
                Some(LoadEvent::TextIndexed) => App::new(store, skipped),
                _ => App::with_loading(store, skipped, loading),
            }
        }
        // Small and broken collections are known at once: the error prints before the screen.
        Some(LoadEvent::Failed(message)) => anyhow::bail!(message),
        Some(LoadEvent::First(store)) => App::with_first_part(*store, loading),
        // Only `Loading::reload` sends `Reloaded`.
        None | Some(LoadEvent::TextIndexed | LoadEvent::Reloaded(_)) => App::while_loading(loading),
    };
    app.set_source(cli.paths.clone(), cli.cache());
    if let Some(files) = files {
        app.watch_files(files);
    }
    app.apply_config(&config);
    if let Some(query) = &cli.query {
        app.set_query(query);
    }
    // The command line's order and scope, else the config's.
    app.set_order(
        cli.sort
            .map(Order::from)
            .or(config.sort)
            .unwrap_or_default(),
    );
    if let Some(scope) = cli.scope.map(Scope::from).or(config.scope) {
        app.set_scope(scope);
    }
    let (reading, notice) = open_reading_state(&cli.paths);
    app.set_reading_state(reading, notice);
    if let Some(dir) = state::state_dir(|name| std::env::var_os(name)) {
        let (history, notice) = crate::history::History::open(dir.join("queries"));
        app.set_history(history, notice);
    }
    let result = crate::event::run(&mut app);
    // The marks saved behind the screen are in their file before the process ends.
    app.finish_saving();
    // However it ended (but a failed load, which showed nothing to come back to).
    if !app.load_failed
        && let Err(e) = app.save_resume()
    {
        app.exit_messages.push(format!("{e:#}"));
    }
    for message in &app.exit_messages {
        eprintln!("tidings: {message}");
    }
    let code = if app.load_failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends next, and the system takes its memory back at once, where freeing the
    // collection piece by piece would hold the shell prompt back (1M articles: over a second).
    // Nothing is lost: reading state was saved just above, and a parse cache left half
    // written is a temporary file, pruned later.
    std::mem::forget(app);
    result.map(|()| code)
}

/// Runs what the command line asks for, returning the exit status.
pub fn run(cli: &Cli) -> Result<ExitCode> {
    if let Some(shell) = cli.completions {
        let mut command = Cli::command();
        clap_complete::generate(shell, &mut command, "tidings", &mut io::stdout());
        return Ok(ExitCode::SUCCESS);
    }
    if cli.man {
        let written = clap_mangen::Man::new(Cli::command()).render(&mut io::stdout());
        return match written {
            // A closed pipe (`tidings --man | head`) is not an error.
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                Err(e).context("writing the manual page")
            }
            _ => Ok(ExitCode::SUCCESS),
        };
    }
    if cli.filter.is_none() && !cli.companies && !cli.check {
        return run_explorer(cli);
    }
    let (store, loaded) = crate::loading::load(
        &cli.paths,
        &crate::loading::Progress::default(),
        None,
        cli.cache().as_ref(),
    )?;
    let code = run_loaded(cli, &store, &loaded);
    // As for the explorer: the process ends next, faster than the store can be freed (100k
    // articles: 0.13 s; 1M: 1.2 s).
    std::mem::forget((store, loaded));
    code
}

/// The non-interactive commands, once the collection is loaded.
fn run_loaded(cli: &Cli, store: &ArticleStore, loaded: &Loaded) -> Result<ExitCode> {
    // Only a full-text query needs the full-text index.
    if let Some(q) = &cli.filter
        && query::parse(q, cli.scope.map_or(Scope::Company, Scope::from))
            .terms
            .iter()
            .any(|t| t.scope == Scope::Text)
    {
        crate::loading::index_text_kept(store, loaded);
    }
    if !cli.check {
        for skipped in &loaded.skipped {
            eprintln!("tidings: skipped {skipped}");
        }
    }
    let mut out = io::stdout().lock();
    let result = if cli.check {
        print_check(&mut out, store, loaded)
    } else if let Some(q) = &cli.filter {
        let (reading, notice) = open_reading_state(&cli.paths);
        if let Some(notice) = notice {
            eprintln!("tidings: {notice}");
        }
        let order = cli.sort.map_or(Order::Relevance, Order::from);
        print_filter(
            &mut out,
            store,
            &reading,
            q,
            cli.scope.map_or(Scope::Company, Scope::from),
            order,
            cli.json,
        )
    } else {
        print_companies(&mut out, store, cli.json)
    };
    match result {
        Ok(code) => Ok(code),
        // A closed pipe (`tidings --filter x | head -1`, `tidings --check | head`) is not an
        // error.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
    }
}

#[derive(Serialize)]
struct FilterRecord<'a> {
    path: &'a str,
    title: &'a str,
    companies: Vec<&'a str>,
    score: i64,
    date: Option<String>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    byline: Option<&'a str>,
    section: Option<&'a str>,
    /// The paths of the other files with the same text: a text is listed once, at its first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    copies: Vec<&'a str>,
}

fn print_filter(
    out: &mut impl Write,
    store: &ArticleStore,
    reading: &ReadingState,
    q: &str,
    scope: Scope,
    order: Order,
    json: bool,
) -> Result<ExitCode> {
    let query = query::parse(q, scope);
    let marks = |id, mark| store.article(id).is_some_and(|a| reading.has(a.hash, mark));
    let mut hits = filter::run_marked(store, &query, &marks);
    if order != Order::Relevance {
        Ranks::default().sort(store, &mut hits, order);
    }
    for hit in &hits {
        let Some(article) = store.article(hit.id) else {
            continue;
        };
        let companies: Vec<&str> = store.company_names(article).collect();
        if json {
            let record = FilterRecord {
                path: &article.origin,
                title: &article.title,
                companies,
                score: hit.score,
                date: article
                    .date
                    .map(|d| d.ymd())
                    .or_else(|| article.date_text.clone()),
                url: article.url.as_deref(),
                source: article.source.as_deref(),
                byline: article.byline.as_deref(),
                section: article.section.as_deref(),
                copies: store.copies(article).map(|c| c.origin.as_str()).collect(),
            };
            serde_json::to_writer(&mut *out, &record)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}",
                article.title,
                companies.join(", "),
                article.origin
            )?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_check(out: &mut impl Write, store: &ArticleStore, loaded: &Loaded) -> Result<ExitCode> {
    for skipped in &loaded.skipped {
        writeln!(out, "skipped {skipped}")?;
    }
    let inferred = store.articles.iter().filter(|a| a.title_inferred).count();
    writeln!(
        out,
        "{} loaded ({inferred} without a headline, titled from their first sentence), {}, {} skipped",
        crate::counted(store.len(), "article", "articles"),
        crate::counted(store.companies.len(), "company", "companies"),
        loaded.skipped.len()
    )?;
    if loaded.cached > 0 {
        writeln!(
            out,
            "{} of them taken from the parse cache, not parsed again (--no-cache to parse them)",
            loaded.cached
        )?;
    }
    // Not a fault of the input, so not a skip: what a person tidying the collection would want.
    let groups = store.copy_groups();
    if !groups.is_empty() {
        let articles: usize = groups.iter().map(|g| g.len()).sum();
        let n = groups.len();
        let texts = format!(
            "{} {}",
            crate::counted(n, "text", "texts"),
            if n == 1 { "is" } else { "are" }
        );
        writeln!(
            out,
            "{texts} held more than once ({articles} articles), identical byte for byte once sanitised:"
        )?;
        for group in groups {
            let origins: Vec<&str> = group
                .iter()
                .filter_map(|&id| store.article(id))
                .map(|a| a.origin.as_str())
                .collect();
            writeln!(out, "  {}", origins.join(" = "))?;
        }
    }
    out.flush()?;
    Ok(if loaded.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Serialize)]
struct CompanyRecord<'a> {
    company: &'a str,
    articles: usize,
}

fn print_companies(out: &mut impl Write, store: &ArticleStore, json: bool) -> Result<ExitCode> {
    for (company, articles) in store.company_counts() {
        if json {
            serde_json::to_writer(&mut *out, &CompanyRecord { company, articles })?;
            writeln!(out)?;
        } else {
            writeln!(out, "{articles}\t{company}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
