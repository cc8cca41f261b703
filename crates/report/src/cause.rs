//! Why a heap site is on the heap, in plain words: each variable moved to
//! the heap and each allocation that escapes, classified by the path its
//! `-m=2` explanation found (the root the path reaches and the step that
//! puts it there). One classification for every presentation: `explain`
//! prints it, `--format json` records carry its [`Cause::id`].

use std::collections::HashMap;

use goescape_escape::{
    AllocSite, Explanation, Finding, Flow, Kind, Outcome, Place, Reason,
    MAX_IMPLICIT_STACK_VAR_SIZE, MAX_STACK_VAR_SIZE,
};
use goescape_ir::Pos;

/// Why a heap site is on the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// It (or its address) is returned by its function.
    Returned,
    /// Its address is stored in a variable that lives longer: a named
    /// result, a variable declared outside the loop, or a variable of an
    /// enclosing function.
    OutlivedByVariable { var: String },
    /// Stored in a package-level variable.
    StoredInGlobal { var: String },
    /// Stored through a pointer, into a slice element, a map or a field
    /// of memory the compiler must assume is on the heap; `stmt` is the
    /// statement as gc prints it.
    StoredIntoHeapMemory { stmt: String },
    /// Stored in another allocation (`storage`, as gc prints it) that
    /// itself escapes.
    StoredInEscapingValue { storage: String },
    /// Sent on a channel.
    SentOnChannel,
    /// Captured by reference by a closure that escapes.
    CapturedByClosure,
    /// Converted to an interface (boxed) and passed to `call`, which lets
    /// its argument escape (fmt.Println and friends).
    InterfaceArgument { call: String },
    /// Passed to `call`, whose parameter leaks to the heap.
    LeakingParam { call: String },
    /// Passed to `call` through a function value or an interface method,
    /// which the compiler cannot see into.
    UnknownCallee { call: String },
    /// `size` bytes, over the stack's `limit` for its kind of allocation.
    TooLarge { size: i64, limit: i64 },
    /// Flows to the heap by a step none of the others covers (`what`, as
    /// gc prints it), such as the closure of a `go` statement.
    ReachesHeap { what: String },
    /// Aligned beyond what the stack guarantees.
    TooAligned,
    /// A `make` of zero-sized elements, which gc always puts on the heap.
    ZeroSizedElements,
    /// The analysis gave no explanation (below `-m=2`, or a path gc does
    /// not explain).
    Unexplained,
}

/// Every [`Cause::id`], in the order summaries list them.
pub const CAUSE_IDS: [&str; 15] = [
    "returned",
    "outlived-by-variable",
    "stored-in-global",
    "stored-into-heap-memory",
    "stored-in-escaping-value",
    "sent-on-channel",
    "captured-by-closure",
    "interface-argument",
    "leaking-param",
    "unknown-callee",
    "reaches-heap",
    "too-large",
    "too-aligned",
    "zero-sized-elements",
    "unexplained",
];

