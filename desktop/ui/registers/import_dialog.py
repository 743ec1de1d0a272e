"""Import a register from a spreadsheet: choose the file, the sheet and its header row (found as the row
naming the most columns, so a title or a row of group cells above it is passed over), check how its
columns are read and which are not, preview, read the problems row by row, then import everything (or,
when asked, only the valid rows).
For a register whose rows need consent (volunteers), the user may state one consent for the whole file.

Reading, checking and importing run on the database worker with progress and Cancel; the import is
one transaction, so a cancelled or failed import leaves the register as it was. One check runs at a
time: a change of mapping or consent cancels the running check and starts another. After importing only
the valid rows, the dialog stays open on the rows left out, and their report can be saved as a workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.errors import ValidationError, WusheError
from desktop.i18n import N_, _, ngettext
from desktop.services import imports
from desktop.services.imports import ImportRefused, ImportResult, ImportSpec, Mapping, PreviewRow, Report, Table
from desktop.services.register_io import REGISTERS
from desktop.services.spreadsheet import ALL_FORMATS, Sheet, sheet_names
from desktop.ui.context import AppContext
from desktop.ui.list_view import list_view
from desktop.ui.registers.file_consent import FileConsentBox
from desktop.ui.registers.import_rows import InMemoryRows, ProblemList, fitted
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job, Operation, Progress, show_error

NOT_READ = -1

class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, register: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._register = register
        self._io = REGISTERS[register]
        self._spec = self._io.importer
        self._path: Path | None = None
        self._sheet: Sheet | None = None  # as read, for another header row to be chosen without reading again
        self._table: Table | None = None
        self.report: Report | None = None  # of the current file, sheet and mapping, once checked
        self.result: ImportResult | None = None
        self._checks = 0  # numbers each check, so a late answer for an older mapping is dropped
        self._running = 0  # jobs of this dialog on the worker
        self._check: Operation | None = None  # the check running, cancelled when another replaces it
        self._replaced: set[Operation] = set()  # checks cancelled for another: they end without a word
        self.setWindowTitle(_("Import {register} from a spreadsheet").format(register=_(self._spec.title)))
        self.setMinimumSize(760, 560)

        source = self._source()
        self.consent_box = FileConsentBox() if self._io.with_consent else None
        if self.consent_box is not None:
            self.consent_box.changed.connect(self._mapping_changed)
        self.mapping_combos: dict[str, QComboBox] = {}
        columns = QWidget()
        mapping_form = QFormLayout(columns)
        for column in self._spec.columns:
            combo = QComboBox()
            combo.activated.connect(lambda _i: self._mapping_changed())
            self.mapping_combos[column.key] = combo
            mapping_form.addRow(_(column.label) + (" *" if column.required else ""), combo)
        self.preview_model: InMemoryRows[PreviewRow] = InMemoryRows(
            [Column(N_("Row"), None, lambda r: str(r.row), RIGHT)]
            + [Column(c.label, None, _value_at(i)) for i, c in enumerate(self._spec.columns)])
        self.problems = ProblemList()
        self.problem_model = self.problems.model
        columns_area = QScrollArea()  # 16 rows and more: each at its own height, scrolled
        columns_area.setWidget(columns)
        columns_area.setWidgetResizable(True)
        columns_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs = QTabWidget()
        self.tabs.addTab(columns_area, _("Columns"))
        self.tabs.addTab(fitted(list_view(self.preview_model)), _("Preview"))
        self.tabs.addTab(self.problems, _("Problems"))

        self.unread = QLabel()  # the sheet columns left out, so that none is dropped without a word
        self.unread.setWordWrap(True)
        self.unread.hide()
        self.summary = QLabel(_("Choose a spreadsheet: .xlsx, .xls or .ods."))
        self.summary.setWordWrap(True)
        self.valid_only = QCheckBox(_("Import only the valid rows"))
        self.valid_only.toggled.connect(lambda _on: self._update_buttons())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.start_import)
        self.check_button = self.buttons.addButton(_("Check again"), QDialogButtonBox.ButtonRole.ActionRole)
        self.check_button.clicked.connect(lambda: self._mapping_changed())
        self.save_button = self.buttons.addButton(_("Save report…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip(_("Save the problems as a workbook: place, column, severity and message."))
        self.save_button.clicked.connect(self.choose_report_file)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(source)
        if self.consent_box is not None:
            layout.addWidget(self.consent_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.unread)
        layout.addWidget(self.summary)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _source(self) -> QFormLayout:
        """The file row, and the sheet with its header row."""
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.activated.connect(lambda _i: self._load(self.sheet_combo.currentText()))
        self.header_spin = QSpinBox()
        self.header_spin.setEnabled(False)
        self.header_spin.setKeyboardTracking(False)  # read again once a number is typed, not at each digit
        self.header_spin.setToolTip(_("The row with the column headers, as the spreadsheet numbers it. The rows "
                                      "above it, such as a title or group cells, are not read."))
        self.header_spin.valueChanged.connect(self._header_chosen)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo, 1)
        header_label = QLabel(_("Header row"))
        header_label.setBuddy(self.header_spin)
        sheet_row.addWidget(header_label)
        sheet_row.addWidget(self.header_spin)
        source = QFormLayout()
        source.addRow(_("File"), file_row)
        source.addRow(_("Sheet"), sheet_row)
        return source

    # --- the file and its sheet -----------------------------------------------------------
    def choose_file(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in ALL_FORMATS)
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a spreadsheet"), str(Path.home()),
                                                    _("Spreadsheets ({patterns})").format(patterns=patterns))
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` on the worker: its sheets, and the first sheet whose header names the columns."""
        self._path = path
        self.file_edit.setText(str(path))
        spec = self._spec

        def job(_progress: Progress) -> tuple[list[str], Sheet, Table]:
            return sheet_names(path), *_read(path, spec, None)

        self._run(job, _("Reading {file}…").format(file=path.name), self._file_read,
                  cancelled=_("Reading was cancelled."))

    def _file_read(self, outcome: tuple[list[str], Sheet, Table]) -> None:
        names, sheet, table = outcome
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        self.sheet_combo.setEnabled(True)
        self._show_sheet((sheet, table))

    def _load(self, sheet: str) -> None:
        path, spec = self._path, self._spec
        if path is None or (self._table is not None and sheet == self._table.sheet):
            return
        self._run(lambda _progress: _read(path, spec, sheet),
                  _("Reading the sheet {sheet}…").format(sheet=sheet), self._show_sheet,
                  cancelled=_("Reading was cancelled."), on_failure=self._sheet_failed)

    def set_header_row(self, row: int) -> None:
        """Read the sheet's row ``row`` (as the spreadsheet numbers it) as the header, as the spin box does."""
        self.header_spin.setValue(row)

    def _header_chosen(self, row: int) -> None:
        sheet = self._sheet
        if sheet is None or (self._table is not None and row == self._table.header_row):
            return
        self._run(lambda _progress: imports.chosen_table(sheet, row),
                  _("Reading the sheet {sheet}…").format(sheet=sheet.name), self._show_table,
                  cancelled=_("Reading was cancelled."), on_failure=self._header_failed)

    def _sheet_failed(self, error: WusheError) -> None:
        self._sheet = None
        self.header_spin.setEnabled(False)
        self._header_failed(error)

    def _header_failed(self, error: WusheError) -> None:
        self._show_table(None)
        self.summary.setText(error.message)
        show_error(self, error)

    def _show_sheet(self, read: tuple[Sheet, Table]) -> None:
        self._sheet, table = read
        with QSignalBlocker(self.header_spin):
            self.header_spin.setRange(1, max(len(self._sheet.rows), 1))
        self.header_spin.setEnabled(True)
        self._show_table(table)

    def _show_table(self, table: Table | None) -> None:
        self._table = table
        if table is not None:
            self.sheet_combo.setCurrentText(table.sheet)
            with QSignalBlocker(self.header_spin):
                self.header_spin.setValue(table.header_row)
        guessed = imports.guess_mapping(self._spec, table) if table else {}
        for key, combo in self.mapping_combos.items():
            combo.clear()
            combo.addItem(_("(not read)"), NOT_READ)
            for index in range(len(table.headers) if table else 0):
                combo.addItem(table.column_name(index), index)  # type: ignore[union-attr]
            combo.setCurrentIndex(combo.findData(guessed.get(key, NOT_READ)))
        self._mapping_changed()

    # --- mapping, preview and the check ---------------------------------------------------
    def mapping(self) -> Mapping:
        return {key: combo.currentData() for key, combo in self.mapping_combos.items()
                if combo.currentData() not in (None, NOT_READ)}

    def set_mapping(self, key: str, sheet_column: int) -> None:
        """Read ``key`` from ``sheet_column`` (NOT_READ: from nowhere), as choosing in its combo does."""
        combo = self.mapping_combos[key]
        combo.setCurrentIndex(combo.findData(sheet_column))
        self._mapping_changed()

    def _mapping_changed(self) -> None:
        self._stop_check()
        self.report = None
        self._checks += 1
        self.problem_model.show([])
        self.tabs.setTabText(2, _("Problems"))
        table, mapping = self._table, self.mapping()
        self.preview_model.show(imports.preview(self._spec, table, mapping) if table else [])
        unread = imports.unread_columns(table, mapping) if table else []
        self.unread.setText(_("Columns not imported: {columns}").format(columns=_(", ").join(unread)))
        self.unread.setVisible(bool(unread))
        if table is None:
            self._update_buttons()
            return
        try:
            imports.check_mapping(self._spec, mapping)
            spec = self._import_spec()
        except ValidationError as exc:
            self.summary.setText(exc.message)
            self._update_buttons()
            return
        check = self._checks
        self.summary.setText(_("Checking the rows…"))

        def job(progress: Progress) -> Report:
            return self._ctx.gateway.read(imports.validate, spec, table, mapping, progress)

        self._check = self._run(job, _("Checking the rows…"), lambda report: self._checked(check, report),
                                cancelled=_("The check was cancelled; choose Check again."))

    def _stop_check(self) -> None:
        """Cancel the running check, if any: its answer is for a mapping no longer chosen."""
        if self._check is not None:
            self._replaced.add(self._check)
            self._check.cancel()
            self._check = None

    def _checked(self, check: int, report: Report) -> None:
        if check != self._checks:
            return
        self.report = report
        self.problem_model.show(report.problems)
        self.tabs.setTabText(2, _("Problems ({n})").format(n=len(report.problems)))
        self.summary.setText(report.summary())
        if report.problems:
            self.tabs.setCurrentIndex(2)
        self._update_buttons()

    # --- the import -----------------------------------------------------------------------
    def start_import(self) -> None:
        table, report = self._table, self.report
        if table is None or report is None or not self.import_button.isEnabled():
            return
        spec, mapping, valid_only = self._import_spec(), self.mapping(), self.valid_only.isChecked()

        def job(progress: Progress) -> ImportResult:
            return self._ctx.gateway.write(imports.import_rows, spec, table, mapping, valid_only=valid_only,
                                           progress=progress)

        self._run(job, ngettext("Importing {n} row…", "Importing {n} rows…", report.valid).format(n=report.valid),
                  self._imported, cancelled=_("The import was cancelled; nothing was imported."),
                  on_failure=self._refused)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self._ctx.events.publish(self._register)
        imported = ngettext("Imported {n} row.", "Imported {n} rows.", result.added).format(n=result.added)
        self._ctx.events.tell(imported)
        if not result.skipped:
            self.accept()
            return
        # The rows left out stay listed with their problems, to correct in the sheet: the report is kept.
        self.report = None  # spent: importing again would repeat the rows just added
        left_out = ngettext("Left out {n} row with problems: see Problems, or save the report.",
                            "Left out {n} rows with problems: see Problems, or save the report.",
                            result.skipped).format(n=result.skipped)
        self.summary.setText(_("{first} {second}").format(first=imported, second=left_out))
        self.tabs.setCurrentIndex(2)
        self._update_buttons()

    def choose_report_file(self) -> None:
        suggested = Path.home() / (_("{file} problems").format(file=self._path.stem if self._path else "") + ".xlsx")
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), str(suggested),
                                                    _("Excel workbooks (*.xlsx)"))
        if name:
            self.save_report(Path(name).with_suffix(".xlsx"))

    def save_report(self, path: Path) -> None:
        """Write the problems listed to ``path`` (.xlsx) on the worker."""
        problems = self.problem_model.items()
        self._run(lambda _progress: imports.save_problems(path, problems),
                  _("Saving {file}…").format(file=path.name),
                  lambda _rows: self._ctx.events.tell(_("Saved the report to {file}.").format(file=path.name)),
                  cancelled="")

    def _refused(self, error: WusheError) -> None:
        if isinstance(error, ImportRefused):  # the register changed since the check: show what is wrong now
            self._checked(self._checks, error.report)
        show_error(self, error)

    def _import_spec(self) -> ImportSpec[Any, Any]:
        """The register's importer, with the consent stated for the whole file if the user states one."""
        consent = self.consent_box.consent() if self.consent_box is not None else None
        return self._io.with_consent(consent) if consent is not None and self._io.with_consent else self._spec

    # --- shared ---------------------------------------------------------------------------
    def _run(self, job: Job, label: str, on_success: Callable[[Any], Any], *, cancelled: str,
             on_failure: Callable[[WusheError], Any] | None = None) -> Operation:
        """Run ``job`` on the worker; ``cancelled`` is what the summary says if the user stops it."""
        self._running += 1
        self._update_buttons()
        operation = self._ctx.tasks.run(job, parent=self, label=label, cancellable=True, on_success=on_success,
                                        on_failure=on_failure)
        operation.done.connect(lambda: self._idle(operation, cancelled))
        return operation

    def _idle(self, operation: Operation, cancelled: str) -> None:
        self._running -= 1
        if operation is self._check:
            self._check = None
        if operation in self._replaced:  # another check took its place and says how it goes
            self._replaced.discard(operation)
        elif cancelled and operation.cancelled:
            self.summary.setText(cancelled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        report = self.report
        self.check_button.setEnabled(self._table is not None and not self._running)
        self.save_button.setEnabled(self.problem_model.rowCount() > 0 and not self._running)
        ready = (report is not None and report.valid > 0 and not self._running
                 and (not report.invalid or self.valid_only.isChecked()))
        self.import_button.setEnabled(ready and self._ctx.gateway.may(self._spec.action))
        self.import_button.setToolTip(
            self._ctx.gateway.refusal(self._spec.action)
            or (_("Correct the problems in the sheet, or tick “Import only the valid rows”.")
                if report is not None and report.invalid and not self.valid_only.isChecked() else ""))


def _read(path: Path, spec: ImportSpec[Any, Any], sheet: str | None) -> tuple[Sheet, Table]:
    """The sheet ``imports.load_sheet`` finds, kept for another header row to be chosen, and its table."""
    found, header = imports.load_sheet(path, spec, sheet)
    return found, imports.table_under(found, header)


def _value_at(index: int) -> Callable[[PreviewRow], str]:
    return lambda row: row.values[index]
