"""需求评估: the needs assessments of a case, latest first, the areas of the one selected below them;
a (re-)assessment gives each of the eight areas a level and notes, and the earlier ones stay on file."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QHeaderView, QLabel, QLineEdit, QWidget

from desktop.domain.codes import ASSESSMENT_AREAS, NEED_LEVELS, label
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services import case_record
from desktop.services.case_record import AreaInput, AssessmentInput, AssessmentView, needs_by_level
from desktop.services.cases import CaseView
from desktop.services.forms import optional_text
from desktop.ui.cases.case_fields import CaseTab, adding, case_day_edit, is_open, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.list_view import list_view
from desktop.ui.registers.choices import labelled
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day
from desktop.ui.volunteers.rows_model import RowsModel

AREAS = "areas"  # the services' field name for the areas
def needs_text(assessment: AssessmentView) -> str:
    """The areas by level, the worst first: "Severe: daily care; Moderate: health, housing"."""
    return needs_by_level([(a.area, a.level) for a in assessment.areas]) or _("No need found.")


COLUMNS: list[Column[AssessmentView]] = [
    Column(N_("Assessed on"), None, lambda a: format_date(a.assessed_on)),
    Column(N_("Needs"), None, needs_text),
    Column(N_("Strengths"), None, lambda a: a.strengths),
    Column(N_("Summary"), None, lambda a: a.summary),
    Column(N_("Assessed by"), None, lambda a: a.by_name),
]
AREA_COLUMNS: list[Column[AreaInput]] = [
    Column(N_("Area"), None, lambda a: label(ASSESSMENT_AREAS, a.area)),
    Column(N_("Level of need"), None, lambda a: label(NEED_LEVELS, a.level)),
    Column(N_("Notes"), None, lambda a: a.notes),
]


class AssessmentTab(CaseTab[AssessmentView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, lambda c: ctx.gateway.read(case_record.assessments, c.id))
        self.areas = RowsModel(AREA_COLUMNS)
        self.areas_view = list_view(self.areas)
        header = self.areas_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.column.insertWidget(1, self.areas_view, 1)
        self.add_button = self.action(_("Assess the needs…"), adding(ctx, lambda: AssessmentDialog(
            ctx, self.case, next(iter(self.model.rows()), None), self)))

    def load(self) -> None:
        super().load()
        if self.model.rowCount():
            self.view.selectRow(0)

    def update_actions(self) -> None:
        self.add_button.setEnabled(is_open(self.case))
        shown = self.selected()
        self.areas.set_rows(shown.areas if shown else ())


class AssessmentDialog(FormDialog):
    """A needs assessment, starting from the levels and notes of ``latest`` when there is one."""

    def __init__(self, ctx: AppContext, case: CaseView, latest: AssessmentView | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Needs assessment (需求评估)"), ok_text=_("Save"), parent=parent,
                         intro=_("Give a level to each area assessed this time; areas left “Not assessed” are "
                                 "left out. Earlier assessments stay on file.") if latest is None else
                         _("Starts from the assessment of {date}; change what is different now. That assessment "
                           "stays on file.").format(date=format_date(latest.assessed_on)))
        self._case_id = case.id
        earlier = {a.area: a for a in latest.areas} if latest else {}
        self.assessed_on = case_day_edit(case)
        self.levels: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (code, text) in enumerate(ASSESSMENT_AREAS.items()):
            level, notes = QComboBox(), QLineEdit(earlier[code].notes if code in earlier else "")
            fill_combo(level, {"": _("Not assessed")} | labelled(NEED_LEVELS),
                       earlier[code].level if code in earlier else "")
            notes.setMaxLength(500)
            notes.setPlaceholderText(_("Notes"))
            caption = QLabel(_(text))
            caption.setBuddy(level)
            grid.addWidget(caption, row, 0)
            grid.addWidget(level, row, 1)
            grid.addWidget(notes, row, 2)
            self.levels[code], self.notes[code] = level, notes
        grid.setColumnStretch(2, 1)
        self.strengths = text_edit(latest.strengths if latest else "")
        self.summary = text_edit()
        self.form.add_row("assessed_on", _("Assessed on"), self.assessed_on)
        self.form.add_row(AREAS, _("Areas"), grid_widget)
        self.form.add_row("strengths", _("Strengths and resources"), self.strengths)
        self.form.add_row("summary", _("Summary of needs"), self.summary)
        self.form.watch(AREAS, *(c.activated for c in self.levels.values()),
                        *(e.textEdited for e in self.notes.values()))
        self.setMinimumWidth(680)
        self.update_button()
        self.levels["daily_care"].setFocus()

    def checked(self) -> AssessmentInput:
        areas = tuple(AreaInput(code, combo_value(level), optional_text(self.notes[code].text(), AREAS, 500))
                      for code, level in self.levels.items() if combo_value(level))
        if not areas:
            raise ValidationError(AREAS, _("Assess at least one area."))
        return AssessmentInput(day(self.assessed_on), areas, optional_text(self.strengths.toPlainText(),
                                                                           "strengths", 1000),
                               optional_text(self.summary.toPlainText(), "summary", 1000))

    def job(self, values: AssessmentInput) -> Job:
        gateway, case_id = self._ctx.gateway, self._case_id
        return lambda _progress: gateway.write(case_record.add_assessment, case_id, values)
