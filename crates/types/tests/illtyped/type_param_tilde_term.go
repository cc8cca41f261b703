package p

// The infinite type set of ~T under T's own constraint.
func Max[T ~int | ~T](x T) T { return x }

var _ = Max(2)
