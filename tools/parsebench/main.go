// Command parsebench measures go/parser's throughput on a list of Go files,
// the Go toolchain's side of goescape's parse benchmark: both tools parse the
// same files in the same run, and the ratio of their MB/s is the figure.
//
// Usage:
//
//	parsebench [-j N] [-comments] FILE... | -
//
// With "-", file names are read from standard input, one per line. Files are
// read into memory before the clock starts, so only parsing is timed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	workers := flag.Int("j", runtime.NumCPU(), "parallel workers")
	comments := flag.Bool("comments", false, "keep comments (parser.ParseComments)")
	flag.Parse()

	names := flag.Args()
	if len(names) == 1 && names[0] == "-" {
		names = nil
		lines := bufio.NewScanner(os.Stdin)
		for lines.Scan() {
			if lines.Text() != "" {
				names = append(names, lines.Text())
			}
		}
	}
	if len(names) == 0 || *workers < 1 {
		fmt.Fprintln(os.Stderr, "usage: parsebench [-j N] [-comments] FILE... | -")
		os.Exit(2)
	}

	sources := make([][]byte, len(names))
	bytes := 0
	for i, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		sources[i] = src
		bytes += len(src)
	}

	mode := parser.SkipObjectResolution
	if *comments {
		mode |= parser.ParseComments
	}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fset := token.NewFileSet()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				if _, err := parser.ParseFile(fset, names[i], sources[i], mode); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)

	fmt.Printf("files: %d\nbytes: %d\nworkers: %d\nfiles with errors: %d\nparse wall seconds: %.3f\nMB/s: %.1f\n",
		len(names), bytes, *workers, failed.Load(), wall.Seconds(), float64(bytes)/1e6/wall.Seconds())
}
