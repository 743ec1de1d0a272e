"""The time-bank tab: the passbook, a redemption refused for too little balance, then a good one."""

from __future__ import annotations

from decimal import Decimal

from desktop.services import rewards, signin, volunteers
from desktop.services.rewards import RewardInput
from desktop.ui.volunteers.record_window import RecordWindow
from desktop.ui.volunteers.timebank_dialogs import RedeemDialog
from wushe_testing import DEMO_PASSWORD, shown


def test_redeem_refused_then_accepted(qtbot, demo, make_ctx, settle):
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    ctx = make_ctx(demo)
    volunteer = max(ctx.gateway.read(volunteers.list_all), key=lambda v: v.balance)
    with demo.write() as session:
        dear = rewards.add_reward(session, RewardInput("电饭煲", "goods", Decimal(volunteer.balance + 100) / 100))
        cheap = rewards.add_reward(session, RewardInput("肥皂", "goods", "1"))
    window = shown(qtbot, RecordWindow(ctx, volunteer.id))
    tab = window.timebank
    assert tab.model.rows() and tab.model.rows()[-1].balance == volunteer.balance
    dialog = shown(qtbot, RedeemDialog(ctx, volunteer))
    dialog.reward.setCurrentIndex(dialog.reward.findData(dear.id))
    dialog.save()
    settle(ctx)
    assert dialog.outcome is None and "costs" in dialog.form._fields["reward_id"].error.text()
    dialog.reward.setCurrentIndex(dialog.reward.findData(cheap.id))
    dialog.save()
    settle(ctx)
    assert dialog.outcome is not None
    ctx.events.publish("volunteers")
    assert tab.model.rows()[-1].balance == volunteer.balance - 100
    assert tab.model.rows()[-1].withdrawal == 100
