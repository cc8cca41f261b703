//! Source positions.
//!
//! A [`Pos`] is a byte offset into one file. Everything richer — line and
//! column numbers, and the positions `//line` directives assign — is
//! computed on demand from the [`LineIndex`] and the file's [`LineDirective`]s,
//! so the lexer and parser only ever store four bytes per position.

use std::fmt;

/// A byte offset into a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos(pub u32);

impl Pos {
    /// The offset as a `usize`, for slicing the source.
    pub fn offset(self) -> usize {
        self.0 as usize
    }
}

/// A half-open byte range `[start, end)` in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span {
            start: Pos(start),
            end: Pos(end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start.offset()..self.end.offset()
    }

    pub fn len(self) -> u32 {
        self.end.0 - self.start.0
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A human-readable source position: a file name, a 1-based line and a
/// 1-based column counted in bytes (a tab is one column).
///
/// `line == 0` means the position is unknown; `col == 0` means the column is
/// unknown, which happens after a `//line file:line` directive without a
/// column. Both print the way gc prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position<'a> {
    pub filename: &'a str,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Position<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) if self.filename.is_empty() => f.write_str("<unknown position>"),
            (0, _) => f.write_str(self.filename),
            (line, 0) => write!(f, "{}:{}", self.filename, line),
            (line, col) => write!(f, "{}:{}:{}", self.filename, line, col),
        }
    }
}

/// Start offsets of every line of a file, for mapping offsets to
/// (line, column) pairs by binary search.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(src: &[u8]) -> LineIndex {
        let mut line_starts = Vec::with_capacity(src.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(
            src.iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        LineIndex { line_starts }
    }

    /// The 1-based (line, byte column) of `pos`.
    pub fn line_col(&self, pos: Pos) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&start| start <= pos.0);
        let start = self.line_starts[line - 1];
        (line as u32, pos.0 - start + 1)
    }

    /// The byte range of 1-based `line`, excluding its newline, or `None`
    /// if the file has fewer lines.
    pub fn line_span(&self, line: u32, src_len: u32) -> Option<Span> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(src_len, |&next| next - 1);
        Some(Span::new(start, end))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The effect of one `//line` or `/*line */` directive: from `at` on,
/// positions are reported relative to `filename:line:col`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDirective {
    /// Offset of the first byte the directive applies to: the start of the
    /// line after a `//line` comment, or the byte after a `/*line */` one.
    pub at: Pos,
    pub filename: String,
    pub line: u32,
    /// 0 when the directive gives no column: columns are then unknown
    /// until the next directive, as in gc.
    pub col: u32,
}

/// Maps offsets to positions, honoring line directives the way gc's
/// `PosBase` does: the line is relative to the directive's line, and the
/// column is relative to the directive's column only on the line where the
/// directive takes effect.
pub(crate) fn adjusted_position<'a>(
    filename: &'a str,
    lines: &LineIndex,
    directives: &'a [LineDirective],
    pos: Pos,
) -> Position<'a> {
    let (line, col) = lines.line_col(pos);
    let applicable = directives.partition_point(|d| d.at <= pos);
    let Some(directive) = applicable.checked_sub(1).map(|i| &directives[i]) else {
        return Position {
            filename,
            line,
            col,
        };
    };
    let (base_line, base_col) = lines.line_col(directive.at);
    let col = match directive.col {
        0 => 0,
        dcol if line == base_line => dcol + (col - base_col),
        _ => col,
    };
    Position {
        filename: &directive.filename,
        line: directive.line + (line - base_line),
        col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_bytes() {
        let src = "ab\n\tcd\né\nx";
        let idx = LineIndex::new(src.as_bytes());
        assert_eq!(idx.line_col(Pos(0)), (1, 1));
        assert_eq!(idx.line_col(Pos(2)), (1, 3));
        assert_eq!(idx.line_col(Pos(3)), (2, 1));
        assert_eq!(idx.line_col(Pos(4)), (2, 2));
        assert_eq!(idx.line_col(Pos(10)), (4, 1));
        assert_eq!(idx.line_span(2, src.len() as u32), Some(Span::new(3, 6)));
        assert_eq!(idx.line_span(4, src.len() as u32), Some(Span::new(10, 11)));
        assert_eq!(idx.line_span(5, src.len() as u32), None);
    }

    #[test]
    fn position_display() {
        let p = |filename, line, col| Position {
            filename,
            line,
            col,
        };
        assert_eq!(p("a.go", 3, 4).to_string(), "a.go:3:4");
        assert_eq!(p("a.go", 3, 0).to_string(), "a.go:3");
        assert_eq!(p("a.go", 0, 0).to_string(), "a.go");
        assert_eq!(p("", 0, 0).to_string(), "<unknown position>");
    }
}
