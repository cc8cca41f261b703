// T holds H by value, and H is T: declared after its use, H is resolved
// while T is still being declared.
package p

type T struct {
	h H
}

type H T
