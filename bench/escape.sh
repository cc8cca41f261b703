#!/usr/bin/env bash
# Escape-analysis speed: `goescape -m -l PATTERN` against
# `go build -a -gcflags='-m -l' PATTERN` (the same packages, everything they
# import included, nothing cached: goescape runs with --no-cache) in the
# same run, wall time, best of $RUNS for both. go build also compiles and
# links objects, so the ratio flatters goescape somewhat; it is the work a
# user waits for either way. bench/cache.sh measures the cached runs.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=${1:-std}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p goescape
goescape=$(pwd)/${CARGO_TARGET_DIR:-target}/release/goescape

best() { sort -g | head -n 1; }
seconds() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" > "$work/out" 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}'
}
ours=$(for _ in $(seq "$runs"); do (cd "$work" && CGO_ENABLED=0 seconds "$goescape" -m -l --no-cache "$pattern"); done | best)
lines_ours=$(cd "$work" && CGO_ENABLED=0 "$goescape" -m -l --no-cache "$pattern" 2>&1 | grep -vc "^#")
theirs=$(for _ in $(seq "$runs"); do (cd "$work" && CGO_ENABLED=0 seconds go build -a -gcflags='-m -l' "$pattern"); done | best)
lines_theirs=$(cd "$work" && CGO_ENABLED=0 go build -a -gcflags='-m -l' "$pattern" 2>&1 | grep -vc '^#')
ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.1f", b / a}')
echo "pattern $pattern on $(nproc) cores; $(go version)"
echo "goescape -m -l:                $ours s ($lines_ours lines)"
echo "go build -a -gcflags='-m -l':  $theirs s ($lines_theirs lines)"
echo "ratio: goescape ${ratio}x faster"
