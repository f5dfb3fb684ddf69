//! Reading articles from paths: walking folders, decoding bytes, reporting what was skipped.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::RawArticle;

mod sample {
    include!(concat!(env!("OUT_DIR"), "/sample.rs"));
}

/// A file that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file (as a path or `sample/NAME`).
    pub origin: String,
    /// The line the problem is on, when it is about one line.
    pub line: Option<usize>,
    /// What is wrong, in a few words.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.reason),
            None => write!(f, "{}: {}", self.origin, self.reason),
        }
    }
}

/// What loading found: the articles, and the files it skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Articles in a stable order (command-line order; folders walked by name).
    pub articles: Vec<RawArticle>,
    /// Files that were not articles, with the reason.
    pub skipped: Vec<Skipped>,
}

/// The bundled sample collection, embedded in the binary.
pub fn load_sample() -> Loaded {
    let mut loaded = Loaded::default();
    for (name, bytes) in sample::SAMPLE {
        let origin = format!("sample/{name}");
        match decode(bytes) {
            Ok(text) => loaded.articles.push(RawArticle {
                origin,
                text,
                folder: None,
            }),
            Err(reason) => loaded.skipped.push(Skipped {
                origin,
                line: None,
                reason: reason.to_owned(),
            }),
        }
    }
    loaded
}

/// Loads the articles under the given paths: files, and folders walked recursively.
///
/// A path that does not exist is an error; a file that cannot be read or is not an article is
/// skipped and reported in [`Loaded::skipped`].
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot open '{}'", path.display()))?;
        if meta.is_dir() {
            walk(path, path, &mut seen_dirs, &mut loaded);
        } else {
            // A file named explicitly is read whatever its name.
            load_file(path, None, &mut loaded);
        }
    }
    if loaded.articles.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("'{}'", p.display())).collect();
        match loaded.skipped.first() {
            Some(first) => bail!("no article found in {}: {first}", names.join(", ")),
            None => bail!("no article found in {}", names.join(", ")),
        }
    }
    Ok(loaded)
}

/// Walks a folder depth-first in name order, following each real folder once (no symlink loops).
/// Files in a subfolder of `root` take the subfolder's name as their section (`bbc/business`).
fn walk(root: &Path, dir: &Path, seen: &mut HashSet<PathBuf>, loaded: &mut Loaded) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        loaded.skipped.push(skip(dir, "cannot resolve folder"));
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            loaded
                .skipped
                .push(skip(dir, &format!("cannot read folder: {e}")));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        // `metadata` follows symlinks, so a link to a folder is walked (once) and a broken link reported.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                loaded
                    .skipped
                    .push(skip(&path, &format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            walk(root, &path, seen, loaded);
        } else if is_article_name(name) {
            let folder = (dir != root)
                .then(|| dir.file_name().and_then(|n| n.to_str()))
                .flatten();
            load_file(&path, folder, loaded);
        }
    }
}

/// Whether a file met while walking a folder is taken as an article: plain text by its
/// extension (`.txt`, `.text`, or none), and not a README/LICENSE-style file.
fn is_article_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    if [
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "CHANGELOG",
        "AUTHORS",
        "NOTICE",
    ]
    .contains(&stem.as_str())
    {
        return false;
    }
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("text"),
    }
}

fn load_file(path: &Path, folder: Option<&str>, loaded: &mut Loaded) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            loaded
                .skipped
                .push(skip(path, &format!("cannot read: {e}")));
            return;
        }
    };
    match decode(&bytes) {
        Ok(text) => loaded.articles.push(RawArticle {
            origin: path.display().to_string(),
            text,
            folder: folder.map(str::to_owned),
        }),
        Err(reason) => loaded.skipped.push(skip(path, reason)),
    }
}

fn skip(path: &Path, reason: &str) -> Skipped {
    Skipped {
        origin: path.display().to_string(),
        line: None,
        reason: reason.to_owned(),
    }
}

/// Decodes a file's bytes: UTF-8 (a BOM is dropped later by sanitising), else Windows-1252,
/// which also covers Latin-1 text. Binary and empty files are refused.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, &'static str> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (contains NUL bytes)");
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err("empty file");
    }
    Ok(text)
}

/// One Windows-1252 byte as a char (Latin-1 but for 0x80–0x9F, where it has typographic marks).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_pound_sign_is_decoded_not_replaced() {
        assert_eq!(
            decode(b"a \xa315.8m signing").as_deref(),
            Ok("a £15.8m signing")
        );
    }

    #[test]
    fn windows_1252_quotes_are_decoded() {
        assert_eq!(decode(b"\x93quoted\x94 \x85").as_deref(), Ok("“quoted” …"));
    }

    #[test]
    fn utf8_is_kept_as_is() {
        assert_eq!(decode("Café £5".as_bytes()).as_deref(), Ok("Café £5"));
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00"),
            Err("binary file (contains NUL bytes)")
        );
        assert_eq!(decode(b" \n\t\n"), Err("empty file"));
        assert_eq!(decode(b"\xef\xbb\xbf\n"), Err("empty file"));
    }

    #[test]
    fn article_names() {
        assert!(is_article_name("001.txt"));
        assert!(is_article_name("story"));
        assert!(is_article_name("A.TXT"));
        assert!(!is_article_name("README.TXT"));
        assert!(!is_article_name("README.md"));
        assert!(!is_article_name("LICENSE"));
        assert!(!is_article_name("photo.jpg"));
    }

    #[test]
    fn the_sample_is_bundled_and_loads_whole() {
        let loaded = load_sample();
        assert!(
            loaded.articles.len() >= 8,
            "{} sample articles",
            loaded.articles.len()
        );
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        assert!(
            loaded
                .articles
                .iter()
                .all(|a| a.origin.starts_with("sample/"))
        );
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let err = load_paths(&[PathBuf::from("/no/such/place")]).unwrap_err();
        assert!(format!("{err:#}").contains("'/no/such/place'"), "{err:#}");
    }
}
