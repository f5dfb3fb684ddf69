//! Articles from news feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, as a feed reader fetches them
//! (`curl -s URL > feed.xml`, or piped in).
//!
//! Each `<item>` (RSS) or `<entry>` (Atom) is an article: its title, its link, its date
//! (`pubDate`, `dc:date`, `published`, else `updated`), its author (`author`, `dc:creator`, an
//! Atom author's `name`), its source (its own `<source>`, else the feed's title) and its text:
//! the full content a feed gives (`content:encoded`, Atom's `content`), else its summary
//! (`description`, `summary`). A text in HTML, as feeds give it, is read as a web page's text
//! is. The XML is read by `quick-xml`; a feed cut short keeps the items before the cut, and the
//! error is a problem naming its line.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::Meta;
use super::json::{JsonArticle, JsonProblem, body_text, non_empty};

/// The parts of an item being read.
#[derive(Default)]
struct Item {
    title: String,
    link: Option<String>,
    /// RSS's `guid`: the item's address when the feed says it is one (most do, and some give
    /// no `link`).
    guid: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    author: Option<String>,
    source: Option<String>,
    content: Option<String>,
    summary: Option<String>,
}

/// What the text being read inside an item goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Title,
    Link,
    Guid,
    Date,
    Updated,
    Author,
    Source,
    Content,
    Summary,
}

impl Part {
    /// The part an element of an item (by its local name, lowercase) holds, if any.
    fn of(name: &str) -> Option<Part> {
        Some(match name {
            "title" => Part::Title,
            "link" => Part::Link,
            "guid" | "id" => Part::Guid,
            "pubdate" | "date" | "published" | "issued" => Part::Date,
            "updated" | "modified" => Part::Updated,
            "author" | "creator" => Part::Author,
            "source" => Part::Source,
            "encoded" | "content" => Part::Content,
            "description" | "summary" => Part::Summary,
            _ => return None,
        })
    }
}

/// Whether `text` (its start) is a news feed: an XML document whose root is `<rss>`, `<feed>` or
/// `<rdf:RDF>`.
pub fn is_feed(text: &str) -> bool {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let mut end = start.len().min(2048);
    while !start.is_char_boundary(end) {
        end -= 1;
    }
    let head = &start[..end];
    // The root: the first element that is not a declaration, comment or processing instruction.
    let mut rest = head;
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            rest = &tag[1..];
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        return matches!(
            name.to_ascii_lowercase().as_str(),
            "rss" | "feed" | "rdf:rdf"
        );
    }
    false
}

/// The articles of a feed, and its problems: an item with neither a title nor a text, and XML
/// that cannot be read or ends too soon (the items before are kept). Each article is numbered
/// by its place among the items, from 0.
pub fn parse_feed(text: &str) -> (Vec<JsonArticle>, Vec<JsonProblem>) {
    let mut reader = Reader::from_str(text);
    let mut feed = FeedReader::default();
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                let line =
                    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at.min(text.len())]).count();
                feed.problems.push(JsonProblem {
                    line: Some(line),
                    index: None,
                    reason: format!("line {line}: not well-formed XML: {e}"),
                });
                break;
            }
        };
        match event {
            Event::Start(start) => feed.start(&start),
            Event::Empty(start) => feed.empty(&start),
            Event::End(_) => feed.end(),
            Event::Text(t) if feed.reading() => feed.text.push_str(&t.xml10_content()),
            Event::CData(t) if feed.reading() => feed.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if feed.reading() => reference(&mut feed.text, &r),
            Event::Eof => {
                feed.eof(1 + memchr::memchr_iter(b'\n', text.as_bytes()).count());
                break;
            }
            _ => {}
        }
    }
    if feed.articles.is_empty() && feed.problems.is_empty() {
        feed.problems.push(JsonProblem {
            line: None,
            index: None,
            reason: "the feed has no item (no <item> or <entry>)".to_owned(),
        });
    }
    (feed.articles, feed.problems)
}

/// The character an entity reference stands for, added to `text`: a character reference, or
/// one of XML's five. HTML's (`&nbsp;`), which feeds use though XML has them not, are kept as
/// written, for cleaning to decode as it decodes any text's.
fn reference(text: &mut String, name: &str) {
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            if let Ok(Some(c)) = quick_xml::events::BytesRef::new(name).resolve_char_ref() {
                text.push(c);
            } else {
                text.push('&');
                text.push_str(name);
                text.push(';');
            }
            return;
        }
    };
    text.push(named);
}

