"""项目方案: the proposal's narrative — the summary (at most 500 characters, counted as it is typed), the
need, objectives, approach, expected outcomes, risks and sustainability — and the outputs it plans
(活动场次, 服务人次, 志愿者人次). Under the need, "Add counts of clients' assessed needs…" asks the
window (``needs_asked``) for counts from the case files, which ``add_needs`` appends to the need."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.project_detail import ProposalDetail
from desktop.services.project_input import SUMMARY
from desktop.ui.counted_text import CountedText
from desktop.ui.forms import FieldForm
from desktop.ui.projects.project_fields import scrolled, set_editable

TEXT_LINES = 4  # the height of a section's box, in lines; longer text scrolls inside it
SECTIONS = (("needs", N_("Need and necessity (必要性与需求分析)"),
             N_("Who needs what, how many, and how the need was found")),
            ("objectives", N_("Objectives (项目目标)"), N_("What will have changed by the end, in figures where possible")),
            ("approach", N_("Approach and schedule (实施计划与进度)"), N_("How the work is done, stage by stage")),
            ("outcomes", N_("Expected outcomes and evaluation (预期成效与评估)"), ""),
            ("risks", N_("Risks and responses (风险及应对)"), ""),
            ("sustainability", N_("Sustainability (可持续性)"), ""))
OUTPUTS = (("planned_sessions", N_("Sessions planned (活动场次)")),
           ("planned_person_times", N_("Person-times planned (服务人次)")),
           ("planned_volunteer_times", N_("Volunteer person-times planned (志愿者人次)")))
NARRATIVE_FIELDS = frozenset({"summary", *(key for key, _label, _hint in SECTIONS), *(key for key, _label in OUTPUTS)})


def _text_box(hint: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab goes on to the next section, as everywhere else in a form
    box.setPlaceholderText(_(hint) if hint else "")
    box.setFixedHeight(box.fontMetrics().lineSpacing() * TEXT_LINES + 2 * box.frameWidth() + 8)
    return box


class NarrativeTab(QWidget):
    edited = Signal()  # the user changed a field
    needs_asked = Signal()  # "Add counts of clients' assessed needs…" was clicked

    def __init__(self) -> None:
        super().__init__()
        self._filling = False
        self.form = FieldForm(self)
        self.summary = _text_box(N_("Target group, problem, method and goal, in at most 500 characters"))
        summary = CountedText(self.summary, SUMMARY)
        self.counter = summary.count
        self.sections = {key: _text_box(hint) for key, _label, hint in SECTIONS}
        self.outputs = {key: QLineEdit() for key, _label in OUTPUTS}
        for edit in self.outputs.values():
            edit.setMaximumWidth(120)
        # A text box counts as edited on every change, filling included (``fill`` says which are the user's).
        self.form.add_row("summary", _("Summary (项目简介)"), summary)
        self.form.watch("summary", self.summary.textChanged)
        self.needs_button = QPushButton(_("Add counts of clients' assessed needs…"))
        self.needs_button.setToolTip(_("Figures from the needs assessments of the station's cases, by community "
                                       "and area; never a name."))
        self.needs_button.clicked.connect(self.needs_asked)
        for key, text, _hint in SECTIONS:
            self.form.add_row(key, _(text), self.sections[key])
            if key == "needs":
                beneath = QHBoxLayout()  # the button at its own width, under the box it adds to
                beneath.addWidget(self.needs_button)
                beneath.addStretch(1)
                self.form.layout.addRow("", beneath)
        for key, text in OUTPUTS:
            self.form.add_row(key, _(text), self.outputs[key])
        self.form.edited.connect(lambda _field: self._edited())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(self.form.layout))

    def fill(self, detail: ProposalDetail) -> None:
        self._filling = True
        self.summary.setPlainText(detail.summary)
        for key, box in self.sections.items():
            box.setPlainText(getattr(detail, key))
        for key, edit in self.outputs.items():
            value = getattr(detail, key)
            edit.setText(str(value) if value else "")
        self._filling = False

    def values(self) -> dict[str, Any]:
        """The narrative's fields of ``ProposalInput``, as typed."""
        return ({"summary": self.summary.toPlainText()}
                | {key: box.toPlainText() for key, box in self.sections.items()}
                | {key: edit.text() for key, edit in self.outputs.items()})

    def set_editable(self, editable: bool) -> None:
        set_editable(self, editable)
        self.needs_button.setVisible(editable)

    def add_needs(self, text: str) -> None:
        """Append ``text`` to the need as a paragraph of its own (an edit, to be saved with the rest)."""
        box = self.sections["needs"]
        before = box.toPlainText().rstrip()
        box.setPlainText(f"{before}\n\n{text}" if before else text)

    def check(self, build: Callable[[], object]) -> None:
        self.form.check(build)

    def owns(self, field: str) -> bool:
        return field in NARRATIVE_FIELDS

    def show_error(self, error: ValidationError) -> None:
        self.form.show_error(error)

    def _edited(self) -> None:
        if not self._filling:
            self.edited.emit()
