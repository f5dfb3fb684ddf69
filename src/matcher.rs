//! The one place that knows the fuzzy matcher, so that changing matcher is a change to one file.

use std::cell::RefCell;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The fuzzy matchers tidings can use. Nucleo is the one in use: measured on 33,000 company
/// names, the first keystroke ("i") costs 2.0 ms with it against 13.4 ms with `SkimMatcherV2`,
/// and "inspr" 1.9 ms against 5.4 ms, for the same matches. Skim stays for comparison in the
/// benchmark (`benches/matcher.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `nucleo-matcher`, the matcher of the Helix editor.
    Nucleo,
    /// `fuzzy-matcher`'s `SkimMatcherV2`.
    Skim,
}

/// The matcher in use.
pub const BACKEND: Backend = Backend::Nucleo;

/// How much of a perfect score (the query matched against itself) a fuzzy match needs to count.
/// Without a floor, "inspr" matches every name holding those five letters in order. Measured with
/// nucleo: a dropped letter keeps 0.9 or more ("inspr"→"Inspur" 0.91, "sberbnk"→"Sberbank"
/// 0.905), while letters scattered over initials fall to 0.80–0.82 ("inspr"→"International
/// Securities Pricing Research" 0.82, "cisco"→"ChinaSoft Co" 0.81, "goog"→"Global Oil Group"
/// 0.80). A single letter scores 0.82 at a word start and 0.36 inside a word, so one typed letter
/// finds the names with a word starting with it.
fn min_ratio(backend: Backend, pattern_chars: usize) -> f64 {
    match (backend, pattern_chars) {
        (Backend::Nucleo, 1) => 0.8,
        (Backend::Nucleo, _) => 0.83,
        // Measured the same way with skim: 0.91/0.93 for a dropped letter, 0.77–0.82 scattered.
        (Backend::Skim, _) => 0.85,
    }
}

/// Scores are scaled by this so that, within one matcher score, shorter candidates rank first
/// ("dell" prefers "Dell" to "Dell'Oro Group"), as fzf breaks ties by length.
pub const LENGTH_TIEBREAK: i64 = 16;

/// The fuzzy matcher itself, with its buffers (nucleo matches through `&mut`).
enum Fuzzy {
    Nucleo {
        matcher: RefCell<Matcher>,
        needle: Vec<char>,
        buffer: RefCell<Vec<char>>,
    },
    Skim(Box<SkimMatcherV2>),
}

impl Fuzzy {
    fn new(backend: Backend, pattern: &str) -> Self {
        match backend {
            Backend::Nucleo => {
                let mut config = Config::DEFAULT;
                // Smart case, as fzf: a capital in the pattern makes it case-sensitive.
                config.ignore_case = !pattern.chars().any(char::is_uppercase);
                // Exact letters: the prefilter compares bytes, so é must stay é.
                config.normalize = false;
                config.prefer_prefix = true;
                Fuzzy::Nucleo {
                    matcher: RefCell::new(Matcher::new(config)),
                    needle: pattern.chars().collect(),
                    buffer: RefCell::new(Vec::new()),
                }
            }
            Backend::Skim => Fuzzy::Skim(Box::new(SkimMatcherV2::default().smart_case())),
        }
    }

    fn score(&self, candidate: &str, pattern: &str) -> Option<i64> {
        match self {
            Fuzzy::Nucleo {
                matcher,
                needle,
                buffer,
            } => {
                let mut buffer = buffer.borrow_mut();
                let haystack = Utf32Str::new(candidate, &mut buffer);
                matcher
                    .borrow_mut()
                    .fuzzy_match(haystack, needle_str(pattern, needle))
                    .map(i64::from)
            }
            Fuzzy::Skim(skim) => skim.fuzzy_match(candidate, pattern),
        }
    }

    fn indices(&self, candidate: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        match self {
            Fuzzy::Nucleo {
                matcher,
                needle,
                buffer,
            } => {
                let mut buffer = buffer.borrow_mut();
                let haystack = Utf32Str::new(candidate, &mut buffer);
                let mut indices = Vec::new();
                let score = matcher.borrow_mut().fuzzy_indices(
                    haystack,
                    needle_str(pattern, needle),
                    &mut indices,
                )?;
                Some((
                    i64::from(score),
                    indices.into_iter().map(|i| i as usize).collect(),
                ))
            }
            Fuzzy::Skim(skim) => skim.fuzzy_indices(candidate, pattern),
        }
    }
}

/// The needle as nucleo wants it: ASCII text as ASCII (an ASCII haystack only matches an ASCII
/// needle), anything else as chars.
fn needle_str<'a>(pattern: &'a str, chars: &'a [char]) -> Utf32Str<'a> {
    if pattern.is_ascii() {
        Utf32Str::Ascii(pattern.as_bytes())
    } else {
        Utf32Str::Unicode(chars)
    }
}

/// Matches one query term against candidate strings.
pub struct TermMatcher {
    fuzzy: Fuzzy,
    pattern: String,
    lower: String,
    exact: bool,
    whole: bool,
    min_score: i64,
    perfect: i64,
}

