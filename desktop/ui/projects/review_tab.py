"""评审, the third tab of the 微创投 page: for the round chosen, the proposals the signed-in reviewer scores
(``review_mine``) and, for the station head, the ranking and the approval list (``review_results``).

A reviewer of the round sees only their own sheets' list; the head sees the results, and their own
list too when they review the round, the results then only once all their own sheets are in; anyone
else is told who does what here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import _, format_date, ngettext
from desktop.services import reviews, rounds
from desktop.services.cell_parsers import listing
from desktop.services.rounds import RoundView
from desktop.ui.context import AppContext
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import ROUNDS_TOPIC, TOPIC
from desktop.ui.projects.review_mine import MySheetsPanel
from desktop.ui.projects.review_results import ResultsPanel

ROUND_KEY = "ui/projects/review_round"  # the round last chosen, kept when the page is rebuilt
REFRESH_ON = (TOPIC, ROUNDS_TOPIC, "users", "all")


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class ReviewTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._rounds: list[RoundView] = []
        self.round = QComboBox()
        self.round.setMinimumContentsLength(24)
        self.round.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round.activated.connect(lambda _index: self._round_chosen())
        caption = QLabel(_("&Round"))
        caption.setBuddy(self.round)
        self.about = QLabel()
        self.about.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        chooser = QHBoxLayout()
        chooser.addWidget(caption)
        chooser.addWidget(self.round)
        chooser.addSpacing(12)
        chooser.addWidget(self.about, 1)

        self.mine = MySheetsPanel(ctx)
        self.mine_box = QGroupBox(_("My proposals to score"))
        QVBoxLayout(self.mine_box).addWidget(self.mine)
        self.results = ResultsPanel(ctx)
        # A head who also reviews sees no score of the others' before handing in their own (issue #6).
        self.withheld = _hint()
        self.results_box = QGroupBox(_("Results"))
        results_layout = QVBoxLayout(self.results_box)
        results_layout.addWidget(self.results)
        results_layout.addWidget(self.withheld)
        self.sections = QSplitter(Qt.Orientation.Vertical)
        self.sections.setChildrenCollapsible(False)
        self.sections.addWidget(self.mine_box)
        self.sections.addWidget(self.results_box)
        self.hint = _hint()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(chooser)
        layout.addWidget(self.sections, 1)
        layout.addWidget(self.hint, 1)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    def chosen(self) -> RoundView | None:
        index = self.round.currentIndex()
        return self._rounds[index] if 0 <= index < len(self._rounds) else None

    def reload(self) -> None:
        """The rounds afresh, the one chosen still chosen (the one chosen last time at first)."""
        current = self.chosen()
        wanted = current.id if current is not None else str(self._ctx.settings.value(ROUND_KEY, ""))
        self._rounds = self._ctx.gateway.read(rounds.list_all)
        self.round.clear()
        for found in self._rounds:
            self.round.addItem(found.name, found.id)
        self.round.setCurrentIndex(max(self.round.findData(wanted), 0))
        self._show()

    def _round_chosen(self) -> None:
        found = self.chosen()
        if found is not None:
            self._ctx.settings.setValue(ROUND_KEY, found.id)
        self._show()

    def _show(self) -> None:
        found = self.chosen()
        me = self._ctx.gateway.principal.user_id
        reviewing = found is not None and any(r.user_id == me for r in found.reviewers)
        heading = found is not None and self._ctx.gateway.may(Action.MANAGE_ROUNDS)
        self.round.setEnabled(bool(self._rounds))
        self.about.setText("" if found is None else self._about(found, reviewing))
        pending = self._ctx.gateway.read(reviews.unscored_by_me, found.id) if reviewing and heading else []
        self.mine_box.setVisible(reviewing)
        self.results_box.setVisible(heading)
        self.results.setVisible(not pending)
        self.withheld.setVisible(bool(pending))
        self.withheld.setText(ngettext(
            "The ranking and the others' scores show once you have submitted your own sheet of {numbers}: "
            "no score of yours should lean on theirs.",
            "The ranking and the others' scores show once you have submitted your own sheets of {numbers}: "
            "no score of yours should lean on theirs.", len(pending)).format(numbers=listing(pending)))
        self.sections.setVisible(reviewing or heading)
        self.hint.setVisible(not (reviewing or heading))
        self.hint.setText(self._hint_text(found))
        if found is not None and reviewing:
            self.mine.show_round(found)
        if found is not None and heading and not pending:
            self.results.show_round(found)

    @staticmethod
    def _about(found: RoundView, reviewing: bool) -> str:
        reviewers = ngettext("{n} reviewer", "{n} reviewers", len(found.reviewers)).format(n=len(found.reviewers))
        text = (_("Pool {pool} yuan · window {opens} – {closes} · {reviewers}, you among them") if reviewing else
                _("Pool {pool} yuan · window {opens} – {closes} · {reviewers}"))
        return text.format(pool=yuan(found.pool_fen), opens=format_date(found.opens_on),
                           closes=format_date(found.closes_on), reviewers=reviewers)

    def _hint_text(self, found: RoundView | None) -> str:
        if found is None:
            if self._ctx.gateway.may(Action.MANAGE_ROUNDS):
                return _("No rounds yet.\n\nAdd one on the Rounds tab, with its rubric and reviewers.")
            return _("No rounds yet.")
        return _("You are not a reviewer of {round}.\n\nIts reviewers score its proposals here, and the station "
                 "head ranks them and sets the approved amounts.").format(round=found.name)

    def _on_data_changed(self, topic: str) -> None:
        if topic in REFRESH_ON:
            self.reload()
