package p

func f() {
	var a int
	var a string
	_ = a
}
