"""A draft proposal's need section takes counts of clients' assessed needs: the picker lists the
station's counts by community and area with the proposal's community ticked and shown, and what is
ticked is appended to the need as a dated paragraph of figures that is saved with the proposal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.domain.project_workflow import Status
from desktop.i18n import set_locale
from desktop.reports.proposal import write_proposal
from desktop.services import project_detail, projects
from desktop.services.project_papers import proposal_paper
from desktop.services.projects import ProjectQuery
from desktop.ui.fonts import register_font
from desktop.ui.projects.need_picker import NeedPicker
from desktop.ui.projects.project_window import open_project_window
from project_paper_testing import squeezed, text_of
from wushe_testing import shown

SIZE = (1366, 768)


def draft_window(qtbot, ctx):  # type: ignore[no-untyped-def]
    draft = ctx.gateway.read(projects.list_page, ProjectQuery(status=Status.DRAFT), 0, 10, False).ids[0]
    window = shown(qtbot, open_project_window(ctx, draft), size=SIZE)
    window.tabs.setCurrentWidget(window.narrative)
    return window


def test_the_counts_of_the_proposals_community_go_into_its_need(qtbot, ctx, when_shown, settle):
    window = draft_window(qtbot, ctx)
    community = window.project.community
    assert window.narrative.needs_button.isVisible()
    seen: list[tuple[list[str], list[str]]] = []

    def pick(picker: NeedPicker) -> None:
        shown_rows = [n for n in range(picker.table.rowCount()) if not picker.table.isRowHidden(n)]
        ticked = [picker.table.item(n, 0).text() for n in range(picker.table.rowCount())
                  if picker.table.item(n, 0).checkState() == Qt.CheckState.Checked]
        seen.append(([picker.table.item(n, 0).text() for n in shown_rows], ticked))
        picker.add_button.click()

    when_shown(NeedPicker, pick)
    window.narrative.needs_button.click()
    shown_rows, ticked = seen[0]
    assert shown_rows and set(shown_rows) == {community} and ticked == shown_rows
    needs = window.narrative.sections["needs"].toPlainText()
    assert "\n\nClients' needs assessments at the station, as of " in needs
    assert needs.splitlines()[-1].startswith(f"{community}: ")
    assert window.save_button.isEnabled()
    window.save()
    settle(ctx)
    assert ctx.gateway.read(project_detail.detail, window.project.id).needs == needs


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_picker_and_the_papers_need_section_in_chinese_at_1366_by_768(qapp, qtbot, ctx, settle, tmp_path: Path):
    """Written to $WUSHE_SHOTS when set, to look at: the picker, the need tab and the proposal's PDF."""
    set_locale("zh_CN")
    register_font(qapp)
    window = draft_window(qtbot, ctx)
    picker = shown(qtbot, NeedPicker(ctx, window.project.community_id, window))
    picker.community.setCurrentIndex(0)  # every community
    qtbot.wait(50)
    folder = Path(os.environ.get("WUSHE_SHOTS") or tmp_path)
    path = folder / "needs-picker-zh_CN.png"
    picker.grab().save(str(path))
    assert not QImage(str(path)).isNull()
    picker.accept()
    window.narrative.add_needs(picker.text)
    window.save()
    settle(ctx)
    path = folder / "needs-narrative-zh_CN.png"
    window.grab().save(str(path))
    with ctx.gateway.db.read() as session:
        paper = proposal_paper(session, window.project.id)
    pdf = write_proposal(paper, folder / "needs-proposal-zh_CN.pdf")
    assert squeezed(picker.text.splitlines()[-1]) in squeezed(text_of(pdf))
