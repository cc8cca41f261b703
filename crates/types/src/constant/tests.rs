//! Behaviour of constant values; expected texts are go/constant's output.

use super::*;

fn int(text: &str) -> Value {
    Value::from_int_literal(text).expect("int literal")
}

fn float(text: &str) -> Value {
    Value::from_float_literal(text).expect("float literal")
}

fn imag(text: &str) -> Value {
    Value::from_imaginary_literal(text).expect("imaginary literal")
}

/// A negated float literal (Go literals carry no sign).
fn neg_float(text: &str) -> Value {
    float(text).unary_op(UnaryOp::Neg).expect("negation")
}

fn bin(x: &Value, op: BinaryOp, y: &Value) -> Value {
    x.binary_op(op, y).expect("valid operation")
}

/// `(ExactString, String)` of a value.
fn texts(v: &Value) -> (String, String) {
    (v.exact_string(), v.to_string())
}

fn shl(x: &Value, count: u64) -> Value {
    x.shift(ShiftOp::Left, &Value::from_u64(count))
        .expect("valid shift")
}

#[test]
fn small_integer_arithmetic_grows_into_big_integers() {
    let max = Value::from_i64(i64::MAX);
    let one = Value::from_i64(1);
    assert_eq!(
        bin(&max, BinaryOp::Add, &one).exact_string(),
        "9223372036854775808"
    );
    assert_eq!(
        bin(&Value::from_i64(i64::MIN), BinaryOp::Sub, &one).exact_string(),
        "-9223372036854775809"
    );
    assert_eq!(
        bin(&max, BinaryOp::Mul, &max).exact_string(),
        "85070591730234615847396907784232501249"
    );
    // And shrink back.
    let big = bin(&max, BinaryOp::Add, &one);
    assert_eq!(bin(&big, BinaryOp::Sub, &one).int64(), Some(i64::MAX));
    assert_eq!(
        Value::from_u64(u64::MAX).exact_string(),
        "18446744073709551615"
    );
    assert_eq!(Value::from_u64(u64::MAX).int64(), None);
    assert_eq!(Value::from_u64(u64::MAX).uint64(), Some(u64::MAX));
}

#[test]
fn integer_division_truncates_and_exact_division_makes_fractions() {
    let (seven, two) = (Value::from_i64(7), Value::from_i64(2));
    let minus_seven = Value::from_i64(-7);
    assert_eq!(bin(&seven, BinaryOp::IntDiv, &two).exact_string(), "3");
    assert_eq!(
        bin(&minus_seven, BinaryOp::IntDiv, &two).exact_string(),
        "-3"
    );
    assert_eq!(bin(&minus_seven, BinaryOp::Rem, &two).exact_string(), "-1");
    assert_eq!(
        bin(&seven, BinaryOp::Rem, &Value::from_i64(-2)).exact_string(),
        "1"
    );
    let half = bin(&seven, BinaryOp::Div, &two);
    assert_eq!(
        (half.kind(), texts(&half)),
        (Kind::Float, ("7/2".into(), "3.5".into()))
    );
    // An integral quotient is still a float value.
    let six_by_two = bin(&Value::from_i64(6), BinaryOp::Div, &two);
    assert_eq!(
        (six_by_two.kind(), six_by_two.exact_string()),
        (Kind::Float, "3".into())
    );
    // Exact even where int64 arithmetic would wrap.
    let min = Value::from_i64(i64::MIN);
    let minus_one = Value::from_i64(-1);
    assert_eq!(
        bin(&min, BinaryOp::IntDiv, &minus_one).exact_string(),
        "9223372036854775808"
    );
    assert_eq!(bin(&min, BinaryOp::Rem, &minus_one).exact_string(), "0");
    let big = shl(&Value::from_i64(1), 100);
    assert_eq!(
        bin(&big, BinaryOp::IntDiv, &Value::from_i64(-3)).exact_string(),
        "-422550200076076467165567735125"
    );
    assert_eq!(
        bin(&big, BinaryOp::Rem, &Value::from_i64(-3)).exact_string(),
        "1"
    );
}

