//! The reader's document: an article laid out as wrapped lines for one width.
//!
//! Built for the selected article only, when the article, the width or the mode changes, and
//! cached by the app; drawing reads it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::filter::{self, Highlighter};
use crate::matcher::fold_char;
use crate::query::{Phrase, Query, Scope, Term};
use crate::reflow::wrap_many;
use crate::store::{Article, ArticleMention, ArticleStore, CompanyId};
use crate::vocab;

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
    /// A mention of a company the filter matched: highlighted.
    Company,
    /// A mention of another company: not highlighted, but a stop for the mention keys.
    Mention,
    /// A word the filter's title or full-text terms matched: highlighted.
    Word,
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
    /// The filter's title and full-text terms (positive ones): the words they match are
    /// highlighted, title terms in the headline, full-text terms all through.
    pub words: Vec<Term>,
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
    /// The article's company mentions ([`ArticleStore::mentions`]), kept for the next layout of
    /// the same article: found for each width, they would cost a 20,000-word article as much
    /// again as wrapping it.
    pub mentions: Arc<[ArticleMention]>,
}

/// A reading position that survives re-wrapping: a block and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Anchor {
    /// The block.
    pub block: usize,
    /// A byte offset in the block's text.
    pub offset: usize,
}

/// "identical copy: PATH", "identical copies: A, B, C and 2 more", or nothing: where else the
/// collection holds this text.
fn copies_line(store: &ArticleStore, article: &Article) -> Option<String> {
    /// Origins named; the rest are counted.
    const NAMED: usize = 3;
    let origins: Vec<&str> = store.copies(article).map(|c| c.origin.as_str()).collect();
    let (named, more) = origins.split_at(origins.len().min(NAMED));
    let label = match origins.len() {
        0 => return None,
        1 => "identical copy",
        _ => "identical copies",
    };
    let named = named.join(", ");
    Some(match more.len() {
        0 => format!("{label}: {named}"),
        more => format!("{label}: {named} and {more} more"),
    })
}

impl Doc {
    /// Lays out `article` for `key.width` columns; `mentions` are its company mentions in text
    /// order ([`ArticleStore::mentions`]). With `key.raw`, `raw` is the article's raw text
    /// ([`Article::raw_text`]), or `None` while it is still being read: the document then says so.
    pub fn build(
        store: &ArticleStore,
        article: &Article,
        key: DocKey,
        mentions: Arc<[ArticleMention]>,
        raw: Option<&str>,
    ) -> Self {
        let mut blocks = Vec::new();
        if key.raw {
            match raw {
                Some(raw) => {
                    for line in raw.lines() {
                        blocks.push(plain(BlockKind::Raw, line.to_owned()));
                    }
                }
                None => blocks.push(plain(
                    BlockKind::Meta,
                    format!("Reading the raw text again from {}…", article.origin),
                )),
            }
        } else {
            let mut words = WordMarks::new(&key.words);
            blocks.push(Block {
                kind: BlockKind::Title,
                source: Some(0),
                text: article.title.clone(),
                marks: marks(
                    &mentions,
                    0,
                    &key.highlight,
                    &words.in_title(&article.title),
                ),
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
            if let Some(copies) = copies_line(store, article) {
                blocks.push(plain(BlockKind::Meta, copies));
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
                    text: paragraph.to_owned(),
                    marks: marks(&mentions, i + 1, &key.highlight, &words.in_text(paragraph)),
                });
            }
        }
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        let mut wrapped_blocks = wrap_many(&texts, key.width).into_iter();
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
            let wrapped = wrapped_blocks.next().unwrap_or_default();
            if wrapped.is_empty() {
                lines.push(DocLine::Blank);
            }
            lines.extend(wrapped.into_iter().map(|range| DocLine::Text {
                block: index,
                range,
            }));
        }
        Doc {
            key,
            blocks,
            lines,
            mentions,
        }
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

/// A place in the document: a block and a byte range of its text.
pub type Spot = (usize, Range<usize>);

impl Doc {
    /// Every occurrence of `query` in the document, in reading order. Smart case: a query
    /// without capitals ignores case.
    pub fn find(&self, query: &str) -> Vec<Spot> {
        if query.is_empty() {
            return Vec::new();
        }
        let fold = !query.chars().any(char::is_uppercase);
        let needle: Vec<char> = query
            .chars()
            .map(|c| fold_char(if fold { lower(c) } else { c }))
            .collect();
        let mut found = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            let text = &block.text;
            let mut starts = text.char_indices().peekable();
            while let Some((start, _)) = starts.next() {
                // Compare char by char from `start`, so byte offsets stay those of the text.
                let mut end = start;
                let mut chars = text[start..].chars();
                let matched = needle.iter().all(|&n| match chars.next() {
                    Some(c) if fold_char(if fold { lower(c) } else { c }) == n => {
                        end += c.len_utf8();
                        true
                    }
                    _ => false,
                });
                if matched {
                    found.push((index, start..end));
                    // Occurrences do not overlap: go on after this one.
                    while starts.next_if(|&(i, _)| i < end).is_some() {}
                }
            }
        }
        found
    }

