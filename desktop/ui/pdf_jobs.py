"""Writing a paper on the database worker with progress, then showing it in the preview
(``ui.pdf_preview``): what every window that prints (cases, projects) does the same way."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.pdf_preview import preview_pdf
from desktop.ui.tasks import Job, Progress

STEPS = 2  # reading the file, writing the PDF
FORBIDDEN = set('\\/:*?"<>|')
S = TypeVar("S")


def temp_folder(prefix: str) -> Path:
    """A new folder for one paper, so two papers of the same name never overwrite each other."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def file_name(text: str) -> str:
    """``text`` without the characters Windows refuses in a file name."""
    return "".join(c for c in text if c not in FORBIDDEN) or "wushe"


def pdf_job(reading: str, read: Callable[[], S], write: Callable[[S], Path]) -> Job:
    """Read what the paper shows, then write the PDF, saying which step is under way."""
    def run(progress: Progress) -> Path:
        progress(0, STEPS, reading)
        data = read()
        progress(1, STEPS, _("Writing the PDF…"))
        return write(data)

    return run


def show_pdf(ctx: AppContext, parent: QWidget, job: Job, title: str,
             issued: Callable[[Path], object] | None = None) -> None:
    """Run ``job`` with progress, then preview the PDF it wrote over ``parent``; ``issued`` is told the file
    printed or saved from the preview (``pdf_preview.PdfPreviewDialog``)."""
    def show(path: Path) -> None:  # over the window, unless it was closed while the PDF was written
        preview_pdf(path, title, parent if shiboken6.isValid(parent) else None, issued)

    ctx.tasks.run(job, parent=parent, label=_("Writing {title}…").format(title=title), on_success=show)
