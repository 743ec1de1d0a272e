"""Several items in one spreadsheet cell, as stations write them: "资金、物资", "石桥村，双河村", "a; b"."""

from __future__ import annotations

import re

from desktop.services.cell_parsers import Choice
from desktop.services.spreadsheet import Cell, cell_text

# 、 and full-width commas and semicolons as Chinese text has them, their ASCII forms, and line breaks.
_SEPARATORS = re.compile(r"[、,，;；\n]+")


def items(cell: Cell) -> tuple[str, ...]:
    """The items, each once, in the order written."""
    found = (" ".join(item.split()) for item in _SEPARATORS.split(cell_text(cell)))
    return tuple(dict.fromkeys(item for item in found if item))


class Choices:
    """Several codes of one ``Choice`` in a cell; the error names the item that is not one of them."""

    def __init__(self, choice: Choice) -> None:
        self._choice = choice

    def __call__(self, cell: Cell) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._choice(item) for item in items(cell)))
