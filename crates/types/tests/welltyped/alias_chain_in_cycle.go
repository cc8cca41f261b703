// A chain of aliases ending in a pointer, declared before the interface
// that closes the cycle; a pointer to an alias of a pointer.
package p

type ptr = *methods

type methods = info

type info = struct{ M Message }

type Message interface {
	Methods() ptr
	Info() *info
}

type M struct{}

func (M) Methods() ptr   { return nil }
func (M) Info() *methods { return nil }

func Get() Message { return M{} }
