//! What a file says about an article besides its text.

/// Metadata carried by a file: front matter, JSON fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The headline.
    pub title: Option<String>,
    /// The date as written in the file.
    pub date_text: Option<String>,
    /// The publication or site.
    pub source: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// The author(s).
    pub author: Option<String>,
    /// Company names an export already carries (merged with what tidings recognises).
    pub companies: Vec<String>,
}
