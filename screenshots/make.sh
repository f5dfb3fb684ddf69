#!/usr/bin/env bash
# Makes the README's screenshots: runs tidings in a detached tmux session of
# 120x35 cells, drives it with keys, captures the screen with its colours
# (NAME.ansi) and renders that to NAME.png with render.py.
#
#   screenshots/make.sh            # from anywhere
#
# Needs: cargo, tmux, python3 with Pillow (pip install pillow) and the DejaVu
# fonts (apt-get install fonts-dejavu-core). Honours CARGO_TARGET_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

COLS=120
ROWS=35
TIMEOUT=${SHOTS_TIMEOUT:-10}   # seconds to wait for any one screen
export LANG="${LANG:-C.UTF-8}"
case "$LANG" in *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;; *) export LANG=C.UTF-8 ;; esac

# A private tmux server with no user configuration; -u: UTF-8 whatever the locale.
tm() { tmux -u -f /dev/null -L tidings-shots "$@"; }

# State, config and cache of each scene its own, fresh each run: the screens must not depend on
# (or change) where the person running this left off, their bookmarks or their key bindings.
shots_home="$(mktemp -d)"
cleanup() { tm kill-server >/dev/null 2>&1 || true; }
trap 'cleanup; rm -rf "$shots_home"' EXIT
trap 'echo "make.sh: failed at line $LINENO" >&2' ERR

die() { echo "make.sh: $*" >&2; exit 1; }

command -v tmux >/dev/null || die "tmux is missing: apt-get install tmux"
command -v python3 >/dev/null || die "python3 is missing"
# Fail early, with render.py's own message, when Pillow or the font is missing.
python3 - "$here/render.py" <<'EOF' || exit 1
import importlib.util, sys
spec = importlib.util.spec_from_file_location("render", sys.argv[1])
render = importlib.util.module_from_spec(spec)
spec.loader.exec_module(render)          # exits when Pillow is missing
render.Renderer(20, 12)                  # exits when the font is missing
EOF

echo "building the release binary..."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/tidings"
[ -x "$bin" ] || die "no binary at $bin"

cleanup  # a server left over from an interrupted run

screen() { tm capture-pane -p -t "$1"; }
screen_with_colours() { tm capture-pane -e -p -t "$1"; }

# wait_for SESSION TEXT: until the screen shows TEXT (fixed string).
wait_for() {
  local s=$1 text=$2 end=$((SECONDS + TIMEOUT))
  # (the screen goes into a variable first: with pipefail, grep -q closing
  # the pipe early could fail the whole pipeline)
  local now
  while now=$(screen "$s" 2>/dev/null || true); ! grep -qF -- "$text" <<<"$now"; do
    if ((SECONDS >= end)); then
      echo "make.sh: timed out waiting for '$text' in scene $s; the screen was:" >&2
      screen "$s" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

# settle SESSION [BEFORE]: wait until the screen differs from BEFORE (when
# given; for at most 2 s: some keys only change colours, or nothing), then
# until it stays the same for 0.3 s (for at most TIMEOUT).
settle() {
  local s=$1 before=${2-} now prev end
  if [ -n "$before" ]; then
    end=$((SECONDS + 2))
    while now=$(screen_with_colours "$s") && [ "$now" = "$before" ] && ((SECONDS < end)); do
      sleep 0.05
    done
  fi
  end=$((SECONDS + TIMEOUT))
  prev=$(screen_with_colours "$s")
  while ((SECONDS < end)); do
    sleep 0.3
    now=$(screen_with_colours "$s")
    [ "$now" = "$prev" ] && return 0
    prev=$now
  done
}

# key SESSION KEY...: send keys one at a time, letting the screen settle after each.
key() {
  local s=$1 k before
  shift
  for k in "$@"; do
    before=$(screen_with_colours "$s")
    tm send-keys -t "$s" "$k"
    settle "$s" "$before"
  done
}

# type_text SESSION TEXT: type literally, one character at a time.
type_text() {
  local s=$1 text=$2 i before
  for ((i = 0; i < ${#text}; i++)); do
    before=$(screen_with_colours "$s")
    tm send-keys -t "$s" -l -- "${text:i:1}"
    settle "$s" "$before"
  done
}

# start SESSION ARGS...: run tidings in a new detached session, wait for its UI.
start() {
  local s=$1
  shift
  tm new-session -d -s "$s" -x "$COLS" -y "$ROWS" -e TERM=xterm-256color \
    env TERM=xterm-256color XDG_STATE_HOME="$shots_home/$s/state" \
    XDG_CONFIG_HOME="$shots_home/$s/config" XDG_CACHE_HOME="$shots_home/$s/cache" "$bin" "$@"
  wait_for "$s" "Reader"
  settle "$s"
}

# shoot SESSION: save the screen as SESSION.ansi and render SESSION.png.
shoot() {
  local s=$1
  settle "$s"
  screen_with_colours "$s" >"$here/$s.ansi"
  python3 "$here/render.py" "$here/$s.ansi" "$here/$s.png" --cols "$COLS" --rows "$ROWS"
  echo "wrote screenshots/$s.png"
}

# quit SESSION: press q until the program exits (the first q may close an
# overlay); kill the session if it will not go.
quit() {
  local s=$1 i
  for i in 1 2 3; do
    tm has-session -t "$s" 2>/dev/null || return 0
    tm send-keys -t "$s" q
    local end=$((SECONDS + 2))
    while tm has-session -t "$s" 2>/dev/null && ((SECONDS < end)); do sleep 0.1; done
  done
  if tm has-session -t "$s" 2>/dev/null; then
    echo "make.sh: scene $s did not quit on q; killing it" >&2
    tm kill-session -t "$s"
  fi
}

# --- scenes ------------------------------------------------------------------

# explorer: the filtered list with its matched characters highlighted, and the
# reader showing an article with its company mentions highlighted.
start explorer
key explorer /
type_text explorer inspr
wait_for explorer "inspr"
key explorer Enter        # keep the filter, back to the list
key explorer Enter        # open the reader
wait_for explorer "inspr"
wait_for explorer "Reader"
shoot explorer
quit explorer

# companies: the companies panel over the sample, narrowed by typing.
start companies
key companies c
wait_for companies "Companies ("
type_text companies in
wait_for companies "› in"
shoot companies
key companies Escape
quit companies

# help: the key overlay.
start help
key help '?'
wait_for help "Keys"
shoot help
quit help

# seeds: a real scraped article, cleaned.
if [ -d "$root/../shared/seeds" ]; then
  start seeds "$root/../shared/seeds"
  key seeds Enter
  wait_for seeds "Reader"
  shoot seeds
  quit seeds
else
  echo "skipped seeds scene: ../shared/seeds not found"
fi

tm kill-server >/dev/null 2>&1 || true
echo "done: screenshots in $here"
