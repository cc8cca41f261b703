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
