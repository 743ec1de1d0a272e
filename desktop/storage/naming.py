"""Named records: a name with its pinyin sort key and pinyin search key kept beside it."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import ColumnElement, String, and_, or_, text
from sqlalchemy.orm import Mapped, mapped_column, validates

from desktop.domain.pinyin import person_keys, pinyin_keys
from desktop.domain.pinyin_spelling import spelled_initials
from desktop.domain.simplified import simplified


class PinyinNamed:
    """Mixin: ``name`` orders by ``name_sort`` (拼音 order) and is found by ``name_search`` (zs → 张三).

    Both keys follow every assignment of ``name``, so no service can forget them. A register of people
    sets ``__person_name__``: its names sort and are found by the surname reading (曾建华 under Z).
    """

    __person_name__: ClassVar[bool] = False

    name: Mapped[str] = mapped_column(String(100), index=True)
    name_sort: Mapped[str] = mapped_column(String(400), index=True, default="")
    # The server default only serves the rows that were there when migration 0006 added the column.
    name_search: Mapped[str] = mapped_column(String(400), default="", server_default=text("''"))

    @validates("name")
    def _keep_pinyin_keys(self, _key: str, name: str) -> str:
        self.name_sort, self.name_search = name_keys(name, type(self).__person_name__)
        return name


def name_keys(name: str, person: bool) -> tuple[str, str]:
    """The name's sort and search keys, read in simplified characters (陳麗華 as 陈丽华: the surname 單 is 单).
    A name with traditional characters has its simplified spelling before its search key (``陈丽华\x1fclh
    chenlihua``), which a search in Chinese finds; a simplified name's keys are the pinyin ones alone."""
    folded = simplified(name)
    sort, search = person_keys(folded) if person else pinyin_keys(folded)
    return (sort, search) if folded == name else (sort, f"{folded}{SPELLING_END}{search}")


SPELLING_END = "\x1f"  # ends the simplified spelling in ``name_search``; never typed, never in a pinyin key


def name_columns(name: str, person: bool = False) -> dict[str, str]:
    """The name and its pinyin keys as column values, for rows written without the ORM (``storage.bulk``)."""
    name_sort, name_search = name_keys(name, person)
    return {"name": name, "name_sort": name_sort, "name_search": name_search}


def name_is(model: type[PinyinNamed], name: str) -> ColumnElement[bool]:
    """The whole name is ``name`` in either script (陈丽华 is 陳麗華, and back)."""
    folded = simplified(name)
    return or_(model.name == name, *([model.name == folded] if folded != name else []),
               model.name_search.startswith(f"{folded}{SPELLING_END}", autoescape=True))


def name_matches(model: type[PinyinNamed], text: str) -> ColumnElement[bool]:
    """Chinese substring of the name in either script (陈丽华 finds 陳麗華 and back), or (for Latin input)
    pinyin initials or full pinyin: zs, zhangs.

    A person's name is found by pinyin from the start of one of its syllables, syllable by syllable in
    order: initials as a run of a reading's initials (zjh, jh for 曾建华), full pinyin where the initials
    of what it spells are such a run too (xiaoming → xm for 单小明, ``domain.pinyin_spelling``), so oy finds
    欧阳 but not 陈小雨 (chenxiaoyu). The initials are the keys of ``name_search`` before its last, the full
    pinyin (each followed by a space). Other names (a place, an organisation) match anywhere."""
    text = text.strip()
    clause = model.name.contains(text, autoescape=True)
    latin = "".join(text.lower().split())
    if not (latin.isascii() and latin.isalnum()):  # traditional and simplified characters find each other
        folded = simplified(text)
        return or_(clause, *([model.name.contains(folded, autoescape=True)] if folded != text else []),
                   model.name_search.contains(folded, autoescape=True))
    if not model.__person_name__:
        return or_(clause, model.name_search.contains(latin, autoescape=True))

    def among_initials(run: str) -> ColumnElement[bool]:
        return model.name_search.like(f"%{run}% %")  # letters and digits only: nothing to escape

    spelled = [among_initials(run) for run in sorted(spelled_initials(latin))]
    return or_(clause, among_initials(latin),
               *([and_(model.name_search.contains(latin), or_(*spelled))] if spelled else []))
