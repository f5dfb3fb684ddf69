//! The filter language: space-separated terms that must all match.
//!
//! - `inspr`: fuzzy, in the current default scope (companies, titles or full text);
//! - `!term`: articles that do not match `term`;
//! - `'term`: exact (case-insensitive substring) rather than fuzzy;
//! - `c:term`, `t:term`, `x:term`: this term in company names, titles, or the full text;
//! - `"two words"`: one term with a space in it: a company name, or in titles and the full text
//!   a phrase (the words together, in order); `=term`: the whole name, exactly
//!   (`c:="China Telecom"`, which the companies panel writes);
//! - `is:unread`, `is:read`, `is:bookmarked`: the reader's own marks;
//! - `since:2015-09`, `until:2016`, `date:2015-09-14`: the articles dated from the start of a
//!   year, month or day, up to its end, or within it (an article without a date is in none);
//!   `since:7d`, `until:3m`, `date:yesterday`: a day counted back from today.
//!
//! Prefixes combine in any order: `!c:'ibm`, `c:!ibm`.

use std::fmt;

/// Where a term is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Scope {
    /// The canonical names of the companies an article mentions.
    #[default]
    Company,
    /// The article's headline.
    Title,
    /// Headline and body.
    Text,
    /// The reader's own marks: `is:unread`, `is:read`, `is:bookmarked`.
    Is,
    /// The article's date: `since:2015`, `until:2016-03`, `date:2015-09-14`. The term's text
    /// keeps its keyword (`since:2015`; see [`crate::filter::DateSpan`]).
    Date,
}

impl Scope {
    /// The next scope in the cycle company → title → full text → company.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Scope::Company => Scope::Title,
            Scope::Title => Scope::Text,
            Scope::Text | Scope::Is | Scope::Date => Scope::Company,
        }
    }

    /// The name shown on the filter line.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Company => "companies",
            Scope::Title => "titles",
            Scope::Text => "full text",
            Scope::Is => "marks",
            Scope::Date => "dates",
        }
    }

    /// Parses a scope name as given on the command line.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "c" | "company" | "companies" => Some(Scope::Company),
            "t" | "title" | "titles" => Some(Scope::Title),
            "x" | "text" | "full-text" | "fulltext" => Some(Scope::Text),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text to match, without its prefixes; never empty.
    pub text: String,
    /// Where it is matched.
    pub scope: Scope,
    /// True for `!term`: the article must not match.
    pub negated: bool,
    /// True for `'term`: a case-insensitive substring rather than a fuzzy match.
    pub exact: bool,
    /// True for `=term`: the whole name or word, case-insensitively.
    pub whole: bool,
    /// Its part in a phrase of several words (a title or full-text term).
    pub phrase: Phrase,
}

/// A title or full-text term of several words (`"oil price"`, or `e-mail` and `don't`, whose
/// words the vocabularies split) is a phrase: its words are terms of their own
/// ([`Phrase::Word`]), which find and score the articles, and the phrase is one more
/// ([`Phrase::Whole`]), which keeps those that have the words together and in order. A negated
/// phrase is the whole alone: `!"oil price"` leaves out the articles that say "oil price".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Phrase {
    /// Not part of a phrase.
    #[default]
    No,
    /// One of a phrase's words.
    Word,
    /// The phrase: its words, joined by spaces.
    Whole,
}

impl Term {
    /// The words of a phrase ([`Phrase::Whole`]): its text split at spaces; one word for any
    /// other term.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        let split = self.phrase == Phrase::Whole;
        let mut words = self.text.split(' ').filter(|w| !w.is_empty());
        let mut whole = Some(self.text.as_str());
        std::iter::from_fn(move || if split { words.next() } else { whole.take() })
    }
}

/// A parsed query: all terms must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms, in the order typed.
    pub terms: Vec<Term>,
}

impl Query {
    /// True when the query has no term, so it matches every article.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms an article must match.
    pub fn positive(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated)
    }
}

