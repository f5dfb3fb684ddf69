//! Turning scraped plain-text articles into what the reader shows.
//!
//! The loader applies three steps, in this order:
//!
//! 1. [`sanitize`] removes everything that could reach the terminal as a control
//!    sequence (escape sequences, C0/C1 controls, bidi overrides, zero-width
//!    characters) and normalises line ends and tabs.
//! 2. [`decode_entities`] decodes HTML character references that scrapers left
//!    in the text (`&#233;`, `&amp;`, ...) without ever producing a control.
//! 3. [`clean_plain_text`] finds the headline, section label, byline, standfirst
//!    and trailing source credit, joins hard-wrapped lines into paragraphs, and
//!    drops boilerplate (comment forms, "READ MORE", photo captions, author bios,
//!    French and English).
//!
//! Every step is a single forward scan over characters or lines, with per-line
//! work bounded by a constant (pattern checks only run on short lines), so a
//! 2 MB single-line file or a file of 20,000 paragraphs costs linear time. No
//! regex engine is used.
//!
//! Loading a large corpus runs all three steps on every article, so the
//! common cases take fast paths that give exactly the result of the general
//! code: text with nothing to remove or decode is copied once, plain ASCII is
//! scanned eight bytes at a time, a line's normalised form is built once in a
//! reused buffer, and long lines skip normalising altogether when cheap tests
//! on the raw text show that no pattern can match them.

use std::borrow::Cow;

// ---------------------------------------------------------------------------
// Boilerplate table
// ---------------------------------------------------------------------------

/// What a boilerplate line means for the rest of the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effect {
    /// Drop this line only.
    Drop,
    /// An end-of-article marker: drop this line and everything after it, as
    /// long as enough article text came before it (see [`END_MIN_BEFORE`]).
    End,
}

/// How a rule's pattern is compared with a line.
///
/// Patterns are written in *normalised* form: lower case, accents folded
/// (`é` → `e`), typographic quotes and dashes made ASCII, whitespace collapsed,
/// and the French space before `:` removed (see [`norm`]).
#[derive(Clone, Copy, Debug)]
enum Pat {
    /// The whole line equals the pattern, once decoration such as trailing
    /// dots, `…`, `:`, `»`, `>` or brackets has been trimmed off both ends.
    Exact(&'static str),
    /// The line starts with the pattern, at a word boundary.
    Prefix(&'static str),
    /// The line starts with the first pattern and contains the second one.
    PrefixWith(&'static str, &'static str),
}

impl Pat {
    /// The text a matching line starts with (after [`strip_decor`]).
    const fn head(&self) -> &'static str {
        match self {
            Pat::Exact(p) | Pat::Prefix(p) | Pat::PrefixWith(p, _) => p,
        }
    }

    fn first_byte(&self) -> Option<&u8> {
        self.head().as_bytes().first()
    }
}

/// One boilerplate rule. `max_chars` is the longest line the rule may match:
/// it keeps a real paragraph that merely starts like boilerplate ("Subscribers
/// to the service said ...") out of reach, because boilerplate lines are short.
#[derive(Clone, Copy, Debug)]
struct Rule {
    pat: Pat,
    max_chars: usize,
    effect: Effect,
}

const fn exact(p: &'static str, effect: Effect) -> Rule {
    Rule {
        pat: Pat::Exact(p),
        max_chars: 80,
        effect,
    }
}

const fn prefix(p: &'static str, max_chars: usize, effect: Effect) -> Rule {
    Rule {
        pat: Pat::Prefix(p),
        max_chars,
        effect,
    }
}

const fn prefix_with(p: &'static str, w: &'static str, max_chars: usize) -> Rule {
    Rule {
        pat: Pat::PrefixWith(p, w),
        max_chars,
        effect: Effect::Drop,
    }
}

/// Boilerplate lines, English and French, in normalised form.
///
/// * `Exact` rules match a whole (short) line, so a paragraph that merely
///   contains the word "comment" is never touched.
/// * `End` rules mark the end of the article: comment forms, spam-filter
///   notices, "about the author" boxes and "you may also like" blocks.
/// * "Related articles" / "Lire aussi" are deliberately `Drop`, not `End`:
///   sites put them in the middle of stories as often as at the end, and
///   truncating there would lose half an article.
///
/// Photo captions and credits are recognised by [`is_caption`], bylines by
/// [`byline_of`], author bios by [`is_bio`] and source credits by
/// [`source_of`], because they need more than a fixed string.
const BOILERPLATE: &[Rule] = &[
    // "Read more" links and related-content headers.
    exact("read more", Effect::Drop),
    exact("read more here", Effect::Drop),
    exact("read the full story", Effect::Drop),
    exact("continue reading", Effect::Drop),
    exact("related", Effect::Drop),
    exact("related articles", Effect::Drop),
    exact("related stories", Effect::Drop),
    exact("related content", Effect::Drop),
    exact("related topics", Effect::Drop),
    exact("more on this story", Effect::Drop),
    exact("see also", Effect::Drop),
    exact("lire aussi", Effect::Drop),
    exact("a lire aussi", Effect::Drop),
    exact("lire egalement", Effect::Drop),
    exact("a lire egalement", Effect::Drop),
    exact("lire la suite", Effect::Drop),
    exact("voir aussi", Effect::Drop),
    exact("sur le meme sujet", Effect::Drop),
    exact("articles similaires", Effect::Drop),
    exact("articles lies", Effect::Drop),
    prefix("read more:", 200, Effect::Drop),
    prefix("related:", 200, Effect::Drop),
    prefix("see also:", 200, Effect::Drop),
    prefix("lire aussi:", 200, Effect::Drop),
    prefix("a lire aussi:", 200, Effect::Drop),
    prefix("voir aussi:", 200, Effect::Drop),
    // Page furniture.
    exact("editorial standards", Effect::Drop),
    exact("advertisement", Effect::Drop),
    exact("advertising", Effect::Drop),
    exact("publicite", Effect::Drop),
    exact("sponsored", Effect::Drop),
    exact("sponsored content", Effect::Drop),
    exact("contenu sponsorise", Effect::Drop),
    exact("avatar photo", Effect::Drop),
    exact("share", Effect::Drop),
    exact("share this", Effect::Drop),
    exact("share this article", Effect::Drop),
    exact("share this story", Effect::Drop),
    exact("share this page", Effect::Drop),
    exact("partager", Effect::Drop),
    exact("partager cet article", Effect::Drop),
    exact("partagez cet article", Effect::Drop),
    exact("print", Effect::Drop),
    exact("imprimer", Effect::Drop),
    exact("skip to content", Effect::Drop),
    exact("aller au contenu", Effect::Drop),
    exact("newsletter", Effect::Drop),
    exact("follow us", Effect::Drop),
    exact("suivez-nous", Effect::Drop),
    prefix("share on ", 60, Effect::Drop),
    prefix("partager sur ", 60, Effect::Drop),
    prefix("follow us on ", 100, Effect::Drop),
    prefix("suivez-nous sur ", 100, Effect::Drop),
    prefix("subscribe", 120, Effect::Drop),
    prefix("s'abonner", 120, Effect::Drop),
    prefix("abonnez-vous", 120, Effect::Drop),
    prefix("click here", 120, Effect::Drop),
    prefix("cliquez ici", 120, Effect::Drop),
    prefix("tags:", 300, Effect::Drop),
    prefix("mots-cles:", 300, Effect::Drop),
    prefix("\u{a9}", 200, Effect::Drop),
    prefix("copyright \u{a9}", 200, Effect::Drop),
    prefix("all rights reserved", 200, Effect::Drop),
    prefix("tous droits reserves", 200, Effect::Drop),
    prefix_with("sign up", "newsletter", 200),
    prefix_with("inscrivez-vous", "newsletter", 200),
    prefix_with("get our", "newsletter", 200),
    // Comment forms: the article is over once these start.
    exact("leave a comment", Effect::End),
    exact("leave a reply", Effect::End),
    exact("leave a reply cancel reply", Effect::End),
    exact("post a comment", Effect::End),
    exact("add a comment", Effect::End),
    exact("add comment", Effect::End),
    exact("comments", Effect::End),
    exact("show comments", Effect::End),
    exact("view comments", Effect::End),
    exact("cancel reply", Effect::End),
    exact("laisser un commentaire", Effect::End),
    exact("laissez un commentaire", Effect::End),
    exact("laisser une reponse", Effect::End),
    exact("ajouter un commentaire", Effect::End),
    exact("commentaires", Effect::End),
    exact("annuler la reponse", Effect::End),
    prefix("your email address will not be published", 300, Effect::End),
    prefix(
        "votre adresse de messagerie ne sera pas publiee",
        300,
        Effect::End,
    ),
    prefix("votre adresse e-mail ne sera pas publiee", 300, Effect::End),
    prefix("votre adresse email ne sera pas publiee", 300, Effect::End),
    prefix("required fields are marked", 100, Effect::End),
    prefix("les champs obligatoires sont indiques", 100, Effect::End),
    // Spam-filter notices under comment forms.
    prefix("this site uses akismet", 300, Effect::End),
    prefix("ce site utilise akismet", 300, Effect::End),
    // Author boxes and recommendation blocks.
    exact("about the author", Effect::End),
    prefix("a propos de ", 80, Effect::End),
    exact("you may also like", Effect::End),
    exact("you might also like", Effect::End),
    exact("more from this author", Effect::End),
    exact("recommended for you", Effect::End),
    exact("vous aimerez aussi", Effect::End),
    exact("vous aimerez peut-etre aussi", Effect::End),
    exact("vous pourriez aussi aimer", Effect::End),
];

/// The longest line any [`BOILERPLATE`] rule may match.
const BOILER_MAX_CHARS: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < BOILERPLATE.len() {
        if BOILERPLATE[i].max_chars > max {
            max = BOILERPLATE[i].max_chars;
        }
        i += 1;
    }
    max
};

/// The longest text a boilerplate or caption line must start with.
const HEAD_PATTERN_MAX: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < BOILERPLATE.len() {
        if BOILERPLATE[i].pat.head().len() > max {
            max = BOILERPLATE[i].pat.head().len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < CAPTION_PREFIXES.len() {
        if CAPTION_PREFIXES[i].len() > max {
            max = CAPTION_PREFIXES[i].len();
        }
        i += 1;
    }
    max
};

/// The first bytes of the patterns a line longer than [`BYLINE_MAX_CHARS`]
/// can match (see [`may_match_long`]).
const LONG_FIRST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < BOILERPLATE.len() {
        let head = BOILERPLATE[i].pat.head().as_bytes();
        if BOILERPLATE[i].max_chars > BYLINE_MAX_CHARS && !head.is_empty() {
            t[head[0] as usize] = true;
        }
        i += 1;
    }
    let mut i = 0;
    while i < CAPTION_PREFIXES.len() {
        let head = CAPTION_PREFIXES[i].as_bytes();
        if !head.is_empty() {
            t[head[0] as usize] = true;
        }
        i += 1;
    }
    t
};

/// The heads of the rules a line longer than [`BYLINE_MAX_CHARS`] can match,
/// each with the longest line it may match: the boilerplate rules allowing
/// such lines, then the caption prefixes (any length). See [`raw_head`].
const LONG_HEADS: [(&str, usize); LONG_HEADS_LEN] = {
    let mut t = [("", 0); LONG_HEADS_LEN];
    let mut n = 0;
    let mut i = 0;
    while i < BOILERPLATE.len() {
        if BOILERPLATE[i].max_chars > BYLINE_MAX_CHARS {
            t[n] = (BOILERPLATE[i].pat.head(), BOILERPLATE[i].max_chars);
            n += 1;
        }
        i += 1;
    }
    let mut i = 0;
    while i < CAPTION_PREFIXES.len() {
        t[n] = (CAPTION_PREFIXES[i], usize::MAX);
        n += 1;
        i += 1;
    }
    t
};

const LONG_HEADS_LEN: usize = {
    let mut n = CAPTION_PREFIXES.len();
    let mut i = 0;
    while i < BOILERPLATE.len() {
        if BOILERPLATE[i].max_chars > BYLINE_MAX_CHARS {
            n += 1;
        }
        i += 1;
    }
    n
};

/// Lines starting like this (normalised, at a word boundary) are photo captions
/// or image credits.
const CAPTION_PREFIXES: &[&str] = &[
    "image credit",
    "image credits",
    "image source",
    "image caption",
    "media caption",
    "photo credit",
    "photo credits",
    "credit photo",
    "credits photo",
    "photo:",
    "photos:",
    "photograph:",
    "picture:",
    "pictured:",
    "illustration:",
    "image:",
    "credit:",
];

/// A caption often ends with its credit: "... Photograph: Reuters".
/// [`may_match_long`] relies on each marker either ending in ':' or
/// containing "photo" (checked by a test).
const CREDIT_MARKERS: &[&str] = &[
    "photograph:",
    "photo:",
    "photos:",
    "picture:",
    "illustration:",
    "image:",
    "credit:",
    "photograph by",
    "photo by",
];

/// Words that, inside a trailing "(...)", make the line a captioned image.
const PAREN_CREDITS: &[&str] = &[
    "getty",
    "afp",
    "reuters",
    "ap photo",
    "epa",
    "shutterstock",
    "alamy",
    "istock",
    "pa wire",
    "photo",
    "image",
    "credit",
    "courtesy",
];

/// News agencies whose name alone on the last line is a source credit.
const AGENCIES: &[&str] = &[
    "reuters",
    "afp",
    "ap",
    "associated press",
    "the associated press",
    "bloomberg",
    "bloomberg news",
    "agence france-presse",
    "agence france presse",
    "dpa",
    "xinhua",
    "pa",
    "pa media",
    "press association",
    "ansa",
    "efe",
    "kyodo",
    "kyodo news",
    "tass",
    "ria novosti",
    "upi",
    "aap",
    "yonhap",
    "anadolu",
    "belga",
];

/// Lead-ins of a byline line, normalised, with the number of words they span.
const BYLINE_LEADS: &[(&str, usize)] = &[
    ("written by ", 2),
    ("words by ", 2),
    ("story by ", 2),
    ("posted by ", 2),
    ("ecrit par ", 2),
    ("redige par ", 2),
    ("publie par ", 2),
    ("by ", 1),
    ("par ", 1),
];

/// Lowercase words allowed inside a person's name ("Charles de Gaulle",
/// "X and Y").
const NAME_PARTICLES: &[&str] = &[
    "and", "et", "&", "de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di", "del",
    "della", "dos", "bin", "al", "y", "e",
];

/// Words that mark a short paragraph after an author-name line as a bio.
const BIO_WORDS: &[&str] = &[
    "writer",
    "journalist",
    "reporter",
    "editor",
    "correspondent",
    "author",
    "contributor",
    "columnist",
    "freelance",
    "blogger",
    "journaliste",
    "redacteur",
    "redactrice",
    "auteur",
    "autrice",
    "chroniqueur",
    "chroniqueuse",
    "correspondant",
    "pigiste",
    "blogueur",
    "blogueuse",
];

/// Words after which a sentence cannot end: a wrapped first line ending with
/// one of them is not a headline.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "who", "as", "is", "are", "was", "were", "its", "their", "his", "her",
    "le", "la", "les", "de", "des", "du", "et", "un", "une", "qui", "que",
];

/// Abbreviations whose final "." does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "prof",
    "gen", "sen", "rep", "gov", "mt", "fig", "approx", "etc", "m", "mme", "mlle",
];

/// Bylines are at most this long.
const BYLINE_MAX_CHARS: usize = 100;
/// How much of a long line [`may_match_long`] normalises: comfortably more
/// than [`HEAD_PATTERN_MAX`] bytes.
const HEAD_BYTES: usize = 64;
const _: () = assert!(HEAD_BYTES > HEAD_PATTERN_MAX);
/// Boilerplate, captions and bylines are only looked for in lines up to this
/// long; longer lines are always article text. It also bounds per-line work.
const PATTERN_MAX_CHARS: usize = 400;
/// An end marker truncates the rest when at least this many characters of
/// article came before it (or more article came before than after it).
/// Below that, the marker is probably page furniture near the top, such as a
/// "Leave a comment" link beside the date, and only that line is dropped.
const END_MIN_BEFORE: usize = 300;
/// Longest inferred title, "…" included.
const TITLE_MAX: usize = 80;
/// Longest line that can be a headline.
const HEADLINE_MAX: usize = 120;
/// Hard-wrapped lines are at most this long ...
const WRAP_MAX: usize = 100;
/// ... and most of them at least this long.
const WRAP_MIN: usize = 40;

