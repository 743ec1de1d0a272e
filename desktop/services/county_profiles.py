"""Policy profiles a county sends down (issue 9): stored as ``PolicyProfileDoc`` rows, one per profile id,
which travel to the stations in the ordinary bundle. ``services.indicators`` lists them with the shipped
ones; a county's profile with the id of a shipped one takes its place."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.indicators import PolicyProfile, parse_profile
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage.models import PolicyProfileDoc, Station

log = logging.getLogger(__name__)

MAX_ID = 40  # PolicyProfileDoc.profile_id


def county_profiles(session: Session) -> dict[str, PolicyProfile]:
    """The active county profiles by id. One that no longer reads (written by a newer version, say) is left
    out and logged rather than stopping every list of profiles."""
    found: dict[str, PolicyProfile] = {}
    for row in session.scalars(select(PolicyProfileDoc).where(
            PolicyProfileDoc.deleted_at.is_(None), PolicyProfileDoc.active.is_(True))
            .order_by(PolicyProfileDoc.profile_id, PolicyProfileDoc.id)):
        try:
            found[row.profile_id] = replace(_parsed(row.body), from_county=True)
        except ValidationError as exc:
            log.warning("county policy profile %s does not read: %s %s", row.profile_id, exc.field, exc.message)
    return found


def add_profile(session: Session, text: str) -> PolicyProfile:
    """Store the profile in ``text`` (its JSON) for the stations, replacing the body of the one with the same id.
    Only a county office keeps them, whoever there keeps the registers: a station's would be labelled as the
    county's and, travelling up, overwrite it (the county's merge leaves such rows out: sync.origin_rules)."""
    here = session.get(Station, session.info["node_id"])
    if here is None or here.kind != "county":
        raise ValidationError("profile", _("Only the county office stores county policy profiles; they reach "
                                           "this station in the county's bundle."))
    require(session, Action.EDIT_REGISTERS)
    policy = _parsed(text)
    if len(policy.id) > MAX_ID:
        raise ValidationError("id", _("A policy profile's id has at most {n} characters.").format(n=MAX_ID))
    row = session.scalar(select(PolicyProfileDoc).where(
        PolicyProfileDoc.profile_id == policy.id, PolicyProfileDoc.deleted_at.is_(None)))
    if row is None:
        row = PolicyProfileDoc(profile_id=policy.id)
        session.add(row)
    row.body, row.active = text, True
    session.flush()
    return replace(policy, from_county=True)


def _parsed(text: str) -> PolicyProfile:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError("profile", _("This is not a policy profile in JSON: {reason}").format(
            reason=exc)) from exc
    if not isinstance(data, dict):
        raise ValidationError("profile", _("A policy profile is a JSON object."))
    return parse_profile(data)
