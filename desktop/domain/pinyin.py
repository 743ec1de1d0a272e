"""Pinyin for ordering Chinese names the way people expect (拼音 order, not code-point order)."""

from __future__ import annotations


def sort_key(text: str) -> str:
    """Lower-case toneless syllables separated by spaces, then the text itself to break ties.

    Syllable by syllable, like a dictionary: 柏林村 (bo lin) < 石桥村 (shi qiao) < 双河村 (shuang he).
    """
    # pypinyin loads its phrase dictionary on import (0.4 s): only when a name is actually written.
    from pypinyin import Style, lazy_pinyin

    syllables = " ".join(part.strip().lower() for part in lazy_pinyin(text, style=Style.NORMAL))
    return f"{syllables}\x1f{text}"
