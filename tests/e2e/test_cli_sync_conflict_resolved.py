"""A resolved conflict still shows both versions as they were when it was decided, which was kept and which set
aside, who decided and when (issue 8 trial: after ``--take-other`` it compared the record with itself, one
station on both sides, "no records"); the writers read as the users list names them."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.services import signin
from desktop.services.accounts import AccountInput, make_first_head
from desktop.storage.opening import open_database
from desktop.sync import conflicts, exchange
from desktop.sync.conflict_text import conflict_text
from sync_testing import add_client, add_community, exchanged, make_node, pair_by_keys, seal_client
from wushe_testing import DEMO_PASSWORD, run_wushe




def pairs_of(shown: str) -> dict[str, str]:
    """The lines above the field table of ``conflicts show``: label → value."""
    return dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in shown.split("\n\n")[0].splitlines())


def test_a_resolved_conflict_shows_what_was_kept_and_what_was_set_aside(tmp_path: Path) -> None:
    a, b = make_node(tmp_path / "a", "东坪镇"), make_node(tmp_path / "b", "西岭镇")
    make_first_head(a.db, AccountInput("admin", "韦晓梅", "admin", DEMO_PASSWORD))
    pair_by_keys(a, b)
    village = add_community(a, "石门村", 800)
    client = add_client(a, village, "韦长生", "450102195001011234", "13907710001")
    exchanged(a, b, tmp_path)
    seal_client(a, client, phone="13907710002", address="石门村3组")
    seal_client(b, client, phone="13907710003", notes="乙站回访")  # the later edit: it wins, 东坪镇's is kept aside
    exchanged(a, b, tmp_path)
    exchanged(b, a, tmp_path)
    with a.db.read() as session:
        [found] = conflicts.list_conflicts(session)
    path = a.db.path
    assert path is not None
    a.db.close()  # 西岭镇 stays open in this process: its data key is the test's

    run_wushe(path, "sync", "conflicts", "resolve", found.id, "--take-other")
    shown = run_wushe(path, "sync", "conflicts", "show", found.id).stdout

    pairs = pairs_of(shown)
    assert (pairs["Set-aside version from"], pairs["Kept version from"]) == (
        "西岭镇 (Township social-work station)", "东坪镇 (Township social-work station)")
    # One form on both sides: the node, then the account as the users list names it where it is known (here), else
    # its login name (西岭镇's accounts are not known here).
    assert pairs["Kept version written"].endswith(" by 东坪镇 (Township social-work station) · 韦晓梅 (Station head)")
    assert pairs["Set-aside version written"].endswith(" by 西岭镇 (Township social-work station) · 西岭镇-clerk")
    assert re.fullmatch(r"Took the other version, .+ by 东坪镇 \(Township social-work station\) · 韦晓梅 "
                        r"\(Station head\)", pairs["Resolved"])
    rows = [line.split() for line in shown.splitlines()]
    assert ["Field", "Set-aside", "version", "Kept", "version"] in rows
    assert ["Address", "—", "石门村3组"] in rows and ["Notes", "乙站回访", "—"] in rows
    assert ["Phone", "13907710003", "13907710002"] in rows  # sealed, opened for the station head
    assert "No records" not in shown and "id_tail" not in shown

    # At 西岭镇, once told of the resolution: the same two versions, not the record against itself.
    again = open_database(path)
    signin.sign_in(again, "admin", DEMO_PASSWORD)
    exchange.export_to_peer(again, b.node_id, tmp_path / "resolved.wsb")
    again.close()
    exchange.import_file(b.db, tmp_path / "resolved.wsb")
    with b.db.read() as session:
        [told] = conflicts.list_conflicts(session, include_resolved=True)
        text = conflict_text(session, told)
    b.db.close()
    assert (told.resolution, text.current_from, text.other_from) == (
        conflicts.TAKE_OTHER, "西岭镇 (Township social-work station)", "东坪镇 (Township social-work station)")
    assert {f.label: (f.current, f.other) for f in text.fields if f.label != "Phone"} == {
        "Address": ("—", "石门村3组"), "Notes": ("乙站回访", "—")}