#[test]
fn bitwise_operations_use_twos_complement() {
    let (x, y) = (Value::from_i64(-6), Value::from_i64(5));
    assert_eq!(bin(&x, BinaryOp::And, &y).exact_string(), "0");
    assert_eq!(bin(&x, BinaryOp::Or, &y).exact_string(), "-1");
    assert_eq!(bin(&x, BinaryOp::Xor, &y).exact_string(), "-1");
    assert_eq!(bin(&y, BinaryOp::AndNot, &x).exact_string(), "5");
    let big = shl(&Value::from_i64(-1), 70);
    assert_eq!(
        bin(&big, BinaryOp::And, &Value::from_u64(u64::MAX)).exact_string(),
        "0"
    );
    assert_eq!(
        bin(&big, BinaryOp::Xor, &Value::from_i64(-1)).exact_string(),
        "1180591620717411303423"
    );
    assert_eq!(
        bin(&big, BinaryOp::AndNot, &shl(&Value::from_i64(-1), 71)).exact_string(),
        "1180591620717411303424"
    );
}

#[test]
fn division_by_zero_is_an_error() {
    let zero_divisors = [
        Value::from_i64(0),
        float("0.0"),
        float("0e5"),
        Value::complex(&Value::from_i64(0), &float("0.0")),
    ];
    for divisor in &zero_divisors {
        for op in [BinaryOp::Div, BinaryOp::IntDiv, BinaryOp::Rem] {
            assert_eq!(
                Value::from_i64(1).binary_op(op, divisor).unwrap_err(),
                ConstError::DivisionByZero
            );
        }
        assert_eq!(
            float("1.5").binary_op(BinaryOp::Div, divisor).unwrap_err(),
            ConstError::DivisionByZero
        );
        assert_eq!(
            imag("1i").binary_op(BinaryOp::Div, divisor).unwrap_err(),
            ConstError::DivisionByZero
        );
    }
    let big = shl(&Value::from_i64(1), 100);
    assert_eq!(
        big.binary_op(BinaryOp::Rem, &Value::from_i64(0))
            .unwrap_err(),
        ConstError::DivisionByZero
    );
    // A complex divisor whose squared parts underflow (go.dev/issue/20227).
    let tiny = float("1e-600000000");
    let tiny_complex = Value::complex(&tiny, &tiny);
    assert_ne!(tiny_complex.sign(), 0);
    assert_eq!(
        imag("1i")
            .binary_op(BinaryOp::Div, &tiny_complex)
            .unwrap_err(),
        ConstError::DivisionByZero
    );
    // Unknown divisors are not reported again.
    assert!(Value::from_i64(1)
        .binary_op(BinaryOp::Div, &Value::unknown())
        .unwrap()
        .is_unknown());
}

#[test]
fn operators_undefined_for_the_operands_are_errors() {
    let s = Value::from_string("a");
    let cases = [
        s.binary_op(BinaryOp::Sub, &s),
        float("1.5").binary_op(BinaryOp::Rem, &Value::from_i64(2)),
        float("1.5").binary_op(BinaryOp::And, &float("2.5")),
        Value::from_i64(1).binary_op(BinaryOp::Add, &s),
        Value::from_bool(true).binary_op(BinaryOp::Add, &Value::from_bool(false)),
        Value::from_i64(1).binary_op(BinaryOp::LogicalAnd, &Value::from_i64(1)),
        float("1.5").unary_op(UnaryOp::Complement {
            unsigned_bits: None,
        }),
        s.unary_op(UnaryOp::Neg),
        Value::from_i64(1).unary_op(UnaryOp::Not),
        Value::from_bool(true).unary_op(UnaryOp::Plus),
    ];
    for result in cases {
        assert_eq!(result.unwrap_err(), ConstError::InvalidOperation);
    }
    assert_eq!(
        imag("1i").compare(CompareOp::Lt, &imag("2i")),
        Err(ConstError::InvalidOperation)
    );
    assert_eq!(
        Value::from_bool(true).compare(CompareOp::Ge, &Value::from_bool(true)),
        Err(ConstError::InvalidOperation)
    );
    assert_eq!(
        s.compare(CompareOp::Eq, &Value::from_i64(1)),
        Err(ConstError::InvalidOperation)
    );
}

