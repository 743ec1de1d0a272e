"""Line breaking for Chinese text on paper (禁则): no line starts with closing punctuation (，。、；：？！）」』”’》
and the like) and none ends with opening punctuation (（「『“‘《), and a Latin word or a number stays whole.

ReportLab's CJK wrapping knows only the Japanese marks and ASCII: a full-width comma, colon or
question mark, and the curly quotes, start lines under it. Here the break that fills a line is moved
back, a character at a time, until it falls where the rules allow; the line then ends short, as
Chinese typesetting pushes a character down (推入) rather than letting punctuation hang over the
margin into a table's rule. A line with no allowed break at all (one long word) breaks where it fills.

Imported only from inside a report's write function, so ReportLab loads when a PDF is written.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

CANNOT_START = frozenset(ALL_CANNOT_START + "，。、；：？！）》〉」』】〕｝］”’～·％‰℃")
CANNOT_END = frozenset(ALL_CANNOT_END + "（《〈「『【〔｛［“‘")
UNSPLIT = frozenset("—…")  # the dash —— and the ellipsis …… are one mark of two characters


def _wide(char: str) -> bool:
    """A CJK character or full-width mark: a line may break on either side of it."""
    return char >= "\u2e80"


def allowed(before: str, after: str) -> bool:
    """Whether a line may end with ``before`` and the next start with ``after``."""
    if after in CANNOT_START or before in CANNOT_END or (before == after and before in UNSPLIT):
        return False
    if before.isspace() or after.isspace():
        return True
    return _wide(before) or _wide(after)  # not inside a Latin word or a number


def break_lines(text: str, widths: list[float], max_widths: list[float]) -> list[tuple[int, int]]:
    """The lines of ``text`` (no line breaks in it; ``widths`` per character) as (start, end) spans, each
    within its width of ``max_widths`` (the last repeated) where a break is allowed."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        room = max_widths[min(len(spans), len(max_widths) - 1)]
        end, used = start, 0.0
        while end < n and (end == start or used + widths[end] <= room + _FUZZ):
            used += widths[end]
            end += 1
        if end < n:
            fit = end
            while end > start + 1 and not allowed(text[end - 1], text[end]):
                end -= 1
            if end == start + 1 and not allowed(text[start], text[end]):
                end = fit  # no allowed break on the line: break where it fills
        spans.append((start, end))
        start = end
        while start < n and text[start] == " ":  # a space where a line breaks is not printed
            start += 1
    return spans


def _split(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """``cjkFragSplit`` with the rules above: the paragraph's lines as ReportLab draws them."""
    glyphs: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        glyphs.extend(cjkU(char, frag, "utf8") for char in text or [""])  # an empty frag: a <br/>, say
    lines: list[Any] = []
    # An explicit break (<br/>) is a glyph whose frag says lineBreak: the text runs between them.
    run: list[Any] = []
    for glyph in glyphs:
        if hasattr(glyph.frag, "lineBreak"):
            _lay(run, max_widths, calc_bounds, lines, ended=glyph)
            run = []
        else:
            run.append(glyph)
    if run:
        _lay(run, max_widths, calc_bounds, lines, ended=None)
    return ParaLines(kind=1, lines=lines)


def _lay(run: list[Any], max_widths: list[float], calc_bounds: bool, lines: list[Any], ended: Any) -> None:
    """Append the lines of ``run`` to ``lines``; the last one carries the explicit break ``ended``."""
    widths = [glyph.width for glyph in run]
    spans = break_lines("".join(run), widths, max_widths[len(lines):] or max_widths[-1:]) if run else [(0, 0)]
    for number, (start, end) in enumerate(spans):
        room = max_widths[min(len(lines), len(max_widths) - 1)]
        last = number == len(spans) - 1
        while end > start and run[end - 1] == " ":  # nor is one at its end: it would push a right-aligned line
            end -= 1
        part = run[start:end] + ([ended] if last and ended is not None else [])
        used = sum(widths[start:end])
        lines.append(makeCJKParaLine(part, room, used, room - used, last and ended is not None, calc_bounds))


class CJKParagraph(Paragraph):
    """A paragraph wrapped by the rules above; a paragraph with images or bullets as ReportLab wraps it."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 - ReportLab's name
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        if self.bulletText or any(hasattr(frag, "cbDefn") for frag in self.frags) or self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return _split(self.frags, widths, auto not in ("", "off"))
