//! Tokens, operators and literal kinds.

use crate::pos::Span;

/// The kind of a token. Fieldless and below 64 variants, so sets of kinds
/// fit in a `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum TokenKind {
    #[default]
    Eof,
    Name,
    Literal,
    /// A binary or unary operator other than `*` (see `Token::op`).
    Operator,
    /// `op=` (see `Token::op`).
    AssignOp,
    /// `++` or `--` (`Token::op` is `Add` or `Sub`).
    IncOp,
    Assign,
    Define,
    Arrow,
    Star,
    Lparen,
    Lbrack,
    Lbrace,
    Rparen,
    Rbrack,
    Rbrace,
    Comma,
    /// An explicit `;` or one inserted at a newline or EOF (see `Token::semi`).
    Semi,
    Colon,
    Dot,
    DotDotDot,
    Break,
    Case,
    Chan,
    Const,
    Continue,
    Default,
    Defer,
    Else,
    Fallthrough,
    For,
    Func,
    Go,
    Goto,
    If,
    Import,
    Interface,
    Map,
    Package,
    Range,
    Return,
    Select,
    Struct,
    Switch,
    Type,
    Var,
}

impl TokenKind {
    /// The token's spelling, as gc's `token.String` gives it.
    pub fn as_str(self) -> &'static str {
        use TokenKind::*;
        match self {
            Eof => "EOF",
            Name => "name",
            Literal => "literal",
            Operator => "op",
            AssignOp => "op=",
            IncOp => "opop",
            Assign => "=",
            Define => ":=",
            Arrow => "<-",
            Star => "*",
            Lparen => "(",
            Lbrack => "[",
            Lbrace => "{",
            Rparen => ")",
            Rbrack => "]",
            Rbrace => "}",
            Comma => ",",
            Semi => ";",
            Colon => ":",
            Dot => ".",
            DotDotDot => "...",
            Break => "break",
            Case => "case",
            Chan => "chan",
            Const => "const",
            Continue => "continue",
            Default => "default",
            Defer => "defer",
            Else => "else",
            Fallthrough => "fallthrough",
            For => "for",
            Func => "func",
            Go => "go",
            Goto => "goto",
            If => "if",
            Import => "import",
            Interface => "interface",
            Map => "map",
            Package => "package",
            Range => "range",
            Return => "return",
            Select => "select",
            Struct => "struct",
            Switch => "switch",
            Type => "type",
            Var => "var",
        }
    }

    pub fn is_keyword(self) -> bool {
        self as u8 >= TokenKind::Break as u8
    }

    /// The keyword spelled `ident`, if any.
    pub fn keyword(ident: &[u8]) -> Option<TokenKind> {
        use TokenKind::*;
        // Dispatch on length first: most identifiers are rejected by one
        // comparison instead of a chain of string compares.
        let kw = match ident.len() {
            2 => match ident {
                b"go" => Go,
                b"if" => If,
                _ => return None,
            },
            3 => match ident {
                b"for" => For,
                b"map" => Map,
                b"var" => Var,
                _ => return None,
            },
            4 => match ident {
                b"case" => Case,
                b"chan" => Chan,
                b"else" => Else,
                b"func" => Func,
                b"goto" => Goto,
                b"type" => Type,
                _ => return None,
            },
            5 => match ident {
                b"break" => Break,
                b"const" => Const,
                b"defer" => Defer,
                b"range" => Range,
                _ => return None,
            },
            6 => match ident {
                b"import" => Import,
                b"return" => Return,
                b"select" => Select,
                b"struct" => Struct,
                b"switch" => Switch,
                _ => return None,
            },
            7 => match ident {
                b"default" => Default,
                b"package" => Package,
                _ => return None,
            },
            8 => match ident {
                b"continue" => Continue,
                _ => return None,
            },
            9 => match ident {
                b"interface" => Interface,
                _ => return None,
            },
            11 => match ident {
                b"fallthrough" => Fallthrough,
                _ => return None,
            },
            _ => return None,
        };
        Some(kw)
    }
}

/// A set of token kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenSet(u64);

impl TokenSet {
    pub const EMPTY: TokenSet = TokenSet(0);

    pub const fn of(kinds: &[TokenKind]) -> TokenSet {
        let mut bits = 0;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1 << kinds[i] as u8;
            i += 1;
        }
        TokenSet(bits)
    }

    pub const fn union(self, other: TokenSet) -> TokenSet {
        TokenSet(self.0 | other.0)
    }

    pub const fn contains(self, kind: TokenKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }
}

/// Operators, in gc's order (which groups them by precedence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Operator {
    /// Placeholder for tokens that carry no operator.
    #[default]
    None,
    /// The `:` of `:=`.
    Def,
    Not,
    Recv,
    Tilde,
    OrOr,
    AndAnd,
    Eql,
    Neq,
    Lss,
    Leq,
    Gtr,
    Geq,
    Add,
    Sub,
    Or,
    Xor,
    Mul,
    Div,
    Rem,
    And,
    AndNot,
    Shl,
    Shr,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        use Operator::*;
        match self {
            None => "",
            Def => ":",
            Not => "!",
            Recv => "<-",
            Tilde => "~",
            OrOr => "||",
            AndAnd => "&&",
            Eql => "==",
            Neq => "!=",
            Lss => "<",
            Leq => "<=",
            Gtr => ">",
            Geq => ">=",
            Add => "+",
            Sub => "-",
            Or => "|",
            Xor => "^",
            Mul => "*",
            Div => "/",
            Rem => "%",
            And => "&",
            AndNot => "&^",
            Shl => "<<",
            Shr => ">>",
        }
    }

    /// Binary precedence: 1 (`||`) to 5 (`*`, `/`, ...); 0 for operators
    /// that are never binary.
    pub fn precedence(self) -> u8 {
        use Operator::*;
        match self {
            None | Def | Not | Recv | Tilde => 0,
            OrOr => 1,
            AndAnd => 2,
            Eql | Neq | Lss | Leq | Gtr | Geq => 3,
            Add | Sub | Or | Xor => 4,
            Mul | Div | Rem | And | AndNot | Shl | Shr => 5,
        }
    }
}

/// The kind of a basic literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum LitKind {
    #[default]
    Int,
    Float,
    Imag,
    Rune,
    String,
}

/// What produced a `;` token; gc names it in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum SemiKind {
    #[default]
    Semicolon,
    Newline,
    Eof,
}

impl SemiKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SemiKind::Semicolon => "semicolon",
            SemiKind::Newline => "newline",
            SemiKind::Eof => "EOF",
        }
    }
}

/// One token: its kind, the few bits of detail some kinds carry, and its
/// source span. Small and `Copy`; the text is recovered from the span.
#[derive(Clone, Copy, Debug, Default)]
pub struct Token {
    pub kind: TokenKind,
    /// Valid for `Operator`, `AssignOp`, `IncOp` and `Star`.
    pub op: Operator,
    /// Valid for `Literal`.
    pub lit_kind: LitKind,
    /// Valid for `Literal`: the literal has lexical errors.
    pub bad: bool,
    /// Valid for `Semi`.
    pub semi: SemiKind,
    pub span: Span,
}

const _: () = assert!(std::mem::size_of::<Token>() <= 16);