#[test]
fn unknown_values_propagate_quietly() {
    let unknown = Value::unknown();
    let one = Value::from_i64(1);
    assert!(bin(&unknown, BinaryOp::Add, &one).is_unknown());
    assert!(bin(&one, BinaryOp::Mul, &unknown).is_unknown());
    assert!(unknown.unary_op(UnaryOp::Neg).unwrap().is_unknown());
    assert!(unknown
        .shift(ShiftOp::Left, &Value::from_i64(2000))
        .unwrap()
        .is_unknown());
    assert!(one.shift(ShiftOp::Left, &unknown).unwrap().is_unknown());
    assert_eq!(unknown.compare(CompareOp::Eq, &unknown), Ok(false));
    assert_eq!(unknown.sign(), 1);
    assert_eq!(texts(&unknown), ("unknown".into(), "unknown".into()));
    assert!(representable(&unknown, BasicKind::Int8)
        .unwrap()
        .is_unknown());
}

#[test]
fn shifts_follow_the_checker_limits() {
    let one = Value::from_i64(1);
    assert_eq!(shl(&one, 63).exact_string(), "9223372036854775808");
    assert_eq!(shl(&one, 62).int64(), Some(1 << 62));
    assert_eq!(shl(&Value::from_i64(-1), 63).int64(), Some(i64::MIN));
    assert_eq!(
        shl(&Value::from_i64(3), 62).exact_string(),
        "13835058055282163712"
    );
    assert_eq!(shl(&one, MAX_SHIFT_COUNT).bit_len(), 1075);
    assert_eq!(
        one.shift(ShiftOp::Left, &Value::from_u64(MAX_SHIFT_COUNT + 1))
            .unwrap_err(),
        ConstError::InvalidShiftCount
    );
    assert_eq!(
        one.shift(ShiftOp::Left, &shl(&one, 64)).unwrap_err(),
        ConstError::InvalidShiftCount
    );
    assert_eq!(
        one.shift(ShiftOp::Left, &Value::from_i64(-1)).unwrap_err(),
        ConstError::NegativeShiftCount
    );
    assert_eq!(
        one.shift(ShiftOp::Right, &neg_float("1.0")).unwrap_err(),
        ConstError::NegativeShiftCount
    );
    assert_eq!(
        one.shift(ShiftOp::Left, &float("1.5")).unwrap_err(),
        ConstError::InvalidShiftCount
    );
    assert_eq!(
        one.shift(ShiftOp::Left, &Value::from_string("1"))
            .unwrap_err(),
        ConstError::InvalidShiftCount
    );
    assert_eq!(
        float("1.5").shift(ShiftOp::Left, &one).unwrap_err(),
        ConstError::NonIntegerShiftOperand
    );
    assert_eq!(
        Value::from_string("a")
            .shift(ShiftOp::Left, &one)
            .unwrap_err(),
        ConstError::NonIntegerShiftOperand
    );
    // An integral float shifts as an integer; so does a float count.
    assert_eq!(
        float("2.0")
            .shift(ShiftOp::Left, &float("3.0"))
            .unwrap()
            .exact_string(),
        "16"
    );
    assert_eq!(
        imag("0i")
            .shift(ShiftOp::Left, &one)
            .unwrap()
            .exact_string(),
        "0"
    );
    // Right shifts round toward negative infinity.
    let right = |x: &Value, n: u64| {
        x.shift(ShiftOp::Right, &Value::from_u64(n))
            .unwrap()
            .exact_string()
    };
    assert_eq!(right(&Value::from_i64(-5), 1), "-3");
    assert_eq!(right(&Value::from_i64(-5), 100), "-1");
    assert_eq!(right(&Value::from_i64(5), 100), "0");
    assert_eq!(right(&shl(&Value::from_i64(-5), 100), 101), "-3");
    assert_eq!(right(&shl(&one, 100), 98), "4");
    // The untyped limit is left to the checker.
    assert_eq!(shl(&one, 512).bit_len(), MAX_UNTYPED_INT_BITS + 1);
}

#[test]
fn one_shifted_by_63_overflows_int64_but_fits_uint64() {
    let x = shl(&Value::from_i64(1), 63);
    assert_eq!(
        representable(&x, BasicKind::Int64).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&x, BasicKind::Int).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&x, BasicKind::Uint64).unwrap().exact_string(),
        "9223372036854775808"
    );
    let x = shl(&Value::from_i64(1), 100);
    assert_eq!(x.exact_string(), "1267650600228229401496703205376");
    assert_eq!(
        representable(&x, BasicKind::Int).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert!(representable(&x, BasicKind::UntypedInt).is_ok());
}

