package p

func f() {
	var x int = "hello"
	_ = x
}
