//! Tokens, literals, semicolon insertion and lexical errors.

use goescape_syntax::{literal, parse_file, tokenize, LitKind, Operator, TokenKind};

/// The kinds and texts of the tokens of `src` (without the final EOF).
fn tokens(src: &str) -> Vec<(TokenKind, String)> {
    let (tokens, errors) = tokenize(src.as_bytes());
    assert!(errors.is_empty(), "{src:?}: {errors:?}");
    tokens[..tokens.len() - 1]
        .iter()
        .map(|t| (t.kind, src[t.span.range()].to_string()))
        .collect()
}

/// The single literal token of `src`: its kind and whether it is bad.
fn literal(src: &str) -> (LitKind, bool) {
    let (tokens, _) = tokenize(src.as_bytes());
    assert_eq!(tokens[0].kind, TokenKind::Literal, "{src}");
    assert_eq!(tokens[0].span.end.offset(), src.len(), "{src}: one token");
    (tokens[0].lit_kind, tokens[0].bad)
}

/// The errors of `src` as (column, message), on one-line inputs.
fn errors(src: &str) -> Vec<(usize, String)> {
    let (_, errors) = tokenize(src.as_bytes());
    errors
        .into_iter()
        .map(|e| (e.pos.offset() + 1, e.msg))
        .collect()
}

#[test]
fn number_literals() {
    let ok = |src: &str, kind| assert_eq!(literal(src), (kind, false), "{src}");
    for src in [
        "0",
        "7",
        "1234567890",
        "1_000",
        "0x0",
        "0XdeadBEEF",
        "0x_1f",
        "0o17",
        "0O_7",
        "0b1010",
        "0B_1",
        "017",
        "0_17",
    ] {
        ok(src, LitKind::Int);
    }
    for src in [
        "0.",
        "1.5",
        ".5",
        "1e3",
        "1E+3",
        "2.e-4",
        "1_0.2_5e1_0",
        "0x1p-2",
        "0x1.8p1",
        "0X.8P0",
        "0x_1p4",
        "089.5",
        "08e1",
    ] {
        ok(src, LitKind::Float);
    }
    for src in ["0i", "12i", "0x10i", "1.5i", "1e2i", "0b1i", "089i"] {
        ok(src, LitKind::Imag);
    }
}

#[test]
fn number_errors() {
    let cases: &[(&str, usize, &str)] = &[
        ("089", 2, "invalid digit '8' in octal literal"),
        ("0o19", 4, "invalid digit '9' in octal literal"),
        ("0b102", 5, "invalid digit '2' in binary literal"),
        ("0x", 3, "hexadecimal literal has no digits"),
        ("0b", 3, "binary literal has no digits"),
        ("0o_", 4, "octal literal has no digits"),
        ("0b1.0", 4, "invalid radix point in binary literal"),
        ("0o1.0", 4, "invalid radix point in octal literal"),
        ("0x1.5", 6, "hexadecimal mantissa requires a 'p' exponent"),
        ("0x1e3", 0, ""),
        ("1p3", 2, "'p' exponent requires hexadecimal mantissa"),
        ("0b1e3", 4, "'e' exponent requires decimal mantissa"),
        ("0o7E3", 4, "'E' exponent requires decimal mantissa"),
        ("1e", 3, "exponent has no digits"),
        ("1e+", 4, "exponent has no digits"),
        ("0x1p", 5, "exponent has no digits"),
        ("1__0", 3, "'_' must separate successive digits"),
        ("1_", 2, "'_' must separate successive digits"),
        ("0_x", 0, ""),
        ("0x1_.p0", 4, "'_' must separate successive digits"),
        ("1_.5", 2, "'_' must separate successive digits"),
        ("1e_1", 3, "'_' must separate successive digits"),
    ];
    for &(src, col, msg) in cases {
        let expected: Vec<(usize, String)> = if msg.is_empty() {
            Vec::new()
        } else {
            vec![(col, msg.to_string())]
        };
        let got = errors(src);
        if msg.is_empty() {
            // 0x1e3 is a hex integer; 0_x is the number 0_ and then x
            assert!(got.is_empty() || src == "0_x", "{src}: {got:?}");
            continue;
        }
        assert_eq!(got, expected, "{src}");
    }
    assert_eq!(
        errors("0_x"),
        vec![(2, "'_' must separate successive digits".to_string())]
    );
}

