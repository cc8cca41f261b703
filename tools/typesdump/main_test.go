package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/basic.golden")

func dumpFixture(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append(args, "./testdata/basic")
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("typesdump %v: exit %d\n%s", args, code, stderr.String())
	}
	return stdout.String()
}

func TestGolden(t *testing.T) {
	got := dumpFixture(t)
	const golden = "testdata/basic.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("dump differs from %s at line %d:\n got: %q\nwant: %q\n(run go test -update to accept)", golden, i+1, g, w)
			}
		}
	}
	if strings.Contains(got, "\n!\t") {
		t.Errorf("fixture has type errors")
	}
}

// TestDeterministic checks that the output does not depend on parallelism.
func TestDeterministic(t *testing.T) {
	if a, b := dumpFixture(t, "-j", "1"), dumpFixture(t, "-j", "4"); a != b {
		t.Fatal("output differs between -j 1 and -j 4")
	}
}

// TestOnly checks that -only keeps exactly the requested categories.
func TestOnly(t *testing.T) {
	all := dumpFixture(t)
	only := dumpFixture(t, "-only", "S,I")
	var want []string
	for _, l := range strings.SplitAfter(all, "\n") {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "S\t") || strings.HasPrefix(l, "I\t") {
			want = append(want, l)
		}
	}
	if only != strings.Join(want, "") {
		t.Fatalf("-only S,I output is not the S and I lines of the full dump")
	}
}

// TestStdVendor checks that std's vendored packages resolve through
// GOROOT/src/vendor: httpproxy imports golang.org/x/net/idna, which
// go list maps to vendor/golang.org/x/net/idna.
func TestStdVendor(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"-only", "U,!", "vendor/golang.org/x/net/http/httpproxy"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("typesdump %v: exit %d\n%s", args, code, stderr.String())
	}
	out := stdout.String()
	if strings.Contains(out, "\n!\t") {
		t.Fatalf("type errors:\n%s", out)
	}
	const want = "\tToASCII\tfunc\tvendor/golang.org/x/net/idna\tvendor/golang.org/x/net/idna/"
	if !strings.Contains(out, want) {
		t.Fatalf("no use of vendored idna.ToASCII (%q) in output", want)
	}
}