impl TermMatcher {
    /// A matcher for `pattern`: fuzzy (smart case: case-insensitive unless it has capitals), or
    /// for `exact`, a case-insensitive substring.
    pub fn new(pattern: &str, exact: bool) -> Self {
        Self::with_backend(BACKEND, pattern, exact)
    }

    /// The same with a given matcher, for the benchmark that compares them.
    pub fn with_backend(backend: Backend, pattern: &str, exact: bool) -> Self {
        let fuzzy = Fuzzy::new(backend, pattern);
        let perfect = fuzzy.score(pattern, pattern).unwrap_or(1).max(1);
        let ratio = min_ratio(backend, pattern.chars().count());
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let min_score = (perfect as f64 * ratio).ceil() as i64;
        let perfect = perfect * LENGTH_TIEBREAK;
        Self {
            fuzzy,
            pattern: pattern.to_owned(),
            lower: pattern.to_lowercase(),
            exact,
            whole: false,
            min_score,
            perfect,
        }
    }

    /// A matcher that takes only the whole candidate, case-insensitively (`=term`).
    pub fn whole(pattern: &str) -> Self {
        let mut m = Self::new(pattern, true);
        m.whole = true;
        m
    }

    /// The score of `candidate`, or `None` when it does not match well enough. Higher is better.
    pub fn score(&self, candidate: &str) -> Option<i64> {
        if self.whole {
            return (candidate.to_lowercase() == self.lower).then_some(self.perfect);
        }
        let raw = if self.exact {
            contains_ignore_case(candidate, &self.lower).then_some(self.perfect / LENGTH_TIEBREAK)
        } else {
            self.fuzzy
                .score(candidate, &self.pattern)
                .filter(|&s| s >= self.min_score)
        }?;
        let extra = i64::try_from(candidate.len().saturating_sub(self.pattern.len()))
            .unwrap_or(i64::MAX)
            .min(LENGTH_TIEBREAK - 1);
        Some(raw * LENGTH_TIEBREAK - extra)
    }

    /// The score and the matched character positions (char indices) of `candidate`.
    pub fn indices(&self, candidate: &str) -> Option<(i64, Vec<usize>)> {
        if self.whole {
            let n = candidate.chars().count();
            return (candidate.to_lowercase() == self.lower)
                .then(|| (self.perfect, (0..n).collect()));
        }
        if self.exact {
            let lower = candidate.to_lowercase();
            // Lowercasing can change byte lengths, so positions are counted in chars of the lowered text;
            // for the scripts news is written in, lowercasing keeps the char count.
            let byte = lower.find(&self.lower)?;
            let start = lower[..byte].chars().count();
            let len = self.lower.chars().count();
            return Some((self.perfect, (start..start + len).collect()));
        }
        self.fuzzy
            .indices(candidate, &self.pattern)
            .filter(|(s, _)| *s >= self.min_score)
    }
}

fn contains_ignore_case(haystack: &str, lower_needle: &str) -> bool {
    if haystack.is_ascii() && lower_needle.is_ascii() {
        haystack
            .as_bytes()
            .windows(lower_needle.len())
            .any(|w| w.eq_ignore_ascii_case(lower_needle.as_bytes()))
    } else {
        haystack.to_lowercase().contains(lower_needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_tolerant_subsequences_match() {
        let m = TermMatcher::new("inspr", false);
        assert!(m.score("Inspur").is_some());
        assert!(
            TermMatcher::new("sberbnk", false)
                .score("Sberbank")
                .is_some()
        );
    }

    #[test]
    fn scattered_subsequences_do_not_match() {
        let m = TermMatcher::new("inspr", false);
        assert_eq!(m.score("Huawei"), None);
        assert_eq!(m.score("International Securities Pricing Research"), None);
        assert_eq!(TermMatcher::new("cisco", false).score("ChinaSoft Co"), None);
        assert_eq!(
            TermMatcher::new("goog", false).score("Global Oil Group"),
            None
        );
    }

    #[test]
    fn closer_matches_score_higher() {
        let m = TermMatcher::new("dell", false);
        let exact = m.score("Dell").unwrap();
        let longer = m.score("Dell'Oro Group").unwrap();
        assert!(exact > longer, "{exact} <= {longer}");
    }

    #[test]
    fn smart_case() {
        assert!(TermMatcher::new("ibm", false).score("IBM").is_some());
        assert!(TermMatcher::new("IBM", false).score("ibm").is_none());
    }

    #[test]
    fn exact_terms_are_case_insensitive_substrings() {
        let m = TermMatcher::new("Telecom", true);
        assert!(m.score("China Telecom").is_some());
        assert!(m.score("China Telcom").is_none());
        assert_eq!(
            m.indices("China TELECOM").unwrap().1,
            (6..13).collect::<Vec<_>>()
        );
        assert!(TermMatcher::new("cié", true).score("Société").is_some());
    }

    #[test]
    fn indices_point_at_the_matched_chars() {
        let (_, idx) = TermMatcher::new("inspr", false).indices("Inspur").unwrap();
        assert_eq!(idx, vec![0, 1, 2, 3, 5]);
    }
}