#[test]
fn rune_and_string_literals() {
    for src in [
        "'a'",
        "'é'",
        "'\\''",
        "'\\\\'",
        "'\\n'",
        "'\\a'",
        "'\\b'",
        "'\\f'",
        "'\\r'",
        "'\\t'",
        "'\\v'",
        "'\\000'",
        "'\\377'",
        "'\\x7f'",
        "'\\u12e4'",
        "'\\U0010FFFF'",
    ] {
        assert_eq!(literal(src), (LitKind::Rune, false), "{src}");
    }
    for src in [
        r#""""#,
        r#""abc""#,
        r#""\"\\\x41\101\u00e9\U0001F600""#,
        "`raw\nwith newline`",
        "``",
        "`a\\nb`",
    ] {
        assert_eq!(literal(src), (LitKind::String, false), "{src}");
    }
    assert_eq!(literal::decode_rune(b"'\\U0010FFFF'"), Ok(0x10FFFF));
    assert_eq!(
        literal::decode_string(br#""a\x00\u00e9""#)
            .unwrap()
            .into_owned(),
        b"a\x00\xc3\xa9".to_vec()
    );
}

#[test]
fn rune_and_string_errors() {
    let cases: &[(&str, &[(usize, &str)])] = &[
        ("''", &[(2, "empty rune literal or unescaped '")]),
        ("'ab'", &[(1, "more than one character in rune literal")]),
        ("'a\n", &[(3, "newline in rune literal")]),
        ("'a", &[(1, "rune literal not terminated")]),
        (r"'\q'", &[(3, "unknown escape")]),
        (r"'\400'", &[(6, "octal escape value 256 > 255")]),
        (r"'\08'", &[(4, "invalid character '8' in octal escape")]),
        (
            r"'\xg0'",
            &[(4, "invalid character 'g' in hexadecimal escape")],
        ),
        (
            r"'\uD800'",
            &[(8, "escape is invalid Unicode code point U+D800")],
        ),
        (
            r"'\U00110000'",
            &[(12, "escape is invalid Unicode code point U+110000")],
        ),
        ("\"abc\n", &[(5, "newline in string")]),
        ("\"abc", &[(1, "string not terminated")]),
        ("`abc", &[(1, "string not terminated")]),
        (r#""\z""#, &[(3, "unknown escape")]),
        // Only the first error of a literal is reported; the final quote
        // then starts a new, unterminated literal.
        (
            "'\\\n'",
            &[(3, "unknown escape"), (4, "rune literal not terminated")],
        ),
    ];
    for &(src, expected) in cases {
        let expected: Vec<(usize, String)> =
            expected.iter().map(|&(c, m)| (c, m.to_string())).collect();
        assert_eq!(errors(src), expected, "{src:?}");
    }
    // Bad literals are still literal tokens, flagged bad.
    assert_eq!(literal("'ab'"), (LitKind::Rune, true));
}

#[test]
fn character_errors() {
    let cases: &[(&str, &[(usize, &str)])] = &[
        ("a @ b", &[(3, "invalid character U+0040 '@'")]),
        ("a # b", &[(3, "invalid character U+0023 '#'")]),
        ("x\u{7}", &[(2, "invalid character U+0007")]),
        ("a\0b", &[(2, "invalid NUL character")]),
        (
            "a \u{FEFF}b",
            &[(3, "invalid BOM in the middle of the file")],
        ),
        ("x·y", &[(2, "invalid character U+00B7 '·' in identifier")]),
        (
            "x ٣",
            &[(3, "identifier cannot begin with digit U+0663 '٣'")],
        ),
        ("/* abc", &[(1, "comment not terminated")]),
    ];
    for &(src, expected) in cases {
        let expected: Vec<(usize, String)> =
            expected.iter().map(|&(c, m)| (c, m.to_string())).collect();
        assert_eq!(errors(src), expected, "{src:?}");
    }
    assert_eq!(
        errors_bytes(b"a\xffb"),
        vec![(2, "invalid UTF-8 encoding".to_string())]
    );
    // A byte order mark is fine at the very start.
    assert!(errors("\u{FEFF}package p").is_empty());
}

fn errors_bytes(src: &[u8]) -> Vec<(usize, String)> {
    let (_, errors) = tokenize(src);
    errors
        .into_iter()
        .map(|e| (e.pos.offset() + 1, e.msg))
        .collect()
}

#[test]
fn operators_and_delimiters() {
    use TokenKind::*;
    let src = "+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = ! ~ != <= >= := ... ( ) [ ] { } , ; . :";
    let got: Vec<TokenKind> = tokens(src).into_iter().map(|(k, _)| k).collect();
    let want = [
        Operator, Operator, Star, Operator, Operator, Operator, Operator, Operator, Operator,
        Operator, Operator, AssignOp, AssignOp, AssignOp, AssignOp, AssignOp, AssignOp, AssignOp,
        AssignOp, AssignOp, AssignOp, AssignOp, Operator, Operator, Arrow, IncOp, IncOp, Operator,
        Operator, Operator, Assign, Operator, Operator, Operator, Operator, Operator, Define,
        DotDotDot, Lparen, Rparen, Lbrack, Rbrack, Lbrace, Rbrace, Comma, Semi, Dot, Colon,
    ];
    assert_eq!(got, want);
    let (toks, _) = tokenize(b"a &^= b");
    assert_eq!(toks[1].op, crate::Operator::AndNot);
    // ".." is two dots
    assert_eq!(
        tokens("a..b")
            .into_iter()
            .map(|(k, _)| k)
            .collect::<Vec<_>>(),
        [Name, Dot, Dot, Name, Semi]
    );
}

#[test]
fn keywords() {
    let words = "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var";
    for (kind, text) in tokens(words) {
        if kind == TokenKind::Semi {
            continue; // after break, continue, fallthrough, return
        }
        assert!(kind.is_keyword(), "{text}");
        assert_eq!(kind.as_str(), text);
    }
    assert_eq!(tokens("breaks")[0].0, TokenKind::Name);
}

#[test]
fn semicolon_insertion() {
    use goescape_syntax::TokenKind::*;
    let kinds = |src: &str| -> Vec<TokenKind> { tokens(src).into_iter().map(|(k, _)| k).collect() };
    assert_eq!(kinds("x\ny"), [Name, Semi, Name, Semi]);
    assert_eq!(kinds("x +\ny"), [Name, Operator, Name, Semi]);
    assert_eq!(kinds("f()\n"), [Name, Lparen, Rparen, Semi]);
    assert_eq!(kinds("return\n"), [Return, Semi]);
    assert_eq!(kinds("x++\n"), [Name, IncOp, Semi]);
    assert_eq!(kinds("'a'\n"), [Literal, Semi]);
    assert_eq!(kinds("x // c\ny"), [Name, Semi, Name, Semi]);
    assert_eq!(kinds("x /* a\nb */ y"), [Name, Semi, Name, Semi]);
    assert_eq!(kinds("x /* a b */ y"), [Name, Name, Semi]);
    assert_eq!(kinds("func\n{"), [Func, Lbrace]);

    // Inserted semicolons say why, for error messages.
    let (toks, _) = tokenize(b"x\ny;z");
    let semis: Vec<&str> = toks
        .iter()
        .filter(|t| t.kind == Semi)
        .map(|t| t.semi.as_str())
        .collect();
    assert_eq!(semis, ["newline", "semicolon", "EOF"]);
}

#[test]
fn operator_details() {
    let (toks, _) = tokenize(b"a || b && c == d + e * f");
    let ops: Vec<(Operator, u8)> = toks
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Operator | TokenKind::Star))
        .map(|t| (t.op, t.op.precedence()))
        .collect();
    assert_eq!(
        ops,
        [
            (Operator::OrOr, 1),
            (Operator::AndAnd, 2),
            (Operator::Eql, 3),
            (Operator::Add, 4),
            (Operator::Mul, 5)
        ]
    );
}

#[test]
fn comments_are_recorded() {
    let src = "package p // one\n/* two\n*/ var x = 1 /* three */\n// four";
    let file = parse_file("c.go", src.as_bytes());
    let texts: Vec<String> = file
        .comments()
        .iter()
        .map(|c| file.text(c.span).into_owned())
        .collect();
    assert_eq!(texts, ["// one", "/* two\n*/", "/* three */", "// four"]);
    let on_line_3: Vec<String> = file
        .comments_on_line(3)
        .iter()
        .map(|c| file.text(c.span).into_owned())
        .collect();
    assert_eq!(on_line_3, ["/* three */"]);
    assert!(file.comments_on_line(99).is_empty());
}
