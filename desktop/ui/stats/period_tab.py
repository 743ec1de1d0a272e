"""统计 → 工作统计: the figures of a period (this year by default), by village or community and by month with
a chart, and the 统计报表 written as a PDF to preview or as a workbook; everything read on the database
worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from babel.dates import format_skeleton
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import _, babel_locale, format_date
from desktop.reports.period_report import write_period_report
from desktop.services import indicators
from desktop.services.activity_stats import (
    CHARTED, MONTH, QUARTER, YEAR, PeriodStats, check_period, figure_text, measure, month_text, period_stats,
)
from desktop.services.indicators import IndicatorReport
from desktop.services.period_heading import station_heading
from desktop.services.period_workbook import write_period_workbook
from desktop.services.station import get_profile
from desktop.ui.context import AppContext
from desktop.ui.forms import error_label
from desktop.ui.pdf_jobs import file_name, pdf_job, show_pdf, temp_folder
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.stats.bar_chart import BarChart
from desktop.ui.stats.tables import figure_table, fill
from desktop.ui.tasks import Progress

TYPING_PAUSE_MS = 400
Paper = tuple[PeriodStats, IndicatorReport | None, str]  # the figures, the indicators, the station's name


def read_paper(session: Session, start: date, end: date, profile_id: str | None) -> Paper:
    """What the 统计报表 prints, read in one unit of work."""
    report = indicators.evaluate(session, indicators.find_profile(session, profile_id)) if profile_id else None
    return period_stats(session, start, end), report, station_heading(get_profile(session))


class PeriodTab(QWidget):
    """``profile_id()`` names the policy profile whose indicators go into the report (None: none)."""

    def __init__(self, ctx: AppContext, profile_id: Callable[[], str | None]) -> None:
        super().__init__()
        self._ctx = ctx
        self._profile_id = profile_id
        self._asked = 0
        self._stale = True
        self.stats: PeriodStats | None = None
        today = date.today()
        self.start = DateEdit(date(today.year, 1, 1))
        self.end = DateEdit(today)
        # Typing a date changes it digit by digit: count once the typing pauses.
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.compute)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self._typing.start())
        self.pdf_button = QPushButton(_("Report as PDF…"))
        self.pdf_button.setToolTip(_("Write the 统计报表 for the period and preview it, to print or save"))
        self.pdf_button.clicked.connect(self.print_report)
        self.xlsx_button = QPushButton(_("Report as Excel…"))
        self.xlsx_button.setToolTip(_("Save the 统计报表 for the period as an .xlsx workbook"))
        self.xlsx_button.clicked.connect(self.save_workbook)
        top = QHBoxLayout()
        for caption, edit in ((_("From"), self.start), (_("To"), self.end)):
            label = QLabel(caption)
            label.setBuddy(edit)
            top.addWidget(label)
            top.addWidget(edit)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        self.error = error_label()
        self.as_of = QLabel()
        self.figures = figure_table([_("Statistic"), _("Figure"), _("Unit")])
        self.chart_key = QComboBox()
        self.chart_key.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chart_key.activated.connect(lambda _index: self._chart())
        self.chart = BarChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_row = QHBoxLayout()
        self.chart_caption = QLabel(_("By month:"))
        chart_row.addWidget(self.chart_caption)
        chart_row.addWidget(self.chart_key)
        chart_row.addStretch(1)
        chart_layout.addLayout(chart_row)
        chart_layout.addWidget(self.chart, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.figures)
        upper.addWidget(chart_box)
        upper.setStretchFactor(0, 2)
        upper.setStretchFactor(1, 3)
        self.communities = figure_table([_("Village or community")])
        self.communities.horizontalHeader().setStretchLastSection(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.communities)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.as_of)
        layout.addWidget(split, 1)
        ctx.events.changed.connect(self._on_changed)

    def period(self) -> tuple[date, date] | None:
        """The dates asked for, or None (the reason shown) when the period ends before it starts."""
        start, end = self.start.date().toPython(), self.end.date().toPython()
        try:
            check_period(start, end)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return None
        self.error.hide()
        return start, end

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.compute()

    def _on_changed(self, _topic: str) -> None:
        self._stale = True
        if self.isVisible():
            self.compute()

    def compute(self) -> None:
        self._stale = False
        self._asked += 1
        asked, period, gateway = self._asked, self.period(), self._ctx.gateway
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(period is not None)
        if period is None:
            self._clear()
            return

        def job(_progress: Progress) -> PeriodStats:
            return gateway.read(period_stats, *period)

        self._ctx.tasks.run(job, parent=self, label=_("Counting…"), show_progress=False,
                            on_success=lambda stats: self._show(stats) if asked == self._asked else None)

    def _show(self, stats: PeriodStats) -> None:
        self.stats = stats
        self.as_of.setText(_("Figures as of {date}. Hover over an item to see how it is counted.").format(
            date=format_date(stats.as_of)))
        fill(self.figures, [(f.label, figure_text(f.unit, f.value), measure(f.key)) for f in stats.figures],
             numbers=(1,), tips=[f.note for f in stats.figures])
        headers = [_("Village or community"),
                   *(_("{label} ({unit})").format(label=f.label, unit=measure(f.key)) for f in stats.figures)]
        self.communities.setColumnCount(len(headers))
        self.communities.setHorizontalHeaderLabels(headers)
        totals = {f.key: f.value for f in stats.figures}
        fill(self.communities, [(name, *(figure_text(f.unit, values[f.key]) for f in stats.figures))
                                for name, values in [*((c.name, c.values) for c in stats.by_community),
                                                     (_("Whole period"), totals)]],
             numbers=range(1, len(headers)))
        self.chart_caption.setText({MONTH: _("By month:"), QUARTER: _("By quarter:"),
                                    YEAR: _("By year:")}[stats.bucket])
        key = self.chart_key.currentData() or CHARTED
        self.chart_key.clear()
        for f in stats.figures:
            self.chart_key.addItem(f.label, f.key)
        self.chart_key.setCurrentIndex(max(self.chart_key.findData(key), 0))
        self._chart()

    def _clear(self) -> None:
        """No figures under dates they were not counted for: the tables and the chart empty until the
        period is right again (the red message says why)."""
        self._asked += 1  # a count still running for the old dates is not shown when it ends
        self.stats = None
        self.as_of.clear()
        for table in (self.figures, self.communities):
            table.setRowCount(0)
        self.chart.set_bars([], "")

    def _chart(self) -> None:
        if self.stats is None:
            return
        key = self.chart_key.currentData()
        unit = self.stats.figure(key).unit
        self.chart.set_bars([(_caption(m.month, self.stats.bucket), m.values[key], figure_text(unit, m.values[key]))
                             for m in self.stats.by_month], _("Nothing in this period."))

    def _stem(self, start: date, end: date) -> str:
        return file_name(f"{_('Work Statistics Report')}-{start.isoformat()}-{end.isoformat()}")

    def print_report(self) -> None:
        period = self.period()
        if period is None:
            return
        gateway, profile_id, stem = self._ctx.gateway, self._profile_id(), self._stem(*period)

        def write(paper: Paper) -> Path:
            return write_period_report(temp_folder("wushe-stats-") / f"{stem}.pdf", *paper)

        show_pdf(self._ctx, self, pdf_job(_("Counting…"), lambda: gateway.read(read_paper, *period, profile_id),
                                          write), _("Work Statistics Report"))

    def save_workbook(self) -> None:
        period = self.period()
        if period is None:
            return
        suggested = Path.home() / f"{self._stem(*period)}.xlsx"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the statistics report"), str(suggested),
                                                    _("Excel workbooks (*.xlsx)"))
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
        gateway, profile_id = self._ctx.gateway, self._profile_id()

        def job(progress: Progress) -> Path:
            progress(0, 2, _("Counting…"))
            paper = gateway.read(read_paper, *period, profile_id)
            progress(1, 2, _("Writing {file}…").format(file=path.name))
            return write_period_workbook(path, *paper)

        self._ctx.tasks.run(job, parent=self, label=_("Exporting to {file}…").format(file=path.name),
                            on_success=lambda written: self._ctx.events.tell(
                                _("The statistics report is saved as {file}.").format(file=written.name)))


def _caption(month: str, bucket: str) -> str:
    """"2026-03" under its bar: the month alone (3月), with the year on January; a quarter or a year in full."""
    day = date(int(month[:4]), int(month[5:]), 1)
    if bucket != MONTH:
        return month_text(month, bucket)
    return str(format_skeleton("yMMM" if day.month == 1 else "MMM", day, locale=babel_locale()))