#[test]
fn kinds_no_constant_has_represent_nothing() {
    let values = [
        Value::from_i64(0),
        Value::from_bool(true),
        Value::from_string("x"),
    ];
    for kind in [
        BasicKind::Invalid,
        BasicKind::UnsafePointer,
        BasicKind::UntypedNil,
    ] {
        assert!(!kind.is_const_type());
        for value in &values {
            assert_eq!(
                representable(value, kind).unwrap_err(),
                Unrepresentable::Mismatch,
                "{value} as {kind:?}"
            );
        }
        // An unknown value fits anything, so one error does not cascade.
        assert!(representable(&Value::unknown(), kind).is_ok());
    }
}

#[test]
fn unary_operators() {
    let neg = |v: &Value| v.unary_op(UnaryOp::Neg).unwrap().exact_string();
    assert_eq!(neg(&Value::from_i64(i64::MIN)), "9223372036854775808");
    assert_eq!(neg(&float("0.5")), "-1/2");
    assert_eq!(neg(&imag("2i")), "(0 + -2i)");
    assert_eq!(neg(&float("1e100000")).chars().next(), Some('-'));
    let complement = |v: &Value, unsigned_bits| {
        v.unary_op(UnaryOp::Complement { unsigned_bits })
            .unwrap()
            .exact_string()
    };
    assert_eq!(complement(&Value::from_i64(0), None), "-1");
    assert_eq!(complement(&Value::from_i64(1), Some(8)), "254");
    assert_eq!(
        complement(&Value::from_i64(0), Some(64)),
        "18446744073709551615"
    );
    assert_eq!(complement(&Value::from_u64(u64::MAX), Some(64)), "0");
    assert_eq!(
        complement(&shl(&Value::from_i64(1), 70), None),
        "-1180591620717411303425"
    );
    assert_eq!(
        Value::from_bool(true)
            .unary_op(UnaryOp::Not)
            .unwrap()
            .bool_value(),
        Some(false)
    );
    assert_eq!(
        float("2.5").unary_op(UnaryOp::Plus).unwrap().exact_string(),
        "5/2"
    );
}

#[test]
fn comparisons() {
    let cmp = |x: &Value, op, y: &Value| x.compare(op, y).unwrap();
    let (one, two) = (Value::from_i64(1), Value::from_i64(2));
    assert!(cmp(&one, CompareOp::Lt, &two));
    assert!(cmp(&two, CompareOp::Ge, &two));
    assert!(!cmp(&two, CompareOp::Ne, &float("2.0")));
    assert!(cmp(
        &float("0.1"),
        CompareOp::Lt,
        &float("0.10000000000000001")
    ));
    assert!(cmp(
        &shl(&one, 100),
        CompareOp::Gt,
        &Value::from_i64(i64::MAX)
    ));
    assert!(cmp(
        &neg_float("1e100000"),
        CompareOp::Lt,
        &float("1e-100000")
    ));
    assert!(cmp(&float("1e100000"), CompareOp::Gt, &shl(&one, 1000)));
    assert!(cmp(
        &Value::complex(&one, &two),
        CompareOp::Eq,
        &Value::complex(&float("1.0"), &two)
    ));
    assert!(cmp(&imag("1i"), CompareOp::Ne, &one));
    assert!(cmp(
        &one,
        CompareOp::Eq,
        &imag("0i").binary_op(BinaryOp::Add, &one).unwrap()
    ));
    let (a, b) = (Value::from_string("abc"), Value::from_string("abd"));
    assert!(cmp(&a, CompareOp::Lt, &b));
    assert!(cmp(&Value::from_string("ab"), CompareOp::Lt, &a));
    assert!(cmp(
        &Value::from_string(b"\xff"),
        CompareOp::Gt,
        &Value::from_string("\u{7ff}")
    ));
    assert!(cmp(
        &Value::from_bool(true),
        CompareOp::Ne,
        &Value::from_bool(false)
    ));
}

