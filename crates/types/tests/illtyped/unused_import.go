package p

import "unsafe"

func f() {}
