package p

var s = `abc
