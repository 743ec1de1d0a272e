"""Every field a conflict can show, in every synced register, reads as the screens read it (issue 8 trial: the
compare view showed the raw column ``id_tail`` and a client's target groups as ",elderly,"): a form label, not
a column name, and a value without stray separators; derived columns are not compared at all."""

from __future__ import annotations

from sqlalchemy import select

from desktop.i18n import set_locale
from desktop.storage.database import Database
from desktop.storage.models import SyncConflict
from desktop.sync.conflict_text import value_text
from desktop.sync.conflicts import compared
from desktop.sync.field_labels import field_label
from desktop.sync.registry import synced

SEPARATORS = ",、;；，· "


def test_every_field_of_every_synced_register_has_a_label_and_a_tidy_value(demo: Database) -> None:
    set_locale("zh_CN")
    try:
        unlabelled, untidy, walked = set(), set(), set()
        with demo.read() as session:
            for name, table in synced().items():
                if table.append_only or name == SyncConflict.__tablename__:
                    continue  # never in a conflict: an append-only row is never changed, a conflict record merges
                rows = [table.to_wire(row, opened=None) for row in
                        session.execute(select(table.table).limit(5)).mappings()]
                walked |= {name} if rows else set()
                for column in filter(compared, table.columns):
                    field = table.sealed.get(column, column)
                    if field_label(name, field) == field:
                        unlabelled.add((name, column))
                    for row in rows if column not in table.sealed else ():
                        text = value_text(session, name, column, row["fields"][column])
                        if text != text.strip(SEPARATORS) or not text:
                            untidy.add((name, column, text))
            groups = value_text(session, "client", "target_groups", ",elderly_alone,disabled,")
            assert value_text(session, "client", "target_groups", ",") == "—"
    finally:
        set_locale("en")
    assert unlabelled == set() and untidy == set()
    assert {"client", "volunteer", "case_file", "fund", "community"} <= walked  # the demo fills them
    assert groups == "独居/空巢老人、残疾人"  # as the client's screen lists them
    assert not any(map(compared, ("id_tail", "id_blind", "name_search", "name_sort", "updated_at")))
