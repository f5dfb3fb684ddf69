//! Articles written in Markdown, with optional YAML (`---`) or TOML (`+++`) front matter.
//!
//! The front matter is read into the same shape as a JSON record, so its keys mean what
//! they mean in JSON exports. The body goes through pulldown-cmark and comes out as plain
//! paragraphs. Nothing here recurses on the input's nesting: the Markdown is walked as a
//! flat stream of events, the YAML subset is line by line, and TOML values are converted
//! only to a fixed depth.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::json::{Field, field_of, meta_from_object};
use crate::store::Meta;

/// One article read from a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownArticle {
    /// What the front matter says; the title may come from the first level-1 heading.
    pub meta: Meta,
    /// Paragraphs in reading order, markup removed.
    pub paragraphs: Vec<String>,
}

/// Reads a Markdown article. Fails only for malformed front matter, with a one-line reason
/// naming the line of the file: "front matter line 3: expected `key: value`".
///
/// # Errors
///
/// The front matter opens and closes but cannot be read: a line that is not part of the
/// YAML subset, a TOML syntax error, or a known field of the wrong type.
pub fn parse_markdown(text: &str) -> Result<MarkdownArticle, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = split_front_matter(text);
    let mut meta = match front {
        None => Meta::default(),
        Some(front) => {
            let object = match front.kind {
                FrontKind::Yaml => parse_yaml(front.text, front.first_line)?,
                FrontKind::Toml => parse_toml(front.text, front.first_line)?,
            };
            meta_from_object(&object)
                .map_err(|reason| format!("front matter: {reason}"))?
                .0
        }
    };
    let (title, paragraphs) = plain_paragraphs(body, meta.title.as_deref());
    if meta.title.is_none() {
        meta.title = title;
    }
    Ok(MarkdownArticle { meta, paragraphs })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrontKind {
    Yaml,
    Toml,
}

#[derive(Debug)]
struct FrontMatter<'a> {
    kind: FrontKind,
    /// The text between the delimiter lines.
    text: &'a str,
    /// The line of the file `text` starts on.
    first_line: usize,
}

/// Splits off front matter that opens on the first line and is closed; otherwise the
/// whole text is Markdown (a lone `---` first line is a thematic break).
fn split_front_matter(text: &str) -> (Option<FrontMatter<'_>>, &str) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (None, text);
    };
    let (kind, closers): (FrontKind, &[&str]) = match first.trim_end() {
        "---" => (FrontKind::Yaml, &["---", "..."]),
        "+++" => (FrontKind::Toml, &["+++"]),
        _ => return (None, text),
    };
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if closers.contains(&line.trim_end()) {
            let front = FrontMatter {
                kind,
                text: text.get(start..offset).unwrap_or_default(),
                first_line: 2,
            };
            return (
                Some(front),
                text.get(offset + line.len()..).unwrap_or_default(),
            );
        }
        offset += line.len();
    }
    (None, text)
}

// ---------------------------------------------------------------------------------------
// YAML subset

/// What the lines after a top-level key belong to.
enum Open {
    /// Nothing may follow indented.
    Nothing,
    /// A key tidings does not read: whatever is indented under it is skipped unread.
    Ignored,
    /// A known key with no value on its line: a block list or a small map follows.
    Collection {
        key: String,
        list: Vec<Value>,
        map: Map<String, Value>,
        /// Indentation of the last `- key: value` item, whose further keys may follow.
        object_indent: Option<usize>,
    },
    /// A known key whose plain value may go on, indented, on the next lines.
    Plain { key: String, text: String },
    /// `key: |` or `key: >`: indented lines are the value.
    Block {
        key: String,
        folded: bool,
        lines: Vec<String>,
    },
}