/// Parses the text typed into the filter line. Terms with nothing after their prefixes (a lone
/// `!` while typing `!ibm`) are ignored, so the list does not flicker while a term is typed.
///
/// Titles and the full text are matched word by word against vocabularies of their words,
/// which hold letters and digits only, so a term in those scopes is taken as the words in it
/// ([`in_words`]): `don't` is `don` and `t`, `'strong'` (pasted from a headline) is `'strong`.
/// A company term is taken as the name in it ([`as_name`]): `(Cisco's),` is `Cisco`.
pub fn parse(input: &str, default_scope: Scope) -> Query {
    let terms = tokens(input)
        .iter()
        .filter_map(|token| parse_term(token, default_scope))
        .map(as_name)
        .flat_map(in_words)
        .collect();
    Query { terms }
}

/// A company term as the name in it, as names are written in the list: its curly apostrophes
/// straight (`Dell’Oro`: the recogniser straightens them in the names it finds), without the
/// punctuation around it (`(Inspur),`, `“Cisco”`: no name begins or ends with any) and without
/// a possessive `'s` (`Cisco's`: a name written so is the company). A term that would be left
/// with nothing (`&`) and a whole name (`=`, which the companies panel writes exactly) are kept
/// as they are; other scopes are [`in_words`]'s.
fn as_name(term: Term) -> Term {
    if term.scope != Scope::Company || term.whole {
        return term;
    }
    let straight = term.text.replace('\u{2019}', "'");
    let trimmed = straight.trim_matches(|c: char| !c.is_alphanumeric());
    let name = trimmed
        .strip_suffix("'s")
        .or_else(|| trimmed.strip_suffix("'S"))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(trimmed);
    if name.is_empty() || name == term.text {
        return term;
    }
    Term {
        text: name.to_owned(),
        ..term
    }
}

/// A title or full-text term as the words in it, split where the vocabularies split text
/// ([`crate::vocab::word_ranges`]); other terms as they are.
///
/// A term of several words is a phrase ([`Phrase`]): each word becomes a term of its own and
/// the phrase one more, its words joined by spaces ([`Term::words`] gives them back); a negated
/// phrase is that last term alone. A term without a letter or digit (the " : " or " - " of a
/// pasted headline) is left out, as a lone `!` is.
fn in_words(term: Term) -> Vec<Term> {
    if !matches!(term.scope, Scope::Title | Scope::Text) {
        return vec![term];
    }
    let words: Vec<&str> = crate::vocab::word_ranges(&term.text)
        .map(|r| &term.text[r])
        .collect();
    match words.as_slice() {
        [] => Vec::new(),
        [word] => vec![Term {
            text: (*word).to_owned(),
            ..term.clone()
        }],
        _ => {
            let whole = Term {
                text: words.join(" "),
                phrase: Phrase::Whole,
                ..term.clone()
            };
            if term.negated {
                return vec![whole];
            }
            words
                .iter()
                .map(|&word| Term {
                    text: word.to_owned(),
                    phrase: Phrase::Word,
                    ..term.clone()
                })
                .chain(std::iter::once(whole))
                .collect()
        }
    }
}

