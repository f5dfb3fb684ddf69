#!/usr/bin/env bash
# Peak memory and wall time of loading a large collection with tidings.
#
# Usage: scripts/bench-memory-startup.sh [N]      (N articles, default 1,000,000; works from any cwd)
#
# 1. Builds target/release/tidings and the generator (examples/generate.rs) in release.
# 2. Generates, unless it is already there, a collection of N articles (seed 1) in
#    target/bench-data/: JSON Lines (articles-N.jsonl) when the binary can load JSON Lines, else
#    one .txt file per article in folders of 1,000 (articles-N/). The check: load a two-record
#    .jsonl file and see two articles with the right titles come back.
# 3. Measures with GNU time (`/usr/bin/time -v`, Debian package `time`) the peak resident set
#    size and the wall time of
#       tidings --companies COLLECTION > /dev/null        (full load + company and title indexes)
#       tidings --filter inspur COLLECTION > /dev/null    (the same + one query + printing)
#       tidings --filter x:inspur COLLECTION > /dev/null  (the same + the full-text index, as the
#                                                          explorer holds it once loaded)
#    each with --no-cache (every article parsed), then, with a parse cache of its own (a fresh
#    XDG_CACHE_HOME under target/bench-data, removed at the end),
#       tidings --companies COLLECTION twice               (the first files the parse cache, the
#                                                          second opens from it)
#       tidings --filter x:inspur COLLECTION               (from the cache, full text indexed)
#    and prints them beside the collection's size on disk and the ratio RSS / disk.
#
# Needs: cargo, /usr/bin/time (apt-get install -y time). 1M articles take ~2.5 GB on disk as
# JSON Lines (more as files) and several GB of memory to load: run it on a quiet machine.
set -euo pipefail

N="${1:-1000000}"
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -eq 0 ]; then
  echo "usage: $0 [N]   (N = number of articles, default 1000000)" >&2
  exit 2
fi
TIME=/usr/bin/time
if ! [ -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
  echo "GNU time is needed at /usr/bin/time: apt-get install -y time" >&2
  exit 1
fi
# shellcheck source=scripts/bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
bench_setup
bench_collection "$N"
DISK_BYTES="$(du -sb "$COLLECTION" | cut -f1)"

# Runs a command under GNU time; prints "RSS_KB WALL_SECONDS EXIT".
measure() {
  local log status=0
  log="$(mktemp)"
  "$TIME" -v -o "$log" "$@" >/dev/null 2>"$log.err" || status=$?
  awk -v status="$status" '
    /Maximum resident set size/ { rss = $NF }
    /Elapsed \(wall clock\) time/ {
      n = split($NF, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      wall = s
    }
    END { printf "%s %s %s\n", rss, wall, status }' "$log"
  if [ "$status" -gt 1 ]; then
    echo "command failed ($status): $*" >&2
    tail -5 "$log.err" >&2
  fi
  rm -f "$log" "$log.err"
}


printf '\ncollection: %s (%s, %s articles, %s on disk)\n\n' \
  "${COLLECTION#"$ROOT"/}" "$FORMAT" "$N" "$(bench_human "$DISK_BYTES")"
printf '%-40s %12s %10s %12s\n' "command" "peak RSS" "wall" "RSS / disk"
CACHE_HOME="$DATA/cache-home"
rm -rf "$CACHE_HOME"
trap 'rm -rf "$CACHE_HOME"' EXIT
export XDG_CACHE_HOME="$CACHE_HOME"
for args in "--no-cache --companies" "--no-cache --filter inspur" "--no-cache --filter x:inspur" \
  "--companies" "--companies" "--filter x:inspur"; do
  # shellcheck disable=SC2086 # $args is two words on purpose
  read -r rss_kb wall status < <(measure "$TIDINGS" $args "$COLLECTION")
  rss_bytes=$((rss_kb * 1024))
  ratio="$(awk -v r="$rss_bytes" -v d="$DISK_BYTES" 'BEGIN { printf "%.2f", r / d }')"
  printf '%-40s %12s %9ss %12s\n' "tidings $args" "$(bench_human "$rss_bytes")" "$wall" "${ratio}x"
  if [ "$status" -gt 1 ]; then
    exit 1
  fi
done
printf '\n(the first run without --no-cache files the parse cache: %s; the next ones open from it)\n' \
  "$(bench_human "$(du -sb "$CACHE_HOME" | cut -f1)")"
