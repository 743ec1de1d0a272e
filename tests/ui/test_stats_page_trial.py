"""工作统计 after a fresh-clone trial (issue 9): figures never stay under dates they were not counted for, a
long period is charted by quarter, and one over ten years is refused with a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from desktop.services import activity_stats
from desktop.ui.stats.page import StatsPage
from wushe_testing import shown

TODAY = date.today()


def _period_tab(qtbot, ctx, settle):
    ctx.settings.setValue("ui/stats/tab", 1)
    page = shown(qtbot, StatsPage(ctx), (1100, 760))
    settle(ctx)
    tab = page.period
    qtbot.waitUntil(lambda: tab.stats is not None)
    return tab


def _ask(tab, start: date, end: date) -> None:
    tab.start.setDate(QDate(start))
    tab.end.setDate(QDate(end))
    tab._typing.stop()  # counted now, not once more when the typing pause ends
    tab.compute()


def test_a_wrong_period_clears_the_figures_and_the_chart(qtbot, ctx, settle):
    tab = _period_tab(qtbot, ctx, settle)
    assert tab.figures.rowCount() and tab.chart.bars and tab.as_of.text()
    _ask(tab, date(TODAY.year, 6, 30), date(TODAY.year, 1, 1))
    assert tab.error.isVisible() and "ends before it starts" in tab.error.text()
    assert tab.stats is None and not tab.as_of.text()
    assert tab.figures.rowCount() == tab.communities.rowCount() == 0 and tab.chart.bars == []
    _ask(tab, date(TODAY.year, 1, 1), TODAY)  # put right, the figures come back
    qtbot.waitUntil(lambda: tab.stats is not None)
    assert not tab.error.isVisible() and tab.figures.rowCount() and tab.pdf_button.isEnabled()
    settle(ctx)


def test_a_long_period_is_charted_by_quarter_and_a_century_refused(qtbot, ctx, settle):
    tab = _period_tab(qtbot, ctx, settle)
    _ask(tab, date(TODAY.year - 4, 1, 1), date(TODAY.year, 12, 31))
    qtbot.waitUntil(lambda: tab.stats is not None and tab.stats.bucket == activity_stats.QUARTER)
    assert len(tab.chart.bars) == 20
    assert tab.chart.bars[0][0] == activity_stats.month_text(f"{TODAY.year - 4}-01", activity_stats.QUARTER)
    _ask(tab, date(TODAY.year - 99, 1, 1), date(TODAY.year, 12, 31))
    assert tab.error.isVisible() and "at most 10 years" in tab.error.text()
    assert not tab.xlsx_button.isEnabled() and tab.stats is None
    settle(ctx)