/// Reads the flat YAML that front matter uses: `key: value` (plain, 'single' or "double"
/// quoted), `key: [a, "b"]`, block lists, `|`/`>` block values, comments and blank
/// lines. Keys tidings does not read are skipped with whatever is indented under them.
fn parse_yaml(text: &str, first_line: usize) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    let mut open = Open::Nothing;
    for (n, line) in text.lines().enumerate() {
        let number = first_line + n;
        let error = |what: &str| format!("front matter line {number}: {what}");
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Open::Block { lines, .. } = &mut open
            && (indent > 0 || trimmed.is_empty())
        {
            lines.push(trimmed.to_owned());
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // YAML allows a block list at the same indentation as its key.
        let list_item = trimmed == "-" || trimmed.starts_with("- ");
        let child = indent > 0
            || (list_item && matches!(&open, Open::Collection { map, .. } if map.is_empty()));
        if child {
            match &mut open {
                Open::Ignored => {}
                Open::Plain { text, .. } => {
                    text.push(' ');
                    text.push_str(trimmed);
                }
                Open::Collection {
                    list,
                    map: nested,
                    object_indent,
                    ..
                } => collection_line(trimmed, indent, list, nested, object_indent)
                    .map_err(|what| error(&what))?,
                Open::Nothing | Open::Block { .. } => {
                    return Err(error("unexpected indented line"));
                }
            }
            continue;
        }
        close(std::mem::replace(&mut open, Open::Nothing), &mut map);
        let (key, rest) = split_key(trimmed).ok_or_else(|| error("expected `key: value`"))?;
        let known = field_of(&key).is_some_and(|(field, _)| field != Field::Body);
        if !known {
            open = Open::Ignored;
            continue;
        }
        let rest = rest.trim();
        if rest.is_empty() || rest.starts_with('#') {
            open = Open::Collection {
                key,
                list: Vec::new(),
                map: Map::new(),
                object_indent: None,
            };
        } else if let Some(folded) = block_indicator(rest) {
            open = Open::Block {
                key,
                folded,
                lines: Vec::new(),
            };
        } else {
            match inline_value(rest).map_err(|what| error(&what))? {
                Inline::Plain(text) => open = Open::Plain { key, text },
                Inline::Value(value) => {
                    map.insert(key, value);
                }
            }
        }
    }
    close(open, &mut map);
    Ok(map)
}

/// An indented line under a known key with no value of its own.
fn collection_line(
    trimmed: &str,
    indent: usize,
    list: &mut Vec<Value>,
    nested: &mut Map<String, Value>,
    object_indent: &mut Option<usize>,
) -> Result<(), String> {
    if let Some(item) = trimmed.strip_prefix('-')
        && (item.is_empty() || item.starts_with(' '))
    {
        if !nested.is_empty() {
            return Err("expected `key: value`, not a list item".to_owned());
        }
        let item = item.trim();
        // `- name: Ann` starts an object; its other keys may follow, further indented.
        if let Some((key, rest)) = split_key(item)
            && !item.starts_with(['"', '\''])
        {
            let mut object = Map::new();
            object.insert(key, scalar(rest.trim())?);
            list.push(Value::Object(object));
            *object_indent = Some(indent);
        } else {
            list.push(scalar(item)?);
            *object_indent = None;
        }
        return Ok(());
    }
    let (key, rest) = split_key(trimmed).ok_or("expected `- item` or `key: value`")?;
    let value = scalar(rest.trim())?;
    match (list.last_mut(), *object_indent) {
        (Some(Value::Object(object)), Some(dash)) if indent > dash => {
            object.insert(key, value);
        }
        (None, _) => {
            nested.insert(key, value);
        }
        _ => return Err("expected `- item`".to_owned()),
    }
    Ok(())
}

/// Stores the value of the key whose lines are over.
fn close(open: Open, map: &mut Map<String, Value>) {
    match open {
        Open::Nothing | Open::Ignored => {}
        Open::Collection {
            key,
            list,
            map: nested,
            ..
        } => {
            let value = if !list.is_empty() {
                Value::Array(list)
            } else if !nested.is_empty() {
                Value::Object(nested)
            } else {
                Value::Null
            };
            map.insert(key, value);
        }
        Open::Plain { key, text } => {
            map.insert(key, plain(&text));
        }
        Open::Block { key, folded, lines } => {
            let text = lines.join(if folded { " " } else { "\n" });
            map.insert(key, Value::String(text.trim().to_owned()));
        }
    }
}

