package p

type T struct{}

func (t *T) M() {}

func f() {
	T{}.M()
}
