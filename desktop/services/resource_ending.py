"""Ending a resource that still has matches under way (资源清单, issue 9): an ended resource serves no one, so
its matches are closed with it — as did not work, with the reason given — instead of staying 对接中 behind it.
Without a reason, ending it is refused (services.resources) and the person is told which matches are open."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.i18n import _
from desktop.services import matching, resources
from desktop.services.forms import required_text
from desktop.services.guard import require
from desktop.services.resources import ResourceInput


def end_resource(session: Session, resource_id: str, reason: str, data: ResourceInput | None = None) -> int:
    """End the resource, closing each of its matches under way as did not work with ``reason`` (its need waits
    for a match again unless another one of it is under way, as matching.close_match does) — with the other
    changes of ``data`` when they come from its form. Returns how many matches were closed."""
    require(session, Action.EDIT_NEEDS)
    outcome = _("Resource ended: {reason}").format(reason=required_text(reason, "reason", 400))
    under = resources.open_matches(session, resource_id)
    for match_id, _title in under:
        matching.close_match(session, match_id, "failed", outcome)
    if data is None:
        resources.set_status(session, resource_id, "ended")
    else:
        resources.update_resource(session, resource_id, replace(data, status="ended"))
    return len(under)
