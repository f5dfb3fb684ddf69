//! One file of any format, read, cleaned and recognised as a load does it, without the
//! explorer: the quick one of the targets (`file` draws what it finds too), for the readers
//! of every format, the cleaner and the company recogniser. Nothing a file holds may panic: a
//! release build aborts on a panic, which would end the explorer.
//!
//! Input: a byte picking the format (or none: sniffed), then the file's bytes.
#![no_main]

#[path = "formats.rs"]
mod formats;

use libfuzzer_sys::fuzz_target;
use tidings::companies::Recognizer;
use tidings::store::load::load_bytes;
use tidings::store::parse_many;

fuzz_target!(|data: &[u8]| {
    let Some((pick, file)) = data.split_first() else {
        return;
    };
    let format = formats::pick(*pick);
    let loaded = load_bytes("fuzzed", format, file);
    let recognizer = Recognizer::shared().expect("the bundled gazetteer");
    parse_many(loaded.articles, &recognizer);
});
