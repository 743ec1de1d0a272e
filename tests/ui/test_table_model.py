from __future__ import annotations

from operator import attrgetter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.services import communities
from desktop.services.communities import CommunityInput, CommunityQuery, CommunityView
from desktop.services.station import StationInput, initialize
from desktop.storage.opening import open_database
from desktop.ui.table_model import BATCH, RIGHT, Column, PagedTableModel

COUNT = 3_000
STATION = StationInput(name="青山镇社会工作服务站", kind="station", division_code="500110108")

COLUMNS: list[Column[CommunityView]] = [
    Column("Name", "name", attrgetter("name")),
    Column("Resident population", "population", lambda r: str(r.population), RIGHT),
    Column("Notes", None, attrgetter("notes")),
]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Built once for the module: adding thousands of rows through the service takes a while."""
    db = open_database(tmp_path_factory.mktemp("many") / "wushe.db")
    initialize(db, STATION)
    with db.write() as session:
        for n in range(COUNT):
            communities.add(session, CommunityInput(f"村{n:05d}", "rural" if n % 3 else "urban", n))
    yield db
    db.close()


@pytest.fixture
def model(many):
    fetched: list[int] = []

    def fetch_ids(order_by: str, descending: bool) -> list[str]:
        with many.read() as session:
            return communities.list_ids(session, CommunityQuery(order_by=order_by, descending=descending))

    def fetch_rows(ids: list[str]) -> list[CommunityView]:
        fetched.append(len(ids))
        with many.read() as session:
            return communities.get_many(session, ids)

    model = PagedTableModel(COLUMNS, fetch_ids, fetch_rows, row_id=attrgetter("id"))
    model.fetched = fetched  # type: ignore[attr-defined]
    model.reload()
    return model


def test_rows_arrive_in_batches(model):
    assert model.total() == COUNT
    assert model.rowCount() == BATCH
    assert model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == COUNT
    assert max(model.fetched) == BATCH
    assert len(model.fetched) == COUNT // BATCH
    assert model.data(model.index(COUNT - 1, 0)) == f"村{COUNT - 1:05d}"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == RIGHT


def test_sorting_queries_again_and_unsortable_columns_are_ignored(model):
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 1)) == str(COUNT - 1)
    assert model.rowCount() == BATCH  # a new query starts with one batch again
    before = model.fetched[:]
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert model.fetched == before


def test_row_of_fetches_up_to_the_record(model):
    last_id = model._ids[-1]
    assert model.row_of(last_id) == COUNT - 1
    assert model.row_object(model.index(COUNT - 1, 0)).id == last_id
    assert model.row_of("no such id") == -1


def test_a_view_fetches_more_when_scrolled(qtbot, model):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > BATCH)
    assert model.rowCount() < COUNT  # only what scrolling asked for


def test_reload_sees_changes(model, many):
    first = model._ids[0]
    with many.write() as session:
        communities.delete(session, first)
    model.reload()
    assert model.total() == COUNT - 1
    with many.write() as session:
        communities.restore(session, first)
    model.reload()
    assert model.total() == COUNT


def test_two_hundred_thousand_ids_cost_only_what_is_shown(qtbot):
    ids = [f"id{n:06d}" for n in range(200_000)]
    asked: list[int] = []

    def fetch_rows(batch: list[str]) -> list[str]:
        asked.append(len(batch))
        return batch

    model: PagedTableModel[str] = PagedTableModel(
        [Column("Id", "id", str)], lambda _order, _desc: ids, fetch_rows, row_id=str)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    model.reload()
    view.show()
    qtbot.wait(50)
    assert model.total() == 200_000
    assert sum(asked) <= 2 * BATCH and len(model._rows) == sum(asked)
