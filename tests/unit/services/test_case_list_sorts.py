"""The case list in the order of the worker, the stage or the risk, either way round, ties newest opened
first: each order is right, and each first window walks an index of its own (revision 0014) rather than
sorting every case; one community's cases are a range of ``ix_case_community_listing``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from desktop.domain.case_workflow import STAGE_LABELS
from desktop.domain.codes import RISK_LEVELS
from desktop.services import case_list
from desktop.services.case_list import CaseQuery
from desktop.storage.database import Database
from desktop.storage.models import CaseFile
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

KEYS = {
    "worker": lambda row: row.worker_name,
    "stage": lambda row: list(STAGE_LABELS).index(row.stage),
    "risk": lambda row: list(RISK_LEVELS).index(row.risk),
}


@pytest.fixture(scope="module")
def station(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo station, read as its head (who sees every case)."""
    db = open_copy(demo_template.path, tmp_path_factory.mktemp("case-list-sorts"))
    signed_in(db, "admin")
    yield db
    db.close()


def plan_of(db: Database, run: Any) -> list[str]:
    """The query plans of the statements on case_file that ``run()`` sends."""
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if "case_file" in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    with db.engine.connect() as connection:
        return [" / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
                for statement, parameters in statements]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("order_by", list(KEYS))
def test_each_order_is_right_and_its_first_window_walks_its_index(station: Database, order_by: str,
                                                                  descending: bool) -> None:
    query = CaseQuery(order_by=order_by, descending=descending)
    with station.read() as session:
        listed = case_list.list_ids(session, query)
        rows = {row.id: row for row in case_list.rows(session, listed)}
        opened = {i: (o, i) for i, o in session.execute(select(CaseFile.id, CaseFile.opened_on))}
    expected = sorted(listed, key=lambda i: opened[i], reverse=True)  # ties newest opened first
    expected.sort(key=lambda i: KEYS[order_by](rows[i]), reverse=descending)
    assert listed == expected and len({KEYS[order_by](row) for row in rows.values()}) > 1

    def first_window() -> None:
        with station.read() as session:
            case_list.list_page(session, query, 0, 200, False)

    [plan] = plan_of(station, first_window)
    index = f"ix_case_by_{order_by}{'_desc' if descending else ''}"
    assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan


def test_one_communitys_cases_are_a_range_of_its_index(station: Database) -> None:
    with station.read() as session:
        community = session.scalar(select(CaseFile.community_id).limit(1))

    def count() -> None:
        with station.read() as session:
            case_list.count(session, CaseQuery(stage="open", community_id=community))

    [plan] = plan_of(station, count)
    assert "ix_case_community_listing (community_id=?)" in plan, plan


def test_the_walk_in_the_clients_order_reads_each_clients_cases_not_the_communitys(station: Database) -> None:
    with station.read() as session:
        community = session.scalar(select(CaseFile.community_id).limit(1))

    def walk() -> None:  # a filter on the client: the list walks the clients' index
        with station.read() as session:
            case_list.list_page(session, CaseQuery(order_by="client", descending=False, community_id=community,
                                                   target_group="elderly_alone"), 0, 200, False)

    [plan] = plan_of(station, walk)
    assert "ix_client_listing" in plan and "ix_case_file_client_id (client_id=?)" in plan, plan


@pytest.mark.parametrize(("walk_from", "index"), [(1_000_000, "ix_case_worker_listing"), (2, "ix_case_by_stage")])
def test_a_social_workers_sorted_list_walks_the_orders_index_once_it_is_long(
        demo_template: DemoTemplate, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, walk_from: int, index: str) -> None:
    """Her few cases are sorted; from SORT_WALK_FROM on, the stage index is walked, hers picked out."""
    monkeypatch.setattr(case_list, "SORT_WALK_FROM", walk_from)
    db = signed_in(open_copy(demo_template.path, tmp_path), "lixia")
    try:
        query = CaseQuery(order_by="stage", descending=False)
        with db.read() as session:
            expected = case_list.list_ids(session, query)

        def first_window() -> None:
            with db.read() as session:
                assert case_list.list_page(session, query, 0, 200, False).ids == expected

        plans = plan_of(db, first_window)
        assert any(index in plan for plan in plans[-1:]), plans
    finally:
        db.close()