// ---------------------------------------------------------------------------
// sanitize
// ---------------------------------------------------------------------------

/// Removes everything that could reach a terminal as a control sequence, and
/// normalises text.
///
/// - CRLF and lone CR become `\n`; a leading UTF-8 BOM is removed.
/// - Whole escape sequences are removed: CSI (`ESC [` … final byte), OSC
///   (`ESC ]` … BEL or ST), DCS/SOS/PM/APC (`ESC P`/`X`/`^`/`_` … ST),
///   `ESC` + intermediates + one final character, and their 8-bit C1 forms
///   (U+009B, U+009D, U+0090, U+0098, U+009E, U+009F). A string sequence
///   (OSC, DCS, …) also ends at CAN, SUB, a newline (kept) or the end of the
///   input, so a stray unterminated one cannot swallow more than one line.
/// - Every other C0 control (except `\n`), every C1 control
///   (U+0080–U+009F) and DEL are removed.
/// - Tabs are expanded with spaces to the next multiple of 4 columns from the
///   start of the line (a column is one character).
/// - Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069,
///   U+061C) and zero-width characters that can spoof text (U+200B–U+200F,
///   U+2060–U+2064, U+FEFF) are removed. U+2028/U+2029 become `\n`.
#[must_use]
pub fn sanitize(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let bytes = input.as_bytes();
    // Most articles contain nothing to remove: one scan, one copy.
    let Some(mut pos) = next_special(bytes, 0) else {
        return input.to_owned();
    };
    let mut out = String::with_capacity(input.len());
    // The output column is only needed at a tab. It is the number of
    // characters after the last newline in `out`, so it is computed lazily:
    // `col` is the column at byte `col_at` of `out`, and only the bytes
    // pushed since then are counted, keeping the work linear.
    let mut col = 0usize;
    let mut col_at = 0usize;
    // Start of the input not yet copied to `out`.
    let mut copied = 0usize;
    while pos < bytes.len() {
        out.push_str(&input[copied..pos]);
        let rest = &input[pos..];
        let after = match bytes[pos] {
            b'\r' => {
                out.push('\n');
                let n = if bytes.get(pos + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                &rest[n..]
            }
            b'\t' => {
                let since = &out[col_at..];
                col = match since.rfind('\n') {
                    Some(nl) => since[nl + 1..].chars().count(),
                    None => col + since.chars().count(),
                };
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
                col_at = out.len();
                &rest[1..]
            }
            0x1b => {
                // A sequence that ends on an ESC which does not form ST
                // starts a new sequence: loop instead of recursing so nested
                // garbage cannot grow the stack.
                let mut r = &rest[1..];
                loop {
                    let (again, next) = skip_escape(r);
                    r = next;
                    if !again {
                        break r;
                    }
                }
            }
            // Every other C0 control and DEL.
            b if b < 0x80 => &rest[1..],
            _ => {
                // A special non-ASCII character (see `next_special`).
                let c = rest.chars().next().unwrap_or('\0');
                let r = &rest[c.len_utf8()..];
                match c {
                    '\u{2028}' | '\u{2029}' => {
                        out.push('\n');
                        r
                    }
                    '\u{9b}' => skip_csi(r),
                    '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                        let (esc, mut r) = skip_string(r);
                        if esc {
                            loop {
                                let (again, next) = skip_escape(r);
                                r = next;
                                if !again {
                                    break;
                                }
                            }
                        }
                        r
                    }
                    // The other C1 controls, bidi and zero-width characters.
                    _ => r,
                }
            }
        };
        copied = input.len() - after.len();
        pos = next_special(bytes, copied).unwrap_or(bytes.len());
    }
    out.push_str(&input[copied..]);
    out
}

/// Lead bytes of the characters [`sanitize`] may have to change: C0 controls
/// except `\n` (which is copied as is), DEL, and the first byte of the UTF-8
/// encodings of C1 controls (`C2`), U+061C (`D8`), the zero-width, bidi and
/// line/paragraph separator characters (`E2`) and U+FEFF (`EF`). A lead byte
/// is only a candidate: [`next_special`] checks the whole character.
const SPECIAL_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize;
        b += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    t[0xd8] = true;
    t[0xe2] = true;
    t[0xef] = true;
    t
};

/// True when [`sanitize`] would copy `text` unchanged: nothing in it can reach a terminal as a
/// control sequence.
pub(crate) fn is_sanitary(text: &str) -> bool {
    next_special(text.as_bytes(), 0).is_none()
}

/// A metadata value as one clean line: sanitised, entities decoded, whitespace collapsed. Most
/// values are one already, and are kept rather than copied three times.
pub(crate) fn one_line(text: String) -> String {
    if is_one_clean_line(&text) {
        text
    } else {
        one_line_of(&text)
    }
}

/// [`one_line`] the long way.
pub(crate) fn one_line_of(text: &str) -> String {
    collapse_ws(&decode_entities(&sanitize(text)))
}

/// True when `text` is already one clean line: [`sanitize`], [`decode_entities`] and collapsing
/// its whitespace would each leave it as it is.
fn is_one_clean_line(text: &str) -> bool {
    is_plain_line(text.as_bytes())
        || (memchr::memchr(b'&', text.as_bytes()).is_none()
            && is_collapsed(text)
            && is_sanitary(text))
}

/// The commonest metadata value, told in one pass eight bytes at a time: printable ASCII but
/// '&' (nothing to sanitise or decode), with no space first, last or after another (nothing to
/// collapse). The three tests of [`is_one_clean_line`] took 570 instructions a value, five
/// values an article. False for some values that are clean lines too (those take the three).
fn is_plain_line(b: &[u8]) -> bool {
    if b.first().is_none_or(|&c| c == b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut space_before = false;
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        // A byte below 0x20 or from 0x7f on (carries only add false alarms).
        let unusual = (x.wrapping_sub(ONES * 0x20) | x.wrapping_add(ONES) | x) & HIGH;
        let amp = zero_bytes(x ^ (ONES * u64::from(b'&')));
        let spaces = zero_bytes(x ^ (ONES * 0x20));
        if unusual | amp | (spaces & (spaces >> 8)) != 0 || (space_before && spaces & 0x80 != 0) {
            return false;
        }
        space_before = x >> 56 == 0x20;
    }
    let mut after_space = space_before;
    chunks.remainder().iter().all(|&c| {
        let space = c == b' ';
        let ok = (0x20..0x7f).contains(&c) && c != b'&' && !(space && after_space);
        after_space = space;
        ok
    })
}

/// The byte index, from `from` on, of the first character that
/// [`sanitize`] does not copy unchanged. `from` is on a character boundary.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        // Eight bytes at a time while they are all printable ASCII, the
        // bulk of any article.
        if let Some(window) = bytes.get(i..i + 8)
            && let Ok(block) = <[u8; 8]>::try_from(window)
        {
            let x = u64::from_le_bytes(block);
            // A byte below 0x20 or from 0x7f on: subtracting 0x20 or adding
            // 1 sets its high bit (carries only add false alarms).
            let unusual = (x.wrapping_sub(ONES * 0x20) | x.wrapping_add(ONES) | x) & HIGH;
            if unusual == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if SPECIAL_LEAD[usize::from(b)] {
            let b1 = bytes.get(i + 1).copied().unwrap_or(0);
            let b2 = bytes.get(i + 2).copied().unwrap_or(0);
            let special = match b {
                // U+0080–U+009F.
                0xc2 => (0x80..=0x9f).contains(&b1),
                // U+061C.
                0xd8 => b1 == 0x9c,
                // U+200B–U+200F, U+2028–U+202E, U+2060–U+2064, U+2066–U+2069.
                0xe2 => match b1 {
                    0x80 => matches!(b2, 0x8b..=0x8f | 0xa8..=0xae),
                    0x81 => matches!(b2, 0xa0..=0xa4 | 0xa6..=0xa9),
                    _ => false,
                },
                // U+FEFF.
                0xef => b1 == 0xbb && b2 == 0xbf,
                _ => true,
            };
            if special {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

/// `text` as one line safe to print: every control character (tab and newline too) and every
/// character [`is_invisible`] names made a `?`, as `ls` shows a file name. For what comes from
/// the file system and is not an article's text (a file's name, an error quoting one), where
/// removing characters, as [`sanitize`] does, would leave a name that is not the file's.
pub fn printable(text: &str) -> Cow<'_, str> {
    let odd = |c: char| c.is_control() || is_invisible(c);
    // Printable ASCII, most names, without decoding characters.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.contains(odd) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if odd(c) { '?' } else { c }).collect())
}

/// Characters that must never reach the terminal: controls (other than the
/// newline and tab, which the callers handle), DEL, C1, bidi controls and
/// zero-width characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{b}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

/// Skips what follows an ESC; returns the rest, and true when the sequence
/// ended on an ESC that starts another sequence. All the bytes tested are
/// ASCII, so testing bytes is testing characters.
fn skip_escape(s: &str) -> (bool, &str) {
    let b = s.as_bytes();
    match b.first() {
        Some(b'[') => (false, skip_csi(&s[1..])),
        Some(b']' | b'P' | b'X' | b'^' | b'_') => skip_string(&s[1..]),
        Some(b' '..=b'/') => {
            // nF sequences such as `ESC ( B`: intermediates, then one final.
            let n = b.iter().take_while(|c| matches!(c, b' '..=b'/')).count();
            let n = n + usize::from(matches!(b.get(n), Some(b'0'..=b'~')));
            (false, &s[n..])
        }
        Some(b'0'..=b'~') => (false, &s[1..]),
        // A lone ESC (or ESC before a non-ASCII character or a newline) is
        // dropped by itself; the following character is processed normally.
        _ => (false, s),
    }
}

/// Skips the parameter, intermediate and final bytes of a CSI sequence. A
/// character outside the CSI ranges aborts the sequence and is left alone,
/// as terminals do.
fn skip_csi(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b.iter().take_while(|c| matches!(c, b' '..=b'?')).count();
    let n = n + usize::from(matches!(b.get(n), Some(b'@'..=b'~')));
    &s[n..]
}

/// Skips the body of an OSC/DCS/SOS/PM/APC string up to its terminator.
/// Returns true when it stopped at an ESC that is not part of ST, so the
/// caller treats what follows that ESC as a new sequence. The terminators
/// are ASCII or U+009C (`C2 9C`, and `C2` only ever starts a character), so
/// a byte scan finds them.
fn skip_string(s: &str) -> (bool, &str) {
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\n' => return (false, &s[i..]),
            0x07 | 0x18 | 0x1a => return (false, &s[i + 1..]),
            0xc2 if b.get(i + 1) == Some(&0x9c) => return (false, &s[i + 2..]),
            0x1b => {
                return if b.get(i + 1) == Some(&b'\\') {
                    (false, &s[i + 2..])
                } else {
                    (true, &s[i + 1..])
                };
            }
            _ => {}
        }
    }
    (false, "")
}

// ---------------------------------------------------------------------------
// decode_entities
// ---------------------------------------------------------------------------

/// Decodes HTML character references left in text.
///
/// Numeric references (`&#233;`, `&#xE9;`) and common named ones (`&amp;`,
/// `&lt;`, `&nbsp;`, `&pound;`, `&euro;`, `&mdash;`, `&rsquo;`, the Latin-1
/// letters such as `&eacute;` ...) are decoded; the terminating `;` is
/// required. As browsers do, `&#128;`–`&#159;` are read as Windows-1252
/// (`&#146;` → `’`).
///
/// Unknown or malformed references stay as they are (`AT&T`, `&foo;`,
/// `&#xD800;`). A reference to a control, bidi or zero-width character
/// decodes to nothing (`&#27;` is removed), except that tab, newline and carriage
/// return decode to a space, so no text is glued together. The soft hyphen
/// (`&shy;`) also decodes to nothing.
#[must_use]
pub fn decode_entities(input: &str) -> String {
    match memchr::memchr(b'&', input.as_bytes()) {
        Some(amp) => decode_from(input, amp),
        None => input.to_owned(),
    }
}

/// [`decode_entities`] of `input`, whose first '&' is at byte `amp`.
fn decode_from(input: &str, amp: usize) -> String {
    let mut out = String::with_capacity(input.len());
    out.push_str(&input[..amp]);
    let mut rest = &input[amp..];
    while let Some(pos) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some((decoded, used)) = parse_reference(after) {
            if let Some(c) = decoded {
                out.push(c);
            }
            rest = &after[used..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Parses the text after an `&`. Returns the decoded character (None to emit
/// nothing) and the number of bytes used, or None when this is not a
/// reference we decode.
fn parse_reference(after: &str) -> Option<(Option<char>, usize)> {
    let bytes = after.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (radix, start) = if matches!(bytes.get(1), Some(b'x' | b'X')) {
            (16, 2)
        } else {
            (10, 1)
        };
        // At most 8 digits: enough for any code point, and bounds the work.
        let digits = bytes[start..]
            .iter()
            .take(9)
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        if digits == 0 || digits > 8 || bytes.get(start + digits) != Some(&b';') {
            return None;
        }
        let code = u32::from_str_radix(&after[start..start + digits], radix).ok()?;
        let c = numeric_char(code)?;
        return Some((visible(c), start + digits + 1));
    }
    let len = bytes
        .iter()
        .take(11)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > 10 || bytes.get(len) != Some(&b';') {
        return None;
    }
    let c = named_entity(&after[..len])?;
    Some((visible(c), len + 1))
}

/// The character a numeric reference stands for. `&#0;` decodes to nothing
/// (via [`visible`]); surrogates and values past U+10FFFF are malformed.
fn numeric_char(code: u32) -> Option<char> {
    if (0x80..=0x9f).contains(&code) {
        // HTML reads these as Windows-1252; the five unassigned ones become
        // controls and so decode to nothing.
        let c = match code {
            0x80 => '€',
            0x82 => '‚',
            0x83 => 'ƒ',
            0x84 => '„',
            0x85 => '…',
            0x86 => '†',
            0x87 => '‡',
            0x88 => 'ˆ',
            0x89 => '‰',
            0x8a => 'Š',
            0x8b => '‹',
            0x8c => 'Œ',
            0x8e => 'Ž',
            0x91 => '‘',
            0x92 => '’',
            0x93 => '“',
            0x94 => '”',
            0x95 => '•',
            0x96 => '–',
            0x97 => '—',
            0x98 => '˜',
            0x99 => '™',
            0x9a => 'š',
            0x9b => '›',
            0x9c => 'œ',
            0x9e => 'ž',
            0x9f => 'Ÿ',
            _ => '\u{81}',
        };
        return Some(c);
    }
    char::from_u32(code)
}

/// Maps a decoded character to what may be emitted: nothing for controls and
/// invisible characters, a space for whitespace controls.
fn visible(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(' '),
        '\u{ad}' => None,
        c if is_invisible(c) => None,
        c => Some(c),
    }
}

/// Named references: the HTML basics, typography, currency and the Latin-1
/// letters. Names are case-sensitive as in HTML (`&Eacute;` ≠ `&eacute;`).
#[allow(
    clippy::too_many_lines,
    reason = "one arm per entity: a flat table reads best"
)]
fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "shy" => '\u{ad}',
        "zwsp" => '\u{200b}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "pound" => '£',
        "euro" => '€',
        "cent" => '¢',
        "yen" => '¥',
        "curren" => '¤',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "brvbar" => '¦',
        "acute" => '´',
        "cedil" => '¸',
        "uml" => '¨',
        "macr" => '¯',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        _ => return None,
    };
    Some(c)
}

// ---------------------------------------------------------------------------
// clean_plain_text
// ---------------------------------------------------------------------------

