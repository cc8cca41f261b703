//! Compares goescape's constant arithmetic with Go's own, case by case.
//!
//! The test generates a table of queries (values built from literals and
//! operations, then printed, compared, converted, shifted or checked for
//! representability), answers them with `goescape_types::constant`, and
//! has `tests/constcheck` (a small Go program using go/constant and
//! go/types) answer the same queries with the local `go` toolchain. The
//! query language is documented in `tests/constcheck/main.go`.
//!
//! Without a `go` command the test is skipped, unless GOESCAPE_REQUIRE_GO
//! is set, in which case it fails.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use goescape_types::constant::{
    representable, BasicKind, BinaryOp, CompareOp, ConstError, Kind, ShiftOp, UnaryOp,
    Unrepresentable, Value, MAX_UNTYPED_INT_BITS,
};

#[test]
fn constant_arithmetic_matches_go() {
    let Some(go) = find_go() else {
        assert!(
            std::env::var_os("GOESCAPE_REQUIRE_GO").is_none(),
            "GOESCAPE_REQUIRE_GO is set but no `go` command was found"
        );
        println!("skipped: no `go` command found (set GOESCAPE_REQUIRE_GO to make this an error)");
        return;
    };
    let queries = generate_queries();
    let expected = run_oracle(&go, &queries);
    assert_eq!(
        expected.len(),
        queries.len(),
        "the oracle answers every query"
    );
    let mismatches: Vec<String> = queries
        .iter()
        .zip(&expected)
        .filter_map(|(query, want)| {
            let got = answer(query);
            let differs = got != *want && !known_go_divergence(query, want, &got);
            differs.then(|| format!("{query}\n    go:       {want}\n    goescape: {got}"))
        })
        .collect();
    println!(
        "{} queries compared with go/constant and go/types",
        queries.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} answers differ from Go's:\n{}",
        mismatches.len(),
        queries.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Where Go is wrong and goescape deliberately is not:
/// - `big.Rat.Float32`/`Float64` call a value that underflows far below the
///   smallest denormal to zero "exact";
/// - go/constant divides `math.MinInt64 / -1` in int64 arithmetic, which
///   wraps to `math.MinInt64` instead of giving 2^63.
fn known_go_divergence(query: &str, go: &str, goescape: &str) -> bool {
    let signed_zero = |answer: &str, exact: &str| {
        answer.split_once('|').is_some_and(|(bits, flag)| {
            let sign_bit = 1u64 << (bits.len() * 4 - 1);
            let magnitude = u64::from_str_radix(bits, 16).map(|b| b & !sign_bit);
            flag == exact && magnitude == Ok(0)
        })
    };
    let underflow_called_exact = (query.starts_with("f32 ") || query.starts_with("f64 "))
        && signed_zero(go, "true")
        && signed_zero(goescape, "false")
        && go.split('|').next() == goescape.split('|').next();
    let wrapped_division = query.ends_with("( div ( neg i:9223372036854775808 ) ( neg i:1 ) )")
        && go == "Int|-9223372036854775808|-9223372036854775808"
        && goescape == "Int|9223372036854775808|9223372036854775808";
    underflow_called_exact || wrapped_division
}

fn find_go() -> Option<PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("go"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("GOROOT").map(|root| Path::new(&root).join("bin/go")))
        .chain([PathBuf::from("/usr/local/go/bin/go")]);
    candidates.into_iter().find(|candidate| candidate.is_file())
}

