"""``wushe sync conflicts list|show`` speak a person's words: the register's name, the record's name, the
nodes' names, form labels, code labels and the names of the records a field refers to; ``--json`` keeps
the ids and codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from desktop.storage.models import SocialOrg
from desktop.sync import exchange
from sync_testing import Node, add_community, add_org_with_status, make_node, pair_by_keys
from wushe_testing import run_wushe

def carry(source: Node, target: Node, path: Path) -> None:
    exchange.export_to_peer(source.db, target.node_id, path)
    exchange.import_file(target.db, path)

def edit_org(node: Node, org_id: str, **values: object) -> None:
    with node.db.write() as session:
        org = session.get(SocialOrg, org_id)
        assert org is not None
        for key, value in values.items():
            setattr(org, key, value)

def test_a_conflict_is_listed_and_shown_in_words(tmp_path: Path) -> None:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    shimen, qingshan = add_community(a, "石门村", 800), add_community(a, "青山村", 300)
    org_id, _change = add_org_with_status(a, shimen, "石门村老年协会", "registered")
    carry(a, b, tmp_path / "1.wsb")
    edit_org(b, org_id, status="incubating", community_id=qingshan)
    edit_org(a, org_id, status="filed")  # later: a's wins at a, b's is kept as the other version
    carry(b, a, tmp_path / "2.wsb")
    path = a.db.path
    assert path is not None
    a.db.close()
    b.db.close()

    listed = run_wushe(path, "sync", "conflicts", "list").stdout
    [line] = [line for line in listed.splitlines() if "石门村老年协会" in line]
    for words in ("Community social organisations", "甲站", "乙站", "Village or community, Status"):
        assert words in line
    assert org_id not in listed and a.node_id not in listed

    [conflict] = json.loads(run_wushe(path, "sync", "conflicts", "list", "--json").stdout)
    assert conflict["row_id"] == org_id and conflict["winner_origin"] == a.node_id
    assert {d["field"]: (d["current"], d["other"]) for d in conflict["differences"]} == {
        "status": ("filed", "incubating"), "community_id": (shimen, qingshan)}

    shown = run_wushe(path, "sync", "conflicts", "show", conflict["id"][:8]).stdout
    pairs = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in shown.splitlines()[:7])
    assert pairs["Register"] == "Community social organisations" and pairs["Record"] == "石门村老年协会"
    assert (pairs["Current version from"], pairs["Other version from"]) == (
        "甲站 (Township social-work station)", "乙站 (Township social-work station)")  # name and kind, no id
    rows = [line.split() for line in shown.splitlines()]
    assert ["Status", "Filed", "(备案)", "Incubating", "(培育中)"] in rows
    assert ["Village", "or", "community", "石门村", "青山村"] in rows
    assert shimen not in shown and "incubating" not in shown

    zh = run_wushe(path, "sync", "conflicts", "show", conflict["id"], locale="zh_CN").stdout
    assert "石门村老年协会" in zh and "甲站" in zh and "filed" not in zh