/// Splits `key: value` at the first colon followed by a space (or ending the line), so
/// that `url: https://…` keeps its URL whole. Quoted keys lose their quotes.
fn split_key(line: &str) -> Option<(String, &str)> {
    if line.starts_with(['-', '[', '{', '#', '|', '>']) {
        return None;
    }
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == ':' && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            let key = line.get(..i)?.trim();
            let key = key
                .strip_prefix('"')
                .and_then(|k| k.strip_suffix('"'))
                .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                .unwrap_or(key);
            if key.is_empty() {
                return None;
            }
            return Some((key.to_owned(), line.get(i + 1..)?));
        }
    }
    None
}

/// `|`, `|-`, `>+`, `>2`… followed by nothing but a comment: whether it folds lines.
fn block_indicator(rest: &str) -> Option<bool> {
    let head = rest.split('#').next().unwrap_or_default().trim();
    let folded = match head.chars().next()? {
        '|' => false,
        '>' => true,
        _ => return None,
    };
    head.chars()
        .skip(1)
        .all(|c| matches!(c, '+' | '-' | '1'..='9'))
        .then_some(folded)
}

/// A value on a key's line.
enum Inline {
    /// A plain scalar, which may continue on indented lines.
    Plain(String),
    /// Anything else, complete.
    Value(Value),
}

fn inline_value(rest: &str) -> Result<Inline, String> {
    if rest.starts_with('[') {
        flow_list(rest).map(Inline::Value)
    } else if rest.starts_with('{') {
        Err("inline maps (`{…}`) are not supported here".to_owned())
    } else if rest.starts_with(['"', '\'']) {
        scalar(rest).map(Inline::Value)
    } else {
        Ok(Inline::Plain(strip_comment(rest).to_owned()))
    }
}

/// A single value: quoted, or plain up to a comment.
fn scalar(text: &str) -> Result<Value, String> {
    if text.starts_with(['"', '\'']) {
        let (value, rest) = quoted(text)?;
        if !end_of_value(rest) {
            return Err("unexpected text after a quoted value".to_owned());
        }
        Ok(Value::String(value))
    } else if text.starts_with('[') {
        flow_list(text)
    } else {
        Ok(plain(strip_comment(text)))
    }
}

fn plain(text: &str) -> Value {
    match text.trim() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        text => Value::String(text.to_owned()),
    }
}

/// Whether only spaces and a comment are left.
fn end_of_value(rest: &str) -> bool {
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

/// Plain text ends where ` #` starts a comment.
fn strip_comment(text: &str) -> &str {
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == '#' && previous.is_whitespace() {
            return text.get(..i).unwrap_or(text).trim_end();
        }
        previous = c;
    }
    text.trim_end()
}

/// A quoted string at the start of `text` and what follows it. Double quotes take
/// backslash escapes; single quotes double themselves (`'it''s'`).
fn quoted(text: &str) -> Result<(String, &str), String> {
    let mut chars = text.char_indices();
    let quote = chars.next().map_or('"', |(_, c)| c);
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, '0')) => value.push('\0'),
                Some((_, 'u')) => {
                    let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                    let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    value.push(code.ok_or("bad `\\u` escape in a quoted value")?);
                }
                Some((_, other)) => value.push(other),
                None => break,
            },
            c if c == quote => {
                let rest = text.get(i + 1..).unwrap_or_default();
                if quote == '\'' && rest.starts_with('\'') {
                    value.push('\'');
                    chars.next();
                    continue;
                }
                return Ok((value, rest));
            }
            c => value.push(c),
        }
    }
    Err("unterminated quoted value".to_owned())
}

/// `[a, "b, c", 'd']` on one line.
fn flow_list(text: &str) -> Result<Value, String> {
    let mut rest = text.strip_prefix('[').unwrap_or(text).trim_start();
    let mut items = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix(']') {
            return if end_of_value(after) {
                Ok(Value::Array(items))
            } else {
                Err("unexpected text after a list".to_owned())
            };
        }
        if rest.starts_with(['[', '{']) {
            return Err("nested lists are not supported here".to_owned());
        }
        let item = if rest.starts_with(['"', '\'']) {
            let (value, after) = quoted(rest)?;
            rest = after.trim_start();
            Value::String(value)
        } else {
            let end = rest
                .find([',', ']'])
                .ok_or("unterminated list (lists must close on the same line)")?;
            let value = plain(rest.get(..end).unwrap_or_default());
            rest = rest.get(end..).unwrap_or_default();
            value
        };
        if !item.is_null() {
            items.push(item);
        }
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start();
        } else if !rest.starts_with(']') {
            return Err("expected `,` or `]` in a list".to_owned());
        }
    }
}

