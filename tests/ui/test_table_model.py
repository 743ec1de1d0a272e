from __future__ import annotations

import threading
from dataclasses import replace
from operator import attrgetter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop.services import communities
from desktop.services.communities import CommunityInput, CommunityQuery, CommunityView
from desktop.services.listing import IdPage
from desktop.services.station import StationInput, initialize
from desktop.storage.opening import open_database
from desktop.ui.table_model import BATCH, RIGHT, ROW_OF_BOUND, Column, Counting, PagedTableModel, whole_list
from desktop.ui.tasks import TaskRunner

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
    asked: list[tuple[int, bool]] = []  # (offset, with_total) of every window

    def fetch_page(order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        asked.append((offset, with_total))
        query = replace(model.query, order_by=order_by, descending=descending)
        with many.read() as session:
            return communities.list_page(session, query, offset, limit, with_total)

    def fetch_rows(ids: list[str]) -> list[CommunityView]:
        fetched.append(len(ids))
        with many.read() as session:
            return communities.get_many(session, ids)

    model = PagedTableModel(COLUMNS, fetch_page, fetch_rows, row_id=attrgetter("id"))
    model.query = CommunityQuery()  # type: ignore[attr-defined]
    model.fetched, model.asked = fetched, asked  # type: ignore[attr-defined]
    model.reload()
    return model


def all_ids(many, query: CommunityQuery = CommunityQuery()) -> list[str]:
    with many.read() as session:
        return communities.list_ids(session, query)


def test_rows_arrive_in_windows_counted_once(model, many):
    assert model.total() == COUNT
    assert model.rowCount() == BATCH
    assert model.asked == [(0, True)]  # one window and the count, not every id
    assert model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == COUNT
    assert model.asked == [(0, True)] + [(offset, False) for offset in range(BATCH, COUNT, BATCH)]
    assert model.fetched == [BATCH] * (COUNT // BATCH)
    assert model._ids == all_ids(many)
    assert model.data(model.index(COUNT - 1, 0)) == f"村{COUNT - 1:05d}"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    model.fetchMore()  # nothing left: nothing asked
    assert len(model.asked) == COUNT // BATCH


def test_sorting_queries_again_and_unsortable_columns_are_ignored(model):
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 1)) == str(COUNT - 1)
    assert model.rowCount() == BATCH  # a new query starts with one batch again
    before = model.fetched[:]
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert model.fetched == before


def test_row_of_fetches_windows_up_to_the_record(model, many):
    ids = all_ids(many)
    assert model.row_of(ids[BATCH + 5]) == BATCH + 5
    assert model.rowCount() == 2 * BATCH  # only the window that holds it
    assert model.row_of(ids[-1]) == COUNT - 1
    assert model.row_object(model.index(COUNT - 1, 0)).id == ids[-1]
    assert model.row_of(ids[3]) == 3  # found among the rows already there, nothing asked
    assert len(model.asked) == COUNT // BATCH
    assert model.row_of("no such id") == -1


def test_a_filter_applies_from_the_next_reload(model, many):
    model.fetchMore()
    model.query = CommunityQuery(setting="urban")
    model.reload()
    urban = all_ids(many, model.query)
    assert model.total() == len(urban) == COUNT // 3
    assert model.asked[-1] == (0, True) and model.rowCount() == BATCH
    assert model.row_of(urban[-1]) == len(urban) - 1
    assert model._ids == urban and not model.canFetchMore()
    assert {model.data(model.index(row, 1)) for row in range(0, len(urban), 50)} <= {str(n) for n in range(0, COUNT, 3)}


def test_a_list_shorter_than_counted_ends_where_its_windows_do(model, many):
    """Records deleted between the count and a window: scrolling stops at what is there."""
    doomed = all_ids(many)[-10:]
    with many.write() as session:
        for record_id in doomed:
            communities.delete(session, record_id)
    try:
        assert model.total() == COUNT
        while model.canFetchMore():
            model.fetchMore()
        assert model.rowCount() == model.total() == COUNT - len(doomed)
    finally:
        with many.write() as session:
            for record_id in doomed:
                communities.restore(session, record_id)


def test_a_view_fetches_the_next_window_when_scrolled(qtbot, model):
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > BATCH)
    assert model.rowCount() < COUNT  # only what scrolling asked for
    assert model.asked[:2] == [(0, True), (BATCH, False)]


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


