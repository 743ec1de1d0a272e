"""What a trial of 对接 found, in the windows: a full resource is matched only once the person ticks that it
can take one more; the need's window shows a match's dated follow-up history; the resources list shows the
dates a resource is offered and 已过期 past them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop.services import matching, needs, resources
from desktop.ui.needs.match_dialog import MatchDialog
from desktop.ui.needs.need_window import NeedWindow
from needs_ui_testing import needs_page
from register_testing import column
from wushe_testing import shown

SHOTS = Path("/tmp/w5nt")


def test_a_full_resource_needs_the_tick_and_the_history_shows(qtbot, demo, make_ctx) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    ctx = page.needs._ctx
    with demo.write() as session:
        [place] = [r.community_id for r in needs.list_needs(session, search="行动不便的老人需要送餐上门")]
        need_id = needs.add_need(session, needs.NeedInput(place, "elderly", "高龄老人需要助餐服务"))
        need = needs.need(session, need_id)
    dialog = MatchDialog(ctx, need, page)  # not handed to qtbot: saving closes and deletes it
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    names = [dialog.model.row_object(dialog.model.index(n, 0)).name for n in range(dialog.model.rowCount())]
    full = names.index("长者助餐送餐上门")  # its one place is taken by the demo's match
    assert "Offers what is asked: 助餐" in dialog.model.row_object(dialog.model.index(full, 0)).reasons
    dialog.view.selectRow(full)
    assert dialog.over_capacity.isVisible() and not dialog.ok_button.isEnabled()
    dialog.over_capacity.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.grab().save(str(SHOTS / "match_full.png"))
    dialog.save()
    ctx.tasks.wait()
    qtbot.waitUntil(lambda: not dialog._busy)
    with demo.write() as session:
        [match] = matching.matches_of_need(session, need_id)
        matching.update_match(session, match.id, "约定每周二送餐", on=date.today() - timedelta(days=2))
        matching.update_match(session, match.id, "已送两次，老人满意")
    window = shown(qtbot, NeedWindow(ctx, need_id, page))
    window.view.selectRow(0)
    assert column(window, "Latest follow-up")[0].endswith("已送两次，老人满意")
    lines = window.history.text().split("<br>")
    assert lines[1].endswith("约定每周二送餐") and lines[2].endswith("已送两次，老人满意")
    window.grab().save(str(SHOTS / "need_window.png"))


def test_the_resources_list_shows_dates_and_expired(qtbot, demo, make_ctx) -> None:
    page = needs_page(qtbot, demo, make_ctx, "lixia")
    with demo.write() as session:
        [row] = [r for r in resources.list_resources(session) if r.name == "重阳敬老慰问资金"]
        stored = resources.resource_input(session, row.id)
        stored.available_from, stored.available_until = date(2026, 1, 1), date.today() - timedelta(days=1)
        resources.update_resource(session, row.id, stored)
    tab = page.resources
    tab.reload()
    qtbot.waitUntil(lambda: "重阳敬老慰问资金" in column(tab, "Name"))
    at = column(tab, "Name").index("重阳敬老慰问资金")
    assert column(tab, "Status")[at] == "Expired (已过期)"
    assert column(tab, "From – until")[at].startswith("Jan 1, 2026 – ")
    tab.grab().save(str(SHOTS / "resources.png"))
