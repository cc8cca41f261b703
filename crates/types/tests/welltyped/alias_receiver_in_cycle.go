// Aliases in cycles with methods and embedding: a receiver named through
// an alias of a type declared after it, an embedded pointer to an alias,
// an interface used through an alias inside the types it mentions.
package p

import "unsafe"

type T = t

func (T) M() int { return 1 }

type t struct{ x *T }

func Call(v t) int { return v.x.M() }

type A [unsafe.Sizeof(B{})]int

type B struct{ p *A }

func Len(a A) int { return len(a) }

type E struct {
	*F
}

type F = G

type G struct {
	E
	n int
}

func N(e E) int { return e.n }

type Handler interface {
	Serve(*Req)
}

type Req struct {
	h   HandlerAlias
	mux map[string]HandlerAlias
}

type HandlerAlias = Handler

type HF func(*Req)

func (f HF) Serve(r *Req) { f(r) }

var _ HandlerAlias = HF(nil)
