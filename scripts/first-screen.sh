#!/usr/bin/env bash
# Time from starting tidings to its first screen, to the first articles listed (browsable while
# the rest load), to the whole collection listed (company and title filters over all of it), and
# to the full-text index built (the gauge gone), as a person at a terminal sees it: tidings runs
# in a private tmux server and the screen is read every 10 ms.
#
# Usage: scripts/first-screen.sh COLLECTION N     (N: the number of articles, to see "/N")
#        scripts/first-screen.sh "" 10            (the bundled sample)
#
# Needs tmux and bc (apt-get install -y tmux bc). Builds nothing: run `cargo build --release`
# first. The figures include up to 10 ms of polling.
set -euo pipefail
cd "$(dirname "$0")/.."
collection=${1:-}
n=${2:?the number of articles in the collection}
bin=${CARGO_TARGET_DIR:-target}/release/tidings
[ -x "$bin" ] || { echo "first-screen.sh: build first: cargo build --release" >&2; exit 2; }
state=$(mktemp -d)
trap 'tmux -L tidings-first kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
tmux -L tidings-first kill-server 2>/dev/null || true
start=$(date +%s.%N)
tmux -L tidings-first -f /dev/null new-session -d -x 120 -y 35 \
  "XDG_STATE_HOME=$state $bin $collection; sleep 60"
first=""
some=""
whole=""
deadline=$(( $(date +%s) + 900 ))
while true; do
  screen=$(tmux -L tidings-first capture-pane -p 2>/dev/null || true)
  now=$(date +%s.%N)
  if [ -z "$first" ] && grep -q "Articles" <<<"$screen"; then
    first=$(echo "$now - $start" | bc)
  fi
  # (A "+" after the total: the first part of a load, the rest to come.)
  if [ -z "$some" ] && grep -qE " [0-9]+\+?/[1-9][0-9]*\+?( |$)" <<<"$screen"; then
    some=$(echo "$now - $start" | bc)
  fi
  if [ -z "$whole" ] && grep -qE "/${n}( |$)" <<<"$screen"; then
    whole=$(echo "$now - $start" | bc)
  fi
  # The status line counts the articles once the gauge (and so the load) is gone.
  if [ -n "$whole" ] && grep -qE "${n} articles ·" <<<"$screen"; then
    indexed=$(echo "$now - $start" | bc)
    break
  fi
  if [ "$(date +%s)" -gt "$deadline" ]; then
    echo "first-screen.sh: the whole collection was not listed within 15 minutes" >&2
    exit 1
  fi
  sleep 0.01
done
echo "first screen ${first}s, first articles listed ${some}s, whole collection listed ${whole}s, full text indexed ${indexed}s"
