"""0031 marks the sealed fields a plain bundle left out before 0029 (stored NULL then) as withheld, and not a
field that was empty at its origin, nor this node's own (issue 8, T8a)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from desktop.storage.migrate import upgrade
from sync_testing import add_client, add_community, exchanged, make_node, pair_by_keys
from migration_testing import downgrade_to



def sealed(path: Path, client_id: str) -> tuple[bytes | None, bytes | None]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id_number_sealed, phone_sealed FROM client WHERE id = ?", (client_id,)).fetchone()


def test_fields_left_out_before_0029_are_marked_and_empty_ones_stay_empty(tmp_path: Path) -> None:
    a, c = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "c", "县民政局", kind="county")
    pair_by_keys(a, c)
    place = add_community(a, "石门村")
    no_phone = add_client(a, place, "张秀英", "110101195001011239")  # no phone at its origin
    exchanged(a, c, tmp_path)  # encrypted: the empty phone came as empty
    plain = add_client(a, place, "曾建华", "110101195001011237", "13800000001")
    exchanged(a, c, tmp_path, sensitive="left_out")
    own = add_client(c, add_community(c, "县城社区"), "李明", "110101195001011253")  # the county's own, no phone
    with c.db.write() as session:  # as a version before 0029 stored what the plain bundle left out
        session.execute(text("UPDATE client SET id_number_sealed = NULL, phone_sealed = NULL WHERE id = :id"),
                        {"id": plain})
    path = c.db.path
    assert path is not None and sealed(path, no_phone)[1] is None and sealed(path, own)[1] is None
    c.db.close()
    downgrade_to(path, "0030")
    assert upgrade(path) is True
    assert sealed(path, plain) == (b"", b"")  # withheld: "(not in the bundles received)"
    assert sealed(path, no_phone)[1] is None and sealed(path, no_phone)[0]  # empty at its origin
    assert sealed(path, own)[1] is None


def test_a_plain_bundle_followed_by_one_with_the_fields_leaves_an_empty_field_empty(tmp_path: Path) -> None:
    """The next encrypted bundle of the same peer brought the row again: a NULL after it is an empty field."""
    a, c = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "c", "县民政局", kind="county")
    pair_by_keys(a, c)
    client = add_client(a, add_community(a, "石门村"), "张秀英", "110101195001011239")
    exchanged(a, c, tmp_path, sensitive="left_out")
    exchanged(a, c, tmp_path, full=True)
    path = c.db.path
    assert path is not None and sealed(path, client)[1] is None
    c.db.close()
    downgrade_to(path, "0030")
    assert upgrade(path) is True
    assert sealed(path, client)[1] is None
