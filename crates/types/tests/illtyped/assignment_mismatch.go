package p

func two() (int, int) { return 1, 2 }

func f() {
	a, b, c := two()
	_, _, _ = a, b, c
}
