package p

type celsius float64

func two() (float64, float64) { return 1, 2 }

var c, d celsius = two()
