//! From a [`RawArticle`] of any format to the [`Article`] the reader shows: sanitised once, here,
//! so that nothing downstream has to think about control characters.

use super::clean::{self, one_line};
use super::date::{Date, find_dateline};
use super::{Article, ArticleId, Body, Paragraphs, Raw, RawArticle, Reread};
use crate::state::content_hash;

/// Cleans one article. Companies are filled in by the store; the names the file itself listed
/// (sanitised) are returned beside it for the store to merge.
pub fn parse(raw: RawArticle, id: ArticleId) -> (Article, Vec<String>) {
    let unhashed = parse_unhashed(raw, id);
    let hash = content_hash(unhashed.text());
    unhashed.hashed(hash)
}

/// An article cleaned but for its content hash, which is worked out for many articles at once
/// ([`crate::state::content_hashes`]): [`parse`] in two steps.
pub struct Unhashed {
    article: Article,
    given: Vec<String>,
    /// The sanitised raw text, the hash's input.
    text: String,
    /// Where the raw text can be read again (then it is not kept).
    reread: Option<Reread>,
}

impl Unhashed {
    /// The text the hash is taken over: the raw text, or for an article that has none (a
    /// record of a headline feed: a title and no body) its title. Hashed empty, every such
    /// article was the same text: all but the first were listed as its copies, and marking one
    /// read marked them all.
    pub fn text(&self) -> &str {
        if self.text.is_empty() {
            &self.article.title
        } else {
            &self.text
        }
    }

    /// The article with its hash `hash` (of [`Unhashed::text`]), and the names its file listed.
    pub fn hashed(self, hash: u64) -> (Article, Vec<String>) {
        let mut article = self.article;
        article.hash = hash;
        article.raw = match self.reread {
            Some(reread) => Raw::File(reread),
            None => Raw::Kept(self.text),
        };
        (article, self.given)
    }
}

/// [`parse`] but for the hash.
pub fn parse_unhashed(raw: RawArticle, id: ArticleId) -> Unhashed {
    let meta = raw.meta;
    let title_given = meta.title.map(one_line).filter(|t| !t.is_empty());
    let date_text = meta.date_text.map(one_line).filter(|s| !s.is_empty());
    let date = date_text.as_deref().and_then(Date::parse);
    let (raw_text, cleaned) = match raw.body {
        Body::Plain(text) => clean::clean_record(text, None, |c| body_of(c, date)),
        Body::Text(text) => clean::clean_record(text, title_given.as_deref(), |c| body_of(c, date)),
        Body::Paragraphs(paragraphs) => {
            let paragraphs: Vec<String> = paragraphs
                .into_iter()
                .map(one_line)
                .filter(|p| !p.is_empty())
                .collect();
            let raw_text = paragraphs.join("\n\n");
            let cleaned = match &title_given {
                Some(title) => clean::Cleaned {
                    title: title.clone(),
                    paragraphs,
                    ..clean::Cleaned::default()
                },
                // No title anywhere: the same rule as plain text, a short one from the first sentence.
                None => clean::clean_plain_text(&raw_text),
            };
            (raw_text, body_of(cleaned, date))
        }
    };
    let title_inferred = cleaned.title_inferred && title_given.is_none();
    let article = Article {
        id,
        origin: raw.origin,
        title: title_given.unwrap_or(cleaned.title),
        title_inferred,
        source: meta
            .source
            .map(one_line)
            .filter(|s| !s.is_empty())
            .or(cleaned.source),
        section: cleaned.section.or(raw.folder),
        byline: meta
            .author
            .map(one_line)
            .filter(|s| !s.is_empty())
            .or(cleaned.byline),
        date: cleaned.date,
        date_text,
        url: meta.url.map(one_line).filter(|s| !s.is_empty()),
        has_standfirst: cleaned.has_standfirst,
        paragraphs: cleaned.paragraphs,
        hash: 0,
        // Set by `Unhashed::hashed`, once the text has been hashed.
        raw: Raw::Kept(String::new()),
        companies: Vec::new(),
    };
    let given = meta
        .companies
        .into_iter()
        .map(one_line)
        .filter(|c| !c.is_empty())
        .collect();
    Unhashed {
        article,
        given,
        text: raw_text,
        reread: raw.reread,
    }
}

/// An article's text once cleaned: [`clean::Cleaned`] with the dateline (when the file gave no
/// date) taken out of the paragraphs and the standfirst put first among them.
struct CleanText {
    title: String,
    title_inferred: bool,
    section: Option<String>,
    byline: Option<String>,
    source: Option<String>,
    has_standfirst: bool,
    paragraphs: Paragraphs,
    date: Option<Date>,
}

