"""A bundle without the sensitive fields must not let anyone rebuild a resident ID number (issue 8 trial #8): a
client's birth date and village (its area code) travel, so the last four digits, worked out from the sealed
number, are left out with it, and the manifest says so. At the county the number reads as withheld; an
encrypted bundle later brings the number and its last four. Sensitive fields included, they travel."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

from desktop.services import clients
from desktop.storage.models import Client
from sync_testing import Node, a, add_client, add_community, c, exchanged, pair_by_keys

__all__ = ["a", "c"]  # the fixtures

ID_NUMBER = "500110194803120027"  # born 1948-03-12, in 500110


def bundle_json(path: Path) -> tuple[dict, list[dict], str]:
    with zipfile.ZipFile(path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        text = bundle.read("changes.jsonl").decode("utf-8")
    return manifest, [json.loads(line) for line in text.splitlines()], text


def tail_at(node: Node, client_id: str) -> str:
    with node.db.read() as session:
        row = session.get(Client, client_id)
        assert row is not None
        return row.id_tail


def test_a_plain_bundle_leaves_out_what_rebuilds_an_id_number(a: Node, c: Node, tmp_path: Path) -> None:
    pair_by_keys(a, c)
    client = add_client(a, add_community(a, "石门村", 800), "张秀英", ID_NUMBER)
    with a.db.write() as session:
        row = session.get(Client, client)
        assert row is not None
        row.birth_date = date(1948, 3, 12)  # as the form reads it off the number
    sent, _done = exchanged(a, c, tmp_path, sensitive="left_out")
    manifest, rows, text = bundle_json(sent.path)
    assert manifest["sensitive"] == "left_out" and "client.id_tail" in manifest["derived_left_out"]
    [row] = [row["fields"] for row in rows if row.get("table") == "client"]
    assert row["birth_date"] == "1948-03-12" and row["id_tail"] == "" and "id_number_sealed" not in row
    assert ID_NUMBER not in text and not [name for name, value in row.items()  # nothing past the birth date
                                          if name not in ("created_at", "updated_at") and "0027" in str(value)]
    assert tail_at(c, client) == ""
    with c.db.read() as session:
        assert "id_number" in clients.get(session, client).withheld

    exchanged(a, c, tmp_path, full=True)
    assert tail_at(c, client) == "0027"  # the encrypted bundle fills in the number and its last four

    included, _done = exchanged(a, c, tmp_path, sensitive="included", full=True)
    assert "derived_left_out" not in bundle_json(included.path)[0]
    [row] = [row["fields"] for row in bundle_json(included.path)[1] if row.get("table") == "client"]
    assert row["id_tail"] == "0027" and row["id_number_sealed"] == ID_NUMBER
