//! The formats a fuzz input's first byte picks from, for the targets that read a file.

use tidings::store::load::Format;

/// `None`: sniffed from the text, as for a file named on the command line.
pub const FORMATS: [Option<Format>; 9] = [
    None,
    Some(Format::Plain),
    Some(Format::Markdown),
    Some(Format::Html),
    Some(Format::Json),
    Some(Format::JsonLines),
    Some(Format::Feed),
    Some(Format::Csv),
    Some(Format::Tsv),
];

/// The format `byte` picks.
pub fn pick(byte: u8) -> Option<Format> {
    FORMATS[usize::from(byte) % FORMATS.len()]
}