def numbered(count: int, asked: list[int]):
    """A list of ``count`` ids made up window by window, noting how many ids each window holds."""
    def fetch_page(_order: str, _descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        ids = [f"id{n:06d}" for n in range(offset, min(offset + limit, count))]
        asked.append(len(ids))
        return IdPage(ids, count if with_total else None)

    return fetch_page


def test_four_hundred_thousand_records_cost_only_what_is_shown(qtbot):
    asked: list[int] = []
    model: PagedTableModel[str] = PagedTableModel([Column("Id", "id", str)], numbered(400_000, asked),
                                                  lambda ids: ids, row_id=str)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    model.reload()
    view.show()
    qtbot.wait(50)
    assert model.total() == 400_000
    assert sum(asked) <= 2 * BATCH and len(model._ids) == len(model._rows) == sum(asked)


def test_row_of_gives_up_past_its_bound():
    asked: list[int] = []
    model: PagedTableModel[str] = PagedTableModel([Column("Id", "id", str)], numbered(400_000, asked),
                                                  lambda ids: ids, row_id=str)
    model.reload()
    assert model.row_of(f"id{ROW_OF_BOUND - 1:06d}") == ROW_OF_BOUND - 1
    assert model.row_of(f"id{ROW_OF_BOUND:06d}") == -1  # listed, but further down than row_of looks
    assert model.rowCount() == sum(asked) == ROW_OF_BOUND  # and it fetched no window past the bound


def test_a_whole_list_is_fetched_once_per_reload_and_sliced():
    calls: list[tuple[str, bool]] = []
    ids = [f"u{n}" for n in range(BATCH + 50)]

    def fetch_ids(order_by: str, descending: bool) -> list[str]:
        calls.append((order_by, descending))
        return ids

    model: PagedTableModel[str] = PagedTableModel([Column("Id", "id", str)], whole_list(fetch_ids),
                                                  lambda batch: batch, row_id=str, counting=Counting(TaskRunner(), int))
    model.reload()
    assert model.is_counted()  # its first window counts it: nothing for the worker
    assert model.total() == BATCH + 50 and model.rowCount() == BATCH
    model.fetchMore()
    assert model._ids == ids and not model.canFetchMore()
    assert calls == [("id", False)]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert calls == [("id", False), ("id", True)]


# --- counted on the database worker ---------------------------------------------------------

@pytest.fixture
def runner(qtbot):
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


class Counts:
    """Counts of the communities list on the worker, each held until ``release`` is set: which queries
    were counted, in order, and whether one has started."""

    def __init__(self, db) -> None:
        self.db, self.counted = db, []
        self.started, self.release = threading.Event(), threading.Event()

    def job(self, query: CommunityQuery):
        def count() -> int:
            self.started.set()
            self.release.wait(5)
            self.counted.append(query)
            with self.db.read() as session:
                return communities.list_page(session, query, 0, 0, True).total

        return count


@pytest.fixture
def counting_model(many, runner):
    counts = Counts(many)
    asked: list[tuple[int, bool]] = []

    def fetch_page(order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        asked.append((offset, with_total))
        with many.read() as session:
            return communities.list_page(session, replace(model.query, order_by=order_by, descending=descending),
                                         offset, limit, with_total)

    def fetch_rows(ids: list[str]) -> list[CommunityView]:
        with many.read() as session:
            return communities.get_many(session, ids)

    model = PagedTableModel(COLUMNS, fetch_page, fetch_rows, row_id=attrgetter("id"),
                            counting=Counting(runner, lambda: counts.job(model.query)))
    model.query, model.counts, model.asked = CommunityQuery(), counts, asked  # type: ignore[attr-defined]
    return model


def test_a_long_list_shows_its_first_window_before_it_is_counted(qtbot, counting_model, runner):
    model = counting_model
    model.reload()
    assert model.asked == [(0, False)] and model.rowCount() == BATCH
    assert not model.is_counted() and model.total() == BATCH and model.canFetchMore()
    model.fetchMore()  # scrolling goes on while the worker counts
    assert model.total() == model.rowCount() == 2 * BATCH
    with qtbot.waitSignal(model.counted):
        model.counts.release.set()
    assert model.is_counted() and model.total() == COUNT
    assert model.asked == [(0, False), (BATCH, False)]  # the GUI thread never counted


def test_a_count_of_an_earlier_filter_is_dropped_and_one_not_started_never_runs(qtbot, counting_model, runner,
                                                                               many):
    model, counts = counting_model, counting_model.counts
    arrivals: list[int] = []
    model.counted.connect(lambda: arrivals.append(model.total()))
    model.reload()
    assert counts.started.wait(5)  # the worker holds the count of the whole list
    model.query = CommunityQuery(setting="rural")
    model.reload()  # its count waits for the worker
    model.query = urban = CommunityQuery(setting="urban")
    model.reload()  # and is not needed any more
    counts.release.set()
    runner.wait(5000)
    qtbot.waitUntil(lambda: not runner.busy())
    assert counts.counted == [CommunityQuery(), urban]
    assert arrivals == [COUNT // 3] and model.total() == len(all_ids(many, urban))


def test_a_list_shorter_than_a_window_is_counted_by_it(counting_model, runner):
    model = counting_model
    model.query = CommunityQuery(text="村0000")  # 村00000 to 村00009
    model.reload()
    assert model.is_counted() and model.total() == model.rowCount() == 10
    assert not runner.busy() and not model.counts.started.is_set()
