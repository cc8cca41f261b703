// A defined type whose underlying struct points back at it, declared
// after its use: H is resolved while T is still being declared.
package p

type T struct {
	h *H
	x int
}

type H T

func F(h *H) int { return h.x + h.h.x }

// The same through a chain of defined types and an alias.
type U struct {
	u2 *U2
	a  *A
	y  int
}

type U2 U1

type U1 U

type A = V

type V U

func G(u *U2, v *V) int { return u.y + u.u2.y + v.a.y }

// Arrays and interfaces too.
type Arr [2]*Arr2

type Arr2 Arr

func Len(a Arr2) int { return len(a) + len(*a[0]) }

type I interface{ Next() J }

type J I

func Next(j J) J { return j.Next() }
