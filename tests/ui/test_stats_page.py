"""统计: the indicators against the chosen policy profile and the work statistics of a period, on the demo
station; the 统计报表 to the preview as PDF and saved as a workbook; the profile chosen in 设置 and a
community's volunteer service point. (Without pdfium the preview opens the system viewer, which the tests
catch.)"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from desktop.services import activity_stats, communities, indicators
from desktop.services.spreadsheet import read_sheet
from desktop.ui import pdf_preview
from desktop.ui.settings.community_dialog import CommunityDialog
from desktop.ui.settings.profile_box import ProfileBox
from desktop.ui.stats import period_tab
from desktop.ui.stats.page import StatsPage
from wushe_testing import shown

TODAY = date.today()


def _page(qtbot, ctx, settle) -> StatsPage:
    page = shown(qtbot, StatsPage(ctx), (1100, 760))
    settle(ctx)
    return page


def _choose(ctx, profile_id: str | None) -> None:
    ctx.gateway.write(indicators.choose_profile, profile_id)


def test_with_no_profile_chosen_the_page_asks(qtbot, ctx, settle):
    _choose(ctx, None)  # the demo station starts with 重庆 2022 chosen
    page = _page(qtbot, ctx, settle)
    tab = page.indicators
    assert tab.prompt.isVisible() and not tab.split.isVisible()
    assert tab.combo.currentData() is None and tab.report is None
    tab.combo.setCurrentIndex(tab.combo.findData("dongying-2020"))
    tab.combo.activated.emit(tab.combo.currentIndex())
    settle(ctx)
    qtbot.waitUntil(lambda: tab.report is not None)
    assert tab.split.isVisible() and tab.table.rowCount() == len(tab.report.results) > 0


def test_the_chosen_profile_is_shown_with_each_indicator_explained(qtbot, ctx, settle):
    _choose(ctx, "chongqing-2022")
    page = _page(qtbot, ctx, settle)
    tab = page.indicators
    qtbot.waitUntil(lambda: tab.report is not None)
    assert tab.combo.currentData() == "chongqing-2022" and not tab.prompt.isVisible()
    expected = ctx.gateway.read(lambda s: indicators.evaluate(s, indicators.find_profile(s, "chongqing-2022")))
    table = [[tab.table.item(r, c).text() for c in range(5)] for r in range(tab.table.rowCount())]
    assert [row[0] for row in table] == [r.label for r in expected.results]
    for row, result in zip(table, expected.results, strict=True):
        assert row[3].startswith({True: "✔", False: "✘", None: "?"}[result.met])
        assert row[4] == str(len(result.falling_short))
    urban = next(n for n, r in enumerate(expected.results) if r.indicator == "orgs_per_urban_community")
    tab.table.selectRow(urban)
    text = tab.explanation.toPlainText()
    result = expected.results[urban]
    assert result.explanation.formula in text and "Urban communities: 3" in text
    assert all(c.name in text for c in result.falling_short) and result.target_note in text


def test_the_period_shows_its_figures_by_community_and_month(qtbot, ctx, settle):
    ctx.settings.setValue("ui/stats/tab", 1)
    page = _page(qtbot, ctx, settle)
    tab = page.period
    assert page.tabs.currentWidget() is tab
    assert (tab.start.date().toPython(), tab.end.date().toPython()) == (date(TODAY.year, 1, 1), TODAY)
    qtbot.waitUntil(lambda: tab.stats is not None)
    expected = ctx.gateway.read(activity_stats.period_stats, date(TODAY.year, 1, 1), TODAY)
    assert tab.figures.rowCount() == len(expected.figures)
    served = expected.figure("person_times_served")
    row = [tab.figures.item(n, 0).text() for n in range(tab.figures.rowCount())].index(served.label)
    assert tab.figures.item(row, 1).text() == activity_stats.figure_text(served.unit, served.value)
    assert tab.figures.item(row, 0).toolTip() == served.note
    assert tab.communities.rowCount() == len(expected.by_community) + 1  # and the whole period
    assert tab.communities.item(tab.communities.rowCount() - 1, 0).text() == "Whole period"
    assert tab.chart_key.currentData() == "person_times_served"
    assert [value for _c, value, _s in tab.chart.bars] == [m.values["person_times_served"] for m in expected.by_month]
    tab.chart_key.setCurrentIndex(tab.chart_key.findData("cases_opened"))
    tab.chart_key.activated.emit(tab.chart_key.currentIndex())
    assert [value for _c, value, _s in tab.chart.bars] == [m.values["cases_opened"] for m in expected.by_month]


def test_a_period_that_ends_before_it_starts_is_refused(qtbot, ctx, settle):
    ctx.settings.setValue("ui/stats/tab", 1)
    tab = _page(qtbot, ctx, settle).period
    tab.end.setDate(QDate(TODAY.year - 1, 12, 31))
    tab.compute()
    assert tab.error.isVisible() and "ends before it starts" in tab.error.text()
    assert not tab.pdf_button.isEnabled() and not tab.xlsx_button.isEnabled()


def test_the_report_goes_to_the_preview_and_to_a_workbook(qtbot, ctx, settle, monkeypatch, tmp_path: Path):
    _choose(ctx, "hubei-2021")
    ctx.settings.setValue("ui/stats/tab", 1)
    page = _page(qtbot, ctx, settle)
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page.period.pdf_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    text = subprocess.run(["pdftotext", opened[0], "-"], capture_output=True, text=True, check=True).stdout
    assert "Work Statistics Report" in text and "Indicators against the policy" in text

    target = tmp_path / "stats"
    monkeypatch.setattr(period_tab.QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    page.period.xlsx_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: (tmp_path / "stats.xlsx").exists(), timeout=20000)
    labels = [row[0] for row in read_sheet(tmp_path / "stats.xlsx", "指标").rows]
    assert "Community workers holding a social-work certificate" in labels


def test_choosing_in_the_settings_reaches_the_page(qtbot, ctx, settle):
    _choose(ctx, None)
    page = _page(qtbot, ctx, settle)
    box = shown(qtbot, ProfileBox(ctx))
    assert box.combo.currentData() is None and box.combo.isEnabled()
    box.combo.setCurrentIndex(box.combo.findData("taizhou-2016"))
    box.combo.activated.emit(box.combo.currentIndex())
    settle(ctx)
    assert ctx.gateway.read(indicators.chosen_profile_id) == "taizhou-2016"
    assert "Targets from:" in box.source.text()
    qtbot.waitUntil(lambda: page.indicators.combo.currentData() == "taizhou-2016")
    qtbot.waitUntil(lambda: page.indicators.report is not None and page.indicators.report.profile_id == "taizhou-2016")
    assert not page.indicators.prompt.isVisible()


def test_a_community_gets_a_volunteer_service_point(qtbot, ctx, demo_db, type_text, settle):
    shiqiao = next(c for c in ctx.gateway.read(communities.list_all) if c.name == "石桥村")
    dialog = CommunityDialog(ctx, shiqiao)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.volunteer_point.isChecked() and not dialog.volunteer_point_note.isEnabled()
    qtbot.mouseClick(dialog.volunteer_point, Qt.MouseButton.LeftButton)
    assert dialog.volunteer_point_note.isEnabled() and dialog.ok_button.isEnabled()
    type_text(dialog.volunteer_point_note, "村委会二楼")
    dialog.ok_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    saved = ctx.gateway.read(communities.get, shiqiao.id)
    assert (saved.volunteer_point, saved.volunteer_point_note) == (True, "村委会二楼")