#[test]
fn strings_concatenate_and_measure() {
    let s = bin(
        &Value::from_string("foo"),
        BinaryOp::Add,
        &Value::from_string(b"\xffbar"),
    );
    assert_eq!(s.string_len(), Some(7));
    assert_eq!(s.string_bytes(), Some(&b"foo\xffbar"[..]));
    assert_eq!(
        texts(&s),
        (r#""foo\xffbar""#.into(), r#""foo\xffbar""#.into())
    );
    assert_eq!(Value::from_char('é').exact_string(), "233");
    assert_eq!(
        Value::from_i64(65).to_rune_string().string_bytes(),
        Some(&b"A"[..])
    );
    for bad in [
        Value::from_i64(-1),
        Value::from_i64(0xD800),
        Value::from_i64(0x110000),
        shl(&Value::from_i64(1), 70),
    ] {
        assert_eq!(
            bad.to_rune_string().string_bytes(),
            Some("\u{fffd}".as_bytes())
        );
    }
    assert!(float("65.0").to_rune_string().is_unknown());
}

#[test]
fn huge_exponents_stay_cheap_and_finite() {
    let big = float("1e100000");
    let small = float("1e-100000");
    assert_eq!(big.to_string(), "1e+100000");
    assert_eq!(small.to_string(), "1e-100000");
    assert_eq!(bin(&big, BinaryOp::Mul, &big).to_string(), "1e+200000");
    assert_eq!(bin(&big, BinaryOp::Mul, &small).to_string(), "1");
    assert_eq!(bin(&big, BinaryOp::Div, &small).to_string(), "1e+200000");
    assert_eq!(bin(&big, BinaryOp::Add, &small).to_string(), "1e+100000");
    assert_eq!(bin(&big, BinaryOp::Sub, &big).exact_string(), "0");
    assert_eq!(big.float64(), (f64::INFINITY, false));
    assert_eq!(small.float64(), (0.0, false));
    assert_eq!(big.to_int().kind(), Kind::Unknown); // too large to expand
                                                    // Exceeding big.Float's exponent range: infinity is unknown, underflow 0.
    let huge = float("1e600000000");
    assert!(bin(&huge, BinaryOp::Mul, &huge).is_unknown());
    let tiny = float("1e-600000000");
    assert_eq!(bin(&tiny, BinaryOp::Mul, &tiny).exact_string(), "0");
    // Fractions with huge parts turn into floats.
    let third = bin(&Value::from_i64(1), BinaryOp::Div, &Value::from_i64(3));
    let mut power = third.clone();
    for _ in 0..12 {
        power = bin(&power, BinaryOp::Mul, &power);
    }
    assert_eq!(power.exact_string().get(..3), Some("0x."));
    assert_eq!(power.to_string(), "5.14447e-1955"); // (1/3)^4096
}

#[test]
fn float_to_int_tolerates_rounding_noise() {
    let third = bin(&Value::from_i64(1), BinaryOp::Div, &Value::from_i64(3));
    // Make a float (not a fraction) close to 1 by a detour through a
    // huge exponent.
    let scale = float("1e5000");
    let almost_one = bin(
        &bin(&third, BinaryOp::Mul, &scale),
        BinaryOp::Div,
        &bin(&scale, BinaryOp::Div, &Value::from_i64(3)),
    );
    assert_eq!(almost_one.to_int().exact_string(), "1");
    assert_eq!(float("2.5").to_int().kind(), Kind::Unknown);
    assert_eq!(neg_float("4.0").to_int().exact_string(), "-4");
    assert_eq!(
        Value::complex(&float("3.0"), &Value::from_i64(0))
            .to_int()
            .exact_string(),
        "3"
    );
    assert!(imag("1i").to_int().is_unknown());
    assert!(Value::from_bool(true).to_int().is_unknown());
}

#[test]
fn conversions_between_numeric_kinds() {
    let three = Value::from_i64(3);
    assert_eq!(
        (three.to_float().kind(), three.to_float().exact_string()),
        (Kind::Float, "3".into())
    );
    assert_eq!(three.to_complex().exact_string(), "(3 + 0i)");
    assert_eq!(imag("2i").to_float().kind(), Kind::Unknown);
    assert_eq!(
        Value::complex(&float("1.5"), &float("0.0"))
            .to_float()
            .exact_string(),
        "3/2"
    );
    let huge = shl(&Value::from_i64(1), 1074);
    assert_eq!(huge.to_float().kind(), Kind::Float);
    assert_eq!(huge.to_float().to_string(), "2.02402e+323");
    assert_eq!(Value::from_string("x").to_float().kind(), Kind::Unknown);
    let z = Value::complex(&Value::from_i64(1), &float("0.5"));
    assert_eq!(z.real().exact_string(), "1");
    assert_eq!(z.imag().exact_string(), "1/2");
    assert_eq!(three.imag().exact_string(), "0");
    assert!(Value::from_bool(true).real().is_unknown());
    assert!(Value::complex(&Value::from_string("x"), &three).is_unknown());
    assert!(Value::complex(&Value::unknown(), &three).is_unknown());
}

#[test]
fn float_extraction_rounds_half_to_even() {
    assert_eq!(float("0.1").float64(), (0.1, false));
    assert_eq!(float("0.5").float64(), (0.5, true));
    assert_eq!(float("0.1").float32(), (0.1f32, false));
    assert_eq!(
        Value::from_i64(i64::MAX).float64(),
        (9223372036854775807.0, false)
    );
    assert_eq!(
        Value::from_i64(1 << 53).float64(),
        (9007199254740992.0, true)
    );
    assert_eq!(
        Value::from_i64((1 << 53) + 1).float64(),
        (9007199254740992.0, false)
    );
    assert_eq!(
        Value::from_i64((1 << 24) + 1).float32(),
        (16777216.0, false)
    );
    assert_eq!(
        Value::from_i64((1 << 24) + 3).float32(),
        (16777220.0, false)
    );
    assert_eq!(
        neg_float("1e-400").float64().0.to_bits(),
        (-0.0f64).to_bits()
    );
    assert_eq!(float("4.9e-324").float64(), (5e-324, false));
    assert_eq!(float("2.4703282292062328e-324").float64(), (5e-324, false)); // just above half
    assert_eq!(float("2.4703282292062327e-324").float64(), (0.0, false)); // just below half
    assert_eq!(imag("1i").float64(), (0.0, false));
    assert_eq!(
        Value::from_f64(0.1).exact_string(),
        "3602879701896397/36028797018963968"
    );
    assert_eq!(Value::from_f64(-0.0).exact_string(), "0");
    assert!(Value::from_f64(f64::NAN).is_unknown());
    assert!(Value::from_f64(f64::NEG_INFINITY).is_unknown());
    assert_eq!(Value::from_f64(f64::MAX).float64(), (f64::MAX, true));
}

#[test]
fn sign_and_bit_length() {
    assert_eq!(Value::from_i64(-5).sign(), -1);
    assert_eq!(float("0.0").sign(), 0);
    assert_eq!(neg_float("1e-100000").sign(), -1);
    assert_eq!(imag("1i").unary_op(UnaryOp::Neg).unwrap().sign(), -1);
    assert_eq!(
        Value::complex(&Value::from_i64(0), &Value::from_i64(0)).sign(),
        0
    );
    assert_eq!(shl(&Value::from_i64(-1), 100).sign(), -1);
    assert_eq!(Value::from_i64(i64::MIN).bit_len(), 64);
    assert_eq!(Value::from_i64(-1).bit_len(), 1);
    assert_eq!(Value::from_i64(0).bit_len(), 0);
    assert_eq!(Value::from_i64(255).bit_len(), 8);
}

#[test]
fn representability_of_integers() {
    use BasicKind::*;
    let fits = |v: i128, kind| {
        let magnitude = int(&v.unsigned_abs().to_string());
        let value = if v < 0 {
            magnitude.unary_op(UnaryOp::Neg).unwrap()
        } else {
            magnitude
        };
        representable(&value, kind).is_ok()
    };
    let table: [(BasicKind, i128, i128); 11] = [
        (Int8, -128, 127),
        (Int16, -32768, 32767),
        (Int32, -(1 << 31), (1 << 31) - 1),
        (Int64, i64::MIN.into(), i64::MAX.into()),
        (Int, i64::MIN.into(), i64::MAX.into()),
        (Uint8, 0, 255),
        (Uint16, 0, 65535),
        (Uint32, 0, (1 << 32) - 1),
        (Uint64, 0, u64::MAX.into()),
        (Uint, 0, u64::MAX.into()),
        (Uintptr, 0, u64::MAX.into()),
    ];
    for (kind, min, max) in table {
        assert!(fits(min, kind) && fits(max, kind), "{kind:?} bounds");
        assert!(
            !fits(min - 1, kind) && !fits(max + 1, kind),
            "{kind:?} beyond bounds"
        );
    }
    assert!(fits(-(1 << 100), UntypedInt) && fits(1 << 100, UntypedRune));
    let byte_overflow = representable(&Value::from_i64(300), Uint8).unwrap_err();
    assert_eq!(
        (byte_overflow, byte_overflow.to_string()),
        (Unrepresentable::Overflow, "overflows".into())
    );
    // Integral floats and complex numbers become integers.
    let two = representable(&float("2.0"), Int8).unwrap();
    assert_eq!((two.kind(), two.exact_string()), (Kind::Int, "2".into()));
    assert_eq!(representable(&imag("0i"), Uint8).unwrap().kind(), Kind::Int);
    assert_eq!(
        representable(&float("2.5"), Int).unwrap_err(),
        Unrepresentable::Truncated
    );
    // gc says "truncated" for any float given an integer type, even one
    // that is integral but too large.
    assert_eq!(
        representable(&float("1e100"), Int).unwrap_err(),
        Unrepresentable::Truncated
    );
    assert_eq!(
        representable(&imag("1i"), Int).unwrap_err(),
        Unrepresentable::Truncated
    );
    assert_eq!(
        representable(&Value::from_string("1"), Int).unwrap_err(),
        Unrepresentable::Mismatch
    );
}

#[test]
fn representability_of_floats_rounds() {
    use BasicKind::*;
    let tenth32 = representable(&float("0.1"), Float32).unwrap();
    assert_eq!(texts(&tenth32), ("13421773/134217728".into(), "0.1".into()));
    let tenth64 = representable(&float("0.1"), Float64).unwrap();
    assert_eq!(tenth64.exact_string(), "3602879701896397/36028797018963968");
    assert_eq!(
        representable(&float("0.1"), UntypedFloat)
            .unwrap()
            .exact_string(),
        "1/10"
    );
    assert_eq!(
        representable(&float("1e39"), Float32).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&float("3.4028235e38"), Float32)
            .unwrap()
            .float32(),
        (f32::MAX, true)
    );
    assert_eq!(
        representable(&float("1e309"), Float64).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&float("1e100000"), Float64).unwrap_err(),
        Unrepresentable::Overflow
    );
    // Halfway between MaxFloat64 and 2^1024 rounds (to even) to infinity.
    let max_plus_half_ulp = float("0x1.fffffffffffff8p1023");
    assert_eq!(
        representable(&max_plus_half_ulp, Float64).unwrap_err(),
        Unrepresentable::Overflow
    );
    let just_below = float("0x1.fffffffffffff7ffp1023");
    assert_eq!(
        representable(&just_below, Float64).unwrap().float64(),
        (f64::MAX, true)
    );
    // Denormals: the smallest ones round to themselves, below half of the
    // smallest one to zero (which gc accepts).
    let min32 = representable(&float("1.4e-45"), Float32).unwrap();
    assert_eq!(min32.float32(), (f32::from_bits(1), true));
    assert_eq!(
        min32.exact_string(),
        format!("1/{}", num_bigint::BigInt::one() << 149u32)
    );
    assert_eq!(
        representable(&float("0.7e-45"), Float32)
            .unwrap()
            .exact_string(),
        "0"
    );
    assert_eq!(
        representable(&float("5e-324"), Float64).unwrap().float64(),
        (5e-324, true)
    );
    assert_eq!(
        representable(&float("1e-400"), Float64)
            .unwrap()
            .exact_string(),
        "0"
    );
    // Integers become floats; large ones round.
    let rounded = representable(&Value::from_i64((1 << 24) + 1), Float32).unwrap();
    assert_eq!(
        (rounded.kind(), rounded.exact_string()),
        (Kind::Float, "16777216".into())
    );
    assert_eq!(
        representable(&imag("1i"), Float64).unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&Value::complex(&float("0.5"), &float("0.0")), Float64)
            .unwrap()
            .exact_string(),
        "1/2"
    );
    assert_eq!(
        representable(&Value::from_bool(true), Float64).unwrap_err(),
        Unrepresentable::Mismatch
    );
}

