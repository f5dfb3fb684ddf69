#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of what reads a user's files and draws them.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (SECONDS per target, default 600; targets:
#                                                  parse, file, cache, query, config;
#                                                  default all)
#
# - parse: one file of any format, as a load reads it (decoding, sniffing, JSON, JSON Lines,
#          CSV/TSV, feeds, HTML, Markdown, plain text, cleaning, company recognition).
# - file:  the same, then the explorer over it, drawn at a size the input picks, with keys
#          pressed (slower: an explorer a run).
# - cache: a parse cache record's bytes through the decoder, and back.
# - query: a query typed key by key into the filter over the bundled sample, in each scope.
# - config: a configuration file's text parsed (a one-line error or a configuration, applied to
#          the explorer, which is drawn).
#
# Seed inputs are made fresh in fuzz/corpus/ from the project's own files (assets/articles,
# tests/fixtures) and, when they are there, ../shared/seeds and a slice of ../shared/corpora/bbc:
# nothing of ../shared is kept in the project. A crash is written to fuzz/artifacts/TARGET/;
# `cargo fuzz run TARGET FILE` (from fuzz/) replays it.
#
# Needs: cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; libFuzzer's flags are
# nightly-only, so the build sets RUSTC_BOOTSTRAP=1 on the stable toolchain. Built with debug
# assertions: an arithmetic overflow counts as a crash too.
set -euo pipefail

SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(parse file cache query config)

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$ROOT/../shared"
cd "$ROOT/fuzz"
export RUSTC_BOOTSTRAP=1

# The file target's inputs: a byte for the format (0: sniffed; the order of FORMATS in
# fuzz_targets/formats.rs), two for the screen (width, height), then the file; the parse
# target's the same without the screen.
seed_file() { # FORMAT_BYTE SOURCE NAME
  mkdir -p corpus/file corpus/parse
  { printf "\\x$(printf %02x "$1")\\x77\\x1d"; head -c 65536 "$2"; } > "corpus/file/$3"
  { printf "\\x$(printf %02x "$1")"; head -c 65536 "$2"; } > "corpus/parse/$3"
}
format_of() {
  case "$1" in
    *.txt) echo 1 ;; *.md) echo 2 ;; *.htm|*.html) echo 3 ;; *.json) echo 4 ;;
    *.jsonl) echo 5 ;; *.xml|*.rss|*.atom) echo 6 ;; *.csv) echo 7 ;; *.tsv) echo 8 ;; *) echo 0 ;;
  esac
}
# Seeds are written over on every run; what the fuzzer found stays beside them.
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  seed_file "$(format_of "$f")" "$f" "p$n"
  seed_file 0 "$f" "s$n"
done < <(find "$ROOT/assets/articles" "$ROOT/tests/fixtures" -type f -print0)
if [ -d "$SHARED/seeds" ]; then
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    seed_file 0 "$f" "s$n"
  done < <(find "$SHARED/seeds" -type f -print0)
else
  echo "skipped: $SHARED/seeds is not there"
fi
if [ -d "$SHARED/corpora/bbc" ]; then
  while IFS= read -r -d '' f; do
    n=$((n + 1))
    seed_file 1 "$f" "b$n"
  done < <(find "$SHARED/corpora/bbc" -name '0[0-1]*.txt' -print0)
else
  echo "skipped: $SHARED/corpora/bbc is not there"
fi
mkdir -p corpus/query corpus/cache corpus/config
awk '/^```toml$/{on=1; next} /^```$/{on=0} on' "$ROOT/README.md" > corpus/config/readme.toml
for q in inspr 'cisco inspur' 'inspur !ibm' "'telecom" 'c:inspur t:joint' 'x:snowden' \
  'c:="China Telecom"' 'is:unread !is:bookmarked' 'inspur since:2015-09 until:2016' \
  'date:2015-09-25' 'since:7d' 't:"joint venture"' 'x:"oil price"'; do
  n=$((n + 1))
  printf '%s' "$q" > "corpus/query/q$n"
done

for target in "${TARGETS[@]}"; do
  echo "== $target: ${SECONDS_EACH}s"
  cargo fuzz run --sanitizer none --release --debug-assertions "$target" "corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -max_len=131072 -print_final_stats=1
done
