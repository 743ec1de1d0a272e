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


def search_key(text: str) -> str:
    """What a pinyin search matches: the initials of every likely reading, then the full pinyin.

    张三 → ``"zs zhangsan"``. Surnames with several readings (单 dan/shan, 曾 zeng/ceng) are where the
    phrase-aware default reading goes wrong, so each character's other readings add a variant of the
    initials, one character at a time: 单小明 → ``"cxm dxm sxm danxiaoming"``. Linear in the length,
    so 乐乐乐乐 does not explode. Lower-case ASCII, searched with a substring match.
    """
    from pypinyin import Style, lazy_pinyin, pinyin

    default = [_ascii_words(s) for s in lazy_pinyin(text, style=Style.NORMAL)]
    readings = pinyin(text, style=Style.NORMAL, heteronym=True)
    initials = ["".join(w[0] for w in words) for words in default]
    variants = {"".join(initials)}
    if len(readings) == len(default):  # same segmentation; otherwise keep just the default
        for position, choices in enumerate(readings):
            for reading in choices[1:]:
                words = _ascii_words(reading)
                variants.add("".join(initials[:position] + ["".join(w[0] for w in words)] + initials[position + 1:]))
    variants.discard("")
    full = "".join("".join(words) for words in default)
    return " ".join(sorted(variants) + ([full] if full not in variants else []))


def _ascii_words(segment: str) -> list[str]:
    """Lower-case letter/digit runs of a pinyin syllable or a non-Chinese stretch (``"Li Lei"``)."""
    words = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in segment).split()
    return words
