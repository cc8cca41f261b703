//! String constant values: byte strings (Go strings need not be UTF-8) whose
//! concatenation is lazy.
//!
//! Generated code can contain `"a" + "b" + … ` chains of thousands of
//! operands; copying at each `+` would be quadratic (golang.org/issue/23348).
//! A concatenation records its operands and the bytes are assembled once,
//! when first needed.

use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub(crate) struct StrValue(Arc<Node>);

enum Node {
    Leaf(Arc<[u8]>),
    Concat {
        len: usize,
        left: StrValue,
        right: StrValue,
        /// The operands' bytes, assembled on first use.
        flat: OnceLock<Arc<[u8]>>,
    },
}

impl StrValue {
    pub(crate) fn new(bytes: Arc<[u8]>) -> StrValue {
        StrValue(Arc::new(Node::Leaf(bytes)))
    }

    /// A shared empty string, the placeholder for operands taken apart by
    /// [`Node::drop`].
    fn empty() -> StrValue {
        static EMPTY: OnceLock<StrValue> = OnceLock::new();
        EMPTY.get_or_init(|| StrValue::new(Arc::from([]))).clone()
    }

    pub(crate) fn concat(&self, other: &StrValue) -> StrValue {
        StrValue(Arc::new(Node::Concat {
            len: self.len() + other.len(),
            left: self.clone(),
            right: other.clone(),
            flat: OnceLock::new(),
        }))
    }

    pub(crate) fn len(&self) -> usize {
        match &*self.0 {
            Node::Leaf(bytes) => bytes.len(),
            Node::Concat { len, .. } => *len,
        }
    }

    pub(crate) fn bytes(&self) -> &Arc<[u8]> {
        match &*self.0 {
            Node::Leaf(bytes) => bytes,
            Node::Concat { flat, .. } => flat.get_or_init(|| self.flatten().into()),
        }
    }

    /// Collects the leaves left to right without recursion (chains are
    /// usually left-deep and may be very long).
    fn flatten(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        let mut pending = vec![self];
        while let Some(value) = pending.pop() {
            match &*value.0 {
                Node::Leaf(bytes) => out.extend_from_slice(bytes),
                Node::Concat {
                    flat, left, right, ..
                } => match flat.get() {
                    Some(bytes) => out.extend_from_slice(bytes),
                    None => pending.extend([right, left]),
                },
            }
        }
        out
    }
}

impl Drop for Node {
    /// Dismantles uniquely owned concatenation chains iteratively, since
    /// the default recursive drop could overflow the stack.
    fn drop(&mut self) {
        fn take_operands(node: &mut Node, pending: &mut Vec<StrValue>) {
            if let Node::Concat { left, right, .. } = node {
                pending.push(std::mem::replace(left, StrValue::empty()));
                pending.push(std::mem::replace(right, StrValue::empty()));
            }
        }
        let mut pending = Vec::new();
        take_operands(self, &mut pending);
        while let Some(value) = pending.pop() {
            if let Some(mut node) = Arc::into_inner(value.0) {
                take_operands(&mut node, &mut pending);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(s: &str) -> StrValue {
        StrValue::new(s.as_bytes().into())
    }

    #[test]
    fn concatenation_preserves_order() {
        let abc = leaf("a").concat(&leaf("b").concat(&leaf("c")));
        let abcd = abc.concat(&leaf("d"));
        assert_eq!(abcd.len(), 4);
        assert_eq!(&**abcd.bytes(), b"abcd");
        assert_eq!(&**abc.bytes(), b"abc");
    }

    #[test]
    fn long_chains_neither_overflow_nor_go_quadratic() {
        let mut chain = leaf("");
        for _ in 0..200_000 {
            chain = chain.concat(&leaf("xy"));
        }
        assert_eq!(chain.len(), 400_000);
        assert!(chain.bytes().chunks(2).all(|pair| pair == b"xy"));
        drop(chain);
    }
}
