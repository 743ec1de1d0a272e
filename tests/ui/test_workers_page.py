"""社会工作者: the register page on the demo station, as each role sees it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.domain.pinyin import person_keys
from desktop.services import workers
from desktop.services.demo_people import DEMO_WORKERS
from desktop.services.workers import WorkerQuery
from desktop.ui.workers.page import WorkersPage
from desktop.ui.workers.worker_dialog import WorkerDialog
from register_testing import column, opened, page_as, pick, pick_text, refused, save, select
from wushe_testing import community_ids


@pytest.fixture
def open_page(qtbot, demo, make_ctx):
    return lambda username: page_as(qtbot, demo, make_ctx, WorkersPage, username)


@pytest.fixture
def page(open_page) -> WorkersPage:
    return open_page("lixia")  # a social worker keeps the registers


def names(page: WorkersPage) -> list[str]:
    return column(page, "Full name")


def tick(dialog: WorkerDialog, community: str, on: bool = True) -> None:
    """Tick (or clear) a community covered, as a click on its box does."""
    item = dialog.coverage.findItems(community, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def saved_worker(demo, name: str) -> workers.WorkerView:
    with demo.read() as session:
        return next(w for w in workers.list_all(session, WorkerQuery(include_deleted=True)) if w.name == name)


def test_lists_the_register_with_certificates_coverage_and_accounts(page):
    # people sort by the surname reading: 曾德华 under Z
    assert names(page) == sorted((w[0] for w in DEMO_WORKERS), key=lambda name: person_keys(name)[0])
    assert page.count.text() == "9 social workers"
    row = names(page).index("李霞")
    assert column(page, "Communities covered")[row] == "河滨社区, 青山社区, 新华社区"
    assert column(page, "Qualification")[row] == "Social worker (社会工作师)"
    assert (column(page, "Certificate no.")[row], column(page, "Year certified")[row]) == ("2019500110003517", "2019")
    assert column(page, "User account")[row] == "lixia"
    assert column(page, "Employment")[row] == "Full-time" and column(page, "Status")[row] == "In post"


def test_search_finds_chinese_and_pinyin_initials(qtbot, page, type_text):
    type_text(page.filters.search, "思琪")
    qtbot.waitUntil(lambda: names(page) == ["刘思琪"])
    page.filters.search.clear()
    type_text(page.filters.search, "lx")
    qtbot.waitUntil(lambda: names(page) == ["李霞"])
    assert page.count.text() == "1 social worker"


def test_filters_narrow_the_list(page):
    combos = page.filters.combos
    pick_text(combos["community"], "双河村")
    assert sorted(names(page)) == sorted(["陈俊", "曾德华"])
    pick(combos["cert_level"], "none")
    assert names(page) == ["曾德华"]
    pick(combos["community"], "")
    pick(combos["employment"], "full_time")
    assert names(page) == [] and page.empty.text() == "Nothing matches the search and filters."
    pick(combos["cert_level"], "")
    pick(combos["status"], "left")
    assert names(page) == ["王建"]


def test_a_bad_certificate_year_is_shown_at_its_field_then_a_good_one_saves(qtbot, page, demo, type_text, settle):
    dialog = opened(qtbot, page, None)
    type_text(dialog.name, "周晓梅")
    pick(dialog.employer_kind, "agency")
    pick(dialog.employment, "part_time")
    pick(dialog.cert_level, "assistant")
    type_text(dialog.employer_name, "清河县心语社会工作服务中心")
    type_text(dialog.cert_number, "2024500110012345")
    type_text(dialog.cert_year, "2007")  # before the first national exam
    error = refused(dialog, "cert_year", "Enter a year from 2008")

    dialog.cert_year.clear()
    type_text(dialog.cert_year, "2024")
    assert not error.isVisible() and dialog.ok_button.isEnabled()
    for name in ("石桥村", "龙泉村"):
        tick(dialog, name)
    save(qtbot, dialog, settle)
    assert "周晓梅" in names(page)  # the page heard about the change
    worker = saved_worker(demo, "周晓梅")
    assert (worker.employer_name, worker.cert_level, worker.cert_year) == (
        "清河县心语社会工作服务中心", "assistant", 2024)
    assert sorted(worker.communities) == sorted(["石桥村", "龙泉村"])


def test_choosing_no_certificate_sets_number_and_year_aside(qtbot, page, demo, settle):
    dialog = opened(qtbot, page, "王建", "Full name")
    assert dialog.cert_number.isEnabled()
    pick(dialog.cert_level, "none")
    assert not dialog.cert_number.isEnabled() and not dialog.cert_year.isEnabled()
    save(qtbot, dialog, settle)
    worker = saved_worker(demo, "王建")
    assert (worker.cert_level, worker.cert_number, worker.cert_year) == ("none", "", None)


def test_editing_changes_the_communities_covered(qtbot, page, demo, settle):
    dialog = opened(qtbot, page, "何小燕", "Full name")
    assert set(dialog.coverage.checked_ids()) == {community_ids(demo)[n] for n in ("红岩村", "柏林村")}
    tick(dialog, "红岩村", False)
    tick(dialog, "白云村")
    save(qtbot, dialog, settle)
    assert sorted(saved_worker(demo, "何小燕").communities) == sorted(["白云村", "柏林村"])
    assert column(page, "Communities covered")[names(page).index("何小燕")] == "白云村, 柏林村"


def test_the_station_head_links_an_account(qtbot, open_page, demo, settle):
    page = open_page("admin")
    dialog = opened(qtbot, page, "何小燕", "Full name")
    account = dialog.account
    assert account is not None and account.currentData() == ""
    offered = [account.itemText(i) for i in range(account.count())]
    assert offered[0] == "None" and "王芳 (wangfang)" in offered
    pick(account, account.itemData(offered.index("王芳 (wangfang)")))
    save(qtbot, dialog, settle)
    assert saved_worker(demo, "何小燕").username == "wangfang"


def test_a_social_worker_sees_the_link_and_keeps_it(qtbot, page, demo, type_text, settle):
    dialog = opened(qtbot, page, "陈俊", "Full name")
    assert dialog.account is None  # only those who manage accounts may change the link
    shown = dialog.form.widget("user_id")
    assert isinstance(shown, QLabel) and shown.text() == "chenjun"
    assert "may not manage user accounts" in shown.toolTip()
    dialog.phone.clear()
    type_text(dialog.phone, "13800138000")
    save(qtbot, dialog, settle)
    worker = saved_worker(demo, "陈俊")
    assert (worker.phone, worker.username) == ("13800138000", "chenjun")


def test_delete_asks_then_restore_brings_it_back(qtbot, page, demo, monkeypatch, settle):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    select(page, "罗婷", "Full name")
    page.delete_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: "罗婷" not in names(page))
    assert page.count.text() == "8 social workers"

    page.filters.show_deleted.setChecked(True)
    select(page, "罗婷", "Full name")
    page.restore_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: page.delete_button.isEnabled())
    assert not saved_worker(demo, "罗婷").deleted


def test_finance_sees_phones_masked_and_a_viewer_has_no_edit_buttons(open_page, monkeypatch):
    phones = column(open_page("wangfang"), "Phone")
    assert len(phones) == len(DEMO_WORKERS) and all("****" in phone for phone in phones)
    page = open_page("zhaolei")
    assert not any(button.isVisible() for button in (page.add_button, page.edit_button, page.delete_button,
                                                     page.restore_button))
    assert page.read_only.isVisible()
    monkeypatch.setattr(WorkerDialog, "exec", lambda _dialog: pytest.fail("a viewer opened the editor"))
    select(page, "李霞", "Full name")
    page.edit()
