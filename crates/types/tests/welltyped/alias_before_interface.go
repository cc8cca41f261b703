// An alias declared before the interface it mentions, in a declaration
// cycle: the interface's method refers to the alias while the alias is
// still being declared (protobuf's internal/impl does this).
package p

type methods = struct{ M Message }

type Message interface{ ProtoMethods() *methods }

type M struct{}

func (M) ProtoMethods() *methods { return nil }

func Get() Message { return M{} }
