package p

var s = "a\qb"
