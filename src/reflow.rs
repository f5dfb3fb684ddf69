//! Reflow: paragraphs to lines of a given width, at word boundaries, keeping byte ranges so that
//! highlights (company mentions, search matches) survive the wrap.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::{Fragment, Word, break_words};
use textwrap::word_splitters::{WordSplitter, split_words};
use textwrap::wrap_algorithms::Penalties;

/// Wraps `text` to lines of at most `width` columns and returns each line as a byte range of
/// `text`. Lines break at spaces (and after hyphens); a word longer than the width is cut.
/// Spaces at the ends of lines are not part of the ranges. An empty or blank text has no lines.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let words = fragments(text, width);
    optimal_fit(&words, width)
        .into_iter()
        .map(|line| span(text, &words[line]))
        .collect()
}

/// The byte range of `text` from the first of `words` to the end of the last (not empty).
fn span(text: &str, words: &[Word<'_>]) -> Range<usize> {
    let base = text.as_ptr() as usize;
    // Every `Word` is a slice of `text` (textwrap splits, never copies), so its address minus
    // the text's address is its byte offset.
    let start = words.first().map_or(0, |w| w.word.as_ptr() as usize - base);
    let end = words
        .last()
        .map_or(start, |w| w.word.as_ptr() as usize - base + w.word.len());
    start..end
}

/// The words of `text` as textwrap sees them: split at spaces and after hyphens, a word wider
/// than `width` cut into pieces that fit.
fn fragments(text: &str, width: usize) -> Vec<Word<'_>> {
    let words = WordSeparator::AsciiSpace.find_words(text);
    let words = split_words(words, &WordSplitter::HyphenSplitter);
    break_words(words, width)
        .into_iter()
        .filter(|w| !w.word.is_empty())
        .collect()
}

