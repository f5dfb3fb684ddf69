#!/usr/bin/env bash
# Time from starting tidings to its first screen, to the first articles listed (browsable while
# the rest load), to the whole collection listed (company and title filters over all of it), and
# to the full-text index built (the gauge gone), as a person at a terminal sees it: tidings runs
# in a private tmux server whose screen is read again and again.
#
# Usage: scripts/first-screen.sh COLLECTION N     (N: the number of articles, to see "/N")
#        scripts/first-screen.sh "" 10            (the bundled sample)
#
# Needs tmux and bc (apt-get install -y tmux bc). Builds nothing: run `cargo build --release`
# first. Each figure may be late by the time between two looks: 10 ms, or a fiftieth of the
# time so far when that is more (0.4 s at 20 s).
set -euo pipefail
cd "$(dirname "$0")/.."
collection=${1:-}
n=${2:?the number of articles in the collection}
bin=${CARGO_TARGET_DIR:-target}/release/tidings
[ -x "$bin" ] || { echo "first-screen.sh: build first: cargo build --release" >&2; exit 2; }
state=$(mktemp -d)
trap 'tmux -L tidings-first kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
tmux -L tidings-first kill-server 2>/dev/null || true
start=$EPOCHREALTIME
tmux -L tidings-first -f /dev/null new-session -d -x 120 -y 35 \
  "XDG_STATE_HOME=$state $bin $collection; sleep 60"
first=""
some=""
whole=""
deadline=$(( $(date +%s) + 900 ))
# The screen is read with shell built-ins only, and less often as the load goes on (every 10 ms
# at first, then every fiftieth of the time so far): greps, `date` and `sleep` started every
# 10 ms had taken enough of a 2-core machine to make a 1M-article load look 4-7 s longer than it
# is (the explorer's own CPU time, read from /proc, is what `--check` takes).
# (Matched against the whole screen, in which `$` is its end only: a line's end is its newline.)
nl=$'\n'
whole_re="/${n}( |$nl|\$)"
indexed_re="${n} articles ·"
part_re=" [0-9]+\+?/[1-9][0-9]*\+?( |$nl|\$)"
since() { echo "$1 - $start" | bc; }
exec {never}<> <(:)
while true; do
  screen=$(tmux -L tidings-first capture-pane -p 2>/dev/null || true)
  now=$EPOCHREALTIME
  if [ -z "$first" ] && [[ $screen == *Articles* ]]; then
    first=$(since "$now")
  fi
  # (A "+" after the total: the first part of a load, the rest to come.)
  if [ -z "$some" ] && [[ $screen =~ $part_re ]]; then
    some=$(since "$now")
  fi
  if [ -z "$whole" ] && [[ $screen =~ $whole_re ]]; then
    whole=$(since "$now")
  fi
  # The status line counts the articles once the gauge (and so the load) is gone.
  if [ -n "$whole" ] && [[ $screen == *"$indexed_re"* ]]; then
    indexed=$(since "$now")
    break
  fi
  if [ "${now%.*}" -gt "$deadline" ]; then
    echo "first-screen.sh: the whole collection was not listed within 15 minutes" >&2
    exit 1
  fi
  # Microseconds so far, a fiftieth of them (at least 10 ms) to the next look; waited for by
  # `read` on a pipe nobody writes to, rather than by starting `sleep`.
  elapsed=$(( ${now/./} - ${start/./} ))
  wait_us=$(( elapsed / 50 > 10000 ? elapsed / 50 : 10000 ))
  wait_us=$(( wait_us > 999999 ? 999999 : wait_us ))
  printf -v wait '0.%06d' "$wait_us"
  read -r -t "$wait" -u "$never" || true
done
echo "first screen ${first}s, first articles listed ${some}s, whole collection listed ${whole}s, full text indexed ${indexed}s"