/// What the reader shows of one plain-text article, with metadata found in it.
///
/// Paragraphs and dropped lines are `P`: owned strings for callers, and for the loader
/// ([`clean_record`]) text borrowed from the input where cleaning left a line as it was, which is
/// most lines (copying each to a string of its own had cost an allocation a paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned<P = String> {
    /// The headline: the headline line trimmed (inner spacing kept as in the
    /// file), or a title made from the first sentence (see `title_inferred`).
    /// Empty only when the article has no text at all.
    pub title: String,
    /// True when the file had no headline and the title was made from the
    /// first sentence of the first paragraph (cut to at most 80 characters at
    /// a word boundary, ending in "…" when cut). That paragraph stays in the
    /// body.
    pub title_inferred: bool,
    /// A section label printed above the headline, e.g. "Home & Office".
    pub section: Option<String>,
    /// The author's name, from a "By X" / "Written by X" / "Par X" line near
    /// the top, an author-name line followed by a bio at the end, or an
    /// "A propos de X" box. A role after a comma or bar ("X, Contributor") is
    /// dropped, so this is the name(s) only, e.g. "X and Y".
    pub byline: Option<String>,
    /// A trailing credit line naming a news agency, e.g. "Bloomberg" (also
    /// "Source: Reuters", "With AFP").
    pub source: Option<String>,
    /// The one-sentence summary under the headline, when clearly one: it is
    /// directly followed by the byline or a photo caption. Not repeated in
    /// `paragraphs`.
    pub standfirst: Option<String>,
    /// Body paragraphs in order, boilerplate removed, whitespace collapsed
    /// (NBSP and runs of spaces become one space, trimmed).
    pub paragraphs: Vec<P>,
    /// Lines left out of the reading view, in order: boilerplate, captions,
    /// bios, duplicates, and the raw byline and source lines (whose content
    /// went to `byline` / `source`). Whitespace is collapsed as in
    /// `paragraphs`. The title, section and standfirst are not listed here.
    pub dropped: Vec<P>,
}

impl Cleaned<Cow<'_, str>> {
    /// The same, every text owned.
    fn into_owned(self) -> Cleaned {
        let owned = |texts: Vec<Cow<'_, str>>| texts.into_iter().map(Cow::into_owned).collect();
        Cleaned {
            title: self.title,
            title_inferred: self.title_inferred,
            section: self.section,
            byline: self.byline,
            source: self.source,
            standfirst: self.standfirst,
            paragraphs: owned(self.paragraphs),
            dropped: owned(self.dropped),
        }
    }
}

/// Cleans one plain-text article. `text` has already been through
/// [`sanitize`] and [`decode_entities`].
///
/// Lines separated by blank lines are paragraphs; blocks of hard-wrapped lines
/// and blocks whose paragraphs start with an indented line are joined into
/// paragraphs. Boilerplate listed in the `BOILERPLATE` table, photo captions,
/// bylines, author bios and trailing agency credits are taken out (see
/// [`Cleaned`]). If that would leave no paragraph at all, every line except
/// the title is kept as a paragraph instead, so the body is never lost.
#[must_use]
pub fn clean_plain_text(text: &str) -> Cleaned {
    clean(text, None).into_owned()
}

/// Cleans the body of an article whose title is known from elsewhere (a JSON field, front
/// matter): the same as [`clean_plain_text`] but no line is taken as the headline or a section
/// label, and a paragraph that repeats `title` is dropped.
#[must_use]
pub fn clean_body(text: &str, title: &str) -> Cleaned {
    clean(text, Some(title)).into_owned()
}

/// The loader's whole per-article path in one call: `sanitize(text)`, and what `finish` makes of
/// the article cleaned from it, which is exactly `clean_body(&decode_entities(&sanitize(text)),
/// title)` with a title and `clean_plain_text(&decode_entities(&sanitize(text)))` without one,
/// but with its paragraphs borrowed from the text where they are as written.
pub fn clean_record<R>(
    text: String,
    title: Option<&str>,
    finish: impl FnOnce(Cleaned<Cow<'_, str>>) -> R,
) -> (String, R) {
    // Most texts have nothing to sanitise (a leading byte-order mark is something): then they
    // are kept, not copied.
    let sanitized = if is_sanitary(&text) {
        text
    } else {
        sanitize(&text)
    };
    // Without an '&' there is nothing to decode: no copy. (memchr's search: the standard
    // library's `find` of a character goes a word at a time, and every body is searched.)
    let finished = match memchr::memchr(b'&', sanitized.as_bytes()) {
        Some(amp) => finish(clean(&decode_from(&sanitized, amp), title)),
        None => finish(clean(&sanitized, title)),
    };
    (sanitized, finished)
}

fn clean<'a>(text: &'a str, known_title: Option<&str>) -> Cleaned<Cow<'a, str>> {
    let mut units = build_units(text);
    // Before anything reads the units: a paragraph of encoded data is no headline either.
    for u in units
        .iter_mut()
        .filter(|u| u.long_word && u.kind == Kind::Body)
    {
        if let Some(kept) = strip_encoded(&u.text) {
            if kept.is_empty() {
                u.kind = Kind::Dropped;
            } else {
                u.chars = kept.chars().count();
                u.text = Cow::Owned(kept);
                u.line = None;
            }
        }
    }
    mark_duplicates(&mut units);
    let mut out = Cleaned::default();

    let (section, title) = if known_title.is_some() {
        (None, None)
    } else {
        find_headline(&units)
    };
    if let Some(s) = section {
        units[s].kind = Kind::Section;
        out.section = Some(units[s].text.to_string());
    }
    if let Some(t) = title {
        units[t].kind = Kind::Title;
        // Spacing inside the headline is kept as in the file (only odd
        // spaces such as NBSP become plain ones): the title is the line.
        out.title = units[t]
            .line
            .unwrap_or(&units[t].text)
            .trim()
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
    }

    out.byline = take_top_byline(&mut units);
    if let Some(t) = title {
        out.standfirst = take_standfirst(&mut units, t);
    }
    if let Some(name) = apply_end_markers(&mut units) {
        out.byline.get_or_insert(name);
    }
    if let Some(name) = take_bio(&mut units) {
        out.byline.get_or_insert(name);
    }
    out.source = take_source(&mut units);
    if let Some(known) = known_title {
        out.title = collapse_ws(known);
    }
    if title.is_some() || known_title.is_some() {
        // A headline repeated as a paragraph (scrapers often catch both the
        // page title and the <h1>) is shown once.
        // A known title was collapsed just above, and collapsing is idempotent: not again.
        let title_text: Cow<'_, str> = if known_title.is_some() {
            Cow::Borrowed(&out.title)
        } else {
            Cow::Owned(collapse_ws(&out.title))
        };
        for u in &mut units {
            if u.kind == Kind::Body && u.text == title_text {
                u.kind = Kind::Dropped;
            }
        }
    }

    // The units are not needed afterwards, so their texts are moved out.
    let body = units.iter().filter(|u| u.kind == Kind::Body).count();
    if body > 0 {
        out.paragraphs.reserve_exact(body);
        for u in &mut units {
            match u.kind {
                Kind::Body => out.paragraphs.push(std::mem::take(&mut u.text)),
                Kind::Dropped | Kind::End => out.dropped.push(std::mem::take(&mut u.text)),
                Kind::Title | Kind::Section | Kind::Standfirst => {}
            }
        }
    } else {
        // Never lose the body: keep every line as it was. The standfirst and
        // source go back into the paragraphs, so they are cleared.
        out.paragraphs = units
            .iter_mut()
            .filter(|u| !matches!(u.kind, Kind::Title | Kind::Section))
            .map(|u| std::mem::take(&mut u.text))
            .collect();
        out.standfirst = None;
        out.source = None;
    }
    if title.is_none()
        && out.title.is_empty()
        && let Some(first) = out.paragraphs.first()
    {
        out.title = infer_title(first);
        out.title_inferred = true;
    }
    out
}

/// What a single line looks like on its own, computed once per line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum LineClass {
    Plain,
    Boiler(Effect),
    Caption,
    /// A byline line; the name it gives.
    Byline(String),
}

/// Where a unit ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Body,
    Title,
    Section,
    Standfirst,
    /// An end-of-article marker not yet acted on.
    End,
    Dropped,
}

/// A paragraph candidate: one line, or several joined lines.
#[derive(Debug)]
struct Unit<'a> {
    /// Whitespace-collapsed text.
    text: Cow<'a, str>,
    /// The trimmed source line, when the unit is a single line.
    line: Option<&'a str>,
    chars: usize,
    /// A blank line separates this unit from the previous one.
    blank_before: bool,
    class: LineClass,
    /// A photo caption (by pattern, or because it was repeated).
    caption: bool,
    kind: Kind,
    /// Some line of it may hold a word long enough to be encoded data (see [`strip_encoded`]).
    long_word: bool,
}

impl<'a> Unit<'a> {
    fn single(line: &Line<'a>, class: LineClass, blank_before: bool) -> Self {
        let t = line.t;
        // A collapsed line is its own text, with the characters already
        // counted.
        let mut u = if line.collapsed {
            Unit::counted(Cow::Borrowed(t), line.chars, blank_before)
        } else {
            Unit::joined(collapse_ws(t), blank_before)
        };
        u.line = Some(t);
        u.long_word = line.long_word;
        u.caption = class == LineClass::Caption;
        u.kind = match class {
            LineClass::Plain | LineClass::Byline(_) => Kind::Body,
            LineClass::Boiler(Effect::End) => Kind::End,
            LineClass::Boiler(Effect::Drop) | LineClass::Caption => Kind::Dropped,
        };
        u.class = class;
        u
    }

    fn joined(text: String, blank_before: bool) -> Self {
        let chars = text.chars().count();
        Unit::counted(Cow::Owned(text), chars, blank_before)
    }

    fn counted(text: Cow<'a, str>, chars: usize, blank_before: bool) -> Self {
        Unit {
            long_word: false,
            chars,
            text,
            line: None,
            blank_before,
            class: LineClass::Plain,
            caption: false,
            kind: Kind::Body,
        }
    }
}

/// A non-blank line of the text: as it is, trimmed, the number of
/// characters of the trimmed line and whether [`collapse_ws`] leaves the
/// trimmed line unchanged, computed once.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    raw: &'a str,
    t: &'a str,
    chars: usize,
    collapsed: bool,
    /// It may hold a word of [`ENCODED_MIN`] bytes or more: [`scan_line`] saw that many bytes
    /// without a space, give or take a few. Every longer word is seen.
    long_word: bool,
}

impl<'a> Line<'a> {
    /// The line of `text` starting at byte `from` (a character boundary),
    /// and the byte index of its end (the `\n` or the end of the text).
    fn scan(text: &'a str, from: usize) -> (Self, usize) {
        let (end, chars, odd, long_word) = scan_line(text.as_bytes(), from);
        let raw = &text[from..end];
        // Most lines start and end with printable ASCII, which is never whitespace: no need to
        // decode characters from both ends (`trim` did, for every line).
        let printable = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x7f).contains(&b));
        let t = if printable(raw.as_bytes().first()) && printable(raw.as_bytes().last()) {
            raw
        } else {
            raw.trim()
        };
        let line = if t.len() == raw.len() {
            Line {
                raw,
                t,
                chars,
                collapsed: !odd,
                long_word,
            }
        } else {
            Line {
                raw,
                t,
                chars: t.chars().count(),
                collapsed: is_collapsed(t),
                long_word,
            }
        };
        (line, end)
    }
}

/// One pass over the line of `b` starting at `from`: the index of the
/// `\n` ending it (or `b.len()`), its number of characters, and whether it
/// has whitespace other than single ASCII spaces (the test of
/// [`is_collapsed`] without the one on the ends). Eight bytes at a time:
/// characters are the bytes that are not UTF-8 continuation bytes, and only
/// control bytes and the lead bytes of non-ASCII whitespace (see
/// [`has_odd_space`]) are looked at one by one.
fn scan_line(b: &[u8], from: usize) -> (usize, usize, bool, bool) {
    let mut i = from;
    let mut chars = 0usize;
    let mut odd = false;
    // Windows in a row without a space. Three are 24 bytes of one word: every word of 31 bytes
    // or more covers three, wherever it starts (so every word of [`ENCODED_MIN`] bytes does).
    let mut spaceless = 0u32;
    let mut long_word = false;
    // Whether the byte before `i` is a space of this line.
    let mut space_before = false;
    while let Some(window) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(window) else {
            break;
        };
        let x = u64::from_le_bytes(bytes);
        let spaces = zero_bytes(x ^ (ONES * 0x20));
        // Printable ASCII only (a borrow can only add false alarms), so no
        // newline either: the common case.
        if (x.wrapping_sub(ONES * 0x20) | x) & HIGH == 0 {
            odd |= spaces & (spaces >> 8) != 0 || (space_before && spaces & 0x80 != 0);
            spaceless = if spaces == 0 { spaceless + 1 } else { 0 };
            long_word |= spaceless >= 3;
            chars += 8;
            space_before = x >> 56 == 0x20;
            i += 8;
            continue;
        }
        let newline = zero_bytes(x ^ (ONES * u64::from(b'\n')));
        // Not printable ASCII: no byte of encoded data, nor of a word of it.
        spaceless = 0;
        // The bytes of this line in the block, as 0x80 in each.
        let (mine, len) = if newline == 0 {
            (HIGH, 8)
        } else {
            let k = (newline.trailing_zeros() / 8) as usize;
            (HIGH & ((1u64 << (8 * k)) - 1), k)
        };
        let spaces = spaces & mine;
        odd |= spaces & (spaces >> 8) != 0 || (space_before && spaces & 0x80 != 0);
        // Continuation bytes (10xxxxxx) as 1 in the low bit of their byte,
        // summed into the top byte by the multiplication.
        let continuation = ((x & !(x << 1) & mine) >> 7).wrapping_mul(ONES) >> 56;
        chars += len - continuation as usize;
        if !odd {
            let lead = zero_bytes(x & (ONES * 0xe0))
                | zero_bytes(x ^ (ONES * 0xc2))
                | zero_bytes((x & (ONES * 0xfc)) ^ (ONES * 0xe0));
            let mut cand = lead & mine;
            while cand != 0 {
                let at = i + (cand.trailing_zeros() / 8) as usize;
                if has_odd_space(b, at, at + 1) {
                    odd = true;
                    break;
                }
                cand &= cand - 1;
            }
        }
        if newline != 0 {
            return (i + len, chars, odd, long_word);
        }
        space_before = x >> 56 == 0x20;
        i += 8;
    }
    let end = b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |k| i + k);
    let tail = &b[i..end];
    chars += tail.iter().filter(|&&c| c & 0xc0 != 0x80).count();
    if !odd {
        odd = (space_before && tail.first() == Some(&b' ')) || has_odd_space(b, i, end);
    }
    (end, chars, odd, long_word)
}

/// Splits the text into blocks of non-blank lines and each block into units.
fn build_units(text: &str) -> Vec<Unit<'_>> {
    // Room for the units and lines of most articles at once: growing each from a few had cost
    // five reallocations an article (with `norm_buf`'s, 0.85% of a load). A large allocation
    // costs no more than a small one, and these live only as long as the call.
    let mut units = Vec::with_capacity(64);
    let mut block: Vec<Line<'_>> = Vec::with_capacity(16);
    // One buffer for every line's normalised form, instead of one
    // allocation per line.
    let mut norm_buf = String::with_capacity(1024);
    let mut first_block = true;
    let mut from = 0;
    loop {
        let (line, end) = Line::scan(text, from);
        if line.t.is_empty() {
            if !block.is_empty() {
                flush_block(&block, first_block, &mut units, &mut norm_buf);
                first_block = false;
                block.clear();
            }
        } else {
            block.push(line);
        }
        if end == text.len() {
            break;
        }
        from = end + 1;
    }
    if !block.is_empty() {
        flush_block(&block, first_block, &mut units, &mut norm_buf);
    }
    units
}

