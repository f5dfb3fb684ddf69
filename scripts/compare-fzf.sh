#!/usr/bin/env bash
# tidings --filter against fzf --filter on the same generated articles.
#
# Usage: scripts/compare-fzf.sh [N]      (N articles, default 100,000; works from any cwd)
#
# 1. Builds tidings and the generator in release; generates (unless it is there) N articles
#    (seed 1) in target/bench-data/, as JSON Lines when tidings loads them, else as .txt files
#    (the same collection scripts/bench-memory-startup.sh uses for the same N).
# 2. Writes target/bench-data/fzf-lines-N.txt: one line per article, "title<TAB>companies", the
#    companies taken from `tidings --filter '' --json`, so both tools see the same records.
# 3. For each query (inspr, cisco, sberbnk, "huawei sberbank") counts the matches of each tool
#    and times `tidings --no-cache --filter Q COLLECTION` (every article parsed), the same with
#    the parse cache (a cache of the script's own, filed by the first run) and
#    `fzf --filter Q --delimiter '\t' --nth 2 < fzf-lines-N.txt` (fzf looks in the companies
#    field only, as tidings does in its default company scope) with hyperfine, and prints the
#    ratio of the mean times.
#
# NOT A LIKE-FOR-LIKE RACE: tidings' time is a whole process that reads, cleans and indexes the
# entire collection (company recognition included) before it answers one query, while fzf reads
# pre-made one-line records. Inside the explorer the collection is loaded once and each keystroke
# costs only `filter::run`; that in-process time is printed at the end from the criterion
# benchmark (`cargo bench --bench filter -- queries/`), when it has been run for this N
# (10k, 100k, or 1M with TIDINGS_BENCH_1M=1).
#
# Needs: cargo, hyperfine, fzf, jq (Debian: apt-get install -y hyperfine fzf jq).
set -euo pipefail

N="${1:-100000}"
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -eq 0 ]; then
  echo "usage: $0 [N]   (N = number of articles, default 100000)" >&2
  exit 2
fi
missing=()
for tool in hyperfine fzf jq; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing: ${missing[*]}; install with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
# shellcheck source=scripts/bench-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
bench_setup
bench_collection "$N"

LINES="$DATA/fzf-lines-$N.txt"
if [ ! -s "$LINES" ] || [ "$LINES" -ot "$COLLECTION" ]; then
  "$TIDINGS" --filter '' --json "$COLLECTION" |
    jq -r '[.title, (.companies | join(", "))] | @tsv' >"$LINES.partial"
  mv "$LINES.partial" "$LINES"
fi
printf 'collection: %s (%s, %s articles); fzf input: %s (%s lines, %s)\n' \
  "${COLLECTION#"$ROOT"/}" "$FORMAT" "$N" "${LINES#"$ROOT"/}" \
  "$(wc -l <"$LINES")" "$(bench_human "$(stat -c %s "$LINES")")"

case "$N" in
  10000) SIZE=10k ;;
  100000) SIZE=100k ;;
  1000000) SIZE=1M ;;
  *) SIZE="" ;;
esac
CRITERION="$(dirname "$TIDINGS")/../criterion/queries"

CSV="$(mktemp)"
# A parse cache of the script's own, filed by the first tidings run below.
CACHE_HOME="$(mktemp -d)"
trap 'rm -f "$CSV"; rm -rf "$CACHE_HOME"' EXIT
RESULTS=()
for q in inspr cisco sberbnk "huawei sberbank"; do
  hits_tidings="$(XDG_CACHE_HOME="$CACHE_HOME" "$TIDINGS" --filter "$q" "$COLLECTION" 2>/dev/null | wc -l)"
  hits_fzf="$(fzf --filter "$q" --delimiter '\t' --nth 2 <"$LINES" | wc -l)"
  echo
  echo "== query \"$q\": tidings $hits_tidings matches, fzf $hits_fzf matches"
  # Both exit 1 when nothing matches: not a failure here (-i).
  hyperfine --style basic -i --warmup 1 --min-runs 3 --export-csv "$CSV" \
    -n tidings "'$TIDINGS' --no-cache --filter '$q' '$COLLECTION'" \
    -n "tidings (cache)" "XDG_CACHE_HOME='$CACHE_HOME' '$TIDINGS' --filter '$q' '$COLLECTION'" \
    -n fzf "fzf --filter '$q' --delimiter '\t' --nth 2 < '$LINES'"
  read -r t_mean c_mean f_mean < <(awk -F, 'NR == 2 { t = $2 } NR == 3 { c = $2 } NR == 4 { f = $2 } END { print t, c, f }' "$CSV")
  in_process="n/a"
  estimates="$CRITERION/$SIZE/${q// /+}/new/estimates.json"
  if [ -n "$SIZE" ] && [ -f "$estimates" ]; then
    in_process="$(jq -r '.mean.point_estimate / 1e6 | . * 1000 | round / 1000 | tostring + " ms"' "$estimates")"
  fi
  RESULTS+=("$(awk -v q="$q" -v t="$t_mean" -v c="$c_mean" -v f="$f_mean" -v p="$in_process" \
    'BEGIN { printf "%-18s %12.1f ms %12.1f ms %10.1f ms %8.1fx %8.1fx %16s", "\"" q "\"", t * 1000, c * 1000, f * 1000, t / f, c / f, p }')")
done

echo
printf '%-18s %15s %15s %13s %9s %9s %16s\n' "query" "tidings (load)" "(from cache)" "fzf" "ratio" "ratio" "tidings in-proc"
printf '%s\n' "${RESULTS[@]}"
echo
echo "tidings (load): whole process, loading and indexing all $N articles, then one query;"
echo "(from cache): the same when the parse cache holds the collection (no cleaning, no recognising)."
echo "fzf: whole process over pre-made title<TAB>companies lines."
if [ -n "$SIZE" ]; then
  echo "tidings in-proc: one filter::run on a loaded store (criterion, queries/$SIZE);" \
    "n/a until 'cargo bench --bench filter -- queries/$SIZE' has been run."
else
  echo "tidings in-proc: criterion measures 10k, 100k and 1M articles only."
fi
