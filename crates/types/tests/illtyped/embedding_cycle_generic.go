// Generic interfaces embedding each other with growing type arguments
// (Outer[T] embeds Inner[Outer[T], ...], which embeds Outer[...]): the
// type sets must not be expanded forever. The first error gc reports is
// the undefined name; the cycle comes after it.
package p

type Source[T any] interface {
	Next(Missing) T
}

type Outer[T any] interface {
	Inner[Outer[T], Source[T]]
}

type Inner[A, B any] interface {
	Outer[B]
}