impl Cause {
    /// A stable kebab-case name, for filters and JSON.
    pub fn id(&self) -> &'static str {
        match self {
            Cause::Returned => "returned",
            Cause::OutlivedByVariable { .. } => "outlived-by-variable",
            Cause::StoredInGlobal { .. } => "stored-in-global",
            Cause::StoredIntoHeapMemory { .. } => "stored-into-heap-memory",
            Cause::StoredInEscapingValue { .. } => "stored-in-escaping-value",
            Cause::SentOnChannel => "sent-on-channel",
            Cause::CapturedByClosure => "captured-by-closure",
            Cause::InterfaceArgument { .. } => "interface-argument",
            Cause::LeakingParam { .. } => "leaking-param",
            Cause::UnknownCallee { .. } => "unknown-callee",
            Cause::ReachesHeap { .. } => "reaches-heap",
            Cause::TooLarge { .. } => "too-large",
            Cause::TooAligned => "too-aligned",
            Cause::ZeroSizedElements => "zero-sized-elements",
            Cause::Unexplained => "unexplained",
        }
    }

    /// What the cause with id `id` is in general, for summaries.
    pub fn summary(id: &str) -> Option<&'static str> {
        Some(match id {
            "returned" => "returned to the caller",
            "outlived-by-variable" => "stored in a variable that outlives it",
            "stored-in-global" => "stored in a package-level variable",
            "stored-into-heap-memory" => "stored into memory on the heap",
            "stored-in-escaping-value" => "stored in another value that escapes",
            "sent-on-channel" => "sent on a channel",
            "captured-by-closure" => "captured by a closure that escapes",
            "interface-argument" => "converted to an interface and passed on",
            "leaking-param" => "passed to a parameter that leaks",
            "unknown-callee" => "passed to a call the compiler cannot see",
            "reaches-heap" => "flows to the heap otherwise",
            "too-large" => "too large for the stack",
            "too-aligned" => "too aligned for the stack",
            "zero-sized-elements" => "make of zero-sized elements",
            "unexplained" => "no explanation",
            _ => return None,
        })
    }

    /// The cause as a sentence about the site.
    pub fn sentence(&self) -> String {
        match self {
            Cause::Returned => {
                "it is returned to the caller, so it must outlive this call".to_owned()
            }
            Cause::OutlivedByVariable { var } => format!(
                "its address is stored in `{var}`, which lives longer (a named result, a \
                 variable declared outside the loop, or one of an enclosing function)"
            ),
            Cause::StoredInGlobal { var } => {
                format!("it is stored in the package-level variable `{var}`")
            }
            Cause::StoredIntoHeapMemory { stmt } => format!(
                "`{stmt}` stores it through a pointer, into a slice, map or field the \
                 compiler must assume is on the heap"
            ),
            Cause::StoredInEscapingValue { storage } => {
                format!("it is stored in `{storage}`, which itself escapes to the heap")
            }
            Cause::SentOnChannel => {
                "it is sent on a channel, so another goroutine may keep it".to_owned()
            }
            Cause::CapturedByClosure => {
                "a closure that escapes captures it by reference".to_owned()
            }
            Cause::InterfaceArgument { call } => format!(
                "it is converted to an interface (boxed) and passed to `{call}`, which lets \
                 its argument escape"
            ),
            Cause::LeakingParam { call } => {
                format!("it is passed to `{call}`, whose parameter leaks to the heap")
            }
            Cause::UnknownCallee { call } => format!(
                "it is passed to `{call}`, a call through a function value or an interface \
                 method the compiler cannot see into, so it assumes the argument escapes"
            ),
            Cause::TooLarge { size, limit } => format!(
                "it is {} (limits: {} for a variable, {} for new, &T{{...}}, make and \
                 closures), over the {} that applies here",
                bytes(*size),
                bytes(MAX_STACK_VAR_SIZE),
                bytes(MAX_IMPLICIT_STACK_VAR_SIZE),
                bytes(*limit)
            ),
            Cause::ReachesHeap { what } => format!("it flows to the heap through `{what}`"),
            Cause::TooAligned => "it is aligned beyond what the stack guarantees".to_owned(),
            Cause::ZeroSizedElements => {
                "gc puts every make of zero-sized elements on the heap".to_owned()
            }
            Cause::Unexplained => "the analysis recorded no path for it".to_owned(),
        }
    }
}

/// A size in KiB when whole, in bytes otherwise.
fn bytes(size: i64) -> String {
    if size % 1024 == 0 {
        format!("{} KiB", size / 1024)
    } else {
        format!("{size} bytes")
    }
}

/// A variable moved to the heap or an allocation that escapes, with the
/// explanation that says why (when the findings carry one).
#[derive(Clone, Copy, Debug)]
pub struct HeapSite<'a> {
    pub finding: &'a Finding,
    /// The variable or the allocation, as gc prints it.
    pub subject: &'a str,
    /// A variable moved to the heap (rather than an allocation).
    pub variable: bool,
    pub alloc_site: AllocSite,
    pub explanation: Option<&'a Explanation>,
}

impl HeapSite<'_> {
    /// Why it is on the heap.
    pub fn cause(&self) -> Cause {
        match self.explanation {
            Some(explanation) => classify(explanation, self.alloc_site),
            None => Cause::Unexplained,
        }
    }
}

/// The heap site a finding is, if it is one.
pub fn heap_site(finding: &Finding) -> Option<HeapSite<'_>> {
    match &finding.kind {
        Kind::MovedToHeap { var } => Some(HeapSite {
            finding,
            subject: var,
            variable: true,
            alloc_site: AllocSite::Other,
            explanation: None,
        }),
        Kind::Alloc {
            subject,
            escapes: true,
            site,
        } => Some(HeapSite {
            finding,
            subject,
            variable: false,
            alloc_site: *site,
            explanation: None,
        }),
        _ => None,
    }
}

