"""A refused row leaves no reference cycle behind (``row_checks._unlinked``): rows are checked on a worker
thread, and the app collects cycles only from its GUI thread (``desktop.collector``), so a check of 200,000
bad rows would otherwise pile up some fifty objects a row until the run ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from desktop.services import client_io, volunteer_io
from desktop.services.import_spec import ImportSpec, Table
from desktop.services.imports import guess_mapping
from desktop.services.row_checks import RowChecker
from desktop.storage.database import Database
from volunteer_testing import signed_in

# Rows well formed but for an ID number too short and, for a client, a group that is no target group: both
# refused where the person is built, several problems gathered into one error (its tracebacks hold it).
HEADERS = ("姓名", "性别", "身份证号", "出生日期", "联系电话", "所属村(社区)", "服务对象类别")
CELLS = ("张三", "男", "1234", "1950-01-01", "", "青山社区", "贫困户")


@pytest.fixture
def clerk(demo: Database) -> Database:
    return signed_in(demo)


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("spec", [client_io.IMPORT, volunteer_io.IMPORT], ids=["clients", "volunteers"])
def test_refused_rows_leave_no_cycle(clerk: Database, spec: ImportSpec, collector_off: None) -> None:
    rows = [(number + 2, [f"{CELLS[0]}{number}", *CELLS[1:]]) for number in range(200)]
    table = Table("登记", 1, HEADERS, rows, False)
    with clerk.read() as session:
        lookups = spec.lookups(session)
    outcomes = RowChecker(spec, lookups, table, guess_mapping(spec, table))(rows)
    assert all(outcome.data is None and outcome.problems for outcome in outcomes)
    del outcomes
    assert gc.collect() == 0