fn run_oracle(go: &Path, queries: &[String]) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/constcheck");
    let mut command = Command::new(go);
    command
        .args(["run", "."])
        .current_dir(&dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOWORK", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let no_cache_home = ["GOCACHE", "XDG_CACHE_HOME", "HOME"]
        .iter()
        .all(|var| std::env::var_os(var).is_none());
    if no_cache_home {
        command.env(
            "GOCACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-build"),
        );
    }
    let mut child = command.spawn().expect("start go run");
    let input = queries.join("\n") + "\n";
    let mut stdin = child.stdin.take().expect("oracle stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("run the oracle");
    writer
        .join()
        .expect("writer thread")
        .expect("write queries");
    assert!(
        output.status.success(),
        "the Go oracle failed: {}",
        output.status
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8 answers")
        .lines()
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------
// Answering queries with goescape

fn answer(query: &str) -> String {
    let words: Vec<&str> = query.split_whitespace().collect();
    let (verb, args) = (words[0], &words[1..]);
    let value = |args: &[&str]| eval(args).map(|(v, _)| v);
    let show_result = |result: Result<Value, ConstError>| {
        result.map_or_else(|_| "error".to_owned(), |v| show(&v))
    };
    match verb {
        "val" => show_result(value(args)),
        "cmp" => {
            let op = comparison(args[0]);
            let pair = eval(&args[1..]).and_then(|(x, rest)| Ok((x, eval(rest)?.0)));
            pair.and_then(|(x, y)| x.compare(op, &y))
                .map_or_else(|_| "error".to_owned(), |b| b.to_string())
        }
        "f64" | "f32" | "i64" | "u64" | "sign" | "bitlen" => match value(args) {
            Ok(v) => extract(verb, &v),
            Err(_) => "error".to_owned(),
        },
        "shift" => {
            let pair = eval(&args[1..]).and_then(|(x, rest)| Ok((x, eval(rest)?.0)));
            match pair {
                Ok((x, count)) => shift(&x, args[0], &count),
                Err(_) => "error".to_owned(),
            }
        }
        "repr" => match value(&args[1..]) {
            Ok(v) => represent(&v, args[0]),
            Err(_) => "error".to_owned(),
        },
        _ => panic!("unknown query {query}"),
    }
}

fn show(v: &Value) -> String {
    format!("{:?}|{}|{}", v.kind(), v, v.exact_string())
}

/// The extraction queries; go/constant rejects values of the wrong kind.
fn extract(verb: &str, v: &Value) -> String {
    let allowed = matches!(
        (verb, v.kind()),
        (_, Kind::Unknown | Kind::Int)
            | ("f64" | "f32" | "sign", Kind::Float)
            | ("sign", Kind::Complex)
    );
    if !allowed {
        return "error".to_owned();
    }
    match verb {
        "f64" => {
            let (x, exact) = v.float64();
            format!("{:016x}|{exact}", x.to_bits())
        }
        "f32" => {
            let (x, exact) = v.float32();
            format!("{:08x}|{exact}", x.to_bits())
        }
        "i64" => v.int64().map_or("inexact".to_owned(), |x| x.to_string()),
        "u64" => v.uint64().map_or("inexact".to_owned(), |x| x.to_string()),
        "sign" => v.sign().to_string(),
        _ => v.bit_len().to_string(),
    }
}

fn shift(x: &Value, op: &str, count: &Value) -> String {
    if x.is_unknown() || count.is_unknown() {
        return show(&Value::unknown());
    }
    let op = if op == "<<" {
        ShiftOp::Left
    } else {
        ShiftOp::Right
    };
    match x.shift(op, count) {
        // The checker's limit on untyped integers.
        Ok(v) if v.bit_len() > MAX_UNTYPED_INT_BITS => "err|overflow".to_owned(),
        Ok(v) => show(&v),
        Err(ConstError::NegativeShiftCount) => "err|negative".to_owned(),
        Err(ConstError::InvalidShiftCount) => "err|count".to_owned(),
        Err(ConstError::NonIntegerShiftOperand) => "err|operand".to_owned(),
        Err(error) => format!("err|{error}"),
    }
}

fn represent(v: &Value, type_name: &str) -> String {
    if v.is_unknown() {
        return "unknown".to_owned();
    }
    let kind = TYPES
        .iter()
        .find(|(name, _)| *name == type_name)
        .expect("known type")
        .1;
    match representable(v, kind) {
        Ok(rounded) => format!("ok|{}", show(&rounded)),
        Err(Unrepresentable::Overflow) => "err|overflows".to_owned(),
        Err(Unrepresentable::Truncated) => "err|truncated".to_owned(),
        Err(Unrepresentable::Mismatch) => "err|mismatch".to_owned(),
    }
}

const TYPES: [(&str, BasicKind); 17] = [
    ("bool", BasicKind::Bool),
    ("int", BasicKind::Int),
    ("int8", BasicKind::Int8),
    ("int16", BasicKind::Int16),
    ("int32", BasicKind::Int32),
    ("int64", BasicKind::Int64),
    ("uint", BasicKind::Uint),
    ("uint8", BasicKind::Uint8),
    ("uint16", BasicKind::Uint16),
    ("uint32", BasicKind::Uint32),
    ("uint64", BasicKind::Uint64),
    ("uintptr", BasicKind::Uintptr),
    ("float32", BasicKind::Float32),
    ("float64", BasicKind::Float64),
    ("complex64", BasicKind::Complex64),
    ("complex128", BasicKind::Complex128),
    ("string", BasicKind::String),
];

fn comparison(op: &str) -> CompareOp {
    match op {
        "==" => CompareOp::Eq,
        "!=" => CompareOp::Ne,
        "<" => CompareOp::Lt,
        "<=" => CompareOp::Le,
        ">" => CompareOp::Gt,
        _ => CompareOp::Ge,
    }
}

fn binary(op: &str) -> Option<BinaryOp> {
    Some(match op {
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "div" => BinaryOp::IntDiv,
        "%" => BinaryOp::Rem,
        "&" => BinaryOp::And,
        "|" => BinaryOp::Or,
        "^" => BinaryOp::Xor,
        "&^" => BinaryOp::AndNot,
        "&&" => BinaryOp::LogicalAnd,
        "||" => BinaryOp::LogicalOr,
        _ => return None,
    })
}

/// Evaluates one prefix expression; returns it and the words after it.
fn eval<'a, 'b>(words: &'a [&'b str]) -> Result<(Value, &'a [&'b str]), ConstError> {
    let (&word, rest) = words.split_first().expect("an expression");
    if word != "(" {
        return Ok((atom(word), rest));
    }
    let (&op, mut rest) = rest.split_first().expect("an operator");
    let mut unsigned_bits = None;
    if op == "cpl" {
        let bits: u32 = rest[0].parse().expect("complement width");
        unsigned_bits = (bits > 0).then_some(bits);
        rest = &rest[1..];
    }
    let mut args = Vec::new();
    while rest[0] != ")" {
        let (arg, tail) = eval(rest)?;
        args.push(arg);
        rest = tail;
    }
    let result = match (op, args.as_slice()) {
        ("neg", [x]) => x.unary_op(UnaryOp::Neg)?,
        ("pos", [x]) => x.unary_op(UnaryOp::Plus)?,
        ("not", [x]) => x.unary_op(UnaryOp::Not)?,
        ("cpl", [x]) => x.unary_op(UnaryOp::Complement { unsigned_bits })?,
        ("toint", [x]) => x.to_int(),
        ("tofloat", [x]) => x.to_float(),
        ("tocomplex", [x]) => x.to_complex(),
        ("real", [x]) => x.real(),
        ("imag", [x]) => x.imag(),
        ("str", [x]) => x.to_rune_string(),
        ("complex", [re, im]) => Value::complex(re, im),
        (op, [x, y]) => x.binary_op(binary(op).expect("binary operator"), y)?,
        _ => panic!("bad operation {op}"),
    };
    Ok((result, &rest[1..]))
}

