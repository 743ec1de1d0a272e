"""What a register says about its spreadsheets to the import (``imports``): its columns, how a row
becomes its input and is checked and written (``ImportSpec``); and the sheet and the problems found in it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services.cell_parsers import every_translation, text
from desktop.services.spreadsheet import Cell, column_letter, header_key

Mapping = dict[str, int]  # column key → index of the sheet column it is read from


class Validated(Protocol):
    def validated(self) -> Self: ...


In = TypeVar("In", bound=Validated)  # the register's input dataclass
Lookups = TypeVar("Lookups")  # what the register loads once per run


@dataclass(frozen=True)
class ImportColumn:
    key: str  # stable English id, used by ``--map KEY=COLUMN``
    label: str  # marked with N_, translated when shown
    aliases: tuple[str, ...]  # header words station sheets use for it
    parse: Callable[[Cell], Any] = text  # pure, to an immutable value: a run parses each distinct cell once
    required: bool = False
    fill_down: bool = False  # a blank under a value repeats it (merged cells in formats that hide merges)
    fields: tuple[str, ...] = ()  # input fields, besides ``key``, whose errors belong to this column


@dataclass(frozen=True)
class ImportSpec(Generic[In, Lookups]):
    title: str  # the register, marked with N_
    columns: tuple[ImportColumn, ...]
    lookups: Callable[[Session], Lookups]
    build: Callable[[dict[str, Any], Lookups], In]  # parsed values by column key → input; resolves links
    # Against the register as loaded: duplicates, links. It raises for an error, and may return what a
    # person should know about a row that is imported all the same, as ``warnings`` does.
    check: Callable[[In, Lookups], Iterable[tuple[str, str]] | None]
    key: Callable[[In], Hashable]  # two rows with the same key are the same record
    add: Callable[[Session, In], object]
    action: Action = Action.EDIT_REGISTERS
    min_header_matches: int = 2
    # What a person should know about a row that is imported all the same (an old ID number upgraded):
    # (input field, message) pairs from its parsed values, its checked input and the lookups.
    warnings: Callable[[dict[str, Any], In, Lookups], Iterable[tuple[str, str]]] | None = None
    # ``add`` for a batch of checked inputs (as ``validated()`` returned them) in one statement per
    # table, used when given; it refuses with a ``batches.ItemRefused`` that names the input.
    add_many: Callable[[Session, Sequence[In]], object] | None = None
    # Around the whole write of so many rows (every batch), when given: what makes a large write
    # cheaper as a whole (the register's indexes rebuilt once rather than maintained row by row).
    writing: Callable[[Session, int], AbstractContextManager[object]] | None = None
    # The checked input made ready to write where it is checked, when given: what its check needs and no
    # database does, made once (a client's blind index). ``check``, ``key``, ``warnings`` and ``add_many``
    # then take what it returns, and ``add_many`` must be given.
    prepare: Callable[[In, Lookups], Any] | None = None
    # A large file's rows are checked (and prepared) in a second process while this one writes
    # (``import_worker``); every part of the spec and its lookups must then pickle.
    apart: bool = False
    # For a register of people known by an ID number, when given: a row's ``key`` from its parsed values
    # (a cell at fault may be missing or blank) when its number is sound, else None. Every row sharing a
    # key is then reported, the first too and whatever else is wrong with each, and none is imported:
    # nothing tells which of them is right. Without it, the first of them is imported.
    id_key: Callable[[dict[str, Any]], Hashable] | None = None

    def header_words(self) -> dict[str, str]:
        """Header key → column key: the aliases, and the label in each of the app's languages."""
        words: dict[str, str] = {}
        for column in self.columns:
            for word in (*column.aliases, *every_translation(column.label)):
                words.setdefault(header_key(word), column.key)
        return words


@dataclass(frozen=True)
class Table:
    """One sheet's data under its header row; blank rows are left out, row numbers are Excel's."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]  # the header cells as written, by sheet column
    rows: list[tuple[int, Sequence[Cell]]]
    merges_reported: bool

    def column_name(self, index: int) -> str:
        """How a person finds a sheet column: "C 组织名称"."""
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{column_letter(index)} {header}".rstrip()


ERROR, WARNING = "error", "warning"  # an error keeps its row out; a warning does not


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # as Excel shows it
    column: str  # the register column's label, translated; "" when the row as a whole is wrong
    message: str
    severity: str = ERROR

    @property
    def text(self) -> str:
        """The message, marked when it is only a warning."""
        return self.message if self.severity == ERROR else _("Warning: {message}").format(message=self.message)

    @property
    def place(self) -> str:
        """The row as a spreadsheet names a place: 登记!12."""
        return f"{self.sheet}!{self.row}"

    def __str__(self) -> str:
        if self.column:
            return _("{where} {column}: {message}").format(where=self.place, column=self.column, message=self.text)
        return _("{where}: {message}").format(where=self.place, message=self.text)
