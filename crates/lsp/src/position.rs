//! Positions as the client counts them: lines from 0, columns in UTF-16
//! code units unless the client agreed to UTF-8 bytes (gc's columns).

use lsp_types::Position;

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The client position of byte `offset` of `src`, which is on 1-based
/// `line` at 1-based byte `col` (as the syntax crate's line index gives
/// them).
pub fn at(src: &[u8], offset: u32, line: u32, col: u32, encoding: Encoding) -> Position {
    let character = match encoding {
        Encoding::Utf8 => col - 1,
        Encoding::Utf16 => {
            let start = (offset - (col - 1)) as usize;
            let before = src.get(start..offset as usize).unwrap_or_default();
            String::from_utf8_lossy(before)
                .chars()
                .map(|c| c.len_utf16() as u32)
                .sum()
        }
    };
    Position {
        line: line - 1,
        character,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let src = "x := \"é😀\"; y".as_bytes();
        let offset = src.iter().rposition(|&b| b == b'y').unwrap() as u32;
        let col = offset + 1;
        assert_eq!(at(src, offset, 1, col, Encoding::Utf8).character, offset);
        // é is 2 bytes and 1 unit, 😀 4 bytes and 2 units.
        assert_eq!(
            at(src, offset, 1, col, Encoding::Utf16).character,
            offset - 3
        );
    }
}
