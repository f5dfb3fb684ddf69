//! Web pages saved from a browser or a crawler (`.html`, `.htm`): the article's text and what
//! the page says about it. The page is parsed as a browser parses it (html5ever, through
//! `scraper`), so unclosed tags, entities and stray markup come out as a browser shows them.
//!
//! - **What it says about itself:** the headline, date, author, site and address, from the
//!   page's metadata: Open Graph and article tags, `<meta name=…>`, JSON-LD (`NewsArticle`
//!   and the like), the canonical link, then `<h1>` and `<title>`.
//! - **The text:** from the element that holds the article (`itemprop="articleBody"`, else the
//!   `<article>` with the most paragraph text, else `<main>`, else the body), one block per
//!   paragraph, heading or list item. Scripts, styles, navigation, forms, asides, figures and
//!   parts a page marks as sharing, newsletter or comment widgets are left out; what else a
//!   scrape catches (bylines, captions, "Read more" lines) is the cleaner's, as for plain text.

use scraper::{ElementRef, Html, Node};

use super::meta::Meta;

/// How deep elements may nest before [`flattened`] sets the deeper ones' tags aside: Blink's
/// parser's limit. Real pages nest a few dozen deep.
const MAX_DEPTH: usize = 512;

/// The page with the tags of elements nested deeper than [`MAX_DEPTH`] left out, their text
/// kept; the page itself (borrowed, nothing copied) when it nests no deeper.
///
/// html5ever's tree builder looks through the open elements for most tags, so its parse takes
/// time in the square of the depth: a page of 20,000 nested `<div>`s took 0.9 s, and one of
/// 200,000 (2.2 MB) would have held its load up for minutes. Browsers flatten such pages too.
///
/// The depth is counted by the tags, as written: elements whose end tag may be left out (`p`,
/// `li`, `td`...) and void ones (`br`, `img`...) do not count, nor does a self-closed tag
/// (`<path/>` in an inline SVG); comments and the text of scripts and styles are passed over.
fn flattened(page: &str) -> std::borrow::Cow<'_, str> {
    if nest(page, None) <= MAX_DEPTH {
        return std::borrow::Cow::Borrowed(page);
    }
    let mut out = String::with_capacity(page.len());
    nest(page, Some(&mut out));
    std::borrow::Cow::Owned(out)
}

