#!/usr/bin/env python3
"""Render a coloured terminal capture (tmux `capture-pane -e -p`) to a PNG.

    render.py INPUT.ansi OUTPUT.png [--cols 120] [--rows 35] [--font-size 20]

The input is text with ANSI SGR escape sequences, as tmux writes it.  Each
character is put on a fixed grid of cells (wide East Asian characters take two
cells), box-drawing and block characters are drawn as lines and rectangles so
that borders join exactly, and everything else is drawn with DejaVu Sans Mono.

Needs Pillow (`pip install pillow`) and the DejaVu fonts
(`apt-get install fonts-dejavu-core`); nothing else.
"""

import argparse
import os
import re
import sys
import unicodedata

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:
    sys.exit("render.py needs Pillow: pip install pillow")

FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    os.path.expanduser("~/.local/share/fonts"),
    os.path.expanduser("~/.fonts"),
    "/Library/Fonts",
    os.path.expanduser("~/Library/Fonts"),
]

# Fonts tried, in order, for characters DejaVu Sans Mono has no glyph for
# (CJK above all).  All optional.
FALLBACK_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/unifont/unifont.ttf",
]

# Colours: a dark theme close to Catppuccin Mocha, with an xterm-like layout.
DEFAULT_BG = (0x1E, 0x1E, 0x2E)
DEFAULT_FG = (0xCD, 0xD6, 0xF4)
PALETTE16 = [
    (0x45, 0x47, 0x5A),  # 0 black
    (0xF3, 0x8B, 0xA8),  # 1 red
    (0xA6, 0xE3, 0xA1),  # 2 green
    (0xF9, 0xE2, 0xAF),  # 3 yellow
    (0x89, 0xB4, 0xFA),  # 4 blue
    (0xF5, 0xC2, 0xE7),  # 5 magenta
    (0x94, 0xE2, 0xD5),  # 6 cyan
    (0xBA, 0xC2, 0xDE),  # 7 white
    (0x7F, 0x84, 0x9C),  # 8 bright black (dark grey)
    (0xF7, 0xA1, 0xB9),  # 9 bright red
    (0xBC, 0xEB, 0xB7),  # 10 bright green
    (0xFB, 0xEB, 0xC4),  # 11 bright yellow
    (0xA4, 0xC6, 0xFB),  # 12 bright blue
    (0xF8, 0xD3, 0xEE),  # 13 bright magenta
    (0xB0, 0xEA, 0xE1),  # 14 bright cyan
    (0xE6, 0xE9, 0xF7),  # 15 bright white
]


def palette256(n):
    """xterm's 256-colour table; 0-15 come from PALETTE16."""
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return (levels[n // 36], levels[(n // 6) % 6], levels[n % 6])
    g = 8 + 10 * (n - 232)
    return (g, g, g)


def find_font(name):
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


# ---------------------------------------------------------------------------
# Parsing

class Style:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse",
                 "strike")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None  # None: default; otherwise an (r, g, b) tuple
        self.bg = None
        self.bold = self.dim = self.italic = False
        self.underline = self.reverse = self.strike = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.italic,
                self.underline, self.reverse, self.strike)


def _extended_colour(params, i):
    """Parse 38/48 arguments starting at params[i] (the 5 or 2).

    Returns (colour or None, index of the next parameter)."""
    if i >= len(params):
        return None, i
    kind = params[i]
    if kind == 5 and i + 1 < len(params):
        return palette256(params[i + 1] % 256), i + 2
    if kind == 2 and i + 3 < len(params):
        r, g, b = (max(0, min(255, v)) for v in params[i + 1:i + 4])
        return (r, g, b), i + 4
    return None, len(params)