// ---------------------------------------------------------------------------------------
// TOML

fn parse_toml(text: &str, first_line: usize) -> Result<Map<String, Value>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        match e.span() {
            Some(span) => {
                let before = text.get(..span.start).unwrap_or(text);
                let line = first_line + before.matches('\n').count();
                format!("front matter line {line}: {message}")
            }
            None => format!("front matter: {message}"),
        }
    })?;
    Ok(table
        .iter()
        .map(|(key, value)| (key.clone(), toml_to_json(value, 3)))
        .collect())
}

/// Converts a TOML value down to `depth` levels (all that field reading looks at:
/// a list of tables with a `name`); deeper lists and tables are left empty.
fn toml_to_json(value: &toml::Value, depth: usize) -> Value {
    let depth = depth.saturating_sub(1);
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) if depth > 0 => {
            Value::Array(items.iter().map(|item| toml_to_json(item, depth)).collect())
        }
        toml::Value::Table(table) if depth > 0 => Value::Object(
            table
                .iter()
                .map(|(key, item)| (key.clone(), toml_to_json(item, depth)))
                .collect(),
        ),
        toml::Value::Array(_) => Value::Array(Vec::new()),
        toml::Value::Table(_) => Value::Object(Map::new()),
    }
}

// ---------------------------------------------------------------------------------------
// Body

/// Turns the Markdown body into plain paragraphs, and takes the first level-1 heading as
/// the title (returned) unless the front matter gave one. A heading that repeats the
/// front-matter title is dropped too.
fn plain_paragraphs(markdown: &str, title: Option<&str>) -> (Option<String>, Vec<String>) {
    let mut walk = Walk::default();
    let mut found_title = None;
    let mut first_h1 = true;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                walk.flush();
                walk.heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = collapse(&std::mem::take(&mut walk.text));
                let level = walk.heading.take();
                if level == Some(HeadingLevel::H1) && first_h1 && !text.is_empty() {
                    first_h1 = false;
                    match title {
                        None => {
                            found_title = Some(text);
                            continue;
                        }
                        Some(title) if title.trim().eq_ignore_ascii_case(&text) => continue,
                        Some(_) => {}
                    }
                }
                walk.text = text;
                walk.flush();
            }
            Event::Start(Tag::List(start)) => {
                walk.flush();
                walk.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                walk.flush();
                walk.lists.pop();
            }
            Event::Start(Tag::Item) => {
                walk.flush();
                walk.prefix = Some(match walk.lists.last_mut() {
                    Some(Some(number)) => {
                        let prefix = format!("{number}. ");
                        *number = number.saturating_add(1);
                        prefix
                    }
                    _ => "• ".to_owned(),
                });
            }
            Event::End(TagEnd::Item) => {
                walk.flush();
                walk.prefix = None;
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                walk.flush();
                walk.cells = Some(Vec::new());
            }
            Event::End(TagEnd::TableCell) => {
                let cell = collapse(&std::mem::take(&mut walk.text));
                walk.cells.get_or_insert_default().push(cell);
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let cells = walk.cells.take().unwrap_or_default();
                if cells.iter().any(|c| !c.is_empty()) {
                    walk.text = cells.join(" | ");
                }
                walk.flush();
            }
            Event::Start(Tag::Image { .. }) => walk.images += 1,
            Event::End(TagEnd::Image) => walk.images = walk.images.saturating_sub(1),
            Event::Start(
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::Rule => walk.flush(),
            Event::Text(text) | Event::Code(text) if walk.images == 0 => {
                walk.text.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => walk.text.push(' '),
            // HTML, images' alt text, and the rest carry nothing to read.
            _ => {}
        }
    }
    walk.flush();
    (found_title, walk.paragraphs)
}

