"""统计: 政策指标 (the indicators against a policy profile's targets) and 工作统计 (the figures of a period and the
统计报表 as PDF or workbook), as tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.layouts import tabbed_page
from desktop.ui.stats.indicators_tab import IndicatorsTab
from desktop.ui.stats.period_tab import PeriodTab

TAB_KEY = "ui/stats/tab"


class StatsPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.indicators = IndicatorsTab(ctx)
        # The report carries the indicators of the profile picked on the first tab.
        self.period = PeriodTab(ctx, lambda: self.indicators.combo.currentData())
        self.tabs = tabbed_page(self, ctx.settings, TAB_KEY,
                                [(self.indicators, _("Indicators")), (self.period, _("Work statistics"))])