/// What [`parse_feed`] knows at a point of the feed.
#[derive(Default)]
struct FeedReader {
    /// Local names of the open elements, lowercase.
    open: Vec<String>,
    feed_title: Option<String>,
    reading_feed_title: bool,
    /// The item being read, and its depth.
    item: Option<(Item, usize)>,
    /// The part of it being read, and its depth.
    part: Option<(Part, usize)>,
    /// An element inside an author or a source whose text is not its name (an Atom author's
    /// `email`), by its depth.
    ignoring: Option<usize>,
    /// The number of the next item.
    index: usize,
    /// The text of the part (or the feed's title) read so far.
    text: String,
    articles: Vec<JsonArticle>,
    problems: Vec<JsonProblem>,
}

impl FeedReader {
    fn start(&mut self, start: &BytesStart<'_>) {
        let name = local_name(start);
        let depth = self.open.len();
        if let Some((current, item_depth)) = &mut self.item {
            if let Some((part, _)) = self.part {
                let named = match part {
                    Part::Author => name == "name",
                    Part::Source => name == "title",
                    _ => true,
                };
                if !named && self.ignoring.is_none() {
                    self.ignoring = Some(depth);
                }
                self.break_block(part, &name);
            } else if depth == *item_depth + 1
                && let Some(part) = Part::of(&name)
            {
                self.part = Some((part, depth));
                self.text.clear();
                if part == Part::Link {
                    link_of(start, current);
                }
            }
        } else if name == "item" || name == "entry" {
            self.item = Some((Item::default(), depth));
        } else if name == "title"
            && self.feed_title.is_none()
            && self
                .open
                .last()
                .is_some_and(|parent| parent == "channel" || parent == "feed")
        {
            self.reading_feed_title = true;
            self.text.clear();
        }
        self.open.push(name);
    }

    /// Atom's text given as XHTML (`<content type="xhtml"><div><p>…</p><p>…</p></div>`): its
    /// elements are read as their text, a blank line between blocks, so that its paragraphs
    /// stay paragraphs.
    fn break_block(&mut self, part: Part, name: &str) {
        let block = matches!(
            name,
            "p" | "div" | "br" | "li" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        );
        if block && matches!(part, Part::Content | Part::Summary) && !self.text.trim().is_empty() {
            self.text.push_str("\n\n");
        }
    }

    /// `<link href="…"/>`, Atom's; `<br/>` in XHTML text.
    fn empty(&mut self, start: &BytesStart<'_>) {
        if let Some((part, _)) = self.part {
            self.break_block(part, &local_name(start));
        }
        if let Some((current, item_depth)) = &mut self.item
            && self.part.is_none()
            && self.open.len() == *item_depth + 1
            && local_name(start) == "link"
        {
            link_of(start, current);
        }
    }

    fn end(&mut self) {
        let depth = self.open.len().saturating_sub(1);
        self.open.pop();
        if self.ignoring == Some(depth) {
            self.ignoring = None;
        } else if self.reading_feed_title {
            self.reading_feed_title = false;
            self.feed_title = non_empty(std::mem::take(&mut self.text));
        } else if let Some((part, part_depth)) = self.part
            && part_depth == depth
        {
            if let Some((current, _)) = &mut self.item {
                keep(current, part, &self.text);
            }
            self.part = None;
            self.text.clear();
        } else if let Some((_, item_depth)) = self.item
            && item_depth == depth
            && let Some((done, _)) = self.item.take()
        {
            finish(
                done,
                self.index,
                self.feed_title.as_deref(),
                &mut self.articles,
                &mut self.problems,
            );
            self.index += 1;
        }
    }

    /// The end of the text, on line `line`: inside an element, the feed was cut short.
    fn eof(&mut self, line: usize) {
        if let Some(inside) = self.open.last() {
            self.problems.push(JsonProblem {
                line: Some(line),
                index: self.item.is_some().then_some(self.index),
                reason: format!(
                    "line {line}: the feed ends inside <{inside}> (the file may have been cut short)"
                ),
            });
        }
    }

    /// Whether text read now is kept: inside a part of an item (not in an element of it that
    /// is ignored), or in the feed's title.
    fn reading(&self) -> bool {
        (self.part.is_some() && self.ignoring.is_none()) || self.reading_feed_title
    }
}

/// An element's local name (without its namespace prefix), lowercase.
fn local_name(start: &BytesStart<'_>) -> String {
    start.local_name().into_inner().to_ascii_lowercase()
}

/// The address of an Atom `<link>`: its `href`, when it is the article's own page (no `rel`, or
/// `rel="alternate"`) and the item has none yet.
fn link_of(start: &BytesStart<'_>, item: &mut Item) {
    let mut href = None;
    let mut alternate = true;
    for attribute in start.attributes().flatten() {
        match attribute.key.local_name().into_inner() {
            "href" => {
                href = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(std::borrow::Cow::into_owned);
            }
            "rel" => {
                alternate = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .is_ok_and(|v| v.trim().eq_ignore_ascii_case("alternate"));
            }
            _ => {}
        }
    }
    if alternate && item.link.is_none() {
        item.link = href.and_then(non_empty);
    }
}