/// The heap sites among one package's findings, in their order, each
/// with the first explanation of its escape (gc prints explanations at
/// the site's position, before its verdict).
pub fn heap_sites(findings: &[Finding]) -> Vec<HeapSite<'_>> {
    let mut explanations: HashMap<Pos, Vec<&Explanation>> = HashMap::new();
    for finding in findings {
        if let Kind::Explanation(explanation) = &finding.kind {
            if matches!(explanation.outcome, Outcome::Escapes { .. }) {
                explanations
                    .entry(finding.pos)
                    .or_default()
                    .push(explanation);
            }
        }
    }
    findings
        .iter()
        .filter_map(heap_site)
        .map(|mut site| {
            site.explanation = explanations
                .get(&site.finding.pos)
                .and_then(|at| at.iter().find(|e| explains(e, site.subject)).copied());
            site
        })
        .collect()
}

/// Whether an explanation is about the site named `subject` (gc names an
/// append's backing array `append` in the verdict, in full in the
/// explanation).
fn explains(explanation: &Explanation, subject: &str) -> bool {
    explanation.subject == subject
        || (subject == "append" && explanation.subject.starts_with("append("))
}

/// The cause of an escape, from the root its path reaches and the step
/// that reaches it.
fn classify(explanation: &Explanation, site: AllocSite) -> Cause {
    for step in explanation.steps() {
        match step.why {
            Reason::TooLargeForStack { size, limit } => return Cause::TooLarge { size, limit },
            Reason::TooAlignedForStack => return Cause::TooAligned,
            Reason::ZeroSizedElement => return Cause::ZeroSizedElements,
            _ => {}
        }
    }
    let Some(last) = explanation.flows.last() else {
        return Cause::Unexplained;
    };
    match &last.dst {
        Place::Var(var) if is_result(var) || returns(last) => Cause::Returned,
        Place::Var(var) => Cause::OutlivedByVariable { var: var.clone() },
        Place::Storage(storage) => {
            if explanation
                .steps()
                .any(|step| step.why == Reason::CapturedByClosure)
            {
                Cause::CapturedByClosure
            } else {
                Cause::StoredInEscapingValue {
                    storage: storage.clone(),
                }
            }
        }
        Place::Heap | Place::Temp => into_heap(explanation, site),
    }
}

/// gc's names for unnamed results: `~r0`, `~r1`, ...
fn is_result(var: &str) -> bool {
    var.strip_prefix("~r")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn returns(flow: &Flow) -> bool {
    flow.steps.iter().any(|step| step.why == Reason::Return)
}

/// The cause of a path into the heap itself, by its last step (the last
/// flows may have none: `{heap} ← *{temp}` after a call's temporary).
fn into_heap(explanation: &Explanation, site: AllocSite) -> Cause {
    let last_step = explanation
        .flows
        .iter()
        .rev()
        .find_map(|flow| flow.steps.last());
    let Some(step) = last_step else {
        return Cause::Unexplained;
    };
    let what = step.what.clone();
    let call = || callee(&step.what).to_owned();
    match step.why {
        Reason::UnknownCalleeParameter => Cause::UnknownCallee { call: call() },
        Reason::CallParameter if site == AllocSite::InterfaceConversion => {
            Cause::InterfaceArgument { call: call() }
        }
        // append stores its arguments in the backing array, which is on
        // the heap when the slice is.
        Reason::CallParameter if callee(&what) == "append" => {
            Cause::StoredIntoHeapMemory { stmt: what }
        }
        Reason::CallParameter => Cause::LeakingParam { call: call() },
        Reason::Send => Cause::SentOnChannel,
        Reason::Assign
        | Reason::AssignPair
        | Reason::AssignPairDotType
        | Reason::AssignPairMapRead
        | Reason::AssignPairReceive => match assigned_global(&what) {
            Some(var) => Cause::StoredInGlobal { var },
            None => Cause::StoredIntoHeapMemory { stmt: what },
        },
        Reason::MapKeyPut | Reason::AppendeeSlice | Reason::AppendedSlice => {
            Cause::StoredIntoHeapMemory { stmt: what }
        }
        _ => Cause::ReachesHeap { what },
    }
}

/// The function a call (as gc prints it) calls: the text before the
/// parenthesis that opens its arguments.
fn callee(call: &str) -> &str {
    if !call.ends_with(')') {
        return call;
    }
    let mut depth = 0;
    for (i, c) in call.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return &call[..i];
                }
            }
            _ => {}
        }
    }
    call
}