/// The state of the walk over the Markdown events. Lists nest on a heap stack, not the
/// call stack.
#[derive(Default)]
struct Walk {
    paragraphs: Vec<String>,
    /// Text of the block being read.
    text: String,
    /// `• ` or `3. ` for the first paragraph of a list item.
    prefix: Option<String>,
    /// The open lists: the next number of an ordered one, None for bullets.
    lists: Vec<Option<u64>>,
    heading: Option<HeadingLevel>,
    /// Cells of the table row being read.
    cells: Option<Vec<String>>,
    /// How many images the text is in: their alt text is dropped.
    images: usize,
}

impl Walk {
    /// Ends the block being read: adds it as a paragraph unless it is empty.
    fn flush(&mut self) {
        let text = collapse(&self.text);
        self.text.clear();
        if text.is_empty() {
            return;
        }
        let paragraph = match self.prefix.take() {
            Some(prefix) => prefix + &text,
            None => text,
        };
        self.paragraphs.push(paragraph);
    }
}

/// Runs of whitespace become one space; ends are trimmed.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(markdown: &str) -> Vec<String> {
        parse_markdown(markdown).expect("markdown").paragraphs
    }

    fn meta(markdown: &str) -> Meta {
        parse_markdown(markdown).expect("markdown").meta
    }

    #[test]
    fn plain_text_and_reflow() {
        assert_eq!(
            paragraphs("First line\nwrapped here.\n\nSecond  paragraph.  \nHard break.\n"),
            ["First line wrapped here.", "Second paragraph. Hard break."]
        );
        assert_eq!(paragraphs(""), Vec::<String>::new());
        assert_eq!(paragraphs("\n\n   \n"), Vec::<String>::new());
    }

    #[test]
    fn first_h1_is_the_title() {
        let article = parse_markdown("# Widgets *soar*\n\nBody.\n\n# Second H1\n\n## Sub\n")
            .expect("markdown");
        assert_eq!(article.meta.title.as_deref(), Some("Widgets soar"));
        assert_eq!(article.paragraphs, ["Body.", "Second H1", "Sub"]);

        let article =
            parse_markdown("Intro.\n\nSetext title\n============\n\nBody.\n").expect("markdown");
        assert_eq!(article.meta.title.as_deref(), Some("Setext title"));
        assert_eq!(article.paragraphs, ["Intro.", "Body."]);
    }

    #[test]
    fn h1_repeating_front_matter_title_is_dropped() {
        let article = parse_markdown("---\ntitle: Same Words\n---\n# same words\n\nText.\n")
            .expect("markdown");
        assert_eq!(article.meta.title.as_deref(), Some("Same Words"));
        assert_eq!(article.paragraphs, ["Text."]);

        let article =
            parse_markdown("---\ntitle: Front\n---\n# Other\n\nText.\n").expect("markdown");
        assert_eq!(article.meta.title.as_deref(), Some("Front"));
        assert_eq!(article.paragraphs, ["Other", "Text."]);
    }

    #[test]
    fn inline_markup_keeps_text_only() {
        assert_eq!(
            paragraphs(
                "Some **bold**, _em_, ~~gone~~, `code`, [a link](https://example.com \"t\"), \
                 ![alt text](pic.png) and <span>html</span> here."
            ),
            ["Some bold, em, gone, code, a link, and html here."]
        );
        assert_eq!(
            paragraphs("[![badge](b.svg)](https://x) Linked image."),
            ["Linked image."]
        );
        assert_eq!(
            paragraphs("<https://example.com/auto>"),
            ["https://example.com/auto"]
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            paragraphs("- one\n- two\n  wrapped\n- three\n"),
            ["• one", "• two wrapped", "• three"]
        );
        assert_eq!(paragraphs("3. three\n4. four\n"), ["3. three", "4. four"]);
        assert_eq!(
            paragraphs("- outer\n  - inner\n  - inner two\n- after\n"),
            ["• outer", "• inner", "• inner two", "• after"]
        );
        // A loose item: only its first paragraph carries the bullet.
        assert_eq!(
            paragraphs("- first para\n\n  second para\n\n- next\n"),
            ["• first para", "second para", "• next"]
        );
        assert_eq!(paragraphs("-\n- \n- x\n"), ["• x"]);
        assert_eq!(
            paragraphs("- fruit\n  1. apple\n  2. pear\n- veg\n"),
            ["• fruit", "1. apple", "2. pear", "• veg"]
        );
    }

    #[test]
    fn quotes_code_rules_and_html_blocks() {
        assert_eq!(
            paragraphs(
                "> Quoted\n> text.\n>\n> Again.\n\n---\n\n```rust\nlet x = 1;\nlet y = 2;\n```\n\n    indented code\n\n<div>\nhidden\n</div>\n\nEnd."
            ),
            [
                "Quoted text.",
                "Again.",
                "let x = 1; let y = 2;",
                "indented code",
                "End."
            ]
        );
    }

    #[test]
    fn headings_below_h1_are_plain_paragraphs() {
        let article = parse_markdown("Lead.\n\n## The `new` plan\n\n### Why *now*\nText.\n")
            .expect("markdown");
        assert_eq!(article.meta.title, None);
        assert_eq!(
            article.paragraphs,
            ["Lead.", "The new plan", "Why now", "Text."]
        );
    }

    #[test]
    fn tables() {
        assert_eq!(
            paragraphs(
                "Before.\n\n| Firm | Sales |\n|---|---:|\n| Gadgetco | **12** |\n| | |\n| Widget | 7 |\n\nAfter."
            ),
            [
                "Before.",
                "Firm | Sales",
                "Gadgetco | 12",
                "Widget | 7",
                "After."
            ]
        );
    }

    #[test]
    fn yaml_front_matter() {
        let text = "---\r\n\
            # a comment\r\n\
            title: \"Gadgetco \\\"wins\\\" bid\"\r\n\
            date: 2020-03-03\r\n\
            publisher: 'The Invented Times'\r\n\
            link: https://example.com/a#frag # trailing comment\r\n\
            \r\n\
            authors: [Ann Lee, \"Lee, Bo\"]\r\n\
            tags: [ignored, [nested]]\r\n\
            companies:\r\n  - Gadgetco\r\n  - 'Widget Ltd'\r\n\
            extra:\r\n  nested:\r\n    deeper: [1, {x: 2}]\r\n\
            ---\r\nBody text.\r\n";
        let article = parse_markdown(text).expect("markdown");
        assert_eq!(
            article.meta,
            Meta {
                title: Some("Gadgetco \"wins\" bid".into()),
                date_text: Some("2020-03-03".into()),
                source: Some("The Invented Times".into()),
                url: Some("https://example.com/a#frag".into()),
                author: Some("Ann Lee, Lee, Bo".into()),
                companies: vec!["Gadgetco".into(), "Widget Ltd".into()],
            }
        );
        assert_eq!(article.paragraphs, ["Body text."]);
    }

    #[test]
    fn yaml_lists_at_key_indent_and_objects() {
        let text = "---\nauthors:\n- name: Ann Lee\n  email: ann@example.com\n- Bo Chan\norganizations:\n  - name: Gadgetco\n    type: ORG\n  - name: Someone\n    type: PERSON\nsource:\n  name: Wire Service\n---\n";
        let meta = meta(text);
        assert_eq!(meta.author.as_deref(), Some("Ann Lee, Bo Chan"));
        assert_eq!(meta.companies, ["Gadgetco"]);
        assert_eq!(meta.source.as_deref(), Some("Wire Service"));
    }

    #[test]
    fn yaml_scalars() {
        let m = meta("---\ntitle: it's plain: with colon\nauthor: ~\n---\n");
        assert_eq!(m.title.as_deref(), Some("it's plain: with colon"));
        assert_eq!(m.author, None);

        let m = meta("---\ntitle: 'it''s quoted' # note\n---\n");
        assert_eq!(m.title.as_deref(), Some("it's quoted"));

        let m = meta("---\ntitle: A long title\n  that wraps\nsource: \"caf\\u00e9\"\n---\n");
        assert_eq!(m.title.as_deref(), Some("A long title that wraps"));
        assert_eq!(m.source.as_deref(), Some("café"));

        let m = meta("---\ntitle: >-\n  Folded\n  title\nauthor: |\n  Line one\n  Line two\n---\n");
        assert_eq!(m.title.as_deref(), Some("Folded title"));
        assert_eq!(m.author.as_deref(), Some("Line one\nLine two"));

        let m = meta("---\n\"Title\": Quoted key\n---\n");
        assert_eq!(m.title.as_deref(), Some("Quoted key"));

        let m = meta("---\ncompanies:\n---\nText\n");
        assert_eq!(m.companies, Vec::<String>::new());
    }

    #[test]
    fn yaml_body_keys_are_ignored() {
        let m = meta("---\ntitle: T\ncontent:\n  - whatever: [x\n---\n");
        assert_eq!(m.title.as_deref(), Some("T"));
    }

    #[test]
    fn yaml_errors_name_the_file_line() {
        let err = |text: &str| parse_markdown(text).expect_err("should fail");
        assert_eq!(
            err("---\ntitle: T\nthis is not yaml\n---\n"),
            "front matter line 3: expected `key: value`"
        );
        assert_eq!(
            err("---\ntitle: \"unterminated\n---\n"),
            "front matter line 2: unterminated quoted value"
        );
        assert_eq!(
            err("---\nauthors: [a, b\n---\n"),
            "front matter line 2: unterminated list (lists must close on the same line)"
        );
        assert_eq!(
            err("---\ntitle: \"T\"\n  indented\n---\n"),
            "front matter line 3: unexpected indented line"
        );
        assert_eq!(
            err("---\nsource: {name: X}\n---\n"),
            "front matter line 2: inline maps (`{…}`) are not supported here"
        );
        assert_eq!(
            err("---\ncompanies:\n  just words\n---\n"),
            "front matter line 3: expected `- item` or `key: value`"
        );
        assert_eq!(
            err("---\ntitle: \"T\" trailing\n---\n"),
            "front matter line 2: unexpected text after a quoted value"
        );
        assert_eq!(
            err("\u{feff}---\n\n\n- loose item\n---\n"),
            "front matter line 4: expected `key: value`"
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Gadgetco results\"\ndate = 2020-03-03T10:15:00Z\nauthors = [\"Ann Lee\", \"Bo Chan\"]\n[source]\nname = \"Wire\"\n[[companies]]\nname = \"Gadgetco\"\n+++\n\nBody.\n";
        let article = parse_markdown(text).expect("markdown");
        assert_eq!(
            article.meta,
            Meta {
                title: Some("Gadgetco results".into()),
                date_text: Some("2020-03-03T10:15:00Z".into()),
                source: Some("Wire".into()),
                url: None,
                author: Some("Ann Lee, Bo Chan".into()),
                companies: vec!["Gadgetco".into()],
            }
        );
        assert_eq!(article.paragraphs, ["Body."]);
    }

    #[test]
    fn toml_errors() {
        let err = parse_markdown("+++\ntitle = \"T\"\nbroken =\n+++\n").expect_err("should fail");
        assert!(err.starts_with("front matter line 3: "), "{err}");
        let err = parse_markdown("+++\ntitle = 5\n+++\n").expect_err("should fail");
        assert_eq!(
            err,
            "front matter: field `title` is a number, expected a string"
        );
    }

    #[test]
    fn unclosed_front_matter_is_markdown() {
        let article = parse_markdown("---\ntitle: x\n\nText.\n").expect("markdown");
        assert_eq!(article.meta.title, None);
        assert_eq!(article.paragraphs, ["title: x", "Text."]);
        // `...` closes YAML too; `---` later in the body is a rule.
        let article = parse_markdown("---\ntitle: T\n...\nA\n\n---\n\nB\n").expect("markdown");
        assert_eq!(article.meta.title.as_deref(), Some("T"));
        assert_eq!(article.paragraphs, ["A", "B"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let quotes = format!("{} deep\n", ">".repeat(depth));
        assert_eq!(paragraphs(&quotes), ["deep"]);

        let mut lists = String::new();
        for i in 0..2_000 {
            lists.push_str(&"  ".repeat(i));
            lists.push_str("- item\n");
        }
        assert_eq!(paragraphs(&lists).len(), 2_000);

        let emphasis = format!("{}x{}", "*".repeat(depth), "*".repeat(depth));
        let _ = paragraphs(&emphasis);
        let brackets = format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
        let _ = paragraphs(&brackets);

        let toml = format!(
            "+++\ntitle = {}1{}\n+++\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(parse_markdown(&toml).is_err());
        let yaml = format!("---\ntitle: {}\n---\n", "[".repeat(depth));
        assert!(parse_markdown(&yaml).is_err());
    }
}