fn atom(word: &str) -> Value {
    let (tag, text) = word.split_once(':').expect("tagged atom");
    let malformed_is_unknown = |v: Option<Value>| v.unwrap_or_else(Value::unknown);
    match tag {
        "i" => malformed_is_unknown(Value::from_int_literal(text)),
        "f" => malformed_is_unknown(Value::from_float_literal(text)),
        "j" => malformed_is_unknown(Value::from_imaginary_literal(text)),
        "c" => Value::from_char(
            text.parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .expect("code point"),
        ),
        "s" => Value::from_string(decode_hex(text)),
        "b" => Value::from_bool(text == "true"),
        "d" => Value::from_f64(f64::from_bits(
            u64::from_str_radix(text, 16).expect("float bits"),
        )),
        "u" => Value::unknown(),
        _ => panic!("bad atom {word}"),
    }
}

fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex byte"))
        .collect()
}

fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------
// The table

/// Integer literals, some negated: `(neg …)` since literals carry no sign.
const INTS: &[&str] = &[
    "i:0",
    "i:1",
    "i:2",
    "i:3",
    "i:7",
    "i:10",
    "i:127",
    "i:128",
    "i:255",
    "i:256",
    "i:65535",
    "i:0x7fffffff",
    "i:0x80000000",
    "i:4294967295",
    "i:0x7fffffffffffffff",
    "i:9223372036854775808",
    "i:0xffffffffffffffff",
    "i:18446744073709551616",
    "i:1267650600228229401496703205376",
    "i:0777",
    "i:0o17",
    "i:0b1011",
    "i:1_000_000",
    "i:0X_dead_BEEF",
    "( neg i:1 )",
    "( neg i:7 )",
    "( neg i:128 )",
    "( neg i:129 )",
    "( neg i:9223372036854775808 )",
    "( neg i:9223372036854775809 )",
    "( neg i:1267650600228229401496703205376 )",
];

