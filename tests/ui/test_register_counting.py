"""Every register shows its first window at once and is counted on the database worker, as the case list
is: until the count arrives the status line says how many are listed so far ("3+ organisations"), and a
count of the list before a filter changed never shows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from desktop.services import signin
from desktop.ui import table_model
from desktop.ui.cases.clients_tab import ClientsTab
from desktop.ui.donors.page import DonorsPage
from desktop.ui.orgs.page import OrgsPage
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.settings.communities_tab import CommunitiesTab
from desktop.ui.volunteers.page import VolunteersPage
from desktop.ui.workers.page import WorkersPage
from register_testing import pick
from wushe_testing import DEMO_PASSWORD, shown

WINDOW = 3  # every demo register is several windows of this
PAGES: list[Callable[[Any], RegisterPage[Any]]] = [ClientsTab, OrgsPage, WorkersPage, DonorsPage, VolunteersPage,
                                                   CommunitiesTab]
NAMES = ["clients", "orgs", "workers", "donors", "volunteers", "communities"]


@pytest.fixture(params=PAGES, ids=NAMES)
def held(request, qtbot, demo, make_ctx, monkeypatch):
    """The register's page, the head signed in, over windows of WINDOW, opened while the database worker is
    busy: its count waits until ``release`` is set. The page is short, so the view asks for one window."""
    monkeypatch.setattr(table_model, "BATCH", WINDOW)
    signin.sign_in(demo, "admin", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    release = threading.Event()
    ctx.tasks.run(lambda _progress: release.wait(5), show_progress=False)
    page = shown(qtbot, request.param(ctx), (1280, 120))
    yield page, release
    release.set()


def _count(page: RegisterPage[Any]) -> int:
    """The register's count as filtered now, asked here rather than on the held worker."""
    return page._ctx.gateway.read(page._spec.service.count, page.query())


def test_the_register_says_how_many_it_shows_until_the_worker_has_counted(qtbot, held):
    page, release = held
    listed, total = page.model.rowCount(), _count(page)
    assert WINDOW <= listed < total and not page.model.is_counted()
    assert page.count.text() == page._spec.listed_so_far(listed) and page.count.text().startswith(f"{listed}+ ")
    release.set()
    qtbot.waitUntil(lambda: page.model.is_counted())
    assert page.model.total() == total and page.count.text() == page._spec.counted(total)
    assert page.model.rowCount() == listed  # counting fetched no rows


def _narrowing(page: RegisterPage[Any]) -> tuple[str, str, int]:
    """A filter choice (combo key, code) that leaves more than a window but fewer than all, and its count."""
    whole = _count(page)
    for key, combo in page.filters.combos.items():
        for index in range(1, combo.count()):
            combo.setCurrentIndex(index)  # not yet ``activated``: the list stays as it is
            narrowed = _count(page)
            combo.setCurrentIndex(0)
            if WINDOW < narrowed < whole:
                return key, combo.itemData(index), narrowed
    raise AssertionError("no filter of the demo narrows this register to more than a window")


def test_a_count_of_the_register_before_a_filter_never_shows(qtbot, held):
    page, release = held
    if not page.filters.combos:
        pytest.skip("this register has no filter choices")
    key, code, narrowed = _narrowing(page)
    arrived: list[int] = []
    page.model.counted.connect(lambda: arrived.append(page.model.total()))
    pick(page.filters.combos[key], code)  # while the whole register's count waits for the worker
    listed = page.model.rowCount()
    assert not page.model.is_counted() and page.count.text() == page._spec.listed_so_far(listed)
    release.set()
    qtbot.waitUntil(lambda: page.model.is_counted())
    page._ctx.tasks.wait()
    qtbot.wait(20)  # anything else the worker sent back has arrived by now
    assert arrived == [narrowed] and page.count.text() == page._spec.counted(narrowed)


def test_a_register_shorter_than_a_window_is_counted_without_the_worker(qtbot, held):
    page, release = held
    page.filters.search.setText("无此名")  # matches nobody; the search box's pause then reloads
    qtbot.waitUntil(lambda: page.model.is_counted() and page.model.total() == 0)
    assert page.count.text() == page._spec.counted(0) and not release.is_set()  # the worker is still held
