"""The case list in its clients' name order: walking the clients or sorting the matches gives the same
list, namesakes kept apart by the client and each client's cases newest first, a window at a time as
whole; and the walk goes the way that makes a first window of 400,000 cases cheap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from case_testing import OPENED, add_client, as_user, open_case, walk
from desktop.domain.case_workflow import Stage
from desktop.services import case_list
from desktop.services.case_list import CaseQuery
from desktop.storage.database import Database
from desktop.storage.models import CaseFile, Client
from wushe_testing import DemoTemplate, open_copy

QUERIES = [CaseQuery(), CaseQuery(stage="open"), CaseQuery(risk="high"), CaseQuery(overdue=True),
           CaseQuery(text="张"), CaseQuery(target_group="elderly_alone")]


@pytest.fixture(scope="module")
def station(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo station, and two clients of one name with two cases each: one referred out, one opened a
    day later."""
    db = open_copy(demo_template.path, tmp_path_factory.mktemp("case-list-by-client"))
    as_user(db, "lixia")
    for _namesake in range(2):
        client = add_client(db, "张三")
        walk(db, open_case(db, client).id, Stage.REFERRED)
        open_case(db, client, opened_on=OPENED + timedelta(days=1))
    yield db
    db.close()


def expected(db: Database, query: CaseQuery) -> list[str]:
    """``query``'s cases sorted here: client's name key and id, then newest opened first."""
    with db.read() as session:
        listed = set(case_list.list_ids(session, CaseQuery(**{**query.__dict__, "order_by": "opened"})))
        rows = session.execute(select(CaseFile.id, CaseFile.opened_on, Client.name_sort, Client.id)
                               .join(Client, Client.id == CaseFile.client_id)).all()
    kept = sorted((row for row in rows if row[0] in listed), key=lambda row: (row[1], row[0]), reverse=True)
    kept.sort(key=lambda row: (row[2], row[3]), reverse=query.descending)
    return [row[0] for row in kept]


@pytest.fixture(params=["walk", "sort"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every list walked (from no match on), or every list without a client filter sorted."""
    monkeypatch.setattr(case_list, "CLIENT_WALK_FROM", 0 if request.param == "walk" else 10**9)
    return str(request.param)


@pytest.mark.parametrize("username", ["admin", "lixia"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("query", QUERIES)
def test_walked_or_sorted_the_list_is_in_client_order(station: Database, way: str, query: CaseQuery,
                                                      descending: bool, username: str) -> None:
    as_user(station, username)
    query = CaseQuery(**{**query.__dict__, "order_by": "client", "descending": descending})
    wanted = expected(station, query)
    assert wanted, "nothing listed proves nothing"
    with station.read() as session:
        assert case_list.list_ids(session, query) == wanted
        windows = [case_list.list_page(session, query, offset, 3, False).ids for offset in range(0, len(wanted), 3)]
    assert sum(windows, []) == wanted


def test_namesakes_each_keep_their_cases_together_newest_first(station: Database) -> None:
    as_user(station, "lixia")
    with station.read() as session:
        listed = case_list.list_all(session, CaseQuery(text="张三", order_by="client", descending=False))
        clients = dict(session.execute(select(CaseFile.id, CaseFile.client_id)
                                       .where(CaseFile.id.in_([row.id for row in listed]))).all())
    owners = [clients[row.id] for row in listed]
    assert len(set(owners)) == 2 and owners[0] == owners[1] and owners[2] == owners[3] != owners[0]
    assert [row.opened_on for row in listed[:2]] == [OPENED + timedelta(days=1), OPENED]


@pytest.mark.parametrize("username", ["admin", "lixia"])
def test_a_long_list_walks_the_client_index_and_each_clients_cases(station: Database, monkeypatch, username):
    """Not every case and then a sort (seconds for 400,000), nor a client's cases through the worker's
    index (all of the worker's cases for each client)."""
    monkeypatch.setattr(case_list, "CLIENT_WALK_FROM", 1)
    as_user(station, username)
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "ORDER BY client.name_sort" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    event.listen(station.engine, "before_cursor_execute", seen)
    try:
        with station.read() as session:
            case_list.list_page(session, CaseQuery(order_by="client"), 0, 200, False)
    finally:
        event.remove(station.engine, "before_cursor_execute", seen)
    [(statement, parameters)] = statements
    with station.engine.connect() as connection:
        plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    assert plan[0].startswith("SCAN client USING COVERING INDEX ix_client_listing"), plan
    assert plan[1] == "SEARCH case_file USING INDEX ix_case_file_client_id (client_id=?)", plan


def test_a_case_number_lists_that_case_alone_not_its_clients_others(station: Database) -> None:
    as_user(station, "lixia")
    query = CaseQuery(text="张三", order_by="client", descending=False)
    with station.read() as session:
        first, second = case_list.list_all(session, query)[:2]  # one client's two cases
        assert case_list.list_ids(session, CaseQuery(text=first.number, order_by="client")) == [first.id]
        assert case_list.list_ids(session, CaseQuery(text=second.number, order_by="client")) == [second.id]
