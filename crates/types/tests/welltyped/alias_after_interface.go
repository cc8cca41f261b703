// The same cycle as alias_before_interface.go, the interface first.
package p

type Message interface{ ProtoMethods() *methods }

type methods = struct{ M Message }

type M struct{}

func (M) ProtoMethods() *methods { return nil }

func Get() Message { return M{} }