    /// Where the mention keys stop, in reading order: the highlights (mentions of the companies
    /// and the words the filter matched) when there are any, else every company mention.
    pub fn mentions(&self) -> Vec<Spot> {
        let all = |want: fn(Mark) -> bool| -> Vec<Spot> {
            self.blocks
                .iter()
                .enumerate()
                .flat_map(|(i, b)| {
                    b.marks
                        .iter()
                        .filter(move |(_, m)| want(*m))
                        .map(move |(r, _)| (i, r.clone()))
                })
                .collect()
        };
        let highlighted = all(|m| m != Mark::Mention);
        if highlighted.is_empty() {
            all(|_| true)
        } else {
            highlighted
        }
    }

    /// The line that shows a spot.
    pub fn line_of_spot(&self, spot: &Spot) -> usize {
        self.line_of(Anchor {
            block: spot.0,
            offset: spot.1.start,
        })
    }
}

fn lower(c: char) -> char {
    // The first char of the lowercase form: exact for every script news is written in.
    c.to_lowercase().next().unwrap_or(c)
}

fn plain(kind: BlockKind, text: String) -> Block {
    Block {
        kind,
        source: None,
        text,
        marks: Vec::new(),
    }
}

/// The words the filter's title and full-text terms match, for a document's texts: a matcher
/// is asked once per distinct word (a long article says most words many times). A phrase is
/// marked where its words stand together, not word by word.
struct WordMarks<'a> {
    title: Highlighter,
    text: Highlighter,
    /// The phrases of the title terms and of the full-text terms, their words lowercased and
    /// without accents.
    title_phrases: Vec<Vec<String>>,
    text_phrases: Vec<Vec<String>>,
    /// Whether each word asked about matched: by the title's terms, by the full text's.
    seen: HashMap<&'a str, (bool, bool)>,
}

impl<'a> WordMarks<'a> {
    fn new(terms: &[Term]) -> Self {
        let query = Query {
            terms: terms
                .iter()
                .filter(|t| t.phrase == Phrase::No)
                .cloned()
                .collect(),
        };
        let phrases = |scope: Scope| -> Vec<Vec<String>> {
            terms
                .iter()
                .filter(|t| t.phrase == Phrase::Whole && t.scope == scope)
                .map(|t| t.words().map(crate::matcher::fold_lower).collect())
                .collect()
        };
        WordMarks {
            title: Highlighter::new(&query, Scope::Title),
            text: Highlighter::new(&query, Scope::Text),
            title_phrases: phrases(Scope::Title),
            text_phrases: phrases(Scope::Text),
            seen: HashMap::new(),
        }
    }

    /// The words and phrases of the headline that the title or full-text terms match.
    fn in_title(&mut self, text: &'a str) -> Vec<Range<usize>> {
        let mut marks = self.matching(text, |(title, text)| title || text);
        for words in self.title_phrases.iter().chain(&self.text_phrases) {
            phrases_in(text, words, &mut marks);
        }
        longest_first(&mut marks);
        marks
    }

    /// The words and phrases of a paragraph that the full-text terms match.
    fn in_text(&mut self, text: &'a str) -> Vec<Range<usize>> {
        let mut marks = self.matching(text, |(_, text)| text);
        for words in &self.text_phrases {
            phrases_in(text, words, &mut marks);
        }
        longest_first(&mut marks);
        marks
    }

    fn matching(
        &mut self,
        text: &'a str,
        wanted: impl Fn((bool, bool)) -> bool,
    ) -> Vec<Range<usize>> {
        if self.title.is_empty() && self.text.is_empty() {
            return Vec::new();
        }
        let WordMarks {
            title,
            text: body,
            seen,
            ..
        } = self;
        vocab::word_ranges(text)
            .filter(|range| {
                let word = &text[range.clone()];
                let matched = if let Some(&matched) = seen.get(word) {
                    matched
                } else {
                    let matched = (title.matches_word(word), body.matches_word(word));
                    seen.insert(word, matched);
                    matched
                };
                wanted(matched)
            })
            .collect()
    }
}

/// Sorts marks by where they start, the longest first where several start at once: a phrase
/// is kept whole over a word of it that is a term too (overlaps keep the first, see [`marks`]).
fn longest_first(marks: &mut [Range<usize>]) {
    marks.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
}