/// Keeps the text read for a part of an item (the first of each: a second `<link>` or `<author>`
/// does not replace the first).
fn keep(item: &mut Item, part: Part, text: &str) {
    let slot = match part {
        Part::Title => {
            if item.title.is_empty() {
                text.trim().clone_into(&mut item.title);
            }
            return;
        }
        Part::Link => &mut item.link,
        Part::Guid => &mut item.guid,
        Part::Date => &mut item.date,
        Part::Updated => &mut item.updated,
        Part::Author => &mut item.author,
        Part::Source => &mut item.source,
        Part::Content => &mut item.content,
        Part::Summary => &mut item.summary,
    };
    if slot.is_none() {
        *slot = non_empty(text.to_owned());
    }
}

/// The article of a finished item, or its problem.
fn finish(
    item: Item,
    index: usize,
    feed_title: Option<&str>,
    articles: &mut Vec<JsonArticle>,
    problems: &mut Vec<JsonProblem>,
) {
    let body = item
        .content
        .or(item.summary)
        .map(body_text)
        .unwrap_or_default();
    if item.title.is_empty() && body.trim().is_empty() {
        problems.push(JsonProblem {
            line: None,
            index: Some(index),
            reason: format!("item {}: no title or text", index + 1),
        });
        return;
    }
    let meta = Meta {
        title: non_empty(item.title),
        date_text: item.date.or(item.updated),
        source: item.source.or_else(|| feed_title.map(str::to_owned)),
        url: item.link.or_else(|| {
            item.guid
                .filter(|guid| guid.starts_with("https://") || guid.starts_with("http://"))
        }),
        author: item.author.map(|author| author_name(&author)),
        ..Meta::default()
    };
    articles.push(JsonArticle {
        meta,
        body,
        line: None,
        index: Some(index),
        offset: None,
    });
}

/// An RSS author as feeds write it, an address with the name in brackets ("jo@example.com (Jo
/// Bloggs)"), as the name; any other as it is.
fn author_name(author: &str) -> String {
    let author = author.trim();
    match author.split_once(" (") {
        Some((address, name)) if address.contains('@') && name.ends_with(')') => {
            name.trim_end_matches(')').trim().to_owned()
        }
        _ => author.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example Business Wire</title>
  <link>https://www.example.com/</link>
  <description>Company news</description>
  <item>
    <title>Contoso Bank &amp; Fabrikam sign a &#8220;cloud&#8221; deal</title>
    <link>https://www.example.com/contoso-fabrikam</link>
    <pubDate>Tue, 03 Mar 2020 10:15:00 +0000</pubDate>
    <dc:creator>Grace Hopper</dc:creator>
    <category>Banking</category>
    <description>Contoso Bank signed a deal.</description>
    <content:encoded><![CDATA[<p>Contoso Bank signed a deal with Fabrikam.</p><p>It runs for five years.</p>]]></content:encoded>
  </item>
  <item>
    <title>Northwind Systems opens a plant</title>
    <link>https://www.example.com/northwind</link>
    <author>news@example.com (Ada Lovelace)</author>
    <source url="https://other.example.org/rss">Other Wire</source>
    <description>&lt;p&gt;Northwind Systems opened a plant in Leeds.&lt;/p&gt;</description>
  </item>
  <item><category>Empty</category></item>
</channel>
</rss>"#;

    #[test]
    fn rss_items_are_articles_with_their_title_link_date_author_source_and_text() {
        assert!(is_feed(RSS));
        let (articles, problems) = parse_feed(RSS);
        assert_eq!(articles.len(), 2);
        let a = &articles[0];
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Contoso Bank & Fabrikam sign a \u{201c}cloud\u{201d} deal")
        );
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://www.example.com/contoso-fabrikam")
        );
        assert_eq!(
            a.meta.date_text.as_deref(),
            Some("Tue, 03 Mar 2020 10:15:00 +0000")
        );
        assert_eq!(a.meta.author.as_deref(), Some("Grace Hopper"));
        assert_eq!(a.meta.source.as_deref(), Some("Example Business Wire"));
        // The full content, read from its HTML, rather than the summary.
        assert_eq!(
            a.body,
            "Contoso Bank signed a deal with Fabrikam.\n\nIt runs for five years."
        );
        assert_eq!(a.index, Some(0));
        let b = &articles[1];
        assert_eq!(b.meta.author.as_deref(), Some("Ada Lovelace"));
        assert_eq!(b.meta.source.as_deref(), Some("Other Wire"));
        assert_eq!(b.body, "Northwind Systems opened a plant in Leeds.");
        assert_eq!(b.index, Some(1));
        assert_eq!(
            problems,
            [JsonProblem {
                line: None,
                index: Some(2),
                reason: "item 3: no title or text".into(),
            }]
        );
    }

    #[test]
    fn atom_entries_and_rss_1_items_are_articles_too() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Example Atom</title>
  <link href="https://www.example.com/"/>
  <entry>
    <title>Fabrikam buys a rival</title>
    <link rel="self" href="https://www.example.com/api/1"/>
    <link rel="alternate" type="text/html" href="https://www.example.com/fabrikam"/>
    <updated>2021-06-02T09:00:00Z</updated>
    <published>2021-06-01T08:00:00Z</published>
    <author><name>Alan Turing</name><email>alan@example.com</email></author>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;Fabrikam bought a rival.&lt;/p&gt;&lt;p&gt;Shares rose.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>In XHTML</title>
    <id>https://www.example.com/xhtml</id>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One &amp; <b>two</b>.</p><p>Three.</p></div></content>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://www.example.com/2"/>
    <updated>2021-06-03T09:00:00Z</updated>
    <summary>The text.</summary>
  </entry>
