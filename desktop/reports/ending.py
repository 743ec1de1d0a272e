"""The last lines of a report's last table kept with what closes it (the signatures and seal): the closing
block sits under the table when both fit, and where they do not, takes the table's last lines with it to
the next page rather than stand there alone."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether


class EndsWith(KeepTogether):
    """``EndsWith(last, closing)``: ``last`` (a table, a paragraph) and ``closing`` (kept on one page)."""

    def __init__(self, last: Flowable, closing: Flowable) -> None:
        super().__init__([last, closing])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        return aW, 0xFFFFFF  # never placed whole: the frame asks ``split`` what goes where

    def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803
        last, closing = self._content
        height = last.wrapOn(self.canv, aW, aH)[1]
        if height + closing.wrapOn(self.canv, aW, aH)[1] <= aH:
            return [last, closing]
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if height > aH:  # the table runs on over this page anyway: what is left of it ends with ``closing``
            pieces = last.splitOn(self.canv, aW, aH)
            if len(pieces) == 2:
                return [pieces[0], EndsWith(pieces[1], closing)]
        else:  # it fits, the closing block under it does not: its last lines (its NOSPLIT rules) go over
            pieces = last.splitOn(self.canv, aW, height - 1)
            if len(pieces) >= 2:
                return [pieces[0], self.FrameBreak(), *pieces[1:], closing]
        # Nothing of it stays here: on a new page the choice is made again, there where it fits.
        return [last, closing] if at_top else [self.FrameBreak(), EndsWith(last, closing)]