const FLOATS: &[&str] = &[
    "f:0.0",
    "f:0.1",
    "f:0.5",
    "f:1.5",
    "f:2.0",
    "f:2.5",
    "f:3.0",
    "f:1e-7",
    "f:100000.5",
    "f:123456789.0",
    "f:1e20",
    "f:1e21",
    "f:0.000123",
    "f:1e100",
    "f:1e308",
    "f:1.7976931348623157e308",
    "f:1e309",
    "f:0x1.fffffffffffff8p1023",
    "f:0x1.fffffffffffff7ffp1023",
    "f:4.9e-324",
    "f:2.4703282292062328e-324",
    "f:2.4703282292062327e-324",
    "f:2e-324",
    "f:1e-400",
    "f:3.4028235e38",
    "f:3.4028236e38",
    "f:1e39",
    "f:1.4e-45",
    "f:0.7e-45",
    "f:0.71e-45",
    "f:1.1754943508222875e-38",
    "f:16777217.0",
    "f:0x1p-2",
    "f:0x1.8p1",
    "f:0X_1FFFP-16",
    "f:0x1p-1074",
    "f:0x1p-1075",
    "f:0x1p-149",
    "f:6.02214076e23",
    "f:1e2000",
    "f:1.5e-2000",
    "f:1e100000",
    "f:1e-100000",
    "f:0x1p5000",
    "f:0x1p-5000",
    "f:123456789e-5000",
    "f:1e1000000000",
    "f:1e-1000000000",
    "f:9.999999999999999e22",
    "f:0.30000000000000004",
    "f:1_0.2_5",
    "f:0777.5",
    "f:.5",
    "f:1.",
    "( neg f:0.1 )",
    "( neg f:2.5 )",
    "( neg f:1e2000 )",
    "( neg f:1e-100000 )",
    "( / i:1 i:3 )",
    "( / i:2 i:3 )",
    "( / f:1e3000 i:3 )",
    "( * f:1e2000 f:1.5e-2000 )",
];

const COMPLEXES: &[&str] = &[
    "j:1i",
    "j:0i",
    "j:2.5i",
    "j:0x1p2i",
    "j:0777i",
    "j:0b101i",
    "j:1e2000i",
    "( complex i:1 i:2 )",
    "( complex f:0.1 f:0.2 )",
    "( complex f:3.0 i:0 )",
    "( complex f:1e39 f:1e-46 )",
    "( complex ( neg f:1.5 ) ( neg i:4 ) )",
];

/// Values near the ends of big.Float's exponent range, for a few queries
/// only: Go adds such numbers exactly, shifting by billions of bits.
const EXTREMES: &[&str] = &[
    "f:1e600000000",
    "f:1e-600000000",
    "( complex f:1e-600000000 f:1e-600000000 )",
];

