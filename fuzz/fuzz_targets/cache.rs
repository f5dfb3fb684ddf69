//! A parse cache record's bytes, once unpacked: decoding them must give a piece or `None`,
//! never panic, whatever they hold (a record is checksummed before it is decoded; this is
//! the decoder's own guard). A piece decoded is encoded again and must decode to the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::store::cache::{decode, encode};

fuzz_target!(|data: &[u8]| {
    // Records are LZ4-packed, their length first: packed here, so that the fuzzer's bytes are
    // what the decoder reads.
    let packed = lz4_flex::block::compress_prepend_size(data);
    if let Some((parsed, skipped)) = decode(&packed) {
        let again = encode(&parsed, &skipped);
        let (parsed2, skipped2) = decode(&again).expect("a piece encoded decodes");
        assert_eq!(skipped, skipped2);
        assert_eq!(encode(&parsed2, &skipped2), again);
    }
});
