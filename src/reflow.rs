//! Reflow: paragraphs to lines of a given width, at word boundaries, keeping byte ranges so that
//! highlights (company mentions, search matches) survive the wrap.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::{Word, break_words};
use textwrap::word_splitters::{WordSplitter, split_words};
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

/// Wraps `text` to lines of at most `width` columns and returns each line as a byte range of
/// `text`. Lines break at spaces (and after hyphens); a word longer than the width is cut.
/// Spaces at the ends of lines are not part of the ranges. An empty or blank text has no lines.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let words = WordSeparator::AsciiSpace.find_words(text);
    let words = split_words(words, &WordSplitter::HyphenSplitter);
    let words: Vec<Word<'_>> = break_words(words, width)
        .into_iter()
        .filter(|w| !w.word.is_empty())
        .collect();
    // Optimal fit gives the even right edge people expect of a reader; first fit is the fallback
    // for the (width-independent) overflow it reports on absurd inputs.
    #[allow(clippy::cast_precision_loss)] // widths are terminal columns, far below 2^52
    let widths = [width as f64];
    let lines = wrap_optimal_fit(&words, &widths, &Penalties::new())
        .unwrap_or_else(|_| wrap_first_fit(&words, &widths));
    let base = text.as_ptr() as usize;
    lines
        .into_iter()
        .filter_map(|line| {
            let first = line.first()?;
            let last = line.last()?;
            // Every `Word` is a slice of `text` (textwrap splits, never copies), so its address
            // minus the text's address is its byte offset.
            let start = first.word.as_ptr() as usize - base;
            let end = last.word.as_ptr() as usize - base + last.word.len();
            Some(start..end)
        })
        .collect()
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
