package p

type I[T any] interface{ T }
