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

/// Nucleo's scoring, as far as [`Reach`] needs it (`nucleo-matcher` 0.3, `score.rs` and
/// `fuzzy_optimal.rs`): a matched character scores 16 plus a bonus of at most 10, the first one
/// twice its bonus; a gap costs 3 and 1 a character after its first; a match starting at
/// character `p` gets a prefix bonus of at most `(16 - p) / 2` (8 at the start).
mod nucleo_score {
    pub const MATCH: i32 = 16;
    pub const MAX_BONUS: i32 = 10;
    pub const GAP_START: i32 = 3;
    pub const GAP_EXTENSION: i32 = 1;
    pub const BOUNDARY_WHITE: i32 = 10;
    pub const BOUNDARY_DELIMITER: i32 = 9;
    pub const BOUNDARY: i32 = 8;
    pub const CAMEL123: i32 = 5;

    /// Character classes in nucleo's order (`chars::CharClass`), for ASCII.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum Class {
        Whitespace,
        NonWord,
        Delimiter,
        Lower,
        Upper,
        Number,
    }

    pub const fn class(b: u8) -> Class {
        match b {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Number,
            _ if b.is_ascii_whitespace() => Class::Whitespace,
            b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
            _ => Class::NonWord,
        }
    }

    /// The bonus of a character of class `class` after one of class `prev` (`Config::bonus_for`
    /// with the default configuration).
    pub const fn bonus(prev: Class, class: Class) -> i32 {
        if class as u8 > Class::Delimiter as u8 {
            match prev {
                Class::Whitespace => return BOUNDARY_WHITE,
                Class::Delimiter => return BOUNDARY_DELIMITER,
                Class::NonWord => return BOUNDARY,
                _ => {}
            }
        }
        if matches!((prev, class), (Class::Lower, Class::Upper))
            || !matches!(prev, Class::Number) && matches!(class, Class::Number)
        {
            CAMEL123
        } else if matches!(class, Class::Whitespace) {
            BOUNDARY_WHITE
        } else if matches!(class, Class::NonWord) {
            BOUNDARY
        } else {
            0
        }
    }

    /// The bonus of every ASCII byte after every ASCII byte, `[prev][byte]`, so that a scan
    /// looks it up: [`bonus`] of their [`class`]es.
    pub static BONUS: [[u8; 128]; 128] = {
        let mut table = [[0u8; 128]; 128];
        let mut prev = 0;
        while prev < 128 {
            let mut b = 0;
            while b < 128 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let bonus = bonus(class(prev as u8), class(b as u8)) as u8;
                table[prev][b] = bonus;
                b += 1;
            }
            prev += 1;
        }
        table
    };

    /// The bonus at each position of an ASCII text.
    pub fn bonus_at(bytes: &[u8], p: usize) -> i32 {
        // At the start nucleo takes the character before to be whitespace.
        let prev = if p == 0 { b' ' } else { bytes[p - 1] };
        i32::from(BONUS[usize::from(prev & 0x7f)][usize::from(bytes[p] & 0x7f)])
    }

    /// The most the prefix bonus can be for a match starting at character `p` (nucleo's optimal
    /// match counts down from 16 at the start, its greedy one from 13 after it, both halved).
    pub fn max_prefix(p: usize) -> i32 {
        if p == 0 {
            8
        } else {
            i32::try_from(16usize.saturating_sub(p) / 2).unwrap_or(0)
        }
    }
}

/// A bound on the best score a fuzzy pattern can reach, checked before the full match. The
/// candidates the filter asks about hold the term's letters in order, but mostly scattered or
/// inside words, where no alignment can reach the score floor; nucleo's optimal match costs
/// ~500 ns a company name to say so, this a few passes over its bytes.
///
/// It is nucleo's own alignment score with every term it cannot exceed: 16 per matched
/// character; the first one's bonus doubled and the prefix bonus where it lands; a character
/// right after the previous one at most 10 (its consecutive bonus); one after a gap its own
/// bonus less what the gap costs. The best alignment under that score, found by a dynamic
/// programme like nucleo's, is at least nucleo's best, so a candidate it puts below the floor is
/// one nucleo would reject: the bound never rejects a match (a test holds it to that on every
/// company name of the gazetteer and hundreds of patterns). Only ASCII candidates up to
/// [`Reach::MAX_LEN`] bytes are bounded: elsewhere nucleo works on grapheme clusters, whose
/// classes this does not mirror.
#[derive(Debug, Clone)]
struct Reach {
    /// The pattern, lowercased.
    needle: Box<[u8]>,
    /// The score floor.
    min_score: i32,
    /// What the first character's doubled bonus and prefix bonus must make up together, the
    /// characters after it scoring at most 16 and a bonus of 10 each.
    need_first: i32,
}