const OTHERS: &[&str] = &[
    "b:true",
    "b:false",
    "u:",
    "c:97",
    "c:233",
    "c:128512",
    "c:0",
    "c:1114111",
];

/// Strings exercising quoting and abbreviation.
fn strings() -> Vec<String> {
    let samples: [&[u8]; 10] = [
        b"",
        b"abc",
        "héllo, 世界 😀".as_bytes(),
        b"\x00\x07\x08\x0c\n\r\t\x0b\x1b\x7f\"\\'",
        b"\xff\xfe\xe2\x82 \xed\xa0\x80",
        "\u{a0}\u{ad}\u{200b}\u{2028}\u{2029}\u{e000}\u{feff}\u{fffd}\u{10ffff}\u{e0001}"
            .as_bytes(),
        "a\u{301}\u{301}\u{20dd}\u{1f1e6}\u{1f3fb}".as_bytes(),
        "\u{378}\u{85}\u{61c}\u{1d173}\u{f0000}".as_bytes(),
        &[b'x'; 71],
        &[b'y'; 200],
    ];
    let mut out: Vec<String> = samples
        .iter()
        .map(|s| format!("s:{}", encode_hex(s)))
        .collect();
    out.push(format!("s:{}", encode_hex("é".repeat(80).as_bytes())));
    out.push(format!("s:{}", encode_hex(b"\n".repeat(40).as_slice())));
    out
}

/// A deterministic xorshift generator, so failures reproduce.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A random decimal or hexadecimal float literal, from tiny to huge.
    fn float_literal(&mut self) -> String {
        let digits: String = (0..1 + self.below(25))
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect();
        let point = self.below(digits.len() as u64 + 1) as usize;
        let exp = self.below(700) as i64 - 350;
        match self.below(5) {
            0 => format!(
                "f:0x{:x}.{:x}p{}",
                self.next() >> 40,
                self.next() >> 50,
                exp * 3
            ),
            1 => format!("f:{}.{}e{}", &digits[..point], &digits[point..], exp * 20),
            _ => format!("f:{}.{}e{}", &digits[..point], &digits[point..], exp),
        }
    }

    fn int_literal(&mut self) -> String {
        let bits = self.below(140) as u32;
        let value = u128::from(self.next()) << 64 | u128::from(self.next());
        format!("i:{}", value >> (128 - bits.min(127)))
    }

    /// A random float64, now and then a special one (NaN, ±Inf, -0).
    fn float64(&mut self) -> String {
        let specials = [
            0x7ff8000000000000u64,
            0x7ff0000000000000,
            0xfff0000000000000,
            0x8000000000000000,
            1,
            0x000fffffffffffff,
        ];
        let bits = if self.below(10) == 0 {
            specials[self.below(6) as usize]
        } else {
            self.next()
        };
        format!("d:{bits:x}")
    }
}

