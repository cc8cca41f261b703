package p

var x = 0b102
