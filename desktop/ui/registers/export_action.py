"""Export a register, filtered as its page shows it, to an .xlsx file written on the database worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.i18n import _, ngettext
from desktop.services.exports import export_xlsx
from desktop.services.register_io import REGISTERS
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress


def export_register(ctx: AppContext, register: str, query: object, parent: QWidget) -> None:
    """Ask where to save, then write the rows ``query`` selects (protected fields masked for the role)."""
    spec = REGISTERS[register].exporter
    suggested = Path.home() / f"{_(spec.title)}-{date.today().isoformat()}.xlsx"
    name, _filter = QFileDialog.getSaveFileName(parent, _("Export to a spreadsheet"), str(suggested),
                                                _("Excel workbooks (*.xlsx)"))
    if not name:
        return
    path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")

    def job(progress: Progress) -> int:
        return ctx.gateway.read(export_xlsx, spec, query, path, progress)

    def done(count: int) -> None:
        ctx.events.tell(ngettext("Exported {n} row to {file}.", "Exported {n} rows to {file}.", count)
                        .format(n=count, file=path.name))

    ctx.tasks.run(job, parent=parent, label=_("Exporting to {file}…").format(file=path.name), cancellable=True,
                  on_success=done)
