//! Parameter leak sets: for one parameter, the fewest dereferences after
//! which its value reaches the heap, a mutator, a callee, or each of the
//! first results. This is what a function's analysis exports to its
//! callers (gc's parameter tags).

/// Number of results whose leaks are tracked separately.
pub const RESULTS: usize = 5;

const HEAP: usize = 0;
const MUTATOR: usize = 1;
const CALLEE: usize = 2;
const RESULT0: usize = 3;

/// Dereference counts by sink; `None` means "does not leak there".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Leaks([Option<u8>; RESULT0 + RESULTS]);

impl Leaks {
    /// The length of [`Leaks::to_bytes`].
    pub const ENCODED_LEN: usize = RESULT0 + RESULTS;

    /// One byte per sink (a count saturates at 254; 255 is "does not
    /// leak there"), for summaries that outlive a run.
    pub fn to_bytes(&self) -> [u8; Leaks::ENCODED_LEN] {
        self.0.map(|derefs| derefs.unwrap_or(u8::MAX))
    }

    pub fn from_bytes(bytes: [u8; Leaks::ENCODED_LEN]) -> Leaks {
        Leaks(bytes.map(|byte| (byte != u8::MAX).then_some(byte)))
    }

    /// The leaks of a parameter of a function without a body: everything
    /// reaches the heap.
    pub fn heap() -> Leaks {
        let mut leaks = Leaks::default();
        leaks.add_heap(0);
        leaks
    }

    pub fn heap_derefs(&self) -> Option<i32> {
        self.get(HEAP)
    }
    pub fn mutator(&self) -> Option<i32> {
        self.get(MUTATOR)
    }
    pub fn callee(&self) -> Option<i32> {
        self.get(CALLEE)
    }
    pub fn result(&self, i: usize) -> Option<i32> {
        self.get(RESULT0 + i)
    }

    pub fn add_heap(&mut self, derefs: i32) {
        self.add(HEAP, derefs)
    }
    pub fn add_mutator(&mut self, derefs: i32) {
        self.add(MUTATOR, derefs)
    }
    pub fn add_callee(&mut self, derefs: i32) {
        self.add(CALLEE, derefs)
    }
    pub fn add_result(&mut self, i: usize, derefs: i32) {
        self.add(RESULT0 + i, derefs)
    }

    fn get(&self, i: usize) -> Option<i32> {
        self.0[i].map(i32::from)
    }

    fn add(&mut self, i: usize, derefs: i32) {
        // Counts saturate as in gc's one-byte encoding.
        let derefs = derefs.clamp(0, 254) as u8;
        if self.0[i].is_none_or(|old| derefs < old) {
            self.0[i] = Some(derefs);
        }
    }

    /// Drops leaks implied by a heap leak with no more dereferences.
    pub fn optimize(&mut self) {
        if let Some(heap) = self.0[HEAP] {
            for slot in &mut self.0[1..] {
                if slot.is_some_and(|d| d >= heap) {
                    *slot = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_fewest_derefs_and_optimizes_below_heap() {
        let mut l = Leaks::default();
        l.add_result(0, 2);
        l.add_result(0, 1);
        assert_eq!(l.result(0), Some(1));
        l.add_heap(1);
        l.add_mutator(3);
        l.add_result(1, 0);
        l.optimize();
        assert_eq!(l.result(0), None);
        assert_eq!(l.mutator(), None);
        assert_eq!(l.result(1), Some(0));
        assert_eq!(l.heap_derefs(), Some(1));
    }
}