/// Adds to `marks` the places `text` has the phrase `words`.
fn phrases_in(text: &str, words: &[String], marks: &mut Vec<Range<usize>>) {
    filter::find_phrases(text, words, |range| {
        marks.push(range);
        true
    });
}

/// The company mentions in article text `text`: those of the companies to highlight as
/// [`Mark::Company`], the others as [`Mark::Mention`]; and `words`, the words the filter's
/// terms matched, as [`Mark::Word`] where no mention holds them.
fn marks(
    mentions: &[ArticleMention],
    text: usize,
    highlight: &[CompanyId],
    words: &[Range<usize>],
) -> Vec<(Range<usize>, Mark)> {
    // The mentions are in text order: those of this text are a run of them, found by halving
    // (a filter over all of them for each paragraph made a long article's layout quadratic).
    let from = mentions.partition_point(|m| m.text() < text);
    let to = from + mentions[from..].partition_point(|m| m.text() == text);
    let mut marks: Vec<(Range<usize>, Mark)> = mentions[from..to]
        .iter()
        .map(|m| {
            let mark = if highlight.contains(&m.company) {
                Mark::Company
            } else {
                Mark::Mention
            };
            (m.range(), mark)
        })
        .collect();
    // After the mentions, so that a word inside a mention gives way to it (the sort is stable).
    marks.extend(words.iter().map(|r| (r.clone(), Mark::Word)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companies::Recognizer;
    use crate::store::RawArticle;

    fn doc(text: &str, width: usize, highlight: &[CompanyId]) -> Doc {
        let store = ArticleStore::build(
            vec![RawArticle::plain("a", text)],
            &Recognizer::shared().unwrap(),
        );
        let article = &store.articles[0];
        let key = DocKey {
            article: 0,
            width,
            raw: false,
            highlight: highlight.to_vec(),
            words: Vec::new(),
        };
        Doc::build(&store, article, key, store.mentions(article).into(), None)
    }

    fn line_texts(d: &Doc) -> Vec<String> {
        d.lines
            .iter()
            .map(|l| match l {
                DocLine::Blank => String::new(),
                DocLine::Text { block, range } => d.blocks[*block].text[range.clone()].to_owned(),
            })
            .collect()
    }

    #[test]
    fn layout_is_headline_metadata_companies_then_paragraphs() {
        let d = doc(
            "Cisco and Inspur agree\n\nCisco said so.\n\nInspur agreed.",
            40,
            &[],
        );
        assert_eq!(
            line_texts(&d),
            vec![
                "Cisco and Inspur agree",
                "Cisco · Inspur",
                "",
                "Cisco said so.",
                "",
                "Inspur agreed."
            ]
        );
    }

    #[test]
    fn search_finds_every_occurrence_with_smart_case() {
        let d = doc(
            "Talks\n\nInspur and inspur and INSPUR.\n\nMore Inspur.",
            40,
            &[],
        );
        // Three in the first paragraph, one in the second, one on the companies line.
        assert_eq!(d.find("inspur").len(), 5);
        assert_eq!(d.find("Inspur").len(), 3);
        assert!(d.find("").is_empty());
        assert!(d.find("huawei").is_empty());
        let (block, range) = &d.find("INSPUR")[0];
        assert_eq!(&d.blocks[*block].text[range.clone()], "INSPUR");
    }

    #[test]
    fn search_handles_multibyte_text() {
        let d = doc(
            "Société Générale\n\nLa Société dit « oui » à la société.",
            40,
            &[],
        );
        // The title, both in the text, and the companies line; accents aside, as the filter.
        assert_eq!(d.find("société").len(), 4);
        assert_eq!(d.find("societe").len(), 4);
        assert_eq!(d.find("Societe").len(), 3);
        assert_eq!(d.find("« oui »").len(), 1);
    }

    #[test]
    fn mentions_prefer_highlighted_companies() {
        let d = doc("Deal\n\nCisco met Inspur. Cisco left.", 40, &[]);
        assert_eq!(d.mentions().len(), 3);
        let d = doc("Deal\n\nCisco met Inspur. Cisco left.", 40, &[1]);
        let spots = d.mentions();
        assert_eq!(spots.len(), 1);
        assert_eq!(&d.blocks[spots[0].0].text[spots[0].1.clone()], "Inspur");
    }

    #[test]
    fn anchors_find_the_same_text_after_a_rewrap() {
        let text = "Title\n\nOne two three four five six seven eight nine ten eleven twelve.";
        let wide = doc(text, 60, &[]);
        let narrow = doc(text, 12, &[]);
        let last = narrow.lines.len() - 1;
        let anchor = narrow.anchor(last);
        let DocLine::Text { block, range } = &wide.lines[wide.line_of(anchor)] else {
            panic!()
        };
        assert!(wide.blocks[*block].text[range.clone()].contains("twelve"));
    }
}
