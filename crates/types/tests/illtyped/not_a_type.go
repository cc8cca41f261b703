package p

var v int

func f(x v) {}