</feed>"#;
        let (articles, problems) = parse_feed(atom);
        assert_eq!(problems, []);
        let a = &articles[0];
        assert_eq!(a.meta.title.as_deref(), Some("Fabrikam buys a rival"));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://www.example.com/fabrikam")
        );
        assert_eq!(a.meta.date_text.as_deref(), Some("2021-06-01T08:00:00Z"));
        assert_eq!(a.meta.author.as_deref(), Some("Alan Turing"));
        assert_eq!(a.meta.source.as_deref(), Some("Example Atom"));
        assert_eq!(a.body, "Fabrikam bought a rival.\n\nShares rose.");
        assert_eq!(articles[1].body, "One & two.\n\nThree.");
        // No link: its id, an address.
        assert_eq!(
            articles[1].meta.url.as_deref(),
            Some("https://www.example.com/xhtml")
        );
        let b = &articles[2];
        assert_eq!(b.meta.date_text.as_deref(), Some("2021-06-03T09:00:00Z"));
        assert_eq!(b.meta.url.as_deref(), Some("https://www.example.com/2"));
        assert_eq!(b.body, "The text.");

        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://www.example.com/"><title>Old Wire</title></channel>
  <item rdf:about="https://www.example.com/a">
    <title>Contoso in talks</title>
    <link>https://www.example.com/a</link>
    <dc:date>2004-04-01T12:00:00Z</dc:date>
    <description>Contoso is in talks.</description>
  </item>
</rdf:RDF>"#;
        assert!(is_feed(rdf));
        let (articles, problems) = parse_feed(rdf);
        assert_eq!(problems, []);
        assert_eq!(articles[0].meta.source.as_deref(), Some("Old Wire"));
        assert_eq!(
            articles[0].meta.date_text.as_deref(),
            Some("2004-04-01T12:00:00Z")
        );
        assert_eq!(articles[0].body, "Contoso is in talks.");
    }

    #[test]
    fn a_feed_cut_short_keeps_the_items_before_the_cut_and_names_the_line() {
        let cut = &RSS[..RSS.find("<author>").unwrap() + 10];
        let (articles, problems) = parse_feed(cut);
        assert_eq!(articles.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].reason,
            "line 20: the feed ends inside <author> (the file may have been cut short)"
        );
        let broken = RSS.replace("</dc:creator>", "</dc:author>");
        let (articles, problems) = parse_feed(&broken);
        assert_eq!(articles.len(), 0);
        assert!(
            problems[0]
                .reason
                .starts_with("line 12: not well-formed XML"),
            "{problems:?}"
        );
    }

    #[test]
    fn only_rss_and_atom_documents_are_feeds() {
        assert!(is_feed("\u{feff}  <rss version=\"2.0\"><channel/></rss>"));
        assert!(is_feed(
            "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"
        ));
        assert!(!is_feed("<?xml version=\"1.0\"?><urlset><url/></urlset>"));
        assert!(!is_feed(
            "<?xml version=\"1.0\"?><!DOCTYPE html><html><body>x</body></html>"
        ));
        assert!(!is_feed("rss is a format"));
        assert!(!is_feed("<p>fragment</p>"));
        // A multi-byte character at the end of the part looked at.
        assert!(!is_feed(&format!("<{}", "é".repeat(2000))));
    }
}
