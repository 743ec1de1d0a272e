"""What ``wushe check`` finds of one person registered twice: two live clients, or two live volunteers, with
one ID number (by the keyed blind index, so read without a signed-in user). Each node refuses a second
registration, but two nodes may each register the person and sync; the station's own edits of either record
still save (``clients.update`` checks a number only when it changes), and this says which pair to merge."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.storage.models import Client, Station, Volunteer

_ADVICE = {
    Client.__tablename__: N_("Clients {people} have one ID number: the same person registered twice, on two nodes "
                            "and then synced. Keep one record: close or refer the other's cases, then delete it."),
    Volunteer.__tablename__: N_("Volunteers {people} have one ID number: the same person registered twice, on two "
                               "nodes and then synced. Keep one record and delete the other."),
}


def same_id_numbers(session: Session) -> list[str]:
    """One line for each ID number two or more live clients (or volunteers) share, naming each record by its
    name, its number or ID-number ending, and the node that registered it."""
    found = []
    for model in (Client, Volunteer):
        shared = select(model.id_blind).where(model.deleted_at.is_(None), model.id_blind.is_not(None)) \
            .group_by(model.id_blind).having(func.count() > 1)
        people: dict[str, list[str]] = {}
        for blind, name, mark, node in session.execute(
                select(model.id_blind, model.name, model.number if model is Volunteer else model.id_tail,
                       func.coalesce(Station.name, model.origin_node))
                .outerjoin(Station, Station.id == model.origin_node)
                .where(model.deleted_at.is_(None), model.id_blind.in_(shared)).order_by(model.id_blind, model.id)):
            people.setdefault(blind, []).append(_("{name} ({mark}, {node})").format(
                name=name, mark=mark if model is Volunteer else _("ID ending {tail}").format(tail=mark), node=node))
        found += [_(_ADVICE[model.__tablename__]).format(people=_(" and ").join(named)) for named in people.values()]
    return found
