"""Named records: a name with its pinyin sort key and pinyin search key kept beside it."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import ColumnElement, String, or_, text
from sqlalchemy.orm import Mapped, mapped_column, validates

from desktop.domain.pinyin import person_keys, pinyin_keys


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
    return person_keys(name) if person else pinyin_keys(name)


def name_columns(name: str, person: bool = False) -> dict[str, str]:
    """The name and its pinyin keys as column values, for rows written without the ORM (``storage.bulk``)."""
    name_sort, name_search = name_keys(name, person)
    return {"name": name, "name_sort": name_sort, "name_search": name_search}


def name_matches(model: type[PinyinNamed], text: str) -> ColumnElement[bool]:
    """Chinese substring of the name, or (for Latin input) pinyin initials or full pinyin: zs, zhangs."""
    text = text.strip()
    clause = model.name.contains(text, autoescape=True)
    latin = "".join(text.lower().split())
    if latin.isascii() and latin.isalnum():
        clause = or_(clause, model.name_search.contains(latin, autoescape=True))
    return clause
