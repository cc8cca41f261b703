// Command hello is goescape's example module: a few allocation sites of the
// kinds goescape explains (returned pointers, closures, interface arguments,
// slices that outgrow the stack).
package main

import (
	"fmt"
	"os"
	"strings"
)

type point struct{ x, y int }

// newPoint returns the address of a local: p moves to the heap.
func newPoint(x, y int) *point {
	p := point{x, y}
	return &p
}

// sum keeps its slice on the stack: nothing outlives the frame.
func sum(n int) int {
	values := make([]int, 0, 16)
	for i := range n {
		values = append(values, i)
	}
	total := 0
	for _, v := range values {
		total += v
	}
	return total
}

// counter captures count by reference in a closure that is returned.
func counter() func() int {
	count := 0
	return func() int {
		count++
		return count
	}
}

func main() {
	p := newPoint(1, 2)
	next := counter()
	next()
	words := strings.Fields(strings.Repeat("go ", 3))
	fmt.Fprintln(os.Stdout, p.x+p.y, sum(10), next(), len(words))
}