/// Turns one block of consecutive non-blank lines into units. Lines that are
/// boilerplate, captions or bylines always stand alone; the runs of ordinary
/// lines between them are segmented into paragraphs.
fn flush_block<'a>(
    block: &[Line<'a>],
    first_block: bool,
    units: &mut Vec<Unit<'a>>,
    norm_buf: &mut String,
) {
    // Every block but the first follows a blank line.
    let mut blank = !first_block;
    let mut run_start = 0;
    for (i, line) in block.iter().enumerate() {
        let class = classify_line(line.t, line.chars, norm_buf);
        if class != LineClass::Plain {
            push_run(
                &block[run_start..i],
                first_block && run_start == 0,
                blank,
                units,
            );
            if i > run_start {
                blank = false;
            }
            units.push(Unit::single(line, class, blank));
            blank = false;
            run_start = i + 1;
        }
    }
    push_run(
        &block[run_start..],
        first_block && run_start == 0,
        blank,
        units,
    );
}

/// Segments a run of ordinary lines. At the very top of the file, a
/// headline-like first line directly followed by a capitalised line is split
/// off first so it is not joined into the paragraph below it.
fn push_run<'a>(run: &[Line<'a>], top: bool, blank: bool, units: &mut Vec<Unit<'a>>) {
    let Some(first) = run.first() else {
        return;
    };
    let mut run = run;
    let mut blank = blank;
    if top && run.len() >= 2 && headline_split_ok(first.t, run[1].t) {
        units.push(Unit::single(first, LineClass::Plain, blank));
        blank = false;
        run = &run[1..];
    }
    if run.len() == 1 {
        units.push(Unit::single(&run[0], LineClass::Plain, blank));
        return;
    }
    for (k, para) in segment(run).into_iter().enumerate() {
        let b = blank && k == 0;
        match para {
            Para::Line(l) => units.push(Unit::single(l, LineClass::Plain, b)),
            Para::Joined(t, long_word) => {
                let mut u = Unit::joined(t, b);
                u.long_word = long_word;
                units.push(u);
            }
        }
    }
}

enum Para<'l, 'a> {
    Line(&'l Line<'a>),
    /// Lines joined, and whether one of them may hold a long word ([`Line::long_word`]).
    Joined(String, bool),
}

/// Splits a run of two or more ordinary lines into paragraphs.
///
/// * Lists (two or more lines starting with a bullet, or one after a
///   finished sentence): every bullet starts a paragraph; a line without one
///   continues the item above it only when that looks hard-wrapped.
/// * Indented paragraphs: when some lines are indented (2+ columns more than
///   the least indented line) and some later line is not, each indented line
///   starts a paragraph and the others continue it.
/// * Hard wrapping: when every line but the last is at most [`WRAP_MAX`]
///   characters, at least half of them are at least [`WRAP_MIN`], and at least
///   half of them end mid-sentence, the lines are joined. A line that ends a
///   sentence well short of the wrap width ends its paragraph.
/// * Otherwise one paragraph per line (like files that put each paragraph on
///   its own long line without blank lines between).
///
/// A line identical to the previous one never joins it (repeated captions).
fn segment<'l, 'a>(run: &'l [Line<'a>]) -> Vec<Para<'l, 'a>> {
    let each = || run.iter().map(Para::Line).collect();
    let lens: Vec<usize> = run.iter().map(|l| l.chars).collect();
    let bullets: Vec<bool> = run
        .iter()
        .map(|l| starts_with_bullet(l.raw.trim_start()))
        .collect();
    let first_bullet = bullets.iter().position(|&b| b);
    // A list has two items, or one after a finished sentence ("include:").
    // A lone "- " line after a line cut mid-sentence is wrapped text that
    // happened to break before a dash.
    let is_list = bullets.iter().filter(|&&b| b).count() >= 2
        || first_bullet.is_some_and(|i| i == 0 || ends_sentence(run[i - 1].t));
    if is_list {
        // Every bullet starts an item; another line continues the item above
        // only when that line looks wrapped (long, cut mid-sentence).
        return join_where(run, |i| {
            bullets[i] || ends_sentence(run[i - 1].t) || lens[i - 1] < WRAP_MIN
        });
    }
    let indents: Vec<usize> = run.iter().map(|l| indent_of(l.raw)).collect();
    let base = indents.iter().copied().min().unwrap_or(0);
    let indented: Vec<bool> = indents.iter().map(|&i| i >= base + 2).collect();
    if indented.iter().any(|&b| b) && indented.iter().skip(1).any(|&b| !b) {
        return join_where(run, |i| indented[i]);
    }
    let heads = &lens[..lens.len() - 1];
    let widest = heads.iter().copied().max().unwrap_or(0);
    let wide = heads
        .iter()
        .filter(|&&n| (WRAP_MIN..=WRAP_MAX).contains(&n))
        .count();
    // In wrapped text most lines stop mid-sentence; in one-paragraph-per-line
    // text most end a sentence.
    let mid_sentence = run[..run.len() - 1]
        .iter()
        .filter(|l| !ends_sentence(l.t))
        .count();
    if widest <= WRAP_MAX
        && wide >= 1
        && wide * 2 >= heads.len()
        && mid_sentence >= 1
        && mid_sentence * 2 >= heads.len()
    {
        let short = widest * 2 / 3;
        return join_where(run, |i| ends_sentence(run[i - 1].t) && lens[i - 1] < short);
    }
    each()
}

/// Joins lines into paragraphs, starting a new paragraph at line `i > 0` when
/// `starts(i)` says so or when the line repeats the previous one.
fn join_where<'l, 'a>(run: &'l [Line<'a>], starts: impl Fn(usize) -> bool) -> Vec<Para<'l, 'a>> {
    let mut paras = Vec::new();
    let mut start = 0;
    for i in 1..=run.len() {
        if i == run.len() || starts(i) || run[i].t == run[i - 1].t {
            let group = &run[start..i];
            paras.push(if group.len() == 1 {
                Para::Line(&group[0])
            } else {
                Para::Joined(join_lines(group), group.iter().any(|l| l.long_word))
            });
            start = i;
        }
    }
    paras
}

/// Shortest word taken for a piece of encoded data (base64): a MIME line is 76 characters, a
/// PEM line 64. Words, tickers, codes and hashes quoted in articles are shorter, or lack
/// base64's mix of both cases and digits.
const ENCODED_MIN: usize = 40;
const _: () = assert!(
    ENCODED_MIN >= 31,
    "scan_line sees words of 31 bytes or more"
);

/// `text` (one space between words) without the encoded data a scraper caught: base64 (an
/// attachment, an inline image), `data:` URIs, and the short last line of a wrapped block of
/// base64 after a full one. `None` when there is none; empty when there was nothing else.
///
/// Shown, such a blob is screens of noise; recognised, its letters made "companies"; indexed,
/// words no one will search for.
fn strip_encoded(text: &str) -> Option<String> {
    let mut kept: Option<String> = None;
    let mut after_encoded = false;
    let mut at = 0;
    for word in text.split(' ') {
        let encoded = is_encoded(word) || (after_encoded && is_encoded_tail(word));
        after_encoded = encoded;
        match (&mut kept, encoded) {
            (Some(kept), false) => {
                if !kept.is_empty() {
                    kept.push(' ');
                }
                kept.push_str(word);
            }
            // The first piece: the words before it are kept as they are.
            (None, true) => kept = Some(text[..at].trim_end().to_owned()),
            (Some(_), true) | (None, false) => {}
        }
        at += word.len() + 1;
    }
    kept
}

/// Whether `word` (punctuation around it aside) is base64 data or a `data:` URI with it.
fn is_encoded(word: &str) -> bool {
    if word.contains(";base64,") && word.contains("data:") {
        return true;
    }
    let core = word.trim_matches(|c: char| "()[]<>\"',.;:".contains(c));
    let core = core.trim_end_matches('=');
    // Random bytes, encoded, change from a lowercase letter to a capital or a digit (or back)
    // at about two characters in three; a run of camel-cased words at under one in two.
    core.len() >= ENCODED_MIN
        && base64_look(core).is_some_and(|(mixed, changes)| mixed && changes * 2 >= core.len())
}

/// Whether `word`, right after a piece of base64, is its short last line: the base64 alphabet
/// only, and its padding, or both cases and a digit.
fn is_encoded_tail(word: &str) -> bool {
    let core = word.trim_end_matches('=');
    let padded = core.len() < word.len() && word.len() - core.len() <= 2;
    !core.is_empty() && base64_look(core).is_some_and(|(mixed, _)| padded || mixed)
}

/// How `core` looks as base64: `None` when a byte is outside its alphabets (standard and
/// URL-safe), else whether it holds both cases and a digit, and how many times the class of its
/// characters (lowercase, capital, digit, sign) changes from one to the next.
fn base64_look(core: &str) -> Option<(bool, usize)> {
    let mut seen = 0u8;
    let mut changes = 0;
    let mut prev = 0u8;
    for b in core.bytes() {
        let class = match b {
            b'a'..=b'z' => 1,
            b'A'..=b'Z' => 2,
            b'0'..=b'9' => 4,
            b'+' | b'/' | b'-' | b'_' => 8,
            _ => return None,
        };
        seen |= class;
        changes += usize::from(class != prev);
        prev = class;
    }
    Some((seen & 7 == 7, changes))
}

/// Joins wrapped lines with spaces; a word hyphenated across the line end
/// ("well-" + "known") is joined without a space, keeping the hyphen.
fn join_lines(lines: &[Line<'_>]) -> String {
    let mut s = String::with_capacity(lines.iter().map(|l| l.t.len() + 1).sum());
    for l in lines {
        let l = l.t;
        let mut tail = s.chars().rev();
        let hyphenated = tail.next() == Some('-')
            && tail.next().is_some_and(char::is_alphabetic)
            && l.chars().next().is_some_and(char::is_lowercase);
        if !s.is_empty() && !hyphenated {
            s.push(' ');
        }
        s.push_str(l);
    }
    collapse_ws(&s)
}

fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn starts_with_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '·' | '–' | '—' | '‣' | '▪') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            let mut r = rest.chars();
            matches!(r.next(), Some('.' | ')')) && r.next().is_some_and(char::is_whitespace)
        }
        _ => false,
    }
}

/// Whether the line ends a sentence (closing quotes and brackets ignored).
/// A trailing ':' counts too: it introduces what follows, so it is not
/// wrapped text either.
fn ends_sentence(t: &str) -> bool {
    let core = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', ' ']);
    core.ends_with(['.', '!', '?', '…', ':'])
}

/// Classifies a trimmed line of `chars` characters on its own. `n` is
/// scratch space for the line's normalised form.
fn classify_line(t: &str, chars: usize, n: &mut String) -> LineClass {
    if chars > PATTERN_MAX_CHARS {
        return LineClass::Plain;
    }
    if chars > BYLINE_MAX_CHARS && !may_match_long(t, chars, n) {
        return LineClass::Plain;
    }
    norm_into(t, n);
    let core = strip_decor(n);
    if let Some(effect) = boiler(core, chars) {
        return LineClass::Boiler(effect);
    }
    if is_caption(t, n, core) {
        return LineClass::Caption;
    }
    if let Some(name) = byline_of(t, n, chars) {
        return LineClass::Byline(name);
    }
    LineClass::Plain
}

/// Normalises a line for pattern matching: lower case, accents folded,
/// typographic quotes/dashes/ellipsis made ASCII, whitespace collapsed and
/// the French space before ':' removed.
fn norm(s: &str) -> String {
    let mut out = String::new();
    norm_into(s, &mut out);
    out
}

/// [`norm`] into a reused buffer.
///
/// ASCII, the bulk of the text, skips the general Unicode case mapping:
/// runs of ASCII letters, digits and punctuation joined by single spaces
/// come out of [`norm`] as they are, only lowercased, so they are copied
/// whole and lowercased in place. Everything else goes through
/// [`norm_char`], one character at a time, exactly as [`norm`] defines it.
fn norm_into(s: &str, out: &mut String) {
    out.clear();
    if is_simple_ascii(s) {
        // Nothing but lowercasing to do.
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    out.reserve(s.len());
    let bytes = s.as_bytes();
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !plain_ascii(b) {
            let c = s[i..].chars().next().unwrap_or('\0');
            i += c.len_utf8();
            norm_char(c, &mut space, out);
            continue;
        }
        if space && !matches!(b, b':' | b';') {
            out.push(' ');
        }
        space = false;
        let start = i;
        i += 1;
        loop {
            while i < bytes.len() && plain_ascii(bytes[i]) {
                i += 1;
            }
            // A single space before a plain character other than ':' and
            // ';' is kept as it is.
            match bytes.get(i..i + 2) {
                Some(&[b' ', next]) if plain_ascii(next) && !matches!(next, b':' | b';') => i += 2,
                _ => break,
            }
        }
        let at = out.len();
        out.push_str(&s[start..i]);
        out[at..].make_ascii_lowercase();
    }
}

/// Whether [`norm`] only lowercases `s`: printable ASCII without a
/// backtick, ':' or ';' (before which a space is dropped), and spaces only singly between
/// other characters. Tested eight bytes at a time, like [`is_collapsed`].
fn is_simple_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let odd = |x: u64| {
        (x.wrapping_sub(ONES * 0x20) | x) & HIGH != 0
            || zero_bytes(x ^ (ONES * u64::from(b'`')))
                | zero_bytes(x ^ (ONES * u64::from(b':')))
                | zero_bytes(x ^ (ONES * u64::from(b';')))
                != 0
    };
    let mut space_before = false;
    let chunks = b.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            return false;
        };
        let x = u64::from_le_bytes(bytes);
        let spaces = zero_bytes(x ^ (ONES * 0x20));
        if odd(x) || spaces & (spaces >> 8) != 0 || (space_before && bytes[0] == b' ') {
            return false;
        }
        space_before = bytes[7] == b' ';
    }
    let mut prev_space = space_before;
    tail.iter().all(|&c| {
        let ok = matches!(c, b'!'..=b'~') && !matches!(c, b'`' | b':' | b';')
            || (c == b' ' && !prev_space);
        prev_space = c == b' ';
        ok
    })
}

/// An ASCII character that [`norm`] only lowercases: not whitespace, and
/// not a backtick (which [`push_folded`] turns into an apostrophe).
fn plain_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r' | b'`')
}

/// One character of [`norm`]; `space` is whether whitespace is pending.
fn norm_char(c: char, space: &mut bool, out: &mut String) {
    if c.is_whitespace() {
        *space = !out.is_empty();
        return;
    }
    if *space && !matches!(c, ':' | ';') {
        out.push(' ');
    }
    *space = false;
    for l in c.to_lowercase() {
        push_folded(l, out);
    }
}

fn push_folded(c: char, out: &mut String) {
    let folded = match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => return out.push_str("oe"),
        'æ' => return out.push_str("ae"),
        '…' => return out.push_str("..."),
        '‘' | '’' | '‛' | '`' | '´' => '\'',
        '“' | '”' | '„' => '"',
        '–' | '—' => '-',
        c => c,
    };
    out.push(folded);
}

/// Trims decoration around a normalised line: "» Read more…", "[Share]".
fn strip_decor(n: &str) -> &str {
    n.trim_matches(is_decor)
}

/// Characters [`strip_decor`] trims.
fn is_decor(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ':'
                | '!'
                | '*'
                | '»'
                | '«'
                | '›'
                | '‹'
                | '>'
                | '<'
                | '→'
                | '←'
                | '•'
                | '|'
                | '-'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
        )
}