impl Reach {
    /// The longest candidate bounded (a company name or a word): longer ones go to nucleo.
    const MAX_LEN: usize = 64;
    /// No alignment.
    const NONE: i32 = -(1 << 20);

    fn new(pattern: &str, min_score: i64) -> Option<Self> {
        if !pattern.is_ascii() || pattern.is_empty() || pattern.len() > Self::MAX_LEN {
            return None;
        }
        let n = i32::try_from(pattern.len()).ok()?;
        let rest = (nucleo_score::MATCH + nucleo_score::MAX_BONUS) * (n - 1);
        let min_score = i32::try_from(min_score).ok()?;
        // Nucleo's scores saturate at 0 over a long gap, so that the characters after it can
        // score as if the ones before had not been there; the bound skips such restarts, which
        // is sound only while the characters after the first cannot reach the floor alone
        // (patterns up to 9 letters; longer ones have few candidates left anyway).
        (rest < min_score).then(|| Self {
            needle: pattern.to_ascii_lowercase().into_bytes().into(),
            min_score,
            need_first: min_score - nucleo_score::MATCH - rest,
        })
    }

    /// False when no alignment of the pattern in `candidate` can reach the floor.
    fn possible(&self, candidate: &str) -> bool {
        use nucleo_score::{GAP_EXTENSION, GAP_START, MATCH, MAX_BONUS, bonus_at, max_prefix};
        let bytes = candidate.as_bytes();
        let len = bytes.len();
        if len > Self::MAX_LEN || !bytes.is_ascii() {
            return true;
        }
        let n = self.needle.len();
        if len < n {
            return false;
        }
        // First the cheap part of the bound: whatever follows, the first character must land
        // where its bonus and the prefix bonus make up for the most the others can bring.
        let first = self.needle[0];
        let mut best = [Self::NONE; Self::MAX_LEN];
        let mut start = None;
        for p in 0..=len - n {
            if bytes[p].to_ascii_lowercase() == first {
                let bonuses = 2 * bonus_at(bytes, p) + max_prefix(p);
                if bonuses >= self.need_first {
                    best[p] = MATCH + bonuses;
                    start.get_or_insert(p);
                }
            }
        }
        let Some(start) = start else {
            return false;
        };
        // Then the letters in order, and the dynamic programme over what is left.
        let mut rest = bytes[start + 1..].iter();
        if !self.needle[1..]
            .iter()
            .all(|&c| rest.any(|&b| b.to_ascii_lowercase() == c))
        {
            return false;
        }
        for &c in &self.needle[1..] {
            // For a match at p after a gap: the best score ending before p - 1, less what the
            // gap costs (3, and 1 a character after the first), never below 0 (nucleo's scores
            // are unsigned and saturate).
            let mut gap = 0;
            let mut last = best[start];
            best[start] = Self::NONE;
            for p in start + 1..len {
                let here = best[p];
                best[p] = if bytes[p].to_ascii_lowercase() == c {
                    MATCH + (last + MAX_BONUS).max(gap + bonus_at(bytes, p))
                } else {
                    Self::NONE
                };
                gap = (gap - GAP_EXTENSION).max(last - GAP_START).max(0);
                last = here;
            }
        }
        best[..len].iter().any(|&s| s >= self.min_score)
    }
}

/// What [`TermMatcher::may_match`] needs to know of a candidate, computed once per candidate
/// and kept beside it: the characters that stand where nucleo gives a bonus (word starts,
/// camel humps, punctuation, the first character), one bit each (see [`char_bit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary(u64);

impl Summary {
    /// The summary of `candidate` (folded, as [`TermMatcher::score`] takes it): for one the
    /// bound does not cover (see [`Reach`]), every bit.
    pub fn of(candidate: &str) -> Self {
        let folded = fold(candidate);
        let bytes = folded.as_bytes();
        if bytes.len() > Reach::MAX_LEN || !bytes.is_ascii() {
            return Self(u64::MAX);
        }
        let mut bits = 0;
        for (p, &b) in bytes.iter().enumerate() {
            if p == 0 || nucleo_score::bonus_at(bytes, p) > 0 {
                bits |= char_bit(b);
            }
        }
        Self(bits)
    }
}

