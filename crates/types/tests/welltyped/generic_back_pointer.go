// A generic defined type whose underlying struct points back at it.
package p

type T[P any] struct {
	h *H[P]
	x P
}

type H[P any] T[P]

func F(h *H[int]) int { return h.x + h.h.x }

type G[P any] struct {
	next *L
	v    P
}

type L G[string]

func Get(l L) string { return l.next.v }
