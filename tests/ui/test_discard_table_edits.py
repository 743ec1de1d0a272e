"""Esc on a form whose only change is inside a table edited in place (a round's rubric, a new fund's
committee) or a list of tick boxes (the villages a social worker covers) asks before throwing it away, as it
does for a typed field; a table put back as it was does not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from case_testing import as_user
from desktop.ui import form_dialog
from desktop.ui.ledger.fund_dialog import FundDialog
from desktop.ui.projects.round_dialog import RoundDialog
from desktop.ui.workers.worker_dialog import WorkerDialog
from desktop.services import rounds
from project_testing import make_round
from table_testing import type_cell
from wushe_testing import shown


@pytest.fixture
def ctx(demo, make_ctx):
    return make_ctx(as_user(demo, "admin"))


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    titles: list[str] = []

    def keep_editing(dialog: QWidget) -> bool:
        titles.append(dialog.windowTitle())
        return False

    monkeypatch.setattr(form_dialog, "ask_discard", keep_editing)
    return titles


def test_a_rubric_cell_typed_in_is_asked_about_and_put_back_is_not(qtbot, ctx, asked):
    with ctx.gateway.db.write() as session:
        found = make_round(session)
    dialog = shown(qtbot, RoundDialog(ctx, ctx.gateway.read(rounds.get, found.id)))
    editor, model = dialog.rubric.editor, dialog.rubric.editor.model
    first = model.index(0, 0).data(Qt.ItemDataRole.EditRole)
    type_cell(qtbot, editor, 0, "name", "Budget")
    assert model.index(0, 0).data(Qt.ItemDataRole.EditRole) == "Budget"
    qtbot.keyClick(editor.view, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # 继续编辑: the rubric as typed stays

    model.setData(model.index(0, 0), first)
    dialog.cancel_button.click()
    assert not dialog.isVisible() and len(asked) == 1


def test_a_committee_member_added_is_asked_about(qtbot, ctx, asked):
    dialog = shown(qtbot, FundDialog(ctx, None))
    dialog.committee.add_button.click()
    dialog.cancel_button.click()
    assert dialog.isVisible() and asked == [dialog.windowTitle()]


def test_a_village_ticked_for_a_social_worker_is_asked_about(qtbot, ctx, asked):
    dialog = shown(qtbot, WorkerDialog(ctx))
    item = dialog.coverage.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    dialog.cancel_button.click()
    assert dialog.isVisible() and len(asked) == 1
    item.setCheckState(Qt.CheckState.Unchecked)  # ticked, then taken back: nothing to lose
    dialog.cancel_button.click()
    assert not dialog.isVisible() and len(asked) == 1
