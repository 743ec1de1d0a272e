"""A county office importing a register from a spreadsheet adds its own rows, and nothing under a
station's record (issue 8): the import writes its rows in bulk, past the flush that refuses such rows
(``storage.bulk``), so the bulk insert asks the same rule first. One row in a station's village refuses
the whole import with the one line the flush gives, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.services import client_io, org_io, volunteer_io
from desktop.storage.models import Client, SocialOrg, Volunteer
from desktop.sync.home_node import ReadOnlyHere
from bulk_testing import CLIENT_HEADER, ORG_HEADER, VOLUNTEER_HEADER, Value, client_rows, org_rows, volunteer_rows, \
    write_sheet
from county_testing import TODAY, county_with_two_stations
from register_io_testing import import_file
from sync_testing import Node, a, b, c

__all__ = ["a", "b", "c"]  # the fixtures

VILLAGE = {"orgs": 1, "people": 7}  # the sheet column of the village or community, by ``bulk_testing``'s rows


def in_villages(rows: Iterator[list[Value]], column: int, *villages: str) -> list[list[Value]]:
    """The rows, each in the next of ``villages`` in turn."""
    return [[*row[:column], villages[n % len(villages)], *row[column + 1:]] for n, row in enumerate(rows)]


def count(node: Node, model: Any) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0


def test_one_row_in_a_stations_village_refuses_the_whole_import(a: Node, b: Node, c: Node, tmp_path: Path) -> None:
    county_with_two_stations(a, b, c)
    orgs = in_villages(org_rows(3), VILLAGE["orgs"], "县城社区", "县城社区", "石门村")
    clients = in_villages(client_rows(3, TODAY), VILLAGE["people"], "县城社区", "青山村")
    volunteers = in_villages(volunteer_rows(2, TODAY), VILLAGE["people"], "石门村")
    sheets = [(org_io.IMPORT, ORG_HEADER, orgs, "甲站"), (client_io.IMPORT, CLIENT_HEADER, clients, "乙站"),
              (volunteer_io.IMPORT, VOLUNTEER_HEADER, volunteers, "甲站")]
    before = c.dump()
    for n, (spec, header, rows, station) in enumerate(sheets):
        path = write_sheet(tmp_path / f"{n}.xlsx", header, iter(rows))
        with pytest.raises(ReadOnlyHere) as refused:
            import_file(c.db, spec, path)  # only the valid rows: every row is valid, the refusal is the write's
        assert refused.value.message == f"This record (Villages and communities) belongs to {station} and is " \
                                        "read-only here."
    assert c.dump() == before  # nothing written, not even the county's own rows of each sheet


def test_the_countys_own_rows_import_and_a_station_imports_into_its_own_villages(
        a: Node, b: Node, c: Node, tmp_path: Path) -> None:
    county_with_two_stations(a, b, c)
    people = in_villages(client_rows(4, TODAY), VILLAGE["people"], "县城社区")
    imported = import_file(c.db, client_io.IMPORT, write_sheet(tmp_path / "county.xlsx", CLIENT_HEADER, iter(people)))
    assert imported.added == 4 and count(c, Client) == 4 + 2  # the county's and 甲站's clients before
    orgs = in_villages(org_rows(2), VILLAGE["orgs"], "县城社区")
    assert import_file(c.db, org_io.IMPORT, write_sheet(tmp_path / "orgs.xlsx", ORG_HEADER, iter(orgs))).added == 2
    assert count(c, SocialOrg) == 2
    # At a station nothing is held back: 甲站 imports into its village as before.
    volunteers = in_villages(volunteer_rows(3, TODAY), VILLAGE["people"], "石门村")
    path = write_sheet(tmp_path / "station.xlsx", VOLUNTEER_HEADER, iter(volunteers))
    assert import_file(a.db, volunteer_io.IMPORT, path).added == 3 and count(a, Volunteer) == 3
