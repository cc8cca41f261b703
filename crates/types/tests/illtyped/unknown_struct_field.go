package p

type T struct{ a int }

var t = T{b: 1}