/// The lines (ranges of `words`, none empty) of the optimal fit of `words` to `width` columns:
/// the breaks that minimise textwrap's cost (its default [`Penalties`]: 1000 per line, the square
/// of each gap but the last line's, 25 for a one-word last line under a quarter of the width
/// and for a line ending in a hyphenation penalty) over the lines that fit.
///
/// textwrap's own `wrap_optimal_fit` finds the same breaks (the same lines on every paragraph of
/// the BBC corpus at twelve widths, a test holds it to that) with SMAWK over every pair of breaks,
/// which costs about 270 ns a word here; this looks back only as far as a line can reach, a
/// dozen words, in integers. It also never lets a line overflow: textwrap prices an overflow
/// (2,500 a column) and may choose one, cutting a column off a line in the reader. Every word
/// fits a line on its own here, as `break_words` has cut the longer ones.
fn optimal_fit(words: &[Word<'_>], width: usize) -> Vec<Range<usize>> {
    let penalties = Penalties::new();
    // Widths are whole columns; textwrap gives them as f64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let columns = |w: f64| w as usize;
    let n = words.len();
    // ends[k]: the columns of words[..k], each with its trailing whitespace.
    let mut ends = Vec::with_capacity(n + 1);
    let mut end = 0;
    ends.push(0);
    for word in words {
        end += columns(word.width() + word.whitespace_width());
        ends.push(end);
    }
    // best[j]: the least cost of laying out words[..j]; from[j]: where its last line starts.
    let mut best = vec![0_usize; n + 1];
    let mut from = vec![0_usize; n + 1];
    for j in 1..=n {
        let last = &words[j - 1];
        let (space, penalty) = (
            columns(last.whitespace_width()),
            columns(last.penalty_width()),
        );
        let hyphen = if penalty > 0 {
            penalties.hyphen_penalty
        } else {
            0
        };
        let (mut cheapest, mut start) = (usize::MAX, j - 1);
        for i in (0..j).rev() {
            // The line words[i..j], without the last word's whitespace, with its penalty.
            let len = ends[j] - ends[i] - space + penalty;
            if len > width && i + 1 < j {
                break;
            }
            let mut cost = best[i] + penalties.nline_penalty + hyphen;
            if len > width {
                cost += (len - width) * penalties.overflow_penalty;
            } else if j < n {
                cost += (width - len) * (width - len);
            } else if i + 1 == j && len * penalties.short_last_line_fraction < width {
                cost += penalties.short_last_line_penalty;
            }
            // On a tie the longer line wins, as it does in textwrap.
            if cost <= cheapest {
                (cheapest, start) = (cost, i);
            }
        }
        best[j] = cheapest;
        from[j] = start;
    }
    let mut lines = Vec::new();
    let mut j = n;
    while j > 0 {
        lines.push(from[j]..j);
        j = from[j];
    }
    lines.reverse();
    lines
}

/// Above this many bytes of text, [`wrap_many`] wraps on two threads: about half a millisecond of
/// optimal fit, where a thread costs some tens of microseconds.
const PARALLEL_FROM: usize = 64 * 1024;

/// [`wrap_ranges`] for each of `texts`, in order. A long document (a 20,000-word article is
/// about 3 ms of optimal fit on one core) is wrapped in two halves on two threads, so that a
/// resize stays within a frame; the result is the same.
pub fn wrap_many(texts: &[&str], width: usize) -> Vec<Vec<Range<usize>>> {
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if total < PARALLEL_FROM || cores < 2 || texts.len() < 2 {
        return texts.iter().map(|t| wrap_ranges(t, width)).collect();
    }
    // Split where half of the bytes are behind.
    let mut behind = 0;
    let split = texts
        .iter()
        .position(|t| {
            behind += t.len();
            behind * 2 >= total
        })
        .map_or(texts.len(), |i| i + 1)
        .min(texts.len() - 1);
    let (front, back) = texts.split_at(split);
    let wrap = |part: &[&str]| -> Vec<Vec<Range<usize>>> {
        part.iter().map(|t| wrap_ranges(t, width)).collect()
    };
    std::thread::scope(|scope| {
        let back_lines = scope.spawn(|| wrap(back));
        let mut lines = wrap(front);
        // The thread can only have panicked; then its half is wrapped here.
        lines.extend(back_lines.join().unwrap_or_else(|_| wrap(back)));
        lines
    })
}

/// Splits the byte range `line` into runs, each either plain (`None`) or inside one of the
/// `marks` (sorted by start, non-overlapping ranges of the same text) with that mark's tag.
pub fn segments<T: Copy>(
    line: &Range<usize>,
    marks: &[(Range<usize>, T)],
) -> Vec<(Range<usize>, Option<T>)> {
    let mut out = Vec::new();
    let mut at = line.start;
    // Marks are sorted, so the first one that can touch the line is found by binary search.
    let first = marks.partition_point(|(r, _)| r.end <= line.start);
    for (range, tag) in &marks[first..] {
        if range.start >= line.end {
            break;
        }
        let start = range.start.max(at);
        let end = range.end.min(line.end);
        if start >= end {
            continue;
        }
        if start > at {
            out.push((at..start, None));
        }
        out.push((start..end, Some(*tag)));
        at = end;
    }
    if at < line.end {
        out.push((at..line.end, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn wrap(text: &str, width: usize) -> Vec<&str> {
        wrap_ranges(text, width)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn wrapping_many_long_texts_on_two_threads_gives_what_one_gives() {
        let paragraph = "Huawei’s Enterprise division said revenue rose by 12% to $124 billion, with sanctions-hit supply chains rebuilt at home. ";
        let texts: Vec<String> = (0..300)
            .map(|i| paragraph.repeat(1 + i % 4) + &format!("Paragraph {i}."))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(texts.iter().map(|t| t.len()).sum::<usize>() > PARALLEL_FROM);
        for width in [20, 61, 100] {
            let one: Vec<_> = texts.iter().map(|t| wrap_ranges(t, width)).collect();
            assert_eq!(wrap_many(&texts, width), one);
        }
        assert_eq!(wrap_many(&[], 10), Vec::<Vec<Range<usize>>>::new());
        assert_eq!(wrap_many(&["a b"], 1), vec![vec![0..1, 2..3]]);
    }

    /// The lines textwrap's own optimal fit gives `text` (the reference for [`optimal_fit`]), or
    /// `None` where one of them overflows, which `optimal_fit` does not allow.
    fn textwrap_lines(text: &str, width: usize) -> Option<Vec<&str>> {
        use textwrap::wrap_algorithms::wrap_optimal_fit;
        let words = fragments(text, width);
        #[allow(clippy::cast_precision_loss)]
        let lines = wrap_optimal_fit(&words, &[width as f64], &Penalties::new()).ok()?;
        let lines: Vec<&str> = lines
            .into_iter()
            .map(|line| &text[span(text, line)])
            .collect();
        lines.iter().all(|l| l.width() <= width).then_some(lines)
    }

    const WIDTHS: [usize; 12] = [10, 17, 20, 25, 33, 40, 50, 60, 72, 80, 99, 120];

    #[test]
    fn the_lines_are_textwraps_optimal_fit_on_generated_paragraphs() {
        // Words of every length, hyphenated ones, words wider than some widths, wide characters.
        let pool = [
            "a",
            "of",
            "the",
            "Inspur",
            "server-maker",
            "co-operation",
            "x",
            "quarterly",
            "announcement",
            "Sberbank's",
            "华为",
            "technologies",
            "—",
            "2019",
            "multi-year-long",
            "supercalifragilisticexpialidocious",
            "IBM",
            "é",
            "réseaux",
            "and",
        ];
        let mut random = crate::xorshift(0x2545_f491);
        let mut next = move |n: usize| usize::try_from(random() % n as u64).unwrap_or(0);
        let (mut compared, mut overflowing) = (0, 0);
        for _ in 0..400 {
            let words: Vec<&str> = (0..=next(120)).map(|_| pool[next(pool.len())]).collect();
            let text = words.join(if next(5) == 0 { "  " } else { " " });
            for width in WIDTHS {
                match textwrap_lines(&text, width) {
                    Some(expected) => {
                        assert_eq!(wrap(&text, width), expected, "width {width}: {text}");
                        compared += 1;
                    }
                    None => overflowing += 1,
                }
            }
        }
        // Overflows are rare; nearly every case is a comparison.
        assert!(
            compared > 20 * overflowing,
            "{compared} compared, {overflowing} overflowing"
        );
    }

    #[test]
    fn the_lines_are_textwraps_optimal_fit_on_the_bbc_corpus() {
        let root = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/bbc"
        ));
        let Ok(sections) = std::fs::read_dir(root) else {
            println!("skipped: '{}' is absent", root.display());
            return;
        };
        let mut paragraphs = Vec::new();
        for section in sections
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
        {
            for file in std::fs::read_dir(section.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let text = String::from_utf8_lossy(&std::fs::read(file.path()).unwrap_or_default())
                    .into_owned();
                paragraphs.extend(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(str::to_owned),
                );
            }
        }
        assert!(paragraphs.len() > 10_000, "{} paragraphs", paragraphs.len());
        // Every paragraph at one width, and every 10th at all twelve (debug builds are slow).
        for (n, paragraph) in paragraphs.iter().enumerate() {
            let widths: &[usize] = if n % 10 == 0 { &WIDTHS } else { &[80] };
            for &width in widths {
                let expected = textwrap_lines(paragraph, width);
                assert_eq!(
                    Some(wrap(paragraph, width)),
                    expected,
                    "width {width}: {paragraph}"
                );
            }
        }
    }

    #[test]
    fn no_line_overflows_where_textwrap_would_let_one() {
        // textwrap's optimal fit prices a one-column overflow below a second line here.
        let text = format!("{} {}", "a".repeat(50), "b".repeat(50));
        assert_eq!(textwrap_lines(&text, 100), None);
        assert_eq!(wrap(&text, 100), ["a".repeat(50), "b".repeat(50)]);
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("Cisco and Inspur form a joint venture in China", 16),
            vec!["Cisco and Inspur", "form a joint", "venture in China"]
        );
    }

    #[test]
    fn no_line_is_wider_than_the_width() {
        let text = "Huawei’s Enterprise division said revenue rose by 12% to $124 billion, with sanctions-hit supply chains rebuilt at home.";
        for width in 1..60 {
            for line in wrap(text, width) {
                assert!(line.width() <= width, "{line:?} wider than {width}");
            }
        }
    }

    #[test]
    fn every_word_survives_the_wrap_in_order() {
        let text = "One  two three-four five\u{a0}six 七八九十 eleven";
        let joined: Vec<&str> = wrap(text, 7)
            .iter()
            .flat_map(|l| l.split_whitespace())
            .collect();
        assert_eq!(joined.concat(), text.split_whitespace().collect::<String>());
    }

    #[test]
    fn long_words_are_cut_and_hyphens_break() {
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("state-owned lender", 7),
            vec!["state-", "owned", "lender"]
        );
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(
            wrap("华为 与 俄罗斯 储蓄银行", 6),
            vec!["华为", "与", "俄罗斯", "储蓄银", "行"]
        );
    }

    #[test]
    fn blank_text_has_no_lines() {
        assert!(wrap("", 10).is_empty());
        assert!(wrap("   ", 10).is_empty());
    }

    #[test]
    fn zero_width_does_not_panic() {
        assert_eq!(wrap("ab", 0), vec!["a", "b"]);
    }

    #[test]
    fn segments_split_a_line_by_marks() {
        let marks = [(2..5, 'a'), (8..12, 'b'), (20..22, 'c')];
        assert_eq!(
            segments(&(0..10), &marks),
            vec![
                (0..2, None),
                (2..5, Some('a')),
                (5..8, None),
                (8..10, Some('b'))
            ]
        );
        assert_eq!(
            segments(&(10..15), &marks),
            vec![(10..12, Some('b')), (12..15, None)]
        );
        assert_eq!(segments(&(12..20), &marks), vec![(12..20, None)]);
    }

    #[test]
    fn highlight_survives_wrapping() {
        let text = "Talks between Cisco Systems and Inspur Group went on";
        let start = text.find("Inspur").unwrap();
        let marks = [(start..start + "Inspur Group".len(), ())];
        let lines = wrap_ranges(text, 20);
        let marked: Vec<&str> = lines
            .iter()
            .flat_map(|l| segments(l, &marks))
            .filter(|(_, m)| m.is_some())
            .map(|(r, _)| &text[r])
            .collect();
        assert_eq!(marked.concat().replace(' ', ""), "InspurGroup");
    }
}
