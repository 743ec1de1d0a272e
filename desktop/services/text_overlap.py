"""What two short texts share, for ranking the resources of a need by what it is about (services.matching).

Chinese has no spaces between words, so the texts are compared by pairs of neighbouring characters
(bigrams), the usual cheap stand-in for words; letters and digits count as whole words. The pieces of the
need's text that the other text holds too are joined back into the longest runs (高龄, 龄老, 老人 → 高龄老人).
A run that is only a word every need of the field uses (老人, 服务) says nothing about this need and is
left out, as are the words of the need's own category, which every candidate serves anyway.

A shared run says either what is asked (助餐, 送餐, 托管) or only whom it is for (高龄老人, 留守儿童):
``only_whom`` tells them apart, so that the ranking weighs the service asked for above the people it serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words too common in needs and resources to say what one is about.
GENERIC = frozenset({
    "服务", "需要", "需求", "提供", "帮助", "老人", "老年", "长者", "居民", "村民", "社区", "村里", "家庭", "困难",
    "人员", "工作", "活动", "问题", "开展", "上门", "志愿", "愿者", "志愿者",
})
# Words that say whom a need is for, not what it asks; with GENERIC, a run made only of these is "whom".
WHOM = frozenset({
    "高龄", "独居", "空巢", "孤寡", "孤老", "留守", "儿童", "少年", "青少年", "学生", "困境", "残疾", "残障", "失能",
    "半失能", "失独", "低保", "特困", "孤儿", "单亲", "妇女", "退役", "军人", "患者", "病患", "农户", "贫困", "老年人",
})
_WHOM_FIRST = sorted(WHOM | GENERIC, key=len, reverse=True)
_RUNS = re.compile(r"[\u3400-\u9fff]+|[0-9A-Za-z]+")


def _pieces(text: str) -> set[str]:
    """Its CJK bigrams and its words of letters or digits (of two or more, lowercased)."""
    found: set[str] = set()
    for run in _RUNS.findall(text):
        if run.isascii():
            if len(run) > 1:
                found.add(run.lower())
        else:
            found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def shared_words(need_text: str, others: Iterable[str], ignore: str = "") -> list[str]:
    """The runs of ``need_text`` that ``others`` hold too, in the order they come in ``need_text``, each
    once; the generic words and the words of ``ignore`` (the category's name) do not count."""
    theirs = set().union(*(_pieces(text) for text in others))
    found: list[str] = []
    for run in _RUNS.findall(need_text):
        if run.isascii():
            words = [run] if run.lower() in theirs else []
        else:
            words, start = [], None
            for i in range(len(run)):  # one step past the last bigram closes the run
                held = i < len(run) - 1 and run[i:i + 2] in theirs
                if held and start is None:
                    start = i
                elif not held and start is not None:
                    words.append(run[start:i + 1])
                    start = None
        found += [word for word in words if word not in GENERIC and word not in ignore and word not in found]
    return found


def only_whom(word: str) -> bool:
    """Whether ``word`` (a run found by ``shared_words``) names only whom a need is for: nothing of two or more
    characters is left of it without the words of WHOM and GENERIC (高龄老人, 残疾人; not 助餐服务)."""
    rest = word
    for known in _WHOM_FIRST:
        rest = rest.replace(known, " ")
    return all(len(piece) < 2 for piece in rest.split())