def apply_sgr(style, raw):
    # tmux writes `38;5;N`; some programs use the colon form `38:5:N` (and
    # `38:2::R:G:B` with an empty colour-space id).  Treat both alike.
    if ":" in raw:
        raw = re.sub(r"([34]8):2::", r"\1:2:", raw)
    parts = re.split(r"[;:]", raw) if raw else ["0"]
    params = [int(p) if p.isdigit() else 0 for p in parts]
    i = 0
    while i < len(params):
        p = params[i]
        i += 1
        if p == 0:
            style.reset()
        elif p == 1:
            style.bold = True
        elif p == 2:
            style.dim = True
        elif p == 3:
            style.italic = True
        elif p in (4, 21):
            style.underline = True
        elif p == 7:
            style.reverse = True
        elif p == 9:
            style.strike = True
        elif p == 22:
            style.bold = style.dim = False
        elif p == 23:
            style.italic = False
        elif p == 24:
            style.underline = False
        elif p == 27:
            style.reverse = False
        elif p == 29:
            style.strike = False
        elif 30 <= p <= 37:
            style.fg = PALETTE16[p - 30]
        elif p == 38:
            c, i = _extended_colour(params, i)
            if c is not None:
                style.fg = c
        elif p == 39:
            style.fg = None
        elif 40 <= p <= 47:
            style.bg = PALETTE16[p - 40]
        elif p == 48:
            c, i = _extended_colour(params, i)
            if c is not None:
                style.bg = c
        elif p == 49:
            style.bg = None
        elif 90 <= p <= 97:
            style.fg = PALETTE16[p - 90 + 8]
        elif 100 <= p <= 107:
            style.bg = PALETTE16[p - 100 + 8]
        # anything else (blink, overline, fonts...) is ignored


TOKEN = re.compile(
    r"\x1b\[([0-9;:?<=>]*)([ -/]*[@-~])"      # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"    # OSC (e.g. hyperlinks)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"         # DCS, SOS, PM, APC
    r"|\x1b[()*+][0-9A-Za-z]"                 # charset designation
    r"|\x1b[^\[\]]"                           # other two-byte escapes
    r"|([^\x1b]+)"                            # text
    r"|\x1b"                                  # stray ESC
)


