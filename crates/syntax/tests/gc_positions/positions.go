// Package gcpositions pins node positions to the Go compiler's: every
// "pos:" annotation names a node kind and the column where goescape's parser
// must place it, and gc's `-m -l` output (gc-m.txt) must report a message at
// that same line and column.
package gcpositions

import "fmt"

type T struct{ a, b int }

func (t *T) M() int { return t.a } // pos: Name@7

type S struct{ a, b, c, d int }

func (s S) V() int { return s.a }

func G[X any](x X) X { return x }

type List[E any] struct{ next *List[E] }

var sink any

func exprs(x int, s string, b []byte, i I, m map[string]int) { // pos: Name@19 Name@29 Name@39 Name@44
	fmt.Println(x)                 // pos: Call@13 Name@14
	sink = &T{1, 2}                // pos: Unary@9
	sink = []int{1, 2}             // pos: CompositeLit@14
	sink = new(int)                // pos: Call@12
	sink = func() int { return x } // pos: FuncLit@9
	sink = s + "x"                 // pos: Binary@11
	sink = string(b)               // pos: Call@15
	sink = []byte(s)               // pos: Call@15
	sink = i.M                     // pos: Selector@10
	sink = make([]int, x)          // pos: Call@13
	sink = b[1:2]                  // pos: Slice@10
	sink = m["k"]                  // pos: Index@10
	sink = -x                      // pos: Unary@9
	sink = x + 1                   // pos: Binary@11
	sink = T{}                     // pos: CompositeLit@10
	sink = [2]int{}                // pos: CompositeLit@15
	defer fmt.Println(x)           // pos: Call@19
	go fmt.Println(x)              // pos: Call@16
	sink = append(b, 1)            // pos: Call@15
	var y int                      // pos: Name@6
	sink = &y
	sink = <-make(chan int) // pos: Unary@9
}

type I interface{ M() int }

func more(i any, s S, arr []S, ch chan S, f func(int) int) { // pos: Name@11 Name@23 Name@32 Name@43
	sink = i.(S)                   // pos: Assert@10
	sink = G[S](s)                 // pos: Call@13
	sink = s.V                     // pos: Selector@10
	sink = arr[0]                  // pos: Index@12
	sink = (s)                     // pos: Paren@9
	sink = &List[int]{}            // pos: Unary@9
	sink = <-ch                    // pos: Unary@9
	sink = f(1)                    // pos: Call@10
	sink = any(s)                  // pos: Name@13
	sink = interface{ V() int }(s) // pos: Name@30
	x := 0                         // pos: Name@2
	defer func() { x++ }()         // pos: FuncLit@8
	go func() { x++ }()            // pos: FuncLit@5
	sink = [...]S{s}               // pos: CompositeLit@15
	sink = struct{ a int }{1}      // pos: CompositeLit@24
	sink = map[string]S{"a": s}    // pos: CompositeLit@21
	sink = s.a * 2                 // pos: Binary@13
	sink = !(s.a > 0)              // pos: Unary@9
	sink = ^s.b                    // pos: Unary@9
	sink = *&s                     // pos: Unary@9
	sink = arr[:1:2]               // pos: Slice@12
	var big [200000]byte           // pos: Name@6
	_ = big
	for i := range 3 { // pos: Name@6
		sink = &i
	}
	for i := 0; i < 3; i++ { // pos: Name@6
		sink = &i
	}
}