/// How deep `page`'s elements nest (see [`flattened`]); with `out`, the page is written there
/// without the tags deeper than [`MAX_DEPTH`].
fn nest(page: &str, mut out: Option<&mut String>) -> usize {
    let bytes = page.as_bytes();
    let (mut depth, mut deepest, mut set_aside) = (0usize, 0usize, 0usize);
    // Bytes up to `copied` are written (or left out) already.
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &bytes[start..];
        // Comments, doctypes and processing instructions: passed over whole.
        if rest.starts_with(b"<!--") {
            at =
                memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        // Lowercased on the stack: the names that matter here are short, a longer one (a
        // custom element) counts as any other.
        let mut lowered = [0u8; 10];
        let name = match lowered.get_mut(..name_len) {
            Some(short) => {
                short.copy_from_slice(&bytes[name_at..name_at + name_len]);
                short.make_ascii_lowercase();
                std::str::from_utf8(short).unwrap_or_default()
            }
            None => "",
        };
        let end = tag_end(bytes, name_at + name_len);
        let self_closed = bytes[..end].ends_with(b"/>");
        let counts = !self_closed && !is_void_or_optional(name);
        let mut keep = true;
        if counts && closing {
            if set_aside > 0 {
                set_aside -= 1;
                keep = false;
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if counts {
            if depth >= MAX_DEPTH {
                set_aside += 1;
                keep = false;
            } else {
                depth += 1;
            }
            deepest = deepest.max(depth + set_aside);
        }
        if let Some(out) = out.as_deref_mut()
            && !keep
        {
            out.push_str(&page[copied..start]);
            copied = end;
        }
        at = end;
        // The text of a script, style and the like is not markup: on to its end tag.
        if !closing && !self_closed && is_raw_text(name) {
            let mut from = at;
            at = bytes.len();
            while let Some(k) = memchr::memmem::find(&bytes[from..], b"</") {
                let tag = from + k + 2;
                if bytes.len() >= tag + name.len()
                    && bytes[tag..tag + name.len()].eq_ignore_ascii_case(name.as_bytes())
                {
                    at = from + k;
                    break;
                }
                from = tag;
            }
        }
    }
    if let Some(out) = out {
        out.push_str(&page[copied..]);
    }
    deepest
}

/// Where the tag whose name ends at `from` ends: after its `>`, quoted attribute values passed
/// over; the end of the page when it never ends.
fn tag_end(bytes: &[u8], mut from: usize) -> usize {
    let mut quote = None;
    while let Some(&b) = bytes.get(from) {
        from += 1;
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return from,
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
    }
    bytes.len()
}

/// Elements that do not nest as written: void ones, and those whose end tag may be left out
/// (a browser closes them by itself), so that a list of unclosed `<li>`s is not deep.
fn is_void_or_optional(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is text, not markup, up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// An article read from a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlArticle {
    /// What the page says about it (no companies: pages do not list them).
    pub meta: Meta,
    /// Its text: one block per paragraph, heading or list item, blank lines between; lines
    /// broken by `<br>` stay broken.
    pub text: String,
}

/// Reads the article of a web page.
///
/// # Errors
///
/// The page holds no text at all (an empty page, a frameset, a redirect): "no article text in
/// the page".
pub fn parse_html(text: &str) -> Result<HtmlArticle, String> {
    read_page(&Html::parse_document(&flattened(text)))
}

/// [`parse_html`] of a page parsed.
fn read_page(page: &Html) -> Result<HtmlArticle, String> {
    let root = page.root_element();
    let mut meta = Meta::default();
    let mut found = Found::default();
    for node in root.descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let e = element.value();
        match e.name() {
            "meta" => found.meta_tag(
                e.attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop")),
                e.attr("content"),
            ),
            "link"
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                set(&mut found.canonical, e.attr("href"));
            }
            "title" if found.title_tag.is_none() => {
                found.title_tag = Some(collapsed(&element.text().collect::<String>()));
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                found.json_ld(&element.text().collect::<String>());
            }
            _ => {}
        }
    }
    let body = article_root(root);
    let mut blocks = Blocks::default();
    blocks.walk(body);
    let text = blocks.finish();
    if text.trim().is_empty() {
        return Err("no article text in the page".to_owned());
    }
    // The article's own <h1>, else the page's: looked for only when the metadata names none.
    let h1 = || {
        first_named(body, "h1")
            .or_else(|| first_named(root, "h1"))
            .map(|h| collapsed(&h.text().collect::<String>()))
    };
    meta.source = found.site;
    meta.title = found
        .title
        .or(found.ld_title)
        .or_else(h1)
        .or_else(|| {
            found
                .title_tag
                .map(|t| without_site(&t, meta.source.as_deref()))
        })
        .filter(|t| !t.is_empty());
    meta.date_text = found.date.or(found.ld_date).or_else(|| {
        first_named(body, "time").and_then(|t| t.value().attr("datetime").map(str::to_owned))
    });
    meta.author = found.author.or(found.ld_author);
    meta.url = found.canonical.or(found.url);
    Ok(HtmlArticle { meta, text })
}

/// What the page's metadata said, by where it said it: the first of each is kept.
#[derive(Default)]
struct Found {
    title: Option<String>,
    title_tag: Option<String>,
    site: Option<String>,
    date: Option<String>,
    author: Option<String>,
    url: Option<String>,
    canonical: Option<String>,
    ld_title: Option<String>,
    ld_date: Option<String>,
    ld_author: Option<String>,
}

impl Found {
    fn meta_tag(&mut self, key: Option<&str>, content: Option<&str>) {
        let Some(key) = key else { return };
        let slot = match key.to_ascii_lowercase().as_str() {
            "og:title" | "twitter:title" => &mut self.title,
            "og:site_name" | "application-name" => &mut self.site,
            "article:published_time"
            | "og:article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.date"
            | "parsely-pub-date"
            | "sailthru.date" => &mut self.date,
            "author" | "article:author" | "dc.creator" | "byl" | "parsely-author" => {
                // An author given as the address of a profile page names no one.
                if content.is_some_and(|c| c.starts_with("http")) {
                    return;
                }
                &mut self.author
            }
            "og:url" => &mut self.url,
            _ => return,
        };
        set(slot, content);
    }