def char_width(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def parse(text, cols, rows):
    """Returns a grid: rows lists of cols cells.

    A cell is None (blank, default colours) or (text, width, style_key); the
    cell right of a wide character holds "" (continuation)."""
    grid = [[None] * cols for _ in range(rows)]
    style = Style()
    row = col = 0
    last = None  # (row, col) of the last character, for combining marks
    text = text.replace("\r\n", "\n")
    for m in TOKEN.finditer(text):
        if m.group(2) is not None:
            if m.group(2) == "m" and not (m.group(1) or "").startswith(("?", "<", "=", ">")):
                apply_sgr(style, m.group(1))
            continue
        chunk = m.group(3)
        if chunk is None:
            continue
        for ch in chunk:
            if ch == "\n":
                row += 1
                col = 0
                last = None
                continue
            if ch == "\t":
                col = min(cols, (col // 8 + 1) * 8)
                continue
            if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
                continue
            w = char_width(ch)
            if w == 0:
                if last is not None and grid[last[0]][last[1]] is not None:
                    t, cw, k = grid[last[0]][last[1]]
                    grid[last[0]][last[1]] = (t + ch, cw, k)
                continue
            if row >= rows or col + w > cols:
                col += w
                continue
            grid[row][col] = (ch, w, style.key())
            if w == 2:
                grid[row][col + 1] = ("", 0, style.key())
            last = (row, col)
            col += w
    return grid


# ---------------------------------------------------------------------------
# Drawing

def blend(a, b, t):
    return tuple(int(round(a[i] * (1 - t) + b[i] * t)) for i in range(3))


# Box drawing: for each character, the weight of its arm towards
# (up, right, down, left): 0 none, 1 light, 2 heavy, 3 double.
BOX = {}


def _box(chars, arms):
    for ch in chars:
        BOX[ch] = arms


_box("─", (0, 1, 0, 1)); _box("━", (0, 2, 0, 2)); _box("═", (0, 3, 0, 3))
_box("│", (1, 0, 1, 0)); _box("┃", (2, 0, 2, 0)); _box("║", (3, 0, 3, 0))
_box("┌", (0, 1, 1, 0)); _box("┐", (0, 0, 1, 1))
_box("└", (1, 1, 0, 0)); _box("┘", (1, 0, 0, 1))
_box("┏", (0, 2, 2, 0)); _box("┓", (0, 0, 2, 2))
_box("┗", (2, 2, 0, 0)); _box("┛", (2, 0, 0, 2))
_box("╔", (0, 3, 3, 0)); _box("╗", (0, 0, 3, 3))
_box("╚", (3, 3, 0, 0)); _box("╝", (3, 0, 0, 3))
_box("├", (1, 1, 1, 0)); _box("┤", (1, 0, 1, 1))
_box("┬", (0, 1, 1, 1)); _box("┴", (1, 1, 0, 1)); _box("┼", (1, 1, 1, 1))
_box("┣", (2, 2, 2, 0)); _box("┫", (2, 0, 2, 2))
_box("┳", (0, 2, 2, 2)); _box("┻", (2, 2, 0, 2)); _box("╋", (2, 2, 2, 2))
_box("╠", (3, 3, 3, 0)); _box("╣", (3, 0, 3, 3))
_box("╦", (0, 3, 3, 3)); _box("╩", (3, 3, 0, 3)); _box("╬", (3, 3, 3, 3))
_box("╴", (0, 0, 0, 1)); _box("╵", (1, 0, 0, 0))
_box("╶", (0, 1, 0, 0)); _box("╷", (0, 0, 1, 0))
ROUNDED = {"╭": "dr", "╮": "dl", "╰": "ur", "╯": "ul"}


class Renderer:
    def __init__(self, font_size, margin):
        regular = find_font("DejaVuSansMono.ttf")
        if regular is None:
            sys.exit("render.py needs the DejaVu Sans Mono font "
                     "(DejaVuSansMono.ttf): apt-get install fonts-dejavu-core")
        bold = find_font("DejaVuSansMono-Bold.ttf") or regular
        italic = find_font("DejaVuSansMono-Oblique.ttf") or regular
        bold_italic = find_font("DejaVuSansMono-BoldOblique.ttf") or bold
        self.fonts = {
            (False, False): ImageFont.truetype(regular, font_size),
            (True, False): ImageFont.truetype(bold, font_size),
            (False, True): ImageFont.truetype(italic, font_size),
            (True, True): ImageFont.truetype(bold_italic, font_size),
        }
        self.font_size = font_size
        self.fallbacks = []
        for path in FALLBACK_FONTS:
            if os.path.isfile(path):
                try:
                    self.fallbacks.append(ImageFont.truetype(path, font_size))
                except OSError:
                    pass
        base = self.fonts[(False, False)]
        ascent, descent = base.getmetrics()
        self.cw = int(round(base.getlength("M")))
        self.ch = ascent + descent + max(1, font_size // 10)
        self.baseline = (self.ch - ascent - descent) // 2 + ascent
        self.margin = margin
        self.thin = max(1, int(round(font_size / 14)))
        self._missing_cache = {}
        self._notdef = {}

    # -- glyph lookup --------------------------------------------------

    def _is_missing(self, font, ch):
        key = (id(font), ch)
        if key in self._missing_cache:
            return self._missing_cache[key]
        if id(font) not in self._notdef:
            self._notdef[id(font)] = self._mask_bytes(font, "\U000FFFFD")
        mask = self._mask_bytes(font, ch)
        missing = mask == self._notdef[id(font)]
        self._missing_cache[key] = missing
        return missing

    @staticmethod
    def _mask_bytes(font, ch):
        try:
            m = font.getmask(ch)
            return (m.size, bytes(m))
        except Exception:
            return None

    def font_for(self, ch, bold, italic):
        font = self.fonts[(bold, italic)]
        if ch.isspace() or not self._is_missing(font, ch[0]):
            return font
        for fb in self.fallbacks:
            if not self._is_missing(fb, ch[0]):
                return fb
        return font

    # -- drawing -------------------------------------------------------

    def render(self, grid, cols, rows, out_path):
        m = self.margin
        width = cols * self.cw + 2 * m
        height = rows * self.ch + 2 * m
        img = Image.new("RGB", (width, height), DEFAULT_BG)
        draw = ImageDraw.Draw(img)
        for r, line in enumerate(grid):
            for c, cell in enumerate(line):
                if cell is None or cell[1] == 0:
                    continue
                text, w, key = cell
                fg, bg, bold, dim, italic, underline, reverse, strike = key
                fg = fg or DEFAULT_FG
                bg_fill = bg
                if reverse:
                    fg, bg_fill = (bg or DEFAULT_BG), fg
                if dim:
                    fg = blend(fg, bg_fill or DEFAULT_BG, 0.45)
                x = m + c * self.cw
                y = m + r * self.ch
                cell_w = self.cw * w
                if bg_fill is not None:
                    draw.rectangle([x, y, x + cell_w - 1, y + self.ch - 1], fill=bg_fill)
                if not self._draw_special(draw, text, x, y, fg):
                    if not text.isspace():
                        self._draw_glyph(img, draw, text, x, y, cell_w, fg, bold, italic)
                if underline:
                    uy = y + self.baseline + max(1, self.font_size // 8)
                    draw.rectangle([x, uy, x + cell_w - 1, uy + self.thin - 1], fill=fg)
                if strike:
                    sy = y + self.baseline - self.font_size // 3
                    draw.rectangle([x, sy, x + cell_w - 1, sy + self.thin - 1], fill=fg)
        img.save(out_path, optimize=True)

    def _draw_glyph(self, img, draw, text, x, y, cell_w, fg, bold, italic):
        font = self.font_for(text, bold, italic)
        adv = font.getlength(text)
        if adv <= cell_w + 1:
            # centre glyphs that are narrower than their cells (fallback fonts)
            dx = (cell_w - adv) / 2 if font not in self.fonts.values() else 0
            draw.text((x + dx, y + self.baseline), text, font=font, fill=fg, anchor="ls")
            return
        # Too wide for its cells (a proportional fallback glyph): squeeze it.
        tmp = Image.new("L", (int(adv) + 2, self.ch), 0)
        ImageDraw.Draw(tmp).text((1, self.baseline), text, font=font, fill=255, anchor="ls")
        tmp = tmp.resize((cell_w, self.ch), Image.LANCZOS)
        img.paste(Image.new("RGB", tmp.size, fg), (x, y), tmp)

    def _draw_rounded(self, draw, ch, x, y, fg):
        """A rounded corner (╭╮╰╯), drawn 4x larger and scaled down so the arc
        is smooth; its straight ends meet the ─ and │ of the next cells."""
        vert, horiz = ROUNDED[ch]
        s = 4
        cw, chh, t = self.cw * s, self.ch * s, self.thin * s
        cx = (self.cw - self.thin) // 2 * s  # left edge of the vertical line
        cy = (self.ch - self.thin) // 2 * s  # top edge of the horizontal line
        # as round as the cell allows, leaving a little straight line at
        # each end so the corner meets its neighbours cleanly
        rad = max(2 * s, min(cx, cw - cx - t, cy, chh - cy - t) - s)
        mask = Image.new("L", (cw, chh), 0)
        md = ImageDraw.Draw(mask)
        # centre of the arc, on the inside of the corner
        ox = cx + rad if horiz == "r" else cx + t - rad
        oy = cy + rad if vert == "d" else cy + t - rad
        if horiz == "r":
            md.rectangle([ox, cy, cw - 1, cy + t - 1], fill=255)
        else:
            md.rectangle([0, cy, ox - 1, cy + t - 1], fill=255)
        if vert == "d":
            md.rectangle([cx, oy, cx + t - 1, chh - 1], fill=255)
        else:
            md.rectangle([cx, 0, cx + t - 1, oy - 1], fill=255)
        start = {("d", "r"): 180, ("d", "l"): 270,
                 ("u", "r"): 90, ("u", "l"): 0}[(vert, horiz)]
        # outer radius rad, inner radius rad - t: the line's outer edge
        # continues the straight parts' outer edges
        ro = rad
        md.arc([ox - ro, oy - ro, ox + ro, oy + ro], start, start + 90,
               fill=255, width=t)
        mask = mask.resize((self.cw, self.ch), Image.LANCZOS)
        draw.bitmap((x, y), mask, fill=fg)

    def _draw_special(self, draw, ch, x, y, fg):
        """Box drawing and block elements, drawn to fill the cell exactly."""
        if len(ch) != 1:
            return False
        cw, chh = self.cw, self.ch
        x1, y1 = x + cw - 1, y + chh - 1
        t = self.thin
        if ch in BOX:
            up, right, down, left = BOX[ch]
            cx = x + (cw - t) // 2
            cy = y + (chh - t) // 2

            def hbar(x_from, x_to, weight):
                if weight == 3:
                    for off in (-t - 1, t + 1):
                        draw.rectangle([x_from, cy + off, x_to, cy + off + t - 1], fill=fg)
                else:
                    th = t * (2 if weight == 2 else 1)
                    yy = cy - (th - t) // 2
                    draw.rectangle([x_from, yy, x_to, yy + th - 1], fill=fg)

            def vbar(y_from, y_to, weight):
                if weight == 3:
                    for off in (-t - 1, t + 1):
                        draw.rectangle([cx + off, y_from, cx + off + t - 1, y_to], fill=fg)
                else:
                    th = t * (2 if weight == 2 else 1)
                    xx = cx - (th - t) // 2
                    draw.rectangle([xx, y_from, xx + th - 1, y_to], fill=fg)

            if left:
                hbar(x, cx + t - 1, left)
            if right:
                hbar(cx, x1, right)
            if up:
                vbar(y, cy + t - 1, up)
            if down:
                vbar(cy, y1, down)
            return True
        if ch in ROUNDED:
            self._draw_rounded(draw, ch, x, y, fg)
            return True
        o = ord(ch)
        if o == 0x2588:  # █
            draw.rectangle([x, y, x1, y1], fill=fg)
            return True
        if o == 0x2580:  # ▀
            draw.rectangle([x, y, x1, y + chh // 2 - 1], fill=fg)
            return True
        if 0x2581 <= o <= 0x2587:  # ▁..▇ lower eighths
            h = int(round(chh * (o - 0x2580) / 8))
            draw.rectangle([x, y1 - h + 1, x1, y1], fill=fg)
            return True
        if 0x2589 <= o <= 0x258F:  # ▉..▏ left eighths (▌ is 0x258C)
            wdt = max(1, int(round(cw * (0x2590 - o) / 8)))
            draw.rectangle([x, y, x + wdt - 1, y1], fill=fg)
            return True
        if o == 0x2590:  # ▐
            draw.rectangle([x + cw // 2, y, x1, y1], fill=fg)
            return True
        if o == 0x2594:  # ▔
            draw.rectangle([x, y, x1, y + max(1, chh // 8) - 1], fill=fg)
            return True
        if o == 0x2595:  # ▕
            draw.rectangle([x1 - max(1, cw // 8) + 1, y, x1, y1], fill=fg)
            return True
        if 0x2591 <= o <= 0x2593:  # ░▒▓ shades
            draw.rectangle([x, y, x1, y1], fill=blend(DEFAULT_BG, fg, (o - 0x2590) / 4))
            return True
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", help="ANSI text from `tmux capture-pane -e -p`")
    ap.add_argument("output", help="PNG file to write")
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=35)
    ap.add_argument("--font-size", type=int, default=20,
                    help="font size in pixels (default 20)")
    ap.add_argument("--margin", type=int, default=None,
                    help="margin in pixels (default: about half a line)")
    args = ap.parse_args(argv)
    with open(args.input, encoding="utf-8", errors="replace") as f:
        text = f.read()
    grid = parse(text, args.cols, args.rows)
    r = Renderer(args.font_size, args.margin if args.margin is not None
                 else max(4, args.font_size * 3 // 5))
    r.render(grid, args.cols, args.rows, args.output)


if __name__ == "__main__":
    main()
