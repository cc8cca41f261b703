// One call of several results as the arguments of min and max, as
// gonum's `n := min(m.Dims())` (imported by a grpc test helper).
package p

func two() (int, int) { return 1, 2 }

func strs() (string, string) { return "a", "b" }

func Smallest() int { return min(two()) }

func Largest() int { return max(two()) }

func First() string { return min(strs()) }
