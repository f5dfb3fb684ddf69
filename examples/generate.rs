//! Generates a deterministic collection of realistic business-news articles for benchmarks and
//! stress tests.
//!
//! ```text
//! cargo run --release --example generate -- --count 100000 --seed 1 --format jsonl --out target/bench-data/100k.jsonl
//! cargo run --release --example generate -- --count 10000 --format txt --out target/bench-data/10k
//! ```
//!
//! `--format txt` writes one file per article, `OUT/NNN/NNNNNN.txt` (1,000 files per folder);
//! `--format jsonl` writes one JSON object per line to the file OUT:
//! `{"title","body","date","source","url","author"}`. The same seed always gives the same bytes.
//! A one-line summary (articles, bytes, distinct companies used) goes to stderr.
//!
//! The generator itself lives in `benches/common/corpus.rs`, shared with the benchmarks.

#[path = "../benches/common/corpus.rs"]
mod corpus;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, ValueEnum};

use corpus::{Article, Corpus};

/// Generates realistic news articles mentioning companies, deterministically.
#[derive(Debug, Parser)]
struct Args {
    /// How many articles.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// The seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// One `.txt` file per article, or one JSON Lines file.
    #[arg(long, value_enum, default_value_t = Format::Txt)]
    format: Format,
    /// The folder (txt) or file (jsonl) to write.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Txt,
    Jsonl,
}

/// Articles are made in chunks, on every core, and written in order.
const CHUNK: u64 = 1000;

fn main() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let corpus = Corpus::new(args.seed);
    let mut used = vec![false; corpus.pool.len()];
    let mut bytes: u64 = 0;

    let mut jsonl = match args.format {
        Format::Jsonl => {
            if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)
                    .with_context(|| format!("creating '{}'", parent.display()))?;
            }
            let file = File::create(&args.out)
                .with_context(|| format!("creating '{}'", args.out.display()))?;
            Some(BufWriter::with_capacity(1 << 20, file))
        }
        Format::Txt => {
            fs::create_dir_all(&args.out)
                .with_context(|| format!("creating '{}'", args.out.display()))?;
            None
        }
    };

    let chunks = args.count.div_ceil(CHUNK);
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get) as u64;
    std::thread::scope(|scope| -> Result<()> {
        // Worker `w` makes chunks w, w + workers, ...; each sends to its own bounded channel so the
        // writer can take chunks back in order and memory stays bounded (at most two chunks
        // queued per worker).
        let mut receivers = Vec::new();
        for w in 0..workers {
            let (tx, rx) = mpsc::sync_channel::<Vec<(String, Vec<usize>)>>(2);
            receivers.push(rx);
            let corpus = &corpus;
            let (count, format) = (args.count, args.format);
            scope.spawn(move || {
                let mut chunk = w;
                while chunk < chunks {
                    let start = chunk * CHUNK;
                    let end = (start + CHUNK).min(count);
                    let made = (start..end)
                        .map(|i| {
                            let article = corpus.article(i);
                            (render(&article, format), article.companies)
                        })
                        .collect();
                    if tx.send(made).is_err() {
                        return; // the writer stopped on an error
                    }
                    chunk += workers;
                }
            });
        }
        for chunk in 0..chunks {
            let made = receivers[(chunk % workers) as usize]
                .recv()
                .context("a generator thread stopped")?;
            let folder = args.out.join(format!("{chunk:03}"));
            if jsonl.is_none() {
                fs::create_dir_all(&folder)
                    .with_context(|| format!("creating '{}'", folder.display()))?;
            }
            for (offset, (text, companies)) in made.into_iter().enumerate() {
                for c in companies {
                    used[c] = true;
                }
                bytes += text.len() as u64;
                if let Some(out) = &mut jsonl {
                    out.write_all(text.as_bytes())
                        .with_context(|| format!("writing '{}'", args.out.display()))?;
                } else {
                    let index = chunk * CHUNK + offset as u64;
                    write_file(&folder.join(format!("{index:06}.txt")), &text)?;
                }
            }
        }
        Ok(())
    })?;
    if let Some(mut out) = jsonl {
        out.flush()
            .with_context(|| format!("writing '{}'", args.out.display()))?;
    }
    let distinct = used.iter().filter(|&&u| u).count();
    eprintln!(
        "generate: {} articles, {bytes} bytes ({} bytes/article), {distinct} distinct companies used (pool {}), seed {}, {:?} -> '{}' in {:.1}s",
        args.count,
        bytes / args.count.max(1),
        corpus.pool.len(),
        args.seed,
        args.format,
        args.out.display(),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}

fn render(article: &Article, format: Format) -> String {
    match format {
        Format::Txt => article.to_txt(),
        Format::Jsonl => {
            let mut line = article.to_json();
            line.push('\n');
            line
        }
    }
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("writing '{}'", path.display()))
}