/// A byte's bit in a 64-bit set of characters, case-insensitively: a letter or digit its own,
/// other bytes sharing the rest.
pub const fn char_bit(b: u8) -> u64 {
    let b = b.to_ascii_lowercase();
    1 << match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
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
    /// The bound checked before nucleo, when the floor rules anything out.
    reach: Option<Reach>,
}

impl TermMatcher {
    /// A matcher for `pattern`: fuzzy (smart case: case-insensitive unless it has capitals), or
    /// for `exact`, a case-insensitive substring.
    pub fn new(pattern: &str, exact: bool) -> Self {
        Self::with_backend(BACKEND, pattern, exact)
    }

    /// The same with a given matcher, for the benchmark that compares them.
    pub fn with_backend(backend: Backend, pattern: &str, exact: bool) -> Self {
        // Matched without accents, as candidates are (see `fold`).
        let pattern = &*fold(pattern);
        let fuzzy = Fuzzy::new(backend, pattern);
        let perfect = fuzzy.score(pattern, pattern).unwrap_or(1).max(1);
        let ratio = min_ratio(backend, pattern.chars().count());
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let min_score = (perfect as f64 * ratio).ceil() as i64;
        let perfect = perfect * LENGTH_TIEBREAK;
        let reach = if backend == Backend::Nucleo && !exact {
            Reach::new(pattern, min_score)
        } else {
            None
        };
        Self {
            fuzzy,
            pattern: pattern.to_owned(),
            lower: pattern.to_lowercase(),
            exact,
            whole: false,
            min_score,
            perfect,
            reach,
        }
    }

    /// The same matcher without the bound checked before nucleo (see [`Reach`]), for the
    /// benchmark that measures what the bound saves.
    #[must_use]
    pub fn unbounded(mut self) -> Self {
        self.reach = None;
        self
    }

    /// A matcher that takes only the whole candidate, case-insensitively (`=term`).
    pub fn whole(pattern: &str) -> Self {
        let mut m = Self::new(pattern, true);
        m.whole = true;
        m
    }

    /// False when a candidate with this summary cannot match: the first character of a short
    /// fuzzy pattern (up to 4 letters, with nucleo) must stand where nucleo gives a bonus, or
    /// the match falls below the floor (see [`Reach`]). A few loads instead of a look at the
    /// candidate's text; [`TermMatcher::score`] gives the same answers with or without it.
    pub fn may_match(&self, summary: Summary) -> bool {
        match &self.reach {
            // Where the first character gets no bonus, only the prefix bonus is left (at most
            // 7 after the start).
            Some(reach) if reach.need_first > nucleo_score::max_prefix(1) => {
                summary.0 & char_bit(reach.needle[0]) != 0
            }
            _ => true,
        }
    }

