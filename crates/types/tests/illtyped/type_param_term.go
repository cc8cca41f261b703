package p

func F[T any, U ~int | T]() {}