    /// A JSON-LD block: the first object of an article type gives the headline, date and
    /// authors not found in the page's tags. One that does not read is passed over.
    fn json_ld(&mut self, text: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return;
        };
        let Some(article) = ld_article(&value) else {
            return;
        };
        let text_of = |key: &str| {
            article
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(collapsed)
        };
        set_owned(&mut self.ld_title, text_of("headline"));
        set_owned(&mut self.ld_date, text_of("datePublished"));
        let names: Vec<String> = match article.get("author") {
            Some(serde_json::Value::Array(authors)) => authors.iter().filter_map(ld_name).collect(),
            Some(author) => ld_name(author).into_iter().collect(),
            None => Vec::new(),
        };
        if !names.is_empty() {
            set_owned(&mut self.ld_author, Some(names.join(", ")));
        }
    }
}

/// The first object of an article type in a JSON-LD value: the value itself, an item of an
/// array, or of an `@graph`.
fn ld_article(value: &serde_json::Value) -> Option<&serde_json::Value> {
    match value {
        serde_json::Value::Array(items) => items.iter().find_map(ld_article),
        serde_json::Value::Object(object) => {
            let is_article = |t: &serde_json::Value| {
                t.as_str().is_some_and(|t| {
                    matches!(
                        t,
                        "Article"
                            | "NewsArticle"
                            | "ReportageNewsArticle"
                            | "AnalysisNewsArticle"
                            | "BlogPosting"
                            | "OpinionNewsArticle"
                            | "TechArticle"
                    )
                })
            };
            let typed = match object.get("@type") {
                Some(serde_json::Value::Array(types)) => types.iter().any(is_article),
                Some(t) => is_article(t),
                None => false,
            };
            if typed {
                Some(value)
            } else {
                object.get("@graph").and_then(ld_article)
            }
        }
        _ => None,
    }
}

/// An author in JSON-LD: a name, or an object with one.
fn ld_name(author: &serde_json::Value) -> Option<String> {
    let name = match author {
        serde_json::Value::String(name) => name,
        serde_json::Value::Object(object) => object.get("name")?.as_str()?,
        _ => return None,
    };
    Some(collapsed(name)).filter(|n| !n.is_empty() && !n.starts_with("http"))
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    set_owned(slot, value.map(collapsed));
}

fn set_owned(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.filter(|v| !v.is_empty());
    }
}

/// `text` with its runs of white space made single spaces, trimmed.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `<title>` without the site's name it ends (or starts) with: "Deal agreed | Example
/// News" → "Deal agreed".
fn without_site(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 5] = [" | ", " - ", " – ", " — ", " :: "];
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        for sep in SEPARATORS {
            if let Some(rest) = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep)) {
                return rest.trim().to_owned();
            }
            if let Some(rest) = title.strip_prefix(site).and_then(|t| t.strip_prefix(sep)) {
                return rest.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// The first element named `name` in `root`'s subtree (`root` included).
fn first_named<'a>(root: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    root.descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == name)
}

/// The element that holds the article.
fn article_root(root: ElementRef<'_>) -> ElementRef<'_> {
    let elements = || root.descendants().filter_map(ElementRef::wrap);
    if let Some(body) = elements().find(|e| e.value().attr("itemprop") == Some("articleBody")) {
        return body;
    }
    if let Some(article) = elements()
        .filter(|e| e.value().name() == "article")
        .map(|a| (paragraph_chars(a), a))
        .filter(|&(chars, _)| chars > 0)
        // The first of the longest (`max_by_key` would take the last).
        .fold(
            None,
            |best: Option<(usize, ElementRef<'_>)>, (chars, a)| match best {
                Some((most, _)) if most >= chars => best,
                _ => Some((chars, a)),
            },
        )
        .map(|(_, a)| a)
    {
        return article;
    }
    elements()
        .find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"))
        .or_else(|| elements().find(|e| e.value().name() == "body"))
        .unwrap_or(root)
}

/// How much text the paragraphs of `element` hold.
fn paragraph_chars(element: ElementRef<'_>) -> usize {
    element
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "p")
        .map(|p| p.text().map(str::len).sum::<usize>())
        .sum()
}

