"""The 站点 column of the lists a county office holds for many stations (``wushe communities list``, ``cases
list``, ``projects list``, ``ledger funds``): each record named with the station it counts for
(``sync.station_view.owners``), in the table and the JSON (``station``, ``station_id``), and ``--station
NAME`` keeping one station's (``node_named``: a unique start or part of its name). At a station, with no
``--station``, the lists are as before."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.sync.station_view import Owner, at_county, node_named, owners

R = TypeVar("R")


def add_station_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--station", default="", metavar=_("STATION"), help=help_text)


@dataclass(frozen=True)
class StationColumn:
    owner: dict[str, Owner]  # row id → its station; empty when the column is not shown
    shown: bool

    def header(self) -> list[str]:
        return [_("Station")] if self.shown else []

    def cell(self, row_id: str) -> tuple[str, ...]:
        return (self.owner[row_id].name,) if self.shown else ()

    def fields(self, row_id: str) -> dict[str, str]:
        """What a JSON row adds: its station's name and node id."""
        return {"station": self.owner[row_id].name, "station_id": self.owner[row_id].node_id} if self.shown else {}


def by_station(session: Session, table: str, rows: Sequence[R], station: str,
               row_id: Callable[[R], str] = attrgetter("id")) -> tuple[list[R], StationColumn]:
    """``rows`` of ``table`` (of the station named, when ``station``) and their column: shown at a county, or
    when a station is named."""
    shown = at_county(session) or bool(station.strip())
    owner = owners(session, table, [row_id(row) for row in rows]) if shown else {}
    if station.strip():
        wanted = node_named(session, station)
        rows = [row for row in rows if owner[row_id(row)].node_id == wanted]
    return list(rows), StationColumn(owner, shown)


def numbered(session: Session, table: str, number: str, ids: Sequence[str], station: str, missing: str) -> str:
    """The one record of ``ids`` (those of ``table`` with ``number``, which is per node: a county holds
    several stations' 个案-2026-0001), of the station named when ``station``; ``missing`` says none has it.
    Several are refused, naming their stations."""
    owner = owners(session, table, ids) if ids else {}
    if station.strip():
        wanted = node_named(session, station)
        ids = [row_id for row_id in ids if owner[row_id].node_id == wanted]
    if not ids:
        raise NotFoundError(missing)
    if len(ids) > 1:
        raise ValidationError("station", _("Several records have the number {number}, of {stations}: name one "
                                           "with --station.").format(
            number=number.strip(), stations=", ".join(sorted(owner[row_id].name for row_id in ids))))
    return ids[0]