/// Splits on spaces outside double quotes and drops the quotes: `c:="China Telecom" x` gives
/// `c:=China Telecom` and `x`. An unclosed quote runs to the end (the person is still typing).
fn tokens(input: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// Writes a value as a term's text, quoted when it has a space or a quote-worthy character.
pub fn quote(value: &str) -> String {
    if value.chars().any(|c| c.is_whitespace() || c == '"') {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_owned()
    }
}

fn parse_term(mut token: &str, default_scope: Scope) -> Option<Term> {
    let mut term = Term {
        text: String::new(),
        scope: default_scope,
        negated: false,
        exact: false,
        whole: false,
        phrase: Phrase::No,
    };
    loop {
        if let Some(rest) = token.strip_prefix('!') {
            term.negated = true;
            token = rest;
        } else if let Some(rest) = token.strip_prefix('\'') {
            term.exact = true;
            token = rest;
        } else if let Some(rest) = token.strip_prefix('=') {
            term.whole = true;
            token = rest;
        } else if is_date_term(token) {
            // The keyword stays: it says which side of the date the articles are.
            term.scope = Scope::Date;
            break;
        } else if let Some((scope, rest)) = scope_prefix(token) {
            term.scope = scope;
            token = rest;
        } else {
            break;
        }
    }
    if token.is_empty() {
        return None;
    }
    token.clone_into(&mut term.text);
    Some(term)
}

/// Whether `token` is a date term: `since:`, `until:` or `date:` and something after it.
fn is_date_term(token: &str) -> bool {
    token.split_once(':').is_some_and(|(name, rest)| {
        !rest.is_empty()
            && ["since", "until", "date"]
                .iter()
                .any(|k| name.eq_ignore_ascii_case(k))
    })
}

fn scope_prefix(token: &str) -> Option<(Scope, &str)> {
    let (name, rest) = token.split_once(':')?;
    if name.eq_ignore_ascii_case("is") {
        return Some((Scope::Is, rest));
    }
    if name.len() != 1 {
        return None;
    }
    Some((Scope::from_name(name)?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the terms `q` parses into.
    fn texts(q: &str, scope: Scope) -> Vec<String> {
        parse(q, scope).terms.into_iter().map(|t| t.text).collect()
    }

    /// A word of a title phrase, or the phrase.
    fn word(text: &str, negated: bool) -> Term {
        Term {
            phrase: Phrase::Word,
            ..term(text, Scope::Title, negated, false)
        }
    }

    fn phrase(text: &str, negated: bool) -> Term {
        Term {
            phrase: Phrase::Whole,
            ..term(text, Scope::Title, negated, false)
        }
    }

    fn term(text: &str, scope: Scope, negated: bool, exact: bool) -> Term {
        Term {
            text: text.to_owned(),
            scope,
            negated,
            exact,
            whole: false,
            phrase: Phrase::No,
        }
    }

    #[test]
    fn quotes_make_one_term_and_equals_asks_for_the_whole_name() {
        let q = parse(
            "c:=\"China Telecom\" !\"Dell'Oro Group\" ibm",
            Scope::Company,
        );
        assert_eq!(q.terms.len(), 3);
        assert_eq!(
            (q.terms[0].text.as_str(), q.terms[0].whole),
            ("China Telecom", true)
        );
        assert_eq!(
            (q.terms[1].text.as_str(), q.terms[1].negated),
            ("Dell'Oro Group", true)
        );
        assert_eq!(q.terms[2].text, "ibm");
        // Still typing: an open quote runs to the end.
        assert_eq!(
            parse("c:\"China Tel", Scope::Company).terms[0].text,
            "China Tel"
        );
        assert_eq!(quote("China Telecom"), "\"China Telecom\"");
        assert_eq!(quote("IBM"), "IBM");
    }

    #[test]
    fn plain_terms_take_the_default_scope() {
        let q = parse("  inspr  cisco ", Scope::Company);
        assert_eq!(
            q.terms,
            vec![
                term("inspr", Scope::Company, false, false),
                term("cisco", Scope::Company, false, false)
            ]
        );
        assert_eq!(parse("joint", Scope::Title).terms[0].scope, Scope::Title);
    }

    #[test]
    fn prefixes_pick_scope_negation_and_exactness() {
        let q = parse("c:inspur t:joint x:'snowden !ibm !c:'dell", Scope::Text);
        assert_eq!(
            q.terms,
            vec![
                term("inspur", Scope::Company, false, false),
                term("joint", Scope::Title, false, false),
                term("snowden", Scope::Text, false, true),
                term("ibm", Scope::Text, true, false),
                term("dell", Scope::Company, true, true),
            ]
        );
    }

    #[test]
    fn is_terms_name_the_reader_marks() {
        let q = parse("is:unread !is:bookmarked", Scope::Company);
        assert_eq!(
            q.terms,
            vec![
                term("unread", Scope::Is, false, false),
                term("bookmarked", Scope::Is, true, false)
            ]
        );
    }

    #[test]
    fn unfinished_terms_are_ignored() {
        assert!(parse("! ' c: !c:'", Scope::Company).is_empty());
        assert!(parse("", Scope::Company).is_empty());
    }

    #[test]
    fn colons_that_are_not_scopes_stay_in_the_text() {
        assert_eq!(parse("10:30", Scope::Company).terms[0].text, "10:30");
        assert_eq!(parse("http://x", Scope::Company).terms[0].text, "http://x");
        // In a word scope they split it, as the words of the text are split.
        assert_eq!(texts("10:30", Scope::Text), ["10", "30", "10 30"]);
        assert_eq!(texts("http://x", Scope::Text), ["http", "x", "http x"]);
    }

    #[test]
    fn company_terms_are_the_names_in_them() {
        let texts = |q: &str| texts(q, Scope::Company);
        assert_eq!(
            texts("(Inspur), “Cisco” Cisco's IBM’s dell’oro 'huawei's !AT&T."),
            [
                "Inspur", "Cisco", "Cisco", "IBM", "dell'oro", "huawei", "AT&T"
            ]
        );
        // Kept: a term of punctuation only, a whole name, names with inner punctuation.
        assert_eq!(
            texts("& =McDonald's McDonald's"),
            ["&", "McDonald's", "McDonald"]
        );
        // (`'s` is the exact prefix and `s`; in the full text `Cisco's` is two words.)
        assert_eq!(texts("'s x:Cisco's"), ["s", "Cisco", "s", "Cisco s"]);
        let q = parse("!'cisco's", Scope::Company);
        assert_eq!(q.terms, vec![term("cisco", Scope::Company, true, true)]);
    }

    #[test]
    fn title_and_text_terms_are_the_words_in_them() {
        let q = parse(
            "Economy 'strong' don't !e-mail t:\"joint venture\" c:AT&T x:-- '(Apacs)",
            Scope::Title,
        );
        assert_eq!(
            q.terms,
            vec![
                term("Economy", Scope::Title, false, false),
                // Pasted from a headline: the exact prefix stays, the closing quote goes.
                term("strong", Scope::Title, false, true),
                // Several words are a phrase: each word, then the words together.
                word("don", false),
                word("t", false),
                phrase("don t", false),
                // Negated, the phrase alone: not these words together.
                phrase("e mail", true),
                word("joint", false),
                word("venture", false),
                phrase("joint venture", false),
                // Company names keep their punctuation.
                term("AT&T", Scope::Company, false, false),
                // No word in it (`x:--`): left out.
                term("Apacs", Scope::Title, false, true),
            ]
        );
        assert_eq!(q.terms[5].words().collect::<Vec<_>>(), ["e", "mail"]);
        assert!(parse("t:- x:: !–", Scope::Title).is_empty());
        // One word for any other term, spaces and all.
        let name = parse("!c:\"China Telecom\"", Scope::Company);
        assert_eq!(name.terms[0].words().collect::<Vec<_>>(), ["China Telecom"]);
        assert_eq!(q.terms[0].words().collect::<Vec<_>>(), ["Economy"]);
        // Non-ASCII letters are letters.
        assert_eq!(parse("Zürich-based", Scope::Text).terms[0].text, "Zürich");
    }

    #[test]
    fn scope_cycles_through_all_three() {
        assert_eq!(Scope::Company.next().next().next(), Scope::Company);
        assert_eq!(Scope::from_name("TEXT"), Some(Scope::Text));
        assert_eq!(Scope::from_name("bogus"), None);
    }
}
