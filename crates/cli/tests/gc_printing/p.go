// Types and callees as gc prints them in -m messages: struct tags are
// part of an anonymous struct type, and a method of an imported generic
// type is qualified inside the parentheses of its pointer receiver.
package gcprinting

import "sync/atomic"

var current atomic.Pointer[[]byte]

var sink any

func Load() {
	sink = *current.Load()
}

func Tagged() {
	sink = struct {
		Field string `json:"field"`
		N     int    `json:"n,omitempty"`
	}{Field: "x"}
	sink = &struct {
		Quoted string `a:"b\tc"`
		Plain  int
	}{}
}
