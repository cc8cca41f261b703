#!/usr/bin/env bash
# One large file: `goescape -m -l` on a generated package of one file of
# about $1 MB (default 100) of small functions, each with a local that
# escapes, one that does not, a slice, a closure and a call, reporting
# wall time, CPU time and peak memory (`/usr/bin/time -v`). Memory and
# time should grow linearly with the file's size: run it at two sizes to
# see the ratio. Not run by CI (a 100 MB file takes a minute and
# gigabytes).
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p goescape
goescape=$(pwd)/${CARGO_TARGET_DIR:-target}/release/goescape

printf 'module big\n\ngo 1.26\n' > "$work/go.mod"
awk -v bytes=$((megabytes * 1000 * 1000)) 'BEGIN {
  print "package big\n\ntype T struct {\n\ta, b int\n\tp *int\n}\n\nvar sink *T\n"
  for (i = 0; size < bytes; i++) {
    f = sprintf("func F%d(x int, p *int) *T {\n\tt := &T{a: x, b: x * 2, p: p}\n\tu := T{a: x}\n\ts := make([]int, 0, 4)\n\ts = append(s, u.a, x)\n\tadd := func(y int) int { return y + len(s) }\n\tif x > 10 {\n\t\tsink = &T{a: add(x)}\n\t}\n\treturn t\n}\n\n", i)
    printf "%s", f
    size += length(f)
  }
}' > "$work/big.go"
echo "file: $(wc -c < "$work/big.go") bytes, $(grep -c '^func' "$work/big.go") functions"
(cd "$work" && /usr/bin/time -v "$goescape" --no-cache -m -l . > "$work/out" 2> "$work/time") || true
grep -E 'Elapsed|User time|System time|Maximum resident' "$work/time"
echo "lines printed: $(grep -vc '^#' "$work/out")"