/// The variable an assignment straight into the heap stores to, when it
/// is one bare name: locals have locations of their own, so a bare name
/// that is the heap is a package-level variable. (A qualified name
/// `pkg.V`, or a field of a global struct, reads like a store through a
/// pointer and is classified as one.)
fn assigned_global(stmt: &str) -> Option<String> {
    let (lhs, _) = stmt.split_once(" = ")?;
    let lhs = lhs.trim();
    let bare = !lhs.is_empty() && lhs.chars().all(|c| c.is_alphanumeric() || c == '_');
    bare.then(|| lhs.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cause_id_is_listed_once() {
        let causes = [
            Cause::Returned,
            Cause::OutlivedByVariable { var: "q".into() },
            Cause::StoredInGlobal { var: "g".into() },
            Cause::StoredIntoHeapMemory {
                stmt: "*p = x".into(),
            },
            Cause::StoredInEscapingValue {
                storage: "&T{...}".into(),
            },
            Cause::SentOnChannel,
            Cause::CapturedByClosure,
            Cause::InterfaceArgument {
                call: "f(x)".into(),
            },
            Cause::LeakingParam {
                call: "f(x)".into(),
            },
            Cause::UnknownCallee {
                call: "f(x)".into(),
            },
            Cause::ReachesHeap {
                what: "func literal".into(),
            },
            Cause::TooLarge {
                size: 1 << 20,
                limit: MAX_STACK_VAR_SIZE,
            },
            Cause::TooAligned,
            Cause::ZeroSizedElements,
            Cause::Unexplained,
        ];
        let ids: Vec<&str> = causes.iter().map(Cause::id).collect();
        assert_eq!(ids, CAUSE_IDS);
        for id in CAUSE_IDS {
            assert!(Cause::summary(id).is_some(), "{id}");
        }
        assert_eq!(Cause::summary("no such cause"), None);
    }

    /// `w := &T{m: make(...)}; w.walk(t)`: the last flow, from the
    /// call's temporary into the heap, has no step of its own.
    #[test]
    fn a_path_into_the_heap_is_classified_by_its_last_step() {
        let step = |what: &str, why| goescape_escape::Step {
            what: what.to_owned(),
            why,
            at: Pos::default(),
        };
        let explanation = Explanation {
            subject: "make(map[string]int)".to_owned(),
            func: Some("F".to_owned()),
            outcome: Outcome::Escapes { direct: false },
            flows: vec![
                Flow {
                    dst: Place::Temp,
                    src: Place::Var("w".to_owned()),
                    derefs: 0,
                    steps: vec![step("(*T).walk(w, t)", Reason::CallParameter)],
                    src_pos: Pos::NONE,
                },
                Flow {
                    dst: Place::Heap,
                    src: Place::Temp,
                    derefs: 1,
                    steps: vec![],
                    src_pos: Pos::NONE,
                },
            ],
            truncated: false,
        };
        let call = "(*T).walk".to_owned();
        assert_eq!(
            classify(&explanation, AllocSite::Other),
            Cause::LeakingParam { call: call.clone() }
        );
        assert_eq!(
            classify(&explanation, AllocSite::InterfaceConversion),
            Cause::InterfaceArgument { call }
        );
    }

    #[test]
    fn only_a_bare_name_is_taken_for_a_global() {
        assert_eq!(assigned_global("current = c"), Some("current".to_owned()));
        assert_eq!(assigned_global("t.p = &y"), None);
        assert_eq!(assigned_global("*pp = &z"), None);
        assert_eq!(assigned_global("s[0] = &w"), None);
        assert_eq!(assigned_global("f(x)"), None);
    }

    #[test]
    fn a_callee_is_the_call_without_its_arguments() {
        assert_eq!(callee("fmt.Println(... argument...)"), "fmt.Println");
        assert_eq!(callee("(*sync.Pool).Put(pool, b[:0])"), "(*sync.Pool).Put");
        assert_eq!(callee("f(g(x))"), "f");
        assert_eq!(callee("append"), "append");
    }

    #[test]
    fn the_schema_lists_every_cause() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../docs/schema/finding.schema.json"))
                .expect("the schema is JSON");
        let listed: Vec<&str> = schema["properties"]["cause"]["enum"]
            .as_array()
            .expect("cause has an enum")
            .iter()
            .filter_map(|id| id.as_str())
            .collect();
        assert_eq!(listed, CAUSE_IDS);
    }

    #[test]
    fn sizes_read_in_kib_when_whole() {
        let cause = Cause::TooLarge {
            size: 1 << 20,
            limit: MAX_STACK_VAR_SIZE,
        };
        assert!(cause.sentence().starts_with("it is 1024 KiB"));
        assert!(cause
            .sentence()
            .ends_with("over the 128 KiB that applies here"));
        assert_eq!(bytes(65_537), "65537 bytes");
    }
}
