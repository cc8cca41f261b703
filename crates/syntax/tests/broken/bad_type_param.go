package p

func f[](x int) {}