/// A cheap test, for a trimmed line longer than [`BYLINE_MAX_CHARS`], of
/// whether [`boiler`] or [`is_caption`] could match it. False means neither
/// can, and the line is spared [`norm`], the costliest step for long lines.
///
/// At that length no byline is possible, and boilerplate rules and caption
/// prefixes only match at the start of the decoration-trimmed normalised
/// line. The remaining caption tests look for a credit marker (each has ':'
/// or "photo") or at the end of the line (')' or "getty images"); they are
/// ruled out on the raw text, conservatively (see [`has_colon_or_phot`]).
///
/// The start is first compared on the raw text (see [`raw_head`]). When
/// that is inconclusive, and since [`norm`] works left to right, a prefix
/// of the line normalises to a prefix of the whole line's normalised form,
/// so the start is checked on the normalised first [`HEAD_BYTES`] bytes.
fn may_match_long(t: &str, chars: usize, buf: &mut String) -> bool {
    let b = t.as_bytes();
    // Only ':' normalises to ':', only ')' to ')' and only 's'/'S' to 's';
    // `t` is trimmed, so its last character gives the normalised line's.
    if matches!(b.last(), Some(b')' | b's' | b'S')) || has_colon_or_phot(b) {
        return true;
    }
    if let Some(may) = raw_head(b, chars) {
        return may;
    }
    let mut cut = HEAD_BYTES.min(t.len());
    while !t.is_char_boundary(cut) {
        cut -= 1;
    }
    norm_into(&t[..cut], buf);
    // The decoration trimmed off the start is the same as on the whole
    // line as long as something is left; the start is only conclusive when
    // it is at least as long as every pattern.
    let head = buf.trim_start_matches(is_decor);
    if head.len() < HEAD_PATTERN_MAX {
        return true;
    }
    // Every rule needs the core to start with its (first) pattern.
    let first = head.as_bytes().first();
    if !first.is_some_and(|&b| LONG_FIRST_BYTES[usize::from(b)]) {
        return false;
    }
    let starts = |p: &str| p.as_bytes().first() == first && head.starts_with(p);
    BOILERPLATE
        .iter()
        .any(|r| chars <= r.max_chars && starts(r.pat.head()))
        || CAPTION_PREFIXES.iter().any(|p| starts(p))
}

/// Whether a line of `chars` characters (more than [`BYLINE_MAX_CHARS`])
/// whose trimmed raw bytes are `b` can start, once normalised and stripped
/// of decoration, with a boilerplate head or caption prefix; None when the
/// raw text cannot tell.
///
/// Leading ASCII decoration is trimmed by [`strip_decor`] whatever
/// [`norm`] makes of it. From the first other byte on, as long as bytes
/// are ASCII that [`norm`] only lowercases (see [`plain_ascii`]; ':' and
/// ';' excluded, as a space before them is dropped), the normalised core
/// is the raw text lowercased, byte for byte, so a differing byte rules a
/// pattern out. Anything else stops the comparison and counts as a
/// possible match, or, right at the start, as no answer.
fn raw_head(b: &[u8], chars: usize) -> Option<bool> {
    let start = b
        .iter()
        .position(|&c| !(c.is_ascii() && is_decor(char::from(c))))?;
    let rest = &b[start..];
    let first = rest[0];
    if !plain_ascii(first) || matches!(first, b':' | b';') {
        return None;
    }
    let first = first.to_ascii_lowercase();
    if !LONG_FIRST_BYTES[usize::from(first)] {
        return Some(false);
    }
    Some(LONG_HEADS.iter().any(|&(p, max_chars)| {
        // The first byte the comparison cannot vouch for ends it: from
        // there on, positions in the raw and normalised text may differ.
        p.as_bytes().first() == Some(&first)
            && chars <= max_chars
            && p.bytes()
                .zip(rest.iter().chain(std::iter::repeat(&b' ')))
                .find(|&(pc, &c)| {
                    !plain_ascii(c) || matches!(c, b':' | b';') || c.to_ascii_lowercase() != pc
                })
                .is_none_or(|(_, &c)| !plain_ascii(c) || matches!(c, b':' | b';'))
    }))
}

/// Whether `b` contains ':', or "ph" in any case followed by "ot" in any
/// case or by a non-ASCII byte. The normalised form of a line can only
/// contain ':' if the line does, and "photo" if the line contains such a
/// "ph": only ASCII letters normalise to ASCII 'p', 'h' and 't', 'o' also
/// comes from non-ASCII letters (`ö`), and [`norm`] never removes a
/// character between two letters.
///
/// Two searches with `memchr`, as it runs for most long lines: for ':', then for each 'p' (in
/// any case) with an 'h' after it. One pass over eight bytes at a time, three tests of each,
/// had been 2.7% of a load's instructions.
fn has_colon_or_phot(line: &[u8]) -> bool {
    if memchr::memchr(b':', line).is_some() {
        return true;
    }
    // `k` is where a "ph" in any case starts.
    let phot_at = |k: usize| match line.get(k + 2) {
        Some(&c) if !c.is_ascii() => true,
        Some(&c) => c | 0x20 == b'o' && line.get(k + 3).is_some_and(|&d| d | 0x20 == b't'),
        None => false,
    };
    // By its 'p': a third as common in English as 'h', so a third as many searches.
    let mut from = 0;
    while let Some(k) = line
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'p', b'P', rest))
    {
        let p = from + k;
        if line.get(p + 1).is_some_and(|&h| h | 0x20 == b'h') && phot_at(p) {
            return true;
        }
        from = p + 1;
    }
    false
}

/// Bytes of `x` that are zero, as 0x80 in that byte (and nothing else).
const fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Every byte 0x01, 0x7f or 0x80, for the eight-bytes-at-a-time tests.
const ONES: u64 = 0x0101_0101_0101_0101;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `s` starts with `p`, and the match ends at a word boundary.
fn starts_word(s: &str, p: &str) -> bool {
    s.strip_prefix(p).is_some_and(|rest| {
        p.ends_with(|c: char| !c.is_alphanumeric())
            || !rest.starts_with(|c: char| c.is_alphanumeric())
    })
}

/// The boilerplate rule matching a line; `core` is its normalised form
/// without decoration (see [`strip_decor`]).
fn boiler(core: &str, chars: usize) -> Option<Effect> {
    if chars > BOILER_MAX_CHARS {
        return None;
    }
    // Every pattern is non-empty, so a rule can only match when its first
    // byte is the line's: one byte comparison rules out most of the table.
    let first = core.as_bytes().first()?;
    BOILERPLATE
        .iter()
        .find(|r| {
            chars <= r.max_chars
                && r.pat.first_byte() == Some(first)
                && match r.pat {
                    Pat::Exact(p) => core == p,
                    Pat::Prefix(p) => starts_word(core, p),
                    Pat::PrefixWith(p, w) => starts_word(core, p) && core.contains(w),
                }
        })
        .map(|r| r.effect)
}

/// A photo caption or image credit. `t` is the trimmed line, `n` its
/// normalised form; both at most [`PATTERN_MAX_CHARS`] long. `core` is
/// `n` without decoration (see [`strip_decor`]).
fn is_caption(t: &str, n: &str, core: &str) -> bool {
    let first = core.as_bytes().first();
    if CAPTION_PREFIXES
        .iter()
        .any(|p| p.as_bytes().first() == first && starts_word(core, p))
    {
        return true;
    }
    // "... Photograph: Reuters": a credit marker followed by a short name.
    // The name must look like one in the original text, so a subheading
    // such as "Tax credit: what it means" stays.
    // Searching for every marker is the costly part; most lines contain no
    // ':' and no "photo", so none of the markers can occur in them. The
    // conditions below do not depend on the order of the markers.
    let has_colon = n.contains(':');
    let has_photo = contains_photo(n);
    for m in CREDIT_MARKERS {
        let found = if m.ends_with(':') {
            if has_colon {
                rfind_colon_marker(n, m)
            } else {
                None
            }
        } else if has_photo || !m.contains("photo") {
            n.rfind(m)
        } else {
            None
        };
        if let Some(i) = found {
            let word_start = !n[..i].ends_with(char::is_alphanumeric);
            let tail = n[i + m.len()..].trim();
            let words = tail.split_whitespace().count();
            if word_start
                && (1..=8).contains(&words)
                && tail.chars().count() <= 60
                && !tail.contains(". ")
                && last_words_are_credit(t, words)
            {
                return true;
            }
        }
    }
    // "... (Getty Images)".
    if let Some(body) = n.strip_suffix(')')
        && let Some(open) = body.rfind('(')
    {
        let inner = &body[open + 1..];
        if inner.chars().count() <= 50 && PAREN_CREDITS.iter().any(|k| inner.contains(k)) {
            return true;
        }
    }
    n.ends_with("getty images")
}

/// Whether `n` contains "photo": one search with a searcher built once (`memchr::memmem`),
/// where a byte search for each 'p' (one character in fifty) had restarted a dozen times a line.
fn contains_photo(n: &str) -> bool {
    static PHOTO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("photo"));
    PHOTO.find(n.as_bytes()).is_some()
}

/// `n.rfind(m)` for a marker `m` ending in ':': the last occurrence ends at
/// the last colon where one ends, and colons are rare, so it is found by
/// stepping back from colon to colon.
fn rfind_colon_marker(n: &str, m: &str) -> Option<usize> {
    let mut end = n.len();
    while let Some(c) = n[..end].rfind(':') {
        let upto = &n[..=c];
        if upto.ends_with(m) {
            return Some(upto.len() - m.len());
        }
        end = c;
    }
    None
}

/// Whether the last `k` words of `t` read like a credit: capitalised words
/// ("Jan Kowalski/Reuters", "AFP via Getty Images"), joiners or slashes.
fn last_words_are_credit(t: &str, k: usize) -> bool {
    t.split_whitespace().rev().take(k).all(|w| {
        matches!(
            w,
            "/" | "via" | "and" | "&" | "for" | "of" | "de" | "et" | "-" | "|"
        ) || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// The name in a byline line such as "By X", "Written by X, Contributor",
/// "By X and Y", "Par X".
fn byline_of(t: &str, n: &str, chars: usize) -> Option<String> {
    if chars > BYLINE_MAX_CHARS {
        return None;
    }
    let words = BYLINE_LEADS.iter().find(|(p, _)| n.starts_with(p))?.1;
    let rest = skip_words(t, words);
    let (name, role) = split_name(rest);
    if !is_name_list(name) {
        return None;
    }
    if let Some(role) = role {
        // "By Tuesday, the company ..." is a sentence, not a byline: a role
        // or date after the name is short and starts with a capital or digit.
        let role = role.trim();
        let ok_start = role
            .chars()
            .next()
            .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit());
        if role.chars().count() > 60 || !ok_start {
            return None;
        }
    }
    // A full stop after a long last word means a sentence ("By Mr Lee.") —
    // but "Jr." or an initial is fine.
    if t.ends_with('.') && t.split_whitespace().last().is_some_and(|w| w.len() > 4) {
        return None;
    }
    Some(collapse_ws(name))
}

/// The text after the first `k` whitespace-separated words.
fn skip_words(t: &str, k: usize) -> &str {
    let mut rest = t.trim_start();
    for _ in 0..k {
        rest = match rest.split_once(char::is_whitespace) {
            Some((_, r)) => r.trim_start(),
            None => "",
        };
    }
    rest
}

/// Splits "Name, Role" / "Name | date" / "Name on 3 March" into the name and
/// whatever follows it.
fn split_name(rest: &str) -> (&str, Option<&str>) {
    let mut cut: Option<(usize, usize)> = None;
    for sep in [",", "|", "(", " - ", " – ", " — ", " / ", "•", "·"] {
        if let Some(i) = rest.find(sep)
            && cut.is_none_or(|(j, _)| i < j)
        {
            cut = Some((i, sep.len()));
        }
    }
    for sep in [" on ", " le "] {
        if let Some(i) = rest.find(sep)
            && rest[i + sep.len()..].starts_with(|c: char| c.is_ascii_digit())
            && cut.is_none_or(|(j, _)| i < j)
        {
            cut = Some((i, sep.len()));
        }
    }
    match cut {
        Some((i, len)) => (rest[..i].trim(), Some(&rest[i + len..])),
        None => (rest.trim(), None),
    }
}

/// One or more people's names: capitalised words, with particles ("de",
/// "van") and joiners ("and", "et", "&") allowed between them.
fn is_name_list(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 {
        return false;
    }
    let last = words.len() - 1;
    let mut capitalised = 0;
    for (i, w) in words.iter().enumerate() {
        if NAME_PARTICLES.contains(w) {
            if (i == 0 || i == last) && matches!(*w, "and" | "et" | "&") {
                return false;
            }
            continue;
        }
        let mut cs = w.chars();
        let starts_upper = cs.next().is_some_and(char::is_uppercase);
        let rest_ok = cs.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
        if !starts_upper || !rest_ok {
            return false;
        }
        capitalised += 1;
    }
    (1..=8).contains(&capitalised)
}

/// A line holding only a person's name (2–4 capitalised words).
fn is_name_line(u: &Unit<'_>) -> bool {
    u.chars <= 40
        && u.line.is_some()
        && (2..=4).contains(&u.text.split_whitespace().count())
        && !u.text.contains(['&'])
        && !u.text.split_whitespace().any(|w| matches!(w, "and" | "et"))
        && is_name_list(&u.text)
}

/// A short author bio right after the author's name line: it starts with the
/// author's first name, says what they are within its first words, and
/// names a writing profession.
fn is_bio(name: &str, bio: &Unit<'_>) -> bool {
    if bio.chars > 600 {
        return false;
    }
    let Some(first) = name.split_whitespace().next() else {
        return false;
    };
    let nb = norm(&bio.text);
    let lead = norm(first) + " ";
    if !nb.starts_with(&lead) {
        return false;
    }
    let verb = [" is ", " est ", " was ", " has ", " writes ", " covers "]
        .iter()
        .any(|v| nb.find(v).is_some_and(|i| i < 150));
    verb && BIO_WORDS.iter().any(|w| nb.contains(w))
}

/// An agency credit line: "Bloomberg", "Reuters/AFP", "Source: Reuters",
/// "With AFP", "(Reuters)". Returns the credit as written.
fn source_of(u: &Unit<'_>) -> Option<String> {
    if u.chars > 80 {
        return None;
    }
    let t = u.text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '(' | ')' | '-' | '–' | '—' | '|' | '[' | ']' | '*')
    });
    let mut rest = t;
    for p in [
        "source:",
        "source :",
        "sources:",
        "sources :",
        "with ",
        "avec ",
        "additional reporting by ",
    ] {
        if t.len() >= p.len() && t.is_char_boundary(p.len()) && t[..p.len()].eq_ignore_ascii_case(p)
        {
            rest = t[p.len()..].trim();
            break;
        }
    }
    let n = norm(rest);
    let all_agencies = n
        .split(['/', ',', '&'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" et "))
        .all(|part| AGENCIES.contains(&part.trim()));
    (!rest.is_empty() && all_agencies).then(|| rest.to_owned())
}

/// A consecutive repeat of a line is a caption caught twice (image alt text
/// and figure caption): drop both copies when short, else only the repeat.
/// The first line of the file is exempt (a repeated headline is kept once).
fn mark_duplicates(units: &mut [Unit<'_>]) {
    let first_content = units.iter().position(|u| u.kind == Kind::Body);
    for i in 1..units.len() {
        if units[i].text != units[i - 1].text {
            continue;
        }
        if units[i].chars <= 300 && Some(i - 1) != first_content {
            units[i - 1].kind = Kind::Dropped;
            units[i - 1].caption = true;
            units[i].caption = true;
        }
        units[i].kind = Kind::Dropped;
    }
}

/// Finds the section label and the headline, as unit indices.
///
/// The headline is the first remaining line when it is headline-like and
/// more body follows. A short Title Case label, then a blank line, then a
/// longer headline-like line, is a section label above the headline.
fn find_headline(units: &[Unit<'_>]) -> (Option<usize>, Option<usize>) {
    let mut body_after = vec![false; units.len()];
    let mut seen = false;
    for i in (0..units.len()).rev() {
        body_after[i] = seen;
        seen |= units[i].kind == Kind::Body;
    }
    let candidate = |i: usize| {
        let u: &Unit<'_> = &units[i];
        u.kind == Kind::Body
            && u.class == LineClass::Plain
            && u.line.is_some()
            && body_after[i]
            && is_headline_like(&u.text)
    };
    let Some(f) = units.iter().position(|u| u.kind == Kind::Body) else {
        return (None, None);
    };
    let g = f + 1;
    if g < units.len()
        && is_label(&units[f])
        && units[g].blank_before
        && candidate(g)
        && units[g].chars >= units[f].chars + 5
    {
        return (Some(f), Some(g));
    }
    // A one-word label right above the byline ("Companies", then "By ..."): a page whose
    // headline the scraper missed (a headline above a byline is more than one word). Taken for
    // the headline, it named 0.2% of a generated collection's articles after their section.
    // Above the first paragraph a one-word line stays the headline: people title their own
    // notes that way ("Deal").
    if g < units.len()
        && is_label(&units[f])
        && !units[f].text.contains(char::is_whitespace)
        && matches!(units[g].class, LineClass::Byline(_))
        && body_after[g]
    {
        return (Some(f), None);
    }
    (None, candidate(f).then_some(f))
}

/// Short, no sentence-final full stop, comma or colon, and not too many words.
fn is_headline_like(t: &str) -> bool {
    let chars = t.chars().count();
    if !(2..=HEADLINE_MAX).contains(&chars) || t.split_whitespace().count() > 25 {
        return false;
    }
    if !t.chars().any(char::is_alphabetic) {
        return false;
    }
    let core = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    core.ends_with("...") || core.ends_with('…') || !core.ends_with(['.', ',', ';', ':'])
}

/// A section label such as "Home & Office": at most 4 Title Case words, no
/// digits or punctuation.
fn is_label(u: &Unit<'_>) -> bool {
    u.chars <= 30
        && u.line.is_some()
        && u.text.split_whitespace().count() <= 4
        && !u
            .text
            .contains(|c: char| c.is_ascii_digit() || "().,:;!?\"".contains(c))
        && u.text.split_whitespace().all(|w| {
            matches!(
                w,
                "&" | "and" | "of" | "the" | "et" | "de" | "la" | "le" | "/" | "|" | ">"
            ) || w.starts_with(char::is_uppercase)
        })
}

/// At the top of a file, whether the first line is a headline sitting right
/// above the next line (no blank line between).
fn headline_split_ok(first: &str, second: &str) -> bool {
    let last_word = first
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    is_headline_like(first)
        && !FUNCTION_WORDS.contains(&last_word.as_str())
        && second
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c))
}

