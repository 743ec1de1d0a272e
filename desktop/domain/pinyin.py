"""Pinyin for ordering Chinese names the way people expect (拼音 order, not code-point order)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

# A name is cut as pypinyin cuts it: runs of characters with and without pinyin, each Chinese run
# into the phrases of pypinyin's dictionary. A segment's readings depend on that segment alone, so
# they are worked out once per distinct segment and run and cached: names share their characters,
# phrases and runs, and an import of 200,000 names pays pypinyin per segment, not per name, with the
# same keys. Whole texts are cached too, as a register's names repeat (王伟, 张丽).
CACHE_SIZE = 100_000


@dataclass(frozen=True)
class _Segment:
    """What the keys need of one segment, per syllable of its default reading and per reading position."""

    parts: tuple[str, ...]  # lower-case syllables, for the sort key
    initials: tuple[str, ...]
    full: str  # the syllables run together, ASCII letters and digits only
    other_initials: tuple[tuple[str, ...], ...]  # per position: the initials of each other reading


def sort_key(text: str) -> str:
    """Lower-case toneless syllables separated by spaces, then the text itself to break ties.

    Syllable by syllable, like a dictionary: 柏林村 (bo lin) < 石桥村 (shi qiao) < 双河村 (shuang he).
    """
    return pinyin_keys(text)[0]


def search_key(text: str) -> str:
    """What a pinyin search matches: the initials of every likely reading, then the full pinyin.

    张三 → ``"zs zhangsan"``. Surnames with several readings (单 dan/shan, 曾 zeng/ceng) are where the
    phrase-aware default reading goes wrong, so each character's other readings add a variant of the
    initials, one character at a time: 单小明 → ``"cxm dxm sxm danxiaoming"``. Linear in the length,
    so 乐乐乐乐 does not explode. Lower-case ASCII, searched with a substring match.
    """
    return pinyin_keys(text)[1]


# Surnames read otherwise than the character's everyday reading (曾 is zeng as a surname, not ceng): a person's
# name sorts and is found by its surname reading (the everyday one still finds it). Compound surnames first.
SURNAME_READINGS: dict[str, str] = {
    "尉迟": "yu chi", "万俟": "mo qi", "长孙": "zhang sun", "单于": "chan yu", "澹台": "tan tai",
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "区": "ou", "朴": "piao", "乐": "yue",
    "盖": "ge", "缪": "miao", "翟": "zhai", "覃": "qin", "种": "chong", "秘": "bi", "员": "yun", "繁": "po",
    "召": "shao", "洗": "xian", "折": "she", "句": "gou", "能": "nai", "隗": "wei", "柏": "bai", "蕃": "pi",
}


@lru_cache(maxsize=CACHE_SIZE)
def pinyin_keys(text: str) -> tuple[str, str]:
    """``(sort_key(text), search_key(text))``, reading the text once."""
    return _keys(_read(text), text)


@lru_cache(maxsize=CACHE_SIZE)
def person_keys(name: str) -> tuple[str, str]:
    """``pinyin_keys`` of a person's name: the surname by its surname reading (曾建华 sorts under Z)."""
    surname = next((s for s in (name[:2], name[:1]) if s in SURNAME_READINGS), "")
    if not surname:
        return pinyin_keys(name)
    rest = name[len(surname):]
    return _keys([_surname_segment(surname), *_read(rest)], name)


@lru_cache(maxsize=len(SURNAME_READINGS))
def _surname_segment(surname: str) -> _Segment:
    """The surname's segment read as a surname; its everyday readings stay as other initials."""
    everyday = _segment(surname, True)
    syllables = tuple(SURNAME_READINGS[surname].split())
    initials = tuple(s[0] for s in syllables)
    others = tuple(tuple(sorted({*choices, usual} - {own}))
                   for choices, usual, own in zip(everyday.other_initials, everyday.initials, initials, strict=True))
    return _Segment(syllables, initials, "".join(syllables), others)


def _keys(segments: list[_Segment], text: str) -> tuple[str, str]:
    initials = [i for s in segments for i in s.initials]
    others = [o for s in segments for o in s.other_initials]
    default = "".join(initials)
    variants = {default}
    if len(others) == len(initials):  # same segmentation; otherwise keep just the default
        start = 0
        for initial, choices in zip(initials, others):
            end = start + len(initial)
            if choices:
                variants.update(default[:start] + choice + default[end:] for choice in choices)
            start = end
    variants.discard("")
    full = "".join([s.full for s in segments])
    ordered = " ".join([part for s in segments for part in s.parts])
    return f"{ordered}\x1f{text}", " ".join(sorted(variants) + ([full] if full not in variants else []))


def _read(text: str) -> list[_Segment]:
    """``text`` as pypinyin segments it (``pypinyin.core.Pinyin().seg``), one segment per run of characters
    with pinyin or without; runs recur from text to text (青山社区… in many names), so each is read once."""
    return [_run(run.group(0), bool(run.group(1))) for run in _segmenter()[0].finditer(text)]


@lru_cache(maxsize=CACHE_SIZE)
def _run(run: str, chinese: bool) -> _Segment:
    """A run as one segment: a Chinese run cut into the phrases of pypinyin's dictionary, read one by one."""
    if not chinese:
        return _segment(run, False)
    phrases = [_segment(phrase, True) for phrase in _phrases(run)]
    return _Segment(tuple(part for p in phrases for part in p.parts), tuple(i for p in phrases for i in p.initials),
                    "".join(p.full for p in phrases), tuple(o for p in phrases for o in p.other_initials))


@lru_cache(maxsize=1)
def _segmenter() -> tuple[re.Pattern[str], Callable[[str], Iterator[str]]]:
    """A pattern for runs of characters with pinyin (group 1) or without, and pypinyin's phrase cutter.

    pypinyin loads its phrase dictionary on import (0.4 s): only when a name is actually written.
    """
    from pypinyin.constants import RE_HANS
    from pypinyin.seg import mmseg

    characters = RE_HANS.pattern.removeprefix("^(?:[").removesuffix("])+$")
    return re.compile(f"([{characters}]+)|[^{characters}]+"), mmseg.seg.cut


_ASCII_WORD = re.compile("[A-Za-z0-9]+")


@lru_cache(maxsize=CACHE_SIZE)
def _phrases(run: str) -> tuple[str, ...]:
    return tuple(_segmenter()[1](run))


@lru_cache(maxsize=CACHE_SIZE)
def _segment(segment: str, chinese: bool) -> _Segment:
    if chinese:
        from pypinyin import Style, lazy_pinyin, pinyin

        syllables = lazy_pinyin(segment, style=Style.NORMAL)
        readings = pinyin(segment, style=Style.NORMAL, heteronym=True)
    else:  # pypinyin keeps what has no pinyin as it is
        syllables, readings = ([segment], [[segment]]) if segment else ([], [])
    default = [_ascii_words(s) for s in syllables]
    return _Segment(
        tuple(s.strip().lower() for s in syllables),
        tuple(_initials(words) for words in default),
        "".join("".join(words) for words in default),
        tuple(tuple(_initials(_ascii_words(r)) for r in choices[1:]) for choices in readings),
    )


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words)


def _ascii_words(segment: str) -> list[str]:
    """Lower-case letter/digit runs of a pinyin syllable or a non-Chinese stretch (``"Li Lei"``)."""
    return [word.lower() for word in _ASCII_WORD.findall(segment)]
