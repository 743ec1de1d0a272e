"""The client register and the case list a window at a time (``list_page``): the windows put together
are ``list_ids``, counted only when asked; the case list's default order comes off ``ix_case_listing``
with no sort, so the first page of 400,000 cases is one short index walk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event

from desktop.services import case_list, clients
from desktop.services.case_list import CaseQuery
from desktop.services.clients import ClientQuery
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, community_ids, open_copy

CLIENT_QUERIES = [ClientQuery(), ClientQuery(order_by="registered_on", descending=True),
                  ClientQuery(order_by="community"), ClientQuery(target_group="elderly_alone"), ClientQuery(text="石")]
CASE_QUERIES = [CaseQuery(), CaseQuery(descending=False), CaseQuery(order_by="risk"),
                CaseQuery(order_by="client", descending=False), CaseQuery(stage="open"), CaseQuery(overdue=True)]


@pytest.fixture(scope="module")
def station(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo station; the tests only read it, as whoever they sign in."""
    db = open_copy(demo_template.path, tmp_path_factory.mktemp("client-case-pages"))
    yield db
    db.close()


def windows(db: Database, list_page: Callable[..., Any], query: Any, size: int) -> tuple[list[Any], int]:
    """Every window, read as a table reads them: counted with the first, then from where it got."""
    with db.read() as session:
        first = list_page(session, query, 0, size, True)
        ids = list(first.ids)
        while len(ids) < first.total:
            page = list_page(session, query, len(ids), size, False)
            assert page.total is None and page.ids, "counted only when asked; no empty window before the end"
            ids += page.ids
        assert list_page(session, query, first.total, size, False).ids == []
    return ids, first.total


@pytest.mark.parametrize("query", CLIENT_QUERIES)
def test_client_windows_put_together_are_the_whole_list(station: Database, query: ClientQuery) -> None:
    signed_in(station, "lixia")
    with station.read() as session:
        expected = clients.list_ids(session, query)
    assert len(expected) >= 3, "too few to prove anything about offsets"
    assert windows(station, clients.list_page, query, max(1, len(expected) // 3)) == (expected, len(expected))


@pytest.mark.parametrize("username", ["admin", "lixia"])
@pytest.mark.parametrize("query", CASE_QUERIES)
def test_case_windows_put_together_are_the_whole_list(station: Database, query: CaseQuery, username: str) -> None:
    signed_in(station, username)  # a social worker's windows hold only their cases, as their list does
    with station.read() as session:
        expected = case_list.list_ids(session, query)
    assert expected
    assert windows(station, case_list.list_page, query, max(1, len(expected) // 3)) == (expected, len(expected))


def test_a_window_of_the_community_filter_holds_only_its_clients(station: Database) -> None:
    signed_in(station, "lixia")
    village = community_ids(station)["双河村"]
    with station.read() as session:
        page = clients.list_page(session, ClientQuery(community_id=village), 0, 2, True)
        assert len(page.ids) == 2 and page.total == clients.count(session, ClientQuery(community_id=village))
        assert {view.community for view in clients.get_many(session, page.ids)} == {"双河村"}


@pytest.mark.parametrize("username", ["zhaolei", "wangfang"])
def test_windows_are_refused_to_roles_that_see_no_client(station: Database, username: str) -> None:
    signed_in(station, username)
    with station.read() as session:
        with pytest.raises(PermissionDenied):
            clients.list_page(session, ClientQuery(), 0, 10, True)
        with pytest.raises(PermissionDenied):
            case_list.list_page(session, CaseQuery(), 0, 10, True)


def test_the_heads_newest_first_window_walks_the_listing_index_without_sorting(station: Database) -> None:
    signed_in(station, "admin")
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "case_file" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    event.listen(station.engine, "before_cursor_execute", seen)
    try:
        for query in (CaseQuery(), CaseQuery(stage="open", risk="high")):
            with station.read() as session:
                case_list.list_page(session, query, 200, 200, True)
    finally:
        event.remove(station.engine, "before_cursor_execute", seen)
    assert len(statements) == 4  # per query: the window and its count
    with station.engine.connect() as connection:
        for statement, parameters in statements:
            plan = " / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                                           parameters))
            # the window walks ix_case_listing in order; a count reads whichever covering index is narrowest
            # (a listing index, or since 0021 ix_case_closed, which holds deleted_at too)
            listing = "ix_case_listing" if "LIMIT" in statement else "ix_case_"
            assert "COVERING INDEX" in plan and listing in plan and "TEMP B-TREE" not in plan, (statement, plan)
