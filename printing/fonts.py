"""The one font of every printout, and text measuring that knows Chinese has no spaces.

reportlab embeds only TrueType-outline fonts (Noto CJK's CFF outlines are refused) and
does not embed its built-in ``STSong-Light``, so Chinese would come out blank on a machine
without Chinese fonts. We ship WenQuanYi Micro Hei (Apache-2.0, ``fonts/``) and register
its first face; reportlab embeds a subset of the glyphs used in each PDF (``FontFile2``).
The face carries Latin glyphs and digits too, so nothing is ever drawn in a standard
(non-embedded) font.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILE = FONT_DIR / "wqy-microhei.ttc"
#: The name every layout uses in ``setFont`` and paragraph styles.
FONT = "WQYMicroHei"
#: WenQuanYi has no bold face; titles are drawn with a stroked outline (see ``draw_bold``).
BOLD_STROKE = 0.035  # fraction of the font size

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the shipped font with reportlab (once per process, thread-safe); return its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if not _registered:
            # Compressed streams stay binary: ASCII85 makes them 25 % bigger and costs about
            # a sixth of the time of a 1,000-label PDF (reportlab encodes it in pure Python).
            rl_config.useA85 = 0
            pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
            # Paragraph markup such as <b> looks the font family up: map every style to the face.
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
            _registered = True
    return FONT


@lru_cache(maxsize=16384)
def _unit_width(text: str) -> float:
    return pdfmetrics.stringWidth(text, FONT, 1.0)


def string_width(text: str, size: float) -> float:
    """Width of ``text`` at ``size`` points in the font (advance widths scale linearly,
    so widths are measured once at 1 pt and cached)."""
    register_fonts()
    return _unit_width(text) * size


def _is_wide(ch: str) -> bool:
    """Characters after which a line may break without a space (CJK, full-width punctuation)."""
    return ord(ch) >= 0x2E80


#: Punctuation that must not begin a line (禁则): it takes the previous character along.
_NO_LINE_START = set("，。、；：！？）」』】〉》”’…,.;:!?)]}%")
#: Opening brackets that must not end a line: they go down with what they open.
_NO_LINE_END = set("（「『【〈《“‘([{")


def _tokens(text: str) -> list[str]:
    """Split into breakable pieces: each CJK character alone, Latin words with their
    trailing space, so that ``'上海 Road 12号'`` wraps between any two Chinese characters
    but never inside ``Road``."""
    out: list[str] = []
    word = ""
    for ch in text:
        if _is_wide(ch):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        elif ch == " ":
            out.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrap_text(text: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Greedy line breaking of ``text`` at ``size`` into lines no wider than ``width``.

    Chinese breaks between any two characters (but closing punctuation never starts a
    line and opening brackets never end one);
    Latin words break at spaces and are cut only when one word alone is wider than the
    line. With ``max_lines`` the last kept line ends in "…" when text was left out.
    """
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, line_w = "", 0.0
        for token in _tokens(paragraph):
            if line_w + string_width(token.rstrip(), size) <= width + 1e-6:
                line += token
                line_w += string_width(token, size)
                continue
            head, carry = line.rstrip(), ""
            if token[0] in _NO_LINE_START and len(head) > 1:
                head, carry = head[:-1], head[-1]
            while len(head) > 1 and head[-1] in _NO_LINE_END:
                head, carry = head[:-1], head[-1] + carry
            if head.strip():
                lines.append(head.rstrip())
            line = carry + token
            # One word wider than the line: cut it where it must be cut.
            while string_width(line.rstrip(), size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and string_width(line[:cut], size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            line_w = string_width(line, size)
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and string_width(last + "…", size) > width:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


def fit_size(text: str, width: float, size: float, minimum: float) -> float:
    """The largest size from ``size`` down to ``minimum`` (steps of 0.5 pt) at which
    ``text`` fits ``width`` on one line; ``minimum`` if none does."""
    while size > minimum and string_width(text, size) > width:
        size -= 0.5
    return max(size, minimum)


def fit_lines(text: str, width: float, height: float, size: float, minimum: float,
              leading: float = 1.2, max_lines: int | None = None) -> tuple[float, list[str]]:
    """Shrink from ``size`` until the wrapped ``text`` fits the box; returns ``(size, lines)``.
    At ``minimum`` the text is cut with "…" to the lines that fit."""
    while True:
        fitting = max(1, int(height // (size * leading)))
        if max_lines:
            fitting = min(fitting, max_lines)
        lines = wrap_text(text, size, width)
        if len(lines) <= fitting or size <= minimum:
            return size, wrap_text(text, size, width, max_lines=fitting)
        size = max(minimum, size - 0.5)


def draw_bold(canvas, x: float, y: float, text: str, size: float, *, align: str = "left") -> None:
    """Draw ``text`` in the font with a thin outline stroke, our stand-in for a bold face."""
    register_fonts()
    width = pdfmetrics.stringWidth(text, FONT, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    t = canvas.beginText(x, y)
    t.setFont(FONT, size)
    t.setTextRenderMode(2)  # fill, then stroke
    canvas.saveState()
    canvas.setLineWidth(size * BOLD_STROKE)
    t.textOut(text)
    canvas.drawText(t)
    canvas.restoreState()
