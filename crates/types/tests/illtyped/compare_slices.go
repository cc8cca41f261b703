package p

func f(a, b []int) bool {
	return a == b
}