    /// The score of `candidate`, or `None` when it does not match well enough. Higher is better.
    pub fn score(&self, candidate: &str) -> Option<i64> {
        let folded = fold(candidate);
        let candidate = &*folded;
        if self.whole {
            return (candidate.to_lowercase() == self.lower).then_some(self.perfect);
        }
        let raw = if self.exact {
            contains_ignore_case(candidate, &self.lower).then_some(self.perfect / LENGTH_TIEBREAK)
        } else {
            if self.reach.as_ref().is_some_and(|r| !r.possible(candidate)) {
                return None;
            }
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
        // Folding keeps every character where it was: the positions are `candidate`'s.
        let folded = fold(candidate);
        let candidate = &*folded;
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

/// The letters U+00C0–U+017F (Latin-1's and Latin Extended-A's) without their accents: the base
/// ASCII letter, or the letter itself where there is none (Æ, ß, Œ, Ŋ; × and ÷).
#[rustfmt::skip]
const FOLDED: [char; 192] = [
    'A', 'A', 'A', 'A', 'A', 'A', 'Æ', 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I',
    'D', 'N', 'O', 'O', 'O', 'O', 'O', '×', 'O', 'U', 'U', 'U', 'U', 'Y', 'Þ', 'ß',
    'a', 'a', 'a', 'a', 'a', 'a', 'æ', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', '÷', 'o', 'u', 'u', 'u', 'u', 'y', 'þ', 'y',
    'A', 'a', 'A', 'a', 'A', 'a', 'C', 'c', 'C', 'c', 'C', 'c', 'C', 'c', 'D', 'd',
    'D', 'd', 'E', 'e', 'E', 'e', 'E', 'e', 'E', 'e', 'E', 'e', 'G', 'g', 'G', 'g',
    'G', 'g', 'G', 'g', 'H', 'h', 'H', 'h', 'I', 'i', 'I', 'i', 'I', 'i', 'I', 'i',
    'I', 'i', 'Ĳ', 'ĳ', 'J', 'j', 'K', 'k', 'k', 'L', 'l', 'L', 'l', 'L', 'l', 'L',
    'l', 'L', 'l', 'N', 'n', 'N', 'n', 'N', 'n', 'n', 'Ŋ', 'ŋ', 'O', 'o', 'O', 'o',
    'O', 'o', 'Œ', 'œ', 'R', 'r', 'R', 'r', 'R', 'r', 'S', 's', 'S', 's', 'S', 's',
    'S', 's', 'T', 't', 'T', 't', 'T', 't', 'U', 'u', 'U', 'u', 'U', 'u', 'U', 'u',
    'U', 'u', 'U', 'u', 'W', 'w', 'Y', 'y', 'Y', 'Z', 'z', 'Z', 'z', 'Z', 'z', 's',
];

/// `text` with the accents taken off its Latin letters (é → e, Ł → L), one character for one, so
/// that a position in it is the same position in `text`. [`TermMatcher`] matches folded
/// patterns against folded candidates: "nestle" finds Nestlé, "societe" Société Générale, and
/// "Nestlé" Nestle.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_foldable(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(fold_char).collect())
}

/// Whether `text` may hold a letter [`fold`] changes: a character of U+00C0–U+017F, whose UTF-8
/// starts with 0xC3, 0xC4 or 0xC5 (curly quotes and dashes, the commonest characters outside
/// ASCII in English text, do not). A search of the bytes, many at a time.
pub fn has_foldable(text: &str) -> bool {
    memchr::memchr3(0xc3, 0xc4, 0xc5, text.as_bytes()).is_some()
}

/// `text` lowercased and without accents: a title or full-text word as the vocabularies keep it
/// ([`crate::vocab::Vocab::build`]), and so a word of a query looked for among them.
pub fn fold_lower(text: &str) -> String {
    let lower = text.to_lowercase();
    match fold(&lower) {
        std::borrow::Cow::Borrowed(_) => lower,
        std::borrow::Cow::Owned(folded) => folded,
    }
}

/// One character of [`fold`].
pub fn fold_char(c: char) -> char {
    let i = u32::from(c).wrapping_sub(0xc0) as usize;
    FOLDED.get(i).copied().unwrap_or(c)
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

    /// Every name and alias of the bundled gazetteer, and names with the characters that change
    /// nucleo's bonuses (digits, camel case, delimiters, punctuation).
    fn names() -> Vec<String> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../assets/companies.json")).unwrap();
        let mut names: Vec<String> = ["name", "aliases"]
            .iter()
            .flat_map(|field| {
                json["companies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(move |c| match &c[field] {
                        serde_json::Value::String(s) => vec![s.clone()],
                        serde_json::Value::Array(a) => {
                            a.iter().map(|s| s.as_str().unwrap().to_owned()).collect()
                        }
                        _ => Vec::new(),
                    })
            })
            .collect();
        names.extend(
            [
                "3M",
                "AT&T",
                "eBay",
                "iPhone Ins",
                "McDonald's",
                "Dell'Oro Group",
                "S&P 500",
                "ChinaSoft Co",
                "x-inspur",
                "a/insp",
                "b,ins",
                "c:ins",
                "d;ins",
                "e|ins",
                "Inspur2",
                "IN SPUR",
                "insPur",
                "9ins",
                "i9ns",
                "Banque de France",
                "ins",
                "  in s",
                "Société Générale",
                "Zürich Ins",
                "AbcInspur",
                "abc.Inspur",
                // Past the bound's 64 bytes, and a capital whose lowercase is two chars.
                "International Securities Pricing Research and Information Systems Inc",
                "Bank of International Settlements Insurance Services Division Zurich",
                "İstanbul Insurance",
            ]
            .map(str::to_owned),
        );
        names
    }

