"""Names written in traditional characters (陳麗華, 龍泉村, as old paper registers have them) are found by
their simplified spelling: ``name_search`` of such a name now begins with it, and both keys read the name
in simplified characters (``storage.naming.name_keys``). The keys of those names are recomputed with the
code that makes them, as 0011 did; a name without traditional characters keeps its keys as they are.

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

# The registers of storage.naming.PinyinNamed at this revision: table, a register of people.
NAMED = (("client", True), ("volunteer", True), ("social_worker", True), ("community", False),
         ("donor", False), ("resource", False), ("social_org", False))


def upgrade() -> None:
    from desktop.domain.simplified import simplified
    from desktop.storage.naming import name_keys

    conn = op.get_bind()
    for table, person in NAMED:
        rows = conn.execute(sa.text(f"SELECT id, name FROM {table}")).all()  # noqa: S608 - our table names
        changed = [{"id": row_id, "sort": keys[0], "search": keys[1]} for row_id, name in rows
                   if simplified(name) != name for keys in [name_keys(name, person)]]
        if changed:
            conn.execute(sa.text(f"UPDATE {table} SET name_sort = :sort, name_search = :search WHERE id = :id"),
                         changed)


def downgrade() -> None:
    # The keys stay as they are: the simplified spelling before the pinyin ones only adds what a search finds.
    pass
