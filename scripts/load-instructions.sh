#!/usr/bin/env bash
# Instructions a load takes, counted by callgrind: the one load figure that does not move with the
# machine's speed (wall times here moved 10% within an hour), so the way to tell a change of 1-2%.
#
# Usage: scripts/load-instructions.sh [N] [BINARY...]   (N articles, default 10,000; works from any cwd)
#
# Builds target/release/tidings and the generator, generates N articles (seed 1) as bench-memory-
# startup.sh does, then runs `tidings --check --no-cache` on them under callgrind (every article
# cleaned and recognised, no parse cache) and prints the instructions of the whole process. Each
# BINARY given is counted too, the same way: a build of another commit, to compare.
#
# Needs: cargo, valgrind (apt-get install -y valgrind). 10k articles take ~1 minute a binary.
set -euo pipefail
N=${1:-10000}
shift || true
if ! command -v valgrind >/dev/null; then
  echo "missing: valgrind; install with: apt-get install -y valgrind" >&2
  exit 1
fi
# shellcheck source=scripts/bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
bench_setup
bench_collection "$N"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for binary in "$TIDINGS" "$@"; do
  XDG_CACHE_HOME="$out" valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$binary" --check --no-cache "$COLLECTION" >/dev/null 2>"$out/log" || {
    tail -5 "$out/log" >&2
    exit 1
  }
  collected=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
  printf '%s: %s instructions for %s articles (%s)\n' "$binary" \
    "$(printf '%s' "$collected" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" "$N" "${COLLECTION#"$ROOT"/}"
done