/// Elements whose content is never article text.
fn is_left_out(element: ElementRef<'_>) -> bool {
    let e = element.value();
    if matches!(
        e.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "canvas"
            | "nav"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "figure"
            | "picture"
            | "video"
            | "audio"
            | "header"
            | "footer"
            | "dialog"
            | "head"
    ) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    // Widgets a page names for what they are: "share-tools", "related_links", "newsletter".
    // Whole words of the class or id only: "commentary-body" is an article's text.
    let widget = |names: &str| {
        names
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|word| {
                matches!(
                    word.to_ascii_lowercase().as_str(),
                    "share"
                        | "sharing"
                        | "social"
                        | "related"
                        | "newsletter"
                        | "comments"
                        | "advert"
                        | "advertisement"
                        | "ad"
                        | "ads"
                        | "promo"
                        | "subscribe"
                        | "subscription"
                        | "cookie"
                        | "cookies"
                        | "breadcrumb"
                        | "breadcrumbs"
                        | "sidebar"
                        | "popup"
                        | "modal"
                )
            })
    };
    e.attr("class").is_some_and(widget) || e.attr("id").is_some_and(widget)
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "body"
    )
}

/// The text of an element, gathered block by block.
#[derive(Default)]
struct Blocks {
    done: Vec<String>,
    /// The block being gathered.
    current: String,
    /// Inside `<pre>`: white space is kept.
    pre: usize,
}

