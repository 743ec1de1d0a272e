"""The head's 转交 button on a case referred out: there while a follow-up of it is still open (it goes
with the case), gone once none is; a closed case has none."""

from __future__ import annotations

from datetime import date, timedelta

from case_testing import RECEIVER, as_user, open_case, walk
from desktop.domain.case_workflow import HAND_OVER, Stage
from desktop.services import case_followups, cases
from desktop.ui.cases.case_window import open_case_window
from wushe_testing import shown


def test_a_referred_case_with_an_open_follow_up_offers_the_handover(demo, make_ctx, qtbot):
    lixia = as_user(demo, "lixia")
    case = walk(lixia, open_case(lixia).id, Stage.SERVICE)
    with lixia.write() as session:
        follow_up = case_followups.add_follow_up(session, case.id, date.today() + timedelta(days=7), "转介后回访")
        cases.move(session, case.id, "refer", reason="需要医疗", receiver=RECEIVER)
    window = shown(qtbot, open_case_window(make_ctx(as_user(demo, "admin")), case.id), size=(1100, 700))
    assert HAND_OVER in window.move_buttons
    with demo.write() as session:
        case_followups.complete_follow_up(session, follow_up.id, "已就医")
    window.reload()
    assert HAND_OVER not in window.move_buttons
    window.close()
