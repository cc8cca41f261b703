// Inference against named generic types: a named type in a parameter
// unifies with a type literal through its underlying type.
package p

type S[T any] []T

func Slice[T any](s S[T]) T { return s[0] }

type M[K comparable, V any] map[K]V

func Map[K comparable, V any](m M[K, V]) (K, V) {
	for k, v := range m {
		return k, v
	}
	var k K
	var v V
	return k, v
}

type Fn[T, U any] func(T) U

func Apply[T, U any](f Fn[T, U], x T) U { return f(x) }

type C[T any] chan T

func Recv[T any](c C[T]) T { return <-c }

type A[T any] [2]T

func Index[T any](a A[T]) T { return a[1] }

type P[T any] *T

func Deref[T any](p P[T]) T { return *p }

type Pair[K, V any] struct {
	Key K
	Val V
}

func Key[K, V any](p Pair[K, V]) K { return p.Key }

func itoa(int) string { return "" }

func Use() {
	_ = Slice([]int{1})
	_, _ = Map(map[string]bool{})
	_ = Apply(func(x int) string { return "" }, 1)
	_ = Apply(itoa, 2)
	_ = Recv(make(chan int))
	_ = Index([2]string{})
	n := 1
	_ = Deref(&n)
	_ = Key(struct {
		Key int
		Val string
	}{})
}

type Seq[V any] func(yield func(V) bool)

func Collect[V any](s Seq[V]) []V { return nil }

type LoaderFunc[K comparable, V any] func(K) (V, error)

func Load[K comparable, V any](f LoaderFunc[K, V], k K) V {
	v, _ := f(k)
	return v
}

func load(k string) (int, error) { return len(k), nil }

func Cat[T any](xs ...S[T]) S[T] { return xs[0] }

type Getter[T any] interface{ Get() T }

func Get[T any](g Getter[T]) T { return g.Get() }

type Set[T comparable] map[T]struct{}

func Keys[T comparable](s Set[T]) []T { return nil }

func Id[T any](x T) T { return x }

func ApplySame[T any](f Fn[T, T], x T) T { return f(x) }

func More(g interface{ Get() int }) {
	_ = Collect(func(yield func(int) bool) {})
	_ = Load(load, "x")
	_ = Cat([]int{1}, []int{2})
	_ = Get(g)
	_ = Keys(map[string]struct{}{})
	_ = ApplySame(Id, 1)
}
