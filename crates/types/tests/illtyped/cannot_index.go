package p

func f(x int) int {
	return x[0]
}
