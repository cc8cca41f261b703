#!/usr/bin/env bash
# Parse throughput: goescape against go/parser (tools/parsebench) on the same
# files in the same run, on one core and on all cores. The file set is the
# go command's own selection for the pattern (default: std), which
# goescape's loader reproduces exactly (see crates/load's differential test).
# Each figure is the best of $RUNS runs, for both tools alike.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=${1:-std}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p goescape
goescape=${CARGO_TARGET_DIR:-target}/release/goescape
go build -C tools/parsebench -o "$work/parsebench" .
CGO_ENABLED=0 go list -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' "$pattern" \
  | grep . > "$work/files"

best() { sort -g | tail -n 1; }
ours() { # threads -> MB/s over parse time (per-core figure when threads=1)
  for _ in $(seq "$runs"); do
    "$goescape" parse --stats -j "$1" "$pattern" 2>&1 >/dev/null |
      awk -v t="$1" -F': ' 't==1 && /^parse MB\/s per core/ {print $2} t>1 && /^read\+parse MB\/s/ {print $2}'
  done | best
}
theirs() {
  for _ in $(seq "$runs"); do
    "$work/parsebench" -j "$1" - < "$work/files" | awk -F': ' '/^MB\/s/ {print $2}'
  done | best
}

files=$(wc -l < "$work/files")
bytes=$(xargs cat < "$work/files" | wc -c)
cores=$(nproc)
echo "pattern $pattern: $files files, $bytes bytes; $(go version)"
for threads in 1 "$cores"; do
  a=$(ours "$threads"); b=$(theirs "$threads")
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.1f", a / b}')
  echo "threads $threads: goescape $a MB/s, go/parser $b MB/s, ratio ${ratio}x"
done
echo "(goescape at 1 thread: parse time only; at $cores: wall time of reading and parsing;"
echo " go/parser: parse wall time after reading, SkipObjectResolution, no comments)"
