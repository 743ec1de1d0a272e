"""慈善资源: the register page of donors and partners on the demo station, as each role sees it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.credit_code import make_credit_code
from desktop.domain.pinyin import sort_key
from desktop.services import donors
from desktop.services.demo_people import DEMO_DONORS
from desktop.services.donors import DonorQuery
from desktop.ui.donors.donor_dialog import DonorDialog
from desktop.ui.donors.page import DonorsPage
from register_testing import column, opened, page_as, pick, pick_text, refused, save, select


@pytest.fixture
def open_page(qtbot, demo, make_ctx):
    return lambda username: page_as(qtbot, demo, make_ctx, DonorsPage, username)


@pytest.fixture
def page(open_page) -> DonorsPage:
    return open_page("lixia")  # a social worker keeps the registers


def names(page: DonorsPage) -> list[str]:
    return column(page, "Name")


def saved_donor(demo, name: str) -> donors.DonorView:
    with demo.read() as session:
        return next(d for d in donors.list_all(session, DonorQuery(include_deleted=True)) if d.name == name)


def test_lists_the_register_with_what_each_offers(page):
    assert names(page) == sorted((d[0] for d in DEMO_DONORS), key=sort_key)
    assert page.count.text() == "11 donors and partners"
    row = names(page).index("清河农商银行青山支行")
    assert column(page, "Offers")[row] == "Money, Venues"
    assert column(page, "Kind")[row] == "Enterprise" and column(page, "Community")[row] == "青山社区"
    assert column(page, "First contact")[row] == "Oct 12, 2021"
    assert column(page, "Address")[row] == "青山镇人民路 26 号"  # a social worker may see it in full


def test_search_finds_chinese_and_pinyin_initials(qtbot, page, type_text):
    type_text(page.filters.search, "卫生院")
    qtbot.waitUntil(lambda: names(page) == ["青山镇卫生院"])
    page.filters.search.clear()
    type_text(page.filters.search, "csh")
    qtbot.waitUntil(lambda: names(page) == ["清河县慈善会"])
    assert page.count.text() == "1 donor or partner"


def test_filters_narrow_the_list(page):
    combos = page.filters.combos
    pick(combos["kind"], "individual")
    assert sorted(names(page)) == sorted(["周德明", "谭秀兰"])
    pick(combos["offer"], "professional")
    assert names(page) == ["谭秀兰"]
    pick(combos["kind"], "")
    pick_text(combos["community"], "青山社区")
    assert names(page) == ["青山镇卫生院"]
    pick(combos["offer"], "")
    assert sorted(names(page)) == sorted(d[0] for d in DEMO_DONORS if d[3] == "青山社区")


def test_a_bad_credit_code_is_shown_at_its_field_then_a_good_one_saves(qtbot, page, demo, type_text, settle):
    dialog = opened(qtbot, page, None)
    type_text(dialog.name, "青山镇明德农机专业合作社")
    pick(dialog.kind, "enterprise")
    type_text(dialog.credit_code, "93500110MA62H4K70X")  # the check character is wrong
    error = refused(dialog, "credit_code", "check character")
    dialog.save()  # Enter does the same: nothing goes to the database
    settle(page._ctx)
    with demo.read() as session:
        assert len(donors.list_ids(session)) == len(DEMO_DONORS)

    good = make_credit_code("93500110MA62H4K70")
    dialog.credit_code.clear()
    type_text(dialog.credit_code, good)
    assert not error.isVisible() and dialog.ok_button.isEnabled()
    pick_text(dialog.community, "柏林村")
    dialog.offers["goods"].setChecked(True)
    dialog.offers["volunteer"].setChecked(True)
    type_text(dialog.address, "柏林村二组 7 号")
    save(qtbot, dialog, settle)
    assert "青山镇明德农机专业合作社" in names(page)
    donor = saved_donor(demo, "青山镇明德农机专业合作社")
    assert (donor.credit_code, donor.community, donor.offers, donor.address) == (
        good, "柏林村", ("goods", "volunteer"), "柏林村二组 7 号")


def test_a_person_has_no_credit_code(qtbot, page, type_text):
    dialog = opened(qtbot, page, "周德明")
    type_text(dialog.credit_code, make_credit_code("91500110MA5U7K3X2"))
    refused(dialog, "credit_code", "A person has no unified social credit code.")


def test_editing_changes_what_they_offer(qtbot, page, demo, settle):
    dialog = opened(qtbot, page, "青山镇好又多超市")
    assert [code for code, box in dialog.offers.items() if box.isChecked()] == ["goods"]
    dialog.offers["money"].setChecked(True)
    save(qtbot, dialog, settle)
    assert saved_donor(demo, "青山镇好又多超市").offers == ("money", "goods")
    assert column(page, "Offers")[names(page).index("青山镇好又多超市")] == "Money, Goods"


def test_delete_asks_then_restore_brings_it_back(qtbot, page, demo, monkeypatch, settle):
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    select(page, "清河县爱心车友会")
    page.delete_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: "清河县爱心车友会" not in names(page))

    page.filters.show_deleted.setChecked(True)
    select(page, "清河县爱心车友会")
    page.restore_button.click()
    settle(page._ctx)
    qtbot.waitUntil(lambda: page.delete_button.isEnabled())
    assert not saved_donor(demo, "清河县爱心车友会").deleted


def test_finance_sees_phones_and_addresses_masked_and_a_viewer_has_no_edit_buttons(open_page, monkeypatch):
    finance = open_page("wangfang")
    for header in ("Phone", "Address"):
        assert all("****" in value for value in column(finance, header))
    assert column(finance, "Address")[names(finance).index("清河农商银行青山支行")] == "青山镇****"
    page = open_page("zhaolei")
    assert not any(button.isVisible() for button in (page.add_button, page.edit_button, page.delete_button,
                                                     page.restore_button))
    monkeypatch.setattr(DonorDialog, "exec", lambda _dialog: pytest.fail("a viewer opened the editor"))
    select(page, "清河县慈善会")
    page.edit()
