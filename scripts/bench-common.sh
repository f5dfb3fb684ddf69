# Shared by scripts/bench-memory-startup.sh and scripts/compare-fzf.sh; sourced, not run.
#
# After `bench_setup`: ROOT (the repository), TIDINGS and GENERATE (release binaries), DATA
# (target/bench-data). `bench_collection N` sets COLLECTION and FORMAT: N generated articles
# (seed 1), as JSON Lines when this tidings loads them, else one .txt file per article.

bench_setup() {
  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$ROOT"
  echo "building tidings and the generator (release)..." >&2
  cargo build --release --quiet --bin tidings --example generate
  local target_dir
  target_dir="$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
  TIDINGS="$target_dir/release/tidings"
  GENERATE="$target_dir/release/examples/generate"
  DATA="$target_dir/bench-data"
  mkdir -p "$DATA"
}

# Does this tidings load JSON Lines? Without support, a .jsonl file named on the command line is
# read as one plain-text article, so count the articles and check a title rather than trust the
# exit status alone.
bench_supports_jsonl() {
  local probe="$DATA/probe.jsonl" out
  printf '%s\n%s\n' \
    '{"title":"Probe one mentions Cisco","body":"Cisco said hello.","date":"2020-01-01","source":"x","url":"u1","author":""}' \
    '{"title":"Probe two mentions Inspur","body":"Inspur said hello.","date":"2020-01-02","source":"x","url":"u2","author":""}' \
    >"$probe"
  out="$("$TIDINGS" --filter '' "$probe" 2>/dev/null)" || return 1
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] &&
    printf '%s\n' "$out" | grep -q '^Probe two mentions Inspur'
}

bench_collection() {
  local n="$1"
  if bench_supports_jsonl; then
    FORMAT=jsonl
    COLLECTION="$DATA/articles-$n.jsonl"
  else
    FORMAT=txt
    COLLECTION="$DATA/articles-$n"
    echo "note: this tidings does not load JSON Lines yet; using one .txt file per article" >&2
  fi
  if [ ! -e "$COLLECTION" ]; then
    rm -rf "$COLLECTION.partial"
    "$GENERATE" --count "$n" --seed 1 --format "$FORMAT" --out "$COLLECTION.partial"
    mv "$COLLECTION.partial" "$COLLECTION"
  fi
}

bench_human() { numfmt --to=iec --suffix=B --format='%.1f' "$1"; }
