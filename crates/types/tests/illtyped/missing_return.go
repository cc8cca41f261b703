package p

func f(x int) int {
	for {
		if x > 0 {
			break
		}
	}
}
