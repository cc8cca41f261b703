package p

func zero[T any]() T {
	var z T
	return z
}

func f() {
	_ = zero()
}
