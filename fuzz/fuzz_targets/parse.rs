//! Any bytes: the parser must return (no panic, hang or stack overflow) and
//! every error must point inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &[u8]| {
    let file = goescape_syntax::parse_file("fuzz.go", src);
    for err in file.errors() {
        assert!(err.pos.0 as usize <= src.len(), "error outside the source: {err:?}");
        let _ = file.position(err.pos).to_string();
    }
    let _ = goescape_syntax::dump(&file);
});
