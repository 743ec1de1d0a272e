"""Exporting a register to .xlsx: its list query, its rows as the services show them (protected
fields masked for the signed-in role), and one cell per export column."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.spreadsheet import Progress, Value, write_xlsx

BATCH = 500  # rows fetched per get_many, as the lists page through them

Query = TypeVar("Query")
View = TypeVar("View")


@dataclass(frozen=True)
class ExportColumn(Generic[View]):
    label: str  # marked with N_, translated when written
    value: Callable[[View], Value]
    note: str = ""  # marked with N_: why the column is as it is, a comment on its header


@dataclass(frozen=True)
class ExportSpec(Generic[Query, View]):
    title: str  # the register, marked with N_: the sheet's name and the file's suggested name
    columns: tuple[ExportColumn[View], ...]
    list_ids: Callable[[Session, Query], list[str]]
    get_many: Callable[[Session, Sequence[str]], list[View]]


def export_xlsx(session: Session, spec: ExportSpec[Any, Any], query: object, path: Path,
                progress: Progress | None = None) -> int:
    """Write the rows ``query`` selects to ``path`` (an .xlsx file); returns how many."""
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("out", _("The export file name must end in .xlsx."))
    ids = spec.list_ids(session, query)

    def rows() -> Iterator[list[Value]]:
        for start in range(0, len(ids), BATCH):
            if progress is not None:
                progress(start, len(ids), _("Exporting row {done} of {total}…").format(done=start, total=len(ids)))
            for view in spec.get_many(session, ids[start:start + BATCH]):
                yield [column.value(view) for column in spec.columns]

    return write_xlsx(path, _(spec.title), [_(c.label) for c in spec.columns], rows(),
                      [_(c.note) if c.note else "" for c in spec.columns])
