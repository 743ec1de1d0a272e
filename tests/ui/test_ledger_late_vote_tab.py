"""The 拨付 tab after the committee approved a disbursement not paid yet: the members who had not decided still
record their decisions for the minutes (the 记录表决 button stays on for them), the status stays approved, and
the list says which were recorded after the committee decided."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.domain.ledger import Decision, DisbursementStatus
from desktop.ui.ledger.disbursement_dialogs import DecisionDialog
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from test_ledger_tabs import demo_fund, drive  # noqa: F401 (fixture)
from wushe_testing import shown


def test_a_member_records_a_reject_after_the_approval(qtbot, ctx, drive):  # noqa: F811 (fixture)
    tab = shown(qtbot, DisbursementsTab(ctx, demo_fund(ctx)))
    waiting = next(n for n, r in enumerate(tab.model.rows()) if r.status == DisbursementStatus.PROPOSED)
    tab.view.selectRow(waiting)
    intros: list[str] = []

    def decide(decision: str) -> object:
        def fill(dialog: DecisionDialog) -> None:
            intros.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
            dialog.member.setCurrentIndex(0)
            dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
            dialog.save()
        return fill

    for _member in range(2):  # the chair approved in the demo: two more approve it
        assert drive(DecisionDialog, decide(Decision.APPROVE), tab.decide_button) is None
    assert tab.selected().status == DisbursementStatus.APPROVED  # type: ignore[union-attr]
    assert tab.decide_button.isEnabled() and tab.pay_button.isEnabled()
    assert drive(DecisionDialog, decide(Decision.REJECT), tab.decide_button) is None
    row = tab.selected()
    assert row is not None and row.status == DisbursementStatus.APPROVED
    assert tab.model.index(waiting, 7).data() == "3 / 3, 1 against (1 after the decision)"
    assert tab.decisions.index(3, 1).data() == "Reject (不同意) (recorded after the committee decided)"
    assert tab.decisions.index(2, 1).data() == "Approve (同意)"
    assert "for the minutes" not in intros[1] and "a decision recorded now is for the minutes" in intros[2]
