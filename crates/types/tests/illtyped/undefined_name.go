package p

func f() int {
	return undefinedThing + 1
}
