#!/usr/bin/env bash
# The cache against gc's build cache, paired in the same run: each measure
# alternates goescape and the go command, $RUNS pairs (default 5), and
# prints both medians and the median of the pair-by-pair ratios.
#   cold std:   goescape -m -l std on an empty cache
#               vs go build -a -gcflags='-m -l' std
#   warm:       goescape -m -l ./... on an unchanged module, cache filled
#               vs go build -gcflags='-m -l' ./... with its cache warm
#   one edit:   the same after editing one file (a comment in a package
#               the others import), a new edit before every run of each
# The module is bench/service (net/http, encoding/json, database/sql,
# log/slog; about 200 packages with its dependencies), or $MODULE.
# Usage: bench/cache.sh [cold|warm|edit]...   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
module=$(cd "${MODULE:-bench/service}" && pwd)
edited=${EDITED:-store/store.go}
measures=("$@")
[ ${#measures[@]} -gt 0 ] || measures=(cold warm edit)
work=$(mktemp -d)
copy=$work/module
cp -r "$module" "$copy"
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p goescape
# A copy: a rebuild during the run must not change the binary measured
# (its build is part of every cache key).
goescape=$work/goescape
cp "${CARGO_TARGET_DIR:-target}/release/goescape" "$goescape"
export GOESCAPECACHE=$work/goescape-cache GOFLAGS= CGO_ENABLED=0
# gc's cache of its own, so that the user's is not disturbed (and "warm"
# means warmed here).
export GOCACHE=$work/go-cache

seconds() { # command... -> wall seconds; output to $work/out
  local start end
  start=$(date +%s.%N)
  "$@" > "$work/out" 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}'
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
edit_count=0
edit() { # a new comment at the end of the edited file
  edit_count=$((edit_count + 1))
  echo "// bench edit $edit_count" >> "$copy/$edited"
}

# pair NAME PREPARE_OURS OURS... -- PREPARE_THEIRS THEIRS...: $runs pairs
pair() {
  local name=$1 prep_ours=$2; shift 2
  local ours=() theirs=() prep_theirs
  while [ "$1" != -- ]; do ours+=("$1"); shift; done
  shift; prep_theirs=$1; shift; theirs=("$@")
  local o t ratios=() os=() ts=()
  for _ in $(seq "$runs"); do
    $prep_ours; o=$(seconds "${ours[@]}")
    $prep_theirs; t=$(seconds "${theirs[@]}")
    os+=("$o"); ts+=("$t")
    ratios+=("$(awk -v a="$o" -v b="$t" 'BEGIN {printf "%.2f", b / a}')")
  done
  printf '%-9s goescape %7.3f s   go %7.3f s   go/goescape %6.2fx (pairs: %s)\n' "$name" \
    "$(printf '%s\n' "${os[@]}" | median)" "$(printf '%s\n' "${ts[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "${ratios[*]}"
}

nothing() { :; }
empty_cache() { "$goescape" clean -cache; }
echo "$(nproc) cores; $(go version); $runs pairs; module $(basename "$module") ($("$goescape" types --stats ./... -C "$copy" 2>&1 | sed -n 's/^packages: //p') packages)"
for measure in "${measures[@]}"; do
  case $measure in
  cold)
    (cd "$work" && pair "cold std" empty_cache "$goescape" -m -l std -- nothing go build -a -gcflags='-m -l' std)
    ;;
  warm)
    (cd "$copy" && "$goescape" -m -l ./... > /dev/null 2>&1 && go build -gcflags='-m -l' ./... > /dev/null 2>&1 &&
      pair "warm" nothing "$goescape" -m -l ./... -- nothing go build -gcflags='-m -l' ./...)
    ;;
  edit)
    (cd "$copy" && pair "one edit" edit "$goescape" -m -l ./... -- edit go build -gcflags='-m -l' ./...)
    ;;
  *) echo "unknown measure $measure (cold, warm or edit)" >&2; exit 2 ;;
  esac
done
