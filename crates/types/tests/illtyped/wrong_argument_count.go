package p

func g(a, b int) int { return a + b }

func f() int {
	return g(1)
}