fn generate_queries() -> Vec<String> {
    let mut random = Random(0x9e3779b97f4a7c15);
    let strings = strings();
    let mut numbers: Vec<String> = INTS
        .iter()
        .chain(FLOATS)
        .chain(COMPLEXES)
        .map(|s| s.to_string())
        .collect();
    for _ in 0..60 {
        numbers.push(random.float_literal());
        numbers.push(random.int_literal());
        numbers.push(random.float64());
    }
    let atoms: Vec<String> = numbers
        .iter()
        .chain(&strings)
        .cloned()
        .chain(OTHERS.iter().map(|s| s.to_string()))
        .collect();
    let mut queries = Vec::new();

    // Each value on its own, transformed and taken apart.
    for x in &atoms {
        queries.push(format!("val {x}"));
        for op in ["neg", "pos", "not", "toint", "tofloat", "tocomplex", "str"] {
            queries.push(format!("val ( {op} {x} )"));
        }
        for bits in [0, 8, 16, 64] {
            queries.push(format!("val ( cpl {bits} {x} )"));
        }
        for verb in ["f64", "f32", "i64", "u64", "sign", "bitlen"] {
            queries.push(format!("{verb} {x}"));
        }
        for (type_name, _) in TYPES {
            queries.push(format!("repr {type_name} {x}"));
        }
    }
    for x in &numbers {
        queries.push(format!("val ( real {x} )"));
        queries.push(format!("val ( imag {x} )"));
        queries.push(format!("val ( complex ( real {x} ) ( real ( neg {x} ) ) )"));
    }

    // Binary operations and comparisons on pairs of hand-picked values.
    let picked: Vec<&str> = INTS
        .iter()
        .step_by(2)
        .chain(FLOATS.iter().step_by(2))
        .chain(COMPLEXES.iter().step_by(2))
        .copied()
        .collect();
    let binary_ops = ["+", "-", "*", "/", "div", "%", "&", "|", "^", "&^"];
    for x in &picked {
        for y in &picked {
            for op in binary_ops {
                queries.push(format!("val ( {op} {x} {y} )"));
            }
            for op in ["==", "<", ">="] {
                queries.push(format!("cmp {op} {x} {y}"));
            }
        }
    }
    // Strings, booleans and unknowns among themselves (go/constant quietly
    // combines a string with itself when given a number too, a case the
    // checker rules out by type).
    let non_numeric: Vec<String> = strings
        .iter()
        .cloned()
        .chain(["b:true", "b:false", "u:"].map(String::from))
        .collect();
    let partners = [&strings[..4], &["b:true".to_owned(), "u:".to_owned()]].concat();
    for x in &non_numeric {
        for y in &partners {
            for op in ["+", "-", "&&", "||"] {
                queries.push(format!("val ( {op} {x} {y} )"));
            }
            for op in ["==", "!=", "<", "<=", ">", ">="] {
                queries.push(format!("cmp {op} {x} {y}"));
            }
        }
    }

    // Random arithmetic chains, mostly on floats, to exercise rounding.
    let chain_ops = ["+", "-", "*", "/"];
    for _ in 0..3000 {
        let mut expr = random.pick(&picked).to_owned();
        for _ in 0..1 + random.below(4) {
            let operand = match random.below(3) {
                0 => random.float_literal(),
                1 => random.pick(&picked).to_owned(),
                _ => random.float64(),
            };
            let op = random.pick(&chain_ops);
            expr = if random.below(2) == 0 {
                format!("( {op} {expr} {operand} )")
            } else {
                format!("( {op} {operand} {expr} )")
            };
        }
        queries.push(format!("val {expr}"));
        queries.push(format!("f32 {expr}"));
        queries.push(format!(
            "repr {} {expr}",
            random.pick(&["float32", "float64", "complex64", "int64", "uint8"])
        ));
    }

    for x in EXTREMES {
        queries.extend(["val", "sign", "f64"].map(|verb| format!("{verb} {x}")));
        for op in ["+", "-", "*", "/"] {
            queries.push(format!("val ( {op} {x} i:1 )"));
            queries.push(format!("val ( {op} {x} {x} )"));
            queries.push(format!("val ( {op} j:1i {x} )"));
        }
    }

    // Constant shifts as the checker sees them.
    let shifted = [
        "i:0",
        "i:1",
        "i:3",
        "( neg i:1 )",
        "( neg i:5 )",
        "i:0xffffffffffffffff",
        "( neg i:1267650600228229401496703205376 )",
        "f:2.0",
        "f:1.5",
        "j:0i",
        "( complex f:4.0 i:0 )",
        "s:61",
        "b:true",
        "f:1e100",
    ];
    let counts = [
        "i:0",
        "i:1",
        "i:2",
        "i:31",
        "i:62",
        "i:63",
        "i:64",
        "i:100",
        "i:447",
        "i:448",
        "i:511",
        "i:512",
        "i:1074",
        "i:1075",
        "i:18446744073709551615",
        "i:18446744073709551616",
        "( neg i:1 )",
        "f:3.0",
        "f:1.5",
        "( neg f:2.0 )",
        "j:0i",
        "s:31",
    ];
    for x in shifted {
        for count in counts {
            for op in ["<<", ">>"] {
                queries.push(format!("shift {op} {x} {count}"));
            }
        }
    }
    queries
}
