"""Lines of a register's sheet that are no record: its total (合计：10人, or 合计 under 序号 and 2人 under
姓名) and the signature lines under it (制表人：李霞  审核人：). The import skips them and says so."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.services.spreadsheet import Cell, cell_text

TOTAL, FOOTER = "total", "footer"
TOTAL_WORDS = ("合计", "总计", "小计")
# A signature word, then a colon of either width: 负责人 alone may head a column, 负责人： never does.
FOOTER_WORD = re.compile(r"(?:制表人|填表人|审核人|负责人|填报单位|联系电话)\s*[：:]")


def not_a_record(row: Sequence[Cell], first: int, id_number: str = "") -> tuple[str, str] | None:
    """What the line says and its kind (TOTAL or FOOTER) when one of its first cells, up to the register's
    first column (``first``, the name's), starts a total or a signature line; None for a record. A line
    with an ID number (in a register that has them) is a record, unless that cell is a signature too."""
    id_number = id_number.strip()
    if id_number and not FOOTER_WORD.match(id_number):
        return None
    leading = [cell_text(cell).strip() for cell in row[:max(first + 1, 2)]]
    compact = ["".join(text.split()) for text in leading]  # 合  计 and 制 表 人：, spaced to fill a wide cell
    if any(text.startswith(TOTAL_WORDS) for text in compact):
        return " ".join(text for text in leading if text), TOTAL
    if any(FOOTER_WORD.match(text) for text in compact):
        return " ".join(" ".join(cell_text(cell).split()) for cell in row if cell_text(cell).strip()), FOOTER
    return None
