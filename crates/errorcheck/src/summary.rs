//! Conformance figures for a selection and a message source, rendered as
//! the text of a snapshot file.

use std::fmt::Write;

use crate::matcher::FileOutcome;
use crate::select::{Selection, SkippedTest, TestFile};

/// Counts for one run of the selected tests against one message source.
#[derive(Debug, Clone)]
pub struct Summary {
    pub go_version: String,
    /// What produced the messages: `gc`, `goescape`.
    pub source: String,
    pub files_with_inlining_disabled: usize,
    pub files_with_inlining: usize,
    pub directory_tests: Vec<String>,
    pub skipped: Vec<SkippedTest>,
    pub annotations: usize,
    pub passed_with_inlining_disabled: usize,
    pub passed_with_inlining: usize,
    /// Failing test names with a one-line reason.
    pub failing: Vec<(String, String)>,
}

impl Summary {
    /// An empty tally for `selection`, before any file is recorded.
    pub fn new(selection: &Selection, source: &str) -> Summary {
        Summary {
            go_version: selection.go_version.clone(),
            source: source.to_string(),
            files_with_inlining_disabled: selection.with_inlining_disabled().count(),
            files_with_inlining: selection.with_inlining().count(),
            directory_tests: selection.directory_tests.clone(),
            skipped: selection.skipped.clone(),
            annotations: selection.annotation_count(),
            passed_with_inlining_disabled: 0,
            passed_with_inlining: 0,
            failing: Vec::new(),
        }
    }

    /// Records the matching outcome of `test`.
    pub fn record(&mut self, test: &TestFile, outcome: &FileOutcome) {
        match outcome.reason() {
            Some(reason) => self.record_failure(test, reason),
            None if test.header.disables_inlining() => self.passed_with_inlining_disabled += 1,
            None => self.passed_with_inlining += 1,
        }
    }

    /// Records a failure found outside matching (the compiler crashed, or
    /// exited with an unexpected status).
    pub fn record_failure(&mut self, test: &TestFile, reason: String) {
        self.failing.push((test.name.clone(), reason));
    }

    pub fn passed(&self) -> usize {
        self.passed_with_inlining_disabled + self.passed_with_inlining
    }

    /// The snapshot text: figures first, then the lists, all sorted so the
    /// text depends only on the results.
    pub fn render(&self) -> String {
        let selected = self.files_with_inlining_disabled + self.files_with_inlining;
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(
            text,
            "# goescape errorcheck conformance ($GOROOT/test, -m tests)"
        );
        let _ = writeln!(text, "go version: {}", self.go_version);
        let _ = writeln!(text, "message source: {}", self.source);
        let _ = writeln!(
            text,
            "selected files: {selected} (with -l: {}, without -l: {})",
            self.files_with_inlining_disabled, self.files_with_inlining
        );
        let _ = writeln!(text, "annotations: {}", self.annotations);
        let _ = writeln!(
            text,
            "passed: {}/{selected} (with -l: {}/{}, without -l: {}/{})",
            self.passed(),
            self.passed_with_inlining_disabled,
            self.files_with_inlining_disabled,
            self.passed_with_inlining,
            self.files_with_inlining
        );
        let mut failing = self.failing.clone();
        failing.sort();
        let _ = writeln!(text, "\nfailing: {}", failing.len());
        for (name, reason) in &failing {
            let _ = writeln!(text, "  {name}: {reason}");
        }
        let _ = writeln!(
            text,
            "\ndirectory tests (not checked): {}",
            self.directory_tests.len()
        );
        for name in &self.directory_tests {
            let _ = writeln!(text, "  {name}");
        }
        let _ = writeln!(
            text,
            "\nskipped by build constraints: {}",
            self.skipped.len()
        );
        for skipped in &self.skipped {
            let _ = writeln!(text, "  {}: {}", skipped.name, skipped.constraint);
        }
        text
    }
}
