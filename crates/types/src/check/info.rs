//! What the checker records: modes, types and values of expressions, and
//! type errors.

use std::fmt;

use goescape_syntax::{File, Pos};

use crate::constant::Value;
use crate::model::{Selection, TypeId};

/// How an expression can be used, as go/types' operand modes (`commaerr`
/// folded into [`Mode::CommaOk`], as go/types' `TypeAndValue` reports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Invalid,
    /// A call of a function without results.
    NoValue,
    Builtin,
    Type,
    Constant,
    Nil,
    /// An addressable value.
    Variable,
    /// A map index expression: assignable, not addressable.
    MapIndex,
    /// A value that may be used in a `v, ok` assignment.
    CommaOk,
    Value,
}

impl Mode {
    /// The name the reference dumps use.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Invalid => "invalid",
            Mode::NoValue => "novalue",
            Mode::Builtin => "builtin",
            Mode::Type => "type",
            Mode::Constant => "constant",
            Mode::Nil => "nil",
            Mode::Variable => "variable",
            Mode::MapIndex => "mapindex",
            Mode::CommaOk => "commaok",
            Mode::Value => "value",
        }
    }
}

/// The recorded facts about one expression.
#[derive(Clone, Debug)]
pub struct TypeAndValue {
    pub mode: Mode,
    pub ty: TypeId,
    /// The value of a constant expression.
    pub value: Option<Value>,
}

/// What a selector `x.f` denotes (go/types' `SelectionKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectionKind {
    /// A struct field `x.f`.
    FieldVal,
    /// A method value `x.m`.
    MethodVal,
    /// A method expression `T.m`.
    MethodExpr,
}

impl SelectionKind {
    /// The name the reference dumps use.
    pub fn name(self) -> &'static str {
        match self {
            SelectionKind::FieldVal => "field",
            SelectionKind::MethodVal => "method",
            SelectionKind::MethodExpr => "methodexpr",
        }
    }
}

/// A recorded selector (go/types' `Selection`): the type selected from,
/// and the field or method with its path through embedded fields.
#[derive(Clone, Debug)]
pub struct SelectionRecord {
    pub kind: SelectionKind,
    /// The type of `x` in `x.f` (`T` in `T.m`).
    pub recv: TypeId,
    pub selection: Selection,
}

/// A type (or syntax) error, positioned as gc prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl TypeError {
    pub(crate) fn new(file: &File, pos: Pos, message: String) -> TypeError {
        let position = file.position(pos);
        TypeError {
            file: position.filename.to_owned(),
            line: position.line,
            col: position.col,
            message,
        }
    }
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}
