package p

type T struct{ x int }

func f(a, b T) bool {
	return a < b
}
