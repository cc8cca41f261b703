// An alias of an instance of a generic type that refers back to the
// alias, and a generic alias used inside the type it stands for.
package p

type List = Node[int]

type Node[T any] struct {
	next *List
	v    T
}

func Second(l *List) int { return l.next.v }

type Ref[T any] = Tree[T]

type Tree[T any] struct {
	kids []*Ref[T]
	v    T
}

func First(t *Tree[string]) string { return t.kids[0].v }

// A chain of generic aliases ending in a pointer to the generic type
// that uses the first.
type AliasA[T any] = AliasB[T]

type AliasB[T any] = *Link[T]

type Link[T any] struct {
	next AliasA[T]
	v    T
}

func Next(l Link[int]) int { return l.next.next.v }

// A generic alias of a struct literal holding a pointer back.
type Pair[K comparable, V any] = struct {
	k K
	v *Entry[K, V]
}

type Entry[K comparable, V any] struct {
	pairs []Pair[K, V]
	val   V
}

func Val(e *Entry[string, int]) int { return e.pairs[0].v.val }
