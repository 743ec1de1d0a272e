"""Opening or changing a round (创投批次): who runs it and with what money, when proposals may be
submitted, the areas it funds, the budget rules a proposal must pass to be submitted (each optional),
the scoring rubric and the reviewers — saved together in one write. Only the round's secretary
(MANAGE_ROUNDS) changes a round; everyone else sees it read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel.lists import format_list
from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLayout, QMessageBox, QSpinBox, QWidget
from sqlalchemy.orm import Session

from desktop.domain.codes import FUNDING_KINDS, PROJECT_AREAS
from desktop.domain.permissions import Action
from desktop.domain.money import from_fen
from desktop.domain.project_budget import MAX_MATCHING_PERCENT, RoundRules
from desktop.domain.project_scoring import DEFAULT_RUBRIC
from desktop.errors import WusheError
from desktop.i18n import _, babel_locale
from desktop.services import rounds
from desktop.services.rounds import FIRST_YEAR, LAST_YEAR, CriterionInput, CriterionView, RoundInput, RoundView
from desktop.sync.home_node import read_only_reason
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value
from desktop.ui.layouts import grid_of, inline_row
from desktop.ui.projects.money_field import fen_of, money_edit
from desktop.ui.projects.project_fields import ROUNDS_TOPIC, date_edit, scrolled
from desktop.ui.projects.reviewers_field import ReviewersField
from desktop.ui.projects.rubric_editor import RubricEditor
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.tasks import Job

AREA_COLUMNS = 2
WIDTH = 860  # room for the rubric's guidance column
SCREEN_MARGIN = 120  # what the dialog leaves of the screen's height (title bar, taskbar)
WINDOW_DAYS = 30  # a new round's application window, from today


@dataclass(frozen=True)
class RoundDetails:
    data: RoundInput
    criteria: list[CriterionInput]
    reviewers: list[str]  # account ids
    drop_drafts: bool = False  # the secretary agreed to lose reviewers' draft scores of dropped criteria


class LimitField(QWidget):
    """An amount that may be "no limit": the amount, and a tick box that says there is none."""

    def __init__(self, fen: int | None) -> None:
        super().__init__()
        self.amount = money_edit(fen)
        self.none = QCheckBox(_("No limit"))
        self.none.setChecked(fen is None)
        self.none.toggled.connect(lambda _on: self._update())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount)
        layout.addWidget(self.none)
        layout.addStretch(1)
        self.setFocusProxy(self.amount)
        self._update()

    def value(self, field: str) -> int | None:
        return None if self.none.isChecked() else fen_of(self.amount.text(), field)

    def _update(self) -> None:
        limited = not self.none.isChecked()
        self.amount.setEnabled(limited)
        self.amount.setPlaceholderText(_("Yuan, e.g. 3500.00") if limited else "")


def _percent(top: int, value: int, none_text: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, top)
    box.setSuffix(" %")
    if none_text:
        box.setSpecialValueText(none_text)  # shown at 0
    box.setValue(value)
    box.setMaximumWidth(120)
    return box


def _section(text: str) -> QLabel:
    caption = QLabel(text)
    font = caption.font()
    font.setWeight(QFont.Weight.Bold)
    caption.setFont(font)
    return caption


def default_criteria() -> tuple[CriterionView, ...]:
    """The rubric a new round starts with, as ``rounds.add`` writes it (``project_scoring.DEFAULT_RUBRIC``)."""
    return tuple(CriterionView(c.key, _(c.name), c.weight, "") for c in DEFAULT_RUBRIC)


def save_round(session: Session, round_id: str | None, details: RoundDetails) -> RoundView:
    """Add or update the round, then its rubric and reviewers where they changed, in one unit of work: a
    rubric refused (sheets submitted, say) leaves the round as it was."""
    saved = rounds.add(session, details.data) if round_id is None else rounds.update(session, round_id, details.data)
    typed = [(c.name, c.weight, c.guidance) for c in details.criteria]
    if [(c.name, c.weight, c.guidance) for c in saved.criteria] != typed:
        saved = rounds.set_rubric(session, saved.id, details.criteria, drop_drafts=details.drop_drafts)
    if {r.user_id for r in saved.reviewers} != set(details.reviewers):
        saved = rounds.set_reviewers(session, saved.id, details.reviewers)
    return saved


class RoundDialog(FormDialog):
    """``existing`` None opens a new round; ``outcome`` is the saved ``RoundView``."""

    def __init__(self, ctx: AppContext, existing: RoundView | None = None, parent: QWidget | None = None) -> None:
        # A round the county office runs is read at a station (``sync.home_node.COUNTY_OWNED``).
        not_here = ctx.gateway.read(read_only_reason, "project_round", existing.id) if existing else ""
        editing = ctx.gateway.may(Action.MANAGE_ROUNDS) and not not_here
        title = _("Round {name}").format(name=existing.name) if existing is not None else _("New round")
        super().__init__(ctx, title=title, ok_text=_("Save"), intro=not_here, parent=parent)
        self.existing = existing
        self._drop_drafts = False
        self.accepted.connect(lambda: ctx.events.publish(ROUNDS_TOPIC))
        today = date.today()
        rules = existing.rules if existing is not None else RoundRules()
        self.name = line_edit(100)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(today.year)
        self.year.setMaximumWidth(120)
        self.organiser = line_edit(100)
        self.organiser.setPlaceholderText(_("e.g. 青山镇人民政府"))
        self.funding_kind = choice_combo(labelled(FUNDING_KINDS))
        self.funding_source = line_edit(100)
        self.funding_source.setPlaceholderText(_("The fund or budget, e.g. 青山镇社区基金"))
        self.pool = money_edit()
        self.opens_on = date_edit(today)
        self.closes_on = date_edit(today + timedelta(days=WINDOW_DAYS))
        for edit in (self.opens_on, self.closes_on):
            edit.setMaximumWidth(160)
        self.areas = {code: QCheckBox(text) for code, text in labelled(PROJECT_AREAS).items()}
        self.notes = line_edit(500)
        self.max_grant = LimitField(rules.max_grant_fen)
        self.min_matching = _percent(MAX_MATCHING_PERCENT, rules.min_matching_percent, _("None"))
        self.labour = _percent(100, rules.labour_max_percent)
        self.caps = {"training": LimitField(rules.training_cap_fen), "meeting": LimitField(rules.meeting_cap_fen),
                     "expert": LimitField(rules.expert_cap_fen)}
        self.rubric = RubricEditor()
        self.rubric.fill(existing.criteria if existing is not None else default_criteria())
        self.locked = QLabel(_("Score sheets have been submitted: the rubric can no longer change."))
        self.locked.setWordWrap(True)
        self.reviewers = ReviewersField(ctx.gateway, existing.reviewers if existing is not None else ())
        if existing is not None:
            self._fill(existing)

        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("year", _("Year"), self.year)
        form.add_row("organiser", _("Organiser (主办单位)"), self.organiser)
        form.add_row("funding_kind", _("Funding kind"), self.funding_kind)
        form.add_row("funding_source", _("Funding source"), self.funding_source)
        form.add_row("pool", _("Pool (yuan)"), self.pool)
        form.add_row("opens_on", _("Proposals from"), self.opens_on)
        form.add_row("closes_on", _("Proposals until"), self.closes_on)
        form.add_row("areas", _("Areas funded"), grid_of(list(self.areas.values()), AREA_COLUMNS))
        form.add_row("notes", _("Notes"), self.notes)
        form.layout.addRow(_section(_("Budget rules, checked when a proposal is submitted")))
        form.add_row("max_grant", _("Maximum grant per project"), self.max_grant)
        form.add_row("min_matching_percent", _("Matching funds at least"), inline_row(
            self.min_matching, QLabel(_("of the requested amount"))))
        form.add_row("labour_max_percent", _("Labour and volunteer allowances at most"), inline_row(
            self.labour, QLabel(_("of the project total"))))
        form.add_row("training_cap", _("Training, per person-day"), self.caps["training"])
        form.add_row("meeting_cap", _("Meetings, per person-day"), self.caps["meeting"])
        form.add_row("expert_cap", _("Expert fees, per person-day"), self.caps["expert"])
        form.layout.addRow(_section(_("Scoring rubric")))
        form.layout.addRow(self.locked)
        form.add_row("rubric", "", self.rubric)
        form.layout.addRow(_section(_("Reviewers")))
        form.add_row("reviewers", "", self.reviewers)
        form.watch("year", self.year.valueChanged)
        form.watch("opens_on", self.opens_on.dateChanged)
        form.watch("closes_on", self.closes_on.dateChanged)
        form.watch("areas", *(box.toggled for box in self.areas.values()))
        form.watch("min_matching_percent", self.min_matching.valueChanged)
        form.watch("labour_max_percent", self.labour.valueChanged)
        form.watch("max_grant", self.max_grant.amount.textEdited, self.max_grant.none.toggled)
        for key, field in self.caps.items():
            form.watch(f"{key}_cap", field.amount.textEdited, field.none.toggled)
        form.watch("rubric", self.rubric.edited)
        form.watch("reviewers", self.reviewers.toggled)
        self._scrolled()

        locked = existing is not None and ctx.gateway.read(rounds.any_submitted, existing.id)
        form.layout.setRowVisible(self.locked, bool(locked))
        if not editing:
            self.show_read_only()
            self.rubric.set_editable(False)
            form.layout.setRowVisible(self.locked, False)
        elif locked:
            self.rubric.set_editable(False)
        self.update_button()
        self.name.setFocus()

    def _scrolled(self) -> None:
        """The form is taller than a 1366×768 screen: it scrolls, the buttons stay in view."""
        index = self.content.indexOf(self.form.layout)
        self.content.removeItem(self.form.layout)
        self.form.layout.setParent(None)  # a layout moves to a widget only once it has no parent
        self.scroll = scrolled(self.form.layout)
        self.content.insertWidget(index, self.scroll, 1)
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetDefaultConstraint)
        wanted = self.scroll.widget().sizeHint()
        room = self.screen().availableGeometry().height() - SCREEN_MARGIN
        self.resize(max(wanted.width(), WIDTH), min(wanted.height() + self.buttons.sizeHint().height() + 40, room))

    def _fill(self, found: RoundView) -> None:
        self.name.setText(found.name)
        self.year.setValue(found.year)
        self.organiser.setText(found.organiser)
        self.funding_kind.setCurrentIndex(self.funding_kind.findData(found.funding_kind))
        self.funding_source.setText(found.funding_source)
        self.pool.setText(str(from_fen(found.pool_fen)))
        self.opens_on.setDate(QDate(found.opens_on))
        self.closes_on.setDate(QDate(found.closes_on))
        for code, box in self.areas.items():
            box.setChecked(code in found.areas)
        self.notes.setText(found.notes)

    def checked(self) -> RoundDetails:
        rules = RoundRules(self.max_grant.value("max_grant"), self.min_matching.value(), self.labour.value(),
                           self.caps["training"].value("training_cap"), self.caps["meeting"].value("meeting_cap"),
                           self.caps["expert"].value("expert_cap"))
        data = RoundInput(
            self.name.text(), self.year.value(), self.organiser.text(), combo_value(self.funding_kind),
            self.funding_source.text(), fen_of(self.pool.text(), "pool"), self.opens_on.date().toPython(),
            self.closes_on.date().toPython(), tuple(code for code, box in self.areas.items() if box.isChecked()),
            rules, self.notes.text()).validated()
        return RoundDetails(data, self.rubric.criteria(), self.reviewers.user_ids(), self._drop_drafts)

    def job(self, values: RoundDetails) -> Job:
        gateway, round_id = self._ctx.gateway, self.existing.id if self.existing is not None else None
        return lambda _progress: gateway.write(save_round, round_id, values)

    def save(self) -> None:
        self.rubric.editor.commit()  # a cell still being typed in counts
        if self._drafts_kept():
            super().save()

    def _drafts_kept(self) -> bool:
        """Whether the save may go on: the rubric as typed drops no criterion a reviewer has draft scores for,
        or the secretary agrees to lose them. A rubric that is not valid yet is the form's to refuse."""
        self._drop_drafts = False
        if self.existing is None:
            return True
        try:
            names = [c.name for c in self.rubric.criteria()]
        except WusheError:
            return True
        scorers = self._ctx.gateway.read(rounds.drafts_dropped, self.existing.id, names)
        if not scorers:
            return True
        answer = QMessageBox.question(self, _("Change the rubric"), _(
            "{names} scored criteria this rubric drops, in drafts not yet submitted. Those draft scores will be "
            "lost.\n\nChange the rubric anyway?").format(names=format_list(scorers, locale=babel_locale())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        self._drop_drafts = answer == QMessageBox.StandardButton.Yes
        return self._drop_drafts

    def show_failure(self, error: WusheError) -> None:
        super().show_failure(error)
        focused = self.focusWidget()
        if focused is not None and self.scroll.widget().isAncestorOf(focused):
            self.scroll.ensureWidgetVisible(focused)
