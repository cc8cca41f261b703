package p

func f(b bool) {
	if b {
	}
	else {
	}
}