impl Blocks {
    /// Gathers the text below `root`, in document order. With a stack of its own rather than
    /// by recursion: a page may nest elements deeper than a thread's stack goes.
    fn walk(&mut self, root: ElementRef<'_>) {
        enum Step<N> {
            Visit(N),
            /// The end of a block element (of `<pre>`: white space collapses again).
            Close {
                pre: bool,
            },
        }
        let mut steps: Vec<_> = root.children().rev().map(Step::Visit).collect();
        while let Some(step) = steps.pop() {
            let node = match step {
                Step::Visit(node) => node,
                Step::Close { pre } => {
                    self.pre -= usize::from(pre);
                    self.end_block();
                    continue;
                }
            };
            match node.value() {
                Node::Text(text) => self.text(text),
                Node::Element(e) => {
                    let Some(element) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if is_left_out(element) {
                        continue;
                    }
                    match e.name() {
                        "br" => self.line_break(),
                        name if is_block(name) => {
                            self.end_block();
                            if name == "li" {
                                self.current.push_str("- ");
                            }
                            let pre = name == "pre";
                            self.pre += usize::from(pre);
                            steps.push(Step::Close { pre });
                            steps.extend(node.children().rev().map(Step::Visit));
                        }
                        _ => steps.extend(node.children().rev().map(Step::Visit)),
                    }
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            self.current.push_str(text);
            return;
        }
        // White space collapses as a browser collapses it: one space, none at a line's start.
        // Only HTML's white space (ASCII): a no-break space (`&nbsp;`) stays one.
        let mut words = text
            .split(|c: char| c.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .peekable();
        let starts_with_space = text.starts_with(|c: char| c.is_ascii_whitespace());
        if words.peek().is_none() {
            if !text.is_empty() && !self.at_line_start() {
                self.space();
            }
            return;
        }
        if starts_with_space && !self.at_line_start() {
            self.space();
        }
        let mut first = true;
        for word in words {
            if !first {
                self.current.push(' ');
            }
            self.current.push_str(word);
            first = false;
        }
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
    }

    fn at_line_start(&self) -> bool {
        self.current.is_empty() || self.current.ends_with('\n') || self.current.ends_with("- ")
    }

    fn space(&mut self) {
        if !self.current.ends_with(' ') {
            self.current.push(' ');
        }
    }

    /// A `<br>`: a line break, and two in a row (pages that set paragraphs apart so rather than
    /// with `<p>`) a paragraph break.
    fn line_break(&mut self) {
        let kept = self.current.trim_end_matches(' ').len();
        self.current.truncate(kept);
        if self.current.ends_with('\n') {
            self.end_block();
        } else if !self.current.is_empty() {
            self.current.push('\n');
        }
    }

    fn end_block(&mut self) {
        let block = self.current.trim();
        // A list item's bullet alone is no text.
        if !block.is_empty() && block != "-" {
            let block: String = block
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            self.done.push(block);
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.end_block();
        self.done.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Contoso Bank picks Northwind for its cloud | Example Business News</title>
<meta property="og:site_name" content="Example Business News">
<meta property="article:published_time" content="2021-06-14T09:30:00Z">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://news.example/2021/06/contoso-northwind">
<script>var tracking = "Contoso <b>not text</b>";</script>
<style>p { color: red }</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/business">Business</a></nav></header>
<article>
  <h1>Contoso Bank picks Northwind   for its cloud</h1>
  <p>Contoso Bank has chosen <b>Northwind Systems</b> to run its
     cloud, the bank said on Monday.</p>
  <figure><img src="a.jpg"><figcaption>Northwind's data centre. Photo: Example</figcaption></figure>
  <div class="share-tools"><a>Share on Facebook</a></div>
  <p>The deal is worth &pound;40m &amp; runs for five years.<br>It starts in July.</p>
  <h2>What changes</h2>
  <ul><li>New servers</li><li>Fewer outages</li></ul>
  <aside>Related: Tailspin Toys buys a games studio</aside>
</article>
<footer>© Example Business News</footer>
</body></html>"#;

    #[test]
    fn a_page_gives_its_article_text_and_what_it_says_about_it() {
        let a = parse_html(PAGE).unwrap();
        assert_eq!(
            a.meta.title.as_deref(),
            Some("Contoso Bank picks Northwind for its cloud")
        );
        assert_eq!(a.meta.source.as_deref(), Some("Example Business News"));
        assert_eq!(a.meta.date_text.as_deref(), Some("2021-06-14T09:30:00Z"));
        assert_eq!(a.meta.author.as_deref(), Some("Jane Roe"));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://news.example/2021/06/contoso-northwind")
        );
        assert_eq!(
            a.text,
            "Contoso Bank picks Northwind for its cloud\n\n\
             Contoso Bank has chosen Northwind Systems to run its cloud, the bank said on Monday.\n\n\
             The deal is worth £40m & runs for five years.\nIt starts in July.\n\n\
             What changes\n\n- New servers\n\n- Fewer outages"
        );
    }

    #[test]
    fn the_title_tag_loses_the_site_name_and_json_ld_fills_what_tags_do_not_say() {
        let page = r#"<html><head><title>Example News - Deal agreed</title>
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebPage","name":"x"},
  {"@type":["NewsArticle"],"headline":"Deal agreed at last","datePublished":"2020-03-04",
   "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}]}]}</script>
<script type="application/ld+json">{ not json</script>
</head><body><main><p>Both sides signed.</p></main></body></html>"#;
        let a = parse_html(page).unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("Deal agreed at last"));
        assert_eq!(a.meta.date_text.as_deref(), Some("2020-03-04"));
        assert_eq!(a.meta.author.as_deref(), Some("Ann Lee, Bo Chen"));
        assert_eq!(a.text, "Both sides signed.");
        // Without JSON-LD or a heading, the title tag, the site's name taken off.
        let bare = parse_html(
            "<title>Example News - Deal agreed</title><meta property=og:site_name content='Example News'><p>Signed.</p>",
        )
        .unwrap();
        assert_eq!(bare.meta.title.as_deref(), Some("Deal agreed"));
    }

    #[test]
    fn the_article_with_the_most_paragraph_text_is_the_one_read() {
        let page = "<body><article><p>Teaser.</p></article>\
            <article><h2>Lead story</h2><p>A long first paragraph of the lead story.</p>\
            <p>And a second.</p></article><div>Site menu</div></body>";
        let a = parse_html(page).unwrap();
        assert_eq!(
            a.text,
            "Lead story\n\nA long first paragraph of the lead story.\n\nAnd a second."
        );
        // itemprop="articleBody" says it outright.
        let page = "<body><article><p>Long long long long long text.</p></article>\
            <div itemprop=articleBody><p>The body.</p></div></body>";
        assert_eq!(parse_html(page).unwrap().text, "The body.");
    }

    #[test]
    fn widgets_are_left_out_by_whole_words_of_their_names() {
        let page = "<main><p>Text.</p><div class='social-links'>Tweet</div>\
            <div id=comments>Add a comment</div><div class='commentary-body'><p>Opinion.</p></div>\
            <p hidden>Secret.</p><div aria-hidden=true>Icon</div></main>";
        assert_eq!(parse_html(page).unwrap().text, "Text.\n\nOpinion.");
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_a_page_without_text_is_refused() {
        // Paragraphs set apart by two line breaks are paragraphs.
        let a = parse_html("<div>First line<br>goes on.<br><br>\n <br>Second.</div>").unwrap();
        assert_eq!(a.text, "First line\ngoes on.\n\nSecond.");
        // HTML's white space is ASCII's: a no-break space is text.
        let a = parse_html("<p>€300&nbsp;million\n\t  a\u{2003}b</p>").unwrap();
        assert_eq!(a.text, "€300\u{a0}million a\u{2003}b");
        let a = parse_html("<body><pre>line one\n  line two</pre></body>").unwrap();
        assert_eq!(a.text, "line one\nline two");
        assert_eq!(
            parse_html("<html><head><title>Moved</title></head><body> </body></html>"),
            Err("no article text in the page".to_owned())
        );
        assert!(parse_html("").is_err());
    }

    #[test]
    fn a_page_nested_deeper_than_browsers_go_is_flattened_with_its_text_kept() {
        let depth = 3 * MAX_DEPTH;
        let page = format!(
            "<body><p>Before.</p>{}<p>Deep <b>text</b>.</p>{}<p>After.</p></body>",
            "<div class=\"a>b\">".repeat(depth),
            "</div>".repeat(depth)
        );
        let flat = flattened(&page);
        assert!(matches!(flat, std::borrow::Cow::Owned(_)));
        assert_eq!(nest(&flat, None), MAX_DEPTH);
        assert_eq!(flat.matches("<div").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert_eq!(
            parse_html(&page).map(|a| a.text).as_deref(),
            Ok("Before.\n\nDeep text.\n\nAfter.")
        );
    }

    #[test]
    fn pages_of_ordinary_depth_are_parsed_as_they_are() {
        // Unclosed list items and paragraphs, void and self-closed tags, a comment and a
        // script full of tags do not nest.
        let many = 2 * MAX_DEPTH;
        let page = format!(
            "<html><body><!-- <div><div> --><script>if (a <b) {{ x = '<div>'; }}</script>\
             <ul>{}</ul>{}<svg>{}</svg><div><p>Text.</div></body></html>",
            "<li>item".repeat(many),
            "<p>para<br><img src=x>".repeat(many),
            "<path d=\"M0\"/>".repeat(many),
        );
        assert!(nest(&page, None) <= 3, "{}", nest(&page, None));
        assert!(matches!(flattened(&page), std::borrow::Cow::Borrowed(_)));
        for fixture in ["contoso-northwind.html", "saved-page.htm", "moved.html"] {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html/");
            let page = std::fs::read_to_string(format!("{path}{fixture}")).unwrap();
            assert!(nest(&page, None) < 40, "{fixture}");
        }
    }

    #[test]
    fn a_page_nested_deeper_than_a_stack_goes_is_read() {
        let depth = 5_000;
        let page = format!(
            "<body>{}<p>Deep <b>text</b>.</p>{}<p>After.</p></body>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        // On a thread with a small stack, as the loader's workers have; parsed as it is (not
        // flattened: the walk over the tree is what is tested).
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || read_page(&Html::parse_document(&page)).map(|a| a.text))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(text.as_deref(), Ok("Deep text.\n\nAfter."));
    }
}
