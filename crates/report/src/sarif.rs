//! Findings as one SARIF 2.1.0 log (`--format sarif`), the form code
//! scanning services (GitHub's among them) take: one run, one rule per
//! kind of finding, one result per finding. Results are placed at the
//! physical file positions (`//line` directives ignored: the artifact is
//! the file itself), files below the source root relative to
//! `%SRCROOT%`, columns in Unicode code points. An explanation (`-m=2`)
//! carries its chain of flows as a code flow whose locations are the
//! steps.
//!
//! Heap allocations (`moved to heap`, `escapes to heap`) are warnings:
//! they are what a reader acts on. Everything else is a note.

use std::collections::HashMap;
use std::path::Path;

use goescape_escape::{Explanation, Finding, Kind, ParamLeak};
use goescape_ir::{Devirtualization, Pos};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::gc;
use crate::location::Locator;

/// The SARIF version written, and its schema.
const VERSION: &str = "2.1.0";
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The tool, as the log names it.
pub struct Tool<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub information_uri: &'a str,
}

/// A log being built: packages are added as they come, the document is
/// made at the end.
pub struct Log<'a> {
    tool: Tool<'a>,
    /// Files below it are named relative to `%SRCROOT%`.
    source_root: &'a Path,
    /// Each result's JSON, made as its package comes.
    results: Vec<Box<RawValue>>,
    /// How often each fingerprint was seen: repeated findings (gc
    /// reports some lines twice) get distinct fingerprints.
    fingerprints: HashMap<String, u32>,
}

/// One kind of finding: its rule.
struct Rule {
    /// The `kind` of the JSON records.
    id: &'static str,
    short: &'static str,
    help: &'static str,
    level: &'static str,
}

const NOTE: &str = "note";
const WARNING: &str = "warning";

/// Every rule, in the order the log lists them.
const RULES: &[Rule] = &[
    Rule {
        id: "moved_to_heap",
        short: "A variable is allocated on the heap",
        help: "Its address outlives the function's frame (returned, stored in the heap, captured by an escaping closure), so the compiler allocates it on the heap. The escape explanation (-m=2) shows the path.",
        level: WARNING,
    },
    Rule {
        id: "escapes",
        short: "An allocation escapes to the heap",
        help: "This allocation (composite literal, new, make, closure, conversion to interface, argument slice) outlives the frame or is too large for the stack, so it is made on the heap.",
        level: WARNING,
    },
    Rule {
        id: "does_not_escape",
        short: "An allocation stays on the stack",
        help: "Nothing keeps this allocation beyond the function's frame: it is made on the stack.",
        level: NOTE,
    },
    Rule {
        id: "zero_copy_bytes",
        short: "A string to []byte conversion shares the string's bytes",
        help: "Nothing writes through the []byte, so the conversion does not copy.",
        level: NOTE,
    },
    Rule {
        id: "leaking_param",
        short: "A parameter's value reaches the heap",
        help: "Callers must allocate what they pass here on the heap.",
        level: NOTE,
    },
    Rule {
        id: "leaking_param_content",
        short: "What a parameter points to reaches the heap",
        help: "Callers must allocate what the argument points to on the heap; the argument itself may stay on the stack.",
        level: NOTE,
    },
    Rule {
        id: "leaking_param_to_result",
        short: "A parameter's value reaches a result",
        help: "The argument escapes exactly when the caller lets the result escape.",
        level: NOTE,
    },
    Rule {
        id: "param_does_not_escape",
        short: "A parameter does not escape",
        help: "Callers may keep what they pass here on the stack.",
        level: NOTE,
    },
    Rule {
        id: "mutates_param",
        short: "A parameter is written through",
        help: "Reported with -d=escapemutationscalls.",
        level: NOTE,
    },
    Rule {
        id: "calls_param",
        short: "A parameter is called",
        help: "Reported with -d=escapemutationscalls.",
        level: NOTE,
    },
    Rule {
        id: "param_untouched",
        short: "A parameter is neither leaked, written through nor called",
        help: "Reported with -d=escapemutationscalls.",
        level: NOTE,
    },
    Rule {
        id: "assumed_unsafe_uintptr",
        short: "A uintptr parameter of a body-less function is assumed to hold a pointer",
        help: "The pointer converted to uintptr for this call is kept alive until the call returns.",
        level: NOTE,
    },
    Rule {
        id: "escaping_uintptr",
        short: "A uintptr parameter of a //go:uintptrescapes function escapes",
        help: "Pointers converted to uintptr for this call are allocated on the heap.",
        level: NOTE,
    },
    Rule {
        id: "ignored_self_assignment",
        short: "An assignment within one object is not counted as a flow",
        help: "Assignments like x.f = x.g do not make x escape.",
        level: NOTE,
    },
    Rule {
        id: "captured",
        short: "How a closure captures a variable",
        help: "By value (a copy) when the variable is small, never reassigned and its address never taken; otherwise by reference.",
        level: NOTE,
    },
    Rule {
        id: "devirtualized",
        short: "An interface call is made direct",
        help: "The dynamic type is known, so the method is called directly and its parameter tags apply.",
        level: NOTE,
    },
    Rule {
        id: "imprecise_interface_call",
        short: "A method of a type parameter is called through the dictionary",
        help: "The callee is unknown, so its arguments are assumed to escape.",
        level: NOTE,
    },
    Rule {
        id: "bounds_check_elided",
        short: "An index needs no bounds check",
        help: "The index is known to be in range.",
        level: NOTE,
    },
    Rule {
        id: "escape_explanation",
        short: "Why a location escapes to the heap",
        help: "The chain of flows from the location to the heap (or to a location that outlives it), each with the operations that make it; see the code flow.",
        level: NOTE,
    },
    Rule {
        id: "leak_explanation",
        short: "Why a parameter leaks",
        help: "The chain of flows from the parameter to the heap or a result, each with the operations that make it; see the code flow.",
        level: NOTE,
    },
];

