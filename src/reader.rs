//! The reader's document: an article laid out as wrapped lines for one width.
//!
//! Built for the selected article only, when the article, the width or the mode changes, and
//! cached by the app; drawing reads it.

use std::ops::Range;

use crate::reflow::wrap_ranges;
use crate::store::{Article, ArticleStore, CompanyId};

/// What a block of the document is, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// Source, byline, section.
    Meta,
    /// The companies the article mentions.
    Companies,
    /// The summary under the headline.
    Standfirst,
    /// A body paragraph.
    Body,
    /// A line of the raw text.
    Raw,
}

/// A highlighted range inside a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A mention of a company the filter matched.
    Company,
}

/// A block of text (a headline, a paragraph...) and its wrapped lines.
#[derive(Debug, Clone)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Which article text it shows: 0 for the title, `i + 1` for paragraph `i`; `None` otherwise.
    pub source: Option<usize>,
    /// Its text.
    pub text: String,
    /// Highlights, sorted and non-overlapping byte ranges of `text`.
    pub marks: Vec<(Range<usize>, Mark)>,
}

/// One screen line of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocLine {
    /// An empty line between blocks.
    Blank,
    /// Part of a block: the block's index and a byte range of its text.
    Text {
        /// Index into [`Doc::blocks`].
        block: usize,
        /// Byte range of the block's text.
        range: Range<usize>,
    },
}

/// Which document a [`Doc`] is: it is rebuilt when any of these changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    /// The article.
    pub article: u32,
    /// The text width in columns.
    pub width: usize,
    /// Raw text rather than the cleaned view.
    pub raw: bool,
    /// The companies whose mentions are highlighted.
    pub highlight: Vec<CompanyId>,
}

/// An article laid out for one width.
#[derive(Debug, Clone)]
pub struct Doc {
    /// What it was built for.
    pub key: DocKey,
    /// Its blocks.
    pub blocks: Vec<Block>,
    /// Its lines, top to bottom.
    pub lines: Vec<DocLine>,
}

/// A reading position that survives re-wrapping: a block and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchor {
    /// The block.
    pub block: usize,
    /// A byte offset in the block's text.
    pub offset: usize,
}

impl Doc {
    /// Lays out `article` for `key.width` columns.
    pub fn build(store: &ArticleStore, article: &Article, key: DocKey) -> Self {
        let mut blocks = Vec::new();
        if key.raw {
            for line in article.raw.lines() {
                blocks.push(plain(BlockKind::Raw, line.to_owned()));
            }
        } else {
            blocks.push(Block {
                kind: BlockKind::Title,
                source: Some(0),
                text: article.title.clone(),
                marks: marks(article, 0, &key.highlight),
            });
            // "Bloomberg · by Jane Doe · business": the byline is marked so that a lone name is
            // not mistaken for the source.
            let date = article
                .date
                .map(|d| d.ymd())
                .or_else(|| article.date_text.clone());
            let meta: Vec<String> = [
                date,
                article.source.clone(),
                article.byline.as_ref().map(|b| format!("by {b}")),
                article.section.clone(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !meta.is_empty() {
                blocks.push(plain(BlockKind::Meta, meta.join(" · ")));
            }
            let names: Vec<&str> = store.company_names(article).collect();
            if !names.is_empty() {
                blocks.push(plain(BlockKind::Companies, names.join(" · ")));
            }
            for (i, paragraph) in article.paragraphs.iter().enumerate() {
                let kind = if i == 0 && article.has_standfirst {
                    BlockKind::Standfirst
                } else {
                    BlockKind::Body
                };
                blocks.push(Block {
                    kind,
                    source: Some(i + 1),
                    text: paragraph.clone(),
                    marks: marks(article, i + 1, &key.highlight),
                });
            }
        }
        let mut lines = Vec::new();
        for (index, block) in blocks.iter().enumerate() {
            // Paragraphs are set apart by a blank line; the headline's metadata lines are not,
            // and raw text keeps its own blank lines.
            let gap = match block.kind {
                BlockKind::Title | BlockKind::Meta | BlockKind::Companies | BlockKind::Raw => false,
                BlockKind::Standfirst | BlockKind::Body => true,
            };
            if gap && !lines.is_empty() {
                lines.push(DocLine::Blank);
            }
            let wrapped = wrap_ranges(&block.text, key.width);
            if wrapped.is_empty() {
                lines.push(DocLine::Blank);
            }
            lines.extend(wrapped.into_iter().map(|range| DocLine::Text {
                block: index,
                range,
            }));
        }
        Doc { key, blocks, lines }
    }

    /// The position of line `index`, to find it again after re-wrapping.
    pub fn anchor(&self, index: usize) -> Anchor {
        // A blank line is anchored to the text that follows it.
        self.lines[index.min(self.lines.len())..]
            .iter()
            .find_map(|line| match line {
                DocLine::Text { block, range } => Some(Anchor {
                    block: *block,
                    offset: range.start,
                }),
                DocLine::Blank => None,
            })
            .unwrap_or_default()
    }

    /// The line that shows `anchor` in this layout.
    pub fn line_of(&self, anchor: Anchor) -> usize {
        self.lines
            .iter()
            .position(|line| match line {
                DocLine::Text { block, range } => {
                    *block > anchor.block || (*block == anchor.block && range.end > anchor.offset)
                }
                DocLine::Blank => false,
            })
            .unwrap_or(0)
    }
}

fn plain(kind: BlockKind, text: String) -> Block {
    Block {
        kind,
        source: None,
        text,
        marks: Vec::new(),
    }
}

/// The mentions, in article text `text`, of the companies to highlight.
fn marks(article: &Article, text: usize, highlight: &[CompanyId]) -> Vec<(Range<usize>, Mark)> {
    let mut marks: Vec<(Range<usize>, Mark)> = article
        .mentions
        .iter()
        .filter(|m| m.text == text && highlight.contains(&m.company))
        .map(|m| (m.range.clone(), Mark::Company))
        .collect();
    marks.sort_by_key(|(r, _)| r.start);
    // Overlapping mentions would break the one-pass segmenting; keep the first of any overlap.
    let mut end = 0;
    marks.retain(|(r, _)| {
        let keep = r.start >= end;
        if keep {
            end = r.end;
        }
        keep
    });
    marks
}