#[test]
fn representability_of_complex_strings_and_bools() {
    use BasicKind::*;
    let z = Value::complex(&float("0.1"), &Value::from_i64(2));
    let z64 = representable(&z, Complex64).unwrap();
    assert_eq!(
        texts(&z64),
        ("(13421773/134217728 + 2i)".into(), "(0.1 + 2i)".into())
    );
    assert_eq!(
        representable(&Value::from_i64(1), Complex128)
            .unwrap()
            .exact_string(),
        "(1 + 0i)"
    );
    assert_eq!(
        representable(
            &Value::complex(&float("1e39"), &Value::from_i64(0)),
            Complex64
        )
        .unwrap_err(),
        Unrepresentable::Overflow
    );
    assert_eq!(
        representable(&z, UntypedComplex).unwrap().exact_string(),
        "(1/10 + 2i)"
    );
    assert_eq!(
        representable(&Value::from_string("x"), Complex128).unwrap_err(),
        Unrepresentable::Mismatch
    );
    for kind in [String, UntypedString] {
        assert!(representable(&Value::from_string("x"), kind).is_ok());
        assert_eq!(
            representable(&Value::from_i64(65), kind).unwrap_err(),
            Unrepresentable::Mismatch
        );
    }
    for kind in [Bool, UntypedBool] {
        assert!(representable(&Value::from_bool(false), kind).is_ok());
        assert_eq!(
            representable(&Value::from_i64(1), kind).unwrap_err(),
            Unrepresentable::Mismatch
        );
    }
}

