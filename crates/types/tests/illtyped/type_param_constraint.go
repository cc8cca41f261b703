package p

func F[T any, U T]() {}