    #[test]
    fn the_bound_never_rejects_a_match() {
        let names = names();
        let mut patterns: Vec<String> = Vec::new();
        for (k, name) in names.iter().enumerate().filter(|(k, _)| k % 9 == 0) {
            let lower = name.to_lowercase();
            let chars: Vec<char> = lower.chars().collect();
            for n in 1..=4.min(chars.len()) {
                patterns.push(chars[..n].iter().collect());
            }
            // A dropped letter, a word further in, initials, capitals (case-sensitive).
            if chars.len() > 3 {
                patterns.push(
                    chars
                        .iter()
                        .take(6)
                        .enumerate()
                        .filter(|&(i, _)| i != 1)
                        .map(|(_, c)| *c)
                        .collect(),
                );
            }
            if let Some(word) = lower.split_whitespace().nth(1) {
                patterns.push(word.chars().take(3).collect());
            }
            patterns.push(
                lower
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect(),
            );
            if k % 27 == 0 {
                patterns.push(name.chars().take(3).collect());
            }
        }
        patterns.extend(
            ["ins", "inspr", "sberbnk", "9", "&t", "'s", "co", "a", "z"].map(str::to_owned),
        );
        patterns.retain(|p| !p.trim().is_empty());
        let (mut rejected, mut matched) = (0, 0);
        for pattern in &patterns {
            let m = TermMatcher::new(pattern, false);
            for name in &names {
                // Matched folded, as `score` matches it.
                let folded = fold(name);
                let name = &*folded;
                let full = m
                    .fuzzy
                    .score(name, &m.pattern)
                    .is_some_and(|s| s >= m.min_score);
                let possible = m.reach.as_ref().is_none_or(|r| r.possible(name));
                assert!(
                    m.may_match(Summary::of(name)) || !full,
                    "{pattern:?} matches {name:?} but its summary ruled it out"
                );
                assert!(
                    possible || !full,
                    "{pattern:?} matches {name:?} but was ruled out"
                );
                rejected += usize::from(!possible);
                matched += usize::from(full);
                assert_eq!(m.score(name).is_some(), full, "{pattern:?} on {name:?}");
            }
        }
        // The bound is worth having: it spares nucleo most of the names.
        let pairs = patterns.len() * names.len();
        assert!(
            rejected * 2 > pairs,
            "{rejected} of {pairs} ruled out ({matched} matched)"
        );
    }

    #[test]
    fn the_bound_rules_out_a_first_letter_inside_a_word() {
        let reach = TermMatcher::new("ins", false).reach.unwrap();
        assert!(!reach.possible("Business"));
        assert!(reach.possible("Banking Insurance"));
        assert!(reach.possible("Business Ins"));
        assert!(reach.possible("x-ins"));
        // Scattered over a word's inside: the letters are there, the score is not.
        assert!(!reach.possible("Ingredients"));
        assert!(!reach.possible("Mining Solutions"));
        // Not bounded: non-ASCII candidates, exact terms.
        assert!(reach.possible("Société"));
        assert!(TermMatcher::new("ins", true).reach.is_none());
        assert!(TermMatcher::new("internatio", false).reach.is_none());
        assert!(TermMatcher::new("internati", false).reach.is_some());
    }

    #[test]
    fn accents_are_matched_as_their_letters_and_lit_where_they_stand() {
        for (pattern, name) in [
            ("nestle", "Nestlé"),
            ("Nestlé", "Nestle"),
            ("societe gen", "Société Générale"),
            ("lagardere", "Lagardère"),
            ("lodz", "Łódź Metals"),
        ] {
            assert!(
                TermMatcher::new(pattern, false).score(name).is_some(),
                "{pattern} {name}"
            );
        }
        assert!(
            TermMatcher::new("lagardere", true)
                .score("Lagardère SCA")
                .is_some()
        );
        assert!(
            TermMatcher::whole("telefonica")
                .score("Telefónica")
                .is_some()
        );
        // One character for one: the positions are the name's.
        let (_, idx) = TermMatcher::new("gen", false)
            .indices("Société Générale")
            .unwrap();
        let lit: String = idx
            .iter()
            .map(|&i| "Société Générale".chars().nth(i).unwrap())
            .collect();
        assert_eq!(lit, "Gén");
        assert_eq!(fold("Œuvre ß Æ × 報告"), "Œuvre ß Æ × 報告");
    }

    #[test]
    fn indices_point_at_the_matched_chars() {
        let (_, idx) = TermMatcher::new("inspr", false).indices("Inspur").unwrap();
        assert_eq!(idx, vec![0, 1, 2, 3, 5]);
    }
}