impl<'a> Log<'a> {
    /// An empty log of `tool`, files below `source_root` named relative
    /// to it.
    pub fn new(tool: Tool<'a>, source_root: &'a Path) -> Log<'a> {
        Log {
            tool,
            source_root,
            results: Vec::new(),
            fingerprints: HashMap::new(),
        }
    }

    /// Adds the results of one package's findings.
    pub fn add_package(&mut self, findings: &[Finding], locator: &Locator<'_>) {
        for finding in findings {
            let result = self.result(finding, locator);
            let text = serde_json::value::to_raw_value(&result).expect("results are plain data");
            self.results.push(text);
        }
    }

    /// The whole log, as JSON text ending in a newline.
    pub fn finish(self) -> String {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|rule| {
                json!({
                    "id": rule.id,
                    "shortDescription": { "text": rule.short },
                    "fullDescription": { "text": rule.help },
                    "help": { "text": rule.help },
                    "defaultConfiguration": { "level": rule.level },
                })
            })
            .collect();
        let run = Run {
            tool: json!({
                "driver": {
                    "name": self.tool.name,
                    "version": self.tool.version,
                    "semanticVersion": self.tool.version,
                    "informationUri": self.tool.information_uri,
                    "rules": rules,
                }
            }),
            original_uri_base_ids: json!({
                "%SRCROOT%": { "uri": directory_uri(self.source_root) }
            }),
            column_kind: "unicodeCodePoints",
            results: &self.results,
        };
        let document = Document {
            schema: SCHEMA,
            version: VERSION,
            runs: [run],
        };
        let mut text = serde_json::to_string(&document).expect("the log is plain data");
        text.push('\n');
        text
    }

    fn result(&mut self, finding: &Finding, locator: &Locator<'_>) -> Value {
        let (index, rule) = rule_of(&finding.kind);
        // An explanation's headline ends in the colon that introduces
        // gc's flow lines; here the flows are the code flow.
        let text = gc::message(finding);
        let message = text.strip_suffix(':').unwrap_or(&text).to_owned();
        let location = self.physical_location(finding.pos, locator, Some(finding));
        let uri = location
            .as_ref()
            .and_then(|l| l["artifactLocation"]["uri"].as_str())
            .unwrap_or_default()
            .to_owned();
        let key = format!("{}\u{0}{uri}\u{0}{}\u{0}{message}", rule.id, finding.func);
        let seen = self.fingerprints.entry(key.clone()).or_insert(0);
        *seen += 1;
        let fingerprint = format!("{:016x}:{seen}", fnv1a(key.as_bytes()));
        let mut result = json!({
            "ruleId": rule.id,
            "ruleIndex": index,
            "level": rule.level,
            "message": { "text": message },
            "partialFingerprints": { "goescapeFinding/v1": fingerprint },
        });
        if let Some(location) = location {
            result["locations"] = json!([{ "physicalLocation": location }]);
        }
        if !finding.func.is_empty() {
            result["properties"] = json!({ "function": finding.func });
        }
        if let Kind::Explanation(explanation) = &finding.kind {
            result["codeFlows"] = json!([{
                "threadFlows": [{ "locations": self.thread_flow(explanation, locator) }]
            }]);
        }
        result
    }

    /// The steps of an explanation, each at its place; a flow's own text
    /// goes with its first step (or stands alone at its source).
    fn thread_flow(&self, explanation: &Explanation, locator: &Locator<'_>) -> Vec<Value> {
        let mut locations = Vec::new();
        for flow in &explanation.flows {
            let flow_text = gc::flow_text(flow);
            if flow.steps.is_empty() {
                locations.push(self.step_location(flow.src_pos, flow_text.clone(), locator));
            }
            for (i, step) in flow.steps.iter().enumerate() {
                let text = if i == 0 {
                    format!("{flow_text} {}", gc::step_text(step))
                } else {
                    gc::step_text(step)
                };
                locations.push(self.step_location(step.at, text, locator));
            }
        }
        locations
    }

    fn step_location(&self, pos: Pos, text: String, locator: &Locator<'_>) -> Value {
        let mut location = json!({ "message": { "text": text } });
        if let Some(physical) = self.physical_location(pos, locator, None) {
            location["physicalLocation"] = physical;
        }
        json!({ "location": location })
    }

    /// Where `pos` is in its file: the subject's whole text when the
    /// finding has one, else a point. `None` for code with no file.
    fn physical_location(
        &self,
        pos: Pos,
        locator: &Locator<'_>,
        finding: Option<&Finding>,
    ) -> Option<Value> {
        let (file, start) = locator.physical_in_chars(pos)?;
        let mut region = json!({ "startLine": start.line, "startColumn": start.column });
        let span = finding.and_then(|f| f.span);
        if let Some((start, end)) = span.and_then(|s| locator.physical_span_in_chars(pos, s)) {
            region = json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            });
        }
        let artifact = match Path::new(file).strip_prefix(self.source_root) {
            Ok(relative) => json!({
                "uri": relative_uri(relative),
                "uriBaseId": "%SRCROOT%",
            }),
            Err(_) => json!({ "uri": file_uri(Path::new(file)) }),
        };
        Some(json!({ "artifactLocation": artifact, "region": region }))
    }
}

