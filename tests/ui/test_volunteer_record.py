"""A volunteer's record: a sign-in sheet with the daily cap at its row, reversing a service row."""

from __future__ import annotations

import pytest

from desktop.services import signin, volunteer_hours, volunteers
from desktop.services.volunteers import VolunteerQuery
from desktop.ui.volunteers.fields import ReasonDialog
from desktop.ui.volunteers.record_window import RecordWindow
from desktop.ui.volunteers.signin_sheet import SignInSheetDialog
from wushe_testing import DEMO_PASSWORD, shown


@pytest.fixture
def ctx(demo, make_ctx):
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)
    return make_ctx(demo)


def active(ctx, count: int) -> list[volunteers.VolunteerView]:
    return ctx.gateway.read(volunteers.list_all, VolunteerQuery(status="active"))[:count]


def test_a_sign_in_sheet_refuses_the_row_over_the_daily_cap_then_records_three(qtbot, ctx, settle):
    three = active(ctx, 3)
    sheet = shown(qtbot, SignInSheetDialog(ctx, three[:1]))
    sheet.picker.search.setText(three[1].name)
    sheet.picker.pick()
    sheet.add_volunteer(three[2])
    assert len(sheet.rows) == 3
    sheet.activity.setText("敬老院探访")
    for row, hours in zip(sheet.rows, ("2", "1.5", "9"), strict=True):
        row.hours.setText(hours)
    sheet.update_button()
    assert not sheet.ok_button.isEnabled()
    assert "At most 8 h" in sheet.rows[2].error.text() and not sheet.rows[0].error.text()
    sheet.rows[2].hours.setText("3")
    sheet.update_button()
    assert sheet.ok_button.isEnabled()
    sheet.save()
    settle(ctx)
    assert sheet.outcome is not None and [r.minutes for r in sheet.outcome] == [120, 90, 180]


def test_the_record_shows_service_and_reverses_a_row_with_its_reason(qtbot, ctx, settle, when_shown):
    volunteer = active(ctx, 1)[0]
    window = shown(qtbot, RecordWindow(ctx, volunteer.id))
    service = window.service
    rows = service.model.rows()
    assert rows and "Confirmed:" in service.totals.text()
    standing = next(n for n, r in enumerate(rows) if r.reverses_id is None and not r.reversed)
    service.view.selectRow(standing)
    assert service.reverse_button.isEnabled()

    def give_reason(dialog) -> None:
        dialog.reason.setText("录入错误")
        dialog.save()

    when_shown(ReasonDialog, give_reason)
    service.reverse()
    settle(ctx)
    rows = window.service.model.rows()
    assert any(r.reversed for r in rows) and any(r.reason == "录入错误" for r in rows)
    with ctx.gateway.db.read() as session:
        assert volunteer_hours.summary(session, volunteer.id).minutes == window.volunteer.minutes
