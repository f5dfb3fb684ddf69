#!/usr/bin/env bash
# What reading the files again (Ctrl-r) costs, as a person at a terminal meets it: tidings opens
# a JSON Lines collection with a parse cache of its own (a first opening, which files the cache),
# then LINES lines (100 unless told) are appended to the file and Ctrl-r is pressed. Prints the
# time from the key to "reloaded" on the status line, the peak resident memory over that time
# (the kernel's VmHWM, reset just before the key), and the memory a few seconds after.
#
# Usage: scripts/reload-memory.sh COLLECTION.jsonl [BINARY [LINES]]   (LINES 0: nothing changed)
#
# The collection is appended to and then cut back to its size; it is left as it was even when the
# script is interrupted. Needs tmux and bc (apt-get install -y tmux bc), and Linux (/proc). Builds
# nothing: run `cargo build --release` first, or name a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
collection=${1:?a JSON Lines collection}
bin=${2:-${CARGO_TARGET_DIR:-target}/release/tidings}
lines=${3:-100}
[ -x "$bin" ] || { echo "reload-memory.sh: build first: cargo build --release" >&2; exit 2; }
size=$(stat -c %s "$collection")
dirs=$(mktemp -d)
server=tidings-reload
# The appended lines: generated records of the same shape, not the collection's own.
extra=$dirs/extra.jsonl
if [ "$lines" -gt 0 ]; then
  cargo run --release --quiet --example generate -- --count "$lines" --seed 7 --format jsonl --out "$extra"
else
  : >"$extra"
fi
trap 'tmux -L $server kill-server 2>/dev/null || true; truncate -s "$size" "$collection"; rm -rf "$dirs"' EXIT
tmux -L $server kill-server 2>/dev/null || true
tmux -L $server -f /dev/null new-session -d -x 120 -y 35 \
  "XDG_STATE_HOME=$dirs/state XDG_CACHE_HOME=$dirs/cache $bin $collection"
status() { tmux -L $server capture-pane -p | tail -2; }
sleep 1
pid=$(pgrep -n -f "$bin $collection")
# The first opening: until nothing loads or indexes, and the new cache has stopped growing.
while status | grep -qE 'loading|indexing'; do sleep 0.5; done
before=-1
while true; do
  now=$(du -sb "$dirs/cache" | cut -f1)
  [ "$now" = "$before" ] && break
  before=$now
  sleep 3
done
echo "opened: $(grep VmRSS /proc/"$pid"/status | tr -s ' \t' ' '), cache $(du -sh "$dirs/cache" | cut -f1)"
cat "$extra" >>"$collection"
sleep 3 # the explorer's look at the files sees the change
echo 5 >/proc/"$pid"/clear_refs # VmHWM from here on
start=$EPOCHREALTIME
tmux -L $server send-keys C-r
until status | grep -q 'reloaded'; do sleep 0.1; done
took=$(echo "$EPOCHREALTIME - $start" | bc)
echo "reloaded in ${took} s; peak $(grep VmHWM /proc/"$pid"/status | tr -s ' \t' ' ')"
status | tail -1
sleep 5
echo "5 s later: $(grep VmRSS /proc/"$pid"/status | tr -s ' \t' ' ')"
tmux -L $server send-keys q
sleep 1
