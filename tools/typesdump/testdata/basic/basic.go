// Package basic is typesdump's golden fixture: a few constructs of each kind
// the dump records (generics, method values and expressions, constants,
// interface conversions, closures, embedding, type switches, comma-ok).
package basic

import (
	"io"
	str "strings"
)

// Constants: iota, typed and untyped, big, float, complex, rune, string.
const (
	A = iota * 10
	B
	C int8 = 3
)

const (
	Big   = 1 << 100
	Small = Big >> 98
	Third = 1.0 / 3
	Cplx  = 2i * 2
	R     = 'x' + 1
	Long  = "a fairly long string constant that is longer than seventy-two bytes in total"
)

// Generics.
type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type List[T any] struct {
	items []T
}

func (l *List[T]) Push(v T) { l.items = append(l.items, v) }

func (l List[T]) Len() int { return len(l.items) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Embedding and promotion.
type Base struct{ ID int }

func (b *Base) SetID(id int) { b.ID = id }

type Named struct {
	Base
	Name string
}

type Wrapper struct {
	*Named
}

func (n Named) String() string { return n.Name }

type Stringer interface{ String() string }

func Use(w io.Writer, s string) (n int, err error) {
	// Generic calls: inferred and explicit instantiation.
	total := Sum(1, 2, 3) + Sum[int](4)
	f := Sum[float64]
	_ = f(1.5)

	var l List[string]
	l.Push(s) // method on addressable value, implicit &
	push := l.Push
	push("x")
	length := List[string].Len
	_ = length(l)
	p := Pair[string, int]{Key: s, Val: total}
	_ = p.Val

	// Promotion through an embedded pointer.
	wr := Wrapper{&Named{Name: "n"}}
	wr.SetID(7)
	_ = wr.ID
	setter := (*Base).SetID
	setter(&wr.Base, 1)

	// Interface conversion, assertions, type switches.
	var st Stringer = wr.Named
	var anyv any = st
	if v, ok := anyv.(Stringer); ok {
		s += v.String()
	}
	switch x := anyv.(type) {
	case Named:
		s += x.Name
	case nil, int:
		_ = x
	default:
	}

	// Maps and comma-ok.
	m := map[string]int{"a": A, "b": B}
	if v, ok := m["a"]; ok {
		total += v
	}
	m["c"]++

	// Closures capturing variables.
	count := 0
	inc := func() int {
		count++
		return count
	}
	inc()

	// Builtins, conversions, labels.
	buf := make([]byte, 0, len(s))
	buf = append(buf, s...)
	var r rune = R
	_ = string(r) + str.ToUpper(string(buf))
	var _ = Small + int(C)
outer:
	for i := range 3 {
		for j := 0; j < i; j++ {
			if j == 1 {
				continue outer
			}
		}
	}
	return w.Write(buf)
}
