package p

func f() {
	goto 3
}
