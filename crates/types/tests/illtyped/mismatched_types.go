package p

func f(a int, b string) {
	_ = a + b
}
