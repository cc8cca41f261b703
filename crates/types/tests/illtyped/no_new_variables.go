package p

func f() {
	a := 1
	a := 2
	_ = a
}
