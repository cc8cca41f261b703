package p

var x int8 = 300
