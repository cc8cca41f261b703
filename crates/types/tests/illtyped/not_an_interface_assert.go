package p

func f(x int) {
	_ = x.(string)
}
