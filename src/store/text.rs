//! Plain-text articles: headline, blank line, paragraphs, with the debris of scraping around them.

use super::clean;
use super::{Article, ArticleId, RawArticle};

/// Cleans one plain-text article into what the reader shows. Companies are filled in by the store.
pub fn parse(raw: RawArticle, id: ArticleId) -> Article {
    // Sanitise once, here: nothing downstream has to think about control characters.
    let sanitized = clean::sanitize(&raw.text);
    let cleaned = clean::clean_plain_text(&clean::decode_entities(&sanitized));
    let mut paragraphs = cleaned.paragraphs;
    let has_standfirst = cleaned.standfirst.is_some();
    if let Some(standfirst) = cleaned.standfirst {
        paragraphs.insert(0, standfirst);
    }
    Article {
        id,
        origin: raw.origin,
        title: cleaned.title,
        title_inferred: cleaned.title_inferred,
        source: cleaned.source,
        section: cleaned.section.or(raw.folder),
        byline: cleaned.byline,
        has_standfirst,
        paragraphs,
        raw: sanitized,
        companies: Vec::new(),
        mentions: Vec::new(),
    }
}