#[test]
fn complex_arithmetic() {
    let a = Value::complex(&Value::from_i64(1), &Value::from_i64(2));
    let b = Value::complex(&Value::from_i64(3), &Value::from_i64(4));
    assert_eq!(bin(&a, BinaryOp::Add, &b).exact_string(), "(4 + 6i)");
    assert_eq!(bin(&a, BinaryOp::Sub, &b).exact_string(), "(-2 + -2i)");
    assert_eq!(bin(&a, BinaryOp::Mul, &b).exact_string(), "(-5 + 10i)");
    let quotient = bin(&a, BinaryOp::Div, &b);
    assert_eq!(
        texts(&quotient),
        ("(11/25 + 2/25i)".into(), "(0.44 + 0.08i)".into())
    );
    assert_eq!(
        bin(&imag("1i"), BinaryOp::Mul, &imag("1i")).exact_string(),
        "(-1 + 0i)"
    );
    assert_eq!(
        bin(&Value::from_i64(1), BinaryOp::Add, &imag("0.5i")).exact_string(),
        "(1 + 1/2i)"
    );
    assert_eq!(
        bin(&Value::from_i64(1), BinaryOp::Div, &imag("2i")).exact_string(),
        "(0 + -1/2i)"
    );
    assert_eq!(
        a.binary_op(BinaryOp::IntDiv, &b).unwrap_err(),
        ConstError::InvalidOperation
    );
}

