"""A round's scoring rubric: each criterion's name, weight and guidance for reviewers, in the order the
score sheet lists them, with the sum of the weights shown as they are typed (red until it is 100)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.domain.project_scoring import TOTAL_WEIGHT, Criterion, check_rubric, weight_message
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.forms import count
from desktop.services.rounds import GUIDANCE, CriterionInput, CriterionView
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.projects.table_editor import NUMBER, Field, Row, TableEditor

FIELD = "rubric"  # the services' name for the rubric
# The weight takes "33.5" as typed, to be refused as no whole number, not cut to "33." unseen.
FIELDS = (Field("name", N_("Criterion"), max_length=50),
          Field("weight", N_("Weight"), NUMBER, max_length=5),
          Field("guidance", N_("Guidance for reviewers"), max_length=GUIDANCE, stretch=True))
ROWS_SHOWN = 7  # the table's height, in rows: the usual rubric of six, and room for one more


def _new_row() -> Row:
    return {"name": "", "weight": "", "guidance": ""}


class RubricEditor(QWidget):
    edited = Signal()  # the user changed the rubric

    def __init__(self) -> None:
        super().__init__()
        self.editor = TableEditor(FIELDS, _new_row, _("Add a criterion"), FIELD)
        self.editor.edited.connect(self._changed)
        view = self.editor.view
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height()
                              + ROWS_SHOWN * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth())
        self.total = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.total)
        self._show_total()

    def fill(self, criteria: Sequence[CriterionView]) -> None:
        self.editor.set_rows({"name": c.name, "weight": str(c.weight), "guidance": c.guidance} for c in criteria)
        self._show_total()

    def set_editable(self, editable: bool) -> None:
        self.editor.set_editable(editable)

    def criteria(self) -> list[CriterionInput]:
        """The rubric as typed, or a ValidationError on ``rubric`` saying what is wrong with it."""
        typed = []
        for row in self.editor.rows():
            name = str(row["name"]).strip()
            try:
                weight = count(str(row["weight"]), FIELD)
            except ValidationError:  # 33.5: said of the criterion, as the rubric's check says it
                raise ValidationError(FIELD, weight_message(name)) from None
            typed.append(CriterionInput(name, weight or 0, str(row["guidance"]).strip()))
        check_rubric([Criterion(str(n), c.name, c.weight) for n, c in enumerate(typed)])
        return typed

    def _changed(self) -> None:
        self._show_total()
        self.edited.emit()

    def _show_total(self) -> None:
        """"Weights sum to N / 100", red until they do."""
        total = 0
        for row in self.editor.rows():
            try:
                total += count(str(row["weight"]), FIELD) or 0
            except ValidationError:
                continue
        self.total.setText(_("Weights sum to {total} / {whole}").format(total=total, whole=TOTAL_WEIGHT))
        self.total.setStyleSheet("" if total == TOTAL_WEIGHT else f"color: {ERROR_COLOR};")