/// A byline line among the first few body units becomes the byline.
fn take_top_byline(units: &mut [Unit<'_>]) -> Option<String> {
    let mut seen = 0;
    for u in units.iter_mut() {
        if u.kind != Kind::Body {
            continue;
        }
        if let LineClass::Byline(name) = &u.class {
            let name = name.clone();
            u.kind = Kind::Dropped;
            return Some(name);
        }
        seen += 1;
        if seen >= 5 {
            break;
        }
    }
    None
}

/// The first body line under the headline is a standfirst when it is one
/// short line directly followed by the byline, or a short line without a
/// full stop directly followed by a photo caption (and more body follows). A later paragraph repeating it is dropped.
fn take_standfirst(units: &mut [Unit<'_>], title: usize) -> Option<String> {
    let s = (title + 1..units.len()).find(|&i| units[i].kind != Kind::Dropped)?;
    let next = units.get(s + 1)?;
    let u = &units[s];
    // After a byline any summary line counts; before a photo it must lack a
    // full stop (a lead paragraph followed by a photo is no standfirst, but
    // "Deal will allow X to do Y" above a picture is).
    let followed =
        matches!(next.class, LineClass::Byline(_)) || (next.caption && !ends_sentence(&u.text));
    let more_body = units[s + 2..].iter().any(|u| u.kind == Kind::Body);
    if u.kind != Kind::Body
        || u.line.is_none()
        || u.chars > 300
        || u.text.split_whitespace().count() < 4
        || !followed
        || !more_body
    {
        return None;
    }
    units[s].kind = Kind::Standfirst;
    let text = units[s].text.to_string();
    for u in &mut units[s + 1..] {
        if u.kind == Kind::Body && u.text == text {
            u.kind = Kind::Dropped;
        }
    }
    Some(text)
}

/// Acts on end-of-article markers: the first one with enough article before
/// it drops itself and everything after; earlier ones drop only themselves.
/// Returns the author named by an "A propos de X" box, if any.
fn apply_end_markers(units: &mut [Unit<'_>]) -> Option<String> {
    let total: usize = units
        .iter()
        .filter(|u| u.kind == Kind::Body)
        .map(|u| u.chars)
        .sum();
    let mut before = 0;
    let mut author = None;
    for i in 0..units.len() {
        match units[i].kind {
            Kind::Body => before += units[i].chars,
            Kind::End => {
                if author.is_none() {
                    author = about_author(&units[i].text).or_else(|| {
                        // "About the author" above a name line.
                        let next = units.get(i + 1)?;
                        let header = matches!(
                            norm(&units[i].text).as_str(),
                            "about the author" | "a propos de l'auteur" | "a propos de l'auteure"
                        );
                        (header && is_name_line(next)).then(|| next.text.to_string())
                    });
                }
                units[i].kind = Kind::Dropped;
                if before >= END_MIN_BEFORE || before >= total - before {
                    for u in &mut units[i + 1..] {
                        if matches!(u.kind, Kind::Body | Kind::End) {
                            u.kind = Kind::Dropped;
                        }
                    }
                    break;
                }
            }
            _ => {}
        }
    }
    author
}

/// "A propos de Jean Dupont" / "À propos de l'auteur" → the name, if given.
fn about_author(text: &str) -> Option<String> {
    if !norm(text).starts_with("a propos de ") {
        return None;
    }
    let name = skip_words(text, 3);
    (is_name_list(name) && name.split_whitespace().count() <= 5).then(|| collapse_ws(name))
}

/// An author-name line followed by a bio among the last body units: the
/// name becomes the byline and both lines are dropped.
fn take_bio(units: &mut [Unit<'_>]) -> Option<String> {
    let body: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].kind == Kind::Body)
        .collect();
    let from = body.len().saturating_sub(4);
    for w in body[from..].windows(2) {
        let (a, b) = (w[0], w[1]);
        if is_name_line(&units[a]) && is_bio(&units[a].text, &units[b]) {
            units[a].kind = Kind::Dropped;
            units[b].kind = Kind::Dropped;
            return Some(units[a].text.to_string());
        }
    }
    None
}

/// The last body unit, when it is an agency credit, becomes the source.
fn take_source(units: &mut [Unit<'_>]) -> Option<String> {
    let last = units.iter().rposition(|u| u.kind == Kind::Body)?;
    let source = source_of(&units[last])?;
    units[last].kind = Kind::Dropped;
    Some(source)
}

/// Collapses runs of whitespace (NBSP included) to one space, and trims.
fn collapse_ws(s: &str) -> String {
    if is_collapsed(s) {
        // Nothing to change: the common case for a trimmed line.
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether `s` is unchanged by [`collapse_ws`]: no whitespace but single
/// ASCII spaces between other characters.
///
/// Runs for every line, so eight bytes are tested at a time: a block of
/// printable ASCII without two adjacent spaces passes at once, and any
/// other block is looked at byte by byte.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Whether the byte before the current block was a space checked only
    // by the block test (which cannot see the next block).
    let mut space_before = false;
    let mut i = 0;
    for chunk in b.chunks_exact(8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(bytes);
        // Some byte below 0x20 or from 0x80 on (a borrow can only add
        // false alarms above a true one).
        let unusual = (x.wrapping_sub(ONES * 0x20) | x) & HIGH;
        if unusual == 0 {
            let spaces = zero_bytes(x ^ (ONES * 0x20));
            if spaces & (spaces >> 8) != 0 || (space_before && bytes[0] == b' ') {
                return false;
            }
            space_before = bytes[7] == b' ';
        } else {
            if space_before && bytes[0] == b' ' {
                return false;
            }
            if has_odd_space(b, i, i + 8) {
                return false;
            }
            space_before = false;
        }
        i += 8;
    }
    let double_at_block_end = space_before && b.get(i) == Some(&b' ');
    !double_at_block_end && !has_odd_space(b, i, b.len())
}

/// Whether a byte of `b[from..to]` starts whitespace that [`collapse_ws`]
/// would change: a space followed by another, or any other whitespace
/// character. Characters may run past `to`.
fn has_odd_space(b: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        let next = b.get(i + 1).copied().unwrap_or(0);
        let next2 = b.get(i + 2).copied().unwrap_or(0);
        match b[i] {
            b' ' => next == b' ',
            b'\t'..=b'\r' => true,
            // The UTF-8 forms of the non-ASCII whitespace characters:
            // U+0085, U+00A0; U+1680; U+2000–U+200A, U+2028, U+2029,
            // U+202F, U+205F; U+3000. Lead bytes never occur inside a
            // character, so the tests cannot misfire.
            0xc2 => matches!(next, 0x85 | 0xa0),
            0xe1 => next == 0x9a && next2 == 0x80,
            0xe2 => match next {
                0x80 => matches!(next2, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
                0x81 => next2 == 0x9f,
                _ => false,
            },
            0xe3 => next == 0x80 && next2 == 0x80,
            _ => false,
        }
    })
}

/// A short title from the first sentence of `para`: the sentence without
/// its full stop when it fits in [`TITLE_MAX`] characters, else cut at a
/// word boundary and ended with "…".
fn infer_title(para: &str) -> String {
    let sentence = first_sentence(para);
    let mut sentence = match sentence.strip_suffix('.') {
        Some(s) if !s.ends_with('.') => s,
        _ => sentence,
    };
    if !sentence.chars().any(char::is_alphanumeric) {
        // A "sentence" of bare punctuation makes no title: use the paragraph.
        sentence = para;
    }
    if sentence.chars().count() <= TITLE_MAX {
        return sentence.to_owned();
    }
    // Room for the ellipsis.
    let limit = sentence
        .char_indices()
        .nth(TITLE_MAX - 1)
        .map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..limit];
    let at_boundary = sentence[limit..].starts_with(char::is_whitespace);
    let cut = if at_boundary {
        head
    } else {
        match head.rfind(char::is_whitespace) {
            // Do not cut a title down to a word or two for one long word.
            Some(i) if i >= TITLE_MAX / 3 => &head[..i],
            _ => head,
        }
    };
    let cut = cut.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '"' | '“' | '‘')
    });
    format!("{cut}…")
}