#[test]
fn formatting_matches_go_constant() {
    let cases: [(Value, &str, &str); 12] = [
        (Value::from_bool(true), "true", "true"),
        (Value::from_i64(-42), "-42", "-42"),
        (float("1.5"), "1.5", "3/2"),
        (float("100000.5"), "100000.5", "200001/2"),
        (float("1e-7"), "1e-07", "1/10000000"),
        (float("123456789.0"), "1.23457e+08", "123456789"),
        (float("2e-324"), "2e-324", &format!("1/5{}", "0".repeat(323))),
        (float("1e2000"), "1e+2000", "0x.e7b64e4de2fc42514a729f6e4aafabe8f7d3c138c0b557e9ab8dce4bbb1a58f842197134983b0ae336cbdf3d970be9e0232b92c760800b8e55a5cf5c4ad31f78p+6644"),
        (float("0x1p5000"), "1.41247e+1505", "0x.8p+5001"),
        (float("123456789e-5000"), "1.23457e-4992", "0x.970ec9692dee13bea18ddb063cd1e3eda80cefcdceef69dfe0269e1abf71ede0046af771669fce71f72b98d862a97234cce2d953de8f33cf7762491a0283d0b5p-16582"),
        (imag("0777i"), "(0 + 777i)", "(0 + 777i)"),
        (Value::from_string("héllo\0\u{a0}\u{301}😀\u{2028}"), "\"héllo\\x00\\u00a0\u{301}😀\\u2028\"", "\"héllo\\x00\\u00a0\u{301}😀\\u2028\""),
    ];
    for (value, short, exact) in cases {
        assert_eq!(texts(&value), (exact.to_owned(), short.to_owned()));
    }
    assert_eq!(format!("{:?}", float("0.25")), "Float(1/4)");
}
