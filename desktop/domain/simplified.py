"""Traditional characters read as simplified ones (陳麗華 → 陈丽华): old paper registers write names in them.

OpenCC's Traditional → Simplified conversion (phrases first, then characters), loaded on first use (a few ms).
A text without traditional characters comes back as it is, so a simplified name's keys never change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from desktop.domain.pinyin import CACHE_SIZE

if TYPE_CHECKING:
    from opencc import OpenCC


@lru_cache(maxsize=CACHE_SIZE)
def simplified(text: str) -> str:
    """``text`` with its traditional characters written simplified (龍泉村 → 龙泉村); anything else unchanged."""
    if text.isascii():
        return text
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    from opencc import OpenCC

    return OpenCC("t2s")
