"""统计 → 政策指标: the indicators against a policy profile's targets (the one chosen in 设置 unless another is
picked here), and for the indicator selected, how it was worked out and which communities fall short."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)
from sqlalchemy.orm import Session

from desktop.i18n import _, format_date, format_number
from desktop.services import indicators
from desktop.services.indicator_texts import met_text, own_text, short_heading, target_text, value_text
from desktop.services.indicators import IndicatorReport, IndicatorResult
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.settings.profile_box import TOPIC, fill_profiles, profiles_and_choice
from desktop.ui.stats.tables import figure_table, fill
from desktop.ui.tasks import Progress

MET_MARKS = {True: "✔", False: "✘", None: "?"}
MET_COLORS = {True: QColor("#2e7d32"), False: QColor(ERROR_COLOR), None: QColor("#888888")}


class IndicatorsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._asked = 0  # the newest computation: an older one's answer is dropped
        self._stale = True
        self.report: IndicatorReport | None = None
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(lambda _index: self.compute())
        caption = QLabel(_("Policy profile"))
        caption.setBuddy(self.combo)
        self.as_of = QLabel()
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.combo)
        top.addStretch(1)
        top.addWidget(self.as_of)
        self.prompt = QLabel(_("No policy profile is chosen for the station yet. Choose one above to see the "
                               "indicators; the station head makes it the station's in Settings ▸ Station profile."))
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.table = figure_table([_("Indicator"), _("Value"), _("Target"), _("Met"), short_heading()])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the indicator's name takes the room
        self.table.currentCellChanged.connect(lambda row, _c, _r, _p: self._explain(row))
        self.explanation = QTextBrowser()
        self.explanation.setOpenLinks(False)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.explanation)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addWidget(self.source)
        layout.addWidget(split, 1)
        ctx.events.changed.connect(self._on_changed)
        self._load_profiles()

    def _load_profiles(self) -> None:
        picked = self.combo.currentData()
        found, chosen = self._ctx.gateway.read(profiles_and_choice)
        fill_profiles(self.combo, found, picked or chosen, _("Choose a policy profile…"))
        self.prompt.setVisible(chosen is None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.compute()

    def _on_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.combo.setCurrentIndex(0)  # follow the station's choice
            self._load_profiles()
        self._stale = True  # any register may count: work it out again when next seen
        if self.isVisible():
            self.compute()

    def compute(self) -> None:
        """Work the indicators out on the database worker; the table fills when they arrive."""
        self._stale = False
        self._asked += 1
        asked, profile_id, gateway = self._asked, self.combo.currentData(), self._ctx.gateway
        self.split.setVisible(profile_id is not None)
        self._layout.setStretchFactor(self.prompt, 0 if profile_id else 1)  # at the top while it is all there is
        if profile_id is None:
            self._show(None)
            return

        def job(_progress: Progress) -> IndicatorReport:
            return gateway.read(_evaluate, profile_id)

        self._ctx.tasks.run(job, parent=self, label=_("Working out the indicators…"), show_progress=False,
                            on_success=lambda report: self._show(report) if asked == self._asked else None)

    def _show(self, report: IndicatorReport | None) -> None:
        self.report = report
        results = report.results if report else ()
        self.as_of.setText(_("Registers as of {date}").format(date=format_date(report.as_of)) if report else "")
        self.source.setText(_("Targets from: {source}").format(source=report.source) if report else "")
        fill(self.table, [(r.label, value_text(r.value, r.unit_label), target_text(r),
                           f"{MET_MARKS[r.met]} {met_text(r.met)}", format_number(len(r.falling_short)))
                          for r in results], numbers=(1, 4), tips=[r.explanation.formula for r in results])
        for row, result in enumerate(results):
            item = self.table.item(row, 3)
            item.setForeground(MET_COLORS[result.met])
        self.explanation.clear()
        if results:
            self.table.selectRow(0)
            self._explain(0)

    def _explain(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.results):
            return
        self.explanation.setHtml(explanation_html(self.report.results[row], self.report))


def explanation_html(result: IndicatorResult, report: IndicatorReport) -> str:
    """How ``result`` was worked out: the formula, the figures it used and when, the policy's own words,
    and the communities that fall short or whose figure is not recorded."""
    def line(caption: str, text: str) -> str:
        return f"<p><b>{escape(caption)}</b> {escape(text)}</p>"

    each = _("{what}: {figure}")
    data = "".join(f"<li>{escape(each.format(what=what, figure=format_number(n)))}</li>"
                   for what, n in result.explanation.data)
    parts = [f"<h3>{escape(result.label)}</h3>", line(_("Formula:"), result.explanation.formula),
             line(_("Data used:"), "") + f"<ul>{data}</ul>",
             line(_("Registers as of:"), format_date(result.explanation.as_of, "long"))]
    if result.note:
        parts.append(line(_("Note:"), result.note))
    if result.target_note:
        parts.append(line(_("Policy:"), _("{words} ({source})").format(words=result.target_note,
                                                                        source=report.source)))
    parts.append(line(_("{heading}:").format(heading=short_heading()), _(", ").join(own_text(c, result) for c in result.falling_short)
                      or _("none")))
    if result.not_recorded:
        parts.append(line(_("Not recorded:"), _(", ").join(_("{name} ({figure})").format(name=c.name, figure=c.reason)
                                                          for c in result.not_recorded)))
    return "".join(parts)


def _evaluate(session: Session, profile_id: str) -> IndicatorReport:
    return indicators.evaluate(session, indicators.find_profile(session, profile_id))
