"""Another account acting inside one unit of work: for the demo (and tests) replaying, in one
transaction, a day on which several people did their part, such as one proposing a disbursement and
another paying it (募用分离). The writes of the block carry that account as their author and in the audit
log; nobody signs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Principal, Role
from desktop.storage.models import UserAccount


@contextmanager
def acting_as(session: Session, username: str) -> Iterator[Principal]:
    """The account ``username`` acts in ``session`` for the block, then whoever acted before."""
    row = session.execute(select(UserAccount.id, UserAccount.display_name, UserAccount.role)
                          .where(UserAccount.username == username)).one()
    before = {key: session.info.get(key) for key in ("principal", "actor")}
    who = Principal(row.id, username, row.display_name, Role(row.role))
    session.info.update(principal=who, actor=username)
    try:
        yield who
        session.flush()  # stamped and audited as theirs
    finally:
        session.info.update(before)