/// [`CleanText`] of `cleaned`, whose paragraphs are owned or borrowed from the text (`P`), with the
/// date the file gave, if any.
fn body_of<P: AsRef<str> + From<String>>(
    cleaned: clean::Cleaned<P>,
    date: Option<Date>,
) -> CleanText {
    let mut paragraphs = cleaned.paragraphs;
    let mut date = date;
    if date.is_none() {
        // A dateline near the top of the text ("March 3, 2020") is metadata, not a paragraph.
        let first: Vec<&str> = paragraphs.iter().take(8).map(AsRef::as_ref).collect();
        if let Some((found, index)) = find_dateline(&first) {
            date = Some(found);
            paragraphs.remove(index);
        }
    }
    let has_standfirst = cleaned.standfirst.is_some();
    if let Some(standfirst) = cleaned.standfirst {
        paragraphs.insert(0, P::from(standfirst));
    }
    CleanText {
        title: cleaned.title,
        title_inferred: cleaned.title_inferred,
        section: cleaned.section,
        byline: cleaned.byline,
        source: cleaned.source,
        has_standfirst,
        paragraphs: paragraphs.into(),
        date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Meta;

    fn raw(body: Body, meta: Meta) -> RawArticle {
        RawArticle {
            origin: "x".into(),
            body,
            folder: Some("business".into()),
            meta,
            reread: None,
        }
    }

    #[test]
    fn a_value_kept_as_one_line_is_the_one_the_long_way_gives() {
        let values = [
            "",
            "Plain headline",
            "Cisco and Inspur: a deal",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "new\nline",
            "no\u{a0}break",
            "ideographic\u{3000}space",
            "AT&amp;T",
            "AT&T",
            "\u{feff}marked",
            "mid\u{feff}dle",
            "zero\u{200b}width",
            "esc\u{1b}[31m",
            "bidi\u{202e}txet",
            "café crème",
            "a b c d e f g h i j k l m n o p",
            "eight by  eight bytes",
            "twelve bytes two  ",
        ];
        for value in values {
            assert_eq!(
                one_line(value.to_owned()),
                clean::one_line_of(value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn values_made_at_random_are_kept_as_one_line_as_the_long_way_gives() {
        let pieces = [
            "Cisco",
            "x",
            " ",
            "  ",
            "&",
            "&amp;",
            "&eacute;",
            "\t",
            "\n",
            "\r",
            "\u{7f}",
            "\u{1b}",
            "\u{1b}[31m",
            "\u{a0}",
            "\u{200b}",
            "\u{feff}",
            "é",
            "~",
            "!",
            ";",
        ];
        // Two spaces across the eight-byte blocks a value is read in, and at their ends.
        let across = [
            "Abcdefg  hij",
            "Abcdefg  hijklmnopq",
            "Abcdefgh  ij",
            "Abcdefghijklmno  pq",
            "Abcdefghijklmnop  q",
            "Abcdefg\tij",
        ]
        .map(String::from);
        let values = crate::texts_of(&pieces, 8, 0x2545_f491_4f6c_dd1d, 20_000).chain(across);
        for value in values {
            assert_eq!(
                one_line(value.clone()),
                clean::one_line_of(&value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn metadata_fields_are_sanitised_to_one_line() {
        let meta = Meta {
            title: Some("Cisco\u{1b}[2J and\n Inspur &amp; friends".into()),
            source: Some("\u{1b}]52;c;AAAA\u{7}Wire".into()),
            author: Some("  Jane\tDoe ".into()),
            companies: vec!["In\u{1b}[31mspur".into(), "  ".into()],
            ..Meta::default()
        };
        let (a, given) = parse(raw(Body::Text("Body text here.".into()), meta), 0);
        assert_eq!(a.title, "Cisco and Inspur & friends");
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(given, vec!["Inspur"]);
        assert_eq!(a.section.as_deref(), Some("business"));
    }

    #[test]
    fn a_dateline_is_the_date_unless_the_file_gives_one() {
        let body = "Deal done\n\nMarch 3, 2020\n\nThe two firms signed on Monday.";
        let (a, _) = parse(raw(Body::Text(body.into()), Meta::default()), 0);
        assert_eq!(a.date, Date::parse("2020-03-03"));
        assert_eq!(a.paragraphs, vec!["The two firms signed on Monday."]);
        // A date the file gives wins, and the dateline stays a paragraph.
        let meta = Meta {
            date_text: Some("2021-01-05".into()),
            ..Meta::default()
        };
        let (a, _) = parse(raw(Body::Text(body.into()), meta), 0);
        assert_eq!(a.date, Date::parse("2021-01-05"));
        assert_eq!(
            a.paragraphs,
            vec!["March 3, 2020", "The two firms signed on Monday."]
        );
    }

    #[test]
    fn a_given_title_is_not_looked_for_in_the_body() {
        let meta = Meta {
            title: Some("Deal done".into()),
            ..Meta::default()
        };
        let body = "Short first line\n\nDeal done\n\nThe two firms signed on Monday.";
        let (a, _) = parse(raw(Body::Text(body.into()), meta), 0);
        assert_eq!(a.title, "Deal done");
        assert!(!a.title_inferred);
        assert_eq!(
            a.paragraphs,
            vec!["Short first line", "The two firms signed on Monday."]
        );
    }

    #[test]
    fn paragraphs_without_a_title_get_one_from_the_first_sentence() {
        let body = Body::Paragraphs(vec![
            "Intel and Micron opened a plant. It makes flash.".into(),
        ]);
        let (a, _) = parse(raw(body, Meta::default()), 0);
        assert!(a.title_inferred);
        assert!(
            a.title.starts_with("Intel and Micron opened a plant"),
            "{}",
            a.title
        );
        assert_eq!(a.paragraphs.len(), 1);
    }
}
