package p

func f() {
	x := 3
	x()
}
