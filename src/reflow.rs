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

/// Above this many bytes of text, [`wrap_many`] wraps on two threads: about a millisecond of
/// optimal fit, where a thread costs some tens of microseconds.
const PARALLEL_FROM: usize = 64 * 1024;

/// [`wrap_ranges`] for each of `texts`, in order. A long document (a 20,000-word article is
/// about 6 ms of optimal fit on one core) is wrapped in two halves on two threads, so that a
/// resize does not freeze the screen; the result is the same.
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