/// The log's outer layers, around results already made.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    results: &'a [Box<RawValue>],
}

/// The rule of a kind of finding, and its index in [`RULES`].
fn rule_of(kind: &Kind) -> (usize, &'static Rule) {
    let id = match kind {
        Kind::MovedToHeap { .. } => "moved_to_heap",
        Kind::Alloc { escapes: true, .. } => "escapes",
        Kind::Alloc { escapes: false, .. } => "does_not_escape",
        Kind::ZeroCopyBytes => "zero_copy_bytes",
        Kind::Param { leak, .. } => match leak {
            ParamLeak::Heap { content: false } => "leaking_param",
            ParamLeak::Heap { content: true } => "leaking_param_content",
            ParamLeak::Result { .. } => "leaking_param_to_result",
            ParamLeak::None => "param_does_not_escape",
            ParamLeak::Mutated { .. } => "mutates_param",
            ParamLeak::Called { .. } => "calls_param",
            ParamLeak::Untouched => "param_untouched",
        },
        Kind::AssumedUnsafeUintptr { .. } => "assumed_unsafe_uintptr",
        Kind::EscapingUintptr { .. } => "escaping_uintptr",
        Kind::SelfAssignment { .. } => "ignored_self_assignment",
        Kind::Captured { .. } => "captured",
        Kind::Devirtualized(Devirtualization::Direct { .. }) => "devirtualized",
        Kind::Devirtualized(Devirtualization::ImpreciseInterfaceCall) => "imprecise_interface_call",
        Kind::BoundsCheckElided => "bounds_check_elided",
        Kind::Explanation(explanation) => match explanation.outcome {
            goescape_escape::Outcome::Escapes { .. } => "escape_explanation",
            goescape_escape::Outcome::Leaks { .. } => "leak_explanation",
        },
    };
    RULES
        .iter()
        .enumerate()
        .find(|(_, rule)| rule.id == id)
        .expect("every kind has a rule")
}

/// A relative path as a URI reference: segments percent-encoded where
/// RFC 3986 requires, `/` between them.
fn relative_uri(path: &Path) -> String {
    let segments: Vec<String> = path
        .components()
        .map(|c| percent_encode(&c.as_os_str().to_string_lossy()))
        .collect();
    segments.join("/")
}

/// An absolute path as a `file://` URI.
fn file_uri(path: &Path) -> String {
    format!(
        "file:///{}",
        relative_uri(path.strip_prefix("/").unwrap_or(path))
    )
}

/// A directory as a `file://` URI ending in `/`, as SARIF wants base URIs.
fn directory_uri(path: &Path) -> String {
    let uri = file_uri(path);
    if uri.ends_with('/') {
        uri
    } else {
        uri + "/"
    }
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for &byte in segment.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: a fingerprint that is the same on every machine and
/// in every version (std's hashers promise neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(relative_uri(Path::new("a b/c.go")), "a%20b/c.go");
        assert_eq!(
            file_uri(Path::new("/usr/local/go/src/fmt/print.go")),
            "file:///usr/local/go/src/fmt/print.go"
        );
        assert_eq!(
            directory_uri(Path::new("/home/me/mod")),
            "file:///home/me/mod/"
        );
    }

    #[test]
    fn fingerprints_are_fnv1a() {
        // The published FNV-1a test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