/// The first sentence of `para`, looking no further than needed for a title.
/// A full stop after an abbreviation ("Mr.", "U.S.", an initial) or before a
/// lowercase word does not end the sentence.
fn first_sentence(para: &str) -> &str {
    let mut word_start = 0;
    for (n, (i, c)) in para.char_indices().enumerate() {
        if n > TITLE_MAX + 1 {
            break;
        }
        if c.is_whitespace() {
            word_start = i + c.len_utf8();
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let end = i + c.len_utf8();
        let after = para[end..].trim_start_matches(['"', '\'', '”', '’', ')', '»']);
        let closed = end + (para.len() - end - after.len());
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            continue;
        }
        if c == '.' {
            let word = para[word_start..i].trim_start_matches(['"', '\'', '“', '‘', '(']);
            let lower = word.to_lowercase();
            let initial = word.chars().count() == 1 && word.starts_with(char::is_uppercase);
            if word.contains('.') || initial || ABBREVIATIONS.contains(&lower.as_str()) {
                continue;
            }
        }
        if after.trim_start().starts_with(char::is_lowercase) {
            continue;
        }
        return &para[..closed];
    }
    para
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    // ----- fast-path invariants -----

    #[test]
    fn credit_markers_have_colon_or_photo() {
        // `may_match_long` skips lines without ':' or "ph".
        for m in CREDIT_MARKERS {
            assert!(m.ends_with(':') || m.contains("photo"), "{m}");
        }
    }

    #[test]
    fn contains_photo_finds_photo_anywhere_and_nothing_else() {
        for (n, has) in [
            ("photo: reuters", true),
            ("staff photo", true),
            ("a pphotograph by", true),
            ("p", false),
            ("phot", false),
            ("ph oto", false),
            ("", false),
        ] {
            assert_eq!(contains_photo(n), has, "{n:?}");
        }
    }

    #[test]
    fn long_line_prefilter_sees_every_pattern() {
        // A long line starting with any pattern is classified as the
        // general code would (here: not Plain, unless the rule's length
        // limit excludes it).
        let filler = " word".repeat(30);
        let mut buf = String::new();
        for r in BOILERPLATE {
            let line = format!("{}{filler}", r.pat.head());
            let chars = line.chars().count();
            assert!(chars > BYLINE_MAX_CHARS);
            if chars <= r.max_chars {
                assert!(may_match_long(&line, chars, &mut buf), "{line}");
            }
        }
        for p in CAPTION_PREFIXES {
            let line = format!("{p}{filler}");
            assert!(
                may_match_long(&line, line.chars().count(), &mut buf),
                "{line}"
            );
        }
    }

    #[test]
    fn raw_head_agrees_with_normalised_head() {
        // Long lines starting with a pattern spelled with accents, odd
        // spacing or case still count as possible matches.
        let filler = " word".repeat(30);
        let mut buf = String::new();
        for (p, max) in LONG_HEADS {
            for head in [
                p.to_uppercase(),
                p.replace(' ', "  "),
                p.replace(' ', "\u{a0}"),
                p.replace('e', "\u{e9}"),
                format!("\u{bb} {p}"),
            ] {
                let line = format!("{head}{filler}");
                let chars = line.chars().count();
                if chars <= max && chars <= PATTERN_MAX_CHARS {
                    assert!(may_match_long(&line, chars, &mut buf), "{line}");
                }
            }
        }
    }

    #[test]
    fn fast_paths_agree_with_general_code() {
        let general_collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let general_norm = |s: &str| {
            let mut out = String::new();
            let mut space = false;
            for c in s.chars() {
                norm_char(c, &mut space, &mut out);
            }
            out
        };
        let pieces = [
            "a", "B", " ", "  ", "\t", "\u{a0}", "\u{2009}", "\u{3000}", "\u{85}", "\u{1680}",
            "\u{205f}", "’", "É", "`", ":", ";", "\u{1}", "\u{7f}", "İ", "ph", "PhOtO", "PHOT",
            "pH", "x:y",
        ];
        // Every string of up to 3 pieces, at offsets that cross the
        // eight-byte blocks.
        for pad in 0..10 {
            let lead = "abcdefghij"[..pad].to_owned();
            for a in pieces {
                for b in pieces {
                    for c in pieces {
                        let s = format!("{lead}{a}{b}x{c}{lead}");
                        assert_eq!(collapse_ws(&s), general_collapse(&s), "{s:?}");
                        let mut n = String::new();
                        norm_into(&s, &mut n);
                        assert_eq!(n, general_norm(&s), "{s:?}");
                        let lower = s.to_ascii_lowercase();
                        let has = s.contains(':')
                            || lower.contains("phot")
                            || lower.match_indices("ph").any(|(k, _)| {
                                lower.as_bytes().get(k + 2).is_some_and(|c| !c.is_ascii())
                            });
                        assert_eq!(has_colon_or_phot(s.as_bytes()), has, "{s:?}");
                    }
                }
            }
        }
    }

    // ----- sanitize -----

    #[test]
    fn sanitize_removes_csi_colours() {
        assert_eq!(sanitize("\x1b[31mred\x1b[0m text"), "red text");
        assert_eq!(sanitize("\x1b[1;38;5;196mbold\x1b[m"), "bold");
    }

    #[test]
    fn sanitize_removes_cursor_movement() {
        assert_eq!(sanitize("a\x1b[2Jb\x1b[10;20Hc\x1b[?25ld"), "abcd");
        assert_eq!(sanitize("x\x1b[Ay\x1b7z\x1b8"), "xyz");
    }

    #[test]
    fn sanitize_removes_osc8_hyperlinks() {
        let s = "see \x1b]8;;https://evil.example/\x1b\\this link\x1b]8;;\x1b\\ now";
        assert_eq!(sanitize(s), "see this link now");
        let bel = "see \x1b]8;;https://evil.example/\x07this\x1b]8;;\x07";
        assert_eq!(sanitize(bel), "see this");
    }

    #[test]
    fn sanitize_removes_osc52_clipboard_and_title() {
        assert_eq!(sanitize("a\x1b]52;c;cm0gLXJmIH4=\x07b"), "ab");
        assert_eq!(sanitize("a\x1b]0;pwned\x1b\\b"), "ab");
    }

    #[test]
    fn sanitize_removes_dcs_apc_pm_sos() {
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(
            sanitize("a\x1b_apc\x1b\\b\x1b^pm\x1b\\c\x1bXsos\x1b\\d"),
            "abcd"
        );
    }

    #[test]
    fn printable_shows_what_could_act_on_a_terminal_as_question_marks() {
        assert_eq!(
            printable("a\u{1b}]0;title\u{7}\u{1b}[31mb\tc\nd\u{9b}e\u{202e}f.txt"),
            "a?]0;title??[31mb?c?d?e?f.txt"
        );
        for name in ["plain/path.txt", "été/報告 1.md", ""] {
            assert!(matches!(printable(name), Cow::Borrowed(n) if n == name));
        }
    }

    #[test]
    fn sanitize_removes_c1_forms() {
        assert_eq!(sanitize("a\u{9b}31mred\u{9b}0m"), "ared");
        assert_eq!(sanitize("a\u{9d}52;c;AAAA\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{90}data\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{85}b\u{8d}c"), "abc");
    }

    #[test]
    fn sanitize_removes_two_char_and_nf_escapes() {
        assert_eq!(sanitize("a\x1bcb\x1b(Bc\x1b#8d"), "abcd");
        assert_eq!(sanitize("end\x1b"), "end");
    }

    #[test]
    fn sanitize_unterminated_string_stops_at_newline() {
        assert_eq!(sanitize("a\x1b]0;title\nnext line"), "a\nnext line");
    }

    #[test]
    fn sanitize_nested_escapes_do_not_recurse() {
        let s = "\x1b]".repeat(100_000) + "ok";
        assert_eq!(sanitize(&s), "");
        let s2 = "\x1b]x\x1b".repeat(10) + "[31mok";
        assert_eq!(sanitize(&s2), "ok");
    }

    #[test]
    fn sanitize_removes_del_bel_backspace_and_c0() {
        assert_eq!(sanitize("a\x7fb\x07c\x08d\x00e\x0bf\x0cg"), "abcdefg");
    }

    #[test]
    fn sanitize_removes_bidi_and_zero_width() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize("x\u{2066}y\u{2069}z"), "xyz");
        assert_eq!(sanitize("pay\u{200b}pal\u{200d}\u{200e}\u{feff}"), "paypal");
    }

    #[test]
    fn sanitize_expands_tabs_to_four_columns() {
        assert_eq!(sanitize("\tx"), "    x");
        assert_eq!(sanitize("ab\tc"), "ab  c");
        assert_eq!(sanitize("abcd\te"), "abcd    e");
        assert_eq!(sanitize("a\nb\tc"), "a\nb   c");
        // Removed escapes do not take columns.
        assert_eq!(sanitize("\x1b[1mab\x1b[0m\tc"), "ab  c");
    }

    #[test]
    fn sanitize_normalises_line_ends_and_bom() {
        assert_eq!(sanitize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(sanitize("a\r\r\nb"), "a\n\nb");
    }

    #[test]
    fn sanitize_keeps_ordinary_text() {
        let s = "Café £5 — “quoted” 中文 €";
        assert_eq!(sanitize(s), s);
    }

    // ----- decode_entities -----

    #[test]
    fn decode_numeric_and_hex() {
        assert_eq!(decode_entities("pass&#233; &#163;5"), "passé £5");
        assert_eq!(decode_entities("&#xE9;&#XE9;&#x20AC;"), "éé€");
        assert_eq!(decode_entities("it&#146;s"), "it’s");
    }

    #[test]
    fn decode_named() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
            "a & b <c> \"d\" 'e'"
        );
        assert_eq!(
            decode_entities("&pound;1 &euro;2 &copy; &reg; &trade; &hellip;"),
            "£1 €2 © ® ™ …"
        );
        assert_eq!(
            decode_entities("&lsquo;x&rsquo; &ldquo;y&rdquo; a&mdash;b&ndash;c"),
            "‘x’ “y” a—b–c"
        );
        assert_eq!(
            decode_entities("caf&eacute; &Eacute;t&eacute; na&iuml;ve"),
            "café Été naïve"
        );
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{a0}b");
    }

    #[test]
    fn decode_keeps_unknown_and_malformed() {
        assert_eq!(
            decode_entities("&foo; &amp &#; &#x; &#12a;"),
            "&foo; &amp &#; &#x; &#12a;"
        );
        assert_eq!(decode_entities("AT&T & M&S &"), "AT&T & M&S &");
        assert_eq!(
            decode_entities("&#xD800; &#1114112;"),
            "&#xD800; &#1114112;"
        );
        assert_eq!(decode_entities("&#123456789;"), "&#123456789;");
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("x&"), "x&");
    }

    #[test]
    fn decode_never_produces_controls() {
        assert_eq!(decode_entities("a&#27;[31mb"), "a[31mb");
        assert_eq!(decode_entities("a&#x1b;b&#0;c&#127;d&#157;e"), "abcde");
        assert_eq!(decode_entities("&#155;"), "›");
        assert_eq!(decode_entities("a&#x202E;b&#8203;c&lrm;d&shy;e"), "abcde");
        assert_eq!(decode_entities("a&#10;b&#9;c"), "a b c");
    }

    #[test]
    fn decode_fast_path_and_single_pass() {
        assert_eq!(decode_entities("no references here"), "no references here");
        assert_eq!(decode_entities("&amp;#233;"), "&#233;");
    }

    #[test]
    fn clean_record_is_sanitize_decode_and_clean() {
        // Lines kept as written (borrowed), lines collapsed or joined (owned), references to
        // decode, bytes to sanitise, captions, bylines and blank lines, in any order.
        let pieces = [
            "Cisco and Inspur agreed a joint venture worth $100 million in Jinan.",
            "The deal was announced on Tuesday.",
            "Shares rose  3%\u{a0}in early trading",
            "AT&amp;T said it would &eacute;tudier the offer",
            "By Jane Smith",
            "Photo: Reuters",
            "Leave a comment",
            "\u{1b}[31mred\u{7}",
            "\u{feff}",
            "  indented line",
            "\n",
            "\n\n",
            "\r\n",
            "\t",
        ];
        for text in crate::texts_of(&pieces, 10, 0xd1b5_4a32_d192_ed03, 4_000) {
            let input = decode_entities(&sanitize(&text));
            for title in [None, Some("Cisco and Inspur agreed a joint venture")] {
                let (sanitized, cleaned) = clean_record(text.clone(), title, |c| c.into_owned());
                assert_eq!(sanitized, sanitize(&text), "{text:?}");
                let expected = match title {
                    Some(title) => clean_body(&input, title),
                    None => clean_plain_text(&input),
                };
                assert_eq!(cleaned, expected, "{text:?} {title:?}");
            }
        }
    }

    // ----- clean_plain_text: synthetic fixtures -----

    fn clean(s: &str) -> Cleaned {
        clean_plain_text(&decode_entities(&sanitize(s)))
    }

    const P1: &str = "The council approved the new budget on Monday after a long debate about road repairs and school funding.";
    const P2: &str = "Opposition members said the plan did not go far enough, and promised to raise the matter again next month.";
    const P3: &str = "The mayor said the vote was a good result for residents, who had waited years for the repairs to start.";

    #[test]
    fn headline_and_paragraphs() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n\n{P2}  \n\n{P3}\n"
        ));
        assert_eq!(c.title, "Council passes budget");
        assert!(!c.title_inferred);
        assert_eq!(c.paragraphs, vec![P1, P2, P3]);
        assert!(c.dropped.is_empty());
        assert_eq!(c.section, None);
        assert_eq!(c.byline, None);
        assert_eq!(c.standfirst, None);
        assert_eq!(c.source, None);
    }

    #[test]
    fn long_first_line_with_full_stop_is_not_a_headline() {
        let c = clean(&format!("{P1}\n{P2}\n{P3}"));
        assert!(c.title_inferred);
        assert_eq!(c.paragraphs.len(), 3);
        assert_eq!(c.paragraphs[0], P1);
    }

    #[test]
    fn inferred_title_is_cut_with_ellipsis() {
        let c = clean(&format!("{P1}\n\n{P2}"));
        assert!(c.title_inferred);
        assert_eq!(
            c.title,
            "The council approved the new budget on Monday after a long debate about road…"
        );
        assert!(c.title.chars().count() <= TITLE_MAX);
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn inferred_title_short_sentence_kept_whole() {
        let c = clean(&format!("Mr. Smith won the U.S. vote. {P1}\n\n{P2}"));
        assert!(c.title_inferred);
        assert_eq!(c.title, "Mr. Smith won the U.S. vote");
    }

    #[test]
    fn section_label_above_headline() {
        let c = clean(&format!(
            "Town & Country\n\nCouncil passes budget after long debate\n\n{P1}\n\n{P2}"
        ));
        assert_eq!(c.section.as_deref(), Some("Town & Country"));
        assert_eq!(c.title, "Council passes budget after long debate");
        assert_eq!(c.paragraphs, vec![P1, P2]);
    }

    #[test]
    fn a_one_word_label_above_the_byline_is_a_section_not_the_headline() {
        let c = clean(&format!("Companies\n\nBy Jane Doe | AP\n\n{P1}\n\n{P2}"));
        assert_eq!(c.section.as_deref(), Some("Companies"));
        assert_eq!(c.byline.as_deref(), Some("Jane Doe"));
        assert!(c.title_inferred, "{:?}", c.title);
        assert_eq!(c.paragraphs, vec![P1, P2]);
        // A headline of more words above a byline stays the headline.
        let c = clean(&format!(
            "Inspur Buys Rival\n\nBy Jane Doe | AP\n\n{P1}\n\n{P2}"
        ));
        assert_eq!((c.section, c.title.as_str()), (None, "Inspur Buys Rival"));
        // So does a one-word headline with no byline under it.
        let c = clean(&format!("Outsourcing\n\n{P1}\n\n{P2}"));
        assert_eq!((c.section, c.title.as_str()), (None, "Outsourcing"));
    }

    #[test]
    fn sentence_case_headline_is_not_a_section() {
        let c = clean(&format!(
            "Budget row deepens\n\nArsenal win 4-2 on penalties\n\n{P1}"
        ));
        assert_eq!(c.section, None);
        assert_eq!(c.title, "Budget row deepens");
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn written_by_byline_with_role_and_standfirst() {
        let c = clean(&format!(
            "Council passes budget\n\nThe long-awaited plan will fund road repairs across the town.\nWritten by Jane Q. Doe, Staff Writer\n\n{P1}\n\n{P2}"
        ));
        assert_eq!(c.byline.as_deref(), Some("Jane Q. Doe"));
        assert_eq!(
            c.standfirst.as_deref(),
            Some("The long-awaited plan will fund road repairs across the town.")
        );
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.dropped, vec!["Written by Jane Q. Doe, Staff Writer"]);
    }

    #[test]
    fn by_and_par_bylines() {
        let c = clean(&format!(
            "Council passes budget\n\nBy Ann Lee and Bo de la Cruz\n\n{P1}\n\n{P2}"
        ));
        assert_eq!(c.byline.as_deref(), Some("Ann Lee and Bo de la Cruz"));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        let c = clean(&format!(
            "Le budget est voté\n\nPar Jean-Luc Martin | 3 mars 2020\n\n{P1}"
        ));
        assert_eq!(c.byline.as_deref(), Some("Jean-Luc Martin"));
        let c = clean(&format!(
            "Council passes budget\n\nBy 2025, the town will need more money.\n\n{P1}"
        ));
        assert_eq!(c.byline, None);
        assert_eq!(c.paragraphs.len(), 2);
        let c = clean(&format!(
            "Council passes budget\n\nBy Tuesday, the council had agreed\n\n{P1}"
        ));
        assert_eq!(c.byline, None);
    }

    #[test]
    fn doubled_caption_dropped_and_standfirst_found() {
        let cap = "The town hall, where the vote took place on Monday. Photo: AFP";
        let c = clean(&format!(
            "Council passes budget\n\nPlan will fund road repairs across the town\n\n{cap}\n{cap}\n\n{P1}\n\n{P2}"
        ));
        assert_eq!(
            c.standfirst.as_deref(),
            Some("Plan will fund road repairs across the town")
        );
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.dropped, vec![cap, cap]);
    }

    #[test]
    fn captions_by_credit_forms() {
        for cap in [
            "Image Credit: Some Agency /",
            "Photo: Jane Doe",
            "Residents queue outside the hall (Getty Images)",
            "Residents queue outside the hall. Photograph: Jan Kowalski/Reuters",
        ] {
            let c = clean(&format!("Council passes budget\n\n{P1}\n\n{cap}\n\n{P2}"));
            assert_eq!(c.paragraphs, vec![P1, P2], "{cap}");
            assert_eq!(c.dropped, vec![cap]);
        }
    }

    #[test]
    fn subheading_with_credit_word_kept() {
        let sub = "Tax credit: what it means for you";
        let c = clean(&format!("Council passes budget\n\n{P1}\n\n{sub}\n\n{P2}"));
        assert_eq!(c.paragraphs, vec![P1, sub, P2]);
    }

    #[test]
    fn about_the_author_gives_byline() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n{P2}\n\nAbout the author\n\nSam Rivera\n\nSam covers local politics."
        ));
        assert_eq!(c.byline.as_deref(), Some("Sam Rivera"));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.dropped.len(), 3);
    }

    #[test]
    fn one_paragraph_per_short_line_not_joined() {
        let text = "Council passes budget\n\n\
The council approved the new budget on Monday evening.\n\
Opposition members said the plan was not enough\n\
The mayor said the vote was a good result for all.\n\
Repairs will start in the spring, officials said.\n";
        let c = clean(text);
        assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
    }

    #[test]
    fn repeated_long_paragraph_kept_once() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1} {P2} {P3}\n\n{P1} {P2} {P3}\n\n{P2}"
        ));
        assert_eq!(c.paragraphs.len(), 2);
        assert_eq!(c.dropped.len(), 1);
    }

    #[test]
    fn read_more_dropped_but_comment_word_kept() {
        let real =
            "Residents can comment on the plan until March, and a further meeting will be held.";
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\nREAD MORE\n\n{real}\n\nRead more: Why the roads are so bad\n\n{P2}"
        ));
        assert_eq!(c.paragraphs, vec![P1, real, P2]);
        assert_eq!(
            c.dropped,
            vec!["READ MORE", "Read more: Why the roads are so bad"]
        );
    }

    #[test]
    fn comment_form_and_everything_after_dropped() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n{P2}\n\n{P3}\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nSome reader's comment that is long enough to look like a real paragraph of text here.\n\nPost Comment"
        ));
        assert_eq!(c.paragraphs, vec![P1, P2, P3]);
        assert_eq!(c.dropped.len(), 4);
        assert_eq!(c.dropped[0], "Leave a Reply");
    }

    #[test]
    fn early_comment_link_only_drops_itself() {
        let c = clean(&format!(
            "Council passes budget\n\nLeave a comment\n\n{P1}\n\n{P2}"
        ));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.dropped, vec!["Leave a comment"]);
    }

    #[test]
    fn french_boilerplate() {
        let c = clean(&format!(
            "Le conseil adopte le budget\n\n{P1}\n\n{P2}\n\nÀ propos de Marie DURAND\n\nVous aimerez aussi...\n\nLaisser un commentaire\n\nVotre adresse de messagerie ne sera pas publiée. Les champs obligatoires sont indiqués avec *\n\nCe site utilise Akismet pour réduire les indésirables."
        ));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.byline.as_deref(), Some("Marie DURAND"));
        assert_eq!(c.dropped.len(), 5);
    }

    #[test]
    fn end_bio_becomes_byline() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n{P2}\n\nAvatar photo\n\nSam Rivera\n\nSam is a local news reporter. Reach Sam on social media.\n\nLeave a comment"
        ));
        assert_eq!(c.byline.as_deref(), Some("Sam Rivera"));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(
            c.dropped,
            vec![
                "Avatar photo",
                "Sam Rivera",
                "Sam is a local news reporter. Reach Sam on social media.",
                "Leave a comment"
            ]
        );
    }

    #[test]
    fn trailing_source_credit() {
        let c = clean(&format!("Council passes budget\n\n{P1}\n\n{P2}\n\nReuters"));
        assert_eq!(c.source.as_deref(), Some("Reuters"));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n{P2}\n\nSource: AFP/Reuters"
        ));
        assert_eq!(c.source.as_deref(), Some("AFP/Reuters"));
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\n{P2}\n\nSchool Of Rock"
        ));
        assert_eq!(c.source, None);
        assert_eq!(c.paragraphs.len(), 3);
    }

    #[test]
    fn hard_wrapped_lines_joined() {
        let text = "Council passes budget\n\n\
The council approved the new budget on Monday after a\n\
long debate about road repairs and school funding. Members\n\
of the opposition said the plan did not go far enough.\n\
\n\
The mayor said the vote was a good result for the well-\n\
known residents who had waited years for repairs.\n";
        let c = clean(text);
        assert_eq!(c.title, "Council passes budget");
        assert_eq!(
            c.paragraphs,
            vec![
                "The council approved the new budget on Monday after a long debate about road repairs and school funding. Members of the opposition said the plan did not go far enough.",
                "The mayor said the vote was a good result for the well-known residents who had waited years for repairs."
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraph_ends_at_short_line() {
        let text = "The council approved the new budget on Monday after a\n\
long debate about road repairs and school funding.\n\
It was a close vote.\n\
Members of the opposition said that the plan did not go\n\
far enough and promised to raise it again.\n";
        let c = clean(text);
        assert!(c.title_inferred);
        assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
        assert!(c.paragraphs[0].ends_with("It was a close vote."));
    }

    #[test]
    fn wrapped_text_right_under_headline() {
        let text = "Council passes budget\nThe council approved the new budget on Monday after a\nlong debate about road repairs and school funding.\n";
        let c = clean(text);
        assert_eq!(c.title, "Council passes budget");
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn short_sentence_lines_not_joined() {
        let c = clean("Match report\n\nFriday, 25 February\n2000 GMT\nKick-off delayed\n");
        assert_eq!(
            c.paragraphs,
            vec!["Friday, 25 February", "2000 GMT", "Kick-off delayed"]
        );
    }

    #[test]
    fn bullet_lists_not_joined() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\nThe plan includes:\n - more money for the roads in the north of the town\n - a new school building\n"
        ));
        assert_eq!(c.paragraphs.len(), 4);
    }

    #[test]
    fn wrapped_bullet_items_joined() {
        let text = "Council passes budget\n\nThe plan includes:\n\
 - more money for the roads in the north of the town, to be spent\n\
   over the next three years\n\
 - a new school building.\n\
Officials said it was good news.\n";
        let c = clean(text);
        assert_eq!(
            c.paragraphs,
            vec![
                "The plan includes:",
                "- more money for the roads in the north of the town, to be spent over the next three years",
                "- a new school building.",
                "Officials said it was good news."
            ]
        );
    }

    #[test]
    fn lone_dash_in_wrapped_text_is_not_a_list() {
        let text = "Council passes budget\n\n\
The four members of the council who voted for the plan - Ann,\n\
Bo, Cy and Di\n\
- knew deep down that it was their best chance to pass the budget\n\
this year, and they said so after the meeting.\n";
        let c = clean(text);
        assert_eq!(c.paragraphs.len(), 1, "{:?}", c.paragraphs);
    }

    #[test]
    fn indented_paragraphs_joined() {
        let text = "Council passes budget\n\n\
    The council approved the new budget on Monday\n\
after a long debate.\n\
    Members of the opposition said the plan did\n\
not go far enough.\n";
        let c = clean(text);
        assert_eq!(
            c.paragraphs,
            vec![
                "The council approved the new budget on Monday after a long debate.",
                "Members of the opposition said the plan did not go far enough."
            ]
        );
    }

    #[test]
    fn nothing_left_keeps_lines() {
        let c = clean("Leave a comment\n\nAdvertisement\n\nRead more");
        assert_eq!(
            c.paragraphs,
            vec!["Leave a comment", "Advertisement", "Read more"]
        );
        assert!(c.dropped.is_empty());
        assert!(c.title_inferred);
    }

    #[test]
    fn single_line_is_body_not_headline() {
        let c = clean("Council passes budget");
        assert_eq!(c.paragraphs, vec!["Council passes budget"]);
        assert_eq!(c.title, "Council passes budget");
        assert!(c.title_inferred);
        assert_eq!(clean(""), Cleaned::default());
        assert_eq!(clean("\n\n  \n"), Cleaned::default());
    }

    #[test]
    fn inferred_title_never_empty() {
        let c = clean(". . . and then it rained");
        assert_eq!(c.title, ". . . and then it rained");
        assert!(c.title_inferred);
    }

    #[test]
    fn whitespace_collapsed() {
        let c = clean("Title here\n\n  a\u{a0}\u{a0}b   c\t d  \n\ne");
        assert_eq!(c.paragraphs, vec!["a b c d", "e"]);
    }

    #[test]
    fn headline_repeated_as_paragraph_dropped() {
        let c = clean(&format!(
            "Council passes budget\n\nCouncil passes budget\n\n{P1}"
        ));
        assert_eq!(c.title, "Council passes budget");
        assert_eq!(c.paragraphs, vec![P1]);
    }

    #[test]
    fn misc_boilerplate() {
        let c = clean(&format!(
            "Council passes budget\n\n{P1}\n\nAdvertisement\n\nShare this article\n\nSign up for our daily newsletter\n\nSubscribe now\n\nEditorial standards\n\n{P2}"
        ));
        assert_eq!(c.paragraphs, vec![P1, P2]);
        assert_eq!(c.dropped.len(), 5);
    }

    // ----- speed / robustness -----

    #[test]
    fn huge_single_line() {
        let line = "word ".repeat(400_000) + "end.";
        let c = clean_plain_text(&decode_entities(&sanitize(&line)));
        assert_eq!(c.paragraphs.len(), 1);
        assert!(c.title_inferred);
        assert!(c.title.ends_with('…'));
        let blob = "x".repeat(2_000_000);
        let c = clean_plain_text(&blob);
        assert_eq!(c.paragraphs.len(), 1);
        assert_eq!(c.title.chars().count(), TITLE_MAX);
    }

    /// `n` bytes of noise, base64-encoded (standard alphabet, padded): what a scraper catches of
    /// an attachment or an inline image.
    fn base64_noise(n: usize, seed: u64) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut x = seed | 1;
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let v = chunk
                .iter()
                .enumerate()
                .fold(0u32, |v, (k, &b)| v | u32::from(b) << (16 - 8 * k));
            for k in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(v >> (18 - 6 * k) & 63) as usize]));
            }
            out.push_str(&"=".repeat(3 - chunk.len()));
        }
        out
    }

    #[test]
    fn encoded_data_is_dropped_whole_or_from_inside_a_paragraph() {
        let blob = base64_noise(3000, 7);
        // A MIME attachment's body: lines of 76, the last one (16) short and padded.
        let mime = base64_noise(980, 11);
        assert!(mime.ends_with('='));
        let wrapped: Vec<&str> = mime
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let image = format!("data:image/png;base64,{}", base64_noise(30, 3));
        let text = format!(
            "Acme to buy Globex\n\nAcme Corp said on Monday it would buy Globex for $2bn.\n\n\
             {blob}\n\n{}\n\nThe logo ({image}) was redrawn, {} Acme said.\n\n\
             The deal is expected to close next year.\n",
            wrapped.join("\n"),
            base64_noise(60, 5),
        );
        let c = clean(&text);
        assert_eq!(c.title, "Acme to buy Globex");
        assert_eq!(
            c.paragraphs,
            vec![
                "Acme Corp said on Monday it would buy Globex for $2bn.",
                "The logo was redrawn, Acme said.",
                "The deal is expected to close next year.",
            ]
        );
        // A file of nothing else has nothing to show but keeps its lines, as any article that
        // cleaning would leave empty does.
        let c = clean(&format!("{blob}\n"));
        assert_eq!(c.paragraphs, vec![blob]);
    }

    #[test]
    fn long_words_that_are_not_encoded_are_kept() {
        let words = [
            "https://www.example.com/news/2024/05/acme-agrees-to-buy-globex-for-2bn?ref=Home1",
            // A SHA-256 in hexadecimal, either case; a key in uppercase base32.
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            "getHttpResponseCodeFromTheRemoteServerAgain2",
            "Donaudampfschifffahrtsgesellschaftskapitänsmütze",
            "a-once-in-a-generation-take-it-or-leave-it-sort-of-deal",
            "dQw4w9WgXcQ",
        ];
        let para = format!("Among the long words: {}.", words.join(" "));
        let c = clean(&format!("Long words\n\n{para}\n\nThe end.\n"));
        assert_eq!(c.paragraphs, vec![para, "The end.".to_owned()]);
    }

    #[test]
    fn every_word_long_enough_to_be_encoded_is_looked_at() {
        // Wherever a word of 31 bytes or more starts and however its line ends, the scan
        // flags its line; a line of shorter words is not flagged.
        for len in [31, ENCODED_MIN, 77] {
            for lead in 0..9 {
                for end in ["", "\n", " end\n", "\nnext line"] {
                    let text = format!("{}{}{end}", "a ".repeat(lead), "x".repeat(len));
                    let (line, _) = Line::scan(&text, 0);
                    assert!(line.long_word, "{text:?}");
                }
            }
        }
        let short = format!("{} end\n", "word ".repeat(50));
        assert!(!Line::scan(&short, 0).0.long_word);
    }

    #[test]
    fn many_short_paragraphs() {
        let mut text = String::from("Headline of a long file\n\n");
        for i in 0..20_000 {
            write!(text, "Paragraph {i} has a few words.\n\n").unwrap();
        }
        let c = clean_plain_text(&text);
        assert_eq!(c.title, "Headline of a long file");
        assert_eq!(c.paragraphs.len(), 20_000);
        // Same without blank lines, and hard-wrapped.
        let mut wrapped = String::new();
        for i in 0..20_000 {
            writeln!(
                wrapped,
                "Line {i} of a wrapped paragraph of text that goes on and"
            )
            .unwrap();
        }
        let c = clean_plain_text(&wrapped);
        assert_eq!(c.paragraphs.len(), 1);
    }

    // ----- real data -----

    fn shared(rel: &str) -> Option<std::path::PathBuf> {
        let p = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")).join(rel);
        p.exists().then_some(p)
    }

    const FORBIDDEN: &[&str] = &[
        "READ MORE",
        "Akismet",
        "Leave a",
        "Avatar photo",
        "Image Credit",
        "Photograph:",
        "Editorial standards",
        "A propos",
        "Laisser",
        "Vous aimerez",
        "Votre adresse",
        "is a tech writer",
    ];

    struct Expect {
        prefix: &'static str,
        title: Option<&'static str>,
        section: Option<&'static str>,
        byline: Option<&'static str>,
        source: Option<&'static str>,
        standfirst: bool,
        paragraphs: usize,
        last: &'static str,
    }

    #[test]
    #[allow(clippy::too_many_lines, reason = "one table of expectations")]
    fn seeds() {
        let Some(dir) = shared("seeds") else {
            eprintln!("seeds test skipped: ../shared/seeds not found");
            return;
        };
        let expect = [
            Expect {
                prefix: "000_",
                title: None,
                section: None,
                byline: None,
                source: None,
                standfirst: false,
                paragraphs: 7,
                last: "matter was dropped down",
            },
            Expect {
                prefix: "001_",
                title: Some("Cisco to set up joint venture with Inspur in China"),
                section: Some("Home & Office"),
                byline: Some("Aimee Chanthadavong"),
                source: None,
                standfirst: true,
                paragraphs: 10,
                last: "used for commercial advantage",
            },
            Expect {
                prefix: "002_",
                title: None,
                section: None,
                byline: Some("Cate Cadell"),
                source: None,
                standfirst: false,
                paragraphs: 8,
                last: "best quarterly performance",
            },
            Expect {
                prefix: "003_",
                title: Some("IBM announces partnership with Chinese rival Inspur"),
                section: None,
                byline: None,
                source: Some("Bloomberg"),
                standfirst: true,
                paragraphs: 12,
                last: "instead of on-site",
            },
            Expect {
                prefix: "004_",
                title: Some("Huawei calls on Russia to cooperate against the West"),
                section: None,
                byline: Some("Alexandru BORTA"),
                source: None,
                standfirst: false,
                paragraphs: 7,
                last: "1.5 thousand certified specialists",
            },
        ];
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for e in &expect {
            let path = files
                .iter()
                .find(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(e.prefix)
                })
                .unwrap_or_else(|| panic!("seed {} missing", e.prefix));
            let raw = std::fs::read_to_string(path).unwrap();
            let c = clean_plain_text(&decode_entities(&sanitize(&raw)));
            let name = path.display();
            if let Some(t) = e.title {
                assert_eq!(c.title, t, "{name}");
                assert!(!c.title_inferred, "{name}");
            } else {
                assert!(c.title_inferred, "{name}");
                assert!(c.title.chars().count() <= TITLE_MAX, "{name}");
                assert!(
                    c.paragraphs[0].starts_with(c.title.trim_end_matches('…')),
                    "{name}"
                );
            }
            assert_eq!(c.section.as_deref(), e.section, "{name}");
            assert_eq!(c.byline.as_deref(), e.byline, "{name}");
            assert_eq!(c.source.as_deref(), e.source, "{name}");
            assert_eq!(
                c.standfirst.is_some(),
                e.standfirst,
                "{name}: {:?}",
                c.standfirst
            );
            if let Some(s) = &c.standfirst {
                assert!(!c.paragraphs.contains(s), "{name}");
            }
            for p in &c.paragraphs {
                for bad in FORBIDDEN {
                    assert!(!p.contains(bad), "{name}: kept {bad:?} in {p:?}");
                }
                assert!(!p.contains('\u{a0}') && !p.contains("  "), "{name}");
            }
            assert_eq!(
                c.paragraphs.len(),
                e.paragraphs,
                "{name}: {:#?}",
                c.paragraphs
            );
            assert!(c.paragraphs.last().unwrap().contains(e.last), "{name}");
        }
    }

    #[test]
    fn seed_details() {
        let Some(dir) = shared("seeds") else {
            eprintln!("seed_details test skipped: ../shared/seeds not found");
            return;
        };
        let read = |prefix: &str| {
            let entry = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
                .unwrap();
            clean_plain_text(&decode_entities(&sanitize(
                &std::fs::read_to_string(entry).unwrap(),
            )))
        };
        let c = read("001_");
        assert_eq!(c.dropped.len(), 2);
        assert!(c.dropped[1].starts_with("Editorial"));
        let c = read("003_");
        // Caption twice, READ MORE, the credit line.
        assert_eq!(c.dropped.len(), 4);
        assert!(c.standfirst.unwrap().starts_with("Deal will allow"));
        let c = read("002_");
        assert!(c.paragraphs[0].contains("Inspur Group, in an attempt"));
        assert_eq!(c.dropped.len(), 7);
        let c = read("004_");
        assert_eq!(c.dropped.len(), 5);
    }

    #[test]
    fn bbc_corpus() {
        let Some(root) = shared("corpora/bbc") else {
            eprintln!("bbc_corpus test skipped: ../shared/corpora/bbc not found");
            return;
        };
        let mut count = 0;
        let mut problems = Vec::new();
        for topic in ["business", "entertainment", "politics", "sport", "tech"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(topic))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            for path in files {
                let bytes = std::fs::read(&path).unwrap();
                let raw = String::from_utf8_lossy(&bytes);
                let text = decode_entities(&sanitize(&raw));
                let c = clean_plain_text(&text);
                let first = text.lines().next().unwrap().trim();
                let nonblank = text.lines().filter(|l| !l.trim().is_empty()).count();
                let name = path.display().to_string();
                count += 1;
                if c.title != first || c.title_inferred {
                    problems.push(format!("{name}: title {:?} != {first:?}", c.title));
                }
                if c.paragraphs.contains(&c.title) {
                    problems.push(format!("{name}: title repeated"));
                }
                if c.paragraphs.len() != nonblank - 1 {
                    problems.push(format!(
                        "{name}: {} paragraphs, {} lines; dropped {:?} standfirst {:?} byline {:?} source {:?} section {:?}",
                        c.paragraphs.len(),
                        nonblank - 1,
                        c.dropped,
                        c.standfirst,
                        c.byline,
                        c.source,
                        c.section
                    ));
                }
                if c.paragraphs.iter().any(|p| p.contains("&#")) {
                    problems.push(format!("{name}: undecoded reference"));
                }
            }
        }
        for p in &problems {
            println!("{p}");
        }
        assert!(problems.is_empty(), "{} problems", problems.len());
        assert_eq!(count, 2225);
    }
}
