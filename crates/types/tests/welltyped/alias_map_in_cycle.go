// Aliases of map, slice and function types declared before the
// interface they mention.
package p

type registry = map[string]*Message

type handlers = []func(*Message) error

type Message interface {
	All() registry
	Handlers() handlers
}

type M struct{}

func (M) All() map[string]*Message              { return nil }
func (M) Handlers() []func(m *Message) error { return nil }

func Get() Message { return M{} }
