//! The one place that knows the fuzzy matcher (fuzzy-matcher's `SkimMatcherV2`), so that changing
//! matcher is a change to one file.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How much of a perfect score (the query matched against itself) a fuzzy match needs to count.
/// Without a floor, "inspr" matches every name holding those five letters in order. Measured with
/// `SkimMatcherV2`: a dropped letter keeps 0.9 or more ("inspr"→"Inspur" 0.91, "sberbnk"→"Sberbank"
/// 0.93), while letters scattered over initials fall to 0.75–0.82 ("inspr"→"International
/// Securities Pricing Research" 0.77, "cisco"→"ChinaSoft Co" 0.82, "goog"→"Global Oil Group" 0.79).
const MIN_SCORE_RATIO: f64 = 0.85;

/// Scores are scaled by this so that, within one matcher score, shorter candidates rank first
/// ("dell" prefers "Dell" to "Dell'Oro Group"), as fzf breaks ties by length.
const LENGTH_TIEBREAK: i64 = 16;

/// Matches one query term against candidate strings.
pub struct TermMatcher {
    matcher: SkimMatcherV2,
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
        let matcher = SkimMatcherV2::default().smart_case();
        let perfect = matcher.fuzzy_match(pattern, pattern).unwrap_or(1).max(1);
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let min_score = (perfect as f64 * MIN_SCORE_RATIO) as i64;
        let perfect = perfect * LENGTH_TIEBREAK;
        Self {
            matcher,
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
            self.matcher
                .fuzzy_match(candidate, &self.pattern)
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
        self.matcher
            .fuzzy_indices(candidate, &self.pattern)
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
