//! Any bytes as one Go file: the whole pipeline (parse, type-check, lower,
//! analyse at -m=2 with mutation and call reports) must return, never
//! panic, hang or overflow the stack.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use goescape_escape::{Level, Options};
use goescape_pipeline::{Pipeline, Settings};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let settings = Settings::from_env(None)
            .expect("settings from the environment")
            .analyse_named(Options {
                level: Level::Explained,
                mutations_calls: true,
            });
        Pipeline::new(settings).expect("pipeline")
    })
}

fuzz_target!(|src: &[u8]| {
    let _ = pipeline().analyze_sources("p", vec![(PathBuf::from("fuzz.go"), src.to_vec())]);
});
